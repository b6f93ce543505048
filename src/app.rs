use leptos::either::EitherOf5;
use leptos::prelude::*;
use pulse_core::Stage;

use crate::components::{Compare, Questionnaires, Results, SurveySection, Welcome};
use crate::i18n::t;
use crate::state::{provide_app, Page};

#[component]
pub fn App() -> impl IntoView {
    let app = provide_app();
    let stage = Memo::new(move |_| app.session.with(|s| s.stage));
    let page = app.page;

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
        <header class="masthead">
            <p class="masthead__title">{t().app_title}</p>
            <nav class="nav" aria-label=t().nav_label>
                {nav_button(Page::Survey, t().nav_survey)}
                {nav_button(Page::Questionnaires, t().nav_questionnaires)}
                {nav_button(Page::Compare, t().nav_compare)}
            </nav>
        </header>
        <main id="main" class="page">
            {move || match page.get() {
                // Either, not into_any: type erasure keeps server-rendering
                // code alive in the wasm.
                Page::Compare => EitherOf5::A(view! { <Compare /> }),
                Page::Questionnaires => EitherOf5::E(view! { <Questionnaires /> }),
                Page::Survey => match stage.get() {
                    Stage::Welcome => EitherOf5::B(view! { <Welcome /> }),
                    Stage::Section(index) => EitherOf5::C(view! { <SurveySection index=index /> }),
                    Stage::Results => EitherOf5::D(view! { <Results /> }),
                },
            }}
        </main>
    }
}
