//! The built-in instruments as Rust data, so the survey neither parses nor
//! validates JSON to start (and its wasm carries no JSON text for them).
//!
//! `data.rs` is generated from `core/instruments/*.json` after they pass
//! the validator; `core/tests/builtin_data.rs` regenerates it and fails
//! when the file differs (`UPDATE_BUILTIN=1` rewrites it), and checks that
//! every instrument here equals the one its JSON file gives. The JSON files
//! stay the source of truth and the published definitions.

use std::collections::BTreeMap;

use crate::instrument::{
    Band, Bands, Choice, Concern, Direction, Instrument, InstrumentKey, Item, Licence, LicenceStatus, Method,
    Origin, Reference, ReferenceLevel, ScoreSpec,
};

// Generated, one item per line so a change to a definition reads as a small diff.
#[rustfmt::skip]
mod data;

pub(crate) use data::BUILTIN;

/// One validated instrument, in static form.
pub(crate) struct Def {
    pub id: &'static str,
    pub version: u32,
    pub language: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub instruction: &'static str,
    pub time_frame: Option<&'static str>,
    pub citation: &'static str,
    pub licence: (LicenceStatus, &'static str),
    pub validated: bool,
    pub notes: &'static [&'static str],
    pub items: &'static [ItemDef],
    pub scores: &'static [ScoreDef],
}

pub(crate) struct ItemDef {
    pub id: &'static str,
    pub text: &'static str,
    pub options: &'static [(i32, &'static str)],
    pub reverse: bool,
}

pub(crate) struct ScoreDef {
    pub id: &'static str,
    pub title: &'static str,
    pub about: &'static str,
    pub items: &'static [usize],
    pub method: Method,
    pub min_answered: usize,
    pub direction: Direction,
    pub range: (f64, f64),
    /// Source and bands.
    pub bands: Option<(&'static str, &'static [BandDef])>,
    pub references: &'static [ReferenceDef],
}

pub(crate) struct BandDef {
    pub from: f64,
    pub to: f64,
    pub to_inclusive: bool,
    pub label: &'static str,
    pub meaning: &'static str,
    pub concern: Option<Concern>,
}

pub(crate) struct ReferenceDef {
    /// None: beside a team's mean; else the items and option values of a
    /// team proportion.
    pub proportion: Option<(&'static [usize], &'static [i32])>,
    pub label: &'static str,
    pub value: f64,
    pub source: &'static str,
}

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// The instrument a static definition describes, as the validator would
/// have built it from its JSON (tested), marked built in.
pub(crate) fn instrument(def: &Def) -> Instrument {
    let items: Vec<Item> = def
        .items
        .iter()
        .map(|i| Item {
            id: i.id.to_owned(),
            text: i.text.to_owned(),
            options: i
                .options
                .iter()
                .map(|&(value, label)| Choice { value, label: label.to_owned() })
                .collect(),
            reverse: i.reverse,
        })
        .collect();
    let scores = def
        .scores
        .iter()
        .map(|s| ScoreSpec {
            id: s.id.to_owned(),
            title: s.title.to_owned(),
            about: s.about.to_owned(),
            items: s.items.to_vec(),
            method: s.method,
            min_answered: s.min_answered,
            direction: s.direction,
            range: s.range,
            bands: s.bands.map(|(source, list)| Bands {
                source: source.to_owned(),
                list: list
                    .iter()
                    .map(|b| Band {
                        from: b.from,
                        to: b.to,
                        to_inclusive: b.to_inclusive,
                        label: b.label.to_owned(),
                        meaning: b.meaning.to_owned(),
                        concern: b.concern,
                    })
                    .collect(),
            }),
            references: s
                .references
                .iter()
                .map(|r| Reference {
                    level: match r.proportion {
                        None => ReferenceLevel::TeamMean,
                        Some((items, values)) => ReferenceLevel::TeamProportion {
                            items: items.to_vec(),
                            option_values: values.to_vec(),
                        },
                    },
                    label: r.label.to_owned(),
                    value: r.value,
                    source: r.source.to_owned(),
                })
                .collect(),
        })
        .collect();
    let mut index = BTreeMap::new();
    for (position, item) in def.items.iter().enumerate() {
        index.insert(item.id.to_owned(), position);
    }
    Instrument {
        key: InstrumentKey { id: def.id.to_owned(), version: def.version },
        language: def.language.to_owned(),
        title: def.title.to_owned(),
        description: def.description.to_owned(),
        instruction: def.instruction.to_owned(),
        time_frame: def.time_frame.map(str::to_owned),
        citation: def.citation.to_owned(),
        licence: Licence { status: def.licence.0, text: def.licence.1.to_owned() },
        validated: def.validated,
        notes: owned(def.notes),
        items,
        scores,
        origin: Origin::BuiltIn,
        source: None,
        index,
    }
}
