//! `peel grade`: evidence in, graded tables out, with the reasons.

use anyhow::bail;

use super::Outcome;
use crate::cli::{GlobalArgs, GradeArgs};
use crate::grade::Grade;
use crate::report::{self, ReportOptions};
use crate::rubric::Registry;
use crate::sheet::Sheet;
use crate::{assess, load, output};

/// Grades the evidence given, or the bundled example when none is.
pub fn run(
    global: &GlobalArgs,
    registry: &Registry,
    args: GradeArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let loaded = if args.evidence.is_empty() {
        let merged = load::example_evidence(registry)?;
        load::LoadedSheets {
            sheets: merged.forces.iter().map(assess::assess).collect(),
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
    let mut warnings = loaded.warnings;
    warnings.extend(sheets.iter().flat_map(assess::moderation_warnings));
    let options = ReportOptions {
        explain: args.explain,
        color,
    };
    let text = report::reporter(global.format, options)?.grades(&sheets)?;
    output::write(&text, global.output.as_deref())?;
    let exit_code = match args.fail_below {
        Some(floor) if below(&sheets, floor) => 3,
        _ => 0,
    };
    Ok(Outcome {
        warnings,
        exit_code,
        ..Outcome::default()
    })
}

fn below(sheets: &[Sheet], floor: Grade) -> bool {
    sheets
        .iter()
        .filter_map(Sheet::worst)
        .any(|worst| worst < floor)
}
