//! The rubric: graded areas, their criteria, the scoring rules, and the registry of
//! built-in and user-supplied rubrics.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::grade::Grade;
use crate::suggest::did_you_mean;
use crate::yaml;

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
    criterion_index: HashMap<String, (usize, usize)>,
}

/// One graded area of a rubric, such as "Investigating crime".
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Id unique within the rubric.
    pub id: String,
    /// Human title.
    pub title: String,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    rubric: Spanned<String>,
    title: String,
    #[serde(default)]
    replaces: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "yaml::null_as_empty")]
    cycles: Vec<Spanned<String>>,
    #[serde(default)]
    scoring: Option<RawScoring>,
    areas: Spanned<Vec<RawArea>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScoring {
    points: Spanned<Points>,
    bands: Spanned<Bands>,
    coverage: Spanned<u64>,
    limits: RawLimits,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    cause_of_concern: Grade,
    critical_not_demonstrated: Grade,
    #[serde(default)]
    max_areas_for_improvement: Option<Spanned<RawAfiLimits>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAfiLimits {
    outstanding: Option<u64>,
    good: Option<u64>,
    adequate: Option<u64>,
    requires_improvement: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    id: Spanned<String>,
    title: String,
    #[serde(default, deserialize_with = "yaml::null_as_empty")]
    formerly: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "yaml::null_as_empty")]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    optional: bool,
    criteria: Spanned<Vec<RawCriterion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: Spanned<String>,
    text: String,
    #[serde(default)]
    weight: Option<Spanned<u64>>,
    #[serde(default)]
    critical: bool,
}

/// Most points or weight a rubric may give, so that sums cannot overflow.
const MAX_POINTS: u64 = 1000;

/// Reads and validates a rubric from YAML text; `path` names it in messages.
pub fn parse_rubric(path: &str, text: &str) -> Result<Rubric, Diagnostics> {
    let raw: RawRubric = yaml::from_str(path, text)?;
    let mut problems = Vec::new();
    let mut problem = |location: serde_saphyr::Location, message: String| {
        problems.push(Diagnostic::at(path, text, location, message));
    };

    if !is_valid_id(&raw.rubric.value) {
        problem(
            raw.rubric.referenced,
            format!(
                "rubric id \"{}\" must be lowercase letters, digits and '-'",
                raw.rubric.value
            ),
        );
    }
    if let Some(replaces) = &raw.replaces
        && replaces.value == raw.rubric.value
    {
        problem(
            replaces.referenced,
            "a rubric cannot replace itself".to_string(),
        );
    }

    let scoring = match raw.scoring {
        None => Scoring::default(),
        Some(scoring) => {
            let points = scoring.points.value;
            let values = [
                points.exceeded,
                points.demonstrated,
                points.partly,
                points.not_demonstrated,
            ];
            if !strictly_decreasing(&values) {
                problem(
                    scoring.points.referenced,
                    "points must be strictly decreasing from exceeded to not_demonstrated"
                        .to_string(),
                );
            }
            if values.iter().any(|&v| v > MAX_POINTS) {
                problem(
                    scoring.points.referenced,
                    format!("points may be at most {MAX_POINTS}"),
                );
            }
            let bands = scoring.bands.value;
            let values = [
                bands.outstanding,
                bands.good,
                bands.adequate,
                bands.requires_improvement,
            ];
            if !strictly_decreasing(&values) {
                problem(
                    scoring.bands.referenced,
                    "bands must be strictly decreasing from outstanding to requires_improvement"
                        .to_string(),
                );
            }
            if values.iter().any(|&v| v > 100) {
                problem(
                    scoring.bands.referenced,
                    "bands are percentages from 0 to 100".to_string(),
                );
            }
            if scoring.coverage.value > 100 {
                problem(
                    scoring.coverage.referenced,
                    "coverage is a percentage from 0 to 100".to_string(),
                );
            }
            let mut max_areas_for_improvement = Vec::new();
            if let Some(afi) = scoring.limits.max_areas_for_improvement {
                let listed = [
                    (Grade::Outstanding, afi.value.outstanding),
                    (Grade::Good, afi.value.good),
                    (Grade::Adequate, afi.value.adequate),
                    (Grade::RequiresImprovement, afi.value.requires_improvement),
                ];
                max_areas_for_improvement = listed
                    .into_iter()
                    .filter_map(|(grade, max)| max.map(|max| (grade, max)))
                    .collect();
                if max_areas_for_improvement
                    .windows(2)
                    .any(|w| w[0].1 > w[1].1)
                {
                    problem(
                        afi.referenced,
                        "max_areas_for_improvement may not decrease from outstanding down to requires_improvement"
                            .to_string(),
                    );
                }
            }
            Scoring {
                points,
                bands,
                coverage: scoring.coverage.value,
                limits: Limits {
                    cause_of_concern: scoring.limits.cause_of_concern,
                    critical_not_demonstrated: scoring.limits.critical_not_demonstrated,
                    max_areas_for_improvement,
                },
            }
        }
    };

    if raw.areas.value.is_empty() {
        problem(
            raw.areas.referenced,
            "a rubric needs at least one area".to_string(),
        );
    }
    let mut area_ids: HashMap<String, serde_saphyr::Location> = HashMap::new();
    let mut criterion_ids: HashMap<String, serde_saphyr::Location> = HashMap::new();
    let mut criterion_index = HashMap::new();
    let mut areas = Vec::with_capacity(raw.areas.value.len());
    for (area_position, raw_area) in raw.areas.value.into_iter().enumerate() {
        let id = raw_area.id;
        if !is_valid_id(&id.value) {
            problem(
                id.referenced,
                format!(
                    "area id \"{}\" must be lowercase letters, digits and '-'",
                    id.value
                ),
            );
        }
        if let Some(first) = area_ids.insert(id.value.clone(), id.referenced) {
            problem(
                id.referenced,
                format!(
                    "area \"{}\" is defined twice (first at line {})",
                    id.value,
                    first.line()
                ),
            );
        }
        for former in raw_area.formerly.iter().chain(&raw_area.aliases) {
            if !is_valid_id(&former.value) {
                problem(
                    former.referenced,
                    format!(
                        "area id \"{}\" must be lowercase letters, digits and '-'",
                        former.value
                    ),
                );
            }
        }
        if raw_area.criteria.value.is_empty() {
            problem(
                raw_area.criteria.referenced,
                format!("area \"{}\" needs at least one criterion", id.value),
            );
        }
        let mut criteria = Vec::with_capacity(raw_area.criteria.value.len());
        for (criterion_position, raw_criterion) in raw_area.criteria.value.into_iter().enumerate() {
            let cid = raw_criterion.id;
            if cid.value.trim().is_empty() || cid.value.chars().any(char::is_whitespace) {
                problem(
                    cid.referenced,
                    format!(
                        "criterion id \"{}\" must be non-empty and without spaces",
                        cid.value
                    ),
                );
            }
            if let Some(first) = criterion_ids.insert(cid.value.clone(), cid.referenced) {
                problem(
                    cid.referenced,
                    format!(
                        "criterion \"{}\" is defined twice (first at line {}); criterion ids are unique across the rubric",
                        cid.value,
                        first.line()
                    ),
                );
            }
            let weight = match raw_criterion.weight {
                None => 1,
                Some(weight) => {
                    if weight.value == 0 || weight.value > MAX_POINTS {
                        problem(
                            weight.referenced,
                            format!("weight must be a whole number from 1 to {MAX_POINTS}"),
                        );
                    }
                    weight.value
                }
            };
            let index = criterion_index.len();
            criterion_index.insert(cid.value.clone(), (area_position, criterion_position));
            criteria.push(Criterion {
                id: cid.value,
                text: raw_criterion.text,
                weight,
                critical: raw_criterion.critical,
                index,
            });
        }
        areas.push(Area {
            id: id.value,
            title: raw_area.title,
            formerly: raw_area.formerly.into_iter().map(|f| f.value).collect(),
            aliases: raw_area.aliases.into_iter().map(|a| a.value).collect(),
            optional: raw_area.optional,
            criteria,
        });
    }

    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    Ok(Rubric {
        id: raw.rubric.value,
        title: raw.title,
        replaces: raw.replaces.map(|r| r.value),
        cycles: raw.cycles.into_iter().map(|c| c.value).collect(),
        scoring,
        areas,
        source: text.to_string(),
        origin: path.to_string(),
        criterion_index,
    })
}

fn strictly_decreasing(values: &[u64]) -> bool {
    values.windows(2).all(|w| w[0] > w[1])
}

/// The rubrics compiled into the binary: (file name, YAML).
pub const BUILT_IN: [(&str, &str); 2] = [
    (
        "rubrics/peel-2023-25.yaml",
        include_str!("../rubrics/peel-2023-25.yaml"),
    ),
    (
        "rubrics/peel-2021-22.yaml",
        include_str!("../rubrics/peel-2021-22.yaml"),
    ),
];

/// The id of the rubric used where none is named.
pub const DEFAULT_RUBRIC: &str = "peel-2023-25";

/// The rubrics a run knows: the built-in ones, and any given with `--rubric`.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    rubrics: BTreeMap<String, Arc<Rubric>>,
}

impl Registry {
    /// The built-in rubrics, replaced or joined by `extra` (already parsed `--rubric` files).
    pub fn new(extra: Vec<(String, Rubric)>) -> Result<Registry, Diagnostics> {
        let mut rubrics = BTreeMap::new();
        let mut problems = Vec::new();
        let mut from_files: HashMap<String, String> = HashMap::new();
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
        for (path, text) in BUILT_IN {
            let mut rubric = parse_rubric(path, text)?;
            rubric.origin = "built-in".to_string();
            rubrics
                .entry(rubric.id.clone())
                .or_insert_with(|| Arc::new(rubric));
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        Ok(Registry { rubrics })
    }

    /// The one rubric that serves `cycle` (lists it under `cycles`), or a message naming
    /// the candidates: none, or more than one.
    pub fn for_cycle(&self, cycle: &str) -> Result<&Arc<Rubric>, String> {
        let serving: Vec<&Arc<Rubric>> = self
            .rubrics
            .values()
            .filter(|rubric| rubric.cycles.iter().any(|c| c == cycle))
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

#[cfg(test)]
mod cycle_tests {
    use super::*;

    #[test]
    fn a_cycle_picks_the_rubric_that_serves_it() {
        let registry = Registry::new(Vec::new()).unwrap();
        assert_eq!(registry.for_cycle("2023-25").unwrap().id, "peel-2023-25");
        assert_eq!(registry.for_cycle("2021/22").unwrap().id, "peel-2021-22");
    }

    #[test]
    fn a_cycle_no_rubric_serves_names_the_candidates() {
        let registry = Registry::new(Vec::new()).unwrap();
        let message = registry.for_cycle("2019").unwrap_err();
        assert!(
            message.contains("no rubric serves cycle \"2019\""),
            "{message}"
        );
        assert!(message.contains("peel-2023-25 (2023-25)"), "{message}");
    }

    #[test]
    fn a_cycle_two_rubrics_serve_is_ambiguous() {
        let text = BUILT_IN[0]
            .1
            .replace("rubric: peel-2023-25", "rubric: mine");
        let mine = parse_rubric("mine.yaml", &text).unwrap();
        let registry = Registry::new(vec![("mine.yaml".into(), mine)]).unwrap();
        let message = registry.for_cycle("2023-25").unwrap_err();
        assert!(message.contains("mine and peel-2023-25"), "{message}");
    }

    #[test]
    fn aliases_are_read_from_the_built_in_2021_22_rubric() {
        let registry = Registry::new(Vec::new()).unwrap();
        let rubric = registry.get("peel-2021-22").unwrap();
        let area = rubric.area("good-use-of-resources").unwrap();
        assert_eq!(
            area.aliases,
            ["strategic-planning-organisational-management-and-value-for-money"]
        );
    }
}
