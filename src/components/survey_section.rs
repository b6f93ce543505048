use leptos::html::H1;
use leptos::prelude::*;
use pulse_core::instrument::Kind;
use pulse_core::Event;

use super::{Button, Look, Question};
use crate::browser::focus_id;
use crate::i18n::t;
use crate::state::use_app;

/// The id of a question's fieldset, for focus and for links from the review.
pub fn question_id(section: usize, item: usize) -> String {
    format!("question-{section}-{item}")
}

/// One instrument's questions, with its own instruction and time frame:
/// the whole section on a wide screen, one question at a time on a narrow one.
#[component]
pub fn SurveySection(
    /// Position of this section in the session.
    index: usize,
) -> impl IntoView {
    let app = use_app();
    let session = app.session;
    let narrow = app.narrow;
    let (key, sections) = session.with_untracked(|s| (s.responses()[index].key.clone(), s.responses().len()));
    let instrument = app
        .catalogue
        .with_untracked(|c| c.get(&key).cloned())
        .expect("sessions are built from the catalogue, which never drops an instrument");
    let items = instrument.items().len();
    let cursor = Memo::new(move |_| session.with(|s| s.cursor().min(items.saturating_sub(1))));
    let heading = NodeRef::<H1>::new();

    // Focus tells a screen reader where it is: the heading on entering a
    // section at its start, else the question shown (one-at-a-time, or a
    // question reached from the review). Effects sync with the DOM only.
    let entered = StoredValue::new(false);
    Effect::new(move |_| {
        let at = cursor.get();
        let one_at_a_time = narrow.get();
        if !entered.get_value() {
            entered.set_value(true);
            if at == 0 {
                if let Some(h) = heading.get_untracked() {
                    crate::browser::focus_element(&h);
                }
                crate::browser::ask_host_to_show_top();
                return;
            }
        } else if !one_at_a_time {
            return;
        }
        focus_id(&question_id(index, at));
    });

    // Every question is built once; on a narrow screen all but the current
    // one are hidden (rebuilding one fieldset in place for each question
    // would let radio states leak between questions).
    let questions = instrument
        .items()
        .iter()
        .enumerate()
        .map(|(item_index, item)| {
            let selected = Memo::new(move |_| session.with(|s| s.responses()[index].answers[item_index]));
            let on_select = Callback::new(move |value: i32| {
                session.update(|s| s.apply(Event::Answer { section: index, item: item_index, value }))
            });
            let hidden = Signal::derive(move || narrow.get() && cursor.get() != item_index);
            // Where the answers differ from the question before (the core
            // decides from the definition), say so before the question.
            let change = instrument.answers_change_at(item_index).then(|| {
                let first = item.options().first().map_or("", |c| c.label.as_str());
                let last = item.options().last().map_or("", |c| c.label.as_str());
                (t().answers_change)(first, last)
            });
            view! {
                <Question
                    id=question_id(index, item_index)
                    group=format!("{}-{}", instrument.key().id, item.id())
                    item=item.clone()
                    number=item_index + 1
                    hidden=hidden
                    selected=selected
                    on_select=on_select
                    change=change
                />
            }
        })
        .collect_view();
    let position = move || narrow.get().then(|| (t().question_of)(cursor.get() + 1, items));
    let back = Callback::new(move |()| {
        session.update(|s| s.apply(if narrow.get_untracked() { Event::BackQuestion } else { Event::Back }))
    });
    let next = Callback::new(move |()| {
        session.update(|s| s.apply(if narrow.get_untracked() { Event::NextQuestion } else { Event::Next }))
    });
    let leads_to_end = move || index + 1 == sections && (!narrow.get() || cursor.get() + 1 == items);

    view! {
        <section class="survey-section" aria-labelledby="section-heading">
            <h1 id="section-heading" tabindex="-1" node_ref=heading>{instrument.title().to_owned()}</h1>
            {match instrument.kind() {
                Kind::ValidatedScale => None,
                Kind::Descriptive => Some(t().not_validated),
                Kind::PracticeOwn => Some(t().practice_own),
            }
            .map(|text| view! { <p class="notice">{text}</p> })}
            <p class="survey-section__instruction">{instrument.instruction().to_owned()}</p>
            {instrument.time_frame().map(str::to_owned).map(|tf| view! { <p class="survey-section__time-frame">{tf}</p> })}
            <p class="survey-section__position">{position}</p>
            <div class="survey-section__questions">{questions}</div>
            <div class="survey-section__nav">
                <Button label=t().back on_press=back />
                <Button
                    label=Signal::derive(move || if leads_to_end() { t().see_results } else { t().next }.to_owned())
                    look=Look::Primary
                    on_press=next
                />
            </div>
        </section>
    }
}
