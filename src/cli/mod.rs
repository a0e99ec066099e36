//! The command line: its clap definitions ([`args`]), and one file per command, each
//! turning its arguments into read files, running the engine and handing the result
//! to a reporter.

pub mod args;
pub mod check;
pub mod compare;
pub mod completions;
pub mod diff;
pub mod formats;
pub mod grade;
pub mod man;
pub mod national;
pub mod options;
pub mod rubric;
pub mod schema;
pub mod score;
pub mod template;

use std::io::IsTerminal;

pub use args::*;

use crate::model::rubric::Registry;
use options::Options;

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

/// A usage error found once the arguments were parsed: a value that names nothing
/// there is (`--force`, `--area`, `--cycle`, a rubric id, a command's page), or the
/// wrong number of inputs. It exits 2, like the errors clap finds.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A usage error of `message`, for `map_err`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// Warnings printed on a terminal before the rest are counted instead.
pub const WARNINGS_ON_A_TERMINAL: usize = 10;

/// The warnings to print and how many are left out: on a terminal the first few (a
/// run over many files can warn thousands of times), unless `all`; elsewhere (a pipe,
/// a file, a script) every one.
pub fn shown_warnings(warnings: &[String], terminal: bool, all: bool) -> (&[String], usize) {
    if terminal && !all && warnings.len() > WARNINGS_ON_A_TERMINAL {
        let shown = &warnings[..WARNINGS_ON_A_TERMINAL];
        (shown, warnings.len() - shown.len())
    } else {
        (warnings, 0)
    }
}

/// The line that stands for the warnings left out.
pub fn left_out_line(left_out: usize) -> String {
    let noun = if left_out == 1 { "warning" } else { "warnings" };
    format!("warning: … and {left_out} more {noun} (--all-warnings prints every one)")
}

/// Whether to colour grades, from the user's choice and where the output goes.
pub fn use_color(choice: ColorChoice, to_stdout: bool) -> bool {
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

/// Every sheet a set of inputs holds, evidence graded, with the warnings.
pub(crate) struct Sheets {
    /// The sheets, ordered by force id, then cycle.
    pub sheets: Vec<crate::model::sheet::Sheet>,
    /// Warnings for the user.
    pub warnings: Vec<String>,
}

/// Reads every input and grades its evidence: the sheets `diff` and `compare` take;
/// of the published ones, only each force's newest when `newest_only`.
pub(crate) fn sheets(
    mut inputs: crate::read::Inputs,
    registry: &crate::model::rubric::Registry,
    newest_only: bool,
) -> Result<Sheets, crate::diag::Diagnostics> {
    let mut warnings: Vec<String> = inputs
        .take_skipped()
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut corpus = match newest_only {
        true => crate::read::load_newest(inputs, registry)?,
        false => crate::read::load(inputs, registry, false)?,
    };
    warnings.extend(corpus.warning_lines());
    // Published sheets alone are in report order already: kept as they are, not
    // copied into a second list, for a run may hold many.
    let sheets = if corpus.evidence.is_empty() {
        std::mem::take(&mut corpus.published)
    } else {
        crate::engine::assess::sheets(corpus, false).collect()
    };
    Ok(Sheets { sheets, warnings })
}

/// Runs one command with its checked options ([`options::resolve`]).
pub fn run(command: Command, options: Options) -> anyhow::Result<Outcome> {
    crate::progress::set_quiet(options.quiet);
    if let Command::Check(args) = &command {
        // check reports problems in --rubric files too, rather than stopping at them.
        return check::run(&options, args);
    }
    // With `template`, a --rubric value that is no file but a rubric id picks the rubric.
    let template = matches!(command, Command::Template(_) | Command::Score(_));
    let (files, ids): (Vec<_>, Vec<_>) = options.rubric.iter().cloned().partition(|value| {
        !template
            || value.as_os_str() == "-"
            || value.exists()
            || !crate::model::rubric::is_valid_id(&value.to_string_lossy())
    });
    let extra = crate::read::rubric_files(&files)?;
    let chosen = ids
        .last()
        .map(|id| id.to_string_lossy().into_owned())
        .or_else(|| extra.last().map(|(_, r)| r.id.clone()));
    let registry = Registry::new(extra)?;
    let color = use_color(options.color, options.output.is_none());
    match command {
        Command::Grade(args) => grade::run(&options, &registry, args, color),
        Command::Diff(args) => diff::run(&options, &registry, args, color),
        Command::Compare(args) => compare::run(&options, &registry, args, color),
        Command::Coverage(args) => national::coverage(&options, &registry, args, color),
        Command::History(args) => national::history(&options, &registry, args, color),
        Command::National(args) => national::national(&options, &registry, args, color),
        Command::Check(args) => check::run(&options, &args),
        Command::Rubric(RubricCommand::List(_)) => rubric::list(&options, &registry),
        Command::Rubric(RubricCommand::Show(args)) => rubric::show(&options, &registry, &args.id),
        Command::Template(args) => template::run(&options, &registry, &args, chosen),
        Command::Score(args) => score::run(&options, &registry, &args, chosen),
        Command::Completions(args) => completions::run(&options, args.shell),
        Command::Schema(args) => schema::run(&options, args.kind),
        Command::Man(args) => man::run(&options, &args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_shows_the_first_warnings_and_counts_the_rest() {
        let many: Vec<String> = (0..25).map(|n| format!("w{n}")).collect();
        let (shown, left_out) = shown_warnings(&many, true, false);
        assert_eq!(shown.len(), WARNINGS_ON_A_TERMINAL);
        assert_eq!(shown[0], "w0");
        assert_eq!(left_out, 15);
        assert_eq!(
            left_out_line(left_out),
            "warning: … and 15 more warnings (--all-warnings prints every one)"
        );
        assert_eq!(
            shown_warnings(&many, true, true),
            (&many[..], 0),
            "--all-warnings"
        );
        assert_eq!(
            shown_warnings(&many, false, false),
            (&many[..], 0),
            "a pipe"
        );
        let few = &many[..WARNINGS_ON_A_TERMINAL];
        assert_eq!(
            shown_warnings(few, true, false),
            (few, 0),
            "no count for none left out"
        );
    }
}
