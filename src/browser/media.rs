use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Calls `on_change` with whether the media query matches, now and
/// whenever that changes (a phone turned sideways, a window resized).
pub fn watch_media(query: &str, on_change: impl Fn(bool) + 'static) {
    let Some(list) = web_sys::window().and_then(|w| w.match_media(query).ok().flatten()) else {
        on_change(false);
        return;
    };
    on_change(list.matches());
    let listener =
        Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(move |e: web_sys::MediaQueryListEvent| {
            on_change(e.matches())
        });
    if list.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref()).is_ok() {
        // Lives as long as the page: one listener, registered once at start.
        listener.forget();
    }
}

/// Opens the browser's print dialog (print view: A4, black and white).
pub fn print_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Moves keyboard focus to the element with this id, once the page has
/// drawn the change that put it there.
pub fn focus_id(id: &str) {
    let id = id.to_owned();
    leptos::prelude::request_animation_frame(move || focus_now(&id));
}

fn focus_now(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        focus_element(&el);
    }
}

/// Moves keyboard focus to an element now (a failure only leaves focus where it was).
pub fn focus_element(el: &web_sys::HtmlElement) {
    let _ = el.focus();
}

/// Scrolls the page back to its top (after Done, so the notice is in view).
pub fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
