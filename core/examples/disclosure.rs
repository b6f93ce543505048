//! `bench/disclosure.sh`: the curious colleague's success against the team
//! report, per scored measure and group size, before (the unrounded mean
//! and interval reports printed until issue 18) and now. Each share is of
//! random groups (every item answered, each option equally likely), those
//! where everyone has the same score left out (the inherent exception).
//!
//! Then, now only, groups from 2k, where the interval and the spread in
//! fifths are shown as well.
//!
//! Usage: cargo run --release -p pulse-core --example disclosure [groups] [k]

use pulse_core::disclosure::{trial, Precision, Rng};
use pulse_core::Catalogue;

fn main() {
    let mut args = std::env::args().skip(1);
    let groups: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(400);
    let k: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let catalogue = Catalogue::builtin();
    println!("groups per cell: {groups}; minimum group k = {k}");
    println!(
        "{:<20} {:>3}  {:>14} {:>14}  {:>14} {:>14}",
        "measure", "n", "before:report", "before:member", "now:report", "now:member"
    );
    for instrument in catalogue.latest_versions() {
        if instrument.is_descriptive() {
            continue;
        }
        for n in [3, k, k + 1, k + 2] {
            let mut cells: std::collections::BTreeMap<String, [(usize, usize); 4]> = Default::default();
            for (at, precision) in [Precision::Before, Precision::Now].into_iter().enumerate() {
                let mut rng = Rng::new(2026);
                for _ in 0..groups {
                    for t in trial(&catalogue, instrument, n, n.min(k), precision, &mut rng) {
                        if t.all_same {
                            continue;
                        }
                        let cell = cells.entry(t.measure).or_default();
                        cell[at * 2].0 += usize::from(t.sets == 1);
                        cell[at * 2].1 += 1;
                        cell[at * 2 + 1].0 += t.others.iter().filter(|c| **c == 1).count();
                        cell[at * 2 + 1].1 += t.others.len();
                    }
                }
            }
            for (measure, cell) in cells {
                println!(
                    "{:<20} {:>3}  {:>14} {:>14}  {:>14} {:>14}",
                    measure,
                    n,
                    share(cell[0]),
                    share(cell[1]),
                    share(cell[2]),
                    share(cell[3])
                );
            }
        }
    }
    println!();
    println!("now, groups from 2k (k = {k}; groups per cell: {groups})");
    println!("{:<20} {:>3} {:>14} {:>14}", "measure", "n", "now:report", "now:member");
    for instrument in catalogue.latest_versions() {
        if instrument.is_descriptive() {
            continue;
        }
        for n in [2 * k, 2 * k + 1, 2 * k + 2] {
            let mut cells: std::collections::BTreeMap<String, [(usize, usize); 2]> = Default::default();
            let mut rng = Rng::new(2026);
            for _ in 0..groups {
                for t in trial(&catalogue, instrument, n, k, Precision::Now, &mut rng) {
                    if t.all_same {
                        continue;
                    }
                    let cell = cells.entry(t.measure).or_default();
                    cell[0].0 += usize::from(t.sets == 1);
                    cell[0].1 += 1;
                    cell[1].0 += t.others.iter().filter(|c| **c == 1).count();
                    cell[1].1 += t.others.len();
                }
            }
            for (measure, cell) in cells {
                println!("{:<20} {:>3} {:>14} {:>14}", measure, n, share(cell[0]), share(cell[1]));
            }
        }
    }
}

fn share((hit, of): (usize, usize)) -> String {
    if of == 0 {
        "-".to_owned()
    } else {
        format!("{:.1}%", 100.0 * hit as f64 / of as f64)
    }
}
