//! `peel compare`: a force × area matrix of many sheets.

use super::Outcome;
use super::options::Options;
use crate::cli::CompareArgs;
use crate::engine::compare;
use crate::model::rubric::Registry;
use crate::read;
use crate::report::output;
use crate::report::{self, ReportOptions};

/// Compares the sheets given: each force's newest, one cycle's (`--cycle`), or every
/// sheet (`--all`).
pub fn run(
    options: &Options,
    registry: &Registry,
    args: CompareArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let inputs = read::expand(&args.sheets, read::SHEET_FILES)?;
    let filter = args.filter.filter(args.cycle.as_ref());
    // Each force's newest sheets are all that is shown when no force or cycle is
    // picked: the older ones are let go as they are read.
    let newest_only = !args.all && filter.forces.is_empty() && filter.cycle.is_none();
    let loaded = super::sheets(inputs, registry, newest_only)?;
    let mut sheets = filter.sheets(loaded.sheets).map_err(super::usage)?;
    if !args.all {
        sheets = compare::newest_per_force(sheets);
    }
    let used: std::collections::BTreeSet<String> =
        sheets.iter().map(|s| s.rubric.clone()).collect();
    let mut matrix = compare::compare(sheets, registry, args.sort).map_err(anyhow::Error::msg)?;
    if let Some(ids) = filter
        .areas_in(registry, used.iter().map(String::as_str))
        .map_err(super::usage)?
    {
        matrix.keep_columns(|id| ids.contains(id), args.sort);
        if matrix.areas.is_empty() {
            return Err(super::usage(format!(
                "--area: {} has no column of {}, the rubric the sheets are compared under",
                args.filter.area.join(", "),
                matrix.rubric
            )));
        }
    }
    let mut warnings = loaded.warnings;
    warnings.extend(matrix.not_shown.iter().map(|n| {
        let sheets = if n.sheets == 1 { "sheet" } else { "sheets" };
        let why = if n.retired {
            "retired in"
        } else {
            "merged with another area in"
        };
        format!(
            "not shown: {} (of {}), {why} {}, graded in {} {sheets}",
            n.area, n.rubric, matrix.rubric, n.sheets
        )
    }));
    let shape = ReportOptions {
        explain: false,
        color,
    };
    let reporter = report::reporter(options.format, shape)?;
    output::write_with(options.output.as_deref(), |out| {
        reporter.compare(&matrix, out)
    })?;
    Ok(Outcome {
        warnings,
        ..Outcome::default()
    })
}
