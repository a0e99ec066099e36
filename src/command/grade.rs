//! `peel grade`: evidence in, graded tables out, with the reasons.

use anyhow::bail;

use super::Outcome;
use super::options::Options;
use crate::cli::GradeArgs;

use crate::grade::Grade;
use crate::report::{self, ReportOptions};
use crate::rubric::{Registry, Rubric};
use crate::sheet::Sheet;
use crate::text::sanitise;
use crate::{assess, load, output};

/// Grades the evidence given, or the bundled example when none is.
pub fn run(
    options: &Options,
    registry: &Registry,
    args: GradeArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let loaded = if args.evidence.is_empty() {
        let merged = load::example_evidence(registry)?;
        load::LoadedSheets {
            sheets: merged
                .forces
                .iter()
                .map(|f| assess::assess(f, args.explain))
                .collect(),
            warnings: merged.warnings.iter().map(ToString::to_string).collect(),
        }
    } else {
        let inputs = load::expand(&args.evidence, load::EVIDENCE_FILES)?;
        load::sheets(&inputs, registry, args.explain)?
    };
    let sheets = loaded.sheets;
    if sheets.is_empty() {
        bail!("no evidence or grades to grade: the files given hold no sheets");
    }
    let filter = args.filter.filter(args.cycle.as_ref());
    let mut sheets = filter.sheets(sheets).map_err(anyhow::Error::msg)?;
    let rubrics: Vec<&Rubric> = registry.iter().map(|r| &**r).collect();
    if let Some(ids) = filter.area_ids(&rubrics).map_err(anyhow::Error::msg)? {
        for sheet in &mut sheets {
            sheet.areas.retain(|area| ids.contains(&area.id));
        }
    }
    let mut warnings = loaded.warnings;
    warnings.extend(sheets.iter().flat_map(assess::moderation_warnings));
    let shape = ReportOptions {
        explain: args.explain,
        color,
    };
    let reporter = report::reporter(options.format, shape)?;
    output::write_with(options.output.as_deref(), |out| {
        reporter.grades(&mut sheets.iter().cloned(), out)
    })?;
    let failures = args
        .fail_below
        .map(|floor| below(&sheets, floor))
        .unwrap_or_default();
    Ok(Outcome {
        warnings,
        exit_code: if failures.is_empty() { 0 } else { 3 },
        stderr: failures.concat(),
    })
}

/// One line for each area below `floor`, and for each sheet with no area graded: a
/// gate that an untouched template passed would be no gate.
fn below(sheets: &[Sheet], floor: Grade) -> Vec<String> {
    let mut lines = Vec::new();
    for sheet in sheets {
        let (force, cycle) = (sanitise(&sheet.force), sanitise(&sheet.cycle));
        if sheet.areas.iter().all(|area| area.grade.is_none()) {
            lines.push(format!("below {floor}: {force}, {cycle}: no area graded\n"));
        }
        for area in &sheet.areas {
            if let Some(grade) = area.grade.filter(|grade| *grade < floor) {
                let id = sanitise(&area.id);
                lines.push(format!("below {floor}: {force}, {cycle}, {id}: {grade}\n"));
            }
        }
    }
    lines
}
