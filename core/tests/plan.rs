//! The action plan, `practice-pulse-plan.json`: it round-trips, a plan of a
//! newer format is refused with a message naming the file, every fault is
//! named by its place, hostile input never panics, and each action is set
//! beside its measure's change since the plan (the core's trend rule).

mod common;

use common::record;
use pulse_core::plan::{self, outcome_word, read, review, Action, Outcome, Plan, FORMAT, FORMAT_VERSION};
use pulse_core::pool::{Change, Pool, Report};
use pulse_core::{InstrumentKey, Response, ResultRecord};

fn action(suggestion: Option<&str>, text: &str, measure: &str, group: &str) -> Action {
    Action {
        suggestion: suggestion.map(Into::into),
        text: text.into(),
        owner: "practice manager".into(),
        review: "2027-03".into(),
        measure: measure.into(),
        group: group.into(),
    }
}

fn sample() -> Plan {
    let mut plan = Plan::new(Some("2026 spring".into()), 1);
    plan.actions = vec![
        action(
            Some("dakin-fair-share"),
            "Team leads check weekly that work is shared fairly.",
            "cbi-work",
            "All",
        ),
        action(
            Some("edmondson-invite-participation"),
            "Ask every role for its view first.",
            "tps",
            "Reception",
        ),
        action(None, "A shared lunch on Tuesdays, cover arranged.", "who5", "All"),
    ];
    plan
}

#[test]
fn a_plan_round_trips_and_holds_no_figures() {
    let plan = sample();
    let text = plan.to_json().expect("a valid plan");
    assert!(text.contains("\"format\": \"practice-pulse-plan\""));
    assert!(text.contains("\"format_version\": 1"));
    assert_eq!(read(plan::FILE_NAME, text.as_bytes()), Ok(plan));
    // Nothing but the plan's own words: no mean, no count, no answer.
    for figure in ["mean", "\"n\"", "answers", "ci_"] {
        assert!(!text.contains(figure), "{figure}");
    }
    assert_eq!(plan::FILE_NAME, "practice-pulse-plan.json");
    assert_eq!((FORMAT, FORMAT_VERSION), ("practice-pulse-plan", 1));
}

#[test]
fn a_plan_of_a_newer_format_is_refused_naming_the_file() {
    let text = sample().to_json().expect("valid").replace("\"format_version\": 1", "\"format_version\": 2");
    let refused = read("team-plan.json", text.as_bytes()).expect_err("newer");
    let message = refused.to_string();
    assert!(message.starts_with("team-plan.json is not a usable action plan"), "{message}");
    assert!(
        message.contains(
            "format_version: team-plan.json is a plan of format version 2, newer than this Practice Pulse reads (up to 1)"
        ),
        "{message}"
    );
    // A newer plan may carry fields this build does not know: still the
    // newer-version message, not a field error.
    let text = text.replace("\"actions\"", "\"owners\": [], \"actions\"");
    let message = read("team-plan.json", text.as_bytes()).expect_err("newer").to_string();
    assert!(message.contains("newer than this Practice Pulse reads"), "{message}");
}

#[test]
fn faults_are_named_by_their_place() {
    let good = sample().to_json().expect("valid");
    let cases: &[(&str, &str, &str)] = &[
        (
            "\"review\": \"2027-03\"",
            "\"review\": \"March\"",
            "actions[0].review: must be a month written YYYY-MM",
        ),
        ("\"owner\": \"practice manager\"", "\"owner\": \"  \"", "actions[0].owner: is empty"),
        (
            "\"measure\": \"cbi-work\"",
            "\"measure\": \"CBI work\"",
            "actions[0].measure: a measure is a score id",
        ),
        ("\"text\": \"Team", "\"text\": \"Line\\nbreak. Team", "actions[0].text: holds a control character"),
        (
            "\"format\": \"practice-pulse-plan\"",
            "\"format\": \"practice-pulse-config\"",
            "format: is not \"practice-pulse-plan\"",
        ),
        (
            "\"format_version\": 1",
            "\"format_version\": 0",
            "format_version: must be a whole number from 1 to 1",
        ),
        ("\"group\": \"All\"", "\"group\": \"All\", \"mean\": 42.5", "unknown field `mean`"),
    ];
    for (from, to, expected) in cases {
        assert!(good.contains(from), "{from}");
        let text = good.replacen(from, to, 1);
        let message = read("p.json", text.as_bytes()).expect_err(expected).to_string();
        assert!(message.contains(expected), "{expected}\n got {message}");
    }
    let mut empty = sample();
    empty.actions.clear();
    let faults = empty.to_json().expect_err("no actions");
    assert_eq!(faults[0].to_string(), "actions: must hold 1 to 50 actions");
}

#[test]
fn hostile_plans_are_refused_without_a_panic() {
    let deep = "[".repeat(100_000);
    let huge = "x".repeat(plan::MAX_PLAN_BYTES + 1);
    let many = {
        let one = "{\"suggestion\":null,\"text\":\"t\",\"owner\":\"o\",\"review\":\"2027-01\",\"measure\":\"tps\",\"group\":\"All\"}";
        format!(
            "{{\"format\":\"practice-pulse-plan\",\"format_version\":1,\"suggestions_version\":1,\"baseline_round\":null,\"actions\":[{}]}}",
            vec![one; 51].join(",")
        )
    };
    let inputs: Vec<&[u8]> = vec![
        b"",
        b"\xff\xfe",
        b"null",
        b"{\"format\":\"practice-pulse-plan\",\"format_version\":18446744073709551615}",
        b"{\"format\":\"practice-pulse-plan\",\"format_version\":-1}",
        b"{\"format\":\"practice-pulse-plan\",\"format_version\":1.5}",
        deep.as_bytes(),
        huge.as_bytes(),
        many.as_bytes(),
    ];
    for input in inputs {
        assert!(read("hostile.json", input).is_err());
    }
}

fn cbi_work(v: i32) -> Response {
    let mut answers = vec![Some(v); 6];
    answers.push(Some(100 - v));
    Response { key: InstrumentKey { id: "cbi-work".into(), version: 1 }, answers }
}

fn who5(v: i32) -> Response {
    Response { key: InstrumentKey { id: "who5".into(), version: 1 }, answers: vec![Some(v); 5] }
}

fn tps(v: i32) -> Response {
    Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers: vec![Some(v); 7] }
}

fn report(records: &[ResultRecord]) -> Report {
    let catalogue = common::catalogue();
    let mut pool = Pool::default();
    for r in records {
        pool.add(&catalogue, r);
    }
    pool.full_report(&catalogue, 5)
}

/// Spring: burnout 75 ± spread, WHO-5 40 for all; autumn: burnout 25 ±
/// spread (a clear fall), WHO-5 still 40 on average with spread (no clear
/// change). Reception has 10 people each round (a report shows intervals
/// from 10), Secretaries 2 (hidden).
fn two_rounds() -> Vec<ResultRecord> {
    let mut records = Vec::new();
    let spring = [75, 100, 50, 75, 75, 75, 100, 50, 75, 75];
    let autumn = [0, 25, 50, 25, 25, 0, 25, 50, 25, 25];
    for (i, (s, a)) in spring.iter().zip(autumn).enumerate() {
        let i = i as u8;
        records.push(record(Some("Reception"), "2026 spring", 4, i, vec![cbi_work(*s), who5(2), tps(4)]));
        records.push(record(
            Some("Reception"),
            "2026 autumn",
            10,
            20 + i,
            vec![cbi_work(a), who5(if i.is_multiple_of(2) { 1 } else { 3 }), tps(4)],
        ));
    }
    // Admin (8 each round) hides with them, the next smallest, so the
    // Secretaries cannot be worked out from everyone's figure; together
    // they hold 10, so Reception keeps its interval (the groups without
    // one hold at least 10: the complementary rule). They answer WHO-5
    // too: had they all skipped it, Reception's WHO-5 would hide as well,
    // so that everyone's n minus Reception's could not say they skipped.
    for i in 0..8u8 {
        records.push(record(Some("Admin"), "2026 spring", 4, 60 + i, vec![cbi_work(50), who5(2)]));
        records.push(record(Some("Admin"), "2026 autumn", 10, 70 + i, vec![cbi_work(50), who5(2)]));
    }
    for i in 0..2u8 {
        records.push(record(Some("Secretaries"), "2026 spring", 4, 40 + i, vec![cbi_work(50), who5(2)]));
        records.push(record(Some("Secretaries"), "2026 autumn", 10, 50 + i, vec![cbi_work(50), who5(2)]));
    }
    records
}

#[test]
fn each_action_is_set_beside_its_measures_change_since_the_plan() {
    let mut plan = Plan::new(Some("2026 spring".into()), 1);
    plan.actions = vec![
        action(Some("dakin-fair-share"), "Fair shares.", "cbi-work", "Reception"),
        action(None, "Shared lunch.", "who5", "Reception"),
        action(None, "Secretaries' own cover.", "cbi-work", "Secretaries"),
        action(None, "Ask about abuse at each meeting.", "abuse-experienced", "All"),
    ];
    let report = report(&two_rounds());
    let catalogue = common::catalogue();
    let reviewed = review(&plan, &report, &catalogue);
    // Burnout: 75 → 25 for Reception, variances 2500/9 each: a difference
    // of −50, 95% interval −50 ± 2.101 × √(5000/90) = −65.7 to −34.3,
    // widened by one step for the two means' rounding (−66.7 to −33.3) and
    // shown outward in whole numbers: a clear fall, better.
    let Outcome::Compared(t) = &reviewed[0].outcome else { panic!("{:?}", reviewed[0].outcome) };
    assert_eq!(t.change(), Change::Decrease);
    assert_eq!(t.difference, -50.0);
    assert_eq!(t.ci, Some((-67.0, -33.0)));
    assert_eq!(reviewed[0].better, Some(true), "less burnout is better");
    assert_eq!(outcome_word(&reviewed[0].outcome), "clear-fall");
    // WHO-5: 40 → 20 and 60 alternately (mean 40): no clear change.
    assert_eq!(reviewed[1].outcome.change(), Some(Change::NoClearChange));
    assert_eq!(outcome_word(&reviewed[1].outcome), "no-clear-change");
    assert_eq!(reviewed[1].better, None);
    // Secretaries are hidden: no figure, no change, whatever their scores.
    assert_eq!(reviewed[2].outcome, Outcome::NotShown { round: Some("2026 spring".into()) });
    assert_eq!(reviewed[3].outcome, Outcome::NoMean);
    // The JSON the command line adds: the same, no figure for a hidden group.
    let value = plan::review_json(&plan, &reviewed, &report);
    assert_eq!(value["compared_round"], "2026 autumn");
    assert_eq!(value["actions"][0]["change"], "clear-fall");
    assert_eq!(value["actions"][2]["change"], "not-shown");
    assert!(value["actions"][2]["from_mean"].is_null() && value["actions"][2]["difference"].is_null());
}

#[test]
fn a_plan_opened_alone_or_without_a_later_round_says_so() {
    let plan = sample();
    let catalogue = common::catalogue();
    // Only the baseline round open: nothing later to compare with.
    let spring: Vec<ResultRecord> =
        two_rounds().into_iter().filter(|r| r.round.as_deref() == Some("2026 spring")).collect();
    let reviewed = review(&plan, &report(&spring), &catalogue);
    assert!(reviewed.iter().all(|r| r.outcome == Outcome::NoLaterRound));
    // Only the next round open: the baseline's files are not.
    let autumn: Vec<ResultRecord> =
        two_rounds().into_iter().filter(|r| r.round.as_deref() == Some("2026 autumn")).collect();
    let reviewed = review(&plan, &report(&autumn), &catalogue);
    assert!(reviewed.iter().all(|r| r.outcome == Outcome::BaselineNotOpen));
    // No files at all: the plan still reads.
    let reviewed = review(&plan, &report(&[]), &catalogue);
    assert_eq!(reviewed.len(), 3);
}
