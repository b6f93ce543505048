//! Result file format version 1. FROZEN: released files exist in this shape.
//! Never change a field here; a new shape is a new module and a new version,
//! with a migration from this one. docs/result-format.md documents it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV1 {
    /// Always [`super::FORMAT`].
    pub format: String,
    /// Always 1 in this shape.
    pub format_version: u32,
    /// The app and its version that wrote the file, e.g. "Practice Pulse 0.1.0".
    pub generator: String,
    /// Year and month the answers were saved, "YYYY-MM": never a finer time.
    pub period: String,
    pub instruments: Vec<InstrumentV1>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentV1 {
    pub id: String,
    pub version: u32,
    /// Item id to the chosen option's value; a skipped item is absent.
    /// A key given twice is refused (the shape is unchanged; reading is stricter).
    #[serde(deserialize_with = "crate::json::unique_keys")]
    pub answers: BTreeMap<String, i32>,
    /// Score id to its value, or null when too few items were answered.
    /// Descriptive scores are absent. Written for people reading the file;
    /// readers recompute them from the answers and reject a file where they
    /// disagree.
    #[serde(deserialize_with = "crate::json::unique_keys")]
    pub scores: BTreeMap<String, Option<f64>>,
}
