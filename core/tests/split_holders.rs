//! `hand_in::split_holders`: the two holders of a split hand-in file, read
//! from its clear part before any key is opened (the team page's guided
//! steps say from it which holder makes which step), and nothing for any
//! other file.

mod common;

use pulse_core::hand_in::{self, HolderKey};
use pulse_core::{InstrumentKey, Period, Response, ResultRecord};

fn record() -> ResultRecord {
    ResultRecord {
        generator: "Practice Pulse test".into(),
        period: Period::new(2026, 11).expect("valid month"),
        round: Some("2026 autumn".into()),
        team: Some("Reception".into()),
        response: Some(common::response_id(3)),
        responses: vec![Response {
            key: InstrumentKey { id: "who5".into(), version: 1 },
            answers: common::all(&[3, 4, 2, 5, 1]),
        }],
    }
}

fn key() -> HolderKey {
    HolderKey::generate().expect("the OS gives randomness")
}

#[test]
fn a_split_files_holders_are_read_first_holder_first_and_no_other_file_has_any() {
    let (a, b) = (key(), key());
    let catalogue = common::catalogue();
    let split =
        hand_in::seal(&record(), &catalogue, &[a.public().clone(), b.public().clone()]).expect("seals");
    assert_eq!(
        hand_in::split_holders(split.as_bytes()),
        Some([a.public().to_string(), b.public().to_string()])
    );
    // With a byte-order mark, as any reader accepts.
    let bom = format!("\u{feff}{split}");
    assert_eq!(
        hand_in::split_holders(bom.as_bytes()),
        Some([a.public().to_string(), b.public().to_string()])
    );
    // The other order of holders gives the other order.
    let swapped =
        hand_in::seal(&record(), &catalogue, &[b.public().clone(), a.public().clone()]).expect("seals");
    assert_eq!(
        hand_in::split_holders(swapped.as_bytes()),
        Some([b.public().to_string(), a.public().to_string()])
    );
    // A one-holder hand-in file, a plain result file, a file claiming the
    // scheme with one box, and what is not JSON: none.
    let one = hand_in::seal(&record(), &catalogue, &[a.public().clone()]).expect("seals");
    assert_eq!(hand_in::split_holders(one.as_bytes()), None);
    let plain = pulse_core::result_file::write(&record(), &catalogue).expect("writes");
    assert_eq!(hand_in::split_holders(plain.as_bytes()), None);
    let mut cut: serde_json::Value = serde_json::from_str(&split).expect("JSON");
    cut["sealed"].as_array_mut().expect("an array").truncate(1);
    assert_eq!(hand_in::split_holders(cut.to_string().as_bytes()), None);
    assert_eq!(hand_in::split_holders(b"not json"), None);
}
