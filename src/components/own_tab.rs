use leptos::html::H1;
use leptos::prelude::*;

use super::{Button, Look};
use crate::browser::{open_in_own_tab, open_in_own_tab_with_view};
use crate::i18n::t;

/// "Open in its own tab": the survey at its own address in a new tab, for
/// a frame that cannot keep answers private (a host page of the survey's
/// origin), keep them at all (storage refused), or save a file (a
/// sandbox). When the browser refuses a new tab, the address to open by
/// hand is shown instead.
#[component]
pub fn OpenOwnTab(
    /// The main action of its screen (primary) or one beside others.
    #[prop(optional)]
    look: Look,
    /// Keep the address's fragment (the team page's `#setup`, `#holder`).
    #[prop(optional)]
    keep_view: bool,
) -> impl IntoView {
    let refused = RwSignal::new(None::<String>);
    let open = move || if keep_view { open_in_own_tab_with_view() } else { open_in_own_tab() };
    view! {
        <div class="own-tab">
            <Button label=t().open_own_tab look=look on_press=Callback::new(move |()| refused.set(open().err())) />
            <p class="own-tab__refused" role="status">
                {move || refused.get().map(|address| (t().own_tab_refused)(&address))}
            </p>
        </div>
    }
}

/// Shown instead of the survey when a page of the survey's own origin
/// frames it (not the set-up page's preview): that page could read every
/// answer on screen and in storage, so no answer is taken here.
#[component]
pub fn SameOriginHost() -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    super::focus_heading_when_shown(heading);
    view! {
        <main id="main" class="page">
            <section class="welcome" aria-labelledby="own-tab-heading">
                <h1 id="own-tab-heading" tabindex="-1" node_ref=heading>{t().welcome_heading}</h1>
                <p>{t().same_origin_host}</p>
                <OpenOwnTab look=Look::Primary />
            </section>
        </main>
    }
}
