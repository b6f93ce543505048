use leptos::html::H1;
use leptos::prelude::*;
use pulse_core::instrument::Method;
use pulse_core::{result_file, scoring, Event};

use super::ScoreCard;
use crate::browser::{current_period, save_text};
use crate::i18n::t;
use crate::state::{use_app, GENERATOR};

/// Each score in plain words, and the result file to keep.
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

    let cards = move || {
        catalogue.with(|c| {
            session.with(|s| {
                s.responses
                    .iter()
                    .filter_map(|r| c.get(&r.key).map(|i| (i, r)))
                    .flat_map(|(instrument, response)| {
                        instrument
                            .scores
                            .iter()
                            .filter(|spec| spec.method != Method::Frequencies)
                            .map(|spec| {
                                let outcome = scoring::score_one(instrument, spec, &response.answers);
                                view! { <ScoreCard spec=spec.clone() outcome=outcome /> }
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect_view()
            })
        })
    };

    let download = move |_| {
        let Some(period) = current_period() else {
            download_error.set(Some(t().download_failed.into()));
            return;
        };
        let record = session.with_untracked(|s| s.record(GENERATOR, period));
        let written = catalogue.with_untracked(|c| result_file::write(&record, c));
        let outcome = written.map_err(|_| ()).and_then(|json| {
            save_text(&format!("practice-pulse-result-{period}.json"), "application/json", &json)
                .map_err(|_| ())
        });
        download_error.set(outcome.err().map(|()| t().download_failed.to_owned()));
    };

    view! {
        <section class="results" aria-labelledby="results-heading">
            <h1 id="results-heading" tabindex="-1" node_ref=heading>{t().results_heading}</h1>
            <div class="results__cards">{cards}</div>
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
