//! Two key holders with `pulse`: `pulse seal --practice` splits each file
//! between the two holders when practice.json lists two, and one holder's
//! key alone pools none of them (refused with the reason).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pulse_core::result_file::{self, ResponseId};
use pulse_core::{Catalogue, InstrumentKey, Period, Response, ResultRecord};

fn pulse() -> Command {
    let mut cmd = Command::cargo_bin("pulse").expect("the pulse binary is built");
    // `pulse seal`'s record of what it sealed, kept out of the home folder.
    cmd.env("XDG_STATE_HOME", std::env::temp_dir().join("pulse-tests-state"));
    cmd
}

fn output_of(cmd: &mut Command, code: i32) -> (String, String) {
    let out = cmd.assert().code(code).get_output().clone();
    (String::from_utf8(out.stdout).expect("UTF-8"), String::from_utf8(out.stderr).expect("UTF-8"))
}

struct Holder {
    key: PathBuf,
    passphrase: PathBuf,
    line: String,
}

fn holder(dir: &Path, name: &str) -> Holder {
    let passphrase = dir.join(format!("{name}.pass"));
    fs::write(&passphrase, format!("{name} correct horse battery staple\n")).expect("write");
    let key = dir.join(format!("{name}.key"));
    let (out, _) = output_of(
        pulse().args(["holder", "new", "--out"]).arg(&key).arg("--passphrase-file").arg(&passphrase),
        0,
    );
    Holder { key, passphrase, line: out.trim().to_owned() }
}

fn with_key<'a>(cmd: &'a mut Command, holder: &Holder) -> &'a mut Command {
    cmd.arg("--key").arg(&holder.key).arg("--passphrase-file").arg(&holder.passphrase)
}

/// Result files: `n` people of `team` in `round`, answering TPS and WHO-5
/// from `seed`, some skipping items.
fn write_files(dir: &Path, round: &str, team: Option<&str>, n: u32, seed: u32) {
    let catalogue = Catalogue::builtin();
    for i in 0..n {
        let id = seed * 1000 + i;
        let mut bytes = [0u8; 16];
        bytes[..4].copy_from_slice(&id.to_be_bytes());
        let v = |k: u32, lo: u32, hi: u32| -> i32 { (lo + (id * 7 + k * 3) % (hi - lo + 1)) as i32 };
        let mut tps: Vec<Option<i32>> = (0..7).map(|k| Some(v(k, 1, 7))).collect();
        // Every third person skips one item (still scored); every fifth
        // skips four (TPS not scored: a measure's n below its group's).
        if id.is_multiple_of(3) {
            tps[2] = None;
        }
        if id.is_multiple_of(5) {
            for answer in tps.iter_mut().take(4) {
                *answer = None;
            }
        }
        let who5: Vec<Option<i32>> = (0..5).map(|k| Some(v(k, 0, 5))).collect();
        let record = ResultRecord {
            generator: "test".into(),
            period: Period::new(2026, if round.ends_with("spring") { 4 } else { 11 }).expect("valid"),
            round: Some(round.into()),
            team: team.map(Into::into),
            response: Some(ResponseId::from_random_bytes(bytes)),
            responses: vec![
                Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers: tps },
                Response { key: InstrumentKey { id: "who5".into(), version: 1 }, answers: who5 },
            ],
        };
        let name = format!("{}.json", record.response.expect("an id"));
        fs::write(dir.join(name), result_file::write(&record, &catalogue).expect("writes")).expect("writes");
    }
}

fn practice(dir: &Path, holders: &[&Holder]) -> PathBuf {
    let path = dir.join("practice.json");
    let lines: Vec<&str> = holders.iter().map(|h| h.line.as_str()).collect();
    let config = serde_json::json!({
        "format": "practice-pulse-config", "format_version": 1,
        "hand_in": { "holders": lines, "how": "Email it to surveys@riverside.example" }
    });
    fs::write(&path, config.to_string()).expect("write");
    path
}

/// Two key holders (a, b), a practice.json listing them, and a folder of
/// plain result files made from `groups` (round, team, n, seed).
struct TwoHolders {
    dir: tempfile::TempDir,
    a: Holder,
    b: Holder,
    plain: PathBuf,
    practice: PathBuf,
}

fn two_holders(groups: &[(&str, Option<&str>, u32, u32)]) -> TwoHolders {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (holder(dir.path(), "a"), holder(dir.path(), "b"));
    let plain = dir.path().join("plain");
    fs::create_dir(&plain).expect("mkdir");
    for (round, team, n, seed) in groups {
        write_files(&plain, round, *team, *n, *seed);
    }
    let practice = practice(dir.path(), &[&a, &b]);
    TwoHolders { dir, a, b, plain, practice }
}

/// `pulse seal` of every plain file to the practice's holders into `out`.
fn seal_into(practice: &Path, plain: &Path, out: &Path) -> PathBuf {
    output_of(pulse().arg("seal").arg("--practice").arg(practice).arg(plain).arg("--out").arg(out), 0);
    out.to_path_buf()
}

#[test]
fn seal_splits_between_two_holders_and_one_key_alone_pools_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (holder(dir.path(), "a"), holder(dir.path(), "b"));
    let plain = dir.path().join("plain");
    fs::create_dir(&plain).expect("mkdir");
    write_files(&plain, "2026 autumn", Some("Reception"), 4, 1);
    let sealed = dir.path().join("sealed");
    let (_, note) = output_of(
        pulse()
            .arg("seal")
            .arg("--practice")
            .arg(practice(dir.path(), &[&a, &b]))
            .arg(&plain)
            .arg("--out")
            .arg(&sealed),
        0,
    );
    assert!(note.contains("4 files sealed"), "{note}");
    for entry in fs::read_dir(&sealed).expect("read") {
        let text = fs::read_to_string(entry.expect("entry").path()).expect("read");
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(value["scheme"], "prio3-two-holders");
        assert_eq!(value["sealed"][0]["holder"], a.line.as_str());
        assert_eq!(value["sealed"][1]["holder"], b.line.as_str());
        // Whole quoted names only: a box is base64, which may begin "tps…".
        for name in ["\"tps\"", "\"tps@1\"", "\"tps-1\"", "\"answers\"", "\"instruments\""] {
            assert!(!text.contains(name), "{name} in clear");
        }
    }
    for h in [&a, &b] {
        let (out, err) = output_of(with_key(pulse().arg("pool"), h).arg(&sealed), 1);
        assert!(err.contains("is split between two key holders: one key alone opens no answer"), "{err}");
        assert!(err.contains("0 files pooled, 4 refused"), "{err}");
        assert!(!out.contains("tps"), "no report rows: {out}");
    }
}

/// A pile: two rounds, teams near k = 5 (6, 5, 4), "Not given", skipped items.
fn plain_pile(root: &Path) -> PathBuf {
    let plain = root.join("plain");
    fs::create_dir(&plain).expect("mkdir");
    for (round, seed) in [("2026 spring", 10), ("2026 autumn", 20)] {
        write_files(&plain, round, Some("Reception"), 6, seed + 1);
        write_files(&plain, round, Some("Admin"), 5, seed + 2);
        write_files(&plain, round, Some("Secretaries"), 4, seed + 3);
        write_files(&plain, round, None, 2, seed + 4);
    }
    plain
}

fn split_pile(root: &Path, plain: &Path, a: &Holder, b: &Holder) -> PathBuf {
    let sealed = root.join("sealed");
    output_of(
        pulse()
            .arg("seal")
            .arg("--practice")
            .arg(practice(root, &[a, b]))
            .arg(plain)
            .arg("--out")
            .arg(&sealed),
        0,
    );
    sealed
}

#[test]
fn three_steps_make_the_report_pool_makes_from_the_plain_files_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (holder(dir.path(), "a"), holder(dir.path(), "b"));
    let plain = plain_pile(dir.path());
    let sealed = split_pile(dir.path(), &plain, &a, &b);
    let (a_step, b_step) = (dir.path().join("a.step"), dir.path().join("b.step"));
    let (_, note) =
        output_of(with_key(pulse().arg("pool"), &a).arg(&sealed).arg("--out-step").arg(&a_step), 0);
    assert!(note.contains("step 1 written to"), "{note}");
    let (_, note) = output_of(
        with_key(pulse().arg("pool"), &b)
            .arg("--step")
            .arg(&a_step)
            .arg(&sealed)
            .arg("--out-step")
            .arg(&b_step),
        0,
    );
    assert!(note.contains("step 2 written to"), "{note}");
    // Steps 1 and 2 list each round's receipts, for the second holder to
    // check (review 4, finding 1); the JSON report lists those counted.
    // Each is the hand-in file's own (review 5, R5-1), over its bytes.
    let receipts = |round: &str| {
        let mut these: Vec<String> = fs::read_dir(&sealed)
            .expect("read")
            .map(|e| fs::read(e.expect("entry").path()).expect("read"))
            .filter(|bytes| {
                serde_json::from_slice::<serde_json::Value>(bytes).expect("JSON")["round"] == round
            })
            .map(|bytes| pulse_core::receipt::of_hand_in(&bytes).expect("a receipt"))
            .collect();
        these.sort();
        these
    };
    let (spring, autumn) = (receipts("2026 spring"), receipts("2026 autumn"));
    assert_eq!((spring.len(), autumn.len()), (17, 17));
    assert!(note.contains(&format!("receipts in round 2026 spring (17): {}\n", spring.join(" "))), "{note}");
    assert!(note.contains(&format!("receipts in round 2026 autumn (17): {}\n", autumn.join(" "))), "{note}");
    let (json, _) = output_of(
        with_key(pulse().arg("pool"), &a).args(["--format", "json"]).arg("--step").arg(&b_step).arg(&sealed),
        0,
    );
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        json["rounds"],
        serde_json::json!([
            { "round": "2026 spring", "files": 17, "receipts": spring },
            { "round": "2026 autumn", "files": 17, "receipts": autumn },
        ])
    );
    let (csv, _) = output_of(pulse().arg("pool").arg(&plain), 0);
    assert!(!csv.contains(&spring[0]), "no receipt in the CSV");
    // The plain files' report lists the plain files' receipts (each its
    // record's); every figure is the same, byte for byte.
    let without_receipts = |text: &str| {
        let mut v: serde_json::Value = serde_json::from_str(text).expect("JSON");
        for round in v["rounds"].as_array_mut().expect("rounds") {
            round["receipts"] = serde_json::Value::Null;
        }
        v.to_string()
    };
    for args in [vec![], vec!["--format", "json"], vec!["--min-group", "5", "--by", "round"]] {
        let (from_plain, _) = output_of(pulse().arg("pool").args(&args).arg(&plain), 0);
        let (from_steps, _) = output_of(
            with_key(pulse().arg("pool"), &a).args(&args).arg("--step").arg(&b_step).arg(&sealed),
            0,
        );
        if args.contains(&"json") {
            assert_eq!(without_receipts(&from_steps), without_receipts(&from_plain), "{args:?}");
        } else {
            assert_eq!(from_steps, from_plain, "{args:?}");
        }
        if args.is_empty() {
            assert!(from_plain.contains(",true,"), "some groups hidden: {from_plain}");
            assert!(from_plain.contains("TPS") || from_plain.contains("tps,"), "{from_plain}");
        }
    }
    // A step file holds no questionnaire, item or score name.
    for step in [&a_step, &b_step] {
        let text = fs::read_to_string(step).expect("read");
        // Whole quoted names only: a share is base64, which may begin "tps…".
        for name in ["\"tps\"", "\"tps@1\"", "\"tps-1\"", "\"who5\"", "\"who5@1\"", "\"who5-1\""] {
            assert!(!text.contains(name), "{name}: a questionnaire named in a step");
        }
    }
}

#[test]
fn a_step_from_another_pile_or_holder_is_refused_with_its_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (holder(dir.path(), "a"), holder(dir.path(), "b"));
    let plain = plain_pile(dir.path());
    let sealed = split_pile(dir.path(), &plain, &a, &b);
    let a_step = dir.path().join("a.step");
    output_of(with_key(pulse().arg("pool"), &a).arg(&sealed).arg("--out-step").arg(&a_step), 0);
    // The second holder's pile lacks one file.
    let fewer = dir.path().join("fewer");
    fs::create_dir(&fewer).expect("mkdir");
    let mut names: Vec<PathBuf> =
        fs::read_dir(&sealed).expect("read").map(|e| e.expect("entry").path()).collect();
    names.sort();
    let left_out = names.remove(0);
    for path in &names {
        fs::copy(path, fewer.join(path.file_name().expect("name"))).expect("copy");
    }
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &b)
            .arg("--step")
            .arg(&a_step)
            .arg(&fewer)
            .arg("--out-step")
            .arg(dir.path().join("b.step")),
        2,
    );
    let id = left_out
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .replace("practice-pulse-handin-2026-04-", "")
        .replace("practice-pulse-handin-2026-11-", "");
    assert!(err.contains("was made from another pile"), "{err}");
    assert!(err.contains(&id), "names the missing response {id}: {err}");
    assert!(!dir.path().join("b.step").exists(), "no step written");
    // The first holder cannot make step 2, nor the second step 1.
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &a)
            .arg("--step")
            .arg(&a_step)
            .arg(&sealed)
            .arg("--out-step")
            .arg(dir.path().join("x.step")),
        2,
    );
    assert!(err.contains("step 2 is the second key holder's"), "{err}");
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &b).arg(&sealed).arg("--out-step").arg(dir.path().join("y.step")),
        2,
    );
    assert!(err.contains("step 1 is the first key holder's"), "{err}");
    // Not a step file at all.
    let (_, err) = output_of(with_key(pulse().arg("pool"), &a).arg("--step").arg(&left_out).arg(&sealed), 2);
    assert!(err.contains("is not a step file"), "{err}");
}

#[test]
fn the_second_holder_runs_at_their_own_minimum_group_or_refuses_naming_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (holder(dir.path(), "a"), holder(dir.path(), "b"));
    let plain = plain_pile(dir.path());
    let sealed = split_pile(dir.path(), &plain, &a, &b);
    let (a_step, b_step) = (dir.path().join("a.step"), dir.path().join("b.step"));
    output_of(
        with_key(pulse().arg("pool"), &a)
            .args(["--min-group", "3"])
            .arg(&sealed)
            .arg("--out-step")
            .arg(&a_step),
        0,
    );
    // The practice.json says 5: the second holder refuses a step 1 at 3.
    let practice_5 = dir.path().join("practice5.json");
    let lines: Vec<&str> = [&a, &b].iter().map(|h| h.line.as_str()).collect();
    let config = serde_json::json!({
        "format": "practice-pulse-config", "format_version": 1, "min_group_size": 5,
        "hand_in": { "holders": lines, "how": "Email it to surveys@riverside.example" }
    });
    fs::write(&practice_5, config.to_string()).expect("write");
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &b)
            .arg("--practice")
            .arg(&practice_5)
            .arg("--step")
            .arg(&a_step)
            .arg(&sealed)
            .arg("--out-step")
            .arg(&b_step),
        2,
    );
    assert!(err.contains("was made with a minimum group of 3; you asked for 5"), "{err}");
    assert!(!b_step.exists(), "no step written");
    // So does --min-group 5 without the practice.json, and the default (5).
    for args in [vec!["--min-group", "5"], vec![]] {
        let (_, err) = output_of(
            with_key(pulse().arg("pool"), &b)
                .args(&args)
                .arg("--step")
                .arg(&a_step)
                .arg(&sealed)
                .arg("--out-step")
                .arg(&b_step),
            2,
        );
        assert!(err.contains("you asked for 5"), "{args:?}: {err}");
    }
    // At 3, as asked, and the message says so.
    let (_, note) = output_of(
        with_key(pulse().arg("pool"), &b)
            .args(["--min-group", "3"])
            .arg("--step")
            .arg(&a_step)
            .arg(&sealed)
            .arg("--out-step")
            .arg(&b_step),
        0,
    );
    assert!(note.contains("at minimum group 3"), "{note}");
    let (_, note) = output_of(
        with_key(pulse().arg("pool"), &a).args(["--min-group", "3"]).arg("--step").arg(&b_step).arg(&sealed),
        0,
    );
    assert!(note.contains("the team report made at minimum group 3"), "{note}");
}

/// Review finding 5: the other holder's step file is read like every other
/// input: a file longer than any step file is refused by its length,
/// naming the file and the limit, without being read; a pipe is refused,
/// not waited on.
#[test]
fn a_step_file_too_large_or_not_a_file_is_refused_without_being_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = holder(dir.path(), "a");
    let big = dir.path().join("big.step");
    let limit = pulse_core::hand_in::steps::MAX_STEP_BYTES as u64;
    // Sparse: 64 GiB on paper, nothing on disk (read whole, it would
    // take minutes and more memory than the machine has).
    fs::File::create(&big).and_then(|f| f.set_len(64 << 30)).expect("sparse file");
    let started = std::time::Instant::now();
    let (_, err) = output_of(with_key(pulse().arg("pool"), &a).arg("--step").arg(&big).arg(dir.path()), 2);
    let mb = limit / 1_000_000;
    assert!(
        err.contains(&format!("big.step is larger than any step file: at most {mb} MB (100,000 responses)")),
        "{err}"
    );
    // Refused by its length: far quicker than reading it.
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
    let fifo = dir.path().join("pipe.step");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &a)
            .arg("--step")
            .arg(&fifo)
            .arg(dir.path())
            .timeout(std::time::Duration::from_secs(30)),
        2,
    );
    assert!(err.contains("pipe.step: not a regular file"), "{err}");
}

/// Review 3 finding 8: a file sealed a second time (one response id, other
/// bytes) in the second holder's pile makes the piles differ; the step is
/// refused, and both files are named, as they are for plain files.
#[test]
fn two_files_with_one_response_id_are_named_when_the_step_is_refused() {
    let TwoHolders { dir, a, b, plain, practice } = two_holders(&[("2026 autumn", Some("Reception"), 4, 3)]);
    let seal = |out: &Path| {
        output_of(pulse().arg("seal").arg("--practice").arg(&practice).arg(&plain).arg("--out").arg(out), 0);
    };
    let (sealed, again) = (dir.path().join("sealed"), dir.path().join("again"));
    seal(&sealed);
    seal(&again);
    let a_step = dir.path().join("a.step");
    output_of(with_key(pulse().arg("pool"), &a).arg(&sealed).arg("--out-step").arg(&a_step), 0);
    // B's pile: the four files, and one of them sealed a second time.
    let first = fs::read_dir(&again).expect("read").next().expect("a file").expect("entry").path();
    let copy = dir.path().join("extra");
    fs::create_dir(&copy).expect("mkdir");
    let name = first.file_name().expect("a name").to_string_lossy().into_owned();
    fs::copy(&first, copy.join(&name)).expect("copy");
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &b)
            .arg("--step")
            .arg(&a_step)
            .arg(&sealed)
            .arg(&copy)
            .arg("--out-step")
            .arg(dir.path().join("b.step")),
        2,
    );
    assert!(err.contains("two different files carry the same response id"), "{err}");
    assert!(err.contains(&copy.join(&name).display().to_string()), "{err}");
    assert!(err.contains(&sealed.join(&name).display().to_string()), "{err}");
}

/// Review 3 finding 2: steps 1 and 2 say how many files there are per
/// round and team (in clear in the files), so each holder can compare
/// them with how many staff handed in (made-up files).
#[test]
fn steps_one_and_two_say_the_files_per_round_and_team() {
    let TwoHolders { dir, a, b, plain, practice } =
        two_holders(&[("2026 autumn", Some("Reception"), 4, 5), ("2026 autumn", None, 2, 6)]);
    let sealed = seal_into(&practice, &plain, &dir.path().join("sealed"));
    // "Team not given" is named as a group no roster can check, and each
    // round's total is given to check against how many handed in (R5-9).
    let line = "files per round and team (compare with how many staff handed in): 2026 autumn, team not given (no roster can check): 2; 2026 autumn, Reception: 4\nfiles per round (each round's total must equal how many staff handed in for it): 2026 autumn: 6\n";
    let a_step = dir.path().join("a.step");
    let (_, err) =
        output_of(with_key(pulse().arg("pool"), &a).arg(&sealed).arg("--out-step").arg(&a_step), 0);
    assert!(err.contains(line), "{err}");
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &b)
            .arg("--step")
            .arg(&a_step)
            .arg(&sealed)
            .arg("--out-step")
            .arg(dir.path().join("b.step")),
        0,
    );
    assert!(err.contains(line), "{err}");
    assert!(err.contains(pulse_core::hand_in::steps::COMPARE_FILES), "{err}");
    assert!(!err.contains("is not one of the practice's rounds"), "no rounds listed, none named: {err}");
    assert!(!err.contains("is not one of the practice's teams"), "no teams listed, none named: {err}");
    // With the practice's teams given, a team it does not list is named
    // as one no roster can check.
    let mut config: serde_json::Value =
        serde_json::from_slice(&fs::read(&practice).expect("read")).expect("JSON");
    config["teams"] = serde_json::json!(["Admin"]);
    fs::write(&practice, config.to_string()).expect("write");
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &a)
            .arg("--practice")
            .arg(&practice)
            .arg(&sealed)
            .arg("--out-step")
            .arg(&a_step),
        0,
    );
    assert!(
        err.contains("team \"Reception\" is not one of the practice's teams (practice.json): no roster can check its files\n"),
        "{err}"
    );
    assert!(!err.contains("team \"Admin\""), "{err}");
}

/// Review 4 findings 2 and 4: with the practice's rounds given, each
/// holder's step names the rounds of the pile it does not list, beside
/// the files per round and team and what to compare them with.
#[test]
fn steps_name_the_rounds_the_practice_does_not_list() {
    let TwoHolders { dir, a, b, plain, practice } =
        two_holders(&[("2026 autumn", Some("Reception"), 4, 5), ("2026 spring", Some("Reception"), 3, 6)]);
    let sealed = seal_into(&practice, &plain, &dir.path().join("sealed"));
    let mut config: serde_json::Value =
        serde_json::from_slice(&fs::read(&practice).expect("read")).expect("JSON");
    config["rounds"] = serde_json::json!(["2026 autumn"]);
    fs::write(&practice, config.to_string()).expect("write");
    let named = "round \"2026 spring\" is not one of the practice's rounds (practice.json): were these files handed in for this round?\n";
    let a_step = dir.path().join("a.step");
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &a)
            .arg("--practice")
            .arg(&practice)
            .arg(&sealed)
            .arg("--out-step")
            .arg(&a_step),
        0,
    );
    assert!(err.contains(named), "{err}");
    assert!(!err.contains("round \"2026 autumn\" is not"), "{err}");
    assert!(err.contains(pulse_core::hand_in::steps::COMPARE_FILES), "{err}");
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &b)
            .arg("--practice")
            .arg(&practice)
            .arg("--step")
            .arg(&a_step)
            .arg(&sealed)
            .arg("--out-step")
            .arg(dir.path().join("b.step")),
        0,
    );
    assert!(err.contains(named), "{err}");
}

/// Review 4 finding 2 (until a release ledger): step 2 over a pile of
/// more than one round says, per round, that a round released before
/// over other files gives away the people who differ; step 1 and a pile
/// of one round say nothing of it.
#[test]
fn step_two_over_several_rounds_warns_of_a_round_released_before() {
    let TwoHolders { dir, a, b, plain, practice } =
        two_holders(&[("2026 autumn", Some("Reception"), 4, 5), ("2026 spring", Some("Reception"), 3, 6)]);
    let sealed = seal_into(&practice, &plain, &dir.path().join("sealed"));
    let warned = |round: &str| pulse_core::hand_in::steps::released_before(round);
    assert!(warned("2026 spring").starts_with("2026 spring: if a report of this round was released before over other files, the two reports together give away the people who differ."));
    let a_step = dir.path().join("a.step");
    let (_, one) =
        output_of(with_key(pulse().arg("pool"), &a).arg(&sealed).arg("--out-step").arg(&a_step), 0);
    assert!(!one.contains("was released before"), "step 1 releases nothing: {one}");
    let step_two = |pile: &Path, a_step: &Path, out: &str| {
        output_of(
            with_key(pulse().arg("pool"), &b)
                .arg("--step")
                .arg(a_step)
                .arg(pile)
                .arg("--out-step")
                .arg(dir.path().join(out)),
            0,
        )
        .1
    };
    let two = step_two(&sealed, &a_step, "b.step");
    for round in ["2026 autumn", "2026 spring"] {
        assert!(two.contains(&format!("{}\n", warned(round))), "{round}: {two}");
    }
    // One round: nothing to say.
    let autumn = dir.path().join("autumn");
    fs::create_dir(&autumn).expect("mkdir");
    for entry in fs::read_dir(&sealed).expect("read_dir") {
        let path = entry.expect("entry").path();
        if fs::read_to_string(&path).expect("read").contains("\"2026 autumn\"") {
            fs::copy(&path, autumn.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let a_autumn = dir.path().join("a-autumn.step");
    output_of(with_key(pulse().arg("pool"), &a).arg(&autumn).arg("--out-step").arg(&a_autumn), 0);
    let two = step_two(&autumn, &a_autumn, "b-autumn.step");
    assert!(!two.contains("was released before"), "one round: {two}");
}

/// Review 3 finding 6, through `pulse`: with `--practice`, the pair is the
/// practice's `hand_in.holders`; a file of another pair is refused by
/// name (exit 1) and step 1 is made from the rest.
#[test]
fn with_the_practice_a_file_of_another_pair_is_refused_and_the_rest_stepped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b, c) = (holder(dir.path(), "a"), holder(dir.path(), "b"), holder(dir.path(), "c"));
    let (plain, odd_plain) = (dir.path().join("plain"), dir.path().join("odd-plain"));
    fs::create_dir(&plain).expect("mkdir");
    fs::create_dir(&odd_plain).expect("mkdir");
    write_files(&plain, "2026 autumn", Some("Reception"), 3, 7);
    write_files(&odd_plain, "2026 autumn", Some("Reception"), 1, 8);
    let sealed = dir.path().join("sealed");
    let ours = practice(dir.path(), &[&a, &b]);
    output_of(pulse().arg("seal").arg("--practice").arg(&ours).arg(&plain).arg("--out").arg(&sealed), 0);
    let other_dir = dir.path().join("other");
    fs::create_dir(&other_dir).expect("mkdir");
    let theirs = practice(&other_dir, &[&a, &c]);
    output_of(
        pulse().arg("seal").arg("--practice").arg(&theirs).arg(&odd_plain).arg("--out").arg(&sealed),
        0,
    );
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &a)
            .arg("--practice")
            .arg(&ours)
            .arg(&sealed)
            .arg("--out-step")
            .arg(dir.path().join("a.step")),
        1,
    );
    assert!(
        err.contains("is split between another pair of key holders than the practice's (hand_in.holders)"),
        "{err}"
    );
    assert!(err.contains("3 files opened, 1 refused"), "{err}");
    assert!(err.contains("step 1 written to"), "{err}");
}

/// Review 4 finding 6, through `pulse`: sealing the same result again (a
/// second run, or a copy of the file in the same run) never writes a
/// second, different hand-in file for a response: the file already in
/// `--out` is kept, byte for byte, and named. So the pile holds one file
/// per person and both holders count each once (two different files with
/// one id would be refused by both).
#[test]
fn sealing_a_response_again_keeps_its_hand_in_file_so_both_holders_count_it_once() {
    let TwoHolders { dir, a, b, plain, practice } = two_holders(&[("2026 autumn", Some("Reception"), 3, 9)]);
    let sealed = dir.path().join("sealed");
    let seal = || {
        let mut cmd = pulse();
        cmd.arg("seal").arg("--practice").arg(&practice).arg(&plain).arg("--out").arg(&sealed);
        cmd
    };
    let (_, note) = output_of(&mut seal(), 0);
    assert!(note.contains("3 files sealed into"), "{note}");
    let snapshot = || {
        let mut files: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&sealed)
            .expect("read")
            .map(|e| {
                let path = e.expect("entry").path();
                let bytes = fs::read(&path).expect("read");
                (path, bytes)
            })
            .collect();
        files.sort();
        files
    };
    let first = snapshot();
    // The same person's file saved twice (a copy beside it), sealed again.
    let one = fs::read_dir(&plain).expect("read").next().expect("a file").expect("entry").path();
    fs::copy(&one, plain.join("copy of my result.json")).expect("copy");
    let (_, note) = output_of(&mut seal(), 0);
    assert!(note.contains("0 files sealed into") && note.contains("4 already sealed (kept)"), "{note}");
    assert!(
        note.contains("copy of my result.json: response ") && note.contains("is kept and not sealed again"),
        "{note}"
    );
    assert_eq!(snapshot(), first, "the same files, byte for byte");
    // Both holders' steps count three people, none refused.
    let line =
        "files per round and team (compare with how many staff handed in): 2026 autumn, Reception: 3\n";
    let a_step = dir.path().join("a.step");
    let (_, err) =
        output_of(with_key(pulse().arg("pool"), &a).arg(&sealed).arg("--out-step").arg(&a_step), 0);
    assert!(err.contains(line) && err.contains("0 refused"), "{err}");
    let (_, err) = output_of(
        with_key(pulse().arg("pool"), &b)
            .arg("--step")
            .arg(&a_step)
            .arg(&sealed)
            .arg("--out-step")
            .arg(dir.path().join("b.step")),
        0,
    );
    assert!(err.contains(line) && err.contains("0 refused"), "{err}");
}

/// Review 4 finding 2, closed by the second holder's record of releases:
/// `pulse pool --key b.key --step a.step --ledger FILE PILE… --out-step
/// b.step` makes the record when it is missing, records a round's first
/// release, allows the same pile again, and refuses (exit 2, nothing
/// written) a round released before over other files: one left out, or
/// an old round's files slipped into a new round's pile. A bad or newer
/// record is refused naming the file, the place and the reason.
#[test]
fn the_release_ledger_refuses_a_second_release_of_a_round_over_other_files() {
    let TwoHolders { dir, a, b, plain, practice } =
        two_holders(&[("2026 spring", Some("Reception"), 6, 31), ("2026 autumn", Some("Reception"), 6, 32)]);
    let sealed = seal_into(&practice, &plain, &dir.path().join("sealed"));
    // Piles made of the sealed files: a round's, less `skip` of spring's.
    let pile = |name: &str, rounds: &[&str], skip: usize| {
        let out = dir.path().join(name);
        fs::create_dir(&out).expect("mkdir");
        let mut entries: Vec<PathBuf> =
            fs::read_dir(&sealed).expect("read_dir").map(|e| e.expect("entry").path()).collect();
        entries.sort();
        let mut skipped = 0;
        for path in entries {
            let text = fs::read_to_string(&path).expect("read");
            let Some(round) = rounds.iter().find(|r| text.contains(&format!("\"{r}\""))) else { continue };
            if *round == "2026 spring" && skipped < skip {
                skipped += 1;
                continue;
            }
            fs::copy(&path, out.join(path.file_name().expect("name"))).expect("copy");
        }
        out
    };
    let spring = pile("spring", &["2026 spring"], 0);
    let spring_less_one = pile("spring-less-one", &["2026 spring"], 1);
    let slipped = pile("autumn-and-old-spring", &["2026 autumn", "2026 spring"], 1);
    let ledger = dir.path().join("practice-pulse-ledger.json");
    let step_one = |pile: &Path| {
        let out = dir.path().join(format!("a-{}.step", pile.file_name().expect("name").to_string_lossy()));
        output_of(with_key(pulse().arg("pool"), &a).arg(pile).arg("--out-step").arg(&out), 0);
        out
    };
    let step_two = |pile: &Path, out: &Path, ledger: Option<&Path>, code: i32| {
        let a_step = step_one(pile);
        let mut cmd = pulse();
        with_key(cmd.arg("pool"), &b).arg("--step").arg(&a_step).arg(pile).arg("--out-step").arg(out);
        if let Some(ledger) = ledger {
            cmd.arg("--ledger").arg(ledger);
        }
        output_of(&mut cmd, code).1
    };

    // The first release of spring: the record is made and holds it.
    assert!(!ledger.exists());
    let b1 = dir.path().join("b1.step");
    let said = step_two(&spring, &b1, Some(&ledger), 0);
    assert!(b1.exists(), "{said}");
    assert!(
        said.contains(&format!(
            "round \"2026 spring\": released for the first time, recorded in {}",
            ledger.display()
        )),
        "{said}"
    );
    assert!(
        !said.contains("if a report of this round was released before"),
        "the record replaces the warning: {said}"
    );
    let recorded = fs::read_to_string(&ledger).expect("the record was made");
    let value: serde_json::Value = serde_json::from_str(&recorded).expect("JSON");
    assert_eq!(value["format"], "practice-pulse-ledger");
    assert_eq!(value["format_version"], 1);
    let release = &value["releases"][0];
    assert_eq!(release["round"], "2026 spring");
    assert_eq!(release["min_group"], 5);
    assert_eq!(release["files"].as_array().expect("files").len(), 6);
    let month = release["month"].as_str().expect("a month");
    assert!(Period::parse(month).is_some(), "{month}");
    // Each file's id and digest, as step 2 lists them; nothing more.
    let step: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&b1).expect("read")).expect("JSON");
    for (file, response) in release["files"]
        .as_array()
        .expect("files")
        .iter()
        .zip(step["responses"].as_array().expect("responses"))
    {
        assert_eq!((&file["response"], &file["file"]), (&response["id"], &response["file"]));
    }

    // The same pile again: allowed, the record unchanged.
    let b2 = dir.path().join("b2.step");
    let said = step_two(&spring, &b2, Some(&ledger), 0);
    assert!(said.contains(&format!("round \"2026 spring\": the same files and minimum group as its release in {month}, so nothing new is released")), "{said}");
    assert_eq!(fs::read_to_string(&ledger).expect("read"), recorded);

    // One left out: refused, exit 2, no step file, the record unchanged.
    let refused_out = dir.path().join("refused.step");
    let said = step_two(&spring_less_one, &refused_out, Some(&ledger), 2);
    assert!(said.contains(&format!("round \"2026 spring\" was released in {month} over other files: this pile adds 0 files and leaves out 1 file")), "{said}");
    assert!(!refused_out.exists(), "no step file: {said}");
    assert_eq!(fs::read_to_string(&ledger).expect("read"), recorded);

    // The old round slipped into the autumn pile: refused naming spring.
    let said = step_two(&slipped, &refused_out, Some(&ledger), 2);
    assert!(
        said.contains(&format!("round \"2026 spring\" was released in {month} over other files")),
        "{said}"
    );
    assert!(!refused_out.exists(), "no step file: {said}");
    assert_eq!(fs::read_to_string(&ledger).expect("read"), recorded);
    let partials: Vec<_> = fs::read_dir(dir.path())
        .expect("read_dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(partials.is_empty(), "no partial record left behind");

    // Without --ledger, as before: written, with the warning.
    let said = step_two(&slipped, &refused_out, None, 0);
    assert!(refused_out.exists());
    assert!(said.contains(&pulse_core::hand_in::steps::released_before("2026 spring")), "{said}");

    // A bad record: named with the place and the reason; nothing written.
    let bad = dir.path().join("bad-ledger.json");
    fs::write(&bad, "{\"format\": \"practice-pulse-ledger\",\n \"format_version\": 1, \"releases\": [}")
        .expect("write");
    let out = dir.path().join("b-bad.step");
    let said = step_two(&spring, &out, Some(&bad), 2);
    assert!(
        said.contains(&format!("{} is not a usable record of releases (line 2 column", bad.display())),
        "{said}"
    );
    assert!(!out.exists());
    // A record of a newer version: said so.
    fs::write(&bad, "{\"format\": \"practice-pulse-ledger\", \"format_version\": 2, \"releases\": []}")
        .expect("write");
    let said = step_two(&spring, &out, Some(&bad), 2);
    assert!(
        said.contains(&format!(
            "{} is a record of releases of format version 2, newer than this Practice Pulse reads (up to 1)",
            bad.display()
        )),
        "{said}"
    );
    assert!(!out.exists());

    // The record belongs to step 2 only.
    let mut cmd = pulse();
    with_key(cmd.arg("pool"), &a).arg(&spring).arg("--out-step").arg(&out).arg("--ledger").arg(&ledger);
    let (_, said) = output_of(&mut cmd, 2);
    assert!(
        said.contains("--ledger is the second key holder's record of releases, kept at step 2"),
        "{said}"
    );
    assert!(!out.exists());
    assert_eq!(fs::read_to_string(&ledger).expect("read"), recorded);
}

/// A practice's own questionnaire with one mean score over `items` items
/// on a 1–3 scale, `min_answered` 1 (review 4, F10's case), and one result
/// of it answering every item.
fn own_mean(dir: &Path, id: &str, items: usize) -> (PathBuf, PathBuf) {
    let item_list: Vec<serde_json::Value> = (1..=items)
        .map(|i| serde_json::json!({ "id": format!("{id}-{i}"), "text": format!("Statement {i} about the desk."), "scale": "often" }))
        .collect();
    let definition = serde_json::json!({
        "format": "practice-pulse-instrument", "format_version": 1, "id": id, "version": 1,
        "language": "en-GB", "title": "Your front desk", "description": "A practice's own questions.",
        "instruction": "How often is each true?", "citation": "Written by Riverside Surgery.",
        "licence": { "status": "project-own", "text": "Riverside Surgery's own questions." },
        "validated": true,
        "response_scales": [{ "id": "often", "options": [
            { "value": 1, "label": "Never" }, { "value": 2, "label": "Sometimes" }, { "value": 3, "label": "Often" }] }],
        "items": item_list,
        "scores": [{ "id": id, "title": "Front desk", "about": "How the desk is.",
            "items": (1..=items).map(|i| format!("{id}-{i}")).collect::<Vec<_>>(),
            "method": { "kind": "mean" }, "min_answered": 1, "direction": "higher-is-better" }]
    });
    let def_path = dir.join(format!("{id}-v1.json"));
    fs::write(&def_path, definition.to_string()).expect("write");
    let mut catalogue = Catalogue::builtin();
    catalogue.add_definition(&format!("{id}-v1.json"), &definition.to_string()).expect("a valid definition");
    let record = ResultRecord {
        generator: "test".into(),
        period: Period::new(2026, 11).expect("valid"),
        round: Some("2026 autumn".into()),
        team: Some("Reception".into()),
        response: Some(ResponseId::from_random_bytes([items as u8; 16])),
        responses: vec![Response {
            key: InstrumentKey { id: id.into(), version: 1 },
            answers: vec![Some(2); items],
        }],
    };
    let result_path = dir.join(format!("{id}-result.json"));
    fs::write(&result_path, result_file::write(&record, &catalogue).expect("writes")).expect("write");
    (def_path, result_path)
}

/// Review 4, F10: a 30-item mean seals to two holders now; a 60-item mean
/// (min_answered 1) is refused by `pulse check` beside the practice.json
/// that names two holders, and by `pulse seal`, naming the file, the score
/// and the least min_answered that fits, while every other file seals.
/// With one holder the same definition is fine.
#[test]
fn a_definition_two_holders_cannot_carry_is_refused_by_check_and_seal_naming_its_score() {
    let setup = two_holders(&[("2026 autumn", Some("Reception"), 3, 1)]);
    let own = setup.dir.path().join("own");
    fs::create_dir(&own).expect("mkdir");
    own_mean(&own, "desk", 30);
    let (long_def, _) = own_mean(&own, "longdesk", 60);

    let (out, _) = output_of(pulse().arg("check").arg(&setup.practice).arg(&own), 1);
    assert!(out.lines().any(|l| l.starts_with("OK ") && l.ends_with("/desk-v1.json")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("OK ") && l.ends_with("/desk-result.json")), "{out}");
    // The 60-item definition, and so its result; nothing else.
    let refused: Vec<&str> = out.lines().filter(|l| l.starts_with("REFUSED")).collect();
    assert_eq!(refused.len(), 2, "{out}");
    assert!(
        refused.iter().any(|l| l.contains("longdesk-v1.json is not a usable instrument definition")),
        "{out}"
    );
    assert!(refused.iter().any(|l| l.contains("longdesk-result.json")), "{out}");
    assert!(out.contains("scores[0]: score \"longdesk\" of questionnaire \"longdesk\" cannot be handed in to two key holders"), "{out}");
    assert!(out.contains("ask for at least 52 of its 60 items (min_answered 52)"), "{out}");
    assert!(out.contains("names two key holders"), "{out}");

    let sealed = setup.dir.path().join("sealed");
    let (_, note) = output_of(
        pulse()
            .arg("seal")
            .arg("--practice")
            .arg(&setup.practice)
            .arg(&setup.plain)
            .arg(&own)
            .arg("--out")
            .arg(&sealed),
        1,
    );
    // The definition is refused by name; the 30-item mean's result and the
    // three built-in ones seal; the 60-item one's result cannot be read.
    assert!(
        note.contains("REFUSED") && note.contains("longdesk-v1.json is not a usable instrument definition"),
        "{note}"
    );
    assert!(note.contains("4 files sealed"), "{note}");

    // One holder: the same definition is fine.
    let one = setup.dir.path().join("one");
    fs::create_dir(&one).expect("mkdir");
    let practice_one = practice(&one, &[&setup.a]);
    fs::copy(&long_def, one.join("longdesk-v1.json")).expect("copy");
    let (out, _) = output_of(pulse().arg("check").arg(&practice_one).arg(one.join("longdesk-v1.json")), 0);
    assert!(out.contains("OK"), "{out}");
}
