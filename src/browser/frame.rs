//! When the survey is framed by a practice's page: tell the parent (only
//! the parent) the content's rounded height when it changes, and ask it to
//! bring the frame's top into view on a new section. Nothing else is ever
//! posted; the host learns only the height.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The message types `embed.js` accepts.
const HEIGHT: &str = "practice-pulse:height";
const TOP: &str = "practice-pulse:top";

/// The parent window, when this page is in a frame.
fn parent() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    (parent != window).then_some(parent)
}

fn post(parent: &web_sys::Window, kind: &str, height: Option<u32>) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    if let Some(h) = height {
        let _ = js_sys::Reflect::set(&message, &"height".into(), &h.into());
    }
    // The host's origin is not known to a framed page; the message holds
    // only a height, so any parent may read it.
    let _ = parent.post_message(&message, "*");
}

/// The content's height in whole pixels, rounded up (so the frame is never
/// a fraction short, which would show a 1 px scrollbar). The root element's
/// own box: it does not grow with the frame, so there is no resize loop.
fn content_height() -> Option<u32> {
    let root = web_sys::window()?.document()?.document_element()?;
    let h = root.get_bounding_client_rect().height().ceil();
    (h.is_finite() && h > 0.0 && h < 1e6).then_some(h as u32)
}

/// Starts reporting the height to the parent, if framed; does nothing otherwise.
pub fn report_height_when_framed() {
    let Some(parent) = parent() else { return };
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    if let Some(html) = root.dyn_ref::<web_sys::HtmlElement>() {
        // A framed survey never scrolls inside itself: the host sizes it.
        let _ = html.style().set_property("overflow", "hidden");
    }
    let last = Rc::new(Cell::new(0u32));
    let send = move || {
        if let Some(h) = content_height() {
            if h != last.get() {
                last.set(h);
                post(&parent, HEIGHT, Some(h));
            }
        }
    };
    send();
    let observer_callback = Closure::<dyn Fn()>::new(send);
    if let Ok(observer) = web_sys::ResizeObserver::new(observer_callback.as_ref().unchecked_ref()) {
        observer.observe(&root);
        // Lives as long as the page: one observer, made once at start.
        observer_callback.forget();
        std::mem::forget(observer);
    }
}

/// Asks the host page to bring the frame's top into view (a new section).
pub fn ask_host_to_show_top() {
    if let Some(parent) = parent() {
        post(&parent, TOP, None);
    }
}

/// The set-up page's preview: the survey, framed by a page of its own
/// origin, takes a configuration from that parent. Messages from any other
/// window or origin are ignored, so no other site can change what staff
/// see; the parent controls nothing but the configuration, which the core
/// checks as if it were practice.json.
pub fn take_preview_config_from_parent(on_config: impl Fn(String) + 'static) {
    let Some(parent) = parent() else { return };
    let Some(window) = web_sys::window() else { return };
    let Ok(own_origin) = window.location().origin() else { return };
    let from_parent = parent.clone();
    let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        // Compared as values: a window of another frame is not an
        // `instanceof Window` of this one, so no cast is tried.
        let from_parent_window = e.source().map(JsValue::from) == Some(JsValue::from(&from_parent));
        if !from_parent_window || e.origin() != own_origin {
            return;
        }
        let data = e.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|v| v.as_string());
        let config = js_sys::Reflect::get(&data, &"config".into()).ok().and_then(|v| v.as_string());
        if let (Some(PREVIEW_CONFIG), Some(config)) = (kind.as_deref(), config) {
            on_config(config);
        }
    });
    if window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref()).is_ok() {
        listener.forget();
        // Tell the parent this page is listening (same origin only).
        if let Ok(origin) = window.location().origin() {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &PREVIEW_READY.into());
            let _ = parent.post_message(&message, &origin);
        }
    }
}

const PREVIEW_CONFIG: &str = "practice-pulse:preview-config";
const PREVIEW_READY: &str = "practice-pulse:preview-ready";

/// The set-up page's side: whenever the framed preview says it is ready,
/// send it the configuration text `config()` gives (same origin only).
pub fn feed_preview(frame: web_sys::HtmlIFrameElement, config: impl Fn() -> Option<String> + 'static) {
    let Some(window) = web_sys::window() else { return };
    let Ok(own_origin) = window.location().origin() else { return };
    let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let Some(child) = frame.content_window() else { return };
        let from_child = e.source().map(JsValue::from) == Some(JsValue::from(&child));
        let kind = js_sys::Reflect::get(&e.data(), &"type".into()).ok().and_then(|v| v.as_string());
        if from_child && e.origin() == own_origin && kind.as_deref() == Some(PREVIEW_READY) {
            if let Some(text) = config() {
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"type".into(), &PREVIEW_CONFIG.into());
                let _ = js_sys::Reflect::set(&message, &"config".into(), &text.into());
                let _ = child.post_message(&message, &own_origin);
            }
        }
    });
    if window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref()).is_ok() {
        // One listener for the set-up page's lifetime in this tab.
        listener.forget();
    }
}

/// Reloads a frame (the preview, after its configuration changed).
pub fn reload_frame(frame: &web_sys::HtmlIFrameElement) {
    let src = frame.src();
    frame.set_src(&src);
}
