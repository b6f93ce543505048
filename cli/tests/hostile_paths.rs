//! What a pile or an option may point at besides a file: a file far larger
//! than any the core reads, a pipe, a device. Each is refused quickly, with
//! its name and reason, reading no more than one byte past the limit (a
//! 1 GB file or `/dev/zero` used to be read whole, or for ever).

use std::time::Duration;

use assert_cmd::Command;

fn pulse() -> Command {
    let mut cmd = Command::cargo_bin("pulse").expect("the pulse binary is built");
    // A hang fails the test instead of stalling the run.
    cmd.timeout(Duration::from_secs(20));
    cmd
}

fn stderr_and_stdout(cmd: &mut Command) -> (Option<i32>, String) {
    let out = cmd.output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text)
}

#[test]
fn a_huge_file_is_refused_by_its_size_without_being_read_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.json");
    // Sparse: 2 GB on paper, nothing on disk.
    std::fs::File::create(&big).and_then(|f| f.set_len(2 * 1024 * 1024 * 1024)).expect("sparse file");
    let (code, text) = stderr_and_stdout(pulse().arg("check").arg(&big));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("big.json") && text.contains("is over 1024 kB"), "{text}");
}

#[test]
fn a_pipe_or_a_device_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    for args in [
        vec!["check".to_owned(), fifo.display().to_string()],
        vec!["pool".to_owned(), fifo.display().to_string()],
        vec!["check".to_owned(), "/dev/zero".to_owned()],
    ] {
        let (code, text) = stderr_and_stdout(pulse().args(&args));
        assert!(code.is_some_and(|c| c != 0), "{args:?}: {text}");
        assert!(text.contains("not a regular file"), "{args:?}: {text}");
    }
    // The key's passphrase from /dev/zero: refused, not read for ever.
    let key = dir.path().join("k.key");
    std::fs::write(&key, "{}").expect("write");
    let (code, text) = stderr_and_stdout(
        pulse().args(["check", "--key"]).arg(&key).args(["--passphrase-file", "/dev/zero"]).arg(dir.path()),
    );
    assert!(code.is_some_and(|c| c != 0), "{text}");
    assert!(text.contains("/dev/zero: not a regular file"), "{text}");
}
