//! Two key holders (split trust): a result is encoded as one vector of
//! whole numbers whose sums over a group are everything a team report
//! shows, split by Prio3 (`prio` 0.18.1, draft-irtf-cfrg-vdaf-18) into two
//! input shares, one sealed to each holder. Either share alone is
//! uniformly random; a zero-knowledge proof inside lets the two holders
//! together check that the response is one person's, consistent, without
//! seeing it: the validity circuit of flp.rs.
//!
//! The encoding (docs/hand-in.md, "Two key holders"), per response:
//! - per measure, the fifth of its range its score fell in (5 entries, 0
//!   or 1), the score as a whole number `v = (x − lo) × D`, where `lo` is
//!   the bottom of the measure's range and `D` the least common multiple
//!   of every number of items it may be the mean of (1 for a sum score),
//!   so `v` is exact; and `v²`. The sums of `v` and `v²` over a group give
//!   its mean and standard deviation exactly;
//! - per descriptive item, one entry per option (0 or 1);
//! - per team-level proportion, whether one of its answers was given.
//!
//! Which figures a response counts in (a measure scored, an item
//! answered, a proportion's items answered) is not in the vector: those
//! presence bits are sealed beside it, in clear to each holder; where a
//! figure is absent the vector holds a valid stand-in (`v = 0`, the first
//! option) that no holder adds.
//!
//! Beside the shares, each holder's box carries the response's
//! **presence** (which measures were scored, which descriptive items and
//! proportions answered), the same in both and not secret-shared: each
//! holder counts every figure's n from it (steps.rs).
//!
//! The verification key both holders need comes from their two keys
//! (X25519 between them, then BLAKE2b over the shared point and both
//! public keys, as libsodium's `crypto_kx` derives its keys), so staff
//! never learn it.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use blake2::{Blake2b512, Digest};
use prio::codec::{Encode, ParameterizedDecode};
use prio::field::Field128;
use prio::vdaf::prio3::{Prio3InputShare, Prio3PublicShare};
use prio::vdaf::Client;

use super::flp::{self, Consistent, Prio3Consistent};

use super::format::{HandInV1, SealedV1, ShareV1};
use super::{random, HandInError, HolderKey, PublicKey, HAND_IN_FORMAT, HAND_IN_VERSION};
use crate::catalogue::Catalogue;
use crate::instrument::{Instrument, InstrumentKey, Method, ReferenceLevel, ScoreSpec};
use crate::result_file::{self, Period, Problem, ResponseId, ResultRecord, WriteError};
use crate::validate::{DefinitionRejected, Fault};
use std::fmt;

/// The scheme of a hand-in file split between two key holders.
pub const SCHEME_PRIO3: &str = "prio3-two-holders";
/// The largest span (largest `v`) a measure may have: 2⁴⁴ ≈ 1.8 × 10¹³.
/// Every sum score the catalogue accepts fits (at most 200 items × a span
/// of 2 × 10⁶ × a multiplier of 1,000 = 4 × 10¹¹), and every mean whose
/// range's span times the least common multiple of the counts it may be
/// the mean of fits (a mean of 1 to 30 answered items on a 1–5 or 0–6
/// scale: 6 × 2,329,089,562,800 ≈ 1.4 × 10¹³). Why not more: a group's
/// Σv² (at most n·2⁸⁸) must stay below Field128's modulus (about 2¹²⁸),
/// and the holders' checks on it (n·Σv² ≥ (Σv)², at most n²·2⁸⁸) are
/// worked in u128, which holds for groups of up to 2²⁰ (about a million)
/// people. Layouts sealed before (spans up to 2³¹) are unchanged.
pub const MAX_SPAN: u128 = 1 << 44;
/// A score `lo + v / scale` is exact as f64 (the fifths are the report's)
/// while `|lo|·scale + span` stays below 2⁵³: true of every layout
/// sealed before this limit was written (|lo| ≤ 10⁶, scale and span ≤ 2³¹).
const MAX_EXACT: u128 = 1 << 53;
/// Prio3's nonce is 16 bytes: the response id's.
const NONCE_BYTES: usize = 16;

/// One measure's place in the encoding.
#[derive(Debug, Clone)]
pub struct MeasureSlot {
    pub id: String,
    /// The bottom of its range, a whole number.
    pub lo: i64,
    /// What a score is multiplied by to make it whole.
    pub scale: u64,
    /// Its range's span times `scale`: the largest `v`.
    pub span: u128,
    pub range: (f64, f64),
}

/// One descriptive item's place: answered, then each option's value.
#[derive(Debug, Clone)]
pub struct ItemSlot {
    pub instrument: String,
    pub position: usize,
    pub item: String,
    pub values: Vec<i32>,
}

/// One team-level proportion's place: answered any, gave one.
#[derive(Debug, Clone)]
pub struct ShareSlot {
    pub instrument: String,
    pub score: String,
    pub place: usize,
    pub items: Vec<usize>,
    pub option_values: Vec<i32>,
}

/// Where every figure of a response sits in the vectors: the same for
/// every file of a practice (it follows the catalogue's newest versions),
/// named by a digest sealed inside each share.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The questionnaires, in id order, one version each.
    pub instruments: Vec<InstrumentKey>,
    pub measures: Vec<MeasureSlot>,
    pub items: Vec<ItemSlot>,
    pub shares: Vec<ShareSlot>,
    /// The validity circuit of these measures, items and proportions.
    pub circuit: Consistent,
    digest: String,
}

fn gcd(a: u64, b: u64) -> u64 {
    let (mut a, mut b) = (a, b);
    while b != 0 {
        (a, b) = (b, a.checked_rem(b).unwrap_or(0));
    }
    a
}

/// The least common multiple of every whole number in `least..=most`,
/// or `None` above `u64::MAX`.
fn lcm_of(least: usize, most: usize) -> Option<u64> {
    let mut l: u64 = 1;
    for d in least..=most {
        let d = u64::try_from(d).ok()?;
        l = l.checked_div(gcd(l, d))?.checked_mul(d)?;
    }
    Some(l)
}

/// Why one measure (a mean or sum score) cannot be split between two key
/// holders, with the figures that say so ([`MeasureSlot::of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooFine {
    /// Its range's ends are not whole numbers.
    NotWhole,
    /// A mean of `least` to `most` answered items: each score is a whole
    /// number only once multiplied by `scale` (the least common multiple
    /// of `least..=most`; `None` above 1.8 × 10¹⁹), which times the items'
    /// span `item_span` is beyond [`MAX_SPAN`]. `fits_from` is the least
    /// `min_answered` that would fit, if any does.
    Mean { least: usize, most: usize, scale: Option<u64>, item_span: u128, fits_from: Option<usize> },
    /// A score whose span (highest minus lowest, times its multiplier) is
    /// beyond [`MAX_SPAN`].
    Wide { span: Option<u128> },
    /// Its lowest value times its scale is too large for its scores to be
    /// worked exactly (beyond 2⁵³).
    Inexact,
}

impl TooFine {
    /// A few words, as a refused hand-in names the measure.
    pub fn short(&self) -> &'static str {
        match self {
            TooFine::NotWhole => "its range is not whole numbers",
            _ => "its scores are too fine or too wide",
        }
    }
}

impl fmt::Display for TooFine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limit = "the 2⁴⁴ (17,592,186,044,416) steps a measure split between two key holders can have";
        match self {
            TooFine::NotWhole => write!(
                f,
                "its lowest and highest scores must be whole numbers for two key holders to add them up"
            ),
            TooFine::Mean { least, most, scale, item_span, fits_from } => {
                let scale = scale.map_or_else(|| "more than 10¹⁹".to_owned(), |s| s.to_string());
                write!(
                    f,
                    "a mean of anything from {least} to {most} answered items is a whole number only once \
                     multiplied by {scale} (every count it may be the mean of), which times its span of \
                     {item_span} is more than {limit}"
                )?;
                match fits_from {
                    Some(k) => write!(
                        f,
                        "; ask for at least {k} of its {most} items (min_answered {k}), or split it into \
                         shorter scores"
                    ),
                    None => write!(f, "; split it into shorter scores"),
                }
            }
            TooFine::Wide { span } => {
                let span = span.map_or_else(|| "more than 10³⁸".to_owned(), |s| s.to_string());
                write!(
                    f,
                    "its span of {span} is more than {limit}; give it fewer items or a smaller multiplier"
                )
            }
            TooFine::Inexact => write!(
                f,
                "its lowest value times its scale is beyond 2⁵³, so its scores could not be worked out \
                 exactly; give its items smaller values"
            ),
        }
    }
}

/// Whether a practice's own questionnaire can be split between two key
/// holders, as the staff page would seal it (beside every built-in one):
/// each mean or sum score that cannot be encoded is a fault at its place
/// (`scores[i]`), naming the score and why, with the figures
/// ([`TooFine`]). [`super::check_definition`] calls it where a
/// practice's configuration has two holders.
pub fn check_instrument(file_name: &str, instrument: &Instrument) -> Result<(), DefinitionRejected> {
    let id = &instrument.key().id;
    let mut faults = Vec::new();
    for (at, spec) in instrument.scores().iter().enumerate() {
        if spec.method() == Method::Frequencies {
            continue;
        }
        if let Err(why) = MeasureSlot::of(spec) {
            faults.push(Fault {
                place: format!("scores[{at}]"),
                fault: format!(
                    "score \"{}\" of questionnaire \"{id}\" cannot be handed in to two key holders: {why}",
                    spec.id()
                ),
            });
        }
    }
    if faults.is_empty() {
        // Anything else the layout refuses (an item in two descriptive
        // scores, a score with a single value), beside the built-in ones.
        let mut catalogue = Catalogue::builtin();
        if catalogue.add(instrument.clone()).is_ok() {
            if let Err(e) = Layout::of(&catalogue) {
                faults.push(Fault {
                    place: "scores".to_owned(),
                    fault: format!("questionnaire \"{id}\" cannot be handed in to two key holders: {e}"),
                });
            }
        }
    }
    if faults.is_empty() {
        Ok(())
    } else {
        Err(DefinitionRejected { file_name: file_name.to_owned(), faults })
    }
}

/// Why a questionnaire cannot be split between two holders.
fn unsplittable(what: &str) -> HandInError {
    HandInError::Unsplittable { detail: what.to_owned() }
}

impl Layout {
    /// The layout of every questionnaire in the catalogue, newest
    /// versions: what a staff page seals with.
    pub fn of(catalogue: &Catalogue) -> Result<Self, HandInError> {
        let keys: Vec<InstrumentKey> = catalogue.latest_versions().iter().map(|i| i.key().clone()).collect();
        Self::for_instruments(catalogue, &keys)
    }

    /// The layout of these questionnaires (each at its version), as a
    /// share names them: a reader whose catalogue has grown since still
    /// rebuilds the layout a file was sealed with.
    pub fn for_instruments(catalogue: &Catalogue, keys: &[InstrumentKey]) -> Result<Self, HandInError> {
        let mut keys = keys.to_vec();
        keys.sort();
        keys.dedup_by(|a, b| a.id == b.id);
        let mut instruments = Vec::new();
        for key in &keys {
            instruments
                .push(catalogue.get(key).ok_or_else(|| unsplittable(&format!("{key}: not known here")))?);
        }
        let (mut measures, mut items, mut shares) = (Vec::new(), Vec::new(), Vec::new());
        for instrument in instruments {
            let id = instrument.key().id.clone();
            for spec in instrument.scores() {
                match spec.method() {
                    Method::Frequencies => {
                        for &position in spec.items() {
                            let Some(item) = instrument.items().get(position) else { continue };
                            if items.iter().any(|s: &ItemSlot| s.instrument == id && s.position == position) {
                                return Err(unsplittable(&format!(
                                    "{id}: item {} is in two descriptive scores",
                                    item.id()
                                )));
                            }
                            items.push(ItemSlot {
                                instrument: id.clone(),
                                position,
                                item: item.id().to_owned(),
                                values: item.options().iter().map(|c| c.value).collect(),
                            });
                        }
                        for (place, reference) in spec.references().iter().enumerate() {
                            if let ReferenceLevel::TeamProportion { items, option_values } = &reference.level
                            {
                                shares.push(ShareSlot {
                                    instrument: id.clone(),
                                    score: spec.id().to_owned(),
                                    place,
                                    items: items.clone(),
                                    option_values: option_values.clone(),
                                });
                            }
                        }
                    }
                    _ => {
                        let slot = MeasureSlot::of(spec)
                            .map_err(|why| unsplittable(&format!("{}: {}", spec.id(), why.short())))?;
                        if measures.iter().any(|m: &MeasureSlot| m.id == spec.id()) {
                            return Err(unsplittable(&format!("{}: two questionnaires score it", spec.id())));
                        }
                        measures.push(slot);
                    }
                }
            }
        }
        let circuit = Consistent::of_layout(&measures, &items, shares.len())
            .map_err(|e| unsplittable(&e.to_string()))?;
        let mut layout = Self { instruments: keys, measures, items, shares, circuit, digest: String::new() };
        layout.digest = layout.compute_digest();
        Ok(layout)
    }

    fn compute_digest(&self) -> String {
        let mut text = String::from("practice-pulse split layout 2\n");
        text.push_str(&format!("p {:08x}\n", flp::ALGORITHM_ID));
        for k in &self.instruments {
            text.push_str(&format!("q {} {}\n", k.id, k.version));
        }
        for m in &self.measures {
            text.push_str(&format!("m {} {} {} {}\n", m.id, m.lo, m.scale, m.span));
        }
        for i in &self.items {
            text.push_str(&format!("i {} {} {} {:?}\n", i.instrument, i.position, i.item, i.values));
        }
        for s in &self.shares {
            text.push_str(&format!(
                "s {} {} {} {:?} {:?}\n",
                s.instrument, s.score, s.place, s.items, s.option_values
            ));
        }
        for m in self.circuit.measures() {
            text.push_str(&format!("f {} {:?}\n", m.span, m.starts));
        }
        let digest = Blake2b512::digest(text.as_bytes());
        hex(digest.get(..16).unwrap_or_default())
    }

    /// The digest naming this layout (hex), sealed in every share.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// Length of the presence bits: one per measure, item, proportion.
    pub fn presence_len(&self) -> usize {
        self.measures.len().saturating_add(self.items.len()).saturating_add(self.shares.len())
    }

    /// Length of a response's output (what the holders add up).
    pub fn output_len(&self) -> usize {
        prio::flp::Type::output_len(&self.circuit)
    }

    /// Where a measure's five fifths start in the output.
    pub fn fifths_at(&self, measure: usize) -> usize {
        self.circuit.output_measure_at(measure)
    }

    /// Where a measure's `v` is in the output; its `v²` follows.
    pub fn value_at(&self, measure: usize) -> usize {
        self.fifths_at(measure).saturating_add(flp::FIFTHS)
    }

    /// Where an item's options start in the output.
    pub fn options_at(&self, item: usize) -> usize {
        self.circuit.output_item_at(item)
    }

    /// Where a proportion's "gave one" is in the output.
    pub fn gave_at(&self, share: usize) -> usize {
        self.circuit.output_proportion_at(share)
    }

    /// The output entries of figure `figure` of the presence bits (a
    /// measure: its fifths, `v` and `v²`; an item: its options; a
    /// proportion: its "gave one"), as (vector, entry) places.
    pub fn figure_entries(&self, figure: usize) -> Vec<(usize, usize)> {
        let (measures, items) = (self.measures.len(), self.items.len());
        let range = if figure < measures {
            let at = self.fifths_at(figure);
            at..at.saturating_add(flp::MEASURE_OUTPUT_LEN)
        } else if let Some(i) = figure.checked_sub(measures).filter(|i| *i < items) {
            let at = self.options_at(i);
            at..at.saturating_add(self.items.get(i).map_or(0, |s| s.values.len()))
        } else if let Some(p) =
            figure.checked_sub(measures.saturating_add(items)).filter(|p| *p < self.shares.len())
        {
            let at = self.gave_at(p);
            at..at.saturating_add(1)
        } else {
            0..0
        };
        range.map(|e| (0, e)).collect()
    }

    /// The Prio3 instance of a response: two holders, the consistency
    /// circuit.
    pub fn vdaf(&self) -> Result<Prio3Consistent, HandInError> {
        self.circuit.clone().prio3().map_err(|e| unsplittable(&e.to_string()))
    }

    /// Every Prio3 instance of a response, in the order its shares are
    /// sealed (one, today).
    pub fn vdafs(&self) -> Result<Vec<Prio3Consistent>, HandInError> {
        Ok(vec![self.vdaf()?])
    }

    /// What the two holders' output shares of a record add up to: per
    /// measure its fifths, `v` and `v²`; each item's options; each
    /// proportion's "gave one" (stand-ins where a figure is absent).
    pub fn output(&self, catalogue: &Catalogue, record: &ResultRecord) -> Result<Vec<u128>, HandInError> {
        use prio::flp::Type as _;
        let (encoded, _) = self.encode(catalogue, record)?;
        let input = self.circuit.encode_response(&encoded).map_err(|e| unsplittable(&e.to_string()))?;
        let out = self.circuit.truncate(input).map_err(|e| unsplittable(&e.to_string()))?;
        Ok(out.into_iter().map(u128::from).collect())
    }

    /// One record's encoding: what the circuit proves and the holders add
    /// up, and its presence bits (each measure scored, each item answered,
    /// each proportion's items answered, in that order).
    pub fn encode(
        &self,
        catalogue: &Catalogue,
        record: &ResultRecord,
    ) -> Result<(flp::Response, Vec<bool>), HandInError> {
        let mut values: Vec<Option<u128>> = vec![None; self.measures.len()];
        let mut options: Vec<Option<usize>> = vec![None; self.items.len()];
        let mut gave: Vec<Option<bool>> = vec![None; self.shares.len()];
        let twice = || unsplittable("a response counted twice in one place");
        for response in &record.responses {
            let instrument = catalogue
                .get(&response.key)
                .ok_or_else(|| unsplittable(&format!("{}: not in the catalogue", response.key.id)))?;
            let id = &instrument.key().id;
            if !self.instruments.contains(&response.key) {
                return Err(unsplittable(&format!(
                    "{}: not the version this practice seals with",
                    response.key
                )));
            }
            for spec in instrument.scores() {
                if spec.method() == Method::Frequencies {
                    for &position in spec.items() {
                        let Some(Some(value)) = response.answers.get(position) else { continue };
                        let (index, slot) = self
                            .items
                            .iter()
                            .enumerate()
                            .find(|(_, s)| &s.instrument == id && s.position == position)
                            .ok_or_else(|| {
                                unsplittable(&format!("{id}: an item not in the newest version"))
                            })?;
                        let option = slot.values.iter().position(|v| v == value).ok_or_else(|| {
                            unsplittable(&format!("{id}: an answer not in the newest version"))
                        })?;
                        let place = options.get_mut(index).ok_or_else(twice)?;
                        if place.replace(option).is_some() {
                            return Err(twice());
                        }
                    }
                    for (index, slot) in self.shares.iter().enumerate() {
                        if &slot.instrument != id || slot.score != spec.id() {
                            continue;
                        }
                        let given: Vec<i32> = slot
                            .items
                            .iter()
                            .filter_map(|&p| response.answers.get(p).copied().flatten())
                            .collect();
                        if given.is_empty() {
                            continue;
                        }
                        let place = gave.get_mut(index).ok_or_else(twice)?;
                        if place.replace(given.iter().any(|v| slot.option_values.contains(v))).is_some() {
                            return Err(twice());
                        }
                    }
                } else if let Some((sum, answered)) =
                    crate::scoring::score_parts(instrument, spec, &response.answers)
                {
                    let (index, slot) = self
                        .measures
                        .iter()
                        .enumerate()
                        .find(|(_, m)| m.id == spec.id())
                        .ok_or_else(|| unsplittable(&format!("{}: not in the layout", spec.id())))?;
                    let v = slot.whole(spec.method(), sum, answered)?;
                    let place = values.get_mut(index).ok_or_else(twice)?;
                    if place.replace(v).is_some() {
                        return Err(unsplittable("a measure scored twice"));
                    }
                }
            }
        }
        let mut presence = Vec::with_capacity(self.presence_len());
        presence.extend(values.iter().map(Option::is_some));
        presence.extend(options.iter().map(Option::is_some));
        presence.extend(gave.iter().map(Option::is_some));
        // Absent figures hold a valid stand-in no holder adds.
        let response = flp::Response {
            measures: values.into_iter().map(|v| v.unwrap_or(0)).collect(),
            items: options.into_iter().map(|o| o.unwrap_or(0)).collect(),
            gave: gave.into_iter().map(|g| g.unwrap_or(false)).collect(),
        };
        Ok((response, presence))
    }
}

impl MeasureSlot {
    /// A mean or sum score's place in the encoding: `v = (x − lo) × scale`,
    /// `scale` the least common multiple of every count the score may be a
    /// mean of (1 for a sum), so `v` is exact; refused (with the figures)
    /// where its span is beyond [`MAX_SPAN`]. The one rule both the
    /// encoding and the check of a definition ([`check_instrument`]) use.
    pub fn of(spec: &ScoreSpec) -> Result<Self, TooFine> {
        let range = spec.range();
        let whole = |x: f64| x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15;
        if !whole(range.0) || !whole(range.1) || range.1 < range.0 {
            return Err(TooFine::NotWhole);
        }
        // Whole numbers under 10¹⁵ in absolute value: exact as i64.
        let (lo, hi) = (range.0 as i64, range.1 as i64);
        let item_span = u128::try_from(hi.saturating_sub(lo)).unwrap_or(0);
        let fits = |scale: u64| item_span.checked_mul(u128::from(scale)).filter(|s| *s <= MAX_SPAN);
        let (scale, span) = match spec.method() {
            Method::Mean => {
                let most = spec.items().len().max(1);
                let least = spec.min_answered().clamp(1, most);
                let scale = lcm_of(least, most);
                match scale.and_then(|s| Some((s, fits(s)?))) {
                    Some(found) => found,
                    None => {
                        let fits_from = (least..=most).find(|&k| lcm_of(k, most).and_then(fits).is_some());
                        return Err(TooFine::Mean { least, most, scale, item_span, fits_from });
                    }
                }
            }
            _ => (1, fits(1).ok_or(TooFine::Wide { span: Some(item_span) })?),
        };
        let exact = u128::from(lo.unsigned_abs())
            .checked_mul(u128::from(scale))
            .and_then(|x| x.checked_add(span))
            .is_some_and(|x| x < MAX_EXACT);
        if !exact {
            return Err(TooFine::Inexact);
        }
        Ok(Self { id: spec.id().to_owned(), lo, scale, span, range })
    }

    /// The score from its item sum and count, as the whole number `v`.
    fn whole(&self, method: Method, sum: i64, answered: usize) -> Result<u128, HandInError> {
        let bad = || unsplittable(&format!("{}: a score outside its range", self.id));
        let answered = i128::try_from(answered).map_err(|_| bad())?;
        let scale = i128::from(self.scale);
        let v = match method {
            // (sum / answered − lo) × scale = (sum − lo × answered) × (scale / answered)
            Method::Mean => {
                let per = scale.checked_div(answered).ok_or_else(bad)?;
                i128::from(sum)
                    .checked_sub(i128::from(self.lo).checked_mul(answered).ok_or_else(bad)?)
                    .and_then(|d| d.checked_mul(per))
            }
            Method::Sum { multiplier } => i128::from(sum)
                .checked_mul(i128::from(multiplier))
                .and_then(|s| s.checked_sub(i128::from(self.lo))),
            Method::Frequencies => None,
        }
        .ok_or_else(bad)?;
        let v = u128::try_from(v).map_err(|_| bad())?;
        if v > self.span {
            return Err(bad());
        }
        Ok(v)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Prio3's application context: binds each proof to the file's clear part
/// and the layout, so an edited round or team fails verification.
pub fn context(layout_digest: &str, period: &Period, round: Option<&str>, team: Option<&str>) -> Vec<u8> {
    let clear =
        serde_json::json!(["practice-pulse", SCHEME_PRIO3, layout_digest, period.to_string(), round, team]);
    clear.to_string().into_bytes()
}

/// The X25519 shared point of one holder's secret key and the other's
/// public key: the same from either side.
fn shared_point(own: &HolderKey, other: &PublicKey) -> zeroize::Zeroizing<[u8; 32]> {
    let secret = zeroize::Zeroizing::new(own.secret.to_bytes());
    let shared = curve25519_dalek::MontgomeryPoint(*other.0.as_bytes()).mul_clamped(*secret);
    zeroize::Zeroizing::new(shared.to_bytes())
}

/// A 32-byte key from the shared point, a context string naming what it
/// is for, and two public keys in the order given (as libsodium's
/// `crypto_kx` hashes the shared point with both public keys).
fn derive_key(
    context: &[u8],
    own: &HolderKey,
    other: &PublicKey,
    first: [u8; 32],
    second: [u8; 32],
) -> [u8; 32] {
    let mut hash = Blake2b512::new();
    hash.update(context);
    hash.update(*shared_point(own, other));
    hash.update(first);
    hash.update(second);
    let digest = zeroize::Zeroizing::new(hash.finalize());
    let mut key = [0u8; 32];
    key.copy_from_slice(digest.get(..32).unwrap_or(&[0u8; 32]));
    key
}

/// The 32-byte Prio3 verification key both holders derive, each from their
/// own secret key and the other's public key.
pub fn verify_key(own: &HolderKey, other: &PublicKey) -> [u8; 32] {
    // Both public keys in a fixed order, so both holders get the same key.
    let (mine, theirs) = (own.public.0.to_bytes(), other.0.to_bytes());
    let (first, second) = if mine <= theirs { (mine, theirs) } else { (theirs, mine) };
    derive_key(b"practice-pulse prio3 verify key 1", own, other, first, second)
}

/// The key of the MAC over a step file made by one holder for the other
/// (a separate key from [`verify_key`], with its own context string, and
/// one per direction, as `crypto_kx` derives one key each way): `made`
/// is true for a step this holder makes, false for one they receive.
/// Only the two holders can derive it.
pub fn step_key(own: &HolderKey, other: &PublicKey, made: bool) -> zeroize::Zeroizing<[u8; 32]> {
    let (mine, theirs) = (own.public.0.to_bytes(), other.0.to_bytes());
    let (maker, receiver) = if made { (mine, theirs) } else { (theirs, mine) };
    zeroize::Zeroizing::new(derive_key(b"practice-pulse step mac key 1", own, other, maker, receiver))
}

/// The key of each response's presence digest in a step file (a separate
/// key from [`verify_key`] and [`step_key`], with its own context string;
/// the same for both holders): only the two holders can compute a
/// presence digest, so whoever carries a step file cannot try every
/// presence to learn a response's (review 3, finding 3).
pub fn presence_key(own: &HolderKey, other: &PublicKey) -> zeroize::Zeroizing<[u8; 32]> {
    let (mine, theirs) = (own.public.0.to_bytes(), other.0.to_bytes());
    let (first, second) = if mine <= theirs { (mine, theirs) } else { (theirs, mine) };
    zeroize::Zeroizing::new(derive_key(b"practice-pulse presence digest key 1", own, other, first, second))
}

/// Seals a result split between two holders (see the module's text).
pub(super) fn seal_split(
    record: &ResultRecord,
    catalogue: &Catalogue,
    holders: [&PublicKey; 2],
) -> Result<String, HandInError> {
    seal_split_with(record, catalogue, holders, |_| {})
}

/// A test-only crafted client: seals a result as [`super::seal`] does
/// with two holders, but lets `edit` change the encoded response (marks,
/// `v`, `v²`, witnesses, options: flp.rs's order) before it is split, as
/// a client of its own could. Its proof then fails unless the response is
/// still consistent. Not used by the product.
#[doc(hidden)]
pub fn seal_crafted_for_tests(
    record: &ResultRecord,
    catalogue: &Catalogue,
    holders: [&PublicKey; 2],
    edit: impl FnOnce(&mut Vec<Field128>),
) -> Result<String, HandInError> {
    seal_split_with(record, catalogue, holders, edit)
}

fn seal_split_with(
    record: &ResultRecord,
    catalogue: &Catalogue,
    holders: [&PublicKey; 2],
    edit: impl FnOnce(&mut Vec<Field128>),
) -> Result<String, HandInError> {
    if holders[0] == holders[1] {
        return Err(HandInError::SameHolderTwice);
    }
    let response = record.response.ok_or(HandInError::Write(WriteError::NoResponseId))?;
    // Checked as any result file would be before it is written.
    result_file::write(record, catalogue).map_err(HandInError::Write)?;
    let layout = Layout::of(catalogue)?;
    let (encoded, presence) = layout.encode(catalogue, record)?;
    let mut input = layout.circuit.encode_response(&encoded).map_err(|e| unsplittable(&e.to_string()))?;
    edit(&mut input);
    let ctx = context(&layout.digest, &record.period, record.round.as_deref(), record.team.as_deref());
    let nonce: [u8; NONCE_BYTES] = *response.as_bytes();
    random::<1>()?;
    let vdaf = layout.vdaf()?;
    let (p, shares) = vdaf.shard(&ctx, &input, &nonce).map_err(|e| unsplittable(&e.to_string()))?;
    let public = vec![STANDARD.encode(p.get_encoded().map_err(|e| unsplittable(&e.to_string()))?)];
    let mut inputs: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    for (slot, share) in inputs.iter_mut().zip(shares) {
        slot.push(STANDARD.encode(share.get_encoded().map_err(|e| unsplittable(&e.to_string()))?));
    }
    let presence = presence_text(&presence);
    let mut sealed = Vec::new();
    for (aggregator, (holder, input_shares)) in holders.iter().zip(inputs).enumerate() {
        let share = ShareV1 {
            instruments: layout.instruments.iter().map(|k| format!("{}@{}", k.id, k.version)).collect(),
            layout: layout.digest.clone(),
            aggregator: u8::try_from(aggregator).unwrap_or(0),
            public_shares: public.clone(),
            input_shares,
            presence: presence.clone(),
        };
        let plain = serde_json::to_vec(&share).unwrap_or_default();
        let boxed =
            holder.0.seal(&mut crypto_box::aead::OsRng, &plain).map_err(|_| HandInError::NoRandomness)?;
        sealed.push(SealedV1 { holder: holder.to_string(), sealed_box: STANDARD.encode(boxed) });
    }
    let file = HandInV1 {
        format: HAND_IN_FORMAT.to_owned(),
        format_version: HAND_IN_VERSION,
        scheme: SCHEME_PRIO3.to_owned(),
        period: record.period.to_string(),
        round: record.round.clone(),
        team: record.team.clone(),
        response: response.to_string(),
        sealed,
    };
    let text = serde_json::to_string_pretty(&file).unwrap_or_default() + "\n";
    if text.len() > result_file::MAX_FILE_BYTES {
        return Err(HandInError::TooLarge);
    }
    Ok(text)
}

/// Presence bits as sealed: `1` or `0` each.
fn presence_text(bits: &[bool]) -> String {
    bits.iter().map(|b| if *b { '1' } else { '0' }).collect()
}

/// Presence bits read back: exactly `len` of `1` or `0`.
fn presence_of(text: &str, len: usize) -> Option<Vec<bool>> {
    let bits: Vec<bool> = text
        .chars()
        .map(|c| match c {
            '1' => Some(true),
            '0' => Some(false),
            _ => None,
        })
        .collect::<Option<_>>()?;
    (bits.len() == len).then_some(bits)
}

/// One holder's part of a two-holder hand-in file, opened with their key:
/// random numbers, useful only beside the other holder's.
#[derive(Debug, Clone)]
pub struct HolderShare {
    pub period: Period,
    pub round: Option<String>,
    pub team: Option<String>,
    pub response: ResponseId,
    /// 0 for the first holder listed (the leader), 1 for the second.
    pub aggregator: usize,
    /// The other holder's public key, for the verification key.
    pub other: PublicKey,
    pub ctx: Vec<u8>,
    /// The layout the file was sealed with (its questionnaires).
    pub layout: Layout,
    pub public_shares: Vec<Prio3PublicShare<32>>,
    pub input_shares: Vec<Prio3InputShare<Field128, 32>>,
    /// Which figures the response counts in ([`Layout::encode`]): sealed
    /// in clear beside the shares, the same in both boxes of an honest
    /// file. Each holder's n of every figure is the count of these.
    pub presence: Vec<bool>,
}

impl HolderShare {
    /// Prio3's nonce: the response id's 16 bytes.
    pub fn nonce(&self) -> [u8; NONCE_BYTES] {
        *self.response.as_bytes()
    }
}

/// Opens this holder's share of a two-holder hand-in file, already read as
/// a [`HandInV1`] whose scheme is [`SCHEME_PRIO3`].
pub(super) fn open_share(
    file: HandInV1,
    catalogue: &Catalogue,
    key: &HolderKey,
) -> Result<HolderShare, Problem> {
    let super::Clear { period, response, round, team } = super::Clear::of(&file)?;
    let [first, second] = file.sealed.as_slice() else {
        return Err(Problem::Malformed { detail: "a two-holder file seals to exactly two holders".into() });
    };
    let mine = key.public.to_string();
    let (sealed, other) = if first.holder == mine {
        (first, &second.holder)
    } else if second.holder == mine {
        (second, &first.holder)
    } else {
        return Err(Problem::SealedForAnotherHolder);
    };
    let other = PublicKey::parse(other).map_err(|e| Problem::Malformed { detail: format!("holder {e}") })?;
    let boxed = STANDARD.decode(&sealed.sealed_box).map_err(|_| Problem::SealChanged)?;
    let plain = key.secret.unseal(&boxed).map_err(|_| Problem::SealChanged)?;
    let share: ShareV1 = serde_json::from_slice(&plain).map_err(|_| Problem::SealChanged)?;
    let aggregator = usize::from(share.aggregator);
    if aggregator != usize::from(sealed.holder != first.holder) {
        return Err(Problem::SealChanged);
    }
    let keys: Vec<InstrumentKey> = share
        .instruments
        .iter()
        .map(|k| {
            let (id, version) = k.rsplit_once('@')?;
            Some(InstrumentKey { id: id.to_owned(), version: version.parse().ok()? })
        })
        .collect::<Option<_>>()
        .ok_or(Problem::SealChanged)?;
    let layout = Layout::for_instruments(catalogue, &keys).map_err(|_| Problem::OtherQuestionnaires)?;
    if share.layout != layout.digest {
        return Err(Problem::OtherQuestionnaires);
    }
    let presence = presence_of(&share.presence, layout.presence_len()).ok_or(Problem::SealChanged)?;
    let vdafs = layout.vdafs().map_err(|_| Problem::OtherQuestionnaires)?;
    if share.public_shares.len() != vdafs.len() || share.input_shares.len() != vdafs.len() {
        return Err(Problem::SealChanged);
    }
    let mut public_shares = Vec::new();
    let mut input_shares = Vec::new();
    for ((vdaf, p), s) in vdafs.iter().zip(&share.public_shares).zip(&share.input_shares) {
        let p = STANDARD.decode(p).map_err(|_| Problem::SealChanged)?;
        let s = STANDARD.decode(s).map_err(|_| Problem::SealChanged)?;
        public_shares
            .push(Prio3PublicShare::get_decoded_with_param(vdaf, &p).map_err(|_| Problem::SealChanged)?);
        input_shares.push(
            Prio3InputShare::get_decoded_with_param(&(vdaf, aggregator), &s)
                .map_err(|_| Problem::SealChanged)?,
        );
    }
    let ctx = context(&layout.digest, &period, round.as_deref(), team.as_deref());
    Ok(HolderShare {
        period,
        round,
        team,
        response,
        aggregator,
        other,
        ctx,
        layout,
        public_shares,
        input_shares,
        presence,
    })
}

/// A holder's state between Prio3's two verification steps, one per vector.
pub type VerifyState = prio::vdaf::prio3::Prio3VerifyState<Field128, 32>;
/// What one holder sends the other to verify a response, one per vector.
pub type VerifierShare = prio::vdaf::prio3::Prio3VerifierShare<Field128, 32>;

impl HolderShare {
    /// Prio3's first verification step for every vector of this response:
    /// the state kept, and the verifier share the other holder needs. Fails
    /// when a share cannot be verified at all (then the response is refused).
    pub fn verify_init(
        &self,
        vdafs: &[Prio3Consistent],
        verify_key: &[u8; 32],
    ) -> Result<Vec<(VerifyState, VerifierShare)>, Problem> {
        use prio::vdaf::Aggregator;
        vdafs
            .iter()
            .zip(self.public_shares.iter().zip(&self.input_shares))
            .map(|(vdaf, (public, input))| {
                vdaf.verify_init(verify_key, &self.ctx, self.aggregator, &(), &self.nonce(), public, input)
                    .map_err(|_| Problem::ProofFailed)
            })
            .collect()
    }
}

/// Prio3's second step: both holders' verifier shares of one response
/// (the first holder's, then the second's: Prio3's aggregator order)
/// checked together; this holder's output shares (one per vector) when
/// every proof holds.
pub fn verify_finish(
    vdafs: &[Prio3Consistent],
    ctx: &[u8],
    states: Vec<VerifyState>,
    first: &[VerifierShare],
    second: &[VerifierShare],
) -> Result<Vec<Vec<Field128>>, Problem> {
    use prio::vdaf::{Aggregator, VerifyTransition};
    if states.len() != vdafs.len() || first.len() != vdafs.len() || second.len() != vdafs.len() {
        return Err(Problem::ProofFailed);
    }
    let mut out = Vec::new();
    for (((vdaf, state), f), s) in vdafs.iter().zip(states).zip(first).zip(second) {
        let message = vdaf
            .verifier_shares_to_message(ctx, &(), [f.clone(), s.clone()])
            .map_err(|_| Problem::ProofFailed)?;
        match vdaf.verify_next(ctx, state, message).map_err(|_| Problem::ProofFailed)? {
            VerifyTransition::Finish(share) => out.push(share.as_ref().to_vec()),
            VerifyTransition::Continue(..) => return Err(Problem::ProofFailed),
        }
    }
    Ok(out)
}

/// A verifier share as text for a step file.
pub fn verifier_share_text(share: &VerifierShare) -> String {
    STANDARD.encode(share.get_encoded().unwrap_or_default())
}

/// A verifier share read back from a step file, given the reader's state
/// for the same vector.
pub fn verifier_share_from_text(text: &str, state: &VerifyState) -> Option<VerifierShare> {
    let bytes = STANDARD.decode(text).ok()?;
    VerifierShare::get_decoded_with_param(state, &bytes).ok()
}

/// Opens a sealed box with a holder's key, for tests that play a crafted
/// client (re-sealing a changed share). Not used by the product.
#[doc(hidden)]
pub fn unseal_for_tests(key: &HolderKey, boxed: &[u8]) -> Option<Vec<u8>> {
    key.secret.unseal(boxed).ok()
}
