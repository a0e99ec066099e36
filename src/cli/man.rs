//! `peel man [COMMAND]`: roff man pages made from the clap definition, so that they
//! never disagree with `--help`.

use anyhow::{Context, anyhow};
use clap::CommandFactory;

use super::Outcome;
use super::options::Options;
use crate::cli::{Cli, ManArgs};
use crate::report::output;
use crate::suggest::did_you_mean;

/// Prints the page of peel or of the command named, or writes every page into a folder.
pub fn run(options: &Options, args: &ManArgs) -> anyhow::Result<Outcome> {
    // Built, so that each command knows its full name (`peel-rubric-show`); `help` is
    // clap's, not a command worth a page.
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
        for page in pages(&root) {
            let man = clap_mangen::Man::new(page.clone());
            let path = dir.join(man.get_filename());
            output::write(&render(man)?, Some(&path))?;
        }
        return Ok(Outcome::default());
    }
    let mut page = &root;
    for word in &args.command {
        page = page
            .find_subcommand(word)
            .ok_or_else(|| unknown(page, word))?;
    }
    let text = render(clap_mangen::Man::new(page.clone()))?;
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

/// The page as roff text, starting with its `.TH` title line.
fn render(man: clap_mangen::Man) -> anyhow::Result<String> {
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
    Ok(page)
}

/// "no command `grdae` (did you mean `grade`?)", listing the commands there are.
fn unknown(parent: &clap::Command, word: &str) -> anyhow::Error {
    let names: Vec<&str> = parent.get_subcommands().map(|c| c.get_name()).collect();
    let hint = did_you_mean(word, names.iter().copied())
        .map(|best| format!(" (did you mean `{best}`?)"))
        .unwrap_or_default();
    let whose = parent.get_bin_name().unwrap_or(parent.get_name());
    if names.is_empty() {
        return anyhow!("`{whose}` has no commands, so no page for `{word}`");
    }
    anyhow!(
        "`{whose}` has no command `{word}`{hint}; its commands are {}",
        names.join(", ")
    )
}
