//! `peel template`: an evidence skeleton for a force and cycle.

use super::Outcome;
use crate::cli::{GlobalArgs, TemplateArgs};
use crate::rubric::{self, Registry};
use crate::{output, template};

/// Prints the skeleton of the rubric `chosen` (an id), or of the default rubric.
pub fn run(
    global: &GlobalArgs,
    registry: &Registry,
    args: &TemplateArgs,
    chosen: Option<String>,
) -> anyhow::Result<Outcome> {
    let id = chosen.unwrap_or_else(|| rubric::DEFAULT_RUBRIC.to_string());
    let rubric = registry
        .get(&id)
        .ok_or_else(|| anyhow::anyhow!(registry.unknown_rubric_message(&id)))?;
    let text = template::evidence_template(rubric, &args.force, &args.cycle);
    output::write(&text, global.output.as_deref())?;
    Ok(Outcome::default())
}
