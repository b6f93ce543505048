use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::BrowserError;

/// Fetches one of the app's own files (same origin, relative to the page)
/// as text. `Ok(None)`: there is no such file (404). Nothing else is ever
/// fetched: the Content-Security-Policy allows only the app's own origin.
pub async fn fetch_own_text(path: &str) -> Result<Option<String>, BrowserError> {
    let window = web_sys::window().ok_or_else(|| BrowserError("no window".into()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path)).await?.dyn_into()?;
    if response.status() == 404 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(BrowserError(format!("the server answered {}", response.status())));
    }
    let text = JsFuture::from(response.text()?).await?;
    Ok(text.as_string())
}

/// The page address's query string (only `practice` is ever read from it).
pub fn query_string() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The page address's fragment (`#setup`), which only picks a view of the
/// leaders' page; it never changes what staff see.
pub fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Shows another view of the leaders' page (sets the fragment).
pub fn set_location_hash(hash: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(hash);
    }
}

/// Names the page in the tab and for screen readers (each view its own).
pub fn set_document_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// Writes a message to the browser's console, for whoever sets the page up.
pub fn log_error(message: &str) {
    web_sys::console::error_1(&message.into());
}

/// A practice configuration written into the page itself (a JSON data
/// block, `<script type="application/json" id="practice-config">`, which
/// never runs): how the one-file survey carries a practice's settings.
pub fn embedded_config() -> Option<String> {
    web_sys::window()?.document()?.get_element_by_id("practice-config")?.text_content()
}

/// Whether this page was opened from a file on a disk (`file:`), where
/// every local page shares the browser's storage.
pub fn is_file_page() -> bool {
    web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "file:")
}

/// Whether this page has nothing beside it to ask for: opened as a file,
/// or the one-file survey (which may also be served, from a document
/// library, and whose policy allows no connection).
pub fn is_standalone_page() -> bool {
    let Some(window) = web_sys::window() else { return true };
    let file = window.location().protocol().ok().is_some_and(|p| p == "file:");
    let one_file = window
        .document()
        .and_then(|d| d.query_selector("meta[name=\"practice-pulse\"][content=\"one-file\"]").ok().flatten())
        .is_some();
    file || one_file
}
