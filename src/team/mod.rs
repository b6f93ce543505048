//! The team results page: many result files pooled on this device into an
//! anonymous team report. Every rule (reading, checking, duplicates,
//! scoring, suppression, trends) is the core's `pool`; this module only
//! reads files in batches, shows the report, and saves it.

mod action;
mod chart;
mod compare;
mod holder;
mod own_tab;
mod report;
mod setup;
mod steps;
pub mod strings;

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::archive;
use pulse_core::config::{Config, ConfigRejected};
use pulse_core::pool::{self, Pile, Report};
use pulse_core::Catalogue;

use crate::browser::picked_files;
use crate::browser::pile::{
    dropped, file_name, folder_picker, input_files, next_frame, open_picker, read_batch,
};
use crate::browser::{
    apply_theme, location_hash, log_error, print_page, save_text, set_document_title, set_location_hash,
    today_in_words,
};
use crate::components::Button;
use action::ActionView;
use compare::Compare;
use holder::Holder;
pub use own_tab::SameOriginTeamHost;
use pulse_core::hand_in::{self, HolderKey};
use report::ReportView;
use setup::Setup;
use steps::{Split, StepChosen, TwoHolders};
use strings::s;

/// Files read at once: enough to keep the reads busy, few enough that the
/// progress bar moves.
const BATCH: usize = 500;

/// `part` of `whole` as a percentage, as a person reads it (the core's rounding).
pub fn percent(part: usize, whole: usize) -> String {
    pulse_core::scoring::percent(if whole == 0 { 0.0 } else { part as f64 / whole as f64 })
}

/// Files named in a collapsible list under a heading that counts them;
/// nothing for none.
fn listed(names: &[String], heading: fn(usize) -> String) -> Option<impl IntoView> {
    (!names.is_empty()).then(|| {
        let items = names.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view();
        view! {
            <details class="team__details">
                <summary>{heading(names.len())}</summary>
                <ul>{items}</ul>
            </details>
        }
    })
}

/// The order of the rounds, as the report reads them: the practice's
/// (`rounds` in practice.json); each round it does not list is said so,
/// with its files named, and can be moved earlier or later. Not printed.
fn round_order(
    rounds: &[Option<String>],
    order: RwSignal<Vec<Option<String>>>,
    known: &[String],
    strays: BTreeMap<Option<String>, Vec<String>>,
) -> Option<impl IntoView> {
    if rounds.len() < 2 && strays.is_empty() {
        return None;
    }
    let last = rounds.len().saturating_sub(1);
    let items = rounds
        .iter()
        .enumerate()
        .map(|(i, round)| {
            let label = round.clone().unwrap_or_else(|| s().no_round.to_owned());
            let listed = round.as_ref().is_some_and(|r| known.contains(r));
            let all = rounds.to_vec();
            let mover = move |to: usize| {
                let mut all = all.clone();
                all.swap(i, to);
                order.set(all);
            };
            let earlier = mover.clone();
            let files = strays.get(round).map(|names| {
                let items = names.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view();
                view! {
                    <details class="team__details">
                        <summary>{(s().stray_files)(names.len())}</summary>
                        <ul>{items}</ul>
                    </details>
                }
            });
            view! {
                <li>
                    <span class="team__round-name">{label.clone()}</span>
                    {(!listed).then(|| view! {
                        " "<span class="team__hint">{if known.is_empty() { s().round_unlisted_none } else { s().round_unlisted }}</span>
                        <span class="team__buttons">
                            {(i > 0).then(|| view! { <button type="button" class="button button--small" on:click=move |_| earlier(i - 1)>{(s().move_earlier)(&label)}</button> })}
                            {(i < last).then(|| view! { <button type="button" class="button button--small" on:click=move |_| mover(i + 1)>{(s().move_later)(&label)}</button> })}
                        </span>
                    })}
                    {files}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="team__order no-print" aria-labelledby="order-heading">
            <h2 id="order-heading">{s().order_heading}</h2>
            <p>{s().order_intro}</p>
            <ol>{items}</ol>
        </section>
    })
}

/// How many bytes of a chosen file are read: a step file (`.step`) may be
/// far larger than a result file.
fn max_bytes(name: &str) -> usize {
    if name.to_ascii_lowercase().ends_with(".step") {
        steps::MAX_PAGE_STEP_BYTES
    } else {
        archive::max_bytes_for(name)
    }
}

/// Files chosen that are not for the pile: hand-in files split between two
/// key holders (pooled in the holders' steps) and step files.
#[derive(Default)]
struct SetAside {
    split: Vec<(String, Vec<u8>)>,
    holders: Option<[String; 2]>,
    step: Option<(String, Vec<u8>)>,
}

/// One file read: a split hand-in file or a step file is set aside (the
/// core tells them by their clear part), anything else goes to the pile;
/// a `.zip` gives each of its files.
fn sort_file(pile: &mut Pile, aside: &mut SetAside, name: String, bytes: Vec<u8>) {
    if archive::is_archive(&name) {
        let mut inner = Vec::new();
        if let Err(why) = archive::for_each_in_zip(&name, &bytes, &mut |n, b| inner.push((n.to_owned(), b))) {
            pile.refuse(why);
        }
        for (n, b) in inner {
            sort_file(pile, aside, n, b);
        }
    } else if let Some(holders) = hand_in::split_holders(&bytes) {
        aside.holders.get_or_insert(holders);
        aside.split.push((name, bytes));
    } else if pool::file_format(&bytes).as_deref() == Some(hand_in::STEP_FORMAT) {
        aside.step = Some((name, bytes));
    } else {
        pile.take(&name, bytes);
    }
}

/// What the page says about the files read.
#[derive(Debug, Clone, Default, PartialEq)]
struct Status {
    records: usize,
    definitions: usize,
    refused: Vec<String>,
    duplicates: Vec<String>,
    /// Files an operating system adds, skipped.
    ignored: usize,
}

/// Where the key holder's key is on the team results view.
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyState {
    None,
    Opening,
    /// Open, with its public key line.
    Open(String),
    /// Not opened, with the reason (naming the file).
    Refused(String),
}

/// Which view of the leaders' page shows, from the address's fragment
/// (which changes nothing staff see).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Results,
    Setup,
    Compare,
    Holder,
}

fn view_from_hash() -> View {
    match location_hash().as_str() {
        "#setup" => View::Setup,
        "#compare" => View::Compare,
        "#holder" => View::Holder,
        _ => View::Results,
    }
}

/// The leaders' page: team results, the set-up of the survey (`#setup`),
/// and one person's files side by side (`#compare`): everything that
/// reads result files or writes a configuration, so the survey staff open
/// carries none of it. The views wait for the practice's configuration,
/// read once.
#[component]
pub fn TeamApp() -> impl IntoView {
    // None until the configuration is read (or found missing or faulty).
    let loaded = RwSignal::new(None::<(Config, Option<ConfigRejected>)>);
    // The address names a practice that is not set up here: nothing is
    // shown, so a crafted link cannot lower the practice's minimum group.
    let wrong_address = RwSignal::new(false);
    spawn_local(async move {
        use crate::state::Fetched;
        let read = match crate::state::fetch_practice_config("../").await {
            Fetched::Defaults => (Config::default(), None),
            Fetched::WrongAddress => return wrong_address.set(true),
            Fetched::File { name, text, may_use_defaults } => match crate::state::read_config(&name, &text) {
                Ok(c) => {
                    if let Some(theme) = &c.theme {
                        apply_theme(theme);
                    }
                    (c, None)
                }
                Err(_) if !may_use_defaults => return wrong_address.set(true),
                Err(rejected) => (Config::default(), Some(rejected)),
            },
        };
        loaded.set(Some(read));
    });
    let current = RwSignal::new(view_from_hash());
    let hash = window_event_listener(leptos::ev::hashchange, move |_| current.set(view_from_hash()));
    on_cleanup(move || hash.remove());
    // Each view names the page (WCAG 2.4.2).
    Effect::new(move |_| {
        let name = match current.get() {
            View::Results => s().title,
            View::Setup => s().setup_heading,
            View::Compare => s().compare_heading,
            View::Holder => s().holder_link,
        };
        match loaded.with(|l| l.as_ref().and_then(|(c, _)| c.practice.clone())) {
            Some(practice) => set_document_title(&format!("{name} – {practice} – Practice Pulse")),
            None => set_document_title(&format!("{name} – Practice Pulse")),
        }
    });
    let link = move |view: View, href: &'static str, label: &'static str| {
        view! {
            <a class="nav__link" href=href aria-current=move || (current.get() == view).then_some("page")>{label}</a>
        }
    };

    view! {
        <header class="masthead">
            <p class="masthead__title">"Practice Pulse"</p>
            <nav class="nav no-print" aria-label=s().nav_label>
                <a class="nav__link" href="../">{s().back_to_survey}</a>
                {link(View::Results, "#results", s().title)}
                {link(View::Compare, "#compare", s().nav_compare)}
                {link(View::Setup, "#setup", s().setup_link)}
                {link(View::Holder, "#holder", s().holder_link)}
            </nav>
        </header>
        <main id="main" class="page team">
            {move || wrong_address.get().then(|| view! {
                <section aria-labelledby="wrong-address-heading">
                    <h1 id="wrong-address-heading">{s().wrong_address_heading}</h1>
                    <p>{s().wrong_address_text}</p>
                </section>
            })}
            {move || loaded.get().map(|(config, faults)| {
                let floor = pool::min_group(0, config.min_group_size);
                let fault = faults.is_some();
                // Team results stay alive (and keep their files) while
                // another view shows; the others are made when shown.
                view! {
                    <div hidden=move || current.get() != View::Results>
                        <TeamResults floor=floor config_fault=fault practice=config.practice.clone() known=config.round_order() teams=config.teams.clone() />
                    </div>
                    {move || match current.get() {
                        View::Setup => Some(view! { <Setup config=config.clone() served_faults=faults.clone() /> }.into_any()),
                        View::Compare => Some(view! { <Compare /> }.into_any()),
                        View::Holder => Some(view! { <Holder /> }.into_any()),
                        View::Results => None,
                    }}
                }
            })}
        </main>
    }
}

/// Team results: files in, the anonymous report out.
#[component]
fn TeamResults(
    /// The practice's minimum group size (never below 3): the least k here.
    floor: usize,
    /// Whether the practice's configuration could not be used.
    config_fault: bool,
    /// The practice's name, from its configuration.
    practice: Option<String>,
    /// The practice's rounds, oldest first (`rounds`, then `round`).
    known: Vec<String>,
    /// The practice's teams: "Not given" and teams they do not list never
    /// make up the minimum group hidden groups hold (`pool::Roster`).
    teams: Vec<String>,
) -> impl IntoView {
    // The files taken in as the report's sums; never the files themselves.
    let work = StoredValue::new(Pile::new(Catalogue::builtin()));
    let key_state = RwSignal::new(KeyState::None);
    // Two key holders: the split files chosen (their bytes, for the
    // steps), their count and holders, the other holder's step file, the
    // key open (a copy of the pile's) and the report step 3 made. Memory
    // only, like the pile.
    let split_files = StoredValue::new(Vec::<(String, Vec<u8>)>::new());
    let split = RwSignal::new(None::<Split>);
    let step_file = StoredValue::new(None::<(String, Vec<u8>)>);
    let step = RwSignal::new(None::<StepChosen>);
    let held_key = StoredValue::new(None::<HolderKey>);
    let split_report = RwSignal::new(None::<Report>);
    work.update_value(|pile| {
        pile.set_rounds(known.clone());
        pile.set_teams(teams.clone());
    });
    // The order the report reads rounds in: the practice's, until the
    // leader places a round it does not list (then every round, in order).
    let order = RwSignal::new(known.iter().cloned().map(Some).collect::<Vec<Option<String>>>());
    let known_order = order.get_untracked();
    let known_order_view: Vec<String> = known.clone();
    let known_rounds: Vec<String> = known.clone();
    let (clear_teams, steps_teams) = (teams.clone(), teams);
    // Bumped whenever the pooled files change, so the report is made again.
    let version = RwSignal::new(0u64);
    let status = RwSignal::new(Status::default());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let k = RwSignal::new(floor);
    let asked = RwSignal::new(BTreeMap::<Option<String>, usize>::new());
    // What each picker chose last, in words (files, or the folder's name).
    let chosen_files = RwSignal::new(None::<String>);
    let chosen_folder = RwSignal::new(None::<String>);

    let take = move |files: Vec<web_sys::File>| {
        if files.is_empty() {
            return;
        }
        spawn_local(async move {
            let total = files.len();
            progress.set(Some((0, total)));
            let mut done = 0usize;
            for chunk in files.chunks(BATCH) {
                let chosen = read_batch(chunk, max_bytes).await;
                let mut aside = SetAside::default();
                work.update_value(|pile| {
                    for file in chosen {
                        match file.into_bytes() {
                            Ok((name, bytes)) => sort_file(pile, &mut aside, name, bytes),
                            Err(rejected) => pile.refuse(rejected.to_string()),
                        }
                    }
                });
                if let Some((name, bytes)) = aside.step {
                    step.set(Some(StepChosen::of(&name, &bytes)));
                    step_file.set_value(Some((name, bytes)));
                }
                if !aside.split.is_empty() {
                    split_files.update_value(|files| files.extend(aside.split));
                    let files = split_files.with_value(Vec::len);
                    let holders = split.with_untracked(|sp| sp.as_ref().map(|sp| sp.holders.clone()));
                    if let Some(holders) = holders.or(aside.holders) {
                        split.set(Some(Split { files, holders }));
                    }
                }
                done = done.saturating_add(chunk.len());
                progress.set(Some((done, total)));
                next_frame().await;
            }
            work.update_value(Pile::finish);
            status.set(work.with_value(|pile| Status {
                records: pile.records(),
                definitions: pile.definitions(),
                refused: pile.refused().to_vec(),
                duplicates: pile.duplicates().to_vec(),
                ignored: pile.ignored(),
            }));
            progress.set(None);
            version.update(|v| *v = v.wrapping_add(1));
        });
    };

    // Files or folders dropped anywhere on the page (never opened by the
    // browser in their place).
    let drag = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        // Taken now: the browser forgets a drop's files once the event ends.
        let items = dropped(&ev);
        // Dropped files are for the team report: show it.
        set_location_hash("results");
        spawn_local(async move { take(items.files().await) });
    });
    on_cleanup(move || {
        drag.remove();
        drop.remove();
    });

    // A picker of a whole folder (a property leptos has no attribute for).
    let files_input = NodeRef::<leptos::html::Input>::new();
    let folder = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = folder.get() {
            folder_picker(&input);
        }
    });

    let report = Memo::new(move |_| {
        // Files split between two key holders: the report is step 3's.
        if split.with(Option::is_some) {
            return split_report.get();
        }
        version.track();
        let k = k.get();
        let order = order.get();
        work.try_update_value(|pile| {
            pile.set_round_order(order);
            (pile.records() > 0).then(|| pile.report(k))
        })
        .flatten()
    });

    // The catalogue the report scores by (a practice's own questionnaires too).
    let catalogue = Signal::derive(move || {
        version.track();
        work.with_value(|pile| pile.catalogue().clone())
    });

    let clear = move |_| {
        let mut pile = Pile::new(Catalogue::builtin());
        pile.set_rounds(known.clone());
        pile.set_teams(clear_teams.clone());
        work.set_value(pile);
        order.set(known_order.clone());
        key_state.set(KeyState::None);
        held_key.set_value(None);
        split_files.set_value(Vec::new());
        split.set(None);
        step_file.set_value(None);
        step.set(None);
        split_report.set(None);
        status.set(Status::default());
        asked.set(BTreeMap::new());
        chosen_files.set(None);
        chosen_folder.set(None);
        version.update(|v| *v = v.wrapping_add(1));
    };

    let save = move |csv: bool| {
        let Some(report) = report.get_untracked() else { return };
        let saved = if csv {
            save_text(
                "team-report.csv",
                "text/csv;charset=utf-8",
                &work.with_value(|pile| pool::to_csv(&report.rows, pile.catalogue())),
            )
        } else {
            save_text("team-report.json", "application/json", &pool::to_json(&report))
        };
        if saved.is_err() {
            log_error(s().download_failed);
        }
    };

    let summary = move || {
        let st = status.get();
        let split_n = split.with(|sp| sp.as_ref().map_or(0, |sp| sp.files));
        let plain =
            !(st.records == 0 && st.refused.is_empty() && st.duplicates.is_empty() && st.ignored == 0);
        if !plain && split_n == 0 {
            return view! { <p>{s().empty}</p> }.into_any();
        }
        let refused = listed(&st.refused, s().refused_heading);
        let duplicates = listed(&st.duplicates, s().duplicates_heading);
        view! {
            {(split_n > 0).then(|| view! { <p>{(s().split_summary)(split_n)}</p> })}
            <p hidden=!plain>
                {(s().read_summary)(st.records, st.refused.len(), st.duplicates.len(), st.definitions)}
                {(st.ignored > 0).then(|| format!(" {}", (s().ignored_summary)(st.ignored)))}
            </p>
            {refused}
            {duplicates}
        }
        .into_any()
    };

    let progress_view = move || {
        progress.get().map(|(done, total)| {
            view! {
                <label for="team-progress">{(s().reading)(done, total)}</label>
                <progress id="team-progress" max=total value=done aria-label=s().progress_label></progress>
            }
        })
    };

    // The key holder's key: its file chosen, its passphrase typed, opened
    // into the intake (memory only; the passphrase is dropped once used).
    let key_file = StoredValue::new(None::<(String, Vec<u8>)>);
    // The chosen key file's name (the input is cleared once it is read).
    let key_name = RwSignal::new(None::<String>);
    let key_pass = RwSignal::new(String::new());
    let choose_key = move |ev: leptos::ev::Event| {
        let Some(picked) = picked_files(&ev) else { return };
        spawn_local(async move {
            let chosen = picked.read(hand_in::MAX_KEY_FILE_BYTES).await;
            let file = chosen.into_iter().next().map(|c| c.into_bytes());
            key_file.set_value(match file {
                Some(Ok(read)) => {
                    key_name.set(Some(read.0.clone()));
                    Some(read)
                }
                Some(Err(rejected)) => {
                    key_state.set(KeyState::Refused(rejected.to_string()));
                    None
                }
                None => None,
            });
        });
    };
    let open_key = Callback::new(move |()| {
        let Some((name, bytes)) = key_file.get_value() else {
            key_state.set(KeyState::Refused(s().key_no_file.into()));
            return;
        };
        let phrase = key_pass.get_untracked();
        key_state.set(KeyState::Opening);
        spawn_local(async move {
            // Let "Opening the key…" show before argon2's work.
            next_frame().await;
            match HolderKey::from_key_file(&name, &bytes, &phrase) {
                Ok(key) => {
                    let line = key.public().to_string();
                    held_key.set_value(Some(key.clone()));
                    work.update_value(|pile| pile.add_key(key));
                    key_pass.set(String::new());
                    key_state.set(KeyState::Open(line));
                }
                Err(refused) => key_state.set(KeyState::Refused(refused.to_string())),
            }
        });
    });
    let made = today_in_words(s().lang);
    let key_line = Signal::derive(move || match key_state.get() {
        KeyState::Open(line) => Some(line),
        _ => None,
    });

    let on_k = move |ev: leptos::ev::Event| {
        if let Ok(value) = event_target_value(&ev).trim().parse::<usize>() {
            k.set(pool::min_group(value, floor as u32));
        }
    };

    view! {
            <h1>{(s().title_for)(practice.as_deref())}</h1>
            <p class="no-print">{s().intro}</p>
            <p class="team__honest no-print">{s().honest}</p>
            <details class="team__details no-print">
                <summary>{s().guide_heading}</summary>
                <ul>{s().guide_points.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ul>
            </details>
            {config_fault.then(|| view! { <p class="team__fault no-print">{s().config_fault}</p> })}

            <section class="team__key no-print" aria-labelledby="key-heading">
                <h2 id="key-heading">{s().key_heading}</h2>
                <p>{s().key_intro}</p>
                <form class="team__key-form" on:submit=|ev| ev.prevent_default()>
                    <div class="team__picker">
                        <label for="team-key-file">{s().key_file_label}</label>
                        <input id="team-key-file" type="file" accept=".key,application/json"
                            aria-describedby="team-key-chosen" on:change=choose_key />
                        <p id="team-key-chosen" class="team__hint">{move || key_name.get().map(|n| (s().key_chosen)(&n))}</p>
                    </div>
                    <div class="team__picker">
                        <label for="team-key-pass">{s().key_passphrase_label}</label>
                        <input id="team-key-pass" type="password" autocomplete="current-password" class="setup__input"
                            prop:value=move || key_pass.get()
                            on:input=move |ev| key_pass.set(event_target_value(&ev)) />
                    </div>
                    <Button label=s().key_open on_press=open_key />
                </form>
                <div role="status" class="team__status">
                    {move || match key_state.get() {
                        KeyState::None => None,
                        KeyState::Opening => Some(view! { <p>{s().key_opening}</p> }.into_any()),
                        KeyState::Open(line) => Some(view! { <p>{(s().key_opened)(&line)}</p> }.into_any()),
                        KeyState::Refused(why) => Some(view! { <p class="team__fault">{why}</p> }.into_any()),
                    }}
                </div>
            </section>

            <section class="team__open no-print" aria-labelledby="open-heading">
                <h2 id="open-heading">{s().open_heading}</h2>
                // Buttons that say what they choose, each with what it
                // chose beside it (a file input's own button and "No file
                // chosen" cannot be named).
                <div class="team__pickers">
                    <div class="team__picker">
                        <button type="button" class="button" aria-describedby="team-files-chosen"
                            on:click=move |_| { if let Some(i) = files_input.get() { open_picker(&i) } }>{s().open_files}</button>
                        <input id="team-files" type="file" multiple hidden node_ref=files_input
                            accept=".json,application/json,.zip,application/zip"
                            on:change=move |ev| {
                                let files = input_files(&ev);
                                chosen_files.set(Some((s().chosen_files)(files.len(), files.first().map(file_name).unwrap_or_default().as_str())));
                                take(files)
                            } />
                        <p id="team-files-chosen" class="team__hint">{move || chosen_files.get().unwrap_or_else(|| s().nothing_chosen.to_owned())}</p>
                    </div>
                    <div class="team__picker">
                        <button type="button" class="button" aria-describedby="team-folder-chosen"
                            on:click=move |_| { if let Some(i) = folder.get() { open_picker(&i) } }>{s().open_folder}</button>
                        <input id="team-folder" type="file" multiple hidden node_ref=folder
                            on:change=move |ev| {
                                let files = input_files(&ev);
                                let first = files.first().map(file_name).unwrap_or_default();
                                let top = first.split('/').next().unwrap_or_default().to_owned();
                                chosen_folder.set(Some((s().chosen_folder)(&top, files.len())));
                                take(files)
                            } />
                        <p id="team-folder-chosen" class="team__hint">{move || chosen_folder.get().unwrap_or_else(|| s().nothing_chosen.to_owned())}</p>
                    </div>
                </div>
                <p>{s().drop_here}</p>
                <div role="status" class="team__status">{progress_view}</div>
                <div class="team__summary">{summary}</div>
                <button type="button" class="button" on:click=clear>{s().start_again}</button>
            </section>

            <TwoHolders files=split_files split=split key=held_key key_line=key_line step_file=step_file step=step
                k=k catalogue=catalogue order=order report=split_report known=known_rounds.clone()
                teams=steps_teams.clone() />

            // Not printed: the summary page states k and the rule.
            <section class="team__settings no-print" aria-labelledby="k-heading">
                <h2 id="k-heading">{s().settings_heading}</h2>
                <p class="team__rule">{move || (s().rule)(k.get())}</p>
                <div class="no-print">
                    <label for="team-k">{s().min_group_label}</label>
                    <input id="team-k" type="number" inputmode="numeric" class="team__number"
                        min=floor max=pool::MAX_MIN_GROUP
                        prop:value=move || k.get().to_string()
                        aria-describedby="team-k-hint"
                        on:change=on_k />
                    <p id="team-k-hint" class="team__hint">{(s().min_group_hint)(floor)}</p>
                </div>
            </section>

            {move || report.get().map(|r: Report| view! {
                <section class="team__downloads no-print" aria-labelledby="downloads-heading">
                    <h2 id="downloads-heading">{s().downloads_heading}</h2>
                    <div class="team__buttons">
                        <button type="button" class="button button--primary" on:click=move |_| save(true)>{s().download_csv}</button>
                        <button type="button" class="button" on:click=move |_| save(false)>{s().download_json}</button>
                        <button type="button" class="button" on:click=move |_| print_page()>{s().print}</button>
                    </div>
                </section>
                {round_order(&r.rounds, order, &known_order_view, work.with_value(|pile| pile.unlisted().clone()))}
                {report::summary(&r, &work.with_value(|pile| pile.catalogue().clone()), practice.as_deref(), &made)}
            })}
            // After the summary, before the detail (on screen and in print):
            // what could help, beside each shown measure's figures.
            <ActionView report=report catalogue=catalogue />
            {move || report.get().map(|r: Report| view! {
                <ReportView report=r asked=asked catalogue=work.with_value(|pile| pile.catalogue().clone()) />
            })}
    }
}
