use leptos::either::Either;
use leptos::prelude::*;
use pulse_core::Event;

use super::{Button, Look};
use crate::i18n::t;
use crate::state::use_app;

/// What this is and why the practice asks; who sees what; how long it
/// takes; "this is a shared computer"; Start, or continue a saved draft.
#[component]
pub fn Welcome() -> impl IntoView {
    let app = use_app();
    let session = app.session;
    let minutes = Memo::new(move |_| session.with(|s| s.minutes_estimate()));
    let shared = Memo::new(move |_| session.with(|s| s.shared_device));

    let continue_draft = Callback::new(move |()| {
        if let Some(saved) = app.pending.get_untracked() {
            app.pending.set(None);
            app.notice.set(None);
            session.set(saved);
        }
    });
    let discard_draft = Callback::new(move |()| {
        app.pending.set(None);
        session.update(|s| s.apply(Event::Restart));
    });

    let choice = move || match app.pending.with(|p| p.as_ref().map(|s| s.progress())) {
        Some((answered, items)) => Either::Left(view! {
            <div class="welcome__draft">
                <p>{(t().draft_found)(answered, items)}</p>
                <div class="welcome__actions">
                    <Button label=t().continue_draft look=Look::Primary on_press=continue_draft />
                    <Button label=t().start_again on_press=discard_draft />
                </div>
            </div>
        }),
        None => Either::Right(view! {
            <label class="check-row welcome__shared">
                <input
                    type="checkbox"
                    aria-describedby="shared-hint"
                    prop:checked=move || shared.get()
                    on:change=move |ev| session.update(|s| s.apply(Event::SharedDevice(event_target_checked(&ev))))
                />
                <span>{t().shared_device}</span>
            </label>
            <p id="shared-hint" class="welcome__hint">{t().shared_device_hint}</p>
            <div class="welcome__actions">
                <Button label=t().start look=Look::Primary on_press=Callback::new(move |()| {
                    app.notice.set(None);
                    session.update(|s| s.apply(Event::Start))
                }) />
            </div>
        }),
    };

    view! {
        <section class="welcome" aria-labelledby="welcome-heading">
            <h1 id="welcome-heading">{t().welcome_heading}</h1>
            <p>{t().welcome_intro}</p>
            <p>{t().welcome_why}</p>
            <p><strong>{move || (t().duration)(minutes.get())}</strong></p>
            <h2>{t().privacy_heading}</h2>
            <ul class="welcome__privacy">
                <li>{t().privacy_nothing_leaves}</li>
                <li>{t().privacy_kept_local}</li>
                <li>{t().privacy_clear_how}</li>
                <li>{t().privacy_file}</li>
            </ul>
            {choice}
        </section>
    }
}
