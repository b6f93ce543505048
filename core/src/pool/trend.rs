//! Change across rounds, said honestly: the difference of two rounds'
//! means with its 95% interval (Welch), called a clear change only when
//! that interval excludes zero; and the response rate with HSE's guidance.

use super::{shown, t_975, Exact, ExactRow, Group, Stats};
use crate::catalogue::Catalogue;

/// One group's measure in two rounds, both shown; every figure as shown
/// (rounded to the measure's precision, intervals outward).
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub group: Group,
    pub measure: String,
    pub from_round: Option<String>,
    pub to_round: Option<String>,
    pub from: Stats,
    pub to: Stats,
    /// The `to` mean shown minus the `from` mean shown: nothing finer than
    /// the two means beside it (the exact difference, rounded, would pin
    /// both rounds' sums of a small group far more often than the means).
    pub difference: f64,
    /// The difference's 95% interval (Welch), centred on `difference` and
    /// widened by one step of the shown precision each side (the two
    /// means' rounding together moves the difference by at most one step),
    /// then rounded outward: it always holds the exact interval. None when
    /// either round hides its interval (under `detail_from(k)` people or
    /// by the complementary rule), has one person, or neither varies.
    pub ci: Option<(f64, f64)>,
}

/// What a trend says, in words a team reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Increase,
    Decrease,
    /// The difference's 95% interval includes zero (or cannot be made).
    NoClearChange,
}

impl Trend {
    /// True only when the difference's 95% interval as shown excludes
    /// zero; else the page says "no clear change". The shown interval holds
    /// the exact one, so a change called clear is clear by the exact
    /// figures too; near the edge (within a step of the scale) a change
    /// the exact interval would call clear is called "no clear change".
    /// The verdict reads only what is shown, so it gives nothing away.
    pub fn clear(&self) -> bool {
        self.ci.is_some_and(|(lo, hi)| lo > 0.0 || hi < 0.0)
    }

    /// A clear increase or decrease, or no clear change.
    pub fn change(&self) -> Change {
        match (self.clear(), self.difference > 0.0) {
            (true, true) => Change::Increase,
            (true, false) => Change::Decrease,
            (false, _) => Change::NoClearChange,
        }
    }
}

/// The 95% interval of the difference of two means (Welch's t, with the
/// Welch–Satterthwaite degrees of freedom as they come, not whole: the t
/// quantile is exact for any).
pub(crate) fn difference_ci(from: &Exact, to: &Exact) -> Option<(f64, f64)> {
    if from.n < 2 || to.n < 2 {
        return None;
    }
    let (n1, n2) = (from.n as f64, to.n as f64);
    let (v1, v2) = (from.sd * from.sd / n1, to.sd * to.sd / n2);
    let d = to.mean - from.mean;
    let se = (v1 + v2).sqrt();
    // Both rounds without spread: no interval to judge a change by, so
    // never a "clear" one.
    if se == 0.0 {
        return None;
    }
    let df = (v1 + v2).powi(2) / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
    let half = t_975(df) * se;
    Some((d - half, d + half))
}

/// For every group and measure, each pair of neighbouring rounds (in
/// `rounds` order) where both figures are shown.
pub(super) fn trends(rows: &[ExactRow], rounds: &[Option<String>], catalogue: &Catalogue) -> Vec<Trend> {
    let mut keys: Vec<(&Group, &str)> = rows.iter().map(|r| (&r.group, r.measure.as_str())).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for (group, measure) in keys {
        let range = super::range_of(catalogue, measure);
        let shown_rounds: Vec<(&Option<String>, &Exact)> = rounds
            .iter()
            .filter_map(|round| {
                rows.iter()
                    .find(|r| &r.round == round && &r.group == group && r.measure == measure)
                    .and_then(|r| r.exact.as_ref())
                    .map(|s| (round, s))
            })
            .collect();
        for pair in shown_rounds.windows(2) {
            let [from, to] = pair else { continue };
            out.push(between(group, measure, *from, *to, range));
        }
    }
    out
}

/// A group's change in a measure from one round to another, as shown.
pub(super) fn between(
    group: &Group,
    measure: &str,
    (from_round, from): (&Option<String>, &Exact),
    (to_round, to): (&Option<String>, &Exact),
    range: (f64, f64),
) -> Trend {
    let places = shown::places(range);
    let unbounded = (f64::NEG_INFINITY, f64::INFINITY);
    let from_shown = Stats::with_detail(from.n, from.mean, from.sd, range, from.detail);
    let to_shown = Stats::with_detail(to.n, to.mean, to.sd, range, to.detail);
    // Only what the two shown means give: their difference.
    let difference = shown::round(to_shown.mean - from_shown.mean, places);
    let step = shown::step(places);
    Trend {
        group: group.clone(),
        measure: measure.to_owned(),
        from_round: from_round.clone(),
        to_round: to_round.clone(),
        // The difference's interval holds both rounds' spreads: only where
        // both rounds show their intervals.
        ci: (from_shown.ci.is_some() && to_shown.ci.is_some())
            .then(|| difference_ci(from, to))
            .flatten()
            .map(|(lo, hi)| {
                let half = (hi - lo) / 2.0 + step;
                shown::interval((difference - half, difference + half), unbounded, places)
            }),
        from: from_shown,
        to: to_shown,
        difference,
    }
}

/// The largest minimum group a leader may choose for one report.
pub const MAX_MIN_GROUP: usize = 100;

/// The minimum group size a report uses when a leader asks for
/// `requested`: never below the practice's setting (itself never below
/// 3), and at most [`MAX_MIN_GROUP`].
pub fn min_group(requested: usize, practice: u32) -> usize {
    let floor = (practice.max(crate::config::MIN_GROUP_FLOOR) as usize).min(MAX_MIN_GROUP);
    requested.clamp(floor, MAX_MIN_GROUP)
}

/// HSE's guidance on a response rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateGuide {
    /// 50% or less: the figures may not speak for the team.
    Low,
    /// Over 50%: adequate.
    Adequate,
    /// Over 80%: very good.
    VeryGood,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// 0 to 1.
    pub share: f64,
    pub guide: RateGuide,
}

/// The response rate of `responses` files from `asked` people; none when
/// nobody was asked or more files came than people were asked.
pub fn response_rate(responses: usize, asked: usize) -> Option<Rate> {
    if asked == 0 || responses > asked {
        return None;
    }
    let share = responses as f64 / asked as f64;
    let guide = if share > 0.8 {
        RateGuide::VeryGood
    } else if share > 0.5 {
        RateGuide::Adequate
    } else {
        RateGuide::Low
    };
    Some(Rate { share, guide })
}
