//! The terminal table: one per sheet, ordered from inadequate to outstanding.

use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::{
    ReportOptions, Reporter, explain_lines, grade_label, percent_label, sanitise, sheet_heading,
    short_reason, summary_line,
};
use crate::grade::Grade;
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
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
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
}
