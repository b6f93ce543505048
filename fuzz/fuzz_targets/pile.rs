//! Fuzz target: a pile of files (or a .zip) into a team report (see pulse_core::fuzzing).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pulse_core::fuzzing::pile(data));
