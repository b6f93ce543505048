//! The team results page (team/index.html): its own wasm, so the staff
//! survey never carries its code.

use practice_pulse::browser::Framing;
use practice_pulse::{browser, team};

fn main() {
    browser::set_document_language(team::strings::s().lang);
    // Key holders open their key file and type its passphrase here, and
    // leaders type the set-up (#setup): a page of the same origin that
    // frames this page, or opened it with window.open, could read or
    // change all of it, so none of the page is made there, in any view
    // (docs/embedding.md, docs/hand-in.md "Keeping the key"). No preview
    // case: only the one-file survey is ever framed by this build.
    if browser::framing() == Framing::SameOrigin {
        browser::log_warning(team::strings::SAME_ORIGIN_CONSOLE);
        leptos::mount::mount_to_body(team::SameOriginTeamHost);
    } else if browser::opened_by_same_origin() {
        browser::log_warning(team::strings::SAME_ORIGIN_OPENER_CONSOLE);
        leptos::mount::mount_to_body(team::SameOriginTeamHost);
    } else {
        leptos::mount::mount_to_body(team::TeamApp);
    }
}
