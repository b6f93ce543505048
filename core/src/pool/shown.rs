//! The precision every shared report shows a figure at: what a person
//! reads on the measure's scale (whole numbers on a wide one such as 0–100,
//! one decimal on a narrow one such as 1–7), and no finer. Finer figures
//! let a colleague work out the scores behind them: an unrounded mean
//! gives the group's sum, an unrounded interval its standard deviation,
//! and with the spread in fifths a small group's scores often follow
//! (`core/tests/disclosure.rs` plays that colleague). Intervals are
//! clamped to the scale, then rounded outward, so a shown interval never
//! claims more certainty than the exact one.
//!
//! Exact figures stay with whoever holds the files (`pulse export`).

/// Within this of a rounding boundary, a figure counts as on it: scores are
/// ratios of whole numbers, and sums of them carry float error.
const HAIR: f64 = 1e-9;

/// Decimals shown on a scale from `range.0` to `range.1`: none when it
/// spans more than 10 points (0–100), else one (1–7, 1–5).
pub fn places(range: (f64, f64)) -> u8 {
    if range.1 - range.0 > 10.0 {
        0
    } else {
        1
    }
}

fn scale(places: u8) -> f64 {
    10f64.powi(i32::from(places))
}

/// One step at `places` decimals (1 at none, 0.1 at one).
pub fn step(places: u8) -> f64 {
    1.0 / scale(places)
}

/// `x` rounded to `places` decimals, a tie half away from zero.
pub fn round(x: f64, places: u8) -> f64 {
    let scaled = x * scale(places);
    let whole = scaled.trunc();
    let rounded =
        if ((scaled - whole).abs() - 0.5).abs() < HAIR { whole + scaled.signum() } else { scaled.round() };
    tidy(rounded / scale(places))
}

/// `x` rounded down to `places` decimals (a value a hair below a step is on it).
pub fn down(x: f64, places: u8) -> f64 {
    tidy((x * scale(places) + HAIR).floor() / scale(places))
}

/// `x` rounded up to `places` decimals (a value a hair above a step is on it).
pub fn up(x: f64, places: u8) -> f64 {
    tidy((x * scale(places) - HAIR).ceil() / scale(places))
}

/// No "-0": a figure that rounds to nothing has no sign.
fn tidy(x: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x
    }
}

/// A rounded figure as text, with exactly `places` decimals.
pub fn figure(x: f64, places: u8) -> String {
    format!("{:.*}", usize::from(places), tidy(x))
}

/// An interval as shown: clamped to the scale `range`, rounded outward.
pub fn interval((lo, hi): (f64, f64), range: (f64, f64), places: u8) -> (f64, f64) {
    (down(lo.max(range.0), places), up(hi.min(range.1), places))
}
