//! Comparing many sheets: a force × area matrix over the newest rubric among them,
//! older sheets mapped through the crosswalk (SPEC §7 `compare`). Pure: no I/O.

use std::collections::BTreeSet;

use crate::model::crosswalk::{Crosswalk, reaches};
use crate::model::grade::Grade;
use crate::model::rubric::Registry;
use crate::model::sheet::{Sheet, Summary};

/// How compare orders its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SortOrder {
    /// By force id, then cycle.
    #[default]
    Force,
    /// Most inadequate first, then most requires improvement; ties by force and cycle.
    Worst,
}

/// One row of the matrix: one sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    /// The force's name.
    pub force: String,
    /// The force's id.
    pub force_id: String,
    /// The cycle's label.
    pub cycle: String,
    /// The sheet's own rubric.
    pub rubric: String,
    /// One cell per column area.
    pub grades: Vec<Option<Grade>>,
    /// One cell per [`Matrix::not_shown`] area: the sheet's grade of it, if of its rubric.
    pub older: Vec<Option<Grade>>,
}

impl MatrixRow {
    /// How many of the row's cells hold each grade: why `--sort worst` puts it where
    /// it is.
    pub fn counts(&self) -> Summary {
        let mut summary = Summary::default();
        for grade in &self.grades {
            summary.add(*grade);
        }
        summary
    }
}

/// The force × area matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// The rubric whose areas are the columns.
    pub rubric: String,
    /// Column areas: id and title.
    pub areas: Vec<(String, String)>,
    /// Rows in report order.
    pub rows: Vec<MatrixRow>,
    /// Per cycle (in cycle order), counts per grade for each column: two cycles of a
    /// force are never added together.
    pub totals: Vec<(String, Vec<Summary>)>,
    /// Graded areas of older sheets that no column shows.
    pub not_shown: Vec<NotShown>,
}

impl Matrix {
    /// How many cells the matrix has (rows × columns) and how many hold a grade.
    pub fn graded_cells(&self) -> (usize, usize) {
        let graded = self
            .rows
            .iter()
            .map(|r| r.grades.iter().filter(|g| g.is_some()).count())
            .sum();
        (self.rows.len() * self.areas.len(), graded)
    }

    /// Keeps only the columns whose area id `keep` accepts (`--area`), and orders the
    /// rows again by `order`: worst first means worst in the columns shown.
    pub fn keep_columns(&mut self, keep: impl Fn(&str) -> bool, order: SortOrder) {
        let kept: Vec<bool> = self.areas.iter().map(|(id, _)| keep(id)).collect();
        retain_flagged(&mut self.areas, &kept);
        for row in &mut self.rows {
            retain_flagged(&mut row.grades, &kept);
        }
        for (_, counts) in &mut self.totals {
            retain_flagged(counts, &kept);
        }
        let older: Vec<bool> = self.not_shown.iter().map(|n| keep(&n.area)).collect();
        retain_flagged(&mut self.not_shown, &older);
        for row in &mut self.rows {
            retain_flagged(&mut row.older, &older);
        }
        sort_rows(&mut self.rows, order);
    }
}

/// Orders rows by force and cycle, or worst first by the grades the row shows.
fn sort_rows(rows: &mut [MatrixRow], order: SortOrder) {
    let count = |row: &MatrixRow, grade| row.grades.iter().filter(|g| **g == Some(grade)).count();
    match order {
        SortOrder::Force => {
            rows.sort_by(|a, b| (&a.force_id, &a.cycle).cmp(&(&b.force_id, &b.cycle)))
        }
        SortOrder::Worst => rows.sort_by(|a, b| {
            count(b, Grade::Inadequate)
                .cmp(&count(a, Grade::Inadequate))
                .then(
                    count(b, Grade::RequiresImprovement).cmp(&count(a, Grade::RequiresImprovement)),
                )
                .then((&a.force_id, &a.cycle).cmp(&(&b.force_id, &b.cycle)))
        }),
    }
}

/// Keeps the items whose flag at the same position is set.
fn retain_flagged<T>(items: &mut Vec<T>, flags: &[bool]) {
    let mut flags = flags.iter();
    items.retain(|_| flags.next().copied().unwrap_or(false));
}

/// An older rubric's area that was graded in some sheets but has no column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotShown {
    /// The area's id.
    pub area: String,
    /// Its rubric.
    pub rubric: String,
    /// How many sheets grade it.
    pub sheets: usize,
    /// Whether no area of the newer rubric continues it (else it was merged).
    pub retired: bool,
}

pub use crate::model::sheet::newest_per_force;

/// The crosswalk from each sheet rubric to the matrix's, by rubric id.
pub(crate) type Walks = std::collections::HashMap<String, Crosswalk>;

/// The rubric no other rubric of the sheets replaces: the matrix's columns.
pub(crate) fn newest_rubric<'r>(
    sheets: &[Sheet],
    registry: &'r Registry,
) -> Result<&'r crate::model::rubric::Rubric, String> {
    let ids: BTreeSet<&str> = sheets.iter().map(|s| s.rubric.as_str()).collect();
    let rubric_of = |id: &str| {
        registry
            .get(id)
            .map(|r| &**r)
            .ok_or_else(|| registry.unknown_rubric_message(id))
    };
    let mut newest = Vec::new();
    for &id in &ids {
        let replaced_by_another = ids
            .iter()
            .filter(|&&other| other != id)
            .map(|&other| rubric_of(other))
            .collect::<Result<Vec<_>, _>>()?
            .iter()
            .any(|other| reaches(registry, other, id));
        if !replaced_by_another {
            newest.push(id);
        }
    }
    match newest.as_slice() {
        [one] => rubric_of(one),
        [] => Err("no sheets to compare".to_string()),
        many => Err(format!(
            "the sheets use rubrics {} that no chain of `replaces` links; compare sheets of one framework's cycles",
            many.join(" and ")
        )),
    }
}

/// Counts of each grade per column, for each cycle of the rows, cycles in order.
fn totals(rows: &[MatrixRow], columns: usize) -> Vec<(String, Vec<Summary>)> {
    // One pass over the rows: a matrix of every sheet may have thousands of cycles.
    let mut by_cycle: std::collections::BTreeMap<&str, Vec<Summary>> = Default::default();
    for row in rows {
        let counts = by_cycle
            .entry(row.cycle.as_str())
            .or_insert_with(|| vec![Summary::default(); columns]);
        for (summary, grade) in counts.iter_mut().zip(&row.grades) {
            summary.add(*grade);
        }
    }
    by_cycle
        .into_iter()
        .map(|(cycle, counts)| (cycle.to_string(), counts))
        .collect()
}

/// Builds the matrix; an error when the sheets' rubrics are not linked.
/// The sheets are taken, not copied: each row keeps its sheet's names and drops the
/// rest as it is made, for a matrix may have many rows.
pub fn compare(
    sheets: Vec<Sheet>,
    registry: &Registry,
    order: SortOrder,
) -> Result<Matrix, String> {
    let newest = newest_rubric(&sheets, registry)?;
    let walks = walks(&sheets, registry, newest)?;
    let not_shown = not_shown(&sheets, newest, &walks);
    let mut rows = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let grades = mapped_grades(&sheet, newest, &walks[sheet.rubric.as_str()]);
        let older = not_shown
            .iter()
            .map(|n| {
                let grade = sheet.areas.iter().find(|a| *a.id == *n.area);
                grade
                    .filter(|_| n.rubric == sheet.rubric)
                    .and_then(|a| a.grade)
            })
            .collect();
        rows.push(MatrixRow {
            force: sheet.force,
            force_id: sheet.force_id,
            cycle: sheet.cycle,
            rubric: sheet.rubric,
            grades,
            older,
        });
    }
    sort_rows(&mut rows, order);
    let totals = totals(&rows, newest.areas.len());
    Ok(Matrix {
        rubric: newest.id.clone(),
        areas: newest
            .areas
            .iter()
            .map(|a| (a.id.clone(), a.title.clone()))
            .collect(),
        rows,
        totals,
        not_shown,
    })
}

/// The crosswalk from each sheet's rubric onto `newest`.
pub(crate) fn walks(
    sheets: &[Sheet],
    registry: &Registry,
    newest: &crate::model::rubric::Rubric,
) -> Result<Walks, String> {
    let mut walks: Walks = std::collections::HashMap::new();
    for sheet in sheets {
        if !walks.contains_key(sheet.rubric.as_str()) {
            let older = registry
                .get(&sheet.rubric)
                .ok_or_else(|| registry.unknown_rubric_message(&sheet.rubric))?;
            let walk = Crosswalk::between(registry, older, newest).map_err(|e| e.to_string())?;
            walks.insert(sheet.rubric.clone(), walk);
        }
    }
    Ok(walks)
}

/// The sheet's grade of each area of `newest`, through `walk`: none where the area
/// continues several older ones.
pub(crate) fn mapped_grades(
    sheet: &Sheet,
    newest: &crate::model::rubric::Rubric,
    walk: &Crosswalk,
) -> Vec<Option<Grade>> {
    newest
        .areas
        .iter()
        .map(|area| match walk.predecessors(&area.id) {
            [single] => sheet
                .areas
                .iter()
                .find(|a| *a.id == **single)
                .and_then(|a| a.grade),
            _ => None,
        })
        .collect()
}

/// The graded areas of older sheets that no column of `newest` shows: retired, or
/// folded with others into one column.
fn not_shown(
    sheets: &[Sheet],
    newest: &crate::model::rubric::Rubric,
    walks: &Walks,
) -> Vec<NotShown> {
    let mut counts: std::collections::BTreeMap<(&str, &str), (usize, bool)> = Default::default();
    for sheet in sheets.iter().filter(|s| s.rubric != newest.id) {
        let Some(walk) = walks.get(sheet.rubric.as_str()) else {
            continue;
        };
        let shown: BTreeSet<&str> = newest
            .areas
            .iter()
            .filter_map(|area| match walk.predecessors(&area.id) {
                [single] => Some(single.as_str()),
                _ => None,
            })
            .collect();
        for area in sheet.areas.iter().filter(|a| a.grade.is_some()) {
            if !shown.contains(&*area.id) {
                let entry = counts
                    .entry((&sheet.rubric, &area.id))
                    .or_insert((0, !walk.continues(&area.id)));
                entry.0 += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|((rubric, area), (sheets, retired))| NotShown {
            area: area.to_string(),
            rubric: rubric.to_string(),
            sheets,
            retired,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(force: &str, cycle: &str, rubric: &str, grades: &[(&str, Grade)]) -> Sheet {
        Sheet::of_grades(force, cycle, rubric, grades)
    }

    #[test]
    fn older_sheets_are_mapped_onto_the_newest_rubric() {
        let registry = Registry::new(Vec::new()).unwrap();
        let sheets = [
            sheet(
                "Kent",
                "2021/22",
                "peel-2021-22",
                &[("treatment-of-the-public", Grade::Good)],
            ),
            sheet(
                "Kent",
                "2023-25",
                "peel-2023-25",
                &[("police-powers-and-public-treatment", Grade::Adequate)],
            ),
        ];
        let matrix = compare(sheets.to_vec(), &registry, SortOrder::Force).unwrap();
        assert_eq!(matrix.rubric, "peel-2023-25");
        let column = matrix
            .areas
            .iter()
            .position(|(id, _)| id == "police-powers-and-public-treatment")
            .unwrap();
        assert_eq!(matrix.rows[0].grades[column], Some(Grade::Good));
        assert_eq!(matrix.rows[1].grades[column], Some(Grade::Adequate));
        // Totals are per cycle: Kent's two sheets are never added together.
        let cycles: Vec<&str> = matrix.totals.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(cycles, ["2021/22", "2023-25"]);
        let (old, new) = (&matrix.totals[0].1, &matrix.totals[1].1);
        assert_eq!(old[column].count(Grade::Good), 1);
        assert_eq!(old[column].count(Grade::Adequate), 0);
        assert_eq!(new[column].count(Grade::Adequate), 1);
        assert_eq!(new[column].count(Grade::Good), 0);
        assert_eq!(old[column].ungraded + new[column].ungraded, 0);
        let other = matrix
            .areas
            .iter()
            .position(|(id, _)| id == "preventing-crime")
            .unwrap();
        assert_eq!(old[other].ungraded, 1);
        assert_eq!(new[other].ungraded, 1);
    }

    #[test]
    fn newest_per_force_keeps_each_force_s_latest_cycle() {
        let sheets = vec![
            sheet("Kent", "2023-25", "peel-2023-25", &[]),
            sheet("Essex", "2021/22", "peel-2021-22", &[]),
            sheet("Kent", "2021/22", "peel-2021-22", &[]),
        ];
        let kept: Vec<(String, String)> = newest_per_force(sheets)
            .into_iter()
            .map(|s| (s.force, s.cycle))
            .collect();
        assert_eq!(
            kept,
            [
                ("Essex".to_string(), "2021/22".to_string()),
                ("Kent".to_string(), "2023-25".to_string())
            ]
        );
    }

    #[test]
    fn newest_per_force_keeps_every_sheet_of_the_newest_cycle_and_no_older_one() {
        // Two sources of Kent's newest cycle (draft evidence beside published grades)
        // both stay; three older sheets of two forces go.
        let sheets = vec![
            sheet("Kent", "2023-25", "peel-2023-25", &[]),
            sheet("Essex", "2021/22", "peel-2021-22", &[]),
            sheet("Kent", "2021/22", "peel-2021-22", &[]),
            sheet("Essex", "2023-25", "peel-2023-25", &[]),
            sheet("Kent", "2023-25", "peel-2023-25", &[]),
            sheet("Kent", "2019", "peel-2021-22", &[]),
        ];
        let kept: Vec<(String, String)> = newest_per_force(sheets)
            .into_iter()
            .map(|s| (s.force, s.cycle))
            .collect();
        let pair = |f: &str, c: &str| (f.to_string(), c.to_string());
        assert_eq!(
            kept,
            [
                pair("Essex", "2023-25"),
                pair("Kent", "2023-25"),
                pair("Kent", "2023-25")
            ]
        );
    }

    #[test]
    fn retired_areas_graded_in_older_sheets_are_counted_as_not_shown() {
        let registry = Registry::new(Vec::new()).unwrap();
        let sheets = vec![
            sheet(
                "Kent",
                "2021/22",
                "peel-2021-22",
                &[("disrupting-serious-organised-crime", Grade::Good)],
            ),
            sheet(
                "Essex",
                "2021/22",
                "peel-2021-22",
                &[("disrupting-serious-organised-crime", Grade::Adequate)],
            ),
            sheet("Kent", "2023-25", "peel-2023-25", &[]),
        ];
        let matrix = compare(sheets.clone(), &registry, SortOrder::Force).unwrap();
        assert_eq!(
            matrix.not_shown,
            [NotShown {
                area: "disrupting-serious-organised-crime".into(),
                rubric: "peel-2021-22".into(),
                sheets: 2,
                retired: true,
            }]
        );
    }

    #[test]
    fn worst_first_counts_only_the_columns_kept() {
        let registry = Registry::new(Vec::new()).unwrap();
        let sheets = vec![
            sheet(
                "Essex",
                "2023-25",
                "peel-2023-25",
                &[
                    ("investigating-crime", Grade::Good),
                    ("preventing-crime", Grade::Inadequate),
                    ("responding-to-the-public", Grade::Inadequate),
                ],
            ),
            sheet(
                "Kent",
                "2023-25",
                "peel-2023-25",
                &[("investigating-crime", Grade::Inadequate)],
            ),
        ];
        let mut matrix = compare(sheets.clone(), &registry, SortOrder::Worst).unwrap();
        assert_eq!(matrix.rows[0].force, "Essex");
        matrix.keep_columns(|id| id == "investigating-crime", SortOrder::Worst);
        assert_eq!(matrix.rows[0].force, "Kent");
    }

    #[test]
    fn keep_columns_drops_a_column_from_rows_and_totals() {
        let registry = Registry::new(Vec::new()).unwrap();
        let sheets = vec![sheet(
            "Kent",
            "2023-25",
            "peel-2023-25",
            &[("investigating-crime", Grade::Good)],
        )];
        let mut matrix = compare(sheets.clone(), &registry, SortOrder::Force).unwrap();
        matrix.keep_columns(|id| id == "investigating-crime", SortOrder::Force);
        assert_eq!(matrix.areas.len(), 1);
        assert_eq!(matrix.rows[0].grades, [Some(Grade::Good)]);
        assert_eq!(matrix.totals[0].1.len(), 1);
        assert_eq!(matrix.rows[0].counts().count(Grade::Good), 1);
    }

    #[test]
    fn worst_order_puts_the_most_inadequate_first() {
        let registry = Registry::new(Vec::new()).unwrap();
        let sheets = [
            sheet(
                "Avon",
                "c",
                "peel-2023-25",
                &[("preventing-crime", Grade::RequiresImprovement)],
            ),
            sheet(
                "Beds",
                "c",
                "peel-2023-25",
                &[("preventing-crime", Grade::Inadequate)],
            ),
            sheet(
                "Cumbria",
                "c",
                "peel-2023-25",
                &[("preventing-crime", Grade::Good)],
            ),
            sheet(
                "Dorset",
                "c",
                "peel-2023-25",
                &[("investigating-crime", Grade::RequiresImprovement)],
            ),
        ];
        let matrix = compare(sheets.to_vec(), &registry, SortOrder::Worst).unwrap();
        let order: Vec<_> = matrix.rows.iter().map(|r| r.force.as_str()).collect();
        assert_eq!(order, ["Beds", "Avon", "Dorset", "Cumbria"]);
    }
}
