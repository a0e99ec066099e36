//! CSV for spreadsheets: a row per area, starting `force,cycle,rubric,area,grade` so
//! that it reads back as published grades.

use super::diagnostic_fields;
use super::{ReportOptions, Reporter, criterion_line, sanitise, write_each};
use crate::diag::CheckReport;
use crate::engine::compare::Matrix;
use crate::engine::diff::{DiffReport, Movement};
use crate::model::rubric::Rubric;
use crate::model::sheet::Sheet;

/// Renders sheets as CSV.
pub struct CsvReporter {
    /// With `explain`, the `judgements` column lists every criterion's judgement.
    pub options: ReportOptions,
}

/// Text from input made safe for a spreadsheet: no control characters, and a leading
/// `'` where the cell would otherwise run as a formula.
pub fn text_cell(text: &str) -> String {
    let clean = sanitise(text);
    let risky = text
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky { format!("'{clean}") } else { clean }
}

fn number(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn percent(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1}")).unwrap_or_default()
}

/// Flushes a CSV report written straight to its output.
fn done<W: std::io::Write>(mut writer: csv::Writer<W>) -> anyhow::Result<()> {
    writer.flush()?;
    Ok(())
}

/// The header of `grade --format csv`: a row per area of each sheet.
const GRADES_HEADER: [&str; 19] = [
    "force",
    "cycle",
    "rubric",
    "area",
    "grade",
    "force_id",
    "title",
    "status",
    "computed_grade",
    "band_grade",
    "score_percent",
    "coverage_percent",
    "causes_of_concern",
    "areas_for_improvement",
    "ceilings",
    "moderation_grade",
    "moderation_reason",
    // Last, and in every run, so columns keep their places whether or not --explain
    // filled it: one cell per area, as the ceilings are, keeps one row per area, so
    // the file still reads back as a published sheet.
    "judgements",
    // Where the sheet came from, evidence or published (not `source`, which datasets
    // of published grades use for the report a row was taken from): a force graded
    // from evidence beside its published grades reads back as two sheets, as JSON does.
    "sheet_source",
];

impl CsvReporter {
    /// One area's row of `grade --format csv`, in the order of [`GRADES_HEADER`].
    fn area_record(&self, sheet: &Sheet, area: &crate::model::sheet::AreaGrade) -> [String; 19] {
        let ceilings = area
            .computed()
            .ceilings
            .iter()
            .map(|c| {
                let binds = if area.binds(c) {
                    "binds"
                } else {
                    "does not bind"
                };
                format!("{} {} ({binds}): {}", c.rule.as_str(), c.grade, c.because)
            })
            .collect::<Vec<_>>()
            .join("; ");
        [
            text_cell(&sheet.force),
            text_cell(&sheet.cycle),
            sheet.rubric.clone(),
            area.id.to_string(),
            number(area.grade),
            text_cell(&sheet.force_id),
            text_cell(&area.title),
            number(area.status.map(|s| s.as_str())),
            number(area.computed().computed_grade),
            number(area.computed().band_grade),
            percent(area.computed().score_percent),
            percent(area.computed().coverage_percent),
            number(area.computed().causes_of_concern),
            number(area.computed().areas_for_improvement),
            text_cell(&ceilings),
            number(area.moderation.as_ref().map(|m| m.grade)),
            area.moderation
                .as_ref()
                .map(|m| text_cell(&m.reason))
                .unwrap_or_default(),
            if self.options.explain {
                let lines: Vec<String> = area
                    .explanation()
                    .criteria
                    .iter()
                    .map(|c| criterion_line(c, None, None))
                    .collect();
                text_cell(&lines.join("; "))
            } else {
                String::new()
            },
            sheet.source.as_str().to_string(),
        ]
    }
}

impl Reporter for CsvReporter {
    fn grades(
        &self,
        sheets: &mut dyn Iterator<Item = Sheet>,
        out: &mut dyn std::io::Write,
    ) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(GRADES_HEADER)?;
        writer.flush()?;
        let out = writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}", e.error()))?;
        // Each sheet's rows are written by a writer of their own, on every core; the
        // header is the only shared row.
        write_each(sheets, out, b"", &|sheet| {
            let mut writer = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            for area in &sheet.areas {
                writer.write_record(self.area_record(sheet, area))?;
            }

            Ok(writer.into_inner()?)
        })?;
        Ok(())
    }

    fn diff(&self, report: &DiffReport, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_writer(sink);
        if report.summary_only {
            let mut header = vec!["area", "title"];
            header.extend(Movement::ALL.iter().map(|m| m.as_str()));
            header.push("net_steps");
            writer.write_record(&header)?;
            for totals in &report.totals {
                let mut record = vec![totals.area.clone(), text_cell(&totals.title)];
                record.extend(Movement::ALL.iter().map(|m| totals.counts[m].to_string()));
                record.push(totals.net_steps.to_string());
                writer.write_record(&record)?;
            }
            return done(writer);
        }
        writer.write_record([
            "force",
            "force_id",
            "old_cycle",
            "old_rubric",
            "new_cycle",
            "new_rubric",
            "area",
            "title",
            "old_areas",
            "old_grades",
            "new_grade",
            "movement",
            "steps",
            "force_net_steps",
        ])?;
        for diff in &report.diffs {
            for row in &diff.rows {
                let old_grades: Vec<&str> = row
                    .old_grades
                    .iter()
                    .map(|g| g.map_or("", |g| g.as_str()))
                    .collect();
                writer.write_record([
                    text_cell(&diff.force),
                    text_cell(&diff.force_id),
                    text_cell(&diff.old.cycle),
                    diff.old.rubric.clone(),
                    text_cell(&diff.new.cycle),
                    diff.new.rubric.clone(),
                    row.area.clone(),
                    text_cell(&row.title),
                    row.old_areas.join(";"),
                    old_grades.join(";"),
                    number(row.new_grade),
                    row.movement.as_str().to_string(),
                    number(row.steps),
                    diff.net_steps().to_string(),
                ])?;
            }
        }
        done(writer)
    }

    /// Wide form, a row per sheet and no totals rows, so that it reads back as sheets.
    fn compare(&self, matrix: &Matrix, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_writer(sink);
        let mut header = vec!["force", "force_id", "cycle", "rubric"];
        header.extend(matrix.areas.iter().map(|(id, _)| id.as_str()));
        // Older areas no column shows (serious and organised crime) keep their grades
        // in columns of their own, after the rest, unless their id is a column's.
        let older: Vec<usize> = (0..matrix.not_shown.len())
            .filter(|&i| {
                let id = &matrix.not_shown[i].area;
                !header.contains(&id.as_str())
                    && matrix.not_shown[..i].iter().all(|n| n.area != *id)
            })
            .collect();
        header.extend(older.iter().map(|&i| matrix.not_shown[i].area.as_str()));
        writer.write_record(&header)?;
        for row in &matrix.rows {
            let mut record = vec![
                text_cell(&row.force),
                text_cell(&row.force_id),
                text_cell(&row.cycle),
                row.rubric.clone(),
            ];
            record.extend(row.grades.iter().map(|g| number(*g)));
            record.extend(older.iter().map(|&i| number(row.older[i])));
            writer.write_record(&record)?;
        }
        done(writer)
    }

    fn check(&self, report: &CheckReport, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_writer(sink);
        writer.write_record(["path", "line", "column", "field", "message"])?;
        for problem in &report.problems {
            let (line, column, field) = diagnostic_fields(problem);
            writer.write_record([
                text_cell(&problem.path),
                number(line),
                number(column),
                field.map(text_cell).unwrap_or_default(),
                text_cell(&problem.message),
            ])?;
        }
        done(writer)
    }

    fn rubrics(&self, rubrics: &[&Rubric], sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_writer(sink);
        writer.write_record(["rubric", "title", "replaces", "areas", "criteria", "origin"])?;
        for rubric in rubrics {
            writer.write_record([
                rubric.id.clone(),
                text_cell(&rubric.title),
                rubric.replaces.clone().unwrap_or_default(),
                rubric.areas.len().to_string(),
                rubric.criterion_count().to_string(),
                text_cell(&rubric.origin),
            ])?;
        }
        done(writer)
    }

    fn rubric(&self, rubric: &Rubric, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_writer(sink);
        writer.write_record([
            "rubric",
            "area",
            "area_title",
            "optional",
            "criterion",
            "weight",
            "critical",
            "text",
        ])?;
        for area in &rubric.areas {
            for c in &area.criteria {
                writer.write_record([
                    rubric.id.clone(),
                    area.id.clone(),
                    text_cell(&area.title),
                    area.optional.to_string(),
                    text_cell(&c.id),
                    c.weight.to_string(),
                    c.critical.to_string(),
                    text_cell(&c.text),
                ])?;
            }
        }
        done(writer)
    }
}
