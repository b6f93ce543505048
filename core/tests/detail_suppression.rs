//! The review's subtraction holes in the detail (the spread in fifths and
//! the interval), table by table: everyone's detail minus the teams' that
//! show theirs gives the rest's, so the groups without their detail must
//! together hold nobody or at least `detail_from(k)` people (the
//! complementary rule in `core/src/pool/detail.rs`); and a change between
//! rounds shows nothing finer than its two means.

mod common;

use common::record;
use pulse_core::pool::{detail_from, Group, Pool, Report, Subject};
use pulse_core::{InstrumentKey, Response, ResultRecord};

const K: usize = 5;

fn team(name: &str) -> Group {
    Group::Team(name.into())
}

/// TPS with every item `value`, but `low` on the first item (so scores vary).
fn tps(value: i32, low: bool) -> Response {
    let mut answers = vec![Some(value); 7];
    if low {
        answers[0] = Some(1);
    }
    Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers }
}

/// WHO-5 with these five answers (score 4 × their sum).
fn who5(answers: [i32; 5]) -> Response {
    Response { key: InstrumentKey { id: "who5".into(), version: 1 }, answers: answers.map(Some).to_vec() }
}

fn full(records: &[ResultRecord], k: usize) -> Report {
    let catalogue = common::catalogue();
    let mut pool = Pool::default();
    for r in records {
        pool.add(&catalogue, r);
    }
    pool.full_report(&catalogue, k)
}

/// One round of TPS: `sizes` people per team (`None`: not given).
fn practice(sizes: &[(Option<&str>, usize)]) -> Vec<ResultRecord> {
    let mut out = Vec::new();
    let mut id = 0u8;
    for (t, n) in sizes {
        for i in 0..*n {
            out.push(record(*t, "autumn", 11, id, vec![tps(2 + (i % 5) as i32, i % 3 == 0)]));
            id += 1;
        }
    }
    out
}

/// Whether a group shows its spread and its interval on TPS.
fn detail(report: &Report, group: &Group) -> (bool, bool) {
    let spread = report
        .distributions
        .iter()
        .find(|d| &d.group == group && d.subject == Subject::Measure("tps".into()))
        .is_some_and(|d| d.bins.is_some());
    let interval = report
        .rows
        .iter()
        .find(|r| &r.group == group && r.measure == "tps")
        .and_then(|r| r.stats)
        .is_some_and(|s| s.ci.is_some());
    (spread, interval)
}

/// What the curious colleague gets by subtraction in every round and
/// measure: everyone's spread minus each team's that shows one leaves the
/// people without a spread shown, and everyone's interval beside the
/// teams' intervals leaves the sum of squares of those without one. Either
/// is nobody or at least `detail_from(k)` people.
fn assert_nothing_smaller_follows(report: &Report) {
    let least = detail_from(report.min_group);
    for all in report.distributions.iter().filter(|d| d.group == Group::All) {
        let Subject::Measure(measure) = &all.subject else { continue };
        let parts = report
            .distributions
            .iter()
            .filter(|d| d.round == all.round && d.subject == all.subject && d.group != Group::All);
        if let Some(bins) = &all.bins {
            let mut rest: usize = bins.iter().map(|b| b.count).sum();
            for d in parts.clone().filter(|d| d.bins.is_some()) {
                rest -= d.bins.as_ref().map_or(0, |b| b.iter().map(|x| x.count).sum());
            }
            assert!(
                rest == 0 || rest >= least,
                "{measure} {:?}: the spread of {rest} people by subtraction",
                all.round
            );
        }
        let rows = report.rows.iter().filter(|r| r.round == all.round && &r.measure == measure);
        let n_all = rows.clone().find(|r| r.group == Group::All).and_then(|r| r.stats);
        if let Some(all_stats) = n_all.filter(|s| s.ci.is_some()) {
            let with: usize = rows
                .filter(|r| r.group != Group::All)
                .filter_map(|r| r.stats)
                .filter(|s| s.ci.is_some())
                .map(|s| s.n)
                .sum();
            let rest = all_stats.n - with;
            assert!(rest == 0 || rest >= least, "{measure} {:?}: the interval of {rest} people", all.round);
        }
    }
}

/// A case: its name, each team's size, and which groups show their detail.
type Case<'a> = (&'a str, Vec<(Option<&'a str>, usize)>, &'a [(&'a str, bool)]);

#[test]
fn the_groups_without_detail_never_follow_from_everyones_minus_the_teams() {
    // (case, teams) → which groups show their spread and interval.
    let table: &[Case] = &[
        (
            // The review's case: Secretaries and Not given (3 each) are
            // hidden; All minus Reception and Administration gave their six
            // people's spread. Administration, the next smallest, now keeps
            // its spread back: the rest hold 16.
            "two hidden groups of 3",
            vec![(Some("Reception"), 12), (Some("Administration"), 10), (Some("Secretaries"), 3), (None, 3)],
            &[
                ("All", true),
                ("Reception", true),
                ("Administration", false),
                ("Secretaries", false),
                ("Not given", false),
            ],
        ),
        (
            // Administration (5) shows its count and mean only; All minus
            // Reception was its spread. Reception keeps its spread back.
            "a shown group under 10",
            vec![(Some("Reception"), 12), (Some("Administration"), 5)],
            &[("All", true), ("Reception", false), ("Administration", false)],
        ),
        (
            // The rest hold 10 already: nothing more is hidden.
            "the rest hold 10",
            vec![(Some("Reception"), 12), (Some("Administration"), 5), (Some("Secretaries"), 5)],
            &[("All", true), ("Reception", true), ("Administration", false), ("Secretaries", false)],
        ),
        (
            // Everyone in teams that show their detail: nothing to hide.
            "no rest",
            vec![(Some("Reception"), 12), (Some("Administration"), 10)],
            &[("All", true), ("Reception", true), ("Administration", true)],
        ),
        (
            // The smallest of the teams with detail goes first, then the next.
            "two steps",
            vec![
                (Some("Reception"), 30),
                (Some("Administration"), 11),
                (Some("Practice team"), 10),
                (None, 4),
            ],
            &[
                ("All", true),
                ("Reception", true),
                ("Administration", true),
                ("Practice team", false),
                ("Not given", false),
            ],
        ),
        (
            // Everyone under 10: no detail anywhere.
            "everyone under 10",
            vec![(Some("Reception"), 5), (Some("Administration"), 4)],
            &[("All", false), ("Reception", false), ("Administration", false)],
        ),
    ];
    for (case, sizes, want) in table {
        let report = full(&practice(sizes), K);
        for (group, shows) in *want {
            let g = match *group {
                "All" => Group::All,
                "Not given" => Group::NotGiven,
                t => team(t),
            };
            assert_eq!(detail(&report, &g), (*shows, *shows), "{case}: {group}'s spread and interval");
        }
        assert_nothing_smaller_follows(&report);
    }
}

#[test]
fn a_change_needs_both_rounds_intervals_as_the_report_shows_them() {
    // Reception holds 12 in both rounds; in autumn Administration (5)
    // joins, so autumn's Reception keeps its interval back. The change's
    // interval holds both rounds' spreads: with spring's shown, it would
    // give autumn's, and All's minus it Administration's. No interval, so
    // no verdict either.
    let mut records = Vec::new();
    let mut id = 0u8;
    for (round, month, teams) in [
        ("spring", 4, vec![("Reception", 12)]),
        ("autumn", 10, vec![("Reception", 12), ("Administration", 5)]),
    ] {
        for (t, n) in teams {
            for i in 0..n {
                records.push(record(Some(t), round, month, id, vec![tps(2 + (i % 5), i % 3 == 0)]));
                id += 1;
            }
        }
    }
    let report = full(&records, K);
    let trend =
        report.trends.iter().find(|t| t.group == team("Reception") && t.measure == "tps").expect("a trend");
    assert!(trend.from.ci.is_some() && trend.to.ci.is_none());
    assert_eq!(trend.ci, None);
    assert!(!trend.clear());
    let everyone =
        report.trends.iter().find(|t| t.group == Group::All && t.measure == "tps").expect("a trend");
    assert!(everyone.ci.is_some(), "All shows its interval in both rounds");
    assert_nothing_smaller_follows(&report);
}

#[test]
fn a_change_shows_the_difference_of_the_two_means_shown() {
    // WHO-5, five people a round (count and mean only). Spring's answers
    // sum to 66 (mean 52.8, shown 53), autumn's to 68 (54.4, shown 54):
    // the exact difference 1.6 rounds to 2, which beside 53 and 54 told
    // the colleague both sums; the report shows 54 − 53 = 1.
    let spring = [[3, 3, 3, 2, 2], [3, 3, 3, 2, 2], [3, 3, 3, 3, 2], [3, 3, 3, 3, 2], [3, 3, 3, 2, 1]];
    let autumn = [[3, 3, 3, 3, 2], [3, 3, 3, 3, 2], [3, 3, 3, 3, 2], [3, 3, 3, 3, 2], [3, 3, 2, 2, 2]];
    assert_eq!(spring.iter().flatten().sum::<i32>(), 66);
    assert_eq!(autumn.iter().flatten().sum::<i32>(), 68);
    let mut records = Vec::new();
    for (i, a) in spring.iter().enumerate() {
        records.push(record(Some("A"), "spring", 4, i as u8, vec![who5(*a)]));
    }
    for (i, a) in autumn.iter().enumerate() {
        records.push(record(Some("A"), "autumn", 10, 10 + i as u8, vec![who5(*a)]));
    }
    let report = full(&records, K);
    let t = report.trends.iter().find(|t| t.group == Group::All && t.measure == "who5").expect("a trend");
    assert_eq!((t.from.mean, t.to.mean), (53.0, 54.0));
    assert_eq!(t.difference, 1.0, "the difference of the means shown, not the exact one rounded");
    assert_eq!(t.ci, None, "five people: no interval");
}
