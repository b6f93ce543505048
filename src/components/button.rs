use leptos::prelude::*;

/// How a button looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Look {
    #[default]
    Plain,
    Primary,
    Small,
    SmallDanger,
    /// Reads as a link: for moves within the page.
    Link,
}

impl Look {
    fn class(self) -> &'static str {
        match self {
            Look::Plain => "button",
            Look::Primary => "button button--primary",
            Look::Small => "button button--small",
            Look::SmallDanger => "button button--small button--danger",
            Look::Link => "link-button",
        }
    }
}

/// Every button of the app. One component for all of them keeps the wasm
/// small: each distinct click closure inside a `view!` would otherwise copy
/// the element's whole build and update code.
#[component]
pub fn Button(
    /// The button's text (its accessible name).
    #[prop(into)]
    label: Signal<String>,
    /// How it looks.
    #[prop(optional)]
    look: Look,
    /// What pressing it does.
    on_press: Callback<()>,
) -> impl IntoView {
    view! {
        <button type="button" class=look.class() on:click=move |_| on_press.run(())>
            {move || label.get()}
        </button>
    }
}
