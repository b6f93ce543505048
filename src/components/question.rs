use leptos::prelude::*;
use pulse_core::instrument::Item;

/// One item: a fieldset whose legend is the question, with a native radio
/// button per option (arrow keys move within the group).
#[component]
pub fn Question(
    /// The fieldset's id, so focus can be moved to it.
    id: String,
    /// The item to ask.
    item: Item,
    /// Its number within the section, shown before the text.
    number: usize,
    /// A name unique in the page, shared by the item's radio buttons.
    group: String,
    /// Hidden while another question is shown alone (narrow screens).
    #[prop(into)]
    hidden: Signal<bool>,
    /// The value currently chosen, if any.
    #[prop(into)]
    selected: Signal<Option<i32>>,
    /// Called with the value of the option chosen.
    on_select: Callback<i32>,
) -> impl IntoView {
    let options = item
        .options()
        .iter()
        .map(|choice| {
            let value = choice.value;
            view! {
                <label class="check-row question__option">
                    // `checked` comes before `name`: when the next section reuses
                    // these elements, a radio must drop its old state before it
                    // joins its new group, or joining would uncheck that group's
                    // answer (tested: "keeps each answer on its own question").
                    <input
                        type="radio"
                        prop:checked=move || selected.get() == Some(value)
                        name=group.clone()
                        value=value.to_string()
                        on:change=move |_| on_select.run(value)
                    />
                    <span>{choice.label.clone()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="question" id=id tabindex="-1" hidden=move || hidden.get()>
            <legend class="question__text">
                <span class="question__number">{format!("{number}. ")}</span>
                {item.text().to_owned()}
            </legend>
            <div class="question__options">{options}</div>
        </fieldset>
    }
}
