//! The team results page (team/index.html): its own wasm, so the staff
//! survey never carries its code.

use practice_pulse::{browser, team};

fn main() {
    browser::set_document_language(team::strings::s().lang);
    leptos::mount::mount_to_body(team::TeamApp);
}
