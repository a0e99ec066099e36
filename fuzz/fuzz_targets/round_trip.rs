//! Fuzz target `round_trip`: its property is `properties::round_trip`.

#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| properties::round_trip(bytes));
