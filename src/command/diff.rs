//! `peel diff`: how each area moved between two sheets, or two sets paired by force.

use anyhow::bail;

use super::Outcome;
use super::options::Options;
use crate::cli::DiffArgs;

use crate::crosswalk::Crosswalk;
use crate::diff::{self, DiffReport};
use crate::report::{self, ReportOptions};
use crate::rubric::Registry;
use crate::sheet::Sheet;
use crate::text::sanitise;
use crate::{load, output};

/// One side of a diff: its sheets, and whether it was one single-sheet file.
fn diff_side(
    path: &std::path::Path,
    registry: &Registry,
) -> anyhow::Result<(Vec<Sheet>, bool, Vec<String>)> {
    let inputs = load::expand(&[path.to_path_buf()], load::SHEET_FILES)?;
    let one_file = inputs.len() == 1 && !path.is_dir();
    let loaded = load::sheets(&inputs, registry, false)?;
    Ok((loaded.sheets, one_file, loaded.warnings))
}

/// Refuses a side of a diff that holds two sheets of one force.
fn one_sheet_per_force(side: &str, sheets: &[Sheet]) -> anyhow::Result<()> {
    for pair in sheets.windows(2) {
        if pair[0].force_id == pair[1].force_id {
            bail!(
                "{side} holds two sheets of {} ({} and {}); give one sheet per force on each side",
                sanitise(&pair[0].force),
                sanitise(&pair[0].cycle),
                sanitise(&pair[1].cycle)
            );
        }
    }
    Ok(())
}

/// The crosswalk from an older sheet's rubric to a newer's, or why there is none.
fn crosswalk_for(registry: &Registry, old: &Sheet, new: &Sheet) -> anyhow::Result<Crosswalk> {
    let rubric = |id: &str| {
        registry
            .get(id)
            .ok_or_else(|| anyhow::anyhow!(registry.unknown_rubric_message(id)))
    };
    let (older, newer) = (rubric(&old.rubric)?, rubric(&new.rubric)?);
    match Crosswalk::between(registry, older, newer) {
        Ok(walk) => Ok(walk),
        Err(_) if Crosswalk::between(registry, newer, older).is_ok() => bail!(
            "OLD is graded against {}, which replaces NEW's {}: give the older sheet first",
            older.id,
            newer.id
        ),
        Err(error) => Err(error.into()),
    }
}

/// Diffs OLD against NEW.
pub fn run(
    options: &Options,
    registry: &Registry,
    args: DiffArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let (old, old_one, mut warnings) = diff_side(&args.old, registry)?;
    let (new, new_one, new_warnings) = diff_side(&args.new, registry)?;
    for (side, path, sheets) in [("OLD", &args.old, &old), ("NEW", &args.new, &new)] {
        if sheets.is_empty() {
            bail!("{side} ({}) holds no grade sheets", path.display());
        }
    }
    warnings.extend(new_warnings);
    let mut report = DiffReport::default();
    let pairs: Vec<(&Sheet, &Sheet)> = if old_one && new_one && old.len() == 1 && new.len() == 1 {
        vec![(&old[0], &new[0])]
    } else {
        one_sheet_per_force("OLD", &old)?;
        one_sheet_per_force("NEW", &new)?;
        let by_id = |sheets: &[Sheet], id: &str| sheets.iter().position(|s| s.force_id == id);
        for sheet in &old {
            if by_id(&new, &sheet.force_id).is_none() {
                report
                    .only_old
                    .push((sheet.force.clone(), sheet.force_id.clone()));
            }
        }
        for sheet in &new {
            if by_id(&old, &sheet.force_id).is_none() {
                report
                    .only_new
                    .push((sheet.force.clone(), sheet.force_id.clone()));
            }
        }
        old.iter()
            .filter_map(|o| by_id(&new, &o.force_id).map(|n| (o, &new[n])))
            .collect()
    };
    for (old_sheet, new_sheet) in pairs {
        let walk = crosswalk_for(registry, old_sheet, new_sheet)?;
        let (older, newer) = (
            &registry.get(&old_sheet.rubric),
            &registry.get(&new_sheet.rubric),
        );
        if let (Some(older), Some(newer)) = (older, newer) {
            report
                .diffs
                .push(diff::diff(old_sheet, new_sheet, older, newer, &walk));
        }
    }
    for (force, _) in &report.only_old {
        warnings.push(format!("{force} is only in OLD: not diffed"));
    }
    for (force, _) in &report.only_new {
        warnings.push(format!("{force} is only in NEW: not diffed"));
    }
    let shape = ReportOptions {
        explain: false,
        color,
    };
    let text = report::reporter(options.format, shape)?.diff(&report)?;
    output::write(&text, options.output.as_deref())?;
    Ok(Outcome {
        warnings,
        ..Outcome::default()
    })
}
