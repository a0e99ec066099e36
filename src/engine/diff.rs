//! Diffing two sheets of a force: each area's movement between an older and a newer
//! sheet, matched through the crosswalk (SPEC §7 `diff`). Pure: no I/O.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::crosswalk::Crosswalk;
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;
use crate::model::sheet::Sheet;

/// How an area's grade moved between two sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Movement {
    /// A better grade than before.
    Improved,
    /// A worse grade than before.
    Declined,
    /// The same grade.
    Unchanged,
    /// An area with no predecessor in the older rubric.
    New,
    /// An older area that no newer area continues.
    Retired,
    /// An area that continues several older areas.
    Merged,
    /// Graded on one side only.
    Ungraded,
}

impl Movement {
    /// Every movement, in the order summaries list them.
    pub const ALL: [Movement; 7] = [
        Movement::Improved,
        Movement::Declined,
        Movement::Unchanged,
        Movement::New,
        Movement::Retired,
        Movement::Merged,
        Movement::Ungraded,
    ];

    /// The word used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Movement::Improved => "improved",
            Movement::Declined => "declined",
            Movement::Unchanged => "unchanged",
            Movement::New => "new",
            Movement::Retired => "retired",
            Movement::Merged => "merged",
            Movement::Ungraded => "ungraded",
        }
    }
}

impl fmt::Display for Movement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of a diff: an area of the newer sheet, or a retired area of the older.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    /// The newer area's id (the older one's for a retired row).
    pub area: String,
    /// Its title.
    pub title: String,
    /// The older areas it continues.
    pub old_areas: Vec<String>,
    /// Their titles, for people.
    pub old_titles: Vec<String>,
    /// Their grades, one per old area (`None` where not graded).
    pub old_grades: Vec<Option<Grade>>,
    /// The newer grade.
    pub new_grade: Option<Grade>,
    /// How it moved.
    pub movement: Movement,
    /// New rank minus old rank, where one old grade and a new grade exist.
    pub steps: Option<i64>,
}

/// Which sheet a side of a diff is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The cycle's label.
    pub cycle: String,
    /// The rubric id.
    pub rubric: String,
}

/// The diff of one force's two sheets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForceDiff {
    /// The force's name (from the newer sheet).
    pub force: String,
    /// The force's id (from the newer sheet).
    pub force_id: String,
    /// The older sheet.
    pub old: Side,
    /// The newer sheet.
    pub new: Side,
    /// Rows in report order.
    pub rows: Vec<DiffRow>,
}

impl ForceDiff {
    /// The steps moved over every area with a grade on both sides: up is positive.
    pub fn net_steps(&self) -> i64 {
        self.rows.iter().filter_map(|r| r.steps).sum()
    }

    /// How many rows have each movement.
    pub fn summary(&self) -> BTreeMap<Movement, u64> {
        let mut counts: BTreeMap<Movement, u64> = Movement::ALL.iter().map(|&m| (m, 0)).collect();
        for row in &self.rows {
            *counts.entry(row.movement).or_default() += 1;
        }
        counts
    }
}

/// Every diff of a run, and the forces found on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiffReport {
    /// One diff per force paired.
    pub diffs: Vec<ForceDiff>,
    /// Forces (name, id) only in OLD.
    pub only_old: Vec<(String, String)>,
    /// Forces (name, id) only in NEW.
    pub only_new: Vec<(String, String)>,
    /// Per area, across every force diffed: how many moved which way.
    pub totals: Vec<AreaTotals>,
    /// Print only the totals (`--summary`).
    pub summary_only: bool,
    /// What to call the two sides: their cycles when pooled (`--from`, `--to`);
    /// empty for OLD and NEW.
    pub side_names: (String, String),
}

/// How `diff` orders the forces it pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DiffSort {
    /// By force id.
    #[default]
    Force,
    /// Most net steps up first; ties by force id.
    Improved,
    /// Most net steps down first; ties by force id.
    Declined,
}

/// Orders `diffs` by `sort`.
pub fn sort_diffs(diffs: &mut [ForceDiff], sort: DiffSort) {
    match sort {
        DiffSort::Force => diffs.sort_by(|a, b| a.force_id.cmp(&b.force_id)),
        DiffSort::Improved => diffs.sort_by(|a, b| {
            b.net_steps()
                .cmp(&a.net_steps())
                .then_with(|| a.force_id.cmp(&b.force_id))
        }),
        DiffSort::Declined => diffs.sort_by(|a, b| {
            a.net_steps()
                .cmp(&b.net_steps())
                .then_with(|| a.force_id.cmp(&b.force_id))
        }),
    }
}

/// How many force-areas a diff compared, and how many it could not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Compared {
    /// Graded on both sides: improved, declined or unchanged.
    pub both: u64,
    /// Graded on one side only: left out for want of the other grade.
    pub one_side: u64,
    /// Graded on neither side.
    pub neither: u64,
    /// New, retired or merged areas: no single counterpart to compare with.
    pub no_counterpart: u64,
}

impl DiffReport {
    /// How many force-areas were compared and how many left out, over every diff.
    pub fn compared(&self) -> Compared {
        let mut compared = Compared::default();
        for row in self.diffs.iter().flat_map(|d| &d.rows) {
            let old = row.old_grades.iter().any(Option::is_some);
            let counter = match row.movement {
                Movement::Improved | Movement::Declined | Movement::Unchanged => &mut compared.both,
                Movement::New | Movement::Retired | Movement::Merged => {
                    &mut compared.no_counterpart
                }
                Movement::Ungraded if old || row.new_grade.is_some() => &mut compared.one_side,
                Movement::Ungraded => &mut compared.neither,
            };
            *counter += 1;
        }
        compared
    }

    /// The name of the older side (`old`) or the newer: a cycle, or OLD and NEW.
    pub fn side_name(&self, old: bool) -> &str {
        let (name, fallback) = if old {
            (&self.side_names.0, "OLD")
        } else {
            (&self.side_names.1, "NEW")
        };
        if name.is_empty() { fallback } else { name }
    }
}

/// How one area moved across every force diffed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaTotals {
    /// The area's id (the newer rubric's; the older one's for a retired area).
    pub area: String,
    /// Its title.
    pub title: String,
    /// How many forces' rows have each movement.
    pub counts: BTreeMap<Movement, u64>,
    /// The sum of the steps moved: up is positive.
    pub net_steps: i64,
}

/// Adds up the rows of every diff per area: areas in the order they first appear in
/// the newer rubrics (`order` gives an area's position), retired areas last.
pub fn totals(diffs: &[ForceDiff], order: impl Fn(&str) -> Option<usize>) -> Vec<AreaTotals> {
    let mut by_area: BTreeMap<(bool, usize, String), AreaTotals> = BTreeMap::new();
    for row in diffs.iter().flat_map(|d| &d.rows) {
        let retired = row.movement == Movement::Retired;
        let position = if retired {
            usize::MAX
        } else {
            order(&row.area).unwrap_or(usize::MAX)
        };
        let entry = by_area
            .entry((retired, position, row.area.clone()))
            .or_insert_with(|| AreaTotals {
                area: row.area.clone(),
                title: row.title.clone(),
                counts: Movement::ALL.iter().map(|&m| (m, 0)).collect(),
                net_steps: 0,
            });
        *entry.counts.entry(row.movement).or_default() += 1;
        entry.net_steps += row.steps.unwrap_or(0);
    }
    by_area.into_values().collect()
}

fn grade_in(sheet: &Sheet, area: &str) -> Option<Grade> {
    sheet
        .areas
        .iter()
        .find(|a| &*a.id == area)
        .and_then(|a| a.grade)
}

/// How an area graded `new_grade` moved from the grades of its `predecessors` old
/// areas, and by how many steps where one old grade and the new one exist.
fn movement(
    new_grade: Option<Grade>,
    predecessors: usize,
    old_grades: &[Option<Grade>],
) -> (Movement, Option<i64>) {
    let any_old = old_grades.iter().any(Option::is_some);
    match (new_grade, predecessors, old_grades.first()) {
        (None, _, _) => (Movement::Ungraded, None),
        (Some(_), 0, _) => (Movement::New, None),
        (Some(_), _, _) if !any_old => (Movement::Ungraded, None),
        (Some(_), 2.., _) => (Movement::Merged, None),
        (Some(new_grade), _, Some(Some(old_grade))) => {
            let steps = new_grade.rank() - old_grade.rank();
            let movement = match steps {
                1.. => Movement::Improved,
                0 => Movement::Unchanged,
                _ => Movement::Declined,
            };
            (movement, Some(steps))
        }
        (Some(_), _, _) => (Movement::Ungraded, None),
    }
}

/// Diffs an older and a newer sheet whose rubrics `crosswalk` links.
pub fn diff(
    old: &Sheet,
    new: &Sheet,
    old_rubric: &Rubric,
    new_rubric: &Rubric,
    crosswalk: &Crosswalk,
) -> ForceDiff {
    let mut rows = Vec::new();
    for (position, area) in new_rubric.areas.iter().enumerate() {
        let predecessors = crosswalk.predecessors(&area.id);
        let old_grades: Vec<Option<Grade>> =
            predecessors.iter().map(|id| grade_in(old, id)).collect();
        let any_old = old_grades.iter().any(Option::is_some);
        let new_grade = grade_in(new, &area.id);
        if new_grade.is_none() && !any_old {
            continue; // graded in neither sheet
        }
        let (movement, steps) = movement(new_grade, predecessors.len(), &old_grades);
        rows.push((
            position,
            DiffRow {
                area: area.id.clone(),
                title: area.title.clone(),
                old_titles: predecessors
                    .iter()
                    .map(|id| old_rubric.area(id).map_or(id.clone(), |a| a.title.clone()))
                    .collect(),
                old_areas: predecessors.to_vec(),
                old_grades,
                new_grade,
                movement,
                steps,
            },
        ));
    }
    rows.sort_by_key(|(position, row)| {
        (
            row.new_grade.is_none(),
            row.new_grade,
            row.steps.is_none(),
            row.steps,
            *position,
        )
    });
    let mut rows: Vec<DiffRow> = rows.into_iter().map(|(_, row)| row).collect();
    for area in &old_rubric.areas {
        let grade = grade_in(old, &area.id);
        if grade.is_some() && !crosswalk.continues(&area.id) {
            rows.push(DiffRow {
                area: area.id.clone(),
                title: area.title.clone(),
                old_areas: vec![area.id.clone()],
                old_titles: vec![area.title.clone()],
                old_grades: vec![grade],
                new_grade: None,
                movement: Movement::Retired,
                steps: None,
            });
        }
    }
    ForceDiff {
        force: new.force.clone(),
        force_id: new.force_id.clone(),
        old: Side {
            cycle: old.cycle.clone(),
            rubric: old.rubric.clone(),
        },
        new: Side {
            cycle: new.cycle.clone(),
            rubric: new.rubric.clone(),
        },
        rows,
    }
}

#[cfg(test)]
mod totals_tests {
    use super::*;

    fn row(area: &str, movement: Movement, steps: Option<i64>) -> DiffRow {
        DiffRow {
            area: area.to_string(),
            title: area.to_string(),
            old_areas: vec![area.to_string()],
            old_titles: vec![area.to_string()],
            old_grades: vec![None],
            new_grade: None,
            movement,
            steps,
        }
    }

    fn force(rows: Vec<DiffRow>) -> ForceDiff {
        let side = |cycle: &str| Side {
            cycle: cycle.to_string(),
            rubric: "r".to_string(),
        };
        ForceDiff {
            force: "F".into(),
            force_id: "f".into(),
            old: side("1"),
            new: side("2"),
            rows,
        }
    }

    #[test]
    fn totals_count_each_movement_per_area_and_sum_the_steps() {
        let diffs = [
            force(vec![
                row("b", Movement::Improved, Some(2)),
                row("a", Movement::Declined, Some(-1)),
                row("old", Movement::Retired, None),
            ]),
            force(vec![
                row("b", Movement::Improved, Some(1)),
                row("a", Movement::Unchanged, Some(0)),
            ]),
            force(vec![row("b", Movement::Declined, Some(-1))]),
        ];
        let order = |id: &str| ["a", "b"].iter().position(|a| *a == id);
        let totals = totals(&diffs, order);
        let ids: Vec<&str> = totals.iter().map(|t| t.area.as_str()).collect();
        assert_eq!(ids, ["a", "b", "old"], "rubric order, retired last");
        assert_eq!(totals[1].counts[&Movement::Improved], 2);
        assert_eq!(totals[1].counts[&Movement::Declined], 1);
        assert_eq!(totals[1].net_steps, 2);
        assert_eq!(totals[0].counts[&Movement::Unchanged], 1);
        assert_eq!(totals[0].net_steps, -1);
        assert_eq!(totals[2].counts[&Movement::Retired], 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rubric::Registry;
    use crate::read::rubric::parse_rubric;

    fn registry() -> Registry {
        let rubric = |text: &str| ("r.yaml".to_string(), parse_rubric("r.yaml", text).unwrap());
        Registry::new(vec![
            rubric("rubric: old\ntitle: Old\nareas:\n  - {id: same, title: Same, criteria: [{id: S, text: x}]}\n  - {id: renamed-before, title: Before, criteria: [{id: R, text: x}]}\n  - {id: m1, title: M1, criteria: [{id: M1, text: x}]}\n  - {id: m2, title: M2, criteria: [{id: M2, text: x}]}\n  - {id: gone, title: Gone, criteria: [{id: G, text: x}]}\n  - {id: quiet, title: Quiet, criteria: [{id: Q, text: x}]}\n"),
            rubric("rubric: new\ntitle: New\nreplaces: old\nareas:\n  - {id: same, title: Same, formerly: [same], criteria: [{id: S, text: x}]}\n  - {id: renamed, title: Renamed, formerly: [renamed-before], criteria: [{id: R, text: x}]}\n  - {id: merged, title: Merged, formerly: [m1, m2], criteria: [{id: M, text: x}]}\n  - {id: fresh, title: Fresh, criteria: [{id: F, text: x}]}\n  - {id: quiet, title: Quiet, formerly: [quiet], criteria: [{id: Q, text: x}]}\n"),
        ])
        .unwrap()
    }

    fn sheet(rubric: &str, grades: &[(&str, Grade)]) -> Sheet {
        Sheet::of_grades("Force", rubric, rubric, grades)
    }

    fn run(old: &[(&str, Grade)], new: &[(&str, Grade)]) -> ForceDiff {
        let registry = registry();
        let (o, n) = (registry.get("old").unwrap(), registry.get("new").unwrap());
        let walk = Crosswalk::between(&registry, o, n).unwrap();
        diff(&sheet("old", old), &sheet("new", new), o, n, &walk)
    }

    fn row<'a>(d: &'a ForceDiff, area: &str) -> &'a DiffRow {
        d.rows.iter().find(|r| r.area == area).unwrap()
    }

    use Grade::*;

    #[test]
    fn a_report_counts_what_it_compared_and_what_it_left_out() {
        let d = run(
            &[("same", Good), ("renamed-before", Good), ("gone", Good)],
            &[("renamed", Adequate), ("quiet", Good), ("fresh", Good)],
        );
        let report = DiffReport {
            diffs: vec![d.clone(), d],
            ..DiffReport::default()
        };
        let compared = report.compared();
        assert_eq!(compared.both, 2, "renamed, in each of two diffs");
        // same (old only) and quiet (new only), twice.
        assert_eq!(compared.one_side, 4);
        // fresh is new and gone retired, twice.
        assert_eq!(compared.no_counterpart, 4);
    }

    #[test]
    fn a_better_grade_is_improved_with_its_steps() {
        let d = run(&[("same", Inadequate)], &[("same", Adequate)]);
        assert_eq!(
            (row(&d, "same").movement, row(&d, "same").steps),
            (Movement::Improved, Some(2))
        );
    }

    #[test]
    fn a_worse_grade_is_declined_with_negative_steps() {
        let d = run(&[("same", Good)], &[("same", RequiresImprovement)]);
        assert_eq!(
            (row(&d, "same").movement, row(&d, "same").steps),
            (Movement::Declined, Some(-2))
        );
    }

    #[test]
    fn the_same_grade_is_unchanged() {
        let d = run(&[("same", Good)], &[("same", Good)]);
        assert_eq!(
            (row(&d, "same").movement, row(&d, "same").steps),
            (Movement::Unchanged, Some(0))
        );
    }

    #[test]
    fn a_renamed_area_is_matched_through_formerly() {
        let d = run(&[("renamed-before", Good)], &[("renamed", Adequate)]);
        let r = row(&d, "renamed");
        assert_eq!(r.old_areas, ["renamed-before"]);
        assert_eq!(r.old_grades, [Some(Good)]);
        assert_eq!((r.movement, r.steps), (Movement::Declined, Some(-1)));
    }

    #[test]
    fn an_area_without_predecessor_is_new() {
        let d = run(&[], &[("fresh", Good)]);
        assert_eq!(
            (row(&d, "fresh").movement, row(&d, "fresh").steps),
            (Movement::New, None)
        );
    }

    #[test]
    fn an_older_area_nothing_continues_is_retired() {
        let d = run(&[("gone", Good)], &[]);
        let r = row(&d, "gone");
        assert_eq!(
            (r.movement, r.new_grade, r.steps),
            (Movement::Retired, None, None)
        );
        assert_eq!(r.old_grades, [Some(Good)]);
    }

    #[test]
    fn an_area_continuing_several_is_merged_without_steps() {
        let d = run(&[("m1", Good), ("m2", Inadequate)], &[("merged", Adequate)]);
        let r = row(&d, "merged");
        assert_eq!((r.movement, r.steps), (Movement::Merged, None));
        assert_eq!(r.old_grades, [Some(Good), Some(Inadequate)]);
    }

    #[test]
    fn an_area_graded_on_one_side_only_is_ungraded() {
        let d = run(&[], &[("same", Good)]);
        assert_eq!(row(&d, "same").movement, Movement::Ungraded);
        let d = run(&[("same", Good)], &[]);
        let r = row(&d, "same");
        assert_eq!((r.movement, r.new_grade), (Movement::Ungraded, None));
    }

    #[test]
    fn an_area_graded_on_neither_side_is_left_out() {
        let d = run(&[("same", Good)], &[("same", Good)]);
        assert!(
            d.rows
                .iter()
                .all(|r| r.area != "quiet" && r.area != "fresh")
        );
        assert_eq!(d.rows.len(), 1);
    }

    #[test]
    fn rows_are_ordered_by_new_grade_then_steps_then_rubric_order_retired_last() {
        let d = run(
            &[
                ("same", Good),
                ("renamed-before", Inadequate),
                ("gone", Good),
                ("quiet", Outstanding),
            ],
            &[
                ("same", RequiresImprovement),
                ("renamed", RequiresImprovement),
                ("fresh", RequiresImprovement),
                ("quiet", Inadequate),
            ],
        );
        let order: Vec<_> = d.rows.iter().map(|r| r.area.as_str()).collect();
        // quiet: inadequate; then RI rows: same −2, renamed +1, fresh (null steps); gone retired.
        assert_eq!(order, ["quiet", "same", "renamed", "fresh", "gone"]);
        let summary = d.summary();
        assert_eq!(summary[&Movement::Declined], 2);
        assert_eq!(summary[&Movement::Improved], 1);
        assert_eq!(summary[&Movement::New], 1);
        assert_eq!(summary[&Movement::Retired], 1);
        assert_eq!(summary[&Movement::Merged], 0);
    }
}
