//! The order a team report is read in, for the team page and its print:
//! each round with its measures in the catalogue's order, its descriptive
//! items by instrument and its published references by label; then each
//! measure's trend with everyone's line across the rounds. Plain data over
//! the report (nothing recomputed, nothing shown that the report hides),
//! so the page only draws it.

use super::{Distribution, Proportion, Report, Row, Stats, Subject, Trend};
use crate::pool::Group;
use crate::Catalogue;

/// One round as the report reads.
#[derive(Debug)]
pub struct RoundView<'a> {
    pub round: &'a Option<String>,
    /// The number of files, or none when the round is hidden.
    pub files: Option<usize>,
    /// The sorted receipts of the responses counted, where `files` shows.
    pub receipts: Option<&'a [String]>,
    /// In the catalogue's order; each measure once.
    pub measures: Vec<MeasureView<'a>>,
    /// Descriptive modules: each instrument once, its items in order, each
    /// item's distributions (one per group).
    pub descriptive: Vec<(&'a str, Vec<Vec<&'a Distribution>>)>,
    /// Published references: each label once, a share per group.
    pub references: Vec<(&'a str, Vec<&'a Proportion>)>,
}

/// One measure in one round: its rows (one per group) and its spreads.
#[derive(Debug)]
pub struct MeasureView<'a> {
    pub measure: &'a str,
    pub rows: Vec<&'a Row>,
    pub spreads: Vec<&'a Distribution>,
}

/// One measure across rounds: everyone's mean (and interval) per round,
/// none where hidden, and the changes shown.
#[derive(Debug)]
pub struct TrendView<'a> {
    pub measure: &'a str,
    pub line: Vec<(&'a Option<String>, Option<&'a Stats>)>,
    pub changes: Vec<&'a Trend>,
}

/// `key` of each item once, in the order first met.
fn once<'a, T, K: PartialEq + Copy>(items: impl Iterator<Item = &'a T>, key: impl Fn(&'a T) -> K) -> Vec<K>
where
    T: 'a,
{
    let mut keys: Vec<K> = Vec::new();
    for item in items {
        let k = key(item);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// Measures in the order the catalogue asks them; any it lacks after, as met.
pub(super) fn in_catalogue_order<'a>(mut measures: Vec<&'a str>, catalogue: &Catalogue) -> Vec<&'a str> {
    let order: Vec<&str> =
        catalogue.latest_versions().into_iter().flat_map(|i| i.scores().iter().map(|s| s.id())).collect();
    measures.sort_by_key(|m| order.iter().position(|o| o == m).unwrap_or(usize::MAX));
    measures
}

impl Report {
    /// Every round, as the report reads.
    pub fn rounds_view(&self, catalogue: &Catalogue) -> Vec<RoundView<'_>> {
        self.rounds
            .iter()
            .enumerate()
            .map(|(at, round)| {
                let rows = || self.rows.iter().filter(move |r| &r.round == round);
                let distributions = || self.distributions.iter().filter(move |d| &d.round == round);
                let measures = in_catalogue_order(once(rows(), |r| r.measure.as_str()), catalogue)
                    .into_iter()
                    .map(|measure| MeasureView {
                        measure,
                        rows: rows().filter(|r| r.measure == measure).collect(),
                        spreads: distributions()
                            .filter(|d| matches!(&d.subject, Subject::Measure(m) if m == measure))
                            .collect(),
                    })
                    .collect();
                let items = once(distributions(), |d| match &d.subject {
                    Subject::Item { instrument, item } => Some((instrument.as_str(), item.as_str())),
                    Subject::Measure(_) => None,
                });
                let items: Vec<(&str, &str)> = items.into_iter().flatten().collect();
                let descriptive = once(items.iter(), |(instrument, _)| *instrument)
                    .into_iter()
                    .map(|instrument| {
                        let figures = items
                            .iter()
                            .filter(|(i, _)| *i == instrument)
                            .map(|(_, item)| {
                                distributions()
                                    .filter(|d| {
                                        matches!(&d.subject, Subject::Item { instrument: i, item: t }
                                            if i == instrument && t == item)
                                    })
                                    .collect()
                            })
                            .collect();
                        (instrument, figures)
                    })
                    .collect();
                let shares = || self.proportions.iter().filter(move |p| &p.round == round);
                let references = once(shares(), |p| p.label.as_str())
                    .into_iter()
                    .map(|label| (label, shares().filter(|p| p.label == label).collect()))
                    .collect();
                RoundView {
                    round,
                    files: self.files_per_round.get(at).copied().flatten(),
                    receipts: self.receipts.get(at).and_then(Option::as_deref),
                    measures,
                    descriptive,
                    references,
                }
            })
            .collect()
    }

    /// Every measure with a change shown, in the catalogue's order.
    pub fn trends_view(&self, catalogue: &Catalogue) -> Vec<TrendView<'_>> {
        in_catalogue_order(once(self.trends.iter(), |t| t.measure.as_str()), catalogue)
            .into_iter()
            .map(|measure| TrendView {
                measure,
                line: self
                    .rounds
                    .iter()
                    .map(|round| {
                        let everyone = self
                            .rows
                            .iter()
                            .find(|r| &r.round == round && r.group == Group::All && r.measure == measure);
                        (round, everyone.and_then(|r| r.stats.as_ref()))
                    })
                    .collect(),
                changes: self.trends.iter().filter(|t| t.measure == measure).collect(),
            })
            .collect()
    }
}
