use leptos::prelude::*;
use pulse_core::Event;

use crate::i18n::t;
use crate::state::use_app;

/// What this is, the anonymity promise, and Start.
#[component]
pub fn Welcome() -> impl IntoView {
    let session = use_app().session;
    view! {
        <section class="welcome" aria-labelledby="welcome-heading">
            <h1 id="welcome-heading">{t().welcome_heading}</h1>
            <p>{t().welcome_intro}</p>
            <h2>{t().privacy_heading}</h2>
            <p>{t().privacy_nothing_leaves}</p>
            <p>{t().privacy_kept}</p>
            <button type="button" class="button button--primary" on:click=move |_| session.update(|s| s.apply(Event::Start))>
                {t().start}
            </button>
        </section>
    }
}
