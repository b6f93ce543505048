//! Shown instead of the team page when a page of its own origin frames it
//! or opened it with `window.open` (`src/bin/team.rs`): that page could
//! read the key file and its passphrase as they are chosen and typed, the
//! hand-in files and the report, and change the set-up as it is typed. So
//! nothing of the team page is made here: one sentence and "Open in its
//! own tab" (the new tab keeps the view, `#setup` or `#holder`, and gets
//! no handle back).

use leptos::html::H1;
use leptos::prelude::*;

use super::strings::s;
use crate::components::{focus_heading_when_shown, Look, OpenOwnTab};

#[component]
pub fn SameOriginTeamHost() -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_when_shown(heading);
    view! {
        <main id="main" class="page team">
            <section aria-labelledby="own-tab-heading">
                <h1 id="own-tab-heading" tabindex="-1" node_ref=heading>{s().own_tab_heading}</h1>
                <p>{s().same_origin_host}</p>
                <OpenOwnTab look=Look::Primary keep_view=true />
            </section>
        </main>
    }
}
