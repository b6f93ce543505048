use leptos::either::{Either, EitherOf6};
use leptos::prelude::*;
use pulse_core::session::{Device, Keep};
use pulse_core::Stage;

use crate::components::{
    ClearAnswers, Elsewhere, Notices, Questionnaires, Results, Review, SurveySection, Welcome,
};
use crate::i18n::t;
use crate::persistence;
use crate::state::{provide_app, Page};

#[component]
pub fn App() -> impl IntoView {
    let app = provide_app();
    let stage = Memo::new(move |_| app.session.with(|s| s.stage()));
    let page = app.page;

    // The one effect that writes storage: after every change to the
    // session, the stored draft is made to match it. Nothing is written
    // while a found draft waits for the person to continue or discard it,
    // nor while another tab holds the survey.
    Effect::new(move |_| {
        let waiting = app.pending.with(Option::is_some) || app.elsewhere.get();
        let outcome = app.session.with(|s| {
            if waiting {
                return None;
            }
            Some(app.catalogue.with_untracked(|c| persistence::sync(s, c)))
        });
        if let Some(outcome) = outcome {
            // Keeping nothing says nothing new about storage, except on a
            // shared computer, where nothing is meant to be kept.
            match app.session.with_untracked(|s| (s.keep(), s.device())) {
                (Keep::Nothing, Device::Shared) => app.storage_issue.set(None),
                (Keep::Nothing, _) => {}
                _ => app.storage_issue.set(outcome.err()),
            }
        }
    });

    // In a host's frame, a screen whose length depends on the answers (the
    // review, the results) sends no height: the host learns nothing from it.
    Effect::new(move |_| {
        let depends = page.get() == Page::Survey && matches!(stage.get(), Stage::Review | Stage::Results);
        crate::browser::size_frame_for_screen(depends);
    });

    // The practice's name, when it has one, names the page (its tab, and
    // what a screen reader announces first).
    Effect::new(move |_| {
        if let Some(practice) = app.config.with(|c| c.practice.clone()) {
            crate::browser::set_document_title(&format!(
                "{} – {}",
                (t().practice_survey)(&practice),
                t().app_title
            ));
        }
    });

    let progress = Memo::new(move |_| app.session.with(|s| s.progress()));
    let sections = Memo::new(move |_| app.session.with(|s| s.responses().len()));

    let nav_button = move |target: Page, label: &'static str| {
        view! {
            <button
                type="button"
                class="nav__link"
                aria-current=move || (page.get() == target).then_some("page")
                on:click=move |_| page.set(target)
            >
                {label}
            </button>
        }
    };

    view! {
        <header class="masthead masthead--survey">
            <p class="masthead__title">{t().app_title}</p>
            <nav class="nav" aria-label=t().nav_label>
                {nav_button(Page::Survey, t().nav_survey)}
                {nav_button(Page::Questionnaires, t().nav_questionnaires)}
            </nav>
            <ClearAnswers />
        </header>
        <main id="main" class="page">
            <Notices />
            // One live region for progress, present on every survey screen,
            // so a screen reader hears each change of it.
            <p class="progress" role="status">
                {move || match (page.get(), stage.get()) {
                    (Page::Survey, Stage::Section(i)) => {
                        let (answered, items) = progress.get();
                        Either::Left((t().progress)(i + 1, sections.get(), answered, items))
                    }
                    _ => Either::Right(()),
                }}
            </p>
            // An address naming a practice that is not set up here shows
            // nothing of the survey (a crafted link cannot swap the
            // practice's configuration for the defaults).
            {move || app.wrong_address.get().then(|| view! {
                <section class="elsewhere" aria-labelledby="wrong-address-heading">
                    <h1 id="wrong-address-heading">{t().wrong_address_heading}</h1>
                    <p>{t().wrong_address_text}</p>
                </section>
            })}
            {move || (!app.wrong_address.get()).then(|| match (page.get(), app.elsewhere.get()) {
                // Either, not into_any: type erasure keeps server-rendering
                // code alive in the wasm.
                (Page::Questionnaires, _) => EitherOf6::A(view! { <Questionnaires /> }),
                (Page::Survey, true) => EitherOf6::E(view! { <Elsewhere /> }),
                (Page::Survey, false) => match stage.get() {
                    Stage::Welcome => EitherOf6::B(view! { <Welcome /> }),
                    Stage::Section(index) => EitherOf6::C(view! { <SurveySection index=index /> }),
                    Stage::Review => EitherOf6::F(view! { <Review /> }),
                    Stage::Results => EitherOf6::D(view! { <Results /> }),
                },
            })}
        </main>
    }
}
