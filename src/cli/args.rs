//! Command-line arguments: clap derive definitions, and the value parsers that give
//! clap the words to complete and to list in `--help`.
//!
//! Options belong to the commands that take them, so each command's `--help` shows only
//! its own. Options given before a command (`peel -f json grade`) are parsed as those of
//! bare `peel`, which is `peel grade`, and merged into the command's when the
//! options are resolved (`command::options`, which reads this module, never the
//! other way round).

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::compare::SortOrder;
use crate::model::grade::Grade;
use crate::model::rubric::built_in_rubric_ids;
use crate::report::Format;

/// What each exit code means, for `--help` (SPEC §9).
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  bad input or an I/O error: the message names the file, and the line and column
  2  usage error: an unknown command, option or value
  3  --fail-below not met: an area graded below the bar, or a sheet with no area graded";

/// Grade police forces against an inspection rubric, and say why.
#[derive(Debug, Parser)]
#[command(name = "peel", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// With no command, `peel` is `peel grade`: these are its arguments, and options
    /// given before a command.
    #[command(flatten)]
    pub grade: GradeArgs,

    /// What to do; with none, `grade` grades the bundled example.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Print no warnings and no progress bar; errors still print.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// Print every warning: on a terminal only the first few are printed, then how many
    /// more there are (into a pipe or file, every one is).
    #[arg(long, global = true, conflicts_with = "quiet")]
    pub all_warnings: bool,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// Only on a terminal, and never when NO_COLOR is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade evidence files or directories (none: the bundled Met example); published
    /// grades given too are shown as published.
    #[command(after_help = EXIT_CODES)]
    Grade(GradeArgs),
    /// Compare two sheets (or two sets of sheets, paired by force): how each area moved.
    Diff(DiffArgs),
    /// A force × area matrix of many sheets, with totals per grade.
    Compare(CompareArgs),
    /// Which forces and areas have a published grade in each cycle, and the gaps.
    Coverage(NationalArgs),
    /// Each force's grades across every cycle, area by area, with the movement marked.
    History(NationalArgs),
    /// Per area and cycle, how many forces got each grade, and how that moved.
    National(NationalArgs),
    /// Validate rubrics, evidence and sheets, reporting every problem with its place.
    Check(CheckArgs),
    /// List the known rubrics, or show one's areas and criteria.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Print an evidence skeleton: every criterion not assessed, its text as a comment.
    Template(TemplateArgs),
    /// Score a force in the terminal, criterion by criterion, the grades updating live.
    #[command(after_help = SCORE_KEYS)]
    Score(ScoreArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print the JSON Schema of a file peel reads or writes, for editors and scripts.
    Schema(SchemaArgs),
    /// Print the man page of peel, or of one of its commands.
    Man(ManArgs),
}

/// The formats of the reports of `grade`, `diff` and `compare`.
pub const REPORT_FORMATS: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Csv,
    Format::Markdown,
    Format::Html,
];

/// The formats of `check` and `rubric list`.
pub const LIST_FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Csv, Format::Markdown];

/// The formats of `rubric show`: the reports', and the rubric's YAML source.
pub const RUBRIC_SHOW_FORMATS: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Csv,
    Format::Markdown,
    Format::Yaml,
];

/// `-o FILE`, which every command takes.
#[derive(Debug, Clone, Args)]
pub struct OutputArg {
    /// Write the output to FILE (atomically: the old file is kept if the run fails); `-`
    /// is standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `--rubric FILE`, for the commands that read sheets or rubrics.
#[derive(Debug, Clone, Args)]
pub struct RubricArg {
    /// Add a rubric from a YAML file (repeatable); one with a built-in's id replaces it.
    #[arg(long, value_name = "FILE")]
    pub rubric: Vec<PathBuf>,
}

/// The options of the reports of `grade`, `diff` and `compare`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Output format [default: table, or the one -o FILE's extension names: .json, .csv,
    /// .md, .html].
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = FormatParser(REPORT_FORMATS, &[]))]
    pub format: Option<Format>,

    /// When to colour grades [default: auto: only on a terminal, and never when NO_COLOR
    /// is set].
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArg,

    /// Rubrics beyond the built-in ones.
    #[command(flatten)]
    pub rubric: RubricArg,
}

/// `--force`, `--area` and `--cycle`: which sheets and areas a report shows.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only this force, by name or id (repeatable).
    #[arg(long, value_name = "NAME|ID", help_heading = "Filters")]
    pub force: Vec<String>,
    /// Only this area, by id or title (repeatable).
    #[arg(long, value_name = "ID|TITLE", help_heading = "Filters")]
    pub area: Vec<String>,
}

impl FilterArgs {
    /// The filter these arguments ask for, with the cycle given alongside.
    pub fn filter(&self, cycle: Option<&String>) -> crate::engine::filter::Filter {
        crate::engine::filter::Filter {
            forces: self.force.clone(),
            areas: self.area.clone(),
            cycle: cycle.cloned(),
        }
    }

    /// Whether any filter was given.
    pub fn is_empty(&self) -> bool {
        self.force.is_empty() && self.area.is_empty()
    }

    /// Adds the filters of `other` (given before the command) to these.
    pub fn join(&mut self, other: FilterArgs) {
        self.force.extend(other.force);
        self.area.extend(other.area);
    }
}

/// Arguments of `peel grade`.
#[derive(Debug, Clone, Args)]
pub struct GradeArgs {
    /// Evidence files or directories (every *.yaml/*.yml below), or published grades
    /// (YAML, CSV, JSON); `-` reads standard input.
    #[arg(value_name = "EVIDENCE")]
    pub evidence: Vec<PathBuf>,

    /// Show the reasons for every grade: score, band, ceilings, moderation, notes.
    #[arg(long)]
    pub explain: bool,

    /// Exit with code 3 if any final grade is below GRADE, or a sheet has no area graded
    /// (ungraded areas do not count otherwise); "RI" and "requires improvement" work too.
    #[arg(long, value_name = "GRADE", value_parser = GradeParser)]
    pub fail_below: Option<Grade>,

    /// Which forces and areas to show.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Only sheets of this cycle.
    #[arg(long, value_name = "LABEL", help_heading = "Filters")]
    pub cycle: Option<String>,

    /// Output options.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Arguments of `peel diff`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  peel diff last-year/ this-year/                      two sheets, or two sets paired by force
  peel diff grades.csv --from 2021/22 --to 2023-25     one pool of sheets, each force's two cycles")]
pub struct DiffArgs {
    /// OLD and NEW (a sheet, evidence, a CSV or JSON of many sheets, or a directory
    /// each); with --from and --to, any number of inputs, pooled.
    #[arg(value_name = "SHEETS", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Pool the inputs and diff each force's sheet of this cycle (needs --to).
    #[arg(long, value_name = "CYCLE", requires = "to")]
    pub from: Option<String>,
    /// …against its sheet of this cycle (needs --from).
    #[arg(long, value_name = "CYCLE", requires = "from")]
    pub to: Option<String>,
    /// Print only the all-forces table: per area, how many forces moved which way.
    #[arg(long)]
    pub summary: bool,
    /// Force order: by force, or by net steps, most improved or most declined first.
    #[arg(long, value_enum, default_value_t = crate::engine::diff::DiffSort::Force)]
    pub sort: crate::engine::diff::DiffSort,
    /// Refused with a hint: a diff's two cycles are --from and --to.
    #[arg(long, hide = true, value_name = "LABEL")]
    pub cycle: Option<String>,
    /// Which forces and areas to show.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output options.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Arguments of `peel compare`.
#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// Sheets, evidence, CSV or JSON files, or directories of them.
    #[arg(value_name = "SHEET", required = true)]
    pub sheets: Vec<PathBuf>,
    /// Row order: by force (then cycle), or worst first.
    #[arg(long, value_enum, default_value_t = SortOrder::Force)]
    pub sort: SortOrder,
    /// Every sheet, not only each force's newest, with totals per cycle.
    #[arg(long, conflicts_with = "cycle")]
    pub all: bool,
    /// Only sheets of this cycle (default: each force's newest sheet).
    #[arg(long, value_name = "LABEL", help_heading = "Filters")]
    pub cycle: Option<String>,
    /// Which forces and areas to show.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output options.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Arguments of `peel coverage`, `peel history` and `peel national`.
#[derive(Debug, Clone, Args)]
pub struct NationalArgs {
    /// Sheets, evidence, CSV or JSON files, or directories of them.
    #[arg(value_name = "SHEET", required = true)]
    pub sheets: Vec<PathBuf>,
    /// Only sheets of this cycle.
    #[arg(long, value_name = "LABEL", help_heading = "Filters")]
    pub cycle: Option<String>,
    /// Which forces and areas to show.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output options.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Arguments of `peel check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files or directories (every *.yaml, *.yml, *.csv, *.json below); `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Output format [default: table, on standard error; or from -o FILE's extension].
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = FormatParser(LIST_FORMATS, &[]))]
    pub format: Option<Format>,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArg,
    /// Rubric files, checked too and used to check the other files.
    #[command(flatten)]
    pub rubric: RubricArg,
    /// Fail (exit 1) on warnings too: a near-miss name, a cycle its rubric does not
    /// serve, a file skipped, for a gate in CI.
    #[arg(long)]
    pub strict: bool,
}

/// The `peel rubric` commands.
#[derive(Debug, Clone, Subcommand)]
pub enum RubricCommand {
    /// The built-in rubrics and any given with --rubric.
    List(RubricListArgs),
    /// A rubric's areas, criteria, weights and critical marks (`--format yaml`: its source).
    Show(RubricShowArgs),
}

/// Arguments of `peel rubric list`.
#[derive(Debug, Clone, Args)]
pub struct RubricListArgs {
    /// Output format [default: table, or from -o FILE's extension].
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = FormatParser(LIST_FORMATS, &[]))]
    pub format: Option<Format>,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArg,
    /// Rubrics beyond the built-in ones.
    #[command(flatten)]
    pub rubric: RubricArg,
}

/// Arguments of `peel rubric show`.
#[derive(Debug, Clone, Args)]
pub struct RubricShowArgs {
    /// The rubric's id, such as peel-2023-25 (`peel rubric list` names them all).
    #[arg(value_name = "ID", value_parser = RubricIdParser, hide_possible_values = true)]
    pub id: String,
    /// Output format [default: table, or from -o FILE's extension]; yaml prints the
    /// rubric's source, to start a rubric of your own.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = FormatParser(RUBRIC_SHOW_FORMATS, &[]))]
    pub format: Option<Format>,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArg,
    /// Rubrics beyond the built-in ones.
    #[command(flatten)]
    pub rubric: RubricArg,
}

/// Arguments of `peel template`.
#[derive(Debug, Clone, Args)]
pub struct TemplateArgs {
    /// The force's name.
    #[arg(long)]
    pub force: String,
    /// The inspection cycle's label, such as 2023-25: it picks the rubric that serves it.
    #[arg(long)]
    pub cycle: String,
    /// Write only this area's criteria (repeatable; default: every area).
    #[arg(long, value_name = "ID")]
    pub area: Vec<String>,
    /// The rubric to write a skeleton for, by id or YAML file; it wins over --cycle.
    #[arg(long, value_name = "ID|FILE")]
    pub rubric: Vec<PathBuf>,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArg,
}

/// The keys of `peel score`, for its help and man page.
pub const SCORE_KEYS: &str = "Keys:
  ↑/↓ or k/j   previous / next criterion
  ←/→ or h/l   previous / next area
  e d p n x    exceeded, demonstrated, partly, not demonstrated, not assessed
  Enter        edit the criterion's note (Enter keeps it, Esc cancels)
  f            add a finding to the area (c cause of concern, a area for improvement,
               i innovative practice, p promising practice), then its text
  s            save (atomically; comments and everything else in the file are kept)
  q            quit; with unsaved changes it asks: y save and quit, n quit, Esc stay
  ?            show the keys

The file must parse for a save: one with problems opens with them listed and the
criteria it could read, and is not saved until they are fixed. NO_COLOR is honoured.";

/// Arguments of `peel score`.
#[derive(Debug, Clone, Args)]
pub struct ScoreArgs {
    /// The evidence file to score; created from the template when it does not exist
    /// (name its --force and --cycle).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The force's name, for a new file.
    #[arg(long)]
    pub force: Option<String>,
    /// The inspection cycle's label, for a new file: it picks the rubric that serves it.
    #[arg(long)]
    pub cycle: Option<String>,
    /// The rubric of a new file, by id or YAML file; it wins over --cycle.
    #[arg(long, value_name = "ID|FILE")]
    pub rubric: Vec<PathBuf>,
}

/// Arguments of `peel completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArg,
}

/// Arguments of `peel schema`.
#[derive(Debug, Clone, Args)]
pub struct SchemaArgs {
    /// The kind of file.
    #[arg(value_enum)]
    pub kind: crate::report::schema::Kind,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArg,
}

/// Arguments of `peel man`.
#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// The command whose page to print, such as `grade` or `rubric show` (none: peel's
    /// own page).
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,
    /// Write every page (peel.1, peel-grade.1, …) into DIR instead.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub dir: Option<PathBuf>,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArg,
}

/// The name of the command being parsed, as a user types it after `peel`.
fn command_name(cmd: &clap::Command) -> String {
    let name = cmd.get_bin_name().unwrap_or(cmd.get_name());
    match name.strip_prefix("peel ") {
        Some(rest) => rest.to_string(),
        // Bare `peel` is `peel grade`.
        None => "grade".to_string(),
    }
}

/// "grade supports table, json, csv, markdown": a command's formats, for messages.
pub fn formats_message(command: &str, formats: &[Format]) -> String {
    let names: Vec<String> = formats
        .iter()
        .filter_map(|f| f.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect();
    format!("{command} supports {}", names.join(", "))
}

/// `--format` for a command that writes only some formats: clap offers and lists those,
/// each with what it gives for that command, and refuses the others by naming them.
#[derive(Debug, Clone, Copy)]
pub struct FormatParser(
    /// The formats the command writes.
    pub &'static [Format],
    /// What a format gives for this command, where it says more than the format's own
    /// words.
    pub &'static [(Format, &'static str)],
);

impl TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Format, clap::Error> {
        // Before a command, peel cannot yet know which command the format is for: any is
        // taken there, and checked against that command's formats once it is known.
        let formats = if cmd.has_subcommands() {
            Format::value_variants()
        } else {
            self.0
        };
        let message = formats_message(&command_name(cmd), formats);
        let parse = move |text: &str| {
            formats
                .iter()
                .copied()
                .find(|f| f.to_possible_value().is_some_and(|v| v.matches(text, true)))
                .ok_or_else(|| message.clone())
        };
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().filter_map(|format| {
            let value = format.to_possible_value()?;
            match self.1.iter().find(|(f, _)| f == format) {
                Some((_, help)) => Some(value.help(*help)),
                None => Some(value),
            }
        })))
    }
}

/// A grade on the command line: the canonical words offered and listed, published
/// wording ("RI", "Requires improvement") accepted.
#[derive(Debug, Clone, Copy)]
pub struct GradeParser;

impl TypedValueParser for GradeParser {
    type Value = Grade;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Grade, clap::Error> {
        let parse = |text: &str| text.parse::<Grade>().map_err(|e| e.to_string());
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Grade::ALL.into_iter().map(|grade| {
            PossibleValue::new(grade.as_str()).help(grade.label())
        })))
    }
}

/// A rubric id: the built-in ids are offered for completion, but any id is taken here,
/// so that one from a `--rubric` file works and an unknown one gets peel's own
/// did-you-mean.
#[derive(Debug, Clone, Copy)]
pub struct RubricIdParser;

impl TypedValueParser for RubricIdParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(built_in_rubric_ids().map(PossibleValue::new)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn built_in_rubric_ids_are_the_registry_s() {
        let registry = crate::model::rubric::Registry::new(Vec::new()).unwrap();
        let mut ids: Vec<&str> = built_in_rubric_ids().collect();
        ids.sort_unstable();
        let known: Vec<&str> = registry.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, known);
    }
}
