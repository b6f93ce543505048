//! The result file: what a person downloads and a team later pools.
//!
//! Only this module knows the file format. Files carry a header (`format`,
//! `format_version`); each released version has a frozen module (`v1.rs`)
//! and is migrated forward to the internal [`ResultRecord`] on reading, so
//! every later build reads every earlier file.

pub mod v1;
pub mod v2;

use std::collections::BTreeMap;
use std::fmt;

use crate::catalogue::Catalogue;
use crate::instrument::{Instrument, InstrumentKey};
use crate::scoring::{score_one, Outcome};
use crate::spreadsheet;

/// The value of the `format` field of every result file.
pub const FORMAT: &str = "practice-pulse-result";
/// The newest result format this build writes and reads.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest result format this build reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// A result file is a few kilobytes; anything far larger is not one, and
/// reading it would only freeze the page.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Year and month: the finest time a file ever holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: u16,
    month: u8,
}

impl Period {
    pub fn new(year: u16, month: u8) -> Option<Self> {
        ((1..=12).contains(&month) && (2000..=9999).contains(&year)).then_some(Self { year, month })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// Exactly `YYYY-MM`: four digits, a hyphen, two digits (no signs,
    /// spaces or anything else that a number parser would let through).
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.split_once('-')?;
        let digits = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One person's answers to one instrument, by item position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub key: InstrumentKey,
    pub answers: Vec<Option<i32>>,
}

impl Response {
    pub fn empty(instrument: &Instrument) -> Self {
        Self { key: instrument.key.clone(), answers: vec![None; instrument.items.len()] }
    }
}

/// The longest round or team label a file may hold.
pub const MAX_LABEL_CHARS: usize = 200;

/// Names one result file (format 2): a random UUID made when it was saved.
/// It identifies the file, not the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResponseId(uuid::Uuid);

impl ResponseId {
    /// A version-4 UUID from 16 random bytes (the app draws them from the
    /// browser's `crypto.getRandomValues`).
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }

    /// The id's 16 bytes (Prio3's nonce for a two-holder hand-in file).
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }

    /// The hyphenated form files hold, and only that.
    pub fn parse(s: &str) -> Option<Self> {
        (s.len() == 36).then(|| uuid::Uuid::try_parse(s).ok()).flatten().map(Self)
    }
}

impl fmt::Display for ResponseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// What a result file holds, in the core's own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRecord {
    pub generator: String,
    pub period: Period,
    /// The practice's label for the round (format 2; none in format 1).
    pub round: Option<String>,
    /// The team chosen (format 2); none for "Prefer not to say" and in format 1.
    pub team: Option<String>,
    /// The file's own id (format 2); format 1 files have none.
    pub response: Option<ResponseId>,
    pub responses: Vec<Response>,
}

/// Why a file was not read. Each names what to do next where there is
/// something to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    TooLarge {
        bytes: usize,
    },
    /// The device could not read the file's bytes at all.
    Unreadable {
        detail: String,
    },
    NotText,
    NotJson,
    NotResultFile,
    NewerFormat {
        found: u64,
    },
    BadFormatVersion,
    Malformed {
        detail: String,
    },
    BadPeriod {
        found: String,
    },
    /// `round` or `team` is empty, too long, or more than one line.
    BadLabel {
        field: &'static str,
    },
    BadResponseId {
        found: String,
    },
    UnknownInstrument {
        key: InstrumentKey,
    },
    DuplicateInstrument {
        key: InstrumentKey,
    },
    UnknownItem {
        key: InstrumentKey,
        item: String,
    },
    InvalidAnswer {
        key: InstrumentKey,
        item: String,
        value: i32,
    },
    ScoresDisagree {
        key: InstrumentKey,
        score: String,
    },
    /// The personal CSV (the spreadsheet copy of a result), not the file.
    SpreadsheetCopy,
    /// A sealed hand-in file, and no holder's key was given.
    NeedsKey,
    /// A sealed hand-in file for a key other than the ones given.
    SealedForAnotherHolder,
    /// A hand-in file whose sealed part does not open: changed after
    /// sealing (even one byte), or cut short.
    SealChanged,
    /// A hand-in file whose clear part (month, round, team, response id)
    /// differs from what is sealed: edited after sealing.
    ClearPartChanged,
    /// A hand-in file split between two key holders: no one key opens it.
    SplitBetweenHolders,
    /// A two-holder share made for other questionnaires than this pile's.
    OtherQuestionnaires,
    /// A one-holder hand-in file given to the two holders' steps.
    NotSplit,
    /// A two-holder hand-in file whose values the Prio3 proof shows are out
    /// of range (made by something other than the survey, or changed).
    ProofFailed,
    /// A hand-in file of a newer format or scheme.
    NewerHandIn {
        found: u64,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // `bytes` may be a capped read's (one byte past the limit), so
            // the message states the limit, not the size.
            Problem::TooLarge { bytes: _ } => write!(
                f,
                "is over {} kB, far larger than any result file; choose the file you downloaded from this survey",
                MAX_FILE_BYTES / 1024
            ),
            Problem::Unreadable { detail } => {
                write!(f, "could not be read on this device ({detail}); try choosing it again")
            }
            Problem::NotText | Problem::NotJson => {
                write!(f, "is not a result file (it is not JSON text); choose the file you downloaded from this survey")
            }
            Problem::NotResultFile => write!(
                f,
                "is JSON, but not a Practice Pulse result file; choose the file you downloaded from this survey"
            ),
            Problem::NewerFormat { found } => write!(
                f,
                "was saved by a newer version (format {found}); this page reads {}. Open it with the newer page",
                format_range()
            ),
            Problem::BadFormatVersion => {
                write!(f, "has no valid format version, so it cannot be read; it may have been edited")
            }
            Problem::Malformed { detail } => write!(
                f,
                "is damaged or was edited: it does not have the shape of a result file ({detail})"
            ),
            Problem::BadPeriod { found } => {
                write!(f, "has an invalid month \"{found}\" (expected YYYY-MM); it may have been edited")
            }
            Problem::BadLabel { field } => write!(
                f,
                "has an invalid {field} (empty, longer than {MAX_LABEL_CHARS} characters, more than one line, or holding an invisible mark); it may have been edited"
            ),
            Problem::BadResponseId { found } => {
                let shown: String = found.chars().take(40).collect();
                write!(f, "has an invalid response id \"{shown}\" (expected a UUID); it may have been edited")
            }
            Problem::UnknownInstrument { key } => write!(
                f,
                "uses a questionnaire this page does not know ({key}); open it with the page that saved it, or add that questionnaire's definition"
            ),
            Problem::DuplicateInstrument { key } => {
                write!(f, "holds {key} twice; it may have been edited")
            }
            Problem::UnknownItem { key, item } => write!(
                f,
                "answers a question \"{item}\" that {key} does not have; it may have been edited"
            ),
            Problem::InvalidAnswer { key, item, value } => write!(
                f,
                "gives {value} for question \"{item}\" of {key}, which is not one of its answers; it may have been edited"
            ),
            Problem::ScoresDisagree { key, score } => write!(
                f,
                "says a score for \"{score}\" ({key}) that its own answers do not give; it may have been edited"
            ),
            Problem::SpreadsheetCopy => {
                write!(f, "is the spreadsheet copy of a result: choose the .json file")
            }
            Problem::NeedsKey => write!(
                f,
                "is a sealed hand-in file: only the practice's key holder can open it, with their key file and passphrase"
            ),
            Problem::SealedForAnotherHolder => write!(
                f,
                "is sealed for another key holder: this key cannot open it (was it handed in to another practice, or before the key changed?)"
            ),
            Problem::SealChanged => write!(
                f,
                "was changed after it was sealed (even one byte changed stops it opening), so it cannot be read"
            ),
            Problem::ClearPartChanged => write!(
                f,
                "was edited after it was sealed: its month, round, team or response id differ from what is sealed inside"
            ),
            Problem::SplitBetweenHolders => write!(
                f,
                "is split between two key holders: one key alone opens no answer, and only the two holders' steps together make the team report"
            ),
            Problem::NotSplit => write!(
                f,
                "is sealed to one key holder, not split between two: pool it with that holder's key alone"
            ),
            Problem::ProofFailed => write!(
                f,
                "fails the proof both key holders check: its values are out of range, so it was made by something other than the survey or changed; it is left out"
            ),
            Problem::OtherQuestionnaires => write!(
                f,
                "was handed in with other questionnaires than this pile knows: add the practice's own questionnaire definitions to the pile"
            ),
            Problem::NewerHandIn { found } => write!(
                f,
                "is a hand-in file from a newer version (hand-in format {found} or a newer scheme); this version reads hand-in format 1. Open it with the newer page"
            ),
        }
    }
}

fn format_range() -> String {
    if OLDEST_FORMAT_VERSION == FORMAT_VERSION {
        format!("format {FORMAT_VERSION}")
    } else {
        format!("formats {OLDEST_FORMAT_VERSION}–{FORMAT_VERSION}")
    }
}

/// A file that was not read, with its name, for the message a person sees.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub file_name: String,
    pub problem: Problem,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}.", self.file_name, self.problem)
    }
}

impl std::error::Error for Rejected {}

/// Why a record could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// A response names an instrument the catalogue lacks.
    UnknownInstrument(InstrumentKey),
    /// The newest format names each file: the record needs a response id.
    NoResponseId,
}

/// Writes a record as result-file JSON (the newest format), with its scores.
///
/// Every response must name an instrument of `catalogue` and hold one slot
/// per item, and the record needs its response id; the app only builds
/// records that way.
pub fn write(record: &ResultRecord, catalogue: &Catalogue) -> Result<String, WriteError> {
    let response_id = record.response.ok_or(WriteError::NoResponseId)?;
    let mut instruments = Vec::with_capacity(record.responses.len());
    for response in &record.responses {
        let instrument = catalogue
            .get(&response.key)
            .ok_or_else(|| WriteError::UnknownInstrument(response.key.clone()))?;
        let answers = instrument.answers_by_id(&response.answers);
        let scores = numeric_scores(instrument, &response.answers);
        instruments.push(v1::InstrumentV1 {
            id: instrument.key.id.clone(),
            version: instrument.key.version,
            answers,
            scores,
        });
    }
    let file = v2::FileV2 {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        generator: record.generator.clone(),
        period: record.period.to_string(),
        round: record.round.clone(),
        team: record.team.clone(),
        response: response_id.to_string(),
        instruments,
    };
    // Plain data (strings, whole numbers, finite floats) always serialises.
    Ok(serde_json::to_string_pretty(&file).unwrap_or_default())
}

fn numeric_scores(instrument: &Instrument, answers: &[Option<i32>]) -> BTreeMap<String, Option<f64>> {
    let mut scores = BTreeMap::new();
    for spec in &instrument.scores {
        match score_one(instrument, spec, answers) {
            Outcome::Descriptive => {}
            outcome => {
                scores.insert(spec.id.clone(), outcome.value());
            }
        }
    }
    scores
}

/// Reads one file. On any problem the file is rejected whole, and nothing
/// of it is returned.
pub fn read(file_name: &str, bytes: &[u8], catalogue: &Catalogue) -> Result<ResultRecord, Rejected> {
    read_inner(bytes, catalogue).map_err(|problem| Rejected { file_name: file_name.to_owned(), problem })
}

fn read_inner(bytes: &[u8], catalogue: &Catalogue) -> Result<ResultRecord, Problem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Problem::TooLarge { bytes: bytes.len() });
    }
    let bytes = crate::json::strip_bom(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| Problem::NotText)?;
    if text.starts_with(CSV_HEADER.trim_end()) {
        return Err(Problem::SpreadsheetCopy);
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| Problem::NotJson)?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        // Only the key holder's reader opens these (hand_in::open).
        Some(crate::hand_in::HAND_IN_FORMAT) => return Err(Problem::NeedsKey),
        _ => return Err(Problem::NotResultFile),
    }
    let version = value.get("format_version").and_then(serde_json::Value::as_u64);
    match version {
        // From the text again, not from `value`: one decoder per type
        // instead of two keeps the wasm small.
        Some(1) => {
            let file: v1::FileV1 =
                serde_json::from_str(text).map_err(|e| Problem::Malformed { detail: e.to_string() })?;
            from_v2(v1_to_v2(file), None, catalogue)
        }
        Some(2) => {
            let file: v2::FileV2 =
                serde_json::from_str(text).map_err(|e| Problem::Malformed { detail: e.to_string() })?;
            let id = ResponseId::parse(&file.response)
                .ok_or_else(|| Problem::BadResponseId { found: file.response.clone() })?;
            from_v2(file, Some(id), catalogue)
        }
        Some(v) if v > u64::from(FORMAT_VERSION) => Err(Problem::NewerFormat { found: v }),
        _ => Err(Problem::BadFormatVersion),
    }
}

/// Format 1 migrated to format 2's shape: no round, no team, no id.
fn v1_to_v2(file: v1::FileV1) -> v2::FileV2 {
    v2::FileV2 {
        format: file.format,
        format_version: 2,
        generator: file.generator,
        period: file.period,
        round: None,
        team: None,
        response: String::new(),
        instruments: file.instruments,
    }
}

/// A round or team label as a file may hold it.
pub(crate) fn label(field: &'static str, value: Option<String>) -> Result<Option<String>, Problem> {
    match value {
        None => Ok(None),
        Some(v)
            if !v.trim().is_empty()
                && v.chars().count() <= MAX_LABEL_CHARS
                && !v.chars().any(|c| c.is_control() || is_hidden_mark(c)) =>
        {
            Ok(Some(v))
        }
        Some(_) => Err(Problem::BadLabel { field }),
    }
}

/// An invisible character that changes how text around it looks without
/// being seen itself: direction overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069), direction marks (U+200E, U+200F), zero-width space
/// (U+200B), word joiner and invisible operators (U+2060–U+2064), the
/// byte-order mark inside text (U+FEFF) and the soft hyphen (U+00AD). A
/// label holding one could look like another team's while pooling apart
/// from it. Zero-width (non-)joiners (U+200C, U+200D) are allowed: Persian
/// and other scripts need them inside words.
pub(crate) fn is_hidden_mark(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// The newest format's conversion into the internal record: older formats
/// are migrated to it first, so this is the only place that builds one.
fn from_v2(
    file: v2::FileV2,
    response: Option<ResponseId>,
    catalogue: &Catalogue,
) -> Result<ResultRecord, Problem> {
    let period = Period::parse(&file.period).ok_or(Problem::BadPeriod { found: file.period.clone() })?;
    let round = label("round", file.round)?;
    let team = label("team", file.team)?;
    let mut responses: Vec<Response> = Vec::with_capacity(file.instruments.len());
    for entry in file.instruments {
        let key = InstrumentKey { id: entry.id, version: entry.version };
        let instrument =
            catalogue.get(&key).ok_or_else(|| Problem::UnknownInstrument { key: key.clone() })?;
        if responses.iter().any(|r| r.key == key) {
            return Err(Problem::DuplicateInstrument { key });
        }
        let mut answers = vec![None; instrument.items.len()];
        for (item_id, value) in entry.answers {
            let Some(position) = instrument.item_index(&item_id) else {
                return Err(Problem::UnknownItem { key, item: item_id });
            };
            if instrument.items[position].option(value).is_none() {
                return Err(Problem::InvalidAnswer { key, item: item_id, value });
            }
            answers[position] = Some(value);
        }
        let recomputed = numeric_scores(instrument, &answers);
        if let Some(score) = disagreement(&entry.scores, &recomputed) {
            return Err(Problem::ScoresDisagree { key, score });
        }
        responses.push(Response { key, answers });
    }
    Ok(ResultRecord { generator: file.generator, period, round, team, response, responses })
}

/// The first score id where the file's scores and the recomputed ones differ.
fn disagreement(
    stated: &BTreeMap<String, Option<f64>>,
    recomputed: &BTreeMap<String, Option<f64>>,
) -> Option<String> {
    stated
        .keys()
        .chain(recomputed.keys())
        .find(|id| match (stated.get(*id), recomputed.get(*id)) {
            (Some(Some(a)), Some(Some(b))) => (a - b).abs() > 1e-9,
            (Some(None), Some(None)) => false,
            _ => true,
        })
        .cloned()
}

/// The personal CSV's header line.
const CSV_HEADER: &str = "period,instrument,instrument_version,kind,id,value,label\n";

/// The same content as the result file, as CSV for a spreadsheet: one row
/// per answer and one per score. Columns: period, instrument,
/// instrument_version, kind (`answer` or `score`), id, value, label (the
/// answer's wording; a score's band, or "not enough answers").
///
/// Safe to open in a spreadsheet ([`crate::spreadsheet`]): a byte-order
/// mark first, formula-like cells neutralised, the month as `2026-M11`.
pub fn to_csv(record: &ResultRecord, catalogue: &Catalogue) -> Result<String, WriteError> {
    let mut out = String::from(spreadsheet::BOM);
    out.push_str(CSV_HEADER);
    let period = spreadsheet::month(record.period);
    let mut row = |fields: [&str; 7]| out.push_str(&spreadsheet::row(&fields));
    for response in &record.responses {
        let instrument = catalogue
            .get(&response.key)
            .ok_or_else(|| WriteError::UnknownInstrument(response.key.clone()))?;
        let version = instrument.key.version.to_string();
        for (item, answer) in instrument.items.iter().zip(&response.answers) {
            let Some(value) = answer else { continue };
            let label = item.option(*value).map_or("", |c| c.label.as_str());
            row([&period, &instrument.key.id, &version, "answer", &item.id, &value.to_string(), label]);
        }
        for spec in &instrument.scores {
            let outcome = score_one(instrument, spec, &response.answers);
            let (value, label) = match outcome {
                Outcome::Descriptive => continue,
                Outcome::Score(v) => {
                    (v.to_string(), crate::scoring::band(spec, outcome).map_or("", |b| b.label.as_str()))
                }
                Outcome::NotEnough { .. } => (String::new(), "not enough answers"),
            };
            row([&period, &instrument.key.id, &version, "score", &spec.id, &value, label]);
        }
    }
    Ok(out)
}
