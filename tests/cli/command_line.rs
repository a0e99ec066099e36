use std::process::Output;

use crate::{peel, root};

/// Runs peel, checks its exit code, and returns what it printed.
fn run(args: &[&str], code: i32) -> (String, String) {
    let output: Output = peel().args(args).assert().code(code).get_output().clone();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn template(args: &[&str]) -> String {
    let mut all = vec!["template", "--force", "Kent Police"];
    all.extend_from_slice(args);
    run(&all, 0).0
}

#[test]
fn a_failed_gate_names_each_force_cycle_and_area_below_the_bar() {
    let (_, stderr) = run(&["grade", "--fail-below", "adequate"], 3);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 7, "{stderr}");
    assert_eq!(
        lines[0],
        "below adequate: Metropolitan Police Service, 2023-25, investigating-crime: inadequate"
    );
    assert_eq!(
        lines[2],
        "below adequate: Metropolitan Police Service, 2023-25, preventing-crime: \
         requires_improvement"
    );
    assert!(
        !stderr.contains("police-powers"),
        "adequate is not below adequate"
    );
}

#[test]
fn an_untouched_template_fails_any_gate() {
    let skeleton = template(&["--cycle", "2023-25"]);
    let output = peel()
        .args(["grade", "-", "--fail-below", "inadequate"])
        .write_stdin(skeleton)
        .assert()
        .code(3)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "below inadequate: Kent Police, 2023-25: no area graded\n"
    );
}

#[test]
fn template_area_writes_only_those_areas() {
    let out = template(&[
        "--cycle",
        "2023-25",
        "--area",
        "investigating-crime",
        "--area",
        "preventing-crime",
    ]);
    assert!(out.contains("(investigating-crime)\n"));
    assert!(out.contains("(preventing-crime)\n"));
    assert!(!out.contains("(responding-to-the-public)"));
    assert!(out.contains("criterion: \"IC1\""));
    assert!(!out.contains("criterion: \"MO1\""));
}

#[test]
fn template_unknown_area_suggests_and_lists_the_areas() {
    let (_, stderr) = run(
        &[
            "template",
            "--force",
            "Kent",
            "--cycle",
            "2023-25",
            "--area",
            "investigating-crim",
        ],
        2,
    );
    assert!(
        stderr.contains("did you mean \"investigating-crime\"?"),
        "{stderr}"
    );
    assert!(stderr.contains("preventing-crime, "), "{stderr}");
}

#[test]
fn template_cycle_picks_the_rubric_that_serves_it() {
    let out = template(&["--cycle", "2021/22"]);
    assert!(out.contains("rubric: peel-2021-22\n"), "{out}");
}

#[test]
fn template_cycle_no_rubric_serves_is_an_error_listing_the_rubrics() {
    let (stdout, stderr) = run(&["template", "--force", "Kent", "--cycle", "1999"], 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("no rubric serves cycle \"1999\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("peel-2021-22 (2021/22, 2021-22)"),
        "{stderr}"
    );
    assert!(stderr.contains("peel-2023-25 (2023-25)"), "{stderr}");
}

#[test]
fn template_rubric_named_explicitly_wins_over_the_cycle() {
    let out = template(&["--cycle", "1999", "--rubric", "peel-2021-22"]);
    assert!(out.contains("rubric: peel-2021-22\n"));
    assert!(out.contains("cycle: \"1999\"\n"));
}

#[test]
fn a_mistyped_command_gets_a_did_you_mean() {
    let (_, stderr) = run(&["comapre", "x"], 2);
    assert!(
        stderr.starts_with("error: unrecognized subcommand 'comapre'"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean 'compare'?"), "{stderr}");
}

#[test]
fn a_missing_file_that_is_no_near_miss_is_still_file_not_found() {
    let (_, stderr) = run(&["nothing-like-it"], 1);
    assert!(stderr.contains("nothing-like-it"), "{stderr}");
    assert!(!stderr.contains("subcommand"), "{stderr}");
}

#[test]
fn each_command_s_help_shows_only_its_options() {
    let help = |args: &[&str]| run(args, 0).0;
    let completions = help(&["completions", "--help"]);
    for absent in ["--format", "--color", "--rubric"] {
        assert!(!completions.contains(absent), "completions: {absent}");
    }
    let template = help(&["template", "--help"]);
    assert!(!template.contains("--format") && !template.contains("--color"));
    assert!(template.contains("--area") && template.contains("--rubric"));
    let check = help(&["check", "--help"]);
    assert!(check.contains("--format") && !check.contains("--color"));
    let diff = help(&["diff", "--help"]);
    assert!(!diff.contains("--fail-below") && !diff.contains("--explain"));
    assert!(!diff.contains("yaml"), "diff writes no YAML");
    assert!(help(&["rubric", "show", "--help"]).contains("yaml"));
}

#[test]
fn a_format_a_command_does_not_write_is_refused_with_those_it_does() {
    let (_, stderr) = run(&["grade", "--format", "yaml"], 2);
    assert!(
        stderr.contains("grade supports table, json, csv, markdown"),
        "{stderr}"
    );
    let (_, stderr) = run(&["rubric", "list", "-f", "yaml"], 2);
    assert!(stderr.contains("rubric list supports table, json, csv, markdown"));
    let (stdout, _) = run(&["rubric", "show", "peel-2023-25", "--format", "yaml"], 0);
    assert!(stdout.contains("rubric: peel-2023-25\n"));
}

#[test]
fn template_and_completions_take_no_format() {
    let (_, stderr) = run(
        &[
            "template", "--format", "json", "--force", "K", "--cycle", "2023-25",
        ],
        2,
    );
    assert!(
        stderr.contains("--format does not apply to `peel template`"),
        "{stderr}"
    );
    let (_, stderr) = run(&["completions", "bash", "-f", "json"], 2);
    assert!(stderr.contains("`peel completions`"), "{stderr}");
}

#[test]
fn options_are_taken_before_or_after_the_command() {
    let before = crate::json(&["-f", "json", "grade"]);
    let after = crate::json(&["grade", "-f", "json"]);
    assert_eq!(before, after);
    assert_eq!(before["schema"], "peel.grades/1");
    let (_, stderr) = run(&["--color", "never", "check", "x.yaml"], 2);
    assert!(
        stderr.contains("--color does not apply to `peel check`"),
        "{stderr}"
    );
    let (_, stderr) = run(&["--explain", "rubric", "list"], 2);
    assert!(stderr.contains("--explain does not apply"), "{stderr}");
}

#[test]
fn output_json_takes_its_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grades.json");
    run(&["grade", "-o", out.to_str().unwrap()], 0);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["schema"], "peel.grades/1");
}

#[test]
fn output_csv_and_markdown_take_their_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("grades.csv");
    run(&["-o", csv.to_str().unwrap()], 0);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("force,cycle,rubric,area,grade"), "{text}");
    let md = dir.path().join("rubrics.md");
    run(&["rubric", "list", "-o", md.to_str().unwrap()], 0);
    assert!(std::fs::read_to_string(&md).unwrap().starts_with('|'));
    let txt = dir.path().join("grades.txt");
    run(&["-o", txt.to_str().unwrap()], 0);
    assert!(std::fs::read_to_string(&txt).unwrap().contains("Summary:"));
}

#[test]
fn a_table_is_never_written_into_a_json_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.json");
    let path = out.to_str().unwrap();
    let (_, stderr) = run(&["grade", "--format", "table", "-o", path], 2);
    assert!(
        stderr.contains("--format table would write table into"),
        "{stderr}"
    );
    run(&["grade", "--format", "csv", "-o", path], 2);
    let (_, stderr) = run(&["grade", "-o", &path.replace(".json", ".yaml")], 2);
    assert!(stderr.contains("asks for yaml"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn help_lists_the_exit_codes() {
    for args in [&["--help"][..], &["-h"], &["grade", "--help"]] {
        let (stdout, _) = run(args, 0);
        assert!(stdout.contains("Exit codes:"), "{args:?}");
        assert!(stdout.contains("3  --fail-below not met"), "{args:?}");
    }
}

#[test]
fn completions_offer_rubric_ids_and_grades() {
    let (bash, _) = run(&["completions", "bash"], 0);
    assert!(
        bash.contains("peel-2023-25 peel-2021-22") || bash.contains("peel-2021-22 peel-2023-25")
    );
    assert!(bash.contains("inadequate requires_improvement adequate good outstanding"));
    let (stdout, stderr) = run(&["rubric", "show", "peel-2023"], 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("did you mean \"peel-2023-25\"?"),
        "kept: {stderr}"
    );
}

#[test]
fn the_readme_stands_alone_and_lists_the_exit_codes() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(!readme.contains("../"), "a link outside the repository");
    for code in ["| 0 |", "| 1 |", "| 2 |", "| 3 |"] {
        assert!(readme.contains(code), "README lacks exit code {code}");
    }
}

#[test]
fn help_fits_an_80_column_terminal() {
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["grade", "--help"],
        vec!["diff", "--help"],
        vec!["compare", "--help"],
        vec!["check", "--help"],
        vec!["template", "--help"],
    ] {
        let output = crate::peel()
            .args(&args)
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        for line in help.lines() {
            assert!(line.chars().count() <= 80, "{args:?}: {line}");
        }
    }
}
