//! The staff survey: mounts the app; everything else lives in the library.

use practice_pulse::browser::Framing;
use practice_pulse::{app, browser, components, i18n};

fn main() {
    browser::set_document_language(i18n::t().lang);
    browser::remove_shell();
    let framing = browser::framing();
    if framing == Framing::SameOrigin {
        // A page of the survey's own origin frames it: that page could read
        // every answer, so none is taken here (docs/embedding.md).
        browser::log_warning(i18n::SAME_ORIGIN_CONSOLE);
        leptos::mount::mount_to_body(components::SameOriginHost);
    } else if framing != Framing::Preview && browser::opened_by_same_origin() {
        // A page of its own origin opened it with window.open and keeps a
        // handle to it: the same as a frame of that page.
        browser::log_warning(i18n::SAME_ORIGIN_OPENER_CONSOLE);
        leptos::mount::mount_to_body(components::SameOriginHost);
    } else {
        leptos::mount::mount_to_body(app::App);
    }
    browser::report_height_when_framed();
}
