//! `peel coverage`, `peel history` and `peel national`: the national record of many
//! sheets, read whole (every cycle of every force).

use std::collections::BTreeSet;

use super::Outcome;
use super::options::Options;
use crate::cli::NationalArgs;
use crate::engine::compare::{SortOrder, compare};
use crate::engine::national;
use crate::model::rubric::Registry;
use crate::model::sheet::Sheet;
use crate::read;
use crate::report::national as report;
use crate::report::output;

/// The sheets the arguments pick, every cycle of each force, the area ids `--area`
/// keeps (none: every area), and the warnings.
type Picked = (Vec<Sheet>, Option<BTreeSet<String>>, Vec<String>);

fn pick(registry: &Registry, args: &NationalArgs) -> anyhow::Result<Picked> {
    let inputs = read::expand(&args.sheets, read::SHEET_FILES)?;
    let filter = args.filter.filter(args.cycle.as_ref());
    let loaded = super::sheets(inputs, registry, false)?;
    let sheets = filter.sheets(loaded.sheets).map_err(super::usage)?;
    let used: BTreeSet<&str> = sheets.iter().map(|s| s.rubric.as_str()).collect();
    let areas = filter
        .areas_in(registry, used.iter().copied())
        .map_err(super::usage)?;
    Ok((sheets, areas, loaded.warnings))
}

/// The forces a national record is counted against: the 43 of England and Wales when
/// every sheet is of a built-in PEEL rubric and no force was picked; else none beyond
/// the forces with sheets.
fn expected_forces(sheets: &[Sheet], args: &NationalArgs) -> Vec<(String, String)> {
    let built_in: BTreeSet<&str> = crate::model::rubric::built_in_rubric_ids().collect();
    let national =
        args.filter.force.is_empty() && sheets.iter().all(|s| built_in.contains(s.rubric.as_str()));
    if !national {
        return Vec::new();
    }
    crate::model::forces::ENGLAND_AND_WALES
        .iter()
        .map(|name| (name.to_string(), crate::model::ids::slug(name)))
        .collect()
}

/// Keeps the items whose area id `keep` holds.
fn keep<T>(items: &mut Vec<T>, ids: &[&str], keep: &BTreeSet<String>) {
    let mut ids = ids.iter();
    items.retain(|_| ids.next().is_some_and(|id| keep.contains(*id)));
}

/// An error when `--area` left nothing to show.
fn nothing_left(args: &NationalArgs) -> anyhow::Error {
    super::usage(format!(
        "--area: {} names no area of the sheets given",
        args.filter.area.join(", ")
    ))
}

/// Shows which forces and areas have a grade in each cycle.
pub fn coverage(
    options: &Options,
    registry: &Registry,
    args: NationalArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let (sheets, areas, warnings) = pick(registry, &args)?;
    let expected = expected_forces(&sheets, &args);
    let mut cycles =
        national::coverage(&sheets, registry, &expected).map_err(anyhow::Error::msg)?;
    if let Some(areas) = &areas {
        for cycle in &mut cycles {
            let ids: Vec<String> = cycle.areas.iter().map(|a| a.id.clone()).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            keep(&mut cycle.areas, &ids, areas);
            for force in &mut cycle.forces {
                keep(&mut force.graded, &ids, areas);
            }
        }
        cycles.retain(|c| !c.areas.is_empty());
        if cycles.is_empty() {
            return Err(nothing_left(&args));
        }
    }
    written(options, warnings, |out| {
        report::coverage(&cycles, options.format, color, out)
    })
}

/// Shows each force's grades across its cycles.
pub fn history(
    options: &Options,
    registry: &Registry,
    args: NationalArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let (sheets, areas, warnings) = pick(registry, &args)?;
    let mut histories = national::history(sheets, registry).map_err(anyhow::Error::msg)?;
    if let Some(areas) = &areas {
        for history in &mut histories {
            history.rows.retain(|row| areas.contains(&row.area));
        }
        histories.retain(|h| !h.rows.is_empty());
        if histories.is_empty() {
            return Err(nothing_left(&args));
        }
    }
    written(options, warnings, |out| {
        report::history(&histories, options.format, color, out)
    })
}

/// Shows how many forces got each grade per area and cycle.
pub fn national(
    options: &Options,
    registry: &Registry,
    args: NationalArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let (sheets, areas, warnings) = pick(registry, &args)?;
    // Each force counts once per cycle: its newest sheet of that cycle.
    let sheets = one_per_force_cycle(sheets);
    let matrix = compare(sheets, registry, SortOrder::Force).map_err(anyhow::Error::msg)?;
    let mut picture = national::distribution(&matrix);
    if let Some(areas) = &areas {
        picture.areas.retain(|a| areas.contains(&a.id));
        if picture.areas.is_empty() {
            return Err(nothing_left(&args));
        }
    }
    written(options, warnings, |out| {
        report::national(&picture, options.format, color, out)
    })
}

/// Writes a report with `write` where the options say, and returns the warnings.
fn written(
    options: &Options,
    warnings: Vec<String>,
    write: impl FnOnce(&mut dyn std::io::Write) -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    output::write_with(options.output.as_deref(), write)?;
    Ok(Outcome {
        warnings,
        ..Outcome::default()
    })
}

/// The sheets with one per force and cycle: the last given.
fn one_per_force_cycle(sheets: Vec<Sheet>) -> Vec<Sheet> {
    let mut seen = BTreeSet::new();
    let mut kept: Vec<Sheet> = sheets
        .into_iter()
        .rev()
        .filter(|s| seen.insert((s.force_id.clone(), s.cycle.clone())))
        .collect();
    kept.reverse();
    kept
}
