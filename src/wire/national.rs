//! The JSON of the national record's views: `peel.coverage/1`, `peel.history/1` and
//! `peel.national/1`. Written only; their schemas are derived from these types.

use schemars::JsonSchema;
use serde::Serialize;

use super::{GradeWord, MovementWord, OrderedMap, Summary};
use crate::model::grade::Grade;

/// The schema id of `coverage --format json`.
pub const COVERAGE_SCHEMA: &str = "peel.coverage/1";
/// The schema id of `history --format json`.
pub const HISTORY_SCHEMA: &str = "peel.history/1";
/// The schema id of `national --format json`.
pub const NATIONAL_SCHEMA: &str = "peel.national/1";

/// `peel coverage --format json`: per cycle, which forces and areas have a grade.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.coverage/1")]
pub struct Coverage {
    /// The schema's name and version.
    #[schemars(extend("const" = COVERAGE_SCHEMA))]
    pub schema: &'static str,
    /// One entry per cycle and rubric, in cycle order.
    pub cycles: Vec<CycleCoverage>,
}

/// One cycle's coverage.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CycleCoverage {
    /// The cycle's label.
    pub cycle: String,
    /// The rubric of its sheets.
    pub rubric: String,
    /// Forces counted: the 43 of England and Wales for a built-in rubric, and every
    /// force with a sheet.
    pub forces: u64,
    /// Areas each force should have a grade for (the rubric's areas not optional).
    pub core_areas: u64,
    /// Grades of those areas if every force had them all.
    pub grades_expected: u64,
    /// Grades of those areas found.
    pub grades_found: u64,
    /// Forces with a grade for every core area.
    pub complete_forces: u64,
    /// Per area, how many forces have a grade.
    pub areas: Vec<CoverageArea>,
    /// Per force, what it has and lacks.
    pub force_coverage: Vec<ForceCoverage>,
}

/// One area's coverage in a cycle.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CoverageArea {
    /// The area's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Whether the rubric marks it optional (not counted for a complete force).
    pub optional: bool,
    /// Forces with a grade for it.
    pub graded: u64,
    /// Forces without one.
    pub missing: u64,
}

/// One force's coverage in a cycle.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ForceCoverage {
    /// The force's name.
    pub force: String,
    /// The force's id.
    pub force_id: String,
    /// Core areas with a grade.
    pub found: u64,
    /// Whether every core area has one.
    pub complete: bool,
    /// Ids of the areas (optional ones too) with a grade.
    pub graded: Vec<String>,
    /// Ids of the core areas without one.
    pub missing: Vec<String>,
}

/// `peel history --format json`: each force's grades across its cycles.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.history/1")]
pub struct History {
    /// The schema's name and version.
    #[schemars(extend("const" = HISTORY_SCHEMA))]
    pub schema: &'static str,
    /// One entry per force, by id.
    pub forces: Vec<ForceHistory>,
}

/// One force's history.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ForceHistory {
    /// The force's name.
    pub force: String,
    /// The force's id.
    pub force_id: String,
    /// The rubric whose areas are the rows: the newest of the force's sheets.
    pub rubric: String,
    /// The force's sheets, oldest first.
    pub cycles: Vec<HistoryCycle>,
    /// The newest rubric's areas, then older areas it does not show.
    pub areas: Vec<HistoryArea>,
}

/// One column of a history.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct HistoryCycle {
    /// The cycle's label.
    pub cycle: String,
    /// The sheet's rubric.
    pub rubric: String,
}

/// One area across the cycles.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct HistoryArea {
    /// The area's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its rubric.
    pub rubric: String,
    /// Whether it is an older rubric's area, retired or merged into another.
    pub older: bool,
    /// One entry per cycle, as `cycles`.
    pub grades: Vec<HistoryGrade>,
}

/// One area's grade in one cycle.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct HistoryGrade {
    /// The cycle's label.
    pub cycle: String,
    /// The grade; null where none was found.
    #[schemars(with = "Option<GradeWord>")]
    pub grade: Option<Grade>,
    /// From the cycle before: improved, declined or unchanged; null where either
    /// has no grade.
    #[schemars(with = "Option<MovementWord>")]
    pub movement: Option<&'static str>,
    /// Grade steps from the cycle before (positive is better); null as `movement`.
    pub steps: Option<i64>,
}

/// `peel national --format json`: per area and cycle, how many forces got each grade.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "peel.national/1")]
pub struct National {
    /// The schema's name and version.
    #[schemars(extend("const" = NATIONAL_SCHEMA))]
    pub schema: &'static str,
    /// The rubric whose areas are counted; older cycles through the crosswalk.
    pub rubric: String,
    /// The cycles, in order.
    pub cycles: Vec<String>,
    /// One entry per area.
    pub areas: Vec<NationalArea>,
}

/// One area's distribution.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct NationalArea {
    /// The area's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// By cycle label, in cycle order.
    pub by_cycle: OrderedMap<'static, NationalCycle>,
}

/// One area in one cycle.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct NationalCycle {
    /// Forces with a grade.
    pub graded: u64,
    /// How many forces got each grade; `ungraded` counts sheets without one.
    pub counts: Summary,
    /// Change of each count from the cycle before; null for the first cycle.
    pub change: Option<Change>,
}

/// The change of each grade's count from the cycle before.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Change {
    /// Inadequate.
    pub inadequate: i64,
    /// Requires improvement.
    pub requires_improvement: i64,
    /// Adequate.
    pub adequate: i64,
    /// Good.
    pub good: i64,
    /// Outstanding.
    pub outstanding: i64,
}
