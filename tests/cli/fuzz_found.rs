//! Every input the fuzz targets found wrong (`tests/fixtures/fuzz/TARGET/`), run through
//! the same property as its target (`fuzz/properties.rs`), so that a defect once fixed
//! stays fixed under `cargo test`, without a nightly toolchain.

#[path = "../../fuzz/properties.rs"]
mod properties;

use crate::fixtures;

/// Runs `property` on every input found for `target`, naming the file that fails.
fn each(target: &str, property: fn(&[u8])) {
    let dir = fixtures().join("fuzz").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    let broken: Vec<String> = inputs
        .iter()
        .filter(|input| {
            let bytes = std::fs::read(input).unwrap();
            std::panic::catch_unwind(|| property(&bytes)).is_err()
        })
        .map(|input| input.display().to_string())
        .collect();
    assert!(broken.is_empty(), "these break their property: {broken:#?}");
}

#[test]
fn evidence_found() {
    each("evidence", properties::evidence);
}

#[test]
fn rubrics_found() {
    each("rubric", properties::rubric);
}

#[test]
fn yaml_sheets_found() {
    each("sheet_yaml", properties::sheet_yaml);
}

#[test]
fn csv_sheets_found() {
    each("sheet_csv", properties::sheet_csv);
}

#[test]
fn json_sheets_found() {
    each("sheet_json", properties::sheet_json);
}

#[test]
fn directories_found() {
    each("check_dir", properties::check_dir);
}

#[test]
fn round_trips_found() {
    each("round_trip", properties::round_trip);
}
