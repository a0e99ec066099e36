//! JSON for scripts: the `peel.grades/1` schema of SPEC §8, every key always present.

use serde::Serialize;

use super::Reporter;
use crate::grade::Grade;
use crate::sheet::{AreaGrade, Sheet, Summary};

/// Renders sheets as `peel.grades/1` JSON.
pub struct JsonReporter;

/// The schema id of `grade --format json`.
pub const GRADES_SCHEMA: &str = "peel.grades/1";

#[derive(Serialize)]
struct GradesDoc<'a> {
    schema: &'static str,
    sheets: Vec<SheetJson<'a>>,
}

#[derive(Serialize)]
struct SheetJson<'a> {
    force: &'a str,
    force_id: &'a str,
    cycle: &'a str,
    rubric: &'a str,
    source: &'static str,
    url: Option<&'a str>,
    summary: SummaryJson,
    areas: Vec<AreaJson<'a>>,
}

/// Counts per grade with `ungraded`, as in every summary of the JSON schemas.
#[derive(Serialize)]
pub struct SummaryJson {
    inadequate: u64,
    requires_improvement: u64,
    adequate: u64,
    good: u64,
    outstanding: u64,
    ungraded: u64,
}

impl From<&Summary> for SummaryJson {
    fn from(summary: &Summary) -> Self {
        SummaryJson {
            inadequate: summary.count(Grade::Inadequate),
            requires_improvement: summary.count(Grade::RequiresImprovement),
            adequate: summary.count(Grade::Adequate),
            good: summary.count(Grade::Good),
            outstanding: summary.count(Grade::Outstanding),
            ungraded: summary.ungraded,
        }
    }
}

#[derive(Serialize)]
struct AreaJson<'a> {
    id: &'a str,
    title: &'a str,
    grade: Option<Grade>,
    status: Option<&'static str>,
    computed_grade: Option<Grade>,
    band_grade: Option<Grade>,
    score_percent: Option<f64>,
    coverage_percent: Option<f64>,
    causes_of_concern: Option<u64>,
    areas_for_improvement: Option<u64>,
    ceilings: Vec<CeilingJson<'a>>,
    moderation: Option<ModerationJson<'a>>,
}

#[derive(Serialize)]
struct CeilingJson<'a> {
    rule: &'static str,
    grade: Grade,
    because: &'a str,
}

#[derive(Serialize)]
struct ModerationJson<'a> {
    grade: Grade,
    reason: &'a str,
    file: &'a str,
}

fn area_json(area: &AreaGrade) -> AreaJson<'_> {
    AreaJson {
        id: &area.id,
        title: &area.title,
        grade: area.grade,
        status: area.status.map(|s| s.as_str()),
        computed_grade: area.computed_grade,
        band_grade: area.band_grade,
        score_percent: area.score_percent,
        coverage_percent: area.coverage_percent,
        causes_of_concern: area.causes_of_concern,
        areas_for_improvement: area.areas_for_improvement,
        ceilings: area
            .ceilings
            .iter()
            .map(|c| CeilingJson {
                rule: c.rule.as_str(),
                grade: c.grade,
                because: &c.because,
            })
            .collect(),
        moderation: area.moderation.as_ref().map(|m| ModerationJson {
            grade: m.grade,
            reason: &m.reason,
            file: &m.file,
        }),
    }
}

impl Reporter for JsonReporter {
    fn grades(&self, sheets: &[Sheet]) -> anyhow::Result<String> {
        let doc = GradesDoc {
            schema: GRADES_SCHEMA,
            sheets: sheets
                .iter()
                .map(|sheet| SheetJson {
                    force: &sheet.force,
                    force_id: &sheet.force_id,
                    cycle: &sheet.cycle,
                    rubric: &sheet.rubric,
                    source: sheet.source.as_str(),
                    url: sheet.url.as_deref(),
                    summary: SummaryJson::from(&sheet.summary()),
                    areas: sheet.areas.iter().map(area_json).collect(),
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&doc)?;
        text.push('\n');
        Ok(text)
    }
}
