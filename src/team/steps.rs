//! The two key holders' guided view on Team results: when the files chosen
//! are split between two key holders (Prio3), the page says so and leads
//! each holder through their step with their own key only: the first
//! holder saves step 1 (`a.step`), the second saves step 2 (`b.step`) from
//! it, and the first makes the team report from that, shown as for plain
//! files. Which step is this holder's follows from the files chosen, the
//! key open and the step file chosen, never from the address. Every rule
//! and refusal is the core's `SplitPile`; the page stores nothing (the key
//! and the step files live in this page's memory; a step is offered as a
//! download). The steps run on the main thread, after a frame that shows
//! what is being done: `bench/hand-in-steps.mjs` measures them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::hand_in::ledger::{self, Decision, Ledger, LEDGER_FILE, MAX_LEDGER_BYTES};
use pulse_core::hand_in::steps::read_step;
use pulse_core::hand_in::{HolderKey, SplitPile};
use pulse_core::pool::Report;
use pulse_core::Catalogue;

use crate::browser::pile::{next_frame, open_picker};
use crate::browser::{current_period, log_error, picked_files, save_text};
use crate::team::strings::s;

/// What step 1 (and step 1 made again) is saved as: the name `pulse pool
/// --out-step a.step` is shown with in docs/hand-in.md.
pub const STEP_ONE_FILE: &str = "a.step";
/// What step 2 is saved as.
pub const STEP_TWO_FILE: &str = "b.step";
/// The largest step file the page reads: one for 100,000 responses is
/// about 60 MB.
pub const MAX_PAGE_STEP_BYTES: usize = 128 * 1024 * 1024;

/// The files chosen that are split between two key holders.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// How many files.
    pub files: usize,
    /// The two holders' public key lines (the first holder first), as the
    /// first split file's clear part names them.
    pub holders: [String; 2],
}

/// A step file chosen, as far as the core could read it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepChosen {
    pub name: String,
    /// Its stage, minimum group and responses refused by the proof, and
    /// whether it carries sums (a step 2 that refused none); or why the
    /// core could not read it (naming the file).
    pub read: Result<StepSeen, String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepSeen {
    pub stage: u8,
    pub min_group: usize,
    pub refused: usize,
    pub sums: bool,
}

impl StepChosen {
    /// Reads `bytes` as a step file with the core.
    pub fn of(name: &str, bytes: &[u8]) -> Self {
        let read = read_step(name, bytes)
            .map(|step| StepSeen {
                stage: step.stage,
                min_group: step.min_group,
                refused: step.refused.len(),
                sums: step.cells.is_some(),
            })
            .map_err(|e| e.to_string());
        Self { name: name.to_owned(), read }
    }
}

/// Where this holder is, from the files, the key and the step file chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// No key open yet: the three steps, and who makes each.
    NoKey,
    /// The key open is neither holder's of these files.
    NotTheirs,
    /// The first holder, without the second's step 2: save step 1.
    One,
    /// The first holder, with a step 2 that left out responses whose
    /// proof fails: save step 1 again, leaving them out.
    OneAgain(usize),
    /// The second holder: choose step 1, then save step 2 (`ready` once
    /// a step 1 is chosen).
    Two { ready: bool },
    /// The first holder, with the second's step 2: make the report.
    Three,
}

impl Stage {
    /// Which of the three steps this is (none before a holder's key opens).
    pub fn number(&self) -> Option<usize> {
        match self {
            Stage::NoKey | Stage::NotTheirs => None,
            Stage::One | Stage::OneAgain(_) => Some(1),
            Stage::Two { .. } => Some(2),
            Stage::Three => Some(3),
        }
    }
}

/// This holder's stage, and a note when the step file chosen is not the
/// one this step takes (naming it).
pub fn stage(holders: &[String; 2], key: Option<&str>, step: Option<&StepChosen>) -> (Stage, Option<String>) {
    let Some(key) = key else { return (Stage::NoKey, None) };
    let first = key == holders[0];
    if !first && key != holders[1] {
        return (Stage::NotTheirs, None);
    }
    let seen = match step.map(|c| (c.name.as_str(), &c.read)) {
        None => None,
        Some((_, Err(why))) => {
            let stage = if first { Stage::One } else { Stage::Two { ready: false } };
            return (stage, Some(why.clone()));
        }
        Some((name, Ok(seen))) => Some((name, *seen)),
    };
    match (first, seen) {
        (true, None) => (Stage::One, None),
        (true, Some((name, seen))) if seen.stage == 1 => (Stage::One, Some((s().steps_own_step_one)(name))),
        (true, Some((_, seen))) if !seen.sums => (Stage::OneAgain(seen.refused), None),
        (true, Some(_)) => (Stage::Three, None),
        (false, None) => (Stage::Two { ready: false }, None),
        (false, Some((_, seen))) if seen.stage == 1 => (Stage::Two { ready: true }, None),
        (false, Some((name, _))) => (Stage::Two { ready: false }, Some((s().steps_not_step_one)(name))),
    }
}

/// A public key line shortened to tell the two holders apart in a sentence.
fn short(line: &str) -> String {
    let cut: String = line.chars().take(24).collect();
    format!("{cut}\u{2026}")
}

/// A round and team, as a file's clear part names them.
type RoundTeam = (Option<String>, Option<String>);

/// What every holder checks before a step, all in clear in the files
/// (the core's `SplitPile::files_per_round_and_team` and
/// `unlisted_rounds`, as `pulse pool` prints them).
#[derive(Debug, Clone, PartialEq)]
pub struct PileSeen {
    /// Files per round and team, each response once.
    pub files: Vec<(RoundTeam, usize)>,
    /// Files per round: the total to check against how many handed in.
    pub totals: Vec<(Option<String>, usize)>,
    /// Teams the practice's practice.json does not list (R5-9).
    pub unchecked: Vec<String>,
    /// Rounds the practice's practice.json does not list.
    pub unlisted: Vec<Option<String>>,
    /// Each round's receipts, sorted.
    pub receipts: Vec<(Option<String>, Vec<String>)>,
}

impl PileSeen {
    /// Opens the files with `key` (as a step does first) and reads them.
    fn of(
        catalogue: Catalogue,
        key: HolderKey,
        (known, teams): (Vec<String>, Vec<String>),
        files: &[(String, Vec<u8>)],
    ) -> Option<Self> {
        let mut pile = SplitPile::new(catalogue, key);
        pile.set_rounds(known);
        pile.set_teams(teams);
        for (name, bytes) in files {
            pile.take(name, bytes.clone());
        }
        pile.open().ok()?;
        Some(Self {
            files: pile.files_per_round_and_team().into_iter().collect(),
            totals: pile.files_per_round().into_iter().collect(),
            unchecked: pile.unchecked_teams().into_iter().flatten().collect(),
            unlisted: pile.unlisted_rounds(),
            receipts: pile.receipts_per_round().into_iter().collect(),
        })
    }
}

/// The table of files per round and team, the rounds the practice does
/// not list, and what to compare them with; at step 2 (`step_two`), over
/// more than one round, each round's warning of a release before.
fn seen_view(seen: PileSeen, step_two: bool) -> impl IntoView {
    let round_name = |r: &Option<String>| r.clone().unwrap_or_else(|| s().steps_files_no_round.to_owned());
    // Each round's teams, then its total: the one count that catches
    // made-up files in a group no roster checks (R5-9).
    let rows = seen
        .totals
        .iter()
        .map(|(this, total)| {
            let teams = seen
                .files
                .iter()
                .filter(|((round, _), _)| round == this)
                .map(|((round, team), n)| {
                    view! {
                        <tr>
                            <td>{round_name(round)}</td>
                            <td>{team.clone().unwrap_or_else(|| s().steps_files_not_given.to_owned())}</td>
                            <td>{n.to_string()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                {teams}
                <tr class="steps__total">
                    <td>{round_name(this)}</td>
                    <td>{s().steps_files_round_total}</td>
                    <td>{total.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let unchecked = seen
        .unchecked
        .iter()
        .map(|t| view! { <p class="team__fault">{(s().steps_unlisted_team)(t)}</p> })
        .collect_view();
    let [round, team, files] = s().steps_files_head;
    let unlisted = seen
        .unlisted
        .iter()
        .map(|r| view! { <p class="team__fault">{(s().steps_unlisted)(&round_name(r))}</p> })
        .collect_view();
    let rounds: std::collections::BTreeSet<Option<String>> =
        seen.files.iter().map(|((round, _), _)| round.clone()).collect();
    let before = (step_two && rounds.len() > 1).then(|| {
        rounds.iter().map(|r| view! { <li>{(s().steps_released_before)(&round_name(r))}</li> }).collect_view()
    });
    let receipts = seen
        .receipts
        .iter()
        .enumerate()
        .map(|(i, (round, list))| {
            let id = format!("steps-receipts-{i}");
            let labelled_by = id.clone();
            view! {
                <details class="team__details" aria-labelledby=labelled_by>
                    <summary id=id>{(s().steps_receipts)(&round_name(round), list.len())}</summary>
                    <p class="team__receipt-list">{list.join(" ")}</p>
                </details>
            }
        })
        .collect_view();
    view! {
        <table class="team__table steps__files">
            <caption>{s().steps_files_caption}</caption>
            <thead><tr><th scope="col">{round}</th><th scope="col">{team}</th><th scope="col">{files}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {unlisted}
        {unchecked}
        <p class="team__honest">{s().steps_compare}</p>
        {before.map(|items| view! { <ul class="steps__before team__fault">{items}</ul> })}
        <p>{s().steps_receipts_note}</p>
        {receipts}
    }
}

/// What the last step came to.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Working(&'static str),
    Done(String),
    Refused(String),
    /// Step 2 refused by the second holder's record of releases (or a
    /// record that cannot be read): said as an alert, naming the round.
    Held(String),
}

/// The second holder's record of releases chosen: its file's name, and
/// the ledger the core read or why it could not.
type LedgerChosen = (String, Result<Ledger, String>);

/// A round's name as the page writes it (no round: "No round").
fn round_label(round: &Option<String>) -> String {
    round.clone().unwrap_or_else(|| s().steps_files_no_round.to_owned())
}

/// The step a holder can take.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    One,
    OneAgain,
    Two,
    Report,
}

/// The guided view: nothing unless the files chosen are split.
#[component]
pub fn TwoHolders(
    /// The split files chosen, as read (name, bytes); never stored.
    files: StoredValue<Vec<(String, Vec<u8>)>>,
    /// Their count and holders; `None` when none are chosen.
    split: RwSignal<Option<Split>>,
    /// The key open on this page (the same the pile has), in memory only.
    key: StoredValue<Option<HolderKey>>,
    /// The open key's public key line.
    key_line: Signal<Option<String>>,
    /// The other holder's step file, as read.
    step_file: StoredValue<Option<(String, Vec<u8>)>>,
    /// What the core read in it.
    step: RwSignal<Option<StepChosen>>,
    /// The minimum group the page is set to.
    k: RwSignal<usize>,
    /// The catalogue the pile scores by (a practice's own questionnaires too).
    catalogue: Signal<Catalogue>,
    /// The order rounds are read in.
    order: RwSignal<Vec<Option<String>>>,
    /// The team report step 3 made (the page shows it as any report).
    report: RwSignal<Option<Report>>,
    /// The practice's rounds (practice.json), oldest first.
    known: Vec<String>,
    /// The practice's teams (practice.json): what a roster checks.
    teams: Vec<String>,
) -> impl IntoView {
    let outcome = RwSignal::new(None::<Outcome>);
    // The second holder's record of releases chosen (none: a new one),
    // the updated one to save after a step 2 with sums, and what saving
    // it came to.
    let ledger_chosen = RwSignal::new(None::<LedgerChosen>);
    let ledger_out = RwSignal::new(None::<String>);
    let ledger_note = RwSignal::new(None::<String>);
    let refused = RwSignal::new(Vec::<String>::new());
    let duplicates = RwSignal::new(Vec::<String>::new());
    let busy = Memo::new(move |_| matches!(outcome.get(), Some(Outcome::Working(_))));
    let staged = Memo::new(move |_| {
        split.with(|sp| {
            sp.as_ref()
                .map(|sp| step.with(|c| key_line.with(|l| stage(&sp.holders, l.as_deref(), c.as_ref()))))
        })
    });

    // The files per round and team, read again whenever the files or the
    // key change while this is a holder's step (the newest reading wins).
    let seen = RwSignal::new(None::<PileSeen>);
    let reading = StoredValue::new(0u64);
    let known = StoredValue::new(known);
    let teams = StoredValue::new(teams);
    let holder_now = Memo::new(move |_| {
        let here = staged.get().is_some_and(|(st, _)| st.number().is_some());
        here.then(|| (split.get(), key_line.get()))
    });
    Effect::new(move |_| {
        let now = holder_now.get();
        seen.set(None);
        reading.update_value(|r| *r = r.wrapping_add(1));
        if now.is_none() {
            return;
        }
        let Some(chosen) = key.with_value(|k| k.clone()) else { return };
        let this = reading.get_value();
        spawn_local(async move {
            next_frame().await;
            if reading.get_value() != this {
                return;
            }
            let read = files.with_value(|fs| {
                PileSeen::of(catalogue.get_untracked(), chosen, (known.get_value(), teams.get_value()), fs)
            });
            if reading.get_value() == this {
                seen.set(read);
            }
        });
    });

    let run = move |action: Action| {
        let Some(chosen) = key.with_value(|k| k.clone()) else { return };
        let k_now = k.get_untracked();
        let working = match action {
            Action::One | Action::OneAgain => s().steps_making_one,
            Action::Two => s().steps_making_two,
            Action::Report => s().steps_making_report,
        };
        outcome.set(Some(Outcome::Working(working)));
        ledger_out.set(None);
        ledger_note.set(None);
        let chosen_ledger = ledger_chosen.get_untracked();
        spawn_local(async move {
            // Let "Making step 1…" show before the proofs' work.
            next_frame().await;
            let mut pile = SplitPile::new(catalogue.get_untracked(), chosen);
            pile.set_rounds(order.get_untracked().into_iter().flatten().collect());
            pile.set_teams(teams.get_value());
            files.with_value(|fs| {
                for (name, bytes) in fs {
                    pile.take(name, bytes.clone());
                }
            });
            let given = step_file.get_value();
            let seen = step.get_untracked().and_then(|c| c.read.ok());
            let result = match (action, given, seen) {
                (Action::One, _, _) => pile
                    .step_one(k_now, None)
                    .map(|text| saved(STEP_ONE_FILE, &text, (s().steps_saved_one)(STEP_ONE_FILE, k_now))),
                (Action::OneAgain, Some((name, bytes)), Some(seen)) => {
                    pile.step_one(seen.min_group, Some((&name, &bytes))).map(|text| {
                        saved(STEP_ONE_FILE, &text, (s().steps_saved_one_again)(STEP_ONE_FILE, &name))
                    })
                }
                (Action::Two, Some((name, bytes)), Some(seen)) => {
                    if seen.min_group.max(3) != k_now.max(3) {
                        Ok(Outcome::Refused((s().steps_other_k)(&name, seen.min_group, k_now)))
                    } else {
                        // The record of releases: the one chosen (a bad one
                        // stops step 2, naming the file), else a new one.
                        let kept = match chosen_ledger {
                            Some((_, Err(why))) => Err(why),
                            Some((_, Ok(kept))) => Ok(kept),
                            None => Ok(Ledger::new()),
                        };
                        match (kept, current_period()) {
                            (Err(why), _) => Ok(Outcome::Held(why)),
                            (Ok(_), None) => Ok(Outcome::Refused(s().steps_no_month.into())),
                            (Ok(kept), Some(month)) => pile.step_two(&name, &bytes, k_now).map(|text| {
                                let left_out = read_step(STEP_TWO_FILE, text.as_bytes())
                                    .ok()
                                    .filter(|st| st.cells.is_none())
                                    .map(|st| st.refused.len());
                                let k = k_now.max(3);
                                // The core's one rule, before anything is saved.
                                let decided = pile.released().map(|r| ledger::decide(&kept, r, k, month));
                                match (left_out, decided) {
                                    (_, Some(Err(held))) => Outcome::Held(held.to_string()),
                                    (Some(n), _) => saved(
                                        STEP_TWO_FILE,
                                        &text,
                                        (s().steps_saved_two_refused)(STEP_TWO_FILE, n),
                                    ),
                                    (None, decided) => {
                                        let mut done = vec![(s().steps_saved_two)(STEP_TWO_FILE, k_now)];
                                        let mut updated = None;
                                        if let Some(Ok((after, decisions))) = decided {
                                            for (round, decision) in &decisions {
                                                done.push(match decision {
                                                    Decision::First => {
                                                        (s().steps_ledger_first)(&round_label(round))
                                                    }
                                                    Decision::Same(m) => (s().steps_ledger_same)(
                                                        &round_label(round),
                                                        &m.to_string(),
                                                    ),
                                                });
                                            }
                                            updated = Some(after.to_json());
                                        }
                                        let outcome = saved(STEP_TWO_FILE, &text, done.join(" "));
                                        if matches!(outcome, Outcome::Done(_)) {
                                            ledger_out.set(updated);
                                        }
                                        outcome
                                    }
                                }
                            }),
                        }
                    }
                }
                (Action::Report, Some((name, bytes)), Some(seen)) => {
                    if seen.min_group.max(3) != k_now.max(3) {
                        Ok(Outcome::Refused((s().steps_report_other_k)(&name, seen.min_group, k_now)))
                    } else {
                        pile.report(&name, &bytes, k_now).map(|made| {
                            report.set(Some(made));
                            Outcome::Done((s().steps_report_made)(k_now))
                        })
                    }
                }
                _ => Ok(Outcome::Refused(s().steps_no_step_file.into())),
            };
            refused.set(pile.refused().to_vec());
            duplicates.set(pile.duplicates().to_vec());
            outcome.set(Some(result.unwrap_or_else(|why| Outcome::Refused(why.to_string()))));
        });
    };

    // A report or a step made from other files, another key, another step
    // file or another minimum group no longer holds: it goes.
    Effect::new(move |first: Option<()>| {
        split.track();
        step.track();
        key_line.track();
        k.track();
        if first.is_some() {
            report.set(None);
            outcome.set(None);
            refused.set(Vec::new());
            duplicates.set(Vec::new());
            ledger_out.set(None);
            ledger_note.set(None);
        }
    });
    // "Clear and start again" (no files) or another key: the record of
    // releases chosen is forgotten with the rest.
    Effect::new(move |before: Option<Option<String>>| {
        let line = key_line.get();
        let cleared = split.with(Option::is_none);
        if before.is_some_and(|b| cleared || b != line) {
            ledger_chosen.set(None);
        }
        line
    });
    // Another record of releases chosen: the last step 2's offer goes.
    Effect::new(move |first: Option<()>| {
        ledger_chosen.track();
        if first.is_some() {
            outcome.set(None);
            ledger_out.set(None);
            ledger_note.set(None);
        }
    });
    // The rounds moved: the report is made again in the new order.
    Effect::new(move |first: Option<()>| {
        order.track();
        if first.is_some() && report.with_untracked(Option::is_some) {
            run(Action::Report);
        }
    });

    let step_input = NodeRef::<leptos::html::Input>::new();
    let choose_step = move |ev: leptos::ev::Event| {
        let Some(picked) = picked_files(&ev) else { return };
        spawn_local(async move {
            let chosen = picked.read(MAX_PAGE_STEP_BYTES).await;
            if let Some(file) = chosen.into_iter().next() {
                match file.into_bytes() {
                    Ok((name, bytes)) => {
                        step.set(Some(StepChosen::of(&name, &bytes)));
                        step_file.set_value(Some((name, bytes)));
                    }
                    Err(rejected) => {
                        step_file.set_value(None);
                        step.set(Some(StepChosen {
                            name: rejected.file_name.clone(),
                            read: Err(rejected.to_string()),
                        }));
                    }
                }
            }
        });
    };

    let ledger_input = NodeRef::<leptos::html::Input>::new();
    let choose_ledger = move |ev: leptos::ev::Event| {
        let Some(picked) = picked_files(&ev) else { return };
        spawn_local(async move {
            let chosen = picked.read(MAX_LEDGER_BYTES).await;
            if let Some(file) = chosen.into_iter().next() {
                ledger_chosen.set(Some(match file.into_bytes() {
                    Ok((name, bytes)) => {
                        let read = Ledger::read(&name, &bytes).map_err(|e| e.to_string());
                        (name, read)
                    }
                    Err(rejected) => (rejected.file_name.clone(), Err(rejected.to_string())),
                }));
            }
        });
    };
    let save_ledger = move |_| {
        let Some(text) = ledger_out.get_untracked() else { return };
        ledger_note.set(Some(match save_text(LEDGER_FILE, "application/json", &text) {
            Ok(()) => (s().steps_ledger_saved)(LEDGER_FILE),
            Err(_) => {
                log_error(s().download_failed);
                s().download_failed.into()
            }
        }));
    };
    // The record of releases, at step 2: what it is, the picker, what was
    // chosen (a file the core refused: said as an alert, naming it).
    let ledger_view = move || {
        view! {
            <section class="steps__ledger" aria-labelledby="steps-ledger-heading">
                <h3 id="steps-ledger-heading">{s().steps_ledger_heading}</h3>
                <p>{s().steps_ledger_about}</p>
                <div class="team__picker">
                    <button type="button" class="button" aria-describedby="steps-ledger-chosen"
                        on:click=move |_| { if let Some(i) = ledger_input.get() { open_picker(&i) } }>{s().steps_ledger_choose}</button>
                    <input id="steps-ledger" type="file" hidden node_ref=ledger_input
                        accept=".json,application/json" on:change=choose_ledger />
                    <p id="steps-ledger-chosen" class="team__hint" role="status">
                        {move || match ledger_chosen.get() {
                            None => s().steps_ledger_none.to_owned(),
                            Some((name, Ok(kept))) => (s().steps_ledger_chosen)(&name, kept.releases().len()),
                            Some((name, Err(_))) => (s().key_chosen)(&name),
                        }}
                    </p>
                </div>
                {move || ledger_chosen.get().and_then(|(_, read)| read.err()).map(|why| {
                    view! { <p class="team__fault" role="alert">{why}</p> }
                })}
            </section>
        }
    };

    let steps_list = move |current: Option<usize>| {
        s().steps_list
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let here = current == Some(i + 1);
                view! {
                    <li class="steps__step" class:steps__step--current=here aria-current=here.then_some("step")>
                        {*text}
                        {here.then(|| view! { " " <strong>{s().steps_you_are_here}</strong> })}
                    </li>
                }
            })
            .collect_view()
    };

    let action_view = move |stage: Stage| {
        let button = |label: &'static str, action: Action| {
            view! {
                <button type="button" class="button button--primary" disabled=move || busy.get()
                    on:click=move |_| run(action)>{label}</button>
            }
        };
        match stage {
            Stage::NoKey => view! { <p>{s().steps_open_key}</p> }.into_any(),
            Stage::NotTheirs => {
                view! { <p class="team__fault" role="alert">{s().steps_not_theirs}</p> }.into_any()
            }
            Stage::One => view! {
                <p>{s().steps_you_first}</p>
                <p>{s().steps_one_what}</p>
                {button(s().steps_save_one, Action::One)}
            }
            .into_any(),
            Stage::OneAgain(n) => view! {
                <p>{s().steps_you_first}</p>
                <p>{(s().steps_one_again_what)(&step.get_untracked().map(|c| c.name).unwrap_or_default(), n)}</p>
                {button(s().steps_save_one_again, Action::OneAgain)}
            }
            .into_any(),
            Stage::Two { ready } => view! {
                <p>{s().steps_you_second}</p>
                <p>{if ready { s().steps_two_ready } else { s().steps_two_what }}</p>
                {ready.then(ledger_view)}
                {ready.then(|| button(s().steps_save_two, Action::Two))}
            }
            .into_any(),
            Stage::Three => view! {
                <p>{s().steps_you_first}</p>
                <p>{s().steps_three_what}</p>
                {button(s().steps_make_report, Action::Report)}
            }
            .into_any(),
        }
    };

    move || {
        let sp = split.get()?;
        let (stage, note) = staged.get()?;
        let number = stage.number();
        let mine = key_line.get();
        let who = |i: usize| {
            let line = &sp.holders[i];
            let yours = mine.as_deref() == Some(line.as_str());
            (s().steps_holder)(i, &short(line), yours)
        };
        let holder_step = !matches!(stage, Stage::NoKey | Stage::NotTheirs);
        let at_two = matches!(stage, Stage::Two { .. });
        Some(view! {
            <section class="steps no-print" aria-labelledby="steps-heading">
                <h2 id="steps-heading">{(s().steps_heading)(number)}</h2>
                <p>{(s().steps_intro)(sp.files)}</p>
                <p class="team__honest">{s().steps_reads}</p>
                <ul class="steps__holders">
                    <li>{who(0)}</li>
                    <li>{who(1)}</li>
                </ul>
                <ol class="steps__list">{steps_list(number)}</ol>
                <p>{s().steps_route}</p>
                {holder_step.then(|| view! {
                    <div class="steps__files-seen">
                        // Once the report is made, the table (every team's
                        // files, the small ones too) is folded away under a
                        // closed heading: the report shows just below it,
                        // on a screen others may see. With a record of
                        // releases that reads, step 2 checks each round
                        // itself: no warning needed.
                        {move || {
                            let warn = at_two && !ledger_chosen.with(|l| l.as_ref().is_some_and(|(_, r)| r.is_ok()));
                            match (seen.get(), report.with(Option::is_some)) {
                                (Some(read), true) => view! {
                                    <details class="team__details" aria-labelledby="steps-files-checked">
                                        <summary id="steps-files-checked">{s().steps_files_checked}</summary>
                                        {seen_view(read, warn)}
                                    </details>
                                }
                                .into_any(),
                                (Some(read), false) => seen_view(read, warn).into_any(),
                                (None, _) => view! { <p class="team__hint">{s().steps_files_reading}</p> }.into_any(),
                            }
                        }}
                    </div>
                })}
                <div class="steps__action">{action_view(stage)}</div>
                {holder_step.then(|| view! {
                    <div class="team__picker">
                        <button type="button" class="button" aria-describedby="steps-file-chosen"
                            on:click=move |_| { if let Some(i) = step_input.get() { open_picker(&i) } }>{s().steps_choose_file}</button>
                        <input id="steps-file" type="file" hidden node_ref=step_input
                            accept=".step,application/json" on:change=choose_step />
                        // Said aloud: the button a step file makes ready comes
                        // before this picker, where Tab from here does not go.
                        <p id="steps-file-chosen" class="team__hint" role="status">
                            {move || step.get().map_or_else(|| s().nothing_chosen.to_owned(), |c| {
                                let chosen = (s().key_chosen)(&c.name);
                                match staged.get().map(|(stage, _)| stage).as_ref().and_then(next_button) {
                                    Some(button) => format!("{chosen}. {}", (s().steps_next)(button)),
                                    None => chosen,
                                }
                            })}
                        </p>
                    </div>
                })}
                // A step file that is not the one this step takes: said aloud.
                {note.map(|n| view! { <p class="team__fault" role="alert">{n}</p> })}
                <div role="status" class="team__status">
                    {move || outcome.get().map(|o| match o {
                        Outcome::Working(what) => view! { <p>{what}</p> }.into_any(),
                        Outcome::Done(what) => view! { <p>{what}</p> }.into_any(),
                        Outcome::Refused(why) => view! { <p class="team__fault">{why}</p> }.into_any(),
                        Outcome::Held(_) => ().into_any(),
                    })}
                </div>
                // Step 2 refused by the record of releases: an alert naming the round.
                {move || match outcome.get() {
                    Some(Outcome::Held(why)) => Some(view! { <p class="team__fault" role="alert">{why}</p> }),
                    _ => None,
                }}
                // After a step 2 with sums: the updated record, to save.
                {move || ledger_out.get().map(|_| view! {
                    <div class="steps__ledger-save">
                        <p>{if ledger_chosen.with(Option::is_some) { s().steps_ledger_save_now } else { s().steps_ledger_save_new }}</p>
                        <button type="button" class="button button--primary" on:click=save_ledger>{s().steps_ledger_save}</button>
                        <p class="team__hint" role="status">{move || ledger_note.get()}</p>
                    </div>
                })}
                {move || super::listed(&refused.get(), s().refused_heading)}
                {move || super::listed(&duplicates.get(), s().duplicates_heading)}
            </section>
        })
    }
}

/// The button a step file chosen makes ready at `stage`, if any.
fn next_button(stage: &Stage) -> Option<&'static str> {
    match stage {
        Stage::Two { ready: true } => Some(s().steps_save_two),
        Stage::OneAgain(_) => Some(s().steps_save_one_again),
        Stage::Three => Some(s().steps_make_report),
        _ => None,
    }
}

/// Offers `text` for saving as `file`; what the page then says.
fn saved(file: &str, text: &str, done: String) -> Outcome {
    match save_text(file, "application/json", text) {
        Ok(()) => Outcome::Done(done),
        Err(_) => {
            log_error(s().download_failed);
            Outcome::Refused(s().download_failed.into())
        }
    }
}
