//! The team report as JSON (the page's download and `pulse pool --format
//! json`): a header and version like every file of the project, then the
//! report. Suppressed figures are `null` with `"suppressed": true`.

use serde_json::{json, Value};

use super::{Distribution, Hidden, Proportion, Report, Row, Subject, Trend};

/// The value of the `format` field of a team report.
pub const JSON_FORMAT: &str = "practice-pulse-team-report";
pub const JSON_FORMAT_VERSION: u32 = 1;

fn row(r: &Row) -> Value {
    json!({
        "round": r.round,
        "group": r.group.to_string(),
        "measure": r.measure,
        "n": r.stats.map(|s| s.n),
        "mean": r.stats.map(|s| s.mean),
        "ci_low": r.stats.and_then(|s| s.ci.map(|c| c.0)),
        "ci_high": r.stats.and_then(|s| s.ci.map(|c| c.1)),
        "suppressed": r.stats.is_none(),
        "reason": r.hidden.map(Hidden::words),
    })
}

fn distribution(d: &Distribution) -> Value {
    let (measure, instrument, item) = match &d.subject {
        Subject::Measure(m) => (Some(m.as_str()), None, None),
        Subject::Item { instrument, item } => (None, Some(instrument.as_str()), Some(item.as_str())),
    };
    json!({
        "round": d.round,
        "group": d.group.to_string(),
        "measure": measure,
        "instrument": instrument,
        "item": item,
        "title": d.title,
        "n": d.n,
        "counts": d.bins.as_ref().map(|bins| bins.iter().map(|b| json!({"label": b.label, "count": b.count})).collect::<Vec<_>>()),
        "suppressed": d.bins.is_none(),
        "reason": d.hidden.map(Hidden::words),
    })
}

fn proportion(p: &Proportion) -> Value {
    json!({
        "round": p.round,
        "group": p.group.to_string(),
        "instrument": p.instrument,
        "label": p.label,
        "source": p.source,
        "reference": p.reference,
        "gave": p.share.map(|s| s.0),
        "n": p.share.map(|s| s.1),
        "ci_low": p.ci.map(|c| c.0),
        "ci_high": p.ci.map(|c| c.1),
        "suppressed": p.share.is_none(),
        "reason": p.hidden.map(Hidden::words),
    })
}

fn trend(t: &Trend) -> Value {
    json!({
        "group": t.group.to_string(),
        "measure": t.measure,
        "from_round": t.from_round,
        "to_round": t.to_round,
        "from_mean": t.from.mean,
        "to_mean": t.to.mean,
        "difference": t.difference,
        "ci_low": t.ci.map(|c| c.0),
        "ci_high": t.ci.map(|c| c.1),
        "clear_change": t.clear(),
    })
}

/// The report as pretty JSON, ending in a newline.
pub fn to_json(report: &Report) -> String {
    let value = json!({
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "min_group": report.min_group,
        "files": report.files,
        "rounds": report.rounds.iter().zip(&report.files_per_round).zip(&report.receipts).map(|((r, n), receipts)| json!({"round": r, "files": n, "receipts": receipts})).collect::<Vec<_>>(),
        "rows": report.rows.iter().map(row).collect::<Vec<_>>(),
        "distributions": report.distributions.iter().map(distribution).collect::<Vec<_>>(),
        "proportions": report.proportions.iter().map(proportion).collect::<Vec<_>>(),
        "trends": report.trends.iter().map(trend).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
