//! The rubric: graded areas, their criteria, the scoring rules, and the registry of
//! built-in and user-supplied rubrics.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::location::Location;

use crate::diag::{Diagnostic, Diagnostics};
use crate::grade::Grade;
use crate::suggest::did_you_mean;
use crate::yaml::{self, Checker};

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

/// Most points or weight a rubric may give, so that sums cannot overflow.
const MAX_POINTS: u64 = 1000;

/// Reads and validates a rubric from YAML text, reporting every problem of the file;
/// `path` names it in messages.
pub fn parse_rubric(path: &str, text: &str) -> Result<Rubric, Diagnostics> {
    let root = yaml::parse(path, text)?;
    let mut checker = Checker::new(path, text);
    let keys = ["rubric", "title", "replaces", "cycles", "scoring", "areas"];
    let Some(fields) = checker.fields(&root, &keys) else {
        return Err(Diagnostics(checker.problems));
    };
    let id = checker
        .required(&fields, "rubric")
        .and_then(|node| read_id(&mut checker, node, "rubric"));
    let title = checker
        .required(&fields, "title")
        .and_then(|node| checker.text(node));
    let replaces = fields
        .get("replaces")
        .and_then(|node| Some((checker.text(node)?, node.at)));
    if let (Some((replaced, at)), Some(id)) = (&replaces, &id)
        && replaced == id
    {
        checker.problem(*at, "a rubric cannot replace itself");
    }
    let cycles: Vec<String> = checker
        .list(fields.get("cycles"))
        .iter()
        .filter_map(|node| checker.text(node))
        .collect();
    let scoring = match fields.get("scoring") {
        None => Scoring::default(),
        Some(node) => read_scoring(&mut checker, node),
    };
    let (areas, criterion_index) = match checker.required(&fields, "areas") {
        Some(node) => read_areas(&mut checker, node),
        None => (Vec::new(), HashMap::new()),
    };
    let ((id, title), _) = checker.finish((id, title))?;
    let (Some(id), Some(title)) = (id, title) else {
        // Never reached: a missing value always records a problem first.
        return Err(Diagnostic::file(path, "a rubric needs an id and a title").into());
    };
    Ok(Rubric {
        id,
        title,
        replaces: replaces.map(|(r, _)| r),
        cycles,
        scoring,
        areas,
        source: text.to_string(),
        origin: path.to_string(),
        criterion_index,
    })
}

/// An id of lowercase letters, digits and '-'; `what` names it in the message.
fn read_id(checker: &mut Checker, node: &yaml::Node, what: &str) -> Option<String> {
    let id = checker.text(node)?;
    if !is_valid_id(&id) {
        checker.problem(
            node.at,
            format!("{what} id \"{id}\" must be lowercase letters, digits and '-'"),
        );
    }
    Some(id)
}

/// Whole numbers under each of `keys`, all required; `None` where any is unusable.
fn read_numbers<const N: usize>(
    checker: &mut Checker,
    node: &yaml::Node,
    keys: [&'static str; N],
) -> Option<[u64; N]> {
    let fields = checker.fields(node, &keys)?;
    let values = keys.map(|key| {
        checker
            .required(&fields, key)
            .and_then(|node| checker.whole(node))
    });
    values
        .iter()
        .all(Option::is_some)
        .then(|| values.map(Option::unwrap_or_default))
}

/// The scoring rules, each checked; defaults stand in where a part is unusable (the
/// file then has a problem recorded, so they are never used).
fn read_scoring(checker: &mut Checker, node: &yaml::Node) -> Scoring {
    let mut scoring = Scoring::default();
    let Some(fields) = checker.fields(node, &["points", "bands", "coverage", "limits"]) else {
        return scoring;
    };
    if let Some(node) = checker.required(&fields, "points")
        && let Some(values) = read_numbers(
            checker,
            node,
            ["exceeded", "demonstrated", "partly", "not_demonstrated"],
        )
    {
        if !strictly_decreasing(&values) {
            checker.problem(
                node.at,
                "points must be strictly decreasing from exceeded to not_demonstrated",
            );
        }
        if values.iter().any(|&v| v > MAX_POINTS) {
            checker.problem(node.at, format!("points may be at most {MAX_POINTS}"));
        }
        let [exceeded, demonstrated, partly, not_demonstrated] = values;
        scoring.points = Points {
            exceeded,
            demonstrated,
            partly,
            not_demonstrated,
        };
    }
    if let Some(node) = checker.required(&fields, "bands")
        && let Some(values) = read_numbers(
            checker,
            node,
            ["outstanding", "good", "adequate", "requires_improvement"],
        )
    {
        if !strictly_decreasing(&values) {
            checker.problem(
                node.at,
                "bands must be strictly decreasing from outstanding to requires_improvement",
            );
        }
        if values.iter().any(|&v| v > 100) {
            checker.problem(node.at, "bands are percentages from 0 to 100");
        }
        let [outstanding, good, adequate, requires_improvement] = values;
        scoring.bands = Bands {
            outstanding,
            good,
            adequate,
            requires_improvement,
        };
    }
    if let Some(node) = checker.required(&fields, "coverage")
        && let Some(coverage) = checker.whole(node)
    {
        if coverage > 100 {
            checker.problem(node.at, "coverage is a percentage from 0 to 100");
        }
        scoring.coverage = coverage;
    }
    if let Some(node) = checker.required(&fields, "limits") {
        read_limits(checker, node, &mut scoring.limits);
    }
    scoring
}

/// The ceilings of a rubric's scoring.
fn read_limits(checker: &mut Checker, node: &yaml::Node, limits: &mut Limits) {
    let keys = [
        "cause_of_concern",
        "critical_not_demonstrated",
        "max_areas_for_improvement",
    ];
    let Some(fields) = checker.fields(node, &keys) else {
        return;
    };
    if let Some(grade) = checker
        .required(&fields, "cause_of_concern")
        .and_then(|node| checker.word(node))
    {
        limits.cause_of_concern = grade;
    }
    if let Some(grade) = checker
        .required(&fields, "critical_not_demonstrated")
        .and_then(|node| checker.word(node))
    {
        limits.critical_not_demonstrated = grade;
    }
    limits.max_areas_for_improvement = Vec::new();
    let Some(node) = fields.get("max_areas_for_improvement") else {
        return;
    };
    let grades = [
        Grade::Outstanding,
        Grade::Good,
        Grade::Adequate,
        Grade::RequiresImprovement,
    ];
    let Some(afi) = checker.fields(node, &grades.map(Grade::as_str)) else {
        return;
    };
    for grade in grades {
        if let Some(max) = afi.get(grade.as_str()).and_then(|n| checker.whole(n)) {
            limits.max_areas_for_improvement.push((grade, max));
        }
    }
    if limits
        .max_areas_for_improvement
        .windows(2)
        .any(|w| w[0].1 > w[1].1)
    {
        checker.problem(
            node.at,
            "max_areas_for_improvement may not decrease from outstanding down to requires_improvement",
        );
    }
}

/// Where each criterion id sits: (area position, criterion position).
type CriterionIndex = HashMap<String, (usize, usize)>;

/// The areas of a rubric with their criteria, every id checked for shape and
/// uniqueness.
fn read_areas(checker: &mut Checker, node: &yaml::Node) -> (Vec<Area>, CriterionIndex) {
    let items = checker.list(Some(node));
    if items.is_empty() {
        checker.problem(node.at, "a rubric needs at least one area");
    }
    let mut area_ids: HashMap<String, Location> = HashMap::new();
    let mut criterion_ids: HashMap<String, Location> = HashMap::new();
    let mut criterion_index = HashMap::new();
    let mut areas = Vec::with_capacity(items.len());
    let keys = ["id", "title", "formerly", "aliases", "optional", "criteria"];
    for item in items {
        let Some(fields) = checker.fields(item, &keys) else {
            continue;
        };
        let id_node = checker.required(&fields, "id");
        let id = id_node.and_then(|node| read_id(checker, node, "area"));
        if let (Some(id), Some(node)) = (&id, id_node)
            && let Some(first) = area_ids.insert(id.clone(), node.at)
        {
            checker.problem(
                node.at,
                format!(
                    "area \"{id}\" is defined twice (first at line {})",
                    first.line()
                ),
            );
        }
        let title = checker
            .required(&fields, "title")
            .and_then(|node| checker.text(node));
        let mut ids_under = |key: &str| -> Vec<String> {
            checker
                .list(fields.get(key))
                .iter()
                .filter_map(|node| read_id(checker, node, "area"))
                .collect()
        };
        let formerly = ids_under("formerly");
        let aliases = ids_under("aliases");
        let optional = fields
            .get("optional")
            .and_then(|node| checker.boolean(node))
            .unwrap_or(false);
        let criteria_node = checker.required(&fields, "criteria");
        let mut criteria = Vec::new();
        if let Some(node) = criteria_node {
            let items = checker.list(Some(node));
            if items.is_empty() {
                let named = id.as_deref().unwrap_or("");
                checker.problem(
                    node.at,
                    format!("area \"{named}\" needs at least one criterion"),
                );
            }
            for item in items {
                let position = (areas.len(), criteria.len());
                if let Some(criterion) =
                    read_criterion(checker, item, &mut criterion_ids, criterion_index.len())
                {
                    criterion_index.insert(criterion.id.clone(), position);
                    criteria.push(criterion);
                }
            }
        }
        if let (Some(id), Some(title)) = (id, title) {
            areas.push(Area {
                id,
                title,
                formerly,
                aliases,
                optional,
                criteria,
            });
        }
    }
    (areas, criterion_index)
}

/// One criterion; its id unique across the rubric (`seen`), `index` its position.
fn read_criterion(
    checker: &mut Checker,
    node: &yaml::Node,
    seen: &mut HashMap<String, Location>,
    index: usize,
) -> Option<Criterion> {
    let fields = checker.fields(node, &["id", "text", "weight", "critical"])?;
    let id_node = checker.required(&fields, "id");
    let id = id_node.and_then(|node| checker.text(node));
    if let (Some(id), Some(node)) = (&id, id_node) {
        if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
            checker.problem(
                node.at,
                format!("criterion id \"{id}\" must be non-empty and without spaces"),
            );
        }
        if let Some(first) = seen.insert(id.clone(), node.at) {
            checker.problem(
                node.at,
                format!(
                    "criterion \"{id}\" is defined twice (first at line {}); criterion ids are unique across the rubric",
                    first.line()
                ),
            );
        }
    }
    let text = checker
        .required(&fields, "text")
        .and_then(|node| checker.text(node));
    let weight = match fields.get("weight") {
        None => Some(1),
        Some(node) => checker.whole(node).inspect(|&weight| {
            if weight == 0 || weight > MAX_POINTS {
                checker.problem(
                    node.at,
                    format!("weight must be a whole number from 1 to {MAX_POINTS}"),
                );
            }
        }),
    };
    let critical = match fields.get("critical") {
        None => Some(false),
        Some(node) => checker.boolean(node),
    };
    Some(Criterion {
        id: id?,
        text: text?,
        weight: weight?,
        critical: critical?,
        index,
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
            .filter(|rubric| {
                rubric
                    .cycles
                    .iter()
                    .any(|c| crate::ids::same_cycle(c, cycle))
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
