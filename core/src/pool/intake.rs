//! Taking in a pile of files, one at a time, the same way on the team page
//! and in `pulse`: a questionnaire definition among them joins the
//! catalogue; a result file is read and checked by the core, each
//! response id once; a result of a questionnaire whose definition has not
//! come yet waits until every file is in. Only the waiting files are kept.
//! Sealed hand-in files open with the key holder's keys given to the
//! intake (none: each is refused as needing a key). Files an operating
//! system adds to folders and archives (`.DS_Store`, `__MACOSX/`, …) are
//! skipped and counted as ignored.

use std::collections::HashSet;

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

/// The files taken in so far.
#[derive(Debug)]
pub struct Intake {
    /// The catalogue results are scored by: the given one, plus every valid
    /// definition among the files.
    pub catalogue: Catalogue,
    seen: HashSet<ResponseId>,
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
}

impl Intake {
    pub fn new(catalogue: Catalogue) -> Self {
        Self {
            catalogue,
            seen: HashSet::new(),
            waiting: Vec::new(),
            records: 0,
            definitions: 0,
            duplicates: Vec::new(),
            refused: Vec::new(),
            ignored: 0,
            keys: Vec::new(),
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
    pub fn take(&mut self, name: &str, bytes: Vec<u8>) -> Option<ResultRecord> {
        if is_os_file(name) {
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

    fn read(&mut self, name: &str, bytes: Vec<u8>, last_try: bool) -> Option<ResultRecord> {
        match hand_in::read_any(name, &bytes, &self.catalogue, &self.keys) {
            Ok(record) if record.response.is_some_and(|id| !self.seen.insert(id)) => {
                self.duplicates.push(name.to_owned());
                None
            }
            Ok(record) => {
                if let Some(why) = record.team.as_deref().and_then(super::reserved_label) {
                    self.refused.push(format!("{name}: its team {why}"));
                    return None;
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

fn is_definition(bytes: &[u8]) -> bool {
    file_format(bytes).as_deref() == Some(crate::definition::FORMAT)
}

/// The `format` a file says it is (`practice-pulse-result`,
/// `practice-pulse-instrument`, `practice-pulse-config`, …), read without
/// building the rest; none when it is not a JSON object with one.
pub fn file_format(bytes: &[u8]) -> Option<String> {
    serde_json::from_slice::<Head>(crate::json::strip_bom(bytes)).ok().and_then(|h| h.format)
}
