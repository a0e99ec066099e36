//! What each `--format` gives for each command, in its help, man page and completions:
//! `peel coverage --format csv` is told as a row per cycle, force and area, not as
//! "CSV for spreadsheets" of some other command.

use clap::CommandFactory;

use super::args::{Cli, FormatParser, LIST_FORMATS, REPORT_FORMATS, RUBRIC_SHOW_FORMATS};
use crate::report::Format::{self, Csv, Html, Json, Markdown, Table, Yaml};

/// Each command's formats and what each gives for it.
type Helps = &'static [(Format, &'static str)];

const GRADE: Helps = &[
    (Table, "A table per sheet, worst area first, with why"),
    (
        Json,
        "JSON, `peel.grades/1` (`peel schema grades`); reads back as sheets",
    ),
    (
        Csv,
        "A row per force, cycle and area; reads back as published grades",
    ),
    (Markdown, "A table per sheet, for reports and issues"),
    (
        Html,
        "One self-contained page of every sheet, to read, share and print",
    ),
];

const DIFF: Helps = &[
    (Table, "A table of each force's movements, area by area"),
    (Json, "JSON, `peel.diff/1` (`peel schema diff`)"),
    (Csv, "A row per force and area, with its movement and steps"),
    (Markdown, "A table per force, for reports and issues"),
    (Html, "One self-contained page of every force's movements"),
];

const COMPARE: Helps = &[
    (Table, "A heatmap: a row per force, a column per area"),
    (
        Json,
        "JSON, `peel.compare/1` (`peel schema compare`); reads back as sheets",
    ),
    (
        Csv,
        "A row per force, a column per area; reads back as published grades",
    ),
    (Markdown, "The heatmap as a Markdown table"),
    (Html, "The heatmap as one self-contained, coloured page"),
];

const COVERAGE: Helps = &[
    (
        Table,
        "Per cycle: grades found of those expected, by area and by force",
    ),
    (Json, "JSON, `peel.coverage/1` (`peel schema coverage`)"),
    (
        Csv,
        "A row per cycle, force and area, found yes or no, for a pivot table",
    ),
    (Markdown, "The tables in Markdown"),
    (Html, "The tables as one self-contained page"),
];

const HISTORY: Helps = &[
    (
        Table,
        "Per force, its cycles side by side, each move marked ▲ ▼ =",
    ),
    (Json, "JSON, `peel.history/1` (`peel schema history`)"),
    (Csv, "A row per force, area and cycle, with its movement"),
    (Markdown, "The tables in Markdown"),
    (Html, "The tables as one self-contained page"),
];

const NATIONAL: Helps = &[
    (Table, "Per area and cycle, how many forces got each grade"),
    (Json, "JSON, `peel.national/1` (`peel schema national`)"),
    (Csv, "A row per area and cycle, a column per grade"),
    (Markdown, "The table in Markdown"),
    (Html, "One self-contained page, each row a stacked bar"),
];

const CHECK: Helps = &[
    (
        Table,
        "Each problem and warning with its line, on standard error",
    ),
    (Json, "JSON, `peel.check/1` (`peel schema check`)"),
    (Csv, "A row per problem: path, line, column, field, message"),
    (Markdown, "A list of the problems"),
];

const RUBRIC_LIST: Helps = &[
    (
        Table,
        "A row per rubric: id, title, areas, criteria, where it is from",
    ),
    (Json, "A list of the rubrics"),
    (Csv, "A row per rubric"),
    (Markdown, "The list as a Markdown table"),
];

const RUBRIC_SHOW: Helps = &[
    (
        Table,
        "The rubric's areas and criteria, weights and critical marks",
    ),
    (Json, "The rubric as JSON"),
    (Csv, "A row per criterion"),
    (Markdown, "The areas and criteria as Markdown tables"),
    (Yaml, "The rubric's source, to start a rubric of your own"),
];

/// peel's command line, each `--format` listing what it gives for its command.
pub fn command() -> clap::Command {
    let mut root = Cli::command();
    let report: [(&str, Helps); 6] = [
        ("grade", GRADE),
        ("diff", DIFF),
        ("compare", COMPARE),
        ("coverage", COVERAGE),
        ("history", HISTORY),
        ("national", NATIONAL),
    ];
    for (name, helps) in report {
        root = root.mut_subcommand(name, |sub| with_helps(sub, REPORT_FORMATS, helps));
    }
    root = root.mut_subcommand("check", |sub| with_helps(sub, LIST_FORMATS, CHECK));
    root.mut_subcommand("rubric", |rubric| {
        rubric
            .mut_subcommand("list", |sub| with_helps(sub, LIST_FORMATS, RUBRIC_LIST))
            .mut_subcommand("show", |sub| {
                with_helps(sub, RUBRIC_SHOW_FORMATS, RUBRIC_SHOW)
            })
    })
}

/// `sub` with its `--format` taking `formats`, each told as `helps` says.
fn with_helps(sub: clap::Command, formats: &'static [Format], helps: Helps) -> clap::Command {
    sub.mut_arg("format", |arg| {
        arg.value_parser(FormatParser(formats, helps))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_of_every_command_is_told() {
        let mut root = command();
        root.build();
        let mut told = 0;
        for sub in root
            .get_subcommands()
            .flat_map(|s| std::iter::once(s).chain(s.get_subcommands()))
        {
            let Some(format) = sub.get_arguments().find(|a| a.get_id() == "format") else {
                continue;
            };
            for value in format.get_possible_values() {
                let help = value
                    .get_help()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                assert!(
                    !help.is_empty(),
                    "{} --format {}",
                    sub.get_name(),
                    value.get_name()
                );
                told += 1;
            }
        }
        // 6 report commands × 5, check and rubric list × 4, rubric show × 5.
        assert_eq!(told, 6 * 5 + 2 * 4 + 5);
    }

    #[test]
    fn a_format_is_told_for_its_own_command() {
        let root = command();
        let help = |name: &str| {
            let mut sub = root.find_subcommand(name).unwrap().clone();
            sub.render_long_help().to_string()
        };
        assert!(help("coverage").contains("peel.coverage/1"));
        assert!(!help("coverage").contains("peel.grades/1"));
        assert!(help("national").contains("stacked bar"));
    }
}
