//! Charts as SVG, each drawn beside a table that carries the same figures
//! (the SVG is hidden from screen readers; the table is what they read).
//! Shades, not hues, tell the parts apart (neighbours at least 3:1), so a
//! black-and-white print reads the same; counts and averages are written
//! on the chart, so it reads alone.

use leptos::prelude::*;

/// Width of every chart's drawing space; it scales to the page.
const W: f64 = 320.0;
/// Where the bars start, after the group names.
const LABEL_W: f64 = 96.0;
/// One group: its bar, and the counts under it.
const ROW_H: f64 = 40.0;
const BAR_H: f64 = 18.0;
/// A count's width in the drawing: about 7 units a digit at 11 px, and room.
fn count_width(count: usize) -> f64 {
    7.0 * count.to_string().len() as f64 + 4.0
}

/// Where each count goes under its part of a bar: under the part's middle,
/// moved right just enough not to overlap the one before, and back left
/// from the end if the last would run off the chart.
fn count_places(parts: &[(f64, f64, usize)]) -> Vec<f64> {
    let mut places: Vec<f64> = Vec::with_capacity(parts.len());
    let mut right = f64::MIN;
    for &(at, w, count) in parts {
        let half = count_width(count) / 2.0;
        let x = (at + w / 2.0).max(right + half);
        right = x + half;
        places.push(x);
    }
    // Off the end: shift back left, each no further than the one before allows.
    let mut limit = W;
    for (place, &(_, _, count)) in places.iter_mut().zip(parts).rev() {
        let half = count_width(count) / 2.0;
        if *place + half > limit {
            *place = limit - half;
        }
        limit = *place - half;
    }
    places
}

/// One horizontal bar per group, split by share into its parts (the
/// distribution), each part's count under it; a suppressed group gets its
/// reason, in short, instead (`Err`). Neighbouring parts' shades are at least 3:1
/// apart (style/team.css), and under forced colours they alternate.
pub fn stacked_bars(rows: Vec<(String, Result<Vec<usize>, String>)>) -> impl IntoView {
    let height = ROW_H * rows.len() as f64 + 4.0;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, counts))| {
            let y = 2.0 + ROW_H * i as f64;
            let segments = match counts {
                Ok(counts) => {
                    let total: usize = counts.iter().sum();
                    let mut x = LABEL_W;
                    let parts: Vec<(usize, f64, f64, usize)> = counts
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| **c > 0)
                        .map(|(part, &c)| {
                            let w = (W - LABEL_W) * c as f64 / total.max(1) as f64;
                            let at = x;
                            x += w;
                            (part, at, w, c)
                        })
                        .collect();
                    let places =
                        count_places(&parts.iter().map(|&(_, at, w, c)| (at, w, c)).collect::<Vec<_>>());
                    parts
                        .into_iter()
                        .zip(places)
                        .map(|((part, at, w, c), place)| {
                            view! {
                                <rect x=at y=y + 2.0 width=w height=BAR_H class=format!("chart__part chart__part--{}", part % 7) />
                                <text x=place y=y + BAR_H + 15.0 text-anchor="middle" class="chart__count">{c}</text>
                            }
                        })
                        .collect_view()
                        .into_any()
                }
                Err(why) => view! {
                    <text x=LABEL_W + 4.0 y=y + BAR_H * 0.8 class="chart__note">{why}</text>
                }
                .into_any(),
            };
            view! {
                <text x=0 y=y + BAR_H * 0.8 class="chart__label">{label}</text>
                {segments}
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {height}") role="presentation" aria-hidden="true" focusable="false">
            {bars}
        </svg>
    }
}

/// The key to a stacked chart's shades (hidden from screen readers: the
/// table's column headings say the same).
pub fn legend(labels: Vec<String>) -> impl IntoView {
    let items = labels
        .into_iter()
        .enumerate()
        .map(|(part, label)| {
            view! {
                <li><span class=format!("chart__swatch chart__part--{}", part % 7)></span>{label}</li>
            }
        })
        .collect_view();
    view! { <ul class="chart__legend" aria-hidden="true">{items}</ul> }
}

/// An average, its 95% interval if any, and the average as the page writes it.
pub type Point = (f64, Option<(f64, f64)>, String);

/// A measure's average across rounds with its 95% interval, for one
/// group; a hidden round is left as a gap, the line broken there. Each
/// average is written beside its point, and the interval is a thick line
/// with end caps, so both read on a phone. Points and intervals are
/// clamped to the scale, as the tables' intervals are.
pub fn rounds_line(points: Vec<(String, Option<Point>)>, range: (f64, f64)) -> impl IntoView {
    const H: f64 = 170.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 140.0;
    const LEFT: f64 = 30.0;
    const CAP: f64 = 7.0;
    let (lo, hi) = range;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let y_of = |v: f64| BOTTOM - (v.clamp(lo, hi) - lo) / span * (BOTTOM - TOP);
    // Room on both sides for a round's name under its point.
    let step = (W - LEFT - 100.0) / (points.len().max(2) - 1) as f64;
    let x_of = |i: usize| LEFT + 50.0 + step * i as f64;
    // A hidden round breaks the line: the next shown point starts afresh
    // (M), so no line runs through a round that shows nothing.
    let mut path = String::new();
    let mut joined = false;
    for (i, (_, p)) in points.iter().enumerate() {
        match p {
            Some((mean, _, _)) => {
                let command = if joined { 'L' } else { 'M' };
                path.push_str(&format!("{command}{:.1} {:.1} ", x_of(i), y_of(*mean)));
                joined = true;
            }
            None => joined = false,
        }
    }
    let marks = points
        .into_iter()
        .enumerate()
        .map(|(i, (label, p))| {
            let x = x_of(i);
            let mark = p.map(|(mean, ci, shown)| {
                let whisker = ci.map(|(a, b)| {
                    view! {
                        <line x1=x x2=x y1=y_of(a) y2=y_of(b) class="chart__whisker" />
                        <line x1=x - CAP x2=x + CAP y1=y_of(a) y2=y_of(a) class="chart__whisker" />
                        <line x1=x - CAP x2=x + CAP y1=y_of(b) y2=y_of(b) class="chart__whisker" />
                    }
                });
                view! {
                    {whisker}
                    <circle cx=x cy=y_of(mean) r=5 class="chart__point" />
                    <text x=x + CAP + 4.0 y=y_of(mean) + 4.0 class="chart__count">{shown}</text>
                }
            });
            view! {
                {mark}
                <text x=x y=H - 8.0 text-anchor="middle" class="chart__label">{label}</text>
            }
        })
        .collect_view();
    let scale = view! {
        <text x=0 y=y_of(hi) + 4.0 class="chart__label">{pulse_core::scoring::plain(hi)}</text>
        <text x=0 y=y_of(lo) + 4.0 class="chart__label">{pulse_core::scoring::plain(lo)}</text>
        <line x1=LEFT x2=W y1=BOTTOM y2=BOTTOM class="chart__axis" />
    };
    view! {
        <svg class="chart chart--line" viewBox=format!("0 0 {W} {H}") role="presentation" aria-hidden="true" focusable="false">
            {scale}
            <path d=path class="chart__line" />
            {marks}
        </svg>
    }
}
