//! The rest of a team report beyond its means: how the answers are spread
//! (a histogram of each measure's scores, and each answer to a descriptive
//! module's items, never as a score), the team-level proportions the
//! catalogue carries references for, and trends across rounds. Every one
//! of them goes through the same suppression as the means, partition by
//! partition, since an item's count can differ from its measure's.

use std::collections::{BTreeMap, HashSet};

use super::{suppressed_in, trend, Group, Hidden, Pool, Roster, Row};
use crate::catalogue::Catalogue;
use crate::instrument::{Instrument, ReferenceLevel, ScoreSpec};
use crate::scoring::plain;

/// How many equal parts of its range a measure's histogram has.
pub const BINS: usize = 5;

/// The part of `range` a score falls in: equal fifths, each holding its
/// lower end, the last its upper end too.
pub(crate) fn bin_of(range: (f64, f64), x: f64) -> usize {
    let (lo, hi) = range;
    let width = hi - lo;
    if width.is_nan() || width <= 0.0 || !x.is_finite() {
        return 0;
    }
    // A score is a mean of whole answers, so it often falls exactly on a
    // fifth's first value (TPS 17/5 = 3.4 on 1 to 7); in binary floating
    // point that can come out a hair below (1.999… fifths), which `floor`
    // would put in the fifth before, against the label "3.4 to under 4.6".
    // So a place within a billionth of a whole fifth counts as that fifth.
    let exact = (x - lo) / width * BINS as f64;
    let nearest = exact.round();
    let place = if (exact - nearest).abs() <= 1e-9 { nearest } else { exact.floor() };
    // In 0..BINS by the clamp, so the cast is exact.
    place.clamp(0.0, BINS as f64 - 1.0) as usize
}

/// The labels of a measure's five parts, such as "0 to under 20".
fn bin_labels(range: (f64, f64)) -> Vec<String> {
    let (lo, hi) = range;
    let step = (hi - lo) / BINS as f64;
    (0..BINS)
        .map(|i| {
            let from = lo + step * i as f64;
            if i == BINS.saturating_sub(1) {
                format!("{} to {}", plain(from), plain(hi))
            } else {
                format!("{} to under {}", plain(from), plain(from + step))
            }
        })
        .collect()
}

/// One group's answers to one item: how many answered, and each value.
#[derive(Debug, Clone, Default)]
struct Counts {
    n: usize,
    values: BTreeMap<i32, usize>,
}

/// (round, instrument id, item position, item id).
pub(crate) type ItemKey = (Option<String>, String, usize, String);

/// (round, instrument id, reference's score id, reference's place).
pub(crate) type ShareKey = (Option<String>, String, String, usize);

#[derive(Debug, Default)]
pub(super) struct Detail {
    /// (round, instrument id, item position, item id) → group → answers.
    items: BTreeMap<ItemKey, BTreeMap<Group, Counts>>,
    /// → group → (gave one of the reference's answers, answered any of its items).
    shares: BTreeMap<ShareKey, BTreeMap<Group, (usize, usize)>>,
}

fn bump(n: &mut usize) {
    *n = n.saturating_add(1);
}

impl Detail {
    /// Adds one person's answers to a descriptive score's items, and to the
    /// proportions its references name.
    pub(super) fn add(
        &mut self,
        round: &Option<String>,
        group: &Group,
        instrument: &Instrument,
        spec: &ScoreSpec,
        answers: &[Option<i32>],
    ) {
        let id = instrument.key().id.clone();
        for &position in spec.items() {
            let (Some(Some(value)), Some(item)) = (answers.get(position), instrument.items().get(position))
            else {
                continue;
            };
            let groups =
                self.items.entry((round.clone(), id.clone(), position, item.id().to_owned())).or_default();
            for g in [Group::All, group.clone()] {
                let counts = groups.entry(g).or_default();
                bump(&mut counts.n);
                bump(counts.values.entry(*value).or_default());
            }
        }
        for (place, reference) in spec.references().iter().enumerate() {
            let ReferenceLevel::TeamProportion { items, option_values } = &reference.level else { continue };
            let given: Vec<i32> = items.iter().filter_map(|&p| answers.get(p).copied().flatten()).collect();
            if given.is_empty() {
                continue;
            }
            let hit = given.iter().any(|v| option_values.contains(v));
            let groups =
                self.shares.entry((round.clone(), id.clone(), spec.id().to_owned(), place)).or_default();
            for g in [Group::All, group.clone()] {
                let (hits, n) = groups.entry(g).or_default();
                if hit {
                    bump(hits);
                }
                bump(n);
            }
        }
    }
}

impl Pool {
    /// Sets one group's answers to one descriptive item.
    pub(crate) fn put_item(
        &mut self,
        (round, instrument, position, item): ItemKey,
        group: Group,
        n: usize,
        values: BTreeMap<i32, usize>,
    ) {
        let groups = self.detail.items.entry((round, instrument, position, item)).or_default();
        groups.insert(group, Counts { n, values });
    }

    /// Sets one group's (gave one of the answers, answered any) for one
    /// team-level proportion.
    pub(crate) fn put_share(&mut self, key: ShareKey, group: Group, share: (usize, usize)) {
        self.detail.shares.entry(key).or_default().insert(group, share);
    }

    /// The groups this pool's report hides, by the rule (never a verdict):
    /// what the second key holder decides from a pool of sizes.
    pub(crate) fn verdict(&self, catalogue: &Catalogue, k: usize) -> super::Verdict {
        let report = self.full_report(catalogue, k);
        let mut verdict = super::Verdict::default();
        for row in &report.rows {
            if let Some(why) = row.hidden {
                verdict.measures.insert((row.round.clone(), row.measure.clone(), row.group.clone()), why);
            }
        }
        // A shown measure without its spread shows no detail (interval
        // and spread go together).
        for d in &report.distributions {
            if let (Subject::Measure(measure), Some(_), None) = (&d.subject, d.n, &d.bins) {
                verdict.no_detail.insert((d.round.clone(), measure.clone(), d.group.clone()));
            }
        }
        // Items and proportions come out in the order of their maps, group
        // by group, as full_report walks them.
        let item_keys = self
            .detail
            .items
            .iter()
            .flat_map(|(key, groups)| self.padded(&key.0, groups).into_keys().map(move |g| (key, g)));
        let item_views = report.distributions.iter().filter(|d| matches!(d.subject, Subject::Item { .. }));
        for (((round, instrument, position, _), group), view) in item_keys.zip(item_views) {
            if let Some(why) = view.hidden {
                verdict.items.insert((round.clone(), instrument.clone(), *position, group), why);
            }
        }
        // full_report leaves out a proportion the catalogue no longer has.
        let known = |(_, instrument, score, place): &ShareKey| {
            catalogue
                .latest(instrument)
                .and_then(|i| i.scores().iter().find(|s| s.id() == score))
                .and_then(|s| s.references().get(*place))
                .is_some()
        };
        let share_keys = self
            .detail
            .shares
            .iter()
            .filter(|(key, _)| known(key))
            .flat_map(|(key, groups)| self.padded(&key.0, groups).into_keys().map(move |g| (key, g)));
        for (((round, instrument, score, place), group), view) in share_keys.zip(&report.proportions) {
            if let Some(why) = view.hidden {
                verdict.shares.insert((round.clone(), instrument.clone(), score.clone(), *place, group), why);
            }
        }
        verdict
    }
}

/// What a distribution describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A measure's scores, in fifths of its range.
    Measure(String),
    /// The answers to one item of a descriptive module.
    Item { instrument: String, item: String },
}

/// One part of a distribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bin {
    pub label: String,
    pub count: usize,
}

/// How one group's answers are spread; `bins` and `n` are none when the
/// group is suppressed, and `hidden` says why; a shown group without its
/// spread (`n` only) has `hidden` too, at the detail's size
/// ([`super::detail_from`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    pub round: Option<String>,
    pub group: Group,
    pub subject: Subject,
    /// The measure's title or the item's question.
    pub title: String,
    pub n: Option<usize>,
    pub bins: Option<Vec<Bin>>,
    pub hidden: Option<Hidden>,
}

/// The share of one group who gave one of a reference's answers, beside
/// the published figure; `share` (gave, answered) is none when suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct Proportion {
    pub round: Option<String>,
    pub group: Group,
    pub instrument: String,
    pub label: String,
    pub source: String,
    /// The published proportion, 0 to 1.
    pub reference: f64,
    pub share: Option<(usize, usize)>,
    /// Why `share` is hidden, when it is.
    pub hidden: Option<Hidden>,
    /// The share's 95% interval (Wilson), 0 to 1, rounded outward to whole
    /// percents as it is shown; none when the share is suppressed.
    pub ci: Option<(f64, f64)>,
}

/// Everything the team page shows and `pulse pool --format json` writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The minimum group size applied (never below 3).
    pub min_group: usize,
    /// Files pooled, each response once; none below the minimum group.
    pub files: Option<usize>,
    /// The rounds in the order set (`Pool::set_round_order`), then the
    /// others by their earliest month, then label; none for files with
    /// no round (format 1, or no round configured).
    pub rounds: Vec<Option<String>>,
    /// Files per round, in the same order; none where a round holds
    /// fewer than the minimum group (or must hide with one that does).
    pub files_per_round: Vec<Option<usize>>,
    /// Per round, in the same order: the sorted receipts
    /// (`ResponseId::receipt`, the first 8 characters of the response id)
    /// of the responses counted in it, so that each person can check
    /// their file was counted (a swap of real files for made-up ones is
    /// then noticed by the real files' owners); none where the round's
    /// count is hidden (the list's length would give it). Per round only,
    /// never per team: a team's list would give the size of a team the
    /// report hides, and tie a receipt to a team.
    pub receipts: Vec<Option<Vec<String>>>,
    pub rows: Vec<Row>,
    pub distributions: Vec<Distribution>,
    pub proportions: Vec<Proportion>,
    pub trends: Vec<trend::Trend>,
    /// The exact figures of the rows shown, for changes between any two
    /// rounds ([`Report::change`]); never shown or written.
    exact: BTreeMap<(Option<String>, Group, String), super::Exact>,
}

impl Report {
    /// Keeps only everyone's figures (`pulse pool --by round`).
    pub fn only_all(&mut self) {
        self.rows.retain(|r| r.group == Group::All);
        self.distributions.retain(|d| d.group == Group::All);
        self.proportions.retain(|p| p.group == Group::All);
        self.trends.retain(|t| t.group == Group::All);
    }
}

/// The hidden groups of one partition (a round's groups for one subject).
pub(super) fn hidden_of<T>(
    groups: &BTreeMap<Group, T>,
    size: impl Fn(&T) -> usize,
    k: usize,
    roster: &Roster,
) -> impl Fn(&Group) -> bool {
    hidden_beside(groups, size, k, std::collections::HashSet::new(), roster)
}

/// The same, with groups hidden already by another figure of the same
/// people (everyone hidden there hides everyone here).
pub(super) fn hidden_beside<T>(
    groups: &BTreeMap<Group, T>,
    size: impl Fn(&T) -> usize,
    k: usize,
    already: std::collections::HashSet<Group>,
    roster: &Roster,
) -> impl Fn(&Group) -> bool {
    let sizes: Vec<(Group, usize)> =
        groups.iter().filter(|(g, _)| **g != Group::All).map(|(g, t)| (g.clone(), size(t))).collect();
    let everyone = already.contains(&Group::All);
    // Every group listed has files in the round (`Pool::padded`): one
    // whose people all skipped this figure is hidden as under k, and
    // counts as hidden people in the remainder rule; groups no roster
    // checks never make up the k on their own (R5-9).
    let (all_hidden, hidden) = suppressed_in(&sizes, k, already, roster);
    move |g: &Group| everyone || if *g == Group::All { all_hidden } else { hidden.contains(g) }
}

/// Which groups of one partition (a round's groups for one measure) are
/// hidden, and which of the rest also show their detail (the interval and
/// the spread in fifths). Detail is suppressed like the figures, one level
/// up, at [`super::detail_from`]`(k)` instead of `k`: a group under it
/// shows no detail (primary), and the groups without detail (with those
/// hidden altogether) together hold either nobody or at least
/// `detail_from(k)` people; while they hold fewer, the next smallest group
/// showing its detail stops showing it (secondary, or complementary,
/// suppression). Else All's spread minus the teams' spreads (and All's
/// interval against theirs, through the sums of squares) would give the
/// rest's spread exactly. All's own detail is hidden only when everyone
/// together is under `detail_from(k)`.
pub(super) fn shown_detail<T>(
    groups: &BTreeMap<Group, T>,
    size: impl Fn(&T) -> usize,
    k: usize,
    roster: &Roster,
) -> (impl Fn(&Group) -> bool, impl Fn(&Group) -> bool) {
    let sizes: BTreeMap<Group, usize> = groups.iter().map(|(g, t)| (g.clone(), size(t))).collect();
    let hide = hidden_of(&sizes, |n| *n, k, roster);
    let hidden: HashSet<Group> = sizes.keys().filter(|g| hide(g)).cloned().collect();
    let no_detail = hidden_beside(&sizes, |n| *n, super::detail_from(k), hidden.clone(), roster);
    let detail: HashSet<Group> = sizes.keys().filter(|g| !no_detail(g)).cloned().collect();
    (move |g: &Group| hidden.contains(g), move |g: &Group| detail.contains(g))
}

impl Pool {
    /// The whole team report with minimum group size `k` (raised to 3).
    pub fn full_report(&self, catalogue: &Catalogue, k: usize) -> Report {
        let k = k.max(crate::config::MIN_GROUP_FLOOR as usize);
        let exact = self.exact_rows(k);
        let mut rounds: Vec<(usize, crate::Period, Option<String>, usize)> =
            self.rounds.iter().map(|(r, (p, n))| (self.place(r), *p, r.clone(), *n)).collect();
        rounds.sort();
        // The rounds are a partition of the files too: a round's count
        // shows only under the same rule as any group's.
        // A round's count shows when it holds at least k (its All rows
        // show as much); the total across rounds only when every round's
        // does, so no hidden round's count follows by subtraction.
        let files_per_round: Vec<Option<usize>> =
            rounds.iter().map(|(_, _, _, n)| (*n >= k).then_some(*n)).collect();
        let rounds: Vec<Option<String>> = rounds.into_iter().map(|(_, _, r, _)| r).collect();
        let receipts: Vec<Option<Vec<String>>> = rounds
            .iter()
            .zip(&files_per_round)
            .map(|(round, shown)| shown.map(|_| self.receipts_of(round)))
            .collect();
        let mut distributions = Vec::new();
        for ((round, measure), groups) in &self.cells {
            let groups = &self.padded(round, groups);
            let spec = find_spec(catalogue, measure);
            let labels = bin_labels(spec.map_or((0.0, 1.0), ScoreSpec::range));
            let title = spec.map_or(measure.clone(), |s| s.title().to_owned());
            let (hide, detail) = self.measure_hider(round, measure, groups, k);
            for (group, sums) in groups {
                let shown = !hide(group);
                // A measure's spread only where its detail shows: from
                // detail_from(k) people, and never recoverable by subtraction.
                let spread = shown && detail(group);
                // Why nothing or no spread shows: the group's own rule, or
                // the detail's (under detail_from(k), or kept back so that
                // a smaller group's spread cannot be worked out).
                let hidden = if !shown {
                    Some(Hidden::of(sums.n, k))
                } else if !spread {
                    Some(Hidden::of(sums.n, super::detail_from(k)))
                } else {
                    None
                };
                distributions.push(Distribution {
                    hidden,
                    round: round.clone(),
                    group: group.clone(),
                    subject: Subject::Measure(measure.clone()),
                    title: title.clone(),
                    n: shown.then_some(sums.n),
                    bins: spread.then(|| {
                        labels
                            .iter()
                            .zip(sums.bins)
                            .map(|(label, count)| Bin { label: label.clone(), count })
                            .collect()
                    }),
                });
            }
        }
        for ((round, instrument, position, item_id), groups) in &self.detail.items {
            let item = catalogue.latest(instrument).and_then(|i| {
                let index = i.item_index(item_id)?;
                i.items().get(index)
            });
            let groups = &self.padded(round, groups);
            let computed = hidden_of(groups, |c| c.n, k, &self.roster);
            let hide = |g: &Group| match &self.verdict {
                Some(v) => v.items.contains_key(&(round.clone(), instrument.clone(), *position, g.clone())),
                None => computed(g),
            };
            for (group, counts) in groups {
                let shown = !hide(group);
                let hidden = (!shown).then(|| Hidden::of(counts.n, k));
                distributions.push(Distribution {
                    hidden,
                    round: round.clone(),
                    group: group.clone(),
                    subject: Subject::Item { instrument: instrument.clone(), item: item_id.clone() },
                    title: item.map_or(item_id.clone(), |i| i.text().to_owned()),
                    n: shown.then_some(counts.n),
                    bins: shown.then(|| option_bins(item.map(|i| i.options()).unwrap_or_default(), counts)),
                });
            }
        }
        let mut proportions = Vec::new();
        for ((round, instrument, score, place), groups) in &self.detail.shares {
            let Some(reference) = catalogue
                .latest(instrument)
                .and_then(|i| i.scores().iter().find(|s| s.id() == score))
                .and_then(|s| s.references().get(*place))
            else {
                continue;
            };
            // A group hidden in any of the proportion's items is hidden in
            // it too (else the item's answers could follow from the share
            // and the other items); then the remainder rule runs again.
            let items: &[usize] = match &reference.level {
                ReferenceLevel::TeamProportion { items, .. } => items,
                ReferenceLevel::TeamMean => &[],
            };
            let mut already: std::collections::HashSet<Group> = std::collections::HashSet::new();
            for ((item_round, item_instrument, position, _), item_groups) in &self.detail.items {
                if item_round == round && item_instrument == instrument && items.contains(position) {
                    let item_groups = &self.padded(round, item_groups);
                    let hidden_here = hidden_of(item_groups, |c| c.n, k, &self.roster);
                    already.extend(item_groups.keys().filter(|g| hidden_here(g)).cloned());
                }
            }
            let groups = &self.padded(round, groups);
            let computed = hidden_beside(groups, |(_, n)| *n, k, already, &self.roster);
            let hide = |g: &Group| match &self.verdict {
                Some(v) => v.shares.contains_key(&(
                    round.clone(),
                    instrument.clone(),
                    score.clone(),
                    *place,
                    g.clone(),
                )),
                None => computed(g),
            };
            for (group, share) in groups {
                proportions.push(Proportion {
                    round: round.clone(),
                    group: group.clone(),
                    instrument: instrument.clone(),
                    label: reference.label.clone(),
                    source: reference.source.clone(),
                    reference: reference.value,
                    share: (!hide(group)).then_some(*share),
                    hidden: hide(group).then(|| Hidden::of(share.1, k)),
                    ci: (!hide(group))
                        .then(|| super::wilson(share.0, share.1))
                        .flatten()
                        .map(|ci| super::shown::interval(ci, (0.0, 1.0), 2)),
                });
            }
        }
        let trends = trend::trends(&exact, &rounds, catalogue);
        let exact_shown = exact
            .iter()
            .filter_map(|r| r.exact.map(|e| ((r.round.clone(), r.group.clone(), r.measure.clone()), e)))
            .collect();
        let rows = super::shown_rows(exact, catalogue);
        Report {
            min_group: k,
            files: (self.added >= k && files_per_round.iter().all(Option::is_some)).then_some(self.added),
            rounds,
            files_per_round,
            receipts,
            rows,
            distributions,
            proportions,
            trends,
            exact: exact_shown,
        }
    }
}

impl Report {
    /// One group's change in a measure between two rounds where both are
    /// shown (not only neighbouring ones, as [`Report::trends`] holds), as
    /// the report shows a change: the figures rounded, the interval outward.
    pub fn change(
        &self,
        catalogue: &Catalogue,
        group: &Group,
        measure: &str,
        from: &Option<String>,
        to: &Option<String>,
    ) -> Option<trend::Trend> {
        let get =
            |round: &Option<String>| self.exact.get(&(round.clone(), group.clone(), measure.to_owned()));
        let (a, b) = (get(from)?, get(to)?);
        Some(trend::between(group, measure, (from, a), (to, b), super::range_of(catalogue, measure)))
    }
}

/// Each option's count in the order offered; any value the newest version
/// no longer offers (an older file's) after them, by its value.
fn option_bins(options: &[crate::instrument::Choice], counts: &Counts) -> Vec<Bin> {
    let mut bins: Vec<Bin> = options
        .iter()
        .map(|c| Bin { label: c.label.clone(), count: counts.values.get(&c.value).copied().unwrap_or(0) })
        .collect();
    for (value, count) in &counts.values {
        if !options.iter().any(|c| c.value == *value) {
            bins.push(Bin { label: value.to_string(), count: *count });
        }
    }
    bins
}

/// A measure's definition, from the newest instrument that has it.
pub fn find_spec<'a>(catalogue: &'a Catalogue, measure: &str) -> Option<&'a ScoreSpec> {
    catalogue.latest_versions().into_iter().flat_map(|i| i.scores()).find(|s| s.id() == measure)
}

#[cfg(test)]
mod tests {
    use super::{bin_labels, bin_of, BINS};

    /// Every fifth's first value falls in that fifth, as its label says,
    /// worked as the scoring makes it (a mean of whole answers, or a
    /// multiple of a step), on each built-in range.
    #[test]
    fn a_score_on_a_fifths_first_value_falls_in_that_fifth() {
        // TPS 1 to 7: 2.2 = 11/5, 3.4 = 17/5, 4.6 = 23/5, 5.8 = 29/5.
        for (i, sum) in [(1, 11.0), (2, 17.0), (3, 23.0), (4, 29.0)] {
            assert_eq!(bin_of((1.0, 7.0), sum / 5.0), i, "{sum}/5");
        }
        assert_eq!(bin_labels((1.0, 7.0))[2], "3.4 to under 4.6");
        // WHO-5 and CBI 0 to 100 (steps of 4 and of 25/… means).
        for i in 0..BINS {
            assert_eq!(bin_of((0.0, 100.0), 20.0 * i as f64), i);
        }
        // Just under a first value stays in the fifth before; the top is the last.
        assert_eq!(bin_of((1.0, 7.0), 17.0 / 5.0 - 0.001), 1);
        assert_eq!(bin_of((1.0, 7.0), 7.0), BINS - 1);
        assert_eq!(bin_of((0.0, 100.0), 100.0), BINS - 1);
    }
}
