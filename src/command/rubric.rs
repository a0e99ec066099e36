//! `peel rubric list` and `peel rubric show ID`.

use super::Outcome;
use crate::cli::{GlobalArgs, RubricCommand};
use crate::output;
use crate::report::{self, Format, ReportOptions};
use crate::rubric::Registry;

/// Lists the known rubrics or shows one.
pub fn run(
    global: &GlobalArgs,
    registry: &Registry,
    command: RubricCommand,
) -> anyhow::Result<Outcome> {
    let options = ReportOptions::default();
    let text = match command {
        RubricCommand::List => report::reporter(global.format, options)?
            .rubrics(&registry.iter().map(|r| &**r).collect::<Vec<_>>())?,
        RubricCommand::Show { id } => {
            let rubric = registry
                .get(&id)
                .ok_or_else(|| anyhow::anyhow!(registry.unknown_rubric_message(&id)))?;
            // The rubric's own source is its YAML form: a new rubric starts from it.
            if global.format == Format::Yaml {
                rubric.source.clone()
            } else {
                report::reporter(global.format, options)?.rubric(rubric)?
            }
        }
    };
    output::write(&text, global.output.as_deref())?;
    Ok(Outcome::default())
}
