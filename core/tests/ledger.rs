//! The second key holder's release ledger (hand_in/ledger.rs): a round is
//! released once. Tables of `ledger::decide` (first release, the same pile
//! again, one added, one left out, a file swapped under a released id, an
//! old round slipped into a new round's pile, another minimum group), of
//! ledger files refused with the file, the place and the reason (a newer
//! version among them), and the same rules through the second holder's
//! step 2 on real split files (`SplitPile::step_two_recorded`).

use std::collections::{BTreeMap, BTreeSet};

use pulse_core::hand_in::ledger::{self, Decision, Ledger, Released};
use pulse_core::hand_in::{self, HolderKey, SplitPile};
use pulse_core::result_file::ResponseId;
use pulse_core::{Catalogue, Period, Response, ResultRecord};

fn month(y: u16, m: u8) -> Period {
    Period::new(y, m).expect("a month")
}

fn id(n: u32) -> String {
    let mut bytes = [0u8; 16];
    bytes[..4].copy_from_slice(&n.to_be_bytes());
    ResponseId::from_random_bytes(bytes).to_string()
}

fn digest(n: u32) -> String {
    format!("{n:032x}")
}

/// Files `range` of a round, each with its own id and digest.
fn files(range: std::ops::Range<u32>) -> BTreeSet<ledger::Counted> {
    range.map(|n| (id(n), digest(n))).collect()
}

fn released(rounds: &[(Option<&str>, BTreeSet<ledger::Counted>)]) -> Released {
    rounds.iter().map(|(r, f)| (r.map(str::to_owned), f.clone())).collect()
}

/// A ledger that released spring (files 0..10) at k 5 in 2026-05.
fn spring_released() -> Ledger {
    let (ledger, decisions) =
        ledger::decide(&Ledger::new(), &released(&[(Some("2026 spring"), files(0..10))]), 5, month(2026, 5))
            .expect("a first release");
    assert_eq!(decisions, vec![(Some("2026 spring".to_owned()), Decision::First)]);
    ledger
}

#[test]
fn a_round_is_released_once_over_one_pile() {
    let before = spring_released();
    // Each case: what step 2 would release, at what k; Ok(decisions) or
    // the words the refusal must hold.
    type Want = Result<Vec<(Option<&'static str>, Decision)>, Vec<&'static str>>;
    let mut swapped = files(0..10);
    swapped.remove(&(id(3), digest(3)));
    swapped.insert((id(3), digest(99)));
    let cases: Vec<(&str, Released, usize, Want)> = vec![
        (
            "first release of another round: allowed and recorded",
            released(&[(Some("2026 autumn"), files(100..110))]),
            5,
            Ok(vec![(Some("2026 autumn"), Decision::First)]),
        ),
        (
            "the same pile again at the same minimum group: nothing new",
            released(&[(Some("2026 spring"), files(0..10))]),
            5,
            Ok(vec![(Some("2026 spring"), Decision::Same(month(2026, 5)))]),
        ),
        (
            "one added (a late file): refused",
            released(&[(Some("2026 spring"), files(0..11))]),
            5,
            Err(vec!["round \"2026 spring\" was released in 2026-05 over other files", "adds 1 file and leaves out 0 files"]),
        ),
        (
            "one left out: refused",
            released(&[(Some("2026 spring"), files(1..10))]),
            5,
            Err(vec!["round \"2026 spring\" was released in 2026-05", "adds 0 files and leaves out 1 file"]),
        ),
        (
            "a made-up file under a released response id: one left out, one added",
            released(&[(Some("2026 spring"), swapped)]),
            5,
            Err(vec!["adds 1 file and leaves out 1 file"]),
        ),
        (
            "an old round slipped into a new round's pile, one person left out: refused, the new round not recorded",
            released(&[(Some("2026 autumn"), files(100..110)), (Some("2026 spring"), files(1..10))]),
            5,
            Err(vec!["round \"2026 spring\" was released in 2026-05", "adds 0 files and leaves out 1 file"]),
        ),
        (
            "an old round slipped in whole: the same release again, the new round first",
            released(&[(Some("2026 autumn"), files(100..110)), (Some("2026 spring"), files(0..10))]),
            5,
            Ok(vec![(Some("2026 autumn"), Decision::First), (Some("2026 spring"), Decision::Same(month(2026, 5)))]),
        ),
        (
            "the same pile at another minimum group: refused (other groups would show)",
            released(&[(Some("2026 spring"), files(0..10))]),
            3,
            Err(vec!["was released in 2026-05 at a minimum group of 5; this step 2 is at 3", "make it at 5"]),
        ),
        (
            "many more files (at least k each way): still refused, a round is released once",
            released(&[(Some("2026 spring"), files(5..20))]),
            5,
            Err(vec!["adds 10 files and leaves out 5 files"]),
        ),
    ];
    for (case, release, k, want) in cases {
        let got = ledger::decide(&before, &release, k, month(2026, 11));
        match (got, want) {
            (Ok((after, decisions)), Ok(want)) => {
                let want: Vec<(Option<String>, Decision)> =
                    want.into_iter().map(|(r, d)| (r.map(str::to_owned), d)).collect();
                assert_eq!(decisions, want, "{case}");
                // Recorded: each first release this month at k; the rest kept as they were.
                for (round, decision) in &decisions {
                    let kept = after.releases().get(round).expect("recorded");
                    match decision {
                        Decision::First => {
                            assert_eq!((kept.month, kept.min_group), (month(2026, 11), k), "{case}");
                            assert_eq!(kept.files, release[round], "{case}");
                        }
                        Decision::Same(_) => assert_eq!(before.releases().get(round), Some(kept), "{case}"),
                    }
                }
            }
            (Err(refused), Err(words)) => {
                for w in words {
                    assert!(refused.0.contains(w), "{case}: {refused} lacks {w:?}");
                }
                // Never who: no response id or digest of the pile or the ledger.
                for n in (0..20).chain(99..110) {
                    assert!(
                        !refused.0.contains(&id(n)) && !refused.0.contains(&digest(n)),
                        "{case}: {refused}"
                    );
                    assert!(!refused.0.contains(&id(n)[..8]), "{case}: a receipt in {refused}");
                }
            }
            (got, want) => panic!("{case}: got {got:?}, wanted {want:?}"),
        }
    }
}

#[test]
fn a_refusal_changes_nothing_and_files_with_no_round_are_a_round_too() {
    let before = spring_released();
    let text = before.to_json();
    let refused =
        ledger::decide(&before, &released(&[(Some("2026 spring"), files(0..9))]), 5, month(2026, 11));
    assert!(refused.is_err());
    assert_eq!(before.to_json(), text, "the ledger given is not changed");
    let (after, _) =
        ledger::decide(&Ledger::new(), &released(&[(None, files(0..4))]), 3, month(2026, 6)).expect("first");
    let again = ledger::decide(&after, &released(&[(None, files(0..5))]), 3, month(2026, 7))
        .expect_err("no round twice");
    assert!(again.0.contains("the files with no round was released in 2026-06"), "{again}");
}

#[test]
fn a_ledger_saves_and_reads_back_the_same() {
    let (ledger, _) = ledger::decide(
        &spring_released(),
        &released(&[(None, files(50..53)), (Some("2026 autumn"), files(100..104))]),
        3,
        month(2026, 11),
    )
    .expect("first releases");
    let text = ledger.to_json();
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(value["format"], "practice-pulse-ledger");
    assert_eq!(value["format_version"], 1);
    let first = &value["releases"][0];
    assert_eq!(first["round"], serde_json::Value::Null);
    assert_eq!(first["month"], "2026-11");
    assert_eq!(first["min_group"], 3);
    assert_eq!(first["files"][0]["response"], id(50).as_str());
    assert_eq!(first["files"][0]["file"], digest(50).as_str());
    // Nothing but round, month, minimum group and files.
    let keys: BTreeSet<&str> = first.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["files", "min_group", "month", "round"]));
    assert_eq!(Ledger::read("l.json", text.as_bytes()), Ok(ledger.clone()));
    // A byte-order mark is accepted, as by every reader.
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    assert_eq!(Ledger::read("l.json", &with_bom), Ok(ledger));
}

/// A one-release ledger's text with `edit` applied to its JSON.
fn edited(edit: &dyn Fn(&mut serde_json::Value)) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_str(&spring_released().to_json()).expect("JSON");
    edit(&mut value);
    serde_json::to_vec(&value).expect("JSON")
}

#[test]
fn a_bad_ledger_is_refused_naming_the_file_the_place_and_the_reason() {
    let good = spring_released().to_json();
    let twice_round = good.replacen(
        "\"round\": \"2026 spring\"",
        "\"round\": \"2026 spring\", \"round\": \"2026 spring\"",
        1,
    );
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("not JSON", b"{\"format\": ".to_vec(), &["line 1 column 11"]),
        (
            "not a ledger",
            br#"{"format": "practice-pulse-plan", "format_version": 1}"#.to_vec(),
            &["format: is not \"practice-pulse-ledger\""],
        ),
        (
            "no version",
            br#"{"format": "practice-pulse-ledger"}"#.to_vec(),
            &["format_version: must be a whole number from 1 to 1"],
        ),
        (
            "an unknown field",
            edited(&|v| v["releases"][0]["answers"] = 3.into()),
            &["line 1 column", "unknown field `answers`"],
        ),
        (
            "a field missing",
            edited(&|v| {
                v["releases"][0].as_object_mut().expect("object").remove("month");
            }),
            &["missing field `month`"],
        ),
        ("a field given twice", twice_round.into_bytes(), &["duplicate field `round`"]),
        (
            "a month that is not one",
            edited(&|v| v["releases"][0]["month"] = "2026-13".into()),
            &["releases[0].month: is not a month (YYYY-MM)"],
        ),
        (
            "a minimum group below 3",
            edited(&|v| v["releases"][0]["min_group"] = 2.into()),
            &["releases[0].min_group: is below 3"],
        ),
        (
            "a negative minimum group",
            edited(&|v| v["releases"][0]["min_group"] = (-1).into()),
            &["line 1 column", "invalid value"],
        ),
        (
            "no file",
            edited(&|v| v["releases"][0]["files"] = serde_json::json!([])),
            &["releases[0].files: lists no file"],
        ),
        (
            "a bad response id",
            edited(&|v| v["releases"][0]["files"][2]["response"] = "0b8f2c1e".into()),
            &["releases[0].files[2].response: is not a response id"],
        ),
        (
            "a bad file digest",
            edited(&|v| v["releases"][0]["files"][1]["file"] = "XYZ".into()),
            &["releases[0].files[1].file: is not a file digest"],
        ),
        (
            "a response given twice",
            edited(&|v| {
                let f = v["releases"][0]["files"][0].clone();
                v["releases"][0]["files"][4] = f;
            }),
            &["releases[0].files[4].response: is given twice in this round"],
        ),
        (
            "a round given twice",
            edited(&|v| {
                let r = v["releases"][0].clone();
                v["releases"].as_array_mut().expect("list").push(r);
            }),
            &["releases[1].round: round \"2026 spring\" is given twice (also releases[0])"],
        ),
        (
            "a round label with an invisible mark",
            edited(&|v| v["releases"][0]["round"] = "2026\u{202E} spring".into()),
            &["releases[0].round: is not a round's label"],
        ),
        ("not UTF-8", b"\xff\xfe{}".to_vec(), &["file: is not UTF-8 text"]),
    ];
    for (case, bytes, words) in cases {
        let refused = Ledger::read("practice-pulse-ledger.json", &bytes).expect_err(case);
        assert!(
            refused.0.starts_with("practice-pulse-ledger.json is not a usable record of releases ("),
            "{case}: {refused}"
        );
        assert!(refused.0.contains("nothing was changed"), "{case}: {refused}");
        for w in words {
            assert!(refused.0.contains(w), "{case}: {refused} lacks {w:?}");
        }
    }
    let large = vec![b' '; ledger::MAX_LEDGER_BYTES + 1];
    let refused = Ledger::read("big.json", &large).expect_err("too large");
    assert!(
        refused.0.contains("big.json is not a usable record of releases (file: is larger than"),
        "{refused}"
    );
}

#[test]
fn a_ledger_of_a_newer_version_is_refused_clearly() {
    let newer = edited(&|v| v["format_version"] = 2.into());
    let refused = Ledger::read("practice-pulse-ledger.json", &newer).expect_err("newer");
    assert_eq!(
        refused.0,
        "practice-pulse-ledger.json is a record of releases of format version 2, newer than this Practice Pulse reads (up to 1); nothing was changed: use a newer version of Practice Pulse for step 2"
    );
}

// Through the second holder's step 2, on real split files.

const LIGHT: hand_in::KdfParams = hand_in::KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

/// `n` people of a round, every built-in questionnaire answered (answers
/// vary with the person), with ids numbered from `first`.
fn people(round: &str, at: Period, first: u32, n: u32) -> Vec<ResultRecord> {
    let catalogue = Catalogue::builtin();
    (first..first + n)
        .map(|i| {
            let responses = catalogue
                .latest_versions()
                .into_iter()
                .map(|instrument| Response {
                    key: instrument.key().clone(),
                    answers: instrument
                        .items()
                        .iter()
                        .enumerate()
                        .map(|(j, item)| {
                            let options = item.options();
                            Some(options[(i as usize + j) % options.len()].value)
                        })
                        .collect(),
                })
                .collect();
            let mut bytes = [0u8; 16];
            bytes[..4].copy_from_slice(&i.to_be_bytes());
            ResultRecord {
                generator: "test".into(),
                period: at,
                round: Some(round.into()),
                team: Some(if i % 2 == 0 { "Reception" } else { "Admin" }.into()),
                response: Some(ResponseId::from_random_bytes(bytes)),
                responses,
            }
        })
        .collect()
}

fn sealed(records: &[ResultRecord], a: &HolderKey, b: &HolderKey) -> Vec<(String, Vec<u8>)> {
    let catalogue = Catalogue::builtin();
    let holders = [a.public().clone(), b.public().clone()];
    records
        .iter()
        .map(|r| {
            let text = hand_in::seal(r, &catalogue, &holders).expect("seals");
            (format!("handin-{}.json", r.response.expect("id")), text.into_bytes())
        })
        .collect()
}

fn pile_of(key: &HolderKey, files: &[(String, Vec<u8>)]) -> SplitPile {
    let file = key.to_key_file_with("a passphrase long enough", LIGHT).expect("key file");
    let key = HolderKey::from_key_file("k", file.as_bytes(), "a passphrase long enough").expect("opens");
    let mut pile = SplitPile::new(Catalogue::builtin(), key);
    for (name, bytes) in files {
        pile.take(name, bytes.clone());
    }
    pile
}

/// Step 1 by A over `files`, then B's step 2 kept by `ledger` at k 3.
fn step_two(
    a: &HolderKey,
    b: &HolderKey,
    files: &[(String, Vec<u8>)],
    ledger: &Ledger,
    at: Period,
) -> Result<(String, Ledger, ledger::Decisions), hand_in::StepRefused> {
    let one = pile_of(a, files).step_one(3, None).expect("step 1");
    pile_of(b, files).step_two_recorded("a.step", one.as_bytes(), 3, ledger, at)
}

#[test]
fn the_second_holders_step_two_keeps_the_ledger() {
    let (a, b) = (HolderKey::generate().expect("key"), HolderKey::generate().expect("key"));
    let spring = sealed(&people("2026 spring", month(2026, 4), 0, 6), &a, &b);
    let autumn = sealed(&people("2026 autumn", month(2026, 10), 100, 6), &a, &b);

    // First release of spring: recorded with each file's id and digest.
    let (text, ledger, decisions) = step_two(&a, &b, &spring, &Ledger::new(), month(2026, 5)).expect("first");
    assert_eq!(decisions, vec![(Some("2026 spring".to_owned()), Decision::First)]);
    let step: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert!(step["cells"].is_array(), "a step 2 with sums");
    let listed: BTreeSet<(String, String)> = step["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .map(|r| (r["id"].as_str().expect("id").to_owned(), r["file"].as_str().expect("file").to_owned()))
        .collect();
    let kept = &ledger.releases()[&Some("2026 spring".to_owned())];
    assert_eq!(kept.files, listed, "the ledger keeps what the step lists, nothing more");
    assert_eq!((kept.month, kept.min_group), (month(2026, 5), 3));

    // The same pile again: allowed, the ledger as it was.
    let (_, again, decisions) = step_two(&a, &b, &spring, &ledger, month(2026, 6)).expect("the same pile");
    assert_eq!(decisions, vec![(Some("2026 spring".to_owned()), Decision::Same(month(2026, 5)))]);
    assert_eq!(again, ledger);

    // One added (a late file): refused, naming the round, never the file.
    let late = sealed(&people("2026 spring", month(2026, 4), 50, 1), &a, &b);
    let more = [spring.clone(), late.clone()].concat();
    let refused = step_two(&a, &b, &more, &ledger, month(2026, 6)).expect_err("one added");
    assert!(refused.0.contains("round \"2026 spring\" was released in 2026-05 over other files: this pile adds 1 file and leaves out 0 files"), "{refused}");
    assert!(!refused.0.contains(&late[0].0) && !refused.0.contains("handin-"), "{refused}");

    // One left out.
    let refused = step_two(&a, &b, &spring[1..], &ledger, month(2026, 6)).expect_err("one left out");
    assert!(refused.0.contains("adds 0 files and leaves out 1 file"), "{refused}");

    // A made-up file under a released person's id (sealed again: another file).
    let mut swapped = spring.clone();
    swapped[2] = sealed(&people("2026 spring", month(2026, 4), 2, 1), &a, &b).remove(0);
    assert_eq!(swapped[2].0, spring[2].0, "the same response id");
    let refused = step_two(&a, &b, &swapped, &ledger, month(2026, 6)).expect_err("a swap");
    assert!(refused.0.contains("adds 1 file and leaves out 1 file"), "{refused}");

    // The old round slipped into the autumn pile, one person left out:
    // refused, naming spring; autumn is not recorded.
    let slipped = [autumn.clone(), spring[1..].to_vec()].concat();
    let refused = step_two(&a, &b, &slipped, &ledger, month(2026, 11)).expect_err("old round slipped in");
    assert!(refused.0.contains("round \"2026 spring\" was released in 2026-05"), "{refused}");
    assert!(!refused.0.contains("2026 autumn"), "{refused}");

    // A round whose every group is hidden (2 people at k 3) releases
    // nothing, so nothing is recorded: its release is still to come.
    let few = sealed(&people("2025 autumn", month(2025, 10), 200, 2), &a, &b);
    let (_, same, decisions) = step_two(&a, &b, &few, &ledger, month(2026, 6)).expect("nothing shown");
    assert_eq!((decisions, &same), (Vec::new(), &ledger));

    // The autumn pile alone: its first release; spring kept.
    let (_, after, decisions) = step_two(&a, &b, &autumn, &ledger, month(2026, 11)).expect("autumn");
    assert_eq!(decisions, vec![(Some("2026 autumn".to_owned()), Decision::First)]);
    let rounds: BTreeMap<_, _> = after.releases().iter().map(|(r, rel)| (r.clone(), rel.month)).collect();
    assert_eq!(
        rounds,
        BTreeMap::from([
            (Some("2026 autumn".to_owned()), month(2026, 11)),
            (Some("2026 spring".to_owned()), month(2026, 5))
        ])
    );
}
