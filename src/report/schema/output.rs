//! Schema-only mirrors of the JSON peel writes (SPEC §8): `peel.grades/1`,
//! `peel.diff/1`, `peel.compare/1` and `peel.check/1`. The serializing types in
//! `report::json` borrow and order their data for writing; these describe the result,
//! and the tests validate peel's real output against them so that the two cannot
//! drift apart unnoticed. Every key is always present, so every key is required; a
//! value that does not exist is `null`.

// Schema-only: the types are described, never built.
#![allow(dead_code)]

use std::collections::BTreeMap;

use schemars::{JsonSchema, json_schema};

use super::hand_written;
use crate::engine::diff::Movement;
use crate::model::grade::Grade;
use crate::model::sheet::{CeilingRule, Source, Status};

hand_written!(
    /// A grade, as peel writes it: the canonical snake_case word.
    GradeWord,
    false,
    json_schema!({
        "description": "A grade, worst first: inadequate, requires_improvement, adequate, good, outstanding.",
        "enum": Grade::ALL.map(Grade::as_str),
    })
);

hand_written!(
    /// How an area moved between two sheets.
    MovementWord,
    false,
    json_schema!({
        "description": "How an area moved between the old sheet and the new.",
        "enum": Movement::ALL.map(Movement::as_str),
    })
);

hand_written!(
    /// Where a sheet came from.
    SourceWord,
    true,
    json_schema!({"enum": ([Source::Evidence, Source::Published].map(Source::as_str))})
);

hand_written!(
    /// Whether an area had the evidence for a computed grade; null for published sheets.
    StatusWord,
    true,
    json_schema!({
        "enum": [
            Some(Status::Graded.as_str()),
            Some(Status::InsufficientEvidence.as_str()),
            None::<&str>,
        ],
    })
);

hand_written!(
    /// The rule behind a ceiling.
    RuleWord,
    true,
    json_schema!({
        "enum": ([
            CeilingRule::CauseOfConcern,
            CeilingRule::CriticalNotDemonstrated,
            CeilingRule::MaxAreasForImprovement,
        ]
        .map(CeilingRule::as_str)),
    })
);

hand_written!(
    /// A judgement, as peel writes it: the canonical snake_case word.
    JudgementOut,
    false,
    json_schema!({
        "description": "The judgement of a criterion; not_assessed where the evidence gives none.",
        "enum": ["exceeded", "demonstrated", "partly", "not_demonstrated", "not_assessed"],
    })
);

hand_written!(
    /// A percentage, rounded to one decimal.
    Percent,
    true,
    json_schema!({"type": "number", "minimum": 0, "maximum": 100})
);

/// `peel grade --format json`: one sheet per force and cycle, ordered by force id, then
/// cycle. peel reads it back as sheets.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.grades/1")]
pub struct Grades {
    /// The schema's name and version.
    #[schemars(extend("const" = crate::report::GRADES_SCHEMA))]
    schema: String,
    /// The sheets.
    sheets: Vec<SheetJson>,
}

/// One force's grades for one cycle.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SheetJson {
    /// The force's name.
    force: String,
    /// The force's id.
    force_id: String,
    /// The inspection cycle's label.
    cycle: String,
    /// The rubric's id.
    rubric: String,
    /// `evidence` (graded by peel) or `published`.
    source: SourceWord,
    /// Where published grades were published.
    url: Option<String>,
    /// How many areas got each grade.
    summary: Summary,
    /// The areas, in the table's order: by final grade, inadequate first.
    areas: Vec<AreaJson>,
}

/// Counts per grade, and of areas not graded.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Summary {
    /// Areas graded inadequate.
    inadequate: u64,
    /// Areas graded requires improvement.
    requires_improvement: u64,
    /// Areas graded adequate.
    adequate: u64,
    /// Areas graded good.
    good: u64,
    /// Areas graded outstanding.
    outstanding: u64,
    /// Areas with no grade.
    ungraded: u64,
}

/// One area's grade and the reasons for it; published sheets have only the grade.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AreaJson {
    /// The area's id.
    id: String,
    /// The area's title.
    title: String,
    /// The final grade: moderated, else computed.
    grade: Option<GradeWord>,
    /// Whether the evidence sufficed for a computed grade.
    status: StatusWord,
    /// The grade from the score and the ceilings.
    computed_grade: Option<GradeWord>,
    /// The grade from the score alone.
    band_grade: Option<GradeWord>,
    /// The score as a percentage of the maximum.
    score_percent: Option<Percent>,
    /// The judged share of the area's criteria, by weight.
    coverage_percent: Option<Percent>,
    /// Causes of concern found in the area.
    causes_of_concern: Option<u64>,
    /// Areas for improvement found in the area.
    areas_for_improvement: Option<u64>,
    /// Every ceiling rule that triggered, whether or not it lowered the grade.
    ceilings: Vec<Ceiling>,
    /// The moderation that replaced the computed grade.
    moderation: Option<ModerationJson>,
    /// With `--explain`, every criterion of the area; `[]` without it and for
    /// published sheets.
    judgements: Vec<JudgementJson>,
}

/// One criterion's judgement and where it was written.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JudgementJson {
    /// The criterion's id.
    criterion: String,
    /// The judgement.
    judgement: JudgementOut,
    /// Weight × points: what the judgement adds to the score; null when not assessed.
    points: Option<u64>,
    /// The inspector's note.
    note: Option<String>,
    /// Where the evidence came from, such as a report section.
    source: Option<String>,
    /// The evidence file.
    file: Option<String>,
    /// The line in it, from 1.
    line: Option<u64>,
}

/// A ceiling on an area's grade.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Ceiling {
    /// The rule.
    rule: RuleWord,
    /// The highest grade the rule allows.
    grade: GradeWord,
    /// The finding's text, the criterion's id, or the count of areas for improvement.
    because: String,
    /// Whether the ceiling set the grade, below the score's band.
    binds: bool,
}

/// A moderated grade.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ModerationJson {
    /// The moderated grade.
    grade: GradeWord,
    /// Why.
    reason: String,
    /// The evidence file that moderated it.
    file: String,
}

/// `peel diff --format json`: one entry per force paired.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.diff/1")]
pub struct Diff {
    /// The schema's name and version.
    #[schemars(extend("const" = "peel.diff/1"))]
    schema: String,
    /// Each force's movements.
    diffs: Vec<ForceDiff>,
    /// Forces found on one side only: reported, not diffed.
    unpaired: Unpaired,
    /// Movements per area across every force diffed.
    totals: BTreeMap<String, AreaTotals>,
}

/// Counts of each movement of one area across forces, and the net steps.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AreaTotals {
    /// Forces that improved.
    improved: u64,
    /// Forces that declined.
    declined: u64,
    /// Forces unchanged.
    unchanged: u64,
    /// Forces where the area is new.
    new: u64,
    /// Forces where the area retired.
    retired: u64,
    /// Forces where areas merged into it.
    merged: u64,
    /// Forces with no grade to compare.
    ungraded: u64,
    /// The steps moved, added up.
    net_steps: i64,
}

/// One force's diff.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ForceDiff {
    /// The force's name.
    force: String,
    /// The force's id.
    force_id: String,
    /// The older sheet.
    old: Side,
    /// The newer sheet.
    new: Side,
    /// How many areas moved each way.
    summary: Movements,
    /// One row per area, ordered by new grade; retired areas last.
    rows: Vec<DiffRow>,
}

/// One side of a diff.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Side {
    /// The cycle's label.
    cycle: String,
    /// The rubric's id.
    rubric: String,
}

/// Counts of each movement.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Movements {
    /// Areas whose grade rose.
    improved: u64,
    /// Areas whose grade fell.
    declined: u64,
    /// Areas whose grade held.
    unchanged: u64,
    /// Areas with no predecessor.
    new: u64,
    /// Old areas with no successor.
    retired: u64,
    /// Areas continuing several old ones.
    merged: u64,
    /// Areas without a grade on one side.
    ungraded: u64,
}

/// How one area moved.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DiffRow {
    /// The new area's id (for a retired row, the old area's).
    area: String,
    /// Its title.
    title: String,
    /// The old areas it continues.
    old_areas: Vec<String>,
    /// Their grades, in the same order.
    old_grades: Vec<Option<GradeWord>>,
    /// The new grade; null for a retired area or one not graded.
    new_grade: Option<GradeWord>,
    /// How it moved.
    movement: MovementWord,
    /// New rank minus old rank, where one old grade and a new grade exist.
    steps: Option<i64>,
}

/// Forces found on one side only.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Unpaired {
    /// Forces only in OLD.
    old: Vec<Force>,
    /// Forces only in NEW.
    new: Vec<Force>,
}

/// A force named.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Force {
    /// The force's name.
    force: String,
    /// The force's id.
    force_id: String,
}

/// `peel compare --format json`: a force × area matrix. peel reads its rows back as
/// sheets.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.compare/1")]
pub struct Compare {
    /// The schema's name and version.
    #[schemars(extend("const" = "peel.compare/1"))]
    schema: String,
    /// The rubric whose areas are the columns: the newest among the inputs.
    rubric: String,
    /// The columns' area ids, in the rubric's order.
    areas: Vec<String>,
    /// One row per sheet shown.
    rows: Vec<CompareRow>,
    /// Counts of each grade per area, over the rows of the newest cycle shown.
    totals: BTreeMap<String, Summary>,
    /// The same, for each cycle shown: two cycles of a force are never added together.
    totals_by_cycle: BTreeMap<String, BTreeMap<String, Summary>>,
    /// Graded areas of older sheets that have no column.
    not_shown: Vec<NotShown>,
}

/// An older rubric's area that no column shows.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct NotShown {
    /// The area's id.
    area: String,
    /// Its rubric.
    rubric: String,
    /// How many sheets grade it.
    sheets: u64,
    /// Whether no newer area continues it (else it was merged with another).
    retired: bool,
}

/// One sheet in the matrix.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CompareRow {
    /// The force's name.
    force: String,
    /// The force's id.
    force_id: String,
    /// The cycle's label.
    cycle: String,
    /// The sheet's own rubric.
    rubric: String,
    /// Each column's grade; null where none maps onto it.
    grades: BTreeMap<String, Option<GradeWord>>,
    /// How many of the row's cells hold each grade.
    counts: Summary,
}

/// `peel check --format json`: every problem and warning of every file checked.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.check/1")]
pub struct Check {
    /// The schema's name and version.
    #[schemars(extend("const" = "peel.check/1"))]
    schema: String,
    /// How many files were checked.
    files: u64,
    /// Problems: any makes `peel check` exit 1.
    problems: Vec<Problem>,
    /// Warnings: likely not what was meant, but not wrong.
    warnings: Vec<Problem>,
}

/// A located problem or warning.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Problem {
    /// The file, as given.
    path: String,
    /// The line, from 1, where known.
    line: Option<u64>,
    /// The column, from 1, where known.
    column: Option<u64>,
    /// The path to the value, such as `judgements[3].criterion`, where no line is known.
    field: Option<String>,
    /// What is wrong.
    message: String,
}
