//! Fuzz target: a step file of the two key holders, read and given to each step on a fixed pile (see pulse_core::fuzzing).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pulse_core::fuzzing::step(data));
