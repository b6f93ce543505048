//! The unfinished survey kept on this device between visits, so answers
//! survive a reload or a closed tab. It never leaves the device, so unlike
//! a result file it may hold the day it was saved (to drop stale drafts).
//!
//! The stored text is versioned (`draft_version`, and the storage key names
//! the version); a draft this build cannot continue is discarded with a
//! reason the app shows, never a crash.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::instrument::InstrumentKey;
use crate::result_file::Response;
use crate::session::{Session, Stage};

/// The storage key of the current draft format.
pub const STORAGE_KEY: &str = "practice-pulse/draft/v1";
/// Every draft key, of any version, starts with this.
pub const STORAGE_PREFIX: &str = "practice-pulse/draft/";
/// A draft older than this many days is dropped.
pub const MAX_AGE_DAYS: i64 = 30;
const DRAFT_VERSION: u32 = 1;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    year: i32,
    month: u32,
    day: u32,
}

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month).contains(&day).then_some(Self { year, month, day })
    }

    fn parse(s: &str) -> Option<Self> {
        let mut parts = s.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        Self::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    fn ordinal(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// Whole days from `earlier` to `self`.
    pub fn days_since(self, earlier: Day) -> i64 {
        self.ordinal() - earlier.ordinal()
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a stored draft was not continued (and so was cleared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftProblem {
    /// Older than [`MAX_AGE_DAYS`].
    Expired { days: i64 },
    /// Saved by another version of the app in a shape this one cannot continue.
    OtherVersion,
    /// Damaged, or naming questions this version does not have.
    Unusable,
}

/// The stored shape, version 1. Only this module reads or writes it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftV1 {
    draft_version: u32,
    saved_on: String,
    stage: StageV1,
    cursor: usize,
    sections: Vec<SectionV1>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum StageV1 {
    Welcome,
    Section(usize),
    Review,
    Results,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionV1 {
    id: String,
    version: u32,
    answers: BTreeMap<String, i32>,
}

/// The text to store for `session` today. Sessions on a shared device are
/// never stored: the caller checks [`Session::shared_device`] first.
pub fn to_json(session: &Session, catalogue: &Catalogue, today: Day) -> String {
    let sections = session
        .responses
        .iter()
        .map(|r| SectionV1 {
            id: r.key.id.clone(),
            version: r.key.version,
            answers: catalogue.get(&r.key).map(|i| i.answers_by_id(&r.answers)).unwrap_or_default(),
        })
        .collect();
    let stage = match session.stage {
        Stage::Welcome => StageV1::Welcome,
        Stage::Section(i) => StageV1::Section(i),
        Stage::Review => StageV1::Review,
        Stage::Results => StageV1::Results,
    };
    let draft = DraftV1 {
        draft_version: DRAFT_VERSION,
        saved_on: today.to_string(),
        stage,
        cursor: session.cursor,
        sections,
    };
    serde_json::to_string(&draft).expect("plain data always serialises")
}

/// Continues a stored draft, or says why it cannot be continued.
pub fn from_json(text: &str, catalogue: &Catalogue, today: Day) -> Result<Session, DraftProblem> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| DraftProblem::Unusable)?;
    if value.get("draft_version").and_then(serde_json::Value::as_u64) != Some(u64::from(DRAFT_VERSION)) {
        return Err(DraftProblem::OtherVersion);
    }
    let draft: DraftV1 = serde_json::from_str(text).map_err(|_| DraftProblem::Unusable)?;
    let saved_on = Day::parse(&draft.saved_on).ok_or(DraftProblem::Unusable)?;
    let age = today.days_since(saved_on);
    if age > MAX_AGE_DAYS {
        return Err(DraftProblem::Expired { days: age });
    }
    let mut responses = Vec::with_capacity(draft.sections.len());
    for section in draft.sections {
        let key = InstrumentKey { id: section.id, version: section.version };
        let instrument = catalogue.get(&key).ok_or(DraftProblem::Unusable)?;
        let mut response = Response::empty(instrument);
        for (item_id, value) in section.answers {
            let position = instrument.item_index(&item_id).ok_or(DraftProblem::Unusable)?;
            instrument.items[position].option(value).ok_or(DraftProblem::Unusable)?;
            response.answers[position] = Some(value);
        }
        responses.push(response);
    }
    let sections = responses.len();
    let stage = match draft.stage {
        StageV1::Welcome => Stage::Welcome,
        StageV1::Section(i) if i < sections => Stage::Section(i),
        StageV1::Section(_) => return Err(DraftProblem::Unusable),
        StageV1::Review => Stage::Review,
        StageV1::Results => Stage::Results,
    };
    let cursor = match stage {
        Stage::Section(i) if draft.cursor < responses[i].answers.len() => draft.cursor,
        _ => 0,
    };
    Ok(Session { stage, cursor, responses, shared_device: false })
}
