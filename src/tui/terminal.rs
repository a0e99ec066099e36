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
    let mut terminal = ratatui::try_init()?;
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
    let now = std::fs::read(path).ok();
    let unchanged = match (app.on_disk(), &now) {
        (None, None) => true,
        (None, Some(_)) => false,
        (Some(text), Some(bytes)) => bytes == text.as_bytes(),
        (Some(_), None) => false,
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
