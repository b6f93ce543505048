//! When the survey is framed by a practice's page: tell the parent (only
//! the parent) the content's rounded height when it changes, and ask it to
//! bring the frame's top into view on a new section. On a screen whose
//! length depends on the answers (the review, the results) no height is
//! sent: the frame asks to fill the host's window and scrolls inside, so
//! the host learns nothing that depends on the answers. Nothing else is
//! ever posted.
//!
//! The survey hides its own scrollbar only once `embed.js` has said that it
//! sizes the frame (`practice-pulse:sized`, its answer to a height): a
//! frame no script sizes (SharePoint's embed part, a CMS that strips
//! scripts, the set-up preview) scrolls like any page.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The message types `embed.js` accepts.
const HEIGHT: &str = "practice-pulse:height";
const FILL: &str = "practice-pulse:fill";
const TOP: &str = "practice-pulse:top";
/// `embed.js`'s answer: it sizes this frame.
const SIZED: &str = "practice-pulse:sized";

thread_local! {
    /// `embed.js` has said it sizes this frame.
    static HOST_SIZES: Cell<bool> = const { Cell::new(false) };
    /// The screen's length depends on the answers: fill the host's window.
    static FILLING: Cell<bool> = const { Cell::new(false) };
    /// The last height sent (0: none since the last fill).
    static LAST: Cell<u32> = const { Cell::new(0) };
    static PARENT: RefCell<Option<web_sys::Window>> = const { RefCell::new(None) };
}

/// The parent window, when this page is in a frame.
fn parent() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    (parent != window).then_some(parent)
}

/// Whether this page is shown inside a frame of another page.
pub fn is_framed() -> bool {
    parent().is_some()
}

/// How this page is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Not in a frame (its own tab or window).
    Top,
    /// The set-up page's preview: the one-file survey framed by this
    /// build's own leaders' page, itself not framed by a page of this origin.
    Preview,
    /// Framed by another page of its own origin, which could read every
    /// answer on screen and in storage: the survey takes none here.
    SameOrigin,
    /// Framed by a page of another origin (or a sandbox, or a file): that
    /// page cannot read inside the frame.
    OtherOrigin,
}

/// A window's address when this page may read it (same origin), without
/// query or fragment; `None` for another origin (reading throws).
fn readable_address(window: &web_sys::Window, own_origin: &str) -> Option<String> {
    let location = window.location();
    let origin = location.origin().ok()?;
    if origin != own_origin || origin == "null" {
        return None;
    }
    let href = location.href().ok()?;
    href.split(['?', '#']).next().map(str::to_owned)
}

/// How this page is framed, from its ancestors: any ancestor of this
/// origin could read it, except the set-up page framing its own preview.
pub fn framing() -> Framing {
    let Some(window) = web_sys::window() else { return Framing::Top };
    let Some(parent) = parent() else { return Framing::Top };
    let Ok(own_origin) = window.location().origin() else { return Framing::OtherOrigin };
    let own = window.location().href().unwrap_or_default();
    let own = own.split(['?', '#']).next().unwrap_or_default();
    let folder = own.rfind('/').and_then(|cut| own.get(..=cut)).unwrap_or_default();
    let is_preview = |address: &str| {
        own.ends_with("/practice-pulse.html")
            && (address == format!("{folder}team/") || address == format!("{folder}team/index.html"))
    };
    // The ancestors, nearest first (a frame tree is shallow; 16 is plenty).
    let mut ancestors = Vec::new();
    let mut current = parent;
    for _ in 0..16 {
        let next = current.parent().ok().flatten();
        ancestors.push(current.clone());
        match next {
            Some(up) if up != current => current = up,
            _ => break,
        }
    }
    let readable: Vec<Option<String>> = ancestors.iter().map(|w| readable_address(w, &own_origin)).collect();
    match readable.split_first() {
        Some((Some(address), rest)) if is_preview(address.as_str()) && rest.iter().all(Option::is_none) => {
            Framing::Preview
        }
        _ if readable.iter().any(Option::is_some) => Framing::SameOrigin,
        _ => Framing::OtherOrigin,
    }
}

/// Whether a page of this origin opened this window (`window.open`), or
/// the window of any frame this page is in: that page keeps a handle to
/// the window and could read every answer on screen and in storage, as a
/// same-origin frame's host could, so the survey treats it the same way.
/// A link with `target="_blank"` leaves no opener in current browsers, and
/// an opener of another origin cannot read this page (reading its address
/// throws). A courtesy, like the frame check: a hostile page of this origin
/// can clear `opener` before the survey looks (docs/embedding.md).
pub fn opened_by_same_origin() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(own_origin) = window.location().origin() else { return false };
    let mut current = window;
    // This window, then each ancestor up to the top (16 is plenty).
    for _ in 0..16 {
        // `opener` is readable on any window, even of another origin.
        let opener = js_sys::Reflect::get(&current, &"opener".into()).unwrap_or(JsValue::NULL);
        if !opener.is_null() && !opener.is_undefined() {
            // Not `dyn_into`: a window of another realm is no `instanceof`
            // this one's Window; reading its address is the check.
            if readable_address(&opener.unchecked_into::<web_sys::Window>(), &own_origin).is_some() {
                return true;
            }
        }
        match current.parent().ok().flatten() {
            Some(up) if up != current => current = up,
            _ => break,
        }
    }
    false
}

/// Opens this page in a tab of its own (the browser copies this tab's
/// session storage into it, so a draft kept in this tab goes along). The
/// new tab gets no handle back to this frame. `Err` holds the address to
/// open by hand, when the browser or a sandbox refused a new tab.
pub fn open_in_own_tab() -> Result<(), String> {
    open_own_tab(false)
}

/// As `open_in_own_tab`, keeping the address's fragment: the team page's
/// view (`#setup`, `#holder`) opens in the new tab too.
pub fn open_in_own_tab_with_view() -> Result<(), String> {
    open_own_tab(true)
}

fn open_own_tab(keep_fragment: bool) -> Result<(), String> {
    let Some(window) = web_sys::window() else { return Err(String::new()) };
    let href = window.location().href().unwrap_or_default();
    let address = if keep_fragment { href } else { href.split('#').next().unwrap_or_default().to_owned() };
    match window.open_with_url_and_target(&address, "_blank") {
        Ok(Some(opened)) => {
            let _ = js_sys::Reflect::set(&opened, &"opener".into(), &JsValue::NULL);
            Ok(())
        }
        _ => Err(address),
    }
}

/// This page's origin (`https://intranet.example`).
pub fn own_origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// The origin of a web address (`https:` or `http:` only); `None` when it
/// is not one.
pub fn origin_of(address: &str) -> Option<String> {
    let url = web_sys::Url::new(address.trim()).ok()?;
    matches!(url.protocol().as_str(), "https:" | "http:").then(|| url.origin())
}

/// A message in the console for whoever sets the page up (not an error).
pub fn log_warning(message: &str) {
    web_sys::console::warn_1(&message.into());
}

fn post(parent: &web_sys::Window, kind: &str, height: Option<u32>) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    if let Some(h) = height {
        let _ = js_sys::Reflect::set(&message, &"height".into(), &h.into());
    }
    // The host's origin is not known to a framed page; the message holds
    // only a height that depends on no answer, so any parent may read it.
    let _ = parent.post_message(&message, "*");
}

fn post_to_parent(kind: &str, height: Option<u32>) {
    PARENT.with_borrow(|p| {
        if let Some(parent) = p {
            post(parent, kind, height);
        }
    });
}

/// The content's height in whole pixels, rounded up (so the frame is never
/// a fraction short, which would show a 1 px scrollbar). The root element's
/// own box: it does not grow with the frame, so there is no resize loop.
fn content_height() -> Option<u32> {
    let root = web_sys::window()?.document()?.document_element()?;
    let h = root.get_bounding_client_rect().height().ceil();
    (h.is_finite() && h > 0.0 && h < 1e6).then_some(h as u32)
}

/// The survey scrolls inside its frame unless the host sizes it to the
/// content (embed.js said so, on a screen that sends its height).
fn apply_overflow() {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    if let Some(html) = root.dyn_ref::<web_sys::HtmlElement>() {
        if HOST_SIZES.get() && !FILLING.get() {
            let _ = html.style().set_property("overflow", "hidden");
        } else {
            let _ = html.style().remove_property("overflow");
        }
    }
}

/// Sends the height if it changed (never on a screen that fills the window).
fn send_height() {
    if FILLING.get() {
        return;
    }
    if let Some(h) = content_height() {
        if h != LAST.get() {
            LAST.set(h);
            post_to_parent(HEIGHT, Some(h));
        }
    }
}

/// Starts reporting the height to the parent, if framed; does nothing otherwise.
pub fn report_height_when_framed() {
    let Some(parent) = parent() else { return };
    let Some(window) = web_sys::window() else { return };
    let Some(root) = window.document().and_then(|d| d.document_element()) else { return };
    PARENT.set(Some(parent.clone()));
    // embed.js answers a height with "sized": only then does the survey
    // hide its own scrollbar. Only the parent window is listened to.
    let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let from_parent = e.source().map(JsValue::from) == Some(JsValue::from(&parent));
        let kind = js_sys::Reflect::get(&e.data(), &"type".into()).ok().and_then(|v| v.as_string());
        if from_parent && kind.as_deref() == Some(SIZED) && !HOST_SIZES.get() {
            HOST_SIZES.set(true);
            apply_overflow();
        }
    });
    if window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref()).is_ok() {
        // One listener for the page's lifetime.
        listener.forget();
    }
    send_height();
    let observer_callback = Closure::<dyn Fn()>::new(send_height);
    if let Ok(observer) = web_sys::ResizeObserver::new(observer_callback.as_ref().unchecked_ref()) {
        observer.observe(&root);
        // Lives as long as the page: one observer, made once at start.
        observer_callback.forget();
        std::mem::forget(observer);
    }
}

/// Whether the screen now shown depends on the answers (the review, the
/// results): then the frame asks the host to fill its window and scrolls
/// inside, sending no height; otherwise it sends its height again.
pub fn size_frame_for_screen(depends_on_answers: bool) {
    if PARENT.with_borrow(Option::is_none) || FILLING.get() == depends_on_answers {
        return;
    }
    FILLING.set(depends_on_answers);
    apply_overflow();
    if depends_on_answers {
        LAST.set(0);
        post_to_parent(FILL, None);
    } else {
        send_height();
    }
}

/// Asks the host page to bring the frame's top into view (a new section).
pub fn ask_host_to_show_top() {
    if let Some(parent) = parent() {
        post(&parent, TOP, None);
    }
}

/// The set-up page's preview: the one-file survey, framed by this build's
/// leaders' page (`Framing::Preview`), takes a configuration from it. Messages from any other
/// window or origin are ignored, so no other site can change what staff
/// see; the parent controls nothing but the configuration, which the core
/// checks as if it were practice.json.
pub fn take_preview_config_from_parent(on_config: impl Fn(String) + 'static) {
    if framing() != Framing::Preview {
        return;
    }
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
