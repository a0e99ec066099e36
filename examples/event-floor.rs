//! The floor under the floor: a bare pass of YAML events over every evidence file of a
//! directory, with the parser peel reads YAML through (granit-parser), on every core.
//! Nothing is built from the events; they are only counted. `peel grade DIR` is measured
//! against this (issue 19: within 1.3× of it) and against `parse-floor`.
//!
//! Usage: cargo run --release --example event-floor -- DIR
#![allow(clippy::print_stdout)] // a benchmark tool printing its count

use std::path::PathBuf;

use rayon::prelude::*;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: event-floor DIR"))?;
    let inputs = peel::read::expand(&[PathBuf::from(dir)], peel::read::EVIDENCE_FILES)?;
    let counts: Vec<Result<usize, String>> = inputs
        .to_vec()
        .par_iter()
        .map(|input| {
            // Read as peel reads: the same size limit and UTF-8 check.
            let text = peel::read::read_text(input).map_err(|e| e.to_string())?;
            let mut events = 0;
            for event in serde_saphyr::granit_parser::Parser::new_from_str(&text) {
                event.map_err(|e| format!("{}: {e}", input.display()))?;
                events += 1;
            }
            Ok(events)
        })
        .collect();
    let ok: Vec<usize> = counts
        .iter()
        .filter_map(|c| c.as_ref().ok().copied())
        .collect();
    println!(
        "{} events in {} of {} files",
        ok.iter().sum::<usize>(),
        ok.len(),
        counts.len()
    );
    Ok(())
}
