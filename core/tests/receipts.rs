//! Receipts (review 4, finding 1; review 5, R5-1): the team report lists,
//! per round, the receipt of every file counted in that round, sorted, so
//! that each person can check their file was counted. A receipt binds the
//! file's contents (`pulse_core::receipt`): a hand-in file's is a digest of
//! its canonical form (clear fields, decoded sealed boxes), a plain
//! result file's a digest of its record; so a collector who deletes a real
//! file and makes up one with its response id (in clear) leaves the real
//! receipt missing. A file refused, or two different files with one id,
//! count for nothing, and their receipts are absent; a copy counted once
//! with the first lists its own receipt too. A round whose count the
//! report hides lists no receipts (their number would be its count); no
//! list is per team. Receipts never show files added.

mod common;

use common::{record, response_id};
use pulse_core::hand_in::{self, HolderKey};
use pulse_core::pool::{to_csv, to_json, Pile};
use pulse_core::receipt;
use pulse_core::{InstrumentKey, Response, ResultRecord};

fn tps(value: i32) -> Response {
    Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers: vec![Some(value); 7] }
}

fn file(r: &ResultRecord) -> Vec<u8> {
    pulse_core::result_file::write(r, &common::catalogue()).expect("writes").into_bytes()
}

/// The receipt of the plain file of id `n` in these tests (Reception or
/// Admin of 2026 autumn, as `each_round_…` makes them).
fn receipt_of(r: &ResultRecord) -> String {
    receipt::of_record(r).expect("a file with an id has a receipt")
}

/// Whether a receipt has its form: 12 of Crockford's base32 characters
/// in three groups of 4.
fn well_formed(r: &str) -> bool {
    r.len() == 14
        && r.chars().enumerate().all(|(i, c)| {
            if i == 4 || i == 9 {
                c == '-'
            } else {
                "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)
            }
        })
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

    let reception = |id: u8| record(Some("Reception"), "2026 autumn", 11, id, vec![tps(5)]);
    let admin = |id: u8| record(Some("Admin"), "2026 autumn", 11, id, vec![tps(3)]);
    let mut counted: Vec<String> = (10..16u8)
        .map(|id| receipt_of(&reception(id)))
        .chain((20..25).map(|id| receipt_of(&admin(id))))
        .collect();
    counted.sort();
    assert!(counted.iter().all(|r| well_formed(r)), "{counted:?}");
    let at = |round: &str| report.rounds.iter().position(|r| r.as_deref() == Some(round)).expect("round");
    let autumn = report.receipts[at("2026 autumn")].as_ref().expect("autumn's count shows, and its receipts");
    assert_eq!(autumn, &counted, "the counted files' receipts, sorted, each once");
    assert_eq!(report.files_per_round[at("2026 autumn")], Some(autumn.len()));
    for absent in [
        record(Some("Reception"), "2026 autumn", 11, 30, vec![tps(2)]),
        record(Some("Reception"), "2026 autumn", 11, 30, vec![tps(6)]),
        record(Some("Reception"), "2026 autumn", 11, 31, vec![tps(4)]),
        record(Some("Reception"), "2026 spring", 4, 40, vec![tps(4)]),
    ] {
        assert!(
            !autumn.contains(&receipt_of(&absent)),
            "{absent:?}: refused, in conflict or another round's"
        );
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

fn sealed(r: &ResultRecord, key: &HolderKey) -> Vec<u8> {
    hand_in::seal(r, &common::catalogue(), &[key.public().clone()]).expect("seals").into_bytes()
}

/// R5-1: the collector deletes real hand-in files and makes up files that
/// carry the deleted files' response ids (in clear). Every count and every
/// response id is as before, but the deleted files' receipts are missing
/// from the report, and no made-up file carries one.
#[test]
fn a_made_up_file_with_a_deleted_files_response_id_does_not_carry_its_receipt() {
    let key = HolderKey::generate().expect("randomness");
    let real: Vec<ResultRecord> = (1..=5u8)
        .map(|id| record(Some("Admin"), "2026 autumn", 11, id, vec![tps(2 + i32::from(id % 3))]))
        .collect();
    let files: Vec<Vec<u8>> = real.iter().map(|r| sealed(r, &key)).collect();
    // What each person was shown: the one function over the bytes saved.
    let shown: Vec<String> = files.iter().map(|f| receipt::of_hand_in(f).expect("a receipt")).collect();
    assert!(shown.iter().all(|r| well_formed(r)), "{shown:?}");

    let report_of = |files: &[Vec<u8>]| {
        let mut pile = Pile::with_keys(common::catalogue(), vec![key.clone()]);
        for (i, f) in files.iter().enumerate() {
            pile.take(&format!("f{i}.json"), f.clone());
        }
        let report = pile.report(5);
        assert!(pile.refused().is_empty(), "{:?}", pile.refused());
        report.receipts[0].clone().expect("the round's count shows")
    };
    let mut honest = shown.clone();
    honest.sort();
    assert_eq!(report_of(&files), honest, "the pool lists what each person was shown");

    // Keep the first real file; four made up with the others' ids.
    let mut swapped = vec![files[0].clone()];
    for r in &real[1..] {
        swapped.push(sealed(&ResultRecord { responses: vec![tps(1)], ..r.clone() }, &key));
    }
    let listed = report_of(&swapped);
    assert_eq!(listed.len(), 5, "the count is unchanged");
    assert!(listed.contains(&shown[0]), "the file kept is listed");
    for (i, r) in shown.iter().enumerate().skip(1) {
        assert!(!listed.contains(r), "file {i}'s receipt is missing: its owner notices the swap");
    }
}

/// The receipt is over the file's canonical form, not its text: the same
/// file re-spaced, or with its clear part's text escaped otherwise, has
/// the same receipt (no free tries); a changed sealed box, round, team,
/// month, response id or holder line changes it; sealing again (a new
/// box) changes it.
#[test]
fn a_receipt_is_over_the_files_canonical_form() {
    let key = HolderKey::generate().expect("randomness");
    let r = record(Some("Admin"), "2026 autumn", 11, 7, vec![tps(4)]);
    let bytes = sealed(&r, &key);
    let first = receipt::of_hand_in(&bytes).expect("a receipt");
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    // Re-spaced, keys reordered, the team escaped: one receipt.
    let compact = serde_json::to_string(&value).expect("JSON");
    assert_eq!(receipt::of_hand_in(compact.as_bytes()).as_ref(), Some(&first));
    let escaped = compact.replace("\"Admin\"", "\"\\u0041dmin\"");
    assert_ne!(escaped, compact);
    assert_eq!(receipt::of_hand_in(escaped.as_bytes()).as_ref(), Some(&first));
    let mut reordered = String::from("{");
    let object = value.as_object().expect("an object");
    let mut keys: Vec<&String> = object.keys().collect();
    keys.reverse();
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            reordered.push_str(",\n   ");
        }
        reordered.push_str(&format!("{} :  {}", serde_json::json!(k), object[k.as_str()]));
    }
    reordered.push('}');
    assert_eq!(receipt::of_hand_in(reordered.as_bytes()).as_ref(), Some(&first));
    // The pool lists the same receipt for either text.
    let mut pile = Pile::with_keys(common::catalogue(), vec![key.clone()]);
    pile.take("respaced.json", compact.into_bytes());
    for id in [8u8, 9] {
        pile.take(
            &format!("{id}.json"),
            sealed(&record(Some("Admin"), "2026 autumn", 11, id, vec![tps(4)]), &key),
        );
    }
    assert!(pile.report(3).receipts[0].as_ref().expect("shown").contains(&first));

    // Anything the file holds changes it.
    let edited = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = value.clone();
        edit(&mut v);
        receipt::of_hand_in(v.to_string().as_bytes()).expect("still a hand-in file")
    };
    let box_text = value["sealed"][0]["box"].as_str().expect("a box").to_owned();
    use base64::{engine::general_purpose::STANDARD, Engine};
    let mut boxed = STANDARD.decode(&box_text).expect("base64");
    boxed[40] ^= 1;
    let other_box = STANDARD.encode(&boxed);
    let other_key = HolderKey::generate().expect("randomness").public().to_string();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let changes: [(&str, Edit); 6] = [
        ("a box", Box::new(move |v| v["sealed"][0]["box"] = other_box.clone().into())),
        ("the round", Box::new(|v| v["round"] = "2026 spring".into())),
        ("the team", Box::new(|v| v["team"] = "Reception".into())),
        ("the month", Box::new(|v| v["period"] = "2026-10".into())),
        ("the response id", Box::new(|v| v["response"] = response_id(9).to_string().into())),
        ("the holder", Box::new(move |v| v["sealed"][0]["holder"] = other_key.clone().into())),
    ];
    for (what, change) in &changes {
        assert_ne!(edited(change.as_ref()), first, "{what} changed");
    }
    let no_team = edited(&|v| {
        v.as_object_mut().expect("object").remove("team");
    });
    assert_ne!(no_team, first, "the team left out");
    assert_ne!(receipt::of_hand_in(&sealed(&r, &key)).expect("a receipt"), first, "sealed again: a new box");
    // Not a hand-in file: none.
    assert_eq!(receipt::of_hand_in(&file(&r)), None);
    assert_eq!(receipt::of_hand_in(b"{}"), None);
}

/// With one holder, a duplicate counted once (the same record in other
/// bytes: here the plain file and its sealed hand-in file, and the same
/// result sealed twice) lists every file's receipt, so the owner of the
/// copy that was not kept still finds theirs; an identical copy lists its
/// one receipt once.
#[test]
fn a_copy_counted_once_lists_each_files_receipt() {
    let key = HolderKey::generate().expect("randomness");
    let mine = record(Some("Admin"), "2026 autumn", 11, 1, vec![tps(4)]);
    let (plain, once, twice) = (file(&mine), sealed(&mine, &key), sealed(&mine, &key));
    let mut pile = Pile::with_keys(common::catalogue(), vec![key.clone()]);
    pile.take("plain.json", plain.clone());
    pile.take("once.json", once.clone());
    pile.take("once-again.json", once.clone());
    pile.take("twice.json", twice.clone());
    for id in 2..=5u8 {
        pile.take(&format!("{id}.json"), file(&record(Some("Admin"), "2026 autumn", 11, id, vec![tps(3)])));
    }
    let report = pile.report(5);
    assert_eq!(report.files_per_round, [Some(5)], "one person counted once");
    let listed = report.receipts[0].as_ref().expect("shown");
    for (what, receipt) in [
        ("plain", receipt_of(&mine)),
        ("sealed", receipt::of_hand_in(&once).expect("a receipt")),
        ("sealed again", receipt::of_hand_in(&twice).expect("a receipt")),
    ] {
        assert!(listed.contains(&receipt), "{what}: {listed:?}");
    }
    assert_eq!(listed.len(), 4 + 3, "four others, and each of my three different files once");
}
