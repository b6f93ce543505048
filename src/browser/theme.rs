use pulse_core::config::Theme;

/// Applies a practice's theme (already checked for contrast by the core)
/// as the app's custom properties on the root element. Derived colours come
/// from the three checked ones, so every pair the app draws keeps its
/// contrast; `data-theme` turns the built-in dark scheme off.
pub fn apply_theme(theme: &Theme) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    else {
        return;
    };
    let style = root.style();
    for (property, value) in [
        ("--pp-accent", theme.accent.as_str()),
        ("--pp-accent-text", &theme.background),
        ("--pp-bg", &theme.background),
        ("--pp-surface", &theme.background),
        ("--pp-text", &theme.text),
        ("--pp-muted", &theme.text),
        ("--pp-border", &theme.text),
        ("--pp-focus-inner", &theme.text),
        ("--pp-danger", theme.danger()),
    ] {
        let _ = style.set_property(property, value);
    }
    if let Some(radius) = &theme.radius {
        let _ = style.set_property("--pp-radius", radius);
    }
    let _ = root.set_attribute("data-theme", "practice");
}
