//! Picking forces, areas and a cycle out of many sheets (`--force`, `--area`,
//! `--cycle`). Pure: no I/O. A filter that matches nothing is an error that says
//! what there is, so a typo never turns into an empty report.

use std::collections::BTreeSet;

use crate::evidence::slug;
use crate::rubric::Rubric;
use crate::sheet::Sheet;
use crate::suggest::did_you_mean;

/// The filters asked for on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Forces by name or id; empty: every force.
    pub forces: Vec<String>,
    /// Areas by id, alias or title; empty: every area.
    pub areas: Vec<String>,
    /// One cycle's label; `None`: every cycle.
    pub cycle: Option<String>,
}

impl Filter {
    /// Keeps the sheets of the forces and the cycle asked for.
    pub fn sheets(&self, sheets: Vec<Sheet>) -> Result<Vec<Sheet>, String> {
        self.check(&sheets)?;
        Ok(sheets
            .into_iter()
            .filter(|sheet| self.keeps(sheet))
            .collect())
    }

    /// Whether `sheet` is of a force and the cycle asked for.
    pub fn keeps(&self, sheet: &Sheet) -> bool {
        (self.forces.is_empty() || self.forces.iter().any(|f| is_force(sheet, f)))
            && self
                .cycle
                .as_ref()
                .is_none_or(|cycle| &sheet.cycle == cycle)
    }

    /// An error naming the first force or cycle asked for that no sheet of `sheets` has.
    pub fn check(&self, sheets: &[Sheet]) -> Result<(), String> {
        for force in &self.forces {
            if !sheets.iter().any(|sheet| is_force(sheet, force)) {
                return Err(no_force_message(force, sheets));
            }
        }
        if let Some(cycle) = &self.cycle
            && !sheets.iter().any(|sheet| &sheet.cycle == cycle)
        {
            let cycles: BTreeSet<&str> = sheets.iter().map(|s| s.cycle.as_str()).collect();
            let cycles: Vec<&str> = cycles.into_iter().collect();
            return Err(format!(
                "--cycle {cycle}: no sheet of that cycle; the cycles are {}",
                cycles.join(", ")
            ));
        }
        Ok(())
    }

    /// The ids, in any of `rubrics`, of the areas asked for; `None` when every area is.
    pub fn area_ids(&self, rubrics: &[&Rubric]) -> Result<Option<BTreeSet<String>>, String> {
        if self.areas.is_empty() {
            return Ok(None);
        }
        let mut ids = BTreeSet::new();
        for name in &self.areas {
            let found: Vec<&str> = rubrics
                .iter()
                .filter_map(|rubric| rubric.resolve_area(name))
                .map(|area| area.id.as_str())
                .collect();
            if found.is_empty() {
                return Err(no_area_message(name, rubrics));
            }
            ids.extend(found.into_iter().map(str::to_string));
        }
        Ok(Some(ids))
    }
}

/// Whether `sheet` is of the force named `wanted` (its id, name, or name's id).
fn is_force(sheet: &Sheet, wanted: &str) -> bool {
    let wanted = wanted.trim();
    sheet.force_id == wanted
        || sheet.force.eq_ignore_ascii_case(wanted)
        || sheet.force_id == slug(wanted)
}

fn no_force_message(force: &str, sheets: &[Sheet]) -> String {
    let names: BTreeSet<&str> = sheets.iter().map(|s| s.force.as_str()).collect();
    let ids: BTreeSet<&str> = sheets.iter().map(|s| s.force_id.as_str()).collect();
    let best = did_you_mean(force, names.iter().copied())
        .or_else(|| did_you_mean(&slug(force), ids.iter().copied()));
    match best {
        Some(best) => format!("--force {force}: no such force (did you mean \"{best}\"?)"),
        None => format!(
            "--force {force}: no such force; the forces are {}",
            names.into_iter().collect::<Vec<_>>().join(", ")
        ),
    }
}

fn no_area_message(area: &str, rubrics: &[&Rubric]) -> String {
    let ids: BTreeSet<&str> = rubrics
        .iter()
        .flat_map(|r| r.areas.iter().map(|a| a.id.as_str()))
        .collect();
    match did_you_mean(area, ids.iter().copied()) {
        Some(best) => format!("--area {area}: no such area (did you mean \"{best}\"?)"),
        None => format!(
            "--area {area}: no such area; the areas are {}",
            ids.into_iter().collect::<Vec<_>>().join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Registry;
    use crate::sheet::{AreaGrade, Source};

    fn sheet(force: &str, cycle: &str) -> Sheet {
        Sheet {
            force: force.to_string(),
            force_id: slug(force),
            cycle: cycle.to_string(),
            rubric: "peel-2023-25".to_string(),
            source: Source::Published,
            url: None,
            areas: vec![AreaGrade::published(
                "investigating-crime".into(),
                "Investigating crime".into(),
                None,
            )],
        }
    }

    fn sheets() -> Vec<Sheet> {
        vec![
            sheet("Kent Police", "2021/22"),
            sheet("Kent Police", "2023-25"),
            sheet("Essex Police", "2023-25"),
        ]
    }

    #[test]
    fn a_force_is_picked_by_name_or_id_in_any_case() {
        for name in ["Kent Police", "kent police", "kent-police"] {
            let filter = Filter {
                forces: vec![name.to_string()],
                ..Filter::default()
            };
            let kept = filter.sheets(sheets()).unwrap();
            assert_eq!(kept.len(), 2, "{name}");
            assert!(kept.iter().all(|s| s.force_id == "kent-police"));
        }
    }

    #[test]
    fn a_near_miss_force_gets_a_did_you_mean() {
        let filter = Filter {
            forces: vec!["Kent Polce".into()],
            ..Filter::default()
        };
        assert_eq!(
            filter.sheets(sheets()).unwrap_err(),
            "--force Kent Polce: no such force (did you mean \"Kent Police\"?)"
        );
        let filter = Filter {
            forces: vec!["Dyfed".into()],
            ..Filter::default()
        };
        assert_eq!(
            filter.sheets(sheets()).unwrap_err(),
            "--force Dyfed: no such force; the forces are Essex Police, Kent Police"
        );
    }

    #[test]
    fn a_cycle_keeps_its_sheets_and_an_unknown_one_lists_the_cycles() {
        let filter = Filter {
            cycle: Some("2023-25".into()),
            ..Filter::default()
        };
        assert_eq!(filter.sheets(sheets()).unwrap().len(), 2);
        let filter = Filter {
            cycle: Some("2019".into()),
            ..Filter::default()
        };
        assert_eq!(
            filter.sheets(sheets()).unwrap_err(),
            "--cycle 2019: no sheet of that cycle; the cycles are 2021/22, 2023-25"
        );
    }

    #[test]
    fn areas_are_named_by_id_or_title_in_any_rubric() {
        let registry = Registry::new(Vec::new()).unwrap();
        let rubrics: Vec<&Rubric> = registry.iter().map(|r| &**r).collect();
        let filter = Filter {
            areas: vec!["Investigating crime".into(), "good-use-of-resources".into()],
            ..Filter::default()
        };
        let ids = filter.area_ids(&rubrics).unwrap().unwrap();
        assert!(ids.contains("investigating-crime"));
        assert!(ids.contains("good-use-of-resources"));
        let filter = Filter {
            areas: vec!["investigating-crim".into()],
            ..Filter::default()
        };
        assert_eq!(
            filter.area_ids(&rubrics).unwrap_err(),
            "--area investigating-crim: no such area (did you mean \"investigating-crime\"?)"
        );
        assert_eq!(Filter::default().area_ids(&rubrics).unwrap(), None);
    }
}
