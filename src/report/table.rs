//! The terminal table: one per sheet, ordered from inadequate to outstanding.

use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::scoring_line;
use super::{
    ReportOptions, Reporter, diff_heading, diff_summary_line, explain_lines, grade_label,
    matrix_row_label, movement_label, old_label, percent_label, sanitise, sheet_heading,
    short_reason, summary_line, totals_rows, unpaired_lines,
};
use crate::compare::Matrix;
use crate::diag::CheckReport;
use crate::diff::{DiffReport, DiffRow, Movement};
use crate::grade::Grade;
use crate::rubric::Rubric;
use crate::sheet::Sheet;

/// Renders sheets as terminal tables.
pub struct TableReporter {
    /// Explain and colour choices.
    pub options: ReportOptions,
}

/// The colour a grade is shown in.
pub fn grade_color(grade: Grade) -> Color {
    match grade {
        Grade::Inadequate => Color::Red,
        Grade::RequiresImprovement => Color::DarkYellow,
        Grade::Adequate => Color::Yellow,
        Grade::Good => Color::Green,
        Grade::Outstanding => Color::Cyan,
    }
}

/// A table with the house style, coloured or plain.
pub fn new_table(color: bool) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    // Colour comes only from the cells given one (and only when `color`); leaving the
    // terminal check on lets the table fit a terminal's width.
    if color {
        table.enforce_styling();
    }
    table
}

/// A cell showing a grade, coloured when colour is on.
pub fn grade_cell(grade: Option<Grade>, color: bool) -> Cell {
    let cell = Cell::new(grade_label(grade));
    match grade {
        Some(grade) if color => cell.fg(grade_color(grade)),
        _ => cell,
    }
}

/// A cell showing a movement: improvements green, declines red, when colour is on.
fn movement_cell(row: &DiffRow, color: bool) -> Cell {
    let cell = Cell::new(movement_label(row));
    match row.movement {
        Movement::Improved if color => cell.fg(Color::Green),
        Movement::Declined if color => cell.fg(Color::Red),
        _ => cell,
    }
}

impl Reporter for TableReporter {
    fn grades(&self, sheets: &[Sheet]) -> anyhow::Result<String> {
        let mut out = String::new();
        for (index, sheet) in sheets.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            let mut table = new_table(self.options.color);
            table.set_header(["Area", "Grade", "Score", "Coverage", "Why"]);
            for area in &sheet.areas {
                let why = if self.options.explain {
                    explain_lines(area).join("\n")
                } else {
                    short_reason(area)
                };
                table.add_row(vec![
                    Cell::new(sanitise(&area.title)),
                    grade_cell(area.grade, self.options.color),
                    Cell::new(percent_label(area.score_percent)),
                    Cell::new(percent_label(area.coverage_percent)),
                    Cell::new(why),
                ]);
            }
            out.push_str(&sheet_heading(sheet));
            out.push('\n');
            out.push_str(&table.to_string());
            out.push('\n');
            out.push_str(&summary_line(&sheet.summary()));
            out.push('\n');
        }
        Ok(out)
    }

    fn diff(&self, report: &DiffReport) -> anyhow::Result<String> {
        let mut out = String::new();
        for (index, diff) in report.diffs.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            let mut table = new_table(self.options.color);
            table.set_header(["Area", "Old", "New", "Movement"]);
            for row in &diff.rows {
                table.add_row(vec![
                    Cell::new(sanitise(&row.title)),
                    Cell::new(old_label(row)),
                    grade_cell(row.new_grade, self.options.color),
                    movement_cell(row, self.options.color),
                ]);
            }
            out.push_str(&format!(
                "{}\n{table}\n{}\n",
                diff_heading(diff),
                diff_summary_line(diff)
            ));
        }
        for line in unpaired_lines(report) {
            out.push_str(&line);
            out.push('\n');
        }
        Ok(out)
    }

    fn compare(&self, matrix: &Matrix) -> anyhow::Result<String> {
        let mut table = new_table(self.options.color);
        let mut header = vec!["Force · cycle".to_string()];
        header.extend(matrix.areas.iter().map(|(_, title)| sanitise(title)));
        table.set_header(header);
        for row in &matrix.rows {
            let mut cells = vec![Cell::new(matrix_row_label(row))];
            cells.extend(
                row.grades
                    .iter()
                    .map(|g| grade_cell(*g, self.options.color)),
            );
            table.add_row(cells);
        }
        for (label, counts) in totals_rows(matrix) {
            let mut cells = vec![Cell::new(format!("Total {label}"))];
            cells.extend(counts.iter().map(Cell::new));
            table.add_row(cells);
        }
        Ok(format!(
            "{} · {} sheets\n{table}\n",
            matrix.rubric,
            matrix.rows.len()
        ))
    }

    fn check(&self, report: &CheckReport) -> anyhow::Result<String> {
        let mut out = String::new();
        for problem in &report.problems {
            out.push_str(&format!("{problem}\n"));
            if let Some(snippet) = problem.snippet() {
                out.push_str(&format!("{snippet}\n"));
            }
        }
        out.push_str(&report.summary_line());
        out.push('\n');
        Ok(out)
    }

    fn rubrics(&self, rubrics: &[&Rubric]) -> anyhow::Result<String> {
        let mut table = new_table(false);
        table.set_header(["Rubric", "Title", "Replaces", "Areas", "Criteria", "From"]);
        for rubric in rubrics {
            table.add_row(vec![
                rubric.id.clone(),
                sanitise(&rubric.title),
                rubric.replaces.clone().unwrap_or_default(),
                rubric.areas.len().to_string(),
                rubric.criterion_count().to_string(),
                sanitise(&rubric.origin),
            ]);
        }
        Ok(format!("{table}\n"))
    }

    fn rubric(&self, rubric: &Rubric) -> anyhow::Result<String> {
        let mut table = new_table(false);
        table.set_header([
            "Area",
            "Criterion",
            "Weight",
            "Critical",
            "Characteristic of good performance",
        ]);
        for area in &rubric.areas {
            let title = if area.optional {
                format!("{} (optional)", sanitise(&area.title))
            } else {
                sanitise(&area.title)
            };
            for (index, criterion) in area.criteria.iter().enumerate() {
                table.add_row(vec![
                    if index == 0 {
                        format!("{title}\n{}", area.id)
                    } else {
                        String::new()
                    },
                    criterion.id.clone(),
                    criterion.weight.to_string(),
                    if criterion.critical {
                        "critical".to_string()
                    } else {
                        String::new()
                    },
                    sanitise(&criterion.text),
                ]);
            }
        }
        let replaces = rubric
            .replaces
            .as_deref()
            .map(|r| format!(" · replaces {r}"))
            .unwrap_or_default();
        Ok(format!(
            "{} · {}{replaces}\n{}\n{table}\n",
            rubric.id,
            sanitise(&rubric.title),
            scoring_line(rubric)
        ))
    }
}
