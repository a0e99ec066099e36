//! A progress bar on standard error while many files are read and parsed, so that a
//! long `grade`, `check`, `diff` or `compare` shows it is working.
//!
//! Only a person watching a terminal sees it: never when standard error is not a
//! terminal (a pipe, a log, a test), never when `CI` is set, never with `--quiet`.
//! Short runs stay silent too: the bar appears at once for many files, otherwise only
//! once a run has taken about a second, so that a quick run never flickers.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Set by `--quiet` for the whole run: a process-wide switch, so that the loaders need
/// no parameter for a bar that only decorates their work.
static QUIET: AtomicBool = AtomicBool::new(false);

/// More files than this show the bar at once.
const MANY_FILES: usize = 300;

/// A run over fewer files shows the bar once it has taken this long.
const PATIENCE: Duration = Duration::from_secs(1);

/// Silences (or allows again) every progress bar of the run; `--quiet` sets it.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether a bar may be drawn at all.
fn allowed() -> bool {
    !QUIET.load(Ordering::Relaxed)
        && std::env::var_os("CI").is_none()
        && std::io::stderr().is_terminal()
}

/// Progress through a known number of files, safe to tick from every thread. The bar
/// is cleared when this is dropped, before any warning or error is printed.
pub struct Progress {
    /// The bar, hidden until it is worth showing; `None` where no bar may be drawn.
    bar: Option<ProgressBar>,
    /// Whether the bar has been shown.
    shown: AtomicBool,
}

impl Progress {
    /// Progress through `total` files.
    pub fn files(total: usize) -> Progress {
        let bar = allowed().then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            if let Ok(style) =
                ProgressStyle::with_template("{wide_bar} {pos}/{len} files, {eta} left")
            {
                bar.set_style(style);
            }
            bar
        });
        let progress = Progress {
            bar,
            shown: AtomicBool::new(false),
        };
        if total > MANY_FILES {
            progress.show();
        }
        progress
    }

    /// Counts one file done.
    pub fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if !self.shown.load(Ordering::Relaxed) && bar.elapsed() >= PATIENCE {
            self.show();
        }
    }

    /// Draws the bar from now on (once, whichever thread gets here first).
    fn show(&self) {
        if let Some(bar) = &self.bar
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
