//! The consistency proof of a two-holder hand-in: a validity circuit for
//! Prio3 written with the `prio` crate's own FLP interface
//! ([`prio::flp::Type`]) and its gadgets (a `ParallelSum` of `Mul`), run by
//! its generic Prio3 ([`Prio3::new`]).
//!
//! This is the extension point the standard provides (draft-irtf-cfrg-vdaf,
//! "Prio3": a Prio3 instance is a validity circuit over the published FLP
//! proof system), not a construction of ours: the proof system, the secret
//! sharing, the joint randomness and the verification are `prio`'s,
//! unchanged. What the circuit says is ours, and is small enough to read
//! whole in [`Consistent::valid`](Flp::valid):
//!
//! - **every 0/1 entry is a bit**: each measure's five fifths, each
//!   descriptive item's options, each proportion's "gave one";
//! - per measure, with its whole-number score `v` (split.rs):
//!   - exactly one fifth is marked (their sum is 1);
//!   - the fifth marked is the one `v` lies in, by the rule the report
//!     uses ([`MeasureShape::of_report`]): the witnesses `t₁ = v − first_f`
//!     and `t₂ = last_f − v`, where `first_f`, `last_f` are the marked
//!     fifth's first and last `v` (`Σ_f mark_f · first_f` and
//!     `Σ_f mark_f · last_f`), are each written in bits whose weights are
//!     1, 2, 4, … and a last weight that makes their total exactly `span`
//!     (prio's `SumVec` writes a range the same way), so each is a whole
//!     number in `[0, span]`. Then `v` itself is a whole number within its
//!     fifth, so within `[0, span]`: it needs no bits of its own (all
//!     these numbers are far below the field's size, so an equation in
//!     the field is one in whole numbers);
//!   - the entry `q` (what holders add up for the spread) is `v · v`
//!     (a `Mul` gate);
//! - per descriptive item, exactly one option is marked.
//!
//! Presence (whether a measure was scored, an item answered) is not in
//! this vector: a response carries it apart, and for a figure it lacks an
//! honest client encodes a valid stand-in (`v = 0`, the first option) that
//! no holder ever adds. So a crafted response can put at most one
//! person's worth into each figure: one fifth, a `v` within the range,
//! its true square, one option, one "gave one".
//!
//! The field is `Field128` with one proof, as the standard's own
//! Prio3SumVec and Prio3Histogram (draft-irtf-cfrg-vdaf, "Prio3SumVec":
//! a proof over `Field128` needs no repetition for its soundness), and the
//! joint randomness is one element per gadget call, as they use it.

use prio::field::{Field128, FieldElement};
use prio::flp::gadgets::{Mul, ParallelSum, ParallelSumGadget};
use prio::flp::{Flp, FlpError, Gadget, Type};
use prio::vdaf::prio3::Prio3;
use prio::vdaf::xof::XofTurboShake128;

/// The parts of a measure's range its spread is shown in (`pool::BINS`).
pub const FIFTHS: usize = crate::pool::BINS;
/// Prio3's algorithm id for this circuit: from the range the standard
/// keeps for private use (0xFFFF0000 to 0xFFFFFFFF).
pub const ALGORITHM_ID: u32 = 0xFFFF_5050;

/// The Prio3 instance with this circuit: two holders, one proof.
pub type Prio3Consistent = Prio3<Consistent, XofTurboShake128, 32>;

/// The validity circuit's parameters: each measure's shape (its span and
/// fifths), each descriptive item's number of options, how many
/// proportions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consistent {
    measures: Vec<MeasureShape>,
    options: Vec<usize>,
    proportions: usize,
    /// Bits of each measure's `t₁` and `t₂`.
    widths: Vec<usize>,
    input_len: usize,
    output_len: usize,
    /// Multiplication checks: every bit, and every measure's square.
    checks: usize,
    chunk: usize,
    gadget_calls: usize,
}

/// One response as an honest client encodes it. Every place holds a
/// valid value, present or not: a missing figure gets a stand-in
/// (`0`, the first option, `false`) that the holders never add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Each measure's whole-number score `v`, in `[0, span]`.
    pub measures: Vec<u128>,
    /// Each descriptive item's answer, as its option's place.
    pub items: Vec<usize>,
    /// Each proportion's "gave one".
    pub gave: Vec<bool>,
}

/// Entries per measure in the input: five fifths, `v`, `q`, and the bits
/// of `t₁` and `t₂`.
fn measure_input_len(width: usize) -> Option<usize> {
    width.checked_mul(2)?.checked_add(FIFTHS)?.checked_add(2)
}

/// Entries per measure in the output: five fifths, `v`, `q = v²`.
pub const MEASURE_OUTPUT_LEN: usize = FIFTHS + 2;

fn invalid(what: &str) -> FlpError {
    FlpError::InvalidParameter(what.to_owned())
}

/// The number of bits in `[0, span]`'s encoding.
fn width_of(span: u128) -> usize {
    // 1 ≤ span < 2¹²⁷ here, so this is 1..=127.
    usize::try_from(128u32.saturating_sub(span.leading_zeros())).unwrap_or(128)
}

/// The weight of each of the `width` bits encoding `[0, span]`: powers of
/// two, then whatever makes the total exactly `span`.
fn weights(span: u128, width: usize) -> Vec<u128> {
    let mut out: Vec<u128> =
        (0..width.saturating_sub(1)).map(|i| 1u128.checked_shl(i as u32).unwrap_or(0)).collect();
    let below = out.iter().fold(0u128, |a, w| a.saturating_add(*w));
    out.push(span.saturating_sub(below));
    out
}

/// One measure's place in the circuit: its span (the largest `v`) and
/// where each of its fifths starts, after the first (which starts at 0).
/// Fifth `f` holds `starts[f−1] ≤ v < starts[f]` (the last, up to `span`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureShape {
    pub span: u128,
    pub starts: [u128; FIFTHS - 1],
}

impl MeasureShape {
    /// The shape whose fifths are the team report's (`pool::bin_of`, on
    /// the score `x = lo + v / scale` as scoring computes it: a whole
    /// number over a whole number, correctly rounded, so the same `x`
    /// whichever item sum and count gave it). That rule only grows with
    /// `v`, so each fifth is a run of whole numbers, found by bisection.
    pub fn of_report(range: (f64, f64), lo: i64, scale: u64, span: u128) -> Self {
        let x = |v: u128| {
            // Whole numbers below 2⁵³ for any layout (|lo|·scale + span
            // < 2⁵³: `MeasureSlot::of`), so exact as f64, divided once as
            // scoring divides.
            let top = i128::from(lo)
                .checked_mul(i128::from(scale))
                .and_then(|t| t.checked_add(i128::try_from(v).ok()?))
                .unwrap_or(i128::MAX);
            top as f64 / scale.max(1) as f64
        };
        let fifth_of = |v: u128| crate::pool::bin_of(range, x(v));
        let mut starts = [0u128; FIFTHS - 1];
        for (i, start) in starts.iter_mut().enumerate() {
            let f = i.saturating_add(1);
            // The least v in [0, span + 1] whose fifth is at least f.
            let (mut low, mut high) = (0u128, span.saturating_add(1));
            while low < high {
                let mid = low.saturating_add(high.saturating_sub(low) / 2);
                if fifth_of(mid) >= f {
                    high = mid;
                } else {
                    low = mid.saturating_add(1);
                }
            }
            *start = low;
        }
        Self { span, starts }
    }

    /// Fifth `f`'s first and last `v` (none when no `v` fits it).
    pub fn fifth_bounds(&self, f: usize) -> Option<(u128, u128)> {
        let first = if f == 0 { 0 } else { *self.starts.get(f.checked_sub(1)?)? };
        let last = match self.starts.get(f) {
            Some(&next) => next.checked_sub(1)?,
            None if f < FIFTHS => self.span,
            None => return None,
        };
        (first <= last).then_some((first, last))
    }

    /// The fifth `v` lies in.
    pub fn fifth(&self, v: u128) -> usize {
        self.starts.iter().filter(|&&s| s <= v).count()
    }

    /// Fifth `f`'s first and last `v`, as field elements (the last is
    /// −1 when the fifth is empty: no `v` then fits it).
    #[allow(clippy::arithmetic_side_effects)] // Field arithmetic is modular.
    fn bounds(&self, f: usize) -> (Field128, Field128) {
        let first = if f == 0 { 0 } else { self.starts.get(f.saturating_sub(1)).copied().unwrap_or(0) };
        let last = match self.starts.get(f) {
            Some(&next) => Field128::from(next) - Field128::from(1),
            None => Field128::from(self.span),
        };
        (Field128::from(first), last)
    }
}

impl Consistent {
    /// The circuit for these measures (each one's span at least 1 and at
    /// most 2⁶², so `v²` stays far inside the field; its fifths' starts
    /// in order, none past `span + 1`), these items (each with at least
    /// one option) and this many proportions.
    pub fn new(
        measures: Vec<MeasureShape>,
        options: Vec<usize>,
        proportions: usize,
    ) -> Result<Self, FlpError> {
        if measures.iter().any(|m| m.span == 0 || m.span > 1 << 62) {
            return Err(invalid("a measure's span must be 1 to 2⁶²"));
        }
        if measures.iter().any(|m| {
            m.starts.windows(2).any(|w| matches!(w, [a, b] if a > b))
                || m.starts.iter().any(|&s| s > m.span.saturating_add(1))
        }) {
            return Err(invalid("a measure's fifths out of order"));
        }
        if options.contains(&0) {
            return Err(invalid("an item without options"));
        }
        let widths: Vec<usize> = measures.iter().map(|m| width_of(m.span)).collect();
        let too_big = || invalid("too many entries");
        let mut input_len: usize = 0;
        let mut checks: usize = 0;
        for &w in &widths {
            let n = measure_input_len(w).ok_or_else(too_big)?;
            input_len = input_len.checked_add(n).ok_or_else(too_big)?;
            // Every entry but v and q is a bit; q = v·v is one more gate.
            checks = checks.checked_add(n).and_then(|c| c.checked_sub(1)).ok_or_else(too_big)?;
        }
        let option_total = options.iter().try_fold(0usize, |a, &k| a.checked_add(k)).ok_or_else(too_big)?;
        input_len = input_len
            .checked_add(option_total)
            .and_then(|n| n.checked_add(proportions))
            .ok_or_else(too_big)?;
        checks =
            checks.checked_add(option_total).and_then(|n| n.checked_add(proportions)).ok_or_else(too_big)?;
        let output_len = measures
            .len()
            .checked_mul(MEASURE_OUTPUT_LEN)
            .and_then(|n| n.checked_add(option_total))
            .and_then(|n| n.checked_add(proportions))
            .ok_or_else(too_big)?;
        if input_len == 0 {
            return Err(invalid("nothing to encode"));
        }
        // Gates per gadget call: about √checks, which prio's documentation
        // recommends for the smallest proof.
        let chunk = checks.isqrt().max(1);
        let gadget_calls = checks.div_ceil(chunk);
        Ok(Self {
            measures,
            options,
            proportions,
            widths,
            input_len,
            output_len,
            checks,
            chunk,
            gadget_calls,
        })
    }

    /// The circuit of a layout's parts: its measures with the report's
    /// fifths, its items' options, its proportions.
    pub fn of_layout(
        measures: &[crate::hand_in::split::MeasureSlot],
        items: &[crate::hand_in::split::ItemSlot],
        proportions: usize,
    ) -> Result<Self, FlpError> {
        Self::new(
            measures.iter().map(|m| MeasureShape::of_report(m.range, m.lo, m.scale, m.span)).collect(),
            items.iter().map(|i| i.values.len()).collect(),
            proportions,
        )
    }

    /// Each measure's shape, in layout order.
    pub fn measures(&self) -> &[MeasureShape] {
        &self.measures
    }

    /// Each item's number of options, in layout order.
    pub fn options(&self) -> &[usize] {
        &self.options
    }

    /// Where a measure's input entries start: five fifths, `v`, `q`, then
    /// the bits of `t₁` and of `t₂` ([`Consistent::witness_bits`] each).
    pub fn input_measure_at(&self, measure: usize) -> usize {
        self.widths.iter().take(measure).filter_map(|&w| measure_input_len(w)).fold(0, usize::saturating_add)
    }

    /// How many bits each of a measure's witnesses `t₁`, `t₂` has.
    pub fn witness_bits(&self, measure: usize) -> usize {
        self.widths.get(measure).copied().unwrap_or(0)
    }

    /// Where an item's options start in the input.
    pub fn input_item_at(&self, item: usize) -> usize {
        let before: usize = self.options.iter().take(item).fold(0, |a, k| a.saturating_add(*k));
        self.input_measure_at(self.measures.len()).saturating_add(before)
    }

    /// Where a proportion's "gave one" is in the input.
    pub fn input_proportion_at(&self, proportion: usize) -> usize {
        self.input_item_at(self.options.len()).saturating_add(proportion)
    }

    /// Where a measure's output entries start (five fifths, `v`, `q`).
    pub fn output_measure_at(&self, measure: usize) -> usize {
        measure.saturating_mul(MEASURE_OUTPUT_LEN)
    }

    /// The Prio3 instance of this circuit, for two holders.
    pub fn prio3(self) -> Result<Prio3Consistent, prio::vdaf::VdafError> {
        Prio3::new(2, 1, ALGORITHM_ID, self)
    }

    /// Where each output part starts: measures, items, proportions.
    pub fn output_item_at(&self, item: usize) -> usize {
        let before: usize = self.options.iter().take(item).fold(0, |a, k| a.saturating_add(*k));
        self.measures.len().saturating_mul(MEASURE_OUTPUT_LEN).saturating_add(before)
    }

    /// Where a proportion's "gave one" is in the output.
    pub fn output_proportion_at(&self, proportion: usize) -> usize {
        self.output_item_at(self.options.len()).saturating_add(proportion)
    }

    /// An honest response's input: fails (and nothing is sealed) if a
    /// value is outside its range or the response does not fit the
    /// circuit.
    pub fn encode_response(&self, response: &Response) -> Result<Vec<Field128>, FlpError> {
        let bad = |what: &str| FlpError::Encode(what.to_owned());
        if response.measures.len() != self.measures.len()
            || response.items.len() != self.options.len()
            || response.gave.len() != self.proportions
        {
            return Err(bad("a response of another shape"));
        }
        let mut out = Vec::with_capacity(self.input_len);
        for ((shape, &width), &v) in self.measures.iter().zip(&self.widths).zip(&response.measures) {
            let span = shape.span;
            if v > span {
                return Err(bad("a score outside its range"));
            }
            let f = shape.fifth(v);
            for i in 0..FIFTHS {
                out.push(Field128::from(u128::from(i == f)));
            }
            let w = weights(span, width);
            out.push(Field128::from(v));
            out.push(Field128::from(v.saturating_mul(v)));
            let (first, last) = shape.bounds(f);
            let (first, last) = (u128::from(first), u128::from(last));
            push_bits(&mut out, v.checked_sub(first).ok_or_else(|| bad("below its fifth"))?, &w)?;
            push_bits(&mut out, last.checked_sub(v).ok_or_else(|| bad("above its fifth"))?, &w)?;
        }
        for (&k, &chosen) in self.options.iter().zip(&response.items) {
            if chosen >= k {
                return Err(bad("an answer that is not an option"));
            }
            out.extend((0..k).map(|i| Field128::from(u128::from(i == chosen))));
        }
        out.extend(response.gave.iter().map(|&g| Field128::from(u128::from(g))));
        Ok(out)
    }
}

/// Writes `x` in bits of these weights (powers of two, then a last
/// weight): the top bit takes the last weight when `x` needs it.
fn push_bits(out: &mut Vec<Field128>, x: u128, weights: &[u128]) -> Result<(), FlpError> {
    let Some((&last, low)) = weights.split_last() else {
        return Err(FlpError::Encode("no bits".to_owned()));
    };
    let low_max = low.iter().fold(0u128, |a, w| a.saturating_add(*w));
    let (rest, top) = if x > low_max { (x.saturating_sub(last), 1) } else { (x, 0) };
    if rest > low_max {
        return Err(FlpError::Encode("a value outside its range".to_owned()));
    }
    for i in 0..low.len() {
        out.push(Field128::from(rest.checked_shr(i as u32).unwrap_or(0) & 1));
    }
    out.push(Field128::from(top));
    Ok(())
}

/// `Σ wᵢ·bitsᵢ`. Field arithmetic is modular: it cannot overflow or panic.
#[allow(clippy::arithmetic_side_effects)]
fn weighted(bits: &[Field128], weights: &[u128]) -> Field128 {
    bits.iter().zip(weights).fold(Field128::zero(), |a, (b, w)| a + *b * Field128::from(*w))
}

/// One measure's entries in the input.
struct MeasureIn<'a> {
    marks: &'a [Field128],
    v: Field128,
    q: Field128,
    t1: &'a [Field128],
    t2: &'a [Field128],
}

fn split_measure(input: &[Field128], width: usize) -> Option<(MeasureIn<'_>, &[Field128])> {
    let (marks, rest) = input.split_at_checked(FIFTHS)?;
    let (v, rest) = rest.split_first()?;
    let (q, rest) = rest.split_first()?;
    let (t1, rest) = rest.split_at_checked(width)?;
    let (t2, rest) = rest.split_at_checked(width)?;
    Some((MeasureIn { marks, v: *v, q: *q, t1, t2 }, rest))
}

fn short() -> FlpError {
    FlpError::Valid("input shorter than the circuit".to_owned())
}

impl Flp for Consistent {
    type Field = Field128;

    fn gadget(&self) -> Vec<Box<dyn Gadget<Field128>>> {
        vec![Box::new(ParallelSum::new(Mul::new(self.gadget_calls), self.chunk))]
    }

    fn num_gadgets(&self) -> usize {
        1
    }

    /// The circuit. Its first output is the random combination of every
    /// multiplication check (`x·(x − 1)` for each bit, `v·v − q` for each
    /// measure), computed as prio's own range checks are: one gadget call
    /// per chunk of checks, the `k`-th check of a chunk weighted by
    /// `r^(k+1)` for that chunk's joint randomness `r`. Its other outputs
    /// are the linear checks, each zero when the response is consistent;
    /// Prio3 combines them with its query randomness.
    // Field arithmetic is modular: it cannot overflow or panic.
    #[allow(clippy::arithmetic_side_effects)]
    fn valid(
        &self,
        gadgets: &mut Vec<Box<dyn Gadget<Field128>>>,
        input: &[Field128],
        joint_rand: &[Field128],
        num_shares: usize,
    ) -> Result<Vec<Field128>, FlpError> {
        self.valid_call_check(input, joint_rand)?;
        let gadget = gadgets.first_mut().ok_or_else(|| FlpError::Valid("no gadget".to_owned()))?;
        // Each share adds its part of a constant: 1 / num_shares of it.
        let shares = u128::try_from(num_shares)
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| FlpError::Valid("no shares".to_owned()))?;
        let share_of_one = Field128::from(shares).inv();

        // (a, b, c): the check a·b = c.
        let mut products: Vec<(Field128, Field128, Field128)> = Vec::with_capacity(self.checks);
        let bit = |x: Field128| (x, x - share_of_one, Field128::zero());
        let mut linear = Vec::with_capacity(self.eval_output_len());
        let mut rest = input;
        for (shape, &width) in self.measures.iter().zip(&self.widths) {
            let (m, after) = split_measure(rest, width).ok_or_else(short)?;
            rest = after;
            let w = weights(shape.span, width);
            let v = m.v;
            let t1 = weighted(m.t1, &w);
            let t2 = weighted(m.t2, &w);
            let mut marked = Field128::zero();
            let (mut lo, mut hi) = (Field128::zero(), Field128::zero());
            for (f, &mark) in m.marks.iter().enumerate() {
                let (first, last) = shape.bounds(f);
                marked += mark;
                lo += mark * first;
                hi += mark * last;
            }
            products.extend(m.marks.iter().chain(m.t1).chain(m.t2).map(|&x| bit(x)));
            products.push((v, v, m.q));
            // Exactly one fifth.
            linear.push(marked - share_of_one);
            // t₁ = v − first and t₂ = last − v, for the fifth marked.
            linear.push(t1 - (v - lo));
            linear.push(t2 - (hi - v));
        }
        for &k in &self.options {
            let (options, after) = rest.split_at_checked(k).ok_or_else(short)?;
            rest = after;
            products.extend(options.iter().map(|&x| bit(x)));
            // Exactly one option.
            linear.push(options.iter().fold(Field128::zero(), |a, x| a + *x) - share_of_one);
        }
        if rest.len() != self.proportions {
            return Err(short());
        }
        products.extend(rest.iter().map(|&x| bit(x)));
        if products.len() != self.checks {
            return Err(FlpError::Valid("a circuit of another size".to_owned()));
        }

        let mut combined = Field128::zero();
        let mut args = vec![Field128::zero(); self.chunk.saturating_mul(2)];
        for (chunk, &r) in products.chunks(self.chunk).zip(joint_rand) {
            args.iter_mut().for_each(|a| *a = Field128::zero());
            let mut power = r;
            for ((a, b, c), pair) in chunk.iter().zip(args.chunks_exact_mut(2)) {
                if let [x, y] = pair {
                    *x = power * *a;
                    *y = *b;
                }
                combined -= power * *c;
                power *= r;
            }
            combined += gadget.eval(&args)?;
        }
        let mut out = Vec::with_capacity(self.eval_output_len());
        out.push(combined);
        out.extend(linear);
        Ok(out)
    }

    fn input_len(&self) -> usize {
        self.input_len
    }

    fn proof_len(&self) -> usize {
        // As prio's SumVec with the same gadget: the gadget's wire seeds,
        // then its polynomial (degree 2).
        let calls = self.gadget_calls.saturating_add(1).next_power_of_two().saturating_sub(1);
        self.chunk.saturating_mul(2).saturating_add(calls.saturating_mul(2)).saturating_add(1)
    }

    fn verifier_len(&self) -> usize {
        self.chunk.saturating_mul(2).saturating_add(2)
    }

    fn joint_rand_len(&self) -> usize {
        self.gadget_calls
    }

    fn eval_output_len(&self) -> usize {
        // The combined products, three per measure, one per item.
        self.measures.len().saturating_mul(3).saturating_add(self.options.len()).saturating_add(1)
    }

    fn prove_rand_len(&self) -> usize {
        self.chunk.saturating_mul(2)
    }
}

impl Type for Consistent {
    /// The encoded input (see [`Consistent::encode_response`]); the proof,
    /// not the client, is what the holders rely on.
    type Measurement = Vec<Field128>;
    /// Every output entry summed.
    type AggregateResult = Vec<u128>;

    fn encode_measurement(&self, measurement: &Vec<Field128>) -> Result<Vec<Field128>, FlpError> {
        if measurement.len() != self.input_len {
            return Err(FlpError::Encode("an input of another length".to_owned()));
        }
        Ok(measurement.clone())
    }

    /// Per measure its five fifths, `v` and `q`; each item's options; each
    /// proportion's "gave one". Linear, so it works on shares.
    fn truncate(&self, input: Vec<Field128>) -> Result<Vec<Field128>, FlpError> {
        self.truncate_call_check(&input)?;
        let mut out = Vec::with_capacity(self.output_len);
        let mut rest = input.as_slice();
        for &width in &self.widths {
            let (m, after) = split_measure(rest, width).ok_or_else(short)?;
            rest = after;
            out.extend_from_slice(m.marks);
            out.push(m.v);
            out.push(m.q);
        }
        out.extend_from_slice(rest);
        Ok(out)
    }

    fn decode_result(&self, data: &[Field128], _num_measurements: usize) -> Result<Vec<u128>, FlpError> {
        if data.len() != self.output_len {
            return Err(FlpError::Decode("an aggregate of another length".to_owned()));
        }
        Ok(data.iter().map(|f| u128::from(*f)).collect())
    }

    fn output_len(&self) -> usize {
        self.output_len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::hand_in::split::Layout;
    use crate::instrument::Method;

    /// The report's fifths (`pool::bin_of`, on the score as scoring makes
    /// it: an item sum divided by the items answered) are the circuit's,
    /// for every score every built-in measure can take: so an honest file
    /// always passes, and holders' fifths are the report's.
    #[test]
    fn the_circuits_fifths_are_the_reports_for_every_builtin_score() {
        let catalogue = Catalogue::builtin();
        let layout = Layout::of(&catalogue).expect("layout");
        let mut checked = 0usize;
        for instrument in catalogue.latest_versions() {
            for spec in instrument.scores() {
                let Some(slot) = layout.measures.iter().find(|m| m.id == spec.id()) else { continue };
                let shape = MeasureShape::of_report(slot.range, slot.lo, slot.scale, slot.span);
                let (lo, hi) = (slot.lo, slot.range.1 as i64);
                match spec.method() {
                    Method::Mean => {
                        for answered in spec.min_answered().max(1)..=spec.items().len() {
                            let per = slot.scale / answered as u64;
                            for d in 0..=(hi - lo) * answered as i64 {
                                let sum = lo * answered as i64 + d;
                                let x = sum as f64 / answered as f64;
                                let v = d as u128 * per as u128;
                                assert_eq!(
                                    shape.fifth(v),
                                    crate::pool::bin_of(slot.range, x),
                                    "{} = {sum}/{answered}",
                                    slot.id
                                );
                                checked += 1;
                            }
                        }
                    }
                    Method::Sum { multiplier } => {
                        for v in 0..=slot.span {
                            let x = (lo + v as i64) as f64;
                            assert_eq!(
                                shape.fifth(v),
                                crate::pool::bin_of(slot.range, x),
                                "{} = {x}",
                                slot.id
                            );
                            checked += 1;
                            let _ = multiplier;
                        }
                    }
                    Method::Frequencies => {}
                }
            }
        }
        eprintln!(
            "{checked} scores; {} measures (spans {:?}), {} items, {} proportions",
            layout.measures.len(),
            layout.measures.iter().map(|m| m.span).collect::<Vec<_>>(),
            layout.items.len(),
            layout.shares.len()
        );
        assert!(checked > 1000);
    }

    /// A fifth's bounds hold every `v` the shape puts in it, for shapes
    /// with empty fifths too.
    #[test]
    fn each_v_lies_within_its_fifths_bounds() {
        for span in 1u128..40 {
            for (lo, scale) in [(0i64, 1u64), (1, 1), (1, 60), (-3, 7)] {
                let range = (lo as f64, lo as f64 + span as f64 / scale as f64);
                let shape = MeasureShape::of_report(range, lo, scale, span);
                for v in 0..=span {
                    let (first, last) = shape.bounds(shape.fifth(v));
                    assert!(u128::from(first) <= v && v <= u128::from(last), "span {span} v {v}");
                }
            }
        }
    }

    #[test]
    fn weights_total_the_span() {
        for span in [1u128, 2, 3, 4, 5, 7, 8, 100, 6000, 1 << 40] {
            let w = weights(span, width_of(span));
            assert_eq!(w.iter().sum::<u128>(), span, "span {span}");
        }
    }
}
