use crate::{json, peel};

#[test]
fn a_rubric_with_non_default_scoring_grades_per_the_spec() {
    let doc = json(&[
        "grade",
        "--rubric",
        "custom/county-audit.yaml",
        "--format",
        "json",
        "custom/evidence",
    ]);
    let sheet = &doc["sheets"][0];
    assert_eq!(sheet["force_id"], "shire-constabulary");
    assert_eq!(sheet["rubric"], "county-audit");
    let areas = sheet["areas"].as_array().unwrap();
    // The optional vetting area has no evidence, so it is left out.
    let ids: Vec<_> = areas.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["control-room", "custody"]);

    // Control room: 3 of 5 judged = 60% = coverage; (4+4+5)/15 = 86.7% → good;
    // a cause of concern caps at requires improvement; 2 AFIs rule out good.
    let control = &areas[0];
    assert_eq!(control["coverage_percent"], 60.0);
    assert_eq!(control["score_percent"], 86.7);
    assert_eq!(control["band_grade"], "good");
    assert_eq!(control["computed_grade"], "requires_improvement");
    assert_eq!(control["grade"], "requires_improvement");
    assert_eq!(
        control["ceilings"],
        serde_json::json!([
            {"rule": "cause_of_concern", "grade": "requires_improvement",
             "because": "Calls from vulnerable people wait too long.", "binds": true},
            {"rule": "max_areas_for_improvement", "grade": "adequate",
             "because": "2 areas for improvement", "binds": false}
        ])
    );

    // Custody: (2×5 + 4 + 0)/20 = 70% → adequate; K3 is critical and not demonstrated.
    let custody = &areas[1];
    assert_eq!(custody["score_percent"], 70.0);
    assert_eq!(custody["band_grade"], "adequate");
    assert_eq!(custody["grade"], "adequate");
    assert_eq!(
        custody["ceilings"],
        serde_json::json!([
            {"rule": "critical_not_demonstrated", "grade": "adequate", "because": "K3",
             "binds": false}
        ])
    );
}

#[test]
fn a_rubric_file_replaces_the_built_in_of_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("peel.yaml");
    std::fs::write(
        &rubric,
        "rubric: peel-2023-25\ntitle: Trimmed\nareas:\n  - id: investigating-crime\n    title: Investigations\n    criteria:\n      - {id: IC1, text: x}\n",
    )
    .unwrap();
    let doc = json(&[
        "grade",
        "--rubric",
        rubric.to_str().unwrap(),
        "--format",
        "json",
        "errors/judged-twice-a.yaml",
    ]);
    let areas = doc["sheets"][0]["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 1);
    assert_eq!(areas[0]["title"], "Investigations");
    assert_eq!(areas[0]["grade"], "requires_improvement"); // partly: 2/4 = 50%
}

#[test]
fn two_rubric_files_of_one_id_are_an_error() {
    peel()
        .args([
            "grade",
            "--rubric",
            "custom/county-audit.yaml",
            "--rubric",
            "custom/county-audit.yaml",
            "custom/evidence",
        ])
        .assert()
        .code(1)
        .stderr(
            "error: custom/county-audit.yaml: rubric \"county-audit\" is also given by custom/county-audit.yaml; give each rubric id once\n",
        );
}
