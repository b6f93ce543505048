use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::catalogue::{AddError, DEFAULT_SET};
use pulse_core::instrument::{Instrument, Kind};
use pulse_core::limits::MAX_DEFINITION_BYTES;
use pulse_core::{Event, InstrumentKey, Response};

use crate::browser::{picked_files, Chosen};
use crate::i18n::t;
use crate::state::{use_app, AppCtx};

/// What became of the last definition file a leader chose.
#[derive(Debug, Clone, PartialEq)]
enum AddOutcome {
    Nothing,
    Added { title: String },
    Refused { message: String, faults: Vec<String> },
}

/// Every questionnaire with its source and licence; optional modules and a
/// leader's own can be switched on; a definition file can be added.
#[component]
pub fn Questionnaires() -> impl IntoView {
    let app = use_app();
    let added = RwSignal::new(AddOutcome::Nothing);

    let on_file = move |ev: leptos::ev::Event| {
        let Some(picked) = picked_files(&ev) else { return };
        spawn_local(async move {
            for chosen in picked.read(MAX_DEFINITION_BYTES).await {
                added.set(add_definition(app, chosen));
            }
        });
    };

    let cards = move || {
        app.catalogue
            .with(|c| c.latest_versions().into_iter().map(|i| instrument_card(app, i)).collect_view())
    };

    view! {
        <section class="questionnaires" aria-labelledby="questionnaires-heading">
            <h1 id="questionnaires-heading">{t().questionnaires_heading}</h1>
            <p>{t().questionnaires_intro}</p>
            <div class="questionnaires__list">{cards}</div>
            <h2>{t().add_own_heading}</h2>
            <p>{t().add_own_intro}</p>
            <div class="questionnaires__picker">
                <label for="own-definition" class="questionnaires__label">{t().add_own_label}</label>
                <input id="own-definition" class="questionnaires__input" type="file" accept=".json,application/json" on:change=on_file />
            </div>
            <p role="status" class="questionnaires__added">
                {move || match added.get() {
                    AddOutcome::Added { title } => (t().own_added)(&title),
                    _ => String::new(),
                }}
            </p>
            <div role="alert" class="questionnaires__refused">
                {move || match added.get() {
                    AddOutcome::Refused { message, faults } => Either::Left(view! {
                        <h3>{t().own_rejected_heading}</h3>
                        <p>{message}</p>
                        <ul>{faults.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                    }),
                    _ => Either::Right(()),
                }}
            </div>
        </section>
    }
}

/// Validates and adds one chosen definition file; a valid one is switched on.
fn add_definition(app: AppCtx, chosen: Chosen) -> AddOutcome {
    let (name, bytes) = match chosen.into_bytes() {
        Ok(named) => named,
        Err(refused) => {
            return AddOutcome::Refused {
                message: format!("{} {}", refused.file_name, t().own_not_text),
                faults: Vec::new(),
            }
        }
    };
    let mut result = None;
    app.catalogue.update(|c| {
        result = Some(c.add_definition_bytes(&name, &bytes).map(|i| (i.key().clone(), i.title().to_owned())));
    });
    match result {
        Some(Ok((key, title))) => {
            set_included(app, &key, true);
            AddOutcome::Added { title }
        }
        Some(Err(AddError::Invalid(rejected))) => AddOutcome::Refused {
            message: format!("{} is not a usable instrument definition:", rejected.file_name),
            faults: rejected.faults.iter().map(ToString::to_string).collect(),
        },
        Some(Err(clash)) => AddOutcome::Refused { message: format!("{name}: {clash}"), faults: Vec::new() },
        None => AddOutcome::Nothing,
    }
}

/// Switches one instrument on or off in the survey, keeping the answers
/// given to every section that stays.
fn set_included(app: AppCtx, key: &InstrumentKey, on: bool) {
    let mut extras: Vec<InstrumentKey> =
        app.session.with_untracked(|s| s.responses().iter().map(|r| r.key.clone()).collect());
    extras.retain(|k| k != key);
    if on {
        extras.push(key.clone());
    }
    let sections: Vec<Response> = app
        .catalogue
        .with_untracked(|c| c.survey_sections(&extras).into_iter().map(Response::empty).collect());
    app.session.update(|s| s.apply(Event::SetSections(sections)));
}

fn instrument_card(app: AppCtx, instrument: &Instrument) -> impl IntoView {
    let key = instrument.key().clone();
    let always = DEFAULT_SET.contains(&key.id.as_str());
    let included = {
        let key = key.clone();
        Memo::new(move |_| app.session.with(|s| s.responses().iter().any(|r| r.key == key)))
    };
    let choice = if always {
        Either::Left(view! { <p class="instrument-card__always">{t().always_included}</p> })
    } else {
        let label = (t().include_in_survey)(instrument.title());
        Either::Right(view! {
            <label class="check-row instrument-card__include">
                <input
                    type="checkbox"
                    prop:checked=move || included.get()
                    on:change=move |ev| set_included(app, &key, event_target_checked(&ev))
                />
                <span>{label}</span>
            </label>
        })
    };
    let kind = match instrument.kind() {
        Kind::ValidatedScale => t().validated_scale,
        Kind::Descriptive => t().descriptive_module,
        Kind::PracticeOwn => t().practice_own,
    };
    let notes = instrument.notes().iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view();
    view! {
        <article class="card instrument-card">
            <h2 class="instrument-card__title">{instrument.title().to_owned()}</h2>
            <p>{instrument.description().to_owned()}</p>
            <p class="instrument-card__facts">
                {(t().question_count)(instrument.items().len())}" · "{(t().version)(instrument.key().version)}
            </p>
            <p>{kind}</p>
            {choice}
            <details class="instrument-card__details">
                <summary>{t().notes_heading}</summary>
                <p>{t().source}" "{instrument.citation().to_owned()}</p>
                <p>{t().licence}" "{instrument.licence().text.clone()}</p>
                <ul>{notes}</ul>
            </details>
        </article>
    }
}
