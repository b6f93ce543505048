use leptos::html::H1;
use leptos::prelude::*;

use super::{Button, Look};
use crate::i18n::t;
use crate::state::{take_over, use_app};

/// Shown instead of the survey when another tab or window of this browser
/// has taken the stored survey: this tab has stopped saving, so neither
/// overwrites the other's answers until the person chooses.
#[component]
pub fn Elsewhere() -> impl IntoView {
    let app = use_app();
    let heading = NodeRef::<H1>::new();
    super::focus_heading_when_shown(heading);
    view! {
        <section class="elsewhere" aria-labelledby="elsewhere-heading">
            <h1 id="elsewhere-heading" tabindex="-1" node_ref=heading>{t().elsewhere_heading}</h1>
            <p>{t().elsewhere_text}</p>
            <Button label=t().elsewhere_continue look=Look::Primary on_press=Callback::new(move |()| take_over(app)) />
        </section>
    }
}
