//! The release ledger, `practice-pulse-ledger.json` (format
//! `practice-pulse-ledger`, version 1; docs/hand-in.md, "The release
//! ledger"): the second key holder's record of each round released at
//! step 2, so that no round is released twice over files that differ.
//!
//! Two releases of one round over piles that differ give away, by
//! subtraction, the figures of the people who differ (review 4, finding
//! 2: one person added or left out, or an old round's files brought into
//! a new round's pile). Anyone who sees both published reports can do it,
//! so the second holder, who releases the sums, keeps the ledger and
//! refuses such a release ([`decide`]): a round is released once, over
//! one pile; the same pile again at the same minimum group releases
//! nothing new and is allowed.
//!
//! Per round released it keeps the round, the month of release (never a
//! day), the minimum group and, for each file counted, its response id
//! and its file digest: both are what the second holder already reads in
//! clear (the hand-in file's clear part; the `responses` of the step
//! files they read and write). No answer, no figure, no team.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::result_file::{Period, ResponseId};

/// The value of the `format` field.
pub const LEDGER_FORMAT: &str = "practice-pulse-ledger";
/// The newest ledger format this build reads, and the one it writes.
pub const LEDGER_VERSION: u32 = 1;
/// The name the ledger is saved under.
pub const LEDGER_FILE: &str = "practice-pulse-ledger.json";
/// The largest ledger read: about 90 bytes per file released, so 64 MiB
/// holds some 700,000 files (a practice releases a few hundred a year).
pub const MAX_LEDGER_BYTES: usize = 64 * 1024 * 1024;

/// `practice-pulse-ledger`, version 1, as the file holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerV1 {
    format: String,
    format_version: u32,
    releases: Vec<ReleaseV1>,
}

/// One round released.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseV1 {
    /// The round's label; `null` for files handed in with no round.
    round: Option<String>,
    /// The month step 2 was made, `YYYY-MM`.
    month: String,
    /// The minimum group step 2 was made at.
    min_group: usize,
    /// Each file counted, sorted by response id.
    files: Vec<FileV1>,
}

/// One file counted in a release.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    /// The response id, as in the hand-in file's clear part.
    response: String,
    /// BLAKE2b-128 of the file's bytes (32 hex), as step files list it.
    file: String,
}

/// A file counted in a release: its response id and its file's digest.
/// The digest matters: a made-up file carrying a released response's id
/// is another file, and releasing it in that person's place would give
/// the person away by subtraction just as leaving them out would.
pub type Counted = (String, String);

/// What a step 2 releases: per round that any sum is released for, the
/// files counted in it (`SplitPile::released`).
pub type Released = BTreeMap<Option<String>, BTreeSet<Counted>>;

/// One round's release as the ledger keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The month step 2 was made.
    pub month: Period,
    /// The minimum group it was made at.
    pub min_group: usize,
    /// The files counted.
    pub files: BTreeSet<Counted>,
}

/// The second key holder's record of releases, one entry per round.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    releases: BTreeMap<Option<String>, Release>,
}

/// What [`decide`] allows for one round of a step 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Not released before: allowed, and recorded.
    First,
    /// Released before over exactly these files at this minimum group:
    /// the same figures again, so nothing new is revealed (the month of
    /// that release is kept).
    Same(Period),
}

/// Each round of a step 2 with what [`decide`] allowed for it.
pub type Decisions = Vec<(Option<String>, Decision)>;

/// A ledger that cannot be read, or a release it refuses: the message
/// names the file (or the round), the place and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRefused(pub String);

impl fmt::Display for LedgerRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LedgerRefused {}

/// A round's name in a message.
pub fn round_name(round: &Option<String>) -> String {
    match round {
        Some(r) => format!("round \"{r}\""),
        None => "the files with no round".to_owned(),
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Decides, per round of what a step 2 releases, whether the ledger
/// allows it: a round never released is a first release (recorded, this
/// month, at `min_group`); a round released before over exactly these
/// files at this minimum group is the same release again (allowed:
/// nothing new is revealed); any other file set, or another minimum
/// group, for a round already released is refused, naming the round, the
/// month it was released and how many files were added and left out
/// (never which). A file with a released response id but another digest
/// counts as one left out and one added. Every round is decided before
/// anything is recorded: on a refusal the ledger is unchanged.
pub fn decide(
    ledger: &Ledger,
    released: &Released,
    min_group: usize,
    month: Period,
) -> Result<(Ledger, Decisions), LedgerRefused> {
    let mut refusals = Vec::new();
    let mut decisions = Vec::new();
    let mut updated = ledger.clone();
    for (round, files) in released {
        match ledger.releases.get(round) {
            None => {
                decisions.push((round.clone(), Decision::First));
                updated.releases.insert(round.clone(), Release { month, min_group, files: files.clone() });
            }
            Some(before) if before.files == *files && before.min_group == min_group => {
                decisions.push((round.clone(), Decision::Same(before.month)));
            }
            Some(before) if before.files == *files => refusals.push(format!(
                "{} was released in {} at a minimum group of {}; this step 2 is at {}: a round is released once, so make it at {} over the same files, or leave this round's files out of the pile",
                round_name(round),
                before.month,
                before.min_group,
                min_group,
                before.min_group
            )),
            Some(before) => {
                let added = files.difference(&before.files).count();
                let left_out = before.files.difference(files).count();
                refusals.push(format!(
                    "{} was released in {} over other files: this pile adds {} and leaves out {} of that release. Two reports of one round over different files give away the people who differ, so a round is released once: make step 2 over exactly the files of that release, or leave this round's files out of the pile",
                    round_name(round),
                    before.month,
                    plural(added, "file"),
                    plural(left_out, "file")
                ));
            }
        }
    }
    if refusals.is_empty() {
        Ok((updated, decisions))
    } else {
        Err(LedgerRefused(format!(
            "step 2 refused by your record of releases, and nothing written: {}",
            refusals.join("; ")
        )))
    }
}

fn is_digest(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Just the header, read leniently, to say what a file is before reading it.
#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    format_version: Option<Value>,
}

impl Ledger {
    /// An empty ledger: no round released yet (a ledger file that does
    /// not exist yet reads as this).
    pub fn new() -> Self {
        Self::default()
    }

    /// The rounds released, each with its release.
    pub fn releases(&self) -> &BTreeMap<Option<String>, Release> {
        &self.releases
    }

    /// Reads a ledger file. Refused, naming the file, the place (a line
    /// and column, or a field such as `releases[1].files[3].response`) and
    /// the reason: not a ledger; a newer format; not JSON; a field missing,
    /// unknown, of the wrong shape or given twice; a round given twice; a
    /// response given twice in a round; an invalid round label, month,
    /// minimum group, response id or file digest.
    pub fn read(name: &str, bytes: &[u8]) -> Result<Self, LedgerRefused> {
        let refuse = |place: &str, why: &str| {
            LedgerRefused(format!(
                "{name} is not a usable record of releases ({place}: {why}); nothing was changed: keep the file as it is, and put back your last good copy before making step 2"
            ))
        };
        if bytes.len() > MAX_LEDGER_BYTES {
            return Err(refuse("file", &format!("is larger than {} MB", MAX_LEDGER_BYTES / 1_000_000)));
        }
        let text = std::str::from_utf8(crate::json::strip_bom(bytes))
            .map_err(|e| refuse("file", &format!("is not UTF-8 text (byte {})", e.valid_up_to())))?;
        let located = |e: serde_json::Error| {
            refuse(&format!("line {} column {}", e.line(), e.column()), &e.to_string())
        };
        let header: Header = serde_json::from_str(text).map_err(located)?;
        if header.format.as_ref().and_then(Value::as_str) != Some(LEDGER_FORMAT) {
            return Err(refuse(
                "format",
                &format!("is not \"{LEDGER_FORMAT}\": this is not a Practice Pulse record of releases"),
            ));
        }
        match header.format_version.as_ref().and_then(Value::as_u64) {
            Some(v) if v == u64::from(LEDGER_VERSION) => {}
            Some(v) if v > u64::from(LEDGER_VERSION) => {
                return Err(LedgerRefused(format!(
                    "{name} is a record of releases of format version {v}, newer than this Practice Pulse reads (up to {LEDGER_VERSION}); nothing was changed: use a newer version of Practice Pulse for step 2"
                )))
            }
            _ => {
                return Err(refuse(
                    "format_version",
                    &format!("must be a whole number from 1 to {LEDGER_VERSION}"),
                ))
            }
        }
        let file: LedgerV1 = serde_json::from_str(text).map_err(located)?;
        let mut releases = BTreeMap::new();
        let mut first_at: BTreeMap<Option<String>, usize> = BTreeMap::new();
        for (i, r) in file.releases.into_iter().enumerate() {
            let at = |field: &str| format!("releases[{i}].{field}");
            let round = crate::result_file::label("round", r.round).map_err(|_| {
                refuse(
                    &at("round"),
                    "is not a round's label (empty, more than one line, too long, or holding an invisible mark)",
                )
            })?;
            if let Some(j) = first_at.get(&round) {
                return Err(refuse(
                    &at("round"),
                    &format!("{} is given twice (also releases[{j}])", round_name(&round)),
                ));
            }
            first_at.insert(round.clone(), i);
            let month =
                Period::parse(&r.month).ok_or_else(|| refuse(&at("month"), "is not a month (YYYY-MM)"))?;
            if r.min_group < crate::config::MIN_GROUP_FLOOR as usize {
                return Err(refuse(
                    &at("min_group"),
                    &format!("is below {}, the smallest minimum group", crate::config::MIN_GROUP_FLOOR),
                ));
            }
            if r.files.is_empty() {
                return Err(refuse(&at("files"), "lists no file: a release counts at least one"));
            }
            let mut files = BTreeSet::new();
            let mut ids = BTreeSet::new();
            for (j, f) in r.files.into_iter().enumerate() {
                let id = ResponseId::parse(&f.response).ok_or_else(|| {
                    refuse(&at(&format!("files[{j}].response")), "is not a response id (a UUID)")
                })?;
                if !is_digest(&f.file) {
                    return Err(refuse(
                        &at(&format!("files[{j}].file")),
                        "is not a file digest (32 lowercase hex digits)",
                    ));
                }
                if !ids.insert(id) {
                    return Err(refuse(&at(&format!("files[{j}].response")), "is given twice in this round"));
                }
                files.insert((id.to_string(), f.file));
            }
            releases.insert(round, Release { month, min_group: r.min_group, files });
        }
        Ok(Self { releases })
    }

    /// The ledger as its file's text: rounds in order (files with no
    /// round first), each round's files by response id; pretty JSON
    /// ending in a newline.
    pub fn to_json(&self) -> String {
        let file = LedgerV1 {
            format: LEDGER_FORMAT.to_owned(),
            format_version: LEDGER_VERSION,
            releases: self
                .releases
                .iter()
                .map(|(round, r)| ReleaseV1 {
                    round: round.clone(),
                    month: r.month.to_string(),
                    min_group: r.min_group,
                    files: r
                        .files
                        .iter()
                        .map(|(response, file)| FileV1 { response: response.clone(), file: file.clone() })
                        .collect(),
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }
}
