//! Tests of folding evidence files into each force-cycle's evidence.

use super::*;
use crate::model::evidence::Judgement;
use crate::read::evidence::parse_evidence;
use crate::read::rubric::parse_rubric;

/// A rubric of two areas and 70 criteria.
fn wide() -> Registry {
    let mut text = String::from("rubric: wide\ntitle: Wide\nareas:\n");
    for area in ["first", "second"] {
        text.push_str(&format!(
            "  - id: {area}\n    title: {area}\n    criteria:\n"
        ));
        for n in 0..35 {
            text.push_str(&format!("      - {{id: {area}-{n}, text: x}}\n"));
        }
    }
    let rubric = parse_rubric("wide.yaml", &text).expect("the rubric parses");
    Registry::new(vec![("wide.yaml".into(), rubric)]).expect("the registry builds")
}

/// An evidence file of `force` for 2024 judging each (criterion, judgement).
fn file(registry: &Registry, path: &str, force: &str, judged: &[(&str, &str)]) -> EvidenceFile {
    let mut text = format!("force: {force}\ncycle: \"2024\"\nrubric: wide\njudgements:\n");
    for (criterion, judgement) in judged {
        text.push_str(&format!(
            "  - criterion: {criterion}\n    judgement: {judgement}\n    note: seen\n"
        ));
    }
    parse_evidence(path, &text, registry).expect("the evidence parses")
}

#[test]
fn a_criterion_past_the_first_word_judged_twice_names_both_places() {
    let registry = wide();
    let a = file(&registry, "a.yaml", "Kent", &[("second-34", "partly")]);
    let b = file(
        &registry,
        "b.yaml",
        "Kent",
        &[("first-0", "partly"), ("second-34", "exceeded")],
    );
    let problems = merge(vec![a, b], &registry).expect_err("a clash");
    let shown: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "b.yaml:8:16: criterion \"second-34\" is judged twice for Kent 2024: here and at a.yaml:5:16"
        ]
    );
}

#[test]
fn files_of_a_force_cycle_merge_in_order_whatever_comes_between() {
    let registry = wide();
    let files = vec![
        file(&registry, "1.yaml", "West", &[("first-1", "partly")]),
        file(&registry, "2.yaml", "East", &[("first-1", "exceeded")]),
        file(
            &registry,
            "3.yaml",
            "West",
            &[("second-2", "demonstrated"), ("first-1", "not_assessed")],
        ),
    ];
    let forces = merge(files, &registry).expect("no clash").forces;
    let ids: Vec<&str> = forces.iter().map(|f| f.force_id.as_str()).collect();
    assert_eq!(ids, ["east", "west"], "in report order");
    let west = &forces[1];
    let judged: Vec<(u32, Judgement, &str)> = west
        .judgements
        .iter()
        .map(|j| (j.index, j.judgement, &*j.place.path))
        .collect();
    assert_eq!(
        judged,
        [
            (1, Judgement::Partly, "1.yaml"),
            (37, Judgement::Demonstrated, "3.yaml")
        ],
        "not_assessed neither clashes with nor replaces a judgement"
    );
    assert_eq!(west.judgements[0].note(), Some("seen"));
}

#[test]
fn a_clash_is_located_from_what_was_read_once_even_without_notes() {
    let registry = wide();
    let mut a = file(&registry, "a.yaml", "Kent", &[("first-3", "partly")]);
    let mut b = file(&registry, "b.yaml", "Kent", &[("first-3", "exceeded")]);
    a.forget_notes();
    b.forget_notes();
    let problems = merge(vec![a, b], &registry).expect_err("a clash");
    assert_eq!(
        problems.0[0].to_string(),
        "b.yaml:5:16: criterion \"first-3\" is judged twice for Kent 2024: here and at a.yaml:5:16"
    );
}

#[test]
fn many_force_cycles_sort_into_report_order_keeping_each_ones_files_in_order() {
    let registry = wide();
    // 40 forces × 3 cycles, two files each, added in a scrambled order.
    let mut plan: Vec<(usize, usize, usize)> = Vec::new();
    for force in 0..40 {
        for cycle in 0..3 {
            plan.extend([(force, cycle, 0), (force, cycle, 1)]);
        }
    }
    let mut order: Vec<usize> = (0..plan.len()).collect();
    order.sort_by_key(|&at| (at * 7919) % plan.len());
    let mut merger = Merger::new(&registry);
    for &at in &order {
        let (force, cycle, part) = plan[at];
        let text = format!(
            "force: Force {force:02}\ncycle: \"20{cycle:02}\"\nrubric: wide\njudgements:\n  \
             - criterion: first-{part}\n    judgement: partly\nfindings:\n  \
             - {{kind: area_for_improvement, area: first, text: \"{part}\"}}\n"
        );
        let file = parse_evidence("e.yaml", &text, &registry).expect("the evidence parses");
        merger.add(file);
    }
    let merged = merger.finish().expect("no clash");
    let keys: Vec<(String, String)> = merged
        .forces
        .iter()
        .map(|f| (f.force_id.clone(), f.cycle.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys.len(), 120);
    assert_eq!(keys, sorted, "report order");
    let mut later_first = 0;
    for force in &merged.forces {
        assert_eq!(
            force.judgements.len(),
            2,
            "{} {}",
            force.force_id,
            force.cycle
        );
        let found: Vec<&str> = force.findings.iter().map(|f| f.text.as_str()).collect();
        // Part 0's finding comes first exactly when its file was added first.
        let part = |p: usize| {
            let at = plan.iter().position(|&(f, c, q)| {
                format!("force-{f:02}") == force.force_id
                    && format!("20{c:02}") == force.cycle
                    && q == p
            });
            order.iter().position(|&o| Some(o) == at)
        };
        later_first += usize::from(part(1) < part(0));
        let expected = if part(0) < part(1) {
            ["0", "1"]
        } else {
            ["1", "0"]
        };
        assert_eq!(found, expected, "{} {}", force.force_id, force.cycle);
    }
    assert!(
        later_first > 0,
        "some force-cycles had their second part added first"
    );
}

#[test]
fn a_force_id_given_apart_from_its_name_merges_and_reads_back() {
    let registry = wide();
    let text = |force: &str, id: Option<&str>, criterion: &str| {
        let id = id.map(|id| format!("force_id: {id}\n")).unwrap_or_default();
        format!(
            "force: {force}\n{id}cycle: \"2024\"\nrubric: wide\njudgements:\n  \
             - {{criterion: {criterion}, judgement: partly}}\n"
        )
    };
    let files = [
        text("Kent Police", Some("kent"), "first-0"),
        text("Kent Police", None, "first-1"),
        text("Kent Constabulary", Some("kent"), "first-2"),
        text("Kent", None, "first-3"),
        text("Essex Police", Some("essex-police"), "first-4"),
    ];
    let files = files
        .iter()
        .map(|text| parse_evidence("e.yaml", text, &registry).expect("the evidence parses"))
        .collect();
    let forces = merge(files, &registry).expect("no clash").forces;
    let keys: Vec<(&str, &str)> = forces
        .iter()
        .map(|f| (f.force.as_str(), f.force_id.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("Essex Police", "essex-police"),
            ("Kent Police", "kent"),
            ("Kent Police", "kent-police")
        ]
    );
    let judged: Vec<u32> = forces[1].judgements.iter().map(|j| j.index).collect();
    assert_eq!(
        judged,
        [0, 2, 3],
        "the files whose id is kent, given or slugged"
    );
}

#[test]
fn near_misses_warn_at_the_spelling_fewer_files_use() {
    let registry = wide();
    let files = vec![
        file(&registry, "a.yaml", "Lancashire", &[("first-0", "partly")]),
        file(&registry, "b.yaml", "Lancashire", &[("first-1", "partly")]),
        file(&registry, "c.yaml", "Lancashir", &[("first-2", "partly")]),
    ];
    let warnings = merge(files, &registry).expect("no clash").warnings;
    let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with(
            "c.yaml:1:8: force \"Lancashir\" looks like a typo of \"Lancashire\", which 2 files use"
        ),
        "{shown:?}"
    );
}

#[test]
fn cycles_each_a_letter_from_every_other_are_not_all_paired() {
    // Issue 24: 10,000 cycles one letter apart in the same place made every pair
    // (some 50 million) to print 20 warnings. 3,000 here would make 4.5 million.
    let mut cycles = Spellings::default();
    for n in 0..3000u32 {
        let letter = char::from_u32(0x4e00 + n).expect("a CJK letter");
        let place = Place {
            path: Arc::from("e.yaml"),
            line: 2,
            column: 8,
        };
        cycles.note(&format!("cycle {letter}"), || {
            (format!("cycle {letter}"), place)
        });
    }
    let (warnings, _) = near_misses(&Spellings::default(), &cycles);
    assert_eq!(warnings.len(), MAX_NEAR_MISS_WARNINGS + 1);
    let last = warnings.last().expect("a count of the rest").to_string();
    assert!(
        last.starts_with("… and at least "),
        "the count gave up: {last}"
    );
}
