//! The terminal table: one per sheet, ordered from inadequate to outstanding, fitted
//! to the terminal's width without cutting a word (see `layout`).

use comfy_table::Color;

use super::layout::{Grid, TextCell, first_fitting, keep_parts_whole, wrap_text};
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
use crate::engine::diff::{DiffReport, DiffRow, Movement};
use crate::model::grade::Grade;
use crate::model::rubric::{Area, Rubric, area_codes};
use crate::model::sheet::Sheet;

/// Said under a compare table too narrow for its counts column, so that the column
/// that explains `--sort worst` does not vanish without a word.
pub(super) const COUNTS_LEFT_OUT: &str =
    "The I·RI·A·G·O counts of each row do not fit this width; --format json has them.";

/// Renders sheets as terminal tables.
pub struct TableReporter {
    /// Explain and colour choices.
    pub options: ReportOptions,
    /// The width to fit, in terminal columns; `None` for unbounded.
    pub width: Option<usize>,
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

/// A grade's text with its colour, for a fitted table.
fn grade_text(label: &str, grade: Option<Grade>) -> TextCell {
    TextCell {
        text: label.to_string(),
        color: grade.map(grade_color),
    }
}

/// A movement: improvements green, declines red.
fn movement_text(row: &DiffRow) -> TextCell {
    TextCell {
        text: movement_label(row),
        color: match row.movement {
            Movement::Improved => Some(Color::Green),
            Movement::Declined => Some(Color::Red),
            _ => None,
        },
    }
}

/// The short code of a grade, for a compare table too narrow for the words.
pub(super) fn grade_code(grade: Grade) -> &'static str {
    match grade {
        Grade::Inadequate => "I",
        Grade::RequiresImprovement => "RI",
        Grade::Adequate => "A",
        Grade::Good => "G",
        Grade::Outstanding => "O",
    }
}

impl TableReporter {
    /// What the narrower forms of the compare table leave to a legend: the counts
    /// column (form 2), and the grade codes and area initials (forms 1 and 2).
    fn compare_legend(&self, out: &mut Sink, form: usize, codes: &[String], titles: &[String]) {
        if form == 2 {
            out.push_str(&self.wrapped(COUNTS_LEFT_OUT, "  "));
            out.push('\n');
        }
        if form >= 1 {
            let grades: Vec<String> = Grade::ALL
                .iter()
                .map(|&g| format!("{} = {}", grade_code(g), g.label()))
                .collect();
            out.push_str(&self.wrapped(&keep_parts_whole(&grades.join(" · ")), "  "));
            out.push('\n');
            for (code, title) in codes.iter().zip(titles) {
                out.push_str(&self.wrapped(&format!("{code} = {title}"), "    "));
                out.push('\n');
            }
        }
    }

    /// One sheet's heading, table, summary and (with --explain) reasons.
    fn sheet_text(&self, sheet: &Sheet) -> String {
        let mut out = String::new();
        // From the full table down to area and grade alone: the grade is what a
        // narrow terminal must still show; --explain gives the numbers below.
        let mut full = Grid::new(["Area", "Grade", "Score", "Coverage", "Why"]);
        let mut short = Grid::new(["Area", "Grade", "Score", "Cov.", "Why"]);
        let mut reasons = Grid::new(["Area", "Grade", "Why"]);
        let mut bare = Grid::new(["Area", "Grade"]);
        for area in &sheet.areas {
            let title = TextCell::plain(sanitise(&area.title));
            let grade = grade_text(grade_label(area.grade), area.grade);
            let score = TextCell::plain(percent_label(area.computed().score_percent));
            let coverage = TextCell::plain(percent_label(area.computed().coverage_percent));
            let why = TextCell::plain(short_reason(area));
            let row = vec![title, grade, score, coverage, why];
            full.push(row.clone());
            short.push(row.clone());
            reasons.push(vec![row[0].clone(), row[1].clone(), row[4].clone()]);
            bare.push(vec![row[0].clone(), row[1].clone()]);
        }
        for grid in [&mut full, &mut short] {
            grid.keep_whole(1).keep_whole(2).keep_whole(3);
        }
        reasons.keep_whole(1);
        bare.keep_whole(1);
        let (_, table) = first_fitting(
            &[full, short, reasons, bare],
            self.width,
            self.options.color,
        );
        out.push_str(&self.wrapped(&sheet_heading(sheet), "  "));
        out.push('\n');
        out.push_str(&table);
        out.push('\n');
        out.push_str(&self.wrapped(&keep_parts_whole(&summary_line(&sheet.summary())), "  "));
        out.push('\n');
        if self.options.explain {
            out.push_str(&self.explain_blocks(sheet));
        }
        out
    }

    /// `text` wrapped to the width, later lines indented by `indent`.
    fn wrapped(&self, text: &str, indent: &str) -> String {
        wrap_text(text, self.width, indent)
    }

    /// The block of reasons under a sheet's table for `--explain`: per area, in table
    /// order, a heading line, then one indented line per reason, wrapped at spaces.
    fn explain_blocks(&self, sheet: &Sheet) -> String {
        let mut out = String::new();
        for area in &sheet.areas {
            out.push('\n');
            out.push_str(&self.wrapped(&explain_heading(area), "  "));
            out.push('\n');
            for line in explain_lines(area) {
                // "(line 7)" reads as one thing: never wrap between its words.
                let line = line.replace("(line ", "(line\u{a0}");
                out.push_str(&self.wrapped(&format!("  {line}"), "      "));
                out.push('\n');
            }
        }
        out
    }

    /// The per-area form of `rubric show`, for a terminal too narrow for one table: a
    /// heading per area, then its criteria.
    fn rubric_blocks(&self, rubric: &Rubric) -> String {
        let mut out = String::new();
        for area in &rubric.areas {
            let optional = if area.optional { " (optional)" } else { "" };
            out.push('\n');
            out.push_str(&self.wrapped(
                &format!("{}{optional} · {}", sanitise(&area.title), area.id),
                "  ",
            ));
            out.push('\n');
            let (_, table) = first_fitting(&criteria_forms(area), self.width, false);
            out.push_str(&table);
            out.push('\n');
        }
        out
    }
}

/// The criteria of one area: the full table, then one with the critical mark moved
/// into the text and short headers.
fn criteria_forms(area: &Area) -> [Grid; 2] {
    let mut full = Grid::new([
        "Criterion",
        "Weight",
        "Critical",
        "Characteristic of good performance",
    ]);
    let mut short = Grid::new(["Id", "Wt", "Characteristic of good performance"]);
    for criterion in &area.criteria {
        let text = sanitise(&criterion.text);
        full.push(vec![
            TextCell::plain(criterion.id.clone()),
            TextCell::plain(criterion.weight.to_string()),
            TextCell::plain(if criterion.critical { "critical" } else { "" }),
            TextCell::plain(text.clone()),
        ]);
        short.push(vec![
            TextCell::plain(criterion.id.clone()),
            TextCell::plain(criterion.weight.to_string()),
            TextCell::plain(if criterion.critical {
                format!("(critical) {text}")
            } else {
                text
            }),
        ]);
    }
    full.keep_whole(0).keep_whole(1).keep_whole(2);
    short.keep_whole(0).keep_whole(1);
    [full, short]
}

impl Reporter for TableReporter {
    fn grades(
        &self,
        sheets: &mut dyn Iterator<Item = Sheet>,
        sink: &mut dyn std::io::Write,
    ) -> anyhow::Result<()> {
        write_each(sheets, sink, b"\n", &|sheet| {
            Ok(self.sheet_text(sheet).into_bytes())
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
            let mut grid = Grid::new(["Area", "Old", "New", "Movement"]);
            for row in &diff.rows {
                grid.push(vec![
                    TextCell::plain(sanitise(&row.title)),
                    TextCell::plain(old_label(row)),
                    grade_text(grade_label(row.new_grade), row.new_grade),
                    movement_text(row),
                ]);
            }
            grid.keep_whole(2).keep_whole(3);
            let (_, table) = first_fitting(&[grid], self.width, self.options.color);
            out.push_str(&format!(
                "{}\n{table}\n{}\n",
                self.wrapped(&diff_heading(diff), "  "),
                self.wrapped(&keep_parts_whole(&diff_summary_line(diff)), "  ")
            ));
        }
        if shows_totals(report) {
            if !out.is_empty() {
                out.push('\n');
            }
            // Where the words do not fit, short headers and a legend under the table.
            let short = [
                "Area", "Impr", "Decl", "Same", "New", "Ret", "Merg", "Ungr", "Net",
            ];
            let grids = [TOTALS_HEADER, short].map(|header| {
                let mut grid = Grid::new(header);
                for totals in &report.totals {
                    grid.push(
                        totals_row(totals)
                            .into_iter()
                            .map(TextCell::plain)
                            .collect(),
                    );
                }
                for column in 1..header.len() {
                    grid.keep_whole(column);
                }
                grid
            });
            let (form, table) = first_fitting(&grids, self.width, self.options.color);
            out.push_str(&format!(
                "{}\n{table}\n",
                self.wrapped(&totals_heading(report), "  ")
            ));
            out.push_str(&self.wrapped(&compared_line(report), "  "));
            out.push('\n');
            if form == 1 {
                let legend = "Impr improved · Decl declined · Same unchanged · Ret retired · Merg merged · Ungr ungraded on one side · Net net steps";
                out.push_str(&self.wrapped(legend, "  "));
                out.push('\n');
            }
        }
        if !report.summary_only {
            for line in unpaired_lines(report) {
                out.push_str(&self.wrapped(&line, "  "));
                out.push('\n');
            }
        }
        out.finish()
    }

    fn compare(&self, matrix: &Matrix, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let titles: Vec<String> = matrix.areas.iter().map(|(_, t)| sanitise(t)).collect();
        let codes = area_codes(&titles.iter().map(String::as_str).collect::<Vec<_>>());
        // Eight areas of grade words need some 130 columns: where they do not fit, the
        // grades become codes and the areas initials, with a legend under the table.
        let header = |areas: &[String]| {
            std::iter::once("Force · cycle".to_string())
                .chain(areas.iter().cloned())
                .chain(std::iter::once(COUNTS_HEADER.to_string()))
                .collect::<Vec<_>>()
        };
        let mut words = Grid::new(header(&titles));
        let mut coded = Grid::new(header(&codes));
        for row in &matrix.rows {
            let label = TextCell::plain(matrix_row_label(row));
            let mut full = vec![label.clone()];
            let mut short = vec![label];
            for &grade in &row.grades {
                full.push(grade_text(grade_label(grade), grade));
                short.push(grade_text(grade.map_or("—", grade_code), grade));
            }
            let counts = TextCell::plain(counts_label(row));
            full.push(counts.clone());
            short.push(counts);
            words.push(full);
            coded.push(short);
        }
        for (cycle, grade, counts) in totals_rows(matrix) {
            let label = grade.map_or("Ungraded", Grade::label);
            let code = grade.map_or("—", grade_code);
            let counts: Vec<TextCell> = counts
                .iter()
                .map(|n| TextCell::plain(n.to_string()))
                .chain(std::iter::once(TextCell::plain(String::new())))
                .collect();
            let mut full = vec![TextCell::plain(format!("Total {cycle}{label}"))];
            full.extend(counts.iter().cloned());
            let mut short = vec![TextCell::plain(format!("Total {cycle}{code}"))];
            short.extend(counts);
            words.push(full);
            coded.push(short);
        }
        for column in 1..=titles.len() + 1 {
            words.keep_whole(column);
            coded.keep_whole(column);
        }
        // Narrower still: the codes without the counts column.
        let mut bare = Grid::new(coded.header[..coded.header.len() - 1].to_vec());
        for row in &coded.rows {
            bare.push(row[..row.len() - 1].to_vec());
        }
        bare.whole = coded.whole[..coded.whole.len() - 1].to_vec();
        let (form, table) = first_fitting(&[words, coded, bare], self.width, self.options.color);
        let mut out = Sink::new(sink);
        out.push_str(&format!(
            "{}\n{table}\n",
            self.wrapped(
                &format!(
                    "{} · {} sheet{} · {}",
                    matrix.rubric,
                    matrix.rows.len(),
                    if matrix.rows.len() == 1 { "" } else { "s" },
                    matrix_graded_line(matrix)
                ),
                "  "
            )
        ));
        self.compare_legend(&mut out, form, &codes, &titles);
        out.finish()
    }

    fn check(&self, report: &CheckReport, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut out = Sink::new(sink);
        for problem in &report.problems {
            out.push_str(&format!("error: {problem}\n"));
            if let Some(snippet) = problem.snippet() {
                out.push_str(&format!("{snippet}\n"));
            }
        }
        out.push_str(&report.summary_line());
        out.push('\n');
        out.finish()
    }

    fn rubrics(&self, rubrics: &[&Rubric], sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut grid = Grid::new(["Rubric", "Title", "Replaces", "Areas", "Criteria", "From"]);
        for rubric in rubrics {
            grid.push(
                [
                    rubric.id.clone(),
                    sanitise(&rubric.title),
                    rubric.replaces.clone().unwrap_or_default(),
                    rubric.areas.len().to_string(),
                    rubric.criterion_count().to_string(),
                    sanitise(&rubric.origin),
                ]
                .into_iter()
                .map(TextCell::plain)
                .collect(),
            );
        }
        let (_, table) = first_fitting(&[grid], self.width, false);
        Ok(writeln!(sink, "{table}")?)
    }

    fn rubric(&self, rubric: &Rubric, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut grid = Grid::new([
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
                grid.push(
                    [
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
                    ]
                    .into_iter()
                    .map(TextCell::plain)
                    .collect(),
                );
            }
        }
        grid.keep_whole(1).keep_whole(2).keep_whole(3);
        let replaces = rubric
            .replaces
            .as_deref()
            .map(|r| format!(" · replaces {r}"))
            .unwrap_or_default();
        let heading = format!(
            "{}\n{}\n",
            self.wrapped(
                &format!("{} · {}{replaces}", rubric.id, sanitise(&rubric.title)),
                "  "
            ),
            self.wrapped(&scoring_line(rubric), "  ")
        );
        // Area ids are long words: where one table cannot hold them, each area gets
        // its own heading and a table of its criteria.
        match grid.fit(self.width) {
            Some(widths) => writeln!(sink, "{heading}{}", grid.render(&widths, false))?,
            None => write!(sink, "{heading}{}", self.rubric_blocks(rubric))?,
        }
        Ok(())
    }
}
