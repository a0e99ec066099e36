//! `peel completions SHELL`: shell completions from the clap definition.

use super::Outcome;
use super::options::Options;

use crate::report::output;

/// Prints completions for `shell`.
pub fn run(options: &Options, shell: clap_complete::Shell) -> anyhow::Result<Outcome> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut super::formats::command(), "peel", &mut buffer);
    output::write(&String::from_utf8(buffer)?, options.output.as_deref())?;
    Ok(Outcome::default())
}
