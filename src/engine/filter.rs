//! Picking forces, areas and a cycle out of many sheets (`--force`, `--area`,
//! `--cycle`). Pure: no I/O. A filter that matches nothing is an error that says
//! what there is, so a typo never turns into an empty report.

use std::collections::BTreeSet;

pub use crate::model::ids::same_cycle;
use crate::model::ids::slug;
use crate::model::rubric::{Area, Registry, Rubric};
use crate::model::sheet::Sheet;
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

/// What the filters look at: a sheet's force name, force id and cycle.
pub type Key<'a> = (&'a str, &'a str, &'a str);

/// A sheet's [`Key`].
fn key(sheet: &Sheet) -> Key<'_> {
    (&sheet.force, &sheet.force_id, &sheet.cycle)
}

impl Filter {
    /// Keeps the sheets of the forces and the cycle asked for.
    pub fn sheets(&self, sheets: Vec<Sheet>) -> Result<Vec<Sheet>, String> {
        let resolved = self.resolve(sheets.iter().map(key))?;
        Ok(sheets
            .into_iter()
            .filter(|sheet| resolved.keeps(key(sheet)))
            .collect())
    }

    /// Whether the sheet of `key` is of a force and the cycle asked for (however its
    /// label is written); the filter is one [`Filter::resolve`] returned, naming forces
    /// by id.
    pub fn keeps(&self, (_, id, cycle): Key) -> bool {
        (self.forces.is_empty() || self.forces.iter().any(|f| f == id))
            && self
                .cycle
                .as_deref()
                .is_none_or(|wanted| same_cycle(cycle, wanted))
    }

    /// Whether `sheet` is of a force and the cycle asked for (see [`Filter::keeps`]).
    pub fn keeps_sheet(&self, sheet: &Sheet) -> bool {
        self.keeps(key(sheet))
    }

    /// The filter with each force named by the id of the force it names among `keys`;
    /// an error naming the first force or cycle
    /// asked for that none of `keys` has, or words that name several forces.
    pub fn resolve<'a>(&self, keys: impl Iterator<Item = Key<'a>>) -> Result<Filter, String> {
        if self.forces.is_empty() && self.cycle.is_none() {
            return Ok(self.clone());
        }
        let mut names: BTreeSet<(&str, &str)> = BTreeSet::new();
        let mut cycles: BTreeSet<&str> = BTreeSet::new();
        for (force, id, cycle) in keys {
            names.insert((force, id));
            cycles.insert(cycle);
        }
        let mut forces = Vec::new();
        for force in &self.forces {
            forces.extend(resolve_force(force, &names)?);
        }
        if let Some(cycle) = &self.cycle
            && !cycles.iter().any(|known| same_cycle(known, cycle))
        {
            let cycles: Vec<&str> = cycles.into_iter().collect();
            return Err(format!(
                "--cycle {cycle}: no sheet of that cycle; the cycles are {}",
                cycles.join(", ")
            ));
        }
        let cycle = self.cycle.clone();
        Ok(Filter {
            forces,
            areas: self.areas.clone(),
            cycle,
        })
    }

    /// The ids of the areas asked for, looked for in the rubrics that the sheets use
    /// (`used`, by id): an area of another framework would match nothing and leave
    /// every table empty. `None` when every area is asked for.
    pub fn areas_in<'a>(
        &self,
        registry: &Registry,
        used: impl IntoIterator<Item = &'a str>,
    ) -> Result<Option<BTreeSet<String>>, String> {
        let used: BTreeSet<&str> = used.into_iter().collect();
        let rubrics: Vec<&Rubric> = registry
            .iter()
            .filter(|r| used.contains(r.id.as_str()))
            .map(|r| &**r)
            .collect();
        self.area_ids(&rubrics)
    }

    /// The ids, in any of `rubrics`, of the areas asked for; `None` when every area is.
    pub fn area_ids(&self, rubrics: &[&Rubric]) -> Result<Option<BTreeSet<String>>, String> {
        if self.areas.is_empty() {
            return Ok(None);
        }
        let mut ids = BTreeSet::new();
        for name in &self.areas {
            let mut found: Vec<&str> = rubrics
                .iter()
                .filter_map(|rubric| rubric.resolve_area(name))
                .map(|area| area.id.as_str())
                .collect();
            if found.is_empty() {
                found = loosely(name, rubrics)?;
            }
            if found.is_empty() {
                return Err(no_area_message(name, rubrics));
            }
            ids.extend(found.into_iter().map(str::to_string));
        }
        Ok(Some(ids))
    }
}

/// The areas `name` names loosely: the code `compare` heads a column with (`IC`, in
/// any case), or words of one area's title (`investigating`, `public treatment`).
/// Words that several areas' titles hold are an error naming them.
fn loosely<'r>(name: &str, rubrics: &[&'r Rubric]) -> Result<Vec<&'r str>, String> {
    let mut by_code = Vec::new();
    let mut by_words: Vec<&Area> = Vec::new();
    let words = format!("-{}-", slug(name));
    for rubric in rubrics {
        let titles: Vec<&str> = rubric.areas.iter().map(|a| a.title.as_str()).collect();
        let codes = crate::model::rubric::area_codes(&titles);
        for (area, code) in rubric.areas.iter().zip(&codes) {
            if code.eq_ignore_ascii_case(name.trim()) {
                by_code.push(area.id.as_str());
            } else if words != "--" && format!("-{}-", slug(&area.title)).contains(&words) {
                by_words.push(area);
            }
        }
    }
    if !by_code.is_empty() {
        return Ok(by_code);
    }
    let titles: BTreeSet<&str> = by_words.iter().map(|a| a.title.as_str()).collect();
    match titles.len() {
        0 | 1 => Ok(by_words.iter().map(|a| a.id.as_str()).collect()),
        _ => Err(format!(
            "--area {name}: names several areas ({}); give more of the title, or the id",
            titles.into_iter().collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The ids of the force `wanted` names among `names` (name, id): the one whose id,
/// name (in any case) or name's id it is; else the one force whose name holds its
/// words ("Kent" for Kent Police). Words that several forces' names hold are an error.
fn resolve_force(wanted: &str, names: &BTreeSet<(&str, &str)>) -> Result<Vec<String>, String> {
    let trimmed = wanted.trim();
    let words = slug(trimmed);
    let exact: BTreeSet<&str> = names
        .iter()
        .filter(|(name, id)| *id == trimmed || name.eq_ignore_ascii_case(trimmed) || *id == words)
        .map(|(_, id)| *id)
        .collect();
    if !exact.is_empty() {
        return Ok(exact.into_iter().map(str::to_string).collect());
    }
    let holding: Vec<(&str, &str)> = names
        .iter()
        .filter(|(name, id)| {
            let wanted = format!("-{words}-");
            !words.is_empty()
                && (format!("-{id}-").contains(&wanted)
                    || format!("-{}-", slug(name)).contains(&wanted))
        })
        .copied()
        .collect();
    let ids: BTreeSet<&str> = holding.iter().map(|(_, id)| *id).collect();
    match ids.len() {
        0 => Err(no_force_message(wanted, names)),
        1 => Ok(ids.into_iter().map(str::to_string).collect()),
        _ => {
            let named: BTreeSet<&str> = holding.iter().map(|(name, _)| *name).collect();
            Err(format!(
                "--force {wanted}: names several forces ({}); give one's full name or id",
                named.into_iter().collect::<Vec<_>>().join(", ")
            ))
        }
    }
}

fn no_force_message(force: &str, known: &BTreeSet<(&str, &str)>) -> String {
    let names: BTreeSet<&str> = known.iter().map(|(name, _)| *name).collect();
    let ids: BTreeSet<&str> = known.iter().map(|(_, id)| *id).collect();
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
    use crate::model::sheet::{AreaGrade, Source};

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
    fn words_of_one_force_s_name_pick_it_and_words_of_several_are_refused() {
        let filter = Filter {
            forces: vec!["kent".into()],
            ..Filter::default()
        };
        let kept = filter.sheets(sheets()).unwrap();
        assert_eq!(kept.len(), 2);
        assert!(kept.iter().all(|s| s.force_id == "kent-police"));
        let filter = Filter {
            forces: vec!["Police".into()],
            ..Filter::default()
        };
        assert_eq!(
            filter.sheets(sheets()).unwrap_err(),
            "--force Police: names several forces (Essex Police, Kent Police); give one's full name or id"
        );
    }

    #[test]
    fn a_cycle_written_another_way_is_the_same_cycle() {
        assert!(same_cycle("2021/22", "2021-22"));
        assert!(same_cycle("2023–25", "2023-25"));
        assert!(!same_cycle("2021/22", "2023-25"));
        let filter = Filter {
            cycle: Some("2023/25".into()),
            ..Filter::default()
        };
        assert_eq!(filter.sheets(sheets()).unwrap().len(), 2);
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
