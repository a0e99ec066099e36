//! `peel man [COMMAND]`: roff man pages made from the clap definition, so that they
//! never disagree with `--help`.

use anyhow::Context;

use super::Outcome;
use super::options::Options;
use crate::cli::ManArgs;
use crate::report::output;
use crate::suggest::did_you_mean;

/// Prints the page of peel or of the command named, or writes every page into a folder.
pub fn run(options: &Options, args: &ManArgs) -> anyhow::Result<Outcome> {
    // Built, so that each command knows its full name (`peel-rubric-show`); `help` is
    // clap's, not a command worth a page.
    let mut root = super::formats::command().disable_help_subcommand(true);
    root.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
        for page in pages(&root) {
            let man = clap_mangen::Man::new(page.clone());
            let path = dir.join(man.get_filename());
            output::write(&render(page)?, Some(&path))?;
        }
        return Ok(Outcome::default());
    }
    let mut page = &root;
    for word in &args.command {
        page = page
            .find_subcommand(word)
            .ok_or_else(|| unknown(page, word))?;
    }
    let text = render(page)?;
    output::write(&text, options.output.as_deref())?;
    Ok(Outcome::default())
}

/// A command and every command under it, the command first.
fn pages(command: &clap::Command) -> Vec<&clap::Command> {
    let mut all = vec![command];
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        all.extend(pages(sub));
    }
    all
}

/// The page of `command` as roff text, starting with its `.TH` title line: its
/// synopsis as `--help` gives it, then clap's sections, EXIT STATUS and EXAMPLES.
fn render(command: &clap::Command) -> anyhow::Result<String> {
    // clap_mangen's own synopsis drops option values and repetition (`<SHEET>` for
    // `<SHEET>...`); the usage line of `--help` has them right.
    let name = command.get_name().to_string();
    let mut command = command.clone();
    let usage = command.render_usage().to_string();
    let usage = usage.trim_start_matches("Usage: ").to_string();
    let man = clap_mangen::Man::new(command.override_usage(usage));
    let mut buffer = Vec::new();
    man.source(format!("peel {}", env!("CARGO_PKG_VERSION")))
        .render(&mut buffer)?;
    let text = String::from_utf8(buffer)?;
    // clap_mangen defines its quote string before the title; tools that tell a man
    // page by its first request (and readers) expect `.TH` first, and the definition
    // works as well after it, before any text uses it.
    let mut lines: Vec<&str> = text.lines().collect();
    if let Some(title) = lines.iter().position(|line| line.starts_with(".TH ")) {
        let line = lines.remove(title);
        lines.insert(0, line);
    }
    let mut page = lines.join("\n");
    page.push('\n');
    page.push_str(&exit_status());
    page.push_str(&examples(&name));
    Ok(page)
}

/// The EXIT STATUS section every page has: peel's exit codes are the same for every
/// command.
fn exit_status() -> String {
    let codes = [
        ("0", "Success."),
        (
            "1",
            "Bad input or an I/O error: the message names the file, and the line and column.",
        ),
        ("2", "Usage error: an unknown command, option or value."),
        (
            "3",
            "\\-\\-fail\\-below not met: an area graded below the bar, or a sheet with no area graded.",
        ),
    ];
    let mut text = String::from(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in codes {
        text.push_str(&format!(".TP\n\\fB{code}\\fR\n{meaning}\n"));
    }
    text
}

/// Commands to try, for the page of the command named `name`.
fn example_lines(name: &str) -> &'static [(&'static str, &'static str)] {
    match name {
        "peel" | "grade" => &[
            (
                "peel",
                "Grade the bundled example, the Met's 2023\\(en25 evidence.",
            ),
            (
                "peel grade evidence/ --explain",
                "Grade a folder of evidence and say why.",
            ),
            (
                "peel grade evidence/ --fail-below adequate",
                "Exit 3 if an area is graded below adequate.",
            ),
        ],
        "diff" => &[
            (
                "peel diff old.yaml new.yaml",
                "How each area moved between two sheets.",
            ),
            (
                "peel diff data/peel-grades.csv --from 2021/22 --to 2023-25 --summary",
                "Every force's movement between two cycles.",
            ),
        ],
        "compare" => &[
            (
                "peel compare data/peel-grades.csv --sort worst",
                "A force \\(mu area matrix, worst first.",
            ),
            (
                "peel compare grades/ --all -o matrix.html",
                "Every sheet, as an HTML heat map.",
            ),
        ],
        "check" => &[
            (
                "peel check evidence/",
                "Report every problem, with its file, line and column.",
            ),
            ("peel check -f json evidence/", "The same, for a script."),
        ],
        "template" => &[(
            "peel template --force \"Kent Police\" --cycle 2023-25 -o kent.yaml",
            "Start an evidence file.",
        )],
        "coverage" => &[(
            "peel coverage data/peel-grades.csv",
            "Which grades the data holds, and the gaps.",
        )],
        "history" => &[(
            "peel history data/peel-grades.csv --force Kent",
            "Kent's grades across every cycle.",
        )],
        "national" => &[(
            "peel national data/peel-grades.csv -o national.html",
            "Forces per grade, per area and cycle, charted.",
        )],
        "schema" => &[(
            "peel schema evidence -o peel-evidence.schema.json",
            "A schema for an editor.",
        )],
        "man" => &[("peel man --dir man/", "Write every page into a folder.")],
        "completions" => &[("peel completions bash > peel.bash", "Completions for bash.")],
        "rubric" | "list" | "show" => &[
            ("peel rubric list", "The rubrics peel knows."),
            (
                "peel rubric show peel-2023-25",
                "One rubric's areas and criteria.",
            ),
        ],
        _ => &[],
    }
}

/// The EXAMPLES section of the page of `name`, if it has examples.
fn examples(name: &str) -> String {
    let lines = example_lines(name);
    if lines.is_empty() {
        return String::new();
    }
    let mut text = String::from(".SH EXAMPLES\n");
    for (command, what) in lines {
        let command = command.replace('-', "\\-");
        text.push_str(&format!(".TP\n\\fB{command}\\fR\n{what}\n"));
    }
    text
}

/// "no command `grdae` (did you mean `grade`?)", listing the commands there are: a
/// usage error.
fn unknown(parent: &clap::Command, word: &str) -> anyhow::Error {
    super::usage(unknown_message(parent, word))
}

/// The message of [`unknown`].
fn unknown_message(parent: &clap::Command, word: &str) -> String {
    let names: Vec<&str> = parent.get_subcommands().map(|c| c.get_name()).collect();
    let hint = did_you_mean(word, names.iter().copied())
        .map(|best| format!(" (did you mean `{best}`?)"))
        .unwrap_or_default();
    let whose = parent.get_bin_name().unwrap_or(parent.get_name());
    if names.is_empty() {
        return format!("`{whose}` has no commands, so no page for `{word}`");
    }
    format!(
        "`{whose}` has no command `{word}`{hint}; its commands are {}",
        names.join(", ")
    )
}
