//! The key holder's view (`#holder`): a key pair made on this device, the
//! key file saved under a passphrase the holder chooses, and the public key
//! line to paste into the set-up. The key and the passphrase live only in
//! this view's memory while it is made; nothing is stored by the page. The
//! cryptography is the core's `hand_in` (never called from elsewhere here).

use leptos::html::H1;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::hand_in::{HolderKey, KEY_FILE_NAME};

use crate::browser::pile::next_frame;
use crate::browser::{copy_text, save_text};
use crate::components::{focus_heading_when_shown, Button, Look};
use crate::team::strings::s;

/// What making a key came to.
#[derive(Debug, Clone, PartialEq)]
enum Made {
    /// The key file was offered for saving; here is its public key line.
    Saved(String),
    /// Why no key was made.
    Failed(String),
}

#[component]
pub fn Holder() -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_when_shown(heading);
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let made = RwSignal::new(None::<Made>);
    let copied = RwSignal::new(None::<bool>);

    let make = Callback::new(move |()| {
        let phrase = passphrase.get_untracked();
        if phrase != again.get_untracked() {
            made.set(Some(Made::Failed(s().holder_differ.into())));
            return;
        }
        busy.set(true);
        made.set(None);
        copied.set(None);
        spawn_local(async move {
            // Let "Making the key…" show before argon2's second of work.
            next_frame().await;
            let result = HolderKey::generate().and_then(|key| Ok((key.to_key_file(&phrase)?, key)));
            let outcome = match result {
                Ok((file, key)) => match save_text(KEY_FILE_NAME, "application/json", &file) {
                    Ok(()) => Made::Saved(key.public().to_string()),
                    Err(_) => Made::Failed(s().download_failed.into()),
                },
                Err(e) => Made::Failed(e.to_string()),
            };
            // The passphrase is not kept once the file is made.
            passphrase.set(String::new());
            again.set(String::new());
            busy.set(false);
            made.set(Some(outcome));
        });
    });

    let copy = Callback::new(move |()| {
        if let Some(Made::Saved(line)) = made.get_untracked() {
            spawn_local(async move { copied.set(Some(copy_text(&line).await)) });
        }
    });

    let status = move || {
        made.get().map(|m| match m {
            Made::Saved(_) => view! { <p>{s().holder_saved}</p> }.into_any(),
            Made::Failed(why) => view! { <p class="setup__faults">{why}</p> }.into_any(),
        })
    };
    let line_view = move || {
        made.get().and_then(|m| match m {
            Made::Saved(line) => Some(view! {
                <label for="holder-public" class="setup__label">{s().holder_public_label}</label>
                <p id="holder-public-hint" class="setup__hint">{s().holder_public_hint}</p>
                <input id="holder-public" class="setup__input holder__line" type="text" readonly
                    aria-describedby="holder-public-hint" prop:value=line />
                <Button label=s().holder_copy on_press=copy />
                <p role="status">{move || copied.get().map(|ok| if ok { s().setup_copied } else { s().setup_copy_failed })}</p>
            }),
            Made::Failed(_) => None,
        })
    };

    view! {
        <section class="setup holder" aria-labelledby="holder-heading">
            <h1 id="holder-heading" tabindex="-1" node_ref=heading>{s().holder_heading}</h1>
            <p>{s().holder_intro}</p>
            <p class="team__honest">{s().holder_reads}</p>
            <ul>{s().holder_keep.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ul>
            <form class="setup__form" on:submit=|ev| ev.prevent_default()>
                <div class="setup__field">
                    <label for="holder-passphrase" class="setup__label">{s().holder_passphrase}</label>
                    <p id="holder-passphrase-hint" class="setup__hint">{s().holder_passphrase_hint}</p>
                    <input id="holder-passphrase" class="setup__input" type="password" autocomplete="new-password"
                        aria-describedby="holder-passphrase-hint"
                        prop:value=move || passphrase.get()
                        on:input=move |ev| passphrase.set(event_target_value(&ev)) />
                </div>
                <div class="setup__field">
                    <label for="holder-again" class="setup__label">{s().holder_again}</label>
                    <input id="holder-again" class="setup__input" type="password" autocomplete="new-password"
                        prop:value=move || again.get()
                        on:input=move |ev| again.set(event_target_value(&ev)) />
                </div>
                <Button label=s().holder_make look=Look::Primary on_press=make />
            </form>
            <div role="status" class="setup__status">
                {move || busy.get().then(|| view! { <p>{s().holder_making}</p> })}
                {status}
            </div>
            <div class="setup__field">{line_view}</div>
        </section>
    }
}
