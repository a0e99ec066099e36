use unicode_width::UnicodeWidthStr;

use crate::{json, peel, root};

/// Runs `peel ARGS`, checks it exits 1, and returns its standard error.
fn failed(args: &[&str]) -> String {
    let output = peel().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{args:?}");
    String::from_utf8(output.stderr).unwrap()
}

/// Runs `peel ARGS`, checks it exits 2 (a filter that names nothing is a usage
/// error), and returns its standard error.
fn misused(args: &[&str]) -> String {
    let output = peel().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    String::from_utf8(output.stderr).unwrap()
}

/// The shipped dataset's path.
fn dataset() -> String {
    root().join("data/peel-grades.csv").display().to_string()
}

#[test]
fn the_dataset_loads_and_every_row_is_sourced_and_unique() {
    peel().args(["check", &dataset()]).assert().success();
    let mut reader = csv::Reader::from_path(dataset()).unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["force", "cycle", "rubric", "area", "grade", "source"]
    );
    let mut seen = std::collections::BTreeSet::new();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        let key = (
            record[0].to_string(),
            record[1].to_string(),
            record[3].to_string(),
        );
        assert!(seen.insert(key.clone()), "{key:?} is in the dataset twice");
        assert!(
            record[5].starts_with("https://") && !record[5].contains(' '),
            "{key:?}: source {:?} is no https URL",
            &record[5]
        );
    }
    assert!(rows >= 300, "{rows} rows");
    // Every area is known to its rubric: grading the file checks each row's area.
    let doc = json(&["grade", "-f", "json", &dataset()]);
    let sheets = doc["sheets"].as_array().unwrap();
    assert!(sheets.len() >= 60, "{} sheets", sheets.len());
}

#[test]
fn a_spreadsheet_export_in_crlf_with_titled_headers_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(
        &path,
        "Force, Cycle ,Investigating crime,Responding to the public\r\nKent Police,2023-25,Good,Requires improvement\r\nEssex Police,2023-25,Adequate,RI\r\n",
    )
    .unwrap();
    let doc = json(&["compare", "-f", "json", path.to_str().unwrap()]);
    assert_eq!(doc["rubric"], "peel-2023-25");
    assert_eq!(doc["rows"][1]["grades"]["investigating-crime"], "good");
    assert_eq!(
        doc["rows"][0]["grades"]["responding-to-the-public"],
        "requires_improvement"
    );
}

#[test]
fn a_crlf_export_with_several_mistakes_reports_each_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(
        &path,
        "Force,Cycle,Rubric,Area,Grade\r\nKent Police,2023-25,peel-2023-25,Investigating crime,goood\r\nKent Police,2023-25,peel-2023-25,investigating-crim,good\r\nEssex Police,2023-25,peel-2023-2,preventing-crime,good\r\n",
    )
    .unwrap();
    let stderr = failed(&["check", path.to_str().unwrap()]);
    for located in [
        "export.csv:2:54: row 2: unknown grade \"goood\"",
        "export.csv:3:34: row 3: unknown area \"investigating-crim\"",
        "export.csv:4:22: row 4: unknown rubric \"peel-2023-2\"",
    ] {
        assert!(stderr.contains(located), "{located}\n{stderr}");
    }
    assert!(
        stderr.contains("2 | Kent Police,2023-25,peel-2023-25,Investigating crime,goood\n"),
        "{stderr}"
    );
}

#[test]
fn compare_shows_each_force_once_by_default_and_every_sheet_with_all() {
    let newest = json(&["compare", "-f", "json", &dataset()]);
    let rows = newest["rows"].as_array().unwrap();
    let forces: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r["force_id"].as_str().unwrap())
        .collect();
    assert_eq!(forces.len(), rows.len(), "one row per force");
    let all = json(&["compare", "--all", "-f", "json", &dataset()]);
    assert!(all["rows"].as_array().unwrap().len() > rows.len());
    // Per cycle, each force counts once in each column's totals.
    for (cycle, totals) in all["totals_by_cycle"].as_object().unwrap() {
        let sheets = all["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["cycle"] == cycle.as_str())
            .count() as u64;
        for counts in totals.as_object().unwrap().values() {
            let sum: u64 = counts
                .as_object()
                .unwrap()
                .values()
                .map(|n| n.as_u64().unwrap())
                .sum();
            assert_eq!(sum, sheets, "{cycle}");
        }
    }
    let one = json(&["compare", "--cycle", "2021/22", "-f", "json", &dataset()]);
    assert!(
        one["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["cycle"] == "2021/22")
    );
    assert_eq!(one["totals_by_cycle"].as_object().unwrap().len(), 1);
}

#[test]
fn compare_names_retired_areas_it_cannot_show() {
    let output = peel()
        .args(["compare", "--all", &dataset()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("not shown: disrupting-serious-organised-crime (of peel-2021-22), retired in peel-2023-25, graded in"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("not shown").count(), 1, "{stderr}");
}

#[test]
fn compare_rows_count_their_grades() {
    let doc = json(&["compare", "--sort", "worst", "-f", "json", &dataset()]);
    let rows = doc["rows"].as_array().unwrap();
    let inadequate = |row: &serde_json::Value| row["counts"]["inadequate"].as_u64().unwrap();
    assert!(inadequate(&rows[0]) >= inadequate(&rows[rows.len() - 1]));
    let output = peel()
        .args(["compare", "--sort", "worst", &dataset()])
        .env("COLUMNS", "400")
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("I·RI·A·G·O"), "{table}");
}

#[test]
fn diff_pools_the_dataset_and_pairs_each_force_s_cycles() {
    let doc = json(&[
        "diff",
        &dataset(),
        "--from",
        "2021/22",
        "--to",
        "2023-25",
        "-f",
        "json",
    ]);
    let diffs = doc["diffs"].as_array().unwrap();
    assert!(diffs.len() > 10);
    assert!(
        diffs
            .iter()
            .all(|d| d["old"]["cycle"] == "2021/22" && d["new"]["cycle"] == "2023-25")
    );
    let responding = &doc["totals"]["responding-to-the-public"];
    let improved = responding["improved"].as_u64().unwrap();
    let counted = diffs
        .iter()
        .flat_map(|d| d["rows"].as_array().unwrap())
        .filter(|r| r["area"] == "responding-to-the-public" && r["movement"] == "improved")
        .count() as u64;
    assert_eq!(improved, counted);
    let steps: i64 = diffs
        .iter()
        .flat_map(|d| d["rows"].as_array().unwrap())
        .filter(|r| r["area"] == "responding-to-the-public")
        .filter_map(|r| r["steps"].as_i64())
        .sum();
    assert_eq!(responding["net_steps"].as_i64().unwrap(), steps);
}

#[test]
fn diff_summary_prints_only_the_all_forces_table() {
    let output = peel()
        .args([
            "diff",
            &dataset(),
            "--from",
            "2021/22",
            "--to",
            "2023-25",
            "--summary",
        ])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.starts_with("All "), "{table}");
    assert_eq!(table.matches("┌").count(), 1, "one table: {table}");
    assert!(table.lines().all(|l| l.width() <= 80), "{table}");
}

#[test]
fn a_file_holding_two_cycles_of_a_force_suggests_pooling() {
    let stderr = failed(&["diff", &dataset(), &dataset()]);
    assert!(stderr.contains("--from 2021/22 --to 2023-25"), "{stderr}");
}

#[test]
fn filters_pick_forces_areas_and_cycles_and_say_what_exists() {
    let doc = json(&[
        "compare",
        "-f",
        "json",
        "--force",
        "Kent Police",
        "--force",
        "essex-police",
        "--area",
        "Investigating crime",
        &dataset(),
    ]);
    assert_eq!(doc["areas"], serde_json::json!(["investigating-crime"]));
    let ids: Vec<&str> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["force_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["essex-police", "kent-police"]);
    let stderr = misused(&["compare", "--force", "Kent Polce", &dataset()]);
    assert!(stderr.contains("did you mean \"Kent Police\"?"), "{stderr}");
    let stderr = misused(&["compare", "--cycle", "2019", &dataset()]);
    assert!(
        stderr.contains("the cycles are 2021/22, 2023-25"),
        "{stderr}"
    );
    let stderr = misused(&["grade", "--area", "nothing-like-it", &dataset()]);
    assert!(stderr.contains("the areas are"), "{stderr}");
    let doc = json(&[
        "diff",
        &dataset(),
        "--from",
        "2021/22",
        "--to",
        "2023-25",
        "--force",
        "Kent Police",
        "-f",
        "json",
    ]);
    assert_eq!(doc["diffs"].as_array().unwrap().len(), 1);
}

#[test]
fn a_yaml_sheet_without_a_rubric_takes_the_one_serving_its_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kent.yaml");
    std::fs::write(
        &path,
        "force: Kent Police\ncycle: 2021/22\ngrades:\n  Developing a positive workplace: good\n  strategic-planning-organisational-management-and-value-for-money: adequate\n",
    )
    .unwrap();
    let doc = json(&["grade", "-f", "json", path.to_str().unwrap()]);
    let sheet = &doc["sheets"][0];
    assert_eq!(sheet["rubric"], "peel-2021-22");
    let grade = |id: &str| {
        sheet["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["grade"]
            .clone()
    };
    assert_eq!(grade("developing-a-positive-workplace"), "good");
    assert_eq!(grade("good-use-of-resources"), "adequate");
}

#[test]
fn diff_takes_its_cycles_as_from_and_to() {
    for args in [
        vec!["diff", "--cycle", "2021/22", "a", "b"],
        vec!["--cycle", "2021/22", "diff", "a", "b"],
    ] {
        let output = peel().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains("diff takes its cycles as --from and --to"),
            "{stderr}"
        );
    }
}

/// Writes `files` (name, text) into a new folder.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn one_cycle_written_two_ways_is_one_cycle_to_every_filter() {
    let sheet = |force: &str, cycle: &str, grade: &str| {
        format!("force: {force}\ncycle: \"{cycle}\"\ngrades:\n  investigating-crime: {grade}\n")
    };
    let dir = folder(&[
        ("kent-old.yaml", &sheet("Kent Police", "2021/22", "good")),
        ("essex-old.yaml", &sheet("Essex Police", "2021-22", "good")),
        (
            "kent-new.yaml",
            &sheet("Kent Police", "2023-25", "adequate"),
        ),
        (
            "essex-new.yaml",
            &sheet("Essex Police", "2023/25", "adequate"),
        ),
    ]);
    let path = dir.path().to_str().unwrap();
    let doc = json(&[
        "diff", path, "--from", "2021/22", "--to", "2023-25", "-f", "json",
    ]);
    assert_eq!(doc["diffs"].as_array().unwrap().len(), 2, "{doc}");
    let doc = json(&["compare", path, "--cycle", "2023-25", "-f", "json"]);
    assert_eq!(doc["rows"].as_array().unwrap().len(), 2, "{doc}");
}

#[test]
fn a_sheet_s_cycle_picks_its_rubric_however_the_cycle_is_written() {
    let dir = folder(&[(
        "en-dash.csv",
        "force,cycle,area,grade\nKent Police,2023–25,investigating-crime,good\n",
    )]);
    let doc = json(&[
        "grade",
        "-f",
        "json",
        dir.path().join("en-dash.csv").to_str().unwrap(),
    ]);
    assert_eq!(doc["sheets"][0]["rubric"], "peel-2023-25");
}

#[test]
fn force_words_match_the_name_even_with_an_id_of_its_own() {
    let dir = folder(&[(
        "met.yaml",
        "force: Metropolitan Police Service\nforce_id: met\ncycle: 2023-25\ngrades:\n  investigating-crime: inadequate\n",
    )]);
    let doc = json(&[
        "grade",
        "-f",
        "json",
        "--force",
        "metropolitan",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(doc["sheets"][0]["force_id"], "met");
}

#[test]
fn an_area_of_another_framework_matches_nothing() {
    let stderr = misused(&["grade", "--area", "treatment-of-the-public"]);
    assert!(stderr.contains("no such area"), "{stderr}");
}

#[test]
fn a_csv_header_after_blank_lines_is_reported_at_its_line() {
    let dir = folder(&[("c.csv", "\n\nforce,cyc\nKent,x\n")]);
    let output = peel()
        .args(["check", dir.path().join("c.csv").to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("c.csv:3:1: "), "{stderr}");
}

#[test]
fn csv_on_standard_input_is_told_by_its_header_in_any_case() {
    let output = peel()
        .args(["grade", "-f", "json", "-"])
        .write_stdin("\"Force\",Cycle,Area,Grade\nKent Police,2023-25,Investigating crime,good\n")
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert_eq!(doc["sheets"][0]["force_id"], "kent-police");
}
