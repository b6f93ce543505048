//! Replays every committed fuzz input (fuzz/corpus/<target>/ and any crash
//! kept in fuzz/regressions/<target>/) through the same entry points the
//! fuzz targets use, so CI proves no regression without a fuzzer.

use std::fs;
use std::path::Path;

use pulse_core::fuzzing;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("fuzz");
    let mut count = 0;
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = fs::read_dir(root.join(folder).join(target)) else { continue };
        for entry in entries {
            let path = entry.expect("a readable folder").path();
            let bytes = fs::read(&path).expect("a readable file");
            eprintln!("{target}: {}", path.display());
            run(&bytes);
            count += 1;
        }
    }
    count
}

#[test]
fn every_committed_input_is_read_without_a_panic() {
    for (target, run) in [
        ("result_file", fuzzing::result_file as fn(&[u8])),
        ("definition", fuzzing::definition),
        ("draft", fuzzing::draft),
        ("config", fuzzing::config),
        ("pile", fuzzing::pile),
        ("hand_in", fuzzing::hand_in),
        ("plan", fuzzing::plan),
        ("step", fuzzing::step),
        ("ledger", fuzzing::ledger),
    ] {
        let n = replay(target, run);
        assert!(n >= 3, "{target}: a seed corpus of at least three files is committed (found {n})");
    }
}

/// The step target's seeds are real steps of its fixed pile (made with
/// `pulse pool --out-step` on `tests/fixtures/step-pile/`), so the fuzzer
/// starts past the checks into the steps' work: step 2 is made from
/// `a.step` and the report from `b.step`. When the step format changes,
/// this fails until the seeds are made again.
#[test]
fn the_step_seeds_are_real_steps_of_the_fixed_pile() {
    use pulse_core::hand_in::{HolderKey, SplitPile};
    use pulse_core::Catalogue;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("fuzz").join("corpus").join("step");
    let pile = |key: &str| {
        let file = fs::read(fixtures.join(key)).expect("a golden key");
        let key = HolderKey::from_key_file(key, &file, "golden fixture passphrase").expect("opens");
        let mut pile = SplitPile::new(Catalogue::builtin(), key);
        for i in 0..6 {
            let name = format!("{i}.json");
            pile.take(&name, fs::read(fixtures.join("step-pile").join(&name)).expect("a pile file"));
        }
        pile
    };
    let a_step = fs::read(seeds.join("a.step")).expect("the step 1 seed");
    let b_step = fs::read(seeds.join("b.step")).expect("the step 2 seed");
    pile("holder-b-v1.key")
        .step_two("a.step", &a_step, 3)
        .unwrap_or_else(|e| panic!("step 2 from the seed: {e}"));
    let report =
        pile("holder-a-v1.key").report("b.step", &b_step, 3).unwrap_or_else(|e| panic!("the report: {e}"));
    assert!(report.rows.iter().any(|r| r.stats.is_some()), "the report shows something");
    // The seed of another pile is refused as such.
    let other = fs::read(seeds.join("a-five-files.step")).expect("the other pile's step 1");
    let refused = pile("holder-b-v1.key").step_two("a-five-files.step", &other, 3).expect_err("another pile");
    assert!(refused.to_string().contains("another pile"), "{refused}");
}
