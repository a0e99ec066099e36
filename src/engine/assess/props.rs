//! Property tests: random rubrics and evidence never panic the loader or the engine,
//! and a computed grade never exceeds its band or any ceiling.

use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::model::evidence::{Finding, JudgementEntry, Place};
use crate::model::rubric::Registry;
use crate::read::rubric::parse_rubric;

const GRADES: [&str; 5] = [
    "inadequate",
    "requires_improvement",
    "adequate",
    "good",
    "outstanding",
];

/// A valid rubric's YAML with random scoring, weights and critical marks.
fn rubric_yaml() -> impl Strategy<Value = String> {
    (
        prop::collection::btree_set(0u64..=1000, 4),
        prop::collection::btree_set(0u64..=100, 4),
        0u64..=100,
        0usize..5,
        0usize..5,
        prop::collection::vec(0u64..6, 3),
        prop::collection::vec(prop::collection::vec((1u64..=5, any::<bool>()), 1..6), 1..4),
    )
        .prop_map(|(points, bands, coverage, coc, crit, mut afi, areas)| {
            // Distinct values, largest first: strictly decreasing as rubrics require.
            let points: Vec<u64> = points.into_iter().rev().collect();
            let bands: Vec<u64> = bands.into_iter().rev().collect();
            afi.sort_unstable();
            let mut text = format!(
                "rubric: random\ntitle: Random\nscoring:\n  points: {{exceeded: {}, demonstrated: {}, partly: {}, not_demonstrated: {}}}\n  bands: {{outstanding: {}, good: {}, adequate: {}, requires_improvement: {}}}\n  coverage: {coverage}\n  limits:\n    cause_of_concern: {}\n    critical_not_demonstrated: {}\n    max_areas_for_improvement: {{outstanding: {}, good: {}, adequate: {}}}\nareas:\n",
                points[0], points[1], points[2], points[3], bands[0], bands[1], bands[2], bands[3],
                GRADES[coc], GRADES[crit], afi[0], afi[1], afi[2]
            );
            for (a, criteria) in areas.iter().enumerate() {
                text.push_str(&format!("  - id: area-{a}\n    title: Area {a}\n    criteria:\n"));
                for (c, (weight, critical)) in criteria.iter().enumerate() {
                    text.push_str(&format!(
                        "      - {{id: C{a}-{c}, text: x, weight: {weight}, critical: {critical}}}\n"
                    ));
                }
            }
            text
        })
}

fn judgement(n: u8) -> Judgement {
    [
        Judgement::Exceeded,
        Judgement::Demonstrated,
        Judgement::Partly,
        Judgement::NotDemonstrated,
        Judgement::NotAssessed,
    ][usize::from(n % 5)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn percent_rounds_as_its_decimal_text_for_any_weights(
        whole in 1u64..=u64::from(u32::MAX),
        scale in 0u64..=3,
        seed in any::<u64>(),
    ) {
        // Parts from none to a few times the whole: the weights of a rubric are
        // not capped, so neither is a score's share of them.
        let part = seed % (whole * (scale + 1) + 1);
        let exact = 100.0 * part as f64 / whole as f64;
        prop_assert_eq!(percent(part, whole), percent_by_text(exact));
    }

    #[test]
    fn the_computed_grade_never_exceeds_its_band_or_any_ceiling(
        yaml in rubric_yaml(),
        marks in prop::collection::vec(any::<u8>(), 20),
        findings in prop::collection::vec((0usize..3, 0u8..4), 0..8),
    ) {
        let rubric = Arc::new(parse_rubric("random.yaml", &yaml).expect("generated rubrics are valid"));
        let place = Place { path: Arc::from("e.yaml"), line: 1, column: 1 };
        let mut evidence = ForceEvidence::new("F".into(), "f".into(), "c".into(), Arc::clone(&rubric));
        let criteria = rubric.areas.iter().flat_map(|a| &a.criteria);
        for (criterion, mark) in criteria.zip(&marks) {
            evidence.set_judgement(JudgementEntry {
                index: u32::try_from(criterion.index).unwrap(),
                judgement: judgement(*mark),
                notes: None,
                place: place.clone(),
            });
        }
        let kinds = [FindingKind::CauseOfConcern, FindingKind::AreaForImprovement, FindingKind::InnovativePractice, FindingKind::PromisingPractice];
        let findings = findings
            .into_iter()
            .filter(|(area, _)| *area < rubric.areas.len())
            .map(|(area, kind)| Finding { kind: kinds[usize::from(kind)], area: format!("area-{area}").into(), text: "t".into() })
            .collect();
        evidence.findings = findings;
        let sheet = assess(&evidence, true);
        prop_assert_eq!(sheet.areas.len(), rubric.areas.len());
        for area in &sheet.areas {
            let Some(computed) = area.computed().computed_grade else {
                prop_assert!(area.computed().band_grade.is_none() && area.grade.is_none());
                continue;
            };
            let band = area.computed().band_grade.expect("a graded area has a band");
            prop_assert!(computed <= band);
            for ceiling in &area.computed().ceilings {
                prop_assert!(computed <= ceiling.grade, "{:?} above {:?}", computed, ceiling);
            }
            let lowest = area.computed().ceilings.iter().map(|c| c.grade).fold(band, Grade::min);
            prop_assert_eq!(computed, lowest);
            prop_assert_eq!(area.grade, Some(computed));
            let causes = area.computed().causes_of_concern.unwrap_or(0);
            prop_assert_eq!(causes > 0, area.computed().ceilings.iter().any(|c| c.rule == crate::model::sheet::CeilingRule::CauseOfConcern));
            if causes > 0 {
                prop_assert!(computed <= rubric.scoring.limits.cause_of_concern);
            }
        }
    }

    #[test]
    fn the_loaders_never_panic_on_arbitrary_text(text in "(force|cycle|rubric|grades|areas|judgements|criterion|judgement|- |: |\\[|\\]|\\{|\\}|&a|\\*a|\n|  |\"|,|[ -~]|[^\\x00])*") {
        let registry = Registry::new(Vec::new()).expect("built-in rubrics load");
        let _ = parse_rubric("r.yaml", &text);
        let _ = crate::read::evidence::parse_evidence("e.yaml", &text, &registry);
        let _ = crate::read::published::parse_yaml_sheet("s.yaml", &text, &registry);
        let _ = crate::read::published::parse_csv("s.csv", &text, &registry);
        let _ = crate::read::published::parse_json("s.json", &text, &registry);
        // Reaching here means no loader panicked: an error is a fine answer, a panic fails.
    }

    #[test]
    fn evidence_with_random_judgements_and_typos_never_panics(
        entries in prop::collection::vec(("[A-Z]{2}[0-9]", "[a-z_ ]{0,20}", "[a-z-]{0,30}"), 0..12)
    ) {
        let registry = Registry::new(Vec::new()).expect("built-in rubrics load");
        let mut text = String::from("force: Kent\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n");
        for (criterion, judgement, _) in &entries {
            text.push_str(&format!("  - criterion: \"{criterion}\"\n    judgement: \"{judgement}\"\n"));
        }
        text.push_str("findings:\n");
        for (_, _, area) in &entries {
            text.push_str(&format!("  - kind: area_for_improvement\n    area: \"{area}\"\n    text: t\n"));
        }
        match crate::read::evidence::parse_evidence("e.yaml", &text, &registry) {
            Ok(file) => {
                let merged = crate::model::evidence::merge(vec![file], &registry).expect("one valid file merges");
                for force in &merged.forces {
                    let sheet = assess(force, true);
                    prop_assert!(!sheet.areas.is_empty());
                }
            }
            Err(problems) => prop_assert!(!problems.0.is_empty()),
        }
    }
}
