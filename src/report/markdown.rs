//! Markdown: a heading and a table per sheet, for reports and issue trackers.

use super::{
    ReportOptions, Reporter, explain_lines, grade_label, percent_label, sanitise, sheet_heading,
    short_reason, summary_line,
};
use crate::sheet::Sheet;

/// Renders sheets as Markdown tables.
pub struct MarkdownReporter {
    /// Whether to add every reason.
    pub options: ReportOptions,
}

/// Text safe inside a Markdown table cell.
pub fn cell(text: &str) -> String {
    sanitise(text).replace('|', "\\|")
}

impl Reporter for MarkdownReporter {
    fn grades(&self, sheets: &[Sheet]) -> anyhow::Result<String> {
        let mut out = String::new();
        for (index, sheet) in sheets.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            out.push_str(&format!("## {}\n\n", cell(&sheet_heading(sheet))));
            out.push_str("| Area | Grade | Score | Coverage | Why |\n");
            out.push_str("|---|---|---:|---:|---|\n");
            for area in &sheet.areas {
                let why = if self.options.explain {
                    explain_lines(area)
                        .iter()
                        .map(|line| cell(line))
                        .collect::<Vec<_>>()
                        .join("<br>")
                } else {
                    cell(&short_reason(area))
                };
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    cell(&area.title),
                    grade_label(area.grade),
                    percent_label(area.score_percent),
                    percent_label(area.coverage_percent),
                    why
                ));
            }
            out.push_str(&format!("\n{}\n", summary_line(&sheet.summary())));
        }
        Ok(out)
    }
}
