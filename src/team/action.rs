//! From results to action: beside each measure's shown figures in the
//! latest round, the suggestions that apply (the core's `suggest`, from
//! the catalogue built into this page only), each with its source; the
//! team's action plan (pick suggestions or write one's own, an owner and a
//! review month each), saved as `practice-pulse-plan.json`; and a plan
//! opened with the next round's files, each action beside its measure's
//! change. Every rule is the core's; this module only draws it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::instrument::{Method, ScoreSpec};
use pulse_core::plan::{self, Action, Outcome, Plan};
use pulse_core::pool::{find_spec, shown, Change, Group, Report};
use pulse_core::scoring::display;
use pulse_core::suggest::{suggest, Because, Suggestions};
use pulse_core::Catalogue;

use super::strings::a;
use crate::browser::{log_error, picked_files, save_text};

/// A figure at the precision the report shows its measure in (whole
/// numbers on 0–100, one decimal on 1–7: `pool::shown`).
fn number(value: f64, spec: Option<&ScoreSpec>) -> String {
    match spec {
        Some(sp) => shown::figure(value, shown::places(sp.range())),
        None => display(value, Method::Mean),
    }
}

fn round_name(round: &Option<String>) -> String {
    round.clone().unwrap_or_else(|| super::strings::s().no_round.to_owned())
}

/// Why a suggestion applies, in words.
fn because(b: &Because, spec: Option<&ScoreSpec>) -> String {
    match b {
        Because::Worsening { from_round, difference, ci } => (a().because_worsening)(
            &round_name(from_round),
            &number(*difference, spec),
            &number(ci.0, spec),
            &number(ci.1, spec),
        ),
        Because::ConcernBand { label } => (a().because_band)(label),
        Because::AboveReference { label, reference } => {
            (a().because_reference)(&pulse_core::scoring::percent(*reference), label)
        }
        Because::WorseThanMidpoint { midpoint } => (a().because_midpoint)(&number(*midpoint, spec)),
        Because::Shown => a().because_shown.to_owned(),
    }
}

/// One suggestion as drawn: owned, so the view needs no borrow.
#[derive(Clone)]
struct Shown {
    id: String,
    text: String,
    citation: String,
    link: String,
    licence: String,
    /// Each shown group it applies to, with why.
    groups: Vec<(Group, String)>,
    relevance: u8,
}

/// Every measure with suggestions for the latest round: its title, each
/// shown group's figure, and the suggestions (most relevant first).
type Measures = Vec<(String, String, Vec<String>, Vec<Shown>)>;

fn measures(report: &Report, catalogue: &Catalogue, suggestions: &Suggestions) -> Measures {
    let latest = report.rounds.last().cloned().flatten();
    let advice = suggest(report, catalogue, suggestions, &latest);
    let mut out: Measures = Vec::new();
    for item in &advice {
        let spec = find_spec(catalogue, &item.measure);
        let at = match out.iter().position(|(m, ..)| *m == item.measure) {
            Some(at) => at,
            None => {
                let title = spec.map_or_else(|| item.measure.clone(), |s| s.title().to_owned());
                out.push((item.measure.clone(), title, Vec::new(), Vec::new()));
                out.len().saturating_sub(1)
            }
        };
        let Some((_, _, figures, shown)) = out.get_mut(at) else { continue };
        let row = report
            .rows
            .iter()
            .find(|r| r.round == latest && r.group == item.group && r.measure == item.measure);
        if let Some(stats) = row.and_then(|r| r.stats) {
            // As the report shows them (rounded to the measure's precision).
            let ci = stats
                .ci
                .map_or_else(String::new, |(lo, hi)| (a().figure_ci)(&stats.text(lo), &stats.text(hi)));
            figures.push((a().figure)(&item.group.to_string(), &stats.text(stats.mean), stats.n, &ci));
        }
        for applied in &item.suggestions {
            let why = because(&applied.because, spec);
            let relevance = applied.because.condition().relevance();
            match shown.iter_mut().find(|s| s.id == applied.suggestion.id()) {
                Some(s) => {
                    s.groups.push((item.group.clone(), why));
                    s.relevance = s.relevance.max(relevance);
                }
                None => shown.push(Shown {
                    id: applied.suggestion.id().to_owned(),
                    text: applied.suggestion.text().to_owned(),
                    citation: applied.source.citation.clone(),
                    link: applied.source.link.clone(),
                    licence: applied.source.licence.clone(),
                    groups: vec![(item.group.clone(), why)],
                    relevance,
                }),
            }
        }
    }
    for (_, _, _, shown) in &mut out {
        // Stable: most relevant first, then the catalogue's order.
        shown.sort_by_key(|s| std::cmp::Reverse(s.relevance));
    }
    out
}

/// The measures that have suggestions in the latest round (those the
/// report's detail links to).
pub(super) fn suggested_measures(report: &Report, catalogue: &Catalogue) -> Vec<String> {
    Suggestions::builtin()
        .map(|s| measures(report, catalogue, &s).into_iter().map(|(m, ..)| m).collect())
        .unwrap_or_default()
}

/// An action's change since the plan, in words.
fn outcome_words(reviewed: &plan::Reviewed<'_>, plan: &Plan, spec: Option<&ScoreSpec>, k: usize) -> String {
    match &reviewed.outcome {
        Outcome::Compared(t) => {
            let interval = t.ci.map_or_else(
                || a().no_interval.to_owned(),
                |(lo, hi)| (a().interval)(&number(lo, spec), &number(hi, spec)),
            );
            let difference = number(t.difference, spec);
            let verdict = match (t.change(), reviewed.better) {
                (Change::Increase, better) => (a().clear_rise)(&difference, &interval, better),
                (Change::Decrease, better) => (a().clear_fall)(&difference, &interval, better),
                (Change::NoClearChange, _) => (a().no_clear_change)(&difference, &interval),
            };
            format!(
                "{} {}",
                (a().from_to)(
                    &round_name(&t.from_round),
                    &number(t.from.mean, spec),
                    &round_name(&t.to_round),
                    &number(t.to.mean, spec)
                ),
                verdict
            )
        }
        Outcome::NotShown { round } => (a().not_shown)(&round_name(round), k),
        Outcome::BaselineNotOpen => (a().baseline_not_open)(&round_name(&plan.baseline_round)),
        Outcome::NoLaterRound => a().no_later_round.to_owned(),
        Outcome::NoMean => a().no_mean.to_owned(),
    }
}

fn measure_title(catalogue: &Catalogue, measure: &str) -> String {
    find_spec(catalogue, measure).map_or_else(|| measure.to_owned(), |s| s.title().to_owned())
}

/// From results to action: suggestions for the latest round, the plan
/// editor, and an opened plan beside the changes.
#[component]
pub fn ActionView(report: Memo<Option<Report>>, catalogue: Signal<Catalogue>) -> impl IntoView {
    let suggestions = match Suggestions::builtin() {
        Ok(s) => Some(s),
        Err(e) => {
            log_error(&e.to_string());
            None
        }
    };
    let version = suggestions.as_ref().map_or(1, Suggestions::version);
    let suggestions = StoredValue::new(suggestions);
    let actions = RwSignal::new(Vec::<Action>::new());
    let faults = RwSignal::new(Vec::<String>::new());
    let opened = RwSignal::new(None::<Plan>);
    let open_fault = RwSignal::new(None::<String>);

    let add = move |action: Action| {
        faults.set(Vec::new());
        actions.update(|list| {
            if list.len() < plan::MAX_ACTIONS {
                list.push(action);
            }
        });
    };

    // Suggestions beside each measure's shown figures (latest round).
    let suggested = move || {
        let report = report.get()?;
        let catalogue = catalogue.get();
        let list = suggestions.with_value(|s| s.as_ref().map(|s| measures(&report, &catalogue, s)))?;
        if list.is_empty() {
            return Some(view! { <p>{a().none_apply}</p> }.into_any());
        }
        let round = round_name(&report.rounds.last().cloned().flatten());
        // Each source once, numbered: the print gives a suggestion its
        // number and lists the sources after them (the screen gives each
        // its source in full).
        let mut sources: Vec<(String, String, String)> = Vec::new();
        let blocks = list
            .into_iter()
            .enumerate()
            .map(|(mi, (measure, title, figures, shown))| {
                let figures = figures.into_iter().map(|f| view! { <li>{f}</li> }).collect_view();
                let items = shown
                    .into_iter()
                    .enumerate()
                    .map(|(si, s)| {
                        let text_id = format!("suggestion-{mi}-{si}");
                        let source = (s.citation.clone(), s.link.clone(), s.licence.clone());
                        let number = match sources.iter().position(|x| *x == source) {
                            Some(at) => at.saturating_add(1),
                            None => {
                                sources.push(source);
                                sources.len()
                            }
                        };
                        let groups = s
                            .groups
                            .iter()
                            .map(|(g, why)| format!("{g}: {why}"))
                            .collect::<Vec<_>>()
                            .join("; ");
                        let first_group =
                            s.groups.first().map_or_else(|| "All".to_owned(), |(g, _)| g.to_string());
                        let action = Action {
                            suggestion: Some(s.id.clone()),
                            text: s.text.clone(),
                            owner: String::new(),
                            review: String::new(),
                            measure: measure.clone(),
                            group: first_group,
                        };
                        let described = text_id.clone();
                        view! {
                            <li class="action__suggestion">
                                <p id=text_id>{s.text.clone()}<span class="print-only">" ["{number}"]"</span></p>
                                <p class="action__why">{(a().applies_to)(&groups)}</p>
                                <p class="action__source no-print">
                                    {a().source}": "
                                    <a href=s.link.clone() rel="noreferrer">{s.citation.clone()}</a>
                                    " ("{s.licence.clone()}")"
                                </p>
                                <button type="button" class="button no-print" aria-describedby=described
                                    on:click=move |_| add(action.clone())>{a().add_to_plan}</button>
                            </li>
                        }
                    })
                    .collect_view();
                // Named by the measure, so the report's detail can link here.
                let heading = format!("suggest-{measure}");
                let labelled = heading.clone();
                view! {
                    <section class="action__measure" aria-labelledby=labelled>
                        <h3 id=heading>{(a().measure_heading)(&title, &round)}</h3>
                        <ul class="action__figures">{figures}</ul>
                        <ul class="action__list">{items}</ul>
                    </section>
                }
            })
            .collect_view();
        let sources = sources
            .into_iter()
            .map(|(citation, link, licence)| view! { <li>{citation}" "{link}" ("{licence}")"</li> })
            .collect_view();
        Some(
            view! {
                <p>{a().suggest_intro}</p>
                {blocks}
                <div class="print-only">
                    <h3>{a().sources_heading}</h3>
                    <ol class="action__sources">{sources}</ol>
                </div>
            }
            .into_any(),
        )
    };

    // The team's own action.
    let own_text = RwSignal::new(String::new());
    let own_measure = RwSignal::new(String::new());
    let own_group = RwSignal::new("All".to_owned());
    let options = move || {
        let catalogue = catalogue.get();
        let report = report.get();
        let latest = report.as_ref().and_then(|r| r.rounds.last().cloned().flatten());
        let mut measures: Vec<String> = catalogue
            .latest_versions()
            .into_iter()
            .flat_map(|i| i.scores().iter().map(|s| s.id().to_owned()))
            .collect();
        measures.dedup();
        let mut groups: Vec<String> = vec!["All".to_owned()];
        if let Some(r) = &report {
            for row in r.rows.iter().filter(|row| row.round == latest && row.stats.is_some()) {
                let g = row.group.to_string();
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
        }
        (measures, groups, catalogue)
    };
    let add_own = move |_| {
        let text = own_text.get_untracked().trim().to_owned();
        if text.is_empty() {
            faults.set(vec![a().own_empty.to_owned()]);
            return;
        }
        let measure = own_measure.get_untracked();
        let measure =
            if measure.is_empty() { options().0.first().cloned().unwrap_or_default() } else { measure };
        add(Action {
            suggestion: None,
            text,
            owner: String::new(),
            review: String::new(),
            measure,
            group: own_group.get_untracked(),
        });
        own_text.set(String::new());
    };

    let editor = move || {
        let list = actions.get();
        if list.is_empty() {
            return view! { <p>{a().plan_empty}</p> }.into_any();
        }
        let hint = view! { <p id="review-hint" class="team__hint">{a().review_hint}</p> };
        let catalogue = catalogue.get();
        let items = list
            .into_iter()
            .enumerate()
            .map(|(i, action)| {
                let n = i.saturating_add(1);
                let owner_id = format!("action-{i}-owner");
                let review_id = format!("action-{i}-review");
                let owner_for = owner_id.clone();
                let review_for = review_id.clone();
                let title = measure_title(&catalogue, &action.measure);
                view! {
                    <fieldset class="action__item">
                        <legend>{(a().action_legend)(n)}</legend>
                        <p>{action.text.clone()}</p>
                        <p class="action__why">{(a().answers)(&title, &action.group)}</p>
                        <div class="action__fields">
                            <div>
                                <label for=owner_for>{a().owner_label}</label>
                                <input id=owner_id type="text" autocomplete="off" prop:value=action.owner.clone()
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        actions.update(|l| if let Some(x) = l.get_mut(i) { x.owner = v });
                                    } />
                            </div>
                            <div>
                                <label for=review_for>{a().review_label}</label>
                                <input id=review_id type="text" inputmode="numeric" autocomplete="off"
                                    placeholder="YYYY-MM" aria-describedby="review-hint" prop:value=action.review.clone()
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        actions.update(|l| if let Some(x) = l.get_mut(i) { x.review = v });
                                    } />
                            </div>
                        </div>
                        <button type="button" class="button no-print"
                            on:click=move |_| actions.update(|l| { if i < l.len() { l.remove(i); } })>
                            {(a().remove)(n)}
                        </button>
                    </fieldset>
                }
            })
            .collect_view();
        view! { {hint}{items} }.into_any()
    };

    let save = move |_| {
        let latest = report.get_untracked().and_then(|r| r.rounds.last().cloned().flatten());
        let mut plan = Plan::new(latest, version);
        plan.actions = actions.get_untracked();
        match plan.to_json() {
            Ok(text) => {
                faults.set(Vec::new());
                if save_text(plan::FILE_NAME, "application/json", &text).is_err() {
                    log_error(super::strings::s().download_failed);
                }
            }
            Err(found) => faults.set(
                found
                    .iter()
                    .map(|f| {
                        // actions[1].owner → Action 2: owner.
                        let place = f.place.strip_prefix("actions[").and_then(|rest| {
                            let (at, field) = rest.split_once("].")?;
                            Some(
                                (a().action_legend)(at.parse::<usize>().ok()?.saturating_add(1))
                                    + ": "
                                    + field,
                            )
                        });
                        format!("{}: {}", place.unwrap_or_else(|| f.place.clone()), f.fault)
                    })
                    .collect(),
            ),
        }
    };

    let open = move |ev: leptos::ev::Event| {
        let Some(picked) = picked_files(&ev) else { return };
        spawn_local(async move {
            let chosen = picked.read(plan::MAX_PLAN_BYTES.saturating_add(1)).await;
            let Some(file) = chosen.into_iter().next() else { return };
            match file.into_bytes() {
                Ok((name, bytes)) => match plan::read(&name, &bytes) {
                    Ok(p) => {
                        open_fault.set(None);
                        opened.set(Some(p));
                    }
                    // A refused plan changes nothing already open.
                    Err(e) => open_fault.set(Some(e.to_string())),
                },
                Err(e) => open_fault.set(Some(e.to_string())),
            }
        });
    };

    let reviewed = move || {
        let plan = opened.get()?;
        let catalogue = catalogue.get();
        let report =
            report.get().unwrap_or_else(|| pulse_core::pool::Pool::default().full_report(&catalogue, 5));
        let k = report.min_group;
        let rows = plan::review(&plan, &report, &catalogue)
            .iter()
            .map(|r| {
                let spec = find_spec(&catalogue, &r.action.measure);
                let change = outcome_words(r, &plan, spec, k);
                view! {
                    <tr>
                        <td>{r.action.text.clone()}</td>
                        <td>{r.action.owner.clone()}</td>
                        <td>{r.action.review.clone()}</td>
                        <td>{(a().answers)(&measure_title(&catalogue, &r.action.measure), &r.action.group)}</td>
                        <td>{change}</td>
                    </tr>
                }
            })
            .collect_view();
        let caption = (a().opened_caption)(&round_name(&plan.baseline_round));
        Some(view! {
            <p id="plan-review-caption" class="team__caption">{caption}</p>
            <div class="team__scroll" role="region" aria-labelledby="plan-review-caption" tabindex="0">
                <table class="team__table" aria-labelledby="plan-review-caption">
                    <thead><tr>
                        <th scope="col">{a().col_action}</th>
                        <th scope="col">{a().col_owner}</th>
                        <th scope="col">{a().col_review}</th>
                        <th scope="col">{a().col_measure}</th>
                        <th scope="col">{a().col_change}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })
    };

    view! {
        <section class="action" aria-labelledby="action-heading">
            <h2 id="action-heading">{a().heading}</h2>
            {suggested}

            // Printed only when it holds something: nothing empty is printed.
            <section class="action__plan" aria-labelledby="plan-heading" class:no-print=move || actions.with(Vec::is_empty)>
                <h3 id="plan-heading">{a().plan_heading}</h3>
                <p>{a().plan_intro}</p>
                {editor}
                <div class="action__own no-print">
                    <label for="own-text">{a().own_label}</label>
                    <textarea id="own-text" rows="2" prop:value=move || own_text.get()
                        on:input=move |ev| own_text.set(event_target_value(&ev))></textarea>
                    <label for="own-measure">{a().own_measure_label}</label>
                    <select id="own-measure" on:change=move |ev| own_measure.set(event_target_value(&ev))>
                        {move || {
                            let (measures, _, catalogue) = options();
                            measures.into_iter().map(|m| {
                                let title = measure_title(&catalogue, &m);
                                let selected = own_measure.get_untracked() == m;
                                view! { <option value=m selected=selected>{title}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <label for="own-group">{a().own_group_label}</label>
                    <select id="own-group" on:change=move |ev| own_group.set(event_target_value(&ev))>
                        {move || options().1.into_iter().map(|g| {
                            let selected = own_group.get_untracked() == g;
                            view! { <option value=g.clone() selected=selected>{g.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <button type="button" class="button" on:click=add_own>{a().add_own}</button>
                </div>
                <div role="alert" class="action__faults">
                    {move || {
                        let list = faults.get();
                        (!list.is_empty()).then(|| view! {
                            <p>{a().save_faults}</p>
                            <ul>{list.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                        })
                    }}
                </div>
                <div class="team__buttons no-print">
                    <button type="button" class="button button--primary" on:click=save>{a().save_plan}</button>
                </div>
            </section>

            <section class="action__opened" aria-labelledby="opened-heading" class:no-print=move || opened.with(Option::is_none)>
                <h3 id="opened-heading">{a().opened_heading}</h3>
                <p class="no-print">{a().opened_intro}</p>
                <div class="team__picker no-print">
                    <label for="plan-file">{a().open_plan}</label>
                    <input id="plan-file" type="file" accept=".json,application/json" on:change=open />
                </div>
                <div role="alert">{move || open_fault.get().map(|f| view! { <p class="team__fault">{f}</p> })}</div>
                {reviewed}
            </section>
        </section>
    }
}
