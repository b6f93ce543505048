use leptos::either::Either;
use leptos::prelude::*;
use pulse_core::care::{Service, SERVICES};
use pulse_core::config::Contact;
use pulse_core::instrument::Concern;

use crate::i18n::t;
use crate::state::use_app;

/// The element the "Where to get support" link at the top of the results
/// leads to.
pub const SUPPORT_ID: &str = "support";

/// Where to get support: the practice's own contact from its configuration
/// file (never from the page address, so no link can put a stranger's
/// number here), the GP, and the national services from the core's data,
/// each number a `tel:` link, a text service an `sms:` link, each service's
/// page a link, and where each was checked in a disclosure. When a score
/// is in a concern band, the results show this first, with a few words
/// that say why.
#[component]
pub fn Support(
    /// The strongest concern among the person's scores, if any.
    concern: Option<Concern>,
) -> impl IntoView {
    let config = use_app().config;
    let practice = move || {
        config.with(|c| c.contact.clone()).map(|contact| {
            view! {
                <li><strong>{t().support_practice}": "</strong>{contact_view(contact)}</li>
            }
        })
    };
    let (gp, gp_about) = t().support_gp;
    let services = SERVICES.iter().map(service).collect_view();
    let sources = SERVICES
        .iter()
        .map(|s| view! { <li>{s.name}": "{(t().support_checked)(s.source, s.checked)}</li> })
        .collect_view();
    // The practice's own words from its action plan (practice.json), never
    // anything computed from others' answers.
    let plan = move || {
        config.with(|c| c.plan_summary.clone()).map(|line| {
            view! { <p class="support__plan">{t().support_plan}" "{line}</p> }
        })
    };
    let lead = concern.map(|c| {
        let text = match c {
            Concern::Raised => t().support_first_raised,
            Concern::Strong => t().support_first_strong,
        };
        view! { <p class="support__lead">{text}</p> }
    });
    view! {
        <section
            class="support"
            class:support--first=concern.is_some()
            id=SUPPORT_ID
            tabindex="-1"
            aria-labelledby="support-heading"
        >
            <h2 id="support-heading">{t().support_heading}</h2>
            {lead}
            <ul class="support__list">
                {practice}
                <li><strong>{gp}": "</strong>{gp_about}</li>
                {services}
            </ul>
            <details class="support__sources">
                <summary>{t().support_sources}</summary>
                <ul>{sources}</ul>
            </details>
            {plan}
        </section>
    }
}

/// A practice's contact: a link when it gives one.
pub fn contact_view(contact: Contact) -> impl IntoView {
    match contact.link {
        Some(link) => Either::Left(view! { <a href=link>{contact.text}</a> }),
        None => Either::Right(contact.text),
    }
}

/// One national service: what it is, how to reach it, its page.
fn service(s: &Service) -> impl IntoView {
    let call =
        s.tel().zip(s.phone).map(|(href, number)| view! { " "<a href=href>{(t().call)(number)}</a>"." });
    let text = s.sms().zip(s.text).map(|(href, (word, number))| {
        view! { " "<a href=href>{(t().text_to)(word, number)}</a>"." }
    });
    let host = s.page.trim_start_matches("https://").trim_start_matches("www.");
    let host = host.split('/').next().unwrap_or(host).to_owned();
    view! {
        <li>
            <strong>{s.name}": "</strong>{s.about}{call}{text}" "<a href=s.page>{host}</a>
        </li>
    }
}
