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
    /// Said before the question when its answers differ from the question
    /// before it ("The answers change here…"), and given as the group's
    /// description, so a screen reader says it on entering the group.
    change: Option<String>,
) -> impl IntoView {
    let note_id = format!("{id}-change");
    let described = change.is_some().then(|| note_id.clone());
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
    // The lead is there for every question, empty or not: on a phone, one
    // question at a time, a fixed space keeps the answers in one place.
    view! {
        <div class="question__lead" hidden=move || hidden.get()>
            {change.map(|text| view! { <p class="question__change" role="note" id=note_id>{text}</p> })}
        </div>
        <fieldset class="question" id=id tabindex="-1" hidden=move || hidden.get() aria-describedby=described>
            <legend class="question__text">
                <span class="question__number">{format!("{number}. ")}</span>
                {item.text().to_owned()}
            </legend>
            <div class="question__options">{options}</div>
        </fieldset>
    }
}
