//! Writes the 50 files the team page's browser test opens (and `pulse pool`
//! reads for the byte-identical check): two rounds, three teams and some
//! "Prefer not to say", TPS and the abuse module, plus one duplicate and
//! three bad files. Deterministic, so the test's own figures are fixed.
//! With `--default-set`, each person answers every questionnaire of the
//! default set instead (the print test's files), and only the 45 good
//! files are written. With `--gaps`, it writes instead three rounds of
//! Reception answering TPS near the top of its scale: spring 10, summer 3
//! (hidden, even for All), autumn 10; each shown round's exact interval
//! runs past 7, so the page must clamp it, and the trend line must break
//! at summer.
//! Usage: cargo run -p pulse-core --example gen_team_files -- DIR [--default-set | --gaps]

use pulse_core::result_file::{self, ResponseId};
use pulse_core::{Catalogue, InstrumentKey, Period, Response, ResultRecord};

/// A round's label, its month, and how many people of each team.
type Round<'a> = (&'a str, u8, [(Option<&'a str>, usize); 4]);

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("DIR"));
    let default_set = std::env::args().nth(2).as_deref() == Some("--default-set");
    std::fs::create_dir_all(&dir).expect("a folder to write in");
    let catalogue = Catalogue::builtin();
    if std::env::args().nth(2).as_deref() == Some("--gaps") {
        gaps(&dir, &catalogue);
        return;
    }
    // (round, month, [(team, people)]), with k = 5: spring hides
    // Secretaries (3) and Not given (3), together 6, but only 3 in a team a
    // roster checks, so the next smallest, Administration (6), too (review
    // 5, R5-9); autumn hides Secretaries (4), then the next smallest,
    // Administration (8).
    let plan: [Round; 2] = [
        (
            "2026 spring",
            4,
            [(Some("Reception"), 9), (Some("Administration"), 6), (Some("Secretaries"), 3), (None, 3)],
        ),
        (
            "2026 autumn",
            10,
            [(Some("Reception"), 12), (Some("Administration"), 8), (Some("Secretaries"), 4), (None, 0)],
        ),
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    let mut i: u32 = 0;
    let mut first = None;
    for (round, month, teams) in plan {
        for (team, people) in teams {
            for _ in 0..people {
                let tps: Vec<Option<i32>> =
                    (0..7).map(|_| if next(10) == 0 { None } else { Some(1 + next(7) as i32) }).collect();
                let abuse: Vec<Option<i32>> = (0..7)
                    .map(|q| match q {
                        0..=4 => Some(next(5) as i32),
                        5 => Some(next(3) as i32),
                        _ => Some(next(4) as i32),
                    })
                    .collect();
                // Every default-set questionnaire, each item answered with
                // one of its options (one in ten left out).
                // Only then: the other files' figures stay as they were.
                let all: Vec<Response> = if !default_set {
                    Vec::new()
                } else {
                    catalogue
                        .default_set()
                        .into_iter()
                        .map(|instrument| Response {
                            key: instrument.key().clone(),
                            answers: instrument
                                .items()
                                .iter()
                                .map(|item| {
                                    let options = item.options();
                                    (next(10) != 0 && !options.is_empty())
                                        .then(|| options[next(options.len() as u64) as usize].value)
                                })
                                .collect(),
                        })
                        .collect()
                };
                let mut id = [0u8; 16];
                id[..4].copy_from_slice(&i.to_be_bytes());
                id[4..12].copy_from_slice(&next(u64::MAX).to_le_bytes());
                let record = ResultRecord {
                    generator: "browser test".into(),
                    period: Period::new(2026, month).expect("valid"),
                    round: Some(round.into()),
                    team: team.map(Into::into),
                    response: Some(ResponseId::from_random_bytes(id)),
                    responses: if default_set {
                        all
                    } else {
                        vec![
                            Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers: tps },
                            Response {
                                key: InstrumentKey { id: "abuse".into(), version: 1 },
                                answers: abuse,
                            },
                        ]
                    },
                };
                let text = result_file::write(&record, &catalogue).expect("writes");
                let name = format!("result-{i:03}.json");
                std::fs::write(dir.join(&name), &text).expect("writes a file");
                first.get_or_insert(text);
                i += 1;
            }
        }
    }
    if default_set {
        return;
    }
    // 45 good files; one of them again under another name, and four bad.
    let first = first.expect("one file");
    std::fs::write(dir.join("copy-of-result-000.json"), &first).expect("writes");
    std::fs::write(dir.join("notes.json"), "not JSON at all").expect("writes");
    let mut edited: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    edited["instruments"][0]["scores"]["tps"] = serde_json::json!(6.5);
    edited["response"] = serde_json::json!("00000000-0000-4000-8000-000000000001");
    std::fs::write(dir.join("edited.json"), edited.to_string()).expect("writes");
    std::fs::write(dir.join("other.json"), "{\"format\": \"something-else\"}").expect("writes");
    let mut newer: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    newer["format_version"] = serde_json::json!(99);
    std::fs::write(dir.join("newer.json"), newer.to_string()).expect("writes");
}

/// Three rounds of Reception on TPS: (round, month, people at 7, people at 4).
fn gaps(dir: &std::path::Path, catalogue: &Catalogue) {
    // TPS items 1, 3 and 5 are reversed: 1 there and 7 elsewhere scores 7;
    // every item 4 scores 4.
    let top = [1, 7, 1, 7, 1, 7, 7];
    let middle = [4; 7];
    let mut i: u32 = 1000;
    for (round, month, high, mid) in
        [("2026 spring", 4, 9, 1), ("2026 summer", 7, 2, 1), ("2026 autumn", 10, 8, 2)]
    {
        for answers in std::iter::repeat_n(top, high).chain(std::iter::repeat_n(middle, mid)) {
            let mut id = [7u8; 16];
            id[..4].copy_from_slice(&i.to_be_bytes());
            let record = ResultRecord {
                generator: "browser test".into(),
                period: Period::new(2026, month).expect("valid"),
                round: Some(round.into()),
                team: Some("Reception".into()),
                response: Some(ResponseId::from_random_bytes(id)),
                responses: vec![Response {
                    key: InstrumentKey { id: "tps".into(), version: 1 },
                    answers: answers.iter().map(|&v| Some(v)).collect(),
                }],
            };
            let text = result_file::write(&record, catalogue).expect("writes");
            std::fs::write(dir.join(format!("result-{i}.json")), text).expect("writes a file");
            i += 1;
        }
    }
}
