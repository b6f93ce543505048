//! Opening several files: good ones side by side, bad ones named and set
//! aside without touching the rest.

mod common;

use pulse_core::compare::{comparison, open_all};
use pulse_core::result_file::{self, Problem};
use pulse_core::{InstrumentKey, Outcome, Period, Response, ResultRecord};

fn file(name: &str, answers: Vec<Option<i32>>) -> (String, Vec<u8>) {
    let record = ResultRecord {
        generator: "test".into(),
        period: Period::new(2026, 10).expect("valid"),
        round: None,
        team: None,
        response: Some(common::response_id(1)),
        responses: vec![Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers }],
    };
    let json = result_file::write(&record, &common::catalogue()).expect("built in");
    (name.to_owned(), json.into_bytes())
}

#[test]
fn good_files_open_in_order_and_bad_ones_are_named() {
    let catalogue = common::catalogue();
    let files = vec![
        file("a.json", vec![Some(4); 7]),
        ("notes.txt".to_owned(), b"not json".to_vec()),
        // All 1: (3 × 7 + 4 × 1) / 7 = 25 / 7.
        file("b.json", vec![Some(1); 7]),
        file("c.json", vec![Some(4), None, None, None, None, None, None]),
    ];
    let (opened, rejected) = open_all(&catalogue, &files);
    assert_eq!(
        opened.iter().map(|o| o.file_name.as_str()).collect::<Vec<_>>(),
        ["a.json", "b.json", "c.json"]
    );
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].file_name, "notes.txt");
    assert_eq!(rejected[0].problem, Problem::NotJson);

    let rows = comparison(&catalogue, &opened);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].score_id, "tps");
    assert_eq!(
        rows[0].cells,
        vec![
            Some(Outcome::Score(4.0)),
            Some(Outcome::Score(25.0 / 7.0)),
            Some(Outcome::NotEnough { answered: 1, needed: 4 })
        ]
    );
}

#[test]
fn nothing_opened_gives_no_rows() {
    let catalogue = common::catalogue();
    assert!(comparison(&catalogue, &[]).is_empty());
    let (opened, rejected) = open_all(&catalogue, &[("x.json".into(), b"{}".to_vec())]);
    assert!(opened.is_empty());
    assert_eq!(rejected[0].problem, Problem::NotResultFile);
}
