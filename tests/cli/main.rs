//! End-to-end tests: the `peel` binary run as a user runs it.

// The bundled example and its published grades.
mod example;
// Rubrics given with --rubric, including non-default scoring.
mod rubric_option;
// The exact text of the main error messages, one fixture each.
mod errors;
// diff and compare over published grades, CSV and JSON read back.
mod analysts;
// check, rubric, template and completions.
mod authoring;
// Inputs that try to break peel.
mod hostile;
// Output files, exit codes, colour, pipes and standard input.
mod output;
// The national dataset, spreadsheet exports, filters, pooled diffs, per-cycle totals.
mod national;
mod record;
mod rough_edges;
// The inspector's loop: every problem of a file in one run, located warnings.
mod inspector;
// What -o does to devices, FIFOs, links, permissions, and on an interrupt.
mod output_target;
// Each command's own options, formats from -o, mistyped commands, the gate, template.
mod command_line;
// grade --explain in every format, and tables fitted to the terminal's width.
mod explain;
// --format html: each page's structure, hostile text inert, and in headless Chromium.
mod html;
// JSON Schemas: committed, agreeing with the loaders both ways, and peel's JSON valid.
mod schema;
// The man pages, the progress bar (only on a terminal) and --quiet.
mod man_progress;
// Every input the fuzz targets found wrong, held to its target's property.
mod fuzz_found;
// What the file system does to a running peel: files changed, full disks, link loops.
mod faults;
// peel score through a pseudo-terminal: judge, note, finding, save, quit.
mod score;

use std::path::PathBuf;

/// The `peel` binary, run from the fixtures folder so paths in messages are short.
pub fn peel() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("peel").expect("the peel binary is built");
    command.current_dir(fixtures()).env_remove("NO_COLOR");
    command
}

/// The folder of test fixtures.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs peel and parses its standard output as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    let output = peel().args(args).output().expect("peel runs");
    assert!(
        output.status.success(),
        "peel {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("peel prints JSON")
}
