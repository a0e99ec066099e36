//! CSV for spreadsheets: a row per area, starting `force,cycle,rubric,area,grade` so
//! that it reads back as published grades.

use super::{Reporter, sanitise};
use crate::sheet::Sheet;

/// Renders sheets as CSV.
pub struct CsvReporter;

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

/// Finishes a CSV writer into text.
pub fn finish(writer: csv::Writer<Vec<u8>>) -> anyhow::Result<String> {
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(String::from_utf8(bytes)?)
}

impl Reporter for CsvReporter {
    fn grades(&self, sheets: &[Sheet]) -> anyhow::Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record([
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
        ])?;
        for sheet in sheets {
            for area in &sheet.areas {
                let ceilings = area
                    .ceilings
                    .iter()
                    .map(|c| format!("{} {}: {}", c.rule.as_str(), c.grade, c.because))
                    .collect::<Vec<_>>()
                    .join("; ");
                writer.write_record([
                    text_cell(&sheet.force),
                    text_cell(&sheet.cycle),
                    sheet.rubric.clone(),
                    area.id.clone(),
                    number(area.grade),
                    sheet.force_id.clone(),
                    text_cell(&area.title),
                    number(area.status.map(|s| s.as_str())),
                    number(area.computed_grade),
                    number(area.band_grade),
                    percent(area.score_percent),
                    percent(area.coverage_percent),
                    number(area.causes_of_concern),
                    number(area.areas_for_improvement),
                    text_cell(&ceilings),
                    number(area.moderation.as_ref().map(|m| m.grade)),
                    area.moderation
                        .as_ref()
                        .map(|m| text_cell(&m.reason))
                        .unwrap_or_default(),
                ])?;
            }
        }
        finish(writer)
    }
}
