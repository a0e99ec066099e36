//! `grade --explain` in every format, and every table fitted to the terminal's width
//! without a word cut (issue #9, parts 4 and 5).

use std::collections::HashSet;

use unicode_width::UnicodeWidthStr;

use crate::{fixtures, peel, root};

const COUNTY: &str = "explain/county.yaml";

/// Runs peel with `COLUMNS` set (or removed, for `None`) and returns its output.
fn run(args: &[&str], columns: Option<&str>) -> (String, String) {
    let mut command = peel();
    match columns {
        Some(columns) => command.env("COLUMNS", columns),
        None => command.env_remove("COLUMNS"),
    };
    let output = command.args(args).output().expect("peel runs");
    assert!(
        output.status.success(),
        "peel {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn path(relative: &str) -> String {
    root().join(relative).to_string_lossy().into_owned()
}

/// The words of `text`: split at spaces and table rules, stripped of punctuation.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || ('\u{2500}'..='\u{257f}').contains(&c))
        .map(|w| w.trim_matches(|c: char| "()[],.:;·'\"".contains(c)))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every word of `fitted` is a word of the same report at no width, a short header
/// or code of a narrow table, or a piece of a path broken after a '/'.
fn assert_no_word_cut(fitted: &str, whole: &str) {
    let mut known: HashSet<&str> = words(whole).into_iter().collect();
    // Said under a compare table too narrow for its counts column.
    known.extend(words(
        "The I·RI·A·G·O counts of each row do not fit this width; --format json has them.",
    ));
    let short = [
        "I", "RI", "A", "G", "O", "=", "PPPT", "PC", "RP", "IC", "PVP", "MOS", "BSPW", "LFM",
        "RDAC", "Id", "Wt", "Cov",
    ];
    for word in words(fitted) {
        let whole_word = known.contains(word)
            || short.contains(&word)
            || known.iter().any(|k| {
                k.contains('/') && (k.contains(&format!("/{word}")) || k.starts_with(word))
            });
        assert!(
            whole_word,
            "{word:?} is cut from a longer word in:\n{fitted}"
        );
    }
}

/// The five reports issue #9 names, as arguments.
fn reports() -> Vec<Vec<String>> {
    let old = path("examples/published/metropolitan-2021-22.yaml");
    let new = path("examples/published/metropolitan-2023-25.yaml");
    vec![
        vec!["grade".into()],
        vec!["grade".into(), "--explain".into()],
        vec!["diff".into(), old, new],
        vec!["compare".into(), path("examples/published")],
        vec!["rubric".into(), "show".into(), "peel-2023-25".into()],
        vec!["grade".into(), "--explain".into(), COUNTY.into()],
    ]
}

#[test]
fn every_line_fits_80_and_120_columns_and_no_word_is_cut() {
    for args in reports() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (whole, _) = run(&args, None);
        for width in [80, 120] {
            let (fitted, _) = run(&args, Some(&width.to_string()));
            for line in fitted.lines() {
                assert!(line.width() <= width, "{args:?} at {width}: {line:?}");
            }
            assert_no_word_cut(&fitted, &whole);
            // Every grade word is there as often as at no width (compare swaps them for
            // codes with a legend: tested on its own below).
            let labels: &[&str] = if args[0] == "compare" {
                &[]
            } else {
                &["Inadequate", "Adequate", "Outstanding", "Good", "Requires"]
            };
            for label in labels {
                assert_eq!(
                    whole.matches(label).count(),
                    fitted.matches(label).count(),
                    "{args:?} at {width}: {label}"
                );
            }
        }
    }
}

#[test]
fn compare_at_80_columns_uses_grade_codes_with_a_legend() {
    let (text, _) = run(&["compare", &path("examples/published")], Some("80"));
    assert!(text.contains("┆ RI "), "{text}");
    assert!(text.contains("RI = Requires improvement"));
    assert!(text.contains("IC = Investigating crime"));
    let (wide, _) = run(&["compare", &path("examples/published")], None);
    assert!(wide.contains("┆ Requires improvement "), "{wide}");
}

#[test]
fn a_very_narrow_terminal_cuts_no_word_and_does_not_panic() {
    for args in reports() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (whole, _) = run(&args, None);
        let (fitted, _) = run(&args, Some("40"));
        for line in fitted.lines() {
            // Only a word wider than the line overflows it (an area id such as
            // building-supporting-and-protecting-the-workforce, 48 columns).
            let overlong = words(line).iter().any(|w| w.width() > 34);
            assert!(line.width() <= 40 || overlong, "{args:?}: {line:?}");
        }
        assert_no_word_cut(&fitted, &whole);
    }
}

#[test]
fn columns_of_zero_or_nonsense_is_no_width() {
    let (whole, _) = run(&["grade"], None);
    for columns in ["0", "", "wide"] {
        assert_eq!(
            run(&["grade"], Some(columns)).0,
            whole,
            "COLUMNS={columns:?}"
        );
    }
}

#[test]
fn explain_lists_every_criterion_and_which_ceilings_bind() {
    let (text, stderr) = run(&["grade", "--explain", COUNTY], Some("200"));
    assert!(
        text.contains("\nInvestigating crime: Requires improvement\n"),
        "{text}"
    );
    assert!(text.contains("  insufficient evidence (coverage 16.7% < 75%)\n"));
    assert!(text.contains(
        "  moderated to Requires improvement despite insufficient evidence (coverage 16.7% < 75%): The force's own audit"
    ));
    assert!(text.contains(
        "  IC1 partly (2 pts): Only one team's files were read. [fieldwork notes] (line 7)\n"
    ));
    assert!(
        text.contains("  IC2 not assessed: Allocation data arrived after fieldwork. (line 11)\n")
    );
    assert!(text.contains("  IC3 not assessed: Supervisors oversee investigations"));
    assert!(text.contains(
        "  ceiling Good (areas for improvement): 2 areas for improvement (does not bind)\n"
    ));
    assert!(text.contains("  PC1 demonstrated (3 pts) (line 14)\n"));
    assert!(
        stderr.contains("investigating-crime is moderated to requires improvement, but its evidence is insufficient (coverage 16.7% < 75%)"),
        "{stderr}"
    );
    let (example, _) = run(&["grade", "--explain"], Some("200"));
    assert!(example.contains("  ceiling Inadequate (cause of concern) (binds)\n"));
    assert!(example.contains("  MO3 not demonstrated (1 pt, critical): Risks from"));
}

#[test]
fn json_lists_judgements_only_with_explain() {
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&run(args, None).0).expect("JSON")
    };
    let plain = json(&["grade", "--format", "json", COUNTY]);
    let explained = json(&["grade", "--format", "json", "--explain", COUNTY]);
    for area in plain["sheets"][0]["areas"].as_array().unwrap() {
        assert_eq!(area["judgements"], serde_json::json!([]), "{}", area["id"]);
    }
    let areas = explained["sheets"][0]["areas"].as_array().unwrap();
    let crime = areas
        .iter()
        .find(|a| a["id"] == "investigating-crime")
        .unwrap();
    assert_eq!(crime["status"], "insufficient_evidence");
    assert_eq!(crime["grade"], "requires_improvement");
    let judgements = crime["judgements"].as_array().unwrap();
    assert_eq!(judgements.len(), 6);
    assert_eq!(
        judgements[0],
        serde_json::json!({
            "criterion": "IC1", "judgement": "partly", "points": 2,
            "note": "Only one team's files were read.", "source": "fieldwork notes",
            "file": COUNTY, "line": 7
        })
    );
    assert_eq!(judgements[1]["judgement"], "not_assessed");
    assert!(judgements[1]["points"].is_null());
    assert_eq!(
        judgements[5],
        serde_json::json!({
            "criterion": "IC6", "judgement": "not_assessed", "points": null,
            "note": null, "source": null, "file": null, "line": null
        })
    );
    let prevention = areas
        .iter()
        .find(|a| a["id"] == "preventing-crime")
        .unwrap();
    assert_eq!(prevention["ceilings"][0]["binds"], false);
    // Published sheets have no judgements to list.
    let published = json(&[
        "grade",
        "--format",
        "json",
        "--explain",
        &path("examples/published/metropolitan-2023-25.yaml"),
    ]);
    for area in published["sheets"][0]["areas"].as_array().unwrap() {
        assert_eq!(area["judgements"], serde_json::json!([]));
    }
}

#[test]
fn explained_csv_keeps_a_row_per_area_and_reads_back_as_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("county.csv");
    let out = out.to_str().unwrap();
    run(
        &["grade", "--explain", "--format", "csv", "-o", out, COUNTY],
        None,
    );
    let text = std::fs::read_to_string(out).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        &header.iter().take(5).collect::<Vec<_>>(),
        &["force", "cycle", "rubric", "area", "grade"]
    );
    // judgements keeps its place (column 18) whether or not --explain filled it;
    // sheet_source, where the sheet came from, was added after it (issue 24 #6).
    let tail: Vec<&str> = header.iter().skip(17).collect();
    assert_eq!(tail, ["judgements", "sheet_source"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 8);
    let crime = rows
        .iter()
        .find(|r| &r[3] == "investigating-crime")
        .unwrap();
    assert!(crime[17].starts_with("IC1 partly (2 pts): Only one team's files were read."));
    assert!(crime[17].contains("; IC6 not assessed"));
    let back = run(&["grade", "--format", "json", out], None).0;
    let back: serde_json::Value = serde_json::from_str(&back).unwrap();
    // A sheet graded from evidence says so when read back (it used to read back as
    // published, which made a draft and the published sheet of one force one sheet
    // when written out again: found by the sheet_csv fuzz target).
    assert_eq!(back["sheets"][0]["source"], "evidence");
    assert_eq!(
        back["sheets"][0]["areas"][0]["grade"],
        "requires_improvement"
    );
    assert!(fixtures().join(COUNTY).exists());
}

/// Among many files, the one that moderates is still named in the report: a run
/// without `--explain` lets go of the paths no report can need (issue 12).
#[test]
fn a_moderation_among_many_files_names_its_file() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..40 {
        let text = format!(
            "force: Force {n:02}\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - {{criterion: IC1, judgement: partly}}\n"
        );
        std::fs::write(dir.path().join(format!("f{n:02}.yaml")), text).unwrap();
    }
    let county = root().join("tests/fixtures").join(COUNTY);
    let moderated = dir.path().join("zz-county.yaml");
    std::fs::copy(county, &moderated).unwrap();
    let folder = dir.path().to_string_lossy().into_owned();
    let (stdout, _) = run(&["grade", &folder, "--format", "json"], None);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let sheets = doc["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 41);
    let county = sheets
        .iter()
        .find(|s| s["force"] == "County Constabulary")
        .unwrap();
    let area = county["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "investigating-crime")
        .unwrap();
    assert_eq!(
        area["moderation"]["file"],
        moderated.to_string_lossy().as_ref()
    );
}
