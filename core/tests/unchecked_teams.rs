//! Review 5, R5-9: made-up files with no team ("Not given"), which no
//! roster can check, filled up the hidden groups' total, so the remainder
//! rule let a real small team's neighbour show, and All minus the shown
//! team minus the made-up files gave the small team's person. Groups no
//! roster can check ("Not given", and any team the practice's `teams`
//! does not list when it lists any) no longer count toward the k hidden
//! groups must hold together (`pool::suppressed_in`, the one rule of the
//! pool, the two holders' plan and every output); secondary suppression
//! then hides more, and where nothing more can be hidden, the figure.

mod common;

use std::collections::HashSet;

use common::record;
use pulse_core::hand_in::{self, HolderKey, SplitPile};
use pulse_core::pool::{suppressed_in, to_csv, to_json, Group, Hidden, Pile, Report, Roster};
use pulse_core::{InstrumentKey, Response, ResultRecord};

fn tps(v: i32) -> Response {
    Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers: vec![Some(v); 7] }
}

fn who5(v: i32) -> Response {
    Response { key: InstrumentKey { id: "who5".into(), version: 1 }, answers: vec![Some(v); 5] }
}

fn team(name: &str) -> Group {
    Group::Team(name.into())
}

/// The rule itself, as a table: sizes of one figure's groups, the
/// practice's teams, and what is hidden.
#[test]
fn groups_no_roster_checks_never_make_up_the_k_hidden_groups_hold() {
    let none = Roster::default();
    let listed = Roster::new(["Reception".to_owned(), "Dispensary".to_owned()]);
    let all_three = Roster::new(["Reception".to_owned(), "Dispensary".to_owned(), "Admin".to_owned()]);
    #[allow(clippy::type_complexity)]
    let table: Vec<(&str, Vec<(Group, usize)>, &Roster, bool, Vec<Group>)> = vec![
        (
            "the review's pile: 4 made-up Not given files no longer unlock Reception",
            vec![(team("Dispensary"), 1), (Group::NotGiven, 4), (team("Reception"), 10)],
            &none,
            false,
            vec![team("Dispensary"), Group::NotGiven, team("Reception")],
        ),
        (
            "Not given large enough shows; nothing small to protect",
            vec![(team("Admin"), 8), (Group::NotGiven, 6), (team("Reception"), 10)],
            &none,
            false,
            vec![],
        ),
        (
            "a small Not given beside two large teams: the next smallest team hides",
            vec![(team("Admin"), 10), (Group::NotGiven, 3), (team("Reception"), 12)],
            &none,
            false,
            vec![Group::NotGiven, team("Admin")],
        ),
        (
            "Not given and a small team hold k only with Not given: a team hides too",
            vec![(team("Admin"), 3), (Group::NotGiven, 3), (team("Reception"), 10)],
            &none,
            false,
            vec![team("Admin"), Group::NotGiven, team("Reception")],
        ),
        (
            "one person in a team beside a large Not given: nothing left to hide, so All hides",
            vec![(team("Dispensary"), 1), (Group::NotGiven, 10)],
            &none,
            true,
            vec![team("Dispensary"), Group::NotGiven],
        ),
        (
            "a team the practice lists is checked",
            vec![(team("Dispensary"), 1), (team("Reception"), 4), (team("Admin"), 10)],
            &all_three,
            false,
            vec![team("Dispensary"), team("Reception")],
        ),
        (
            "a team the practice does not list is not",
            vec![(team("Dispensary"), 1), (team("Locum"), 4), (team("Reception"), 10)],
            &listed,
            false,
            vec![team("Dispensary"), team("Locum"), team("Reception")],
        ),
        (
            "without a list, every named team is checked",
            vec![(team("Dispensary"), 1), (team("Locum"), 4), (team("Reception"), 10)],
            &none,
            false,
            vec![team("Dispensary"), team("Locum")],
        ),
        (
            "everyone Not given (a practice that asks no team): shown as before",
            vec![(Group::NotGiven, 7)],
            &none,
            false,
            vec![],
        ),
    ];
    for (what, sizes, roster, all_hidden, hidden) in table {
        let (all, got) = suppressed_in(&sizes, 5, HashSet::new(), roster);
        assert_eq!(all, all_hidden, "{what}: All hidden");
        assert_eq!(got, hidden.into_iter().collect::<HashSet<Group>>(), "{what}");
    }
}

/// The review's pile (round R: Reception 10, Dispensary 1; k 5) and 4
/// made-up files with no team, every answer known.
fn review_pile(made_up_team: Option<&str>) -> Vec<ResultRecord> {
    let mut out = Vec::new();
    for id in 0..10u8 {
        out.push(record(
            Some("Reception"),
            "R",
            11,
            id,
            vec![tps(3 + i32::from(id % 2)), who5(2 + i32::from(id % 3))],
        ));
    }
    out.push(record(Some("Dispensary"), "R", 11, 100, vec![tps(7), who5(3)]));
    for id in 200..204u8 {
        out.push(record(made_up_team, "R", 11, id, vec![tps(4), who5(0)]));
    }
    out
}

fn plain_report(records: &[ResultRecord], teams: &[&str]) -> Report {
    let mut pile = Pile::new(common::catalogue());
    pile.set_teams(teams.iter().map(|t| (*t).to_owned()).collect());
    for r in records {
        pile.take(
            &format!("{}.json", r.response.expect("id")),
            pulse_core::result_file::write(r, &common::catalogue()).expect("writes").into_bytes(),
        );
    }
    pile.report(5)
}

/// Whether a figure of `group` shows in the report's rows.
fn shown(report: &Report, group: &Group, measure: &str) -> bool {
    report.rows.iter().any(|r| &r.group == group && r.measure == measure && r.stats.is_some())
}

/// Takes its truth from the people: wherever All's figure shows and any
/// group is hidden, the hidden groups' people in groups a roster checks
/// number at least k, so All minus the shown groups minus any made-up
/// files leaves at least k real people.
fn no_small_team_follows(report: &Report, records: &[ResultRecord], roster: &Roster, what: &str) {
    for measure in ["tps", "who5"] {
        if !shown(report, &Group::All, measure) {
            continue;
        }
        let hidden: Vec<&ResultRecord> = records
            .iter()
            .filter(|r| {
                let g = r.team.clone().map_or(Group::NotGiven, Group::Team);
                !shown(report, &g, measure)
            })
            .collect();
        let checked = hidden
            .iter()
            .filter(|r| roster.checks(&r.team.clone().map_or(Group::NotGiven, Group::Team)))
            .count();
        assert!(hidden.is_empty() || checked >= 5, "{what}, {measure}: {checked} checkable people hidden");
    }
}

#[test]
fn made_up_not_given_files_do_not_unlock_a_small_teams_neighbour() {
    let everyone = review_pile(None);
    let report = plain_report(&everyone[..11], &[]);
    assert!(shown(&report, &Group::All, "tps"), "All (11) shows");
    assert!(!shown(&report, &team("Reception"), "tps"), "without the made-up files Reception hides");

    let attacked = review_pile(None);
    let report = plain_report(&attacked, &[]);
    assert!(shown(&report, &Group::All, "tps"), "All (15) shows");
    for g in [team("Reception"), team("Dispensary"), Group::NotGiven] {
        assert!(!shown(&report, &g, "tps"), "{g} hidden");
    }
    let reception = report
        .rows
        .iter()
        .find(|r| r.group == team("Reception") && r.measure == "tps")
        .expect("Reception's row");
    assert_eq!(
        reception.hidden,
        Some(Hidden::Secondary),
        "hidden so that a smaller group cannot be worked out"
    );
    // Every figure: spreads and every distribution too.
    for d in &report.distributions {
        if d.group == team("Reception") || d.group == team("Dispensary") {
            assert!(d.n.is_none() && d.bins.is_none(), "{d:?}");
        }
    }
    no_small_team_follows(&report, &attacked, &Roster::default(), "Not given");

    // The same with a team the practice does not list.
    let attacked = review_pile(Some("Locum"));
    let listed = ["Reception", "Dispensary"];
    let report = plain_report(&attacked, &listed);
    assert!(!shown(&report, &team("Reception"), "tps"), "a made-up unlisted team unlocks nothing");
    no_small_team_follows(&report, &attacked, &Roster::new(listed.map(str::to_owned)), "Locum");
    // Without the practice's list, "Locum" is a team like any other (its
    // count is checked against its staff).
    let report = plain_report(&attacked, &[]);
    assert!(shown(&report, &team("Reception"), "tps"));
}

/// The two key holders decide what is hidden by the same rule (the
/// second holder's plan and the first's report), with the practice's
/// teams given to both: their report is the plain report, figure for
/// figure.
#[test]
fn the_two_holders_hide_what_the_pool_hides() {
    let catalogue = pulse_core::Catalogue::builtin();
    let (a, b) = (HolderKey::generate().expect("randomness"), HolderKey::generate().expect("randomness"));
    let holders = [a.public().clone(), b.public().clone()];
    for (made_up, teams) in
        [(None, vec![]), (Some("Locum"), vec!["Reception".to_owned(), "Dispensary".to_owned()])]
    {
        let records = review_pile(made_up);
        let files: Vec<(String, Vec<u8>)> = records
            .iter()
            .map(|r| {
                let text = hand_in::seal(r, &catalogue, &holders).expect("seals");
                (format!("{}.json", r.response.expect("id")), text.into_bytes())
            })
            .collect();
        let pile_of = |key: &HolderKey| {
            let mut pile = SplitPile::new(catalogue.clone(), key.clone());
            pile.set_teams(teams.clone());
            for (name, bytes) in &files {
                pile.take(name, bytes.clone());
            }
            pile
        };
        let one = pile_of(&a).step_one(5, None).expect("step 1");
        let two = pile_of(&b).step_two("a.step", one.as_bytes(), 5).expect("step 2");
        let split = pile_of(&a).report("b.step", two.as_bytes(), 5).expect("the report");
        let teams: Vec<&str> = teams.iter().map(String::as_str).collect();
        let plain = plain_report(&records, &teams);
        assert_eq!(to_csv(&split.rows, &catalogue), to_csv(&plain.rows, &catalogue), "{made_up:?}");
        let mut a_split = split.clone();
        let mut a_plain = plain.clone();
        a_split.receipts.iter_mut().for_each(|r| *r = None);
        a_plain.receipts.iter_mut().for_each(|r| *r = None);
        assert_eq!(to_json(&a_split), to_json(&a_plain), "{made_up:?}");
        assert!(!shown(&split, &team("Reception"), "tps"), "{made_up:?}");
    }
}
