//! `pulse holder new`, `pulse seal`, `pulse pool --key` and `pulse check
//! --key`, run for real: the round trip equals pooling the plain files byte
//! for byte, piles mix plain and sealed files, each refusal names the file
//! and its reason, and files an operating system adds are ignored.

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

fn stdout_of(cmd: &mut Command, code: i32) -> String {
    String::from_utf8(cmd.assert().code(code).get_output().stdout.clone()).expect("UTF-8")
}

fn stderr_of(cmd: &mut Command, code: i32) -> String {
    String::from_utf8(cmd.assert().code(code).get_output().stderr.clone()).expect("UTF-8")
}

/// Writes `n` result files for a team, answering TPS with `value`.
fn write_files(dir: &Path, team: Option<&str>, n: u32, value: i32, first_id: u32) {
    let catalogue = Catalogue::builtin();
    for id in first_id..first_id + n {
        let mut bytes = [0u8; 16];
        bytes[..4].copy_from_slice(&id.to_be_bytes());
        let record = ResultRecord {
            generator: "test".into(),
            period: Period::new(2026, 11).expect("valid"),
            round: Some("2026 autumn".into()),
            team: team.map(Into::into),
            response: Some(ResponseId::from_random_bytes(bytes)),
            responses: vec![Response {
                key: InstrumentKey { id: "tps".into(), version: 1 },
                answers: vec![
                    Some(value),
                    Some(value),
                    None,
                    Some(value),
                    Some(value),
                    Some(value),
                    Some(value),
                ],
            }],
        };
        // Named by response id, as `pulse seal` names its files, so both
        // piles are read in one order: the pool's floating-point sums
        // depend on the order files come in, at the last digit.
        let name = format!("{}.json", record.response.expect("an id"));
        fs::write(dir.join(name), result_file::write(&record, &catalogue).expect("writes"))
            .expect("writes a file");
    }
}

struct Holder {
    key: PathBuf,
    passphrase: PathBuf,
    line: String,
}

/// A key holder made with `pulse holder new`.
fn holder(dir: &Path, name: &str) -> Holder {
    let passphrase = dir.join(format!("{name}.pass"));
    fs::write(&passphrase, format!("{name} correct horse battery staple\n")).expect("write");
    let key = dir.join(format!("{name}.key"));
    let out = stdout_of(
        pulse().args(["holder", "new", "--out"]).arg(&key).arg("--passphrase-file").arg(&passphrase),
        0,
    );
    let line = out.trim().to_owned();
    assert_eq!(out, format!("{line}\n"), "one line on standard output");
    Holder { key, passphrase, line }
}

fn practice(dir: &Path, holder: &Holder) -> PathBuf {
    let path = dir.join("practice.json");
    let config = serde_json::json!({
        "format": "practice-pulse-config", "format_version": 1,
        "hand_in": { "holders": [holder.line], "how": "Email it to surveys@riverside.example" }
    });
    fs::write(&path, config.to_string()).expect("write");
    path
}

fn with_key<'a>(cmd: &'a mut Command, holder: &Holder) -> &'a mut Command {
    cmd.arg("--key").arg(&holder.key).arg("--passphrase-file").arg(&holder.passphrase)
}

/// Plain files for three teams, and the same files sealed by `pulse seal`.
fn plain_and_sealed(root: &Path, holder: &Holder) -> (PathBuf, PathBuf) {
    let plain = root.join("plain");
    fs::create_dir(&plain).expect("mkdir");
    write_files(&plain, Some("Reception"), 6, 4, 0);
    write_files(&plain, Some("Admin"), 5, 5, 100);
    write_files(&plain, Some("Secretaries"), 3, 6, 200);
    write_files(&plain, None, 2, 2, 300);
    let sealed = root.join("sealed");
    let note = stderr_of(
        pulse()
            .arg("seal")
            .arg("--practice")
            .arg(practice(root, holder))
            .arg(&plain)
            .arg("--out")
            .arg(&sealed),
        0,
    );
    assert!(note.contains("16 files sealed"), "{note}");
    (plain, sealed)
}

#[test]
fn holder_new_writes_a_key_file_and_prints_its_public_key_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = holder(dir.path(), "a");
    assert!(h.line.starts_with("pulse-holder-1:"), "{}", h.line);
    let file: serde_json::Value = serde_json::from_slice(&fs::read(&h.key).expect("written")).expect("JSON");
    assert_eq!(file["format"], "practice-pulse-holder-key");
    assert_eq!(file["format_version"], 1);
    assert_eq!(file["public_key"], h.line.as_str());
    // Never over an existing key.
    let again = stderr_of(
        pulse().args(["holder", "new", "--out"]).arg(&h.key).arg("--passphrase-file").arg(&h.passphrase),
        2,
    );
    assert!(again.contains("exists already"), "{again}");
    // A short passphrase is refused.
    fs::write(dir.path().join("short"), "short\n").expect("write");
    let short = stderr_of(
        pulse()
            .args(["holder", "new", "--out"])
            .arg(dir.path().join("b.key"))
            .arg("--passphrase-file")
            .arg(dir.path().join("short")),
        2,
    );
    assert!(short.contains("too short"), "{short}");
    assert!(!dir.path().join("b.key").exists());
}

/// A JSON report with each round's receipts left out.
fn without_receipts(text: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).expect("JSON");
    for round in v["rounds"].as_array_mut().expect("rounds") {
        round["receipts"] = serde_json::Value::Null;
    }
    v.to_string()
}

/// Every receipt a JSON report lists, in its order.
fn receipts_of(text: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(text).expect("JSON");
    v["rounds"]
        .as_array()
        .expect("rounds")
        .iter()
        .flat_map(|r| r["receipts"].as_array().cloned().unwrap_or_default())
        .map(|r| r.as_str().expect("text").to_owned())
        .collect()
}

#[test]
fn pool_with_the_key_on_sealed_files_equals_pool_on_the_plain_files_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = holder(dir.path(), "a");
    let (plain, sealed) = plain_and_sealed(dir.path(), &h);
    // No item id, answer or score in clear in any hand-in file.
    for entry in fs::read_dir(&sealed).expect("read") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        assert!(name.starts_with("practice-pulse-handin-2026-11-") && name.ends_with(".json"), "{name}");
        let text = fs::read_to_string(&path).expect("read");
        // Whole quoted names only: a box is base64, which may hold any letters.
        for secret in ["\"tps-1\"", "\"tps\"", "\"answers\"", "\"scores\"", "\"instruments\""] {
            assert!(!text.contains(secret), "{secret} in clear in {name}");
        }
    }
    for args in [
        vec!["pool", "--quiet"],
        vec!["pool", "--quiet", "--min-group", "3"],
        vec!["pool", "--quiet", "--format", "json"],
    ] {
        let from_plain = stdout_of(pulse().args(&args).arg(&plain), 0);
        let from_sealed = stdout_of(with_key(pulse().args(&args), &h).arg(&sealed), 0);
        if args.contains(&"json") {
            // Every figure the same; the receipts each file's own
            // (review 5, R5-1): the hand-in files' here, over their bytes.
            assert_eq!(without_receipts(&from_sealed), without_receipts(&from_plain), "{args:?}");
            let mut theirs: Vec<String> = fs::read_dir(&sealed)
                .expect("read")
                .map(|e| pulse_core::receipt::of_hand_in(&fs::read(e.expect("entry").path()).expect("read")))
                .map(|r| r.expect("a receipt"))
                .collect();
            theirs.sort();
            assert_eq!(receipts_of(&from_sealed), theirs);
        } else {
            assert_eq!(from_sealed, from_plain, "{args:?}");
        }
        assert!(from_plain.contains("Reception"), "{from_plain}");
    }
    // A mixed pile: half plain, half sealed, and both of one file counted once.
    let mixed = dir.path().join("mixed");
    fs::create_dir(&mixed).expect("mkdir");
    let mut sealed_files: Vec<_> =
        fs::read_dir(&sealed).expect("read").map(|e| e.expect("entry").path()).collect();
    sealed_files.sort();
    let mut plain_files: Vec<_> =
        fs::read_dir(&plain).expect("read").map(|e| e.expect("entry").path()).collect();
    plain_files.sort();
    for path in sealed_files.iter().step_by(2) {
        fs::copy(path, mixed.join(path.file_name().expect("name"))).expect("copy");
    }
    for path in &plain_files {
        fs::copy(path, mixed.join(path.file_name().expect("name"))).expect("copy");
    }
    let from_mixed = with_key(pulse().args(["pool"]), &h).arg(&mixed).assert().code(0);
    assert_eq!(
        String::from_utf8_lossy(&from_mixed.get_output().stdout),
        stdout_of(pulse().args(["pool", "--quiet"]).arg(&plain), 0)
    );
    assert!(String::from_utf8_lossy(&from_mixed.get_output().stderr)
        .contains("16 files pooled, 0 refused, 8 duplicates"));
    // Each copy counted once lists its own receipt too: 16 plain files'
    // and the 8 hand-in files' beside them.
    let mixed_json =
        stdout_of(with_key(pulse().args(["pool", "--quiet", "--format", "json"]), &h).arg(&mixed), 0);
    assert_eq!(receipts_of(&mixed_json).len(), 24, "{mixed_json}");
    // check --key says OK for each.
    let checked = stdout_of(with_key(pulse().arg("check"), &h).arg(&sealed), 0);
    assert_eq!(checked.lines().filter(|l| l.starts_with("OK ")).count(), 16, "{checked}");
}

#[test]
fn each_refusal_names_the_file_and_its_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = holder(dir.path(), "a");
    let b = holder(dir.path(), "b");
    let (_, sealed) = plain_and_sealed(dir.path(), &a);
    let one = fs::read_dir(&sealed).expect("read").next().expect("a file").expect("entry").path();
    let name = one.display().to_string();

    // Missing key.
    let stderr = stderr_of(pulse().arg("pool").arg(&one), 1);
    assert!(stderr.contains(&format!("REFUSED {name} is a sealed hand-in file")), "{stderr}");
    let stdout = stdout_of(pulse().arg("check").arg(&one), 1);
    assert!(stdout.contains(&format!("REFUSED {name} is a sealed hand-in file")), "{stdout}");
    // Another holder's key.
    let stderr = stderr_of(with_key(pulse().arg("pool"), &b).arg(&one), 1);
    assert!(stderr.contains(&format!("REFUSED {name} is sealed for another key holder")), "{stderr}");
    // One byte changed inside the sealed box.
    let text = fs::read_to_string(&one).expect("read");
    let at = text.find("\"box\": \"").expect("a box") + 20;
    let mut bytes = text.into_bytes();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let changed = dir.path().join("changed.json");
    fs::write(&changed, bytes).expect("write");
    let stderr = stderr_of(with_key(pulse().arg("pool"), &a).arg(&changed), 1);
    assert!(stderr.contains("changed.json was changed after it was sealed"), "{stderr}");
    // The wrong passphrase: the key does not open, nothing is read.
    fs::write(dir.path().join("wrong"), "not the passphrase at all\n").expect("write");
    let stderr = stderr_of(
        pulse()
            .arg("pool")
            .arg("--key")
            .arg(&a.key)
            .arg("--passphrase-file")
            .arg(dir.path().join("wrong"))
            .arg(&one),
        2,
    );
    assert!(stderr.contains("a.key does not open with this passphrase"), "{stderr}");
    // A missing key file.
    let stderr = stderr_of(
        pulse()
            .arg("pool")
            .arg("--key")
            .arg(dir.path().join("none.key"))
            .arg("--passphrase-file")
            .arg(&a.passphrase)
            .arg(&one),
        2,
    );
    assert!(stderr.contains("none.key"), "{stderr}");
    // Sealing without hand_in in the configuration.
    let bare = dir.path().join("bare.json");
    fs::write(&bare, r#"{"format": "practice-pulse-config", "format_version": 1}"#).expect("write");
    let stderr =
        stderr_of(pulse().arg("seal").arg("--practice").arg(&bare).arg(&one).arg("--out").arg(dir.path()), 2);
    assert!(stderr.contains("has no hand_in"), "{stderr}");
}

#[test]
fn a_finder_made_zip_and_a_byte_order_mark_pool_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = dir.path().join("plain");
    fs::create_dir(&plain).expect("mkdir");
    write_files(&plain, Some("Reception"), 5, 4, 0);
    let expected = stdout_of(pulse().args(["pool", "--quiet"]).arg(&plain), 0);

    // As Finder's "Compress" makes it: a folder entry, __MACOSX/ with ._
    // resource forks, and a .DS_Store.
    let zip_path = dir.path().join("Archive.zip");
    let mut zip = zip::ZipWriter::new(fs::File::create(&zip_path).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    zip.add_directory("round/", options).expect("dir");
    let mut names: Vec<_> = fs::read_dir(&plain).expect("read").map(|e| e.expect("entry").path()).collect();
    names.sort();
    for path in &names {
        let file = path.file_name().expect("name").to_string_lossy().into_owned();
        zip.start_file(format!("round/{file}"), options).expect("start");
        std::io::Write::write_all(&mut zip, &fs::read(path).expect("read")).expect("write");
        zip.start_file(format!("__MACOSX/round/._{file}"), options).expect("start");
        std::io::Write::write_all(&mut zip, b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X").expect("write");
    }
    zip.start_file("round/.DS_Store", options).expect("start");
    std::io::Write::write_all(&mut zip, b"\x00\x00\x00\x01Bud1").expect("write");
    zip.finish().expect("finish");
    let out = pulse().args(["pool"]).arg(&zip_path).assert().code(0);
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), expected);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("5 files pooled, 0 refused, 0 duplicates counted once, 6 ignored"), "{stderr}");
    assert!(!stderr.contains("REFUSED"), "{stderr}");
    let checked = pulse().arg("check").arg(&zip_path).assert().code(0);
    assert_eq!(String::from_utf8_lossy(&checked.get_output().stdout).lines().count(), 5);

    // Windows's additions in a folder, and a file saved "UTF-8 with BOM".
    fs::write(plain.join("Thumbs.db"), b"\xd0\xcf\x11\xe0").expect("write");
    fs::write(plain.join("desktop.ini"), "[.ShellClassInfo]\r\n").expect("write");
    let first = names[0].clone();
    let text = fs::read(&first).expect("read");
    fs::write(&first, [b"\xEF\xBB\xBF".as_slice(), &text].concat()).expect("write");
    let out = pulse().args(["pool"]).arg(&plain).assert().code(0);
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), expected);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("2 ignored"));
}

/// Review 5, R5-5: sealing a result again into the folder that holds its
/// earlier hand-in file keeps that file only while the answers are the
/// ones sealed; with an answer changed it refuses (exit 1), naming both
/// files and what to do, and writes nothing. The record of what was
/// sealed is kept outside the folder handed in (the state folder), and a
/// hand-in file this computer has no record of is not kept blindly.
#[test]
fn sealing_changed_answers_beside_their_earlier_hand_in_file_is_refused_naming_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = holder(dir.path(), "a");
    let practice = practice(dir.path(), &h);
    let plain = dir.path().join("plain");
    fs::create_dir(&plain).expect("mkdir");
    write_files(&plain, Some("Reception"), 1, 4, 0);
    let state = dir.path().join("state");
    let sealed = dir.path().join("sealed");
    let seal = || {
        let mut cmd = pulse();
        cmd.env("XDG_STATE_HOME", &state)
            .arg("seal")
            .arg("--practice")
            .arg(&practice)
            .arg(&plain)
            .arg("--out")
            .arg(&sealed);
        cmd
    };
    assert!(stderr_of(&mut seal(), 0).contains("1 files sealed"));
    let handin = fs::read_dir(&sealed).expect("list").next().expect("one").expect("entry").path();
    let first = fs::read(&handin).expect("read");
    // Nothing of the answers in the folder handed in; the record is elsewhere.
    assert_eq!(fs::read_dir(&sealed).expect("list").count(), 1);
    assert!(state.join("practice-pulse").join("sealed").is_dir());
    // The same answers again: kept, exit 0.
    let again = stderr_of(&mut seal(), 0);
    assert!(again.contains("is kept and not sealed again"), "{again}");
    // One answer changed in the same result file: refused, naming both.
    // One person's answers changed (the same response id, the same file).
    write_files(&plain, Some("Reception"), 1, 5, 0);
    let plain_file = fs::read_dir(&plain).expect("list").next().expect("one").expect("entry").path();
    let refused = stderr_of(&mut seal(), 1);
    let plain_name = plain_file.display().to_string();
    assert!(
        refused.contains(&format!(
            "REFUSED {plain_name}: its answers differ from those sealed into {}",
            handin.display()
        )),
        "{refused}"
    );
    assert!(refused.contains("delete it and seal again"), "{refused}");
    assert_eq!(fs::read(&handin).expect("still there"), first, "the earlier file as it was");
    // A hand-in file this computer has no record of: not kept blindly.
    let elsewhere = stderr_of(seal().env("XDG_STATE_HOME", dir.path().join("another computer")), 1);
    assert!(elsewhere.contains("that this computer has no record of sealing"), "{elsewhere}");
    // Deleted as the refusal says: sealed anew, and kept from then on.
    fs::remove_file(&handin).expect("delete");
    assert!(stderr_of(&mut seal(), 0).contains("1 files sealed"));
    assert_ne!(fs::read(&handin).expect("sealed again"), first);
    assert!(stderr_of(&mut seal(), 0).contains("is kept and not sealed again"));
}
