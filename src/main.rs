//! The `peel` binary: parse arguments, run, print any error once, pick the exit code.

use std::io::Write;
use std::process::ExitCode;

/// The allocator: memory allocated on one core and freed on another (a file parsed on
/// one, its evidence graded and dropped on the other) without glibc's arena locks.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    // A usage error exits 2 with clap's own message, whether clap or peel found it.
    let (command, options) =
        peel::cli::options::parse(std::env::args_os()).unwrap_or_else(|error| error.exit());
    // --quiet silences warnings, never errors; on a terminal, the first few are shown.
    let (quiet, all_warnings) = (options.quiet, options.all_warnings);
    let result = peel::run(command, options);
    // Locked only once the run is over: a progress bar draws to stderr from other
    // threads while it runs. Writes ignore failures: a closed stderr must not panic.
    let mut stderr = std::io::stderr().lock();
    match result {
        Ok(outcome) => {
            let _ = stderr.write_all(outcome.stderr.as_bytes());
            let warnings = if quiet {
                &[][..]
            } else {
                &outcome.warnings[..]
            };
            let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let (shown, left_out) = peel::cli::shown_warnings(warnings, terminal, all_warnings);
            for warning in shown {
                let _ = writeln!(stderr, "warning: {}", peel::text::sanitise(warning));
            }
            if left_out > 0 {
                let _ = writeln!(stderr, "{}", peel::cli::left_out_line(left_out));
            }
            ExitCode::from(outcome.exit_code)
        }
        Err(error) if peel::report::output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = match error.downcast_ref::<peel::diag::Diagnostics>() {
                Some(diagnostics) => writeln!(stderr, "{diagnostics}"),
                None => writeln!(stderr, "error: {error:#}"),
            };
            // An argument that names nothing there is, found after parsing: a usage
            // error all the same (README, exit codes).
            match error.downcast_ref::<peel::cli::UsageError>().is_some() {
                true => ExitCode::from(2),
                false => ExitCode::from(1),
            }
        }
    }
}
