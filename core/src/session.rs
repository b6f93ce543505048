//! One person's way through the survey, as plain data. The app keeps a
//! `Session` in a signal and changes it only through [`Session::apply`].

use crate::catalogue::Catalogue;
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
    /// readable only by the practice's key holders): handing in again
    /// saves these same bytes, so a pile split between two holders reads
    /// the second file as a copy (counted once) rather than as a different
    /// file with the same response id (both refused). Kept only while the
    /// response it seals stands: any change of answer, team or sections
    /// forgets it, and [`Event::Restart`] with everything else. Ignored
    /// before [`Event::Saving`] has given the survey its response id.
    HandedIn(String),
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
    /// The hand-in file's text made for `response` ([`Event::HandedIn`]);
    /// kept in the draft beside it.
    pub(crate) handed_in: Option<String>,
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
            handed_in: None,
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
    /// them.
    pub fn keep(&self) -> Keep {
        let nothing_answered = self.progress().0 == 0;
        if nothing_answered && self.stage == Stage::Welcome {
            return Keep::Nothing;
        }
        match (self.device, self.stage) {
            (Device::Shared, _) => Keep::Nothing,
            (Device::NotChosen, _) => Keep::ThisTab,
            (Device::Own, Stage::Results) if !self.keep_answers => Keep::ThisTab,
            (Device::Own, _) => Keep::Device,
        }
    }

    pub fn apply(&mut self, event: Event) {
        match event {
            Event::Start => self.enter_section(0, First),
            Event::Answer { section, item, value } => {
                if let Some(slot) = self.responses.get_mut(section).and_then(|r| r.answers.get_mut(item)) {
                    if *slot != Some(value) {
                        // Another answer: the sealed file no longer says it.
                        self.handed_in = None;
                    }
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
            Event::Resume(draft) => *self = *draft,
            Event::Team(team) => {
                if team != self.team {
                    self.handed_in = None;
                }
                self.team = team;
            }
            Event::Saving(fresh) => {
                self.response.get_or_insert(fresh);
            }
            Event::HandedIn(text) => {
                if self.response.is_some() {
                    self.handed_in = Some(text);
                }
            }
            Event::SetSections(sections) => {
                self.handed_in = None;
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
                self.handed_in = None;
                self.device = Device::NotChosen;
                self.team = TeamChoice::NotChosen;
            }
        }
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

    /// The hand-in file already made for this response, while its answers
    /// stand ([`Event::HandedIn`]): handing in again saves these bytes.
    pub fn handed_in(&self) -> Option<&str> {
        self.handed_in.as_deref()
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
