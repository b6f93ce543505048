//! From results to action: the suggestions a practice leader sees beside a
//! team's shown figures, each from a published source, in our own words.
//!
//! The suggestions are data (`core/suggestions/suggestions-v1.json`, format
//! `practice-pulse-suggestions`), validated like an instrument: every
//! suggestion answers measures the catalogue has, says when it applies, and
//! names a source with its citation, link and licence. [`suggest`] reads only
//! what a [`Report`] shows: a hidden group gets nothing, and since a shown
//! group holds at least the minimum group, no suggestion ever speaks about
//! one person. The leaders' page is the only page that calls it, so the
//! staff survey's wasm never carries the catalogue.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::instrument::{Direction, Method, ReferenceLevel, ScoreSpec};
use crate::pool::{find_spec, Group, Report, Subject};
use crate::validate::Fault;
use crate::Catalogue;

/// The value of the `format` field of a suggestion catalogue.
pub const FORMAT: &str = "practice-pulse-suggestions";
pub const FORMAT_VERSION: u32 = 1;

/// The built-in catalogue's file name and text.
pub const BUILTIN_SOURCE: (&str, &str) =
    ("suggestions-v1.json", include_str!("../suggestions/suggestions-v1.json"));

/// The abuse module's measures: their suggestions lead to the practice's
/// reporting route and the standards, never to advice to staff.
pub const ABUSE_MEASURES: &[&str] = &["abuse-experienced", "abuse-after"];
/// The only sources a suggestion on the abuse module may cite.
pub const ABUSE_SOURCES: &[&str] = &["nhse-violence-standard", "nhs-employers-violence"];

/// When a suggestion applies to a group's shown figures for a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Condition {
    /// A clear change the unfavourable way into this round (the difference's
    /// 95% interval excludes zero). Needs a measure with a direction.
    Worsening,
    /// The group's mean falls in a band other than the favourable end one
    /// (CBI: 50 or above; WHO-5: 50 or below). Needs bands and a direction.
    ConcernBand,
    /// The share of the group who gave a reference's answers is above the
    /// published share (the abuse module beside the NHS Staff Survey).
    /// Needs a team-proportion reference.
    AboveReference,
    /// The group's mean is on the unfavourable side of the middle of the
    /// measure's range. Only for measures without published bands (TPS,
    /// HSE): our own rule, not a published cut-off. Needs a direction.
    WorseThanMidpoint,
    /// The group's figures for the measure are shown at all.
    Shown,
}

impl Condition {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "worsening" => Self::Worsening,
            "concern-band" => Self::ConcernBand,
            "above-reference" => Self::AboveReference,
            "worse-than-midpoint" => Self::WorseThanMidpoint,
            "shown" => Self::Shown,
            _ => return None,
        })
    }

    /// The word in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Worsening => "worsening",
            Self::ConcernBand => "concern-band",
            Self::AboveReference => "above-reference",
            Self::WorseThanMidpoint => "worse-than-midpoint",
            Self::Shown => "shown",
        }
    }

    /// How relevant a suggestion that applies for this reason is: a clear
    /// worsening first, then a figure of concern, then any shown figure.
    pub fn relevance(self) -> u8 {
        match self {
            Self::Worsening => 3,
            Self::ConcernBand | Self::AboveReference | Self::WorseThanMidpoint => 2,
            Self::Shown => 1,
        }
    }

    /// Whether this condition can ever hold for a measure.
    fn fits(self, spec: &ScoreSpec) -> bool {
        let directed = spec.direction() != Direction::Neither && spec.method() != Method::Frequencies;
        match self {
            Self::Worsening => directed,
            Self::WorseThanMidpoint => directed && spec.bands().is_none(),
            Self::ConcernBand => directed && spec.bands().is_some(),
            Self::AboveReference => {
                spec.references().iter().any(|r| matches!(r.level, ReferenceLevel::TeamProportion { .. }))
            }
            Self::Shown => true,
        }
    }
}

/// A published source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub citation: String,
    pub link: String,
    pub licence: String,
}

/// One suggestion. Only [`Suggestions::parse`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    id: String,
    measures: Vec<String>,
    when: Vec<Condition>,
    text: String,
    source: usize,
}

impl Suggestion {
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The measures (score ids) it answers.
    pub fn measures(&self) -> &[String] {
        &self.measures
    }
    pub fn when(&self) -> &[Condition] {
        &self.when
    }
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A validated suggestion catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestions {
    version: u32,
    sources: Vec<Source>,
    suggestions: Vec<Suggestion>,
}

/// Why a suggestion catalogue was refused: every fault with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionsRejected {
    pub file_name: String,
    pub faults: Vec<Fault>,
}

impl fmt::Display for SuggestionsRejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not a usable suggestion catalogue:", self.file_name)?;
        for fault in &self.faults {
            write!(f, "\n- {fault}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SuggestionsRejected {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    format: String,
    format_version: u32,
    version: u32,
    #[serde(deserialize_with = "crate::json::unique_keys")]
    sources: BTreeMap<String, SourceV1>,
    suggestions: Vec<SuggestionV1>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceV1 {
    citation: String,
    link: String,
    licence: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestionV1 {
    id: String,
    measures: Vec<String>,
    when: Vec<String>,
    text: String,
    source: String,
}

/// The most suggestions one catalogue holds.
pub const MAX_SUGGESTIONS: usize = 500;

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= crate::limits::MAX_ID_CHARS
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn text_fault(s: &str) -> Option<String> {
    if s.trim().is_empty() {
        Some("is empty".into())
    } else if s.chars().count() > crate::limits::MAX_TEXT_CHARS {
        Some(format!("is longer than {} characters", crate::limits::MAX_TEXT_CHARS))
    } else if s.chars().any(char::is_control) {
        Some("holds a control character (a line break or tab)".into())
    } else {
        None
    }
}

impl Suggestions {
    /// The catalogue built into the leaders' page (tested to validate).
    pub fn builtin() -> Result<Self, SuggestionsRejected> {
        Self::parse(BUILTIN_SOURCE.0, BUILTIN_SOURCE.1, &Catalogue::builtin())
    }

    /// Reads and validates a suggestion catalogue against the measures of
    /// `catalogue`: every fault, each with its place.
    pub fn parse(file_name: &str, text: &str, catalogue: &Catalogue) -> Result<Self, SuggestionsRejected> {
        let reject = |faults: Vec<Fault>| SuggestionsRejected { file_name: file_name.to_owned(), faults };
        let fault = |place: &str, fault: String| Fault { place: place.to_owned(), fault };
        if text.len() > crate::limits::MAX_DEFINITION_BYTES {
            return Err(reject(vec![fault(
                "file",
                format!("is larger than {} bytes", crate::limits::MAX_DEFINITION_BYTES),
            )]));
        }
        let raw: FileV1 = serde_json::from_str(text).map_err(|e| {
            reject(vec![fault(&format!("line {} column {}", e.line(), e.column()), e.to_string())])
        })?;
        let mut faults = Vec::new();
        if raw.format != FORMAT {
            faults.push(fault("format", format!("must be \"{FORMAT}\"")));
        }
        if raw.format_version != FORMAT_VERSION {
            faults.push(fault("format_version", format!("must be {FORMAT_VERSION}")));
        }
        let mut sources = Vec::new();
        for (id, s) in raw.sources {
            let place = |field: &str| format!("sources.{id}.{field}");
            if !is_id(&id) {
                faults.push(fault(
                    &format!("sources.{id}"),
                    "an id is lower-case letters, digits and -".into(),
                ));
            }
            for (field, value) in [("citation", &s.citation), ("licence", &s.licence)] {
                if let Some(f) = text_fault(value) {
                    faults.push(fault(&place(field), f));
                }
            }
            if !s.link.starts_with("https://") || s.link.chars().any(char::is_whitespace) {
                faults.push(fault(&place("link"), "must be an https:// address".into()));
            }
            sources.push(Source { id, citation: s.citation, link: s.link, licence: s.licence });
        }
        if raw.suggestions.is_empty() || raw.suggestions.len() > MAX_SUGGESTIONS {
            faults.push(fault("suggestions", format!("must hold 1 to {MAX_SUGGESTIONS} suggestions")));
        }
        let mut suggestions: Vec<Suggestion> = Vec::new();
        for (at, s) in raw.suggestions.into_iter().take(MAX_SUGGESTIONS).enumerate() {
            let place = |field: &str| format!("suggestions[{at}].{field}");
            if !is_id(&s.id) {
                faults.push(fault(&place("id"), "an id is lower-case letters, digits and -".into()));
            } else if suggestions.iter().any(|o| o.id == s.id) {
                faults.push(fault(&place("id"), format!("\"{}\" is used by an earlier suggestion", s.id)));
            }
            if let Some(f) = text_fault(&s.text) {
                faults.push(fault(&place("text"), f));
            }
            let source = sources.iter().position(|o| o.id == s.source);
            if source.is_none() {
                faults.push(fault(&place("source"), format!("no source \"{}\" in sources", s.source)));
            }
            let mut when = Vec::new();
            for (i, w) in s.when.iter().enumerate() {
                match Condition::parse(w) {
                    Some(c) if !when.contains(&c) => when.push(c),
                    Some(_) => faults.push(fault(&format!("{}[{i}]", place("when")), format!("\"{w}\" is given twice"))),
                    None => faults.push(fault(
                        &format!("{}[{i}]", place("when")),
                        format!("\"{w}\" is not a condition (worsening, concern-band, above-reference, worse-than-midpoint, shown)"),
                    )),
                }
            }
            if s.when.is_empty() {
                faults.push(fault(&place("when"), "must name at least one condition".into()));
            }
            if s.measures.is_empty() {
                faults.push(fault(&place("measures"), "must name at least one measure".into()));
            }
            for (i, m) in s.measures.iter().enumerate() {
                let mplace = format!("{}[{i}]", place("measures"));
                let Some(spec) = find_spec(catalogue, m) else {
                    faults.push(fault(&mplace, format!("no measure \"{m}\" in the catalogue")));
                    continue;
                };
                if s.measures.iter().take(i).any(|o| o == m) {
                    faults.push(fault(&mplace, format!("\"{m}\" is given twice")));
                }
                if !when.is_empty() && !when.iter().any(|c| c.fits(spec)) {
                    faults.push(fault(&mplace, format!("none of the conditions can hold for \"{m}\"")));
                }
                if ABUSE_MEASURES.contains(&m.as_str()) && !ABUSE_SOURCES.contains(&s.source.as_str()) {
                    faults.push(fault(
                        &place("source"),
                        format!(
                            "a suggestion on \"{m}\" leads to the practice's reporting route and the standards: cite one of {}",
                            ABUSE_SOURCES.join(", ")
                        ),
                    ));
                }
            }
            for (i, c) in when.iter().enumerate() {
                let fits_one =
                    s.measures.iter().filter_map(|m| find_spec(catalogue, m)).any(|spec| c.fits(spec));
                if !fits_one && !s.measures.is_empty() {
                    faults.push(fault(
                        &format!("{}[{i}]", place("when")),
                        format!("\"{}\" cannot hold for any of its measures", c.as_str()),
                    ));
                }
            }
            suggestions.push(Suggestion {
                id: s.id,
                measures: s.measures,
                when,
                text: s.text,
                source: source.unwrap_or(0),
            });
        }
        if faults.is_empty() {
            Ok(Self { version: raw.version, sources, suggestions })
        } else {
            Err(reject(faults))
        }
    }

    /// The catalogue's own version (a plan records it).
    pub fn version(&self) -> u32 {
        self.version
    }

    pub fn all(&self) -> &[Suggestion] {
        &self.suggestions
    }

    pub fn get(&self, id: &str) -> Option<&Suggestion> {
        self.suggestions.iter().find(|s| s.id == id)
    }

    /// A suggestion's source.
    pub fn source(&self, suggestion: &Suggestion) -> Option<&Source> {
        self.sources.get(suggestion.source)
    }
}

/// Why a suggestion applies to a group's figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Because {
    /// A clear worsening since `from_round`: the difference of the means
    /// and its 95% interval.
    Worsening {
        from_round: Option<String>,
        difference: f64,
        ci: (f64, f64),
    },
    /// The mean falls in this band.
    ConcernBand {
        label: String,
    },
    /// The share is above this published one.
    AboveReference {
        label: String,
        reference: f64,
    },
    WorseThanMidpoint {
        midpoint: f64,
    },
    Shown,
}

impl Because {
    pub fn condition(&self) -> Condition {
        match self {
            Because::Worsening { .. } => Condition::Worsening,
            Because::ConcernBand { .. } => Condition::ConcernBand,
            Because::AboveReference { .. } => Condition::AboveReference,
            Because::WorseThanMidpoint { .. } => Condition::WorseThanMidpoint,
            Because::Shown => Condition::Shown,
        }
    }
}

/// A suggestion that applies, and its most relevant reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied<'s> {
    pub suggestion: &'s Suggestion,
    pub source: &'s Source,
    pub because: Because,
}

/// The suggestions for one shown group's measure in one round, most
/// relevant first (then in the catalogue's order).
#[derive(Debug, Clone, PartialEq)]
pub struct Advice<'s> {
    pub round: Option<String>,
    pub group: Group,
    pub measure: String,
    pub suggestions: Vec<Applied<'s>>,
}

/// Each reason a measure's shown figures for a group give, strongest first.
fn reasons(
    report: &Report,
    round: &Option<String>,
    group: &Group,
    spec: &ScoreSpec,
    catalogue: &Catalogue,
) -> Vec<Because> {
    let measure = spec.id();
    let mut out = Vec::new();
    if spec.method() == Method::Frequencies {
        // A descriptive module: its items' answers, and its proportions.
        let Some(instrument) =
            catalogue.latest_versions().into_iter().find(|i| i.scores().iter().any(|s| s.id() == measure))
        else {
            return out;
        };
        let items: Vec<&str> =
            spec.items().iter().filter_map(|&p| instrument.items().get(p)).map(|i| i.id()).collect();
        let id = &instrument.key().id;
        let shown = report.distributions.iter().any(|d| {
            &d.round == round
                && &d.group == group
                && d.bins.is_some()
                && matches!(&d.subject, Subject::Item { instrument: i, item } if i == id && items.contains(&item.as_str()))
        });
        if !shown {
            return out;
        }
        for reference in spec.references() {
            if !matches!(reference.level, ReferenceLevel::TeamProportion { .. }) {
                continue;
            }
            let above = report.proportions.iter().any(|p| {
                &p.round == round
                    && &p.group == group
                    && &p.instrument == id
                    && p.label == reference.label
                    && p.share.is_some_and(|(gave, n)| n > 0 && gave as f64 / n as f64 > reference.value)
            });
            if above {
                out.push(Because::AboveReference {
                    label: reference.label.clone(),
                    reference: reference.value,
                });
            }
        }
        out.push(Because::Shown);
        return out;
    }
    let Some(stats) = report
        .rows
        .iter()
        .find(|r| &r.round == round && &r.group == group && r.measure == measure)
        .and_then(|r| r.stats)
    else {
        return out;
    };
    let worse = |difference: f64| match spec.direction() {
        Direction::HigherIsBetter => difference < 0.0,
        Direction::HigherIsWorse => difference > 0.0,
        Direction::Neither => false,
    };
    for t in
        report.trends.iter().filter(|t| &t.to_round == round && &t.group == group && t.measure == measure)
    {
        if let (true, Some(ci)) = (t.clear(), t.ci) {
            if worse(t.difference) {
                out.push(Because::Worsening {
                    from_round: t.from_round.clone(),
                    difference: t.difference,
                    ci,
                });
            }
        }
    }
    if let Some(bands) = spec.bands() {
        let favourable = match spec.direction() {
            Direction::HigherIsBetter => bands.list.last(),
            Direction::HigherIsWorse => bands.list.first(),
            Direction::Neither => None,
        };
        if let (Some(band), Some(best)) = (bands.find(stats.mean), favourable) {
            if band != best {
                out.push(Because::ConcernBand { label: band.label.clone() });
            }
        }
    }
    let (lo, hi) = spec.range();
    let midpoint = (lo + hi) / 2.0;
    if spec.bands().is_none() && worse(stats.mean - midpoint) {
        out.push(Because::WorseThanMidpoint { midpoint });
    }
    out.push(Because::Shown);
    out
}

/// For one round of a report, every shown group's measures with the suggestions
/// that apply, most relevant first. Measures come in the catalogue's
/// order, groups as the report holds them (everyone first). A hidden group
/// gets nothing: only shown figures are read.
pub fn suggest<'s>(
    report: &Report,
    catalogue: &Catalogue,
    suggestions: &'s Suggestions,
    round: &Option<String>,
) -> Vec<Advice<'s>> {
    let mut measures: Vec<&ScoreSpec> =
        catalogue.latest_versions().into_iter().flat_map(|i| i.scores()).collect();
    measures.dedup_by_key(|s| s.id().to_owned());
    let mut groups: Vec<&Group> =
        report.rows.iter().map(|r| &r.group).chain(report.distributions.iter().map(|d| &d.group)).collect();
    groups.sort();
    groups.dedup();
    let mut out = Vec::new();
    for spec in measures {
        let answering: Vec<&Suggestion> =
            suggestions.suggestions.iter().filter(|s| s.measures.iter().any(|m| m == spec.id())).collect();
        if answering.is_empty() {
            continue;
        }
        for group in &groups {
            let reasons = reasons(report, round, group, spec, catalogue);
            if reasons.is_empty() {
                continue;
            }
            let mut applied: Vec<Applied<'s>> = answering
                .iter()
                .filter_map(|s| {
                    // The reasons come strongest first: the first that fits.
                    let because = reasons.iter().find(|b| s.when.contains(&b.condition()))?;
                    Some(Applied {
                        suggestion: s,
                        source: suggestions.sources.get(s.source)?,
                        because: because.clone(),
                    })
                })
                .collect();
            // Stable: within one relevance, the catalogue's order.
            applied.sort_by_key(|a| std::cmp::Reverse(a.because.condition().relevance()));
            if !applied.is_empty() {
                out.push(Advice {
                    round: round.clone(),
                    group: (*group).clone(),
                    measure: spec.id().to_owned(),
                    suggestions: applied,
                });
            }
        }
    }
    out
}

/// [`suggest`] for the report's latest round.
pub fn suggest_latest<'s>(
    report: &Report,
    catalogue: &Catalogue,
    suggestions: &'s Suggestions,
) -> Vec<Advice<'s>> {
    let latest = report.rounds.last().cloned().flatten();
    suggest(report, catalogue, suggestions, &latest)
}
