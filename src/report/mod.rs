//! Reports: sheets rendered as a terminal table, JSON, CSV or Markdown, one file per
//! format behind one trait. Reports build text; only `main` writes it.

mod csv;
mod json;
mod markdown;
mod table;

#[cfg(test)]
mod tests;

use crate::compare::Matrix;
use crate::diag::{CheckReport, Diagnostic, Position};
use crate::diff::{DiffReport, DiffRow, ForceDiff, Movement};
use crate::grade::Grade;
use crate::rubric::Rubric;
use crate::sheet::{AreaGrade, CeilingRule, Sheet, Status, Summary};
use crate::text::sanitise;

pub use json::GRADES_SCHEMA;

/// The output formats of every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    #[default]
    Table,
    /// JSON for scripts (peel.grades/1, peel.diff/1, peel.compare/1, peel.check/1).
    Json,
    /// CSV for spreadsheets; reads back as published grades.
    Csv,
    /// Markdown tables for reports and issues.
    Markdown,
    /// The rubric's YAML source (`peel rubric show` only).
    Yaml,
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

    /// The movements of `peel diff`, one table per force paired.
    fn diff(&self, report: &DiffReport) -> anyhow::Result<String>;

    /// The force × area matrix of `peel compare`.
    fn compare(&self, matrix: &Matrix) -> anyhow::Result<String>;

    /// The problems `peel check` found.
    fn check(&self, report: &CheckReport) -> anyhow::Result<String>;

    /// The rubrics `peel rubric list` knows.
    fn rubrics(&self, rubrics: &[&Rubric]) -> anyhow::Result<String>;

    /// One rubric's areas and criteria, for `peel rubric show`.
    fn rubric(&self, rubric: &Rubric) -> anyhow::Result<String>;
}

/// The fields of one diagnostic for machine formats: path, line, column, field, message.
fn diagnostic_fields(d: &Diagnostic) -> (Option<u64>, Option<u64>, Option<&str>) {
    match &d.position {
        Position::LineColumn { line, column } => (Some(*line), Some(*column), None),
        Position::Field(field) => (None, None, Some(field.as_str())),
        Position::File => (None, None, None),
    }
}

/// Scoring rules in one line, for `rubric show`.
fn scoring_line(rubric: &Rubric) -> String {
    let s = &rubric.scoring;
    let afi: Vec<String> = s
        .limits
        .max_areas_for_improvement
        .iter()
        .map(|(g, n)| format!("{} ≤{n}", g.label()))
        .collect();
    format!(
        "points {}/{}/{}/{} · bands outstanding {}%, good {}%, adequate {}%, requires improvement {}% · coverage {}% · cause of concern → {} · critical not demonstrated → {} · areas for improvement: {}",
        s.points.exceeded,
        s.points.demonstrated,
        s.points.partly,
        s.points.not_demonstrated,
        s.bands.outstanding,
        s.bands.good,
        s.bands.adequate,
        s.bands.requires_improvement,
        s.coverage,
        s.limits.cause_of_concern.label(),
        s.limits.critical_not_demonstrated.label(),
        if afi.is_empty() {
            "no limit".to_string()
        } else {
            afi.join(", ")
        }
    )
}

/// The reporter for a format; YAML is no report format, only a rubric's source.
pub fn reporter(format: Format, options: ReportOptions) -> anyhow::Result<Box<dyn Reporter>> {
    Ok(match format {
        Format::Table => Box::new(table::TableReporter { options }),
        Format::Json => Box::new(json::JsonReporter),
        Format::Csv => Box::new(csv::CsvReporter),
        Format::Markdown => Box::new(markdown::MarkdownReporter { options }),
        Format::Yaml => anyhow::bail!(
            "--format yaml is for `peel rubric show` only; use table, json, csv or markdown"
        ),
    })
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
        Some(Status::Graded) if area.computed_grade.is_none() => "as published".to_string(),
        Some(Status::Graded) => {
            let lowering: Vec<&str> = area
                .ceilings
                .iter()
                .filter(|c| Some(c.grade) < area.band_grade && Some(c.grade) == area.computed_grade)
                .map(|c| c.rule.label())
                .collect();
            if lowering.is_empty() {
                "from the score".to_string()
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
        // A cause of concern's text is listed with the findings below: not twice.
        let because = match ceiling.rule {
            CeilingRule::CauseOfConcern => String::new(),
            _ => format!(": {}", ceiling.because),
        };
        lines.push(format!(
            "ceiling {} ({}){because}",
            ceiling.grade.label(),
            ceiling.rule.label(),
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
    for note in &area.explanation.notes {
        let text = note.note.as_deref().unwrap_or("");
        let source = note
            .source
            .as_deref()
            .map(|source| format!(" [{source}]"))
            .unwrap_or_default();
        let separator = if text.is_empty() { "" } else { ": " };
        lines.push(format!(
            "{} {}{separator}{text}{source}",
            note.criterion, note.judgement
        ));
    }
    lines.iter().map(|line| sanitise(line)).collect()
}

/// "Metropolitan Police Service: 2021/22 (peel-2021-22) → 2023-25 (peel-2023-25)".
fn diff_heading(diff: &ForceDiff) -> String {
    sanitise(&format!(
        "{}: {} ({}) → {} ({})",
        diff.force, diff.old.cycle, diff.old.rubric, diff.new.cycle, diff.new.rubric
    ))
}

/// A movement for people: "improved +1", "declined −2" (a true minus sign).
fn movement_label(row: &DiffRow) -> String {
    match (row.movement, row.steps) {
        (Movement::Improved, Some(steps)) => format!("improved +{steps}"),
        (Movement::Declined, Some(steps)) => format!("declined \u{2212}{}", steps.unsigned_abs()),
        (movement, _) => movement.as_str().to_string(),
    }
}

/// The old grade(s) of a row, naming the old areas where they differ from the new one.
fn old_label(row: &DiffRow) -> String {
    let renamed = row.old_areas.len() != 1 || row.old_areas[0] != row.area;
    row.old_grades
        .iter()
        .zip(&row.old_titles)
        .map(|(grade, title)| {
            if renamed && row.movement != Movement::Retired {
                format!("{} ({})", grade_label(*grade), sanitise(title))
            } else {
                grade_label(*grade).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closing line of a diff: how many rows moved each way.
fn diff_summary_line(diff: &ForceDiff) -> String {
    let parts: Vec<String> = diff
        .summary()
        .iter()
        .map(|(movement, count)| format!("{count} {movement}"))
        .collect();
    format!("Summary: {}", parts.join(" · "))
}

/// The lines naming forces found on one side of a diff only.
fn unpaired_lines(report: &DiffReport) -> Vec<String> {
    let side = |label: &str, forces: &[(String, String)]| {
        forces
            .iter()
            .map(|(force, _)| sanitise(&format!("Only in {label}: {force}")))
            .collect::<Vec<_>>()
    };
    let mut lines = side("OLD", &report.only_old);
    lines.extend(side("NEW", &report.only_new));
    lines
}

/// The label of a compare row: "Force · cycle".
fn matrix_row_label(row: &crate::compare::MatrixRow) -> String {
    sanitise(&format!("{} · {}", row.force, row.cycle))
}

/// The totals rows of a compare table: a label and one count per column, per grade.
fn totals_rows(matrix: &Matrix) -> Vec<(String, Vec<u64>)> {
    let mut rows: Vec<(String, Vec<u64>)> = Grade::ALL
        .iter()
        .map(|&g| {
            (
                g.label().to_string(),
                matrix.totals.iter().map(|t| t.count(g)).collect(),
            )
        })
        .collect();
    rows.push((
        "Ungraded".to_string(),
        matrix.totals.iter().map(|t| t.ungraded).collect(),
    ));
    rows
}
