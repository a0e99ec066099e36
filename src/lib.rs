//! peel grades police forces against an inspection rubric and says why.
//!
//! Data flows one way: files ([`load`]) → model ([`rubric`], [`evidence`], [`sheet`])
//! → engine ([`assess`]) → report ([`report`]). Only `load` reads and only `output`
//! writes.

pub mod assess;
pub mod cli;
pub mod compare;
pub mod crosswalk;
pub mod diag;
pub mod diff;
pub mod evidence;
pub mod grade;
pub mod load;
pub mod output;
pub mod published;
pub mod report;
pub mod rubric;
pub mod sheet;
pub mod suggest;
pub mod template;
mod yaml;

use std::io::IsTerminal;

use anyhow::bail;
use cli::{Cli, ColorChoice, Command, CompareArgs, DiffArgs, GradeArgs, RubricCommand};
use crosswalk::Crosswalk;
use diff::DiffReport;
use grade::Grade;
use report::Format;
use report::ReportOptions;
use rubric::Registry;
use sheet::Sheet;

/// What a successful run asks `main` to do: print warnings, exit with a code.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Warnings for standard error.
    pub warnings: Vec<String>,
    /// 0, 1 when `check` found problems, or 3 when `--fail-below` was not met.
    pub exit_code: u8,
    /// Text for standard error as it is, such as `check`'s problems for a person.
    pub stderr: String,
}

/// Runs one command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let global = &cli.global;
    if let Some(Command::Check(args)) = &cli.command {
        // check reports problems in --rubric files too, rather than stopping at them.
        return check(global, args);
    }
    // With `template`, a --rubric value that is no file but a rubric id picks the rubric.
    let (files, ids): (Vec<_>, Vec<_>) = global.rubric.iter().cloned().partition(|value| {
        !matches!(cli.command, Some(Command::Template(_)))
            || value.as_os_str() == "-"
            || value.exists()
            || !rubric::is_valid_id(&value.to_string_lossy())
    });
    let extra = load::rubric_files(&files)?;
    let chosen = ids
        .last()
        .map(|id| id.to_string_lossy().into_owned())
        .or_else(|| extra.last().map(|(_, r)| r.id.clone()));
    let registry = Registry::new(extra)?;
    let color = use_color(global.color, global.output.is_none());
    match cli.command {
        None => grade(global, &registry, cli.grade, color),
        Some(Command::Grade(args)) => grade(global, &registry, args, color),
        Some(Command::Diff(args)) => diff(global, &registry, args, color),
        Some(Command::Compare(args)) => compare(global, &registry, args, color),
        Some(Command::Check(args)) => check(global, &args),
        Some(Command::Rubric(command)) => show_rubrics(global, &registry, command),
        Some(Command::Template(args)) => {
            let id = chosen.unwrap_or_else(|| rubric::DEFAULT_RUBRIC.to_string());
            let rubric = registry
                .get(&id)
                .ok_or_else(|| anyhow::anyhow!(registry.unknown_rubric_message(&id)))?;
            let text = template::evidence_template(rubric, &args.force, &args.cycle);
            output::write(&text, global.output.as_deref())?;
            Ok(Outcome::default())
        }
        Some(Command::Completions(args)) => completions(global, args.shell),
    }
}

fn completions(global: &cli::GlobalArgs, shell: clap_complete::Shell) -> anyhow::Result<Outcome> {
    use clap::CommandFactory;
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "peel", &mut buffer);
    output::write(&String::from_utf8(buffer)?, global.output.as_deref())?;
    Ok(Outcome::default())
}

/// Checks the files named and any `--rubric` files, reporting every problem.
fn check(global: &cli::GlobalArgs, args: &cli::CheckArgs) -> anyhow::Result<Outcome> {
    let mut paths = global.rubric.clone();
    paths.extend(args.files.iter().cloned());
    let report = match load::expand(&paths, load::SHEET_FILES) {
        Ok(inputs) => load::check(&inputs),
        Err(found) => diag::CheckReport {
            files: paths.len(),
            problems: found.0,
            warnings: Vec::new(),
        },
    };
    let options = ReportOptions::default();
    let text = report::reporter(global.format, options)?.check(&report)?;
    // Read by a person, problems are error messages and go where errors go (SPEC §9);
    // a machine format, or a report written with -o, is the command's output.
    let to_stderr = global.format == Format::Table && global.output.is_none();
    if !to_stderr {
        output::write(&text, global.output.as_deref())?;
    }
    Ok(Outcome {
        warnings: report.warnings,
        exit_code: if report.problems.is_empty() { 0 } else { 1 },
        stderr: if to_stderr { text } else { String::new() },
    })
}

fn show_rubrics(
    global: &cli::GlobalArgs,
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

fn use_color(choice: ColorChoice, to_stdout: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_stdout
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn grade(
    global: &cli::GlobalArgs,
    registry: &Registry,
    args: GradeArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let loaded = if args.evidence.is_empty() {
        let merged = load::example_evidence(registry)?;
        load::LoadedSheets {
            sheets: merged.forces.iter().map(assess::assess).collect(),
            warnings: merged.warnings,
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
                report::sanitise(&pair[0].force),
                report::sanitise(&pair[0].cycle),
                report::sanitise(&pair[1].cycle)
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

fn diff(
    global: &cli::GlobalArgs,
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
    let options = ReportOptions {
        explain: false,
        color,
    };
    let text = report::reporter(global.format, options)?.diff(&report)?;
    output::write(&text, global.output.as_deref())?;
    Ok(Outcome {
        warnings,
        ..Outcome::default()
    })
}

fn compare(
    global: &cli::GlobalArgs,
    registry: &Registry,
    args: CompareArgs,
    color: bool,
) -> anyhow::Result<Outcome> {
    let inputs = load::expand(&args.sheets, load::SHEET_FILES)?;
    let loaded = load::sheets(&inputs, registry, false)?;
    let matrix =
        compare::compare(&loaded.sheets, registry, args.sort).map_err(anyhow::Error::msg)?;
    let options = ReportOptions {
        explain: false,
        color,
    };
    let text = report::reporter(global.format, options)?.compare(&matrix)?;
    output::write(&text, global.output.as_deref())?;
    Ok(Outcome {
        warnings: loaded.warnings,
        ..Outcome::default()
    })
}
