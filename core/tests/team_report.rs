//! The whole team report beyond the means: distributions (scores in fifths
//! of their range, and each answer of a descriptive module's items), the
//! NHS Staff Survey proportions, trends across rounds with the difference's
//! interval, response rates and the JSON form, each worked by hand; and a
//! property test that no partition of any part lets a hidden group be
//! recovered by subtraction.

mod common;

use common::record;
use proptest::prelude::*;
use pulse_core::pool::{
    file_format, min_group, response_rate, to_json, Bin, Change, Group, Hidden, Pool, RateGuide, Report,
    Subject, Trend, MAX_MIN_GROUP,
};
use pulse_core::{InstrumentKey, Response, ResultRecord};

fn team(name: &str) -> Group {
    Group::Team(name.into())
}

/// TPS with every item `value` (score (3 × (8 − v) + 4 × v) / 7).
fn tps(value: i32) -> Response {
    Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers: vec![Some(value); 7] }
}

/// The abuse module: the five "how often" items, then reported, supported.
fn abuse(answers: [Option<i32>; 7]) -> Response {
    Response { key: InstrumentKey { id: "abuse".into(), version: 1 }, answers: answers.to_vec() }
}

fn full(records: &[ResultRecord], k: usize) -> Report {
    let catalogue = common::catalogue();
    let mut pool = Pool::default();
    for r in records {
        pool.add(&catalogue, r);
    }
    pool.full_report(&catalogue, k)
}

fn counts(report: &Report, group: &Group, subject: &Subject) -> Option<Vec<usize>> {
    report
        .distributions
        .iter()
        .find(|d| &d.group == group && &d.subject == subject)
        .expect("a distribution")
        .bins
        .as_ref()
        .map(|bins| bins.iter().map(|b| b.count).collect())
}

#[test]
fn a_measures_scores_fall_in_fifths_of_its_range() {
    // TPS runs 1 to 7: fifths of 1.2 — [1, 2.2), [2.2, 3.4), [3.4, 4.6), [4.6, 5.8), [5.8, 7].
    // Values 1 → 25/7 ≈ 3.57, 4 → 4, 7 → 31/7 ≈ 4.43 (the reversed items pull to the middle).
    // Ten people: a report shows a measure's spread from 10 (2k).
    let records: Vec<ResultRecord> = [1, 4, 7, 4, 4, 1, 4, 7, 4, 4]
        .iter()
        .enumerate()
        .map(|(i, &v)| record(Some("A"), "r1", 11, i as u8, vec![tps(v)]))
        .collect();
    let report = full(&records, 5);
    let subject = Subject::Measure("tps".into());
    assert_eq!(counts(&report, &Group::All, &subject), Some(vec![0, 0, 10, 0, 0]));
    // Nine: the count and mean show, the spread does not.
    let nine = full(&records[..9], 5);
    assert_eq!(counts(&nine, &Group::All, &subject), None);
    let d = nine.distributions.iter().find(|d| d.subject == subject && d.group == Group::All).expect("one");
    assert_eq!(d.n, Some(9));
    let bins = report.distributions.iter().find(|d| d.subject == subject).and_then(|d| d.bins.clone());
    let labels: Vec<String> = bins.expect("bins").into_iter().map(|b: Bin| b.label).collect();
    assert_eq!(
        labels,
        ["1 to under 2.2", "2.2 to under 3.4", "3.4 to under 4.6", "4.6 to under 5.8", "5.8 to 7"]
    );
}

#[test]
fn descriptive_items_are_counted_per_option_and_suppressed_per_item() {
    // Team A: 5 people; Team B: 5 people. Everyone answers "verbal in person";
    // only 3 of B answer "reported" — so for that item B (3) is hidden, and
    // A with it (the hidden ones must hold at least k = 5).
    let mut records = Vec::new();
    for i in 0..5u8 {
        records.push(record(
            Some("A"),
            "r1",
            11,
            i,
            vec![abuse([Some(0), None, None, None, None, Some(1), None])],
        ));
    }
    for i in 5..10u8 {
        let reported = (i < 8).then_some(2);
        records.push(record(
            Some("B"),
            "r1",
            11,
            i,
            vec![abuse([Some(2), None, None, None, None, reported, None])],
        ));
    }
    let report = full(&records, 5);
    let item = |id: &str| Subject::Item { instrument: "abuse".into(), item: id.into() };
    // Never, Once, 2–5 times, 6–10 times, More than 10 times.
    assert_eq!(counts(&report, &Group::All, &item("abuse-verbal-in-person")), Some(vec![5, 0, 5, 0, 0]));
    assert_eq!(counts(&report, &team("A"), &item("abuse-verbal-in-person")), Some(vec![5, 0, 0, 0, 0]));
    assert_eq!(counts(&report, &team("B"), &item("abuse-verbal-in-person")), Some(vec![0, 0, 5, 0, 0]));
    // Yes, No, Not applicable: All 5 + 3 = 8 shown; A and B hidden.
    assert_eq!(counts(&report, &Group::All, &item("abuse-reported")), Some(vec![5, 3, 0]));
    assert_eq!(counts(&report, &team("A"), &item("abuse-reported")), None);
    assert_eq!(counts(&report, &team("B"), &item("abuse-reported")), None);
    // No descriptive module ever gets a mean.
    assert!(report.rows.iter().all(|r| !r.measure.starts_with("abuse")));
    // An item nobody answered has no distribution at all.
    assert!(!report.distributions.iter().any(|d| d.subject == item("abuse-written")));
}

#[test]
fn nhs_staff_survey_proportions_are_team_level_and_suppressed() {
    // 6 people: violence answered by all, 2 of them "Once" or more.
    let violence = [Some(0), Some(1), Some(0), Some(3), Some(0), Some(0)];
    let records: Vec<ResultRecord> = violence
        .iter()
        .enumerate()
        .map(|(i, v)| {
            record(Some("A"), "r1", 11, i as u8, vec![abuse([None, None, None, None, *v, None, None])])
        })
        .collect();
    let report = full(&records, 5);
    let p = report
        .proportions
        .iter()
        .find(|p| p.group == Group::All && p.label.contains("physical violence"))
        .expect("the violence reference");
    assert_eq!(p.share, Some((2, 6)));
    assert_eq!(p.reference, 0.147);
    // The other reference needs the verbal items, which nobody answered.
    assert!(!report.proportions.iter().any(|p| p.label.contains("harassment")));
    // Below k: hidden.
    let small = full(&records[..4], 5);
    assert!(small.proportions.iter().all(|p| p.share.is_none()));
}

#[test]
fn trends_give_the_difference_and_its_interval_worked_by_hand() {
    // Round 1 (Oct): scores 4, 4, 29/7, 29/7 … Round 2 (Nov) higher.
    // Use values whose scores are exact: v → (24 + v) / 7.
    let r1 = [4, 4, 5, 5, 6, 4, 4, 5, 5, 6];
    let r2 = [6, 6, 7, 7, 7, 6, 6, 7, 7, 7];
    let mut records = Vec::new();
    for (i, v) in r1.iter().enumerate() {
        records.push(record(Some("A"), "spring", 10, i as u8, vec![tps(*v)]));
    }
    for (i, v) in r2.iter().enumerate() {
        records.push(record(Some("A"), "autumn", 11, 100 + i as u8, vec![tps(*v)]));
    }
    let report = full(&records, 5);
    // "spring" comes first by its month, though "autumn" sorts first by name.
    assert_eq!(report.rounds, [Some("spring".to_string()), Some("autumn".to_string())]);
    let t: &Trend = report.trends.iter().find(|t| t.group == Group::All).expect("a trend");
    // By hand: scores × 7 are 28 28 29 29 30 twice (mean 4.114, variance
    // 5.6/9/49) and 30 30 31 31 31 twice (mean 4.371, variance 2.4/9/49);
    // the difference 1.8/7 = 0.257; se = √(0.8889/10)/7 = 0.04259; Welch
    // df = 0.07901 / ((0.003872 + 0.000711)/9) = 15.5, t(15.5) = 2.126:
    // 0.167 to 0.348. Shown as on the 1–7 scale: the means 4.1 and 4.4,
    // their difference 0.3, and the interval around it, ± 0.090 and one
    // step (0.1) for the means' rounding, outward: 0.1 to 0.5.
    assert_eq!((t.from.mean, t.to.mean), (4.1, 4.4));
    assert_eq!(t.difference, 0.3);
    assert_eq!(t.ci, Some((0.1, 0.5)));
    assert!(t.clear(), "the interval excludes zero");
    assert_eq!(t.change(), Change::Increase);
    let down = Trend { difference: -t.difference, ci: t.ci.map(|(lo, hi)| (-hi, -lo)), ..t.clone() };
    assert_eq!(down.change(), Change::Decrease);
    // A change is "clear" only with 10 (2k, at least 10) in both rounds:
    // the same rounds with nine each show both means and the difference,
    // but no interval, so no clear change.
    let nine: Vec<ResultRecord> = records[..9].iter().chain(&records[10..19]).cloned().collect();
    let nine = full(&nine, 5);
    let t9 = nine.trends.iter().find(|t| t.group == Group::All).expect("a trend");
    assert_eq!((t9.from.n, t9.to.n, t9.ci), (9, 9, None));
    assert_eq!(t9.change(), Change::NoClearChange);
    // The same with noise: no clear change.
    let noisy = [
        record(Some("A"), "spring", 10, 1, vec![tps(1)]),
        record(Some("A"), "spring", 10, 2, vec![tps(7)]),
        record(Some("A"), "spring", 10, 3, vec![tps(4)]),
        record(Some("A"), "autumn", 11, 4, vec![tps(2)]),
        record(Some("A"), "autumn", 11, 5, vec![tps(7)]),
        record(Some("A"), "autumn", 11, 6, vec![tps(5)]),
    ];
    let report = full(&noisy, 3);
    let t = report.trends.iter().find(|t| t.group == Group::All).expect("a trend");
    assert!(!t.clear(), "{:?}", t.ci);
    assert_eq!(t.change(), Change::NoClearChange);
    // A hidden round has no trend: k 4 hides both rounds of 3.
    assert!(full(&noisy, 4).trends.is_empty());
    // Neither round varies: no standard error, so no interval and never a
    // clear change, however far apart the means.
    let flat: Vec<ResultRecord> = (0..20u8)
        .map(|i| {
            let (round, month) = if i < 10 { ("spring", 10) } else { ("autumn", 11) };
            record(Some("A"), round, month, i, vec![tps(if i < 10 { 2 } else { 6 })])
        })
        .collect();
    let flat = full(&flat, 5);
    let t = flat.trends.iter().find(|t| t.group == Group::All).expect("a trend");
    assert_eq!(t.ci, None);
    assert_eq!(t.change(), Change::NoClearChange);
}

#[test]
fn a_leader_may_raise_the_minimum_group_never_lower_it() {
    // (asked for, the practice's setting, used)
    let cases: [(usize, u32, usize); 7] = [
        (0, 5, 5),
        (2, 5, 5),
        (10, 5, 10),
        (3, 1, 3),
        (0, 0, 3),
        (1000, 5, MAX_MIN_GROUP),
        (7, 500, MAX_MIN_GROUP),
    ];
    for (requested, practice, want) in cases {
        assert_eq!(min_group(requested, practice), want, "{requested} with a setting of {practice}");
    }
}

#[test]
fn shares_read_as_people_read_them() {
    use pulse_core::scoring::percent;
    let cases =
        [(0.6, "60"), (0.7, "70"), (24.0 / 40.0, "60"), (5.0 / 9.0, "55.6"), (1.0, "100"), (0.0, "0")];
    for (share, want) in cases {
        assert_eq!(percent(share), want, "{share}");
    }
}

#[test]
fn a_files_format_is_read_from_its_header_alone() {
    assert_eq!(
        file_format(br#"{"format": "practice-pulse-config", "rest": [1, 2]}"#).as_deref(),
        Some("practice-pulse-config")
    );
    assert_eq!(file_format(br#"{"other": true}"#), None);
    assert_eq!(file_format(b"not JSON"), None);
    assert_eq!(file_format(b"[1, 2]"), None);
}

#[test]
fn response_rates_follow_hse_guidance() {
    type Case = (usize, usize, Option<RateGuide>);
    let cases: [Case; 7] = [
        (5, 10, Some(RateGuide::Low)),
        (6, 10, Some(RateGuide::Adequate)),
        (8, 10, Some(RateGuide::Adequate)),
        (9, 10, Some(RateGuide::VeryGood)),
        (10, 10, Some(RateGuide::VeryGood)),
        (11, 10, None),
        (1, 0, None),
    ];
    for (responses, asked, want) in cases {
        assert_eq!(response_rate(responses, asked).map(|r| r.guide), want, "{responses} of {asked}");
    }
    assert_eq!(response_rate(3, 4).map(|r| r.share), Some(0.75));
}

#[test]
fn round_counts_the_total_and_the_all_rows_agree_on_what_is_hidden() {
    // The review's case: rounds of 6 and 2, k = 5. Before, both counts
    // hid while `files: 8` and spring's All n = 6 showed (so autumn = 2),
    // and the leader lost spring's response rate.
    let mut records = Vec::new();
    for i in 0..6u8 {
        records.push(record(Some("A"), "spring", 10, i, vec![tps(4)]));
    }
    for i in 6..8u8 {
        records.push(record(Some("A"), "autumn", 11, i, vec![tps(4)]));
    }
    let report = full(&records, 5);
    assert_eq!(report.files_per_round, [Some(6), None], "spring shows: its rate can be given");
    assert_eq!(report.files, None, "the total would give autumn's 2");
    let all_n = |round: &str| {
        report
            .rows
            .iter()
            .find(|r| r.round.as_deref() == Some(round) && r.group == Group::All)
            .and_then(|r| r.stats)
            .map(|s| s.n)
    };
    assert_eq!((all_n("spring"), all_n("autumn")), (Some(6), None));
    let json: serde_json::Value = serde_json::from_str(&to_json(&report)).expect("JSON");
    assert_eq!(json["format"], "practice-pulse-team-report");
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["files"], serde_json::Value::Null);
    assert_eq!(json["rounds"][0]["files"], 6);
    assert_eq!(json["rounds"][1]["files"], serde_json::Value::Null);
    let autumn =
        json["rows"].as_array().expect("rows").iter().find(|r| r["round"] == "autumn").expect("a row");
    assert_eq!(autumn["suppressed"], true);
    assert_eq!(autumn["reason"], "fewer than 5 responses");
    let spring =
        json["rows"].as_array().expect("rows").iter().find(|r| r["round"] == "spring").expect("a row");
    assert!(spring["reason"].is_null(), "a shown row gives no reason");
    let text = to_json(&report);
    assert!(!text.contains("\"n\": 2") && !text.contains(": 8"), "no count of 2 nor total of 8 anywhere");
    // Every round shown: the total shows too.
    let both = full(
        &records[..6]
            .iter()
            .cloned()
            .chain((0..5u8).map(|i| record(Some("A"), "autumn", 11, 50 + i, vec![tps(4)])))
            .collect::<Vec<_>>(),
        5,
    );
    assert_eq!((both.files_per_round.clone(), both.files), (vec![Some(6), Some(5)], Some(11)));
}

#[test]
fn a_group_hidden_in_any_item_of_a_proportion_is_hidden_in_it() {
    // The review's case: team A 5, team B 6, k = 5; one person in A skipped
    // "Threats". The Threats table hides A (4), then B; the harassment
    // share (any of four items) showed A 1 of 5 and B 1 of 6, and with the
    // other three items all "Never" the Threats answers followed.
    let never = Some(0);
    let mut records = Vec::new();
    for i in 0..5u8 {
        let threats = if i == 0 {
            None
        } else if i == 1 {
            Some(2)
        } else {
            never
        };
        records.push(record(
            Some("A"),
            "r1",
            11,
            i,
            vec![abuse([never, never, never, threats, never, None, None])],
        ));
    }
    for i in 5..11u8 {
        let threats = if i == 5 { Some(1) } else { never };
        records.push(record(
            Some("B"),
            "r1",
            11,
            i,
            vec![abuse([never, never, never, threats, never, None, None])],
        ));
    }
    let report = full(&records, 5);
    let threats = Subject::Item { instrument: "abuse".into(), item: "abuse-threats".into() };
    assert_eq!(counts(&report, &team("A"), &threats), None);
    assert_eq!(counts(&report, &team("B"), &threats), None);
    let share = |g: &Group| {
        report
            .proportions
            .iter()
            .find(|p| &p.group == g && p.label.contains("harassment"))
            .expect("a share")
            .share
    };
    assert_eq!(share(&team("A")), None, "hidden in Threats, so hidden here");
    assert_eq!(share(&team("B")), None, "then the remainder rule: B with it");
    assert_eq!(share(&Group::All), Some((2, 11)));
}

#[test]
fn a_shares_interval_is_wilsons_worked_by_hand() {
    use pulse_core::pool::wilson;
    // Newcombe (1998), Statistics in Medicine 17:857, table II, method 3
    // (Wilson's score interval without continuity correction), to four places.
    for (gave, n, lo, hi) in
        [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)]
    {
        let (l, h) = wilson(gave, n).expect("an interval");
        assert!((l - lo).abs() < 5e-5 && (h - hi).abs() < 5e-5, "{gave} of {n}: {l} to {h}");
    }
    // By hand, 2 of 11: p = 0.1818, z² / n = 0.3492; centre (0.1818 +
    // 0.1746) / 1.3492 = 0.2642; half 1.96 / 1.3492 × √(0.01352 + 0.00794)
    // = 0.2128: 0.0514 to 0.4770. Never outside 0 to 1; none for nobody.
    let (l, h) = wilson(2, 11).expect("an interval");
    assert!((l - 0.0514).abs() < 5e-5 && (h - 0.4770).abs() < 5e-5, "{l} {h}");
    assert_eq!(wilson(5, 5).map(|c| c.1), Some(1.0));
    assert_eq!(wilson(0, 0), None);
    // In a report, rounded outward to whole percents like every interval:
    // 2 of 11 shows 5% to 48%, in the page and in the JSON.
    let never = Some(0);
    let records: Vec<ResultRecord> = (0..11u8)
        .map(|i| {
            let violence = if i < 2 { Some(1) } else { never };
            record(Some("A"), "r1", 11, i, vec![abuse([never, never, never, never, violence, None, None])])
        })
        .collect();
    let report = full(&records, 5);
    let all = report
        .proportions
        .iter()
        .find(|p| p.group == Group::All && p.label.contains("violence"))
        .expect("a share");
    assert_eq!((all.share, all.ci), (Some((2, 11)), Some((0.05, 0.48))));
    let json: serde_json::Value = serde_json::from_str(&to_json(&report)).expect("JSON");
    let shown = json["proportions"]
        .as_array()
        .expect("proportions")
        .iter()
        .find(|p| p["group"] == "All" && p["label"].as_str().is_some_and(|l| l.contains("violence")))
        .expect("in the JSON");
    assert_eq!((shown["ci_low"].as_f64(), shown["ci_high"].as_f64()), (Some(0.05), Some(0.48)));
}

#[test]
fn a_team_called_all_or_not_given_is_refused_in_pooled_files() {
    use pulse_core::pool::Pile;
    let catalogue = common::catalogue();
    let mut records = Vec::new();
    for (i, label) in ["all", " Not Given ", "ALL", "Reception"].iter().enumerate() {
        records.push(record(Some(label), "r1", 11, i as u8, vec![tps(4)]));
    }
    let mut pile = Pile::new(catalogue.clone());
    for (name, bytes) in files(&records, &catalogue) {
        pile.take(&name, bytes);
    }
    pile.finish();
    assert_eq!(pile.records(), 1);
    assert_eq!(pile.refused().len(), 3, "{:?}", pile.refused());
    assert!(
        pile.refused()[0].starts_with("result-0.json: its team \"all\" is a name the team report keeps"),
        "{:?}",
        pile.refused()
    );
}

/// One generated person: a round (0 or 1), a team (0..4 of A–D, 4 = not
/// given), a TPS answer (every item the same value) or none, and answers
/// to the abuse module's seven items.
type Person = (usize, usize, Option<i32>, [Option<i32>; 7]);

/// Random people in two rounds and random teams answering random parts of
/// TPS and the abuse module.
fn people() -> impl Strategy<Value = Vec<Person>> {
    let answer = proptest::option::weighted(0.7, 0i32..=4);
    let person = (
        0usize..2,
        0usize..5,
        proptest::option::weighted(0.8, 1i32..=7),
        [
            answer.clone(),
            answer.clone(),
            answer.clone(),
            answer.clone(),
            answer.clone(),
            proptest::option::weighted(0.6, 0i32..=2),
            proptest::option::weighted(0.6, 0i32..=3),
        ],
    );
    proptest::collection::vec(person, 0..60)
}

const TEAMS: [&str; 4] = ["A", "B", "C", "D"];
const ROUNDS: [&str; 2] = ["spring", "autumn"];

fn group_of(t: usize) -> Group {
    TEAMS.get(t).map_or(Group::NotGiven, |name| team(name))
}

/// What the people themselves say of one part of one round: per group (All
/// included), who stands behind it, as (value, hit) pairs: a TPS score, an
/// item's answer, or whether a proportion's answers include a hit.
type Truth = std::collections::BTreeMap<Group, Vec<(f64, bool)>>;

/// Every part of the report, worked out from the people alone: the key
/// names the round and what the figures are of.
fn truth(people: &[Person]) -> std::collections::BTreeMap<(usize, String), Truth> {
    let mut out: std::collections::BTreeMap<(usize, String), Truth> = Default::default();
    let mut put = |round: usize, part: String, t: usize, value: f64, hit: bool| {
        let groups = out.entry((round, part)).or_default();
        groups.entry(Group::All).or_default().push((value, hit));
        groups.entry(group_of(t)).or_default().push((value, hit));
    };
    let item_ids =
        common::instrument("abuse", 1).items().iter().map(|i| i.id().to_owned()).collect::<Vec<_>>();
    for &(round, t, tps_value, answers) in people {
        if let Some(v) = tps_value {
            // Four items one way, three reversed: (3 × (8 − v) + 4 × v) / 7.
            put(round, "tps".into(), t, f64::from(24 + v) / 7.0, false);
        }
        for (item, answer) in item_ids.iter().zip(answers) {
            if let Some(a) = answer {
                put(round, format!("item {item}"), t, f64::from(a), false);
            }
        }
        // The two NHS proportions: any of the four harassment items, and violence.
        for (label, items) in [("harassment", &answers[..4]), ("violence", &answers[4..5])] {
            let given: Vec<i32> = items.iter().flatten().copied().collect();
            if !given.is_empty() {
                put(round, format!("share {label}"), t, 0.0, given.iter().any(|&a| a >= 1));
            }
        }
    }
    out
}

/// A part's groups as the report shows them: (group, shown n or none).
type Shown = Vec<(Group, Option<usize>)>;

fn shown_parts(report: &Report) -> std::collections::BTreeMap<(usize, String), Shown> {
    let round_of =
        |r: &Option<String>| ROUNDS.iter().position(|x| Some(*x) == r.as_deref()).expect("a round");
    let mut parts: std::collections::BTreeMap<(usize, String), Shown> = Default::default();
    for r in &report.rows {
        parts
            .entry((round_of(&r.round), r.measure.clone()))
            .or_default()
            .push((r.group.clone(), r.stats.map(|s| s.n)));
    }
    for d in &report.distributions {
        let Subject::Item { item, .. } = &d.subject else { continue };
        parts.entry((round_of(&d.round), format!("item {item}"))).or_default().push((d.group.clone(), d.n));
    }
    for p in &report.proportions {
        let label = if p.label.contains("harassment") { "harassment" } else { "violence" };
        parts
            .entry((round_of(&p.round), format!("share {label}")))
            .or_default()
            .push((p.group.clone(), p.share.map(|s| s.1)));
    }
    parts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// In every part of the report (a round's groups for one measure, item
    /// or proportion, and the rounds themselves), sizes taken from the
    /// generated people, never from the report: each shown group holds at
    /// least k and shows exactly its people's figures; the hidden groups of
    /// a part whose All shows hold none or at least k; a group hidden in
    /// any item of a proportion is hidden in it; a round's count and the
    /// total show only when nothing hidden follows from them.
    #[test]
    fn no_part_of_the_report_lets_a_hidden_group_be_recovered(people in people(), k in 3usize..7) {
        let records: Vec<ResultRecord> = people.iter().enumerate().map(|(i, &(round, t, v, a))| {
            let mut responses = vec![abuse(a)];
            if let Some(v) = v { responses.push(tps(v)); }
            record(TEAMS.get(t).copied(), ROUNDS[round], 10 + round as u8, i as u8, responses)
        }).collect();
        let report = full(&records, k);
        let truth = truth(&people);
        let shown = shown_parts(&report);
        let empty = Truth::default();
        for (key, groups) in &shown {
            let people_here = truth.get(key).unwrap_or(&empty);
            let size = |g: &Group| people_here.get(g).map_or(0, Vec::len);
            for (g, n) in groups {
                if let Some(n) = n {
                    prop_assert_eq!(*n, size(g), "{:?} {}: the count is its people's", key, g);
                    prop_assert!(*n >= k, "{:?}: {} shown with {} < k {}", key, g, n, k);
                }
            }
            if groups.iter().any(|(g, n)| *g == Group::All && n.is_some()) {
                let held: usize = people_here
                    .keys()
                    .filter(|g| **g != Group::All)
                    .filter(|g| !groups.iter().any(|(s, n)| s == *g && n.is_some()))
                    .map(&size)
                    .sum();
                // Hidden groups with files hold at least k answers: not
                // none either, or "they skipped it" would follow (review3 F9).
                let any_hidden = groups.iter().any(|(g, n)| *g != Group::All && n.is_none());
                prop_assert!(
                    (!any_hidden && held == 0) || held >= k,
                    "{:?}: the hidden groups hold {} < k {}", key, held, k
                );
            }
            // Every group with people, and every group with files in the
            // round (who may have skipped this part), has its row.
            for g in people_here.keys() {
                prop_assert!(groups.iter().any(|(s, _)| s == g), "{:?}: {} has no row", key, g);
            }
            for &(round, t, _, _) in people.iter().filter(|p| p.0 == key.0) {
                let g = group_of(t);
                prop_assert!(groups.iter().any(|(s, _)| *s == g), "{:?}: {} has files in round {} but no row", key, g, round);
            }
        }
        // A proportion's shown group is shown in each of its items it answered.
        for (key, groups) in shown.iter().filter(|((_, part), _)| part.starts_with("share ")) {
            let items: &[&str] = if key.1 == "share harassment" {
                &["abuse-verbal-in-person", "abuse-verbal-phone", "abuse-written", "abuse-threats"]
            } else {
                &["abuse-violence"]
            };
            for (g, n) in groups.iter().filter(|(_, n)| n.is_some()) {
                for item in items {
                    let part = (key.0, format!("item {item}"));
                    let answered = truth.get(&part).is_some_and(|t| t.contains_key(g));
                    let item_shown = shown.get(&part).is_some_and(|s| s.iter().any(|(s, m)| s == g && m.is_some()));
                    prop_assert!(!answered || item_shown, "{:?}: {} shown ({:?}) but hidden in {}", key, g, n, item);
                }
            }
        }
        // The figures shown are the people's: TPS means (rounded to one
        // decimal), spreads in fifths, each item's answers, each share's hits.
        for r in &report.rows {
            let Some(s) = r.stats else { continue };
            let values = &truth[&(ROUNDS.iter().position(|x| Some(*x) == r.round.as_deref()).expect("round"), r.measure.clone())][&r.group];
            let mean = values.iter().map(|(x, _)| x).sum::<f64>() / values.len() as f64;
            prop_assert!((s.mean - mean).abs() <= 0.05 + 1e-9, "{}: mean {} for {}", r.group, s.mean, mean);
        }
        for d in &report.distributions {
            let Some(bins) = &d.bins else { continue };
            let round = ROUNDS.iter().position(|x| Some(*x) == d.round.as_deref()).expect("round");
            let want: Vec<usize> = match &d.subject {
                Subject::Measure(m) => {
                    let mut fifths = vec![0; 5];
                    for (x, _) in &truth[&(round, m.clone())][&d.group] {
                        fifths[(((x - 1.0) / 1.2).floor() as usize).min(4)] += 1;
                    }
                    fifths
                }
                Subject::Item { item, .. } => {
                    let abuse = common::instrument("abuse", 1);
                    let options = abuse.items().iter().find(|i| i.id() == item).expect("an item").options();
                    let answers = &truth[&(round, format!("item {item}"))][&d.group];
                    options.iter().map(|o| answers.iter().filter(|(a, _)| *a == f64::from(o.value)).count()).collect()
                }
            };
            prop_assert_eq!(bins.iter().map(|b| b.count).collect::<Vec<_>>(), want, "{:?} {}", d.subject, d.group);
        }
        for p in &report.proportions {
            let Some((hits, _)) = p.share else { continue };
            let round = ROUNDS.iter().position(|x| Some(*x) == p.round.as_deref()).expect("round");
            let label = if p.label.contains("harassment") { "harassment" } else { "violence" };
            let want = truth[&(round, format!("share {label}"))][&p.group].iter().filter(|(_, hit)| *hit).count();
            prop_assert_eq!(hits, want, "{} {}", label, p.group);
        }
        // The rounds are a partition of the people too.
        let per_round: Vec<usize> = (0..2).map(|r| people.iter().filter(|p| p.0 == r).count()).collect();
        let order: Vec<usize> = report.rounds.iter().map(|r| ROUNDS.iter().position(|x| Some(*x) == r.as_deref()).expect("round")).collect();
        for (round, files) in order.iter().zip(&report.files_per_round) {
            if let Some(files) = files {
                prop_assert_eq!(*files, per_round[*round]);
                prop_assert!(*files >= k, "round {} shows {} < k {}", round, files, k);
            }
        }
        if let Some(files) = report.files {
            prop_assert_eq!(files, people.len());
            let hidden: usize = order.iter().zip(&report.files_per_round).filter(|(_, f)| f.is_none()).map(|(r, _)| per_round[*r]).sum();
            prop_assert!(hidden == 0 || hidden >= k, "the total shows, with hidden rounds holding {} < k {}", hidden, k);
        }
        // Each hidden row says which rule hid it, truly: a group of fewer
        // than k people (counted from the people) "fewer than k", any other
        // only for another group's sake; a shown row says nothing.
        for r in &report.rows {
            let round = ROUNDS.iter().position(|x| Some(*x) == r.round.as_deref()).expect("round");
            let size = truth.get(&(round, r.measure.clone())).and_then(|t| t.get(&r.group)).map_or(0, Vec::len);
            let want = if r.stats.is_some() {
                None
            } else if size < k {
                Some(Hidden::FewerThan(k))
            } else {
                Some(Hidden::Secondary)
            };
            prop_assert_eq!(r.hidden, want, "{} with {} of k {}", r.group, size, k);
        }
    }
}

#[test]
fn intake_takes_definitions_first_whatever_the_order_and_counts_each_response_once() {
    use pulse_core::pool::Intake;
    use pulse_core::result_file;
    let desk = include_bytes!("fixtures/definitions/desk-v1.json").to_vec();
    let mut with_desk = common::catalogue();
    let key = with_desk.add_definition_bytes("desk-v1.json", &desk).expect("valid").key().clone();
    let desk_record =
        record(Some("A"), "r1", 11, 1, vec![Response { key: key.clone(), answers: vec![Some(3), None] }]);
    let desk_file = result_file::write(&desk_record, &with_desk).expect("writes").into_bytes();
    let tps_file = result_file::write(&record(Some("A"), "r1", 11, 2, vec![tps(4)]), &with_desk)
        .expect("writes")
        .into_bytes();

    // The result before its definition, a duplicate, a file that is neither.
    let mut intake = Intake::new(common::catalogue());
    let mut records = Vec::new();
    records.extend(intake.take("desk-result.json", desk_file.clone()));
    records.extend(intake.take("tps.json", tps_file.clone()));
    records.extend(intake.take("tps-again.json", tps_file));
    records.extend(intake.take("desk-v1.json", desk));
    records.extend(intake.take("notes.txt", b"hello".to_vec()));
    assert_eq!(records.len(), 1, "only TPS so far: the desk result waits");
    records.extend(intake.finish());
    assert_eq!(records.len(), 2);
    assert_eq!(intake.records, 2);
    assert_eq!(intake.definitions, 1);
    assert_eq!(intake.duplicates, ["tps-again.json"]);
    assert_eq!(intake.refused.len(), 1);
    assert!(intake.refused[0].starts_with("notes.txt"), "{:?}", intake.refused);

    // Without its definition, the waiting file is refused at the end, by name.
    let mut alone = Intake::new(common::catalogue());
    assert!(alone.take("desk-result.json", desk_file).is_none());
    assert!(alone.finish().is_empty());
    assert!(
        alone.refused[0].contains("desk-result.json") && alone.refused[0].contains("desk"),
        "{:?}",
        alone.refused
    );
}

/// Work-related burnout with every item `value` (0, 25, … 100).
fn cbi_work(value: i32) -> Response {
    Response { key: InstrumentKey { id: "cbi-work".into(), version: 1 }, answers: vec![Some(value); 7] }
}

#[test]
fn the_report_reads_round_by_round_in_the_catalogues_order() {
    // Spring: 6 people in team A; autumn: 6 in A and 2 in B. Each file holds
    // burnout before TPS, and the abuse module.
    let mut records = Vec::new();
    let mut id = 0u8;
    for (round, month, team_name, people) in
        [("spring", 10, "A", 6), ("autumn", 11, "A", 6), ("autumn", 11, "B", 2)]
    {
        for p in 0..people {
            id += 1;
            let v = 1 + (p % 7);
            let often = Some(i32::from(p % 2 == 0));
            let answers = [often, often, Some(0), Some(0), often, Some(1), Some(1)];
            records.push(record(
                Some(team_name),
                round,
                month,
                id,
                vec![cbi_work(25 * (p % 5)), tps(v), abuse(answers)],
            ));
        }
    }
    let catalogue = common::catalogue();
    let report = full(&records, 5);
    let rounds = report.rounds_view(&catalogue);
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0].round.as_deref(), Some("spring"));
    assert_eq!((rounds[0].files, rounds[1].files), (Some(6), Some(8)));
    for view in &rounds {
        // The survey asks TPS before burnout, so the report reads so too,
        // each measure once, whatever order the rows came in.
        let measures: Vec<&str> = view.measures.iter().map(|m| m.measure).collect();
        assert_eq!(measures, ["tps", "cbi-work"]);
        for m in &view.measures {
            assert!(!m.rows.is_empty());
            assert!(m.rows.iter().all(|r| &r.round == view.round && r.measure == m.measure));
            assert!(m
                .spreads
                .iter()
                .all(|d| &d.round == view.round && d.subject == Subject::Measure(m.measure.into())));
            assert_eq!(m.rows.len(), m.spreads.len(), "a spread per group");
        }
        // The abuse module once, its seven items in order, each item's
        // distributions all of that item.
        assert_eq!(view.descriptive.len(), 1);
        let (instrument, items) = &view.descriptive[0];
        assert_eq!(*instrument, "abuse");
        let ids: Vec<&str> = items
            .iter()
            .map(|groups| match &groups[0].subject {
                Subject::Item { item, .. } => item.as_str(),
                Subject::Measure(_) => panic!("an item"),
            })
            .collect();
        assert_eq!(ids[0], "abuse-verbal-in-person");
        assert_eq!(ids.len(), 7);
        for groups in items {
            assert!(groups.iter().all(|d| d.subject == groups[0].subject && &d.round == view.round));
        }
        // Each published reference once, a share per group.
        let labels: Vec<&str> = view.references.iter().map(|(l, _)| *l).collect();
        assert_eq!(labels.len(), 2);
        assert!(labels[0].starts_with("Experienced physical violence"), "{labels:?}");
        for (label, shares) in &view.references {
            assert!(shares.iter().all(|p| p.label == *label && &p.round == view.round));
        }
    }
    // Autumn has everyone, team A and team B (B hidden, and A with it).
    assert_eq!(rounds[1].measures[0].rows.len(), 3);
    assert!(rounds[1].measures[0].rows.iter().filter(|r| r.group != Group::All).all(|r| r.stats.is_none()));

    // Trends: each measure once in the catalogue's order, a point per round.
    let trends = report.trends_view(&catalogue);
    let measures: Vec<&str> = trends.iter().map(|t| t.measure).collect();
    assert_eq!(measures, ["tps", "cbi-work"]);
    for t in &trends {
        assert_eq!(t.line.len(), 2);
        assert!(t.line.iter().all(|(_, stats)| stats.is_some()), "everyone shows in both rounds");
        assert!(!t.changes.is_empty() && t.changes.iter().all(|c| c.measure == t.measure));
    }
    let everyone_spring = report
        .rows
        .iter()
        .find(|r| r.round.as_deref() == Some("spring") && r.group == Group::All && r.measure == "tps");
    assert_eq!(trends[0].line[0].1, everyone_spring.and_then(|r| r.stats.as_ref()));
}

/// Result files of `records`, written with `catalogue`.
fn files(records: &[ResultRecord], catalogue: &pulse_core::Catalogue) -> Vec<(String, Vec<u8>)> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let text = pulse_core::result_file::write(r, catalogue).expect("writes");
            (format!("result-{i}.json"), text.into_bytes())
        })
        .collect()
}

/// WHO-5 with every item `value` (score 20 × value).
fn who5(value: i32) -> Response {
    Response { key: InstrumentKey { id: "who5".into(), version: 1 }, answers: vec![Some(value); 5] }
}

#[test]
fn a_practices_questionnaire_reusing_a_score_id_never_pools_into_that_measure() {
    use pulse_core::catalogue::BUILTIN_SOURCES;
    use pulse_core::pool::Pile;
    // The review's case: three people answer WHO-5, three a practice's own
    // questionnaire whose score id is "who5". Keyed by score id alone the
    // two pooled into n = 6 and passed k = 5.
    let desk = include_str!("fixtures/definitions/desk-v1.json").replace(
        r#""scores": [
    { "id": "desk""#,
        r#""scores": [
    { "id": "who5""#,
    );
    // A catalogue that lets the clash in, only to write the files with.
    let mut sources: Vec<(&str, &str)> = BUILTIN_SOURCES.to_vec();
    sources.push(("desk-v1.json", &desk));
    let writer = pulse_core::Catalogue::from_builtin_sources(&sources);
    let desk_key = InstrumentKey { id: "desk".into(), version: 1 };
    let mut records = Vec::new();
    for i in 0..3u8 {
        records.push(record(Some("A"), "r1", 11, i, vec![who5(3)]));
        records.push(record(
            Some("A"),
            "r1",
            11,
            10 + i,
            vec![Response { key: desk_key.clone(), answers: vec![Some(3), Some(3)] }],
        ));
    }
    let mut pile = Pile::new(common::catalogue());
    pile.take("desk-v1.json", desk.clone().into_bytes());
    for (name, bytes) in files(&records, &writer) {
        pile.take(&name, bytes);
    }
    let report = pile.report(5);
    assert!(
        report.rows.iter().filter(|r| r.measure == "who5").all(|r| r.stats.is_none()),
        "3 people: hidden"
    );
    assert_eq!(pile.records(), 3, "the WHO-5 files");
    // The definition is refused with its place, and its results with it.
    assert_eq!(pile.refused().len(), 4, "{:?}", pile.refused());
    assert!(pile.refused()[0].contains("scores[0].id"), "{:?}", pile.refused());
}

/// Two rounds saved in the same month sort by their labels ("autumn"
/// before "spring") unless the practice's `rounds` says otherwise; the
/// changes follow the order given, so a rise reads as a rise.
#[test]
fn the_practices_rounds_set_the_order_and_the_changes_follow_it() {
    let catalogue = common::catalogue();
    let mut records = Vec::new();
    for (i, v) in [1, 1, 1, 4, 4].into_iter().enumerate() {
        records.push(record(Some("A"), "2026 spring", 11, i as u8, vec![tps(v)]));
    }
    for (i, v) in [7, 7, 7, 4, 4].into_iter().enumerate() {
        records.push(record(Some("A"), "2026 autumn", 11, 10 + i as u8, vec![tps(v)]));
    }
    records.push(ResultRecord { round: None, ..record(Some("A"), "x", 11, 30, vec![tps(4)]) });
    let in_order = |records: &[ResultRecord], order: &[Option<&str>]| {
        let mut pool = Pool::default();
        pool.set_round_order(order.iter().map(|o| o.map(str::to_owned)).collect());
        for r in records {
            pool.add(&catalogue, r);
        }
        pool.full_report(&catalogue, 5)
    };
    let labels = |r: &Report| r.rounds.iter().map(|r| r.clone().unwrap_or_default()).collect::<Vec<_>>();
    let everyone = |r: &Report| {
        r.trends
            .iter()
            .find(|t| t.group == Group::All && t.measure == "tps")
            .map(|t| t.difference)
            .expect("a trend")
    };
    let as_found = in_order(&records, &[]);
    assert_eq!(labels(&as_found), ["", "2026 autumn", "2026 spring"], "by month, then label");
    assert!(everyone(&as_found) < 0.0, "worked out backwards, a rise reads as a fall");

    let ordered = in_order(&records, &[Some("2026 spring"), Some("2026 autumn")]);
    assert_eq!(
        labels(&ordered),
        ["2026 spring", "2026 autumn", ""],
        "listed first, in order; the rest after"
    );
    assert!(everyone(&ordered) > 0.0, "the rise from spring to autumn");
    // Files per round stand with their rounds: each round of k or more
    // shows its count; the round of one file does not.
    assert_eq!(ordered.files_per_round, [Some(5), Some(5), None]);

    // A round the practice does not list comes after those it does; a
    // leader's placing of every round (no-round files first) is followed.
    let partly = in_order(&records, &[Some("2026 spring")]);
    assert_eq!(labels(&partly), ["2026 spring", "", "2026 autumn"]);
    let placed = in_order(&records, &[None, Some("2026 spring"), Some("2026 autumn")]);
    assert_eq!(labels(&placed), ["", "2026 spring", "2026 autumn"]);

    // The first page's headline: the newest round in that order, each
    // group with its change since the round before.
    let two = in_order(&records[..10], &[Some("2026 spring"), Some("2026 autumn")]);
    let headlines: Vec<_> = two
        .headlines(&catalogue)
        .into_iter()
        .map(|h| {
            let groups: Vec<_> = h
                .groups
                .iter()
                .map(|(row, t)| {
                    (
                        row.group.clone(),
                        row.stats.map(|s| s.n),
                        t.map(|t| (t.from_round.clone(), t.difference > 0.0)),
                    )
                })
                .collect();
            (h.measure.to_owned(), h.round.clone(), groups)
        })
        .collect();
    let spring = Some("2026 spring".to_owned());
    assert_eq!(
        headlines,
        [(
            "tps".to_owned(),
            Some("2026 autumn".to_owned()),
            vec![
                (Group::All, Some(5), Some((spring.clone(), true))),
                (team("A"), Some(5), Some((spring, true)))
            ]
        )]
    );
}

/// Files of a round the practice does not list are named (by round), so a
/// leader can see which files fall outside the practice's rounds; a
/// practice that lists none names none.
#[test]
fn a_pile_names_the_files_of_a_round_the_practice_does_not_list() {
    use pulse_core::pool::Pile;
    let catalogue = common::catalogue();
    let records = [
        record(Some("A"), "2026 spring", 4, 1, vec![tps(4)]),
        record(Some("A"), "2026 autumn", 10, 2, vec![tps(4)]),
        ResultRecord { round: None, ..record(Some("A"), "x", 10, 3, vec![tps(4)]) },
    ];
    let mut listed = Pile::new(common::catalogue());
    listed.set_rounds(vec!["2026 spring".into()]);
    let mut unlisted_none = Pile::new(common::catalogue());
    for (name, bytes) in files(&records, &catalogue) {
        listed.take(&name, bytes.clone());
        unlisted_none.take(&name, bytes);
    }
    let named: Vec<(Option<String>, Vec<String>)> =
        listed.unlisted().iter().map(|(r, n)| (r.clone(), n.clone())).collect();
    assert_eq!(
        named,
        [
            (None, vec!["result-2.json".to_owned()]),
            (Some("2026 autumn".into()), vec!["result-1.json".to_owned()])
        ]
    );
    assert!(unlisted_none.unlisted().is_empty());
    // The listed round comes first in the report.
    assert_eq!(listed.report(3).rounds.first().cloned().flatten().as_deref(), Some("2026 spring"));
}

/// A shown group's spread kept back says why, in the detail's own terms:
/// under detail_from(k) "fewer than 10 responses"; kept back only so that
/// a smaller group's spread cannot be worked out (All's minus the rest),
/// the secondary reason, never "fewer than 10" for a group of 11.
#[test]
fn a_spread_kept_back_says_which_rule_kept_it() {
    let mut records = Vec::new();
    let mut id = 0u8;
    for (team, n) in [("A", 12), ("B", 11), ("C", 6)] {
        for _ in 0..n {
            records.push(record(Some(team), "r1", 11, id, vec![tps(i32::from(id % 7) + 1)]));
            id += 1;
        }
    }
    let report = full(&records, 5);
    let spread = |g: &str| {
        report
            .distributions
            .iter()
            .find(|d| d.group == team(g) && d.subject == Subject::Measure("tps".into()))
            .map(|d| (d.n, d.bins.is_some(), d.hidden))
            .expect("a distribution")
    };
    assert_eq!(spread("A"), (Some(12), true, None));
    assert_eq!(spread("C"), (Some(6), false, Some(Hidden::FewerThan(10))));
    assert_eq!(spread("B"), (Some(11), false, Some(Hidden::Secondary)), "kept back for C's sake");
    let json: serde_json::Value = serde_json::from_str(&to_json(&report)).expect("JSON");
    let b = json["distributions"]
        .as_array()
        .expect("distributions")
        .iter()
        .find(|d| d["group"] == "B" && d["measure"] == "tps")
        .expect("B's spread");
    assert_eq!(b["reason"], "hidden so that a smaller group cannot be worked out");
}
