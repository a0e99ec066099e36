//! peel grades police forces against an inspection rubric and says why.
//!
//! Data flows one way: files ([`load`]) → model ([`rubric`], [`evidence`], [`sheet`])
//! → engine ([`assess`], [`diff`], [`compare`]) → report ([`report`]). Only `load`
//! reads and only `output` writes; each command's body is in [`command`].

pub mod assess;
pub mod cli;
pub mod command;
pub mod compare;
pub mod corpus;
pub mod crosswalk;
pub mod diag;
pub mod diff;
pub mod evidence;
pub mod filter;
pub mod grade;
pub mod ids;
pub mod load;
pub mod location;
pub mod output;
pub mod progress;
pub mod published;
pub mod report;
pub mod rubric;
pub mod schema;
pub mod sheet;
pub mod suggest;
pub mod template;
pub mod text;
mod yaml;

use cli::{Command, RubricCommand};
pub use command::Outcome;
use command::options::Options;
use rubric::Registry;

/// Runs one command with its checked options ([`command::options::resolve`]).
pub fn run(command: Command, options: Options) -> anyhow::Result<Outcome> {
    progress::set_quiet(options.quiet);
    if let Command::Check(args) = &command {
        // check reports problems in --rubric files too, rather than stopping at them.
        return command::check::run(&options, args);
    }
    // With `template`, a --rubric value that is no file but a rubric id picks the rubric.
    let template = matches!(command, Command::Template(_));
    let (files, ids): (Vec<_>, Vec<_>) = options.rubric.iter().cloned().partition(|value| {
        !template
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
    let color = command::use_color(options.color, options.output.is_none());
    match command {
        Command::Grade(args) => command::grade::run(&options, &registry, args, color),
        Command::Diff(args) => command::diff::run(&options, &registry, args, color),
        Command::Compare(args) => command::compare::run(&options, &registry, args, color),
        Command::Check(args) => command::check::run(&options, &args),
        Command::Rubric(RubricCommand::List(_)) => command::rubric::list(&options, &registry),
        Command::Rubric(RubricCommand::Show(args)) => {
            command::rubric::show(&options, &registry, &args.id)
        }
        Command::Template(args) => command::template::run(&options, &registry, &args, chosen),
        Command::Completions(args) => command::completions::run(&options, args.shell),
        Command::Schema(args) => command::schema::run(&options, args.kind),
        Command::Man(args) => command::man::run(&options, &args),
    }
}
