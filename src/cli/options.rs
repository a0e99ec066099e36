//! The command line, checked once: options given before a command merged into the
//! command's own, the output format settled (from `--format`, or `-o FILE`'s
//! extension), and a mistyped command told apart from a file to grade. What clap cannot
//! check alone is checked here, so commands never re-check their arguments.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::FromArgMatches;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::cli::{
    Cli, ColorChoice, Command, GradeArgs, LIST_FORMATS, REPORT_FORMATS, RUBRIC_SHOW_FORMATS,
    RubricCommand, formats_message,
};
use crate::report::Format;
use crate::suggest::did_you_mean;

/// What a command runs with, once the command line is checked. Commands read their
/// format, colour, output file and rubric files here, not in their arguments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// The output format (table for commands that have only one form of output).
    pub format: Format,
    /// When to colour grades.
    pub color: ColorChoice,
    /// Where the output goes; `None`: standard output.
    pub output: Option<PathBuf>,
    /// `--rubric` values, those given before the command first.
    pub rubric: Vec<PathBuf>,
    /// `--quiet`: no warnings and no progress bar, before or after the command.
    pub quiet: bool,
    /// `--all-warnings`: every warning, on a terminal too.
    pub all_warnings: bool,
}

/// The options shared by several commands, as given on one side of the command name.
#[derive(Debug, Default)]
struct Given {
    format: Option<Format>,
    color: Option<ColorChoice>,
    output: Option<PathBuf>,
    rubric: Vec<PathBuf>,
}

/// Which shared options a command takes.
struct Takes {
    /// The command as typed after `peel`, for messages.
    name: &'static str,
    /// Its formats; empty: it takes no `--format`.
    formats: &'static [Format],
    color: bool,
    rubric: bool,
}

/// Parses the command line (`args` starts with the program's name) and checks it.
pub fn parse<I, T>(args: I) -> Result<(Command, Options), clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let parsed = super::formats::command()
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => resolve(cli),
        Err(error) => Err(format_not_taken(error, &args)),
    }
}

/// clap's "unexpected argument '--format'" for a command that writes one kind of
/// output, said plainly: its guess that `--force` was meant would mislead.
fn format_not_taken(error: clap::Error, args: &[OsString]) -> clap::Error {
    let format_given = error.kind() == ErrorKind::UnknownArgument
        && matches!(
            error.get(ContextKind::InvalidArg),
            Some(ContextValue::String(arg))
                if arg == "-f" || arg == "--format" || arg.starts_with("--format=")
        );
    let one_kind = args
        .iter()
        .skip(1)
        .filter_map(|arg| arg.to_str())
        .find(|arg| ["template", "completions", "schema", "man"].contains(arg));
    match one_kind {
        Some(name) if format_given => usage_error(
            ErrorKind::UnknownArgument,
            name,
            format!("--format does not apply to `peel {name}`, which writes one kind of output"),
        ),
        _ => error,
    }
}

/// Checks and settles the command line: the command to run and its options.
pub fn resolve(cli: Cli) -> Result<(Command, Options), clap::Error> {
    let Cli {
        grade,
        command,
        quiet,
        all_warnings,
    } = cli;
    let (mut command, mut before) = match command {
        Some(command) => (command, Some(grade)),
        None => {
            no_mistyped_command(&grade.evidence)?;
            (Command::Grade(grade), None)
        }
    };
    let given_before = before
        .as_mut()
        .map(|before| take_given(&mut before.report))
        .unwrap_or_default();
    let (takes, own) = shared_options(&mut command);
    if let Some(before) = before {
        match &mut command {
            Command::Grade(args) => merge_grade(before, args),
            Command::Diff(args) => {
                let mut before = before;
                args.filter.join(std::mem::take(&mut before.filter));
                if let Some(cycle) = before.cycle.take().or(args.cycle.take()) {
                    return Err(usage_error(
                        ErrorKind::UnknownArgument,
                        takes.name,
                        format!("--cycle {cycle}: diff takes its cycles as --from and --to"),
                    ));
                }
                no_grade_options_before(&before, takes.name)?;
            }
            Command::Compare(args) => {
                let mut before = before;
                args.filter.join(std::mem::take(&mut before.filter));
                args.cycle = args.cycle.take().or(before.cycle.take());
                no_grade_options_before(&before, takes.name)?;
            }
            Command::Coverage(args) | Command::History(args) | Command::National(args) => {
                let mut before = before;
                args.filter.join(std::mem::take(&mut before.filter));
                args.cycle = args.cycle.take().or(before.cycle.take());
                no_grade_options_before(&before, takes.name)?;
            }
            _ => no_grade_options_before(&before, takes.name)?,
        }
    }
    let given = merge(&takes, given_before, own)?;
    let format = settle_format(&takes, given.format, given.output.as_deref())?;
    let options = Options {
        format,
        color: given.color.unwrap_or_default(),
        // `-o -` is standard output, as `-` is standard input among the files.
        output: given.output.filter(|path| path.as_os_str() != "-"),
        rubric: given.rubric,
        quiet,
        all_warnings,
    };
    Ok((command, options))
}

/// The shared options of `report`, taken out of it.
fn take_given(report: &mut crate::cli::ReportArgs) -> Given {
    Given {
        format: report.format.take(),
        color: report.color.take(),
        output: report.output.output.take(),
        rubric: std::mem::take(&mut report.rubric.rubric),
    }
}

/// The options given to a command that lists (`check`, `rubric`), taken out of it.
fn listed(
    format: &mut Option<crate::report::Format>,
    output: &mut crate::cli::OutputArg,
    rubric: &mut crate::cli::RubricArg,
) -> Given {
    Given {
        format: format.take(),
        color: None,
        output: output.output.take(),
        rubric: std::mem::take(&mut rubric.rubric),
    }
}

/// The shared options `command` takes and those it was given, taken out of it.
fn shared_options(command: &mut Command) -> (Takes, Given) {
    let report = |name, report: &mut crate::cli::ReportArgs| {
        let takes = Takes {
            name,
            formats: REPORT_FORMATS,
            color: true,
            rubric: true,
        };
        (takes, take_given(report))
    };
    let plain = |name, formats, rubric| Takes {
        name,
        formats,
        color: false,
        rubric,
    };
    match command {
        Command::Grade(args) => report("grade", &mut args.report),
        Command::Diff(args) => report("diff", &mut args.report),
        Command::Compare(args) => report("compare", &mut args.report),
        Command::Coverage(args) => report("coverage", &mut args.report),
        Command::History(args) => report("history", &mut args.report),
        Command::National(args) => report("national", &mut args.report),
        Command::Check(args) => (
            plain("check", LIST_FORMATS, true),
            listed(&mut args.format, &mut args.output, &mut args.rubric),
        ),
        Command::Rubric(RubricCommand::List(args)) => (
            plain("rubric list", LIST_FORMATS, true),
            listed(&mut args.format, &mut args.output, &mut args.rubric),
        ),
        Command::Rubric(RubricCommand::Show(args)) => (
            plain("rubric show", RUBRIC_SHOW_FORMATS, true),
            listed(&mut args.format, &mut args.output, &mut args.rubric),
        ),
        Command::Template(args) => (
            plain("template", &[], true),
            Given {
                output: args.output.output.take(),
                rubric: std::mem::take(&mut args.rubric),
                ..Given::default()
            },
        ),
        Command::Score(args) => (
            plain("score", &[], true),
            Given {
                rubric: std::mem::take(&mut args.rubric),
                ..Given::default()
            },
        ),
        Command::Completions(args) => (
            plain("completions", &[], false),
            Given {
                output: args.output.output.take(),
                ..Given::default()
            },
        ),
        Command::Schema(args) => (
            plain("schema", &[], false),
            Given {
                output: args.output.output.take(),
                ..Given::default()
            },
        ),
        Command::Man(args) => (
            plain("man", &[], false),
            Given {
                output: args.output.output.take(),
                ..Given::default()
            },
        ),
    }
}

/// Evidence, `--explain` and `--fail-below` given before `peel grade` join its own.
fn merge_grade(before: GradeArgs, args: &mut GradeArgs) {
    let mut evidence = before.evidence;
    evidence.append(&mut args.evidence);
    args.evidence = evidence;
    args.explain |= before.explain;
    args.fail_below = args.fail_below.or(before.fail_below);
    args.filter.join(before.filter);
    args.cycle = args.cycle.take().or(before.cycle);
}

/// Refuses `grade`'s own arguments given before another command.
fn no_grade_options_before(before: &GradeArgs, name: &str) -> Result<(), clap::Error> {
    if let Some(first) = before.evidence.first() {
        return Err(usage_error(
            ErrorKind::UnknownArgument,
            name,
            format!(
                "unexpected argument '{}' before `{name}`: give files after the command",
                first.display()
            ),
        ));
    }
    let misplaced = [
        (before.explain, "--explain"),
        (before.fail_below.is_some(), "--fail-below"),
        (!before.filter.force.is_empty(), "--force"),
        (!before.filter.area.is_empty(), "--area"),
        (before.cycle.is_some(), "--cycle"),
    ];
    match misplaced.iter().find(|(given, _)| *given) {
        Some((_, flag)) => Err(not_taken(flag, name)),
        None => Ok(()),
    }
}

/// Options given before the command and its own, as one; its own win.
fn merge(takes: &Takes, before: Given, own: Given) -> Result<Given, clap::Error> {
    if before.format.is_some() && takes.formats.is_empty() {
        return Err(not_taken("--format", takes.name));
    }
    if before.color.is_some() && !takes.color {
        return Err(not_taken("--color", takes.name));
    }
    if !before.rubric.is_empty() && !takes.rubric {
        return Err(not_taken("--rubric", takes.name));
    }
    let format = own.format.or(before.format);
    if let Some(format) = format
        && !takes.formats.contains(&format)
    {
        return Err(usage_error(
            ErrorKind::InvalidValue,
            takes.name,
            format!(
                "invalid value '{}' for '--format': {}",
                format_name(format),
                formats_message(takes.name, takes.formats)
            ),
        ));
    }
    let mut rubric = before.rubric;
    rubric.extend(own.rubric);
    Ok(Given {
        format,
        color: own.color.or(before.color),
        output: own.output.or(before.output),
        rubric,
    })
}

/// The format to write: the one asked for, else the one `-o FILE`'s extension names,
/// else a table. A file whose extension names a format never gets another: a table in
/// `grades.json` would break the script that reads it.
fn settle_format(
    takes: &Takes,
    asked: Option<Format>,
    output: Option<&Path>,
) -> Result<Format, clap::Error> {
    // template and completions write one thing, whatever the file is called.
    if takes.formats.is_empty() {
        return Ok(Format::Table);
    }
    let (Some(path), Some(named)) = (output, output.and_then(format_named_by)) else {
        return Ok(asked.unwrap_or_default());
    };
    let Some(implied) = takes
        .formats
        .iter()
        .copied()
        .find(|f| format_name(*f) == named)
    else {
        return Err(usage_error(
            ErrorKind::InvalidValue,
            takes.name,
            format!(
                "-o {} asks for {named} by its extension, but {}; give the file another \
                 extension",
                path.display(),
                formats_message(takes.name, takes.formats)
            ),
        ));
    };
    match asked {
        Some(asked) if asked != implied => Err(usage_error(
            ErrorKind::ArgumentConflict,
            takes.name,
            format!(
                "--format {} would write {} into {}, whose extension says {named}; leave \
                 out --format, or give the file another extension",
                format_name(asked),
                format_name(asked),
                path.display()
            ),
        )),
        _ => Ok(implied),
    }
}

/// The format a file's extension names, by the format's `--format` word.
fn format_named_by(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let name = match extension.as_str() {
        "json" => "json",
        "csv" => "csv",
        "md" | "markdown" => "markdown",
        "yaml" | "yml" => "yaml",
        "html" | "htm" => "html",
        _ => return None,
    };
    Some(name)
}

/// The word `--format` takes for `format`.
fn format_name(format: Format) -> String {
    clap::ValueEnum::to_possible_value(&format)
        .map(|value| value.get_name().to_string())
        .unwrap_or_default()
}

/// Bare `peel WORD` where WORD is no file but a near-miss of a command is a mistyped
/// command (`peel comapre x`), not a file to grade.
fn no_mistyped_command(evidence: &[PathBuf]) -> Result<(), clap::Error> {
    let Some(word) = evidence
        .first()
        .filter(|path| !path.exists())
        .and_then(|path| path.to_str())
    else {
        return Ok(());
    };
    // A name with a dot or a slash is a path, however close to a command it looks.
    if !word.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
        return Ok(());
    }
    let command = super::formats::command();
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    match did_you_mean(word, names.iter().copied()) {
        Some(best) => Err(usage_error(
            ErrorKind::InvalidSubcommand,
            "",
            format!(
                "unrecognized subcommand '{word}', and no file '{word}' to grade\n\n  \
                 tip: did you mean '{best}'?"
            ),
        )),
        None => Ok(()),
    }
}

/// "--color does not apply to `peel check`".
fn not_taken(flag: &str, name: &str) -> clap::Error {
    usage_error(
        ErrorKind::ArgumentConflict,
        name,
        format!("{flag} does not apply to `peel {name}`"),
    )
}

/// A usage error (exit 2) formatted as clap formats its own, with the usage of the
/// command named (`""`: of `peel`).
fn usage_error(kind: ErrorKind, name: &str, message: String) -> clap::Error {
    let mut command = super::formats::command();
    command.build();
    for part in name.split_whitespace() {
        match command.find_subcommand(part) {
            Some(sub) => command = sub.clone(),
            None => break,
        }
    }
    clap::Error::raw(kind, message).format(&mut command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(args: &[&str]) -> Result<(Command, Options), clap::Error> {
        parse(std::iter::once("peel").chain(args.iter().copied()))
    }

    fn options(args: &[&str]) -> Options {
        resolved(args).map(|(_, options)| options).unwrap()
    }

    #[test]
    fn options_before_the_command_apply_to_it() {
        assert_eq!(options(&["-f", "json", "grade"]).format, Format::Json);
        assert_eq!(options(&["grade", "-f", "json"]).format, Format::Json);
        assert_eq!(
            options(&["-f", "csv", "diff", "a", "b"]).format,
            Format::Csv
        );
        let both = options(&["--rubric", "a.yaml", "check", "--rubric", "b.yaml", "x"]);
        assert_eq!(
            both.rubric,
            [PathBuf::from("a.yaml"), PathBuf::from("b.yaml")]
        );
    }

    #[test]
    fn the_command_s_own_option_wins() {
        assert_eq!(
            options(&["-f", "json", "grade", "-f", "csv"]).format,
            Format::Csv
        );
    }

    #[test]
    fn an_option_the_command_does_not_take_is_refused_before_it_too() {
        let error = resolved(&["--color", "never", "check", "x"]).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ArgumentConflict);
        assert!(
            error
                .to_string()
                .contains("--color does not apply to `peel check`")
        );
        assert!(resolved(&["--explain", "diff", "a", "b"]).is_err());
        assert!(resolved(&["-f", "json", "template", "--force", "K", "--cycle", "c"]).is_err());
        let error = resolved(&["template", "--format", "json"]).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("--format does not apply to `peel template`")
        );
    }

    #[test]
    fn the_extension_picks_the_format() {
        for (file, format) in [
            ("g.json", Format::Json),
            ("g.csv", Format::Csv),
            ("g.md", Format::Markdown),
            ("g.MARKDOWN", Format::Markdown),
            ("g.html", Format::Html),
            ("g.HTM", Format::Html),
            ("g.txt", Format::Table),
            ("g", Format::Table),
        ] {
            assert_eq!(options(&["-o", file]).format, format, "{file}");
        }
        assert_eq!(
            options(&["rubric", "show", "x", "-o", "r.yml"]).format,
            Format::Yaml
        );
    }

    #[test]
    fn a_format_the_file_s_extension_contradicts_is_refused() {
        assert!(resolved(&["-f", "table", "-o", "x.json"]).is_err());
        assert!(resolved(&["-f", "csv", "-o", "x.json"]).is_err());
        assert!(resolved(&["-o", "x.yaml"]).is_err(), "grade writes no YAML");
        assert!(
            resolved(&["check", "x", "-o", "x.html"]).is_err(),
            "check writes no HTML"
        );
        assert_eq!(
            options(&["-f", "json", "-o", "x.JSON"]).format,
            Format::Json
        );
        assert_eq!(options(&["-f", "csv", "-o", "x.txt"]).format, Format::Csv);
    }

    #[test]
    fn template_and_completions_write_to_any_file_name() {
        let args = ["template", "--force", "K", "--cycle", "c", "-o", "k.yaml"];
        assert_eq!(options(&args).output, Some(PathBuf::from("k.yaml")));
        assert!(resolved(&["completions", "bash", "-o", "peel.json"]).is_ok());
    }

    #[test]
    fn a_near_miss_of_a_command_is_a_mistyped_command() {
        let error = resolved(&["comapre", "x"]).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidSubcommand);
        assert!(error.to_string().contains("did you mean 'compare'?"));
        assert!(
            resolved(&["nothing-like-it"]).is_ok(),
            "left to grade's file not found"
        );
        assert!(resolved(&["comapre.yaml"]).is_ok(), "a path, not a command");
    }
}
