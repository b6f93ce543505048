//! The team report as the page shows it: for each round, every measure's
//! figures by group with their spread, each descriptive item's answers,
//! the published proportions; then the trends across rounds and the
//! response rates. Suppressed groups say so and show nothing else.

use std::collections::BTreeMap;

use leptos::prelude::*;
use pulse_core::instrument::{Direction, Method, ReferenceLevel, ScoreSpec};
use pulse_core::pool::{
    find_spec, response_rate, Change, Distribution, Hidden, RateGuide, Report, Row, Stats,
};
use pulse_core::scoring::{display, plain};
use pulse_core::Catalogue;

use super::chart::{legend, rounds_line, stacked_bars};
use super::percent;
use super::strings::s;

/// Why a group is hidden, in the page's words (which of the rule's two
/// steps hid it).
fn hidden_words(hidden: Option<Hidden>, k: usize) -> String {
    match hidden {
        Some(Hidden::Secondary) => s().hidden_secondary.to_owned(),
        Some(Hidden::FewerThan(k)) => (s().fewer_than)(k),
        None => (s().fewer_than)(k),
    }
}

fn round_label(round: &Option<String>) -> String {
    round.clone().unwrap_or_else(|| s().no_round.to_owned())
}

/// A score as shown: one decimal for means, else plain.
fn shown(value: f64, spec: Option<&ScoreSpec>) -> String {
    display(value, spec.map_or(Method::Mean, ScoreSpec::method))
}

/// A figure of the report as the CSV and JSON give it (the core rounds it).
fn figure(st: &Stats, value: f64) -> String {
    st.text(value)
}

fn interval(st: &Stats, ci: Option<(f64, f64)>) -> String {
    ci.map_or_else(|| "–".to_owned(), |(lo, hi)| format!("{} to {}", st.text(lo), st.text(hi)))
}

/// A table in a region that scrolls sideways on a narrow screen (and can
/// be scrolled by keyboard), captioned.
fn scroll_table(id: String, caption: String, head: Vec<String>, body: AnyView) -> impl IntoView {
    let head = head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view();
    // The caption stands above the region, not in it, so a table wider
    // than a phone scrolls without taking its name out of sight.
    let region_name = id.clone();
    let table_name = id.clone();
    view! {
        <p id=id class="team__caption">{caption}</p>
        <div class="team__scroll" role="region" aria-labelledby=region_name tabindex="0">
            <table class="team__table" aria-labelledby=table_name>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn measure_block(
    rows: &[&Row],
    spreads: &[&Distribution],
    spec: Option<&ScoreSpec>,
    id: String,
    round: &str,
    k: usize,
    suggestions: Option<&str>,
) -> impl IntoView {
    let title = spec.map_or_else(|| rows[0].measure.clone(), |s| s.title().to_owned());
    // A link to what could help, where "From results to action" has
    // suggestions for this measure (on screen: the print lists them once).
    let suggestions = suggestions.map(|measure| {
        view! {
            <p class="team__suggest no-print">
                <a href=format!("#suggest-{measure}")>{(s().see_suggestions)(&title)}</a>
            </p>
        }
    });
    let range = spec.map(|sp| {
        let (lo, hi) = sp.range();
        let better = match sp.direction() {
            Direction::HigherIsBetter => Some(true),
            Direction::HigherIsWorse => Some(false),
            Direction::Neither => None,
        };
        (s().range_note)(&plain(lo), &plain(hi), better)
    });
    let body = rows
        .iter()
        .map(|row| {
            let figures = match row.stats {
                Some(st) => view! {
                    <td>{st.n}</td>
                    <td>{figure(&st, st.mean)}</td>
                    <td>{interval(&st, st.ci)}</td>
                }
                .into_any(),
                None => view! { <td colspan="3" class="team__hidden">{hidden_words(row.hidden, k)}</td> }
                    .into_any(),
            };
            view! { <tr><th scope="row">{row.group.to_string()}</th>{figures}</tr> }
        })
        .collect_view()
        .into_any();
    let references = spec
        .map(|sp| {
            sp.references()
                .iter()
                .filter(|r| r.level == ReferenceLevel::TeamMean)
                .map(|r| {
                    view! { <p class="team__reference">{s().team_reference}": "{r.label.clone()}" — "{shown(r.value, spec)}" ("{r.source.clone()}")"</p> }
                })
                .collect_view()
        });
    // A measure's spread shows only from detail_from(k) people (the core
    // leaves it out below): a smaller group's cell says so.
    let spread = spread_figure(
        spreads,
        format!("{id}-spread"),
        format!("{} ({round})", (s().spread_caption)(&title)),
        pulse_core::pool::detail_from(k),
        false,
    );
    view! {
        <h4>{title.clone()}</h4>
        <p class="team__range">{range}</p>
        {scroll_table(
            format!("{id}-means"),
            format!("{title} ({round})"),
            vec![s().col_group.into(), s().col_n.into(), s().col_mean.into(), s().col_ci.into()],
            body,
        )}
        {suggestions}
        {references}
        {spread}
    }
}

/// A distribution's chart and its table: counts, or for answers counts
/// and shares of those who answered.
fn spread_figure(
    groups: &[&Distribution],
    id: String,
    caption: String,
    k: usize,
    shares: bool,
) -> impl IntoView {
    let labels: Vec<String> = groups
        .iter()
        .find_map(|d| d.bins.as_ref())
        .map(|bins| bins.iter().map(|b| b.label.clone()).collect())
        .unwrap_or_default();
    let bars = stacked_bars(
        groups
            .iter()
            .map(|d| {
                let counts = match (&d.bins, d.hidden) {
                    (Some(b), _) => Ok(b.iter().map(|x| x.count).collect()),
                    (None, Some(Hidden::Secondary)) => Err(s().chart_hidden_secondary.to_owned()),
                    (None, h) => Err(hidden_words(h, k)),
                };
                (d.group.to_string(), counts)
            })
            .collect(),
    );
    let columns = labels.len();
    let body = groups
        .iter()
        .map(|d| {
            let cells = match (&d.bins, d.n) {
                (Some(bins), Some(n)) => bins
                    .iter()
                    .map(|b| {
                        let text = if shares {
                            format!("{} ({}%)", b.count, percent(b.count, n))
                        } else {
                            b.count.to_string()
                        };
                        view! { <td>{text}</td> }
                    })
                    .collect_view()
                    .into_any(),
                _ => view! { <td colspan=columns class="team__hidden">{hidden_words(d.hidden, k)}</td> }
                    .into_any(),
            };
            let n = d.n.map_or_else(String::new, |n| n.to_string());
            view! { <tr><th scope="row">{d.group.to_string()}</th><td>{n}</td>{cells}</tr> }
        })
        .collect_view()
        .into_any();
    let mut head = vec![s().col_group.to_owned(), s().col_n.to_owned()];
    head.extend(labels.iter().cloned());
    view! {
        <figure class="team__figure">
            {bars}
            {legend(labels)}
            {scroll_table(id, caption, head, body)}
        </figure>
    }
}

/// The report's first page: what it is (practice, date, files, rounds,
/// k) and each measure's headline per group with its change; the detail
/// follows it (printed from a page of its own).
pub(super) fn summary(
    report: &Report,
    catalogue: &Catalogue,
    practice: Option<&str>,
    made: &str,
) -> impl IntoView {
    let k = report.min_group;
    let rounds = report
        .rounds
        .iter()
        .zip(&report.files_per_round)
        .map(|(round, files)| (s().summary_round)(&round_label(round), *files))
        .collect::<Vec<_>>()
        .join(", ");
    let facts = [
        practice.map(s().summary_practice),
        Some((s().summary_made)(made)),
        Some((s().summary_files)(report.files, k)),
        Some((s().summary_rounds)(&rounds)),
        Some((s().summary_k)(k)),
    ];
    let facts = facts.into_iter().flatten().map(|f| view! { <li>{f}</li> }).collect_view();
    let rule = (s().rule)(k);
    let tables = report
        .headlines(catalogue)
        .into_iter()
        .enumerate()
        .map(|(hi, line)| {
            let spec = find_spec(catalogue, line.measure);
            let title = spec.map_or_else(|| line.measure.to_owned(), |s| s.title().to_owned());
            let body = line
                .groups
                .iter()
                .map(|(row, change)| {
                    // The interval only where the report shows one (from 2k people).
                    let average = match row.stats {
                        Some(st) if st.ci.is_some() => format!("{} ({})", figure(&st, st.mean), interval(&st, st.ci)),
                        Some(st) => figure(&st, st.mean),
                        None => hidden_words(row.hidden, k),
                    };
                    let change = change.map_or_else(
                        || "–".to_owned(),
                        |t| {
                            let verdict = match t.change() {
                                Change::Increase => s().clear_up,
                                Change::Decrease => s().clear_down,
                                Change::NoClearChange => s().no_clear_change,
                            };
                            (s().summary_change)(verdict, &figure(&t.from, t.difference), &round_label(&t.from_round))
                        },
                    );
                    view! {
                        <tr><th scope="row">{row.group.to_string()}</th><td>{average}</td><td>{change}</td></tr>
                    }
                })
                .collect_view()
                .into_any();
            scroll_table(
                format!("h{hi}"),
                (s().summary_caption)(&title, &round_label(line.round)),
                vec![s().col_group.into(), s().summary_col_average.into(), s().summary_col_change.into()],
                body,
            )
        })
        .collect_view();
    view! {
        <section class="team__summary-page" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{s().summary_heading}</h2>
            <ul class="team__facts">{facts}</ul>
            <p class="team__rule">{rule}</p>
            {tables}
        </section>
    }
}

#[component]
pub fn ReportView(
    report: Report,
    asked: RwSignal<BTreeMap<Option<String>, usize>>,
    catalogue: Catalogue,
) -> impl IntoView {
    let k = report.min_group;
    let suggested = super::action::suggested_measures(&report, &catalogue);
    let rounds = report
        .rounds_view(&catalogue)
        .into_iter()
        .enumerate()
        .map(|(ri, view)| {
            let label = round_label(view.round);
            let count = match view.files {
                Some(n) => (s().files_in_round)(n),
                None => (s().round_too_small)(k),
            };
            let measure_views = view
                .measures
                .iter()
                .enumerate()
                .map(|(mi, m)| {
                    // The latest round's measures link to their suggestions.
                    let latest = view.round == report.rounds.last().unwrap_or(&None);
                    let link = (latest && suggested.iter().any(|x| x == m.measure)).then_some(m.measure);
                    measure_block(
                        &m.rows,
                        &m.spreads,
                        find_spec(&catalogue, m.measure),
                        format!("r{ri}-m{mi}"),
                        &label,
                        k,
                        link,
                    )
                })
                .collect_view();
            // Descriptive modules: each item's answers, by instrument.
            let descriptive = view
                .descriptive
                .iter()
                .enumerate()
                .map(|(ii, (instrument, items))| {
                    let title = catalogue
                        .latest(instrument)
                        .map_or((*instrument).to_owned(), |i| i.title().to_owned());
                    let figures = items
                        .iter()
                        .enumerate()
                        .map(|(qi, groups)| {
                            let question = groups.first().map(|d| d.title.clone()).unwrap_or_default();
                            let caption = format!("{} ({label})", (s().answers_caption)(&question));
                            spread_figure(groups, format!("r{ri}-d{ii}-{qi}"), caption, k, true)
                        })
                        .collect_view();
                    view! {
                        <h4>{(s().descriptive_heading)(&title)}</h4>
                        <p>{s().descriptive_note}</p>
                        {figures}
                    }
                })
                .collect_view();
            let references = (!view.references.is_empty()).then(|| {
                let tables = view
                    .references
                    .iter()
                    .enumerate()
                    .map(|(pi, (label_text, these))| {
                        let published = these
                            .first()
                            .map(|p| format!("{}% ({})", plain(p.reference * 100.0), p.source))
                            .unwrap_or_default();
                        let body = these
                            .iter()
                            .map(|p| {
                                let share = match p.share {
                                    Some((gave, n)) => (s().share_value)(gave, n, p.ci),
                                    None => hidden_words(p.hidden, k),
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{p.group.to_string()}</th>
                                        <td>{share}</td>
                                        <td>{published.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any();
                        scroll_table(
                            format!("r{ri}-ref{pi}"),
                            format!("{label_text} ({label})"),
                            vec![s().col_group.into(), s().col_share.into(), s().col_reference.into()],
                            body,
                        )
                    })
                    .collect_view();
                view! {
                    <h3>{s().references_heading}</h3>
                    <p>{s().references_note}</p>
                    {tables}
                }
            });
            let receipts = view.receipts.map(|list| {
                let summary = (s().receipts_heading)(list.len());
                let text = list.join(" ");
                let id = format!("r{ri}-receipts");
                let labelled_by = id.clone();
                view! {
                    <details class="team__details team__receipts no-print" aria-labelledby=labelled_by>
                        <summary id=id>{summary.clone()}</summary>
                        <p>{s().receipts_note}</p>
                        <p class="team__receipt-list">{text.clone()}</p>
                    </details>
                    <p class="print-only team__receipt-list">{summary}": "{text}</p>
                }
            });
            let heading = format!("round-{ri}");
            let labelled_by = heading.clone();
            view! {
                <section class="team__round" aria-labelledby=labelled_by>
                    <h2 id=heading>{(s().round_heading)(&label)}</h2>
                    <p>{count}</p>
                    {receipts}
                    <h3>{s().measures_heading}</h3>
                    {measure_views}
                    {descriptive}
                    {references}
                </section>
            }
        })
        .collect_view();

    // Trends: every measure with a change shown, with everyone's line.
    let trend_views = report.trends_view(&catalogue);
    let trends = if trend_views.is_empty() {
        view! { <p>{s().trends_none}</p> }.into_any()
    } else {
        trend_views
            .iter()
            .enumerate()
            .map(|(ti, trend)| {
                let spec = find_spec(&catalogue, trend.measure);
                let title = spec.map_or_else(|| trend.measure.to_owned(), |s| s.title().to_owned());
                let points = trend
                    .line
                    .iter()
                    .map(|(round, st)| {
                        (round_label(round), st.map(|st| (st.mean, st.ci, shown(st.mean, spec))))
                    })
                    .collect();
                let chart = rounds_line(points, spec.map_or((0.0, 1.0), ScoreSpec::range));
                let body = trend
                    .changes
                    .iter()
                    .map(|t| {
                        let verdict = match t.change() {
                            Change::Increase => s().clear_up,
                            Change::Decrease => s().clear_down,
                            Change::NoClearChange => s().no_clear_change,
                        };
                        let from = format!(
                            "{}: {} ({})",
                            round_label(&t.from_round),
                            figure(&t.from, t.from.mean),
                            interval(&t.from, t.from.ci)
                        );
                        let to = format!(
                            "{}: {} ({})",
                            round_label(&t.to_round),
                            figure(&t.to, t.to.mean),
                            interval(&t.to, t.to.ci)
                        );
                        let diff = format!("{} ({})", figure(&t.from, t.difference), interval(&t.from, t.ci));
                        view! {
                            <tr>
                                <th scope="row">{t.group.to_string()}</th>
                                <td>{from}</td>
                                <td>{to}</td>
                                <td>{diff}</td>
                                <td>{verdict}</td>
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any();
                view! {
                    <h3>{title.clone()}</h3>
                    <figure class="team__figure">
                        {chart}
                        <figcaption class="team__hint">{(s().trend_chart_label)(&title)}</figcaption>
                        {scroll_table(
                            format!("t{ti}"),
                            title,
                            vec![
                                s().col_group.into(),
                                s().col_from.into(),
                                s().col_to.into(),
                                s().col_difference.into(),
                                s().col_verdict.into(),
                            ],
                            body,
                        )}
                    </figure>
                }
            })
            .collect_view()
            .into_any()
    };

    let rates = report
        .rounds
        .iter()
        .zip(report.files_per_round.iter().copied())
        .enumerate()
        .map(|(ri, (round, files))| {
            let id = format!("asked-{ri}");
            let verdict_id = format!("asked-{ri}-verdict");
            let key = round.clone();
            let key_for_input = key.clone();
            let key_for_print = key.clone();
            let label = round_label(round);
            let verdict = move || {
                let people = asked.with(|a| a.get(&key).copied())?;
                let Some(files) = files else { return Some((s().rate_hidden)(k)) };
                Some(match response_rate(files, people) {
                    None => (s().rate_more_files)(files, people),
                    Some(rate) => {
                        let guide = match rate.guide {
                            RateGuide::Low => s().rate_low,
                            RateGuide::Adequate => s().rate_adequate,
                            RateGuide::VeryGood => s().rate_very_good,
                        };
                        format!("{} {guide}", (s().rate_value)(&pulse_core::scoring::percent(rate.share)))
                    }
                })
            };
            view! {
                // Printed only once a number is given: nothing empty is printed.
                <div class="team__rate" class:no-print=move || asked.with(|a| !a.contains_key(&key_for_print))>
                    <label for=id.clone()>{(s().asked_label)(&label)}</label>
                    <input id=id type="number" inputmode="numeric" min="1" class="team__number"
                        aria-describedby=verdict_id.clone()
                        on:change=move |ev| {
                            let value = event_target_value(&ev).trim().parse::<usize>().ok().filter(|n| *n > 0);
                            asked.update(|a| match value {
                                Some(n) => { a.insert(key_for_input.clone(), n); }
                                None => { a.remove(&key_for_input); }
                            });
                        } />
                    <p id=verdict_id class="team__verdict" aria-live="polite">{verdict}</p>
                </div>
            }
        })
        .collect_view();

    view! {
        {rounds}
        <section class="team__trends" aria-labelledby="trends-heading">
            <h2 id="trends-heading">{s().trends_heading}</h2>
            <p>{s().trends_intro}" "{s().many_comparisons}</p>
            {trends}
        </section>
        <section class="team__rates" aria-labelledby="rates-heading" class:no-print=move || asked.with(BTreeMap::is_empty)>
            <h2 id="rates-heading">{s().rate_heading}</h2>
            <p>{s().rate_intro}</p>
            {rates}
        </section>
    }
}
