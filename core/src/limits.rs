//! The documented limits on what the core reads. Anything beyond them is
//! refused with its place named, so no input, however hostile, can make the
//! core overflow, panic or work for long. docs/instrument-format.md and
//! docs/result-format.md list them.
//!
//! With these limits every sum the scoring makes fits easily in an `i64`:
//! at most `MAX_ITEMS × MAX_OPTION_VALUE × MAX_MULTIPLIER` = 2 × 10¹¹.

/// The largest definition file read (a long questionnaire is a few tens of kB).
pub const MAX_DEFINITION_BYTES: usize = 256 * 1024;
/// Items in one instrument.
pub const MAX_ITEMS: usize = 200;
/// Response scales in one instrument.
pub const MAX_SCALES: usize = 50;
/// Options in one response scale.
pub const MAX_OPTIONS: usize = 20;
/// Scores in one instrument.
pub const MAX_SCORES: usize = 50;
/// Bands of one score.
pub const MAX_BANDS: usize = 20;
/// References of one score.
pub const MAX_REFERENCES: usize = 20;
/// Notes of one instrument.
pub const MAX_NOTES: usize = 50;
/// The largest option value, and minus it the smallest.
pub const MAX_OPTION_VALUE: i32 = 1_000_000;
/// The largest multiplier of a sum score.
pub const MAX_MULTIPLIER: i32 = 1_000;
/// The longest text field (an item, a label, a description), in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// The longest id, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// Sections (instruments) in one result file or draft.
pub const MAX_SECTIONS: usize = 64;
