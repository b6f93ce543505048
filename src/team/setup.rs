use leptos::either::Either;
use leptos::html::H1;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::catalogue::OPTIONAL_SET;
use pulse_core::config::{self, form_field, page_with_config, snippet, Form};

use pulse_core::config::{Config, ConfigRejected};
use pulse_core::Catalogue;

use crate::browser::{
    copy_text, feed_preview, fetch_own_text, origin_of, own_origin, reload_frame, save_text,
    survey_folder_url,
};
use crate::components::{focus_heading_when_shown, Button, Look};
use crate::i18n::t;
use crate::team::strings::s;

/// The one-file survey's name in the build, and of the file a leader saves.
const ONE_FILE: &str = "practice-pulse.html";
/// The same file seen from this page (team/, beside the survey's folder).
const ONE_FILE_HERE: &str = "../practice-pulse.html";

/// The survey's folder: the one above this page's.
fn survey_folder() -> String {
    let here = survey_folder_url().unwrap_or_default();
    let trimmed = here.trim_end_matches('/');
    match trimmed.rfind('/') {
        Some(cut) => trimmed.get(..=cut).unwrap_or_default().to_owned(),
        None => here,
    }
}

/// For practice leaders: the configuration as a form, checked by the core
/// as it is typed (each fault beside its field), a live preview of the
/// survey with it, and the three outputs: practice.json, the snippet, and
/// the survey as one HTML file with the configuration inside. Nothing is
/// sent anywhere. It lives on the leaders' page (team/, `#setup`), so the
/// survey staff open never carries its code.
#[component]
pub fn Setup(
    /// The configuration in force (the defaults if none or a faulty one).
    config: Config,
    /// The faults of the practice.json served beside the survey, if any.
    served_faults: Option<ConfigRejected>,
) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_when_shown(heading);
    // Start from the configuration in force, if the practice has one.
    let form = RwSignal::new(Form::from_config(&config));
    let json = Memo::new(move |_| form.with(Form::to_json));
    let checked = Memo::new(move |_| json.with(|text| config::read("practice.json", text.as_bytes())));
    // The one-file survey of this build, read once from beside this page.
    let one_file = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(Some(page)) = fetch_own_text(ONE_FILE_HERE).await {
            one_file.set(Some(page));
        }
    });
    // The preview is the one-file survey of this build, framed; it asks
    // for the configuration when ready, and is reloaded when it changes.
    let preview = NodeRef::<leptos::html::Iframe>::new();
    let valid_json = move || checked.with_untracked(Result::is_ok).then(|| json.get_untracked());
    Effect::new(move |_| {
        if let Some(frame) = preview.get() {
            feed_preview(frame, valid_json);
        }
    });
    Effect::new(move |previous: Option<()>| {
        let valid = checked.with(Result::is_ok);
        json.track();
        if let (Some(()), true, Some(frame)) = (previous, valid, preview.get_untracked()) {
            reload_frame(&frame);
        }
    });
    let copied = RwSignal::new(None::<bool>);
    let snippet_text = snippet(&survey_folder());

    // The faults of one field (`None`: of the file as a whole), as a list.
    let faults = move |field: Option<&'static str>| {
        move || {
            checked.with(|c| match c {
                Ok(_) => Vec::new(),
                Err(rejected) => rejected
                    .faults
                    .iter()
                    .filter(|f| form_field(&f.place) == field)
                    .map(|f| view! { <li>{f.to_string()}</li> })
                    .collect::<Vec<_>>(),
            })
        }
    };

    // One labelled field: its input (or textarea), hint and faults.
    let field = move |id: &'static str,
                      label: &'static str,
                      hint: &'static str,
                      multiline: bool,
                      get: fn(&Form) -> String,
                      set: fn(&mut Form, String)| {
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let described = format!("{hint_id} {error_id}");
        let input = if multiline {
            Either::Left(view! {
                <textarea id=id class="setup__input" rows="5" aria-describedby=described.clone()
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                ></textarea>
            })
        } else {
            Either::Right(view! {
                <input id=id class="setup__input" type="text" aria-describedby=described.clone()
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                />
            })
        };
        view! {
            <div class="setup__field">
                <label for=id class="setup__label">{label}</label>
                <p id=hint_id class="setup__hint">{hint}</p>
                {input}
                <ul id=error_id class="setup__faults">
                    {faults(Some(id))}
                </ul>
            </div>
        }
    };

    let catalogue = Catalogue::builtin();
    let modules = {
        let c = &catalogue;
        c.latest_of(OPTIONAL_SET)
            .into_iter()
            .map(|i| {
                let id = i.key().id.clone();
                let title = (t().include_in_survey)(i.title());
                let chosen = {
                    let id = id.clone();
                    move || form.with(|f| f.modules.contains(&id))
                };
                view! {
                    <label class="check-row setup__module">
                        <input type="checkbox" prop:checked=chosen on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let id = id.clone();
                            form.update(move |f| {
                                f.modules.retain(|m| *m != id);
                                if on {
                                    f.modules.push(id);
                                }
                                f.modules.sort_by_key(|m| OPTIONAL_SET.iter().position(|o| o == m));
                            });
                        } />
                        <span>{title}</span>
                    </label>
                }
            })
            .collect_view()
    };

    let download_config = Callback::new(move |()| {
        let _ = save_text("practice.json", "application/json", &json.get_untracked());
    });
    let download_one_file = Callback::new(move |()| {
        let page = one_file
            .with_untracked(|p| p.as_ref().and_then(|p| json.with_untracked(|j| page_with_config(p, j))));
        if let Some(page) = page {
            let _ = save_text(ONE_FILE, "text/html", &page);
        }
    });
    let copy = {
        let text = snippet_text.clone();
        Callback::new(move |()| {
            let text = text.clone();
            spawn_local(async move { copied.set(Some(copy_text(&text).await)) });
        })
    };
    let valid = move || checked.with(Result::is_ok);
    // The host page's address, if the leader gives it: a page of the
    // survey's own origin could read every answer (docs/embedding.md).
    let host_address = RwSignal::new(String::new());
    let host_check = move || {
        let address = host_address.get();
        if address.trim().is_empty() {
            return None;
        }
        let survey = own_origin().unwrap_or_default();
        Some(match origin_of(&address) {
            Some(origin) if origin == survey => (s().setup_host_same_origin)(&origin),
            Some(_) => s().setup_host_other_origin.to_owned(),
            None => s().setup_host_not_address.to_owned(),
        })
    };

    view! {
        <section class="setup" aria-labelledby="setup-heading">
            <h1 id="setup-heading" tabindex="-1" node_ref=heading>{s().setup_heading}</h1>
            <p>{s().setup_intro}</p>
            {served_faults.map(|rejected| view! {
                <div class="setup__served notice notice--warning" role="alert">
                    <h2>{s().setup_served_faults}</h2>
                    <ul>{rejected.faults.iter().map(|f| view! { <li>{f.to_string()}</li> }).collect_view()}</ul>
                </div>
            })}
            <form class="setup__form" on:submit=|ev| ev.prevent_default()>
                {field("practice", s().setup_practice, s().setup_practice_hint, false, |f| f.practice.clone(), |f, v| f.practice = v)}
                {field("contact_text", s().setup_contact, s().setup_contact_hint, false, |f| f.contact_text.clone(), |f, v| f.contact_text = v)}
                {field("contact_link", s().setup_contact_link, s().setup_contact_link_hint, false, |f| f.contact_link.clone(), |f, v| f.contact_link = v)}
                {field("abuse_text", s().setup_abuse, s().setup_abuse_hint, false, |f| f.abuse_text.clone(), |f, v| f.abuse_text = v)}
                {field("abuse_link", s().setup_abuse_link, s().setup_abuse_link_hint, false, |f| f.abuse_link.clone(), |f, v| f.abuse_link = v)}
                <fieldset class="setup__field setup__modules" aria-describedby="modules-error">
                    <legend class="setup__label">{s().setup_modules}</legend>
                    {modules}
                    <ul id="modules-error" class="setup__faults">
                        {faults(Some("modules"))}
                    </ul>
                </fieldset>
                {field("round", s().setup_round, s().setup_round_hint, false, |f| f.round.clone(), |f, v| f.round = v)}
                {field("teams", s().setup_teams, s().setup_teams_hint, true, |f| f.teams.clone(), |f, v| f.teams = v)}
                {field("accent", s().setup_accent, s().setup_colour_hint, false, |f| f.accent.clone(), |f, v| f.accent = v)}
                {field("background", s().setup_background, s().setup_colour_hint, false, |f| f.background.clone(), |f, v| f.background = v)}
                {field("text", s().setup_text, s().setup_colour_hint, false, |f| f.text.clone(), |f, v| f.text = v)}
                {field("radius", s().setup_radius, s().setup_radius_hint, false, |f| f.radius.clone(), |f, v| f.radius = v)}
                {field("min_group_size", s().setup_min_group, s().setup_min_group_hint, false, |f| f.min_group_size.clone(), |f, v| f.min_group_size = v)}
            </form>
            <div role="status" class="setup__status">
                {move || if valid() { Either::Left(view! { <p>{s().setup_valid}</p> }) } else {
                    Either::Right(view! {
                        <p>{s().setup_invalid}</p>
                        <ul class="setup__faults">{faults(None)}</ul>
                    })
                }}
            </div>
            <h2>{s().setup_preview}</h2>
            <iframe class="setup__preview" src=ONE_FILE_HERE title=s().setup_preview_title node_ref=preview></iframe>
            <h2>{s().setup_outputs}</h2>
            <ol class="setup__outputs">
                <li>
                    <p>{s().setup_output_config}</p>
                    {move || valid().then(|| view! { <Button label=s().setup_download_config look=Look::Primary on_press=download_config /> })}
                </li>
                <li>
                    <label for="snippet" class="setup__label">{s().setup_snippet}</label>
                    <textarea id="snippet" class="setup__input setup__snippet" rows="4" readonly prop:value=snippet_text></textarea>
                    <Button label=s().setup_copy on_press=copy />
                    <p role="status">{move || copied.get().map(|ok| if ok { s().setup_copied } else { s().setup_copy_failed })}</p>
                    <label for="host-address" class="setup__label">{s().setup_host}</label>
                    <p id="host-address-hint" class="setup__hint">{s().setup_host_hint}</p>
                    <input id="host-address" class="setup__input" type="url" aria-describedby="host-address-hint host-address-check"
                        prop:value=move || host_address.get()
                        on:input=move |ev| host_address.set(event_target_value(&ev))
                    />
                    <p id="host-address-check" role="status">{host_check}</p>
                </li>
                <li>
                    <p>{s().setup_output_one_file}</p>
                    {move || (valid() && one_file.with(Option::is_some)).then(|| view! { <Button label=s().setup_download_one_file on_press=download_one_file /> })}
                </li>
            </ol>
        </section>
    }
}
