//! A report as headed tables of text, written as a terminal table, Markdown or an HTML
//! page: the form of the national record's views (`coverage`, `history`, `national`),
//! which differ in what they say, not in how a table is drawn.

use std::io::Write;

use maud::{Markup, html};

use super::html::{grade_class, page, stacked_bar};
use super::layout::{Grid, TextCell, first_fitting, terminal_width, wrap_text};
use super::markdown::cell as markdown_cell;
use super::{Format, Sink, sanitise};
use crate::model::grade::Grade;
use crate::model::sheet::Summary;

/// One cell: its text, the grade that colours it, and in HTML a bar of counts.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// What the cell says.
    pub text: String,
    /// The grade whose colour the cell takes.
    pub grade: Option<Grade>,
    /// Counts drawn as a stacked bar before the text (HTML only).
    pub bar: Option<Summary>,
}

impl Cell {
    /// A cell of text alone.
    pub fn text(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// A cell coloured by `grade`.
    pub fn graded(text: impl Into<String>, grade: Option<Grade>) -> Self {
        Cell {
            text: text.into(),
            grade,
            bar: None,
        }
    }
}

/// A heading, lines of text under it, and a table.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The section's heading.
    pub heading: String,
    /// Sentences under the heading.
    pub lines: Vec<String>,
    /// The table's header; no table when empty.
    pub header: Vec<String>,
    /// Its rows.
    pub rows: Vec<Vec<Cell>>,
}

/// A whole report.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Its title (the HTML page's).
    pub title: String,
    /// One line under the title.
    pub lead: String,
    /// Its sections.
    pub sections: Vec<Section>,
}

/// Writes `view` in `format` (table, Markdown or HTML) to `out`.
pub fn write(view: &View, format: Format, color: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut sink = Sink::new(out);
    match format {
        Format::Markdown => markdown(view, &mut sink),
        Format::Html => sink.push_str(&html_page(view)),
        _ => table(view, color, &mut sink),
    }
    sink.finish()
}

/// The view for a terminal: each heading, its lines wrapped, its table fitted.
fn table(view: &View, color: bool, out: &mut Sink) {
    let width = terminal_width();
    for (index, section) in view.sections.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(&wrap_text(&sanitise(&section.heading), width, "  "));
        out.push('\n');
        for line in &section.lines {
            out.push_str(&wrap_text(&sanitise(line), width, "  "));
            out.push('\n');
        }
        if section.header.is_empty() {
            continue;
        }
        let mut grid = Grid::new(section.header.iter().map(|h| sanitise(h)));
        for row in &section.rows {
            grid.push(
                row.iter()
                    .map(|cell| TextCell {
                        text: sanitise(&cell.text),
                        color: cell.grade.map(super::table::grade_color),
                    })
                    .collect(),
            );
        }
        for column in 1..section.header.len() {
            grid.keep_whole(column);
        }
        let (_, text) = first_fitting(&[grid], width, color);
        out.push_str(&text);
        out.push('\n');
    }
}

/// The view as Markdown: a heading and a table per section.
fn markdown(view: &View, out: &mut Sink) {
    out.push_str(&format!(
        "# {}\n\n{}\n",
        markdown_cell(&view.title),
        markdown_cell(&view.lead)
    ));
    for section in &view.sections {
        out.push_str(&format!("\n## {}\n\n", markdown_cell(&section.heading)));
        for line in &section.lines {
            out.push_str(&format!("{}\n", markdown_cell(line)));
        }
        if section.header.is_empty() {
            continue;
        }
        if !section.lines.is_empty() {
            out.push('\n');
        }
        let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        out.push_str(&row(section
            .header
            .iter()
            .map(|h| markdown_cell(h))
            .collect()));
        out.push_str(&row(section
            .header
            .iter()
            .map(|_| "---".to_string())
            .collect()));
        for cells in &section.rows {
            out.push_str(&row(cells.iter().map(|c| markdown_cell(&c.text)).collect()));
        }
    }
}

/// The view as one HTML page: grades in their colours, counts as bars.
fn html_page(view: &View) -> String {
    let body: Markup = html! {
        @for section in &view.sections {
            section {
                h2 { (section.heading) }
                @for line in &section.lines { p { (line) } }
                @if !section.header.is_empty() {
                    table {
                        thead { tr { @for h in &section.header { th scope="col" { (h) } } } }
                        tbody {
                            @for row in &section.rows {
                                tr {
                                    @for (index, cell) in row.iter().enumerate() {
                                        @if index == 0 {
                                            th scope="row" { (cell.text) }
                                        } @else if let Some(counts) = &cell.bar {
                                            td.bar-cell { (stacked_bar(counts)) " " (cell.text) }
                                        } @else if cell.grade.is_some() {
                                            td class=(grade_class(cell.grade)) { (cell.text) }
                                        } @else {
                                            td { (cell.text) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page(&view.title, &view.lead, body)
}
