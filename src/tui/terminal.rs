//! Running `peel score` on a real terminal: the screen taken and given back (also on a
//! panic), keys read, the screen redrawn on every key and resize, saves written.

use std::path::Path;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use crate::model::rubric::Registry;
use crate::report::output;
use crate::tui::app::{App, Step};
use crate::tui::view;

/// Runs the session until the user quits; the terminal is restored whatever happens.
pub fn run(app: &mut App, registry: &Registry, path: &Path) -> anyhow::Result<()> {
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(error) => {
            // Raw mode may be on already: never leave the shell in it.
            let _ = ratatui::try_restore();
            return Err(error.into());
        }
    };
    let result = event_loop(&mut terminal, app, registry, path);
    ratatui::try_restore()?;
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    registry: &Registry,
    path: &Path,
) -> anyhow::Result<()> {
    loop {
        terminal.draw(|frame| view::draw(frame, app))?;
        let Event::Key(key) = event::read()? else {
            // A resize (or anything else) only needs drawing again.
            continue;
        };
        match app.key(key) {
            Step::Continue => {}
            Step::Quit => return Ok(()),
            Step::Save => {
                save(app, registry, path);
            }
            Step::SaveAndQuit => {
                if save(app, registry, path) {
                    return Ok(());
                }
            }
        }
    }
}

/// Saves the session's changes atomically, as `-o` writes; whether it did. A file
/// changed on disk since it was opened is not overwritten.
pub fn save(app: &mut App, registry: &Registry, path: &Path) -> bool {
    let shown = path.display();
    let now = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            let reason = crate::read::io_message(&error);
            app.status = format!("not saved: cannot read {shown} to check it: {reason}");
            return false;
        }
    };
    let unchanged = match (app.on_disk(), now) {
        (None, None) => true,
        // Compared as peel read it when it opened the file (a lone CR is a newline).
        (Some(text), Some(bytes)) => {
            crate::read::decode(&shown.to_string(), bytes).is_ok_and(|now| now == text)
        }
        _ => false,
    };
    if !unchanged {
        app.status = format!(
            "not saved: {shown} was changed by something else since peel score read it; quit (q, n) and open it again"
        );
        return false;
    }
    let text = match app.saved_text(registry) {
        Ok(text) => text,
        Err(refusal) => {
            app.status = format!("not saved: {}", refusal.0);
            return false;
        }
    };
    match output::write(&text, Some(path)) {
        Ok(()) => {
            app.saved(&text);
            true
        }
        Err(error) => {
            app.status = format!("not saved: {error:#}");
            false
        }
    }
}
