//! Scores generated responses to the default set natively and prints
//! responses per second. Run by bench/score.sh (release build).

use std::hint::black_box;
use std::time::Instant;

use pulse_core::scoring::score_one;
use pulse_core::Catalogue;

const RESPONSES: usize = 100_000;

fn main() {
    let catalogue = Catalogue::builtin();
    let set = catalogue.default_set();
    // Deterministic answers (xorshift), ~10% skipped, made before timing.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let responses: Vec<Vec<Vec<Option<i32>>>> = (0..RESPONSES)
        .map(|_| {
            set.iter()
                .map(|instrument| {
                    instrument
                        .items()
                        .iter()
                        .map(|item| {
                            let r = next();
                            (r % 10 != 0)
                                .then(|| item.options()[(r >> 8) as usize % item.options().len()].value)
                        })
                        .collect()
                })
                .collect()
        })
        .collect();

    let mut best = f64::MAX;
    let mut checksum = 0.0;
    for _round in 0..5 {
        let start = Instant::now();
        for response in &responses {
            for (instrument, answers) in set.iter().zip(response) {
                for spec in instrument.scores() {
                    if let Some(v) = score_one(instrument, spec, black_box(answers)).value() {
                        checksum += v;
                    }
                }
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let items: usize = set.iter().map(|i| i.items().len()).sum();
    println!(
        "scored {RESPONSES} responses to the default set ({} instruments, {items} items) natively",
        set.len()
    );
    println!("best of 5 rounds: {:.1} ms", best * 1000.0);
    println!("responses per second: {:.0} (budget: at least 500000)", RESPONSES as f64 / best);
    println!("(checksum {checksum:.1})");
}
