//! Fuzz target `sheet_json`: its property is `properties::sheet_json`.

#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| properties::sheet_json(bytes));
