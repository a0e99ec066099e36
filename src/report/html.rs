//! HTML: one self-contained page per report (`grade`, `diff`, `compare`), for reading
//! in a browser, sharing by mail and printing on A4 landscape. Built with maud, which
//! checks the markup when peel is compiled and escapes every piece of text it is given,
//! so a force called `<script>` is shown, never run. The page has inline CSS, no script
//! and nothing to fetch; every grade is written in words or a code beside its colour.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::{
    COUNTS_HEADER, ReportOptions, Reporter, TOTALS_HEADER, compared_line, counts_label,
    diff_heading, diff_summary_line, explain_heading, explain_lines, grade_label,
    matrix_graded_line, matrix_row_label, movement_label, old_label, percent_label, sanitise,
    sheet_heading, short_reason, shows_totals, summary_line, totals_heading, totals_row,
    unpaired_lines,
};
use crate::diag::CheckReport;
use crate::engine::compare::Matrix;
use crate::engine::diff::{DiffReport, DiffRow, ForceDiff, Movement};
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;
use crate::model::sheet::{Sheet, Summary};

/// The page's style sheet, kept in its own file to be read and edited as CSS.
const STYLE: &str = include_str!("html.css");

/// Renders reports as one HTML page each.
pub struct HtmlReporter {
    /// Whether to add every reason (`--explain`); colour is always on in HTML.
    pub options: ReportOptions,
}

/// The class of a grade's cell: `grade-requires-improvement`; `grade-none` where there
/// is no grade.
pub fn grade_class(grade: Option<Grade>) -> String {
    match grade {
        Some(grade) => format!("grade-{}", grade.as_str().replace('_', "-")),
        None => "grade-none".to_string(),
    }
}

/// The short code of a grade ("RI"), or a dash where there is none.
fn grade_code(grade: Option<Grade>) -> &'static str {
    grade.map_or("—", super::table::grade_code)
}

/// Whether white text reads on the grade's colour (else black).
fn dark(grade: Option<Grade>) -> bool {
    matches!(
        grade,
        Some(Grade::Inadequate | Grade::Good | Grade::Outstanding)
    )
}

/// A whole page: title, heading, the report, and where it came from.
pub(super) fn page(title: &str, lead: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(concat!("peel ", env!("CARGO_PKG_VERSION")));
                title { (title) }
                // A constant of peel's own: no input reaches it.
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (title) }
                    p.lead { (lead) }
                }
                main { (body) }
                footer { "Made with peel " (env!("CARGO_PKG_VERSION")) "." }
            }
        }
    }
    .into_string()
}

/// A grade in words in a coloured cell.
fn grade_cell(grade: Option<Grade>) -> Markup {
    html! {
        td class=(grade_class(grade)) { (grade_label(grade)) }
    }
}

/// The arrow before a movement: decoration only, as the words say the same.
fn movement_arrow(movement: Movement) -> &'static str {
    match movement {
        Movement::Improved => "▲",
        Movement::Declined => "▼",
        Movement::Unchanged => "=",
        Movement::New => "+",
        Movement::Retired => "×",
        Movement::Merged => "⇉",
        Movement::Ungraded => "–",
    }
}

/// A movement: an arrow and "improved +1", coloured by direction.
fn movement_cell(row: &DiffRow) -> Markup {
    html! {
        td class=(format!("movement movement-{}", row.movement.as_str())) {
            span aria-hidden="true" { (movement_arrow(row.movement)) } " " (movement_label(row))
        }
    }
}

/// The legend of grades: each colour with its code and its words.
fn legend() -> Markup {
    html! {
        ul.legend aria-label="Grades" {
            @for grade in Grade::ALL {
                li {
                    span class=(format!("swatch {}", grade_class(Some(grade)))) aria-hidden="true" {
                        (grade_code(Some(grade)))
                    }
                    (grade.label())
                }
            }
            li {
                span class="swatch grade-none" aria-hidden="true" { "—" }
                "not graded"
            }
        }
    }
}

impl HtmlReporter {
    /// One sheet: its table, its summary, then with `--explain` each area's reasons.
    fn sheet(&self, sheet: &Sheet) -> Markup {
        html! {
            section.sheet {
                h2 { (sheet_heading(sheet)) }
                table.grades {
                    thead {
                        tr {
                            th scope="col" { "Area" }
                            th scope="col" { "Grade" }
                            th scope="col" { "Score" }
                            th scope="col" { "Coverage" }
                            th scope="col" { "Why" }
                        }
                    }
                    tbody {
                        @for area in &sheet.areas {
                            tr {
                                th scope="row" { (sanitise(&area.title)) }
                                (grade_cell(area.grade))
                                td.number { (percent_label(area.computed().score_percent)) }
                                td.number { (percent_label(area.computed().coverage_percent)) }
                                td { (short_reason(area)) }
                            }
                        }
                    }
                }
                p.summary { (summary_line(&sheet.summary())) }
                @if self.options.explain {
                    h3 { "Why each area has its grade" }
                    // Open, so the reasons are there to read and to print; a reader
                    // folds what they have read.
                    @for area in &sheet.areas {
                        details.explain open {
                            summary { (explain_heading(area)) }
                            ul {
                                @for line in explain_lines(area) {
                                    li { (line) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One force's movements.
fn force_diff(diff: &ForceDiff) -> Markup {
    html! {
        section.diff {
            h2 { (diff_heading(diff)) }
            table.movements {
                thead {
                    tr {
                        th scope="col" { "Area" }
                        th scope="col" { "Old" }
                        th scope="col" { "New" }
                        th scope="col" { "Movement" }
                    }
                }
                tbody {
                    @for row in &diff.rows {
                        tr {
                            th scope="row" { (sanitise(&row.title)) }
                            td.old { (old_label(row)) }
                            (grade_cell(row.new_grade))
                            (movement_cell(row))
                        }
                    }
                }
            }
            p.summary { (diff_summary_line(diff)) }
        }
    }
}

/// The all-forces table of a diff: per area, how many forces moved each way.
fn diff_totals(report: &DiffReport) -> Markup {
    html! {
        section.totals {
            h2 { (totals_heading(report)) }
            p.compared { (compared_line(report)) }
            table.totals {
                thead {
                    tr {
                        @for heading in TOTALS_HEADER {
                            th scope="col" { (heading) }
                        }
                    }
                }
                tbody {
                    @for totals in &report.totals {
                        @let row = totals_row(totals);
                        @let net = match totals.net_steps {
                            n if n > 0 => "number net net-up",
                            n if n < 0 => "number net net-down",
                            _ => "number net",
                        };
                        tr {
                            @for (index, cell) in row.iter().enumerate() {
                                @if index == 0 {
                                    th scope="row" { (cell) }
                                } @else if index + 1 == row.len() {
                                    td class=(net) { (cell) }
                                } @else {
                                    td.number { (cell) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A heatmap cell: the grade's colour, its code to see, its words to hear and hover.
fn heat_cell(grade: Option<Grade>) -> Markup {
    let words = grade.map_or("not graded", Grade::label);
    html! {
        td class=(format!("cell {}", grade_class(grade))) title=(words) {
            span.code aria-hidden="true" { (grade_code(grade)) }
            span.visually-hidden { (words) }
        }
    }
}

/// The force × area heatmap.
fn heatmap(matrix: &Matrix) -> Markup {
    html! {
        table.heatmap {
            caption.visually-hidden { "Grades by force and area" }
            thead {
                tr {
                    th scope="col" { "Force · cycle" }
                    @for (id, title) in &matrix.areas {
                        th.area scope="col" data-area=(id) { (sanitise(title)) }
                    }
                    th scope="col" title="Areas graded inadequate, requires improvement, adequate, good, outstanding" {
                        (COUNTS_HEADER)
                    }
                }
            }
            tbody {
                @for row in &matrix.rows {
                    tr data-force=(row.force_id) {
                        th scope="row" { (matrix_row_label(row)) }
                        @for grade in &row.grades {
                            (heat_cell(*grade))
                        }
                        td.counts { (counts_label(row)) }
                    }
                }
            }
        }
    }
}

/// The width of a stacked bar, in SVG units (pixels on screen).
const BAR_WIDTH: f64 = 360.0;
/// The height of a stacked bar.
const BAR_HEIGHT: f64 = 22.0;
/// The least width of a segment that has room for its count.
const LABEL_ROOM: f64 = 14.0;

/// One area's totals as a stacked bar, worst grade on the left, ungraded last; the
/// counts are written in the segments and said in the bar's label.
pub(super) fn stacked_bar(counts: &Summary) -> Markup {
    let mut parts: Vec<(Option<Grade>, u64)> = Grade::ALL
        .iter()
        .map(|&g| (Some(g), counts.count(g)))
        .collect();
    parts.push((None, counts.ungraded));
    let total: u64 = parts.iter().map(|(_, n)| n).sum();
    let described: Vec<String> = parts
        .iter()
        .map(|(grade, n)| format!("{n} {}", grade.map_or("not graded", Grade::label)))
        .collect();
    let mut segments = Vec::new();
    let mut done = 0;
    for (grade, n) in parts.into_iter().filter(|(_, n)| *n > 0) {
        // Counts, not running positions, are scaled: rounding never gaps the bar.
        let x = done as f64 * BAR_WIDTH / total as f64;
        done += n;
        let width = done as f64 * BAR_WIDTH / total as f64 - x;
        segments.push((grade, n, x, width));
    }
    html! {
        svg.bar xmlns="http://www.w3.org/2000/svg" role="img" width=(BAR_WIDTH) height=(BAR_HEIGHT)
            viewBox=(format!("0 0 {BAR_WIDTH} {BAR_HEIGHT}")) aria-label=(described.join(", ")) {
            @if segments.is_empty() {
                rect class="grade-none" x="0" y="0" width=(BAR_WIDTH) height=(BAR_HEIGHT) {}
            }
            @for (grade, n, x, width) in &segments {
                rect class=(grade_class(*grade)) x=(format!("{x:.2}")) y="0"
                    width=(format!("{width:.2}")) height=(BAR_HEIGHT) {
                    title { (n) " " (grade.map_or("not graded", Grade::label)) }
                }
                @if *width >= LABEL_ROOM {
                    text class=(if dark(*grade) { "on-dark" } else { "on-light" })
                        x=(format!("{:.2}", x + width / 2.0)) y=(BAR_HEIGHT / 2.0) aria-hidden="true" {
                        (n)
                    }
                }
            }
        }
    }
}

/// The closing totals of a compare, per cycle: a stacked bar per area and the counts.
fn compare_totals(matrix: &Matrix) -> Markup {
    let several = matrix.totals.len() > 1;
    html! {
        @for (cycle, counts) in &matrix.totals {
            // Every column counts each sheet of the cycle once, graded or not.
            @let sheets = counts.first().map_or(0, |c| c.counts.values().sum::<u64>() + c.ungraded);
            section.totals data-cycle=(cycle) {
                h2 {
                    "Totals per area"
                    @if several { ", " (sanitise(cycle)) }
                    " (" (sheets) " sheet" @if sheets != 1 { "s" } ")"
                }
                table.totals {
                    thead {
                        tr {
                            th scope="col" { "Area" }
                            th scope="col" { "Grades, worst on the left" }
                            th scope="col" { (COUNTS_HEADER) }
                            th scope="col" { "Not graded" }
                        }
                    }
                    tbody {
                        @for ((_, title), summary) in matrix.areas.iter().zip(counts) {
                            tr {
                                th scope="row" { (sanitise(title)) }
                                td.bar { (stacked_bar(summary)) }
                                td.number {
                                    (Grade::ALL.iter().map(|&g| summary.count(g).to_string()).collect::<Vec<_>>().join("·"))
                                }
                                td.number { (summary.ungraded) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The refusal for reports HTML is not made for: `check` and `rubric` write text for
/// terminals and scripts, and `--format html` is not offered to them.
fn not_for(command: &str) -> anyhow::Error {
    anyhow::anyhow!("--format html is for grade, diff and compare, not {command}")
}

impl Reporter for HtmlReporter {
    fn grades(
        &self,
        sheets: &mut dyn Iterator<Item = Sheet>,
        out: &mut dyn std::io::Write,
    ) -> anyhow::Result<()> {
        // One page is one document: built whole (HTML is for reading, not for scale).
        let sheets: Vec<Sheet> = sheets.collect();
        let title = match &sheets[..] {
            [one] => format!("Report card: {}", sheet_heading(one)),
            many => format!("Grades of {} sheets", many.len()),
        };
        let body = html! {
            @for sheet in &sheets {
                (self.sheet(sheet))
            }
        };
        out.write_all(page(&title, "Graded by peel, inadequate first.", body).as_bytes())?;
        Ok(())
    }

    fn diff(&self, report: &DiffReport, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let title = match &report.diffs[..] {
            [one] if !report.summary_only => diff_heading(one),
            _ => totals_heading(report),
        };
        let unpaired = if report.summary_only {
            Vec::new()
        } else {
            unpaired_lines(report)
        };
        let body = html! {
            @if !report.summary_only {
                @for diff in &report.diffs {
                    (force_diff(diff))
                }
            }
            @if shows_totals(report) {
                (diff_totals(report))
            }
            @if !unpaired.is_empty() {
                ul.unpaired {
                    @for line in &unpaired {
                        li { (line) }
                    }
                }
            }
        };
        let page = page(
            &format!("Movement: {title}"),
            "How each area's grade moved between two cycles.",
            body,
        );
        sink.write_all(page.as_bytes())?;
        Ok(())
    }

    fn compare(&self, matrix: &Matrix, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let title = format!(
            "{} · {} sheet{}",
            sanitise(&matrix.rubric),
            matrix.rows.len(),
            if matrix.rows.len() == 1 { "" } else { "s" }
        );
        let body = html! {
            (legend())
            p.compared { (matrix_graded_line(matrix)) }
            (heatmap(matrix))
            (compare_totals(matrix))
        };
        let page = page(
            &format!("Grades compared: {title}"),
            "Each force's grades by area; the totals below count each grade per area.",
            body,
        );
        sink.write_all(page.as_bytes())?;
        Ok(())
    }

    fn check(&self, _report: &CheckReport, _sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        Err(not_for("check"))
    }

    fn rubrics(&self, _rubrics: &[&Rubric], _sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        Err(not_for("rubric list"))
    }

    fn rubric(&self, _rubric: &Rubric, _sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        Err(not_for("rubric show"))
    }
}
