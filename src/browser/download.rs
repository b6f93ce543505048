use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use super::BrowserError;

/// Offers `text` to the person as a file to save. Nothing is sent anywhere:
/// the file is made from memory on this device.
pub fn save_text(file_name: &str, mime: &str, text: &str) -> Result<(), BrowserError> {
    let window = web_sys::window().ok_or_else(|| BrowserError("no window".into()))?;
    let document = window.document().ok_or_else(|| BrowserError("no document".into()))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let anchor: HtmlAnchorElement = document.create_element("a")?.dyn_into().map_err(JsValue::from)?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Revoking at once can cancel the download in some browsers, and a slow
    // machine may not have read the file a second later: the address is
    // freed after 40 s (as FileSaver.js does). It lives only in this page's
    // memory and goes with the page.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 40_000)?;
    Ok(())
}

/// Puts text on the clipboard; false when the browser will not (then the
/// person selects and copies it themselves).
pub async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return false };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// The address of the survey's own folder (ending in `/`), for the snippet.
pub fn survey_folder_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let href = location.href().ok()?;
    let without_query = href.split(['?', '#']).next()?;
    let cut = without_query.rfind('/')?;
    without_query.get(..=cut).map(str::to_owned)
}
