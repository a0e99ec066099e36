use crate::peel;

/// Runs `peel ARGS` from the fixtures folder; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = peel().args(args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn check_reports_five_different_mistakes_of_one_file_in_one_run() {
    let (code, _, stderr) = run(&["check", "inspector/five-mistakes.yaml"]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(stderr);
}

#[test]
fn check_reports_every_wrong_type_in_a_rubric() {
    let (code, _, stderr) = run(&["check", "inspector/wrong-types.yaml"]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_syntax_error_is_told_in_plain_words_and_the_other_files_checked() {
    let (code, _, stderr) = run(&[
        "check",
        "inspector/broken-syntax.yaml",
        "inspector/five-mistakes.yaml",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("inspector/broken-syntax.yaml:6:16: a value that starts with `[` is read as a YAML list; if `judgement` is text, put it in quotes: `judgement: \"[partly\"`; the rest of the file was checked as if line 6 were fixed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("inspector/five-mistakes.yaml:20:11: unknown area"),
        "{stderr}"
    );
    assert!(
        stderr.contains("checked 2 files: 7 problems in 2 files\n"),
        "{stderr}"
    );
    // The failing file's warning is told in the same run, as a warning.
    assert!(
        stderr.ends_with("warning: inspector/five-mistakes.yaml:11:11: the text after ` #` is a YAML comment, not part of the note; quote the note to keep it\n"),
        "{stderr}"
    );
}

#[test]
fn text_holding_colon_space_gets_the_quoted_fix() {
    let (code, _, stderr) = run(&["grade", "inspector/colon-in-note.yaml"]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(stderr);
}

#[test]
fn text_lost_to_a_yaml_comment_is_warned_about_by_grade_and_check() {
    let expected = "warning: inspector/comment-in-note.yaml:7:11: the text after ` #` is a YAML comment, not part of the note; quote the note to keep it\n\
                    warning: inspector/comment-in-note.yaml:14:13: the text after ` #` is a YAML comment, not part of the reason; quote the reason to keep it\n";
    let (code, _, stderr) = run(&["grade", "inspector/comment-in-note.yaml"]);
    assert_eq!(code, Some(0));
    // The third warning is of the moderation of an area with insufficient evidence.
    assert!(stderr.starts_with(expected), "{stderr}");
    assert!(
        stderr.ends_with("evidence is insufficient (coverage 33.3% < 75%)\n"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["check", "inspector/comment-in-note.yaml"]);
    assert_eq!(code, Some(0));
    assert!(stderr.contains(expected), "{stderr}");
    // A quoted note and a comment after a quoted value lose nothing: no warning there.
    assert!(!stderr.contains(":8:"), "{stderr}");
    assert!(!stderr.contains(":10:"), "{stderr}");
}

#[test]
fn check_json_carries_warnings_with_their_place() {
    let (code, stdout, _) = run(&["check", "-f", "json", "inspector/comment-in-note.yaml"]);
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let warnings = doc["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 3, "{doc}");
    assert_eq!(warnings[0]["line"], 7);
    assert_eq!(warnings[0]["column"], 11);
    // The third is grade's: an area moderated on too little evidence, at its moderation.
    let third = warnings[2]["message"].as_str().unwrap();
    assert!(
        third.ends_with("evidence is insufficient (coverage 33.3% < 75%)"),
        "{doc}"
    );
    assert_eq!(warnings[2]["line"], 12, "{doc}");
    assert_eq!(doc["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn a_non_breaking_space_in_a_grade_is_a_space_and_in_an_id_is_named() {
    let (code, _, stderr) = run(&["check", "inspector/nbsp.yaml"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("unknown criterion \"IC\u{a0}1\" in rubric peel-2023-25 (did you mean \"IC1\"?); it contains a non-breaking space (U+00A0)"),
        "{stderr}"
    );
    assert!(!stderr.contains("unknown grade"), "{stderr}");
}

/// Writes evidence files (name, force, cycle) into a new folder.
fn evidence_dir(files: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (file, force, cycle) in files {
        std::fs::write(
            dir.path().join(file),
            format!("force: {force}\ncycle: \"{cycle}\"\nrubric: peel-2023-25\n"),
        )
        .unwrap();
    }
    dir
}

#[test]
fn check_locates_near_miss_forces_and_cycles_and_suggests_the_common_spelling() {
    let dir = evidence_dir(&[
        ("a.yaml", "Kent Police", "2023-25"),
        ("b.yaml", "Kent Police", "2023-25"),
        ("c.yaml", "Kent Polce", "2023-25"),
        ("d.yaml", "Essex Police", "2023/25"),
    ]);
    let path = dir.path().to_str().unwrap();
    let (code, _, stderr) = run(&["check", path]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("c.yaml:1:8: force \"Kent Polce\" looks like a typo of \"Kent Police\", which 2 files use (did you mean \"Kent Police\"?)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("d.yaml:2:8: cycle \"2023/25\" looks like a typo of \"2023-25\", which 3 files use (did you mean \"2023-25\"?)"),
        "{stderr}"
    );
    let (_, stdout, _) = run(&["check", "-f", "json", path]);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let lines: Vec<_> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["line"].clone(), w["column"].clone()))
        .collect();
    assert_eq!(lines.len(), 2, "{doc}");
    assert!(lines.contains(&(1.into(), 8.into())), "{doc}");
    assert!(lines.contains(&(2.into(), 8.into())), "{doc}");
}

#[test]
fn a_tie_between_two_spellings_names_both_and_suggests_neither() {
    let dir = evidence_dir(&[
        ("a.yaml", "Kent Police", "2023-25"),
        ("b.yaml", "Kent Polce", "2023-25"),
    ]);
    let (_, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert!(
        stderr.contains("look like one force spelt two ways"),
        "{stderr}"
    );
    assert!(stderr.contains("\"Kent Polce\""), "{stderr}");
    assert!(stderr.contains("\"Kent Police\""), "{stderr}");
    assert!(!stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn not_assessed_in_one_file_and_judged_in_another_is_no_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let head = "force: Kent Police\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n";
    std::fs::write(
        dir.path().join("a.yaml"),
        format!("{head}  - {{criterion: IC1, judgement: not_assessed}}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        format!("{head}  - {{criterion: IC1, judgement: partly}}\n"),
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let (code, _, stderr) = run(&["check", path]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc = crate::json(&["grade", "-f", "json", "--explain", path]);
    assert_eq!(doc["sheets"].as_array().unwrap().len(), 1);
}

#[test]
fn a_yaml_file_written_as_a_flow_mapping_is_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flow.yaml");
    std::fs::write(
        &path,
        "{force: Kent Police, cycle: 2023-25, rubric: peel-2023-25, judgements: [{criterion: IC1, judgement: partly}]}\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn an_alias_to_a_number_reads_as_the_number_it_stands_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alias.yaml");
    std::fs::write(
        &path,
        "force: Kent Police\ncycle: &c 2023\nrubric: peel-2023-25\nfindings:\n  - kind: cause_of_concern\n    area: investigating-crime\n    text: *c\n",
    )
    .unwrap();
    let doc = crate::json(&["grade", "-f", "json", path.to_str().unwrap()]);
    assert_eq!(doc["sheets"][0]["cycle"], "2023");
    let (code, table, _) = run(&["grade", "--explain", path.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert!(table.contains("cause of concern: 2023"), "{table}");
    assert!(!table.contains("*c"), "{table}");
}

/// `grade` locates a near miss whether it kept the places (`--explain`) or reads the
/// file again to find them (issue 12: places are not held for a run over many files).
#[test]
fn grade_locates_near_misses_with_and_without_explain() {
    let dir = tempfile::tempdir().unwrap();
    for (file, force, cycle) in [
        ("a.yaml", "Kent Police", "2023-25"),
        ("b.yaml", "Kent Police", "2023-25"),
        ("c.yaml", "Kent Polce", "2023/25"),
    ] {
        let text = format!(
            "# written by hand\n\ncycle: \"{cycle}\"\nforce:   {force}\nrubric: peel-2023-25\n"
        );
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let path = dir.path().to_str().unwrap();
    for explain in [false, true] {
        let mut args = vec!["grade", path];
        if explain {
            args.push("--explain");
        }
        let (code, _, stderr) = run(&args);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(
            stderr
                .contains("c.yaml:4:10: force \"Kent Polce\" looks like a typo of \"Kent Police\""),
            "explain {explain}: {stderr}"
        );
        assert!(
            stderr.contains("c.yaml:3:8: cycle \"2023/25\" looks like a typo of \"2023-25\""),
            "explain {explain}: {stderr}"
        );
    }
}

/// A file named that is a pipe can be read only once: its places are kept, so a near
/// miss in it is located without reading it again (which would find nothing, or wait
/// for a writer that never comes).
#[cfg(unix)]
#[test]
fn a_near_miss_in_a_pipe_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = |force: &str| format!("force: {force}\ncycle: \"2023-25\"\nrubric: peel-2023-25\n");
    for (file, force) in [("a.yaml", "Kent Police"), ("b.yaml", "Kent Police")] {
        std::fs::write(dir.path().join(file), text(force)).unwrap();
    }
    let pipe = dir.path().join("c.yaml");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    assert!(
        made.is_ok_and(|status| status.success()),
        "mkfifo makes a pipe"
    );
    let writer = {
        let pipe = pipe.clone();
        // Opening a pipe to write waits for its reader: peel.
        std::thread::spawn(move || std::fs::write(pipe, text("Kent Polce")))
    };
    let output = crate::peel()
        .args(["grade", "a.yaml", "b.yaml", "c.yaml"])
        .current_dir(dir.path())
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    writer.join().unwrap().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("c.yaml:1:8: force \"Kent Polce\" looks like a typo of \"Kent Police\""),
        "{stderr}"
    );
}

#[test]
fn all_warnings_prints_every_warning_and_quiet_refuses_it() {
    // Into a pipe every warning prints anyway; --all-warnings changes nothing there.
    let (_, _, plain) = run(&["grade", "inspector/comment-in-note.yaml"]);
    let (code, _, all) = run(&["--all-warnings", "grade", "inspector/comment-in-note.yaml"]);
    assert_eq!(code, Some(0));
    assert_eq!(all, plain);
    assert_eq!(all.matches("warning: ").count(), 3, "{all}");
    let (code, _, stderr) = run(&[
        "grade",
        "-q",
        "--all-warnings",
        "inspector/comment-in-note.yaml",
    ]);
    assert_eq!(
        code,
        Some(2),
        "--quiet and --all-warnings contradict each other"
    );
    assert!(stderr.contains("--all-warnings"), "{stderr}");
}
