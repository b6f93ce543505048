//! Charts as SVG, each drawn beside a table that carries the same figures
//! (the SVG is hidden from screen readers; the table is what they read).
//! Shades, not hues, tell the parts apart, so a black-and-white print
//! reads the same.

use leptos::prelude::*;

/// Width of every chart's drawing space; it scales to the page.
const W: f64 = 320.0;
/// Where the bars start, after the group names.
const LABEL_W: f64 = 96.0;
const ROW_H: f64 = 22.0;

/// One horizontal bar per group, split by share into its parts (the
/// distribution); a suppressed group gets a line of text instead.
pub fn stacked_bars(rows: Vec<(String, Option<Vec<usize>>)>, hidden_text: String) -> impl IntoView {
    let height = ROW_H * rows.len() as f64 + 4.0;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, counts))| {
            let y = 2.0 + ROW_H * i as f64;
            let segments = match counts {
                Some(counts) => {
                    let total: usize = counts.iter().sum();
                    let mut x = LABEL_W;
                    counts
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| **c > 0)
                        .map(|(part, &c)| {
                            let w = (W - LABEL_W) * c as f64 / total.max(1) as f64;
                            let at = x;
                            x += w;
                            view! {
                                <rect x=at y=y + 3.0 width=w height=ROW_H - 6.0 class=format!("chart__part chart__part--{}", part % 7) />
                            }
                            .into_any()
                        })
                        .collect_view()
                        .into_any()
                }
                None => view! {
                    <text x=LABEL_W + 4.0 y=y + ROW_H * 0.68 class="chart__note">{hidden_text.clone()}</text>
                }
                .into_any(),
            };
            view! {
                <text x=0 y=y + ROW_H * 0.68 class="chart__label">{label}</text>
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

/// An average and its 95% interval, if any.
pub type Point = (f64, Option<(f64, f64)>);

/// A measure's average across rounds with its 95% interval, for one
/// group; a hidden round is left as a gap.
pub fn rounds_line(points: Vec<(String, Option<Point>)>, range: (f64, f64)) -> impl IntoView {
    const H: f64 = 150.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 125.0;
    const LEFT: f64 = 30.0;
    let (lo, hi) = range;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let y_of = |v: f64| BOTTOM - (v.clamp(lo, hi) - lo) / span * (BOTTOM - TOP);
    // Room on both sides for a round's name under its point.
    let step = (W - LEFT - 100.0) / (points.len().max(2) - 1) as f64;
    let x_of = |i: usize| LEFT + 50.0 + step * i as f64;
    let mut path = String::new();
    for (i, (_, p)) in points.iter().enumerate() {
        if let Some((mean, _)) = p {
            let command = if path.is_empty() { 'M' } else { 'L' };
            path.push_str(&format!("{command}{:.1} {:.1} ", x_of(i), y_of(*mean)));
        }
    }
    let marks = points
        .into_iter()
        .enumerate()
        .map(|(i, (label, p))| {
            let x = x_of(i);
            let mark = p.map(|(mean, ci)| {
                let whisker = ci
                    .map(|(a, b)| view! { <line x1=x x2=x y1=y_of(a) y2=y_of(b) class="chart__whisker" /> });
                view! {
                    {whisker}
                    <circle cx=x cy=y_of(mean) r=4 class="chart__point" />
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
