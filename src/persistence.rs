//! Keeping the unfinished survey: the core's draft format written to and
//! read from the browser's storage. `Session::keep` (core) decides where;
//! this module carries it out; `browser::storage` does the storing.

use pulse_core::draft::{self, DraftProblem, STORAGE_KEY, STORAGE_PREFIX};

/// Which tab last continued the device's draft (a random token per tab);
/// another tab that keeps its answers on the device stops saving when it
/// changes. Removed with the draft.
pub const HOLDER_KEY: &str = "practice-pulse/holder";
use pulse_core::instrument::Instrument;
use pulse_core::session::Keep;
use pulse_core::{Catalogue, InstrumentKey, Session};

use crate::browser::storage::{self, Area, StorageIssue, Stored};
use crate::browser::today;
use crate::state::Notice;

/// A draft found at start, waiting for the person to continue or discard it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub session: Session,
    /// Its practice's own questionnaires, added to the catalogue on continuing.
    pub definitions: Vec<Instrument>,
    /// Sections that could not be restored: the person is told.
    pub not_restored: Vec<InstrumentKey>,
}

/// What was found at start.
pub enum Restored {
    Nothing,
    Draft(Box<Found>),
    /// A draft that could not be continued was cleared.
    Dropped(Notice),
    Unavailable(StorageIssue),
}

/// Reads the stored draft, this tab's first (a reload), then the device's,
/// clearing one (and any left by another version of the app) that cannot
/// be continued.
pub fn restore(catalogue: &Catalogue) -> Restored {
    match restore_from(Area::Tab, catalogue) {
        Restored::Nothing | Restored::Unavailable(_) => restore_from(Area::Device, catalogue),
        found => found,
    }
}

fn restore_from(area: Area, catalogue: &Catalogue) -> Restored {
    let other_versions = match storage::keys_with_prefix(area, STORAGE_PREFIX) {
        Ok(keys) => keys.into_iter().filter(|k| k != STORAGE_KEY).collect::<Vec<_>>(),
        Err(issue) => return Restored::Unavailable(issue),
    };
    for key in &other_versions {
        let _ = storage::remove(area, key);
    }
    let problem = match read(area, catalogue) {
        Err(issue) => return Restored::Unavailable(issue),
        Ok(None) if other_versions.is_empty() => return Restored::Nothing,
        Ok(None) => DraftProblem::OtherVersion,
        Ok(Some(Ok(found))) => return Restored::Draft(Box::new(found)),
        Ok(Some(Err(problem))) => problem,
    };
    let _ = storage::remove(area, STORAGE_KEY);
    Restored::Dropped(match problem {
        DraftProblem::Expired { .. } => Notice::DraftExpired,
        DraftProblem::OtherVersion => Notice::DraftOtherVersion,
        DraftProblem::Unusable => Notice::DraftUnusable,
    })
}

/// The draft stored in one area, if any, continued or with its problem.
fn read(area: Area, catalogue: &Catalogue) -> Result<Option<Result<Found, DraftProblem>>, StorageIssue> {
    Ok(match storage::load(area, STORAGE_KEY)? {
        Stored::Nothing => None,
        Stored::Damaged => Some(Err(DraftProblem::Unusable)),
        Stored::Text(text) => Some(match today() {
            Some(day) => draft::from_json(&text, catalogue, day).map(|c| Found {
                session: c.session,
                definitions: c.definitions,
                not_restored: c.not_restored,
            }),
            None => Err(DraftProblem::Unusable),
        }),
    })
}

/// The device's draft as it is now (another tab may have written it).
pub fn read_device(catalogue: &Catalogue) -> Option<Found> {
    read(Area::Device, catalogue).ok().flatten().and_then(Result::ok)
}

/// Makes storage match the session: its draft where `Session::keep` says,
/// and nothing anywhere else.
pub fn sync(session: &Session, catalogue: &Catalogue) -> Result<(), StorageIssue> {
    let day = today();
    let text = day.and_then(|d| draft::to_json(session, catalogue, d));
    let (keep_in, clear): (_, &[Area]) = match (session.keep(), text) {
        (Keep::Nothing, _) | (_, None) => (None, &[Area::Device, Area::Tab]),
        (Keep::ThisTab, Some(t)) => (Some((Area::Tab, t)), &[Area::Device]),
        (Keep::Device, Some(t)) => (Some((Area::Device, t)), &[Area::Tab]),
    };
    let mut cleared =
        clear.iter().map(|&area| storage::remove(area, STORAGE_KEY)).collect::<Result<Vec<_>, _>>();
    if clear.contains(&Area::Device) {
        cleared = cleared.and_then(|c| storage::remove(Area::Device, HOLDER_KEY).map(|()| c));
    }
    match keep_in {
        Some((area, text)) => storage::save(area, STORAGE_KEY, &text),
        None if session.keep() != Keep::Nothing && day.is_none() => Err(StorageIssue::Blocked),
        None => cleared.map(|_| ()),
    }
}

/// Marks this tab as the one holding the device's draft.
pub fn claim(token: &str) {
    let _ = storage::save(Area::Device, HOLDER_KEY, &format!("\"{token}\""));
}
