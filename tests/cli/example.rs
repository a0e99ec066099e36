use crate::{json, peel, root};

/// The Met's published 2023–25 grades, area by area.
const PUBLISHED: [(&str, &str); 8] = [
    ("police-powers-and-public-treatment", "adequate"),
    ("preventing-crime", "requires_improvement"),
    ("responding-to-the-public", "requires_improvement"),
    ("investigating-crime", "inadequate"),
    ("protecting-vulnerable-people", "requires_improvement"),
    ("managing-offenders-and-suspects", "inadequate"),
    (
        "building-supporting-and-protecting-the-workforce",
        "requires_improvement",
    ),
    ("leadership-and-force-management", "requires_improvement"),
];

#[test]
fn no_argument_grades_the_bundled_example() {
    let output = peel().output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("Metropolitan Police Service · 2023-25 · peel-2023-25\n"));
    assert!(stdout.ends_with(
        "Summary: 2 Inadequate · 5 Requires improvement · 1 Adequate · 0 Good · 0 Outstanding\n"
    ));
    let first_row = stdout.lines().nth(4).unwrap();
    assert!(first_row.contains("Investigating crime") && first_row.contains("Inadequate"));
}

#[test]
fn the_example_reproduces_every_published_grade_without_moderation() {
    let doc = json(&["grade", "--format", "json"]);
    let sheet = &doc["sheets"][0];
    let areas = sheet["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 8);
    for (id, grade) in PUBLISHED {
        let area = areas.iter().find(|a| a["id"] == id).unwrap();
        assert_eq!(area["grade"], grade, "{id}");
        assert_eq!(
            area["computed_grade"], grade,
            "{id} is graded from evidence"
        );
        assert!(area["moderation"].is_null(), "{id} is not moderated");
    }
}

#[test]
fn the_example_files_on_disk_match_the_embedded_copy() {
    let dir = root().join("examples/evidence/metropolitan-2023-25");
    let from_disk = json(&["grade", "--format", "json", dir.to_str().unwrap()]);
    let embedded = json(&["grade", "--format", "json"]);
    assert_eq!(
        from_disk["sheets"][0]["areas"],
        embedded["sheets"][0]["areas"]
    );
}

#[test]
fn json_keeps_every_key_even_when_null() {
    let doc = json(&["--format", "json"]);
    assert_eq!(doc["schema"], "peel.grades/1");
    let sheet = &doc["sheets"][0];
    for key in [
        "force", "force_id", "cycle", "rubric", "source", "url", "summary", "areas",
    ] {
        assert!(sheet.get(key).is_some(), "sheet key {key}");
    }
    assert_eq!(sheet["source"], "evidence");
    assert!(sheet["url"].is_null());
    let area = &sheet["areas"][0];
    for key in [
        "id",
        "title",
        "grade",
        "status",
        "computed_grade",
        "band_grade",
        "score_percent",
        "coverage_percent",
        "causes_of_concern",
        "areas_for_improvement",
        "ceilings",
        "moderation",
    ] {
        assert!(area.get(key).is_some(), "area key {key}");
    }
    assert_eq!(sheet["summary"]["inadequate"], 2);
    assert_eq!(sheet["summary"]["requires_improvement"], 5);
    assert_eq!(sheet["summary"]["adequate"], 1);
    assert_eq!(sheet["summary"]["ungraded"], 0);
}

#[test]
fn explain_shows_ceilings_and_notes() {
    let output = peel().args(["grade", "--explain"]).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("ceiling Inadequate (cause of concern)"));
    assert!(
        stdout.contains("ceiling Requires improvement (critical criterion not demonstrated): MO3")
    );
    assert!(stdout.contains("had not been visited by officers since 2017"));
}

#[test]
fn peel_without_a_command_is_peel_grade() {
    let explained = peel().arg("--explain").output().unwrap();
    assert!(explained.status.success());
    let text = String::from_utf8(explained.stdout).unwrap();
    assert!(text.contains("ceiling Inadequate (cause of concern)"));
    let dir = root().join("examples/evidence/metropolitan-2023-25");
    let bare = json(&["--format", "json", dir.to_str().unwrap()]);
    let graded = json(&["grade", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(bare, graded);
    peel().args(["--fail-below", "adequate"]).assert().code(3);
}
