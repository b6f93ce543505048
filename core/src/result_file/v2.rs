//! Result file format version 2. FROZEN once released: files exist in this
//! shape. Version 1 plus `round`, `team` and `response`; the instruments
//! keep version 1's shape. docs/result-format.md documents it.

use serde::{Deserialize, Serialize};

use super::v1::InstrumentV1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV2 {
    /// Always [`super::FORMAT`].
    pub format: String,
    /// Always 2 in this shape.
    pub format_version: u32,
    /// The app and its version that wrote the file.
    pub generator: String,
    /// Year and month the answers were saved, "YYYY-MM": never a finer time.
    pub period: String,
    /// The practice's label for this round of the survey; absent if none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// The team the person chose from the practice's list; absent for
    /// "Prefer not to say" or when the practice lists no teams.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// A random UUID made when the file was saved: it names the file, not
    /// the person, so one file opened twice is counted once.
    pub response: String,
    pub instruments: Vec<InstrumentV1>,
}
