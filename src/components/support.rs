use leptos::prelude::*;

use crate::i18n::t;
use crate::state::use_app;

/// Where to get support: sensible defaults for NHS staff, and the
/// practice's own contact from its configuration file (never from the page
/// address, so no link can put a stranger's number here).
#[component]
pub fn Support() -> impl IntoView {
    let config = use_app().config;
    let practice = move || {
        config.with(|c| c.contact.clone()).map(|contact| {
            let reach = match contact.link {
                Some(link) => leptos::either::Either::Left(view! { <a href=link>{contact.text}</a> }),
                None => leptos::either::Either::Right(contact.text),
            };
            view! { <li><strong>{t().support_practice}": "</strong>{reach}</li> }
        })
    };
    let defaults = t()
        .support
        .iter()
        .map(|(name, detail)| view! { <li><strong>{*name}": "</strong>{*detail}</li> })
        .collect_view();
    // The practice's own words from its action plan (practice.json), never
    // anything computed from others' answers.
    let plan = move || {
        config.with(|c| c.plan_summary.clone()).map(|line| {
            view! { <p class="support__plan">{t().support_plan}" "{line}</p> }
        })
    };
    view! {
        <section class="support" aria-labelledby="support-heading">
            <h2 id="support-heading">{t().support_heading}</h2>
            <ul class="support__list">{practice}{defaults}</ul>
            {plan}
        </section>
    }
}
