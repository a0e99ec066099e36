//! The floor for benchmarks: what `peel grade DIR` costs before merging, grading and
//! reporting — expanding the directory, reading and parsing every file on every core.
//!
//! Usage: cargo run --release --example parse-floor -- DIR [RUBRIC]
//! (RUBRIC: a rubric file the evidence is judged against, as `peel grade --rubric`.)
#![allow(clippy::print_stdout)] // a benchmark tool printing its count

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: parse-floor DIR [RUBRIC]"))?;
    let rubrics: Vec<PathBuf> = std::env::args().skip(2).map(PathBuf::from).collect();
    let registry = peel::model::rubric::Registry::new(peel::read::rubric_files(&rubrics)?)?;
    let inputs = peel::read::expand(&[PathBuf::from(dir)], peel::read::EVIDENCE_FILES)?;
    let parsed = peel::read::parse_files(&inputs, &registry, false);
    let ok = parsed.iter().filter(|file| file.is_ok()).count();
    println!("parsed {ok} of {} files", parsed.len());
    Ok(())
}
