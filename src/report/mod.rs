//! Reports: sheets rendered as a terminal table, JSON, CSV, Markdown or HTML, one file per
//! format behind one trait. Every reporter writes to the `Write` it is given as it goes;
//! [`output`] decides where that lands.

mod csv;
mod html;
mod json;
mod layout;
mod markdown;
pub mod national;
pub mod output;
pub mod schema;
mod table;
pub mod template;
mod view;
mod wholes;

pub(crate) use wholes::signed;
use wholes::{compared_line, matrix_graded_line, unpaired_lines};

#[cfg(test)]
mod tests;

use std::io::Write;

use crate::diag::{CheckReport, Diagnostic, Position};
use crate::engine::assess::coverage_shortfall;
use crate::engine::compare::Matrix;
use crate::engine::diff::{DiffReport, DiffRow, ForceDiff, Movement};
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;
use crate::model::sheet::{AreaGrade, CeilingRule, CriterionReason, Sheet, Status, Summary};
use crate::text::sanitise;

pub use crate::wire::GRADES_SCHEMA;

/// The output formats of every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    #[default]
    Table,
    /// JSON for scripts; `peel schema` prints each command's schema.
    Json,
    /// CSV for spreadsheets; reads back as published grades.
    Csv,
    /// Markdown tables for reports and issues.
    Markdown,
    /// One self-contained HTML page to read, share and print.
    Html,
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
    /// The graded sheets of `peel grade`, one table per sheet, written to `out` a sheet
    /// at a time as `sheets` yields them: a run over many forces never holds the whole
    /// report.
    fn grades(
        &self,
        sheets: &mut dyn Iterator<Item = Sheet>,
        out: &mut dyn Write,
    ) -> anyhow::Result<()>;

    /// The movements of `peel diff`, one table per force paired, written to `out`.
    fn diff(&self, report: &DiffReport, out: &mut dyn Write) -> anyhow::Result<()>;

    /// The force × area matrix of `peel compare`, written to `out`.
    fn compare(&self, matrix: &Matrix, out: &mut dyn Write) -> anyhow::Result<()>;

    /// The problems `peel check` found, written to `out`.
    fn check(&self, report: &CheckReport, out: &mut dyn Write) -> anyhow::Result<()>;

    /// The rubrics `peel rubric list` knows, written to `out`.
    fn rubrics(&self, rubrics: &[&Rubric], out: &mut dyn Write) -> anyhow::Result<()>;

    /// One rubric's areas and criteria, for `peel rubric show`, written to `out`.
    fn rubric(&self, rubric: &Rubric, out: &mut dyn Write) -> anyhow::Result<()>;
}

/// Text written as a report makes it, with a `String`'s `push_str` and `push`: each
/// piece goes to the output at once (buffered below), the first error is kept for
/// [`Sink::finish`].
pub(crate) struct Sink<'w> {
    out: &'w mut dyn Write,
    written: usize,
    error: Option<std::io::Error>,
}

impl<'w> Sink<'w> {
    /// A sink into `out`.
    pub(crate) fn new(out: &'w mut dyn Write) -> Self {
        Sink {
            out,
            written: 0,
            error: None,
        }
    }

    /// Writes `text`, unless an earlier write failed.
    pub(crate) fn push_str(&mut self, text: &str) {
        if self.error.is_none() {
            match self.out.write_all(text.as_bytes()) {
                Ok(()) => self.written += text.len(),
                Err(error) => self.error = Some(error),
            }
        }
    }

    /// Writes one character.
    pub(crate) fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Whether nothing has been written yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.written == 0
    }

    /// The first error met, if any.
    pub(crate) fn finish(self) -> anyhow::Result<()> {
        match self.error {
            Some(error) => Err(error.into()),
            None => Ok(()),
        }
    }
}

/// Sheets rendered at a time, on every core, before they are written in order.
const RENDER_BATCH: usize = 256;

/// Writes each sheet's rendering to `out` in order, with `separator` between two,
/// rendering a batch at a time on every core; returns how many sheets were written.
fn write_each(
    sheets: &mut dyn Iterator<Item = Sheet>,
    out: &mut dyn std::io::Write,
    separator: &[u8],
    render: &(dyn Fn(&Sheet) -> anyhow::Result<Vec<u8>> + Sync),
) -> anyhow::Result<usize> {
    use rayon::prelude::*;
    let mut written = 0;
    loop {
        let batch: Vec<Sheet> = (&mut *sheets).take(RENDER_BATCH).collect();
        if batch.is_empty() {
            return Ok(written);
        }
        // Consumed on the workers: each sheet is dropped where it was rendered.
        let rendered: Vec<anyhow::Result<Vec<u8>>> =
            batch.into_par_iter().map(|sheet| render(&sheet)).collect();
        for bytes in rendered {
            if written > 0 {
                out.write_all(separator)?;
            }
            let bytes = bytes?;
            out.write_all(&bytes)?;
            written += 1;
        }
    }
}

/// What `write` writes, as text, for tests.
#[cfg(test)]
fn written(write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>) -> anyhow::Result<String> {
    let mut text = Vec::new();
    write(&mut text)?;
    Ok(String::from_utf8(text)?)
}

/// The report of `sheets` as text, for tests.
#[cfg(test)]
fn grades_text(reporter: &dyn Reporter, sheets: &[Sheet]) -> anyhow::Result<String> {
    let mut text = Vec::new();
    reporter.grades(&mut sheets.iter().cloned(), &mut text)?;
    Ok(String::from_utf8(text)?)
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
        Format::Table => Box::new(table::TableReporter {
            options,
            width: layout::terminal_width(),
        }),
        Format::Json => Box::new(json::JsonReporter { options }),
        Format::Csv => Box::new(csv::CsvReporter { options }),
        Format::Markdown => Box::new(markdown::MarkdownReporter { options }),
        Format::Html => Box::new(html::HtmlReporter { options }),
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
pub fn short_reason(area: &AreaGrade) -> String {
    if area.moderation.is_some() {
        return match area.computed().computed_grade {
            Some(computed) => format!("moderated from {}", computed.label()),
            None => "moderated (insufficient evidence)".to_string(),
        };
    }
    match area.status {
        Some(Status::InsufficientEvidence) => {
            let concerns = match area.computed().causes_of_concern {
                Some(1) => ", with 1 cause of concern".to_string(),
                Some(n @ 2..) => format!(", with {n} causes of concern"),
                _ => String::new(),
            };
            format!(
                "insufficient evidence ({} judged){concerns}",
                percent_label(area.computed().coverage_percent)
            )
        }
        None => "not graded".to_string(),
        Some(Status::Graded) if area.computed().computed_grade.is_none() => {
            "as published".to_string()
        }
        Some(Status::Graded) => {
            let lowering: Vec<&str> = area
                .computed()
                .ceilings
                .iter()
                .filter(|c| {
                    Some(c.grade) < area.computed().band_grade
                        && Some(c.grade) == area.computed().computed_grade
                })
                .map(|c| c.rule.label())
                .collect();
            if lowering.is_empty() {
                "from the score".to_string()
            } else {
                format!(
                    "capped by {} (score band {})",
                    lowering.join(", "),
                    grade_label(area.computed().band_grade)
                )
            }
        }
    }
}

/// The heading of an area's block of reasons: "Investigating crime: Inadequate".
fn explain_heading(area: &AreaGrade) -> String {
    let grade = match area.grade {
        Some(grade) => grade.label(),
        None => "not graded",
    };
    sanitise(&format!("{}: {grade}", area.title))
}

/// Every reason for an area's grade, one per line, for `--explain`: coverage, score
/// and band, each ceiling and whether it bound, the computed grade, moderation,
/// findings, then every criterion of the area with its judgement.
fn explain_lines(area: &AreaGrade) -> Vec<String> {
    let mut lines = reason_lines(area);
    let insufficient = area.status == Some(Status::InsufficientEvidence);
    // Judgements mostly come from one file per area: name it once, then only lines.
    let file = main_file(&area.explanation().criteria);
    if let Some(file) = file {
        lines.push(sanitise(&format!("judged in {file}")));
    }
    for reason in &area.explanation().criteria {
        // The text of an unjudged criterion says what is left to assess, where its
        // absence is what kept the area from a grade.
        let unjudged = area
            .explanation()
            .unjudged
            .iter()
            .find(|(id, _)| *id == reason.criterion)
            .filter(|_| insufficient)
            .map(|(_, text)| text.as_str());
        lines.push(sanitise(&criterion_line(reason, unjudged, file)));
    }
    lines
}

/// Why an area has its grade, one reason a line, as `--explain` gives them before it
/// lists the criteria: coverage, score and band, each ceiling and whether it bound,
/// the computed grade, moderation and findings.
pub fn reason_lines(area: &AreaGrade) -> Vec<String> {
    let mut lines = Vec::new();
    let insufficient = area.status == Some(Status::InsufficientEvidence);
    if insufficient {
        lines.push(format!(
            "insufficient evidence ({})",
            coverage_shortfall(area)
        ));
    } else if let Some(coverage) = area.computed().coverage_percent {
        lines.push(format!("coverage {coverage:.1}% of criteria by weight"));
    }
    if let (Some(score), Some(band)) = (area.computed().score_percent, area.computed().band_grade) {
        lines.push(format!("score {score:.1}% → band {}", band.label()));
    }
    for ceiling in &area.computed().ceilings {
        // A cause of concern's text is listed with the findings below: not twice.
        let because = match ceiling.rule {
            CeilingRule::CauseOfConcern => String::new(),
            _ => format!(": {}", ceiling.because),
        };
        let binds = if area.binds(ceiling) {
            "binds"
        } else {
            "does not bind"
        };
        lines.push(format!(
            "ceiling {} ({}){because} ({binds})",
            ceiling.grade.label(),
            ceiling.rule.label(),
        ));
    }
    if let Some(computed) = area.computed().computed_grade {
        lines.push(format!("computed grade {}", computed.label()));
    }
    if let Some(moderation) = &area.moderation {
        // Moderating thin evidence is allowed, but the shortfall stays in sight.
        let despite = if insufficient {
            format!(
                " despite insufficient evidence ({})",
                coverage_shortfall(area)
            )
        } else {
            String::new()
        };
        let place = match moderation.line {
            Some(line) => format!("{}:{line}", moderation.file),
            None => moderation.file.clone(),
        };
        lines.push(format!(
            "moderated to {}{despite}: {} ({place})",
            moderation.grade.label(),
            moderation.reason,
        ));
    }
    for (kind, text) in &area.explanation().findings {
        lines.push(format!("{}: {text}", kind.label()));
    }
    lines.iter().map(|line| sanitise(line)).collect()
}

/// The file most of an area's judgements were written in (the first, on a tie).
fn main_file(criteria: &[CriterionReason]) -> Option<&str> {
    let files: Vec<&str> = criteria
        .iter()
        .filter_map(|c| c.place.as_ref().map(|p| &*p.path))
        .collect();
    let count = |file: &str| files.iter().filter(|f| **f == file).count();
    let mut best: Option<&str> = None;
    for &file in &files {
        if best.is_none_or(|b| count(file) > count(b)) {
            best = Some(file);
        }
    }
    best
}

/// "IC1 partly (2 pts): note [source] (file.yaml:7)", or "IC4 not assessed". Where the
/// judgement was written in `known_file`, only its line is given.
fn criterion_line(
    reason: &CriterionReason,
    unjudged_text: Option<&str>,
    known_file: Option<&str>,
) -> String {
    let mut line = format!(
        "{} {}",
        reason.criterion,
        reason.judgement.as_str().replace('_', " ")
    );
    let mut marks = Vec::new();
    if let Some(points) = reason.points {
        marks.push(format!("{points} pt{}", if points == 1 { "" } else { "s" }));
    }
    if reason.critical {
        marks.push("critical".to_string());
    }
    if !marks.is_empty() {
        line.push_str(&format!(" ({})", marks.join(", ")));
    }
    if let Some(text) = reason.note.as_deref().or(unjudged_text) {
        line.push_str(&format!(": {text}"));
    }
    if let Some(source) = &reason.source {
        line.push_str(&format!(" [{source}]"));
    }
    match &reason.place {
        Some(place) if Some(&*place.path) == known_file => {
            line.push_str(&format!(" (line {})", place.line));
        }
        Some(place) => line.push_str(&format!(" ({}:{})", place.path, place.line)),
        None => {}
    }
    line
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
    let net = signed(diff.net_steps());
    format!("Summary: {} · net steps {net}", parts.join(" · "))
}

/// Whether a diff report shows the all-forces table: for several forces, or when only
/// it was asked for.
fn shows_totals(report: &DiffReport) -> bool {
    report.summary_only || report.diffs.len() > 1
}

/// "All 27 forces: 2021/22 → 2023-25", the heading of the all-forces table.
fn totals_heading(report: &DiffReport) -> String {
    let n = report.diffs.len();
    let forces = if n == 1 {
        "1 force".to_string()
    } else {
        format!("{n} forces")
    };
    let cycles = |pick: fn(&ForceDiff) -> &str| {
        let mut seen: Vec<&str> = report.diffs.iter().map(pick).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.join(", ")
    };
    sanitise(&format!(
        "All {forces}: {} → {}",
        cycles(|d| &d.old.cycle),
        cycles(|d| &d.new.cycle)
    ))
}

/// The columns of the all-forces table.
const TOTALS_HEADER: [&str; 9] = [
    "Area",
    "Improved",
    "Declined",
    "Unchanged",
    "New",
    "Retired",
    "Merged",
    "Ungraded",
    "Net steps",
];

/// A row of the all-forces table for people: title, counts, net steps signed.
fn totals_row(totals: &crate::engine::diff::AreaTotals) -> Vec<String> {
    let mut row = vec![sanitise(&totals.title)];
    row.extend(Movement::ALL.iter().map(|m| totals.counts[m].to_string()));
    row.push(signed(totals.net_steps));
    row
}

/// A compare row's counts, "2·5·1·0·0", under the header [`COUNTS_HEADER`].
fn counts_label(row: &crate::engine::compare::MatrixRow) -> String {
    let counts = row.counts();
    Grade::ALL
        .iter()
        .map(|&g| counts.count(g).to_string())
        .collect::<Vec<_>>()
        .join("·")
}

/// The header of the counts column: one code per grade, worst first.
const COUNTS_HEADER: &str = "I·RI·A·G·O";

/// The label of a compare row: "Force · cycle".
fn matrix_row_label(row: &crate::engine::compare::MatrixRow) -> String {
    sanitise(&format!("{} · {}", row.force, row.cycle))
}

/// The totals rows of a compare table: a label and one count per column, per grade.
fn totals_rows(matrix: &Matrix) -> Vec<(String, Option<Grade>, Vec<u64>)> {
    let several = matrix.totals.len() > 1;
    let mut rows = Vec::new();
    for (cycle, counts) in &matrix.totals {
        let cycle = if several {
            format!("{} ", sanitise(cycle))
        } else {
            String::new()
        };
        for &grade in &Grade::ALL {
            rows.push((
                cycle.clone(),
                Some(grade),
                counts.iter().map(|t| t.count(grade)).collect(),
            ));
        }
        rows.push((cycle, None, counts.iter().map(|t| t.ungraded).collect()));
    }
    rows
}
