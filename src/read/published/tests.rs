//! Tests of reading published grade sheets.

use super::spreadsheet::field_column;
use super::*;

fn registry() -> Registry {
    Registry::new(Vec::new()).unwrap()
}

fn grade_of(sheet: &Sheet, area: &str) -> Option<Grade> {
    sheet
        .areas
        .iter()
        .find(|a| &*a.id == area)
        .and_then(|a| a.grade)
}

#[test]
fn json_columns_are_characters_within_the_line() {
    assert_eq!(json_column("{\"é\": x", 1, 7), 6);
    assert_eq!(
        json_column("\"abcd", 1, 7),
        6,
        "one past the end is the line's end"
    );
    assert_eq!(json_column("\n", 2, 0), 1);
    // The second byte of `é` is the `é`.
    assert_eq!(json_column("\"aé", 1, 4), 3);
    assert_eq!(json_column("\"ab", 1, 3), 3);
}

#[test]
fn a_yaml_sheet_accepts_published_wording_and_leaves_the_rest_ungraded() {
    let text = "force: Kent Police\ncycle: 2021/22\nrubric: peel-2021-22\ngrades:\n  investigating-crime: Requires improvement\n  preventing-crime: RI\n  treatment-of-the-public: \"\"\n";
    let sheet = parse_yaml_sheet("k.yaml", text, &registry()).unwrap();
    assert_eq!(sheet.force_id, "kent-police");
    assert_eq!(sheet.source, Source::Published);
    assert_eq!(
        grade_of(&sheet, "investigating-crime"),
        Some(Grade::RequiresImprovement)
    );
    assert_eq!(
        grade_of(&sheet, "preventing-crime"),
        Some(Grade::RequiresImprovement)
    );
    assert_eq!(grade_of(&sheet, "treatment-of-the-public"), None);
    assert_eq!(grade_of(&sheet, "good-use-of-resources"), None);
    for word in ["Not graded", "N/A", "-", "ungraded"] {
        assert_eq!(parse_published_grade(word), Ok(None), "{word}");
    }
}

#[test]
fn a_yaml_sheet_rejects_unknown_areas_with_a_suggestion() {
    let text = "force: Kent\ncycle: x\nrubric: peel-2021-22\ngrades:\n  investigating-crim: good\n";
    let err = parse_yaml_sheet("k.yaml", text, &registry()).unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        "k.yaml:5:3: unknown area \"investigating-crim\" in rubric peel-2021-22 (did you mean \"investigating-crime\"?)"
    );
}

#[test]
fn a_repeated_area_in_grades_is_an_error() {
    let text = "force: Kent\ncycle: x\nrubric: peel-2021-22\ngrades:\n  preventing-crime: good\n  preventing-crime: good\n";
    let err = parse_yaml_sheet("k.yaml", text, &registry()).unwrap_err();
    assert!(
        err.0[0]
            .message
            .starts_with("duplicate key `preventing-crime`"),
        "{}",
        err.0[0]
    );
}

#[test]
fn long_csv_with_extra_columns_quotes_crlf_and_a_bom() {
    let text = "\u{feff}force,cycle,rubric,area,grade,comment\r\n\"Kent Police\",2023-25,peel-2023-25,investigating-crime,Good,\"a, b\"\r\nKent Police,2023-25,peel-2023-25,preventing-crime,,\r\nEssex Police,2023-25,peel-2023-25,preventing-crime,adequate,\r\n";
    let sheets = parse_csv("g.csv", text, &registry()).unwrap();
    assert_eq!(sheets.len(), 2);
    assert_eq!(sheets[0].force_id, "essex-police");
    assert_eq!(
        grade_of(&sheets[1], "investigating-crime"),
        Some(Grade::Good)
    );
    assert_eq!(grade_of(&sheets[1], "preventing-crime"), None);
}

#[test]
fn wide_csv_reads_a_column_per_area() {
    let text = "force,force_id,cycle,rubric,investigating-crime,preventing-crime\nKent Police,kent,2023-25,peel-2023-25,inadequate,\n";
    let sheets = parse_csv("g.csv", text, &registry()).unwrap();
    assert_eq!(sheets[0].force_id, "kent");
    assert_eq!(
        grade_of(&sheets[0], "investigating-crime"),
        Some(Grade::Inadequate)
    );
}

#[test]
fn wide_csv_ignores_extra_columns_but_not_misspelt_areas() {
    let text = "force,cycle,rubric,region,investigating-crime\nKent,2023-25,peel-2023-25,south east,good\n";
    let sheets = parse_csv("g.csv", text, &registry()).unwrap();
    assert_eq!(
        grade_of(&sheets[0], "investigating-crime"),
        Some(Grade::Good)
    );
    let text = "force,cycle,rubric,investigating-crim\nKent,2023-25,peel-2023-25,good\n";
    let err = parse_csv("g.csv", text, &registry()).unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        "g.csv:1:20: column header: unknown area \"investigating-crim\" in rubric peel-2023-25 (did you mean \"investigating-crime\"?)"
    );
}

#[test]
fn a_misspelt_header_is_reported_once_at_the_header() {
    let text = "Force, Cycle ,RUBRIC,Investigating crime,respondng-to-the-public\r\nKent,2023-25,peel-2023-25,good,good\r\nEssex,2023-25,peel-2023-25,good,good\r\n";
    let err = parse_csv("g.csv", text, &registry()).unwrap_err();
    assert_eq!(err.0.len(), 1, "{err}");
    assert!(
        err.0[0]
            .to_string()
            .starts_with("g.csv:1:42: column header: unknown area \"respondng-to-the-public\""),
        "{err}"
    );
}

#[test]
fn csv_problems_are_located_whatever_the_line_endings() {
    for newline in ["\n", "\r\n", "\r"] {
        let text = [
            "force,cycle,rubric,area,grade",
            "Kent,2023-25,peel-2023-25,investigating-crime,good",
            "Kent,2023-25,peel-2023-25,preventing-crime,goood",
            "",
        ]
        .join(newline);
        let err = parse_csv("g.csv", &text, &registry()).unwrap_err();
        assert_eq!(err.0.len(), 1, "{err}");
        assert!(
            err.0[0]
                .to_string()
                .starts_with("g.csv:3:44: row 3: unknown grade \"goood\""),
            "{newline:?}: {err}"
        );
        assert_eq!(
            err.0[0].source_line.as_deref(),
            Some("Kent,2023-25,peel-2023-25,preventing-crime,goood")
        );
    }
}

#[test]
fn areas_may_be_named_by_title_or_alias_and_the_rubric_by_cycle() {
    let text = "Force,Cycle,Area,Grade\nKent,2023-25,Investigating Crime,good\nKent,2021/22,strategic-planning-organisational-management-and-value-for-money,adequate\n";
    let sheets = parse_csv("g.csv", text, &registry()).unwrap();
    assert_eq!(sheets.len(), 2);
    let old = sheets.iter().find(|s| s.rubric == "peel-2021-22").unwrap();
    assert_eq!(
        grade_of(old, "good-use-of-resources"),
        Some(Grade::Adequate)
    );
    let new = sheets.iter().find(|s| s.rubric == "peel-2023-25").unwrap();
    assert_eq!(grade_of(new, "investigating-crime"), Some(Grade::Good));
    let text = "force,cycle,area,grade\nKent,1999,investigating-crime,good\n";
    let err = parse_csv("g.csv", text, &registry()).unwrap_err();
    assert!(
        err.to_string().contains("no rubric serves cycle \"1999\""),
        "{err}"
    );
}

#[test]
fn wide_csv_maps_newer_columns_onto_an_older_rubric() {
    let text =
        "force,cycle,rubric,police-powers-and-public-treatment\nKent,2021/22,peel-2021-22,good\n";
    let sheets = parse_csv("g.csv", text, &registry()).unwrap();
    assert_eq!(
        grade_of(&sheets[0], "treatment-of-the-public"),
        Some(Grade::Good)
    );
}

#[test]
fn csv_errors_name_the_row() {
    let text = "force,cycle,rubric,area,grade\nKent,x,peel-2023-25,investigating-crime,excelent\n";
    let err = parse_csv("g.csv", text, &registry()).unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        "g.csv:2:41: row 2: unknown grade \"excelent\""
    );
    let text = "force,cycle,rubric,area,grade\nKent,x,peel-2023-25,preventing-crime,good\nKent,x,peel-2023-25,preventing-crime,good\n";
    let err = parse_csv("g.csv", text, &registry()).unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        "g.csv:3:21: row 3: area \"preventing-crime\" of Kent x is graded twice (first on line 2)"
    );
}

#[test]
fn field_columns_skip_quoted_commas() {
    assert_eq!(field_column("a,b,c", 0), 1);
    assert_eq!(field_column("a,b,c", 2), 5);
    assert_eq!(field_column("\"x, y\",b", 1), 8);
    assert_eq!(field_column("a", 3), 2);
}

#[test]
fn every_bad_row_is_reported() {
    let text = "force,cycle,rubric,area,grade\nKent,x,peel-2023-25,investigating-crime\nKent,x,peel-2023-25,preventing-crime,gud\n";
    let err = parse_csv("g.csv", text, &registry()).unwrap_err();
    assert_eq!(err.0.len(), 2);
    assert_eq!(
        err.0[0].to_string(),
        "g.csv:2:1: this row has 4 fields where the header has 5"
    );
    assert_eq!(
        err.0[1].snippet().unwrap(),
        "  |\n3 | Kent,x,peel-2023-25,preventing-crime,gud\n  |                                      ^"
    );
}

#[test]
fn json_of_another_schema_is_refused() {
    let err = parse_json(
        "d.json",
        "{\"schema\": \"peel.diff/1\", \"diffs\": []}",
        &registry(),
    )
    .unwrap_err();
    assert!(err.0[0].message.contains("peel.diff/1"));
}

#[test]
fn a_compare_row_grading_one_column_twice_is_refused_where_it_is_written() {
    let text = "{\"schema\": \"peel.compare/1\", \"rows\": [{\"force\": \"Kent\", \
        \"force_id\": \"kent\", \"cycle\": \"2023-25\", \"rubric\": \"peel-2023-25\", \
        \"grades\": {\"preventing-crime\": \"good\", \"preventing-crime\": \"adequate\"}}]}";
    let err = parse_json("c.json", text, &registry()).unwrap_err();
    let shown = err.0[0].to_string();
    assert!(shown.starts_with("c.json:1:"), "{shown}");
    assert!(
        shown.contains("key \"preventing-crime\" given twice"),
        "{shown}"
    );
}

#[test]
fn sheets_written_by_peel_read_back_through_the_same_types() {
    let text = "{\"schema\": \"peel.grades/1\", \"sheets\": [{\"force\": \"Kent\", \
        \"force_id\": \"kent\", \"cycle\": \"2023-25\", \"rubric\": \"peel-2023-25\", \
        \"areas\": [{\"id\": \"preventing-crime\", \"grade\": \"good\", \"score_percent\": \"high\"}]}]}";
    let err = parse_json("g.json", text, &registry()).unwrap_err();
    assert!(
        err.0[0].message.contains("invalid type: string \"high\""),
        "a key peel writes is read as peel writes it: {}",
        err.0[0]
    );
    let minimal = text.replace(", \"score_percent\": \"high\"", "");
    let sheets = parse_json("g.json", &minimal, &registry()).expect("only grades are needed");
    let graded: Vec<(&str, Option<Grade>)> = sheets[0]
        .areas
        .iter()
        .filter(|a| a.grade.is_some())
        .map(|a| (&*a.id, a.grade))
        .collect();
    assert_eq!(graded, [("preventing-crime", Some(Grade::Good))]);
}

#[test]
fn json_sheets_refuse_a_misspelt_key_and_a_blank_force_or_cycle() {
    // Issue 24: `"Grade"` was ignored, and a blank force or cycle taken.
    let sheet = |force: &str, cycle: &str, area: &str| {
        format!(
            "{{\"schema\": \"peel.grades/1\", \"sheets\": [{{\"force\": \"{force}\", \
             \"force_id\": \"kent\", \"cycle\": \"{cycle}\", \"rubric\": \"peel-2023-25\", \
             \"areas\": [{area}]}}]}}"
        )
    };
    let misspelt = sheet(
        "Kent",
        "2023-25",
        "{\"id\": \"preventing-crime\", \"Grade\": \"good\"}",
    );
    let err = parse_json("g.json", &misspelt, &registry()).unwrap_err();
    assert!(
        err.0[0].message.contains("unknown field `Grade`"),
        "{}",
        err.0[0]
    );
    let good = "{\"id\": \"preventing-crime\", \"grade\": \"good\"}";
    let err = parse_json("g.json", &sheet(" ", "", good), &registry()).unwrap_err();
    let shown: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "g.json: sheets[0].force: force must not be empty",
            "g.json: sheets[0].cycle: cycle must not be empty"
        ]
    );
    assert!(parse_json("g.json", &sheet("Kent", "2023-25", good), &registry()).is_ok());
}

#[test]
fn csv_and_yaml_sheets_refuse_a_blank_cycle() {
    let err = parse_csv(
        "g.csv",
        "force,cycle,rubric,area,grade\nKent,,peel-2023-25,preventing-crime,good\n",
        &registry(),
    )
    .unwrap_err();
    assert!(
        err.0[0].to_string().contains("cycle must not be empty"),
        "{}",
        err.0[0]
    );
    let yaml =
        "force: Kent\ncycle: \"\"\nrubric: peel-2023-25\ngrades:\n  preventing-crime: good\n";
    let err = parse_yaml_sheet("s.yaml", yaml, &registry()).unwrap_err();
    assert!(
        err.0[0]
            .to_string()
            .contains("s.yaml:2:8: cycle must not be empty"),
        "{}",
        err.0[0]
    );
}
