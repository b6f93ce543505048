use leptos::prelude::*;
use pulse_core::scoring::plain;

use crate::i18n::t;

const WIDTH: f64 = 320.0;
const PAD: f64 = 16.0;

/// A score as a point on its range: a small picture with a text alternative
/// that says the same as the sentence beside it.
#[component]
pub fn ScoreLine(
    /// The score's name, for the text alternative.
    title: String,
    /// The score.
    value: f64,
    /// Lowest and highest possible score.
    range: (f64, f64),
    /// The score as printed beside the line.
    shown: String,
) -> impl IntoView {
    let (lo, hi) = range;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = move |v: f64| PAD + (v - lo) / span * (WIDTH - 2.0 * PAD);
    let label = (t().chart_label)(&title, &shown, &plain(lo), &plain(hi));
    view! {
        <svg class="score-line" viewBox=format!("0 0 {WIDTH} 48") role="img" aria-label=label>
            <line class="score-line__axis" x1=x(lo) y1="20" x2=x(hi) y2="20" />
            <line class="score-line__tick" x1=x(lo) y1="14" x2=x(lo) y2="26" />
            <line class="score-line__tick" x1=x(hi) y1="14" x2=x(hi) y2="26" />
            <text class="score-line__end" x=x(lo) y="44" text-anchor="middle">{plain(lo)}</text>
            <text class="score-line__end" x=x(hi) y="44" text-anchor="middle">{plain(hi)}</text>
            <circle class="score-line__marker" cx=x(value) cy="20" r="8" />
        </svg>
    }
}
