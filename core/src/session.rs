//! One person's way through the survey, as plain data. The app keeps a
//! `Session` in a signal and changes it only through [`Session::apply`].

use crate::instrument::Instrument;
use crate::result_file::{Period, Response, ResultRecord};

/// Where the person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Welcome,
    /// Answering the section at this position.
    Section(usize),
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
    Next,
    Back,
    /// Forget every answer and return to the welcome screen.
    Restart,
    /// Ask these sections, in this order (each given with empty answers).
    /// Answers already given to a section that stays are kept; the person
    /// returns to the welcome screen, since section numbers have changed.
    SetSections(Vec<Response>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub stage: Stage,
    /// One response per section, in the order the sections are asked.
    pub responses: Vec<Response>,
}

impl Session {
    pub fn new(instruments: &[&Instrument]) -> Self {
        Self { stage: Stage::Welcome, responses: instruments.iter().map(|i| Response::empty(i)).collect() }
    }

    pub fn apply(&mut self, event: Event) {
        let sections = self.responses.len();
        match event {
            Event::Start => self.stage = if sections == 0 { Stage::Results } else { Stage::Section(0) },
            Event::Answer { section, item, value } => {
                if let Some(slot) = self.responses.get_mut(section).and_then(|r| r.answers.get_mut(item)) {
                    *slot = Some(value);
                }
            }
            Event::Next => {
                self.stage = match self.stage {
                    Stage::Welcome => Stage::Section(0),
                    Stage::Section(i) if i + 1 < sections => Stage::Section(i + 1),
                    Stage::Section(_) | Stage::Results => Stage::Results,
                }
            }
            Event::Back => {
                self.stage = match self.stage {
                    Stage::Welcome | Stage::Section(0) => Stage::Welcome,
                    Stage::Section(i) => Stage::Section(i - 1),
                    Stage::Results if sections == 0 => Stage::Welcome,
                    Stage::Results => Stage::Section(sections - 1),
                }
            }
            Event::SetSections(sections) => {
                let old = std::mem::take(&mut self.responses);
                self.responses = sections
                    .into_iter()
                    .map(|fresh| old.iter().find(|r| r.key == fresh.key).cloned().unwrap_or(fresh))
                    .collect();
                self.stage = Stage::Welcome;
            }
            Event::Restart => {
                for r in &mut self.responses {
                    r.answers.iter_mut().for_each(|a| *a = None);
                }
                self.stage = Stage::Welcome;
            }
        }
    }

    /// Answered items and all items, over every section.
    pub fn progress(&self) -> (usize, usize) {
        self.responses.iter().fold((0, 0), |(done, all), r| {
            (done + r.answers.iter().filter(|a| a.is_some()).count(), all + r.answers.len())
        })
    }

    /// The record a result file is written from.
    pub fn record(&self, generator: &str, period: Period) -> ResultRecord {
        ResultRecord { generator: generator.to_owned(), period, responses: self.responses.clone() }
    }
}
