//! Pooling many result files into an anonymous team report: counts, means
//! and 95% confidence intervals per round, per team and for everyone, with
//! small groups suppressed so that no hidden figure can be recovered from
//! the shown ones by subtraction.
//!
//! The rule (stated on the page in one sentence): a group of fewer than
//! `k` people shows no figures at all, not even its count; and within each
//! partition whose total is shown (the teams of one round, for one
//! measure, with "Not given" as a group of its own), the hidden groups
//! together hold either nobody or at least `k` people: while they hold
//! fewer, the next smallest shown group is hidden too (Culture Amp's
//! remainder rule, Glint's next-group suppression). Each figure lists
//! every group with files in its round, and one whose people all skipped
//! it is hidden like any under `k` and counts as hidden people, so
//! whether a hidden group answered is hidden too. The report holds no
//! figure across rounds, so a cell hidden in one round cannot be recovered
//! from another.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::hash::Hash;

mod detail;
mod intake;
mod json;
mod layout;
mod pile;
pub mod shown;
mod summary;
mod trend;

pub(crate) use detail::bin_of;
pub use detail::{find_spec, Bin, Distribution, Proportion, Report, Subject, BINS};
pub use intake::{file_format, is_os_added, is_os_file, record_digest, Intake, SAME_ID_DIFFERENT_FILES};
pub use json::{to_json, JSON_FORMAT, JSON_FORMAT_VERSION};
pub use layout::{MeasureView, RoundView, TrendView};
pub use pile::Pile;
pub use summary::Headline;
pub use trend::{min_group, response_rate, Change, Rate, RateGuide, Trend, MAX_MIN_GROUP};

use crate::catalogue::Catalogue;
use crate::config::MIN_GROUP_FLOOR;
use crate::instrument::Method;
use crate::result_file::ResultRecord;
use crate::scoring::score_one;
use crate::spreadsheet;

/// A group of people in a report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Everyone in the round.
    All,
    /// One of the practice's teams.
    Team(String),
    /// People who chose "Prefer not to say", and files with no team.
    NotGiven,
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Group::All => f.write_str("All"),
            Group::Team(t) => f.write_str(t),
            Group::NotGiven => f.write_str("Not given"),
        }
    }
}

/// Why a team label cannot be a team's: `All` and `Not given` (in any
/// case, spaces around ignored) are the report's own groups, and a team so
/// named would stand beside them as if it were one of them.
pub fn reserved_label(team: &str) -> Option<String> {
    let label = team.trim();
    ["All", "Not given"].iter().find(|r| r.eq_ignore_ascii_case(label)).map(|r| {
        format!("\"{label}\" is a name the team report keeps for its own group \"{r}\"; call the team something else")
    })
}

/// A group's figures for one measure as every shared report shows them
/// (page, CSV, JSON, `pulse pool`): rounded to the precision a person reads
/// on the measure's scale ([`shown`]), so that no colleague can work out
/// the scores behind them. Exact figures come only from the files.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    pub n: usize,
    /// The mean, rounded to `places` decimals.
    pub mean: f64,
    /// The 95% confidence interval of the mean (t distribution), clamped
    /// to the scale and rounded outward to `places` decimals; none for a
    /// single person.
    pub ci: Option<(f64, f64)>,
    /// Decimals shown: 0 on a wide scale (0–100), 1 on a narrow one (1–7).
    pub places: u8,
}

impl Stats {
    /// The figures shown for `n` scores with this exact mean and sample
    /// standard deviation, on a scale `range`, in a report with minimum
    /// group `k`: the interval only from [`detail_from`] people. (A report
    /// may hide a larger group's interval too, by the complementary rule:
    /// [`Stats::with_detail`].)
    pub fn shown(n: usize, mean: f64, sd: f64, range: (f64, f64), k: usize) -> Self {
        Self::with_detail(n, mean, sd, range, n >= detail_from(k))
    }

    /// The same, with the interval shown only when `detail` is (the
    /// report's rule for the group: [`detail_from`] people and the
    /// complementary rule, `pool/detail.rs`).
    pub fn with_detail(n: usize, mean: f64, sd: f64, range: (f64, f64), detail: bool) -> Self {
        let places = shown::places(range);
        let ci = if detail { exact_ci(n, mean, sd) } else { None };
        Self {
            n,
            mean: shown::round(mean, places),
            ci: ci.map(|ci| shown::interval(ci, range, places)),
            places,
        }
    }

    /// A figure as these are shown: text with `places` decimals.
    pub fn text(&self, x: f64) -> String {
        shown::figure(x, self.places)
    }
}

/// The smallest group whose interval and spread a report shows, at
/// minimum group `k`: twice k, and never under 10. A smaller group shows
/// its count and its rounded mean only: its interval (which gives the
/// standard deviation) and its spread in fifths let a member work out the
/// others' scores far too often (`core/tests/disclosure.rs` measures it).
pub fn detail_from(k: usize) -> usize {
    k.max(MIN_GROUP_FLOOR as usize).saturating_mul(2).max(10)
}

/// The exact 95% confidence interval of a mean of `n` scores with sample
/// standard deviation `sd` (t distribution); none for a single person.
pub fn exact_ci(n: usize, mean: f64, sd: f64) -> Option<(f64, f64)> {
    (n > 1).then(|| {
        let half = t_975(n.saturating_sub(1) as f64) * sd / (n as f64).sqrt();
        (mean - half, mean + half)
    })
}

/// Wilson's score interval (95%) for a proportion: `gave` of `n` people.
/// Unlike the textbook p ± 1.96·√(p(1 − p)/n) it stays inside 0 to 1 and
/// does not shrink to nothing at 0 of n or n of n, which a small team's
/// share often is (Wilson 1927; Newcombe 1998, method 3). None for nobody.
pub fn wilson(gave: usize, n: usize) -> Option<(f64, f64)> {
    use statrs::distribution::{ContinuousCDF, Normal};
    if n == 0 || gave > n {
        return None;
    }
    let z = Normal::standard().inverse_cdf(0.975);
    let (nf, p) = (n as f64, gave as f64 / n as f64);
    let z2 = z * z;
    let denominator = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    // At 0 of n and n of n an end is exactly 0 or 1; float error aside.
    let lo = if gave == 0 { 0.0 } else { (centre - half).max(0.0) };
    let hi = if gave == n { 1.0 } else { (centre + half).min(1.0) };
    Some((lo, hi))
}

/// A group's exact figures, inside the core only: never shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Exact {
    pub(crate) n: usize,
    pub(crate) mean: f64,
    /// The sample standard deviation (0 for a single person).
    pub(crate) sd: f64,
    /// Whether the report shows this group's detail (its interval and
    /// spread): from [`detail_from`] people, and only where the groups
    /// without theirs cannot be worked out by subtraction (`detail.rs`).
    pub(crate) detail: bool,
}

/// Why a group's figures are hidden: which of the rule's two steps hid it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// The group holds fewer than `k` people (primary suppression).
    FewerThan(usize),
    /// The group holds `k` or more, but is hidden so that a smaller hidden
    /// group cannot be worked out from it (secondary suppression).
    Secondary,
}

impl Hidden {
    /// Why a hidden group of `n` people is hidden, with minimum group `k`:
    /// under `k` it is the group's own size; at `k` or more, only to keep
    /// another group from being worked out.
    pub fn of(n: usize, k: usize) -> Self {
        if n < k {
            Hidden::FewerThan(k)
        } else {
            Hidden::Secondary
        }
    }

    /// The reason in words, as the page, the CSV's and the JSON's `reason`
    /// say it.
    pub fn words(self) -> String {
        match self {
            Hidden::FewerThan(k) => format!("fewer than {k} responses"),
            Hidden::Secondary => "hidden so that a smaller group cannot be worked out".to_owned(),
        }
    }
}

/// One row of a team report: `None` figures are suppressed, and `hidden`
/// then says why.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub round: Option<String>,
    pub group: Group,
    pub measure: String,
    pub stats: Option<Stats>,
    pub hidden: Option<Hidden>,
}

/// Which teams a roster can check: the practice's `teams` (practice.json)
/// when it lists any, else every named team. "Not given" never: anyone may
/// leave the team out, so no roster says how many did, and made-up files
/// there pass the check of files per team (review 5, R5-9). Nor can a
/// team the practice's list leaves out be checked against it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    listed: BTreeSet<String>,
}

impl Roster {
    /// The practice's teams (none listed: every named team is checkable).
    pub fn new(teams: impl IntoIterator<Item = String>) -> Self {
        Self { listed: teams.into_iter().collect() }
    }

    /// Whether a roster can check how many files a group holds.
    pub fn checks(&self, group: &Group) -> bool {
        match group {
            Group::All => true,
            Group::NotGiven => false,
            Group::Team(t) => self.listed.is_empty() || self.listed.contains(t),
        }
    }
}

/// Which groups of one partition are hidden, from their sizes alone:
/// groups under `k`, then the next smallest while the hidden ones together
/// hold fewer than `k` (but someone). `all_hidden` when the total itself is
/// under `k` (then every group is hidden). A group is anything that names
/// one part of a partition: a team, "Not given", a round.
pub fn suppressed<G: Clone + Eq + Hash>(sizes: &[(G, usize)], k: usize) -> (bool, HashSet<G>) {
    suppressed_beside(sizes, k, HashSet::new())
}

/// The same, with some groups hidden already (primary suppression from
/// another figure the same people stand behind): the remainder rule then
/// runs again over them.
pub fn suppressed_beside<G: Clone + Eq + Hash>(
    sizes: &[(G, usize)],
    k: usize,
    already: HashSet<G>,
) -> (bool, HashSet<G>) {
    suppress(sizes, k, already, false, &|_| true)
}

/// The rule every figure of a team report is hidden by: one figure's
/// groups where every group listed has files in the round
/// (`Pool::padded`), so a group of nobody is one whose people skipped the
/// figure: it is hidden as under `k`, and hidden groups that hold files
/// must together hold at least `k` answers, not none; else "nobody
/// answered" would be read off the rest for the people of a hidden group
/// (everyone's n minus the shown groups'), and whether they skipped
/// would change which groups show. And the hidden groups must hold `k`
/// answers in groups a roster checks ([`Roster::checks`]): made-up files
/// in "Not given" (or a team the practice does not list), which no count
/// can catch, never make up the `k` that keeps a small team from being
/// worked out (review 5, R5-9); secondary suppression then hides more, and
/// where nothing more can be hidden, the whole figure is.
pub fn suppressed_in(
    sizes: &[(Group, usize)],
    k: usize,
    already: HashSet<Group>,
    roster: &Roster,
) -> (bool, HashSet<Group>) {
    suppress(sizes, k, already, true, &|g| roster.checks(g))
}

fn suppress<G: Clone + Eq + Hash>(
    sizes: &[(G, usize)],
    k: usize,
    already: HashSet<G>,
    listed: bool,
    checked: &dyn Fn(&G) -> bool,
) -> (bool, HashSet<G>) {
    let k = k.max(MIN_GROUP_FLOOR as usize);
    let total: usize = sizes.iter().map(|(_, n)| *n).fold(0, usize::saturating_add);
    if total < k {
        return (true, sizes.iter().map(|(g, _)| g.clone()).collect());
    }
    let counts = |n: usize| listed || n > 0;
    let mut hidden: HashSet<G> =
        sizes.iter().filter(|(_, n)| counts(*n) && *n < k).map(|(g, _)| g.clone()).collect();
    hidden.extend(already.into_iter().filter(|g| sizes.iter().any(|(s, n)| s == g && counts(*n))));
    loop {
        let held = |only_checked: bool| {
            sizes
                .iter()
                .filter(|(g, _)| hidden.contains(g) && (!only_checked || checked(g)))
                .map(|(_, n)| *n)
                .fold(0, usize::saturating_add)
        };
        let (everyone, checkable) = (held(false), held(true));
        if (everyone == 0 && (!listed || hidden.is_empty())) || (everyone >= k && checkable >= k) {
            break;
        }
        // The next smallest shown group (ties: in order, so it is stable).
        let next = sizes
            .iter()
            .filter(|(g, n)| *n > 0 && !hidden.contains(g))
            .min_by_key(|(_, n)| *n)
            .map(|(g, _)| g.clone());
        match next {
            Some(g) => {
                hidden.insert(g);
            }
            // Every group hidden and still too few a roster can check:
            // the total would give them (less the made-up files), so it
            // is hidden too.
            None => return (true, sizes.iter().map(|(g, _)| g.clone()).collect()),
        }
    }
    (false, hidden)
}

/// Running figures of one group's scores for one measure (Welford's
/// method: a mean and a sum of squared deviations, which stay accurate
/// where a sum of squares minus a squared sum would cancel), and how many
/// fell in each fifth of the measure's range (its distribution).
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    n: usize,
    mean: f64,
    m2: f64,
    bins: [usize; BINS],
}

impl Sums {
    fn add(&mut self, x: f64, bin: usize) {
        self.n = self.n.saturating_add(1);
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
        if let Some(count) = self.bins.get_mut(bin) {
            *count = count.saturating_add(1);
        }
    }

    fn exact(self) -> Option<Exact> {
        if self.n == 0 {
            return None;
        }
        // Never below 0 from rounding.
        let var = if self.n > 1 { (self.m2 / (self.n as f64 - 1.0)).max(0.0) } else { 0.0 };
        Some(Exact { n: self.n, mean: self.mean, sd: var.sqrt(), detail: false })
    }
}

/// The 97.5th percentile of Student's t with `df` degrees of freedom (the
/// two-sided 95% point), exact for any positive `df`, whole or not (Welch's
/// are not): statrs's inverse of the regularised incomplete beta function.
/// Infinite beyond 10⁷ (no table reaches that far; the normal's 1.95996…
/// is the limit); infinite for no degrees of freedom (no interval at all).
pub fn t_975(df: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal, StudentsT};
    if df.is_nan() || df <= 0.0 {
        return f64::INFINITY;
    }
    if df > 1e7 {
        return Normal::standard().inverse_cdf(0.975);
    }
    StudentsT::new(0.0, 1.0, df).map_or(f64::INFINITY, |t| t.inverse_cdf(0.975))
}

/// A team report being built, one record at a time: only the per-group
/// sums are kept, never the files, so memory does not grow with the number
/// of files. Each response is to be added once: [`Intake`] sees to that.
/// The page, `pulse` and the fuzzer never use it directly but through a
/// [`Pile`], which takes the steps in order; tests of the sums use it.
#[derive(Debug, Default)]
pub struct Pool {
    /// (round, measure) → group → sums
    cells: BTreeMap<(Option<String>, String), BTreeMap<Group, Sums>>,
    /// Descriptive modules' items and team-level proportions (detail.rs).
    detail: detail::Detail,
    /// Each round's earliest month (which orders the rounds not in
    /// `order`) and files.
    rounds: BTreeMap<Option<String>, (crate::Period, usize)>,
    /// The order rounds are read in (see [`Pool::set_round_order`]).
    order: Vec<Option<String>>,
    /// The groups with files in each round (each team, and Not given):
    /// every figure of the round lists each of them, hidden where it
    /// holds fewer than k answers, none included ([`Pool::padded`]).
    groups: BTreeMap<Option<String>, BTreeSet<Group>>,
    /// Records added.
    pub added: usize,
    /// The teams a roster can check ([`Pool::set_roster`]).
    roster: Roster,
    /// Each round's receipts of the files counted (`crate::receipt`),
    /// unsorted; a file with no id has none.
    receipts: BTreeMap<Option<String>, Vec<String>>,
    /// Which groups are hidden, when decided before the figures were
    /// known (two key holders: hand_in/steps.rs); none: from the sizes.
    verdict: Option<Verdict>,
}

/// Which groups a report hides, decided by the second key holder from the
/// sizes alone (by this module's own rule, [`Pool::full_report`] on a pool
/// of sizes) before any figure leaves them: the first holder's pool holds
/// only the shown groups' figures, so it cannot decide itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// (round, measure, group) hidden, and why.
    pub(crate) measures: HashMap<(Option<String>, String, Group), Hidden>,
    /// (round, measure, group) shown without its detail (interval, spread).
    pub(crate) no_detail: HashSet<(Option<String>, String, Group)>,
    /// (round, instrument, item position, group) hidden, and why.
    pub(crate) items: HashMap<(Option<String>, String, usize, Group), Hidden>,
    /// (round, instrument, score, reference's place, group) hidden, and why.
    pub(crate) shares: HashMap<(Option<String>, String, String, usize, Group), Hidden>,
}

impl Pool {
    /// Sets the order the report reads rounds in, oldest first: the
    /// practice's `rounds` (`config::Config::round_order`), or every round
    /// as a leader placed them (`None`: files with no round). Rounds it
    /// does not list come after, by their earliest month, then label. The
    /// month alone cannot order rounds: two saved in one month would sort
    /// by label ("2026 autumn" before "2026 spring") and every change
    /// would be worked out backwards.
    pub fn set_round_order(&mut self, order: Vec<Option<String>>) {
        self.order = order;
    }

    /// The practice's teams ([`Roster`]): groups no roster checks do not
    /// count toward the `k` hidden groups must hold ([`suppressed_in`]).
    pub fn set_roster(&mut self, roster: Roster) {
        self.roster = roster;
    }

    /// Where a round stands in the order set; after them all if unlisted.
    fn place(&self, round: &Option<String>) -> usize {
        self.order.iter().position(|o| o == round).unwrap_or(usize::MAX)
    }

    /// Adds one record, with its record's receipt
    /// (`receipt::of_record`): a plain file's.
    pub fn add(&mut self, catalogue: &Catalogue, record: &ResultRecord) {
        self.add_with_receipts(catalogue, record, crate::receipt::of_record(record));
    }

    /// Adds one record, with the receipts of the files it was read from
    /// (a hand-in file's own, and each copy's counted once with it:
    /// `Intake::receipts`).
    pub fn add_with_receipts(
        &mut self,
        catalogue: &Catalogue,
        record: &ResultRecord,
        receipts: impl IntoIterator<Item = String>,
    ) {
        self.added = self.added.saturating_add(1);
        let (first, files) = self.rounds.entry(record.round.clone()).or_insert((record.period, 0));
        *first = (*first).min(record.period);
        *files = files.saturating_add(1);
        for receipt in receipts {
            self.put_receipt(record.round.clone(), receipt);
        }
        let group = record.team.clone().map_or(Group::NotGiven, Group::Team);
        self.groups.entry(record.round.clone()).or_default().insert(group.clone());
        for response in &record.responses {
            let Some(instrument) = catalogue.get(&response.key) else { continue };
            for spec in instrument.scores() {
                if spec.method() == Method::Frequencies {
                    self.detail.add(&record.round, &group, instrument, spec, &response.answers);
                } else if let Some(x) = score_one(instrument, spec, &response.answers).value() {
                    let bin = detail::bin_of(spec.range(), x);
                    let groups = self.cells.entry((record.round.clone(), spec.id().to_owned())).or_default();
                    groups.entry(Group::All).or_default().add(x, bin);
                    groups.entry(group.clone()).or_default().add(x, bin);
                }
            }
        }
    }

    /// The report's rows: for every round, every numeric measure any file
    /// answers, and every group (All, each team, Not given), its figures as
    /// shown or their suppression. Rows come sorted by round, measure, then
    /// group (All first), so the same files in any order give the same report.
    pub fn report(&self, catalogue: &Catalogue, k: usize) -> Vec<Row> {
        shown_rows(self.exact_rows(k), catalogue)
    }

    /// The same with exact figures, for the core's own use (trends).
    pub(crate) fn exact_rows(&self, k: usize) -> Vec<ExactRow> {
        let mut rows = Vec::new();
        for ((round, measure), groups) in &self.cells {
            let groups = &self.padded(round, groups);
            let (hide, detail) = self.measure_hider(round, measure, groups, k);
            for (group, sums) in groups {
                let hidden = hide(group).then(|| Hidden::of(sums.n, k));
                let exact = sums.exact().map(|e| Exact { detail: detail(group), ..e });
                rows.push(ExactRow {
                    round: round.clone(),
                    group: group.clone(),
                    measure: measure.clone(),
                    exact: if hidden.is_some() { None } else { exact },
                    hidden,
                });
            }
        }
        rows
    }
}

impl Pool {
    /// The hidden groups of one (round, measure), and the shown ones that
    /// also show their detail (interval and spread): by the rule
    /// (`detail::shown_detail`), or as decided ([`Verdict`]).
    #[allow(clippy::type_complexity)]
    fn measure_hider<'a>(
        &'a self,
        round: &'a Option<String>,
        measure: &'a str,
        groups: &BTreeMap<Group, Sums>,
        k: usize,
    ) -> (Box<dyn Fn(&Group) -> bool + 'a>, Box<dyn Fn(&Group) -> bool + 'a>) {
        match &self.verdict {
            Some(v) => {
                let key = move |g: &Group| (round.clone(), measure.to_owned(), g.clone());
                (
                    Box::new(move |g: &Group| v.measures.contains_key(&key(g))),
                    Box::new(move |g: &Group| {
                        !v.measures.contains_key(&key(g)) && !v.no_detail.contains(&key(g))
                    }),
                )
            }
            None => {
                let (hide, detail) = detail::shown_detail(groups, |s: &Sums| s.n, k, &self.roster);
                (Box::new(hide), Box::new(detail))
            }
        }
    }

    /// One figure's groups in a round, with every group that has files in
    /// the round and no answer to the figure added at n = 0: so a hidden
    /// group's row is there whether its people answered the figure or not,
    /// and its absence tells nobody that they skipped it. (All is there
    /// whenever anyone answered.) A group at n = 0 is hidden as fewer than
    /// k, and the remainder rule then hides the next smallest group as it
    /// would for one who answered ([`suppressed_in`]).
    pub(super) fn padded<T: Clone + Default>(
        &self,
        round: &Option<String>,
        groups: &BTreeMap<Group, T>,
    ) -> BTreeMap<Group, T> {
        let mut out = groups.clone();
        for group in self.groups.get(round).into_iter().flatten() {
            out.entry(group.clone()).or_default();
        }
        out
    }

    /// Notes a group with files in a round (the holders' clear counts;
    /// [`Pool::add`] notes each record's own).
    pub(crate) fn put_group(&mut self, round: Option<String>, group: Group) {
        self.groups.entry(round).or_default().insert(group);
    }

    /// A pool whose hidden groups were decided elsewhere (see [`Verdict`]).
    pub(crate) fn with_verdict(verdict: Verdict) -> Self {
        Self { verdict: Some(verdict), ..Self::default() }
    }

    /// Notes that a file of `round` is counted, by its receipt (the two
    /// holders' report: each response whose proof holds).
    pub(crate) fn put_receipt(&mut self, round: Option<String>, receipt: String) {
        self.receipts.entry(round).or_default().push(receipt);
    }

    /// Each round's receipts, sorted, each once, where its count shows.
    pub(crate) fn receipts_of(&self, round: &Option<String>) -> Vec<String> {
        let mut list = self.receipts.get(round).cloned().unwrap_or_default();
        list.sort_unstable();
        list.dedup();
        list
    }

    /// Sets a round's earliest month and files (the holders' clear counts).
    pub(crate) fn put_round(&mut self, round: Option<String>, first: crate::Period, files: usize) {
        self.rounds.insert(round, (first, files));
        self.added = self.added.saturating_add(files);
    }

    /// Sets one group's figures for one measure from its exact sums: `n`
    /// scores with this mean, sum of squared deviations `m2` and spread.
    pub(crate) fn put_measure(
        &mut self,
        round: Option<String>,
        measure: String,
        group: Group,
        (n, mean, m2): (usize, f64, f64),
        bins: [usize; BINS],
    ) {
        self.cells.entry((round, measure)).or_default().insert(group, Sums { n, mean, m2, bins });
    }
}

/// A row with exact figures: inside the core only.
#[derive(Debug, Clone)]
pub(crate) struct ExactRow {
    pub(crate) round: Option<String>,
    pub(crate) group: Group,
    pub(crate) measure: String,
    pub(crate) exact: Option<Exact>,
    pub(crate) hidden: Option<Hidden>,
}

/// A measure's range, from the catalogue (unbounded when it has none).
pub(crate) fn range_of(catalogue: &Catalogue, measure: &str) -> (f64, f64) {
    find_spec(catalogue, measure)
        .map_or((f64::NEG_INFINITY, f64::INFINITY), crate::instrument::ScoreSpec::range)
}

/// Rows as shown: every figure rounded to its measure's precision.
pub(crate) fn shown_rows(rows: Vec<ExactRow>, catalogue: &Catalogue) -> Vec<Row> {
    rows.into_iter()
        .map(|r| {
            let range = range_of(catalogue, &r.measure);
            Row {
                stats: r.exact.map(|e| Stats::with_detail(e.n, e.mean, e.sd, range, e.detail)),
                hidden: r.hidden,
                round: r.round,
                group: r.group,
                measure: r.measure,
            }
        })
        .collect()
}

/// The team report of some records (see [`Pool::report`]).
pub fn report(catalogue: &Catalogue, records: &[ResultRecord], k: usize) -> Vec<Row> {
    let mut pool = Pool::default();
    for record in records {
        pool.add(catalogue, record);
    }
    pool.report(catalogue, k)
}

/// The report as CSV (Excel-safe, see [`spreadsheet`]): one row per round
/// × group × measure, figures as shown (rounded: [`Stats`]); a suppressed
/// row has empty figures, `suppressed` = `true` and its `reason`. `title`
/// is the measure's name as the page shows it (from `catalogue`). Columns
/// are only ever added at the end.
pub fn to_csv(rows: &[Row], catalogue: &Catalogue) -> String {
    let mut out = String::from(spreadsheet::BOM);
    out.push_str("round,group,measure,n,mean,ci_low,ci_high,suppressed,title,reason\n");
    for row in rows {
        let round = row.round.clone().unwrap_or_default();
        let group = row.group.to_string();
        let (n, mean, lo, hi, suppressed) = match row.stats {
            Some(s) => {
                let (lo, hi) = s.ci.map_or((String::new(), String::new()), |(l, h)| (s.text(l), s.text(h)));
                (s.n.to_string(), s.text(s.mean), lo, hi, "false")
            }
            None => (String::new(), String::new(), String::new(), String::new(), "true"),
        };
        let title = find_spec(catalogue, &row.measure).map_or(row.measure.as_str(), |s| s.title());
        let reason = row.hidden.map(Hidden::words).unwrap_or_default();
        out.push_str(&spreadsheet::row(&[
            &round,
            &group,
            &row.measure,
            &n,
            &mean,
            &lo,
            &hi,
            suppressed,
            title,
            &reason,
        ]));
    }
    out
}
