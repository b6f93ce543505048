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
    ] {
        let n = replay(target, run);
        assert!(n >= 3, "{target}: a seed corpus of at least three files is committed (found {n})");
    }
}
