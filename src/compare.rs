//! Comparing many sheets: a force × area matrix over the newest rubric among them,
//! older sheets mapped through the crosswalk (SPEC §7 `compare`). Pure: no I/O.

use std::collections::BTreeSet;

use crate::crosswalk::{Crosswalk, reaches};
use crate::grade::Grade;
use crate::rubric::Registry;
use crate::sheet::{Sheet, Summary};

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
    /// Counts per grade for each column.
    pub totals: Vec<Summary>,
}

/// Builds the matrix; an error when the sheets' rubrics are not linked.
pub fn compare(sheets: &[Sheet], registry: &Registry, order: SortOrder) -> Result<Matrix, String> {
    let ids: BTreeSet<&str> = sheets.iter().map(|s| s.rubric.as_str()).collect();
    let rubric_of = |id: &str| {
        registry
            .get(id)
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
    let newest = match newest.as_slice() {
        [one] => rubric_of(one)?,
        [] => return Err("no sheets to compare".to_string()),
        many => {
            return Err(format!(
                "the sheets use rubrics {} that no chain of `replaces` links; compare sheets of one framework's cycles",
                many.join(" and ")
            ));
        }
    };
    let mut rows = Vec::with_capacity(sheets.len());
    let mut walks = std::collections::HashMap::new();
    for sheet in sheets {
        if !walks.contains_key(sheet.rubric.as_str()) {
            let older = rubric_of(&sheet.rubric)?;
            let walk = Crosswalk::between(registry, older, newest).map_err(|e| e.to_string())?;
            walks.insert(sheet.rubric.as_str(), walk);
        }
        let walk = &walks[sheet.rubric.as_str()];
        let grades = newest
            .areas
            .iter()
            .map(|area| match walk.predecessors(&area.id) {
                [single] => sheet
                    .areas
                    .iter()
                    .find(|a| &a.id == single)
                    .and_then(|a| a.grade),
                _ => None,
            })
            .collect();
        rows.push(MatrixRow {
            force: sheet.force.clone(),
            force_id: sheet.force_id.clone(),
            cycle: sheet.cycle.clone(),
            rubric: sheet.rubric.clone(),
            grades,
        });
    }
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
    let totals = (0..newest.areas.len())
        .map(|column| {
            let mut summary = Summary::default();
            for row in &rows {
                summary.add(row.grades[column]);
            }
            summary
        })
        .collect();
    Ok(Matrix {
        rubric: newest.id.clone(),
        areas: newest
            .areas
            .iter()
            .map(|a| (a.id.clone(), a.title.clone()))
            .collect(),
        rows,
        totals,
    })
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
        let matrix = compare(&sheets, &registry, SortOrder::Force).unwrap();
        assert_eq!(matrix.rubric, "peel-2023-25");
        let column = matrix
            .areas
            .iter()
            .position(|(id, _)| id == "police-powers-and-public-treatment")
            .unwrap();
        assert_eq!(matrix.rows[0].grades[column], Some(Grade::Good));
        assert_eq!(matrix.rows[1].grades[column], Some(Grade::Adequate));
        assert_eq!(matrix.totals[column].count(Grade::Good), 1);
        assert_eq!(matrix.totals[column].count(Grade::Adequate), 1);
        assert_eq!(matrix.totals[column].ungraded, 0);
        assert_eq!(matrix.totals[0].ungraded, 0);
        let other = matrix
            .areas
            .iter()
            .position(|(id, _)| id == "preventing-crime")
            .unwrap();
        assert_eq!(matrix.totals[other].ungraded, 2);
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
        let matrix = compare(&sheets, &registry, SortOrder::Worst).unwrap();
        let order: Vec<_> = matrix.rows.iter().map(|r| r.force.as_str()).collect();
        assert_eq!(order, ["Beds", "Avon", "Dorset", "Cumbria"]);
    }
}
