//! Fuzz target `rubric`: its property is `properties::rubric`.

#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| properties::rubric(bytes));
