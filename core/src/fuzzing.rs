//! The entry points the fuzz targets (fuzz/) and the corpus replay test
//! (core/tests/fuzz_corpus.rs) share: each reads arbitrary bytes the way
//! the app does, and must return, whatever the bytes, without panicking.

use std::sync::OnceLock;

use crate::catalogue::Catalogue;
use crate::draft::{self, Day};
use crate::hand_in::{self, HolderKey};
use crate::pool::{self, Pile};
use crate::{config, result_file, validate};

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(Catalogue::builtin)
}

/// Reading a result file; a file that reads must write back and read again.
pub fn result_file(data: &[u8]) {
    if let Ok(record) = result_file::read("fuzz.json", data, catalogue()) {
        let written = result_file::write(&record, catalogue());
        if let Ok(text) = written {
            let again = result_file::read("again.json", text.as_bytes(), catalogue());
            assert_eq!(again.as_ref(), Ok(&record), "a file that reads writes back the same");
        }
        let _ = result_file::to_csv(&record, catalogue());
    }
}

/// The golden holder key (core/tests/fixtures/holder-key-v1.key), opened
/// once: the fuzzed hand-in files are opened with it.
fn golden_key() -> Option<&'static HolderKey> {
    static KEY: OnceLock<Option<HolderKey>> = OnceLock::new();
    KEY.get_or_init(|| {
        let file = include_bytes!("../tests/fixtures/holder-key-v1.key");
        HolderKey::from_key_file("holder-key-v1.key", file, "golden fixture passphrase").ok()
    })
    .as_ref()
}

/// Opening a hand-in file with the golden key; a file that opens must
/// give a record that writes back and reads again.
pub fn hand_in(data: &[u8]) {
    let Some(key) = golden_key() else { return };
    if let Ok(record) = hand_in::open("fuzz.json", data, catalogue(), std::slice::from_ref(key)) {
        let written = result_file::write(&record, catalogue());
        if let Ok(text) = written {
            assert!(result_file::read("again.json", text.as_bytes(), catalogue()).is_ok());
        }
    }
    // Without a key it is refused, whatever it holds.
    assert!(hand_in::open("fuzz.json", data, catalogue(), &[]).is_err());
}

/// Reading a definition, and adding it to the catalogue as a practice would.
pub fn definition(data: &[u8]) {
    if let Ok(instrument) = validate::parse_definition_bytes("fuzz.json", data) {
        // Every score of a valid definition scores any answers without panic.
        let answers: Vec<Option<i32>> =
            instrument.items().iter().map(|i| i.options().first().map(|c| c.value)).collect();
        for spec in instrument.scores() {
            let _ = crate::scoring::score_one(&instrument, spec, &answers);
        }
        let mut catalogue = catalogue().clone();
        let _ = catalogue.add(instrument);
    }
}

/// Reading a stored draft.
pub fn draft(data: &[u8]) {
    if let (Ok(text), Some(today)) = (std::str::from_utf8(data), Day::new(2026, 11, 24)) {
        if let Ok(continued) = draft::from_json(text, catalogue(), today) {
            let _ = draft::to_json(&continued.session, catalogue(), today);
        }
    }
}

/// Reading a practice configuration.
pub fn config(data: &[u8]) {
    let _ = config::read("practice.json", data);
}

/// Reading an action plan (practice-pulse-plan.json): a plan that reads
/// must save and read back the same, and set beside a report (an empty
/// one: nothing to compare) without panicking.
pub fn plan(data: &[u8]) {
    if let Ok(plan) = crate::plan::read("fuzz-plan.json", data) {
        let written = plan.to_json();
        assert!(written.is_ok(), "a plan that reads can be saved: {:?}", written.err());
        if let Ok(text) = written {
            let again = crate::plan::read("again.json", text.as_bytes());
            assert_eq!(again.as_ref().ok(), Some(&plan), "a plan that reads saves back the same");
        }
        let report = Pile::new(catalogue().clone()).report(5);
        let reviewed = crate::plan::review(&plan, &report, catalogue());
        let _ = crate::plan::review_json(&plan, &reviewed, &report);
    }
}

/// A pile of files as the team page and `pulse pool` take them: a `.zip`
/// archive when the bytes are one, else files separated by NUL bytes (at
/// most 64); then the whole report at a k from the first byte. Whatever
/// the files, no shown figure may stand for fewer than k people.
pub fn pile(data: &[u8]) {
    let k = 3 + usize::from(data.first().copied().unwrap_or(0) % 8);
    let mut pile = Pile::new(catalogue().clone());
    if data.starts_with(b"PK") {
        pile.take("fuzz.zip", data.to_vec());
    } else {
        for (i, part) in data.split(|b| *b == 0).take(64).enumerate() {
            pile.take(&format!("f{i}.json"), part.to_vec());
        }
    }
    let report = pile.report(k);
    for row in &report.rows {
        if let Some(stats) = row.stats {
            assert!(stats.n >= k, "{} {} shown with {} < {k}", row.group, row.measure, stats.n);
        }
    }
    for d in &report.distributions {
        assert!(d.n.is_none_or(|n| n >= k), "a distribution shown for fewer than {k}");
    }
    let _ = pool::to_csv(&report.rows, pile.catalogue());
    let _ = pool::to_json(&report);
}

/// A key of the two-holder golden fixtures (holder-a-v1.key, the first
/// holder; holder-b-v1.key, the second). Each is opened once and saved
/// again at argon2's least cost, so that every run can open a fresh copy
/// quickly (a key is never copied in memory).
fn holder_key(second: bool) -> Option<HolderKey> {
    const PASSPHRASE: &str = "golden fixture passphrase";
    static FILES: OnceLock<Option<[String; 2]>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        let cheap = hand_in::KdfParams { memory_kib: 8, iterations: 1, parallelism: 1 };
        let resave = |name: &str, file: &[u8]| {
            HolderKey::from_key_file(name, file, PASSPHRASE).ok()?.to_key_file_with(PASSPHRASE, cheap).ok()
        };
        Some([
            resave("holder-a-v1.key", include_bytes!("../tests/fixtures/holder-a-v1.key"))?,
            resave("holder-b-v1.key", include_bytes!("../tests/fixtures/holder-b-v1.key"))?,
        ])
    });
    let file = files.as_ref()?.get(usize::from(second))?;
    HolderKey::from_key_file("holder.key", file.as_bytes(), PASSPHRASE).ok()
}

/// The fixed pile the step target's step files were made from
/// (`core/tests/fixtures/step-pile/`: files sealed to both golden holders
/// by `pulse seal`), opened by one holder.
fn step_pile(second: bool) -> Option<hand_in::SplitPile> {
    const FILES: [(&str, &[u8]); 6] = [
        ("0.json", include_bytes!("../tests/fixtures/step-pile/0.json")),
        ("1.json", include_bytes!("../tests/fixtures/step-pile/1.json")),
        ("2.json", include_bytes!("../tests/fixtures/step-pile/2.json")),
        ("3.json", include_bytes!("../tests/fixtures/step-pile/3.json")),
        ("4.json", include_bytes!("../tests/fixtures/step-pile/4.json")),
        ("5.json", include_bytes!("../tests/fixtures/step-pile/5.json")),
    ];
    let mut pile = hand_in::SplitPile::new(catalogue().clone(), holder_key(second)?);
    for (name, bytes) in FILES {
        pile.take(name, bytes.to_vec());
    }
    Some(pile)
}

/// A step file (the two key holders' steps, `hand_in::steps`): read, and
/// if it reads, given to each step that takes one, on the fixed pile it
/// may have been made from: step 2 by the second holder (from a step 1),
/// the report and step 1 again by the first (from a step 2). Each is given
/// the bytes as they are (whose signature mostly fails) and the same step
/// signed again by the other holder (`steps::sign_text`, as a dishonest
/// holder could sign anything), so the fuzzer reaches past the signature.
/// Whatever it holds, each is refused with a reason or done, never a
/// panic; a report made shows no group under its minimum.
pub fn step(data: &[u8]) {
    if hand_in::steps::read_step("fuzz.step", data).is_err() {
        return;
    }
    let (Some(a), Some(b)) = (holder_key(false), holder_key(true)) else { return };
    let text = std::str::from_utf8(data).ok();
    let signed = |by: &HolderKey, to: &HolderKey| {
        text.and_then(|t| hand_in::steps::sign_text(t, by, to.public())).map(String::into_bytes)
    };
    let k = 3;
    for bytes in [Some(data.to_vec()), signed(&a, &b)].into_iter().flatten() {
        if let Some(mut second) = step_pile(true) {
            let _ = second.step_two("fuzz.step", &bytes, k);
        }
    }
    for bytes in [Some(data.to_vec()), signed(&b, &a)].into_iter().flatten() {
        if let Some(mut first) = step_pile(false) {
            if let Ok(report) = first.report("fuzz.step", &bytes, k) {
                for row in &report.rows {
                    if let Some(stats) = row.stats {
                        assert!(stats.n >= k, "{} {} shown with {} < {k}", row.group, row.measure, stats.n);
                    }
                }
                let _ = pool::to_csv(&report.rows, catalogue());
            }
        }
        if let Some(mut first) = step_pile(false) {
            let _ = first.step_one(k, Some(("fuzz.step", &bytes)));
        }
    }
}

/// Reading a release ledger (practice-pulse-ledger.json): a ledger that
/// reads saves and reads back the same, and each round it holds, released
/// again over its own files at its own minimum group, is the same release.
pub fn ledger(data: &[u8]) {
    use crate::hand_in::ledger::{decide, Decision, Ledger, Released};
    if let Ok(ledger) = Ledger::read("fuzz-ledger.json", data) {
        let text = ledger.to_json();
        let again = Ledger::read("again.json", text.as_bytes());
        assert_eq!(again.as_ref().ok(), Some(&ledger), "a ledger that reads saves back the same");
        for (round, release) in ledger.releases() {
            let same: Released = std::iter::once((round.clone(), release.files.clone())).collect();
            let decided = decide(&ledger, &same, release.min_group, release.month).map(|(_, d)| d);
            assert_eq!(decided, Ok(vec![(round.clone(), Decision::Same(release.month))]));
        }
    }
}
