use leptos::either::Either;
use leptos::html::H1;
use leptos::prelude::*;
use pulse_core::instrument::{Instrument, Method};
use pulse_core::{result_file, scoring, Event};

use super::{ScoreCard, ToldUs};
use crate::browser::{current_period, save_text};
use crate::i18n::t;
use crate::state::{use_app, GENERATOR};

/// Each instrument's scores in plain words (or, for descriptive modules,
/// what the person told us), and the result file to keep.
#[component]
pub fn Results() -> impl IntoView {
    let app = use_app();
    let session = app.session;
    let catalogue = app.catalogue;
    let download_error = RwSignal::new(None::<String>);
    let heading = NodeRef::<H1>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });

    let sections = move || {
        catalogue.with(|c| {
            session.with(|s| {
                s.responses
                    .iter()
                    .filter_map(|r| c.get(&r.key).map(|i| instrument_results(i, &r.answers)))
                    .collect_view()
            })
        })
    };

    let download = move |_| {
        let saved = current_period().ok_or(()).and_then(|period| {
            let record = session.with_untracked(|s| s.record(GENERATOR, period));
            let json = catalogue.with_untracked(|c| result_file::write(&record, c)).map_err(|_| ())?;
            save_text(&format!("practice-pulse-result-{period}.json"), "application/json", &json)
                .map_err(|_| ())
        });
        download_error.set(saved.err().map(|()| t().download_failed.to_owned()));
    };

    view! {
        <section class="results" aria-labelledby="results-heading">
            <h1 id="results-heading" tabindex="-1" node_ref=heading>{t().results_heading}</h1>
            <div class="results__sections">{sections}</div>
            <div class="results__actions">
                <button type="button" class="button button--primary" on:click=download>
                    {t().download_result}
                </button>
                <button type="button" class="button" on:click=move |_| session.update(|s| s.apply(Event::Back))>
                    {t().back}
                </button>
                <button type="button" class="button" on:click=move |_| session.update(|s| s.apply(Event::Restart))>
                    {t().start_again}
                </button>
            </div>
            <p role="alert" class="results__error">{move || download_error.get()}</p>
        </section>
    }
}

/// One instrument's part of the results: a card per score.
fn instrument_results(instrument: &Instrument, answers: &[Option<i32>]) -> impl IntoView {
    let cards = instrument
        .scores
        .iter()
        .map(|spec| {
            if spec.method == Method::Frequencies {
                let told = spec
                    .items
                    .iter()
                    .map(|&p| {
                        let item = &instrument.items[p];
                        let label = answers[p].and_then(|v| item.option(v)).map(|c| c.label.clone());
                        (item.text.clone(), label)
                    })
                    .collect();
                Either::Left(view! { <ToldUs title=spec.title.clone() answers=told /> })
            } else {
                let outcome = scoring::score_one(instrument, spec, answers);
                Either::Right(view! { <ScoreCard spec=spec.clone() outcome=outcome /> })
            }
        })
        .collect_view();
    view! {
        <section class="results__instrument">
            <h2>{instrument.title.clone()}</h2>
            {cards}
        </section>
    }
}
