use leptos::prelude::*;

use crate::i18n::t;
use crate::state::use_app;

/// Where to get support: sensible defaults for NHS staff, and the
/// practice's own contact when the page address configures one.
#[component]
pub fn Support() -> impl IntoView {
    let config = use_app().config.get_value();
    let practice = config.contact.map(|contact| {
        let reach = match config.contact_link {
            Some(link) => leptos::either::Either::Left(view! { <a href=link.clone()>{contact}</a> }),
            None => leptos::either::Either::Right(contact),
        };
        view! { <li><strong>{t().support_practice}": "</strong>{reach}</li> }
    });
    let defaults = t()
        .support
        .iter()
        .map(|(name, detail)| view! { <li><strong>{*name}": "</strong>{*detail}</li> })
        .collect_view();
    view! {
        <section class="support" aria-labelledby="support-heading">
            <h2 id="support-heading">{t().support_heading}</h2>
            <ul class="support__list">{practice}{defaults}</ul>
        </section>
    }
}
