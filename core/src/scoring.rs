//! Scoring exactly as each instrument's authors publish it. The rules live
//! in the definitions; this module only knows the few methods they use.

use crate::instrument::{Band, Instrument, Item, Method, ScoreSpec};

/// One person's answers to one instrument: the chosen option value for each
/// item, by the item's position in [`Instrument::items`]; `None` is skipped.
pub type Answers = [Option<i32>];

/// What a score came to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    Score(f64),
    /// Fewer items answered than the missing-data rule needs.
    NotEnough {
        answered: usize,
        needed: usize,
    },
    /// Descriptive modules are reported as answers, never as a score.
    Descriptive,
}

impl Outcome {
    pub fn value(self) -> Option<f64> {
        match self {
            Outcome::Score(v) => Some(v),
            _ => None,
        }
    }
}

/// The value an item contributes to a score: reverse-keyed items count from
/// the other end of their own option range (Edmondson: 8 − x on 1–7; CBI:
/// 100 − x on 0–100; HSE: 6 − x on 1–5).
/// Computed in `i64`, so no option values can overflow it.
pub fn keyed_value(item: &Item, value: i32) -> i64 {
    let value = i64::from(value);
    if item.reverse {
        let (lo, hi) = item.value_range();
        // |lo|, |hi|, |value| < 2³¹, so neither step can overflow an i64.
        i64::from(lo).saturating_add(i64::from(hi)).saturating_sub(value)
    } else {
        value
    }
}

/// Scores one score of an instrument.
pub fn score_one(instrument: &Instrument, spec: &ScoreSpec, answers: &Answers) -> Outcome {
    if spec.method == Method::Frequencies {
        return Outcome::Descriptive;
    }
    // Integers summed exactly, divided once: the same answers always give the
    // same bits, so a score written to a file can be checked on reading.
    // Saturating steps never saturate within the documented limits
    // (limits.rs); they only make overflow impossible whatever the input.
    let (sum, answered) = parts(instrument, spec, answers);
    if answered < spec.min_answered || answered == 0 {
        return Outcome::NotEnough { answered, needed: spec.min_answered.max(1) };
    }
    match spec.method {
        Method::Mean => Outcome::Score(sum as f64 / answered as f64),
        Method::Sum { multiplier } => Outcome::Score(sum.saturating_mul(i64::from(multiplier)) as f64),
        Method::Frequencies => Outcome::Descriptive,
    }
}

fn parts(instrument: &Instrument, spec: &ScoreSpec, answers: &Answers) -> (i64, usize) {
    let mut sum: i64 = 0;
    let mut answered: usize = 0;
    for &position in &spec.items {
        if let (Some(Some(value)), Some(item)) = (answers.get(position), instrument.items.get(position)) {
            sum = sum.saturating_add(keyed_value(item, *value));
            answered = answered.saturating_add(1);
        }
    }
    (sum, answered)
}

/// A numeric score's keyed item sum and number of items answered, when the
/// missing-data rule lets it be scored (the whole numbers behind
/// [`score_one`]'s value, for the two-holder encoding).
pub(crate) fn score_parts(
    instrument: &Instrument,
    spec: &ScoreSpec,
    answers: &Answers,
) -> Option<(i64, usize)> {
    if spec.method == Method::Frequencies {
        return None;
    }
    let (sum, answered) = parts(instrument, spec, answers);
    (answered >= spec.min_answered && answered > 0).then_some((sum, answered))
}

/// Every score of an instrument, in definition order.
pub fn score_all<'a>(instrument: &'a Instrument, answers: &Answers) -> Vec<(&'a ScoreSpec, Outcome)> {
    instrument.scores.iter().map(|spec| (spec, score_one(instrument, spec, answers))).collect()
}

/// The band a score falls in, where the definition has validated bands.
pub fn band(spec: &ScoreSpec, outcome: Outcome) -> Option<&Band> {
    let value = outcome.value()?;
    spec.bands.as_ref()?.find(value)
}

/// A descriptive score as a person reads it back: each item's text with
/// the label of the answer given (`None` when skipped).
pub fn told<'a>(
    instrument: &'a Instrument,
    spec: &ScoreSpec,
    answers: &Answers,
) -> Vec<(&'a str, Option<&'a str>)> {
    spec.items
        .iter()
        .filter_map(|&p| {
            let item = instrument.items.get(p)?;
            let label =
                answers.get(p).copied().flatten().and_then(|v| item.option(v)).map(|c| c.label.as_str());
            Some((item.text.as_str(), label))
        })
        .collect()
}

/// How many of a score's items are answered.
pub fn answered_count(spec: &ScoreSpec, answers: &Answers) -> usize {
    spec.items.iter().filter(|&&p| matches!(answers.get(p), Some(Some(_)))).count()
}

/// A score as people read it: a mean to one decimal place (finer would
/// claim a precision the scales do not have), anything else as [`plain`].
pub fn display(value: f64, method: Method) -> String {
    match method {
        Method::Mean => one_decimal(value),
        _ => plain(value),
    }
}

/// A whole number without decimals (range ends, sums); else one decimal.
pub fn plain(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        one_decimal(value)
    }
}

/// A share (0 to 1) as a percentage to one decimal place at most, as
/// people read it: 0.6 → "60", 0.1234 → "12.3".
pub fn percent(share: f64) -> String {
    // Rounded to tenths first, so 0.7 (70.00000000000001 %) reads "70".
    plain((share * 1000.0).round() / 10.0)
}

/// One decimal place, a tie rounded half away from zero as people expect
/// (56.25 → 56.3, 5.25 → 5.3), not to even as Rust's formatting does.
/// A tie is a value within a hair of x.x5: scores are ratios of whole
/// numbers, and one like 7/20 = 0.35 is stored a hair below its true value.
pub fn one_decimal(value: f64) -> String {
    let tenths = value * 10.0;
    let whole = tenths.trunc();
    let rounded =
        if ((tenths - whole).abs() - 0.5).abs() < 1e-9 { whole + tenths.signum() } else { tenths.round() };
    // No "-0.0": a score that rounds to nothing has no sign.
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{:.1}", rounded / 10.0)
}
