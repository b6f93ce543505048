//! One person's way through the survey, as plain data. The app keeps a
//! `Session` in a signal and changes it only through [`Session::apply`].

use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::hand_in::PublicKey;
use crate::instrument::Method;
use crate::result_file::{Period, Response, ResponseId, ResultRecord};
use crate::scoring::answered_count;
use crate::Instrument;

/// Where the person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Welcome,
    /// Answering the section at this position.
    Section(usize),
    /// What is still unanswered, before the results.
    Review,
    Results,
}

/// Every change a person can make to their session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Start,
    Answer {
        section: usize,
        item: usize,
        value: i32,
    },
    /// The next section (whole-section layout).
    Next,
    /// The previous section (whole-section layout).
    Back,
    /// The next question (one-question-at-a-time layout), into the next
    /// section after a section's last question.
    NextQuestion,
    /// The previous question, into the previous section's last question.
    BackQuestion,
    /// Straight to one question (from the review).
    GoTo {
        section: usize,
        item: usize,
    },
    /// The person's answer to "Whose device is this?".
    Device(Device),
    /// At the results: keep the answers on this device after all (own
    /// device only), or not.
    KeepAnswers(bool),
    /// Continue a draft found on this device: the session becomes it.
    Resume(Box<Session>),
    /// The person's team, from the practice's list (never free text).
    Team(TeamChoice),
    /// Forget every answer and every choice (whose device it is, the
    /// team) and return to the welcome screen: at a shared reception PC
    /// the next person starts with nothing chosen.
    Restart,
    /// The person saves their result: the survey's response id becomes
    /// this fresh random one, unless it has one already, so however many
    /// times (and formats) a result is saved, its files name one response
    /// and pooling counts it once.
    Saving(ResponseId),
    /// The hand-in file made for this survey's response (the sealed text,
    /// readable only by the practice's key holders), sealed from the
    /// answers and team the session has now: handing in again with the
    /// same answers and team saves these same bytes, so a pile split
    /// between two holders reads the second file as a copy (counted once)
    /// rather than as a different file with the same response id (both
    /// refused). An answer changed and changed back gives the same bytes
    /// again; while the answers differ from the sealed ones there is no
    /// file to replay ([`Session::handed_in`]) and the person is told that
    /// a file was handed in already ([`Session::changed_since_hand_in`]).
    /// Forgotten with the response (a new round or new key holders,
    /// [`Event::Practice`]; [`Event::Restart`]). Ignored before
    /// [`Event::Saving`] has given the survey its response id.
    HandedIn(String),
    /// The practice's configuration as it stands now ([`Practice::of`]),
    /// given once it is known and again when it changes. A response id
    /// belongs to one round and one set of key holders: a response made
    /// under another round (or, with no round named, another month) or
    /// other holders is forgotten with its hand-in file, so the next save
    /// gives a new id and the person is told ([`Session::renewal`]).
    /// A draft continued later meets the practice it was made under
    /// again on [`Event::Resume`].
    Practice(Practice),
    /// This page was opened from a file on a disk (`file:`), where every
    /// other local page shares the browser's storage: nothing is kept on
    /// the device, at most in this tab ([`Session::keep`]).
    OpenedFromDisk,
    /// Ask these sections, in this order (each given with empty answers).
    /// Answers already given to a section that stays are kept; the person
    /// returns to the welcome screen, since section numbers have changed.
    SetSections(Vec<Response>),
}

/// "Whose device is this?", asked before Start with nothing preselected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Device {
    /// Not answered: treated with the care of a shared computer, except
    /// that the open tab keeps the answers through a reload.
    #[default]
    NotChosen,
    /// "My own": an unfinished survey is kept on the device for 30 days.
    Own,
    /// "A shared or work computer": nothing is kept outside the open page.
    Shared,
}

/// The person's answer to "Which team are you in?", asked only when the
/// practice lists teams.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TeamChoice {
    #[default]
    NotChosen,
    PreferNotToSay,
    /// One of the practice's team labels.
    Team(String),
}

/// Where a session's answers may be kept between page loads. The app
/// stores exactly what this says and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nowhere: only in the open page (anything stored is removed).
    Nothing,
    /// In this browser tab only (its session storage): survives a reload,
    /// gone when the tab is closed, never offered to a new page.
    ThisTab,
    /// On the device (local storage) for up to 30 days, offered to the
    /// next page opened in this browser.
    Device,
}

/// What a response id belongs to: the practice's round (or, when the
/// practice names none, the month) and its key holders, in order. Made
/// from the configuration by [`Practice::of`]; compared, never shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    pub(crate) round: RoundOf,
    /// Each holder's public key line as the core writes it (so spacing in
    /// practice.json does not count); a line that does not read as a key
    /// is kept trimmed, as it is.
    pub(crate) holders: Vec<String>,
}

/// A round as a response id is bound to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RoundOf {
    /// The practice's label (`round` in practice.json).
    Named(String),
    /// No round named: the month stands for it (`None`: the device's clock
    /// is outside the months a file can hold).
    Month(Option<Period>),
}

impl Practice {
    /// The practice as a response id is bound to it: `config`'s round, or
    /// `month` when it names none, and its hand-in key holders.
    pub fn of(config: &Config, month: Option<Period>) -> Self {
        let round = match &config.round {
            Some(label) => RoundOf::Named(label.clone()),
            None => RoundOf::Month(month),
        };
        let holders = config
            .hand_in
            .as_ref()
            .map_or_else(Vec::new, |h| h.holders.iter().map(|l| holder_line(l)).collect());
        Self { round, holders }
    }

    /// The practice a hand-in file was sealed under, from its clear part:
    /// its round (or month) and its holders' lines in order.
    pub(crate) fn of_hand_in(round: Option<&str>, period: Option<Period>, holders: &[&str]) -> Self {
        let round = match round {
            Some(label) => RoundOf::Named(label.to_owned()),
            None => RoundOf::Month(period),
        };
        Self { round, holders: holders.iter().map(|l| holder_line(l)).collect() }
    }
}

/// A holder's key line as the core writes it.
fn holder_line(line: &str) -> String {
    PublicKey::parse(line).map_or_else(|_| line.trim().to_owned(), |key| key.to_string())
}

/// Why a kept response was set aside for a new one ([`Event::Practice`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renewal {
    /// The practice opened another round (or, with no round named, a new
    /// month began): the answers are kept, to change; any file saved from
    /// now on is a new response.
    NewRound,
    /// The same round, but the practice changed its key holders after this
    /// person handed in: the file handed in cannot be read by them, so the
    /// person hands in again (a new response).
    NewHolders,
}

/// The hand-in file kept for the response, and the answers and team it
/// was sealed from (as [`fingerprint`] writes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sealed {
    pub(crate) text: String,
    pub(crate) from: String,
}

/// The answers and team as one comparable text: the same answers and team
/// give the same text. It never leaves the device (it is kept in the draft
/// beside the answers themselves).
pub(crate) fn fingerprint(responses: &[Response], team: &TeamChoice) -> String {
    let sections: Vec<(&str, u32, &[Option<i32>])> =
        responses.iter().map(|r| (r.key.id.as_str(), r.key.version, r.answers.as_slice())).collect();
    let team = match team {
        TeamChoice::NotChosen => None,
        TeamChoice::PreferNotToSay => Some((false, "")),
        TeamChoice::Team(t) => Some((true, t.as_str())),
    };
    serde_json::to_string(&(sections, team)).unwrap_or_default()
}

/// Private fields: the app reads a session and changes it only through
/// [`Session::apply`], so every change is an [`Event`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub(crate) stage: Stage,
    /// The question shown in the one-question-at-a-time layout, by its
    /// position in the current section.
    pub(crate) cursor: usize,
    /// One response per section, in the order the sections are asked.
    pub(crate) responses: Vec<Response>,
    pub(crate) device: Device,
    /// At the results, the person asked to keep their answers here.
    pub(crate) keep_answers: bool,
    pub(crate) team: TeamChoice,
    /// The response id of this survey's result files, given when it is
    /// first saved ([`Event::Saving`]); kept in the draft.
    pub(crate) response: Option<ResponseId>,
    /// The practice `response` was made under ([`Event::Practice`]);
    /// `None` until known (a draft of version 3 or 4 without a kept file
    /// takes the next practice it meets). Kept in the draft.
    pub(crate) made_for: Option<Practice>,
    /// The hand-in file made for `response` and what it was sealed from
    /// ([`Event::HandedIn`]); kept in the draft beside it.
    pub(crate) sealed: Option<Sealed>,
    /// The practice as the configuration says now; `None` until the app
    /// knows it. Not kept in the draft (the configuration is read anew).
    pub(crate) practice: Option<Practice>,
    /// Why the response was last set aside, until the next save.
    pub(crate) renewal: Option<Renewal>,
    /// The page was opened from a disk ([`Event::OpenedFromDisk`]).
    pub(crate) from_disk: bool,
}

impl Session {
    pub fn new(instruments: &[&Instrument]) -> Self {
        Self {
            stage: Stage::Welcome,
            cursor: 0,
            responses: instruments.iter().map(|i| Response::empty(i)).collect(),
            device: Device::NotChosen,
            keep_answers: false,
            team: TeamChoice::NotChosen,
            response: None,
            made_for: None,
            sealed: None,
            practice: None,
            renewal: None,
            from_disk: false,
        }
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn responses(&self) -> &[Response] {
        &self.responses
    }

    pub fn device(&self) -> Device {
        self.device
    }

    pub fn keeps_answers(&self) -> bool {
        self.keep_answers
    }

    /// Where the answers may be kept now. The safe path is the default:
    /// nothing answered yet, or a shared computer, keeps nothing; not
    /// saying whose device it is keeps them in this tab only; on one's own
    /// device an unfinished survey is kept on the device, but once the
    /// results are shown only in this tab, unless the person asks to keep
    /// them. A page opened from a disk never keeps anything on the device
    /// (every local page shares that storage): this tab at most.
    pub fn keep(&self) -> Keep {
        let nothing_answered = self.progress().0 == 0;
        if nothing_answered && self.stage == Stage::Welcome {
            return Keep::Nothing;
        }
        match (self.device, self.stage) {
            (Device::Shared, _) => Keep::Nothing,
            (Device::NotChosen, _) => Keep::ThisTab,
            (Device::Own, _) if self.from_disk => Keep::ThisTab,
            (Device::Own, Stage::Results) if !self.keep_answers => Keep::ThisTab,
            (Device::Own, _) => Keep::Device,
        }
    }

    pub fn apply(&mut self, event: Event) {
        match event {
            Event::Start => self.enter_section(0, First),
            Event::Answer { section, item, value } => {
                // The sealed file is kept: it is replayed only while the
                // answers equal the ones it was sealed from.
                if let Some(slot) = self.responses.get_mut(section).and_then(|r| r.answers.get_mut(item)) {
                    *slot = Some(value);
                }
            }
            Event::Next => match self.stage {
                Stage::Welcome => self.enter_section(0, First),
                Stage::Section(i) => self.enter_section(i.saturating_add(1), First),
                Stage::Review | Stage::Results => self.stage = Stage::Results,
            },
            Event::Back => match self.stage {
                Stage::Welcome | Stage::Section(0) => self.stage = Stage::Welcome,
                Stage::Section(i) => self.enter_section(i.saturating_sub(1), First),
                Stage::Review | Stage::Results => self.leave_end(),
            },
            Event::NextQuestion => match self.stage {
                Stage::Section(i) if self.cursor.saturating_add(1) < self.items_in(i) => {
                    self.cursor = self.cursor.saturating_add(1)
                }
                _ => self.apply(Event::Next),
            },
            Event::BackQuestion => match self.stage {
                Stage::Section(_) if self.cursor > 0 => self.cursor = self.cursor.saturating_sub(1),
                Stage::Section(0) | Stage::Welcome => self.stage = Stage::Welcome,
                Stage::Section(i) => self.enter_section(i.saturating_sub(1), Last),
                Stage::Review | Stage::Results => {
                    self.leave_end();
                    if let Stage::Section(i) = self.stage {
                        self.cursor = self.items_in(i).saturating_sub(1);
                    }
                }
            },
            Event::GoTo { section, item } => {
                if item < self.items_in(section) {
                    self.stage = Stage::Section(section);
                    self.cursor = item;
                }
            }
            Event::Device(device) => {
                self.device = device;
                if device != Device::Own {
                    self.keep_answers = false;
                }
            }
            Event::KeepAnswers(keep) => self.keep_answers = keep && self.device == Device::Own,
            Event::Resume(draft) => {
                // The page stays what it is: the draft meets the practice
                // as the configuration says now.
                let (practice, from_disk) = (self.practice.take(), self.from_disk);
                *self = *draft;
                self.from_disk = from_disk;
                if let Some(practice) = practice {
                    self.meet(practice);
                }
            }
            Event::Team(team) => self.team = team,
            Event::Saving(fresh) => {
                if self.response.is_none() {
                    self.response = Some(fresh);
                    self.made_for = self.practice.clone();
                    self.renewal = None;
                }
            }
            Event::HandedIn(text) => {
                if self.response.is_some() {
                    self.sealed = Some(Sealed { text, from: fingerprint(&self.responses, &self.team) });
                }
            }
            Event::Practice(practice) => self.meet(practice),
            Event::OpenedFromDisk => self.from_disk = true,
            Event::SetSections(sections) => {
                let old = std::mem::take(&mut self.responses);
                self.responses = sections
                    .into_iter()
                    .map(|fresh| old.iter().find(|r| r.key == fresh.key).cloned().unwrap_or(fresh))
                    .collect();
                self.stage = Stage::Welcome;
                self.cursor = 0;
            }
            Event::Restart => {
                for r in &mut self.responses {
                    r.answers.iter_mut().for_each(|a| *a = None);
                }
                self.stage = Stage::Welcome;
                self.cursor = 0;
                self.keep_answers = false;
                // Whoever starts again is a new response.
                self.response = None;
                self.made_for = None;
                self.sealed = None;
                self.renewal = None;
                self.device = Device::NotChosen;
                self.team = TeamChoice::NotChosen;
            }
        }
    }

    /// The practice as it is now: a response made under another round or
    /// other holders is set aside (a new id at the next save), with its
    /// hand-in file; one whose practice is not known takes this one.
    fn meet(&mut self, practice: Practice) {
        if self.response.is_some() {
            match &self.made_for {
                None => self.made_for = Some(practice.clone()),
                Some(made) if *made == practice => {}
                Some(made) => {
                    let renewal = if made.round != practice.round {
                        Some(Renewal::NewRound)
                    } else {
                        self.sealed.is_some().then_some(Renewal::NewHolders)
                    };
                    self.renewal = renewal.or(self.renewal);
                    self.response = None;
                    self.made_for = None;
                    self.sealed = None;
                }
            }
        }
        self.practice = Some(practice);
    }

    fn items_in(&self, section: usize) -> usize {
        self.responses.get(section).map_or(0, |r| r.answers.len())
    }

    /// Enters a section at its first or last question; past the last
    /// section comes the review, or the results when nothing is unanswered.
    fn enter_section(&mut self, section: usize, at: Cursor) {
        if section < self.responses.len() {
            self.stage = Stage::Section(section);
            self.cursor = match at {
                First => 0,
                Last => self.items_in(section).saturating_sub(1),
            };
        } else {
            self.stage = if self.is_complete() { Stage::Results } else { Stage::Review };
            self.cursor = 0;
        }
    }

    /// Back from the end: the review if it was shown, else the last section.
    fn leave_end(&mut self) {
        let last = self.responses.len().checked_sub(1);
        self.stage = match (self.stage, last) {
            (_, None) => Stage::Welcome,
            (Stage::Results, Some(_)) if !self.is_complete() => Stage::Review,
            (_, Some(last)) => Stage::Section(last),
        };
        self.cursor = 0;
    }

    /// Every question answered.
    pub fn is_complete(&self) -> bool {
        self.responses.iter().all(|r| r.answers.iter().all(Option::is_some))
    }

    /// Answered items and all items, over every section.
    pub fn progress(&self) -> (usize, usize) {
        self.responses.iter().fold((0usize, 0usize), |(done, all), r| {
            (
                done.saturating_add(r.answers.iter().filter(|a| a.is_some()).count()),
                all.saturating_add(r.answers.len()),
            )
        })
    }

    /// What is unanswered, section by section, and which scores would then
    /// be missing. Sections with nothing unanswered are left out.
    pub fn review<'a>(&self, catalogue: &'a Catalogue) -> Vec<ReviewSection<'a>> {
        self.responses
            .iter()
            .enumerate()
            .filter_map(|(section, response)| {
                let instrument = catalogue.get(&response.key)?;
                let unanswered: Vec<usize> = response
                    .answers
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.is_none())
                    .map(|(i, _)| i)
                    .collect();
                if unanswered.is_empty() {
                    return None;
                }
                let missing_scores = instrument
                    .scores
                    .iter()
                    .filter(|s| s.method != Method::Frequencies)
                    .filter(|s| answered_count(s, &response.answers) < s.min_answered)
                    .map(|s| s.title.as_str())
                    .collect();
                Some(ReviewSection { section, instrument, unanswered, missing_scores })
            })
            .collect()
    }

    /// The record a result file is written from: this session's answers
    /// and team, the practice's round, and the survey's response id; none
    /// until [`Event::Saving`] has given it one.
    pub fn record(&self, generator: &str, period: Period, round: Option<&str>) -> Option<ResultRecord> {
        let response = self.response?;
        Some(ResultRecord {
            generator: generator.to_owned(),
            period,
            round: round.map(str::to_owned),
            team: match &self.team {
                TeamChoice::Team(team) => Some(team.clone()),
                TeamChoice::NotChosen | TeamChoice::PreferNotToSay => None,
            },
            response: Some(response),
            responses: self.responses.clone(),
        })
    }

    /// The response id this survey's result files carry, once saved.
    pub fn response(&self) -> Option<ResponseId> {
        self.response
    }

    /// The hand-in file already made for this response, while the answers
    /// and team are the ones it was sealed from ([`Event::HandedIn`]) and
    /// the practice is the one it was made under: handing in again saves
    /// these bytes.
    pub fn handed_in(&self) -> Option<&str> {
        let sealed = self.sealed.as_ref()?;
        let same_practice = match (&self.practice, &self.made_for) {
            (Some(now), Some(made)) => now == made,
            (None, _) => true,
            (Some(_), None) => false,
        };
        (same_practice && sealed.from == fingerprint(&self.responses, &self.team))
            .then_some(sealed.text.as_str())
    }

    /// A hand-in file was made for this response, and the answers or team
    /// have changed since: handing in now makes a second, different file
    /// with the same response id (the person is told what to do).
    pub fn changed_since_hand_in(&self) -> bool {
        self.sealed.is_some() && self.handed_in().is_none()
    }

    /// The page was opened from a disk: nothing is kept on the device.
    pub fn opened_from_disk(&self) -> bool {
        self.from_disk
    }

    /// Why the response kept from before was set aside, until the next
    /// save ([`Event::Practice`]).
    pub fn renewal(&self) -> Option<Renewal> {
        self.renewal
    }

    pub fn team(&self) -> &TeamChoice {
        &self.team
    }
}

#[derive(Clone, Copy)]
enum Cursor {
    First,
    Last,
}
use Cursor::{First, Last};

/// One section's part of the review.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewSection<'a> {
    pub section: usize,
    pub instrument: &'a Instrument,
    /// Positions of the unanswered items.
    pub unanswered: Vec<usize>,
    /// Titles of the scores that would have too few answers to be scored.
    pub missing_scores: Vec<&'a str>,
}

/// Seconds a question takes, on average, for the time estimate shown
/// before starting (a generous figure for reading on a small screen).
const SECONDS_PER_QUESTION: usize = 12;

impl Session {
    /// About how many minutes the survey takes, rounded up.
    pub fn minutes_estimate(&self) -> usize {
        let (_, items) = self.progress();
        items.saturating_mul(SECONDS_PER_QUESTION).div_ceil(60).max(1)
    }
}
