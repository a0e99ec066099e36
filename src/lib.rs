//! peel grades police forces against an inspection rubric and says why.
//!
//! Data flows one way: files ([`load`]) → model ([`rubric`], [`evidence`], [`sheet`])
//! → engine ([`assess`], [`diff`], [`compare`]) → report ([`report`]). Only `load`
//! reads and only `output` writes; each command's body is in [`command`].

pub mod assess;
pub mod cli;
pub mod command;
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
pub mod text;
mod yaml;

use cli::{Cli, Command};
pub use command::Outcome;
use rubric::Registry;

/// Runs one command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let global = &cli.global;
    if let Some(Command::Check(args)) = &cli.command {
        // check reports problems in --rubric files too, rather than stopping at them.
        return command::check::run(global, args);
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
    let color = command::use_color(global.color, global.output.is_none());
    match cli.command {
        None => command::grade::run(global, &registry, cli.grade, color),
        Some(Command::Grade(args)) => command::grade::run(global, &registry, args, color),
        Some(Command::Diff(args)) => command::diff::run(global, &registry, args, color),
        Some(Command::Compare(args)) => command::compare::run(global, &registry, args, color),
        Some(Command::Check(args)) => command::check::run(global, &args),
        Some(Command::Rubric(sub)) => command::rubric::run(global, &registry, sub),
        Some(Command::Template(args)) => command::template::run(global, &registry, &args, chosen),
        Some(Command::Completions(args)) => command::completions::run(global, args.shell),
    }
}
