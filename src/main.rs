//! The `peel` binary: parse arguments, run, print any error once, pick the exit code.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A usage error exits 2 with clap's own message, whether clap or peel found it.
    let (command, options) =
        peel::command::options::parse(std::env::args_os()).unwrap_or_else(|error| error.exit());
    // Writes to stderr ignore failures: a closed stderr must not turn into a panic.
    let mut stderr = std::io::stderr().lock();
    match peel::run(command, options) {
        Ok(outcome) => {
            let _ = stderr.write_all(outcome.stderr.as_bytes());
            for warning in &outcome.warnings {
                let _ = writeln!(stderr, "warning: {}", peel::text::sanitise(warning));
            }
            ExitCode::from(outcome.exit_code)
        }
        Err(error) if peel::output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = match error.downcast_ref::<peel::diag::Diagnostics>() {
                Some(diagnostics) => writeln!(stderr, "{diagnostics}"),
                None => writeln!(stderr, "error: {error:#}"),
            };
            ExitCode::from(1)
        }
    }
}
