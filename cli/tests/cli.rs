//! The `pulse` command, run for real (assert_cmd): each command and exit
//! code, a golden team report, bad files named with the app's own words,
//! an empty folder, and a folder of 1,000 files.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use pulse_core::result_file::{self, ResponseId};
use pulse_core::{Catalogue, InstrumentKey, Period, Response, ResultRecord};

fn pulse() -> Command {
    Command::cargo_bin("pulse").expect("the pulse binary is built")
}

/// Runs `pulse` with these arguments and a path, expects exit 0, and gives its standard output.
fn ok_stdout(args: &[&str], path: impl AsRef<std::ffi::OsStr>) -> Vec<u8> {
    pulse().args(args).arg(path).assert().code(0).get_output().stdout.clone()
}

fn fixture(name: &str) -> String {
    format!("{}/../core/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Writes `n` result files answering TPS with `value` throughout, for a team.
fn write_files(dir: &Path, team: Option<&str>, n: usize, value: i32, first_id: u32) {
    write_round_files(dir, ("2026 autumn", 11), team, n, value, first_id);
}

/// The same in a round (label, month).
fn write_round_files(
    dir: &Path,
    (round, month): (&str, u8),
    team: Option<&str>,
    n: usize,
    value: i32,
    first_id: u32,
) {
    let catalogue = Catalogue::builtin();
    for i in 0..n {
        let id = first_id + i as u32;
        let mut bytes = [0u8; 16];
        bytes[..4].copy_from_slice(&id.to_be_bytes());
        let record = ResultRecord {
            generator: "test".into(),
            period: Period::new(2026, month).expect("valid"),
            round: Some(round.into()),
            team: team.map(Into::into),
            response: Some(ResponseId::from_random_bytes(bytes)),
            responses: vec![Response {
                key: InstrumentKey { id: "tps".into(), version: 1 },
                answers: vec![Some(value); 7],
            }],
        };
        let text = result_file::write(&record, &catalogue).expect("writes");
        fs::write(dir.join(format!("r{id}.json")), text).expect("writes a file");
    }
}

#[test]
fn check_says_ok_for_every_kind_of_file_and_exits_0() {
    let dir = tempfile::tempdir().expect("a temp dir");
    fs::copy(fixture("result-v1.json"), dir.path().join("v1.json")).expect("copy");
    fs::copy(fixture("result-v2.json"), dir.path().join("v2.json")).expect("copy");
    fs::copy(fixture("definitions/desk-v1.json"), dir.path().join("desk.json")).expect("copy");
    fs::write(
        dir.path().join("practice.json"),
        r#"{"format": "practice-pulse-config", "format_version": 1}"#,
    )
    .expect("write");
    let out = ok_stdout(&["check"], dir.path());
    let text = String::from_utf8(out).expect("UTF-8");
    assert_eq!(text.lines().filter(|l| l.starts_with("OK ")).count(), 4, "{text}");
}

#[test]
fn check_names_each_bad_file_in_the_apps_words_and_exits_1() {
    let dir = tempfile::tempdir().expect("a temp dir");
    fs::copy(fixture("result-v2.json"), dir.path().join("good.json")).expect("copy");
    fs::write(dir.path().join("other.json"), r#"{"hello": "world"}"#).expect("write");
    fs::write(
        dir.path().join("practice.json"),
        r#"{"format": "practice-pulse-config", "format_version": 1, "min_group_size": 2}"#,
    )
    .expect("write");
    let out = pulse().arg("check").arg(dir.path()).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.contains("other.json is JSON, but not a Practice Pulse result file; choose the file you downloaded from this survey."), "{text}");
    assert!(text.contains("min_group_size: must be 3 or more"), "{text}");
    assert!(text.contains("OK "), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    pulse().assert().code(2);
    pulse().args(["check"]).assert().code(2);
    pulse().args(["pool", "--format", "xml", "x"]).assert().code(2);
    pulse().args(["check", "/no/such/path"]).assert().code(2);
}

#[test]
fn pool_writes_the_golden_team_report() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_files(dir.path(), Some("Reception"), 6, 4, 0);
    write_files(dir.path(), Some("Admin"), 5, 5, 100);
    write_files(dir.path(), Some("Secretaries"), 3, 6, 200);
    let out = ok_stdout(&["pool", "--quiet"], dir.path());
    let golden = fs::read_to_string(format!("{}/tests/fixtures/team-report.csv", env!("CARGO_MANIFEST_DIR")))
        .expect("golden");
    assert_eq!(String::from_utf8(out).expect("UTF-8"), golden);
    // JSON says the same.
    let json = ok_stdout(&["pool", "--quiet", "--format", "json"], dir.path());
    let report: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    assert_eq!(report["format"], "practice-pulse-team-report");
    assert_eq!(report["min_group"], 5);
    let secretaries =
        report["rows"].as_array().expect("rows").iter().find(|r| r["group"] == "Secretaries").expect("a row");
    assert_eq!(secretaries["suppressed"], true);
    assert_eq!(secretaries["reason"], "fewer than 5 responses");
    assert!(secretaries["n"].is_null());
    // --min-group 3 shows the three; --by round pools the teams.
    let k3 = ok_stdout(&["pool", "--quiet", "--min-group", "3"], dir.path());
    assert!(String::from_utf8(k3).expect("UTF-8").contains("2026 autumn,Secretaries,tps,3,"));
    let by_round = ok_stdout(&["pool", "--quiet", "--by", "round"], dir.path());
    let by_round = String::from_utf8(by_round).expect("UTF-8");
    assert_eq!(by_round.lines().count(), 2, "{by_round}");
    assert!(by_round.contains("2026 autumn,All,tps,14,"));
}

#[test]
fn pool_names_bad_files_and_writes_to_a_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_files(dir.path(), None, 5, 4, 0);
    fs::write(dir.path().join("broken.json"), "{").expect("write");
    let report = dir.path().join("report.csv");
    let assert = pulse().args(["pool"]).arg(dir.path()).arg("--out").arg(&report).assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).expect("UTF-8");
    assert!(stderr.contains("REFUSED"), "{stderr}");
    assert!(stderr.contains("broken.json is not a result file"), "{stderr}");
    assert!(fs::read_to_string(report).expect("written").contains(",All,tps,5,4.0,"));
}

#[test]
fn an_empty_folder_gives_an_empty_report() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = ok_stdout(&["pool", "--quiet"], dir.path());
    assert_eq!(
        String::from_utf8(out).expect("UTF-8"),
        "\u{feff}round,group,measure,n,mean,ci_low,ci_high,suppressed,title,reason\n"
    );
}

#[test]
fn a_folder_of_1000_files() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_files(dir.path(), Some("Reception"), 600, 4, 0);
    write_files(dir.path(), Some("Admin"), 400, 5, 10_000);
    let out = ok_stdout(&["pool", "--quiet"], dir.path());
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.contains("2026 autumn,All,tps,1000,"), "{text}");
    assert!(text.contains("2026 autumn,Admin,tps,400,"), "{text}");
}

/// Writes the golden report's input files into $GOLDEN_DIR (run by hand to remake the golden file).
#[test]
#[ignore]
fn make_golden_inputs() {
    let dir = std::path::PathBuf::from(std::env::var("GOLDEN_DIR").expect("GOLDEN_DIR"));
    write_files(&dir, Some("Reception"), 6, 4, 0);
    write_files(&dir, Some("Admin"), 5, 5, 100);
    write_files(&dir, Some("Secretaries"), 3, 6, 200);
}

#[test]
fn export_writes_tidy_rows_per_measure_and_per_item() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    write_files(&input, Some("Reception"), 2, 5, 0);
    fs::copy(fixture("result-v1.json"), input.join("old.json")).expect("copy");
    let out = dir.path().join("scores.csv");
    pulse().args(["export", "--quiet"]).arg(&input).arg("--out").arg(&out).assert().code(0);
    let text = fs::read_to_string(&out).expect("written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "response,round,team,period,instrument,instrument_version,measure,score");
    assert_eq!(lines.len(), 1 + 3, "one row per file × measure: {text}");
    // (24 + 5) / 7 for the two new files; the old one has no id, round or team.
    assert!(lines.contains(&",,,2026-11,tps,1,tps,5.833333333333333"), "{text}");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains(",2026 autumn,Reception,2026-11,tps,1,tps,4.142857142857143"))
            .count(),
        2,
        "{text}"
    );
    let items = dir.path().join("items.csv");
    pulse().args(["export", "--quiet", "--items"]).arg(&input).arg("--out").arg(&items).assert().code(0);
    let text = fs::read_to_string(&items).expect("written");
    assert_eq!(
        text.lines().next(),
        Some("response,round,team,period,instrument,instrument_version,item,value")
    );
    assert_eq!(text.lines().count(), 1 + 7 + 7 + 6, "every answered item: {text}");
    pulse().args(["export"]).arg(&input).arg("--out").arg(dir.path().join("x.xlsx")).assert().code(2);
}

/// An export that stops on an error leaves no half-written file and keeps
/// what was at `--out` before; nothing beside it is left behind.
#[test]
fn an_export_that_fails_leaves_the_earlier_file_as_it_was() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    write_files(&input, Some("Reception"), 6, 5, 0);
    let fifo = input.join("zz-pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    for name in ["scores.csv", "scores.parquet"] {
        let out = dir.path().join(name);
        fs::write(&out, "an earlier export").expect("write");
        let failed = pulse().args(["export", "--quiet"]).arg(&input).arg("--out").arg(&out).assert().code(2);
        let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
        assert!(stderr.contains("zz-pipe.json: not a regular file"), "{stderr}");
        assert_eq!(fs::read_to_string(&out).expect("still there"), "an earlier export", "{name}");
    }
    let mut left: Vec<String> = fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["in", "scores.csv", "scores.parquet"]);
}

/// `--out` inside the folder being exported (review 5, R5-4): the files
/// are listed before the partial file is made, and neither the export nor
/// a partial file an earlier run left is read as an input, then or on the
/// next run.
#[test]
fn an_export_written_into_the_folder_it_exports_reads_neither_itself_nor_its_partial_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    write_files(&input, Some("Reception"), 4, 5, 0);
    fs::write(input.join(".all.csv.part"), "rows an earlier run left").expect("write");
    let out = input.join("all.csv");
    for run in ["first", "again"] {
        let done = pulse().args(["export"]).arg(&input).arg("--out").arg(&out).assert();
        let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
        assert_eq!(done.get_output().status.code(), Some(0), "{run}: {stderr}");
        assert!(!stderr.contains("REFUSED"), "{run}: {stderr}");
        assert_eq!(fs::read_to_string(&out).expect("written").lines().count(), 1 + 4, "{run}");
    }
    let mut left: Vec<String> = fs::read_dir(&input)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('r'))
        .collect();
    left.sort();
    assert_eq!(left, ["all.csv"], "no partial file is left");
}

/// An export stopped by Ctrl-C (SIGINT) while it writes (review 5, R5-4):
/// its partial file, row-level answers, is removed, the earlier export at
/// `--out` is kept as it was, and the exit code is 130.
#[cfg(unix)]
#[test]
fn an_export_stopped_by_ctrl_c_leaves_no_partial_file() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    // Enough files that the run is still reading when it is stopped.
    write_files(&input, Some("Reception"), 20_000, 5, 0);
    let out = dir.path().join("all.csv");
    fs::write(&out, "an earlier export").expect("write");
    let part = dir.path().join(".all.csv.part");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pulse"))
        .args(["export", "--items"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("pulse starts");
    let until = Instant::now() + Duration::from_secs(30);
    while !part.exists() {
        assert!(child.try_wait().expect("waits").is_none(), "pulse ended before its partial file was seen");
        assert!(Instant::now() < until, "no partial file within 30 s");
        std::thread::sleep(Duration::from_millis(1));
    }
    let sent = std::process::Command::new("kill").arg("-INT").arg(child.id().to_string()).status();
    assert!(sent.expect("kill runs").success());
    let ended = child.wait_with_output().expect("pulse ends");
    let stderr = String::from_utf8_lossy(&ended.stderr).into_owned();
    assert_eq!(ended.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("nothing exported, and no partial file left"), "{stderr}");
    assert!(!part.exists(), "the partial file is removed");
    assert_eq!(fs::read_to_string(&out).expect("still there"), "an earlier export");
}

/// Two files carrying one response id with different contents: `pool`
/// counts neither, and `export` writes nothing (the first one's rows were
/// already streamed when the second was read).
#[test]
fn an_export_with_two_files_of_one_response_id_writes_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("in");
    let other = dir.path().join("other");
    fs::create_dir(&input).expect("mkdir");
    fs::create_dir(&other).expect("mkdir");
    write_files(&input, Some("Reception"), 3, 5, 0);
    write_files(&other, Some("Admin"), 1, 3, 0);
    fs::copy(other.join("r0.json"), input.join("zz-made-up.json")).expect("copy");
    let out = dir.path().join("scores.csv");
    let failed = pulse().args(["export", "--quiet"]).arg(&input).arg("--out").arg(&out).assert().code(2);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(stderr.contains("REFUSED") && stderr.contains("zz-made-up.json"), "{stderr}");
    assert!(stderr.contains("nothing exported"), "{stderr}");
    assert!(!out.exists(), "no export is left");
    fs::remove_file(input.join("zz-made-up.json")).expect("taken out");
    pulse().args(["export", "--quiet"]).arg(&input).arg("--out").arg(&out).assert().code(0);
    assert_eq!(fs::read_to_string(&out).expect("written").lines().count(), 1 + 3);
}

/// docs/analysts.md's DuckDB query over the Parquet export, run by Python's
/// duckdb (installed by the set-up, pinned), gives the same means as `pulse pool`.
#[test]
fn duckdb_over_the_parquet_export_agrees_with_pulse_pool() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    write_files(&input, Some("Reception"), 6, 4, 0);
    write_files(&input, Some("Admin"), 7, 6, 100);
    write_files(&input, Some("Secretaries"), 5, 2, 200);
    let parquet = dir.path().join("export.parquet");
    pulse().args(["export", "--quiet"]).arg(&input).arg("--out").arg(&parquet).assert().code(0);
    let script = format!("{}/tests/duckdb/mean_by_team_and_round.py", env!("CARGO_MANIFEST_DIR"));
    // The set-up's virtual environment where the system Python refuses pip
    // (PEP 668), else the Python on PATH.
    let venv = format!("{}/../.venv-duckdb/bin/python3", env!("CARGO_MANIFEST_DIR"));
    let python = if std::path::Path::new(&venv).exists() { venv.as_str() } else { "python3" };
    let output = std::process::Command::new(python).arg(script).arg(&parquet).output().expect("python3 runs");
    assert!(output.status.success(), "duckdb: {}", String::from_utf8_lossy(&output.stderr));
    let duck: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let pooled = ok_stdout(&["pool", "--quiet", "--format", "json", "--min-group", "3"], &input);
    let pooled: serde_json::Value = serde_json::from_slice(&pooled).expect("JSON");
    let duck = duck.as_array().expect("rows");
    assert_eq!(duck.len(), 3, "{duck:?}");
    for row in duck {
        let team = row["team"].as_str().expect("team");
        let ours = pooled["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["group"] == team && r["measure"] == row["measure"])
            .expect("same row");
        assert_eq!(ours["n"], row["n"], "{team}");
        // The report rounds as a person reads the scale (one decimal on
        // 1–7); DuckDB over the export has the exact mean.
        let (a, b) = (ours["mean"].as_f64().expect("mean"), row["mean"].as_f64().expect("mean"));
        assert!((a - (b * 10.0).round() / 10.0).abs() < 1e-12, "{team}: pulse {a}, duckdb {b}");
    }
}

#[test]
fn pool_reads_a_zip_of_result_files_and_a_practices_own_questionnaire() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let loose = dir.path().join("loose");
    fs::create_dir(&loose).expect("mkdir");
    write_files(&loose, Some("Reception"), 5, 4, 0);
    // The same five files as one zip (as a practice often receives them).
    let zip_path = dir.path().join("round.zip");
    let mut zip = zip::ZipWriter::new(fs::File::create(&zip_path).expect("create"));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut names: Vec<_> = fs::read_dir(&loose).expect("read").map(|e| e.expect("entry").path()).collect();
    names.sort();
    for path in &names {
        zip.start_file(path.file_name().expect("name").to_string_lossy(), options).expect("start");
        std::io::Write::write_all(&mut zip, &fs::read(path).expect("read")).expect("write");
    }
    zip.finish().expect("finish");
    let from_zip = ok_stdout(&["pool", "--quiet"], &zip_path);
    let from_folder = ok_stdout(&["pool", "--quiet"], &loose);
    assert_eq!(from_zip, from_folder, "a zip reads as its files");
    // check opens the zip too, naming each file inside it.
    let checked = String::from_utf8(ok_stdout(&["check"], &zip_path)).expect("UTF-8");
    assert_eq!(checked.lines().count(), 5, "{checked}");
    assert!(checked.lines().all(|l| l.starts_with("OK ") && l.contains("round.zip/")), "{checked}");
    assert!(String::from_utf8(from_zip).expect("UTF-8").contains(",All,tps,5,4.0,"));
    // Both together: each file once (same response ids).
    let both = pulse().args(["pool"]).arg(&zip_path).arg(&loose).assert().code(0);
    assert!(String::from_utf8_lossy(&both.get_output().stderr)
        .contains("5 files pooled, 0 refused, 5 duplicates"));

    // A practice's own questionnaire beside its results: they score.
    let own = dir.path().join("own");
    fs::create_dir(&own).expect("mkdir");
    let desk = fs::read_to_string(fixture("definitions/desk-v1.json")).expect("desk");
    let mut catalogue = Catalogue::builtin();
    let key = catalogue.add_definition("desk.json", &desk).expect("valid").key().clone();
    for i in 0..3u8 {
        let record = ResultRecord {
            generator: "test".into(),
            period: Period::new(2026, 11).expect("valid"),
            round: None,
            team: None,
            response: Some(ResponseId::from_random_bytes([i; 16])),
            responses: vec![Response { key: key.clone(), answers: vec![Some(3), Some(1)] }],
        };
        // Named to sort before the definition, so it must wait for it.
        fs::write(own.join(format!("a{i}.json")), result_file::write(&record, &catalogue).expect("writes"))
            .expect("write");
    }
    fs::write(own.join("z-desk.json"), desk).expect("write");
    let out = ok_stdout(&["pool", "--quiet", "--min-group", "3"], &own);
    assert!(
        String::from_utf8(out).expect("UTF-8").contains(",All,desk,3,2.0,"),
        "(3 + 1) / 2 = 2 for each of three"
    );
}

/// Writes one result file per TPS value (every item that value), in a round.
fn write_round(dir: &Path, round: &str, month: u8, values: &[i32], first_id: u32) {
    let catalogue = Catalogue::builtin();
    for (i, value) in values.iter().enumerate() {
        let id = first_id + i as u32;
        let mut bytes = [0u8; 16];
        bytes[..4].copy_from_slice(&id.to_be_bytes());
        let record = ResultRecord {
            generator: "test".into(),
            period: Period::new(2026, month).expect("valid"),
            round: Some(round.into()),
            team: Some("Reception".into()),
            response: Some(ResponseId::from_random_bytes(bytes)),
            responses: vec![Response {
                key: InstrumentKey { id: "tps".into(), version: 1 },
                answers: vec![Some(*value); 7],
            }],
        };
        let text = result_file::write(&record, &catalogue).expect("writes");
        fs::write(dir.join(format!("r{id}.json")), text).expect("writes a file");
    }
}

#[test]
fn pool_with_a_plan_adds_each_action_beside_its_change() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let files = dir.path().join("files");
    fs::create_dir(&files).expect("mkdir");
    // TPS (24 + v) / 7: spring 25.4 / 7, autumn 30.6 / 7, each SD sqrt(0.3) / 7.
    write_round(&files, "2026 spring", 4, &[1, 1, 2, 1, 2, 1, 1, 2, 1, 2], 0);
    write_round(&files, "2026 autumn", 10, &[7, 7, 6, 7, 6, 7, 7, 6, 7, 6], 100);
    let plan = r#"{
  "format": "practice-pulse-plan",
  "format_version": 1,
  "suggestions_version": 1,
  "baseline_round": "2026 spring",
  "actions": [
    {"suggestion": "edmondson-invite-participation", "text": "Ask every role first.", "owner": "practice manager", "review": "2027-03", "measure": "tps", "group": "All"},
    {"suggestion": null, "text": "Our own: a shared lunch.", "owner": "reception lead", "review": "2027-01", "measure": "tps", "group": "Secretaries"}
  ]
}"#;
    let plan_path = dir.path().join("practice-pulse-plan.json");
    fs::write(&plan_path, plan).expect("write");
    let out = pulse()
        .args(["pool", "--quiet", "--format", "json", "--plan"])
        .arg(&plan_path)
        .arg(&files)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(report["format"], "practice-pulse-team-report", "still the team report");
    let plan = &report["plan"];
    assert_eq!(plan["format"], "practice-pulse-plan");
    assert_eq!(plan["baseline_round"], "2026 spring");
    assert_eq!(plan["compared_round"], "2026 autumn");
    let first = &plan["actions"][0];
    assert_eq!(first["change"], "clear-rise");
    assert_eq!(first["better"], true);
    assert_eq!(first["owner"], "practice manager");
    let difference = first["difference"].as_f64().expect("a difference");
    // 5.2 / 7 exactly; shown as the difference of the two means shown
    // (3.6 and 4.4), which gives nothing finer than they do.
    assert_eq!(difference, 0.8, "4.4 − 3.6");
    assert!(first["ci_low"].as_f64().expect("low") > 0.0);
    // No Secretaries in these files: nothing to compare, no figure.
    assert_eq!(plan["actions"][1]["change"], "not-shown");
    assert!(plan["actions"][1]["difference"].is_null());

    // The plan adds to the JSON report only.
    let csv = pulse().args(["pool", "--plan"]).arg(&plan_path).arg(&files).assert().code(2);
    assert!(String::from_utf8_lossy(&csv.get_output().stderr).contains("--format json"));
    // A plan of a newer format: refused, naming the file, nothing written.
    let newer = dir.path().join("newer-plan.json");
    fs::write(
        &newer,
        fs::read_to_string(&plan_path)
            .expect("read")
            .replace("\"format_version\": 1", "\"format_version\": 2"),
    )
    .expect("write");
    let refused =
        pulse().args(["pool", "--format", "json", "--plan"]).arg(&newer).arg(&files).assert().code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(
        stderr
            .contains("newer-plan.json is a plan of format version 2, newer than this Practice Pulse reads"),
        "{stderr}"
    );
    assert!(refused.get_output().stdout.is_empty());
}

#[test]
fn by_team_never_adds_rounds_together() {
    // The review's case: spring Reception 6, Admin 1; autumn Reception 6,
    // Admin 5; k = 5. Summed across rounds, Admin showed n = 6 beside
    // autumn's n = 5, and the spring person's score followed.
    let dir = tempfile::tempdir().expect("a temp dir");
    write_round_files(dir.path(), ("spring", 4), Some("Reception"), 6, 4, 0);
    write_round_files(dir.path(), ("spring", 4), Some("Admin"), 1, 7, 100);
    write_round_files(dir.path(), ("autumn", 10), Some("Reception"), 6, 4, 200);
    write_round_files(dir.path(), ("autumn", 10), Some("Admin"), 5, 5, 300);
    for by in ["team", "round,team", "round"] {
        let out = String::from_utf8(ok_stdout(&["pool", "--quiet", "--by", by], dir.path())).expect("UTF-8");
        assert!(!out.lines().any(|l| l.contains(",6,") && l.contains(",Admin,")), "--by {by}: {out}");
        assert!(
            !out.lines().any(|l| l.contains(",13,") || l.contains(",18,")),
            "--by {by}: no sum of rounds: {out}"
        );
        assert!(
            out.lines().skip(1).all(|l| l.starts_with("spring,") || l.starts_with("autumn,")),
            "--by {by}: {out}"
        );
    }
    let by_team =
        String::from_utf8(ok_stdout(&["pool", "--quiet", "--by", "team"], dir.path())).expect("UTF-8");
    assert!(by_team.contains("spring,Admin,tps,,,,,true"), "{by_team}");
    assert!(by_team.contains("autumn,Admin,tps,5,"), "{by_team}");
}

/// `--practice`: the practice's `rounds` (then `round`) set the order, as
/// on the team page; two rounds saved in one month otherwise sort by label
/// ("autumn" before "spring") and the change reads backwards.
#[test]
fn pool_reads_rounds_in_the_practices_order() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let files = dir.path().join("files");
    fs::create_dir(&files).expect("a folder");
    write_round_files(&files, ("2026 spring", 11), None, 5, 2, 0);
    write_round_files(&files, ("2026 autumn", 11), None, 5, 6, 100);
    let order = |json: &[u8]| {
        let report: serde_json::Value = serde_json::from_slice(json).expect("JSON");
        let rounds: Vec<String> = report["rounds"]
            .as_array()
            .expect("rounds")
            .iter()
            .map(|r| r["round"].as_str().expect("a label").to_owned())
            .collect();
        let all = report["trends"].as_array().expect("trends").iter().find(|t| t["group"] == "All").cloned();
        (rounds, all.and_then(|t| t["difference"].as_f64()))
    };
    let (rounds, difference) = order(&ok_stdout(&["pool", "--quiet", "--format", "json"], &files));
    assert_eq!(rounds, ["2026 autumn", "2026 spring"], "by month, then label");
    assert!(difference.is_some_and(|d| d < 0.0), "backwards: {difference:?}");

    let practice = dir.path().join("practice.json");
    fs::write(
        &practice,
        r#"{"format": "practice-pulse-config", "format_version": 1, "rounds": ["2026 spring"], "round": "2026 autumn"}"#,
    )
    .expect("write");
    let json = ok_stdout(
        &["pool", "--quiet", "--format", "json", "--practice", practice.to_str().expect("UTF-8")],
        &files,
    );
    let (rounds, difference) = order(&json);
    assert_eq!(rounds, ["2026 spring", "2026 autumn"]);
    assert!(difference.is_some_and(|d| d > 0.0), "the rise from spring to autumn: {difference:?}");

    // A round the practice does not list: read after, its files named.
    fs::write(
        &practice,
        r#"{"format": "practice-pulse-config", "format_version": 1, "rounds": ["2026 spring"]}"#,
    )
    .expect("write");
    let out = pulse()
        .args(["pool", "--format", "json", "--practice", practice.to_str().expect("UTF-8")])
        .arg(&files)
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(order(&out.stdout).0, ["2026 spring", "2026 autumn"]);
    let said = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        said.contains("round \"2026 autumn\" is not in the practice's rounds") && said.contains("r100.json"),
        "{said}"
    );

    // A practice.json with a fault stops before any work, naming it.
    fs::write(&practice, r#"{"format": "practice-pulse-config", "format_version": 1, "rounds": ["a", "a"]}"#)
        .expect("write");
    let out =
        pulse().args(["pool", "--practice", practice.to_str().expect("UTF-8")]).arg(&files).assert().code(2);
    let said = String::from_utf8(out.get_output().stderr.clone()).expect("UTF-8");
    assert!(said.contains("practice.json") && said.contains("listed twice"), "{said}");
}
