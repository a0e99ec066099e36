//! Fuzz target `check_dir`: its property is `properties::check_dir`.

#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| properties::check_dir(bytes));
