//! `peel score`: an evidence file scored in the terminal, criterion by criterion, the
//! grades recomputed by the engine on every change.
//!
//! [`draft`] holds what is on screen, [`source`] writes it back into the file's own
//! text, [`app`] turns keys into changes, [`view`] draws, [`terminal`] runs it all on
//! a real terminal. Only the last does I/O.

pub mod app;
pub mod draft;
pub mod open;
pub mod source;
pub mod terminal;
pub mod view;

#[cfg(test)]
mod tests;
