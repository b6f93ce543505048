//! Hand-in files and the holder's key: the round trip, what stays in clear,
//! every refusal with its reason, the public key line's checks, and the
//! frozen golden fixtures of both formats.

mod common;

use pulse_core::hand_in::{
    self, HandInError, HolderKey, KdfParams, KeyLineProblem, KeyProblem, PublicKey, HAND_IN_FORMAT,
};
use pulse_core::result_file::{self, Problem};
use pulse_core::{InstrumentKey, Period, Response, ResultRecord};

/// A light argon2 cost, so tests that are not about the KDF run fast.
const LIGHT: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };
const PASSPHRASE: &str = "correct horse battery staple";

fn record() -> ResultRecord {
    ResultRecord {
        generator: "Practice Pulse test".into(),
        period: Period::new(2026, 11).expect("valid month"),
        round: Some("2026 autumn".into()),
        team: Some("Reception".into()),
        response: Some(common::response_id(7)),
        responses: vec![Response {
            key: InstrumentKey { id: "tps".into(), version: 1 },
            answers: vec![Some(2), Some(6), Some(3), Some(5), Some(1), None, Some(6)],
        }],
    }
}

fn key() -> HolderKey {
    HolderKey::generate().expect("the OS gives randomness")
}

fn sealed_to(key: &HolderKey) -> String {
    hand_in::seal(&record(), &common::catalogue(), &[key.public().clone()]).expect("seals")
}

fn refusal(text: &[u8], keys: &[HolderKey]) -> Problem {
    hand_in::open("practice-pulse-handin-2026-11.json", text, &common::catalogue(), keys)
        .expect_err("refused")
        .problem
}

#[test]
fn a_sealed_result_opens_with_its_holders_key_to_the_same_record() {
    let key = key();
    let text = sealed_to(&key);
    let opened = hand_in::open("h.json", text.as_bytes(), &common::catalogue(), &[key]).expect("opens");
    assert_eq!(opened, record());
}

#[test]
fn two_sealings_of_one_result_differ() {
    let key = key();
    assert_ne!(sealed_to(&key), sealed_to(&key), "each seal uses a fresh ephemeral key");
}

#[test]
fn only_the_header_is_in_clear() {
    let key = key();
    let text = sealed_to(&key);
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let clear: Vec<&str> = value.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(
        clear,
        ["format", "format_version", "period", "response", "round", "scheme", "sealed", "team"]
    );
    assert_eq!(value["format"], HAND_IN_FORMAT);
    assert_eq!(value["format_version"], 1);
    assert_eq!(value["scheme"], "sealed-box");
    assert_eq!(value["period"], "2026-11");
    assert_eq!(value["round"], "2026 autumn");
    assert_eq!(value["team"], "Reception");
    assert_eq!(value["response"], common::response_id(7).to_string());
    assert_eq!(value["sealed"][0]["holder"], key.public().to_string());

    // The clear part: everything but the sealed box itself.
    let mut clear_part = value.clone();
    clear_part["sealed"][0]["box"] = serde_json::Value::Null;
    // The holder's line is a random key (checked above): it may hold any letters.
    clear_part["sealed"][0]["holder"] = serde_json::Value::Null;
    let clear_part = clear_part.to_string();
    let instrument = common::instrument("tps", 1);
    let mut secrets: Vec<String> =
        vec!["tps".into(), "answers".into(), "scores".into(), "instruments".into()];
    secrets.extend(instrument.items().iter().map(|i| i.id().to_owned()));
    secrets.extend(instrument.scores().iter().map(|s| s.id().to_owned()));
    // The score 5.833… and the answers as the result file writes them.
    secrets.push("5.83".into());
    secrets.extend(["\": 2", "\": 6", "\": 3", "\": 5", "\": 1"].map(String::from));
    for secret in &secrets {
        assert!(!clear_part.contains(secret.as_str()), "{secret:?} is in clear: {clear_part}");
    }
    // Quoted item ids cannot occur inside base64 at all: search the whole text.
    for item in instrument.items() {
        assert!(!text.contains(&format!("\"{}\"", item.id())), "item {} in the file", item.id());
    }
}

/// A result of `instruments`, every question answered by `pick` (which
/// gets the item's options and the item's place; `None` skips it).
fn answered(
    instruments: &[&pulse_core::Instrument],
    pick: &dyn Fn(&[pulse_core::instrument::Choice], usize) -> Option<i32>,
) -> ResultRecord {
    ResultRecord {
        responses: instruments
            .iter()
            .map(|i| Response {
                key: i.key().clone(),
                answers: i.items().iter().enumerate().map(|(n, item)| pick(item.options(), n)).collect(),
            })
            .collect(),
        ..record()
    }
}

#[test]
fn a_hand_in_files_length_tells_nothing_of_the_answers_or_the_questionnaires() {
    // Whoever sees hand-in files on their way (a mailbox, a shared drive)
    // sees their lengths: padding makes them one length, whatever was
    // answered, skipped or chosen (checked failing without the padding).
    let catalogue = common::catalogue();
    let key = key();
    let holders = [key.public().clone()];
    let default: Vec<&pulse_core::Instrument> = catalogue.default_set();
    let every: Vec<&pulse_core::Instrument> = catalogue.all().iter().collect();
    let lowest = |o: &[pulse_core::instrument::Choice], _| o.iter().map(|c| c.value).min();
    let highest = |o: &[pulse_core::instrument::Choice], _| o.iter().map(|c| c.value).max();
    let middle = |o: &[pulse_core::instrument::Choice], _| o.get(o.len() / 2).map(|c| c.value);
    let skip_odd = |o: &[pulse_core::instrument::Choice], n: usize| {
        if n % 2 == 1 {
            None
        } else {
            o.last().map(|c| c.value)
        }
    };
    let mut lengths = std::collections::BTreeMap::new();
    for (set, instruments) in
        [("default", &default), ("every built-in", &every), ("tps alone", &default[..1].to_vec())]
    {
        for (how, pick) in [
            ("lowest", &lowest as &dyn Fn(&[pulse_core::instrument::Choice], usize) -> Option<i32>),
            ("highest", &highest),
            ("middle", &middle),
            ("every other skipped", &skip_odd),
        ] {
            let text = hand_in::seal(&answered(instruments, pick), &catalogue, &holders).expect("seals");
            lengths.insert(format!("{set}, {how}"), text.len());
        }
    }
    let distinct: std::collections::BTreeSet<usize> = lengths.values().copied().collect();
    assert_eq!(distinct.len(), 1, "{lengths:#?}");
}

#[test]
fn every_refusal_gives_its_reason() {
    let key = key();
    let text = sealed_to(&key);
    assert_eq!(refusal(text.as_bytes(), &[]), Problem::NeedsKey);
    assert_eq!(refusal(text.as_bytes(), &[self::key()]), Problem::SealedForAnotherHolder);

    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let with = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = value.clone();
        edit(&mut v);
        v.to_string()
    };
    // One byte of the box changed (decoded, changed, encoded again).
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let boxed = b64.decode(value["sealed"][0]["box"].as_str().expect("box")).expect("base64");
    for at in [0, 31, 32, 47, 48, boxed.len() - 1] {
        let mut changed = boxed.clone();
        changed[at] ^= 0x01;
        let edited = with(&|v| v["sealed"][0]["box"] = b64.encode(&changed).into());
        assert_eq!(refusal(edited.as_bytes(), std::slice::from_ref(&key)), Problem::SealChanged, "byte {at}");
    }
    let cut = with(&|v| v["sealed"][0]["box"] = b64.encode(&boxed[..boxed.len() - 1]).into());
    assert_eq!(refusal(cut.as_bytes(), std::slice::from_ref(&key)), Problem::SealChanged);
    let not_b64 = with(&|v| v["sealed"][0]["box"] = "not base64!".into());
    assert_eq!(refusal(not_b64.as_bytes(), std::slice::from_ref(&key)), Problem::SealChanged);

    let k = std::slice::from_ref(&key);
    // A key given twice in the clear part: a person reading the file would
    // see the first, a lenient reader take the last.
    let twice =
        text.replacen("\"team\": \"Reception\"", "\"team\": \"Clinicians\", \"team\": \"Reception\"", 1);
    assert_ne!(twice, text);
    assert!(
        matches!(refusal(twice.as_bytes(), k), Problem::Malformed { detail } if detail.contains("\"team\" is given twice"))
    );
    let team = with(&|v| v["team"] = "Clinicians".into());
    assert_eq!(refusal(team.as_bytes(), k), Problem::ClearPartChanged);
    let no_team = with(&|v| {
        v.as_object_mut().expect("object").remove("team");
    });
    assert_eq!(refusal(no_team.as_bytes(), k), Problem::ClearPartChanged);
    let round = with(&|v| v["round"] = "2027 spring".into());
    assert_eq!(refusal(round.as_bytes(), k), Problem::ClearPartChanged);
    let month = with(&|v| v["period"] = "2026-12".into());
    assert_eq!(refusal(month.as_bytes(), k), Problem::ClearPartChanged);
    let id = with(&|v| v["response"] = common::response_id(8).to_string().into());
    assert_eq!(refusal(id.as_bytes(), k), Problem::ClearPartChanged);

    let newer = with(&|v| v["format_version"] = 2.into());
    assert_eq!(refusal(newer.as_bytes(), k), Problem::NewerHandIn { found: 2 });
    let scheme = with(&|v| v["scheme"] = "prio3".into());
    assert!(matches!(refusal(scheme.as_bytes(), k), Problem::NewerHandIn { .. }));
    let extra = with(&|v| v["name"] = "Alex".into());
    assert!(matches!(refusal(extra.as_bytes(), k), Problem::Malformed { .. }));
    let bad_month = with(&|v| v["period"] = "2026-13".into());
    assert!(matches!(refusal(bad_month.as_bytes(), k), Problem::BadPeriod { .. }));

    // The messages name the file and say why.
    let message =
        hand_in::open("x/practice-pulse-handin-2026-11.json", text.as_bytes(), &common::catalogue(), &[])
            .expect_err("refused")
            .to_string();
    assert!(
        message.starts_with("x/practice-pulse-handin-2026-11.json is a sealed hand-in file"),
        "{message}"
    );
    let message = hand_in::open("a.json", text.as_bytes(), &common::catalogue(), &[self::key()])
        .expect_err("refused")
        .to_string();
    assert!(message.contains("sealed for another key holder"), "{message}");
}

#[test]
fn no_single_byte_change_opens_to_another_record() {
    let key = key();
    let text = sealed_to(&key);
    let k = std::slice::from_ref(&key);
    let catalogue = common::catalogue();
    // Every byte outside the box (the clear part, the JSON around it); in
    // the padded box, its first and last 100 bytes and every 61st between
    // (a change anywhere in it fails the same authentication tag).
    let start = text.find("\"box\": \"").expect("a box") + 8;
    let end = start + text[start..].find('"').expect("the box ends");
    let places =
        (0..text.len()).filter(|&at| at < start + 100 || at >= end - 100 || (at - start).is_multiple_of(61));
    for at in places {
        let mut bytes = text.as_bytes().to_vec();
        bytes[at] ^= 0x01;
        if let Ok(opened) = hand_in::open("h.json", &bytes, &catalogue, k) {
            assert_eq!(opened, record(), "byte {at} changed and the file opened to something else");
        }
    }
}

#[test]
fn a_result_file_in_a_hand_in_readers_hands_reads_as_before() {
    let catalogue = common::catalogue();
    let plain = result_file::write(&record(), &catalogue).expect("writes");
    let read = hand_in::read_any("r.json", plain.as_bytes(), &catalogue, &[]).expect("reads");
    assert_eq!(read, record());
    let key = key();
    let sealed = sealed_to(&key);
    assert_eq!(hand_in::read_any("h.json", sealed.as_bytes(), &catalogue, &[key]).expect("opens"), record());
}

#[test]
fn a_plain_reader_and_compare_refuse_a_hand_in_file_as_needing_the_key() {
    let key = key();
    let sealed = sealed_to(&key);
    let catalogue = common::catalogue();
    assert_eq!(
        result_file::read("h.json", sealed.as_bytes(), &catalogue).expect_err("sealed").problem,
        Problem::NeedsKey
    );
    let (opened, rejected) =
        pulse_core::compare::open_all(&catalogue, &[("h.json".into(), sealed.into_bytes())]);
    assert!(opened.is_empty());
    assert!(rejected[0].to_string().contains("is a sealed hand-in file"), "{}", rejected[0]);
}

#[test]
fn sealing_needs_one_or_two_holders_and_a_response_id() {
    let catalogue = common::catalogue();
    let (a, b) = (key(), key());
    assert_eq!(hand_in::seal(&record(), &catalogue, &[]), Err(HandInError::Holders { found: 0 }));
    let three = [a.public().clone(), b.public().clone(), key().public().clone()];
    assert_eq!(hand_in::seal(&record(), &catalogue, &three), Err(HandInError::Holders { found: 3 }));
    let mut no_id = record();
    no_id.response = None;
    assert!(matches!(hand_in::seal(&no_id, &catalogue, &[a.public().clone()]), Err(HandInError::Write(_))));
}

#[test]
fn the_file_name_carries_the_month() {
    assert_eq!(
        hand_in::file_name(Period::new(2026, 3).expect("month")),
        "practice-pulse-handin-2026-03.json"
    );
}

#[test]
fn a_public_key_line_round_trips_and_refuses_a_mistyped_key() {
    let key = key();
    let line = key.public().to_string();
    assert!(line.starts_with("pulse-holder-1:"), "{line}");
    assert_eq!(line.len(), "pulse-holder-1:".len() + 48);
    assert_eq!(PublicKey::parse(&line).as_ref(), Ok(key.public()));
    assert_eq!(PublicKey::parse(&format!("  {line}\r\n")).as_ref(), Ok(key.public()), "spaces and line end");

    // Every single character mistyped, as every other character a key line
    // can hold, is refused, never read as another key. On the golden key's
    // line, so the test is the same on every run: a 4-byte check lets a
    // random mistype through once in 2^32, so a random key could fail it.
    let golden: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/holder-key-v1.key")).expect("the golden key file");
    let golden = golden["public_key"].as_str().expect("its public key line");
    assert!(PublicKey::parse(golden).is_ok());
    let body_at = "pulse-holder-1:".len();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for at in body_at..golden.len() {
        for other in alphabet.chars().filter(|c| !golden[at..].starts_with(*c)) {
            let mut typed: Vec<char> = golden.chars().collect();
            typed[at] = other;
            let typed: String = typed.into_iter().collect();
            assert!(
                matches!(
                    PublicKey::parse(&typed),
                    Err(KeyLineProblem::Checksum | KeyLineProblem::BadCharacter)
                ),
                "character {at} mistyped: {typed}"
            );
        }
    }
    assert_eq!(
        PublicKey::parse(&line[..line.len() - 1]),
        Err(KeyLineProblem::WrongLength { found: 47, expected: 48 })
    );
    assert_eq!(PublicKey::parse(&line[1..]), Err(KeyLineProblem::NoPrefix));
    assert_eq!(
        PublicKey::parse(&format!("{}!{}", &line[..20], &line[21..])),
        Err(KeyLineProblem::BadCharacter)
    );
    assert!(KeyLineProblem::Checksum.to_string().contains("mistyped"));
}

#[test]
fn a_key_file_opens_with_its_passphrase_only() {
    let key = key();
    let file = key.to_key_file_with(PASSPHRASE, LIGHT).expect("saves");
    let back =
        HolderKey::from_key_file("practice-pulse-holder.key", file.as_bytes(), PASSPHRASE).expect("opens");
    assert_eq!(back.public(), key.public());
    // The key it gives opens what was sealed to the first.
    let sealed = sealed_to(&key);
    assert!(hand_in::open("h.json", sealed.as_bytes(), &common::catalogue(), &[back]).is_ok());

    let wrong = HolderKey::from_key_file(
        "practice-pulse-holder.key",
        file.as_bytes(),
        "correct horse battery stapler",
    )
    .expect_err("wrong passphrase");
    assert_eq!(wrong.problem, KeyProblem::WrongPassphrase);
    assert!(
        wrong.to_string().starts_with("practice-pulse-holder.key does not open with this passphrase"),
        "{wrong}"
    );

    // The secret key, the salt or the nonce changed: it does not open.
    let value: serde_json::Value = serde_json::from_str(&file).expect("JSON");
    for field in [["secret_key", ""], ["kdf", "salt"], ["aead", "nonce"]] {
        let mut v = value.clone();
        let slot = if field[1].is_empty() { &mut v[field[0]] } else { &mut v[field[0]][field[1]] };
        let mut text = slot.as_str().expect("string").to_owned();
        let first = if text.starts_with('A') { "B" } else { "A" };
        text.replace_range(0..1, first);
        *slot = text.into();
        let problem =
            HolderKey::from_key_file("k.key", v.to_string().as_bytes(), PASSPHRASE).expect_err("refused");
        assert_eq!(problem.problem, KeyProblem::WrongPassphrase, "{field:?}");
    }
    // Another key's public line put in: refused (it is the AEAD's associated data).
    let mut v = value.clone();
    v["public_key"] = self::key().public().to_string().into();
    assert_eq!(
        HolderKey::from_key_file("k.key", v.to_string().as_bytes(), PASSPHRASE).expect_err("refused").problem,
        KeyProblem::WrongPassphrase
    );
    // A hostile cost is refused before any work, so it cannot hang or exhaust memory.
    for (field, value_) in [("memory_kib", 4_000_000_000u64), ("iterations", 1_000_000), ("parallelism", 64)]
    {
        let mut v = value.clone();
        v["kdf"][field] = value_.into();
        let refused =
            HolderKey::from_key_file("k.key", v.to_string().as_bytes(), PASSPHRASE).expect_err("refused");
        assert_eq!(refused.problem, KeyProblem::BadParameters, "{field}");
    }
    let mut v = value.clone();
    v["format_version"] = 2.into();
    assert_eq!(
        HolderKey::from_key_file("k.key", v.to_string().as_bytes(), PASSPHRASE).expect_err("refused").problem,
        KeyProblem::NewerFormat { found: 2 }
    );
    let sealed = sealed_to(&key);
    assert_eq!(
        HolderKey::from_key_file("h.json", sealed.as_bytes(), PASSPHRASE).expect_err("refused").problem,
        KeyProblem::NotKeyFile
    );
}

#[test]
fn a_new_key_file_needs_a_real_passphrase_and_the_default_cost() {
    let key = key();
    assert_eq!(key.to_key_file_with("short", LIGHT), Err(HandInError::ShortPassphrase));
    let bad = KdfParams { memory_kib: 1 << 30, ..LIGHT };
    assert_eq!(key.to_key_file_with(PASSPHRASE, bad), Err(HandInError::BadKdfParams));
    // The default cost is what the file states, and it opens.
    let file = key.to_key_file(PASSPHRASE).expect("saves");
    let value: serde_json::Value = serde_json::from_str(&file).expect("JSON");
    assert_eq!(value["kdf"]["algorithm"], "argon2id");
    assert_eq!(value["kdf"]["memory_kib"], 19 * 1024);
    assert_eq!(value["kdf"]["iterations"], 2);
    assert_eq!(value["kdf"]["parallelism"], 1);
    assert_eq!(value["aead"]["algorithm"], "chacha20poly1305");
    assert!(HolderKey::from_key_file("k.key", file.as_bytes(), PASSPHRASE).is_ok());
}

#[test]
fn every_reader_accepts_a_byte_order_mark() {
    let catalogue = common::catalogue();
    let bom = |text: &str| [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let plain = result_file::write(&record(), &catalogue).expect("writes");
    assert_eq!(result_file::read("r.json", &bom(&plain), &catalogue).expect("reads"), record());
    assert_eq!(pulse_core::pool::file_format(&bom(&plain)).as_deref(), Some("practice-pulse-result"));
    let key = key();
    let sealed = sealed_to(&key);
    let file = key.to_key_file_with(PASSPHRASE, LIGHT).expect("saves");
    let opened_key = HolderKey::from_key_file("k.key", &bom(&file), PASSPHRASE).expect("key with BOM opens");
    assert_eq!(
        hand_in::read_any("h.json", &bom(&sealed), &catalogue, &[opened_key])
            .expect("hand-in with BOM opens"),
        record()
    );
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../static/practice.json"))
        .expect("the shipped configuration");
    assert!(pulse_core::config::read("practice.json", &bom(&config)).is_ok());
    let definition = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/instruments/tps-v1.json"))
        .expect("a definition");
    assert!(pulse_core::validate::parse_definition_bytes("d.json", &bom(&definition)).is_ok());
    assert!(pulse_core::validate::parse_definition("d.json", &format!("\u{feff}{definition}")).is_ok());
}

#[test]
fn the_personal_csv_is_named_as_the_spreadsheet_copy() {
    let catalogue = common::catalogue();
    let csv = result_file::to_csv(&record(), &catalogue).expect("writes");
    let refused = result_file::read("mine.csv", csv.as_bytes(), &catalogue).expect_err("not a result file");
    assert_eq!(refused.problem, Problem::SpreadsheetCopy);
    assert_eq!(refused.to_string(), "mine.csv is the spreadsheet copy of a result: choose the .json file.");
    // Saved again by a spreadsheet (no byte-order mark, CRLF line ends).
    let resaved = csv.trim_start_matches('\u{feff}').replace('\n', "\r\n");
    assert_eq!(
        result_file::read("mine.csv", resaved.as_bytes(), &catalogue).expect_err("no").problem,
        Problem::SpreadsheetCopy
    );
}

// --- Golden fixtures: files exist in these shapes, and every later build opens them.

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const FIXTURE_PASSPHRASE: &str = "golden fixture passphrase";

#[test]
fn golden_key_file_and_hand_in_file_version_1_open() {
    let catalogue = common::catalogue();
    let key_bytes = std::fs::read(format!("{FIXTURES}/holder-key-v1.key")).expect("fixture");
    let key = HolderKey::from_key_file("holder-key-v1.key", &key_bytes, FIXTURE_PASSPHRASE)
        .expect("golden key opens");
    let golden = std::fs::read(format!("{FIXTURES}/handin-v1.json")).expect("fixture");
    let opened = hand_in::open("handin-v1.json", &golden, &catalogue, &[key]).expect("golden hand-in opens");
    let plain = std::fs::read(format!("{FIXTURES}/result-v2.json")).expect("fixture");
    let expected = result_file::read("result-v2.json", &plain, &catalogue).expect("reads");
    assert_eq!(opened, expected, "the golden hand-in holds the golden result file");
}

/// Writes the golden fixtures (once, when the formats were released):
/// `cargo test -p pulse-core --test hand_in -- --ignored write_golden`.
#[test]
#[ignore]
fn write_golden_fixtures() {
    let catalogue = common::catalogue();
    let key = key();
    let file = key.to_key_file_with(FIXTURE_PASSPHRASE, LIGHT).expect("saves");
    std::fs::write(format!("{FIXTURES}/holder-key-v1.key"), file).expect("writes");
    let plain = std::fs::read(format!("{FIXTURES}/result-v2.json")).expect("fixture");
    let record = result_file::read("result-v2.json", &plain, &catalogue).expect("reads");
    let sealed = hand_in::seal(&record, &catalogue, &[key.public().clone()]).expect("seals");
    std::fs::write(format!("{FIXTURES}/handin-v1.json"), sealed).expect("writes");
}
