use leptos::either::Either;
use leptos::html::H1;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::catalogue::OPTIONAL_SET;
use pulse_core::config::{self, form_fault, form_label, page_with_config, parse_hex, snippet, Form};

use pulse_core::config::{Config, ConfigRejected};
use pulse_core::hand_in::PublicKey;
use pulse_core::Catalogue;

use crate::browser::{
    copy_text, feed_preview, fetch_own_text, origin_of, own_origin, reload_frame, save_text,
    survey_folder_url,
};
use crate::components::{focus_heading_when_shown, Button};
use crate::i18n::t;
use crate::team::strings::s;

/// What a form field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One line of text.
    Line,
    /// One item a line.
    Lines,
    /// A colour as #rrggbb, with a picker beside it.
    Colour,
}

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

    // The faults of one field (`None`: of the file as a whole), as a list,
    // each naming the field as labelled here and saying what to do.
    let faults = move |field: Option<&'static str>| {
        move || {
            checked.with(|c| match c {
                Ok(_) => Vec::new(),
                Err(rejected) => rejected
                    .faults
                    .iter()
                    .map(form_fault)
                    .filter(|(f, _)| *f == field)
                    .map(|(_, message)| view! { <li>{message}</li> })
                    .collect::<Vec<_>>(),
            })
        }
    };

    // One labelled field: its input (or textarea), hint and faults; a
    // colour also gets a picker beside its text.
    let field = move |id: &'static str,
                      hint: &'static str,
                      kind: Kind,
                      get: fn(&Form) -> String,
                      set: fn(&mut Form, String)| {
        let label = form_label(id);
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let described = format!("{hint_id} {error_id}");
        let input = match kind {
            Kind::Lines => Either::Left(view! {
                <textarea id=id class="setup__input" rows="5" aria-describedby=described.clone()
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                ></textarea>
            }),
            Kind::Line | Kind::Colour => Either::Right(view! {
                <input id=id class="setup__input" type="text" aria-describedby=described.clone()
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                />
            }),
        };
        // The picker shows the colour typed (black until one is).
        let picker = (kind == Kind::Colour).then(|| {
            let shown = move || {
                form.with(|f| {
                    let typed = get(f);
                    parse_hex(typed.trim())
                        .map_or_else(|| "#000000".to_owned(), |_| typed.trim().to_lowercase())
                })
            };
            view! {
                <input type="color" class="setup__picker" aria-label=(s().setup_picker)(label)
                    prop:value=shown
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                />
            }
        });
        view! {
            <div class="setup__field">
                <label for=id class="setup__label">{label}</label>
                <p id=hint_id class="setup__hint">{hint}</p>
                <div class="setup__control">{input}{picker}</div>
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
    // Two key holders given, each a good key line, and not the same key.
    let two_holders = move || {
        form.with(|f| match (PublicKey::parse(&f.holders), PublicKey::parse(&f.second_holder)) {
            (Ok(first), Ok(second)) => first != second,
            _ => false,
        })
    };
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
            <div class="setup__layout">
            <form class="setup__form" on:submit=|ev| ev.prevent_default()>
                {field("practice", s().setup_practice_hint, Kind::Line, |f| f.practice.clone(), |f, v| f.practice = v)}
                {field("contact_text", s().setup_contact_hint, Kind::Line, |f| f.contact_text.clone(), |f, v| f.contact_text = v)}
                {field("contact_link", s().setup_contact_link_hint, Kind::Line, |f| f.contact_link.clone(), |f, v| f.contact_link = v)}
                {field("abuse_text", s().setup_abuse_hint, Kind::Line, |f| f.abuse_text.clone(), |f, v| f.abuse_text = v)}
                {field("abuse_link", s().setup_abuse_link_hint, Kind::Line, |f| f.abuse_link.clone(), |f, v| f.abuse_link = v)}
                <fieldset class="setup__field setup__modules" aria-describedby="modules-error">
                    <legend class="setup__label">{form_label("modules")}</legend>
                    {modules}
                    <ul id="modules-error" class="setup__faults">
                        {faults(Some("modules"))}
                    </ul>
                </fieldset>
                {field("round", s().setup_round_hint, Kind::Line, |f| f.round.clone(), |f, v| f.round = v)}
                {field("rounds", s().setup_rounds_hint, Kind::Lines, |f| f.rounds.clone(), |f, v| f.rounds = v)}
                {field("teams", s().setup_teams_hint, Kind::Lines, |f| f.teams.clone(), |f, v| f.teams = v)}
                {field("accent", s().setup_accent_hint, Kind::Colour, |f| f.accent.clone(), |f, v| f.accent = v)}
                {field("background", s().setup_background_hint, Kind::Colour, |f| f.background.clone(), |f, v| f.background = v)}
                {field("text", s().setup_text_hint, Kind::Colour, |f| f.text.clone(), |f, v| f.text = v)}
                {field("radius", s().setup_radius_hint, Kind::Line, |f| f.radius.clone(), |f, v| f.radius = v)}
                {field("min_group_size", s().setup_min_group_hint, Kind::Line, |f| f.min_group_size.clone(), |f, v| f.min_group_size = v)}
                {field("holders", s().setup_holders_hint, Kind::Line, |f| f.holders.clone(), |f, v| f.holders = v)}
                {field("second_holder", s().setup_second_holder_hint, Kind::Line, |f| f.second_holder.clone(), |f, v| f.second_holder = v)}
                // With two good, different keys: what split trust protects,
                // and what it does not, in two sentences.
                <p class="setup__note" role="status">{move || two_holders().then_some(s().setup_two_holders)}</p>
                {field("how", s().setup_how_hint, Kind::Line, |f| f.how.clone(), |f, v| f.how = v)}
                {field("plan_summary", s().setup_plan_summary_hint, Kind::Line, |f| f.plan_summary.clone(), |f, v| f.plan_summary = v)}
            </form>
            <div role="status" class="setup__status">
                {move || if valid() { Either::Left(view! { <p>{s().setup_valid}</p> }) } else {
                    Either::Right(view! {
                        <p>{s().setup_invalid}</p>
                        <ul class="setup__faults">{faults(None)}</ul>
                    })
                }}
            </div>
            // Beside the form on a wide screen, and kept in view while the
            // form scrolls (style: .setup__aside).
            <div class="setup__aside">
                <h2>{s().setup_preview}</h2>
                <iframe class="setup__preview" src=ONE_FILE_HERE title=s().setup_preview_title node_ref=preview></iframe>
            </div>
            <div class="setup__outputs-part">
            <h2>{s().setup_outputs}</h2>
            <ol class="setup__outputs">
                <li>
                    <p>{s().setup_output_config}</p>
                    <button type="button" class="button button--primary" disabled=move || !valid()
                        aria-describedby="config-blocked" on:click=move |_| download_config.run(())>{s().setup_download_config}</button>
                    <p id="config-blocked" class="setup__blocked">{move || (!valid()).then_some(s().setup_blocked)}</p>
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
                    <button type="button" class="button" disabled=move || !valid() || one_file.with(Option::is_none)
                        aria-describedby="one-file-blocked" on:click=move |_| download_one_file.run(())>{s().setup_download_one_file}</button>
                    <p id="one-file-blocked" class="setup__blocked">{move || {
                        if !valid() {
                            Some(s().setup_blocked)
                        } else if one_file.with(Option::is_none) {
                            Some(s().setup_one_file_missing)
                        } else {
                            None
                        }
                    }}</p>
                </li>
            </ol>
            </div>
            </div>
        </section>
    }
}
