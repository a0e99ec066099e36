//! `peel schema`: the committed schemas are what peel prints, the input schemas agree
//! with the loaders both ways, and peel's own JSON output validates.

use std::path::{Path, PathBuf};

use peel::read::{self, Input};
use peel::report::schema::Kind;
use serde_json::Value;

use crate::{fixtures, peel, root};

/// The committed schema of `kind`.
fn committed(kind: Kind) -> PathBuf {
    root().join(format!("schemas/{}.schema.json", kind.name()))
}

fn validator(kind: Kind) -> jsonschema::Validator {
    jsonschema::validator_for(&peel::report::schema::schema(kind)).expect("the schema compiles")
}

/// Why `instance` fails `kind`'s schema, one line per error; empty when it is valid.
fn errors(kind: Kind, instance: &Value) -> Vec<String> {
    validator(kind)
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// A YAML file as JSON, as an editor's YAML language server sees it.
fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The schema kind of a YAML file, told as peel tells it.
fn kind_of(path: &Path) -> Kind {
    match read::detect_kind(&std::fs::read_to_string(path).unwrap()) {
        read::Kind::Rubric => Kind::Rubric,
        read::Kind::Sheet => Kind::Sheet,
        read::Kind::Evidence => Kind::Evidence,
    }
}

/// The problems `peel check` finds in `path` itself (the custom rubric given too, so
/// that evidence against it can load).
fn loader_problems(path: &Path) -> Vec<String> {
    let rubric = fixtures().join("custom/county-audit.yaml");
    let mut inputs = vec![Input::File(path.to_path_buf())];
    if path != rubric {
        inputs.insert(0, Input::File(rubric));
    }
    let shown = path.display().to_string();
    read::check(&inputs.into())
        .problems
        .iter()
        .filter(|p| p.path == shown)
        .map(ToString::to_string)
        .collect()
}

/// Every YAML file below `dir`, sorted.
fn yaml_below(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn every_kind_prints_its_committed_schema() {
    // PEEL_UPDATE_SCHEMAS=1 cargo test rewrites them after a deliberate change.
    let update = std::env::var_os("PEEL_UPDATE_SCHEMAS").is_some();
    for kind in Kind::ALL {
        let output = peel().args(["schema", kind.name()]).output().unwrap();
        assert!(output.status.success(), "peel schema {}", kind.name());
        let printed = String::from_utf8(output.stdout).unwrap();
        assert_eq!(printed, peel::report::schema::text(kind));
        if update {
            std::fs::write(committed(kind), &printed).unwrap();
        }
        let on_disk = std::fs::read_to_string(committed(kind)).unwrap_or_default();
        assert!(
            on_disk == printed,
            "schemas/{}.schema.json differs from `peel schema {}`; run \
             PEEL_UPDATE_SCHEMAS=1 cargo test every_kind_prints_its_committed_schema",
            kind.name(),
            kind.name()
        );
    }
}

#[test]
fn every_schema_is_valid_draft_2020_12() {
    for kind in Kind::ALL {
        let schema = peel::report::schema::schema(kind);
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema",
            "{}",
            kind.name()
        );
        if let Err(error) = jsonschema::meta::validate(&schema) {
            panic!("{}: {error}", kind.name());
        }
    }
}

#[test]
fn schema_writes_to_a_file_and_refuses_an_unknown_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("peel-evidence.schema.json");
    peel()
        .args(["schema", "evidence", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, peel::report::schema::text(Kind::Evidence));
    let output = peel().args(["schema", "evidense"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("evidence"));
}

#[test]
fn every_example_and_fixture_that_loads_validates() {
    let mut files = yaml_below(&root().join("rubrics"));
    files.extend(yaml_below(&root().join("examples")));
    files.extend(yaml_below(&fixtures()));
    let mut loaded = 0;
    for path in files {
        if !loader_problems(&path).is_empty() {
            continue;
        }
        loaded += 1;
        let kind = kind_of(&path);
        let found = errors(kind, &yaml_as_json(&path));
        assert!(
            found.is_empty(),
            "{} loads, but fails the {} schema:\n{}",
            path.display(),
            kind.name(),
            found.join("\n")
        );
    }
    // The examples, the built-in rubrics and the valid schema fixtures at least.
    assert!(loaded >= 17, "only {loaded} files loaded");
}

#[test]
fn the_valid_fixtures_load_and_validate() {
    for path in yaml_below(&fixtures().join("schema/valid")) {
        assert_eq!(
            loader_problems(&path),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        let kind = kind_of(&path);
        let found = errors(kind, &yaml_as_json(&path));
        assert!(found.is_empty(), "{}: {found:?}", path.display());
    }
}

#[test]
fn files_the_loader_rejects_for_their_shape_fail_validation() {
    let mut files = yaml_below(&fixtures().join("schema/invalid"));
    // The errors fixtures that are wrong in shape (not in an id the rubric lacks).
    for name in [
        "errors/unknown-key.yaml",
        "errors/bad-judgement.yaml",
        "errors/bad-grade.yaml",
        "errors/bad-rubric.yaml",
        "errors/no-reason.yaml",
        "inspector/wrong-types.yaml",
        "inspector/five-mistakes.yaml",
    ] {
        files.push(fixtures().join(name));
    }
    for path in files {
        assert!(
            !loader_problems(&path).is_empty(),
            "{} should not load",
            path.display()
        );
        let kind = kind_of(&path);
        assert!(
            !errors(kind, &yaml_as_json(&path)).is_empty(),
            "{} is refused by peel but passes the {} schema",
            path.display(),
            kind.name()
        );
    }
}

/// Runs peel from the repository's root and parses its standard output as JSON.
fn json_output(args: &[&str]) -> Value {
    let output = peel().current_dir(root()).args(args).output().unwrap();
    assert!(
        output.stdout.starts_with(b"{"),
        "peel {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn assert_valid(kind: Kind, args: &[&str]) {
    let doc = json_output(args);
    let found = errors(kind, &doc);
    assert!(found.is_empty(), "peel {args:?}:\n{}", found.join("\n"));
}

const EVIDENCE: &str = "examples/evidence/metropolitan-2023-25/";
const OLD: &str = "examples/published/metropolitan-2021-22.yaml";
const NEW: &str = "examples/published/metropolitan-2023-25.yaml";

#[test]
fn grade_json_validates() {
    assert_valid(Kind::Grades, &["grade", "-f", "json", EVIDENCE]);
    assert_valid(
        Kind::Grades,
        &["grade", "-f", "json", "--explain", EVIDENCE],
    );
    assert_valid(Kind::Grades, &["grade", "-f", "json", OLD, NEW]);
    let custom = "tests/fixtures/custom";
    assert_valid(
        Kind::Grades,
        &[
            "grade",
            "-f",
            "json",
            "--rubric",
            "tests/fixtures/custom/county-audit.yaml",
            &format!("{custom}/evidence"),
        ],
    );
}

#[test]
fn diff_json_validates() {
    assert_valid(Kind::Diff, &["diff", "-f", "json", OLD, NEW]);
    assert_valid(Kind::Diff, &["diff", "-f", "json", OLD, EVIDENCE]);
    let data = "data/peel-grades.csv";
    let pooled = [
        "diff", "-f", "json", data, "--from", "2021/22", "--to", "2023-25",
    ];
    assert_valid(Kind::Diff, &pooled);
}

#[test]
fn compare_json_validates() {
    assert_valid(Kind::Compare, &["compare", "-f", "json", OLD, NEW]);
    assert_valid(Kind::Compare, &["compare", "-f", "json", OLD, EVIDENCE]);
    let data = "data/peel-grades.csv";
    assert_valid(Kind::Compare, &["compare", "-f", "json", "--all", data]);
}

#[test]
fn check_json_validates_with_problems_and_warnings() {
    assert_valid(Kind::Check, &["check", "-f", "json", EVIDENCE, OLD]);
    assert_valid(
        Kind::Check,
        &[
            "check",
            "-f",
            "json",
            "tests/fixtures/inspector",
            "tests/fixtures/errors",
        ],
    );
}

#[test]
fn a_document_of_another_shape_fails_the_output_schemas() {
    let grades = json_output(&["grade", "-f", "json", EVIDENCE]);
    let mut missing = grades.clone();
    missing["sheets"][0]["areas"][0]
        .as_object_mut()
        .unwrap()
        .remove("band_grade");
    assert!(!errors(Kind::Grades, &missing).is_empty(), "a key left out");
    let mut renamed = grades;
    renamed["sheets"][0]["areas"][0]["grade"] = "requires improvement".into();
    assert!(
        !errors(Kind::Grades, &renamed).is_empty(),
        "a word not canonical"
    );
    let diff = json_output(&["diff", "-f", "json", OLD, NEW]);
    assert!(!errors(Kind::Grades, &diff).is_empty(), "another schema");
}

#[test]
fn a_template_names_the_evidence_schema_and_follows_it() {
    let output = peel()
        .args(["template", "--force", "Kent Police", "--cycle", "2023-25"])
        .output()
        .unwrap();
    let template = String::from_utf8(output.stdout).unwrap();
    assert!(
        template.starts_with("# yaml-language-server: $schema=peel-evidence.schema.json\n"),
        "{template}"
    );
    let doc: Value = serde_saphyr::from_str(&template).unwrap();
    let found = errors(Kind::Evidence, &doc);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn the_national_record_views_validate() {
    let data = root().join("data/peel-grades.csv");
    let data = data.to_str().unwrap();
    assert_valid(Kind::Coverage, &["coverage", "-f", "json", data]);
    assert_valid(Kind::History, &["history", "-f", "json", data]);
    assert_valid(Kind::National, &["national", "-f", "json", data]);
}
