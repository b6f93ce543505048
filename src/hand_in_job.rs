//! The one job of the hand-in code: a result file's text and the practice's
//! key holders in, the hand-in file's text out, made by the core
//! (`pulse_core::hand_in::seal`, the only writer of the format).
//!
//! The staff page never runs this itself: `src/bin/handin.rs` is its own
//! small wasm, a Web Worker built beside the survey (dist/handin_loader.js,
//! handin.js, handin_bg.wasm) and fetched only when a person presses "Hand
//! in to the practice", so the sealing code never grows the survey's first
//! load. The request travels as JSON text, the reply as the hand-in file's
//! text or a refusal; they are messages inside one page, not a file format.

use pulse_core::hand_in::{self, PublicKey};
use pulse_core::{result_file, Catalogue};
use serde::{Deserialize, Serialize};

/// What the hand-in worker posts when it is ready for a request.
pub const READY: &str = "practice-pulse:hand-in-ready";

/// What the survey asks the worker to seal.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    /// The result file's text, as `result_file::write` made it (the same
    /// response id as the person's own copy).
    pub result: String,
    /// Every `hand_in.holders` line of the practice's configuration, passed
    /// through as they are: how many holders a file is sealed to, and how,
    /// is the core's rule.
    pub holders: Vec<String>,
    /// A practice's own questionnaires in the result (id, definition text),
    /// so the core can read the result as the survey wrote it.
    pub definitions: Vec<(String, String)>,
}

/// How a refusal starts (a hand-in file's text starts with `{`).
const REFUSED: &str = "refused: ";

/// The worker's answer: the hand-in file's text, or why there is none.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    HandIn(String),
    Refused(String),
}

/// Seals a request with the core: the reply's text (never panics).
pub fn run(request: &str) -> String {
    let reply = serde_json::from_str::<Request>(request)
        .map_err(|e| format!("the request could not be read: {e}"))
        .and_then(|request| seal(&request));
    match reply {
        Ok(text) => text,
        Err(why) => format!("{REFUSED}{why}"),
    }
}

fn seal(request: &Request) -> Result<String, String> {
    let mut catalogue = Catalogue::builtin();
    for (id, text) in &request.definitions {
        catalogue.add_definition(id, text).map_err(|e| e.to_string())?;
    }
    let record =
        result_file::read("result", request.result.as_bytes(), &catalogue).map_err(|e| e.to_string())?;
    let holders = request
        .holders
        .iter()
        .map(|line| PublicKey::parse(line).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    hand_in::seal(&record, &catalogue, &holders).map_err(|e| e.to_string())
}

/// The reply read back by the survey.
pub fn read_reply(text: &str) -> Reply {
    match text.strip_prefix(REFUSED) {
        Some(why) => Reply::Refused(why.to_owned()),
        None => Reply::HandIn(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulse_core::hand_in::HolderKey;
    use pulse_core::result_file::ResponseId;
    use pulse_core::{InstrumentKey, Period, Response, ResultRecord};

    const DESK: &str = include_str!("../core/tests/fixtures/definitions/desk-v1.json");

    fn record(with_desk: bool) -> ResultRecord {
        let mut responses = vec![Response {
            key: InstrumentKey { id: "tps".into(), version: 1 },
            answers: vec![Some(2), Some(6), Some(3), Some(5), Some(1), None, Some(6)],
        }];
        if with_desk {
            responses.push(Response {
                key: InstrumentKey { id: "desk".into(), version: 1 },
                answers: vec![Some(1), Some(3)],
            });
        }
        ResultRecord {
            generator: "Practice Pulse test".into(),
            period: Period::new(2026, 11).expect("valid month"),
            round: Some("2026 autumn".into()),
            team: Some("Reception".into()),
            response: Some(ResponseId::from_random_bytes([7; 16])),
            responses,
        }
    }

    fn catalogue(with_desk: bool) -> Catalogue {
        let mut c = Catalogue::builtin();
        if with_desk {
            c.add_definition("desk", DESK).expect("the fixture is valid");
        }
        c
    }

    fn request(with_desk: bool, holders: Vec<String>) -> String {
        let result = result_file::write(&record(with_desk), &catalogue(with_desk)).expect("writes");
        let definitions = if with_desk { vec![("desk".to_owned(), DESK.to_owned())] } else { Vec::new() };
        serde_json::to_string(&Request { result, holders, definitions }).expect("serialises")
    }

    fn hand_in_text(reply: &str) -> String {
        match read_reply(reply) {
            Reply::HandIn(text) => text,
            other => panic!("expected a hand-in file, got {other:?}"),
        }
    }

    #[test]
    fn the_worker_s_job_seals_the_survey_s_result_so_the_holder_opens_the_same_record() {
        for with_desk in [false, true] {
            let key = HolderKey::generate().expect("randomness");
            let text = hand_in_text(&run(&request(with_desk, vec![key.public().to_string()])));
            let opened = hand_in::open("h.json", text.as_bytes(), &catalogue(with_desk), &[key])
                .expect("opens with the holder's key");
            assert_eq!(opened, record(with_desk));
            // Nothing of the answers in clear: no questionnaire, item or field
            // of the result appears as a whole JSON string. Only whole quoted
            // strings are searched: a box is base64, and a base64 string may
            // begin with any letters ("tps…"), but is never one of these.
            let mut names = vec!["tps".to_owned(), "answers".to_owned(), "instruments".to_owned()];
            names.extend([1, 2, 3, 4, 5, 7].map(|i| format!("tps-{i}")));
            if with_desk {
                names.extend(["desk", "desk-1", "desk-2"].map(String::from));
            }
            let plain = result_file::write(&record(with_desk), &catalogue(with_desk)).expect("writes");
            for name in names {
                let quoted = format!("\"{name}\"");
                assert!(plain.contains(&quoted), "the search finds {name} in the plain result");
                assert!(!text.contains(&quoted), "{name} in clear: {text}");
            }
        }
    }

    #[test]
    fn every_holder_line_reaches_the_core_which_decides() {
        let one = HolderKey::generate().expect("randomness");
        let two = HolderKey::generate().expect("randomness");
        let lines = vec![one.public().to_string(), two.public().to_string()];
        let direct =
            hand_in::seal(&record(false), &catalogue(false), &[one.public().clone(), two.public().clone()]);
        let reply = read_reply(&run(&request(false, lines)));
        match (direct, reply) {
            (Ok(_), Reply::HandIn(_)) => {}
            (Err(e), Reply::Refused(why)) => assert_eq!(why, e.to_string()),
            (direct, reply) => panic!("the job differs from the core: {direct:?} against {reply:?}"),
        }
    }

    #[test]
    fn bad_requests_are_refused_with_a_reason_never_a_panic() {
        let key = HolderKey::generate().expect("randomness");
        let mistyped = key.public().to_string().replacen("pulse-holder-1:", "pulse-holder-1:x", 1);
        for request in [
            String::new(),
            "{".to_owned(),
            request(false, vec![mistyped]),
            // A practice's questionnaire in the result, its definition not sent.
            {
                let result = result_file::write(&record(true), &catalogue(true)).expect("writes");
                let holders = vec![key.public().to_string()];
                serde_json::to_string(&Request { result, holders, definitions: vec![] }).expect("json")
            },
            serde_json::to_string(&Request { result: "{}".into(), holders: vec![], definitions: vec![] })
                .expect("json"),
        ] {
            assert!(matches!(read_reply(&run(&request)), Reply::Refused(_)), "{request}");
        }
    }
}
