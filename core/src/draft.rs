//! The unfinished survey kept on this device between visits, so answers
//! survive a reload or a closed tab. It never leaves the device, so unlike
//! a result file it may hold the day it was saved (to drop stale drafts).
//!
//! The stored text is versioned (`draft_version`); a draft this build cannot
//! continue is discarded with a reason the app shows, never a crash. The
//! storage key names the key's own generation (`v1`), not the body's
//! version: version 1 bodies are still read.
//!
//! A draft that uses a practice's own questionnaire carries that
//! questionnaire's definition (the practice's text, not personal data), so
//! a reload never loses those answers; a section that still cannot be
//! restored is named, and the rest of the draft continues.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::instrument::{Instrument, InstrumentKey, Origin};
use crate::limits::MAX_SECTIONS;
use crate::result_file::{Period, Response, ResponseId};
use crate::session::{fingerprint, Device, Keep, Practice, RoundOf, Sealed, Session, Stage, TeamChoice};
use crate::validate::parse_definition;

/// The storage key of the current draft format.
pub const STORAGE_KEY: &str = "practice-pulse/draft/v1";
/// Every draft key, of any version, starts with this.
pub const STORAGE_PREFIX: &str = "practice-pulse/draft/";
/// A draft older than this many days is dropped.
pub const MAX_AGE_DAYS: i64 = 30;
/// The draft body this build writes; it reads this and every earlier one.
pub const DRAFT_VERSION: u32 = 5;

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

    /// Days since 1970-01-01 (proleptic Gregorian calendar). The year is
    /// an `i32` and months and days are checked, so every step fits an
    /// `i64` by far; the lint asks for that to be said in code as well.
    #[allow(clippy::arithmetic_side_effects)]
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
        self.ordinal().saturating_sub(earlier.ordinal())
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

/// A draft that continues.
#[derive(Debug, Clone, PartialEq)]
pub struct Continued {
    pub session: Session,
    /// A practice's own questionnaires the draft carried that the
    /// catalogue lacks: add them before resuming the session.
    pub definitions: Vec<Instrument>,
    /// Sections that could not be restored (their questionnaire is
    /// neither built in nor carried by the draft), by id: the person is told.
    pub not_restored: Vec<InstrumentKey>,
}

/// The stored shape, version 5 (version 4 is the same without `made_for`
/// and `hand_in_from`, and kept `hand_in` only while the answers were the
/// sealed ones; version 3 also without `hand_in`; version 2 also without
/// `response`; version 1 also without `device`, `keep_answers` and
/// `definition`).
/// Only this module reads or writes it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftV2 {
    draft_version: u32,
    saved_on: String,
    stage: StageV1,
    cursor: usize,
    sections: Vec<SectionV2>,
    /// Absent in version 1, whose drafts were only kept on one's own device.
    #[serde(default = "own_device")]
    device: DeviceV2,
    #[serde(default)]
    keep_answers: bool,
    /// The team chosen; absent when none was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    team: Option<TeamV2>,
    /// The response id of the result files already saved, so that saving
    /// again after a reload names the same response (version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    response: Option<String>,
    /// The hand-in file already made for `response` (sealed to the
    /// practice's key holders, so unreadable to anyone else), so that
    /// handing in again after a reload saves the same bytes (version 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hand_in: Option<String>,
    /// The answers and team `hand_in` was sealed from, as one text
    /// (version 5; absent in version 4, whose `hand_in` was always sealed
    /// from the draft's own answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hand_in_from: Option<String>,
    /// The round (or month) and key holders `response` was made under
    /// (version 5): a draft continued under another is a new response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    made_for: Option<MadeForV5>,
}

/// The practice a response was made under.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MadeForV5 {
    /// The round's label; absent when the practice named none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    round: Option<String>,
    /// With no round named, the month ("YYYY-MM"; absent when the clock
    /// was wrong).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    month: Option<String>,
    /// The key holders' public key lines, in order.
    #[serde(default)]
    holders: Vec<String>,
}

impl MadeForV5 {
    fn of(practice: &Practice) -> Self {
        let (round, month) = match &practice.round {
            RoundOf::Named(label) => (Some(label.clone()), None),
            RoundOf::Month(month) => (None, month.map(|m| m.to_string())),
        };
        Self { round, month, holders: practice.holders.clone() }
    }

    fn practice(&self) -> Result<Practice, DraftProblem> {
        let month = match &self.month {
            None => None,
            Some(text) => Some(Period::parse(text).ok_or(DraftProblem::Unusable)?),
        };
        let holders: Vec<&str> = self.holders.iter().map(String::as_str).collect();
        Ok(Practice::of_hand_in(self.round.as_deref(), month, &holders))
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum TeamV2 {
    PreferNotToSay,
    Team(String),
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum DeviceV2 {
    NotChosen,
    Own,
}

fn own_device() -> DeviceV2 {
    DeviceV2::Own
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
struct SectionV2 {
    id: String,
    version: u32,
    #[serde(deserialize_with = "crate::json::unique_keys")]
    answers: BTreeMap<String, i32>,
    /// A practice's own questionnaire's definition text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    definition: Option<String>,
}

/// The text to store for `session` today, or `None` when the session is
/// not to be kept anywhere ([`Session::keep`] says [`Keep::Nothing`]).
pub fn to_json(session: &Session, catalogue: &Catalogue, today: Day) -> Option<String> {
    let device = match (session.keep(), session.device) {
        (Keep::Nothing, _) | (_, Device::Shared) => return None,
        (_, Device::NotChosen) => DeviceV2::NotChosen,
        (_, Device::Own) => DeviceV2::Own,
    };
    let sections = session
        .responses
        .iter()
        .map(|r| {
            let instrument = catalogue.get(&r.key);
            SectionV2 {
                id: r.key.id.clone(),
                version: r.key.version,
                answers: instrument.map(|i| i.answers_by_id(&r.answers)).unwrap_or_default(),
                definition: instrument.and_then(|i| i.source.clone()),
            }
        })
        .collect();
    let stage = match session.stage {
        Stage::Welcome => StageV1::Welcome,
        Stage::Section(i) => StageV1::Section(i),
        Stage::Review => StageV1::Review,
        Stage::Results => StageV1::Results,
    };
    let draft = DraftV2 {
        draft_version: DRAFT_VERSION,
        saved_on: today.to_string(),
        stage,
        cursor: session.cursor,
        sections,
        device,
        keep_answers: session.keep_answers,
        team: match &session.team {
            TeamChoice::NotChosen => None,
            TeamChoice::PreferNotToSay => Some(TeamV2::PreferNotToSay),
            TeamChoice::Team(t) => Some(TeamV2::Team(t.clone())),
        },
        response: session.response.map(|id| id.to_string()),
        hand_in: session.sealed.as_ref().map(|s| s.text.clone()),
        hand_in_from: session.sealed.as_ref().map(|s| s.from.clone()),
        made_for: session.made_for.as_ref().map(MadeForV5::of),
    };
    serde_json::to_string(&draft).ok()
}

/// Continues a stored draft, or says why it cannot be continued. Nothing
/// is added to `catalogue`: the caller adds [`Continued::definitions`].
pub fn from_json(text: &str, catalogue: &Catalogue, today: Day) -> Result<Continued, DraftProblem> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| DraftProblem::Unusable)?;
    match value.get("draft_version").and_then(serde_json::Value::as_u64) {
        Some(v) if (1..=u64::from(DRAFT_VERSION)).contains(&v) => {}
        _ => return Err(DraftProblem::OtherVersion),
    }
    let draft: DraftV2 = serde_json::from_str(text).map_err(|_| DraftProblem::Unusable)?;
    let saved_on = Day::parse(&draft.saved_on).ok_or(DraftProblem::Unusable)?;
    let age = today.days_since(saved_on);
    if age > MAX_AGE_DAYS {
        return Err(DraftProblem::Expired { days: age });
    }
    if draft.sections.len() > MAX_SECTIONS {
        return Err(DraftProblem::Unusable);
    }
    let mut definitions: Vec<Instrument> = Vec::new();
    let mut not_restored = Vec::new();
    let mut responses = Vec::with_capacity(draft.sections.len());
    // Each section's position in the restored session (None: not restored).
    let mut positions = Vec::with_capacity(draft.sections.len());
    for section in draft.sections {
        let key = InstrumentKey { id: section.id, version: section.version };
        let carried = match (catalogue.get(&key), &section.definition) {
            (Some(_), _) => None,
            (None, Some(text)) => carried_definition(&key, text, catalogue),
            (None, None) => None,
        };
        let Some(instrument) = catalogue.get(&key).or(carried.as_ref()) else {
            positions.push(None);
            not_restored.push(key);
            continue;
        };
        let mut response = Response::empty(instrument);
        for (item_id, value) in section.answers {
            let position = instrument.item_index(&item_id).ok_or(DraftProblem::Unusable)?;
            let item = instrument.items.get(position).ok_or(DraftProblem::Unusable)?;
            item.option(value).ok_or(DraftProblem::Unusable)?;
            if let Some(slot) = response.answers.get_mut(position) {
                *slot = Some(value);
            }
        }
        positions.push(Some(responses.len()));
        responses.push(response);
        definitions.extend(carried);
    }
    let stage = match draft.stage {
        StageV1::Welcome => Stage::Welcome,
        StageV1::Section(i) => match positions.get(i) {
            Some(Some(now)) => Stage::Section(*now),
            Some(None) => Stage::Welcome,
            None => return Err(DraftProblem::Unusable),
        },
        StageV1::Review => Stage::Review,
        StageV1::Results => Stage::Results,
    };
    let cursor = match stage {
        Stage::Section(i) if responses.get(i).is_some_and(|r| draft.cursor < r.answers.len()) => draft.cursor,
        _ => 0,
    };
    let device = match draft.device {
        DeviceV2::NotChosen => Device::NotChosen,
        DeviceV2::Own => Device::Own,
    };
    let team = match draft.team {
        None => TeamChoice::NotChosen,
        Some(TeamV2::PreferNotToSay) => TeamChoice::PreferNotToSay,
        Some(TeamV2::Team(t)) => TeamChoice::Team(t),
    };
    let response = match draft.response {
        None => None,
        Some(text) => Some(ResponseId::parse(&text).ok_or(DraftProblem::Unusable)?),
    };
    let made_for = draft.made_for.as_ref().map(MadeForV5::practice).transpose()?;
    // A hand-in file is kept only beside the response it names, made under
    // the practice the response was (anything else is dropped, not the
    // draft: the person can hand in again). A draft before version 5 has
    // no `made_for`: the file's clear part says what it was sealed under.
    let kept = draft.hand_in.and_then(|text| {
        let (id, sealed_under) = clear_part(&text)?;
        let fits = response == Some(id) && made_for.as_ref().is_none_or(|made| *made == sealed_under);
        fits.then_some((text, sealed_under))
    });
    let made_for = made_for.or_else(|| kept.as_ref().map(|(_, under)| under.clone()));
    // Version 4 kept a file only while the answers were the sealed ones.
    let sealed = kept.map(|(text, _)| Sealed {
        text,
        from: draft.hand_in_from.clone().unwrap_or_else(|| fingerprint(&responses, &team)),
    });
    let session = Session {
        stage,
        cursor,
        responses,
        device,
        keep_answers: draft.keep_answers,
        team,
        response,
        made_for,
        sealed,
        practice: None,
        renewal: None,
        from_disk: false,
    };
    Ok(Continued { session, definitions, not_restored })
}

/// The response id a hand-in file's clear part names, and the practice
/// (round or month, holders in order) it was sealed under; `None` for
/// anything that is not a hand-in file.
fn clear_part(text: &str) -> Option<(ResponseId, Practice)> {
    #[derive(Deserialize)]
    struct Holder {
        holder: String,
    }
    #[derive(Deserialize)]
    struct Clear {
        format: String,
        response: String,
        period: String,
        #[serde(default)]
        round: Option<String>,
        sealed: Vec<Holder>,
    }
    let clear = serde_json::from_str::<Clear>(text).ok()?;
    if clear.format != crate::hand_in::HAND_IN_FORMAT {
        return None;
    }
    let id = ResponseId::parse(&clear.response)?;
    let holders: Vec<&str> = clear.sealed.iter().map(|h| h.holder.as_str()).collect();
    Some((id, Practice::of_hand_in(clear.round.as_deref(), Period::parse(&clear.period), &holders)))
}

/// A practice's own definition carried by a draft, when it is valid, names
/// exactly this key, and does not take a built-in id.
fn carried_definition(key: &InstrumentKey, text: &str, catalogue: &Catalogue) -> Option<Instrument> {
    let instrument = parse_definition(&key.id, text).ok()?;
    let fits = instrument.key == *key
        && instrument.origin == Origin::Practice
        && !crate::catalogue::is_builtin_id(&key.id)
        && catalogue.get(key).is_none();
    fits.then_some(instrument)
}
