//! The staff survey: mounts the app; everything else lives in the library.

use practice_pulse::{app, browser, i18n};

fn main() {
    browser::set_document_language(i18n::t().lang);
    browser::remove_shell();
    leptos::mount::mount_to_body(app::App);
    browser::report_height_when_framed();
}
