use crate::{json, peel, root};

fn published(name: &str) -> String {
    root()
        .join("examples/published")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn the_met_between_2021_22_and_2023_25() {
    let doc = json(&[
        "diff",
        "--format",
        "json",
        &published("metropolitan-2021-22.yaml"),
        &published("metropolitan-2023-25.yaml"),
    ]);
    assert_eq!(doc["schema"], "peel.diff/1");
    let diff = &doc["diffs"][0];
    assert_eq!(diff["force_id"], "metropolitan-police-service");
    assert_eq!(
        diff["old"],
        serde_json::json!({"cycle": "2021/22", "rubric": "peel-2021-22"})
    );
    let rows = diff["rows"].as_array().unwrap();
    let row = |area: &str| rows.iter().find(|r| r["area"] == area).unwrap().clone();
    assert_eq!(row("responding-to-the-public")["movement"], "improved");
    assert_eq!(row("responding-to-the-public")["steps"], 1);
    assert_eq!(row("investigating-crime")["movement"], "declined");
    assert_eq!(row("investigating-crime")["steps"], -1);
    assert_eq!(row("managing-offenders-and-suspects")["steps"], -1);
    let workforce = row("building-supporting-and-protecting-the-workforce");
    assert_eq!(
        workforce["old_areas"],
        serde_json::json!(["developing-a-positive-workplace"])
    );
    assert_eq!(workforce["movement"], "unchanged");
    let leadership = row("leadership-and-force-management");
    assert_eq!(
        leadership["old_areas"],
        serde_json::json!(["good-use-of-resources"])
    );
    assert_eq!(
        leadership["old_grades"],
        serde_json::json!(["requires_improvement"])
    );
    for area in ["preventing-crime", "police-powers-and-public-treatment"] {
        assert_eq!(row(area)["movement"], "ungraded", "{area}");
        assert!(row(area)["steps"].is_null());
    }
    assert_eq!(
        diff["summary"],
        serde_json::json!({"improved": 1, "declined": 2, "unchanged": 3, "new": 0,
                           "retired": 0, "merged": 0, "ungraded": 2})
    );
    // Inadequate first, then largest decline first.
    assert_eq!(rows[0]["area"], "investigating-crime");
    assert_eq!(rows[1]["area"], "managing-offenders-and-suspects");
}

#[test]
fn the_diff_table_uses_a_minus_sign_and_names_renamed_areas() {
    let output = peel()
        .args([
            "diff",
            &published("metropolitan-2021-22.yaml"),
            &published("metropolitan-2023-25.yaml"),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("declined \u{2212}1"));
    assert!(stdout.contains("improved +1"));
    assert!(stdout.contains("Requires improvement (Developing a positive workplace)"));
    assert!(stdout.ends_with("Summary: 1 improved · 2 declined · 3 unchanged · 0 new · 0 retired · 0 merged · 2 ungraded · net steps \u{2212}1\n"));
}

#[test]
fn a_retired_area_comes_last() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(
        dir.path(),
        "old.yaml",
        "force: Kent Police\ncycle: 2021/22\nrubric: peel-2021-22\ngrades:\n  disrupting-serious-organised-crime: good\n  investigating-crime: good\n",
    );
    let new = write(
        dir.path(),
        "new.yaml",
        "force: Kent Police\ncycle: 2023-25\nrubric: peel-2023-25\ngrades:\n  investigating-crime: outstanding\n",
    );
    let doc = json(&["diff", "--format", "json", &old, &new]);
    let rows = doc["diffs"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["area"], "disrupting-serious-organised-crime");
    assert_eq!(rows[1]["movement"], "retired");
    assert!(rows[1]["new_grade"].is_null());
}

#[test]
fn directories_are_paired_by_force_and_the_unpaired_reported() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = |force: &str, cycle: &str, rubric: &str, grade: &str| {
        format!(
            "force: {force}\ncycle: {cycle}\nrubric: {rubric}\ngrades:\n  investigating-crime: {grade}\n"
        )
    };
    write(
        dir.path(),
        "old/kent.yaml",
        &sheet("Kent Police", "2021/22", "peel-2021-22", "good"),
    );
    write(
        dir.path(),
        "old/essex.yaml",
        &sheet("Essex Police", "2021/22", "peel-2021-22", "adequate"),
    );
    write(
        dir.path(),
        "old/dorset.yaml",
        &sheet("Dorset Police", "2021/22", "peel-2021-22", "adequate"),
    );
    write(
        dir.path(),
        "new/grades.csv",
        "force,cycle,rubric,area,grade\nEssex Police,2023-25,peel-2023-25,investigating-crime,good\nKent Police,2023-25,peel-2023-25,investigating-crime,RI\nSurrey Police,2023-25,peel-2023-25,investigating-crime,good\n",
    );
    let old = dir.path().join("old");
    let new = dir.path().join("new");
    let assert = peel()
        .args([
            "diff",
            "--format",
            "json",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
        ])
        .assert()
        .success();
    let output = assert.get_output();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let forces: Vec<_> = doc["diffs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["force_id"].as_str().unwrap())
        .collect();
    assert_eq!(forces, ["essex-police", "kent-police"]);
    assert_eq!(doc["diffs"][0]["rows"][0]["movement"], "improved");
    assert_eq!(doc["diffs"][1]["rows"][0]["steps"], -2);
    assert_eq!(doc["unpaired"]["old"][0]["force_id"], "dorset-police");
    assert_eq!(doc["unpaired"]["new"][0]["force_id"], "surrey-police");
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(
        stderr.contains("warning: Dorset Police is only in OLD: not diffed"),
        "{stderr}"
    );
}

#[test]
fn a_side_with_two_sheets_of_one_force_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "two.csv",
        "force,cycle,rubric,area,grade\nKent,2023-25,peel-2023-25,investigating-crime,good\nKent,2024,peel-2023-25,investigating-crime,good\n",
    );
    peel()
        .args(["diff", &csv, &published("metropolitan-2023-25.yaml")])
        .assert()
        .code(1)
        .stderr("error: OLD holds two sheets of Kent (2023-25 and 2024); give one sheet per force on each side, or pool the sheets and pick the cycles: peel diff FILES… --from 2023-25 --to 2024\n");
}

#[test]
fn sheets_in_the_wrong_order_are_an_error_with_a_hint() {
    peel()
        .args(["diff", &published("metropolitan-2023-25.yaml"), &published("metropolitan-2021-22.yaml")])
        .assert()
        .code(1)
        .stderr("error: OLD is graded against peel-2023-25, which replaces NEW's peel-2021-22: give the older sheet first\n");
}

#[test]
fn draft_evidence_diffs_against_published_grades() {
    let evidence = root().join("examples/evidence/metropolitan-2023-25");
    let doc = json(&[
        "diff",
        "--format",
        "json",
        &published("metropolitan-2023-25.yaml"),
        evidence.to_str().unwrap(),
    ]);
    let summary = &doc["diffs"][0]["summary"];
    assert_eq!(
        summary["unchanged"], 8,
        "the example reproduces the published grades"
    );
}

#[test]
fn compare_maps_older_sheets_and_counts_totals() {
    let doc = json(&[
        "compare",
        "--all",
        "--format",
        "json",
        &published("metropolitan-2021-22.yaml"),
        &published("metropolitan-2023-25.yaml"),
    ]);
    assert_eq!(doc["schema"], "peel.compare/1");
    assert_eq!(doc["rubric"], "peel-2023-25");
    assert_eq!(doc["areas"].as_array().unwrap().len(), 9);
    assert_eq!(doc["rows"][0]["cycle"], "2021/22");
    assert_eq!(doc["rows"][0]["rubric"], "peel-2021-22");
    assert_eq!(
        doc["rows"][0]["grades"]["leadership-and-force-management"],
        "requires_improvement"
    );
    assert!(doc["rows"][0]["grades"]["police-powers-and-public-treatment"].is_null());
    // Totals are per cycle; `totals` is the newest cycle's.
    let by_cycle = &doc["totals_by_cycle"];
    assert_eq!(
        by_cycle["2021/22"]["responding-to-the-public"],
        serde_json::json!({"inadequate": 1, "requires_improvement": 0, "adequate": 0, "good": 0, "outstanding": 0, "ungraded": 0})
    );
    assert_eq!(
        by_cycle["2023-25"]["responding-to-the-public"],
        serde_json::json!({"inadequate": 0, "requires_improvement": 1, "adequate": 0, "good": 0, "outstanding": 0, "ungraded": 0})
    );
    assert_eq!(doc["totals"], by_cycle["2023-25"]);
    // By default, only each force's newest sheet.
    let doc = json(&[
        "compare",
        "--format",
        "json",
        &published("metropolitan-2021-22.yaml"),
        &published("metropolitan-2023-25.yaml"),
    ]);
    assert_eq!(doc["rows"].as_array().unwrap().len(), 1);
    assert_eq!(doc["rows"][0]["cycle"], "2023-25");
}

#[test]
fn grade_json_reads_back_into_compare() {
    let dir = tempfile::tempdir().unwrap();
    let graded = dir.path().join("met.json");
    peel()
        .args(["grade", "--format", "json", "-o", graded.to_str().unwrap()])
        .assert()
        .success();
    let doc = json(&[
        "compare",
        "--format",
        "json",
        graded.to_str().unwrap(),
        &published("metropolitan-2023-25.yaml"),
    ]);
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["grades"], rows[1]["grades"]);
    assert_eq!(doc["totals"]["investigating-crime"]["inadequate"], 2);
}

#[test]
fn compare_csv_reads_back_as_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let wide = dir.path().join("wide.csv");
    peel()
        .args([
            "compare",
            "--format",
            "csv",
            "-o",
            wide.to_str().unwrap(),
            &published("metropolitan-2021-22.yaml"),
            &published("metropolitan-2023-25.yaml"),
        ])
        .assert()
        .success();
    let first = json(&[
        "compare",
        "--format",
        "json",
        &published("metropolitan-2021-22.yaml"),
        &published("metropolitan-2023-25.yaml"),
    ]);
    let again = json(&["compare", "--format", "json", wide.to_str().unwrap()]);
    assert_eq!(first["rows"], again["rows"]);
}

#[test]
fn grade_csv_reads_back_as_a_published_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.csv");
    peel()
        .args(["grade", "--format", "csv", "-o", long.to_str().unwrap()])
        .assert()
        .success();
    let doc = json(&[
        "diff",
        "--format",
        "json",
        long.to_str().unwrap(),
        &published("metropolitan-2023-25.yaml"),
    ]);
    assert_eq!(doc["diffs"][0]["summary"]["unchanged"], 8);
}

#[test]
fn compare_sorts_worst_first() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "all.csv",
        "force,cycle,rubric,investigating-crime,preventing-crime\nAvon,2023-25,peel-2023-25,good,good\nBeds,2023-25,peel-2023-25,inadequate,requires improvement\nCumbria,2023-25,peel-2023-25,requires improvement,requires improvement\n",
    );
    let doc = json(&["compare", "--format", "json", "--sort", "worst", &csv]);
    let order: Vec<_> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["force"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["Beds", "Cumbria", "Avon"]);
    let doc = json(&["compare", "--format", "json", &csv]);
    let order: Vec<_> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["force"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["Avon", "Beds", "Cumbria"]);
}

#[test]
fn compare_table_colours_cells_only_when_asked() {
    let coloured = peel()
        .args([
            "compare",
            "--color",
            "always",
            &published("metropolitan-2023-25.yaml"),
        ])
        .output()
        .unwrap();
    assert!(coloured.stdout.contains(&0x1b));
    let plain = peel()
        .args([
            "compare",
            "--color",
            "never",
            &published("metropolitan-2023-25.yaml"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(plain.stdout).unwrap();
    assert!(!text.contains('\u{1b}'));
    assert!(text.contains("Total Inadequate"));
}

#[test]
fn unrelated_rubrics_cannot_be_compared() {
    let rubric = crate::fixtures().join("custom/county-audit.yaml");
    let evidence = crate::fixtures().join("custom/evidence");
    peel()
        .args(["compare", "--rubric", rubric.to_str().unwrap(), evidence.to_str().unwrap(), &published("metropolitan-2023-25.yaml")])
        .assert()
        .code(1)
        .stderr("error: the sheets use rubrics county-audit and peel-2023-25 that no chain of `replaces` links; compare sheets of one framework's cycles\n");
}

#[test]
fn compare_json_reads_back_as_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = dir.path().join("matrix.json");
    let sheets = [
        published("metropolitan-2021-22.yaml"),
        published("metropolitan-2023-25.yaml"),
    ];
    peel()
        .args([
            "compare",
            "--format",
            "json",
            "-o",
            matrix.to_str().unwrap(),
        ])
        .args(&sheets)
        .assert()
        .success();
    let first = json(&["compare", "--format", "json", &sheets[0], &sheets[1]]);
    let again = json(&["compare", "--format", "json", matrix.to_str().unwrap()]);
    assert_eq!(first, again);
}

#[test]
fn grade_shows_published_sheets_as_published() {
    let doc = json(&[
        "grade",
        "--format",
        "json",
        &published("metropolitan-2021-22.yaml"),
    ]);
    let sheet = &doc["sheets"][0];
    assert_eq!(sheet["source"], "published");
    assert!(sheet["url"].is_null());
    let areas = sheet["areas"].as_array().unwrap();
    // Eight mandatory areas; the optional ones, not graded, are left out.
    assert_eq!(areas.len(), 8);
    let first = &areas[0];
    assert_eq!(first["id"], "responding-to-the-public");
    assert_eq!(first["grade"], "inadequate");
    assert_eq!(first["status"], "graded");
    assert_eq!(first["ceilings"], serde_json::json!([]));
    for key in [
        "computed_grade",
        "band_grade",
        "score_percent",
        "coverage_percent",
        "causes_of_concern",
        "areas_for_improvement",
        "moderation",
    ] {
        assert!(first[key].is_null(), "{key}");
    }
    let last = &areas[7];
    assert!(last["grade"].is_null() && last["status"].is_null());
    assert_eq!(sheet["summary"]["ungraded"], 2);
}

#[test]
fn grade_csv_of_evidence_beside_published_grades_of_one_force_reads_back_as_two_sheets() {
    // Issue 24 #6: the CSV read back as one sheet graded twice; JSON gave two.
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let evidence = write(
        "kent.yaml",
        "force: Kent\ncycle: \"2023-25\"\nrubric: peel-2023-25\njudgements:\n  - {criterion: PP1, judgement: partly}\n",
    );
    let published = write(
        "kent-published.yaml",
        "force: Kent\ncycle: \"2023-25\"\nrubric: peel-2023-25\ngrades:\n  preventing-crime: good\n",
    );
    let csv = dir.path().join("both.csv");
    let csv = csv.to_str().unwrap();
    let status = crate::peel()
        .args(["grade", &evidence, &published, "--format", "csv", "-o", csv])
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let back = crate::peel()
        .args(["grade", csv, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        back.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&back.stdout).unwrap();
    let sheets = json["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 2, "{json}");
    let graded = |sheet: &serde_json::Value, area: &str| {
        sheet["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == area)
            .unwrap()["grade"]
            .clone()
    };
    assert_eq!(
        graded(&sheets[0], "preventing-crime"),
        "good",
        "the published sheet first"
    );
    assert_eq!(
        graded(&sheets[1], "preventing-crime"),
        serde_json::Value::Null
    );
}
