//! The instrument definition format (version 1), as written in
//! `core/instruments/*.json` and in a leader's own definition file.
//!
//! These types are the file format: a compatibility promise. They are only
//! ever deserialised and then validated into [`crate::Instrument`]; nothing
//! else in the crate uses them. docs/instrument-format.md documents them.

use serde::Deserialize;

/// The value of the `format` field of every definition file.
pub const FORMAT: &str = "practice-pulse-instrument";
/// The newest definition format this build reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionV1 {
    // Both are checked on the raw JSON before decoding (so a newer format gets
    // its own message); they stay here so `deny_unknown_fields` accepts them.
    #[allow(dead_code)]
    pub format: String,
    #[allow(dead_code)]
    pub format_version: u32,
    pub id: String,
    pub version: u32,
    pub language: String,
    pub title: String,
    pub description: String,
    pub instruction: String,
    #[serde(default)]
    pub time_frame: Option<String>,
    pub citation: String,
    pub licence: LicenceV1,
    pub validated: bool,
    #[serde(default)]
    pub notes: Vec<String>,
    pub response_scales: Vec<ResponseScaleV1>,
    pub items: Vec<ItemV1>,
    pub scores: Vec<ScoreV1>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceV1 {
    pub status: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseScaleV1 {
    pub id: String,
    pub options: Vec<OptionV1>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionV1 {
    pub value: i32,
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemV1 {
    pub id: String,
    pub text: String,
    pub scale: String,
    #[serde(default)]
    pub reverse: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreV1 {
    pub id: String,
    pub title: String,
    pub about: String,
    pub items: Vec<String>,
    pub method: MethodV1,
    pub min_answered: usize,
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub bands: Option<BandsV1>,
    #[serde(default)]
    pub references: Vec<ReferenceV1>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "kebab-case")]
pub enum MethodV1 {
    Mean,
    Sum {
        #[serde(default = "one")]
        multiplier: i32,
    },
    Frequencies,
}

fn one() -> i32 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandsV1 {
    pub source: String,
    pub list: Vec<BandV1>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandV1 {
    pub from: f64,
    pub to: f64,
    pub to_inclusive: bool,
    pub label: String,
    pub meaning: String,
    /// `"raised"` or `"strong"` when the band's source marks it as a
    /// concern; left out otherwise.
    #[serde(default)]
    pub concern: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceV1 {
    pub level: String,
    pub label: String,
    pub value: f64,
    pub source: String,
    /// For a team proportion: the share of people who gave one of
    /// `option_values` to any of these items.
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub option_values: Vec<i32>,
}
