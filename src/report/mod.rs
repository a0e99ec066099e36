//! Reports: sheets rendered as a terminal table, JSON, CSV or Markdown, one file per
//! format behind one trait. Reports build text; only `main` writes it.

mod csv;
mod json;
mod markdown;
mod table;

#[cfg(test)]
mod tests;

use crate::grade::Grade;
use crate::sheet::{AreaGrade, Sheet, Status, Summary};

/// The output formats of every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    #[default]
    Table,
    /// JSON for scripts (schema `peel.grades/1`).
    Json,
    /// CSV for spreadsheets; reads back as published grades.
    Csv,
    /// Markdown tables for reports and issues.
    Markdown,
}

/// Choices that shape a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportOptions {
    /// Add the reasons for every grade.
    pub explain: bool,
    /// Colour grades with terminal escape codes.
    pub color: bool,
}

/// Renders results in one output format.
pub trait Reporter {
    /// The graded sheets of `peel grade`, one table per sheet.
    fn grades(&self, sheets: &[Sheet]) -> anyhow::Result<String>;
}

/// The reporter for a format.
pub fn reporter(format: Format, options: ReportOptions) -> Box<dyn Reporter> {
    match format {
        Format::Table => Box::new(table::TableReporter { options }),
        Format::Json => Box::new(json::JsonReporter),
        Format::Csv => Box::new(csv::CsvReporter),
        Format::Markdown => Box::new(markdown::MarkdownReporter { options }),
    }
}

/// Removes control characters and bidirectional overrides from input text before it
/// reaches a terminal, Markdown or CSV; line breaks and tabs become spaces.
pub fn sanitise(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A grade's label, or a dash where there is none.
fn grade_label(grade: Option<Grade>) -> &'static str {
    grade.map_or("—", Grade::label)
}

/// A percentage for people: "47.5%".
fn percent_label(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.1}%"))
}

/// "Metropolitan Police Service · 2023-25 · peel-2023-25".
fn sheet_heading(sheet: &Sheet) -> String {
    sanitise(&format!(
        "{} · {} · {}",
        sheet.force, sheet.cycle, sheet.rubric
    ))
}

/// The closing summary line: counts per grade, worst first.
fn summary_line(summary: &Summary) -> String {
    let mut parts: Vec<String> = Grade::ALL
        .iter()
        .map(|&g| format!("{} {}", summary.count(g), g.label()))
        .collect();
    if summary.ungraded > 0 {
        parts.push(format!("{} ungraded", summary.ungraded));
    }
    format!("Summary: {}", parts.join(" · "))
}

/// One line saying why an area has its grade, for the table's last column.
fn short_reason(area: &AreaGrade) -> String {
    if area.moderation.is_some() {
        return match area.computed_grade {
            Some(computed) => format!("moderated from {}", computed.label()),
            None => "moderated (insufficient evidence)".to_string(),
        };
    }
    match area.status {
        Some(Status::InsufficientEvidence) => format!(
            "insufficient evidence ({} judged)",
            percent_label(area.coverage_percent)
        ),
        None => "not graded".to_string(),
        Some(Status::Graded) => {
            let lowering: Vec<&str> = area
                .ceilings
                .iter()
                .filter(|c| Some(c.grade) < area.band_grade && Some(c.grade) == area.computed_grade)
                .map(|c| c.rule.label())
                .collect();
            if lowering.is_empty() {
                match area.band_grade {
                    Some(_) if area.computed_grade.is_some() => "from the score".to_string(),
                    _ => String::new(),
                }
            } else {
                format!(
                    "capped by {} (score band {})",
                    lowering.join(", "),
                    grade_label(area.band_grade)
                )
            }
        }
    }
}

/// Every reason for an area's grade, one per line, for `--explain`.
fn explain_lines(area: &AreaGrade) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(coverage) = area.coverage_percent {
        lines.push(format!("coverage {coverage:.1}% of criteria by weight"));
    }
    if let (Some(score), Some(band)) = (area.score_percent, area.band_grade) {
        lines.push(format!("score {score:.1}% → band {}", band.label()));
    }
    for ceiling in &area.ceilings {
        lines.push(format!(
            "ceiling {} ({}): {}",
            ceiling.grade.label(),
            ceiling.rule.label(),
            ceiling.because
        ));
    }
    if let Some(computed) = area.computed_grade {
        lines.push(format!("computed grade {}", computed.label()));
    }
    if let Some(moderation) = &area.moderation {
        lines.push(format!(
            "moderated to {}: {} ({})",
            moderation.grade.label(),
            moderation.reason,
            moderation.file
        ));
    }
    if area.status == Some(Status::InsufficientEvidence) {
        for (id, text) in &area.explanation.unjudged {
            lines.push(format!("unjudged {id}: {text}"));
        }
    }
    for (kind, text) in &area.explanation.findings {
        lines.push(format!("{}: {text}", kind.label()));
    }
    for (id, judgement, note) in &area.explanation.notes {
        lines.push(format!("{id} {judgement}: {note}"));
    }
    lines.iter().map(|line| sanitise(line)).collect()
}
