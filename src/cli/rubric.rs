//! `peel rubric list` and `peel rubric show ID`.

use super::Outcome;
use super::options::Options;
use crate::model::rubric::Registry;
use crate::report::output;
use crate::report::{self, Format, ReportOptions};

/// Lists the known rubrics.
pub fn list(options: &Options, registry: &Registry) -> anyhow::Result<Outcome> {
    let rubrics: Vec<_> = registry.iter().map(|r| &**r).collect();
    let reporter = report::reporter(options.format, ReportOptions::default())?;
    output::write_with(options.output.as_deref(), |out| {
        reporter.rubrics(&rubrics, out)
    })?;
    Ok(Outcome::default())
}

/// Shows one rubric's areas and criteria, or its YAML source.
pub fn show(options: &Options, registry: &Registry, id: &str) -> anyhow::Result<Outcome> {
    let rubric = registry
        .get(id)
        .ok_or_else(|| super::usage(registry.unknown_rubric_message(id)))?;
    // The rubric's own source is its YAML form: a new rubric starts from it.
    if options.format == Format::Yaml {
        output::write(&rubric.source, options.output.as_deref())?;
    } else {
        let reporter = report::reporter(options.format, ReportOptions::default())?;
        output::write_with(options.output.as_deref(), |out| {
            reporter.rubric(rubric, out)
        })?;
    }
    Ok(Outcome::default())
}
