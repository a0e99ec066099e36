//! Published grades as sheets: YAML (one sheet a file), CSV in long and wide form
//! (many sheets a file), and peel's own `peel.grades/1` JSON read back (SPEC §6).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::evidence::slug;
use crate::grade::Grade;
use crate::rubric::{Registry, Rubric};
use crate::sheet::{AreaGrade, Sheet, Source, sort_table_order};
use crate::yaml::{self, Checker, Value};

/// Words published tables use for an area that was not graded.
const NOT_GRADED: [&str; 8] = [
    "",
    "-",
    "—",
    "n/a",
    "na",
    "not graded",
    "ungraded",
    "not inspected",
];

/// A grade as published: empty (or "not graded", "n/a", "-") means not graded.
fn parse_published_grade(text: &str) -> Result<Option<Grade>, String> {
    let text = text.trim();
    if NOT_GRADED.contains(&text.to_lowercase().as_str()) {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|e: crate::grade::ParseGradeError| e.to_string())
}

/// Builds a sheet of the rubric's areas with the grades given; the rest not graded.
fn published_sheet(
    rubric: &Rubric,
    force: String,
    force_id: String,
    cycle: String,
    url: Option<String>,
    grades: &BTreeMap<String, Option<Grade>>,
) -> Sheet {
    // As with evidence, an optional area that was not graded is left out of the sheet.
    let mut areas: Vec<AreaGrade> = rubric
        .areas
        .iter()
        .map(|area| (area, grades.get(&area.id).copied().flatten()))
        .filter(|(area, grade)| grade.is_some() || !area.optional)
        .map(|(area, grade)| AreaGrade::published(area.id.clone(), area.title.clone(), grade))
        .collect();
    sort_table_order(&mut areas, |id| rubric.area_index(id).unwrap_or(usize::MAX));
    Sheet {
        force,
        force_id,
        cycle,
        rubric: rubric.id.clone(),
        source: Source::Published,
        url,
        areas,
    }
}

/// Reads a published sheet in YAML, reporting every problem of the file.
pub fn parse_yaml_sheet(path: &str, text: &str, registry: &Registry) -> Result<Sheet, Diagnostics> {
    let root = yaml::parse(path, text)?;
    let mut checker = Checker::new(path, text);
    let keys = ["force", "force_id", "cycle", "rubric", "url", "grades"];
    let Some(fields) = checker.fields(&root, &keys) else {
        return Err(Diagnostics(checker.problems));
    };
    let force = checker.required(&fields, "force");
    let force_name = force.and_then(|node| checker.text(node));
    let given_id = fields
        .get("force_id")
        .and_then(|node| Some((checker.text(node)?, node.at)));
    let force_id = match (&force_name, force) {
        (Some(name), Some(node)) => crate::evidence::force_id_of(
            (name, node.at),
            given_id.as_ref().map(|(id, at)| (id.as_str(), *at)),
            |at, message| checker.problem(at, message),
        ),
        _ => String::new(),
    };
    let cycle_node = checker.required(&fields, "cycle");
    let cycle = cycle_node.and_then(|node| checker.text(node));
    let url = fields.get("url").and_then(|node| checker.text(node));
    let rubric = match (fields.get("rubric"), &cycle, cycle_node) {
        (Some(node), _, _) => checker.text(node).and_then(|id| {
            let found = registry.get(&id);
            if found.is_none() {
                checker.problem(node.at, registry.unknown_rubric_message(&id));
            }
            found
        }),
        // No rubric named: the one that serves the sheet's cycle.
        (None, Some(cycle), Some(node)) => registry
            .for_cycle(cycle)
            .map_err(|message| checker.problem(node.at, message))
            .ok(),
        _ => None,
    };
    let mut grades = BTreeMap::new();
    let entries: &[(yaml::Node, yaml::Node)] = match fields.get("grades").map(|n| &n.value) {
        Some(Value::Map(entries)) => entries,
        // `grades:` left empty means a sheet with no grades yet.
        Some(Value::Null) => &[],
        Some(_) => {
            let at = fields.get("grades").map_or(fields.at, |n| n.at);
            checker.problem(at, "expected a mapping of areas to grades here");
            &[]
        }
        None => {
            checker.problem(fields.at, "missing key `grades`: this mapping needs it");
            &[]
        }
    };
    for (area, grade) in entries {
        let Some(name) = checker.text(area) else {
            continue;
        };
        let Some(rubric) = rubric else { continue };
        let Some(found) = rubric.resolve_area(&name) else {
            checker.problem(area.at, rubric.unknown_area_message(&name));
            continue;
        };
        let written = match &grade.value {
            Value::Null => Some(String::new()),
            _ => checker.text(grade),
        };
        let Some(written) = written else { continue };
        match parse_published_grade(&written) {
            Ok(parsed) => {
                if grades.insert(found.id.clone(), parsed).is_some() {
                    checker.problem(
                        area.at,
                        format!("area \"{}\" is graded twice in this sheet", found.id),
                    );
                }
            }
            Err(message) => checker.problem(grade.at, message),
        }
    }
    let ((force, cycle), _) = checker.finish((force_name, cycle))?;
    let (Some(force), Some(cycle), Some(rubric)) = (force, cycle, rubric) else {
        // Never reached: a missing value always records a problem first.
        return Err(Diagnostic::file(path, "force, cycle and rubric are needed").into());
    };
    Ok(published_sheet(
        rubric, force, force_id, cycle, url, &grades,
    ))
}

/// One sheet being gathered from CSV rows.
struct CsvSheet {
    force: String,
    cycle: String,
    rubric: std::sync::Arc<Rubric>,
    grades: BTreeMap<String, Option<Grade>>,
    /// Line of the row that first gave each area, to name both places of a repeat.
    lines: BTreeMap<String, u64>,
}

/// Reads CSV in long form (`force,cycle,rubric,area,grade`) or wide form
/// (`force,cycle,rubric` then a column per area id).
pub fn parse_csv(path: &str, text: &str, registry: &Registry) -> Result<Vec<Sheet>, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let located = |error: &csv::Error| {
        let line = error.position().map_or(1, |p| p.line());
        Diagnostic::at_line(path, line, 1, csv_message(error))
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| located(&e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let mut problems = Vec::new();
    let (Some(force_col), Some(cycle_col), Some(rubric_col)) =
        (column("force"), column("cycle"), column("rubric"))
    else {
        return Err(Diagnostic::at_line(
            path,
            1,
            1,
            "a CSV of grades needs the columns force, cycle and rubric",
        )
        .into());
    };
    let force_id_col = column("force_id");
    let long = match (column("area"), column("grade")) {
        (Some(area), Some(grade)) => Some((area, grade)),
        _ => None,
    };
    let area_columns: Vec<(usize, &str)> = header
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            ![
                Some(force_col),
                Some(cycle_col),
                Some(rubric_col),
                force_id_col,
            ]
            .contains(&Some(*i))
        })
        .map(|(i, h)| (i, h.as_str()))
        .collect();

    let mut sheets: BTreeMap<(String, String, String), CsvSheet> = BTreeMap::new();
    let mut column_areas: HashMap<String, Vec<Option<String>>> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(located(&error));
                // A row of the wrong length spoils only itself; anything else, the rest.
                if matches!(error.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    continue;
                }
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // The row's own line, found from its byte offset (not by counting lines, which
        // would make reading a large file quadratic).
        let source_line = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .and_then(|start| text.get(start..))
            .and_then(|rest| rest.lines().next())
            .unwrap_or("");
        let mut problem = |col: usize, message: String| {
            let mut diagnostic = Diagnostic::at_line(
                path,
                line,
                field_column(source_line, col),
                format!("row {line}: {message}"),
            );
            diagnostic.source_line = Some(source_line.to_string());
            problems.push(diagnostic);
        };
        let force = cell(force_col).to_string();
        let cycle = cell(cycle_col).to_string();
        let rubric_id = cell(rubric_col);
        let force_id = match force_id_col.map(cell).filter(|id| !id.is_empty()) {
            Some(id) => id.to_string(),
            None => slug(&force),
        };
        if force_id.is_empty() {
            problem(
                force_col,
                format!("force \"{force}\" has no letters or digits to make an id from"),
            );
            continue;
        }
        let Some(rubric) = registry.get(rubric_id) else {
            problem(rubric_col, registry.unknown_rubric_message(rubric_id));
            continue;
        };
        let key = (force_id.clone(), cycle.clone(), rubric.id.clone());
        let sheet = sheets.entry(key).or_insert_with(|| CsvSheet {
            force: force.clone(),
            cycle: cycle.clone(),
            rubric: std::sync::Arc::clone(rubric),
            grades: BTreeMap::new(),
            lines: BTreeMap::new(),
        });
        // (column of the area id, column of the grade, area id, grade text)
        let mut entries: Vec<(usize, usize, String, &str)> = Vec::new();
        match long {
            Some((area_col, grade_col)) => {
                entries.push((
                    area_col,
                    grade_col,
                    cell(area_col).to_string(),
                    cell(grade_col),
                ));
            }
            None => {
                // Which area each column names depends only on the row's rubric: work
                // it out once per rubric, not once per row.
                if !column_areas.contains_key(&rubric.id) {
                    let areas = area_columns
                        .iter()
                        .map(|&(_, id)| wide_area(rubric, id, registry))
                        .collect();
                    column_areas.insert(rubric.id.clone(), areas);
                }
                let areas = &column_areas[&rubric.id];
                for (&(col, id), area) in area_columns.iter().zip(areas) {
                    match area.clone() {
                        Some(area) => entries.push((col, col, area, cell(col))),
                        // A column that is no area's id, nor a near miss of one, is an
                        // extra column (notes, region…) and is ignored, as in long form.
                        None if cell(col).is_empty() || !near_area(rubric, id) => {}
                        None => problem(col, rubric.unknown_area_message(id)),
                    }
                }
            }
        }
        for (area_col, col, area, grade) in entries {
            if rubric.area(&area).is_none() {
                problem(area_col, rubric.unknown_area_message(&area));
                continue;
            }
            let grade = match parse_published_grade(grade) {
                Ok(grade) => grade,
                Err(message) => {
                    problem(col, message);
                    continue;
                }
            };
            if let Some(first) = sheet.lines.get(&area) {
                problem(
                    area_col,
                    format!(
                        "area \"{area}\" of {} {} is graded twice (first on line {first})",
                        sheet.force, sheet.cycle
                    ),
                );
                continue;
            }
            sheet.lines.insert(area.clone(), line);
            sheet.grades.insert(area, grade);
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    Ok(sheets
        .into_iter()
        .map(|((force_id, _, _), s)| {
            published_sheet(&s.rubric, s.force, force_id, s.cycle, None, &s.grades)
        })
        .collect())
}

/// The area of `rubric` that a wide CSV column names: the column's own id, or, for a
/// column of a newer rubric (as `compare --format csv` writes for older sheets), the
/// one area of `rubric` it continues.
fn wide_area(rubric: &Rubric, column: &str, registry: &Registry) -> Option<String> {
    if rubric.area(column).is_some() {
        return Some(column.to_string());
    }
    registry.iter().find_map(|newer| {
        newer.area(column)?;
        let crosswalk = crate::crosswalk::Crosswalk::between(registry, rubric, newer).ok()?;
        match crosswalk.predecessors(column) {
            [single] => Some(single.clone()),
            _ => None,
        }
    })
}

/// The character column (from 1) where field `index` of a CSV line starts, so that a
/// problem's caret points at the field; fields are split on commas outside quotes.
fn field_column(line: &str, index: usize) -> u64 {
    let mut field = 0;
    let mut quoted = false;
    for (position, c) in line.chars().enumerate() {
        if field == index {
            return position as u64 + 1;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => field += 1,
            _ => {}
        }
    }
    line.chars().count() as u64 + 1
}

/// Whether `column` looks like a misspelt area id of `rubric`.
fn near_area(rubric: &Rubric, column: &str) -> bool {
    crate::suggest::did_you_mean(column, rubric.areas.iter().map(|a| a.id.as_str())).is_some()
}

fn csv_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8 text".to_string(),
        _ => error.to_string(),
    }
}

/// The schema of `compare --format json`, whose rows read back as sheets too.
const COMPARE_SCHEMA: &str = "peel.compare/1";

#[derive(Deserialize)]
struct JsonDoc {
    schema: String,
    #[serde(default)]
    sheets: Vec<JsonSheet>,
    /// The rows of a `peel.compare/1` matrix: a sheet each.
    #[serde(default)]
    rows: Vec<JsonRow>,
}

#[derive(Deserialize)]
struct JsonRow {
    force: String,
    force_id: String,
    cycle: String,
    rubric: String,
    /// Grades keyed by the matrix rubric's area ids, perhaps newer than the row's.
    grades: BTreeMap<String, Option<Grade>>,
}

#[derive(Deserialize)]
struct JsonSheet {
    force: String,
    force_id: String,
    cycle: String,
    rubric: String,
    #[serde(default)]
    url: Option<String>,
    areas: Vec<JsonArea>,
}

#[derive(Deserialize)]
struct JsonArea {
    id: String,
    grade: Option<Grade>,
}

/// Reads peel's own `peel.grades/1` JSON back as sheets, keeping only their grades.
pub fn parse_json(path: &str, text: &str, registry: &Registry) -> Result<Vec<Sheet>, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: JsonDoc = serde_json::from_str(text).map_err(|error| {
        let message = error.to_string();
        let message = match message.rfind(" at line ") {
            Some(index) => message[..index].to_string(),
            None => message,
        };
        Diagnostic::at_line(path, error.line() as u64, error.column() as u64, message)
    })?;
    let mut problems = Vec::new();
    let mut sheets = Vec::new();
    if doc.schema == COMPARE_SCHEMA {
        for (index, row) in doc.rows.into_iter().enumerate() {
            let Some(rubric) = registry.get(&row.rubric) else {
                problems.push(Diagnostic::field(
                    path,
                    format!("rows[{index}].rubric"),
                    registry.unknown_rubric_message(&row.rubric),
                ));
                continue;
            };
            let mut grades = BTreeMap::new();
            for (column, grade) in row.grades {
                match wide_area(rubric, &column, registry) {
                    Some(area) => {
                        grades.insert(area, grade);
                    }
                    None if grade.is_none() => {}
                    None => problems.push(Diagnostic::field(
                        path,
                        format!("rows[{index}].grades.{column}"),
                        rubric.unknown_area_message(&column),
                    )),
                }
            }
            sheets.push(published_sheet(
                rubric,
                row.force,
                row.force_id,
                row.cycle,
                None,
                &grades,
            ));
        }
    } else if doc.schema != crate::report::GRADES_SCHEMA {
        return Err(Diagnostic::file(
            path,
            format!(
                "JSON of schema \"{}\" holds no grade sheets; peel reads \"{}\" (from `peel grade --format json`) and \"{COMPARE_SCHEMA}\" (from `peel compare`)",
                doc.schema,
                crate::report::GRADES_SCHEMA
            ),
        )
        .into());
    }
    for (index, sheet) in doc.sheets.into_iter().enumerate() {
        let Some(rubric) = registry.get(&sheet.rubric) else {
            problems.push(Diagnostic::field(
                path,
                format!("sheets[{index}].rubric"),
                registry.unknown_rubric_message(&sheet.rubric),
            ));
            continue;
        };
        let mut grades = BTreeMap::new();
        for (area_index, area) in sheet.areas.into_iter().enumerate() {
            if rubric.area(&area.id).is_none() {
                problems.push(Diagnostic::field(
                    path,
                    format!("sheets[{index}].areas[{area_index}].id"),
                    rubric.unknown_area_message(&area.id),
                ));
            } else if grades.insert(area.id.clone(), area.grade).is_some() {
                problems.push(Diagnostic::field(
                    path,
                    format!("sheets[{index}].areas[{area_index}].id"),
                    format!("area \"{}\" appears twice in one sheet", area.id),
                ));
            }
        }
        sheets.push(published_sheet(
            rubric,
            sheet.force,
            sheet.force_id,
            sheet.cycle,
            sheet.url,
            &grades,
        ));
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry::new(Vec::new()).unwrap()
    }

    fn grade_of(sheet: &Sheet, area: &str) -> Option<Grade> {
        sheet
            .areas
            .iter()
            .find(|a| a.id == area)
            .and_then(|a| a.grade)
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
        let text =
            "force: Kent\ncycle: x\nrubric: peel-2021-22\ngrades:\n  investigating-crim: good\n";
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
            "g.csv:2:27: row 2: unknown area \"investigating-crim\" in rubric peel-2023-25 (did you mean \"investigating-crime\"?)"
        );
    }

    #[test]
    fn wide_csv_maps_newer_columns_onto_an_older_rubric() {
        let text = "force,cycle,rubric,police-powers-and-public-treatment\nKent,2021/22,peel-2021-22,good\n";
        let sheets = parse_csv("g.csv", text, &registry()).unwrap();
        assert_eq!(
            grade_of(&sheets[0], "treatment-of-the-public"),
            Some(Grade::Good)
        );
    }

    #[test]
    fn csv_errors_name_the_row() {
        let text =
            "force,cycle,rubric,area,grade\nKent,x,peel-2023-25,investigating-crime,excelent\n";
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
}
