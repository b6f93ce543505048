//! Two key holders (split trust): a result is encoded as vectors of whole
//! numbers whose sums over a group are everything a team report shows, and
//! each vector is split by Prio3 (`prio` 0.18.1, draft-irtf-cfrg-vdaf-18)
//! into two input shares, one sealed to each holder. Either share alone is
//! uniformly random; a zero-knowledge proof inside lets the two holders
//! together check every entry is in range without seeing it.
//!
//! The encoding (docs/hand-in.md, "Two key holders"):
//! - **counts** (one `Prio3SumVec`, entries 0 or 1): per measure, whether
//!   it was scored (the missing-data rule) and the fifth of its range it
//!   fell in (5 entries); per descriptive item, whether it was answered and
//!   one entry per option; per team-level proportion, whether any of its
//!   items was answered and whether one of its answers was given.
//! - **values** (one `Prio3SumVec` per bit width): per measure the score as
//!   a whole number `v = (x − lo) × D`, where `lo` is the bottom of the
//!   measure's range and `D` the least common multiple of every number of
//!   items it may be the mean of (1 for a sum score), so `v` is exact; and
//!   `v²`. The sums of `v` and `v²` over a group give its mean and standard
//!   deviation exactly. Entries of one bit width share a proof, so a
//!   crafted file can put at most twice a person's range into any entry.
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
use prio::vdaf::prio3::{Prio3InputShare, Prio3PublicShare, Prio3SumVec};
use prio::vdaf::Client;

use super::format::{HandInV1, SealedV1, ShareV1};
use super::{random, HandInError, HolderKey, PublicKey, HAND_IN_FORMAT, HAND_IN_VERSION};
use crate::catalogue::Catalogue;
use crate::instrument::{InstrumentKey, Method, ReferenceLevel};
use crate::result_file::{self, Period, Problem, ResponseId, ResultRecord, WriteError};

/// The scheme of a hand-in file split between two key holders.
pub const SCHEME_PRIO3: &str = "prio3-two-holders";
/// Parts of a measure's range its spread is shown in (as `pool::BINS`).
const BINS: usize = crate::pool::BINS;
/// The largest `v²` the encoding holds: far above any built-in measure
/// (CBI: (100 × 420)² ≈ 1.8 × 10⁹), far below where a group's sum could
/// wrap the field.
const MAX_SQUARE: u128 = 1 << 62;
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
    /// The bit widths of the value vectors, ascending; each holds the
    /// `(measure, square?)` entries of that width.
    pub classes: Vec<(u32, Vec<(usize, bool)>)>,
    digest: String,
}

fn gcd(a: u64, b: u64) -> u64 {
    let (mut a, mut b) = (a, b);
    while b != 0 {
        (a, b) = (b, a.checked_rem(b).unwrap_or(0));
    }
    a
}

fn bits(max: u128) -> u32 {
    128u32.saturating_sub(max.leading_zeros()).max(1)
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
                    method => {
                        let range = spec.range();
                        let whole = |x: f64| x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15;
                        if !whole(range.0) || !whole(range.1) || range.1 < range.0 {
                            return Err(unsplittable(&format!(
                                "{}: its range is not whole numbers",
                                spec.id()
                            )));
                        }
                        let scale = match method {
                            Method::Mean => {
                                let most = spec.items().len().max(1);
                                let least = spec.min_answered().clamp(1, most);
                                let mut l: u64 = 1;
                                for d in least..=most {
                                    let d = u64::try_from(d).unwrap_or(u64::MAX);
                                    l = l
                                        .checked_div(gcd(l, d))
                                        .and_then(|x| x.checked_mul(d))
                                        .unwrap_or(u64::MAX);
                                }
                                l
                            }
                            _ => 1,
                        };
                        // Whole numbers under 10¹⁵ in absolute value: exact as i64.
                        let (lo, hi) = (range.0 as i64, range.1 as i64);
                        let span = u128::try_from(hi.saturating_sub(lo))
                            .unwrap_or(0)
                            .checked_mul(u128::from(scale))
                            .filter(|s| s.checked_mul(*s).is_some_and(|q| q <= MAX_SQUARE))
                            .ok_or_else(|| {
                                unsplittable(&format!("{}: its scores are too fine or too wide", spec.id()))
                            })?;
                        if measures.iter().any(|m: &MeasureSlot| m.id == spec.id()) {
                            return Err(unsplittable(&format!("{}: two questionnaires score it", spec.id())));
                        }
                        measures.push(MeasureSlot { id: spec.id().to_owned(), lo, scale, span, range });
                    }
                }
            }
        }
        let mut classes: Vec<(u32, Vec<(usize, bool)>)> = Vec::new();
        for (i, m) in measures.iter().enumerate() {
            let square = m.span.saturating_mul(m.span);
            for (width, is_square) in [(bits(m.span), false), (bits(square), true)] {
                match classes.iter_mut().find(|(w, _)| *w == width) {
                    Some((_, entries)) => entries.push((i, is_square)),
                    None => classes.push((width, vec![(i, is_square)])),
                }
            }
        }
        classes.sort_by_key(|(w, _)| *w);
        let mut layout = Self { instruments: keys, measures, items, shares, classes, digest: String::new() };
        layout.digest = layout.compute_digest();
        Ok(layout)
    }

    fn compute_digest(&self) -> String {
        let mut text = String::from("practice-pulse split layout 1\n");
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
        for (w, entries) in &self.classes {
            text.push_str(&format!("c {w} {entries:?}\n"));
        }
        let digest = Blake2b512::digest(text.as_bytes());
        hex(digest.get(..16).unwrap_or_default())
    }

    /// The digest naming this layout (hex), sealed in every share.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// Length of the counts vector.
    pub fn counts_len(&self) -> usize {
        let per_measure = self.measures.len().saturating_mul(BINS.saturating_add(1));
        let per_item: usize =
            self.items.iter().map(|i| i.values.len().saturating_add(1)).fold(0, usize::saturating_add);
        per_measure.saturating_add(per_item).saturating_add(self.shares.len().saturating_mul(2))
    }

    /// Where a measure's entries start in the counts vector.
    pub fn measure_at(&self, measure: usize) -> usize {
        measure.saturating_mul(BINS.saturating_add(1))
    }

    /// Where an item's entries start in the counts vector.
    pub fn item_at(&self, item: usize) -> usize {
        let before: usize = self
            .items
            .iter()
            .take(item)
            .map(|i| i.values.len().saturating_add(1))
            .fold(0, usize::saturating_add);
        self.measure_at(self.measures.len()).saturating_add(before)
    }

    /// Where a proportion's two entries start in the counts vector.
    pub fn share_at(&self, share: usize) -> usize {
        self.item_at(self.items.len()).saturating_add(share.saturating_mul(2))
    }

    /// Length of the presence bits: one per measure, item, proportion.
    pub fn presence_len(&self) -> usize {
        self.measures.len().saturating_add(self.items.len()).saturating_add(self.shares.len())
    }

    /// A response's presence bits, read off its counts vector (as
    /// [`Layout::encode`] makes it): each measure's "scored" mark, each
    /// item's "answered", each proportion's "answered any", in that order.
    pub fn presence(&self, counts: &[u128]) -> Vec<bool> {
        let mark = |at: usize| counts.get(at).is_some_and(|c| *c != 0);
        let mut out = Vec::with_capacity(self.presence_len());
        out.extend((0..self.measures.len()).map(|m| mark(self.measure_at(m))));
        out.extend((0..self.items.len()).map(|i| mark(self.item_at(i))));
        out.extend((0..self.shares.len()).map(|s| mark(self.share_at(s))));
        out
    }

    /// The counts and value entries of a response's vectors that belong
    /// to figure `figure` of the presence bits (a measure: its mark, its
    /// fifths, its `v` and `v²`; an item: its mark and options; a
    /// proportion: its two marks), as (vector, entry) places.
    pub fn figure_entries(&self, figure: usize) -> Vec<(usize, usize)> {
        let (measures, items) = (self.measures.len(), self.items.len());
        if figure < measures {
            let at = self.measure_at(figure);
            let mut out: Vec<(usize, usize)> = (0..=BINS).map(|b| (0, at.saturating_add(b))).collect();
            for (c, (_, entries)) in self.classes.iter().enumerate() {
                for (place, (m, _)) in entries.iter().enumerate() {
                    if *m == figure {
                        out.push((c.saturating_add(1), place));
                    }
                }
            }
            out
        } else if let Some(i) = figure.checked_sub(measures).filter(|i| *i < items) {
            let at = self.item_at(i);
            let len = self.items.get(i).map_or(0, |s| s.values.len().saturating_add(1));
            (0..len).map(|e| (0, at.saturating_add(e))).collect()
        } else if let Some(s) =
            figure.checked_sub(measures.saturating_add(items)).filter(|s| *s < self.shares.len())
        {
            let at = self.share_at(s);
            vec![(0, at), (0, at.saturating_add(1))]
        } else {
            Vec::new()
        }
    }

    /// The Prio3 instance of the counts vector.
    pub fn counts_vdaf(&self) -> Result<Prio3SumVec, HandInError> {
        sum_vec(1, self.counts_len())
    }

    /// The Prio3 instance of one value class.
    pub fn class_vdaf(&self, class: usize) -> Result<Prio3SumVec, HandInError> {
        let (width, entries) = self.classes.get(class).ok_or_else(|| unsplittable("no such class"))?;
        let max = 1u128.checked_shl(*width).map_or(u128::MAX, |x| x.saturating_sub(1));
        sum_vec(max, entries.len())
    }

    /// Every Prio3 instance, counts first, then each value class.
    pub fn vdafs(&self) -> Result<Vec<Prio3SumVec>, HandInError> {
        let mut out = vec![self.counts_vdaf()?];
        for class in 0..self.classes.len() {
            out.push(self.class_vdaf(class)?);
        }
        Ok(out)
    }

    /// One record's measurements: the counts vector, then each class's.
    pub fn encode(
        &self,
        catalogue: &Catalogue,
        record: &ResultRecord,
    ) -> Result<Vec<Vec<u128>>, HandInError> {
        let mut counts = vec![0u128; self.counts_len()];
        let mut values: Vec<Option<u128>> = vec![None; self.measures.len()];
        let set = |v: &mut Vec<u128>, at: usize| -> Result<(), HandInError> {
            let slot = v.get_mut(at).ok_or_else(|| unsplittable("a place outside the layout"))?;
            if *slot != 0 {
                return Err(unsplittable("a response counted twice in one place"));
            }
            *slot = 1;
            Ok(())
        };
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
                        let at = self.item_at(index);
                        set(&mut counts, at)?;
                        set(&mut counts, at.saturating_add(1).saturating_add(option))?;
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
                        let at = self.share_at(index);
                        set(&mut counts, at)?;
                        if given.iter().any(|v| slot.option_values.contains(v)) {
                            set(&mut counts, at.saturating_add(1))?;
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
                    let x =
                        crate::scoring::score_one(instrument, spec, &response.answers).value().unwrap_or(0.0);
                    let at = self.measure_at(index);
                    set(&mut counts, at)?;
                    set(
                        &mut counts,
                        at.saturating_add(1).saturating_add(crate::pool::bin_of(slot.range, x)),
                    )?;
                    if let Some(old) = values.get_mut(index) {
                        if old.is_some() {
                            return Err(unsplittable("a measure scored twice"));
                        }
                        *old = Some(v);
                    }
                }
            }
        }
        let mut out = vec![counts];
        for (_, entries) in &self.classes {
            out.push(
                entries
                    .iter()
                    .map(|&(m, square)| {
                        let v = values.get(m).copied().flatten().unwrap_or(0);
                        if square {
                            v.saturating_mul(v)
                        } else {
                            v
                        }
                    })
                    .collect(),
            );
        }
        Ok(out)
    }
}

impl MeasureSlot {
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

fn sum_vec(max: u128, len: usize) -> Result<Prio3SumVec, HandInError> {
    let len = len.max(1);
    // The chunk length prio's documentation recommends: about √(len × bits).
    let width = usize::try_from(bits(max)).unwrap_or(1);
    let chunk = len.saturating_mul(width).isqrt().max(1);
    Prio3SumVec::new_sum_vec(2, max, len, chunk).map_err(|e| unsplittable(&e.to_string()))
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

/// Seals a result split between two holders (see the module's text).
pub(super) fn seal_split(
    record: &ResultRecord,
    catalogue: &Catalogue,
    holders: [&PublicKey; 2],
) -> Result<String, HandInError> {
    if holders[0] == holders[1] {
        return Err(HandInError::SameHolderTwice);
    }
    let response = record.response.ok_or(HandInError::Write(WriteError::NoResponseId))?;
    // Checked as any result file would be before it is written.
    result_file::write(record, catalogue).map_err(HandInError::Write)?;
    let layout = Layout::of(catalogue)?;
    let measurements = layout.encode(catalogue, record)?;
    let ctx = context(&layout.digest, &record.period, record.round.as_deref(), record.team.as_deref());
    let nonce: [u8; NONCE_BYTES] = *response.as_bytes();
    random::<1>()?;
    let mut public = Vec::new();
    let mut inputs: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    for (vdaf, measurement) in layout.vdafs()?.iter().zip(&measurements) {
        let (p, shares) = vdaf.shard(&ctx, measurement, &nonce).map_err(|e| unsplittable(&e.to_string()))?;
        public.push(STANDARD.encode(p.get_encoded().map_err(|e| unsplittable(&e.to_string()))?));
        for (slot, share) in inputs.iter_mut().zip(shares) {
            slot.push(STANDARD.encode(share.get_encoded().map_err(|e| unsplittable(&e.to_string()))?));
        }
    }
    let presence = presence_text(&layout.presence(measurements.first().map_or(&[], Vec::as_slice)));
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
    /// Which figures the response counts in ([`Layout::presence`]): sealed
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
        vdafs: &[Prio3SumVec],
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
    vdafs: &[Prio3SumVec],
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
