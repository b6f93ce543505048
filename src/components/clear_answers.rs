use leptos::prelude::*;
use pulse_core::Event;

use super::{Button, Look};
use crate::browser::{ask_host_to_show_top, focus_id, scroll_to_top};
use crate::i18n::t;
use crate::state::{use_app, AppCtx, Notice, Page};

/// "Clear my answers", always within reach, with one confirming step.
#[component]
pub fn ClearAnswers() -> impl IntoView {
    let app = use_app();
    let asking = RwSignal::new(false);
    view! {
        <div class="clear-answers">
            {move || {
                if asking.get() {
                    leptos::either::Either::Left(view! {
                        <p class="clear-answers__question" id="clear-question">{t().clear_confirm}</p>
                        <div class="clear-answers__choices" role="group" aria-labelledby="clear-question">
                            <Button label=t().clear_yes look=Look::SmallDanger on_press=Callback::new(move |()| {
                                clear_answers(app);
                                asking.set(false);
                            }) />
                            <Button label=t().clear_no look=Look::Small on_press=Callback::new(move |()| asking.set(false)) />
                        </div>
                    })
                } else {
                    leptos::either::Either::Right(view! {
                        <Button label=t().clear_answers look=Look::Small on_press=Callback::new(move |()| asking.set(true)) />
                    })
                }
            }}
        </div>
    }
}

/// Forgets every answer and choice, here and in storage (the save effect
/// removes the stored draft once the session holds nothing), and says so
/// at the top of the page, where focus moves so it is read out. While
/// another tab holds the stored survey nothing of it is removed here, and
/// the notice says so rather than "cleared from this device".
pub fn clear_answers(app: AppCtx) {
    app.pending.set(None);
    app.session.update(|s| s.apply(Event::Restart));
    let notice = if app.elsewhere.get_untracked() { Notice::ClearedHereOnly } else { Notice::Cleared };
    app.notice.set(Some(notice));
    app.page.set(Page::Survey);
    scroll_to_top();
    ask_host_to_show_top();
    focus_id("notice");
}
