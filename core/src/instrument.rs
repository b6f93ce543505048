//! Validated instruments: the only shape the rest of the core and the app see.
//!
//! An [`Instrument`] can only be made by [`crate::validate::parse_definition`],
//! so every one in memory has passed validation. None of these types is
//! serialisable: the file format lives in `definition.rs`.

use std::fmt;

/// Names one instrument at one version; result files pin both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InstrumentKey {
    pub id: String,
    pub version: u32,
}

impl fmt::Display for InstrumentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} version {}", self.id, self.version)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Instrument {
    pub(crate) key: InstrumentKey,
    pub(crate) language: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) instruction: String,
    pub(crate) time_frame: Option<String>,
    pub(crate) citation: String,
    pub(crate) licence: Licence,
    /// False for descriptive modules: the app must say they are not validated.
    pub(crate) validated: bool,
    /// Points the definition itself flags as unconfirmed or as project choices.
    pub(crate) notes: Vec<String>,
    pub(crate) items: Vec<Item>,
    pub(crate) scores: Vec<ScoreSpec>,
    /// Built in, or added by a practice (whatever its file claims).
    pub(crate) origin: Origin,
    /// A practice's own definition keeps its text, so a draft that uses it
    /// can be continued after a reload (it is the practice's text, not
    /// personal data). Built-in ones need not: they are in every build.
    pub(crate) source: Option<String>,
    /// Item id to position, so look-ups never scan (no quadratic work on
    /// large definitions or many files).
    pub(crate) index: std::collections::BTreeMap<String, usize>,
}

/// What kind of questionnaire an instrument is, as people are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A published, validated scale, scored as its authors publish.
    ValidatedScale,
    /// A built-in descriptive module: not validated, never a score.
    Descriptive,
    /// A practice's own questionnaire: not checked by this project.
    PracticeOwn,
}

/// Where an instrument comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Shipped with this build, checked against its published source.
    BuiltIn,
    /// Added by a practice from a definition file: labelled as the
    /// practice's own and never called validated, whatever the file says.
    Practice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Licence {
    pub status: LicenceStatus,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenceStatus {
    /// Free to use, stated by the owner.
    Free,
    /// Crown copyright under the Open Government Licence.
    OpenGovernment,
    /// Written for this project.
    ProjectOwn,
    /// No statement found or not checked against the primary source.
    Unconfirmed,
}

impl LicenceStatus {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "free" => Self::Free,
            "open-government-licence" => Self::OpenGovernment,
            "project-own" => Self::ProjectOwn,
            "unconfirmed" => Self::Unconfirmed,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub(crate) id: String,
    pub(crate) text: String,
    /// In the order they are offered; values are what the scoring uses.
    pub(crate) options: Vec<Choice>,
    pub(crate) reverse: bool,
}

impl Item {
    pub fn option(&self, value: i32) -> Option<&Choice> {
        self.options.iter().find(|c| c.value == value)
    }

    /// Lowest and highest option value.
    pub fn value_range(&self) -> (i32, i32) {
        value_range(&self.options)
    }
}

pub(crate) fn value_range(options: &[Choice]) -> (i32, i32) {
    let lo = options.iter().map(|c| c.value).min().unwrap_or(0);
    let hi = options.iter().map(|c| c.value).max().unwrap_or(0);
    (lo, hi)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: i32,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreSpec {
    pub(crate) id: String,
    pub(crate) title: String,
    /// One plain sentence: what the score describes.
    pub(crate) about: String,
    /// Positions in [`Instrument::items`].
    pub(crate) items: Vec<usize>,
    pub(crate) method: Method,
    /// The least number of answered items that still gives a score.
    pub(crate) min_answered: usize,
    pub(crate) direction: Direction,
    /// The lowest and highest score the method can give.
    pub(crate) range: (f64, f64),
    pub(crate) bands: Option<Bands>,
    pub(crate) references: Vec<Reference>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Mean of the (reverse-keyed where flagged) values of answered items.
    Mean,
    /// Sum of all item values times a whole-number factor (WHO-5: raw × 4).
    Sum { multiplier: i32 },
    /// Descriptive: reported as distributions, never as a score.
    Frequencies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    HigherIsBetter,
    HigherIsWorse,
    /// Descriptive scores have no favourable end.
    Neither,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    pub source: String,
    /// Ascending, contiguous, covering the whole range (checked by validation).
    pub list: Vec<Band>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub from: f64,
    pub to: f64,
    /// Whether `to` belongs to this band; else it belongs to the next one.
    pub to_inclusive: bool,
    pub label: String,
    pub meaning: String,
    /// Whether the band's source marks it as a reason to offer support
    /// first (`concern` in the definition); `None` for the others.
    pub concern: Option<Concern>,
}

/// How strongly a band's source says a score is worth acting on. The
/// results put support first for any concern; [`Concern::Strong`] says
/// so more plainly. Ordered: `Raised < Strong`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// Worth talking to someone (WHO-5 at or below 50; CBI 50 or above).
    Raised,
    /// Worth seeing a GP soon (WHO-5 at or below 28).
    Strong,
}

impl Bands {
    /// The band a score falls in. Scores outside the range have none.
    pub fn find(&self, score: f64) -> Option<&Band> {
        self.list.iter().find(|b| {
            let above_from = score >= b.from;
            let below_to = if b.to_inclusive { score <= b.to } else { score < b.to };
            above_from && below_to
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub level: ReferenceLevel,
    pub label: String,
    pub value: f64,
    pub source: String,
}

/// Which kind of figure a reference value may be set beside. A team-level
/// reference never bands or rates one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceLevel {
    /// Beside a team's mean of this score.
    TeamMean,
    /// Beside the share of a team who gave one of these answers to any of
    /// these items (positions in [`Instrument::items`]).
    TeamProportion { items: Vec<usize>, option_values: Vec<i32> },
}

impl Instrument {
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The given answers keyed by item id, skipped items left out: the
    /// shape files and drafts store. (Built by insertion: collecting into a
    /// map would pull a sort into the wasm for nothing.)
    pub fn answers_by_id(&self, answers: &[Option<i32>]) -> std::collections::BTreeMap<String, i32> {
        let mut map = std::collections::BTreeMap::new();
        for (item, answer) in self.items.iter().zip(answers) {
            if let Some(value) = answer {
                map.insert(item.id.clone(), *value);
            }
        }
        map
    }

    /// True when no score of the instrument is numeric.
    pub fn is_descriptive(&self) -> bool {
        self.scores.iter().all(|s| s.method == Method::Frequencies)
    }
}

/// Read access only: an `Instrument` is made by validation and never changed.
impl Instrument {
    pub fn key(&self) -> &InstrumentKey {
        &self.key
    }
    pub fn language(&self) -> &str {
        &self.language
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn description(&self) -> &str {
        &self.description
    }
    pub fn instruction(&self) -> &str {
        &self.instruction
    }
    pub fn time_frame(&self) -> Option<&str> {
        self.time_frame.as_deref()
    }
    pub fn citation(&self) -> &str {
        &self.citation
    }
    pub fn licence(&self) -> &Licence {
        &self.licence
    }
    /// A published scale checked by this project. Never true for a
    /// practice's own definition, whatever its file says.
    pub fn validated(&self) -> bool {
        self.validated && self.origin == Origin::BuiltIn
    }
    pub fn notes(&self) -> &[String] {
        &self.notes
    }
    pub fn items(&self) -> &[Item] {
        &self.items
    }
    pub fn scores(&self) -> &[ScoreSpec] {
        &self.scores
    }
    pub fn origin(&self) -> Origin {
        self.origin
    }
    pub fn kind(&self) -> Kind {
        match self.origin {
            Origin::Practice => Kind::PracticeOwn,
            Origin::BuiltIn if self.validated => Kind::ValidatedScale,
            Origin::BuiltIn => Kind::Descriptive,
        }
    }
    /// The definition text a practice's own instrument was read from.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

impl Instrument {
    /// Whether the item at `position` offers other answers than the item
    /// before it, so the person should be told before they answer it
    /// ("The answers change here"). The first item never is: its answers
    /// are the first the section shows.
    pub fn answers_change_at(&self, position: usize) -> bool {
        match (position.checked_sub(1).and_then(|p| self.items.get(p)), self.items.get(position)) {
            (Some(before), Some(item)) => before.options != item.options,
            _ => false,
        }
    }
}

impl Item {
    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn text(&self) -> &str {
        &self.text
    }
    /// In the order they are offered.
    pub fn options(&self) -> &[Choice] {
        &self.options
    }
    pub fn reverse(&self) -> bool {
        self.reverse
    }
}

impl ScoreSpec {
    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn about(&self) -> &str {
        &self.about
    }
    /// Positions in [`Instrument::items`].
    pub fn items(&self) -> &[usize] {
        &self.items
    }
    pub fn method(&self) -> Method {
        self.method
    }
    pub fn min_answered(&self) -> usize {
        self.min_answered
    }
    pub fn direction(&self) -> Direction {
        self.direction
    }
    pub fn range(&self) -> (f64, f64) {
        self.range
    }
    pub fn bands(&self) -> Option<&Bands> {
        self.bands.as_ref()
    }
    pub fn references(&self) -> &[Reference] {
        &self.references
    }
}
