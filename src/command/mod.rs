//! One file per command: each turns its arguments into loaded files, runs the engine
//! and hands the result to a reporter. `lib.rs` only dispatches here.

pub mod check;
pub mod compare;
pub mod completions;
pub mod diff;
pub mod grade;
pub mod man;
pub mod options;
pub mod rubric;
pub mod schema;
pub mod template;

use std::io::IsTerminal;

use crate::cli::ColorChoice;

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
    pub sheets: Vec<crate::sheet::Sheet>,
    /// Warnings for the user.
    pub warnings: Vec<String>,
}

/// Reads every input and grades its evidence: the sheets `diff` and `compare` take.
pub(crate) fn sheets(
    inputs: crate::load::Inputs,
    registry: &crate::rubric::Registry,
) -> Result<Sheets, crate::diag::Diagnostics> {
    let corpus = crate::load::load(inputs, registry, false)?;
    let warnings = corpus.warning_lines();
    Ok(Sheets {
        sheets: crate::assess::sheets(corpus, false).collect(),
        warnings,
    })
}
