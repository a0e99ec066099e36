//! Markdown: a heading and a table per sheet, for reports and issue trackers.

use super::scoring_line;
use super::{
    COUNTS_HEADER, ReportOptions, Reporter, Sink, TOTALS_HEADER, compared_line, counts_label,
    diff_heading, diff_summary_line, explain_heading, explain_lines, grade_label,
    matrix_graded_line, matrix_row_label, movement_label, old_label, percent_label, sanitise,
    sheet_heading, short_reason, shows_totals, summary_line, totals_heading, totals_row,
    totals_rows, unpaired_lines, write_each,
};
use crate::diag::CheckReport;
use crate::engine::compare::Matrix;
use crate::engine::diff::DiffReport;
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;
use crate::model::sheet::Sheet;

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
    fn grades(
        &self,
        sheets: &mut dyn Iterator<Item = Sheet>,
        sink: &mut dyn std::io::Write,
    ) -> anyhow::Result<()> {
        write_each(sheets, sink, b"\n", &|sheet| {
            let mut out = String::new();
            out.push_str(&format!("## {}\n\n", cell(&sheet_heading(sheet))));
            out.push_str("| Area | Grade | Score | Coverage | Why |\n");
            out.push_str("|---|---|---:|---:|---|\n");
            for area in &sheet.areas {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    cell(&area.title),
                    grade_label(area.grade),
                    percent_label(area.computed().score_percent),
                    percent_label(area.computed().coverage_percent),
                    cell(&short_reason(area))
                ));
            }
            out.push_str(&format!("\n{}\n", summary_line(&sheet.summary())));
            // Reasons as a list under a heading per area, as in the terminal: a cell
            // of many lines reads badly in every Markdown renderer.
            if self.options.explain {
                for area in &sheet.areas {
                    out.push_str(&format!("\n### {}\n\n", cell(&explain_heading(area))));
                    for line in explain_lines(area) {
                        out.push_str(&format!("- {}\n", cell(&line)));
                    }
                }
            }
            Ok(out.into_bytes())
        })?;
        Ok(())
    }

    fn diff(&self, report: &DiffReport, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut out = Sink::new(sink);
        let each = if report.summary_only {
            &[][..]
        } else {
            &report.diffs[..]
        };
        for (index, diff) in each.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            out.push_str(&format!("## {}\n\n", cell(&diff_heading(diff))));
            out.push_str("| Area | Old | New | Movement |\n|---|---|---|---|\n");
            for row in &diff.rows {
                out.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    cell(&row.title),
                    cell(&old_label(row)),
                    grade_label(row.new_grade),
                    movement_label(row)
                ));
            }
            out.push_str(&format!("\n{}\n", diff_summary_line(diff)));
        }
        if shows_totals(report) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("## {}\n\n", cell(&totals_heading(report))));
            out.push_str(&format!("| {} |\n", TOTALS_HEADER.join(" | ")));
            out.push_str(&format!("|{}\n", "---|".repeat(TOTALS_HEADER.len())));
            for totals in &report.totals {
                let row: Vec<String> = totals_row(totals).iter().map(|c| cell(c)).collect();
                out.push_str(&format!("| {} |\n", row.join(" | ")));
            }
            out.push_str(&format!("\n{}\n", cell(&compared_line(report))));
        }
        let unpaired = if report.summary_only {
            Vec::new()
        } else {
            unpaired_lines(report)
        };
        if !unpaired.is_empty() {
            out.push('\n');
            for line in unpaired {
                out.push_str(&format!("- {}\n", cell(&line)));
            }
        }
        out.finish()
    }

    fn compare(&self, matrix: &Matrix, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut out = Sink::new(sink);
        out.push_str(&format!(
            "## {}\n\n{}\n\n| Force · cycle |",
            cell(&matrix.rubric),
            cell(&matrix_graded_line(matrix))
        ));
        for (_, title) in &matrix.areas {
            out.push_str(&format!(" {} |", cell(title)));
        }
        out.push_str(&format!(" {COUNTS_HEADER} |\n|---|"));
        out.push_str(&"---|".repeat(matrix.areas.len() + 1));
        out.push('\n');
        for row in &matrix.rows {
            out.push_str(&format!("| {} |", cell(&matrix_row_label(row))));
            for grade in &row.grades {
                out.push_str(&format!(" {} |", grade_label(*grade)));
            }
            out.push_str(&format!(" {} |\n", counts_label(row)));
        }
        for (cycle, grade, counts) in totals_rows(matrix) {
            let label = grade.map_or("Ungraded", Grade::label);
            out.push_str(&format!("| **Total {cycle}{label}** |"));
            for count in counts {
                out.push_str(&format!(" {count} |"));
            }
            out.push_str(" |\n");
        }
        out.finish()
    }

    fn check(&self, report: &CheckReport, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut out = Sink::new(sink);
        for problem in &report.problems {
            out.push_str(&format!("- {}\n", cell(&problem.to_string())));
        }
        out.push_str(&format!("\n{}\n", report.summary_line()));
        out.finish()
    }

    fn rubrics(&self, rubrics: &[&Rubric], sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut out = Sink::new(sink);
        out.push_str("| Rubric | Title | Replaces | Areas | From |\n|---|---|---|---:|---|\n");
        for rubric in rubrics {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                rubric.id,
                cell(&rubric.title),
                rubric.replaces.as_deref().unwrap_or(""),
                rubric.areas.len(),
                cell(&rubric.origin)
            ));
        }
        out.finish()
    }

    fn rubric(&self, rubric: &Rubric, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut out = Sink::new(sink);
        out.push_str(&format!(
            "## {} · {}\n\n{}\n",
            rubric.id,
            cell(&rubric.title),
            scoring_line(rubric)
        ));
        for area in &rubric.areas {
            let optional = if area.optional { " (optional)" } else { "" };
            out.push_str(&format!("\n### {}{optional}\n\n| Criterion | Weight | Critical | Text |\n|---|---:|---|---|\n", cell(&area.title)));
            for c in &area.criteria {
                out.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    cell(&c.id),
                    c.weight,
                    if c.critical { "critical" } else { "" },
                    cell(&c.text)
                ));
            }
        }
        out.finish()
    }
}
