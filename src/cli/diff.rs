//! `peel diff`: how each area moved between two sheets, or two sets paired by force.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::bail;

use super::Outcome;
use super::options::Options;
use crate::cli::DiffArgs;

use crate::engine::diff::{self, DiffReport};
use crate::model::crosswalk::Crosswalk;
use crate::model::ids::same_cycle;
use crate::model::rubric::Registry;
use crate::model::sheet::Sheet;
use crate::read;
use crate::report::output;
use crate::report::{self, ReportOptions};
use crate::text::sanitise;

/// One side of a diff: its sheets, and whether it was one single-sheet file.
fn diff_side(
    path: &std::path::Path,
    registry: &Registry,
) -> anyhow::Result<(Vec<Sheet>, bool, Vec<String>)> {
    let inputs = read::expand(&[path.to_path_buf()], read::SHEET_FILES)?;
    let one_file = inputs.len() == 1 && !path.is_dir();
    let loaded = super::sheets(inputs, registry, false)?;
    Ok((loaded.sheets, one_file, loaded.warnings))
}

/// Refuses a side of a diff that holds two sheets of one force, saying how to pool
/// them instead.
fn one_sheet_per_force(side: &str, sheets: &[Sheet]) -> anyhow::Result<()> {
    for pair in sheets.windows(2) {
        if pair[0].force_id == pair[1].force_id {
            let (a, b) = (sanitise(&pair[0].cycle), sanitise(&pair[1].cycle));
            bail!(
                "{side} holds two sheets of {} ({a} and {b}); give one sheet per force on each side, or pool the sheets and pick the cycles: peel diff FILES… --from {a} --to {b}",
                sanitise(&pair[0].force),
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

/// Diffs OLD against NEW, or each force's sheet of one cycle against its sheet of
/// another (`--from`, `--to`).
pub fn run(
    options: &Options,
    registry: &Registry,
    args: DiffArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let filter = args.filter.filter(None);
    let (old, new, paired_one, mut warnings) = match (&args.from, &args.to) {
        (Some(from), Some(to)) => pooled(&args.inputs, registry, from, to)?,
        _ => two_sides(&args.inputs, registry)?,
    };
    let keys = old
        .iter()
        .chain(&new)
        .map(|s| (s.force.as_str(), s.force_id.as_str(), s.cycle.as_str()));
    let filter = filter.resolve(keys).map_err(super::usage)?;
    let old: Vec<Sheet> = old.into_iter().filter(|s| filter.keeps_sheet(s)).collect();
    let new: Vec<Sheet> = new.into_iter().filter(|s| filter.keeps_sheet(s)).collect();
    let mut report = DiffReport::default();
    let pairs: Vec<(&Sheet, &Sheet)> = if paired_one && old.len() == 1 && new.len() == 1 {
        vec![(&old[0], &new[0])]
    } else {
        let side = |cycle: &Option<String>, name: &str| cycle.clone().unwrap_or(name.to_string());
        one_sheet_per_force(&side(&args.from, "OLD"), &old)?;
        one_sheet_per_force(&side(&args.to, "NEW"), &new)?;
        pair_by_force(&old, &new, &mut report)
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
    let used = old.iter().chain(&new).map(|s| s.rubric.as_str());
    if let Some(ids) = filter.areas_in(registry, used).map_err(super::usage)? {
        for diff in &mut report.diffs {
            diff.rows.retain(|row| {
                ids.contains(&row.area) || row.old_areas.iter().any(|a| ids.contains(a))
            });
        }
    }
    let newest = report
        .diffs
        .first()
        .and_then(|d| registry.get(&d.new.rubric))
        .cloned();
    report.totals = diff::totals(&report.diffs, |id| newest.as_ref()?.area_index(id));
    diff::sort_diffs(&mut report.diffs, args.sort);
    report.summary_only = args.summary;
    if let (Some(from), Some(to)) = (&args.from, &args.to) {
        report.side_names = (from.clone(), to.clone());
    }
    warnings.extend(unpaired_warnings(&report, &args));
    let shape = ReportOptions {
        explain: false,
        color,
    };
    let reporter = report::reporter(options.format, shape)?;
    output::write_with(options.output.as_deref(), |out| reporter.diff(&report, out))?;
    Ok(Outcome {
        warnings,
        ..Outcome::default()
    })
}

/// The sheets of OLD and NEW, whether both are single-sheet files, and warnings.
type Sides = (Vec<Sheet>, Vec<Sheet>, bool, Vec<String>);

/// `diff OLD NEW`: each side read on its own.
fn two_sides(inputs: &[PathBuf], registry: &Registry) -> anyhow::Result<Sides> {
    let [old_path, new_path] = inputs else {
        return Err(super::usage(format!(
            "diff takes two inputs, OLD and NEW (got {}); to diff the cycles of a pool of sheets, add --from CYCLE --to CYCLE",
            inputs.len()
        )));
    };
    let (old, old_one, mut warnings) = diff_side(old_path, registry)?;
    let (new, new_one, new_warnings) = diff_side(new_path, registry)?;
    for (side, path, sheets) in [("OLD", old_path, &old), ("NEW", new_path, &new)] {
        if sheets.is_empty() {
            bail!("{side} ({}) holds no grade sheets", path.display());
        }
    }
    warnings.extend(new_warnings);
    // A draft against the national record: of a force's several sheets on one side,
    // the one of the cycle the other side holds for it.
    let old = same_cycles_as(old, &new);
    let new = same_cycles_as(new, &old);
    Ok((old, new, old_one && new_one, warnings))
}

/// The sheets of `side`, keeping of a force with several only those of the one cycle
/// `other` holds for that force; where `other` holds none or several cycles of it,
/// all of them (refused later, with a hint: nothing is dropped unsaid).
fn same_cycles_as(mut side: Vec<Sheet>, other: &[Sheet]) -> Vec<Sheet> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for sheet in &side {
        *counts.entry(sheet.force_id.as_str()).or_default() += 1;
    }
    let several: std::collections::HashSet<String> = counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id.to_string())
        .collect();
    if several.is_empty() {
        return side;
    }
    let mut cycle_of: std::collections::HashMap<&str, Option<&str>> = Default::default();
    for sheet in other.iter().filter(|s| several.contains(&s.force_id)) {
        let entry = cycle_of
            .entry(&sheet.force_id)
            .or_insert(Some(&sheet.cycle));
        if entry.is_some_and(|c| !same_cycle(c, &sheet.cycle)) {
            *entry = None;
        }
    }
    side.retain(|sheet| match cycle_of.get(sheet.force_id.as_str()) {
        Some(Some(cycle)) => same_cycle(cycle, &sheet.cycle),
        _ => true,
    });
    side
}

/// `diff SHEETS… --from A --to B`: every input pooled, the sheets of cycle A on one
/// side and of cycle B on the other.
fn pooled(inputs: &[PathBuf], registry: &Registry, from: &str, to: &str) -> anyhow::Result<Sides> {
    let files = read::expand(inputs, read::SHEET_FILES)?;
    let loaded = super::sheets(files, registry, false)?;
    let cycles: std::collections::BTreeSet<&str> =
        loaded.sheets.iter().map(|s| s.cycle.as_str()).collect();
    // `2021-22` finds the sheets labelled `2021/22`: one cycle as people write it.
    for (flag, cycle) in [("--from", from), ("--to", to)] {
        if !cycles.iter().any(|c| same_cycle(c, cycle)) {
            let known: Vec<&str> = cycles.iter().copied().collect();
            bail!(
                "{flag} {cycle}: no sheet of that cycle; the cycles are {}",
                known.join(", ")
            );
        }
    }
    if same_cycle(from, to) {
        bail!("--from and --to name the same cycle, {from}: nothing would move");
    }
    let (old, rest): (Vec<Sheet>, Vec<Sheet>) = loaded
        .sheets
        .into_iter()
        .partition(|s| same_cycle(&s.cycle, from));
    let new = rest
        .into_iter()
        .filter(|s| same_cycle(&s.cycle, to))
        .collect();
    Ok((old, new, false, loaded.warnings))
}

/// Pairs OLD's and NEW's sheets by force id, noting the forces on one side only.
/// Each side is indexed by id once, so pooling every force of two cycles stays linear.
fn pair_by_force<'a>(
    old: &'a [Sheet],
    new: &'a [Sheet],
    report: &mut DiffReport,
) -> Vec<(&'a Sheet, &'a Sheet)> {
    let index = |sheets: &'a [Sheet]| {
        let mut index: HashMap<&'a str, &'a Sheet> = HashMap::with_capacity(sheets.len());
        for sheet in sheets {
            // The first sheet of an id, as a scan in order would find it.
            index.entry(sheet.force_id.as_str()).or_insert(sheet);
        }
        index
    };
    let (old_index, new_index) = (index(old), index(new));
    let by_id = |index: &HashMap<&'a str, &'a Sheet>, id: &str| index.get(id).copied();
    for sheet in old {
        if by_id(&new_index, &sheet.force_id).is_none() {
            report
                .only_old
                .push((sheet.force.clone(), sheet.force_id.clone()));
        }
    }
    for sheet in new {
        if by_id(&old_index, &sheet.force_id).is_none() {
            report
                .only_new
                .push((sheet.force.clone(), sheet.force_id.clone()));
        }
    }
    old.iter()
        .filter_map(|o| by_id(&new_index, &o.force_id).map(|n| (o, n)))
        .collect()
}

/// One warning per side naming the forces found there only.
fn unpaired_warnings(report: &DiffReport, args: &DiffArgs) -> Vec<String> {
    let side = |cycle: &Option<String>, name: &str| cycle.clone().unwrap_or(name.to_string());
    [
        (side(&args.from, "OLD"), &report.only_old),
        (side(&args.to, "NEW"), &report.only_new),
    ]
    .into_iter()
    .filter(|(_, forces)| !forces.is_empty())
    .map(|(side, forces)| {
        let names: Vec<&str> = forces.iter().map(|(name, _)| name.as_str()).collect();
        match names.as_slice() {
            [one] => format!("{one} is only in {side}: not diffed"),
            many => format!(
                "{} forces are only in {side}, not diffed: {}",
                many.len(),
                many.join(", ")
            ),
        }
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::slug;
    use crate::model::sheet::Source;

    fn sheet(force: &str, cycle: &str) -> Sheet {
        Sheet {
            force: force.to_string(),
            force_id: slug(force),
            cycle: cycle.to_string(),
            rubric: "peel-2023-25".to_string(),
            source: Source::Published,
            url: None,
            areas: Vec::new(),
        }
    }

    #[test]
    fn forces_pair_by_id_and_the_unpaired_are_named_per_side() {
        let old: Vec<Sheet> = ["Kent Police", "Essex Police", "Dorset Police"]
            .iter()
            .map(|f| sheet(f, "2021/22"))
            .collect();
        let new: Vec<Sheet> = ["Dorset Police", "Kent Police", "Gwent Police"]
            .iter()
            .map(|f| sheet(f, "2023-25"))
            .collect();
        let mut report = DiffReport::default();
        let pairs = pair_by_force(&old, &new, &mut report);
        let paired: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(o, n)| (o.force_id.as_str(), n.force_id.as_str()))
            .collect();
        assert_eq!(
            paired,
            [
                ("kent-police", "kent-police"),
                ("dorset-police", "dorset-police")
            ],
            "in OLD's order"
        );
        assert_eq!(
            report.only_old,
            [("Essex Police".into(), "essex-police".into())]
        );
        assert_eq!(
            report.only_new,
            [("Gwent Police".into(), "gwent-police".into())]
        );
    }
}
