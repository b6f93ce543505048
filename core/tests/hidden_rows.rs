//! Whether a hidden group answered a figure is itself hidden (review3 F9):
//! every figure of a round lists every group with files in the round, and
//! one under k (none answering included) is hidden with the same reason,
//! so a report's shape (every row's key and whether and why it is hidden,
//! in the rows, the CSV, the spreads, the items' answers and the
//! proportions) is the same whether a hidden group's people answered or
//! skipped. Only shown figures may differ.

mod common;

use common::record;
use pulse_core::pool::{to_csv, Group, Pool, Report, Subject};
use pulse_core::{Catalogue, Response, ResultRecord};

/// Every item of these questionnaires answered, varying by person.
fn answers(person: u8, skip: &[&str]) -> Vec<Response> {
    let catalogue = Catalogue::builtin();
    ["tps", "who5", "abuse"]
        .into_iter()
        .filter_map(|id| catalogue.latest(id))
        .filter(|i| !skip.contains(&i.key().id.as_str()))
        .map(|instrument| Response {
            key: instrument.key().clone(),
            answers: instrument
                .items()
                .iter()
                .enumerate()
                .map(|(at, item)| {
                    if skip.contains(&item.id()) {
                        return None;
                    }
                    let options = item.options();
                    Some(options[(usize::from(person) + at) % options.len()].value)
                })
                .collect(),
        })
        .collect()
}

/// One round: `sizes` people per team (`None`: not given), everyone
/// answering everything but the people of `skipper`, who skip `skip`
/// (a questionnaire's id or an item's).
fn pile(sizes: &[(Option<&str>, u8)], skipper: Option<&str>, skip: &[&str]) -> Vec<ResultRecord> {
    let mut out = Vec::new();
    let mut id = 0u8;
    for (team, n) in sizes {
        for _ in 0..*n {
            let skips: &[&str] = if *team == skipper { skip } else { &[] };
            out.push(record(*team, "autumn", 11, id, answers(id, skips)));
            id += 1;
        }
    }
    out
}

fn full(records: &[ResultRecord], k: usize) -> Report {
    let catalogue = Catalogue::builtin();
    let mut pool = Pool::default();
    for r in records {
        pool.add(&catalogue, r);
    }
    pool.full_report(&catalogue, k)
}

/// The report's shape: each row's, spread's, item's and proportion's key
/// with whether it shows and why not; the CSV's key columns and reason.
fn shape(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for r in &report.rows {
        out.push(format!(
            "row {:?} {} {} shown {} {:?}",
            r.round,
            r.group,
            r.measure,
            r.stats.is_some(),
            r.hidden
        ));
    }
    for d in &report.distributions {
        out.push(format!(
            "spread {:?} {} {:?} n shown {} bins shown {} {:?}",
            d.round,
            d.group,
            d.subject,
            d.n.is_some(),
            d.bins.is_some(),
            d.hidden
        ));
    }
    for p in &report.proportions {
        out.push(format!(
            "share {:?} {} {} {} shown {} {:?}",
            p.round,
            p.group,
            p.instrument,
            p.label,
            p.share.is_some(),
            p.hidden
        ));
    }
    let csv = to_csv(&report.rows, &Catalogue::builtin());
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        // round, group, measure, suppressed, reason
        let key: Vec<&str> = [0, 1, 2, 7, 9].iter().map(|&i| cells.get(i).copied().unwrap_or("")).collect();
        out.push(format!("csv {}", key.join(",")));
    }
    out
}

/// Whether `group` has a hidden row for every figure of the report.
fn hidden_everywhere(report: &Report, group: &Group) -> bool {
    let measures = report.rows.iter().filter(|r| r.group == Group::All).count();
    let items = report.distributions.iter().filter(|d| d.group == Group::All).count();
    let shares = report.proportions.iter().filter(|p| p.group == Group::All).count();
    measures == report.rows.iter().filter(|r| &r.group == group && r.hidden.is_some()).count()
        && items == report.distributions.iter().filter(|d| &d.group == group && d.hidden.is_some()).count()
        && shares == report.proportions.iter().filter(|p| &p.group == group && p.hidden.is_some()).count()
}

#[test]
fn a_hidden_groups_rows_are_the_same_whether_its_people_answered_or_skipped() {
    let dispensary = Some("Dispensary");
    // (case, teams, k, the small group, what its people skip)
    type Case<'a> = (&'a str, Vec<(Option<&'a str>, u8)>, usize, Option<&'a str>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "review3 F9: Reception 10, Dispensary 1 skipping an item and WHO-5, k 5",
            vec![(Some("Reception"), 10), (dispensary, 1)],
            5,
            dispensary,
            vec!["abuse-verbal-in-person", "who5"],
        ),
        (
            "Not given 1 skipping the abuse questionnaire, k 5",
            vec![(Some("Reception"), 10), (None, 1)],
            5,
            None,
            vec!["abuse"],
        ),
        (
            "Reception 10, Admin 2, Dispensary 1 skipping an item, k 5",
            vec![(Some("Reception"), 10), (Some("Admin"), 2), (dispensary, 1)],
            5,
            dispensary,
            vec!["abuse-violence", "who5-3"],
        ),
        (
            "Reception 6, Dispensary 2 both skipping WHO-5 and an item, k 3",
            vec![(Some("Reception"), 6), (dispensary, 2)],
            3,
            dispensary,
            vec!["who5", "abuse-threats"],
        ),
    ];
    for (case, teams, k, small, skip) in cases {
        let answered = full(&pile(&teams, None, &[]), k);
        let skipped = full(&pile(&teams, small, &skip), k);
        let group = small.map_or(Group::NotGiven, |t| Group::Team(t.into()));
        assert!(
            hidden_everywhere(&answered, &group),
            "{case}: {group} hidden in every figure when answering"
        );
        assert!(hidden_everywhere(&skipped, &group), "{case}: {group} hidden in every figure when skipping");
        let (a, s) = (shape(&answered), shape(&skipped));
        for (x, y) in a.iter().zip(&s) {
            assert_eq!(x, y, "{case}: the same row, hidden the same way, whether {group} answered or not");
        }
        assert_eq!(a.len(), s.len(), "{case}: as many rows");
        // The piles do differ in what everyone shows (a hidden group's
        // skipping is not simply ignored).
        assert_ne!(answered, skipped, "{case}: the piles differ");
    }
}

#[test]
fn a_skipped_figure_lists_the_group_as_fewer_than_k() {
    let teams = [(Some("Reception"), 10), (Some("Dispensary"), 1)];
    let report = full(&pile(&teams, Some("Dispensary"), &["abuse-verbal-in-person"]), 5);
    let dispensary = Group::Team("Dispensary".into());
    let row = report
        .distributions
        .iter()
        .find(|d| {
            d.group == dispensary
                && matches!(&d.subject, Subject::Item { item, .. } if item == "abuse-verbal-in-person")
        })
        .expect("Dispensary is listed for the item its one person skipped");
    assert_eq!((row.n, row.hidden.map(|h| h.words())), (None, Some("fewer than 5 responses".to_owned())));
    // And Reception hides with it, as when the one person answered: else
    // everyone's n minus Reception's would say they skipped.
    let reception = report
        .distributions
        .iter()
        .find(|d| {
            d.group == Group::Team("Reception".into())
                && matches!(&d.subject, Subject::Item { item, .. } if item == "abuse-verbal-in-person")
        })
        .expect("Reception is listed");
    assert_eq!(reception.n, None, "Reception hidden so that Dispensary's n cannot be worked out");
}
