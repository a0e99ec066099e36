//! Fuzz target `evidence`: its property is `properties::evidence`.

#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| properties::evidence(bytes));
