//! Team reports: pooling, means and intervals worked by hand, suppression
//! of small groups (and of the next smallest, so nothing is recovered by
//! subtraction), duplicates, and formats 1 and 2 together.

mod common;

use proptest::prelude::*;
use pulse_core::pool::{exact_ci, report, suppressed, t_975, to_csv, Group, Hidden, Intake, Row, Stats};
use pulse_core::result_file::{self, ResponseId};
use pulse_core::{InstrumentKey, Period, Response, ResultRecord};

fn team(name: &str) -> Group {
    Group::Team(name.into())
}

#[test]
fn suppression_cases_worked_by_hand() {
    let hidden = |sizes: &[(Group, usize)], k| {
        let (all, set) = suppressed(sizes, k);
        let mut names: Vec<String> = set.iter().map(ToString::to_string).collect();
        names.sort();
        (all, names)
    };
    // (case, group sizes, k, is All hidden, hidden groups)
    type Case<'a> = (&'a str, Vec<(Group, usize)>, usize, bool, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "6/5/3, k 5: the 3, then the 5",
            vec![(team("A"), 6), (team("B"), 5), (team("C"), 3)],
            5,
            false,
            vec!["B", "C"],
        ),
        (
            "2/2/8: the twos hold 4, so the 8 too",
            vec![(team("A"), 2), (team("B"), 2), (team("C"), 8)],
            5,
            false,
            vec!["A", "B", "C"],
        ),
        (
            "6/6/5 and 1 not given: the 1, then the 5",
            vec![(team("A"), 6), (team("B"), 6), (team("C"), 5), (Group::NotGiven, 1)],
            5,
            false,
            vec!["C", "Not given"],
        ),
        ("a lone group under k", vec![(team("A"), 3)], 5, true, vec!["A"]),
        ("k 3: a group of 3 shows", vec![(team("A"), 3), (team("B"), 4)], 3, false, vec![]),
        (
            "k 3: a group of 2 hides the next",
            vec![(team("A"), 2), (team("B"), 4), (team("C"), 9)],
            3,
            false,
            vec!["A", "B"],
        ),
        ("all at k or more", vec![(team("A"), 5), (team("B"), 7)], 5, false, vec![]),
        (
            "hidden ones already reach k",
            vec![(team("A"), 3), (team("B"), 4), (team("C"), 9)],
            5,
            false,
            vec!["A", "B"],
        ),
        ("a total under k hides everything", vec![(team("A"), 2), (team("B"), 2)], 5, true, vec!["A", "B"]),
        ("k below 3 is raised to 3", vec![(team("A"), 2), (team("B"), 9)], 1, false, vec!["A", "B"]),
    ];
    for (name, sizes, k, all, names) in cases {
        assert_eq!(hidden(&sizes, k), (all, names.iter().map(|s| s.to_string()).collect()), "{name}");
    }
    // Any partition, not only teams: rounds of 6 and 2 both hide (else 8 − 6).
    let rounds = [("spring", 6), ("autumn", 2), ("winter", 9)];
    let (_, hidden) = suppressed(&rounds, 5);
    assert_eq!(hidden, ["spring", "autumn"].into_iter().collect());
}

fn tps_record(team: Option<&str>, round: Option<&str>, value: i32, id: u8) -> ResultRecord {
    // Every TPS item answered `value` on 1–7; items 1, 3, 5 reversed, so the
    // score is (3 × (8 − v) + 4 × v) / 7.
    ResultRecord {
        generator: "test".into(),
        period: Period::new(2026, 11).expect("valid"),
        round: round.map(Into::into),
        team: team.map(Into::into),
        response: Some(common::response_id(id)),
        responses: vec![Response {
            key: InstrumentKey { id: "tps".into(), version: 1 },
            answers: vec![Some(value); 7],
        }],
    }
}

fn tps(v: i32) -> f64 {
    f64::from(3 * (8 - v) + 4 * v) / 7.0
}

#[test]
fn means_and_intervals_worked_by_hand() {
    let catalogue = common::catalogue();
    // Reception: 3 people answering 4, 5, 6 → scores 4, 29/7, 30/7.
    let records: Vec<ResultRecord> = [4, 5, 6]
        .iter()
        .enumerate()
        .map(|(i, &v)| tps_record(Some("Reception"), Some("2026 autumn"), v, i as u8))
        .collect();
    let rows = report(&catalogue, &records, 3);
    let reception = rows.iter().find(|r| r.group == team("Reception")).expect("a row");
    let stats = reception.stats.expect("3 ≥ k = 3: shown");
    let scores = [tps(4), tps(5), tps(6)];
    let mean = scores.iter().sum::<f64>() / 3.0;
    assert!((mean - 29.0 / 7.0).abs() < 1e-12, "(28 + 29 + 30) / 21");
    // sd of 4, 29/7, 30/7 = 1/7; se = 1/(7√3); t(2) = 4.303.
    let half = 4.303 / (7.0 * 3f64.sqrt());
    let (lo, hi) = exact_ci(3, mean, 1.0 / 7.0).expect("an interval");
    // (4.303 to three decimals; the exact quantile is 4.30265…)
    assert!((lo - (mean - half)).abs() < 1e-4 && (hi - (mean + half)).abs() < 1e-4, "{lo} {hi}");
    // Shown as a person reads a 1–7 scale: 4.142… → 4.1; a group under 10
    // shows no interval (it gives the standard deviation away).
    assert_eq!(stats, Stats { n: 3, mean: 4.1, ci: None, places: 1 });
    // Ten such people: the interval 4.041 to 4.245 (t(9) = 2.262), rounded
    // outward to 4.0 to 4.3; on 0–100 whole numbers, clamped to the scale.
    let ten = Stats::shown(10, mean, 1.0 / 7.0, (1.0, 7.0), 5);
    assert_eq!(ten, Stats { n: 10, mean: 4.1, ci: Some((4.0, 4.3)), places: 1 });
    assert_eq!(ten.text(ten.mean), "4.1");
    let wide = Stats::shown(12, 96.25, 10.0, (0.0, 100.0), 5);
    assert_eq!(wide, Stats { n: 12, mean: 96.0, ci: Some((89.0, 100.0)), places: 0 });
    assert_eq!((wide.text(96.0), wide.text(-0.0)), ("96".to_owned(), "0".to_owned()));
    let all = rows.iter().find(|r| r.group == Group::All).expect("All");
    assert_eq!(all.stats.map(|s| s.n), Some(3));
    assert_eq!(all.round.as_deref(), Some("2026 autumn"));
}

#[test]
fn t_quantiles_are_exact_to_the_published_tables() {
    // Student's t, 97.5th percentile (two-sided 95%), as printed to three
    // decimals in the standard tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
    let published = [
        (1.0, 12.706),
        (2.0, 4.303),
        (3.0, 3.182),
        (5.0, 2.571),
        (9.0, 2.262),
        (10.0, 2.228),
        (20.0, 2.086),
        (30.0, 2.042),
        (40.0, 2.021),
        (60.0, 2.000),
        (100.0, 1.984),
        (120.0, 1.980),
        (1000.0, 1.962),
        (1e9, 1.960),
        (f64::INFINITY, 1.960),
    ];
    for (df, want) in published {
        let t = t_975(df);
        assert!((t - want).abs() < 0.0005, "t(0.975, {df}) = {t}, the table says {want}");
    }
    // Between whole degrees of freedom (Welch's are not whole), in order.
    assert!(t_975(15.0) > t_975(15.5) && t_975(15.5) > t_975(16.0));
    // No degrees of freedom: no interval.
    assert_eq!(t_975(0.0), f64::INFINITY);
    assert_eq!(t_975(f64::NAN), f64::INFINITY);
}

#[test]
fn a_report_never_shows_a_small_group_or_its_count() {
    let catalogue = common::catalogue();
    let mut records = Vec::new();
    let mut id = 0u8;
    for (t, n) in [("Reception", 6), ("Admin", 5), ("Secretaries", 3)] {
        for _ in 0..n {
            id += 1;
            records.push(tps_record(Some(t), None, 4, id));
        }
    }
    let rows = report(&catalogue, &records, 5);
    let shown = |g: &Group| rows.iter().find(|r| &r.group == g).expect("a row").stats.map(|s| s.n);
    assert_eq!(shown(&Group::All), Some(14));
    assert_eq!(shown(&team("Reception")), Some(6));
    assert_eq!(shown(&team("Admin")), None, "hidden so the 3 cannot be recovered");
    assert_eq!(shown(&team("Secretaries")), None);
    let csv = to_csv(&rows, &catalogue);
    let body = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let lines: Vec<&str> = body.lines().collect();
    // Columns are only added at the end: the measure's name as the page
    // shows it, and which rule hid a hidden group.
    assert_eq!(lines[0], "round,group,measure,n,mean,ci_low,ci_high,suppressed,title,reason");
    assert!(
        lines.contains(&",Secretaries,tps,,,,,true,Team psychological safety,fewer than 5 responses"),
        "{body}"
    );
    assert!(
        lines.contains(&",Admin,tps,,,,,true,Team psychological safety,hidden so that a smaller group cannot be worked out"),
        "Admin has 5, so it is hidden for the Secretaries' sake, not for its size: {body}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(",Reception,tps,6,4.0,")
                && l.ends_with(",false,Team psychological safety,")),
        "{body}"
    );
    let reason = |g: &Group| rows.iter().find(|r| &r.group == g).expect("a row").hidden;
    assert_eq!(reason(&team("Secretaries")), Some(Hidden::FewerThan(5)));
    assert_eq!(reason(&team("Admin")), Some(Hidden::Secondary));
    assert_eq!(reason(&team("Reception")), None);
    assert!(!body.contains(",3,"), "no count of the small group anywhere");
}

#[test]
fn pooling_counts_a_file_once_and_reads_formats_1_and_2_together() {
    let catalogue = common::catalogue();
    let v2 = result_file::write(&tps_record(Some("Reception"), Some("r"), 5, 1), &catalogue).expect("writes");
    let files = vec![
        ("a.json".to_owned(), v2.clone().into_bytes()),
        ("a-again.json".to_owned(), v2.into_bytes()),
        ("old.json".to_owned(), include_bytes!("fixtures/result-v1.json").to_vec()),
        ("old-copy.json".to_owned(), include_bytes!("fixtures/result-v1.json").to_vec()),
        ("bad.json".to_owned(), b"{".to_vec()),
    ];
    let mut intake = Intake::new(catalogue.clone());
    let records: Vec<ResultRecord> =
        files.into_iter().filter_map(|(name, bytes)| intake.take(&name, bytes)).collect();
    assert_eq!(records.len(), 3, "the duplicate once; format 1 files have no id, so each counts");
    assert_eq!(intake.duplicates, ["a-again.json"]);
    assert_eq!(intake.refused.len(), 1);
    assert!(intake.refused[0].starts_with("bad.json "), "{:?}", intake.refused);
    let rows = report(&catalogue, &records, 3);
    assert!(
        rows.iter().any(|r| r.round.is_none() && r.group == Group::NotGiven),
        "format 1: no round, not given"
    );
}

fn sizes_strategy() -> impl Strategy<Value = (Vec<usize>, usize, usize)> {
    (proptest::collection::vec(0usize..12, 1..7), 0usize..6, 3usize..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Nothing hidden can be derived from what is shown: the only relation
    /// between the figures of a partition is that the groups add up to All,
    /// so when All shows, the hidden groups together hold 0 or at least k,
    /// and every shown group holds at least k.
    #[test]
    fn no_hidden_figure_can_be_recovered_by_subtraction((teams, not_given, k) in sizes_strategy()) {
        let mut sizes: Vec<(Group, usize)> = teams.iter().enumerate().map(|(i, &n)| (team(&format!("T{i}")), n)).collect();
        sizes.push((Group::NotGiven, not_given));
        let (all_hidden, hidden) = suppressed(&sizes, k);
        let total: usize = sizes.iter().map(|(_, n)| n).sum();
        prop_assert_eq!(all_hidden, total < k);
        for (g, n) in &sizes {
            if !hidden.contains(g) && *n > 0 {
                prop_assert!(*n >= k, "{} shown with {} < {}", g, n, k);
            }
        }
        if !all_hidden {
            let held: usize = sizes.iter().filter(|(g, _)| hidden.contains(g)).map(|(_, n)| n).sum();
            prop_assert!(held == 0 || held >= k, "hidden groups hold {} of k {}", held, k);
        }
    }

    #[test]
    fn pooling_is_order_independent(values in proptest::collection::vec((1i32..=7, 0usize..3), 1..25), seed in any::<u64>()) {
        let catalogue = common::catalogue();
        let teams = ["A", "B", "C"];
        let records: Vec<ResultRecord> = values
            .iter()
            .enumerate()
            .map(|(i, &(v, t))| tps_record(Some(teams[t]), Some("r"), v, (i % 250) as u8))
            .collect();
        let mut shuffled = records.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let a: Vec<Row> = report(&catalogue, &records, 5);
        let b: Vec<Row> = report(&catalogue, &shuffled, 5);
        prop_assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            prop_assert_eq!((&x.round, &x.group, &x.measure), (&y.round, &y.group, &y.measure));
            match (x.stats, y.stats) {
                (Some(p), Some(q)) => {
                    prop_assert_eq!(p.n, q.n);
                    prop_assert!((p.mean - q.mean).abs() < 1e-9);
                }
                (None, None) => {}
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}

#[test]
fn response_ids_are_files_not_people() {
    // Two people with identical answers both count: their files have different ids.
    let catalogue = common::catalogue();
    let one = result_file::write(&tps_record(Some("A"), None, 4, 1), &catalogue).expect("writes");
    let two = result_file::write(&tps_record(Some("A"), None, 4, 2), &catalogue).expect("writes");
    let mut intake = Intake::new(catalogue.clone());
    let read = [("1.json", one), ("2.json", two)]
        .into_iter()
        .filter_map(|(name, text)| intake.take(name, text.into_bytes()))
        .count();
    assert_eq!(read, 2);
    assert!(intake.duplicates.is_empty());
    assert_ne!(ResponseId::from_random_bytes([1; 16]), ResponseId::from_random_bytes([2; 16]));
}
