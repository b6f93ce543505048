//! Keeping the unfinished survey on this device: the core's draft format
//! written to and read from the browser's storage. This module decides
//! when; `browser::storage` does the storing; `pulse_core::draft` the format.

use pulse_core::draft::{self, DraftProblem, STORAGE_KEY, STORAGE_PREFIX};
use pulse_core::{Catalogue, Session, Stage};

use crate::browser::storage::{self, StorageIssue, Stored};
use crate::browser::today;
use crate::state::Notice;

/// What was found at start.
pub enum Restored {
    Nothing,
    Draft(Session),
    /// A draft that could not be continued was cleared.
    Dropped(Notice),
    Unavailable(StorageIssue),
}

/// Reads the stored draft, clearing it (and any left by another version of
/// the app) when it cannot be continued.
pub fn restore(catalogue: &Catalogue) -> Restored {
    let other_versions = match storage::keys_with_prefix(STORAGE_PREFIX) {
        Ok(keys) => keys.into_iter().filter(|k| k != STORAGE_KEY).collect::<Vec<_>>(),
        Err(issue) => return Restored::Unavailable(issue),
    };
    for key in &other_versions {
        let _ = storage::remove(key);
    }
    let problem = match storage::load(STORAGE_KEY) {
        Err(issue) => return Restored::Unavailable(issue),
        Ok(Stored::Nothing) if other_versions.is_empty() => return Restored::Nothing,
        Ok(Stored::Nothing) => DraftProblem::OtherVersion,
        Ok(Stored::Damaged) => DraftProblem::Unusable,
        Ok(Stored::Text(text)) => match today().map(|d| draft::from_json(&text, catalogue, d)) {
            Some(Ok(session)) => return Restored::Draft(session),
            Some(Err(problem)) => problem,
            None => DraftProblem::Unusable,
        },
    };
    let _ = storage::remove(STORAGE_KEY);
    Restored::Dropped(match problem {
        DraftProblem::Expired { .. } => Notice::DraftExpired,
        DraftProblem::OtherVersion => Notice::DraftOtherVersion,
        DraftProblem::Unusable => Notice::DraftUnusable,
    })
}

/// Makes storage match the session: its draft, or nothing at all on a
/// shared computer or when there is nothing to keep.
pub fn sync(session: &Session, catalogue: &Catalogue) -> Result<(), StorageIssue> {
    let nothing_to_keep = session.progress().0 == 0 && session.stage == Stage::Welcome;
    if session.shared_device || nothing_to_keep {
        return storage::remove(STORAGE_KEY);
    }
    let day = today().ok_or(StorageIssue::Blocked)?;
    storage::save(STORAGE_KEY, &draft::to_json(session, catalogue, day))
}
