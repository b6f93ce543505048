//! Sealing one result to two key holders (Prio3) natively: the median
//! time of `hand_in::seal` over 51 runs (after one warm-up) and the
//! hand-in file's length (the same whatever the answers), for the
//! fixture result (core/tests/fixtures/result-v2.json).
//! Usage: cargo run --release -p pulse-core --example split_seal

use std::time::Instant;

use pulse_core::hand_in::{self, HolderKey};
use pulse_core::Catalogue;

fn main() {
    let catalogue = Catalogue::builtin();
    let text = include_str!("../tests/fixtures/result-v2.json");
    let record = pulse_core::result_file::read("result-v2.json", text.as_bytes(), &catalogue)
        .expect("the fixture reads");
    let keys = [HolderKey::generate().expect("randomness"), HolderKey::generate().expect("randomness")];
    let holders = [keys[0].public().clone(), keys[1].public().clone()];
    let file = hand_in::seal(&record, &catalogue, &holders).expect("seals");
    let mut times = Vec::new();
    for _ in 0..51 {
        let start = Instant::now();
        let again = hand_in::seal(&record, &catalogue, &holders).expect("seals");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(again.len(), file.len(), "one length whatever the run");
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!("two-holder hand-in file: {} bytes", file.len());
    println!("seal (native, release): median {:.2} ms", times[times.len() / 2]);
}
