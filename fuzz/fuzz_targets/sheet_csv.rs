//! Fuzz target `sheet_csv`: its property is `properties::sheet_csv`.

#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| properties::sheet_csv(bytes));
