//! The JSON peel writes (SPEC §8), defined once: `peel.grades/1`, `peel.diff/1`,
//! `peel.compare/1` and `peel.check/1`. Reporters fill these types from the engine's
//! results and serialise them; `peel schema` derives the output schemas from them;
//! the reader of peel's own JSON deserialises `peel.grades/1` and `peel.compare/1`
//! through them. Every key is always written, so the schemas require every key; a
//! value that does not exist is `null`. Reading back needs only the grades: the keys
//! that only explain a grade may be left out of a file peel reads.

use std::borrow::Cow;

use schemars::{JsonSchema, json_schema};
use serde::{Deserialize, Serialize};

use crate::engine::diff::Movement;
use crate::model::grade::Grade;
use crate::model::sheet::{CeilingRule, Source, Status};

pub mod national;
mod ordered;
pub use ordered::OrderedMap;

/// A schema-only type whose schema is written by hand: `$name` its name in `$defs`
/// (or inline when `$inline`), `$schema` its schema.
macro_rules! hand_written {
    ($(#[$doc:meta])* $type:ident, $inline:expr, $schema:expr) => {
        $(#[$doc])*
        #[derive(Default)]
        pub struct $type;

        impl schemars::JsonSchema for $type {
            fn inline_schema() -> bool {
                $inline
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($type).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $schema
            }
        }
    };
}
pub(crate) use hand_written;

/// The schema id of `grade --format json`.
pub const GRADES_SCHEMA: &str = "peel.grades/1";
/// The schema id of `diff --format json`.
pub const DIFF_SCHEMA: &str = "peel.diff/1";
/// The schema id of `compare --format json`.
pub const COMPARE_SCHEMA: &str = "peel.compare/1";
/// The schema id of `check --format json`.
pub const CHECK_SCHEMA: &str = "peel.check/1";

/// Text written from borrowed data and read back owned.
pub type Text<'a> = Cow<'a, str>;

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
#[derive(Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.grades/1")]
pub struct Grades<'a> {
    /// The schema's name and version.
    #[schemars(extend("const" = GRADES_SCHEMA))]
    #[serde(borrow)]
    pub schema: Text<'a>,
    /// The sheets.
    #[serde(default, borrow)]
    pub sheets: Vec<SheetJson<'a>>,
}

/// One force's grades for one cycle.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct SheetJson<'a> {
    /// The force's name.
    #[serde(borrow)]
    pub force: Text<'a>,
    /// The force's id.
    #[serde(borrow)]
    pub force_id: Text<'a>,
    /// The inspection cycle's label.
    #[serde(borrow)]
    pub cycle: Text<'a>,
    /// The rubric's id.
    #[serde(borrow)]
    pub rubric: Text<'a>,
    /// `evidence` (graded by peel) or `published`.
    #[schemars(with = "SourceWord")]
    #[serde(default, borrow)]
    pub source: Text<'a>,
    /// Where published grades were published.
    #[serde(default, borrow)]
    pub url: Option<Text<'a>>,
    /// How many areas got each grade.
    #[serde(default)]
    pub summary: Summary,
    /// The areas, in the table's order: by final grade, inadequate first.
    #[serde(borrow)]
    pub areas: Vec<AreaJson<'a>>,
}

/// Counts per grade, and of areas not graded.
#[derive(Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct Summary {
    /// Areas graded inadequate.
    pub inadequate: u64,
    /// Areas graded requires improvement.
    pub requires_improvement: u64,
    /// Areas graded adequate.
    pub adequate: u64,
    /// Areas graded good.
    pub good: u64,
    /// Areas graded outstanding.
    pub outstanding: u64,
    /// Areas with no grade.
    pub ungraded: u64,
}

/// One area's grade and the reasons for it; published sheets have only the grade.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct AreaJson<'a> {
    /// The area's id.
    #[serde(borrow)]
    pub id: Text<'a>,
    /// The area's title.
    #[serde(default, borrow)]
    pub title: Text<'a>,
    /// The final grade: moderated, else computed.
    #[schemars(with = "Option<GradeWord>")]
    pub grade: Option<Grade>,
    /// Whether the evidence sufficed for a computed grade.
    #[schemars(with = "StatusWord")]
    #[serde(default, borrow)]
    pub status: Option<Text<'a>>,
    /// The grade from the score and the ceilings.
    #[schemars(with = "Option<GradeWord>")]
    #[serde(default)]
    pub computed_grade: Option<Grade>,
    /// The grade from the score alone.
    #[schemars(with = "Option<GradeWord>")]
    #[serde(default)]
    pub band_grade: Option<Grade>,
    /// The score as a percentage of the maximum.
    #[schemars(with = "Option<Percent>")]
    #[serde(default)]
    pub score_percent: Option<f64>,
    /// The judged share of the area's criteria, by weight.
    #[schemars(with = "Option<Percent>")]
    #[serde(default)]
    pub coverage_percent: Option<f64>,
    /// Causes of concern found in the area.
    #[serde(default)]
    pub causes_of_concern: Option<u64>,
    /// Areas for improvement found in the area.
    #[serde(default)]
    pub areas_for_improvement: Option<u64>,
    /// Every ceiling rule that triggered, whether or not it lowered the grade.
    #[serde(default, borrow)]
    pub ceilings: Vec<Ceiling<'a>>,
    /// The moderation that replaced the computed grade.
    #[serde(default, borrow)]
    pub moderation: Option<ModerationJson<'a>>,
    /// With `--explain`, every criterion of the area; `[]` without it and for
    /// published sheets.
    #[serde(default, borrow)]
    pub judgements: Vec<JudgementJson<'a>>,
}

/// One criterion's judgement and where it was written.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct JudgementJson<'a> {
    /// The criterion's id.
    #[serde(borrow)]
    pub criterion: Text<'a>,
    /// The judgement.
    #[schemars(with = "JudgementOut")]
    #[serde(borrow)]
    pub judgement: Text<'a>,
    /// Weight × points: what the judgement adds to the score; null when not assessed.
    pub points: Option<u64>,
    /// The inspector's note.
    #[serde(borrow)]
    pub note: Option<Text<'a>>,
    /// Where the evidence came from, such as a report section.
    #[serde(borrow)]
    pub source: Option<Text<'a>>,
    /// The evidence file.
    #[serde(borrow)]
    pub file: Option<Text<'a>>,
    /// The line in it, from 1.
    pub line: Option<u64>,
}

/// A ceiling on an area's grade.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct Ceiling<'a> {
    /// The rule.
    #[schemars(with = "RuleWord")]
    #[serde(borrow)]
    pub rule: Text<'a>,
    /// The highest grade the rule allows.
    #[schemars(with = "GradeWord")]
    pub grade: Grade,
    /// The finding's text, the criterion's id, or the count of areas for improvement.
    #[serde(borrow)]
    pub because: Text<'a>,
    /// Whether the ceiling set the grade, below the score's band.
    pub binds: bool,
}

/// A moderated grade.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct ModerationJson<'a> {
    /// The moderated grade.
    #[schemars(with = "GradeWord")]
    pub grade: Grade,
    /// Why.
    #[serde(borrow)]
    pub reason: Text<'a>,
    /// The evidence file that moderated it.
    #[serde(borrow)]
    pub file: Text<'a>,
}

/// `peel diff --format json`: one entry per force paired.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.diff/1")]
pub struct Diff<'a> {
    /// The schema's name and version.
    #[schemars(extend("const" = DIFF_SCHEMA))]
    pub schema: Text<'a>,
    /// Each force's movements.
    pub diffs: Vec<ForceDiff<'a>>,
    /// Forces found on one side only: reported, not diffed.
    pub unpaired: Unpaired<'a>,
    /// Movements per area across every force diffed.
    pub totals: OrderedMap<'a, AreaTotals>,
    /// How many force-areas were compared, and how many left out and why.
    pub compared: Compared,
}

/// How many force-areas a diff compared, and how many it left out.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Compared {
    /// Graded on both sides: improved, declined or unchanged.
    pub both: u64,
    /// Graded on one side only: left out for want of the other grade.
    pub one_side: u64,
    /// New, retired or merged areas: no single counterpart to compare with.
    pub no_counterpart: u64,
    /// Forces with a sheet on one side only, not diffed.
    pub unpaired_forces: u64,
}

/// Counts of each movement of one area across forces, and the net steps.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AreaTotals {
    /// Forces that improved.
    pub improved: u64,
    /// Forces that declined.
    pub declined: u64,
    /// Forces unchanged.
    pub unchanged: u64,
    /// Forces where the area is new.
    pub new: u64,
    /// Forces where the area retired.
    pub retired: u64,
    /// Forces where areas merged into it.
    pub merged: u64,
    /// Forces with no grade to compare.
    pub ungraded: u64,
    /// The steps moved, added up.
    pub net_steps: i64,
}

/// One force's diff.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ForceDiff<'a> {
    /// The force's name.
    pub force: Text<'a>,
    /// The force's id.
    pub force_id: Text<'a>,
    /// The older sheet.
    pub old: Side<'a>,
    /// The newer sheet.
    pub new: Side<'a>,
    /// How many areas moved each way.
    pub summary: Movements,
    /// The grade steps moved over the areas graded on both sides: up is positive.
    pub net_steps: i64,
    /// One row per area, ordered by new grade; retired areas last.
    pub rows: Vec<DiffRow<'a>>,
}

/// One side of a diff.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Side<'a> {
    /// The cycle's label.
    pub cycle: Text<'a>,
    /// The rubric's id.
    pub rubric: Text<'a>,
}

/// Counts of each movement.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Movements {
    /// Areas whose grade rose.
    pub improved: u64,
    /// Areas whose grade fell.
    pub declined: u64,
    /// Areas whose grade held.
    pub unchanged: u64,
    /// Areas with no predecessor.
    pub new: u64,
    /// Old areas with no successor.
    pub retired: u64,
    /// Areas continuing several old ones.
    pub merged: u64,
    /// Areas without a grade on one side.
    pub ungraded: u64,
}

/// How one area moved.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DiffRow<'a> {
    /// The new area's id (for a retired row, the old area's).
    pub area: Text<'a>,
    /// Its title.
    pub title: Text<'a>,
    /// The old areas it continues.
    pub old_areas: &'a [String],
    /// Their grades, in the same order.
    #[schemars(with = "Vec<Option<GradeWord>>")]
    pub old_grades: &'a [Option<Grade>],
    /// The new grade; null for a retired area or one not graded.
    #[schemars(with = "Option<GradeWord>")]
    pub new_grade: Option<Grade>,
    /// How it moved.
    #[schemars(with = "MovementWord")]
    pub movement: Text<'a>,
    /// New rank minus old rank, where one old grade and a new grade exist.
    pub steps: Option<i64>,
}

/// Forces found on one side only.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Unpaired<'a> {
    /// Forces only in OLD.
    pub old: Vec<Force<'a>>,
    /// Forces only in NEW.
    pub new: Vec<Force<'a>>,
}

/// A force named.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Force<'a> {
    /// The force's name.
    pub force: Text<'a>,
    /// The force's id.
    pub force_id: Text<'a>,
}

/// `peel compare --format json`: a force × area matrix. peel reads its rows back as
/// sheets.
#[derive(Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.compare/1")]
pub struct Compare<'a> {
    /// The schema's name and version.
    #[schemars(extend("const" = COMPARE_SCHEMA))]
    #[serde(borrow)]
    pub schema: Text<'a>,
    /// The rubric whose areas are the columns: the newest among the inputs.
    #[serde(default, borrow)]
    pub rubric: Text<'a>,
    /// The columns' area ids, in the rubric's order.
    #[serde(default, borrow)]
    pub areas: Vec<Text<'a>>,
    /// One row per sheet shown.
    #[serde(default, borrow)]
    pub rows: Vec<CompareRow<'a>>,
    /// Counts of each grade per area, over the rows of the newest cycle shown.
    #[serde(default, borrow)]
    pub totals: OrderedMap<'a, Summary>,
    /// The same, for each cycle shown: two cycles of a force are never added together.
    #[serde(default, borrow)]
    pub totals_by_cycle: OrderedMap<'a, OrderedMap<'a, Summary>>,
    /// Graded areas of older sheets that have no column.
    #[serde(default, borrow)]
    pub not_shown: Vec<NotShown<'a>>,
    /// How many of the matrix's force-areas have a grade, and how many have none.
    #[serde(default)]
    pub cells: Cells,
}

/// How many of a matrix's force-areas have a grade.
#[derive(Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct Cells {
    /// Rows times columns.
    pub total: u64,
    /// Those with a grade.
    pub graded: u64,
    /// Those without one: not found, or not graded.
    pub ungraded: u64,
}

/// An older rubric's area that no column shows.
#[derive(Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct NotShown<'a> {
    /// The area's id.
    #[serde(borrow)]
    pub area: Text<'a>,
    /// Its rubric.
    #[serde(borrow)]
    pub rubric: Text<'a>,
    /// How many sheets grade it.
    pub sheets: u64,
    /// Whether no newer area continues it (else it was merged with another).
    pub retired: bool,
}

/// One sheet in the matrix.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct CompareRow<'a> {
    /// The force's name.
    #[serde(borrow)]
    pub force: Text<'a>,
    /// The force's id.
    #[serde(borrow)]
    pub force_id: Text<'a>,
    /// The cycle's label.
    #[serde(borrow)]
    pub cycle: Text<'a>,
    /// The sheet's own rubric.
    #[serde(borrow)]
    pub rubric: Text<'a>,
    /// Each column's grade; null where none maps onto it.
    #[schemars(with = "std::collections::BTreeMap<String, Option<GradeWord>>")]
    #[serde(borrow)]
    pub grades: OrderedMap<'a, Option<Grade>>,
    /// How many of the row's cells hold each grade.
    #[serde(default)]
    pub counts: Summary,
}

/// `peel check --format json`: every problem and warning of every file checked.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.check/1")]
pub struct Check<'a> {
    /// The schema's name and version.
    #[schemars(extend("const" = CHECK_SCHEMA))]
    pub schema: Text<'a>,
    /// How many files were checked.
    pub files: u64,
    /// Problems: any makes `peel check` exit 1.
    pub problems: Vec<Problem<'a>>,
    /// Warnings: likely not what was meant, but not wrong.
    pub warnings: Vec<Problem<'a>>,
}

/// A located problem or warning.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Problem<'a> {
    /// The file, as given.
    pub path: Text<'a>,
    /// The line, from 1, where known.
    pub line: Option<u64>,
    /// The column, from 1, where known.
    pub column: Option<u64>,
    /// The path to the value, such as `judgements[3].criterion`, where no line is known.
    pub field: Option<Text<'a>>,
    /// What is wrong.
    pub message: Text<'a>,
}
