//! `peel grade`: evidence in, graded tables out, with the reasons.

use anyhow::bail;

use super::Outcome;
use super::options::Options;
use crate::cli::GradeArgs;

use crate::engine::assess;
use crate::model::grade::Grade;
use crate::model::rubric::Registry;
use crate::model::sheet::Sheet;
use crate::read;
use crate::report::output;
use crate::report::{self, ReportOptions};
use crate::text::sanitise;

/// Grades the evidence given, or the bundled example when none is. Sheets are graded
/// and written a batch at a time, in report order: a run over many forces never holds
/// every sheet, nor the whole report.
pub fn run(
    options: &Options,
    registry: &Registry,
    args: GradeArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let mut inputs = if args.evidence.is_empty() {
        read::Inputs::default()
    } else {
        read::expand(&args.evidence, read::EVIDENCE_FILES)?
    };
    let skipped = inputs.take_skipped();
    let mut loaded = if args.evidence.is_empty() {
        crate::model::corpus::Corpus::from_evidence(read::example_evidence(registry)?)
    } else {
        read::load(inputs, registry, args.explain)?
    };
    if loaded.is_empty() {
        bail!("no evidence or grades to grade: the files given hold no sheets");
    }
    let filter = args
        .filter
        .filter(args.cycle.as_ref())
        .resolve(loaded.keys())
        .map_err(super::usage)?;
    loaded.retain(|force, id, cycle| filter.keeps((force, id, cycle)));
    let areas = filter
        .areas_in(registry, loaded.rubric_ids())
        .map_err(super::usage)?;
    let mut warnings: Vec<String> = skipped.iter().map(ToString::to_string).collect();
    warnings.extend(loaded.warning_lines());
    let mut failures = Vec::new();
    let shape = ReportOptions {
        explain: args.explain,
        color,
    };
    let reporter = report::reporter(options.format, shape)?;
    let mut sheets = assess::sheets(loaded, args.explain)
        .map(|mut sheet| {
            if let Some(ids) = &areas {
                sheet.areas.retain(|area| ids.contains(&*area.id));
            }
            sheet
        })
        .inspect(|sheet| {
            warnings.extend(assess::moderation_warnings(sheet));
            if let Some(floor) = args.fail_below {
                failures.extend(below(sheet, floor, registry));
            }
        });
    let written = output::write_with(options.output.as_deref(), |out| {
        reporter.grades(&mut sheets, out)
    });
    // A reader that left early (`| head`) ends the report, not the gate: the sheets
    // not yet written are still graded, for the exit code.
    if output::reader_left(written)? {
        sheets.by_ref().for_each(drop);
    }
    drop(sheets);
    Ok(Outcome {
        warnings,
        exit_code: if failures.is_empty() { 0 } else { 3 },
        stderr: failures.concat(),
    })
}

/// One line for each area of `sheet` below `floor`, or one if no area is graded: a
/// gate that an untouched template passed would be no gate. An area too thinly
/// evidenced to grade fails too when a cause of concern caps it below `floor`: a
/// concern is never hidden by a lack of evidence.
fn below(sheet: &Sheet, floor: Grade, registry: &Registry) -> Vec<String> {
    let mut lines = Vec::new();
    let (force, cycle) = (sanitise(&sheet.force), sanitise(&sheet.cycle));
    if sheet.areas.iter().all(|area| area.grade.is_none()) {
        lines.push(format!("below {floor}: {force}, {cycle}: no area graded\n"));
    }
    for area in &sheet.areas {
        let id = sanitise(&area.id);
        if let Some(grade) = area.grade.filter(|grade| *grade < floor) {
            lines.push(format!("below {floor}: {force}, {cycle}, {id}: {grade}\n"));
        }
        let cap = registry
            .get(&sheet.rubric)
            .map(|r| r.scoring.limits.cause_of_concern);
        let concerns = area.computed.as_ref().and_then(|c| c.causes_of_concern);
        if let (None, Some(1..), Some(cap)) = (area.grade, concerns, cap)
            && cap < floor
        {
            lines.push(format!(
                "below {floor}: {force}, {cycle}, {id}: not graded (insufficient evidence), but a cause of concern caps it at {cap}\n"
            ));
        }
    }
    lines
}
