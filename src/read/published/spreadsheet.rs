//! Published grades in CSV, as spreadsheets and publications write them: long form
//! (`force,cycle,rubric,area,grade`) or wide form (a column per area), headers in any
//! case, areas named by id, alias or title, LF, CRLF or CR line endings.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{parse_published_grade, parse_source, published_sheet};
use crate::diag::{Diagnostic, Diagnostics, MAX_PROBLEMS_PER_FILE};
use crate::model::evidence::slug;
use crate::model::grade::Grade;
use crate::model::rubric::{Registry, Rubric};
use crate::model::sheet::{Sheet, Source};

/// Which column holds what, read from the header once.
struct Layout {
    force: usize,
    cycle: usize,
    rubric: Option<usize>,
    force_id: Option<usize>,
    /// Where each sheet came from (`sheet_source`, as `grade --format csv` writes it): two sheets of one
    /// force and cycle from two sources stay two.
    source: Option<usize>,
    /// Long form: the area and grade columns.
    long: Option<(usize, usize)>,
    /// Wide form: every other column, with its header as written.
    others: Vec<(usize, String)>,
}

impl Layout {
    /// The layout of a header, or the problem with it (reported once, at the header).
    fn of(header: &csv::StringRecord) -> Result<Layout, String> {
        let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let column = |name: &str| names.iter().position(|h| h == name);
        let (Some(force), Some(cycle)) = (column("force"), column("cycle")) else {
            return Err("a CSV of grades needs the columns force and cycle (and rubric, area and grade, or a column per area)".to_string());
        };
        let rubric = column("rubric");
        let force_id = column("force_id");
        let source = column("sheet_source");
        let long = column("area").zip(column("grade"));
        let taken = [Some(force), Some(cycle), rubric, force_id, source];
        let others = header
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken.contains(&Some(*i)))
            .map(|(i, h)| (i, h.trim().to_string()))
            .collect();
        Ok(Layout {
            force,
            cycle,
            rubric,
            force_id,
            source,
            long,
            others,
        })
    }
}

/// Finds each record's line and its text from its byte offset, counting line breaks
/// (LF, CRLF or CR) only once over the file, so reading stays linear.
struct Lines<'t> {
    text: &'t str,
    offset: usize,
    line: u64,
}

impl<'t> Lines<'t> {
    /// The line number (from 1) and text of the line starting at or after `byte`.
    fn at(&mut self, byte: usize) -> (u64, &'t str) {
        let bytes = self.text.as_bytes();
        let mut start = byte.min(bytes.len());
        // A record may be said to start at the break that ends the line before it.
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.offset {
            let mut i = self.offset;
            while i < start {
                match bytes[i] {
                    b'\n' => self.line += 1,
                    b'\r' if bytes.get(i + 1) != Some(&b'\n') => self.line += 1,
                    _ => {}
                }
                i += 1;
            }
            self.offset = start;
        }
        let rest = self.text.get(start..).unwrap_or("");
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        (self.line, &rest[..end])
    }
}

/// One sheet being gathered from CSV rows.
struct Gathered {
    force: String,
    cycle: String,
    rubric: Arc<Rubric>,
    /// Each area's grade, and the line of the row that gave it, to name both places
    /// of a repeat.
    grades: BTreeMap<String, (Option<Grade>, u64)>,
}

/// A sheet of a CSV file: its force id, cycle, rubric and source (published first, as
/// `grade` writes them).
type SheetKey = (String, String, String, SourceOrder);

/// A sheet's source, published first, as `grade` writes them.
type SourceOrder = (bool, &'static str);

/// Everything a run over one CSV file keeps: its sheets, problems and the caches that
/// make each row cheap.
struct Reading<'a> {
    path: &'a str,
    registry: &'a Registry,
    layout: Layout,
    sheets: BTreeMap<SheetKey, Gathered>,
    problems: Vec<Diagnostic>,
    /// Wide form: the area of each column, worked out once per rubric.
    column_areas: HashMap<String, Vec<Option<String>>>,
    /// Rubrics picked by cycle where no rubric column names one.
    by_cycle: HashMap<String, Result<Arc<Rubric>, String>>,
    /// Wide columns already reported as near misses: once each, not once per row.
    reported_columns: std::collections::HashSet<usize>,
    /// Problems past the first [`MAX_PROBLEMS_PER_FILE`], counted, not kept.
    more_problems: usize,
    /// The header's text, where a bad column is reported.
    header: String,
    /// The header's line (blank lines may come before it).
    header_line: u64,
}

/// A name as written before peel's CSV guarded it: the `'` that keeps a spreadsheet
/// from running `=…`, `+…`, `-…` or `@…` as a formula is not part of the name.
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// Reads CSV in long form or wide form, reporting every problem of the file.
pub fn parse_csv(path: &str, text: &str, registry: &Registry) -> Result<Vec<Sheet>, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let mut lines = Lines {
        text,
        offset: 0,
        line: 1,
    };
    let header = reader
        .headers()
        .map_err(|error| located(path, &mut lines, &error))?
        .clone();
    let (header_line, header_text) = lines.at(0);
    let header_text = header_text.to_string();
    let layout = Layout::of(&header)
        .map_err(|message| header_field_problem(path, header_line, &header_text, 0, message))?;
    let mut reading = Reading {
        path,
        registry,
        layout,
        sheets: BTreeMap::new(),
        problems: Vec::new(),
        column_areas: HashMap::new(),
        by_cycle: HashMap::new(),
        reported_columns: std::collections::HashSet::new(),
        more_problems: 0,
        header: header_text,
        header_line,
    };
    for record in reader.records() {
        match record {
            Ok(record) => {
                let byte = record.position().map_or(0, |p| p.byte());
                let (line, source) = lines.at(usize::try_from(byte).unwrap_or(usize::MAX));
                reading.row(&record, line, source);
            }
            Err(error) => {
                let unequal = matches!(error.kind(), csv::ErrorKind::UnequalLengths { .. });
                if !reading.full() {
                    reading.problems.push(located(path, &mut lines, &error));
                }
                // A row of the wrong length spoils only itself; anything else, the rest.
                if !unequal {
                    break;
                }
            }
        }
    }
    reading.finish()
}

/// A problem with field `column` of the header, which is on `line` with text `source`.
fn header_field_problem(
    path: &str,
    line: u64,
    source: &str,
    column: usize,
    message: String,
) -> Diagnostic {
    Diagnostic::at_line(path, line, field_column(source, column), message).with_source(source)
}

/// A problem the CSV reader found, at its line.
fn located(path: &str, lines: &mut Lines, error: &csv::Error) -> Diagnostic {
    let byte = error
        .position()
        .and_then(|p| usize::try_from(p.byte()).ok())
        .unwrap_or(0);
    let (line, source) = lines.at(byte);
    Diagnostic::at_line(path, line, 1, csv_message(error)).with_source(source)
}

impl Reading<'_> {
    /// A problem in field `column` of the row on `line`.
    fn problem(&mut self, line: u64, source: &str, column: usize, message: String) {
        if self.full() {
            return;
        }
        let column = field_column(source, column);
        let message = format!("row {line}: {message}");
        let diagnostic = Diagnostic::at_line(self.path, line, column, message).with_source(source);
        self.problems.push(diagnostic);
    }

    /// Whether the file has had its fill of problems: then one more is only counted
    /// (finding a field's column walks its line, and a line may be megabytes long).
    fn full(&mut self) -> bool {
        let full = self.problems.len() >= MAX_PROBLEMS_PER_FILE;
        self.more_problems += usize::from(full);
        full
    }

    /// A row's force name, force id and cycle, or `None` when one is unusable (told).
    fn names(
        &mut self,
        record: &csv::StringRecord,
        line: u64,
        source: &str,
    ) -> Option<(String, String, String)> {
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let layout = &self.layout;
        let (force, cycle) = (
            unguarded(cell(layout.force)).to_string(),
            unguarded(cell(layout.cycle)).to_string(),
        );
        let force_id = match layout
            .force_id
            .map(|i| unguarded(cell(i)))
            .filter(|id| !id.is_empty())
        {
            Some(id) => id.to_string(),
            None => slug(&force),
        };
        let (force_col, cycle_col) = (layout.force, layout.cycle);
        let wrong = [
            crate::model::ids::control_message("force", &force).map(|m| (force_col, m)),
            crate::model::ids::control_message("cycle", &cycle).map(|m| (cycle_col, m)),
            crate::model::ids::control_message("force_id", &force_id)
                .map(|m| (layout.force_id.unwrap_or(force_col), m)),
            cycle
                .is_empty()
                .then(|| (cycle_col, "cycle must not be empty".to_string())),
            force_id.is_empty().then(|| {
                let message =
                    format!("force \"{force}\" has no letters or digits to make an id from");
                (force_col, message)
            }),
        ];
        if let Some((column, message)) = wrong.into_iter().flatten().next() {
            self.problem(line, source, column, message);
            return None;
        }
        Some((force, force_id, cycle))
    }

    /// Reads one row into its sheet.
    fn row(&mut self, record: &csv::StringRecord, line: u64, source: &str) {
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        if record.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        let Some((force, force_id, cycle)) = self.names(record, line, source) else {
            return;
        };
        let Some(rubric) = self.rubric_of(record, &cycle, line, source) else {
            return;
        };
        let entries = match self.layout.long {
            Some((area, grade)) => vec![(area, grade, self.long_area(&rubric, cell(area)))],
            None => self.wide_entries(&rubric, record),
        };
        let origin = match parse_source(self.layout.source.map(cell).unwrap_or_default()) {
            Ok(origin) => origin,
            Err(message) => {
                let column = self.layout.source.unwrap_or(0);
                return self.problem(line, source, column, message);
            }
        };
        let origin = (origin == Source::Evidence, origin.as_str());
        let key = (force_id, cycle.clone(), rubric.id.clone(), origin);
        for (area_col, grade_col, area) in entries {
            let Some(area) = area else {
                let message = rubric.unknown_area_message(cell(area_col));
                self.problem(line, source, area_col, message);
                continue;
            };
            let grade = match parse_published_grade(cell(grade_col)) {
                Ok(grade) => grade,
                Err(message) => {
                    self.problem(line, source, grade_col, message);
                    continue;
                }
            };
            let sheet = self.sheets.entry(key.clone()).or_insert_with(|| Gathered {
                force: force.clone(),
                cycle: cycle.clone(),
                rubric: Arc::clone(&rubric),
                grades: BTreeMap::new(),
            });
            if let Some((_, first)) = sheet.grades.get(&area) {
                let message = format!(
                    "area \"{area}\" of {} {} is graded twice (first on line {first})",
                    sheet.force, sheet.cycle
                );
                self.problem(line, source, area_col, message);
                continue;
            }
            sheet.grades.insert(area, (grade, line));
        }
        // A row with no grades still makes its sheet (a force not yet graded).
        let gathered = Gathered {
            force,
            cycle,
            rubric: Arc::clone(&rubric),
            grades: BTreeMap::new(),
        };
        self.sheets.entry(key).or_insert(gathered);
    }

    /// The row's rubric: named in its rubric column, or the one serving its cycle.
    fn rubric_of(
        &mut self,
        record: &csv::StringRecord,
        cycle: &str,
        line: u64,
        source: &str,
    ) -> Option<Arc<Rubric>> {
        let named = self
            .layout
            .rubric
            .map(|col| (col, record.get(col).unwrap_or("").trim()))
            .filter(|(_, id)| !id.is_empty());
        if let Some((col, id)) = named {
            let found = self.registry.get(id).cloned();
            if found.is_none() {
                let message = self.registry.unknown_rubric_message(id);
                self.problem(line, source, col, message);
            }
            return found;
        }
        let registry = self.registry;
        let picked = self
            .by_cycle
            .entry(cycle.to_string())
            .or_insert_with(|| registry.for_cycle(cycle).cloned())
            .clone();
        match picked {
            Ok(rubric) => Some(rubric),
            Err(message) => {
                let col = self.layout.cycle;
                self.problem(line, source, col, message);
                None
            }
        }
    }

    /// The area a long-form row names, by id, alias or title.
    fn long_area(&self, rubric: &Rubric, name: &str) -> Option<String> {
        rubric.resolve_area(name).map(|area| area.id.clone())
    }

    /// A wide row's (area column, grade column, area) entries: columns that name an
    /// area of the rubric, directly or through a newer rubric's crosswalk. A column
    /// that is a near miss of an area is reported once; other columns (notes,
    /// region…) are ignored, as in long form.
    fn wide_entries(
        &mut self,
        rubric: &Arc<Rubric>,
        record: &csv::StringRecord,
    ) -> Vec<(usize, usize, Option<String>)> {
        let registry = self.registry;
        let others = &self.layout.others;
        let areas = self
            .column_areas
            .entry(rubric.id.clone())
            .or_insert_with(|| {
                others
                    .iter()
                    .map(|(_, name)| wide_area(rubric, name, registry))
                    .collect()
            })
            .clone();
        let mut entries = Vec::new();
        let mut near = Vec::new();
        for ((col, name), area) in self.layout.others.iter().zip(areas) {
            match area {
                Some(area) => entries.push((*col, *col, Some(area))),
                None if near_area(rubric, name) => near.push((*col, name.clone())),
                None => {}
            }
        }
        for (col, name) in near {
            if self.reported_columns.insert(col) && !self.full() {
                let message = format!("column header: {}", rubric.unknown_area_message(&name));
                let problem =
                    header_field_problem(self.path, self.header_line, &self.header, col, message);
                self.problems.push(problem);
            }
        }
        let _ = record;
        entries
    }

    /// The sheets read, or every problem found.
    fn finish(mut self) -> Result<Vec<Sheet>, Diagnostics> {
        if !self.problems.is_empty() {
            if self.more_problems > 0 {
                let more = Diagnostic::more_problems(self.path, self.more_problems);
                self.problems.push(more);
            }
            return Err(Diagnostics(self.problems));
        }
        Ok(self
            .sheets
            .into_iter()
            .map(|((force_id, _, _, (evidence, _)), s)| {
                let source = match evidence {
                    true => Source::Evidence,
                    false => Source::Published,
                };
                published_sheet(
                    &s.rubric, s.force, force_id, s.cycle, None, source, &s.grades,
                )
            })
            .collect())
    }
}

/// The area of `rubric` that a wide CSV column names: an area's id, alias or title,
/// or, for a column of a newer rubric (as `compare --format csv` writes for older
/// sheets), the one area of `rubric` it continues.
pub(super) fn wide_area(rubric: &Rubric, column: &str, registry: &Registry) -> Option<String> {
    if let Some(area) = rubric.resolve_area(column) {
        return Some(area.id.clone());
    }
    registry.iter().find_map(|newer| {
        let area = newer.resolve_area(column)?;
        let crosswalk =
            crate::model::crosswalk::Crosswalk::between(registry, rubric, newer).ok()?;
        match crosswalk.predecessors(&area.id) {
            [single] => Some(single.clone()),
            _ => None,
        }
    })
}

/// The character column (from 1) where field `index` of a CSV line starts, so that a
/// problem's caret points at the field; fields are split on commas outside quotes.
pub(super) fn field_column(line: &str, index: usize) -> u64 {
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

/// Whether `column` looks like a misspelt area id or title of `rubric`.
fn near_area(rubric: &Rubric, column: &str) -> bool {
    let names = rubric
        .areas
        .iter()
        .flat_map(|a| [a.id.as_str(), a.title.as_str()]);
    crate::suggest::did_you_mean(column, names).is_some()
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
