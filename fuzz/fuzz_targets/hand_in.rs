//! Fuzz target: a hand-in file opened with the golden holder key (see pulse_core::fuzzing).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pulse_core::fuzzing::hand_in(data));
