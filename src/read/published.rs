//! Published grades as sheets: YAML (one sheet a file), CSV in long and wide form
//! (many sheets a file), and peel's own `peel.grades/1` JSON read back (SPEC §6).

use std::collections::BTreeMap;

use std::borrow::Cow;
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::grade::Grade;
use crate::model::rubric::{Registry, Rubric};
use crate::model::sheet::{AreaGrade, Sheet, Source, sort_table_order};
use crate::read::yaml::{self, Checker, Value};
use crate::wire;

mod spreadsheet;
pub use spreadsheet::parse_csv;
use spreadsheet::wide_area;

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
        .map_err(|e: crate::model::grade::ParseGradeError| e.to_string())
}

/// Builds a sheet of the rubric's areas with the grades given; the rest not graded.
/// What a reader gathered for one area: its grade, perhaps with where it was given.
pub(super) trait Graded {
    /// The area's grade, if it has one.
    fn grade(&self) -> Option<Grade>;
}

impl Graded for Option<Grade> {
    fn grade(&self) -> Option<Grade> {
        *self
    }
}

impl Graded for (Option<Grade>, u64) {
    fn grade(&self) -> Option<Grade> {
        self.0
    }
}

/// serde_json's column (in bytes, 0 before a line's first character, one past its end
/// at the end of the input) as peel counts columns: in characters, from 1, within the
/// line.
fn json_column(text: &str, line: usize, byte_column: usize) -> u64 {
    let source = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    let source = source.strip_suffix('\r').unwrap_or(source);
    // The character that holds the byte serde_json stopped at; past the end, the end.
    let byte = byte_column.saturating_sub(1);
    if byte >= source.len() {
        return source.chars().count() as u64 + 1;
    }
    source
        .char_indices()
        .take_while(|(at, _)| *at <= byte)
        .count()
        .max(1) as u64
}

/// Where a sheet written by peel says its grades came from (`source`, `sheet_source`):
/// kept, so that a draft and the published sheet of one force stay two sheets when
/// written out again. Blank is published.
pub(crate) fn parse_source(text: &str) -> Result<Source, String> {
    match text.trim() {
        "" | "published" => Ok(Source::Published),
        "evidence" => Ok(Source::Evidence),
        other => {
            let hint = crate::suggest::did_you_mean(other, ["published", "evidence"])
                .map(|best| format!(" (did you mean \"{best}\"?)"))
                .unwrap_or_default();
            Err(format!(
                "unknown sheet source \"{other}\"{hint}; expected published or evidence"
            ))
        }
    }
}

fn published_sheet(
    rubric: &Rubric,
    force: String,
    force_id: String,
    cycle: String,
    url: Option<String>,
    source: Source,
    grades: &BTreeMap<String, impl Graded>,
) -> Sheet {
    // As with evidence, an optional area that was not graded is left out of the sheet.
    let mut areas: Vec<AreaGrade> = rubric
        .areas
        .iter()
        .map(|area| (area, grades.get(&area.id).and_then(Graded::grade)))
        .filter(|(area, grade)| grade.is_some() || !area.optional)
        .map(|(area, grade)| {
            AreaGrade::published(
                Arc::clone(&area.shared_id),
                Arc::clone(&area.shared_title),
                grade,
            )
        })
        .collect();
    sort_table_order(&mut areas, |id| rubric.area_index(id).unwrap_or(usize::MAX));
    Sheet {
        force,
        force_id,
        cycle,
        rubric: rubric.id.clone(),
        source,
        url,
        areas,
    }
}

/// The `grades:` mapping of a YAML sheet: areas by id, alias or title, each once.
fn read_grades(
    checker: &mut Checker,
    fields: &yaml::Fields,
    rubric: Option<&Rubric>,
) -> BTreeMap<String, Option<Grade>> {
    let mut grades = BTreeMap::new();
    let mut first_at = BTreeMap::new();
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
                if let Some(first) = first_at.insert(found.id.clone(), area.at) {
                    let message = format!(
                        "area \"{}\" is graded twice in this sheet (first at line {})",
                        found.id,
                        first.line()
                    );
                    checker.problem(area.at, message);
                }
                grades.insert(found.id.clone(), parsed);
            }
            Err(message) => checker.problem(grade.at, message),
        }
    }
    grades
}

/// Reads a published sheet in YAML, reporting every problem of the file.
pub fn parse_yaml_sheet(path: &str, text: &str, registry: &Registry) -> Result<Sheet, Diagnostics> {
    yaml_sheet_tree(path, text, &yaml::parse(path, text)?, registry)
}

/// [`parse_yaml_sheet`] of a file whose located tree is read already.
pub(crate) fn yaml_sheet_tree(
    path: &str,
    text: &str,
    root: &yaml::Node,
    registry: &Registry,
) -> Result<Sheet, Diagnostics> {
    let mut checker = Checker::new(path, text);
    let keys = ["force", "force_id", "cycle", "rubric", "url", "grades"];
    let Some(fields) = checker.fields(root, &keys) else {
        return Err(Diagnostics(checker.problems));
    };
    let force = checker.required(&fields, "force");
    let force_name = force.and_then(|node| checker.label(node, "force"));
    let given_id = fields
        .get("force_id")
        .and_then(|node| Some((checker.text(node)?, node.at)));
    let force_id = match (&force_name, force) {
        (Some(name), Some(node)) => crate::model::evidence::force_id_of(
            (name, node.at),
            given_id.as_ref().map(|(id, at)| (id.as_str(), *at)),
            |at, message| checker.problem(at, message),
        ),
        _ => String::new(),
    };
    let cycle_node = checker.required(&fields, "cycle");
    let cycle = cycle_node.and_then(|node| checker.label(node, "cycle"));
    if let (Some(label), Some(node)) = (&cycle, cycle_node)
        && label.trim().is_empty()
    {
        checker.problem(node.at, "cycle must not be empty");
    }
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
    let grades = read_grades(&mut checker, &fields, rubric.map(|r| &**r));
    let ((force, cycle), _) = checker.finish((force_name, cycle))?;
    let (Some(force), Some(cycle), Some(rubric)) = (force, cycle, rubric) else {
        // Never reached: a missing value always records a problem first.
        return Err(Diagnostic::file(path, "force, cycle and rubric are needed").into());
    };
    Ok(published_sheet(
        rubric,
        force,
        force_id,
        cycle,
        url,
        Source::Published,
        &grades,
    ))
}

/// A document of peel's own JSON: `peel.grades/1` sheets or `peel.compare/1` rows,
/// each read through the types peel writes them with; the rest is not needed.
/// Its other keys (a compare document's totals) are let be: a document of another
/// schema is told by its `schema`.
#[derive(Deserialize)]
struct JsonDoc<'a> {
    #[serde(borrow)]
    schema: Cow<'a, str>,
    #[serde(default, borrow)]
    sheets: Vec<wire::SheetJson<'a>>,
    /// The rows of a `peel.compare/1` matrix: a sheet each.
    #[serde(default, borrow)]
    rows: Vec<wire::CompareRow<'a>>,
}

/// Reads peel's own `peel.grades/1` and `peel.compare/1` JSON back as sheets, keeping
/// only their grades.
pub fn parse_json(path: &str, text: &str, registry: &Registry) -> Result<Vec<Sheet>, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: JsonDoc = serde_json::from_str(text).map_err(|error| {
        let message = error.to_string();
        let message = match message.rfind(" at line ") {
            Some(index) => message[..index].to_string(),
            None => message,
        };
        if text.trim().is_empty() {
            return Diagnostic::at_line(path, 1, 1, "the file is empty: expected peel's JSON");
        }
        let column = json_column(text, error.line(), error.column());
        Diagnostic::at_line(path, error.line() as u64, column, message)
    })?;
    if doc.schema != wire::COMPARE_SCHEMA && doc.schema != wire::GRADES_SCHEMA {
        return Err(Diagnostic::file(
            path,
            format!(
                "JSON of schema \"{}\" holds no grade sheets; peel reads \"{}\" (from `peel grade --format json`) and \"{}\" (from `peel compare`)",
                doc.schema,
                wire::GRADES_SCHEMA,
                wire::COMPARE_SCHEMA
            ),
        )
        .into());
    }
    let mut problems = Vec::new();
    let mut sheets = Vec::new();
    for (index, row) in doc.rows.into_iter().enumerate() {
        sheets.extend(json_row(path, index, row, registry, &mut problems));
    }
    for (index, sheet) in doc.sheets.into_iter().enumerate() {
        sheets.extend(json_sheet(path, index, sheet, registry, &mut problems));
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    Ok(sheets)
}

/// A problem for each of a JSON sheet's force and cycle that is blank, at `at`.
fn blank_names(
    path: &str,
    at: &str,
    (force, force_id, cycle): (&str, &str, &str),
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let before = problems.len();
    if let Some(message) = crate::model::ids::control_message("force_id", force_id) {
        problems.push(Diagnostic::field(path, format!("{at}.force_id"), message));
    }
    for (key, value) in [("force", force), ("cycle", cycle)] {
        if value.trim().is_empty() {
            let message = format!("{key} must not be empty");
            problems.push(Diagnostic::field(path, format!("{at}.{key}"), message));
        } else if let Some(message) = crate::model::ids::control_message(key, value) {
            problems.push(Diagnostic::field(path, format!("{at}.{key}"), message));
        }
    }
    problems.len() > before
}

/// A row of a `peel.compare/1` matrix as a sheet: its columns may be a newer rubric's
/// areas, mapped back to the row's own.
fn json_row(
    path: &str,
    index: usize,
    row: wire::CompareRow,
    registry: &Registry,
    problems: &mut Vec<Diagnostic>,
) -> Option<Sheet> {
    if blank_names(
        path,
        &format!("rows[{index}]"),
        (&row.force, &row.force_id, &row.cycle),
        problems,
    ) {
        return None;
    }
    let Some(rubric) = registry.get(&row.rubric) else {
        let message = registry.unknown_rubric_message(&row.rubric);
        problems.push(Diagnostic::field(
            path,
            format!("rows[{index}].rubric"),
            message,
        ));
        return None;
    };
    let mut grades = BTreeMap::new();
    for (column, grade) in row.grades.0 {
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
    let (force, id, cycle) = (row.force.into(), row.force_id.into(), row.cycle.into());
    Some(published_sheet(
        rubric,
        force,
        id,
        cycle,
        None,
        Source::Published,
        &grades,
    ))
}

/// A sheet of `peel.grades/1`, keeping its grades; each area once.
fn json_sheet(
    path: &str,
    index: usize,
    sheet: wire::SheetJson,
    registry: &Registry,
    problems: &mut Vec<Diagnostic>,
) -> Option<Sheet> {
    let names = (&*sheet.force, &*sheet.force_id, &*sheet.cycle);
    if blank_names(path, &format!("sheets[{index}]"), names, problems) {
        return None;
    }
    let Some(rubric) = registry.get(&sheet.rubric) else {
        let message = registry.unknown_rubric_message(&sheet.rubric);
        problems.push(Diagnostic::field(
            path,
            format!("sheets[{index}].rubric"),
            message,
        ));
        return None;
    };
    let mut grades = BTreeMap::new();
    for (area_index, area) in sheet.areas.into_iter().enumerate() {
        let field = format!("sheets[{index}].areas[{area_index}].id");
        if rubric.area(&area.id).is_none() {
            problems.push(Diagnostic::field(
                path,
                field,
                rubric.unknown_area_message(&area.id),
            ));
        } else if grades.insert(area.id.to_string(), area.grade).is_some() {
            let message = format!("area \"{}\" appears twice in one sheet", area.id);
            problems.push(Diagnostic::field(path, field, message));
        }
    }
    let (force, id, cycle) = (
        sheet.force.into(),
        sheet.force_id.into(),
        sheet.cycle.into(),
    );
    let url = sheet.url.map(Cow::into_owned);
    let source = match parse_source(&sheet.source) {
        Ok(source) => source,
        Err(message) => {
            problems.push(Diagnostic::field(
                path,
                format!("sheets[{index}].source"),
                message,
            ));
            return None;
        }
    };
    Some(published_sheet(
        rubric, force, id, cycle, url, source, &grades,
    ))
}

#[cfg(test)]
mod tests;
