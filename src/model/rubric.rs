//! The rubric: graded areas, their criteria, the scoring rules, and the registry of
//! the rubrics a run knows.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::grade::Grade;
use crate::suggest::did_you_mean;

/// An inspection framework's graded areas and the rules that turn judgements into grades.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    /// Unique id such as `peel-2023-25`.
    pub id: String,
    /// Human title such as "PEEL 2023–25".
    pub title: String,
    /// The id of the previous cycle's rubric that this one continues.
    pub replaces: Option<String>,
    /// The cycle labels this rubric serves, such as "2023-25": picks it for a cycle.
    pub cycles: Vec<String>,
    /// Points, bands, coverage and ceilings.
    pub scoring: Scoring,
    /// The graded areas in the framework's order.
    pub areas: Vec<Area>,
    /// The YAML this rubric was read from, to print it back.
    pub source: String,
    /// Where it came from: "built-in", or the file it was read from.
    pub origin: String,
    pub(crate) criterion_index: HashMap<String, (usize, usize)>,
}

/// One graded area of a rubric, such as "Investigating crime".
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Id unique within the rubric.
    pub id: String,
    /// The id again, shared by every finding in the area (a run holds many).
    pub shared_id: Arc<str>,
    /// Human title.
    pub title: String,
    /// The title again, shared by every sheet's area (a run holds many).
    pub shared_title: Arc<str>,
    /// Ids of the areas in the replaced rubric that this area continues.
    pub formerly: Vec<String>,
    /// Other ids by which published sheets name this area (a framework revised mid-cycle).
    pub aliases: Vec<String>,
    /// Graded only where inspected: left out of a sheet when it has no evidence.
    pub optional: bool,
    /// The characteristics of good performance.
    pub criteria: Vec<Criterion>,
}

/// One characteristic of good performance.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Id unique across the whole rubric.
    pub id: String,
    /// What good looks like.
    pub text: String,
    /// Relative weight in the area's score.
    pub weight: u64,
    /// A critical criterion judged not demonstrated caps the area's grade.
    pub critical: bool,
    /// Position across the whole rubric, from 0: evidence is indexed by it.
    pub index: usize,
}

/// How judgements and findings become a grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scoring {
    /// Points per judgement.
    pub points: Points,
    /// Least percentage of the maximum score for each grade.
    pub bands: Bands,
    /// Least percentage (by weight) of an area's criteria that must be judged.
    pub coverage: u64,
    /// Ceilings that findings and critical criteria put on a grade.
    pub limits: Limits,
}

/// Points for each judgement of a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Points {
    /// Points for a criterion the force went beyond.
    pub exceeded: u64,
    /// Points for a criterion the force showed.
    pub demonstrated: u64,
    /// Points for a criterion the force partly showed.
    pub partly: u64,
    /// Points for a criterion the force did not show.
    pub not_demonstrated: u64,
}

/// The least percentage of the maximum score that earns each grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    /// Least percentage for outstanding.
    pub outstanding: u64,
    /// Least percentage for good.
    pub good: u64,
    /// Least percentage for adequate.
    pub adequate: u64,
    /// Least percentage for requires improvement; below it, inadequate.
    pub requires_improvement: u64,
}

impl Bands {
    /// The least percentage for `grade`, or `None` for inadequate (no floor).
    pub fn threshold(&self, grade: Grade) -> Option<u64> {
        match grade {
            Grade::Outstanding => Some(self.outstanding),
            Grade::Good => Some(self.good),
            Grade::Adequate => Some(self.adequate),
            Grade::RequiresImprovement => Some(self.requires_improvement),
            Grade::Inadequate => None,
        }
    }
}

/// The ceilings on an area's grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Highest grade for an area with a cause of concern.
    pub cause_of_concern: Grade,
    /// Highest grade for an area with a critical criterion not demonstrated.
    pub critical_not_demonstrated: Grade,
    /// Most areas for improvement each listed grade allows, best grade first.
    pub max_areas_for_improvement: Vec<(Grade, u64)>,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            points: Points {
                exceeded: 4,
                demonstrated: 3,
                partly: 2,
                not_demonstrated: 1,
            },
            bands: Bands {
                outstanding: 88,
                good: 70,
                adequate: 55,
                requires_improvement: 40,
            },
            coverage: 75,
            limits: Limits {
                cause_of_concern: Grade::Inadequate,
                critical_not_demonstrated: Grade::RequiresImprovement,
                max_areas_for_improvement: vec![
                    (Grade::Outstanding, 0),
                    (Grade::Good, 2),
                    (Grade::Adequate, 4),
                ],
            },
        }
    }
}

impl Rubric {
    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|area| area.id == id)
    }

    /// The area a published sheet names: by id, by an alias, or by its title
    /// (case-insensitively, spaces trimmed).
    pub fn resolve_area(&self, name: &str) -> Option<&Area> {
        let name = name.trim();
        self.area(name).or_else(|| {
            self.areas.iter().find(|area| {
                area.aliases.iter().any(|alias| alias == name)
                    || area.title.to_lowercase() == name.to_lowercase()
            })
        })
    }

    /// Position of the area in the rubric's order.
    pub fn area_index(&self, id: &str) -> Option<usize> {
        self.areas.iter().position(|area| area.id == id)
    }

    /// How many criteria the rubric has across all its areas.
    pub fn criterion_count(&self) -> usize {
        self.criterion_index.len()
    }

    /// The criterion with this id and the area it belongs to.
    pub fn criterion(&self, id: &str) -> Option<(&Area, &Criterion)> {
        let &(area, criterion) = self.criterion_index.get(id)?;
        let area = &self.areas[area];
        Some((area, &area.criteria[criterion]))
    }

    /// The criterion at position `index` across the whole rubric
    /// ([`Criterion::index`]).
    pub fn criterion_at(&self, index: u32) -> Option<&Criterion> {
        let mut rest = usize::try_from(index).ok()?;
        for area in &self.areas {
            match area.criteria.get(rest) {
                Some(criterion) => return Some(criterion),
                None => rest -= area.criteria.len(),
            }
        }
        None
    }

    /// "unknown area" with a did-you-mean, for messages.
    pub fn unknown_area_message(&self, id: &str) -> String {
        unknown(
            "area",
            id,
            &self.id,
            self.areas.iter().map(|a| a.id.as_str()),
        )
    }

    /// "unknown criterion" with a did-you-mean, for messages.
    pub fn unknown_criterion_message(&self, id: &str) -> String {
        unknown(
            "criterion",
            id,
            &self.id,
            self.areas
                .iter()
                .flat_map(|a| a.criteria.iter().map(|c| c.id.as_str())),
        )
    }
}

fn unknown<'a>(what: &str, id: &str, rubric: &str, ids: impl Iterator<Item = &'a str>) -> String {
    match did_you_mean(id, ids) {
        Some(best) => {
            format!("unknown {what} \"{id}\" in rubric {rubric} (did you mean \"{best}\"?)")
        }
        None => format!("unknown {what} \"{id}\" in rubric {rubric}"),
    }
}

/// Whether `id` is made of lowercase ASCII letters, digits and '-'.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The rubrics compiled into the binary: (file name, YAML).
pub const BUILT_IN: [(&str, &str); 2] = [
    (
        "rubrics/peel-2023-25.yaml",
        include_str!("../../rubrics/peel-2023-25.yaml"),
    ),
    (
        "rubrics/peel-2021-22.yaml",
        include_str!("../../rubrics/peel-2021-22.yaml"),
    ),
];

/// The ids of the built-in rubrics: their files are named after them.
pub fn built_in_rubric_ids() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().filter_map(|(path, _)| {
        path.strip_prefix("rubrics/")
            .and_then(|name| name.strip_suffix(".yaml"))
    })
}

/// The id of the rubric used where none is named.
pub const DEFAULT_RUBRIC: &str = "peel-2023-25";

/// The rubrics a run knows: the built-in ones, and any given with `--rubric`.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    rubrics: BTreeMap<String, Arc<Rubric>>,
    /// The paths of the rubric files given, as given.
    files: Vec<String>,
}

impl Registry {
    /// The rubrics `extra` (from `--rubric` files, with their paths), then those of
    /// `built_in` whose id none of them has; one id given twice is a problem naming
    /// both files.
    pub fn with(
        extra: Vec<(String, Rubric)>,
        built_in: Vec<Rubric>,
    ) -> Result<Registry, Diagnostics> {
        let mut rubrics = BTreeMap::new();
        let mut problems = Vec::new();
        let mut from_files: HashMap<String, String> = HashMap::new();
        let files = extra.iter().map(|(path, _)| path.clone()).collect();
        for (path, rubric) in extra {
            if let Some(first) = from_files.insert(rubric.id.clone(), path.clone()) {
                problems.push(Diagnostic::file(
                    &path,
                    format!(
                        "rubric \"{}\" is also given by {first}; give each rubric id once",
                        rubric.id
                    ),
                ));
            }
            rubrics.insert(rubric.id.clone(), Arc::new(rubric));
        }
        for rubric in built_in {
            rubrics
                .entry(rubric.id.clone())
                .or_insert_with(|| Arc::new(rubric));
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        Ok(Registry { rubrics, files })
    }

    /// The paths of the rubric files this registry was given (`--rubric`), as given.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// The one rubric that serves `cycle` (lists it under `cycles`), or a message naming
    /// the candidates: none, or more than one.
    pub fn for_cycle(&self, cycle: &str) -> Result<&Arc<Rubric>, String> {
        let serving: Vec<&Arc<Rubric>> = self
            .rubrics
            .values()
            .filter(|rubric| {
                rubric
                    .cycles
                    .iter()
                    .any(|c| crate::model::ids::same_cycle(c, cycle))
            })
            .collect();
        match serving.as_slice() {
            [one] => Ok(one),
            [] => {
                let known: Vec<String> = self
                    .rubrics
                    .values()
                    .map(|r| match r.cycles.as_slice() {
                        [] => format!("{} (no cycles listed)", r.id),
                        cycles => format!("{} ({})", r.id, cycles.join(", ")),
                    })
                    .collect();
                Err(format!(
                    "no rubric serves cycle \"{cycle}\"; rubrics and the cycles they serve: {}",
                    known.join("; ")
                ))
            }
            several => Err(format!(
                "cycle \"{cycle}\" is served by {}: name the rubric",
                several
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            )),
        }
    }

    /// The rubric with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Rubric>> {
        self.rubrics.get(id)
    }

    /// Every rubric, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Rubric>> {
        self.rubrics.values()
    }

    /// "unknown rubric" with a did-you-mean, for messages.
    pub fn unknown_rubric_message(&self, id: &str) -> String {
        let known: Vec<&str> = self.rubrics.keys().map(String::as_str).collect();
        match did_you_mean(id, known.iter().copied()) {
            Some(best) => format!("unknown rubric \"{id}\" (did you mean \"{best}\"?)"),
            None => format!(
                "unknown rubric \"{id}\"; known rubrics: {}",
                known.join(", ")
            ),
        }
    }
}

/// Short headers for areas: the initials of a title's words, small words left out
/// ("Police powers and public treatment" → "PPPT"); a number is added where two
/// areas would share one.
pub fn area_codes(titles: &[&str]) -> Vec<String> {
    const SMALL: [&str; 8] = ["and", "the", "of", "to", "for", "a", "in", "on"];
    let mut codes: Vec<String> = titles
        .iter()
        .map(|title| {
            title
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty() && !SMALL.contains(&word.to_lowercase().as_str()))
                .filter_map(|word| word.chars().next())
                .flat_map(char::to_uppercase)
                .collect()
        })
        .collect();
    for index in 0..codes.len() {
        let clash = codes.iter().filter(|c| **c == codes[index]).count() > 1;
        if clash || codes[index].is_empty() {
            codes[index] = format!("{}{}", codes[index], index + 1);
        }
    }
    codes
}
