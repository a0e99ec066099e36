//! `peel compare`: a force × area matrix of many sheets.

use super::Outcome;
use super::options::Options;
use crate::cli::CompareArgs;

use crate::report::{self, ReportOptions};
use crate::rubric::Registry;
use crate::{compare, load, output};

/// Compares the sheets given.
pub fn run(
    options: &Options,
    registry: &Registry,
    args: CompareArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let inputs = load::expand(&args.sheets, load::SHEET_FILES)?;
    let loaded = load::sheets(&inputs, registry, false)?;
    let matrix =
        compare::compare(&loaded.sheets, registry, args.sort).map_err(anyhow::Error::msg)?;
    let shape = ReportOptions {
        explain: false,
        color,
    };
    let text = report::reporter(options.format, shape)?.compare(&matrix)?;
    output::write(&text, options.output.as_deref())?;
    Ok(Outcome {
        warnings: loaded.warnings,
        ..Outcome::default()
    })
}
