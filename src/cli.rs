//! Command-line arguments: clap derive definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::compare::SortOrder;
use crate::grade::Grade;
use crate::report::Format;

/// Grade police forces against an inspection rubric, and say why.
#[derive(Debug, Parser)]
#[command(
    name = "peel",
    version,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// With no command, `peel` is `peel grade`: these are its arguments.
    #[command(flatten)]
    pub grade: GradeArgs,

    /// What to do; with none, `grade` grades the bundled example.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Output format.
    #[arg(long, short = 'f', global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// When to colour grades: auto means only on a terminal and never when NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Write the output to FILE (atomically: the old file is kept if the run fails).
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Add a rubric from a YAML file (repeatable); one with a built-in's id replaces it.
    /// With `template`, a rubric id picks the rubric to write a skeleton for.
    #[arg(long, global = true, value_name = "FILE")]
    pub rubric: Vec<PathBuf>,
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
    Grade(GradeArgs),
    /// Compare two sheets (or two sets of sheets, paired by force): how each area moved.
    Diff(DiffArgs),
    /// A force × area matrix of many sheets, with totals per grade.
    Compare(CompareArgs),
    /// Validate rubrics, evidence and sheets, reporting every problem with its place.
    Check(CheckArgs),
    /// List the known rubrics, or show one's areas and criteria.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Print an evidence skeleton: every criterion not assessed, its text as a comment.
    Template(TemplateArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
}

/// Arguments of `peel check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories (every *.yaml, *.yml, *.csv, *.json below); `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// The `peel rubric` commands.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// The built-in rubrics and any given with --rubric.
    List,
    /// A rubric's areas, criteria, weights and critical marks (`--format yaml`: its source).
    Show {
        /// The rubric's id, such as peel-2023-25.
        id: String,
    },
}

/// Arguments of `peel template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The force's name.
    #[arg(long)]
    pub force: String,
    /// The inspection cycle's label, such as 2023-25.
    #[arg(long)]
    pub cycle: String,
}

/// Arguments of `peel completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `peel diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older grades: a sheet, evidence, a CSV or JSON of many sheets, or a directory.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The newer grades, in any of the same forms.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
}

/// Arguments of `peel compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Sheets, evidence, CSV or JSON files, or directories of them.
    #[arg(value_name = "SHEET", required = true)]
    pub sheets: Vec<PathBuf>,
    /// Row order: by force (then cycle), or worst first.
    #[arg(long, value_enum, default_value_t = SortOrder::Force)]
    pub sort: SortOrder,
}

/// Arguments of `peel grade`.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Evidence files or directories (every *.yaml/*.yml below), or published grades
    /// (YAML, CSV, JSON); `-` reads standard input.
    #[arg(value_name = "EVIDENCE")]
    pub evidence: Vec<PathBuf>,

    /// Show the reasons for every grade: score, band, ceilings, moderation, notes.
    #[arg(long)]
    pub explain: bool,

    /// Exit with code 3 if any final grade is below GRADE (ungraded areas do not count).
    #[arg(long, value_name = "GRADE", value_parser = parse_grade)]
    pub fail_below: Option<Grade>,
}

fn parse_grade(text: &str) -> Result<Grade, String> {
    text.parse()
        .map_err(|e: crate::grade::ParseGradeError| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
