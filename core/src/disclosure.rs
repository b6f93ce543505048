//! The curious colleague, as code: given what a team report shows of one
//! group on one measure (its size, mean and interval at the precision
//! printed, and its spread in fifths), how many sets of scores fit? When
//! one set alone fits, the report has given the group's scores away. A
//! member who knows their own score asks the same of the others' scores.
//!
//! Sets are counted, not listed: the figures depend on a set only through
//! its size, the sum and the sum of squares of its keyed sums (a score is
//! a fixed factor times the sum of a person's keyed answers, when every
//! item is answered), and which fifth each score falls in; so a dynamic
//! programme over (sum, sum of squares) per fifth counts every multiset at
//! once. The colleague is assumed to know that everyone answered every
//! item: that leaves fewer sets to choose from, so it is the stronger
//! colleague.
//!
//! Used by `core/tests/disclosure.rs` (the invariant) and
//! `core/examples/disclosure.rs` (`bench/disclosure.sh`, before and after).

use std::collections::{BTreeSet, HashMap};

use crate::instrument::{Instrument, Method, ScoreSpec};
use crate::pool::{self, Stats, BINS};
use crate::scoring::keyed_value;

/// A measure's possible scores for someone who answers every item.
#[derive(Debug, Clone)]
pub struct Scale {
    /// Every possible sum of keyed answers, ascending.
    pub sums: Vec<i64>,
    /// A score is `factor` × its keyed sum.
    pub factor: f64,
    /// The measure's range.
    pub range: (f64, f64),
}

impl Scale {
    /// None for a descriptive score.
    pub fn of(instrument: &Instrument, spec: &ScoreSpec) -> Option<Self> {
        let count = spec.items().len();
        let factor = match spec.method() {
            Method::Mean => 1.0 / count as f64,
            Method::Sum { multiplier } => f64::from(multiplier),
            Method::Frequencies => return None,
        };
        let mut sums: BTreeSet<i64> = BTreeSet::from([0]);
        for &position in spec.items() {
            let item = instrument.items().get(position)?;
            let values: Vec<i64> = item.options().iter().map(|c| keyed_value(item, c.value)).collect();
            sums = sums.iter().flat_map(|s| values.iter().map(move |v| s.saturating_add(*v))).collect();
        }
        Some(Self { sums: sums.into_iter().collect(), factor, range: spec.range() })
    }

    pub fn score(&self, sum: i64) -> f64 {
        self.factor * sum as f64
    }

    /// The keyed sum behind a score, if it is one of this scale's.
    pub fn sum_of(&self, score: f64) -> Option<i64> {
        self.sums.iter().copied().find(|s| (self.score(*s) - score).abs() < 1e-9)
    }

    fn bin(&self, sum: i64) -> usize {
        pool::bin_of(self.range, self.score(sum))
    }
}

/// What the colleague reads of one group on one measure.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// As this build's reports print it (rounded: [`pool::Stats`]) at
    /// minimum group k.
    Rounded(Stats, usize),
    /// As reports printed it before: the exact mean and interval.
    Exact { n: usize, mean: f64, ci: Option<(f64, f64)> },
}

impl Shown {
    fn n(&self) -> usize {
        match self {
            Shown::Rounded(s, _) => s.n,
            Shown::Exact { n, .. } => *n,
        }
    }

    /// The keyed sums of a whole group consistent with the mean shown.
    fn sum_bounds(&self, scale: &Scale) -> (f64, f64) {
        let (mean, slack) = match self {
            Shown::Rounded(s, _) => (s.mean, 0.5 * step(s.places) + 1e-7),
            Shown::Exact { mean, .. } => (*mean, 1e-7),
        };
        let n = self.n() as f64;
        let (a, b) = ((mean - slack) * n / scale.factor, (mean + slack) * n / scale.factor);
        (a.min(b), a.max(b))
    }

    /// The sums of squared keyed sums consistent with the interval shown,
    /// for a group whose keyed sum lies in `sums` (loose: only to prune).
    fn square_bounds(&self, scale: &Scale, (lo, hi): (f64, f64)) -> (f64, f64) {
        let n = self.n();
        let nf = n as f64;
        let wide = (f64::NEG_INFINITY, f64::INFINITY);
        if n < 2 || scale.factor == 0.0 || scale.factor.is_nan() {
            return wide;
        }
        let t = pool::t_975(n.saturating_sub(1) as f64);
        // The interval's half width h = t·sd/√n, bounded from each end shown.
        let (h_min, h_max) = match self {
            Shown::Exact { ci: Some((a, b)), .. } => ((b - a) / 2.0 - 1e-6, (b - a) / 2.0 + 1e-6),
            Shown::Exact { ci: None, .. } => return wide,
            Shown::Rounded(stats, _) => {
                let Some((a, b)) = stats.ci else { return wide };
                let step = step(stats.places);
                let slack = step / 2.0 + 1e-6;
                let (m_lo, m_hi) = (stats.mean - slack, stats.mean + slack);
                let (r0, r1) = scale.range;
                let h_min = (m_lo - a - step).max(b - step - m_hi).max(0.0) - 1e-6;
                let mut h_max = f64::INFINITY;
                if a > r0 {
                    h_max = h_max.min(m_hi - a + 1e-6);
                }
                if b < r1 {
                    h_max = h_max.min(b - m_lo + 1e-6);
                }
                (h_min, h_max)
            }
        };
        let var = |h: f64| (h.max(0.0) * nf.sqrt() / t / scale.factor.abs()).powi(2);
        // S2 = (n − 1)·var + S1²/n in keyed units; sums are never negative.
        let q_lo = (nf - 1.0) * var(h_min) + lo.max(0.0).powi(2) / nf;
        let q_hi = (nf - 1.0) * var(h_max) + hi.max(0.0).powi(2) / nf;
        (q_lo * (1.0 - 1e-9) - 1.0, q_hi * (1.0 + 1e-9) + 1.0)
    }

    /// Whether an interval is shown (which makes the spread of a set count).
    fn has_interval(&self) -> bool {
        match self {
            Shown::Rounded(s, _) => s.ci.is_some(),
            Shown::Exact { ci, .. } => ci.is_some(),
        }
    }

    /// Whether a group with these sums would show exactly this.
    fn fits(&self, scale: &Scale, sum: i64, sum_sq: i64) -> bool {
        let n = self.n();
        let nf = n as f64;
        let mean = scale.factor * sum as f64 / nf;
        // The sample variance from whole numbers: exact until the division.
        let spread = (n as i128).saturating_mul(i128::from(sum_sq)).saturating_sub(i128::from(sum).pow(2));
        let sd = if n > 1 {
            scale.factor.abs() * (spread as f64 / (nf * (nf - 1.0))).max(0.0).sqrt()
        } else {
            0.0
        };
        match self {
            Shown::Rounded(shown, _) => {
                pool::Stats::with_detail(n, mean, sd, scale.range, shown.ci.is_some()) == *shown
            }
            Shown::Exact { mean: m, ci, .. } => {
                let close = |a: f64, b: f64| (a - b).abs() < 1e-7;
                let their = pool::exact_ci(n, mean, sd);
                close(mean, *m)
                    && match (their, ci) {
                        (Some((a, b)), Some((c, d))) => close(a, *c) && close(b, *d),
                        (None, None) => true,
                        _ => false,
                    }
            }
        }
    }
}

/// The size of one step at `places` decimals.
fn step(places: u8) -> f64 {
    0.1f64.powi(i32::from(places))
}

/// (keyed sum, keyed sum of squares) → how many multisets give them.
type Counts = HashMap<(i64, i64), u64>;

/// Every multiset of `size` keyed sums from `values` (ascending) whose
/// sum lies in `lo..=hi`, counted by its (sum, sum of squares). Values are
/// taken in order and a partial set that can no longer reach the bounds is
/// dropped, which keeps the count small: the mean shown leaves few sums.
fn multisets(
    values: &[i64],
    size: usize,
    (lo, hi): (f64, f64),
    (qlo, qhi): (f64, f64),
    squares: bool,
) -> Counts {
    // (how many taken, sum, sum of squares) → count
    let mut states: HashMap<(usize, i64, i64), u64> = HashMap::from([((0, 0, 0), 1)]);
    let top = values.last().copied().unwrap_or(0);
    for (at, &v) in values.iter().enumerate() {
        // The least a value after this one can be.
        let next = values.get(at.saturating_add(1)).copied();
        let mut grown: HashMap<(usize, i64, i64), u64> = HashMap::new();
        for (&(taken, s, q), &count) in &states {
            let (mut t, mut s, mut q) = (taken, s, q);
            loop {
                let left = size.saturating_sub(t) as i64;
                let reachable = match next {
                    None => {
                        left == 0
                            && (s as f64) >= lo
                            && (s as f64) <= hi
                            && (q as f64) >= qlo
                            && (q as f64) <= qhi
                    }
                    Some(n) => {
                        (s.saturating_add(left.saturating_mul(n)) as f64) <= hi
                            && (s.saturating_add(left.saturating_mul(top)) as f64) >= lo
                            && (!squares
                                || (q.saturating_add(left.saturating_mul(n.saturating_mul(n))) as f64) <= qhi
                                    && (q.saturating_add(left.saturating_mul(top.saturating_mul(top)))
                                        as f64)
                                        >= qlo)
                    }
                };
                if reachable {
                    let at = grown.entry((t, s, q)).or_default();
                    *at = at.saturating_add(count);
                }
                if t >= size
                    || (s.saturating_add(v) as f64) > hi
                    || squares && (q.saturating_add(v.saturating_mul(v)) as f64) > qhi
                {
                    break;
                }
                t = t.saturating_add(1);
                s = s.saturating_add(v);
                if squares {
                    q = q.saturating_add(v.saturating_mul(v));
                }
            }
        }
        states = grown;
    }
    states.into_iter().filter(|((taken, _, _), _)| *taken == size).map(|((_, s, q), c)| ((s, q), c)).collect()
}

/// How many multisets of scores fit `shown`, given the spread in fifths
/// (`bins`, when shown) and the keyed sums already known (`known`: the
/// colleague's own score, or none). Counts the others' multisets only.
fn count_fitting(scale: &Scale, shown: &Shown, bins: Option<[usize; BINS]>, known: &[i64]) -> u64 {
    let mut need: Vec<(Vec<i64>, usize)> = match bins {
        Some(counts) => (0..BINS)
            .map(|b| (scale.sums.iter().copied().filter(|s| scale.bin(*s) == b).collect(), counts[b]))
            .collect(),
        None => vec![(scale.sums.clone(), shown.n())],
    };
    // Without an interval shown, the spread of a set tells nothing: count
    // sets by their sum alone (far fewer states).
    let squares = shown.has_interval();
    let (mut known_sum, mut known_sq) = (0i64, 0i64);
    for &k in known {
        known_sum = known_sum.saturating_add(k);
        if squares {
            known_sq = known_sq.saturating_add(k.saturating_mul(k));
        }
        let part = match bins {
            Some(_) => need.get_mut(scale.bin(k)),
            None => need.first_mut(),
        };
        match part {
            Some((_, n)) if *n > 0 => *n = n.saturating_sub(1),
            // What is known does not fit what is shown: nothing does.
            _ => return 0,
        }
    }
    let (lo, hi) = shown.sum_bounds(scale);
    // The least and most the parts not yet combined can add.
    let (qlo, qhi) = if squares { shown.square_bounds(scale, (lo, hi)) } else { (0.0, 0.0) };
    // The least and most each part can add to the sum and to the sum of squares.
    let reach: Vec<(i64, i64, i64, i64)> = need
        .iter()
        .map(|(values, n)| {
            let n = *n as i64;
            let first = values.first().copied().unwrap_or(0);
            let last = values.last().copied().unwrap_or(0);
            let square = |v: i64| if squares { v.saturating_mul(v).saturating_mul(n) } else { 0 };
            (first.saturating_mul(n), last.saturating_mul(n), square(first), square(last))
        })
        .collect();
    let mut combined: Counts = HashMap::from([((known_sum, known_sq), 1)]);
    for (at, (values, n)) in need.iter().enumerate() {
        if *n > 0 && values.is_empty() {
            return 0;
        }
        let rest = reach.get(at.saturating_add(1)..).unwrap_or_default();
        let (rest_min, rest_max, rest_qmin, rest_qmax) =
            rest.iter().fold((0i64, 0i64, 0i64, 0i64), |t, r| {
                (
                    t.0.saturating_add(r.0),
                    t.1.saturating_add(r.1),
                    t.2.saturating_add(r.2),
                    t.3.saturating_add(r.3),
                )
            });
        // This part must leave the whole within the bounds of what is shown.
        let (done_min, done_max, done_qmin, done_qmax) =
            combined.keys().fold((i64::MAX, i64::MIN, i64::MAX, i64::MIN), |t, (s, q)| {
                (t.0.min(*s), t.1.max(*s), t.2.min(*q), t.3.max(*q))
            });
        let part = multisets(
            values,
            *n,
            (lo - done_max.saturating_add(rest_max) as f64, hi - done_min.saturating_add(rest_min) as f64),
            (
                qlo - done_qmax.saturating_add(rest_qmax) as f64,
                qhi - done_qmin.saturating_add(rest_qmin) as f64,
            ),
            squares,
        );
        let mut next: Counts = HashMap::new();
        for (&(s1, q1), &c1) in &combined {
            for (&(s2, q2), &c2) in &part {
                let s = s1.saturating_add(s2);
                let (low, high) = (s.saturating_add(rest_min) as f64, s.saturating_add(rest_max) as f64);
                if high < lo || low > hi {
                    continue;
                }
                let at = next.entry((s, q1.saturating_add(q2))).or_default();
                *at = at.saturating_add(c1.saturating_mul(c2));
            }
        }
        combined = next;
    }
    combined
        .into_iter()
        .filter(|((s, q), _)| shown.fits(scale, *s, *q))
        .fold(0u64, |total, (_, c)| total.saturating_add(c))
}

/// How many multisets of the group's scores fit what the report shows.
pub fn sets_fitting(scale: &Scale, shown: &Shown, bins: Option<[usize; BINS]>) -> u64 {
    count_fitting(scale, shown, bins, &[])
}

/// How many multisets of the others' scores fit, for a member who knows
/// their own keyed sum.
pub fn others_fitting(scale: &Scale, shown: &Shown, bins: Option<[usize; BINS]>, own: i64) -> u64 {
    count_fitting(scale, shown, bins, &[own])
}

/// A small, seeded generator (SplitMix64), so the attack's random people
/// are the same on every run.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn draw(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.draw().checked_rem(n.max(1) as u64).unwrap_or(0) as usize
    }
}

/// One person's answers to an instrument: every item, each option equally likely.
pub fn random_answers(instrument: &Instrument, rng: &mut Rng) -> Vec<Option<i32>> {
    instrument
        .items()
        .iter()
        .map(|item| {
            let options = item.options();
            options.get(rng.below(options.len())).map(|c| c.value)
        })
        .collect()
}

/// One group's figures on one measure, attacked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trial {
    pub measure: String,
    /// How many multisets of the group's scores fit what is shown (1: pinned).
    pub sets: u64,
    /// For each member, how many multisets of the others' scores fit (1: pinned).
    pub others: Vec<u64>,
    /// Everyone has the same score: pinned whatever is shown, by anyone
    /// in the group (the inherent exception).
    pub all_same: bool,
}

/// Which report the colleague reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// The report as this build writes it.
    Now,
    /// The unrounded mean and interval reports printed before, with the spread.
    Before,
}

/// `n` random people in one team answering every item of `instrument`,
/// pooled into a team report at minimum group `k` by the core's own
/// pipeline; then, for each scored measure, the colleague's attacks on
/// everyone's row. Each person's true score is read from their answers,
/// never from the report; the attack reads only what the report shows.
pub fn trial(
    catalogue: &crate::Catalogue,
    instrument: &Instrument,
    n: usize,
    k: usize,
    precision: Precision,
    rng: &mut Rng,
) -> Vec<Trial> {
    use crate::pool::{Group, Subject};
    use crate::result_file::{Period, Response, ResponseId, ResultRecord};
    let people: Vec<Vec<Option<i32>>> = (0..n).map(|_| random_answers(instrument, rng)).collect();
    let mut pool = pool::Pool::default();
    let Some(period) = Period::new(2026, 11) else { return Vec::new() };
    for answers in &people {
        let mut id = [0u8; 16];
        id[..8].copy_from_slice(&rng.draw().to_be_bytes());
        id[8..].copy_from_slice(&rng.draw().to_be_bytes());
        pool.add(
            catalogue,
            &ResultRecord {
                generator: "disclosure".into(),
                period,
                round: Some("r".into()),
                team: Some("A".into()),
                response: Some(ResponseId::from_random_bytes(id)),
                responses: vec![Response { key: instrument.key().clone(), answers: answers.clone() }],
            },
        );
    }
    let report = pool.full_report(catalogue, k);
    let mut trials = Vec::new();
    for spec in instrument.scores() {
        let Some(scale) = Scale::of(instrument, spec) else { continue };
        // The truth, from the people's answers.
        let truth: Vec<i64> = people
            .iter()
            .filter_map(|a| crate::scoring::score_one(instrument, spec, a).value())
            .filter_map(|score| scale.sum_of(score))
            .collect();
        if truth.len() != n {
            continue;
        }
        let row = report.rows.iter().find(|r| r.group == Group::All && r.measure == spec.id());
        let spread = report
            .distributions
            .iter()
            .find(|d| d.group == Group::All && d.subject == Subject::Measure(spec.id().to_owned()));
        let (shown, bins) = match precision {
            Precision::Now => {
                let Some(stats) = row.and_then(|r| r.stats) else { continue };
                let bins = spread.and_then(|d| d.bins.as_ref()).and_then(|bins| {
                    let counts: Vec<usize> = bins.iter().map(|b| b.count).collect();
                    <[usize; BINS]>::try_from(counts).ok()
                });
                (Shown::Rounded(stats, k), bins)
            }
            Precision::Before => {
                let scores: Vec<f64> = truth.iter().map(|s| scale.score(*s)).collect();
                let nf = n as f64;
                let mean = scores.iter().sum::<f64>() / nf;
                let var = scores.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (nf - 1.0).max(1.0);
                let mut bins = [0usize; BINS];
                for s in &truth {
                    if let Some(b) = bins.get_mut(scale.bin(*s)) {
                        *b = b.saturating_add(1);
                    }
                }
                (Shown::Exact { n, mean, ci: pool::exact_ci(n, mean, var.sqrt()) }, Some(bins))
            }
        };
        let sets = sets_fitting(&scale, &shown, bins);
        let others = truth.iter().map(|own| others_fitting(&scale, &shown, bins, *own)).collect();
        let all_same = truth.windows(2).all(|w| w.first() == w.get(1));
        trials.push(Trial { measure: spec.id().to_owned(), sets, others, all_same });
    }
    trials
}
