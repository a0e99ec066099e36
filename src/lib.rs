//! peel grades police forces against an inspection rubric and says why.
//!
//! Data flows one way: files ([`load`]) → model ([`rubric`], [`evidence`], [`sheet`])
//! → engine ([`assess`]) → report ([`report`]). Only `load` reads and only `output`
//! writes.

pub mod assess;
pub mod cli;
pub mod diag;
pub mod evidence;
pub mod grade;
pub mod load;
pub mod output;
pub mod report;
pub mod rubric;
pub mod sheet;
pub mod suggest;
mod yaml;

use std::io::IsTerminal;

use cli::{Cli, ColorChoice, Command, GradeArgs};
use grade::Grade;
use report::ReportOptions;
use rubric::Registry;
use sheet::Sheet;

/// What a successful run asks `main` to do: print warnings, exit with a code.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Warnings for standard error.
    pub warnings: Vec<String>,
    /// 0, or 3 when `--fail-below` was not met.
    pub exit_code: u8,
}

/// Runs one command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let extra = load::rubric_files(&cli.global.rubric)?;
    let registry = Registry::new(extra)?;
    let color = use_color(cli.global.color, cli.global.output.is_none());
    match cli.command {
        None => grade(&cli.global, &registry, GradeArgs::default(), color),
        Some(Command::Grade(args)) => grade(&cli.global, &registry, args, color),
    }
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
    let merged = if args.evidence.is_empty() {
        load::example_evidence(registry)?
    } else {
        let inputs = load::expand(&args.evidence)?;
        load::evidence(&inputs, registry)?
    };
    let sheets: Vec<Sheet> = merged.forces.iter().map(assess::assess).collect();
    let options = ReportOptions {
        explain: args.explain,
        color,
    };
    let text = report::reporter(global.format, options).grades(&sheets)?;
    output::write(&text, global.output.as_deref())?;
    let exit_code = match args.fail_below {
        Some(floor) if below(&sheets, floor) => 3,
        _ => 0,
    };
    Ok(Outcome {
        warnings: merged.warnings,
        exit_code,
    })
}

fn below(sheets: &[Sheet], floor: Grade) -> bool {
    sheets
        .iter()
        .filter_map(Sheet::worst)
        .any(|worst| worst < floor)
}
