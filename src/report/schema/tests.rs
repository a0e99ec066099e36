//! The word patterns agree with the parsers they describe, spelling by spelling.

use proptest::prelude::*;
use serde_json::Value;

use super::{Kind, schema};
use crate::model::evidence::Judgement;
use crate::model::grade::Grade;

/// A validator for one `$defs` entry of `kind`'s schema.
fn definition(kind: Kind, name: &str) -> jsonschema::Validator {
    let root = schema(kind);
    let def = root["$defs"][name].clone();
    assert!(def.is_object(), "{name} is defined");
    jsonschema::validator_for(&def).expect("the definition compiles")
}

/// A word respelt: each letter in either case, each underscore a space, hyphen or
/// underscore, and space around it, as people write them, plus some that go too far.
fn respelt(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        proptest::sample::select(words),
        proptest::collection::vec(any::<bool>(), 32),
        proptest::collection::vec(
            proptest::sample::select(vec!["_", " ", "-", "  ", "\t", "_-", ""]),
            4,
        ),
        proptest::sample::select(vec!["", " ", "\u{a0}", "x", "s"]),
        proptest::sample::select(vec!["", " ", "  ", "\n"]),
    )
        .prop_map(|(word, upper, separators, suffix, pad)| {
            let mut separators = separators.into_iter();
            let mut out = pad.to_string();
            for (index, c) in word.chars().enumerate() {
                match c {
                    '_' => out.push_str(separators.next().unwrap_or("_")),
                    c if upper.get(index).copied().unwrap_or(false) => {
                        out.push(c.to_ascii_uppercase())
                    }
                    c => out.push(c),
                }
            }
            out.push_str(suffix);
            out.push_str(pad);
            out
        })
}

const JUDGEMENTS: &[&str] = &[
    "exceeded",
    "demonstrated",
    "partly",
    "not_demonstrated",
    "not_assessed",
    "demonstated",
];
const GRADES: &[&str] = &[
    "inadequate",
    "requires_improvement",
    "adequate",
    "good",
    "outstanding",
    "ri",
    "r_i",
    "goodish",
];
const FINDINGS: &[&str] = &[
    "cause_of_concern",
    "area_for_improvement",
    "innovative_practice",
    "promising_practice",
    "concern",
];

proptest! {
    #[test]
    fn the_judgement_schema_accepts_what_the_loader_accepts(word in respelt(JUDGEMENTS)) {
        let valid = definition(Kind::Evidence, "JudgementWord").is_valid(&Value::from(word.as_str()));
        prop_assert_eq!(valid, word.parse::<Judgement>().is_ok(), "{:?}", word);
    }

    #[test]
    fn the_grade_schema_accepts_what_the_loader_accepts(word in respelt(GRADES)) {
        let valid = definition(Kind::Evidence, "GradeWord").is_valid(&Value::from(word.as_str()));
        prop_assert_eq!(valid, word.parse::<Grade>().is_ok(), "{:?}", word);
    }

    #[test]
    fn the_finding_kind_schema_accepts_what_the_loader_accepts(word in respelt(FINDINGS)) {
        let valid = definition(Kind::Evidence, "FindingKind").is_valid(&Value::from(word.as_str()));
        let parsed = word.parse::<crate::model::evidence::FindingKind>().is_ok();
        prop_assert_eq!(valid, parsed, "{:?}", word);
    }
}

#[test]
fn a_published_grade_may_be_a_grade_or_say_not_graded() {
    let published = definition(Kind::Sheet, "PublishedGrade");
    for word in [
        "Requires improvement",
        "RI",
        "good",
        "",
        "-",
        "—",
        "N/A",
        "not graded",
        "Not inspected",
        "ungraded",
    ] {
        assert!(published.is_valid(&Value::from(word)), "{word:?}");
    }
    assert!(published.is_valid(&Value::Null));
    for word in ["goodish", "not_graded", "n.a."] {
        assert!(!published.is_valid(&Value::from(word)), "{word:?}");
    }
}

#[test]
fn the_scoring_default_is_the_rubric_s() {
    let root = schema(Kind::Rubric);
    let default = &root["properties"]["scoring"]["default"];
    assert_eq!(default["points"]["exceeded"], 4);
    assert_eq!(default["bands"]["outstanding"], 88);
    assert_eq!(default["coverage"], 75);
    assert_eq!(default["limits"]["cause_of_concern"], "inadequate");
    assert_eq!(default["limits"]["max_areas_for_improvement"]["good"], 2);
    // The default validates against the schema of scoring itself.
    let mut scoring = root.clone();
    scoring["$ref"] = "#/$defs/Scoring".into();
    for key in [
        "properties",
        "required",
        "additionalProperties",
        "type",
        "title",
        "description",
    ] {
        scoring.as_object_mut().map(|o| o.remove(key));
    }
    let validator = jsonschema::validator_for(&scoring).unwrap();
    assert!(validator.is_valid(default));
}
