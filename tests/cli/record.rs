//! The national record's views (`coverage`, `history`, `national`) over the shipped
//! dataset: every number they print is recounted here from the CSV itself.

use std::collections::{BTreeMap, BTreeSet};

use crate::{json, peel, root};

/// One row of the dataset: force, cycle, area, grade.
type Row = (String, String, String, String);

fn dataset() -> String {
    root().join("data/peel-grades.csv").display().to_string()
}

fn rows() -> Vec<Row> {
    let mut reader = csv::Reader::from_path(dataset()).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].into(), r[1].into(), r[3].into(), r[4].into())
        })
        .collect()
}

/// The optional areas of each built-in rubric, from `peel rubric show`.
fn optional_areas() -> BTreeSet<String> {
    let mut optional = BTreeSet::new();
    for id in ["peel-2021-22", "peel-2023-25"] {
        let doc = json(&["rubric", "show", id, "-f", "json"]);
        for area in doc["areas"].as_array().unwrap() {
            if area["optional"] == true {
                optional.insert(area["id"].as_str().unwrap().to_string());
            }
        }
    }
    optional
}

#[test]
fn coverage_adds_up_to_a_recount_of_the_csv() {
    let rows = rows();
    let optional = optional_areas();
    let doc = json(&["coverage", "-f", "json", &dataset()]);
    let cycles = doc["cycles"].as_array().unwrap();
    assert_eq!(cycles.len(), 2);
    for cycle in cycles {
        let label = cycle["cycle"].as_str().unwrap();
        let of_cycle: Vec<&Row> = rows.iter().filter(|r| r.1 == label).collect();
        let core: Vec<&&Row> = of_cycle
            .iter()
            .filter(|r| !optional.contains(&r.2))
            .collect();
        assert_eq!(cycle["forces"], 43, "{label}");
        assert_eq!(cycle["core_areas"], 8, "{label}");
        assert_eq!(cycle["grades_expected"], 43 * 8, "{label}");
        assert_eq!(cycle["grades_found"], core.len() as u64, "{label}");
        let mut per_force: BTreeMap<&str, usize> = BTreeMap::new();
        for row in &core {
            *per_force.entry(&row.0).or_default() += 1;
        }
        let complete = per_force.values().filter(|&&n| n == 8).count() as u64;
        assert_eq!(cycle["complete_forces"], complete, "{label}");
        for area in cycle["areas"].as_array().unwrap() {
            let id = area["id"].as_str().unwrap();
            let graded = of_cycle.iter().filter(|r| r.2 == id).count() as u64;
            assert_eq!(area["graded"], graded, "{label} {id}");
            assert_eq!(area["missing"], 43 - graded, "{label} {id}");
        }
        let forces = cycle["force_coverage"].as_array().unwrap();
        assert_eq!(forces.len(), 43);
        for force in forces {
            let name = force["force"].as_str().unwrap();
            let found = per_force.get(name).copied().unwrap_or(0) as u64;
            assert_eq!(force["found"], found, "{label} {name}");
            assert_eq!(
                force["missing"].as_array().unwrap().len() as u64,
                8 - found,
                "{label} {name}"
            );
        }
    }
}

#[test]
fn coverage_as_a_table_and_csv_says_the_same() {
    let doc = json(&["coverage", "-f", "json", &dataset()]);
    let output = peel()
        .args(["coverage", &dataset()])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    for cycle in doc["cycles"].as_array().unwrap() {
        let line = format!(
            "{} ({}): {} of {} grades found",
            cycle["cycle"].as_str().unwrap(),
            cycle["rubric"].as_str().unwrap(),
            cycle["grades_found"],
            cycle["grades_expected"]
        );
        assert!(table.contains(&line), "{line}\n{table}");
        let complete = format!("{} forces complete", cycle["complete_forces"]);
        assert!(table.contains(&complete), "{complete}");
    }
    // Dyfed-Powys has no row in the dataset: it still shows, as a gap.
    assert!(table.contains("Dyfed-Powys Police"), "{table}");
    let csv = peel()
        .args(["coverage", "-f", "csv", &dataset()])
        .output()
        .unwrap();
    let text = String::from_utf8(csv.stdout).unwrap();
    let found = text.lines().filter(|l| l.contains(",no,yes")).count() as u64;
    let total: u64 = doc["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["grades_found"].as_u64().unwrap())
        .sum();
    assert_eq!(found, total);
}

#[test]
fn history_shows_every_grade_of_a_force_with_its_movement() {
    let rows = rows();
    let doc = json(&[
        "history",
        "--force",
        "Kent Police",
        "-f",
        "json",
        &dataset(),
    ]);
    let forces = doc["forces"].as_array().unwrap();
    assert_eq!(forces.len(), 1);
    let kent = &forces[0];
    let cycles: Vec<&str> = kent["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cycle"].as_str().unwrap())
        .collect();
    assert_eq!(cycles, ["2021/22", "2023-25"]);
    let shown: usize = kent["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["grades"].as_array().unwrap())
        .filter(|g| !g["grade"].is_null())
        .count();
    let recount = rows.iter().filter(|r| r.0 == "Kent Police").count();
    assert_eq!(shown, recount, "every Kent row is in its history, once");
    for area in kent["areas"].as_array().unwrap() {
        let grades = area["grades"].as_array().unwrap();
        let (old, new) = (&grades[0], &grades[1]);
        if old["grade"].is_null() || new["grade"].is_null() {
            assert!(new["movement"].is_null());
        } else {
            let step = |g: &serde_json::Value| {
                [
                    "inadequate",
                    "requires_improvement",
                    "adequate",
                    "good",
                    "outstanding",
                ]
                .iter()
                .position(|w| g["grade"] == *w)
                .unwrap() as i64
            };
            assert_eq!(new["steps"], step(new) - step(old));
        }
    }
}

#[test]
fn history_in_every_format() {
    for format in ["table", "markdown", "html", "csv"] {
        let output = peel()
            .args([
                "history",
                "--force",
                "kent-police",
                "-f",
                format,
                &dataset(),
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("Kent Police"), "{format}: {text}");
        assert!(text.contains("Investigating crime") || text.contains("investigating-crime"));
    }
    let html = peel()
        .args([
            "history",
            "--force",
            "Kent Police",
            "-f",
            "html",
            &dataset(),
        ])
        .output()
        .unwrap();
    let page = String::from_utf8(html.stdout).unwrap();
    assert!(page.contains("class=\"grade-good\""), "{page}");
}

#[test]
fn the_national_picture_adds_up_to_a_recount_of_the_csv() {
    let rows = rows();
    let doc = json(&["national", "-f", "json", &dataset()]);
    assert_eq!(doc["rubric"], "peel-2023-25");
    // Areas whose id is the same in both cycles are counted straight from the rows.
    for id in [
        "investigating-crime",
        "responding-to-the-public",
        "preventing-crime",
    ] {
        let area = doc["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap();
        let mut before: Option<BTreeMap<String, i64>> = None;
        for cycle in ["2021/22", "2023-25"] {
            let counts = &area["by_cycle"][cycle]["counts"];
            let mut recount = BTreeMap::new();
            for grade in [
                "inadequate",
                "requires_improvement",
                "adequate",
                "good",
                "outstanding",
            ] {
                let n = rows
                    .iter()
                    .filter(|r| r.1 == cycle && r.2 == id && r.3 == grade)
                    .count() as i64;
                assert_eq!(counts[grade], n, "{id} {cycle} {grade}");
                recount.insert(grade.to_string(), n);
            }
            let graded: i64 = recount.values().sum();
            assert_eq!(area["by_cycle"][cycle]["graded"], graded);
            match &before {
                None => assert!(area["by_cycle"][cycle]["change"].is_null()),
                Some(old) => {
                    for (grade, n) in &recount {
                        assert_eq!(
                            area["by_cycle"][cycle]["change"][grade],
                            n - old[grade],
                            "{id} {grade}"
                        );
                    }
                }
            }
            before = Some(recount);
        }
    }
    let html = peel()
        .args(["national", "-f", "html", &dataset()])
        .output()
        .unwrap();
    let page = String::from_utf8(html.stdout).unwrap();
    assert!(page.contains("<svg"), "the HTML has a chart");
}

#[test]
fn an_area_filter_keeps_only_its_rows_and_a_wrong_one_says_so() {
    let doc = json(&[
        "national",
        "--area",
        "Investigating crime",
        "-f",
        "json",
        &dataset(),
    ]);
    assert_eq!(doc["areas"].as_array().unwrap().len(), 1);
    let output = peel()
        .args(["coverage", "--area", "investigating-crim", &dataset()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("investigating-crim"), "{stderr}");
}

#[test]
fn diff_and_compare_say_how_much_they_compared_and_left_out() {
    let data = dataset();
    let doc = json(&[
        "diff", &data, "--from", "2021/22", "--to", "2023-25", "-f", "json",
    ]);
    let rows: Vec<&serde_json::Value> = doc["diffs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["rows"].as_array().unwrap())
        .collect();
    let moved = |words: &[&str]| {
        rows.iter()
            .filter(|r| words.contains(&r["movement"].as_str().unwrap()))
            .count() as u64
    };
    let compared = &doc["compared"];
    assert_eq!(
        compared["both"],
        moved(&["improved", "declined", "unchanged"])
    );
    assert_eq!(
        compared["no_counterpart"],
        moved(&["new", "retired", "merged"])
    );
    assert_eq!(compared["one_side"], moved(&["ungraded"]));
    let unpaired = doc["unpaired"]["old"].as_array().unwrap().len()
        + doc["unpaired"]["new"].as_array().unwrap().len();
    assert_eq!(compared["unpaired_forces"], unpaired as u64);
    let output = peel()
        .args([
            "diff",
            &data,
            "--from",
            "2021/22",
            "--to",
            "2023-25",
            "--summary",
        ])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    let line = format!(
        "Compared {} force-areas graded in both 2021/22 and 2023-25; left out {}: {} graded on one side only",
        compared["both"],
        compared["one_side"].as_u64().unwrap() + compared["no_counterpart"].as_u64().unwrap(),
        compared["one_side"]
    );
    assert!(table.contains(&line), "{line}\n{table}");

    let matrix = json(&["compare", "-f", "json", &data]);
    let cells: Vec<&serde_json::Value> = matrix["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["grades"].as_object().unwrap().values())
        .collect();
    let graded = cells.iter().filter(|g| !g.is_null()).count() as u64;
    assert_eq!(matrix["cells"]["total"], cells.len() as u64);
    assert_eq!(matrix["cells"]["graded"], graded);
    assert_eq!(matrix["cells"]["ungraded"], cells.len() as u64 - graded);
}
