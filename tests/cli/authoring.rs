use crate::{fixtures, peel};

/// Runs a `check` that should pass and returns what it told the person (on stderr).
fn clean_check(args: &[&str]) -> String {
    let output = peel().arg("check").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty(), "a person's report goes to stderr");
    String::from_utf8(output.stderr).unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let output = peel().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn check_reports_every_problem_in_every_file_and_exits_1() {
    let output = peel().args(["check", "errors"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let told = String::from_utf8(output.stderr).unwrap();
    let located: Vec<&str> = told
        .lines()
        .filter(|l| l.starts_with("error: errors/"))
        .collect();
    // Seven in the bad rubric, one in each of eight evidence files, one across two files.
    assert_eq!(located.len(), 16, "{told}");
    assert!(
        !told.contains("errors/is-a-rubric.yaml"),
        "a valid rubric is no problem"
    );
    assert!(
        told.ends_with("checked 12 files: 16 problems in 10 files\n"),
        "{told}"
    );
}

#[test]
fn check_passes_good_files_with_a_rubric_checked_in_the_same_run() {
    let out = clean_check(&["custom"]);
    assert_eq!(out, "checked 3 files: no problems\n");
}

#[test]
fn check_in_json_lists_problems_for_scripts() {
    let output = peel()
        .args([
            "check",
            "--format",
            "json",
            "errors/unknown-key.yaml",
            "errors/judged-twice-a.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["schema"], "peel.check/1");
    assert_eq!(doc["files"], 2);
    assert_eq!(
        doc["problems"][0],
        serde_json::json!({"path": "errors/unknown-key.yaml", "line": 6, "column": 5, "field": null,
            "message": "unknown key `judgment` (did you mean `judgement`?); expected one of criterion, judgement, note, source"})
    );
}

#[test]
fn check_reads_published_sheets_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("g.csv");
    std::fs::write(
        &csv,
        "force,cycle,rubric,area,grade\nKent,2023-25,peel-2023-25,investigating-crim,good\n",
    )
    .unwrap();
    let output = peel()
        .args(["check", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let told = String::from_utf8(output.stderr).unwrap();
    assert!(told.contains("g.csv:2:27: row 2: unknown area \"investigating-crim\" in rubric peel-2023-25 (did you mean \"investigating-crime\"?)"), "{told}");
}

#[test]
fn rubric_list_names_every_rubric() {
    let out = stdout_of(&["rubric", "list", "--rubric", "custom/county-audit.yaml"]);
    for id in ["peel-2021-22", "peel-2023-25", "county-audit"] {
        assert!(out.contains(id), "{id} in {out}");
    }
    assert!(out.contains("custom/county-audit.yaml"));
}

#[test]
fn rubric_show_lists_areas_criteria_and_critical_marks() {
    let out = stdout_of(&["rubric", "show", "peel-2023-25", "--format", "csv"]);
    assert!(out.starts_with("rubric,area,area_title,optional,criterion,weight,critical,text\n"));
    assert!(out.contains("peel-2023-25,managing-offenders-and-suspects,Managing offenders and suspects,false,MO3,1,true,"));
    assert_eq!(out.lines().count(), 55);
}

#[test]
fn rubric_show_yaml_prints_a_source_that_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.yaml");
    let source = stdout_of(&["rubric", "show", "peel-2021-22", "--format", "yaml"]);
    std::fs::write(
        &path,
        source.replace("rubric: peel-2021-22", "rubric: my-2021-22"),
    )
    .unwrap();
    let out = stdout_of(&["rubric", "list", "--rubric", path.to_str().unwrap()]);
    assert!(out.contains("my-2021-22"));
}

#[test]
fn an_unknown_rubric_id_suggests_the_nearest() {
    peel()
        .args(["rubric", "show", "peel-2023"])
        .assert()
        .code(2)
        .stderr("error: unknown rubric \"peel-2023\" (did you mean \"peel-2023-25\"?)\n");
}

#[test]
fn yaml_output_is_refused_where_it_means_nothing() {
    // A usage error now, like any value a command does not take.
    let output = peel()
        .args(["grade", "--format", "yaml"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("grade supports table, json, csv, markdown"),
        "{stderr}"
    );
}

#[test]
fn a_template_passes_check_as_it_is_and_grades_as_ungraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kent.yaml");
    let template = stdout_of(&[
        "template",
        "--force",
        "Devon & Cornwall: \"Police\"",
        "--cycle",
        "2023-25",
    ]);
    assert!(template.contains("# MO3 [critical]: Registered sex offenders"));
    std::fs::write(&path, &template).unwrap();
    // No problem; the one warning is that the name is not quite a force's (issue 23).
    let checked = clean_check(&[path.to_str().unwrap()]);
    assert!(
        checked.starts_with("checked 1 file: no problems\n"),
        "{checked}"
    );
    assert!(
        checked.ends_with("force \"Devon & Cornwall: \"Police\"\" is not one of the 43 forces of England and Wales (did you mean \"Devon and Cornwall Police\"?); it is graded under the name given\n"),
        "{checked}"
    );
    assert_eq!(checked.lines().count(), 2, "{checked}");
    let doc = crate::json(&["grade", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(doc["sheets"][0]["force"], "Devon & Cornwall: \"Police\"");
    assert_eq!(doc["sheets"][0]["force_id"], "devon-cornwall-police");
    // Every mandatory area listed, ungraded; the optional one left out.
    assert_eq!(doc["sheets"][0]["summary"]["ungraded"], 8);
}

#[test]
fn a_template_for_another_rubric_by_id_or_file() {
    let out = stdout_of(&[
        "template",
        "--force",
        "Kent",
        "--cycle",
        "2021/22",
        "--rubric",
        "peel-2021-22",
    ]);
    assert!(out.contains("rubric: peel-2021-22\n"));
    assert!(out.contains("criterion: \"SOC1\""));
    let rubric = fixtures().join("custom/county-audit.yaml");
    let out = stdout_of(&[
        "template",
        "--force",
        "Kent",
        "--cycle",
        "x",
        "--rubric",
        rubric.to_str().unwrap(),
    ]);
    assert!(out.contains("rubric: county-audit\n"));
    assert!(out.contains("# K3 [critical]: Cells are checked"));
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = stdout_of(&["completions", shell]);
        assert!(out.contains("peel"), "{shell}");
        assert!(out.contains("compare"), "{shell} completes subcommands");
    }
}

#[test]
fn check_reports_problems_in_rubric_files_too() {
    let output = peel()
        .args([
            "check",
            "--rubric",
            "errors/bad-rubric.yaml",
            "custom/evidence",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let told = String::from_utf8(output.stderr).unwrap();
    assert!(
        told.contains("errors/bad-rubric.yaml:6:13: coverage is a percentage from 0 to 100"),
        "{told}"
    );
    // The evidence names a rubric that is not given: that is reported too.
    assert!(told.contains("unknown rubric \"county-audit\""), "{told}");
}

#[test]
fn check_reports_a_crosswalk_to_areas_the_replaced_rubric_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("next.yaml");
    std::fs::write(
        &path,
        "rubric: peel-2025-27\ntitle: Next\nreplaces: peel-2023-25\nareas:\n  - id: leadership\n    title: Leadership\n    formerly: [leadership-and-force-managment]\n    criteria: [{id: L1, text: x}]\n",
    )
    .unwrap();
    let output = peel()
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let told = String::from_utf8(output.stderr).unwrap();
    assert!(
        told.contains("next.yaml: rubric peel-2025-27, area leadership: formerly names \"leadership-and-force-managment\", which is not an area of peel-2023-25 (did you mean \"leadership-and-force-management\"?)"),
        "{told}"
    );
}
