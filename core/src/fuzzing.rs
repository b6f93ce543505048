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
