//! A copied response id must not throw out someone's real answers. The id
//! is in clear in every hand-in file, so anyone who sees one can write a
//! made-up file that carries it. Files with the same id and the same
//! contents count once; with different contents, both are refused, each
//! named with the other, whatever order the files come in.

mod common;

use common::record;
use pulse_core::pool::{Group, Pile};
use pulse_core::{InstrumentKey, Response, ResultRecord};

/// TPS with every item `value` (the reversed ones too: a plain pattern).
fn tps(value: i32) -> Response {
    Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers: vec![Some(value); 7] }
}

fn file(r: &ResultRecord) -> Vec<u8> {
    pulse_core::result_file::write(r, &common::catalogue()).expect("writes").into_bytes()
}

/// Six colleagues in Reception, and what the pile makes of them and of
/// `extra` files (name, record), taken in the order given.
fn pile(first: &[(&str, ResultRecord)], then: &[(&str, ResultRecord)]) -> Pile {
    let mut pile = Pile::new(common::catalogue());
    for (name, r) in first {
        pile.take(name, file(r));
    }
    for i in 0..6u8 {
        pile.take(&format!("r{i}.json"), file(&record(Some("Reception"), "autumn", 11, i, vec![tps(5)])));
    }
    for (name, r) in then {
        pile.take(name, file(r));
    }
    pile
}

/// A case: its name, the files taken before the six, and after.
type Case<'a> = (&'a str, Vec<(&'a str, ResultRecord)>, Vec<(&'a str, ResultRecord)>);

fn everyone(pile: &mut Pile) -> Option<(usize, f64)> {
    let report = pile.report(5);
    report
        .rows
        .iter()
        .find(|r| r.group == Group::All && r.measure == "tps")
        .and_then(|r| r.stats)
        .map(|s| (s.n, s.mean))
}

#[test]
fn a_made_up_file_with_a_copied_id_throws_out_nothing_silently() {
    // The victim (id 40) answered 7 throughout; the made-up file carries
    // the same id with 1 throughout, named to sort first.
    let victim = record(Some("Reception"), "autumn", 11, 40, vec![tps(7)]);
    let forged = record(Some("Reception"), "autumn", 11, 40, vec![tps(1)]);
    let why =
        "two different files carry the same response id (0-forged.json and victim.json); neither is counted";
    // (case, files before the six, files after)
    let table: Vec<Case> = vec![
        (
            "the made-up file first",
            vec![("0-forged.json", forged.clone())],
            vec![("victim.json", victim.clone())],
        ),
        (
            "the genuine file first",
            vec![],
            vec![("0-forged.json", forged.clone()), ("victim.json", victim.clone())],
        ),
    ];
    for (case, first, then) in table {
        let mut pile = pile(&first, &then);
        let refused = pile.refused().to_vec();
        let mine: Vec<&String> = refused.iter().filter(|r| r.contains("two different files")).collect();
        assert_eq!(mine.len(), 2, "{case}: both refused: {refused:?}");
        for name in ["0-forged.json", "victim.json"] {
            assert!(
                refused.contains(&format!("{name}: {why}")),
                "{case}: {name} named with the other: {refused:?}"
            );
        }
        assert!(pile.duplicates().is_empty(), "{case}: neither is a mere copy");
        assert_eq!(pile.records(), 6, "{case}: the six others only");
        // Neither file's answers are in the report: the six others (29 / 7 each).
        assert_eq!(everyone(&mut pile), Some((6, 4.1)), "{case}");
    }
    // The made-up file alone (the victim's never came): it counts, as any
    // file would; the conflict needs both.
    let alone = pile(&[("0-forged.json", forged.clone())], &[]);
    assert_eq!(alone.records(), 7);
    assert!(alone.refused().is_empty());
    // A third file with the id, after the conflict: refused too.
    let mut third = pile(
        &[("0-forged.json", forged.clone())],
        &[("victim.json", victim.clone()), ("z-again.json", forged.clone())],
    );
    assert_eq!(third.refused().len(), 3, "{:?}", third.refused());
    assert!(third.refused()[2].starts_with("z-again.json: two different files carry the same response id"));
    assert_eq!(everyone(&mut third), Some((6, 4.1)));
}

#[test]
fn identical_copies_of_one_file_still_count_once() {
    let victim = record(Some("Reception"), "autumn", 11, 40, vec![tps(7)]);
    // Saved again by a later version of the app: the same answers.
    let again = ResultRecord { generator: "Practice Pulse 9.9".into(), ..victim.clone() };
    let mut pile = pile(&[("victim.json", victim.clone())], &[("copy.json", victim), ("again.json", again)]);
    assert!(pile.refused().is_empty(), "{:?}", pile.refused());
    assert_eq!(pile.duplicates(), ["copy.json", "again.json"]);
    assert_eq!(pile.records(), 7);
    assert_eq!(everyone(&mut pile).map(|(n, _)| n), Some(7));
}
