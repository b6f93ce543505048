//! Taking in a pile of files, one at a time, the same way on the team page
//! and in `pulse`: a questionnaire definition among them joins the
//! catalogue; a result file is read and checked by the core, each
//! response id once (two files carrying one id with different contents are
//! both refused: see [`Intake::take`]); a result of a questionnaire whose
//! definition has not come yet waits until every file is in. Only the
//! waiting files are kept, and of each response id the first file's name
//! and a digest of what it holds.
//! Sealed hand-in files open with the key holder's keys given to the
//! intake (none: each is refused as needing a key). Files an operating
//! system adds to folders and archives (`.DS_Store`, `__MACOSX/`, …) are
//! skipped and counted as ignored.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Deserialize;

use crate::catalogue::Catalogue;
use crate::hand_in::{self, HolderKey};
use crate::result_file::{Problem, ResponseId, ResultRecord};

/// Just a file's `format` field, to tell a definition from a result.
#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    format: Option<String>,
}

/// What the intake keeps of a response id: the first file that carried
/// it, a digest of what that file holds, and whether another file carried
/// the id with other contents.
#[derive(Debug)]
struct Seen {
    name: String,
    digest: [u8; 32],
    conflict: bool,
}

/// The reason given for each file of a response id carried by files with
/// different contents.
pub const SAME_ID_DIFFERENT_FILES: &str = "two different files carry the same response id";

use crate::receipt::record_digest as digest;

/// The digest `Intake` tells copies of one result by (month, round, team
/// and every answer): `pulse seal` keeps a hand-in file it sealed before
/// only while the result's digest is the one it sealed.
pub fn record_digest(record: &ResultRecord) -> [u8; 32] {
    digest(record)
}

/// The files taken in so far.
#[derive(Debug)]
pub struct Intake {
    /// The catalogue results are scored by: the given one, plus every valid
    /// definition among the files.
    pub catalogue: Catalogue,
    seen: HashMap<ResponseId, Seen>,
    /// Response ids carried by files with different contents: no file of
    /// them counts.
    conflicts: HashSet<ResponseId>,
    waiting: Vec<(String, Vec<u8>)>,
    /// Result files read, each response once.
    pub records: usize,
    /// Definitions added from among the files.
    pub definitions: usize,
    /// Files whose response id was read before, by name (counted once).
    pub duplicates: Vec<String>,
    /// Every file turned away, each as its message (naming the file).
    pub refused: Vec<String>,
    /// Files an operating system adds, skipped (see [`is_os_file`]).
    pub ignored: usize,
    /// The key holder's keys sealed hand-in files open with.
    keys: Vec<HolderKey>,
    /// Each response id's receipts: the first file's, and every copy's
    /// counted once with it (the same record in other bytes has its own
    /// receipt, which its owner was shown: `crate::receipt`).
    receipts: HashMap<ResponseId, BTreeSet<String>>,
}

impl Intake {
    pub fn new(catalogue: Catalogue) -> Self {
        Self {
            catalogue,
            seen: HashMap::new(),
            conflicts: HashSet::new(),
            waiting: Vec::new(),
            records: 0,
            definitions: 0,
            duplicates: Vec::new(),
            refused: Vec::new(),
            ignored: 0,
            keys: Vec::new(),
            receipts: HashMap::new(),
        }
    }

    /// An intake that also opens hand-in files sealed to these keys.
    pub fn with_keys(catalogue: Catalogue, keys: Vec<HolderKey>) -> Self {
        Self { keys, ..Self::new(catalogue) }
    }

    /// Adds a key holder's key: hand-in files sealed to it open from now
    /// on (files refused before for want of it are read when given again).
    pub fn add_key(&mut self, key: HolderKey) {
        if !self.keys.iter().any(|k| k.public() == key.public()) {
            self.keys.push(key);
        }
    }

    /// Whether any key holder's key was given.
    pub fn has_key(&self) -> bool {
        !self.keys.is_empty()
    }

    /// Takes one file: the record to count, if it is a new, valid result
    /// file; none for a definition, a duplicate, a refusal, or a result that
    /// waits for its questionnaire's definition.
    ///
    /// A copy of a file already read (the same response id and the same
    /// contents) counts once. Two files that carry the same response id
    /// with different contents are a conflict: the id is in clear in every
    /// hand-in file, so anyone could copy it into a made-up file, and
    /// keeping either would let such a file throw out someone's real
    /// answers. Both are refused, each with a reason naming both files,
    /// and so is any later file with that id; a record given out before for
    /// the id is to be left out ([`Intake::conflicted`]).
    pub fn take(&mut self, name: &str, bytes: Vec<u8>) -> Option<ResultRecord> {
        if is_os_added(name, &bytes) {
            self.ignored = self.ignored.saturating_add(1);
            return None;
        }
        self.read(name, bytes, false)
    }

    /// Reads the results that waited for a definition, now that every file
    /// is in; those still unknown are refused.
    pub fn finish(&mut self) -> Vec<ResultRecord> {
        let waiting = std::mem::take(&mut self.waiting);
        waiting.into_iter().filter_map(|(name, bytes)| self.read(&name, bytes, true)).collect()
    }

    /// Whether files with different contents carried this response id: a
    /// record of it given out before must not count.
    pub fn conflicted(&self, id: &ResponseId) -> bool {
        self.conflicts.contains(id)
    }

    /// The receipts of the files read for this response id (the first
    /// and every copy counted once with it), sorted.
    pub fn receipts(&self, id: &ResponseId) -> impl Iterator<Item = &String> {
        self.receipts.get(id).into_iter().flatten()
    }

    /// Whether any two files carried one response id with different
    /// contents (so a record given out before may not count).
    pub fn has_conflicts(&self) -> bool {
        !self.conflicts.is_empty()
    }

    /// Whether a record with this id (and these contents) is the first,
    /// and so counts; notes a copy or a conflict otherwise.
    fn first_of_id(&mut self, name: &str, id: ResponseId, record: &ResultRecord, bytes: &[u8]) -> bool {
        let digest = digest(record);
        let Some(seen) = self.seen.get_mut(&id) else {
            self.seen.insert(id, Seen { name: name.to_owned(), digest, conflict: false });
            self.receipts.entry(id).or_default().extend(crate::receipt::of_file(bytes, record));
            return true;
        };
        let why = format!("{SAME_ID_DIFFERENT_FILES} ({} and {name}); neither is counted", seen.name);
        if seen.conflict {
            self.refused.push(format!("{name}: {why}"));
        } else if seen.digest == digest {
            self.duplicates.push(name.to_owned());
            self.receipts.entry(id).or_default().extend(crate::receipt::of_file(bytes, record));
        } else {
            seen.conflict = true;
            self.refused.push(format!("{}: {why}", seen.name));
            self.refused.push(format!("{name}: {why}"));
            self.conflicts.insert(id);
            // The first was counted.
            self.records = self.records.saturating_sub(1);
        }
        false
    }

    fn read(&mut self, name: &str, bytes: Vec<u8>, last_try: bool) -> Option<ResultRecord> {
        match hand_in::read_any(name, &bytes, &self.catalogue, &self.keys) {
            Ok(record) => {
                if let Some(why) = record.team.as_deref().and_then(super::reserved_label) {
                    self.refused.push(format!("{name}: its team {why}"));
                    return None;
                }
                if let Some(id) = record.response {
                    if !self.first_of_id(name, id, &record, &bytes) {
                        return None;
                    }
                }
                self.records = self.records.saturating_add(1);
                Some(record)
            }
            Err(r) if !last_try && matches!(r.problem, Problem::UnknownInstrument { .. }) => {
                self.waiting.push((name.to_owned(), bytes));
                None
            }
            Err(r) if r.problem == Problem::NotResultFile && is_definition(&bytes) => {
                match self.catalogue.add_definition_bytes(name, &bytes) {
                    Ok(_) => self.definitions = self.definitions.saturating_add(1),
                    Err(e) => self.refused.push(format!("{name}: {e}")),
                }
                None
            }
            Err(r) => {
                self.refused.push(r.to_string());
                None
            }
        }
    }
}

/// Whether a file, by its path, is one an operating system adds to folders
/// and archives rather than one a person chose: macOS's `__MACOSX/` folder
/// and `._*` resource forks in a Finder-made zip, `.DS_Store`, and
/// Windows's `Thumbs.db` and `desktop.ini`.
pub fn is_os_file(path: &str) -> bool {
    let mut parts = path.split(['/', '\\']);
    let base = parts.next_back().unwrap_or(path);
    let lower = base.to_ascii_lowercase();
    path.split(['/', '\\']).any(|p| p == "__MACOSX")
        || base.starts_with("._")
        || base == ".DS_Store"
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

/// Whether a file is one an operating system added ([`is_os_file`] by its
/// path) and is not itself a Practice Pulse file: a hand-in or result
/// file renamed `._name.json` (or put in `__MACOSX/`) is read as any
/// other, never skipped quietly (review4 F5: a quiet skip would leave a
/// person out of the sums without any holder being told).
pub fn is_os_added(path: &str, bytes: &[u8]) -> bool {
    is_os_file(path) && !file_format(bytes).is_some_and(|f| f.starts_with(PULSE_FORMATS))
}

/// What every format name of this project starts with.
const PULSE_FORMATS: &str = "practice-pulse";

fn is_definition(bytes: &[u8]) -> bool {
    file_format(bytes).as_deref() == Some(crate::definition::FORMAT)
}

/// The `format` a file says it is (`practice-pulse-result`,
/// `practice-pulse-instrument`, `practice-pulse-config`, …), read without
/// building the rest; none when it is not a JSON object with one.
pub fn file_format(bytes: &[u8]) -> Option<String> {
    serde_json::from_slice::<Head>(crate::json::strip_bom(bytes)).ok().and_then(|h| h.format)
}
