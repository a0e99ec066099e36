//! The `peel` binary: parse arguments, run, print any error once, pick the exit code.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A usage error exits 2 with clap's own message, whether clap or peel found it.
    let (command, options) =
        peel::cli::options::parse(std::env::args_os()).unwrap_or_else(|error| error.exit());
    // --quiet silences warnings, never errors.
    let quiet = options.quiet;
    let result = peel::run(command, options);
    // Locked only once the run is over: a progress bar draws to stderr from other
    // threads while it runs. Writes ignore failures: a closed stderr must not panic.
    let mut stderr = std::io::stderr().lock();
    match result {
        Ok(outcome) => {
            let _ = stderr.write_all(outcome.stderr.as_bytes());
            for warning in outcome.warnings.iter().filter(|_| !quiet) {
                let _ = writeln!(stderr, "warning: {}", peel::text::sanitise(warning));
            }
            ExitCode::from(outcome.exit_code)
        }
        Err(error) if peel::report::output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = match error.downcast_ref::<peel::diag::Diagnostics>() {
                Some(diagnostics) => writeln!(stderr, "{diagnostics}"),
                None => writeln!(stderr, "error: {error:#}"),
            };
            ExitCode::from(1)
        }
    }
}
