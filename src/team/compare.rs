use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::compare::{comparison, open_all};
use pulse_core::result_file::MAX_FILE_BYTES;
use pulse_core::scoring::{display, plain};
use pulse_core::Outcome;

use pulse_core::compare::Opened;
use pulse_core::{Catalogue, Rejected};

use crate::browser::pile::{input_files, read_batch};
use crate::components::{Button, Look};
use crate::i18n::t;
use crate::team::strings::s;

/// The files opened, and the ones the last choice turned away (shown until
/// the next choice).
#[derive(Debug, Clone, Default, PartialEq)]
struct CompareState {
    opened: Vec<Opened>,
    rejected: Vec<Rejected>,
}

/// For one person comparing their own result files over time: opens them
/// on this device and shows their scores side by side. On the leaders'
/// page (team/#compare), with the rest of result-file reading, so the
/// survey staff open never carries it.
#[component]
pub fn Compare() -> impl IntoView {
    let compare = RwSignal::new(CompareState::default());
    let catalogue = StoredValue::new(Catalogue::builtin());

    let on_change = move |ev: leptos::ev::Event| {
        // Read as the team results read files (one reader on this page).
        let files = input_files(&ev);
        spawn_local(async move {
            let chosen = read_batch(&files, |_| MAX_FILE_BYTES).await;
            let mut readable = Vec::new();
            let mut rejected = Vec::new();
            for file in chosen {
                match file.into_bytes() {
                    Ok(named) => readable.push(named),
                    Err(refused) => rejected.push(refused),
                }
            }
            let (opened, refused) = catalogue.with_value(|c| open_all(c, &readable));
            rejected.extend(refused);
            compare.update(|state| {
                state.opened.extend(opened);
                state.rejected = rejected;
            });
        });
    };

    let rows = Memo::new(move |_| catalogue.with_value(|c| compare.with(|s| comparison(c, &s.opened))));
    let names = Memo::new(move |_| {
        compare.with(|s| {
            s.opened.iter().map(|o| (o.file_name.clone(), o.record.period.to_string())).collect::<Vec<_>>()
        })
    });

    let table = move || {
        let names = names.get();
        if names.is_empty() {
            return Either::Left(view! { <p>{s().compare_empty}</p> });
        }
        let header = names
            .iter()
            .map(|(name, period)| view! { <th scope="col">{name.clone()}<br /><span class="compare__period">{period.clone()}</span></th> })
            .collect_view();
        let body = rows
            .get()
            .into_iter()
            .map(|row| {
                let cells = row
                    .cells
                    .iter()
                    .map(|cell| {
                        let text = match cell {
                            Some(Outcome::Score(v)) => display(*v, row.method),
                            Some(Outcome::NotEnough { answered, needed }) => (t().not_enough)(*answered, *needed),
                            _ => s().not_answered.to_owned(),
                        };
                        view! { <td>{text}</td> }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row">
                            {row.title.clone()}
                            <br />
                            <span class="compare__range">{(s().range)(&plain(row.range.0), &plain(row.range.1))}</span>
                        </th>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        let removers = names
            .iter()
            .enumerate()
            .map(|(i, (name, _))| {
                view! {
                    <li>
                        <Button
                            label=(s().remove_file)(name)
                            look=Look::Small
                            on_press=Callback::new(move |()| compare.update(|s| {
                                if i < s.opened.len() {
                                    s.opened.remove(i);
                                }
                            }))
                        />
                    </li>
                }
            })
            .collect_view();
        Either::Right(view! {
            <div class="compare__scroll" role="region" aria-labelledby="compare-caption" tabindex="0">
                <table class="compare__table">
                    <caption id="compare-caption">{s().compare_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{s().score_column}</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <ul class="compare__removers">{removers}</ul>
        })
    };

    let problems = move || {
        let rejected = compare.with(|s| s.rejected.clone());
        (!rejected.is_empty()).then(|| {
            let items = rejected.iter().map(|r| view! { <li>{r.to_string()}</li> }).collect_view();
            view! {
                <h2>{s().not_opened_heading}</h2>
                <ul>{items}</ul>
            }
        })
    };

    view! {
        <section class="compare" aria-labelledby="compare-heading">
            <h1 id="compare-heading">{s().compare_heading}</h1>
            <p>{s().compare_intro}</p>
            <div class="compare__picker">
                <label for="compare-files" class="compare__label">{s().compare_open_files}</label>
                <input id="compare-files" class="compare__input" type="file" multiple accept=".json,application/json" on:change=on_change />
            </div>
            <div role="alert" class="compare__problems">{problems}</div>
            // More than a few files is likely a team's: point to the team page.
            {move || (names.with(Vec::len) > 3).then(|| view! {
                <p class="compare__many">{s().compare_many}" "<a href="#results">{s().nav_team_results}</a></p>
            })}
            {table}
        </section>
    }
}
