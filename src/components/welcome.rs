use leptos::either::Either;
use leptos::prelude::*;
use pulse_core::session::{Device, TeamChoice};
use pulse_core::Event;

use super::{Button, Look};
use crate::i18n::t;
use crate::state::{continue_draft, use_app};

/// What this is and why the practice asks; who sees what; how long it
/// takes; "Whose device is this?" (nothing preselected); Start, or
/// continue a saved draft.
#[component]
pub fn Welcome() -> impl IntoView {
    let app = use_app();
    let session = app.session;
    let minutes = Memo::new(move |_| session.with(|s| s.minutes_estimate()));
    let device = Memo::new(move |_| session.with(|s| s.device()));
    // Opened from a disk: "My own device" keeps answers in this tab only.
    let from_disk = session.with_untracked(|s| s.opened_from_disk());
    let team = Memo::new(move |_| session.with(|s| s.team().clone()));
    let teams = Memo::new(move |_| app.config.with(|c| c.teams.clone()));

    let continue_saved = Callback::new(move |()| {
        if let Some(found) = app.pending.get_untracked() {
            continue_draft(app, found);
        }
    });
    let discard_draft = Callback::new(move |()| {
        app.pending.set(None);
        session.update(|s| s.apply(Event::Restart));
    });

    let device_choice = move |value: Device, label: &'static str| {
        view! {
            <label class="check-row welcome__device">
                <input
                    type="radio"
                    name="device"
                    aria-describedby="device-hint"
                    prop:checked=move || device.get() == value
                    on:change=move |_| session.update(|s| s.apply(Event::Device(value)))
                />
                <span>{label}</span>
            </label>
        }
    };

    let team_choice = move |value: TeamChoice, label: String| {
        let chosen = value.clone();
        view! {
            <label class="check-row welcome__device">
                <input
                    type="radio"
                    name="team"
                    prop:checked=move || team.get() == chosen
                    on:change=move |_| session.update(|s| s.apply(Event::Team(value.clone())))
                />
                <span>{label}</span>
            </label>
        }
    };
    let team_question = move || {
        let list = teams.get();
        (!list.is_empty()).then(|| {
            let options =
                list.into_iter().map(|name| team_choice(TeamChoice::Team(name.clone()), name)).collect_view();
            view! {
                // Nothing is chosen to start with; left empty, it counts as
                // "Prefer not to say" (the file holds no team).
                <fieldset class="welcome__devices" aria-describedby="team-hint">
                    <legend class="welcome__device-question">{t().team_question}</legend>
                    {options}
                    {team_choice(TeamChoice::PreferNotToSay, t().team_prefer_not.to_owned())}
                </fieldset>
                <p id="team-hint" class="welcome__hint">{t().team_empty_hint}</p>
            }
        })
    };
    let start = Callback::new(move |()| {
        app.notice.set(None);
        session.update(|s| s.apply(Event::Start))
    });

    let choice = move || {
        let found = app.pending.with(|p| {
            p.as_ref().map(|f| {
                let (answered, items) = f.session.progress();
                // Every question answered is finished, wherever it stopped.
                (answered, items, f.session.is_complete())
            })
        });
        match found {
            Some((answered, items, finished)) => Either::Left(view! {
                <div class="welcome__draft">
                    <p>{(t().draft_found)(answered, items, finished)}</p>
                    <div class="welcome__actions">
                        <Button label=t().continue_draft look=Look::Primary on_press=continue_saved />
                        <Button label=t().start_again on_press=discard_draft />
                    </div>
                </div>
            }),
            None => Either::Right(view! {
                <fieldset class="welcome__devices">
                    <legend class="welcome__device-question">{t().device_question}</legend>
                    {device_choice(Device::Own, t().device_own)}
                    {device_choice(Device::Shared, t().device_shared)}
                </fieldset>
                <p id="device-hint" class="welcome__hint">{if from_disk { t().device_hint_disk } else { t().device_hint_short }}</p>
                {team_question}
                <div class="welcome__actions">
                    <Button label=t().start look=Look::Primary on_press=start />
                </div>
            }),
        }
    };

    view! {
        <section class="welcome" aria-labelledby="welcome-heading">
            {move || app.config.with(|c| c.practice.as_deref().map(t().practice_survey)).map(|p| view! { <p class="welcome__practice">{p}</p> })}
            <h1 id="welcome-heading">{t().welcome_heading}</h1>
            <p>{t().welcome_intro}</p>
            <p><strong>{move || (t().duration)(minutes.get())}</strong></p>
            // The privacy detail is one tap away, so Start is on the first
            // screen of a phone; its heading says the promise.
            <details class="welcome__more">
                <summary>{t().privacy_heading}</summary>
                <ul class="welcome__privacy">
                    <li>{t().privacy_nothing_leaves}</li>
                    <li>{t().privacy_kept_local}</li>
                    <li>{t().privacy_clear_how}</li>
                    <li>{t().privacy_file}</li>
                </ul>
                <p>{t().welcome_why}</p>
                <p>{t().device_hint}</p>
                {from_disk.then(|| view! { <p>{t().device_hint_disk}</p> })}
            </details>
            {choice}
            // The one way from the staff survey to the leaders' page (its
            // own wasm; not in the one-file survey).
            {(!crate::browser::is_standalone_page()).then(|| view! {
                <p class="welcome__leaders"><a href="team/#setup">{t().leaders_link}</a></p>
            })}
        </section>
    }
}
