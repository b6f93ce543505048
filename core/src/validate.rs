//! Turns definition text into a validated [`Instrument`], or says exactly
//! what is wrong and where. Nothing of a definition is used until it passes.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::definition::{BandsV1, DefinitionV1, MethodV1, ReferenceV1, ScoreV1, FORMAT, FORMAT_VERSION};
use crate::instrument::{
    Band, Bands, Choice, Concern, Direction, Instrument, InstrumentKey, Item, Licence, LicenceStatus, Method,
    Origin, Reference, ReferenceLevel, ScoreSpec,
};
use crate::limits::{
    MAX_BANDS, MAX_DEFINITION_BYTES, MAX_ID_CHARS, MAX_ITEMS, MAX_MULTIPLIER, MAX_NOTES, MAX_OPTIONS,
    MAX_OPTION_VALUE, MAX_REFERENCES, MAX_SCALES, MAX_SCORES, MAX_TEXT_CHARS,
};

/// One thing wrong with a definition: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// A path into the definition, such as `items[2].scale`, or `line 4 column 7`.
    pub place: String,
    pub fault: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.fault)
    }
}

/// A definition file that did not pass, with every fault found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionRejected {
    pub file_name: String,
    pub faults: Vec<Fault>,
}

impl fmt::Display for DefinitionRejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not a usable instrument definition:", self.file_name)?;
        write_faults(f, &self.faults)
    }
}

/// Each fault on a line of its own, after a file's refusal.
pub(crate) fn write_faults(f: &mut fmt::Formatter<'_>, faults: &[Fault]) -> fmt::Result {
    for fault in faults {
        write!(f, "\n- {fault}")?;
    }
    Ok(())
}

impl std::error::Error for DefinitionRejected {}

/// Reads and validates one definition file as it came from a disk: its
/// bytes must be UTF-8 text (never repaired: a replaced character would
/// change what staff are asked) within [`MAX_DEFINITION_BYTES`].
pub fn parse_definition_bytes(file_name: &str, bytes: &[u8]) -> Result<Instrument, DefinitionRejected> {
    let reject = |place: String, fault: String| DefinitionRejected {
        file_name: file_name.to_owned(),
        faults: vec![Fault { place, fault }],
    };
    if bytes.len() > MAX_DEFINITION_BYTES {
        return Err(too_large(file_name, bytes.len()));
    }
    let bytes = crate::json::strip_bom(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        reject(format!("byte {}", e.valid_up_to()), "is not UTF-8 text: save the file as UTF-8".into())
    })?;
    parse_definition(file_name, text)
}

fn too_large(file_name: &str, bytes: usize) -> DefinitionRejected {
    DefinitionRejected {
        file_name: file_name.to_owned(),
        faults: vec![Fault {
            place: "file".into(),
            fault: format!(
                "is {} kB; a definition is at most {} kB",
                bytes / 1024,
                MAX_DEFINITION_BYTES / 1024
            ),
        }],
    }
}

/// Reads and validates one definition file: a practice's own, unless the
/// catalogue marks it built in.
pub fn parse_definition(file_name: &str, text: &str) -> Result<Instrument, DefinitionRejected> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(too_large(file_name, text.len()));
    }
    let reject = |faults| DefinitionRejected { file_name: file_name.to_owned(), faults };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        reject(vec![Fault {
            place: format!("line {} column {}", e.line(), e.column()),
            fault: format!("this is not JSON ({e})"),
        }])
    })?;
    check_header(&value).map_err(|f| reject(vec![f]))?;
    // Decoded from the text again rather than from `value`: one decoder per
    // type instead of two keeps the wasm small, and the fault gets a line.
    let def: DefinitionV1 = serde_json::from_str(text).map_err(|e| {
        reject(vec![Fault {
            place: format!("line {} column {}", e.line(), e.column()),
            fault: e.to_string(),
        }])
    })?;
    let mut v = Validator::default();
    if !v.within_limits(&def) {
        return Err(reject(v.faults));
    }
    let mut instrument = v.build(def);
    if v.faults.is_empty() {
        instrument.source = Some(text.to_owned());
        Ok(instrument)
    } else {
        Err(reject(v.faults))
    }
}

fn check_header(value: &serde_json::Value) -> Result<(), Fault> {
    let fault = |place: &str, fault: String| Fault { place: place.into(), fault };
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return Err(fault("format", format!("must be \"{FORMAT}\"")));
    }
    match value.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v >= 1 && v <= u64::from(FORMAT_VERSION) => Ok(()),
        Some(v) if v > u64::from(FORMAT_VERSION) => Err(fault(
            "format_version",
            format!("{v} is newer than this page reads (up to {FORMAT_VERSION})"),
        )),
        _ => Err(fault("format_version", "must be a whole number from 1".into())),
    }
}

#[derive(Default)]
struct Validator {
    faults: Vec<Fault>,
}

impl Validator {
    fn fault(&mut self, place: impl Into<String>, fault: impl Into<String>) {
        self.faults.push(Fault { place: place.into(), fault: fault.into() });
    }

    fn non_empty(&mut self, place: &str, text: &str) {
        if text.trim().is_empty() {
            self.fault(place, "must not be empty");
        }
        self.not_too_long(place, text);
    }

    fn not_too_long(&mut self, place: &str, text: &str) {
        if text.chars().nth(MAX_TEXT_CHARS).is_some() {
            self.fault(place, format!("is longer than {MAX_TEXT_CHARS} characters"));
        }
    }

    /// Counts checked before anything else, so nothing below ever works on
    /// more than the documented limits.
    fn within_limits(&mut self, def: &DefinitionV1) -> bool {
        let mut count = |place: &str, n: usize, max: usize| {
            if n > max {
                self.fault(place, format!("lists {n}; at most {max} are allowed"));
            }
        };
        count("response_scales", def.response_scales.len(), MAX_SCALES);
        count("items", def.items.len(), MAX_ITEMS);
        count("scores", def.scores.len(), MAX_SCORES);
        count("notes", def.notes.len(), MAX_NOTES);
        for (i, scale) in def.response_scales.iter().enumerate() {
            count(&format!("response_scales[{i}].options"), scale.options.len(), MAX_OPTIONS);
        }
        for (i, score) in def.scores.iter().enumerate() {
            count(&format!("scores[{i}].items"), score.items.len(), MAX_ITEMS);
            if let Some(bands) = &score.bands {
                count(&format!("scores[{i}].bands.list"), bands.list.len(), MAX_BANDS);
            }
            count(&format!("scores[{i}].references"), score.references.len(), MAX_REFERENCES);
            for (j, r) in score.references.iter().enumerate() {
                count(&format!("scores[{i}].references[{j}].items"), r.items.len(), MAX_ITEMS);
                count(
                    &format!("scores[{i}].references[{j}].option_values"),
                    r.option_values.len(),
                    MAX_OPTIONS,
                );
            }
        }
        self.faults.is_empty()
    }

    fn build(&mut self, def: DefinitionV1) -> Instrument {
        if !is_identifier(&def.id) {
            self.fault("id", IDENTIFIER_RULE);
        }
        if def.version == 0 {
            self.fault("version", "must be 1 or more");
        }
        for (i, note) in def.notes.iter().enumerate() {
            self.not_too_long(&format!("notes[{i}]"), note);
        }
        if let Some(tf) = &def.time_frame {
            self.not_too_long("time_frame", tf);
        }
        for (place, text) in [
            ("language", &def.language),
            ("title", &def.title),
            ("description", &def.description),
            ("instruction", &def.instruction),
            ("citation", &def.citation),
            ("licence.text", &def.licence.text),
        ] {
            self.non_empty(place, text);
        }
        let status = LicenceStatus::parse(&def.licence.status).unwrap_or_else(|| {
            self.fault(
                "licence.status",
                format!(
                    "\"{}\" is not one of free, open-government-licence, project-own, unconfirmed",
                    def.licence.status
                ),
            );
            LicenceStatus::Unconfirmed
        });

        let scales = self.scales(&def);
        let items = self.items(&def, &scales);
        let positions: HashMap<&str, usize> =
            items.iter().enumerate().map(|(i, item)| (item.id.as_str(), i)).collect();
        let scores: Vec<ScoreSpec> =
            def.scores.iter().enumerate().map(|(i, s)| self.score(i, s, &items, &positions)).collect();
        if def.scores.is_empty() {
            self.fault("scores", "must list at least one score");
        }
        self.unique("scores", def.scores.iter().map(|s| s.id.as_str()));
        self.reverse_only_on_scored_items(&items, &scores);

        Instrument {
            key: InstrumentKey { id: def.id, version: def.version },
            language: def.language,
            title: def.title,
            description: def.description,
            instruction: def.instruction,
            time_frame: def.time_frame,
            citation: def.citation,
            licence: Licence { status, text: def.licence.text },
            validated: def.validated,
            notes: def.notes,
            index: items.iter().enumerate().map(|(i, item)| (item.id.clone(), i)).collect(),
            items,
            scores,
            origin: Origin::Practice,
            source: None,
        }
    }

    fn unique<'a>(&mut self, place: &str, ids: impl Iterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            if !is_identifier(id) {
                self.fault(format!("{place}[{i}].id"), IDENTIFIER_RULE);
            }
            if !seen.insert(id) {
                self.fault(format!("{place}[{i}].id"), format!("\"{id}\" is used twice"));
            }
        }
    }

    fn scales(&mut self, def: &DefinitionV1) -> Vec<(String, Vec<Choice>)> {
        self.unique("response_scales", def.response_scales.iter().map(|s| s.id.as_str()));
        def.response_scales
            .iter()
            .enumerate()
            .map(|(i, scale)| {
                let place = format!("response_scales[{i}]");
                if scale.options.len() < 2 {
                    self.fault(&place, "needs at least two labelled options");
                }
                let mut values = HashSet::new();
                for (j, option) in scale.options.iter().enumerate() {
                    if option.label.trim().is_empty() {
                        self.fault(format!("{place}.options[{j}].label"), "every option needs a label");
                    }
                    self.not_too_long(&format!("{place}.options[{j}].label"), &option.label);
                    if !(-MAX_OPTION_VALUE..=MAX_OPTION_VALUE).contains(&option.value) {
                        self.fault(
                            format!("{place}.options[{j}].value"),
                            format!("must lie from -{MAX_OPTION_VALUE} to {MAX_OPTION_VALUE}"),
                        );
                    }
                    if !values.insert(option.value) {
                        self.fault(
                            format!("{place}.options[{j}].value"),
                            format!("value {} is used twice", option.value),
                        );
                    }
                }
                let options =
                    scale.options.iter().map(|o| Choice { value: o.value, label: o.label.clone() }).collect();
                (scale.id.clone(), options)
            })
            .collect()
    }

    fn items(&mut self, def: &DefinitionV1, scales: &[(String, Vec<Choice>)]) -> Vec<Item> {
        if def.items.is_empty() {
            self.fault("items", "must list at least one item");
        }
        self.unique("items", def.items.iter().map(|i| i.id.as_str()));
        let by_id: HashMap<&str, &Vec<Choice>> = scales.iter().map(|(id, o)| (id.as_str(), o)).collect();
        def.items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                self.non_empty(&format!("items[{i}].text"), &item.text);
                let options = match by_id.get(item.scale.as_str()) {
                    Some(options) => (*options).clone(),
                    None => {
                        self.fault(
                            format!("items[{i}].scale"),
                            format!("names response scale \"{}\", which is not defined", item.scale),
                        );
                        Vec::new()
                    }
                };
                Item { id: item.id.clone(), text: item.text.clone(), options, reverse: item.reverse }
            })
            .collect()
    }

    fn score(&mut self, i: usize, s: &ScoreV1, items: &[Item], by_id: &HashMap<&str, usize>) -> ScoreSpec {
        let place = format!("scores[{i}]");
        self.non_empty(&format!("{place}.title"), &s.title);
        self.non_empty(&format!("{place}.about"), &s.about);
        if s.items.is_empty() {
            self.fault(format!("{place}.items"), "must list at least one item");
        }
        let mut positions = Vec::new();
        let mut seen = HashSet::new();
        for (j, id) in s.items.iter().enumerate() {
            match by_id.get(id.as_str()).copied() {
                Some(p) if !seen.insert(p) => {
                    self.fault(format!("{place}.items[{j}]"), format!("\"{id}\" is listed twice"))
                }
                Some(p) => positions.push(p),
                None => self.fault(
                    format!("{place}.items[{j}]"),
                    format!("names item \"{id}\", which is not defined"),
                ),
            }
        }
        let method = match s.method {
            MethodV1::Mean => Method::Mean,
            MethodV1::Sum { multiplier } => {
                if !(1..=MAX_MULTIPLIER).contains(&multiplier) {
                    self.fault(
                        format!("{place}.method.multiplier"),
                        format!("must be from 1 to {MAX_MULTIPLIER}"),
                    );
                }
                Method::Sum { multiplier }
            }
            MethodV1::Frequencies => Method::Frequencies,
        };
        let direction = self.direction(&place, s, method);
        let n = s.items.len();
        let numeric = method != Method::Frequencies;
        if numeric && (s.min_answered == 0 || s.min_answered > n) {
            self.fault(
                format!("{place}.min_answered"),
                format!("must be from 1 to {n} (the number of items)"),
            );
        }
        if matches!(method, Method::Sum { .. }) && s.min_answered != n {
            self.fault(
                format!("{place}.min_answered"),
                "a sum is only comparable when every item is answered: set it to the number of items",
            );
        }
        let scored: Vec<&Item> = positions.iter().map(|&p| &items[p]).collect();
        let range = self.range(&place, method, &scored);
        let bands = match (&s.bands, numeric) {
            (Some(_), false) => {
                self.fault(format!("{place}.bands"), "a descriptive score cannot have bands");
                None
            }
            (Some(b), true) => self.bands(&place, b, range),
            (None, _) => None,
        };
        let references = s
            .references
            .iter()
            .enumerate()
            .filter_map(|(j, r)| {
                self.reference(&format!("{place}.references[{j}]"), r, method, &positions, items)
            })
            .collect();
        ScoreSpec {
            id: s.id.clone(),
            title: s.title.clone(),
            about: s.about.clone(),
            items: positions,
            method,
            min_answered: s.min_answered,
            direction,
            range,
            bands,
            references,
        }
    }

    fn direction(&mut self, place: &str, s: &ScoreV1, method: Method) -> Direction {
        let place = format!("{place}.direction");
        match (s.direction.as_deref(), method) {
            (None, Method::Frequencies) => Direction::Neither,
            (Some(_), Method::Frequencies) => {
                self.fault(place, "a descriptive score has no direction");
                Direction::Neither
            }
            (Some("higher-is-better"), _) => Direction::HigherIsBetter,
            (Some("higher-is-worse"), _) => Direction::HigherIsWorse,
            (other, _) => {
                let found = other.map_or("nothing".to_owned(), |o| format!("\"{o}\""));
                self.fault(place, format!("must be higher-is-better or higher-is-worse, not {found}"));
                Direction::Neither
            }
        }
    }

    /// The score range, which also requires every item of a numeric score to
    /// share one value range (a mean of 1–5 and 0–100 items means nothing).
    fn range(&mut self, place: &str, method: Method, scored: &[&Item]) -> (f64, f64) {
        let Some(first) = scored.first() else { return (0.0, 0.0) };
        let (lo, hi) = first.value_range();
        if method == Method::Frequencies {
            return (f64::from(lo), f64::from(hi));
        }
        if scored.iter().any(|it| it.value_range() != (lo, hi)) {
            self.fault(
                format!("{place}.items"),
                "items of one score must share the same lowest and highest value",
            );
        }
        let n = f64::from(u32::try_from(scored.len()).unwrap_or(u32::MAX));
        match method {
            Method::Sum { multiplier } => {
                let m = f64::from(multiplier);
                (n * f64::from(lo) * m, n * f64::from(hi) * m)
            }
            _ => (f64::from(lo), f64::from(hi)),
        }
    }

    fn bands(&mut self, place: &str, b: &BandsV1, (lo, hi): (f64, f64)) -> Option<Bands> {
        let place = format!("{place}.bands");
        let before = self.faults.len();
        self.non_empty(&format!("{place}.source"), &b.source);
        if b.list.is_empty() {
            self.fault(format!("{place}.list"), "must list at least one band, or leave bands out");
        }
        for (k, band) in b.list.iter().enumerate() {
            let here = format!("{place}.list[{k}]");
            self.non_empty(&format!("{here}.label"), &band.label);
            self.non_empty(&format!("{here}.meaning"), &band.meaning);
            if band.concern.as_deref().is_some_and(|c| concern(c).is_none()) {
                self.fault(format!("{here}.concern"), "must be \"raised\" or \"strong\", or be left out");
            }
            if band.from > band.to {
                self.fault(&here, format!("runs backwards, from {} to {}", band.from, band.to));
            }
            match k.checked_sub(1).and_then(|before| b.list.get(before)) {
                None if band.from != lo => {
                    self.fault(&here, format!("starts at {}, but scores start at {lo}: a gap", band.from))
                }
                None => {}
                Some(prev) => {
                    if band.from > prev.to {
                        self.fault(&here, format!("a gap between {} and {}", prev.to, band.from));
                    } else if band.from < prev.to {
                        self.fault(
                            &here,
                            format!("overlaps the band before it ({} to {})", prev.from, prev.to),
                        );
                    }
                }
            }
        }
        if let Some(last) = b.list.last() {
            if last.to != hi || !last.to_inclusive {
                self.fault(
                    format!("{place}.list[{}]", b.list.len().saturating_sub(1)),
                    format!("must end at {hi}, the highest score, and include it: a gap"),
                );
            }
        }
        (self.faults.len() == before).then(|| Bands {
            source: b.source.clone(),
            list: b
                .list
                .iter()
                .map(|band| Band {
                    from: band.from,
                    to: band.to,
                    to_inclusive: band.to_inclusive,
                    label: band.label.clone(),
                    meaning: band.meaning.clone(),
                    concern: band.concern.as_deref().and_then(concern),
                })
                .collect(),
        })
    }

    fn reference(
        &mut self,
        place: &str,
        r: &ReferenceV1,
        method: Method,
        positions: &[usize],
        items: &[Item],
    ) -> Option<Reference> {
        self.non_empty(&format!("{place}.label"), &r.label);
        self.non_empty(&format!("{place}.source"), &r.source);
        let level = match r.level.as_str() {
            "team-mean" if method == Method::Frequencies => {
                self.fault(place, "a descriptive score has no mean to compare with");
                return None;
            }
            "team-mean" => ReferenceLevel::TeamMean,
            "team-proportion" => {
                if r.items.is_empty() {
                    self.fault(format!("{place}.items"), "a team-proportion reference names its items");
                    return None;
                }
                let mut chosen = Vec::new();
                for (k, item_id) in r.items.iter().enumerate() {
                    match positions.iter().copied().find(|&p| items[p].id == *item_id) {
                        Some(p) => chosen.push(p),
                        None => {
                            self.fault(
                                format!("{place}.items[{k}]"),
                                format!("\"{item_id}\" is not an item of this score"),
                            );
                            return None;
                        }
                    }
                }
                if r.option_values.is_empty()
                    || chosen.iter().any(|&p| r.option_values.iter().any(|v| items[p].option(*v).is_none()))
                {
                    self.fault(
                        format!("{place}.option_values"),
                        "must list values offered by every item named",
                    );
                    return None;
                }
                if !(0.0..=1.0).contains(&r.value) {
                    self.fault(format!("{place}.value"), "a proportion lies from 0 to 1");
                }
                ReferenceLevel::TeamProportion { items: chosen, option_values: r.option_values.clone() }
            }
            other => {
                self.fault(
                    format!("{place}.level"),
                    format!("\"{other}\" is not one of team-mean, team-proportion (a person is never compared with a team-level figure)"),
                );
                return None;
            }
        };
        Some(Reference { level, label: r.label.clone(), value: r.value, source: r.source.clone() })
    }

    fn reverse_only_on_scored_items(&mut self, items: &[Item], scores: &[ScoreSpec]) {
        let numeric: HashSet<usize> = scores
            .iter()
            .filter(|s| s.method != Method::Frequencies)
            .flat_map(|s| s.items.iter().copied())
            .collect();
        for (i, item) in items.iter().enumerate() {
            if item.reverse && !numeric.contains(&i) {
                self.fault(
                    format!("items[{i}].reverse"),
                    "a descriptive item cannot be reverse-keyed: only items of a numeric score can",
                );
            }
        }
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_CHARS
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

const IDENTIFIER_RULE: &str = "must be lower-case letters, digits and hyphens, at most 64 characters";

/// A band's `concern` as written in a definition.
fn concern(text: &str) -> Option<Concern> {
    match text {
        "raised" => Some(Concern::Raised),
        "strong" => Some(Concern::Strong),
        _ => None,
    }
}
