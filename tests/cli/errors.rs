use crate::peel;

/// Runs `peel grade ARGS` and returns its standard error, checking it exits 1.
fn error_of(args: &[&str]) -> String {
    let output = peel().arg("grade").args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{args:?} exits 1");
    assert!(output.stdout.is_empty(), "{args:?} prints no result");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn unknown_criterion() {
    assert_eq!(
        error_of(&["errors/unknown-criterion.yaml"]),
        "error: errors/unknown-criterion.yaml:7:16: unknown criterion \"IC9\" in rubric peel-2023-25 (did you mean \"IC1\"?)\n  |\n7 |   - criterion: IC9\n  |                ^\n"
    );
}

#[test]
fn unknown_key() {
    assert_eq!(
        error_of(&["errors/unknown-key.yaml"]),
        "error: errors/unknown-key.yaml:6:5: unknown key `judgment` (did you mean `judgement`?); expected one of criterion, judgement, note, source\n  |\n6 |     judgment: partly\n  |     ^\n"
    );
}

#[test]
fn duplicate_key() {
    assert_eq!(
        error_of(&["errors/duplicate-key.yaml"]),
        "error: errors/duplicate-key.yaml:4:1: duplicate key `force` (a key may appear only once in a mapping)\n  |\n4 | force: Kent Police\n  | ^\n"
    );
}

#[test]
fn misspelt_judgement() {
    assert_eq!(
        error_of(&["errors/bad-judgement.yaml"]),
        "error: errors/bad-judgement.yaml:6:16: unknown judgement \"demonstated\" (did you mean \"demonstrated\"?); expected one of exceeded, demonstrated, partly, not_demonstrated, not_assessed\n  |\n6 |     judgement: demonstated\n  |                ^\n"
    );
}

#[test]
fn misspelt_grade() {
    assert_eq!(
        error_of(&["errors/bad-grade.yaml"]),
        "error: errors/bad-grade.yaml:6:12: unknown grade \"adequite\" (did you mean \"adequate\"?)\n  |\n6 |     grade: adequite\n  |            ^\n"
    );
}

#[test]
fn unknown_rubric() {
    assert_eq!(
        error_of(&["errors/unknown-rubric.yaml"]),
        "error: errors/unknown-rubric.yaml:3:9: unknown rubric \"peel-2023-2\" (did you mean \"peel-2023-25\"?)\n  |\n3 | rubric: peel-2023-2\n  |         ^\n"
    );
}

#[test]
fn unknown_area() {
    assert_eq!(
        error_of(&["errors/unknown-area.yaml"]),
        "error: errors/unknown-area.yaml:6:11: unknown area \"investigating-crim\" in rubric peel-2023-25 (did you mean \"investigating-crime\"?)\n  |\n6 |     area: investigating-crim\n  |           ^\n"
    );
}

#[test]
fn moderation_without_a_reason() {
    assert_eq!(
        error_of(&["errors/no-reason.yaml"]),
        "error: errors/no-reason.yaml:7:13: a moderation needs a reason: say why the grade differs from the computed one\n  |\n7 |     reason: \"\"\n  |             ^\n"
    );
}

#[test]
fn a_criterion_judged_in_two_files_names_both() {
    assert_eq!(
        error_of(&["errors/judged-twice-a.yaml", "errors/judged-twice-b.yaml"]),
        "error: errors/judged-twice-b.yaml:7:16: criterion \"IC1\" is judged twice for Kent Police 2023-25: here and at errors/judged-twice-a.yaml:5:16\n"
    );
}

#[test]
fn a_rubric_given_as_evidence() {
    assert_eq!(
        error_of(&["errors/is-a-rubric.yaml"]),
        "error: errors/is-a-rubric.yaml: this is a rubric, not grades or evidence; give it with --rubric\n"
    );
}

#[test]
fn every_problem_in_a_rubric_is_reported() {
    let stderr = error_of(&["--rubric", "errors/bad-rubric.yaml", "custom/evidence"]);
    let firsts: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: errors/"))
        .collect();
    assert_eq!(
        firsts,
        [
            "error: errors/bad-rubric.yaml:1:9: rubric id \"Bad Rubric\" must be lowercase letters, digits and '-'",
            "error: errors/bad-rubric.yaml:4:11: points must be strictly decreasing from exceeded to not_demonstrated",
            "error: errors/bad-rubric.yaml:6:13: coverage is a percentage from 0 to 100",
            "error: errors/bad-rubric.yaml:14:35: weight must be a whole number from 1 to 1000",
            "error: errors/bad-rubric.yaml:15:14: criterion \"A1\" is defined twice (first at line 14); criterion ids are unique across the rubric",
            "error: errors/bad-rubric.yaml:16:9: area \"a\" is defined twice (first at line 11)",
            "error: errors/bad-rubric.yaml:18:15: area \"a\" needs at least one criterion",
        ]
    );
}

#[test]
fn a_missing_file() {
    assert_eq!(
        error_of(&["nope.yaml"]),
        "error: nope.yaml: no such file or directory\n"
    );
}

#[test]
fn an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.yaml");
    std::fs::write(&path, "").unwrap();
    let stderr = error_of(&[path.to_str().unwrap()]);
    assert!(
        stderr.ends_with("empty.yaml:1:1: the file is empty: expected a YAML mapping\n"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.yaml");
    std::fs::write(&path, b"force: Gwent\ncycle: caf\xe9\n").unwrap();
    let stderr = error_of(&[path.to_str().unwrap()]);
    assert!(
        stderr.ends_with("latin1.yaml:2:11: the file is not valid UTF-8 text (save it as UTF-8)\n"),
        "{stderr}"
    );
}

#[test]
fn a_directory_without_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = error_of(&[dir.path().to_str().unwrap()]);
    assert!(
        stderr.ends_with(": the directory holds no *.yaml or *.yml files\n"),
        "{stderr}"
    );
}

#[test]
fn a_near_miss_force_name_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    for (file, force) in [
        ("a.yaml", "Kent Police"),
        ("b.yaml", "Kent Police"),
        ("c.yaml", "Kent Polise"),
    ] {
        std::fs::write(
            dir.path().join(file),
            format!("force: {force}\ncycle: 2023-25\nrubric: peel-2023-25\n"),
        )
        .unwrap();
    }
    let output = peel()
        .args(["grade", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("warning: "), "{stderr}");
    assert!(
        stderr.ends_with("c.yaml:1:8: force \"Kent Polise\" looks like a typo of \"Kent Police\", which 2 files use (did you mean \"Kent Police\"?); they are graded as two forces\n"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn misspelt_finding_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kind.yaml");
    std::fs::write(
        &path,
        "force: Kent Police\ncycle: 2023-25\nrubric: peel-2023-25\nfindings:\n  - kind: cause_of_concen\n    area: investigating-crime\n    text: x\n",
    )
    .unwrap();
    let stderr = error_of(&[path.to_str().unwrap()]);
    assert!(
        stderr.contains("kind.yaml:5:11: unknown value `cause_of_concen` (did you mean `cause_of_concern`?); expected one of cause_of_concern, area_for_improvement, innovative_practice, promising_practice\n"),
        "{stderr}"
    );
}
