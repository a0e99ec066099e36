//! Schema-only types of the YAML files peel reads: a rubric (SPEC §3), evidence (§4)
//! and a published grade sheet (§6). Nothing builds them: they exist to be described,
//! and their doc comments become the descriptions an editor shows. Each mirrors its
//! loader (`rubric::parse_rubric`, `evidence::parse_evidence`,
//! `published::parse_yaml_sheet`); the tests hold them to it both ways.
//!
//! What a schema cannot say is left to `peel check`: that ids exist in the rubric,
//! uniqueness, strictly decreasing points and bands, a rubric known by id.

// Schema-only: the types are described, never built.
#![allow(dead_code)]

use schemars::{JsonSchema, json_schema};

use super::{Optional, hand_written, or_null, word_schema};
use crate::model::evidence::Judgement;
use crate::model::grade::Grade;
use crate::model::rubric::Scoring as RealScoring;

hand_written!(
    /// Text a person writes; a number or true/false is read as written.
    Text,
    true,
    json_schema!({"type": ["string", "number", "boolean"]})
);

hand_written!(
    /// Text with something in it besides spaces.
    NonBlank,
    true,
    json_schema!({"type": ["string", "number", "boolean"], "pattern": r"\S"})
);

hand_written!(
    /// An id: lowercase letters, digits and '-'.
    Id,
    true,
    json_schema!({
        "type": ["string", "number", "boolean"],
        "pattern": "^[a-z0-9-]+$",
    })
);

hand_written!(
    /// A criterion id: no spaces, unique across the rubric.
    CriterionId,
    true,
    json_schema!({"type": ["string", "number", "boolean"], "pattern": r"^\S+$"})
);

hand_written!(
    /// A judgement of a criterion.
    JudgementWord,
    false,
    word_schema(
        "A judgement: exceeded, demonstrated, partly, not_demonstrated or not_assessed \
         (the same as no judgement); any case, spaces or hyphens for underscores.",
        &[
            Judgement::Exceeded,
            Judgement::Demonstrated,
            Judgement::Partly,
            Judgement::NotDemonstrated,
            Judgement::NotAssessed,
        ]
        .map(Judgement::as_str),
        &[],
    )
);

hand_written!(
    /// A kind of finding.
    FindingKind,
    false,
    word_schema(
        "A kind of finding: cause_of_concern, area_for_improvement, innovative_practice \
         or promising_practice; any case, spaces or hyphens for underscores.",
        &[
            "cause_of_concern",
            "area_for_improvement",
            "innovative_practice",
            "promising_practice",
        ],
        &[],
    )
);

hand_written!(
    /// A grade.
    GradeWord,
    false,
    word_schema(
        "A grade: inadequate, requires_improvement, adequate, good or outstanding; any \
         case, spaces or hyphens for underscores, and \"RI\" for requires improvement.",
        &Grade::ALL.map(Grade::as_str),
        &["ri"],
    )
);

hand_written!(
    /// A grade as published, or a word for an area not graded.
    PublishedGrade,
    false,
    {
        let grade = word_schema("", &Grade::ALL.map(Grade::as_str), &["ri"]);
        json_schema!({
            "description": "A grade as published (\"Requires improvement\", \"RI\" and any \
                case work), or nothing, \"-\", \"n/a\", \"not graded\", \"ungraded\" or \
                \"not inspected\" for an area not graded.",
            "anyOf": [
                grade.get("anyOf").and_then(|a| a.get(0)).cloned().unwrap_or_default(),
                grade.get("anyOf").and_then(|a| a.get(1)).cloned().unwrap_or_default(),
                {"type": "null"},
                {
                    "type": "string",
                    "pattern": concat!(
                        r"^\s*(?:|-|—|[nN]/[aA]|[nN][aA]|[nN][oO][tT] [gG][rR][aA][dD][eE][dD]|",
                        r"[uU][nN][gG][rR][aA][dD][eE][dD]|",
                        r"[nN][oO][tT] [iI][nN][sS][pP][eE][cC][tT][eE][dD])\s*$"
                    ),
                },
            ],
        })
    }
);

/// The built-in rubrics' ids, offered as examples.
fn built_in_ids() -> Vec<&'static str> {
    crate::model::rubric::built_in_rubric_ids().collect()
}

/// The scoring a rubric without `scoring:` gets, from the rubric model's own default.
fn default_scoring() -> serde_json::Value {
    let RealScoring {
        points,
        bands,
        coverage,
        limits,
    } = RealScoring::default();
    let ceilings: serde_json::Map<String, serde_json::Value> = limits
        .max_areas_for_improvement
        .iter()
        .map(|(grade, max)| (grade.as_str().to_string(), (*max).into()))
        .collect();
    serde_json::json!({
        "points": {
            "exceeded": points.exceeded,
            "demonstrated": points.demonstrated,
            "partly": points.partly,
            "not_demonstrated": points.not_demonstrated,
        },
        "bands": {
            "outstanding": bands.outstanding,
            "good": bands.good,
            "adequate": bands.adequate,
            "requires_improvement": bands.requires_improvement,
        },
        "coverage": coverage,
        "limits": {
            "cause_of_concern": limits.cause_of_concern.as_str(),
            "critical_not_demonstrated": limits.critical_not_demonstrated.as_str(),
            "max_areas_for_improvement": ceilings,
        },
    })
}

/// A peel rubric: the graded areas of an inspection framework, each with its
/// criteria, and how judgements become grades. Check it with `peel check FILE`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel rubric")]
pub struct Rubric {
    /// The rubric's id, unique among the rubrics peel knows, such as peel-2023-25.
    rubric: Id,
    /// The rubric's title, such as "PEEL 2023–25".
    title: Text,
    /// The id of the previous cycle's rubric, whose areas `formerly` names.
    #[schemars(default)]
    replaces: Optional<Text>,
    /// The cycle labels the rubric serves, such as "2023-25".
    #[schemars(default, transform = or_null, extend("default" = []))]
    cycles: Vec<Text>,
    /// How judgements become grades; left out, the defaults shown.
    #[schemars(default, extend("default" = default_scoring()))]
    scoring: Optional<Scoring>,
    /// The graded areas, in the order reports list them.
    #[schemars(length(min = 1))]
    areas: Vec<Area>,
}

/// How judgements become grades: `points`, `bands`, `coverage` and `limits` are each
/// required once `scoring` is written.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Scoring {
    /// Points per judgement, strictly decreasing from exceeded to not_demonstrated.
    points: Points,
    /// The least percentage of the maximum score for each grade, strictly decreasing;
    /// below requires_improvement, inadequate.
    bands: Bands,
    /// The least percentage (by weight) of an area's criteria judged for it to be graded.
    #[schemars(range(max = 100))]
    coverage: u64,
    /// Ceilings on an area's grade.
    limits: Limits,
}

/// Points per judgement: whole numbers up to 1000, strictly decreasing.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Points {
    /// Points for a criterion exceeded.
    #[schemars(range(max = 1000))]
    exceeded: u64,
    /// Points for a criterion demonstrated.
    #[schemars(range(max = 1000))]
    demonstrated: u64,
    /// Points for a criterion partly demonstrated.
    #[schemars(range(max = 1000))]
    partly: u64,
    /// Points for a criterion not demonstrated.
    #[schemars(range(max = 1000))]
    not_demonstrated: u64,
}

/// Least percentages of the maximum score, 0–100, strictly decreasing.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Bands {
    /// Least percentage for outstanding.
    #[schemars(range(max = 100))]
    outstanding: u64,
    /// Least percentage for good.
    #[schemars(range(max = 100))]
    good: u64,
    /// Least percentage for adequate.
    #[schemars(range(max = 100))]
    adequate: u64,
    /// Least percentage for requires improvement.
    #[schemars(range(max = 100))]
    requires_improvement: u64,
}

/// Ceilings on an area's grade.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Limits {
    /// The highest grade of an area with a cause of concern.
    cause_of_concern: GradeWord,
    /// The highest grade of an area with a critical criterion not demonstrated.
    critical_not_demonstrated: GradeWord,
    /// The most areas for improvement each grade allows; more rule the grade out.
    /// Left out: no such ceiling.
    #[schemars(default, extend("default" = {}))]
    max_areas_for_improvement: Optional<AreasForImprovement>,
}

/// The most areas for improvement each listed grade allows, not decreasing from
/// outstanding down to requires_improvement.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AreasForImprovement {
    /// Most areas for improvement an outstanding area may have.
    #[schemars(default)]
    outstanding: Optional<u64>,
    /// Most areas for improvement a good area may have.
    #[schemars(default)]
    good: Optional<u64>,
    /// Most areas for improvement an adequate area may have.
    #[schemars(default)]
    adequate: Optional<u64>,
    /// Most areas for improvement a requires-improvement area may have.
    #[schemars(default)]
    requires_improvement: Optional<u64>,
}

/// A graded area and its criteria.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Area {
    /// The area's id, unique in the rubric.
    id: Id,
    /// The area's title.
    title: Text,
    /// Ids of the area(s) in the replaced rubric that this one continues.
    #[schemars(default, transform = or_null, extend("default" = []))]
    formerly: Vec<Id>,
    /// Other ids by which published sheets name this area.
    #[schemars(default, transform = or_null, extend("default" = []))]
    aliases: Vec<Id>,
    /// Graded only where inspected: with no evidence, left out of the sheet.
    #[schemars(default, extend("default" = false))]
    optional: Optional<bool>,
    /// The area's characteristics of good performance.
    #[schemars(length(min = 1))]
    criteria: Vec<Criterion>,
}

/// One characteristic of good performance.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Criterion {
    /// The criterion's id, unique across the whole rubric, such as IC1.
    id: CriterionId,
    /// What the criterion asks.
    text: Text,
    /// The criterion's weight in its area's score.
    #[schemars(default, range(min = 1, max = 1000), extend("default" = 1))]
    weight: Optional<u64>,
    /// Whether not demonstrating it caps the area's grade.
    #[schemars(default, extend("default" = false))]
    critical: Optional<bool>,
}

/// Evidence for one force and cycle: judgements of the rubric's criteria, findings and
/// moderated grades. Files of one force, cycle and rubric merge. Check it with
/// `peel check FILE`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel evidence")]
pub struct Evidence {
    /// The force's name.
    force: Text,
    /// The force's id; by default the name with ASCII letters lowercased, digits kept
    /// and each run of other characters as one '-'.
    #[schemars(default)]
    force_id: Optional<Id>,
    /// The inspection cycle's label, such as "2023-25"; cycles sort by their text.
    cycle: NonBlank,
    /// The id of the rubric the evidence is judged against.
    #[schemars(extend("examples" = built_in_ids()))]
    rubric: Text,
    /// Judgements of criteria; a criterion left out is not assessed.
    #[schemars(default, transform = or_null, extend("default" = []))]
    judgements: Vec<JudgementEntry>,
    /// What the inspection found, area by area.
    #[schemars(default, transform = or_null, extend("default" = []))]
    findings: Vec<Finding>,
    /// Moderated grades, each replacing an area's computed grade.
    #[schemars(default, transform = or_null, extend("default" = []))]
    moderation: Vec<Moderation>,
}

/// A judgement of one criterion.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JudgementEntry {
    /// The criterion's id in the rubric, such as IC1.
    criterion: Text,
    /// How the force did against the criterion.
    judgement: JudgementWord,
    /// Why: shown by `peel grade --explain`.
    #[schemars(default)]
    note: Optional<Text>,
    /// Where the evidence came from, such as a report section.
    #[schemars(default)]
    source: Optional<Text>,
}

/// A finding in one area.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Finding {
    /// What kind of finding.
    kind: FindingKind,
    /// The area's id in the rubric.
    area: Text,
    /// What the inspection found.
    text: Text,
}

/// A moderated grade, replacing the computed one.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Moderation {
    /// The area's id in the rubric.
    area: Text,
    /// The moderated grade.
    grade: GradeWord,
    /// Why the grade differs from the computed one.
    reason: NonBlank,
}

/// A published grade sheet: one force's grades for one cycle. (CSV and peel's own
/// JSON are read too; `peel schema grades` describes the JSON.)
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel published grade sheet")]
pub struct Sheet {
    /// The force's name.
    force: Text,
    /// The force's id; by default the name slugged, as in evidence.
    #[schemars(default)]
    force_id: Optional<Id>,
    /// The inspection cycle's label, such as "2021/22".
    cycle: Text,
    /// The id of the rubric graded against; left out, the rubric that serves the cycle.
    #[schemars(default, extend("examples" = built_in_ids()))]
    rubric: Optional<Text>,
    /// Where the grades were published.
    #[schemars(default)]
    url: Optional<Text>,
    /// Each area's grade, by the area's id, alias or title; areas left out are not
    /// graded. Written empty: a sheet with no grades yet.
    #[schemars(transform = or_null)]
    grades: std::collections::BTreeMap<String, PublishedGrade>,
}
