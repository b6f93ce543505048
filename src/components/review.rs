use leptos::html::H1;
use leptos::prelude::*;
use pulse_core::Event;

use super::{Button, Look};
use crate::i18n::t;
use crate::state::use_app;

/// Before the results: what is unanswered, with a way back to each
/// question, and which scores would be missing without it.
#[component]
pub fn Review() -> impl IntoView {
    let app = use_app();
    let session = app.session;
    let heading = NodeRef::<H1>::new();
    super::focus_heading_when_shown(heading);
    let unanswered = Memo::new(move |_| {
        session.with(|s| {
            let (answered, items) = s.progress();
            items - answered
        })
    });

    let sections = move || {
        app.catalogue.with(|c| {
            session.with(|s| {
                s.review(c)
                    .into_iter()
                    .map(|part| {
                        let section = part.section;
                        let links = part
                            .unanswered
                            .iter()
                            .map(|&item| {
                                let text = (t().review_go_to)(item + 1, part.instrument.items()[item].text());
                                view! {
                                    <li>
                                        <Button label=text look=Look::Link on_press=Callback::new(move |()| {
                                            session.update(|s| s.apply(Event::GoTo { section, item }))
                                        }) />
                                    </li>
                                }
                            })
                            .collect_view();
                        let missing = (!part.missing_scores.is_empty()).then(|| {
                            let list = part.missing_scores.join(", ");
                            view! { <p class="review__missing">{t().review_missing_scores}" "<strong>{list}</strong></p> }
                        });
                        view! {
                            <section class="review__section">
                                <h2>{part.instrument.title().to_owned()}</h2>
                                {missing}
                                <p>{t().review_unanswered}</p>
                                <ul class="review__links">{links}</ul>
                            </section>
                        }
                    })
                    .collect_view()
            })
        })
    };

    view! {
        <section class="review" aria-labelledby="review-heading">
            <h1 id="review-heading" tabindex="-1" node_ref=heading>{t().review_heading}</h1>
            <p>{move || (t().review_intro)(unanswered.get())}</p>
            {sections}
            <div class="review__actions">
                <Button label=t().back on_press=Callback::new(move |()| session.update(|s| s.apply(Event::Back))) />
                <Button label=t().see_results look=Look::Primary on_press=Callback::new(move |()| session.update(|s| s.apply(Event::Next))) />
            </div>
        </section>
    }
}
