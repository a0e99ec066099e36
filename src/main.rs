//! The `peel` binary: parse arguments, run, print any error once, pick the exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = peel::cli::Cli::parse();
    match peel::run(cli) {
        Ok(outcome) => {
            for warning in &outcome.warnings {
                eprintln!("warning: {}", peel::report::sanitise(warning));
            }
            ExitCode::from(outcome.exit_code)
        }
        Err(error) if peel::output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            match error.downcast_ref::<peel::diag::Diagnostics>() {
                Some(diagnostics) => eprintln!("{diagnostics}"),
                None => eprintln!("error: {error:#}"),
            }
            ExitCode::from(1)
        }
    }
}
