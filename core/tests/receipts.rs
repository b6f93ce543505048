//! Receipts (review 4, finding 1): the team report lists, per round, the
//! receipt (`ResponseId::receipt`, the first 8 characters of the response
//! id) of every response counted in that round, sorted, so that each
//! person can check their file was counted; a swap of real files for
//! made-up ones is then noticed by the real files' owners. A file refused,
//! a second copy, or two different files with one id count for nothing,
//! and their receipts are absent. A round whose count the report hides
//! lists no receipts (their number would be its count); no list is per
//! team.

mod common;

use common::{record, response_id};
use pulse_core::pool::{to_csv, to_json, Pile};
use pulse_core::{InstrumentKey, Response, ResultRecord};

fn tps(value: i32) -> Response {
    Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers: vec![Some(value); 7] }
}

fn file(r: &ResultRecord) -> Vec<u8> {
    pulse_core::result_file::write(r, &common::catalogue()).expect("writes").into_bytes()
}

/// The receipt of the id `n` gives, written out by hand from the id's
/// text: the first 8 characters.
fn receipt_of(n: u8) -> String {
    response_id(n).to_string()[..8].to_owned()
}

#[test]
fn each_round_lists_the_sorted_receipts_of_the_responses_it_counts_and_no_other() {
    let mut pile = Pile::new(common::catalogue());
    // Autumn: Reception 6 (ids 10..16) and Admin 5 (ids 20..25), and
    // around them a second copy of one, two different files with id 30,
    // a file that is not a result at all, and one cut short that carries
    // id 31.
    for id in 10..16u8 {
        pile.take(
            &format!("r{id}.json"),
            file(&record(Some("Reception"), "2026 autumn", 11, id, vec![tps(5)])),
        );
    }
    for id in 20..25u8 {
        pile.take(&format!("a{id}.json"), file(&record(Some("Admin"), "2026 autumn", 11, id, vec![tps(3)])));
    }
    pile.take("r10-copy.json", file(&record(Some("Reception"), "2026 autumn", 11, 10, vec![tps(5)])));
    pile.take("x30.json", file(&record(Some("Reception"), "2026 autumn", 11, 30, vec![tps(2)])));
    pile.take("y30.json", file(&record(Some("Reception"), "2026 autumn", 11, 30, vec![tps(6)])));
    let mut cut = file(&record(Some("Reception"), "2026 autumn", 11, 31, vec![tps(4)]));
    cut.truncate(cut.len() / 2);
    pile.take("cut31.json", cut);
    // Spring: 2 people only, so its count (and so its receipts) is hidden.
    for id in 40..42u8 {
        pile.take(
            &format!("s{id}.json"),
            file(&record(Some("Reception"), "2026 spring", 4, id, vec![tps(4)])),
        );
    }
    let report = pile.report(5);
    assert_eq!(pile.duplicates(), ["r10-copy.json"]);
    assert_eq!(pile.refused().len(), 3, "{:?}", pile.refused());

    let mut counted: Vec<String> = (10..16u8).chain(20..25).map(receipt_of).collect();
    counted.sort();
    let at = |round: &str| report.rounds.iter().position(|r| r.as_deref() == Some(round)).expect("round");
    let autumn = report.receipts[at("2026 autumn")].as_ref().expect("autumn's count shows, and its receipts");
    assert_eq!(autumn, &counted, "the counted ids' first 8 characters, sorted, each once");
    assert_eq!(report.files_per_round[at("2026 autumn")], Some(autumn.len()));
    for absent in [30u8, 31, 40, 41] {
        assert!(!autumn.contains(&receipt_of(absent)), "{absent}: refused, in conflict or another round's");
    }
    assert_eq!(
        report.receipts[at("2026 spring")],
        None,
        "a hidden round's count is not given away by its receipts"
    );
    assert_eq!(report.files_per_round[at("2026 spring")], None);

    // The JSON adds them to each round; the CSV, a contract, does not.
    let json: serde_json::Value = serde_json::from_str(&to_json(&report)).expect("JSON");
    let rounds = json["rounds"].as_array().expect("rounds");
    let autumn_json = rounds.iter().find(|r| r["round"] == "2026 autumn").expect("autumn");
    assert_eq!(autumn_json["receipts"], serde_json::json!(counted));
    let spring_json = rounds.iter().find(|r| r["round"] == "2026 spring").expect("spring");
    assert!(spring_json["receipts"].is_null());
    let csv = to_csv(&report.rows, pile.catalogue());
    assert!(
        csv.starts_with("\u{feff}round,group,measure,n,mean,ci_low,ci_high,suppressed,title,reason\n"),
        "{csv}"
    );
    for receipt in &counted {
        assert!(!csv.contains(receipt.as_str()), "no receipt in the CSV");
    }
}
