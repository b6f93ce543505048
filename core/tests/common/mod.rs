//! The one helper every table goes through.
#![allow(dead_code)]

use pulse_core::instrument::Instrument;
use pulse_core::scoring::{band, score_one, Outcome};
use pulse_core::{Catalogue, InstrumentKey};

pub fn catalogue() -> Catalogue {
    Catalogue::builtin()
}

pub fn instrument(id: &str, version: u32) -> Instrument {
    catalogue()
        .get(&InstrumentKey { id: id.into(), version })
        .unwrap_or_else(|| panic!("{id} v{version} is built in"))
        .clone()
}

#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// The exact published score (to 1e-9).
    Score(f64),
    /// The score, and the label of the band it falls in.
    Banded(f64, &'static str),
    NotEnough {
        answered: usize,
        needed: usize,
    },
    Descriptive,
}

/// Scores `score_id` of `instrument` for `answers` (one per item, in item
/// order; `None` = skipped) and compares it with a hand-worked expectation.
#[track_caller]
pub fn check(instrument: &Instrument, score_id: &str, answers: &[Option<i32>], expect: Expect) {
    assert_eq!(answers.len(), instrument.items().len(), "one answer slot per item of {}", instrument.key());
    let spec = instrument
        .scores()
        .iter()
        .find(|s| s.id() == score_id)
        .unwrap_or_else(|| panic!("{} has a score {score_id}", instrument.key()));
    let got = score_one(instrument, spec, answers);
    let context = format!("{} / {score_id} for {answers:?}", instrument.key());
    match expect {
        Expect::Score(want) | Expect::Banded(want, _) => {
            let value = got.value().unwrap_or_else(|| panic!("{context}: expected {want}, got {got:?}"));
            assert!((value - want).abs() < 1e-9, "{context}: expected {want}, got {value}");
            let label = band(spec, got).map(|b| b.label.as_str());
            match expect {
                Expect::Banded(_, want_band) => assert_eq!(label, Some(want_band), "{context}: band"),
                _ => assert_eq!(label, None, "{context}: no band expected"),
            }
        }
        Expect::NotEnough { answered, needed } => {
            assert_eq!(got, Outcome::NotEnough { answered, needed }, "{context}")
        }
        Expect::Descriptive => assert_eq!(got, Outcome::Descriptive, "{context}"),
    }
}

/// Every item answered with its own value, from a plain list.
pub fn all(values: &[i32]) -> Vec<Option<i32>> {
    values.iter().map(|&v| Some(v)).collect()
}

/// Runs a table of named cases through [`check`], naming each on failure.
#[track_caller]
pub fn check_table(instrument: &Instrument, score_id: &str, table: &[(&str, Vec<Option<i32>>, Expect)]) {
    for (name, answers, expect) in table {
        eprintln!("case: {name}");
        check(instrument, score_id, answers, *expect);
    }
}

/// A fixed response id for a test file (the app draws random bytes).
pub fn response_id(n: u8) -> pulse_core::result_file::ResponseId {
    pulse_core::result_file::ResponseId::from_random_bytes([n; 16])
}

/// A team's result record for pooling tests: round, team and month as given,
/// response id `id` (distinct ids are distinct people).
pub fn record(
    team: Option<&str>,
    round: &str,
    month: u8,
    id: u8,
    responses: Vec<pulse_core::Response>,
) -> pulse_core::ResultRecord {
    pulse_core::ResultRecord {
        generator: "test".into(),
        period: pulse_core::Period::new(2026, month).expect("valid"),
        round: Some(round.into()),
        team: team.map(Into::into),
        response: Some(response_id(id)),
        responses,
    }
}
