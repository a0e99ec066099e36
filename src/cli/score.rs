//! `peel score`: an evidence file scored in the terminal (see [`crate::tui`]).

use std::io::IsTerminal;

use super::Outcome;
use super::options::Options;
use crate::cli::ScoreArgs;
use crate::model::rubric::Registry;
use crate::read::Input;
use crate::tui::open::{self, Wanted};

/// Opens the file (or a new one from the template) and runs the session until the user
/// quits. Refuses, pointing to `template` and `grade`, where there is no terminal.
pub fn run(
    _options: &Options,
    registry: &Registry,
    args: &ScoreArgs,
    chosen: Option<String>,
) -> anyhow::Result<Outcome> {
    for (name, is_terminal) in [
        ("standard input", std::io::stdin().is_terminal()),
        ("standard output", std::io::stdout().is_terminal()),
    ] {
        if !is_terminal {
            return Err(super::usage(format!(
                "peel score needs a terminal, and {name} is not one; without one, write evidence from `peel template` and grade it with `peel grade --explain`"
            )));
        }
    }
    let wanted = Wanted {
        force: args.force.clone(),
        cycle: args.cycle.clone(),
        rubric: chosen,
    };
    let shown = args.file.display().to_string();
    let opened = if args.file.exists() {
        let text = crate::read::read_text(&Input::File(args.file.clone()))
            .map_err(crate::diag::Diagnostics::from)?;
        open::existing(&shown, &text, registry, &wanted)
    } else {
        open::new_file(&shown, registry, &wanted)
    };
    let mut app = opened.map_err(super::usage)?;
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    crate::tui::terminal::run(&mut app, registry, &args.file)?;
    Ok(Outcome::default())
}
