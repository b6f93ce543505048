//! The result file: round trip, the frozen golden fixture of every released
//! format version, and every reason a file is turned away.

mod common;

use pulse_core::result_file::{self, Problem, FORMAT_VERSION, MAX_FILE_BYTES};
use pulse_core::{InstrumentKey, Period, Response, ResultRecord};

fn tps_key() -> InstrumentKey {
    InstrumentKey { id: "tps".into(), version: 1 }
}

fn record(answers: Vec<Option<i32>>) -> ResultRecord {
    ResultRecord {
        generator: "Practice Pulse test".into(),
        period: Period::new(2026, 11).expect("valid month"),
        round: Some("2026 autumn".into()),
        team: Some("Reception".into()),
        response: Some(common::response_id(7)),
        responses: vec![Response { key: tps_key(), answers }],
    }
}

#[test]
fn round_trip_gives_back_the_same_record() {
    let catalogue = common::catalogue();
    for answers in
        [vec![Some(1); 7], vec![Some(2), Some(6), Some(3), Some(5), Some(1), None, Some(6)], vec![None; 7]]
    {
        let original = record(answers);
        let json = result_file::write(&original, &catalogue).expect("tps is built in");
        let back = result_file::read("mine.json", json.as_bytes(), &catalogue).expect("own file reads");
        assert_eq!(back, original);
    }
}

#[test]
fn written_file_states_header_period_and_score() {
    let catalogue = common::catalogue();
    let json = result_file::write(
        &record(vec![Some(2), Some(6), Some(3), Some(5), Some(1), Some(7), Some(6)]),
        &catalogue,
    )
    .expect("tps is built in");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["format"], "practice-pulse-result");
    assert_eq!(v["format_version"], FORMAT_VERSION);
    assert_eq!(v["period"], "2026-11");
    assert_eq!(v["round"], "2026 autumn");
    assert_eq!(v["team"], "Reception");
    assert_eq!(v["response"], "07070707-0707-4707-8707-070707070707", "a version-4 UUID");
    // 8−2=6, 6, 8−3=5, 5, 8−1=7, 7, 6 → 42 / 7.
    assert_eq!(v["instruments"][0]["scores"]["tps"], 6.0);
    assert_eq!(v["instruments"][0]["answers"]["tps-1"], 2);
    // Too few answers: the score is written as null, never left out silently.
    let sparse = result_file::write(&record(vec![Some(1), None, None, None, None, None, None]), &catalogue)
        .expect("tps is built in");
    let v: serde_json::Value = serde_json::from_str(&sparse).expect("valid JSON");
    assert!(v["instruments"][0]["scores"]["tps"].is_null());
}

#[test]
fn golden_v1_fixture_still_decodes() {
    let bytes = include_bytes!("fixtures/result-v1.json");
    let rec =
        result_file::read("result-v1.json", bytes, &common::catalogue()).expect("format 1 is read for ever");
    assert_eq!(rec.period, Period::new(2026, 11).expect("valid month"));
    assert_eq!(rec.generator, "Practice Pulse 0.1.0");
    assert_eq!(rec.responses.len(), 1);
    assert_eq!(rec.responses[0].key, tps_key());
    assert_eq!(rec.responses[0].answers, vec![Some(2), Some(6), Some(3), Some(5), Some(1), None, Some(6)]);
}

fn problem_of(bytes: &[u8]) -> Problem {
    result_file::read("bad.json", bytes, &common::catalogue()).expect_err("must be rejected").problem
}

/// A valid file's JSON with one change applied.
fn edited(change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v: serde_json::Value =
        serde_json::from_slice(include_bytes!("fixtures/result-v1.json")).expect("fixture is JSON");
    change(&mut v);
    serde_json::to_vec(&v).expect("serialises")
}

/// A valid file of the newest format (which holds the team and round), with
/// one change applied.
fn edited_v2(change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let text = result_file::write(&record(vec![Some(1); 7]), &common::catalogue()).expect("writes");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    change(&mut v);
    serde_json::to_vec(&v).expect("serialises")
}

/// The valid file's text with one textual change (for what JSON values cannot hold, like a key twice).
fn with_text(change: impl FnOnce(&str) -> String) -> Vec<u8> {
    let text = include_str!("fixtures/result-v1.json");
    let changed = change(text);
    assert_ne!(changed, text, "the change applies");
    changed.into_bytes()
}

#[test]
fn each_rejection_reason() {
    use serde_json::json;
    let key = tps_key;
    let cases: Vec<(&str, Vec<u8>, Problem)> = vec![
        ("random bytes", vec![0xff, 0xfe, 0x00, 0x81, 0x13], Problem::NotText),
        ("plain text", b"hello, this is a letter".to_vec(), Problem::NotJson),
        ("JSON of another shape", br#"{"name": "x", "items": [1, 2]}"#.to_vec(), Problem::NotResultFile),
        ("a JSON array", b"[1, 2, 3]".to_vec(), Problem::NotResultFile),
        ("newer format", edited(|v| v["format_version"] = json!(3)), Problem::NewerFormat { found: 3 }),
        ("version as text", edited(|v| v["format_version"] = json!("1")), Problem::BadFormatVersion),
        ("version zero", edited(|v| v["format_version"] = json!(0)), Problem::BadFormatVersion),
        // An invisible mark that makes a made-up team look like a real one.
        (
            "team with a direction override",
            edited_v2(|v| v["team"] = json!("Rece\u{202E}noitp")),
            Problem::BadLabel { field: "team" },
        ),
        (
            "team with a zero-width space",
            edited_v2(|v| v["team"] = json!("Reception\u{200B}")),
            Problem::BadLabel { field: "team" },
        ),
        (
            "round with a direction mark",
            edited_v2(|v| v["round"] = json!("\u{200F}2026 autumn")),
            Problem::BadLabel { field: "round" },
        ),
        (
            "bad month",
            edited(|v| v["period"] = json!("2026-13")),
            Problem::BadPeriod { found: "2026-13".into() },
        ),
        (
            "full date",
            edited(|v| v["period"] = json!("2026-11-22")),
            Problem::BadPeriod { found: "2026-11-22".into() },
        ),
        // A number parser takes a sign; a month is digits only.
        (
            "month with a sign",
            edited(|v| v["period"] = json!("2026-+1")),
            Problem::BadPeriod { found: "2026-+1".into() },
        ),
        (
            "year with a sign",
            edited(|v| v["period"] = json!("+202-11")),
            Problem::BadPeriod { found: "+202-11".into() },
        ),
        (
            "month with a space",
            edited(|v| v["period"] = json!("2026- 1")),
            Problem::BadPeriod { found: "2026- 1".into() },
        ),
        (
            "unknown instrument",
            edited(|v| v["instruments"][0]["id"] = json!("mbi")),
            Problem::UnknownInstrument { key: InstrumentKey { id: "mbi".into(), version: 1 } },
        ),
        (
            "unknown version",
            edited(|v| v["instruments"][0]["version"] = json!(9)),
            Problem::UnknownInstrument { key: InstrumentKey { id: "tps".into(), version: 9 } },
        ),
        (
            "instrument twice",
            edited(|v| {
                let first = v["instruments"][0].clone();
                v["instruments"].as_array_mut().expect("array").push(first);
            }),
            Problem::DuplicateInstrument { key: key() },
        ),
        (
            "unknown item",
            edited(|v| v["instruments"][0]["answers"]["tps-9"] = json!(3)),
            Problem::UnknownItem { key: key(), item: "tps-9".into() },
        ),
        (
            "answer out of range",
            edited(|v| v["instruments"][0]["answers"]["tps-2"] = json!(9)),
            Problem::InvalidAnswer { key: key(), item: "tps-2".into(), value: 9 },
        ),
        (
            "score edited",
            edited(|v| v["instruments"][0]["scores"]["tps"] = json!(7.0)),
            Problem::ScoresDisagree { key: key(), score: "tps".into() },
        ),
        (
            "score removed",
            edited(|v| v["instruments"][0]["scores"] = json!({})),
            Problem::ScoresDisagree { key: key(), score: "tps".into() },
        ),
        ("too large", vec![b' '; MAX_FILE_BYTES + 1], Problem::TooLarge { bytes: MAX_FILE_BYTES + 1 }),
    ];
    for (name, bytes, want) in cases {
        assert_eq!(problem_of(&bytes), want, "case: {name}");
    }
    // Shape faults carry serde's detail, which varies by wording: match the kind.
    for (name, bytes) in [
        (
            "missing field",
            edited(|v| {
                v.as_object_mut().expect("object").remove("period");
            }),
        ),
        ("unknown field", edited(|v| v["name"] = json!("Alice"))),
        ("answer as text", edited(|v| v["instruments"][0]["answers"]["tps-2"] = json!("six"))),
        // The same key twice: refused, never "the last one wins".
        ("answer given twice", with_text(|t| t.replacen("\"tps-1\": 2", "\"tps-1\": 2, \"tps-1\": 7", 1))),
        ("score given twice", with_text(|t| t.replacen("\"tps\": ", "\"tps\": 1.0, \"tps\": ", 1))),
        (
            "period given twice",
            with_text(|t| t.replacen("\"period\"", "\"period\": \"2020-01\", \"period\"", 1)),
        ),
    ] {
        assert!(matches!(problem_of(&bytes), Problem::Malformed { .. }), "case: {name}");
    }
}

#[test]
fn messages_name_the_file_and_what_to_do() {
    let err = result_file::read(
        "team-3.json",
        &edited(|v| v["format_version"] = serde_json::json!(3)),
        &common::catalogue(),
    )
    .expect_err("newer format");
    assert_eq!(
        err.to_string(),
        "team-3.json was saved by a newer version (format 3); this page reads formats 1–2. Open it with the newer page."
    );
    let err =
        result_file::read("photo.jpg", &[0xff, 0xd8, 0xff], &common::catalogue()).expect_err("not text");
    assert!(err.to_string().starts_with("photo.jpg is not a result file"), "{err}");
}

#[test]
fn csv_holds_the_same_answers_and_scores() {
    let catalogue = common::catalogue();
    let who5 = catalogue.latest("who5").expect("built in");
    let record = ResultRecord {
        generator: "test".into(),
        period: Period::new(2026, 11).expect("valid"),
        round: None,
        team: None,
        response: Some(common::response_id(1)),
        responses: vec![
            // TPS: 8−2=6, 6, 8−3=5, 5, 8−1=7, 7, 6 → 42 / 7 = 6.
            Response {
                key: tps_key(),
                answers: vec![Some(2), Some(6), Some(3), Some(5), Some(1), Some(7), Some(6)],
            },
            // WHO-5 with one skipped: no score.
            Response { key: who5.key().clone(), answers: vec![Some(5), Some(4), None, Some(3), Some(2)] },
        ],
    };
    let csv = result_file::to_csv(&record, &catalogue).expect("built in");
    let body = csv.strip_prefix('\u{feff}').expect("a byte-order mark first, for Excel on Windows");
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines[0], "period,instrument,instrument_version,kind,id,value,label");
    // The month as 2026-M11, which a spreadsheet leaves as text.
    assert!(lines.contains(&"2026-M11,tps,1,answer,tps-1,2,Mostly inaccurate"));
    assert!(lines.contains(&"2026-M11,tps,1,score,tps,6,"));
    assert!(lines.contains(&"2026-M11,who5,1,answer,who5-2,4,Most of the time"));
    assert!(lines.contains(&"2026-M11,who5,1,score,who5,,not enough answers"));
    assert!(!csv.contains("who5-3"), "a skipped item has no row");
    assert_eq!(lines.len(), 1 + 7 + 1 + 4 + 1);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    use pulse_core::spreadsheet::cell;
    let table = [
        (
            "=HYPERLINK(\"https://evil.example\",\"Click\")",
            "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\"",
        ),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "\"'\rReturn\""),
        ("-inf", "'-inf"),
        ("-", "'-"),
        // Plain numbers, negative ones too, are left as numbers.
        ("-2", "-2"),
        ("-0.25", "-0.25"),
        ("42", "42"),
        ("2\u{2013}5 times", "2\u{2013}5 times"),
        ("Mostly, often", "\"Mostly, often\""),
        ("", ""),
    ];
    for (raw, written) in table {
        assert_eq!(cell(raw), written, "{raw:?}");
    }
}

#[test]
fn a_practices_labels_that_look_like_formulas_are_written_as_text() {
    let mut catalogue = common::catalogue();
    let desk = include_str!("fixtures/definitions/desk-v1.json")
        .replace("\"Never\"", "\"=HYPERLINK(\\\"https://evil.example\\\")\"");
    let key = catalogue.add_definition("desk.json", &desk).expect("valid").key().clone();
    let record = ResultRecord {
        generator: "test".into(),
        period: Period::new(2026, 1).expect("valid"),
        round: None,
        team: None,
        response: Some(common::response_id(1)),
        responses: vec![Response { key, answers: vec![Some(1), Some(3)] }],
    };
    let csv = result_file::to_csv(&record, &catalogue).expect("known");
    assert!(csv.contains(",\"'=HYPERLINK(\"\"https://evil.example\"\")\"\n"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "no cell begins with a formula");
}

#[test]
fn a_label_may_hold_the_joiners_that_persian_needs() {
    // U+200C (zero-width non-joiner) belongs inside Persian words: only
    // the marks that change how text around them looks are refused.
    let team = "کارمندان\u{200C}پذیرش";
    let bytes = edited_v2(|v| v["team"] = serde_json::json!(team));
    let record = result_file::read("r.json", &bytes, &common::catalogue()).expect("read");
    assert_eq!(record.team.as_deref(), Some(team));
}
