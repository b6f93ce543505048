//! The set of instruments this build knows, every version of each, so that
//! every result file naming one of them still scores.

use crate::instrument::{Instrument, InstrumentKey, Origin};
use crate::validate::{parse_definition, parse_definition_bytes, DefinitionRejected};

/// Built-in definitions: (file name, text). Older versions stay listed for
/// ever; a new version is a new file.
pub const BUILTIN_SOURCES: &[(&str, &str)] = &[
    ("tps-v1.json", include_str!("../instruments/tps-v1.json")),
    ("cbi-personal-v1.json", include_str!("../instruments/cbi-personal-v1.json")),
    ("cbi-work-v1.json", include_str!("../instruments/cbi-work-v1.json")),
    ("cbi-patient-v1.json", include_str!("../instruments/cbi-patient-v1.json")),
    ("who5-v1.json", include_str!("../instruments/who5-v1.json")),
    ("hse-it-v1.json", include_str!("../instruments/hse-it-v1.json")),
    ("abuse-v1.json", include_str!("../instruments/abuse-v1.json")),
    ("translation-v1.json", include_str!("../instruments/translation-v1.json")),
];

/// Ids of the default set, in the order the survey asks them: 38 questions
/// a busy receptionist finishes in under 10 minutes.
pub const DEFAULT_SET: &[&str] = &["tps", "cbi-work", "cbi-patient", "who5", "abuse", "translation"];

/// Longer modules a leader can switch on, in the order they are asked
/// after the default set.
pub const OPTIONAL_SET: &[&str] = &["cbi-personal", "hse-it"];

#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    instruments: Vec<Instrument>,
}

/// Why an instrument could not be added to a catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddError {
    Invalid(DefinitionRejected),
    /// A different definition already carries this id and version.
    Clash(InstrumentKey),
    /// The id belongs to a built-in instrument: a practice's definition may
    /// not stand in for one, at any version.
    Reserved(String),
    /// A score id another questionnaire here already uses: pooled, the two
    /// would count as one measure (one person twice, two scales mixed under
    /// one title), so a score id belongs to one questionnaire only.
    ScoreTaken {
        /// Where in the definition, such as `scores[0].id`.
        place: String,
        score: String,
        /// The questionnaire that has it.
        owner: String,
    },
}

impl std::fmt::Display for AddError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddError::Invalid(r) => r.fmt(f),
            AddError::Clash(key) => write!(
                f,
                "{key} is already defined differently here; give your instrument its own id or a new version"
            ),
            AddError::Reserved(id) => write!(
                f,
                "the id \"{id}\" belongs to a questionnaire built into Practice Pulse; give your own questionnaire an id of its own"
            ),
            AddError::ScoreTaken { place, score, owner } => write!(
                f,
                "{place}: the score id \"{score}\" is already a score of the questionnaire \"{owner}\"; give this score an id of its own"
            ),
        }
    }
}

impl Catalogue {
    /// Every built-in instrument, from the Rust data generated from
    /// [`BUILTIN_SOURCES`] after validation (`crate::builtin`; the core's
    /// tests check the two agree), so nothing is parsed to start.
    pub fn builtin() -> Self {
        Self { instruments: crate::builtin::BUILTIN.iter().map(crate::builtin::instrument).collect() }
    }

    /// A catalogue of built-in definitions from these sources: how a later
    /// build ships a new version of an instrument (a new file beside the
    /// old). Public so tests can rehearse that.
    pub fn from_builtin_sources(sources: &[(&str, &str)]) -> Self {
        let instruments = sources
            .iter()
            .map(|(name, text)| {
                let mut instrument =
                    parse_definition(name, text).expect("built-in definitions pass validation (tested)");
                instrument.origin = Origin::BuiltIn;
                instrument.source = None;
                instrument
            })
            .collect();
        Self { instruments }
    }

    pub fn empty() -> Self {
        Self { instruments: Vec::new() }
    }

    pub fn all(&self) -> &[Instrument] {
        &self.instruments
    }

    pub fn get(&self, key: &InstrumentKey) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.key == *key)
    }

    /// The newest version of an instrument.
    pub fn latest(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().filter(|i| i.key.id == id).max_by_key(|i| i.key.version)
    }

    /// The newest version of every instrument, each id once, in the order
    /// the survey would ask them.
    pub fn latest_versions(&self) -> Vec<&Instrument> {
        let keys: Vec<InstrumentKey> = self
            .instruments
            .iter()
            .filter(|i| self.latest(&i.key.id).map(|l| &l.key) == Some(&i.key))
            .map(|i| i.key.clone())
            .collect();
        self.survey_sections(&keys)
    }

    /// The newest version of each instrument of the default set, in order.
    pub fn default_set(&self) -> Vec<&Instrument> {
        self.latest_of(DEFAULT_SET)
    }

    /// The newest version of each optional module, in order.
    pub fn optional_set(&self) -> Vec<&Instrument> {
        self.latest_of(OPTIONAL_SET)
    }

    /// The newest version of each named instrument that exists, in the order named.
    pub fn latest_of(&self, ids: &[&str]) -> Vec<&Instrument> {
        ids.iter().filter_map(|id| self.latest(id)).collect()
    }

    /// The sections a survey asks: the default set, then each chosen extra
    /// (optional modules in their set order, then a leader's own in the
    /// order given). Unknown keys and repeats of the default set are ignored.
    pub fn survey_sections(&self, extras: &[InstrumentKey]) -> Vec<&Instrument> {
        let mut sections = self.default_set();
        let optional_rank = |key: &InstrumentKey| OPTIONAL_SET.iter().position(|id| *id == key.id);
        let mut chosen: Vec<&Instrument> = extras
            .iter()
            .filter_map(|key| self.get(key))
            .filter(|i| !DEFAULT_SET.contains(&i.key.id.as_str()))
            .collect();
        // Stable sort: optional modules by their rank, a leader's own after, as given.
        chosen.sort_by_key(|i| optional_rank(&i.key).unwrap_or(usize::MAX));
        for instrument in chosen {
            if !sections.iter().any(|s| s.key == instrument.key) {
                sections.push(instrument);
            }
        }
        sections
    }

    /// Adds a validated instrument (a practice's own). Adding the very same
    /// definition twice is harmless; a different one under the same key is
    /// not, and no id of a built-in instrument may be used at any version.
    pub fn add(&mut self, instrument: Instrument) -> Result<(), AddError> {
        if instrument.origin != Origin::BuiltIn && is_builtin_id(&instrument.key.id) {
            return Err(AddError::Reserved(instrument.key.id));
        }
        // Reports key a measure by its score id alone (the CSV's `measure`):
        // a score id of another questionnaire would pool with it.
        for (at, spec) in instrument.scores.iter().enumerate() {
            let owner = self
                .instruments
                .iter()
                .find(|i| i.key.id != instrument.key.id && i.scores.iter().any(|s| s.id == spec.id));
            if let Some(owner) = owner {
                return Err(AddError::ScoreTaken {
                    place: format!("scores[{at}].id"),
                    score: spec.id.clone(),
                    owner: owner.key.id.clone(),
                });
            }
        }
        match self.get(&instrument.key) {
            Some(existing) if *existing == instrument => Ok(()),
            Some(_) => Err(AddError::Clash(instrument.key)),
            None => {
                self.instruments.push(instrument);
                Ok(())
            }
        }
    }

    /// Reads, validates and adds one definition file (a practice's own).
    pub fn add_definition(&mut self, file_name: &str, text: &str) -> Result<&Instrument, AddError> {
        let instrument = parse_definition(file_name, text).map_err(AddError::Invalid)?;
        self.add_checked(instrument)
    }

    /// The same, from a file's bytes: they must be UTF-8 text.
    pub fn add_definition_bytes(&mut self, file_name: &str, bytes: &[u8]) -> Result<&Instrument, AddError> {
        let instrument = parse_definition_bytes(file_name, bytes).map_err(AddError::Invalid)?;
        self.add_checked(instrument)
    }

    /// Reads, validates and adds one definition file (a practice's own)
    /// for a practice configured by `config`: as
    /// [`Catalogue::add_definition_bytes`], and refused too where the
    /// practice's hand-in cannot carry it ([`crate::hand_in::check_definition`]:
    /// two key holders and a score too fine to split between them).
    pub fn add_definition_for(
        &mut self,
        config: &crate::config::Config,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<&Instrument, AddError> {
        let instrument = parse_definition_bytes(file_name, bytes).map_err(AddError::Invalid)?;
        crate::hand_in::check_definition(config, file_name, &instrument).map_err(AddError::Invalid)?;
        self.add_checked(instrument)
    }

    fn add_checked(&mut self, instrument: Instrument) -> Result<&Instrument, AddError> {
        let key = instrument.key.clone();
        self.add(instrument)?;
        self.get(&key).ok_or(AddError::Clash(key))
    }

    /// The practice's own instruments (added from definition files).
    pub fn practice_own(&self) -> impl Iterator<Item = &Instrument> {
        self.instruments.iter().filter(|i| i.origin == Origin::Practice)
    }
}

/// Whether `id` names a built-in instrument.
pub fn is_builtin_id(id: &str) -> bool {
    crate::builtin::BUILTIN.iter().any(|def| def.id == id)
}
