//! The national record of many sheets: which forces and areas have a grade in each
//! cycle ([`coverage`]), each force's grades across its cycles ([`history`]), and how
//! many forces got each grade per area and cycle ([`distribution`]). Pure: no I/O.

use std::collections::BTreeMap;

use super::compare::{Matrix, mapped_grades, newest_rubric, walks};
use super::diff::Movement;
use crate::model::grade::Grade;
use crate::model::rubric::Registry;
use crate::model::sheet::{Sheet, Summary};

/// An area of a cycle's rubric and how many forces have a grade for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageArea {
    /// The area's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Whether the rubric marks it optional: not every force is graded in it, so a
    /// force is complete without it.
    pub optional: bool,
    /// How many of the cycle's forces have a grade for it.
    pub graded: usize,
}

/// One force in one cycle: which of the areas have a grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForceCoverage {
    /// The force's name.
    pub force: String,
    /// The force's id.
    pub force_id: String,
    /// One flag per area of the cycle, in the rubric's order.
    pub graded: Vec<bool>,
}

/// What the sheets of one cycle hold, against every force expected in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleCoverage {
    /// The cycle's label.
    pub cycle: String,
    /// The rubric of its sheets.
    pub rubric: String,
    /// The rubric's areas, in its order.
    pub areas: Vec<CoverageArea>,
    /// Every force expected, by id: those with a sheet and those without.
    pub forces: Vec<ForceCoverage>,
}

impl CycleCoverage {
    /// Whether area `index` counts towards a complete force: every area does when the
    /// rubric marks all of them optional.
    fn counts(&self, index: usize) -> bool {
        !self.areas[index].optional || self.areas.iter().all(|a| a.optional)
    }

    /// The areas every force should have a grade for.
    pub fn core_areas(&self) -> usize {
        (0..self.areas.len()).filter(|&i| self.counts(i)).count()
    }

    /// How many grades of those areas there would be if every force had them all.
    pub fn expected(&self) -> usize {
        self.forces.len() * self.core_areas()
    }

    /// How many grades of those areas the sheets hold.
    pub fn found(&self) -> usize {
        self.forces.iter().map(|f| self.found_of(f)).sum()
    }

    /// How many of those areas `force` has a grade for.
    pub fn found_of(&self, force: &ForceCoverage) -> usize {
        (0..self.areas.len())
            .filter(|&i| self.counts(i) && force.graded[i])
            .count()
    }

    /// The areas `force` should have a grade for and has not.
    pub fn missing<'a>(
        &'a self,
        force: &'a ForceCoverage,
    ) -> impl Iterator<Item = &'a CoverageArea> {
        (0..self.areas.len())
            .filter(|&i| self.counts(i) && !force.graded[i])
            .map(|i| &self.areas[i])
    }

    /// How many forces have a grade for every area they should.
    pub fn complete(&self) -> usize {
        self.forces
            .iter()
            .filter(|f| self.missing(f).next().is_none())
            .count()
    }
}

/// Coverage per cycle (cycles in label order): each cycle's forces are those of
/// `expected` (name and id) and every force with a sheet in any cycle, so a force
/// with no sheet in a cycle shows as a gap there.
pub fn coverage(
    sheets: &[Sheet],
    registry: &Registry,
    expected: &[(String, String)],
) -> Result<Vec<CycleCoverage>, String> {
    let mut names: BTreeMap<&str, &str> = expected
        .iter()
        .map(|(name, id)| (id.as_str(), name.as_str()))
        .collect();
    for sheet in sheets {
        names.insert(&sheet.force_id, &sheet.force);
    }
    let mut cycles: BTreeMap<(&str, &str), BTreeMap<&str, Vec<bool>>> = BTreeMap::new();
    for sheet in sheets {
        let rubric = registry
            .get(&sheet.rubric)
            .ok_or_else(|| registry.unknown_rubric_message(&sheet.rubric))?;
        let flags = cycles
            .entry((&sheet.cycle, &sheet.rubric))
            .or_default()
            .entry(&sheet.force_id)
            .or_insert_with(|| vec![false; rubric.areas.len()]);
        for (flag, area) in flags.iter_mut().zip(&rubric.areas) {
            *flag |= sheet
                .areas
                .iter()
                .any(|a| *a.id == *area.id && a.grade.is_some());
        }
    }
    let mut out = Vec::new();
    for ((cycle, rubric_id), found) in cycles {
        let rubric = registry.get(rubric_id).expect("looked up above");
        let forces: Vec<ForceCoverage> = names
            .iter()
            .map(|(&id, &name)| ForceCoverage {
                force: name.to_string(),
                force_id: id.to_string(),
                graded: found
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| vec![false; rubric.areas.len()]),
            })
            .collect();
        let areas = rubric
            .areas
            .iter()
            .enumerate()
            .map(|(i, area)| CoverageArea {
                id: area.id.clone(),
                title: area.title.clone(),
                optional: area.optional,
                graded: forces.iter().filter(|f| f.graded[i]).count(),
            })
            .collect();
        out.push(CycleCoverage {
            cycle: cycle.to_string(),
            rubric: rubric_id.to_string(),
            areas,
            forces,
        });
    }
    Ok(out)
}

/// One cell of a history: a cycle's grade and how it moved from the cycle before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryCell {
    /// The grade, if the sheet has one.
    pub grade: Option<Grade>,
    /// Improved, declined or unchanged from the column before; none where either has
    /// no grade.
    pub movement: Option<Movement>,
}

/// One area's row of a history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// The area's id: of the newest rubric, or of an older one for an area no newer
    /// area continues on its own.
    pub area: String,
    /// Its title.
    pub title: String,
    /// The rubric the area is of.
    pub rubric: String,
    /// Whether the area is of an older rubric, retired or merged into another.
    pub older: bool,
    /// One cell per column of the history.
    pub cells: Vec<HistoryCell>,
}

/// A force's grades across its sheets, area by area through the crosswalk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForceHistory {
    /// The force's name.
    pub force: String,
    /// The force's id.
    pub force_id: String,
    /// The rubric whose areas are the rows.
    pub rubric: String,
    /// One column per sheet, oldest first: its cycle and its rubric.
    pub columns: Vec<(String, String)>,
    /// The newest rubric's areas in its order, then older areas it does not show.
    pub rows: Vec<HistoryRow>,
}

/// Each force's history, forces by id; an error when a force's rubrics are not linked.
pub fn history(mut sheets: Vec<Sheet>, registry: &Registry) -> Result<Vec<ForceHistory>, String> {
    sheets.sort_by(|a, b| (&a.force_id, &a.cycle).cmp(&(&b.force_id, &b.cycle)));
    let mut out = Vec::new();
    for chunk in sheets.chunk_by(|a, b| a.force_id == b.force_id) {
        out.push(force_history(chunk, registry)?);
    }
    Ok(out)
}

/// One force's history from its sheets, oldest first.
fn force_history(sheets: &[Sheet], registry: &Registry) -> Result<ForceHistory, String> {
    let newest = newest_rubric(sheets, registry)?;
    let walks = walks(sheets, registry, newest)?;
    let blank = HistoryCell {
        grade: None,
        movement: None,
    };
    let mut rows: Vec<HistoryRow> = newest
        .areas
        .iter()
        .map(|area| HistoryRow {
            area: area.id.clone(),
            title: area.title.clone(),
            rubric: newest.id.clone(),
            older: false,
            cells: vec![blank; sheets.len()],
        })
        .collect();
    let mut older: BTreeMap<(&str, &str), HistoryRow> = BTreeMap::new();
    for (column, sheet) in sheets.iter().enumerate() {
        let walk = &walks[sheet.rubric.as_str()];
        let grades = mapped_grades(sheet, newest, walk);
        for (row, grade) in rows.iter_mut().zip(grades) {
            row.cells[column].grade = grade;
        }
        if sheet.rubric == newest.id {
            continue;
        }
        let shown: Vec<&str> = newest
            .areas
            .iter()
            .filter_map(|area| match walk.predecessors(&area.id) {
                [single] => Some(single.as_str()),
                _ => None,
            })
            .collect();
        for area in sheet.areas.iter().filter(|a| a.grade.is_some()) {
            if shown.contains(&&*area.id) {
                continue;
            }
            let row = older
                .entry((&sheet.rubric, &area.id))
                .or_insert_with(|| HistoryRow {
                    area: area.id.to_string(),
                    title: area.title.to_string(),
                    rubric: sheet.rubric.clone(),
                    older: true,
                    cells: vec![blank; sheets.len()],
                });
            row.cells[column].grade = area.grade;
        }
    }
    rows.extend(older.into_values());
    for row in &mut rows {
        mark_movements(&mut row.cells);
    }
    Ok(ForceHistory {
        force: sheets[0].force.clone(),
        force_id: sheets[0].force_id.clone(),
        rubric: newest.id.clone(),
        columns: sheets
            .iter()
            .map(|s| (s.cycle.clone(), s.rubric.clone()))
            .collect(),
        rows,
    })
}

/// How `new` moved from `old`: a higher grade is better.
pub fn movement(old: Grade, new: Grade) -> Movement {
    match new.cmp(&old) {
        std::cmp::Ordering::Greater => Movement::Improved,
        std::cmp::Ordering::Less => Movement::Declined,
        std::cmp::Ordering::Equal => Movement::Unchanged,
    }
}

/// Sets each cell's movement from the cell before it.
fn mark_movements(cells: &mut [HistoryCell]) {
    for index in 1..cells.len() {
        cells[index].movement = match (cells[index - 1].grade, cells[index].grade) {
            (Some(old), Some(new)) => Some(movement(old, new)),
            _ => None,
        };
    }
}

/// One area's grades across the cycles: how many forces got each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaDistribution {
    /// The area's id, of the newest rubric.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Per cycle (as [`Distribution::cycles`]), the count of each grade and of the
    /// sheets without one.
    pub by_cycle: Vec<Summary>,
}

impl AreaDistribution {
    /// How the count of `grade` moved from cycle `index - 1` to cycle `index`.
    pub fn change(&self, index: usize, grade: Grade) -> Option<i64> {
        let before = self.by_cycle.get(index.checked_sub(1)?)?;
        let now = self.by_cycle.get(index)?;
        Some(now.count(grade) as i64 - before.count(grade) as i64)
    }
}

/// The national picture: per area and cycle, how many forces got each grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    /// The rubric whose areas are counted; older cycles through the crosswalk.
    pub rubric: String,
    /// The cycles, in order.
    pub cycles: Vec<String>,
    /// One entry per area of the rubric.
    pub areas: Vec<AreaDistribution>,
}

/// The distribution of a matrix of every sheet: its totals per cycle, by area.
pub fn distribution(matrix: &Matrix) -> Distribution {
    let cycles = matrix.totals.iter().map(|(c, _)| c.clone()).collect();
    let areas = matrix
        .areas
        .iter()
        .enumerate()
        .map(|(index, (id, title))| AreaDistribution {
            id: id.clone(),
            title: title.clone(),
            by_cycle: matrix
                .totals
                .iter()
                .map(|(_, counts)| counts[index].clone())
                .collect(),
        })
        .collect();
    Distribution {
        rubric: matrix.rubric.clone(),
        cycles,
        areas,
    }
}

/// A summary's count of graded areas.
pub fn graded(summary: &Summary) -> u64 {
    summary.counts.values().sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compare::{SortOrder, compare};

    fn sheet(force: &str, cycle: &str, rubric: &str, grades: &[(&str, Grade)]) -> Sheet {
        Sheet::of_grades(force, cycle, rubric, grades)
    }

    fn registry() -> Registry {
        Registry::new(Vec::new()).unwrap()
    }

    #[test]
    fn coverage_counts_every_expected_force_and_only_core_areas() {
        let sheets = [
            sheet(
                "Kent Police",
                "2023-25",
                "peel-2023-25",
                &[
                    ("investigating-crime", Grade::Good),
                    ("recording-data-about-crime", Grade::Good),
                ],
            ),
            sheet(
                "Essex Police",
                "2021/22",
                "peel-2021-22",
                &[("preventing-crime", Grade::Adequate)],
            ),
        ];
        let expected = vec![("Surrey Police".to_string(), "surrey-police".to_string())];
        let cycles = coverage(&sheets, &registry(), &expected).unwrap();
        assert_eq!(cycles.len(), 2);
        let newest = &cycles[1];
        assert_eq!(newest.cycle, "2023-25");
        // Essex has no 2023-25 sheet but is still expected there, as is Surrey.
        assert_eq!(newest.forces.len(), 3);
        assert_eq!(newest.core_areas(), 8);
        assert_eq!(newest.expected(), 24);
        // The optional crime-recording grade does not count.
        assert_eq!(newest.found(), 1);
        assert_eq!(newest.complete(), 0);
        let kent = newest
            .forces
            .iter()
            .find(|f| f.force_id == "kent-police")
            .unwrap();
        assert_eq!(newest.missing(kent).count(), 7);
        let recording = newest
            .areas
            .iter()
            .find(|a| a.id == "recording-data-about-crime")
            .unwrap();
        assert!(recording.optional);
        assert_eq!(recording.graded, 1);
    }

    #[test]
    fn a_force_with_every_core_area_is_complete() {
        let rubric = registry().get("peel-2023-25").unwrap().clone();
        let grades: Vec<(&str, Grade)> = rubric
            .areas
            .iter()
            .filter(|a| !a.optional)
            .map(|a| (a.id.as_str(), Grade::Adequate))
            .collect();
        let sheets = [sheet("Kent Police", "2023-25", "peel-2023-25", &grades)];
        let cycles = coverage(&sheets, &registry(), &[]).unwrap();
        assert_eq!(cycles[0].complete(), 1);
        assert_eq!(cycles[0].found(), cycles[0].expected());
    }

    #[test]
    fn history_maps_older_cycles_and_marks_each_movement() {
        let sheets = vec![
            sheet(
                "Kent",
                "2023-25",
                "peel-2023-25",
                &[
                    ("police-powers-and-public-treatment", Grade::Adequate),
                    ("investigating-crime", Grade::Good),
                ],
            ),
            sheet(
                "Kent",
                "2021/22",
                "peel-2021-22",
                &[
                    ("treatment-of-the-public", Grade::Good),
                    ("investigating-crime", Grade::RequiresImprovement),
                    ("disrupting-serious-organised-crime", Grade::Good),
                ],
            ),
        ];
        let histories = history(sheets, &registry()).unwrap();
        assert_eq!(histories.len(), 1);
        let kent = &histories[0];
        assert_eq!(kent.columns[0].0, "2021/22");
        let row = |id: &str| kent.rows.iter().find(|r| r.area == id).unwrap();
        let powers = row("police-powers-and-public-treatment");
        assert_eq!(powers.cells[0].grade, Some(Grade::Good));
        assert_eq!(powers.cells[1].movement, Some(Movement::Declined));
        let investigating = row("investigating-crime");
        assert_eq!(investigating.cells[1].movement, Some(Movement::Improved));
        let retired = row("disrupting-serious-organised-crime");
        assert!(retired.older);
        assert_eq!(retired.cells[0].grade, Some(Grade::Good));
        assert_eq!(retired.cells[1].grade, None);
        assert_eq!(retired.cells[1].movement, None);
        assert_eq!(kent.rows.last().unwrap().area, retired.area);
    }

    #[test]
    fn distribution_counts_each_cycle_and_the_change_between_them() {
        let sheets = vec![
            sheet(
                "Kent",
                "2021/22",
                "peel-2021-22",
                &[("investigating-crime", Grade::RequiresImprovement)],
            ),
            sheet(
                "Essex",
                "2021/22",
                "peel-2021-22",
                &[("investigating-crime", Grade::RequiresImprovement)],
            ),
            sheet(
                "Kent",
                "2023-25",
                "peel-2023-25",
                &[("investigating-crime", Grade::Good)],
            ),
        ];
        let matrix = compare(sheets, &registry(), SortOrder::Force).unwrap();
        let picture = distribution(&matrix);
        assert_eq!(picture.cycles, ["2021/22", "2023-25"]);
        let investigating = picture
            .areas
            .iter()
            .find(|a| a.id == "investigating-crime")
            .unwrap();
        assert_eq!(
            investigating.by_cycle[0].count(Grade::RequiresImprovement),
            2
        );
        assert_eq!(graded(&investigating.by_cycle[1]), 1);
        assert_eq!(
            investigating.change(1, Grade::RequiresImprovement),
            Some(-2)
        );
        assert_eq!(investigating.change(1, Grade::Good), Some(1));
        assert_eq!(investigating.change(0, Grade::Good), None);
    }
}
