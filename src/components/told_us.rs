use leptos::prelude::*;

use crate::i18n::t;

/// A descriptive score: what the person answered, item by item, never a
/// number.
#[component]
pub fn ToldUs(
    /// The score's title: the card's name, and shown unless the
    /// instrument's heading already is its title.
    title: String,
    /// Whether the title is shown.
    titled: bool,
    /// Each item's text with the label of the answer given, if any.
    answers: Vec<(String, Option<String>)>,
) -> impl IntoView {
    let rows = answers
        .into_iter()
        .map(|(text, label)| {
            view! {
                <dt>{text}</dt>
                <dd>{label.unwrap_or_else(|| t().not_answered_yet.to_owned())}</dd>
            }
        })
        .collect_view();
    view! {
        <article class="card told-us" aria-label=title.clone()>
            {titled.then(|| view! { <h3 class="told-us__title">{title.clone()}</h3> })}
            <dl class="told-us__list">{rows}</dl>
        </article>
    }
}
