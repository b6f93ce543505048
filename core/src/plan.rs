//! The team's action plan, `practice-pulse-plan.json` (format
//! `practice-pulse-plan`, version 1; docs/plan-format.md): the actions a
//! team agreed after a round (a picked suggestion or the leader's own
//! words), each with an owner (a role), a review month, the measure it
//! answers and the group it is for, and the round it starts from. A plan
//! holds no answers and no figures at all, so it can never show a group
//! under the minimum size; its changes are worked out each time from the
//! report of the files opened with it ([`review`]).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::instrument::{Direction, Method};
use crate::pool::{find_spec, Change, Group, Report, Stats, Trend};
use crate::validate::Fault;
use crate::{Catalogue, Period};

/// The file name a plan is saved under.
pub const FILE_NAME: &str = "practice-pulse-plan.json";
/// The value of the `format` field.
pub const FORMAT: &str = "practice-pulse-plan";
/// The newest format version this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;
/// The largest plan file read.
pub const MAX_PLAN_BYTES: usize = 256 * 1024;
/// The most actions in one plan.
pub const MAX_ACTIONS: usize = 50;
/// The longest owner, round or group name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// One agreed action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The id of the suggestion picked, or none for the team's own words.
    pub suggestion: Option<String>,
    /// What the team agreed to do (a picked suggestion's text, or its own).
    pub text: String,
    /// Who sees it done: a role ("practice manager"), never a person's score.
    pub owner: String,
    /// The month to look at it again, `YYYY-MM`.
    pub review: String,
    /// The measure (score id) it is meant to move.
    pub measure: String,
    /// The group it is for: "All" or one of the practice's teams.
    pub group: String,
}

/// A plan (format version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub format: String,
    pub format_version: u32,
    /// The suggestion catalogue's version the ids come from.
    pub suggestions_version: u32,
    /// The round whose results the plan answers (none: files with no round).
    pub baseline_round: Option<String>,
    pub actions: Vec<Action>,
}

/// Why a plan file was refused: every fault with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRejected {
    pub file_name: String,
    pub faults: Vec<Fault>,
}

impl fmt::Display for PlanRejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not a usable action plan; nothing was changed:", self.file_name)?;
        for fault in &self.faults {
            write!(f, "\n- {fault}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanRejected {}

fn name_fault(s: &str, max: usize) -> Option<String> {
    if s.trim().is_empty() {
        Some("is empty".into())
    } else if s.chars().count() > max {
        Some(format!("is longer than {max} characters"))
    } else if s.chars().any(char::is_control) {
        Some("holds a control character (a line break or tab)".into())
    } else {
        None
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= crate::limits::MAX_ID_CHARS
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Plan {
    /// An empty plan starting from `baseline_round`.
    pub fn new(baseline_round: Option<String>, suggestions_version: u32) -> Self {
        Self {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            suggestions_version,
            baseline_round,
            actions: Vec::new(),
        }
    }

    /// Every fault of this plan, each with its place (none: it may be saved).
    pub fn faults(&self) -> Vec<Fault> {
        let mut faults = Vec::new();
        let mut fault = |place: String, fault: String| faults.push(Fault { place, fault });
        if self.format != FORMAT {
            fault("format".into(), format!("must be \"{FORMAT}\""));
        }
        if self.format_version != FORMAT_VERSION {
            fault("format_version".into(), format!("must be {FORMAT_VERSION}"));
        }
        if let Some(f) = self.baseline_round.as_deref().and_then(|r| name_fault(r, MAX_NAME_CHARS)) {
            fault("baseline_round".into(), f);
        }
        if self.actions.is_empty() || self.actions.len() > MAX_ACTIONS {
            fault("actions".into(), format!("must hold 1 to {MAX_ACTIONS} actions"));
        }
        for (at, a) in self.actions.iter().enumerate().take(MAX_ACTIONS) {
            let place = |field: &str| format!("actions[{at}].{field}");
            if let Some(id) = &a.suggestion {
                if !is_id(id) {
                    fault(place("suggestion"), "a suggestion id is lower-case letters, digits and -".into());
                }
            }
            if let Some(f) = name_fault(&a.text, crate::limits::MAX_TEXT_CHARS) {
                fault(place("text"), f);
            }
            if let Some(f) = name_fault(&a.owner, MAX_NAME_CHARS) {
                fault(place("owner"), f);
            }
            if Period::parse(&a.review).is_none() {
                fault(place("review"), "must be a month written YYYY-MM, such as 2027-03".into());
            }
            if !is_id(&a.measure) {
                fault(place("measure"), "a measure is a score id: lower-case letters, digits and -".into());
            }
            if let Some(f) = name_fault(&a.group, MAX_NAME_CHARS) {
                fault(place("group"), f);
            }
        }
        faults
    }

    /// The plan as the file's text (pretty JSON ending in a newline), or
    /// every fault that keeps it from being saved.
    pub fn to_json(&self) -> Result<String, Vec<Fault>> {
        let faults = self.faults();
        if !faults.is_empty() {
            return Err(faults);
        }
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| vec![Fault { place: "file".into(), fault: e.to_string() }])?;
        text.push('\n');
        Ok(text)
    }
}

/// Just the header, read leniently, to say what a file is before reading it.
#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    format_version: Option<Value>,
}

/// Reads a plan file: a plan of a newer format is refused with a message
/// naming the file; every other fault is named by its place.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Plan, PlanRejected> {
    let reject = |place: &str, fault: String| PlanRejected {
        file_name: file_name.to_owned(),
        faults: vec![Fault { place: place.to_owned(), fault }],
    };
    if bytes.len() > MAX_PLAN_BYTES {
        return Err(reject(
            "file",
            format!("is larger than {MAX_PLAN_BYTES} bytes; a plan is a few kilobytes"),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| reject("file", "is not UTF-8 text".into()))?;
    let located =
        |e: serde_json::Error| reject(&format!("line {} column {}", e.line(), e.column()), e.to_string());
    let header: Header = serde_json::from_str(text).map_err(located)?;
    if header.format.as_ref().and_then(Value::as_str) != Some(FORMAT) {
        return Err(reject(
            "format",
            format!("is not \"{FORMAT}\": this is not a Practice Pulse action plan"),
        ));
    }
    match header.format_version.as_ref().and_then(Value::as_u64) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(reject(
                "format_version",
                format!(
                    "{file_name} is a plan of format version {v}, newer than this Practice Pulse reads (up to {FORMAT_VERSION}): open it with a newer version of Practice Pulse"
                ),
            ))
        }
        _ => return Err(reject("format_version", format!("must be a whole number from 1 to {FORMAT_VERSION}"))),
    }
    let plan: Plan = serde_json::from_str(text).map_err(located)?;
    let faults = plan.faults();
    if faults.is_empty() {
        Ok(plan)
    } else {
        Err(PlanRejected { file_name: file_name.to_owned(), faults })
    }
}

/// What became of one action's measure since the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Both rounds' figures are shown: the change, from the core's trend
    /// rule (clear only when the 95% interval excludes zero).
    Compared(Box<Trend>),
    /// The group's figure is hidden (or absent) in this round.
    NotShown { round: Option<String> },
    /// The files opened hold no round named as the plan's baseline.
    BaselineNotOpen,
    /// No round later than the baseline is open.
    NoLaterRound,
    /// A descriptive module: no mean to compare.
    NoMean,
}

impl Outcome {
    /// A clear rise, a clear fall, or "no clear change"; none when nothing
    /// was compared.
    pub fn change(&self) -> Option<Change> {
        match self {
            Outcome::Compared(t) => Some(t.change()),
            _ => None,
        }
    }
}

/// One action beside its measure's change.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed<'p> {
    pub action: &'p Action,
    pub outcome: Outcome,
    /// Whether a clear change went the measure's favourable way; none
    /// without a clear change or a direction.
    pub better: Option<bool>,
}

/// The latest round of the report after the plan's baseline, if any.
pub fn compared_round(plan: &Plan, report: &Report) -> Result<Option<String>, Outcome> {
    let at = report.rounds.iter().position(|r| *r == plan.baseline_round).ok_or(Outcome::BaselineNotOpen)?;
    match report.rounds.last() {
        Some(last) if report.rounds.len() > at.saturating_add(1) => Ok(last.clone()),
        _ => Err(Outcome::NoLaterRound),
    }
}

fn shown<'r>(report: &'r Report, round: &Option<String>, group: &str, measure: &str) -> Option<&'r Stats> {
    report
        .rows
        .iter()
        .find(|r| &r.round == round && r.group.to_string() == group && r.measure == measure)
        .and_then(|r| r.stats.as_ref())
}

/// Each action of the plan beside its measure's change from the plan's
/// baseline round to the latest round of the report (shown figures only).
pub fn review<'p>(plan: &'p Plan, report: &Report, catalogue: &Catalogue) -> Vec<Reviewed<'p>> {
    let to = compared_round(plan, report);
    plan.actions
        .iter()
        .map(|action| {
            let spec = find_spec(catalogue, &action.measure);
            let outcome = match (&to, spec) {
                (_, Some(s)) if s.method() == Method::Frequencies => Outcome::NoMean,
                (Err(o), _) => o.clone(),
                (Ok(to_round), _) => {
                    let from = shown(report, &plan.baseline_round, &action.group, &action.measure);
                    let to = shown(report, to_round, &action.group, &action.measure);
                    match (from, to) {
                        (None, _) => Outcome::NotShown { round: plan.baseline_round.clone() },
                        (_, None) => Outcome::NotShown { round: to_round.clone() },
                        (Some(_), Some(_)) => match report.change(
                            catalogue,
                            &group_of(&action.group),
                            &action.measure,
                            &plan.baseline_round,
                            to_round,
                        ) {
                            Some(trend) => Outcome::Compared(Box::new(trend)),
                            None => Outcome::NotShown { round: to_round.clone() },
                        },
                    }
                }
            };
            let better = match (outcome.change(), spec.map(|s| s.direction())) {
                (Some(Change::Increase), Some(Direction::HigherIsBetter))
                | (Some(Change::Decrease), Some(Direction::HigherIsWorse)) => Some(true),
                (Some(Change::Increase), Some(Direction::HigherIsWorse))
                | (Some(Change::Decrease), Some(Direction::HigherIsBetter)) => Some(false),
                _ => None,
            };
            Reviewed { action, outcome, better }
        })
        .collect()
}

fn group_of(name: &str) -> Group {
    match name {
        "All" => Group::All,
        "Not given" => Group::NotGiven,
        team => Group::Team(team.to_owned()),
    }
}

/// The word for an outcome in files: `clear-rise`, `clear-fall`,
/// `no-clear-change`, `not-shown`, `baseline-not-open`, `no-later-round`,
/// `no-mean`.
pub fn outcome_word(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Compared(t) => match t.change() {
            Change::Increase => "clear-rise",
            Change::Decrease => "clear-fall",
            Change::NoClearChange => "no-clear-change",
        },
        Outcome::NotShown { .. } => "not-shown",
        Outcome::BaselineNotOpen => "baseline-not-open",
        Outcome::NoLaterRound => "no-later-round",
        Outcome::NoMean => "no-mean",
    }
}

/// The plan and each action's change as JSON (the `plan` member of the
/// team report that `pulse pool --plan` writes).
pub fn review_json(plan: &Plan, reviewed: &[Reviewed<'_>], report: &Report) -> Value {
    let compared = compared_round(plan, report).ok().flatten();
    json!({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "baseline_round": plan.baseline_round,
        "compared_round": compared,
        "actions": reviewed.iter().map(|r| {
            let trend = match &r.outcome { Outcome::Compared(t) => Some(t), _ => None };
            json!({
                "suggestion": r.action.suggestion,
                "text": r.action.text,
                "owner": r.action.owner,
                "review": r.action.review,
                "measure": r.action.measure,
                "group": r.action.group,
                "change": outcome_word(&r.outcome),
                "better": r.better,
                "from_mean": trend.map(|t| t.from.mean),
                "to_mean": trend.map(|t| t.to.mean),
                "difference": trend.map(|t| t.difference),
                "ci_low": trend.and_then(|t| t.ci.map(|c| c.0)),
                "ci_high": trend.and_then(|t| t.ci.map(|c| c.1)),
            })
        }).collect::<Vec<_>>(),
    })
}

/// A team report's JSON text (from [`crate::pool::to_json`]) with the
/// plan's review added as its `plan` member.
pub fn with_review(report_json: &str, review: Value) -> String {
    let mut value: Value = serde_json::from_str(report_json).unwrap_or_else(|_| json!({}));
    if let Some(object) = value.as_object_mut() {
        object.insert("plan".into(), review);
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
