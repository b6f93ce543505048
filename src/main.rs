//! Mounts the app; everything else lives in the modules.

mod app;
mod browser;
mod components;
mod i18n;
mod persistence;
mod state;

fn main() {
    browser::set_document_language(i18n::t().lang);
    leptos::mount::mount_to_body(app::App);
    browser::report_height_when_framed();
}
