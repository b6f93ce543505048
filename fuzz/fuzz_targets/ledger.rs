//! Fuzz target: release ledger reading (see pulse_core::fuzzing).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pulse_core::fuzzing::ledger(data));
