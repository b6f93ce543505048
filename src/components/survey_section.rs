use leptos::html::H1;
use leptos::prelude::*;
use pulse_core::Event;

use super::Question;
use crate::i18n::t;
use crate::state::use_app;

/// One instrument's questions, with its own instruction and time frame.
#[component]
pub fn SurveySection(
    /// Position of this section in the session.
    index: usize,
) -> impl IntoView {
    let app = use_app();
    let session = app.session;
    let (key, sections) = session.with_untracked(|s| (s.responses[index].key.clone(), s.responses.len()));
    let instrument = app
        .catalogue
        .with_untracked(|c| c.get(&key).cloned())
        .expect("sessions are built from the catalogue, which never drops an instrument");
    let progress = Memo::new(move |_| session.with(|s| s.progress()));
    let heading = NodeRef::<H1>::new();
    // Moving focus to the new section's heading tells a screen reader where
    // it is; this syncs with the DOM, the only thing effects are for.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let is_last = index + 1 == sections;
    let questions = instrument
        .items
        .iter()
        .enumerate()
        .map(|(item_index, item)| {
            let selected = Memo::new(move |_| session.with(|s| s.responses[index].answers[item_index]));
            let on_select = Callback::new(move |value: i32| {
                session.update(|s| s.apply(Event::Answer { section: index, item: item_index, value }))
            });
            view! {
                <Question
                    item=item.clone()
                    number=item_index + 1
                    group=format!("{}-{}", instrument.key.id, item.id)
                    selected=selected
                    on_select=on_select
                />
            }
        })
        .collect_view();

    view! {
        <section class="survey-section" aria-labelledby="section-heading">
            <h1 id="section-heading" tabindex="-1" node_ref=heading>{instrument.title.clone()}</h1>
            <p class="survey-section__progress" role="status">
                {move || {
                    let (answered, items) = progress.get();
                    (t().progress)(index + 1, sections, answered, items)
                }}
            </p>
            {(!instrument.validated).then(|| view! { <p class="notice">{t().not_validated}</p> })}
            <p class="survey-section__instruction">{instrument.instruction.clone()}</p>
            {instrument.time_frame.clone().map(|tf| view! { <p class="survey-section__time-frame">{tf}</p> })}
            <div class="survey-section__questions">{questions}</div>
            <div class="survey-section__nav">
                <button type="button" class="button" on:click=move |_| session.update(|s| s.apply(Event::Back))>
                    {t().back}
                </button>
                <button type="button" class="button button--primary" on:click=move |_| session.update(|s| s.apply(Event::Next))>
                    {if is_last { t().see_results } else { t().next }}
                </button>
            </div>
        </section>
    }
}
