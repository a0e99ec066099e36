//! Rough edges a new inspector met (issue 23): a schema saved beside evidence, `-o -`,
//! a force name that is almost a real force's.

use crate::{peel, root};

fn template(force: &str) -> String {
    let output = peel()
        .args(["template", "--force", force, "--cycle", "2023-25"])
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn check_of_a_directory_skips_schemas_saved_beside_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kent.yaml"), template("Kent Police")).unwrap();
    let schema = peel().args(["schema", "evidence"]).output().unwrap().stdout;
    std::fs::write(dir.path().join("peel-evidence.schema.json"), &schema).unwrap();
    std::fs::write(dir.path().join("Rubric.Schema.JSON"), &schema).unwrap();
    let output = peel()
        .args(["check", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "checked 1 file: no problems\n");
    // Named on its own, a schema is still read, and is no sheet.
    let named = dir.path().join("peel-evidence.schema.json");
    let output = peel()
        .args(["check", named.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn dash_as_the_output_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = root().join("examples/evidence/metropolitan-2023-25");
    for format in ["json", "csv", "table"] {
        let output = peel()
            .current_dir(dir.path())
            .args(["grade", evidence.to_str().unwrap(), "-f", format, "-o", "-"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("Investigating crime") || stdout.contains("investigating-crime"));
    }
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "no file called - was written"
    );
}

#[test]
fn a_force_name_near_a_real_force_s_is_warned_about_with_the_right_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kent.yaml");
    std::fs::write(&path, template("Kent")).unwrap();
    for command in ["check", "grade"] {
        let output = peel()
            .args([command, path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(output.status.success(), "{command}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(":7:8: force \"Kent\" is not one of the 43 forces of England and Wales (did you mean \"Kent Police\"?)"),
            "{command}: {stderr}"
        );
    }
    // The real name, and a rubric of one's own, warn of nothing.
    std::fs::write(&path, template("Kent Police")).unwrap();
    let output = peel()
        .args(["grade", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_cycle_its_rubric_does_not_serve_is_warned_about_with_the_right_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "a.yaml",
            "2023/2025",
            "cycle \"2023/2025\" is not a cycle of peel-2023-25 (2023-25) (did you mean \"2023-25\"?)",
        ),
        (
            "b.yaml",
            "2023–25",
            "cycle \"2023–25\" is written \"2023-25\" in peel-2023-25: write it so",
        ),
    ];
    for (file, cycle, warning) in cases {
        let path = dir.path().join(file);
        let text =
            template("Kent Police").replace("cycle: \"2023-25\"", &format!("cycle: \"{cycle}\""));
        std::fs::write(&path, text).unwrap();
        let output = peel()
            .args(["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(output.status.success());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("{file}:8:8: {warning}")),
            "{stderr}"
        );
        assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    }
}

#[test]
fn template_writes_the_cycle_as_its_rubric_does() {
    for (given, written) in [
        ("2021-22", "2021/22"),
        ("2023–25", "2023-25"),
        ("2023/25", "2023-25"),
    ] {
        let output = peel()
            .args(["template", "--force", "Kent Police", "--cycle", given])
            .output()
            .unwrap();
        assert!(output.status.success(), "{given}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.contains(&format!("\ncycle: \"{written}\"\n")),
            "{given}: {text}"
        );
    }
    let output = peel()
        .args([
            "template",
            "--force",
            "Kent Police",
            "--rubric",
            "peel-2023-25",
            "--cycle",
            "2019",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("cycle \"2019\" is not a cycle of peel-2023-25 (2023-25)"),
        "{stderr}"
    );
}

#[test]
fn a_cause_of_concern_in_a_thinly_evidenced_area_is_shown_and_fails_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kent.yaml");
    std::fs::write(
        &path,
        "force: Kent Police\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - {criterion: IC1, judgement: demonstrated}\n  - {criterion: PC1, judgement: demonstrated}\n  - {criterion: PC2, judgement: demonstrated}\n  - {criterion: PC3, judgement: demonstrated}\n  - {criterion: PC4, judgement: demonstrated}\n  - {criterion: PC5, judgement: demonstrated}\nfindings:\n  - {kind: cause_of_concern, area: investigating-crime, text: Too many cases close without a suspect.}\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let output = peel()
        .args(["grade", path, "--area", "investigating-crime"])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(
        table.contains("judged), with 1 cause of concern"),
        "{table}"
    );
    let output = peel()
        .args(["grade", path, "--fail-below", "requires_improvement"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("below requires_improvement: Kent Police, 2023-25, investigating-crime: not graded (insufficient evidence), but a cause of concern caps it at inadequate"),
        "{stderr}"
    );
    // The bar at the cap itself is met: the concern allows inadequate.
    let output = peel()
        .args(["grade", path, "--fail-below", "inadequate"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn diff_gives_each_force_s_net_steps_and_sorts_by_them() {
    let data = root().join("data/peel-grades.csv");
    let data = data.to_str().unwrap();
    let base = [
        "diff", data, "--from", "2021/22", "--to", "2023-25", "-f", "json",
    ];
    for (sort, better_first) in [("improved", true), ("declined", false)] {
        let mut args = base.to_vec();
        args.extend(["--sort", sort]);
        let doc = crate::json(&args);
        let nets: Vec<i64> = doc["diffs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let steps: i64 = d["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|r| r["steps"].as_i64())
                    .sum();
                assert_eq!(d["net_steps"], steps, "{}", d["force_id"]);
                steps
            })
            .collect();
        assert!(nets.len() > 10);
        let ordered = nets.windows(2).all(|w| {
            if better_first {
                w[0] >= w[1]
            } else {
                w[0] <= w[1]
            }
        });
        assert!(ordered, "{sort}: {nets:?}");
    }
    let mut args = base.to_vec();
    args[7] = "csv";
    let output = peel().args(&args).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with(",steps,force_net_steps"),
        "{text}"
    );
}

#[test]
fn area_takes_the_codes_compare_prints_and_words_of_a_title() {
    let data = root().join("data/peel-grades.csv");
    let data = data.to_str().unwrap();
    for (given, id) in [
        ("IC", "investigating-crime"),
        ("pppt", "police-powers-and-public-treatment"),
        ("investigating", "investigating-crime"),
        ("force management", "leadership-and-force-management"),
    ] {
        let doc = crate::json(&["compare", "--area", given, "-f", "json", data]);
        assert_eq!(doc["areas"], serde_json::json!([id]), "{given}");
    }
    let output = peel()
        .args(["compare", "--area", "public", data])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("--area public: names several areas"),
        "{stderr}"
    );
}

#[test]
fn a_draft_diffs_against_the_national_record_s_sheet_of_its_cycle() {
    let data = root().join("data/peel-grades.csv");
    let draft = root().join("examples/evidence/metropolitan-2023-25");
    let doc = crate::json(&[
        "diff",
        data.to_str().unwrap(),
        draft.to_str().unwrap(),
        "--force",
        "Metropolitan",
        "-f",
        "json",
    ]);
    let diffs = doc["diffs"].as_array().unwrap();
    assert_eq!(diffs.len(), 1);
    assert_eq!(
        diffs[0]["old"]["cycle"], "2023-25",
        "the published sheet of the draft's cycle"
    );
    assert_eq!(diffs[0]["new"]["cycle"], "2023-25");
    // The bundled example grades as the Met was graded.
    assert_eq!(diffs[0]["summary"]["unchanged"], 8, "{doc}");
    // Two sides that each hold two cycles of a force still ask for --from and --to.
    let output = peel()
        .args(["diff", data.to_str().unwrap(), data.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_compare_over_mixed_cycles_says_so_in_its_heading() {
    let data = root().join("data/peel-grades.csv");
    let data = data.to_str().unwrap();
    let doc = crate::json(&["compare", "-f", "json", data]);
    let mut per_cycle = std::collections::BTreeMap::new();
    for row in doc["rows"].as_array().unwrap() {
        *per_cycle
            .entry(row["cycle"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    assert_eq!(
        per_cycle.len(),
        2,
        "each force's newest: some forces' newest is 2021/22"
    );
    for format in ["table", "markdown", "html"] {
        let output = peel()
            .args(["compare", data, "-f", format])
            .env("COLUMNS", "300")
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("mixed cycles, 2: "), "{format}");
        for (cycle, rows) in &per_cycle {
            assert!(
                text.contains(&format!("{rows} of {cycle}")),
                "{format}: {cycle}"
            );
        }
    }
    let one = peel()
        .args(["compare", data, "--cycle", "2023-25"])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(one.stdout)
            .unwrap()
            .contains("mixed cycles")
    );
}

#[test]
fn compare_csv_keeps_the_grades_of_retired_areas_and_reads_back_with_them() {
    let data = root().join("data/peel-grades.csv");
    let output = peel()
        .args(["compare", "--all", "-f", "csv", data.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = header
        .iter()
        .position(|h| h == "disrupting-serious-organised-crime")
        .expect("a column for the retired area");
    let kept = reader
        .records()
        .filter(|r| !r.as_ref().unwrap()[column].is_empty())
        .count();
    let recount = csv::Reader::from_path(&data)
        .unwrap()
        .records()
        .filter(|r| &r.as_ref().unwrap()[3] == "disrupting-serious-organised-crime")
        .count();
    assert!(recount > 0);
    assert_eq!(kept, recount);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("matrix.csv");
    std::fs::write(&path, &text).unwrap();
    let doc = crate::json(&["grade", "-f", "json", path.to_str().unwrap()]);
    let back = doc["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["areas"].as_array().unwrap())
        .filter(|a| a["id"] == "disrupting-serious-organised-crime" && !a["grade"].is_null())
        .count();
    assert_eq!(back, recount, "read back with them");
}

#[test]
fn layout_errors_say_what_to_do_in_plain_words() {
    let head = "force: Kent Police\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n";
    let cases = [
        (
            "\t- criterion: IC1\n",
            ":5:1: line 5 has a tab in its indentation; YAML indents with spaces only: put spaces where the tab is",
        ),
        (
            "  - criterion: IC1\n      judgement: partly\n",
            ":6:7: line 6 is indented 6 spaces, more than `criterion` on line 5 (4): indent it like line 5",
        ),
        (
            "  - criterion: IC1\n   judgement: partly\n",
            ":6:4: line 6 is indented 3 spaces, less than `criterion` on line 5 (4): indent it like line 5 to add to that mapping, or like line 4 (0 spaces)",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (index, (body, said)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("case{index}.yaml"));
        std::fs::write(&path, format!("{head}{body}")).unwrap();
        let output = peel()
            .args(["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(said), "{said}\n{stderr}");
        assert!(!stderr.contains("put the text in quotes"), "{stderr}");
    }
}

#[test]
fn check_strict_fails_on_warnings_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kent.yaml");
    std::fs::write(&path, template("Kent")).unwrap();
    let path = path.to_str().unwrap();
    let relaxed = peel().args(["check", path]).output().unwrap();
    assert_eq!(relaxed.status.code(), Some(0));
    let strict = peel().args(["check", "--strict", path]).output().unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8(strict.stderr).unwrap();
    assert!(stderr.contains("warning: "), "{stderr}");
    assert!(
        stderr.contains("--strict: 1 warning below, so the check fails"),
        "{stderr}"
    );
    std::fs::write(dir.path().join("kent.yaml"), template("Kent Police")).unwrap();
    let clean = peel().args(["check", "--strict", path]).output().unwrap();
    assert_eq!(clean.status.code(), Some(0));
}

/// `peel check FILE -f json`'s problems as `line:column: message`, and its exit code.
fn check_json(name: &str, text: &str) -> (Option<i32>, Vec<String>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let output = peel()
        .args(["check", "-f", "json", path.to_str().unwrap()])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lines = |key: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{}:{}: {}",
                    p["line"],
                    p["column"],
                    p["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    (output.status.code(), lines("problems"), lines("warnings"))
}

/// Kent's template with PP1 judged, two mistakes (a judgement of IC2, the id IC3) and
/// its lines changed by `edit`.
fn kent_with(edit: impl Fn(String) -> String) -> String {
    let text = template("Kent Police")
        .replacen("judgement: not_assessed", "judgement: demonstrated", 1)
        .replace(
            "criterion: \"IC2\"\n    judgement: not_assessed",
            "criterion: \"IC2\"\n    judgement: nope",
        )
        .replace("criterion: \"IC3\"", "criterion: \"IC33\"");
    edit(text)
}

#[test]
fn a_tab_does_not_hide_the_other_problems_of_its_file() {
    let text = kent_with(|t| t.replacen("  - criterion: \"PP2\"", "\t- criterion: \"PP2\"", 1));
    let (code, problems, _) = check_json("kent.yaml", &text);
    assert_eq!(code, Some(1));
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].contains("has a tab in its indentation"),
        "{problems:#?}"
    );
    assert!(problems[0].ends_with("the rest of the file was checked as if line 17 were fixed"));
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unknown judgement \"nope\""))
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unknown criterion \"IC33\""))
    );
}

#[test]
fn a_duplicate_key_and_an_over_indented_line_do_not_hide_the_rest() {
    let text = kent_with(|t| {
        t.replacen(
            "rubric: peel-2023-25\n",
            "rubric: peel-2023-25\nforce: Kent Police\n",
            1,
        )
        .replacen(
            "    judgement: not_assessed\n",
            "      judgement: not_assessed\n",
            1,
        )
    });
    let (code, problems, _) = check_json("kent.yaml", &text);
    assert_eq!(code, Some(1));
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(
        problems[0].contains("duplicate key `force`"),
        "{problems:#?}"
    );
    assert!(
        problems[0].contains("checked without line"),
        "{problems:#?}"
    );
    assert!(problems[1].contains("indent it like line"), "{problems:#?}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unknown criterion \"IC33\""))
    );
    // What the mending itself leaves out (a key of a line left out) is not a problem.
    assert!(
        !problems.iter().any(|p| p.contains("missing key")),
        "{problems:#?}"
    );
}

#[test]
fn check_warns_of_what_grade_warns_of() {
    let text = template("Kent Police").replacen(
        "moderation: []",
        "moderation:\n  - area: investigating-crime\n    grade: good\n    reason: Panel view.",
        1,
    );
    assert!(text.contains("moderation:"), "the template changed: {text}");
    let (code, problems, warnings) = check_json("kent.yaml", &text);
    assert_eq!(code, Some(0), "{problems:#?}");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0]
            .contains("investigating-crime is moderated to good, but its evidence is insufficient"),
        "{warnings:#?}"
    );
}

#[test]
fn each_command_s_format_help_says_what_it_gives_for_that_command() {
    let help = |args: &[&str]| {
        let output = peel().args(args).output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let diff = help(&["diff", "--help"]);
    assert!(diff.contains("JSON, `peel.diff/1`"), "{diff}");
    assert!(!diff.contains("peel.grades/1"), "{diff}");
    let coverage = help(&["coverage", "--help"]);
    assert!(
        coverage.contains("A row per cycle, force and area"),
        "{coverage}"
    );
    let check = help(&["check", "--help"]);
    assert!(check.contains("JSON, `peel.check/1`"), "{check}");
    assert!(!check.contains("html:"), "check writes no HTML: {check}");
    let show = help(&["rubric", "show", "--help"]);
    assert!(show.contains("yaml:"), "{show}");
    // The man page tells the same.
    let man = help(&["man", "national"]);
    assert!(man.contains("each row a stacked bar"), "{man}");
}

#[test]
fn a_draft_and_the_published_sheet_of_one_force_stay_two_through_csv() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("both.csv");
    let again = dir.path().join("again.csv");
    let grade = |args: &[&str]| {
        let output = peel().args(args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(output.status.success(), "{args:?}: {stderr}");
    };
    let evidence = root().join("examples/evidence/metropolitan-2023-25");
    let published = root().join("examples/published/metropolitan-2023-25.yaml");
    grade(&[
        "grade",
        evidence.to_str().unwrap(),
        published.to_str().unwrap(),
        "-o",
        first.to_str().unwrap(),
    ]);
    // Read back, the draft is still a draft: written out again, it does not collide
    // with the published sheet of the same force and cycle.
    grade(&[
        "grade",
        first.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    let first = std::fs::read_to_string(first).unwrap();
    let again = std::fs::read_to_string(again).unwrap();
    let sources = |csv: &str| -> Vec<String> {
        csv.lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap().to_string())
            .collect()
    };
    assert!(sources(&first).contains(&"evidence".to_string()), "{first}");
    assert_eq!(sources(&first), sources(&again));
}

/// A change made to a file's text.
type Edit = Box<dyn Fn(String) -> String>;

/// Each slip of hand-typed YAML, told where it is with its fix, and the problems after
/// it still found: (what the slip does to Kent's file, the start of the first problem).
#[test]
fn hand_typed_slips_are_told_where_they_are_and_hide_nothing_after_them() {
    let pp2 = "  - criterion: \"PP2\"\n    judgement: not_assessed\n";
    let slips: [(&str, Edit, &str); 7] = [
        (
            "an unclosed quote",
            Box::new(|t| {
                t.replacen(
                    "    judgement: demonstrated\n",
                    "    judgement: demonstrated\n    note: \"Seen in March.\n",
                    1,
                )
            }),
            "16:11: the quote that opens this value is never closed on its line",
        ),
        (
            "a note starting with a bracket",
            Box::new(|t| {
                t.replacen(
                    "    judgement: demonstrated\n",
                    "    judgement: demonstrated\n    note: [THRIVE] used.\n",
                    1,
                )
            }),
            "16:11: a value that starts with `[` is read as a YAML list; if `note` is text, put it in quotes: `note: \"[THRIVE] used.\"`",
        ),
        (
            "a missing `- `",
            Box::new(move |t| {
                t.replacen(
                    pp2,
                    "    criterion: \"PP2\"\n    judgement: not_assessed\n",
                    1,
                )
            }),
            "17:5: line 17 looks like a new item of the list, not a second `criterion`: start it with `- ` as line 14 does",
        ),
        (
            "a dash without its space",
            Box::new(move |t| {
                t.replacen(
                    pp2,
                    "  -criterion: \"PP2\"\n    judgement: not_assessed\n",
                    1,
                )
            }),
            "17:3: line 17 starts with `-` and no space",
        ),
        (
            "an item's lines indented one space too few",
            Box::new(move |t| {
                t.replacen(
                    pp2,
                    " - criterion: \"PP2\"\n   judgement: not_assessed\n",
                    1,
                )
            }),
            "17:2: line 17 is a list item whose `-` is indented 1 spaces, less than the item on line 14 (2): indent it like line 14",
        ),
        (
            "a key without a space after its colon",
            Box::new(move |t| {
                t.replacen(
                    pp2,
                    "  - criterion: \"PP2\"\n    judgement:demonstrated\n",
                    1,
                )
            }),
            "18:5: line 18: a key's `:` needs a space after it: write `judgement: demonstrated`",
        ),
        (
            "a tab, then a colon in a note further down the same list",
            Box::new(move |t| {
                t.replacen(
                    pp2,
                    "\t- criterion: \"PP2\"\n    judgement: not_assessed\n",
                    1,
                )
                .replacen(
                    "  - criterion: \"PP4\"\n",
                    "  - criterion: \"PP4\"\n    note: Stops: fair.\n",
                    1,
                )
            }),
            "17:1: line 17 has a tab in its indentation",
        ),
    ];
    for (slip, edit, first) in slips {
        let (code, problems, _) = check_json("kent.yaml", &kent_with(edit));
        assert_eq!(code, Some(1), "{slip}");
        assert!(problems[0].starts_with(first), "{slip}: {problems:#?}");
        assert!(
            problems[0].contains("; the rest of the file was checked as if line"),
            "{slip}: {problems:#?}"
        );
        // The two mistakes kent_with makes further down are still found, and nothing else
        // but what the slip itself is.
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown judgement \"nope\"")),
            "{slip}: {problems:#?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown criterion \"IC33\"")),
            "{slip}: {problems:#?}"
        );
        let expected = if slip.starts_with("a tab") { 4 } else { 3 };
        assert_eq!(problems.len(), expected, "{slip}: {problems:#?}");
    }
}

#[test]
fn what_the_reviewer_found_in_check_s_reading_on() {
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            // A key missing from a mapping is reported though another line is left out.
            "force: \"Kent Police\"\ncycle: 2023-25\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - criterion: IC1\n",
            "duplicate key `cycle`",
            &["missing key `judgement`"],
        ),
        (
            // A text block's lines are left out with it, not folded into the value above.
            "force: \"Kent Police\"\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - criterion: IC1\n    judgement: partly\n    note: |x\n      Supervision was weak.\n",
            "a `|` or `>` text block",
            &[],
        ),
        (
            // The mend follows the message: like the key after the `- `.
            "force: \"Kent Police\"\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - criterion: IC1\n   judgement: nope\n",
            "line 6 is indented 3 spaces",
            &["unknown judgement \"nope\""],
        ),
        (
            // A list item where a key is expected says so, not that it is indented.
            "force: \"Kent Police\"\n- cycle: 2023-25\nrubric: peel-2023-25\n",
            "line 2 starts a list item (`- `) where `force` on line 1 has no list to add to",
            &[],
        ),
    ];
    for (text, first, then) in cases {
        let (_, problems, _) = check_json("kent.yaml", text);
        assert!(problems[0].contains(first), "{problems:#?}");
        assert_eq!(problems.len(), 1 + then.len(), "{problems:#?}");
        for (problem, expected) in problems[1..].iter().zip(then) {
            assert!(problem.contains(expected), "{problems:#?}");
        }
    }
    // A warning of the mended file is still told.
    let text = "force: \"Kent Police\"\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - criterion: IC1\n    judgement: partly\n    note: see ref #123\n    judgement: partly\n";
    let (_, problems, warnings) = check_json("kent.yaml", text);
    assert!(
        problems[0].contains("duplicate key `judgement`"),
        "{problems:#?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("is a YAML comment")),
        "{warnings:#?}"
    );
}
