//! `peel template`: an evidence skeleton for a force and cycle.

use super::Outcome;
use super::options::Options;
use crate::cli::TemplateArgs;
use crate::model::rubric::Registry;
use crate::report::{output, template};

/// Prints the skeleton of the rubric `chosen` (an id given with --rubric), or else of the
/// rubric that serves the cycle.
pub fn run(
    options: &Options,
    registry: &Registry,
    args: &TemplateArgs,
    chosen: Option<String>,
) -> anyhow::Result<Outcome> {
    // Never a silent default: evidence written against the wrong framework would be
    // graded against criteria the inspector never saw.
    let rubric = match chosen {
        Some(id) => registry
            .get(&id)
            .ok_or_else(|| super::usage(registry.unknown_rubric_message(&id)))?,
        None => registry.for_cycle(&args.cycle).map_err(|message| {
            super::usage(format!(
                "{message}; name one with --rubric ID|FILE, or give a cycle it serves"
            ))
        })?,
    };
    for id in &args.area {
        if rubric.area(id).is_none() {
            let ids: Vec<&str> = rubric.areas.iter().map(|a| a.id.as_str()).collect();
            return Err(super::usage(format!(
                "--area: {}; its areas are {}",
                rubric.unknown_area_message(id),
                ids.join(", ")
            )));
        }
    }
    // The cycle as the rubric writes it: `2021-22` and `2021–22` become `2021/22`.
    let canonical = rubric
        .cycles
        .iter()
        .find(|c| crate::model::ids::same_cycle(c, &args.cycle));
    let mut warnings = Vec::new();
    if canonical.is_none() && !rubric.cycles.is_empty() {
        warnings.push(format!(
            "cycle \"{}\" is not a cycle of {} ({})",
            args.cycle,
            rubric.id,
            rubric.cycles.join(", ")
        ));
    }
    let cycle = canonical.unwrap_or(&args.cycle);
    let text = template::evidence_template(rubric, &args.force, cycle, &args.area);
    output::write(&text, options.output.as_deref())?;
    Ok(Outcome {
        warnings,
        ..Outcome::default()
    })
}
