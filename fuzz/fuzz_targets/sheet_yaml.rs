//! Fuzz target `sheet_yaml`: its property is `properties::sheet_yaml`.

#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| properties::sheet_yaml(bytes));
