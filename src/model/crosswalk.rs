//! The crosswalk: which areas of an older rubric each area of a newer one continues,
//! through the newer rubric's `replaces` link and its areas' `formerly` lists,
//! composed along a chain of several cycles. Pure: no I/O.

use std::collections::{HashMap, HashSet};

use crate::model::rubric::{Registry, Rubric};

/// For each area of a newer rubric, the areas of an older one it continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosswalk {
    predecessors: HashMap<String, Vec<String>>,
}

/// Why two rubrics cannot be crosswalked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CrosswalkError {
    /// No chain of `replaces` leads from the newer rubric to the older.
    #[error("rubric {newer} does not continue {older}: no chain of `replaces` links them")]
    Unlinked {
        /// The rubric expected to be newer.
        newer: String,
        /// The rubric expected to be older.
        older: String,
    },
    /// A `formerly` list names an area the replaced rubric does not have.
    #[error(
        "rubric {rubric}, area {area}: formerly names \"{former}\", which is not an area of {replaced}{}",
        hint.as_deref().map(|h| format!(" (did you mean \"{h}\"?)")).unwrap_or_default()
    )]
    UnknownFormer {
        /// The rubric whose area has the bad list.
        rubric: String,
        /// The area.
        area: String,
        /// The id named.
        former: String,
        /// The replaced rubric.
        replaced: String,
        /// The replaced rubric's nearest area id, if one is near.
        hint: Option<String>,
    },
}

impl Crosswalk {
    /// The crosswalk from `older` to `newer`: identity for one rubric, else composed
    /// along `newer`'s chain of `replaces` until it reaches `older`.
    pub fn between(
        registry: &Registry,
        older: &Rubric,
        newer: &Rubric,
    ) -> Result<Self, CrosswalkError> {
        let mut predecessors: HashMap<String, Vec<String>> = newer
            .areas
            .iter()
            .map(|a| (a.id.clone(), vec![a.id.clone()]))
            .collect();
        let mut current = newer;
        let mut visited = HashSet::new();
        while current.id != older.id {
            let unlinked = || CrosswalkError::Unlinked {
                newer: newer.id.clone(),
                older: older.id.clone(),
            };
            if !visited.insert(current.id.clone()) {
                return Err(unlinked());
            }
            let replaced = current
                .replaces
                .as_deref()
                .and_then(|id| registry.get(id))
                .ok_or_else(unlinked)?;
            for ids in predecessors.values_mut() {
                let mut stepped = Vec::new();
                for id in ids.iter() {
                    let Some(area) = current.area(id) else {
                        continue;
                    };
                    for former in &area.formerly {
                        if replaced.area(former).is_none() {
                            let ids = replaced.areas.iter().map(|a| a.id.as_str());
                            return Err(CrosswalkError::UnknownFormer {
                                rubric: current.id.clone(),
                                area: area.id.clone(),
                                former: former.clone(),
                                replaced: replaced.id.clone(),
                                hint: crate::suggest::did_you_mean(former, ids).map(str::to_string),
                            });
                        }
                        if !stepped.contains(former) {
                            stepped.push(former.clone());
                        }
                    }
                }
                *ids = stepped;
            }
            current = replaced;
        }
        Ok(Crosswalk { predecessors })
    }

    /// The older rubric's areas that `area` (of the newer rubric) continues.
    pub fn predecessors(&self, area: &str) -> &[String] {
        self.predecessors.get(area).map_or(&[], Vec::as_slice)
    }

    /// Whether an older area is continued by any newer area.
    pub fn continues(&self, older_area: &str) -> bool {
        self.predecessors
            .values()
            .any(|ids| ids.iter().any(|id| id == older_area))
    }
}

/// Whether `newer` reaches `older` through its chain of `replaces` (or is it).
pub fn reaches(registry: &Registry, newer: &Rubric, older: &str) -> bool {
    let mut current = Some(newer);
    let mut visited = HashSet::new();
    while let Some(rubric) = current {
        if rubric.id == older {
            return true;
        }
        if !visited.insert(rubric.id.clone()) {
            return false;
        }
        current = rubric
            .replaces
            .as_deref()
            .and_then(|id| registry.get(id))
            .map(|r| &**r);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::rubric::parse_rubric;

    fn rubric(text: &str) -> (String, Rubric) {
        ("r.yaml".into(), parse_rubric("r.yaml", text).unwrap())
    }

    fn chain() -> Registry {
        Registry::new(vec![
            rubric("rubric: c1\ntitle: C1\nareas:\n  - {id: a, title: A, criteria: [{id: A, text: x}]}\n  - {id: b, title: B, criteria: [{id: B, text: x}]}\n  - {id: gone, title: G, criteria: [{id: G, text: x}]}\n"),
            rubric("rubric: c2\ntitle: C2\nreplaces: c1\nareas:\n  - {id: ab, title: AB, formerly: [a, b], criteria: [{id: AB, text: x}]}\n  - {id: fresh, title: F, criteria: [{id: F, text: x}]}\n"),
            rubric("rubric: c3\ntitle: C3\nreplaces: c2\nareas:\n  - {id: ab2, title: AB2, formerly: [ab], criteria: [{id: AB2, text: x}]}\n  - {id: fresh, title: F, formerly: [fresh], criteria: [{id: F, text: x}]}\n"),
        ])
        .unwrap()
    }

    #[test]
    fn one_rubric_maps_each_area_to_itself() {
        let registry = chain();
        let c1 = registry.get("c1").unwrap();
        let walk = Crosswalk::between(&registry, c1, c1).unwrap();
        assert_eq!(walk.predecessors("a"), ["a"]);
    }

    #[test]
    fn formerly_lists_compose_along_a_chain() {
        let registry = chain();
        let (c1, c3) = (registry.get("c1").unwrap(), registry.get("c3").unwrap());
        let walk = Crosswalk::between(&registry, c1, c3).unwrap();
        assert_eq!(walk.predecessors("ab2"), ["a", "b"]);
        assert!(walk.predecessors("fresh").is_empty());
        assert!(walk.continues("a"));
        assert!(!walk.continues("gone"));
    }

    #[test]
    fn the_built_in_rubrics_are_linked_as_the_issue_says() {
        let registry = Registry::new(Vec::new()).unwrap();
        let (old, new) = (
            registry.get("peel-2021-22").unwrap(),
            registry.get("peel-2023-25").unwrap(),
        );
        let walk = Crosswalk::between(&registry, old, new).unwrap();
        assert_eq!(
            walk.predecessors("police-powers-and-public-treatment"),
            ["treatment-of-the-public"]
        );
        assert_eq!(
            walk.predecessors("building-supporting-and-protecting-the-workforce"),
            ["developing-a-positive-workplace"]
        );
        assert_eq!(
            walk.predecessors("leadership-and-force-management"),
            ["good-use-of-resources"]
        );
        assert_eq!(
            walk.predecessors("investigating-crime"),
            ["investigating-crime"]
        );
        assert!(!walk.continues("disrupting-serious-organised-crime"));
    }

    #[test]
    fn unlinked_rubrics_are_an_error() {
        let registry = chain();
        let (c1, c3) = (registry.get("c1").unwrap(), registry.get("c3").unwrap());
        assert_eq!(
            Crosswalk::between(&registry, c3, c1)
                .unwrap_err()
                .to_string(),
            "rubric c1 does not continue c3: no chain of `replaces` links them"
        );
        assert!(reaches(&registry, c3, "c1"));
        assert!(!reaches(&registry, c1, "c3"));
    }
}
