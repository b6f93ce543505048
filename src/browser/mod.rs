//! Everything that touches a browser API lives here, and nothing here
//! panics: each call returns a `Result` the UI turns into a notice.

mod clock;
mod download;
mod fetch;
mod files;
mod frame;
mod media;
pub mod pile;
pub mod storage;
mod theme;
mod worker;

pub use clock::{current_period, random_bytes, today, today_in_words};
pub use download::{copy_text, save_text, survey_folder_url};
pub use fetch::{
    embedded_config, fetch_own_text, is_file_page, is_standalone_page, location_hash, log_error,
    query_string, set_document_title, set_location_hash,
};
pub use files::{picked_files, Chosen};
pub use frame::{
    ask_host_to_show_top, feed_preview, framing, is_framed, log_warning, open_in_own_tab,
    open_in_own_tab_with_view, opened_by_same_origin, origin_of, own_origin, reload_frame,
    report_height_when_framed, size_frame_for_screen, take_preview_config_from_parent, Framing,
};
pub use media::{focus_element, focus_id, print_page, scroll_to_top, watch_media};
pub use theme::apply_theme;
pub use worker::ask_worker;

/// A browser call that did not work; the UI says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserError(pub String);

impl From<wasm_bindgen::JsValue> for BrowserError {
    fn from(value: wasm_bindgen::JsValue) -> Self {
        Self(value.as_string().unwrap_or_else(|| format!("{value:?}")))
    }
}

/// Removes what index.html draws before the wasm runs (`data-shell`), so
/// the app draws the page alone.
pub fn remove_shell() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    while let Ok(Some(element)) = document.query_selector("[data-shell]") {
        element.remove();
    }
}

/// Tells the browser (and screen readers) which language the page is in.
pub fn set_document_language(lang: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang);
    }
}
