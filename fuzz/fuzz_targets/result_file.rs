//! Fuzz target: result file reading (see pulse_core::fuzzing).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pulse_core::fuzzing::result_file(data));
