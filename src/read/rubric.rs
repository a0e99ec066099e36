//! Reading rubrics: YAML into the [`Rubric`] model, checked, every problem located;
//! and the registry of the built-in rubrics with any given by `--rubric`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::location::Location;
use crate::model::grade::Grade;
use crate::model::rubric::{
    Area, BUILT_IN, Bands, Criterion, Limits, Points, Registry, Rubric, Scoring, is_valid_id,
};
use crate::read::yaml::{self, Checker};

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
        .filter_map(|node| checker.label(node, "cycle"))
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
                shared_id: Arc::from(id.as_str()),
                shared_title: Arc::from(title.as_str()),
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

impl Registry {
    /// The built-in rubrics, replaced or joined by `extra` (already parsed `--rubric` files).
    pub fn new(extra: Vec<(String, Rubric)>) -> Result<Registry, Diagnostics> {
        let mut built_in = Vec::with_capacity(BUILT_IN.len());
        for (path, text) in BUILT_IN {
            let mut rubric = parse_rubric(path, text)?;
            rubric.origin = "built-in".to_string();
            built_in.push(rubric);
        }
        Registry::with(extra, built_in)
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
