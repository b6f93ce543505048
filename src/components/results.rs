use leptos::either::Either;
use leptos::html::H1;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::instrument::{Instrument, Method};
use pulse_core::result_file::{ResponseId, ResultRecord};
use pulse_core::session::Device;
use pulse_core::{care, hand_in, result_file, scoring, Event, Outcome, Period};

use super::clear_answers::clear_answers;
use super::support::{contact_view, SUPPORT_ID};
use super::{Button, Look, OpenOwnTab, ScoreCard, Support, ToldUs};
use crate::browser::{ask_worker, current_period, is_framed, log_error, print_page, random_bytes, save_text};
use crate::hand_in_job::{self, Reply, Request};
use crate::i18n::t;
use crate::state::{use_app, AppCtx, GENERATOR};

/// The hand-in code: a worker of its own, fetched only when a person hands
/// in (src/bin/handin.rs; built beside the survey by index.html's Trunk
/// link), so it never grows the survey's first load.
const HAND_IN_WORKER: &str = "handin_loader.js";
/// The same code inside the one-file survey (tools/single-file.mjs).
const HAND_IN_BLOCK: &str = "practice-pulse-hand-in";

/// Which file was saved last: what to do with it differs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Saved {
    HandIn,
    OwnCopy,
}

/// Each instrument's scores in plain words (or, for descriptive modules,
/// what the person told us), what they mean, where to get support, and
/// the results to keep: JSON, CSV and a print view.
#[component]
pub fn Results() -> impl IntoView {
    let app = use_app();
    let session = app.session;
    let catalogue = app.catalogue;
    let download_error = RwSignal::new(None::<String>);
    // After a download: offer to clear answers, ticked unless the person
    // asked to keep them on their own device.
    // And the name of the file saved, said with it.
    let offer_clear = RwSignal::new(None::<(bool, Saved, String)>);
    let own_device = Memo::new(move |_| session.with(|s| s.device() == Device::Own));
    let shared_pc = Memo::new(move |_| session.with(|s| s.device() == Device::Shared));
    // The practice's words on where to send a hand-in file, when it set one
    // up (read once: the configuration is in place long before the results).
    let how = app.config.with_untracked(|c| c.hand_in.as_ref().map(|h| h.how.clone()));
    // With two key holders nobody alone can open the file: staff are told so.
    let has_hand_in = how.is_some();
    let two_holders = app.config.with_untracked(|c| c.hand_in.as_ref().is_some_and(|h| h.holders.len() == 2));
    // With a hand-in, handing in comes first and one's own copy second.
    let own_copy_look = if how.is_some() { Look::Plain } else { Look::Primary };
    let handing_in = RwSignal::new(false);
    let hand_in_error = RwSignal::new(None::<&'static str>);
    let keeps = Memo::new(move |_| session.with(|s| s.keeps_answers()));
    // A file was handed in and the answers changed since: said before the
    // button, and still said after handing in again (the person sends
    // only the new file).
    let changed_since = session.with_untracked(|s| s.changed_since_hand_in());
    let heading = NodeRef::<H1>::new();
    super::focus_heading_when_shown(heading);

    // What the answers call for: support first when a score is in a band
    // its source marks as a concern; a word about abuse when any was told
    // of. Both rules are the core's; the answers cannot change here.
    let (concern, abuse, unbanded) = catalogue.with_untracked(|c| {
        session.with_untracked(|s| {
            (care::concern(s.responses(), c), care::abuse_reported(s.responses(), c), any_unbanded(s, c))
        })
    });

    let sections = move || {
        catalogue.with(|c| {
            session.with(|s| {
                s.responses()
                    .iter()
                    .filter_map(|r| c.get(&r.key).map(|i| instrument_results(i, &r.answers)))
                    .collect_view()
            })
        })
    };

    let save = move |format: Format| {
        let saved = save_result(app, format);
        download_error.set(saved.as_ref().err().map(|e| e.message().to_owned()));
        if let Ok(name) = saved {
            offer_clear.set(Some((!session.with_untracked(|s| s.keeps_answers()), Saved::OwnCopy, name)));
        }
    };
    // The receipt shown once the hand-in file is saved: the core's digest
    // of the file saved (`receipt::of_hand_in`), which the team report
    // lists; the same bytes saved again give the same receipt.
    let receipt = RwSignal::new(None::<String>);
    let handed_in = move |text: &str, saved: Result<String, SaveError>| match saved {
        Ok(name) => {
            receipt.set(pulse_core::receipt::of_hand_in(text.as_bytes()));
            offer_clear.set(Some((!session.with_untracked(|s| s.keeps_answers()), Saved::HandIn, name)));
        }
        Err(e) => hand_in_error.set(Some(e.message())),
    };
    // Hand in: the result sealed by the hand-in worker (loaded now, not
    // before), then saved as practice-pulse-handin-YYYY-MM.json. Handed in
    // before, with the same answers: the same bytes again, so a pile split
    // between two key holders counts the person once (docs/hand-in.md).
    let hand_in_now = move || {
        if handing_in.get_untracked() {
            return;
        }
        hand_in_error.set(None);
        if let Some(text) = session.with_untracked(|s| s.handed_in().map(str::to_owned)) {
            return handed_in(&text, save_hand_in(&text));
        }
        let request = match hand_in_request(app) {
            Ok(request) => request,
            Err(e) => {
                hand_in_error.set(Some(e.message()));
                return;
            }
        };
        // What was sealed: kept only if the answers still stand when the
        // worker answers.
        let sealed_from = session.with_untracked(|s| (s.responses().to_vec(), s.team().clone()));
        handing_in.set(true);
        spawn_local(async move {
            let sealed = seal(request).await;
            handing_in.set(false);
            match sealed {
                Ok(text) => {
                    if session
                        .with_untracked(|s| (s.responses(), s.team()) == (&sealed_from.0[..], &sealed_from.1))
                    {
                        session.update(|s| s.apply(Event::HandedIn(text.clone())));
                    }
                    handed_in(&text, save_hand_in(&text));
                }
                Err(e) => handed_in("", Err(e)),
            }
        });
    };
    // Only on one's own device can answers be kept after the results.
    let keep_choice = move || {
        own_device.get().then(|| {
            view! {
                <label class="check-row results__keep-choice">
                    <input
                        type="checkbox"
                        aria-describedby="keep-hint"
                        prop:checked=move || keeps.get()
                        on:change=move |ev| session.update(|s| s.apply(Event::KeepAnswers(event_target_checked(&ev))))
                    />
                    <span>{t().keep_answers}</span>
                </label>
                <p id="keep-hint" class="results__hint">{t().keep_answers_hint}</p>
            }
        })
    };

    let offer = move |after: Saved| {
        offer_clear.get().filter(|(_, saved, _)| *saved == after).map(|(ticked, _, name)| {
            let clear = RwSignal::new(ticked);
            // What to do with it: a hand-in file goes where the practice
            // said; one's own copy, when there is a hand-in, is not for it.
            let next = match (after, app.config.with_untracked(|c| c.hand_in.as_ref().map(|h| h.how.clone()))) {
                (Saved::HandIn, Some(how)) => how,
                (Saved::OwnCopy, Some(_)) => t().own_copy_next.to_owned(),
                (_, None) => t().hand_in_default.to_owned(),
            };
            // Its name, so the file sent is the locked one (both files of
            // a survey are saved to the same folder); and, for a hand-in,
            // no printed page as the fallback: it hands nothing in.
            let (called, no_file) = match (after, has_hand_in) {
                (Saved::HandIn, _) => ((t().hand_in_file_name)(&name), t().hand_in_no_file),
                (Saved::OwnCopy, true) => ((t().own_copy_file_name)(&name), t().no_file),
                (Saved::OwnCopy, false) => ((t().saved_file_name)(&name), t().no_file),
            };
            view! {
                <div class="results__offer">
                    <p>{t().saved_offer}</p>
                    <p>{called}</p>
                    <p>{no_file}</p>
                    // The practice's own words when it set up a hand-in, else ours;
                    // never "the browser shows where" as the last word.
                    <p>
                        <strong>{t().saved_what_next}": "</strong>
                        {next}
                    </p>
                    <label class="check-row results__clear-choice">
                        <input type="checkbox" prop:checked=move || clear.get() on:change=move |ev| clear.set(event_target_checked(&ev)) />
                        <span>{t().clear_after}</span>
                    </label>
                    <Button label=t().finish on_press=Callback::new(move |()| {
                        if clear.get_untracked() {
                            clear_answers(app);
                        }
                        offer_clear.set(None);
                    }) />
                </div>
            }
        })
    };

    view! {
        <section class="results" aria-labelledby="results-heading">
            <h1 id="results-heading" tabindex="-1" node_ref=heading>{t().results_heading}</h1>
            <p class="results__support-link"><a href=format!("#{SUPPORT_ID}")>{t().support_link}</a></p>
            {concern.map(|c| view! { <Support concern=Some(c) /> })}
            {abuse.then(abuse_note)}
            {unbanded.then(|| view! { <p class="results__no-band">{t().no_band}</p> })}
            <div class="results__sections">{sections}</div>
            <section class="results__meaning" aria-labelledby="meaning-heading">
                <h2 id="meaning-heading">{t().meaning_heading}</h2>
                <p>{t().meaning_text}</p>
                <p>{t().meaning_team}</p>
            </section>
            {concern.is_none().then(|| view! { <Support concern=None /> })}
            {how.clone().map(|how| view! {
                <section class="results__hand-in" aria-labelledby="hand-in-heading">
                    <h2 id="hand-in-heading">{t().hand_in_heading}</h2>
                    <p>{if two_holders { t().hand_in_who_reads_two } else { t().hand_in_who_reads }}</p>
                    {changed_since.then(|| view! { <p class="results__hint results__changed">{t().hand_in_changed}</p> })}
                    <div class="results__actions">
                        <Button label=t().hand_in_button look=Look::Primary on_press=Callback::new(move |()| hand_in_now()) />
                    </div>
                    <p><strong>{t().saved_what_next}": "</strong>{how}</p>
                    {move || shared_pc.get().then(|| view! { <p class="results__hint">{t().hand_in_shared_pc}</p> })}
                    <div role="status">
                        {move || handing_in.get().then(|| view! { <p>{t().hand_in_working}</p> })}
                        {move || receipt.get().map(|code| view! {
                            <p class="results__receipt">
                                {t().hand_in_receipt}" "<strong class="results__receipt-code">{code}</strong>
                            </p>
                            <p>{t().hand_in_receipt_check}</p>
                        })}
                        {move || offer(Saved::HandIn)}
                    </div>
                    <p role="alert" class="results__error">{move || hand_in_error.get()}</p>
                </section>
            })}
            <section class="results__keep" aria-labelledby="keep-heading">
                <h2 id="keep-heading">{if how.is_some() { t().own_copy_heading } else { t().keep_heading }}</h2>
                {how.is_some().then(|| view! { <p>{t().own_copy_readable}</p> })}
                <div class="results__actions">
                    <Button label=t().download_result look=own_copy_look on_press=Callback::new(move |()| save(Format::Json)) />
                    <Button label=t().download_csv on_press=Callback::new(move |()| save(Format::Csv)) />
                    <Button label=t().print_results on_press=Callback::new(move |()| print_page()) />
                </div>
                // A host's frame may forbid downloads (a sandbox) without a word.
                {is_framed().then(|| view! {
                    <p class="results__hint">{t().framed_download_hint}</p>
                    <OpenOwnTab />
                })}
                {keep_choice}
                <div role="status">{move || offer(Saved::OwnCopy)}</div>
                <p role="alert" class="results__error">{move || download_error.get()}</p>
            </section>
            <div class="results__actions">
                <Button label=t().back on_press=Callback::new(move |()| session.update(|s| s.apply(Event::Back))) />
            </div>
        </section>
    }
}

#[derive(Clone, Copy)]
enum Format {
    Json,
    Csv,
}

/// Why a download did not start.
enum SaveError {
    /// The device's clock is outside the months a file can hold.
    Clock,
    /// The browser refused (or the record could not be written).
    Refused,
    /// The hand-in code could not load, or the core could not seal.
    HandIn,
}

impl SaveError {
    fn message(&self) -> &'static str {
        match self {
            SaveError::Clock => t().clock_wrong,
            SaveError::Refused => t().download_failed,
            SaveError::HandIn => t().hand_in_failed,
        }
    }
}

/// The session's record as saved now: this month, and the survey's one
/// response id (given at the first save, whichever file it is).
fn record_now(app: AppCtx) -> Result<(ResultRecord, Period), SaveError> {
    let period: Period = current_period().ok_or(SaveError::Clock)?;
    // A fresh id is offered; a survey saved before keeps its own, so every
    // file of one survey names one response.
    let fresh = ResponseId::from_random_bytes(random_bytes().ok_or(SaveError::Refused)?);
    app.session.update(|s| s.apply(Event::Saving(fresh)));
    let round = app.config.with_untracked(|c| c.round.clone());
    let record = app
        .session
        .with_untracked(|s| s.record(GENERATOR, period, round.as_deref()))
        .ok_or(SaveError::Refused)?;
    Ok((record, period))
}

/// What the hand-in worker is asked: the result file (the same one "Keep my
/// own copy" saves), every holder line of the configuration as it is, and
/// the practice's own questionnaires the result uses.
fn hand_in_request(app: AppCtx) -> Result<String, SaveError> {
    let (record, _) = record_now(app)?;
    let (result, definitions) = app
        .catalogue
        .with_untracked(|c| {
            let definitions = record
                .responses
                .iter()
                .filter_map(|r| c.get(&r.key))
                .filter_map(|i| i.source().map(|text| (i.key().id.clone(), text.to_owned())))
                .collect();
            result_file::write(&record, c).map(|text| (text, definitions))
        })
        .map_err(|_| SaveError::Refused)?;
    let holders =
        app.config.with_untracked(|c| c.hand_in.as_ref().map(|h| h.holders.clone()).unwrap_or_default());
    serde_json::to_string(&Request { result, holders, definitions }).map_err(|_| SaveError::Refused)
}

/// Seals the request in the hand-in worker: the hand-in file's text.
async fn seal(request: String) -> Result<String, SaveError> {
    let reply =
        ask_worker(HAND_IN_WORKER, HAND_IN_BLOCK, hand_in_job::READY, &request).await.map_err(|e| {
            log_error(&format!("Practice Pulse: the hand-in code did not run ({})", e.0));
            SaveError::HandIn
        })?;
    match hand_in_job::read_reply(&reply) {
        Reply::HandIn(text) => Ok(text),
        Reply::Refused(why) => {
            log_error(&format!("Practice Pulse: the hand-in file could not be made: {why}"));
            Err(SaveError::HandIn)
        }
    }
}

/// Offers a hand-in file's text to save, named for this month; the name.
fn save_hand_in(text: &str) -> Result<String, SaveError> {
    let period = current_period().ok_or(SaveError::Clock)?;
    let name = hand_in::file_name(period);
    save_text(&name, "application/json", text).map_err(|_| SaveError::Refused)?;
    Ok(name)
}

/// Writes the session's result file in one format and offers it to save.
fn save_result(app: AppCtx, format: Format) -> Result<String, SaveError> {
    let (record, period) = record_now(app)?;
    let (text, extension, mime) = app
        .catalogue
        .with_untracked(|c| match format {
            Format::Json => result_file::write(&record, c).map(|t| (t, "json", "application/json")),
            Format::Csv => result_file::to_csv(&record, c).map(|t| (t, "csv", "text/csv")),
        })
        .map_err(|_| SaveError::Refused)?;
    let name = format!("practice-pulse-result-{period}.{extension}");
    save_text(&name, mime, &text).map_err(|_| SaveError::Refused)?;
    Ok(name)
}

/// Whether any score shown has no validated bands (said once, above the
/// cards, rather than on each card).
fn any_unbanded(session: &pulse_core::Session, catalogue: &pulse_core::Catalogue) -> bool {
    session.responses().iter().any(|r| {
        catalogue.get(&r.key).is_some_and(|i| {
            i.scores().iter().any(|spec| {
                spec.bands().is_none() && matches!(scoring::score_one(i, spec, &r.answers), Outcome::Score(_))
            })
        })
    })
}

/// A kind word to a person who told of abuse or violence: it is not part
/// of the job, the practice should have a way to report it (its own route
/// from practice.json when it gives one), and where support is.
fn abuse_note() -> impl IntoView {
    let config = use_app().config;
    let route = move || match config.with(|c| c.abuse_reporting.clone()) {
        Some(contact) => Either::Left(contact_view(contact)),
        None => Either::Right(t().abuse_report_default),
    };
    view! {
        <section class="results__abuse" aria-labelledby="abuse-heading">
            <h2 id="abuse-heading">{t().abuse_heading}</h2>
            <p>{t().abuse_not_your_job}</p>
            <p>{t().abuse_practice_should}</p>
            <h3>{t().abuse_report_heading}</h3>
            <p>{route}</p>
            <p><a href=format!("#{SUPPORT_ID}")>{t().abuse_support}</a></p>
        </section>
    }
}

/// One instrument's part of the results: a card per score. An instrument
/// with one score is titled once, by its own heading; a descriptive one
/// says once that it gives no score.
fn instrument_results(instrument: &Instrument, answers: &[Option<i32>]) -> impl IntoView {
    let titled = instrument.scores().len() > 1;
    let descriptive = instrument.scores().iter().all(|s| s.method() == Method::Frequencies);
    let cards = instrument
        .scores()
        .iter()
        .map(|spec| {
            if spec.method() == Method::Frequencies {
                let told = scoring::told(instrument, spec, answers)
                    .into_iter()
                    .map(|(text, label)| (text.to_owned(), label.map(str::to_owned)))
                    .collect();
                Either::Left(view! { <ToldUs title=spec.title().to_owned() titled=titled answers=told /> })
            } else {
                let outcome = scoring::score_one(instrument, spec, answers);
                Either::Right(view! { <ScoreCard spec=spec.clone() outcome=outcome titled=titled /> })
            }
        })
        .collect_view();
    view! {
        <section class="results__instrument">
            <h2>{instrument.title().to_owned()}</h2>
            {descriptive.then(|| view! { <p class="results__told-note">{t().told_us_heading}": "{t().told_us_intro}</p> })}
            {cards}
        </section>
    }
}
