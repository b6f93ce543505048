//! The staff survey: mounts the app; everything else lives in the library.

use practice_pulse::browser::Framing;
use practice_pulse::{app, browser, components, i18n};

fn main() {
    browser::set_document_language(i18n::t().lang);
    browser::remove_shell();
    if browser::framing() == Framing::SameOrigin {
        // A page of the survey's own origin frames it: that page could read
        // every answer, so none is taken here (docs/embedding.md).
        browser::log_warning(i18n::SAME_ORIGIN_CONSOLE);
        leptos::mount::mount_to_body(components::SameOriginHost);
    } else {
        leptos::mount::mount_to_body(app::App);
    }
    browser::report_height_when_framed();
}
