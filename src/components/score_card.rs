use leptos::either::EitherOf3;
use leptos::prelude::*;
use pulse_core::instrument::{Direction, ScoreSpec};
use pulse_core::scoring::{band, display, plain};
use pulse_core::Outcome;

use super::ScoreLine;
use crate::i18n::t;

/// One score in plain words: the number on its own range, its band where a
/// validated one exists, or why there is no score.
#[component]
pub fn ScoreCard(
    /// The score's definition.
    spec: ScoreSpec,
    /// What the person's answers gave.
    outcome: Outcome,
    /// Whether the card shows its own title (not when it is its
    /// instrument's only score, which the instrument's heading titles).
    titled: bool,
) -> impl IntoView {
    let (lo, hi) = (plain(spec.range().0), plain(spec.range().1));
    let body = match outcome {
        Outcome::Score(value) => {
            let shown = display(value, spec.method());
            let direction = match spec.direction() {
                Direction::HigherIsBetter => Some(t().higher_is_better),
                Direction::HigherIsWorse => Some(t().higher_is_worse),
                Direction::Neither => None,
            };
            // No band: the results say once, above the cards, why not.
            let reading = match (band(&spec, outcome), &spec.bands()) {
                (Some(b), Some(bands)) => Some(view! {
                    <p class="score-card__band"><strong>{b.label.clone()}</strong>": "{b.meaning.clone()}</p>
                    <details class="score-card__source">
                        <summary>{t().sources_heading}</summary>
                        <p>{t().band_source}" "{bands.source.clone()}</p>
                    </details>
                }),
                _ => None,
            };
            EitherOf3::A(view! {
                <p class="score-card__value">{(t().score_sentence)(&shown, &lo, &hi)}</p>
                <ScoreLine title=spec.title().to_owned() value=value range=spec.range() shown=shown.clone() />
                {direction.map(|d| view! { <p>{d}</p> })}
                {reading}
            })
        }
        Outcome::NotEnough { answered, needed } => {
            EitherOf3::B(view! { <p class="score-card__missing">{(t().not_enough)(answered, needed)}</p> })
        }
        Outcome::Descriptive => EitherOf3::C(()),
    };
    view! {
        // Named by its score's title even when the title is not shown.
        <article class="card score-card" aria-label=spec.title().to_owned()>
            {titled.then(|| view! { <h3 class="score-card__title">{spec.title().to_owned()}</h3> })}
            <p class="score-card__about">{spec.about().to_owned()}</p>
            {body}
        </article>
    }
}
