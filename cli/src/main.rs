//! `pulse`: the core as a command-line tool. It only reads files, calls
//! pulse-core and writes; every rule (checking, scoring, pooling,
//! suppression) is the core's, so it holds here exactly as in the browser.
//!
//! Exit codes: 0 everything read (files an operating system adds are
//! skipped and counted as ignored), 1 some files refused, 2 usage (and a
//! key file that does not open), 130 an export stopped by Ctrl-C or a
//! termination signal.
//!
//! Every command that reads or writes a key holder's key file asks for its
//! passphrase at a prompt, or reads it from `--passphrase-file FILE` (its
//! first line) for scripts.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Mutex, MutexGuard, PoisonError};

mod parquet_out;

use clap::{Parser, Subcommand, ValueEnum};
use parquet_out::Tidy;
use pulse_core::config::{self, Config, DEFAULT_MIN_GROUP};
use pulse_core::hand_in::{self, HolderKey, PublicKey};
use pulse_core::instrument::Method;
use pulse_core::pool;
use pulse_core::{Catalogue, ResultRecord};

#[derive(Parser)]
#[command(
    name = "pulse",
    version,
    about = "Practice Pulse result files: check them, pool them into a team report."
)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every result file, questionnaire definition and practice
    /// configuration under the paths: OK, or why it is refused.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        key: KeyArgs,
    },
    /// Pool result files into the team report the team page makes; with
    /// --key, sealed hand-in files too.
    Pool {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        key: KeyArgs,
        /// The smallest group shown (never below 3); without it, the
        /// practice.json's min_group_size (with --practice), else 5.
        #[arg(long = "min-group")]
        min_group: Option<u32>,
        /// `round`: everyone's figures per round; `team` (or both): each
        /// team's too, always within each round (no figure adds rounds
        /// together).
        #[arg(long, value_delimiter = ',', default_value = "round,team")]
        by: Vec<By>,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// A team's action plan (practice-pulse-plan.json): adds each action
        /// beside its measure's change since the plan to the JSON report.
        #[arg(long)]
        plan: Option<PathBuf>,
        /// The practice's configuration (practice.json): its `rounds` (then
        /// `round`) set the order rounds are read in and changes worked
        /// out, as on the team page; files of a round it does not list are
        /// named on standard error.
        #[arg(long)]
        practice: Option<PathBuf>,
        /// Two key holders: the other holder's step file (step 1 for the
        /// second holder; step 2 for the first holder's report).
        #[arg(long, requires = "key")]
        step: Option<PathBuf>,
        /// Two key holders: write this holder's step file here (step 1, or
        /// with --step from step 1, step 2) instead of a report.
        #[arg(long = "out-step", requires = "key", conflicts_with_all = ["out", "plan"])]
        out_step: Option<PathBuf>,
        /// Two key holders, step 2: the second holder's record of releases
        /// (practice-pulse-ledger.json; made if missing). A round released
        /// before over other files, or at another minimum group, is
        /// refused and nothing is written; else the record is updated with
        /// the step file.
        #[arg(long, requires = "out_step")]
        ledger: Option<PathBuf>,
    },
    /// Tidy, long-format data for analysts: one row per file × measure, or
    /// with --items one row per file × item. Row-level data: whoever holds
    /// it can read each response, as with the files themselves.
    Export {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The file to write: .csv or .parquet.
        #[arg(long, required = true)]
        out: PathBuf,
        /// One row per answered item instead of per measure.
        #[arg(long)]
        items: bool,
    },
    /// The practice's key holder: make the key that opens hand-in files.
    Holder {
        #[command(subcommand)]
        action: HolderCommand,
    },
    /// Seal result files the practice already holds into hand-in files for
    /// its key holder (hand_in.holders in practice.json).
    Seal {
        /// The practice's configuration, with hand_in.
        #[arg(long, required = true)]
        practice: PathBuf,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The folder the hand-in files are written to (made if missing). A
        /// response whose hand-in file is already there keeps that file
        /// while its answers are the ones sealed; otherwise it is refused.
        #[arg(long, required = true)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum HolderCommand {
    /// Make a key pair: the key file (practice-pulse-holder.key) is written,
    /// protected by a passphrase, and the public key line printed on
    /// standard output, for hand_in.holders.
    New {
        /// Where to write the key file (never over an existing file).
        #[arg(long, required = true)]
        out: PathBuf,
        /// Read the passphrase from this file's first line instead of a prompt.
        #[arg(long = "passphrase-file")]
        passphrase_file: Option<PathBuf>,
    },
}

/// The key holder's key file, for commands that open hand-in files.
#[derive(clap::Args)]
struct KeyArgs {
    /// The key holder's key file (practice-pulse-holder.key): sealed
    /// hand-in files are opened with it.
    #[arg(long)]
    key: Option<PathBuf>,
    /// Read the key's passphrase from this file's first line instead of a prompt.
    #[arg(long = "passphrase-file", requires = "key")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum By {
    Round,
    Team,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { paths, key } => open_keys(&key).and_then(|keys| check(&paths, &keys, cli.quiet)),
        // A bad plan or practice.json stops before any work (or a passphrase prompt).
        Command::Pool { paths, key, min_group, by, format, out, plan, practice, step, out_step, ledger } => {
            read_plan(format, plan.as_deref())
                .and_then(|plan| Ok((plan, read_rounds(practice.as_deref())?)))
                .and_then(|(plan, (rounds, practice_k, holders, teams))| {
                    let min_group = min_group.or(practice_k).unwrap_or(DEFAULT_MIN_GROUP);
                    let output = Output { format, out: out.as_deref(), plan };
                    let steps = Steps {
                        step: step.as_deref(),
                        out_step: out_step.as_deref(),
                        ledger: ledger.as_deref(),
                    };
                    open_keys(&key).and_then(|keys| {
                        if steps.step.is_some() || steps.out_step.is_some() {
                            pool_steps(
                                &paths,
                                keys,
                                min_group,
                                &by,
                                (rounds, holders, teams),
                                output,
                                steps,
                                cli.quiet,
                            )
                        } else {
                            pool_files(&paths, keys, min_group, &by, (rounds, teams), output, cli.quiet)
                        }
                    })
                })
        }
        Command::Export { paths, out, items } => export(&paths, &out, items, cli.quiet),
        Command::Holder { action: HolderCommand::New { out, passphrase_file } } => {
            holder_new(&out, passphrase_file.as_deref())
        }
        Command::Seal { practice, paths, out } => seal(&practice, &paths, &out, cli.quiet),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("pulse: {message}");
            ExitCode::from(2)
        }
    }
}

/// A passphrase: the first line of `file` (its line end dropped), or typed
/// at a prompt without echo (twice when `confirm`, for a new key).
fn passphrase(file: Option<&Path>, prompt: &str, confirm: bool) -> Result<String, String> {
    if let Some(path) = file {
        let name = path.display().to_string();
        let bytes = read_capped(path, &name, MAX_PASSPHRASE_FILE_BYTES)?;
        if bytes.len() > MAX_PASSPHRASE_FILE_BYTES {
            return Err(format!(
                "{name}: a passphrase file holds one line, not {MAX_PASSPHRASE_FILE_BYTES} bytes or more"
            ));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{name}: a passphrase file must be text (UTF-8)"))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        return Ok(text.lines().next().unwrap_or_default().to_owned());
    }
    let first = rpassword::prompt_password(prompt)
        .map_err(|e| format!("no passphrase typed ({e}); or give --passphrase-file"))?;
    if confirm {
        let again = rpassword::prompt_password("The same passphrase again: ").map_err(|e| e.to_string())?;
        if again != first {
            return Err("the two passphrases differ; nothing was written".into());
        }
    }
    Ok(first)
}

/// The key given with --key, opened with its passphrase (none without --key).
fn open_keys(args: &KeyArgs) -> Result<Vec<HolderKey>, String> {
    let Some(path) = &args.key else { return Ok(Vec::new()) };
    let name = path.display().to_string();
    let bytes = read_capped(path, &name, hand_in::MAX_KEY_FILE_BYTES)?;
    let phrase = passphrase(args.passphrase_file.as_deref(), &format!("Passphrase for {name}: "), false)?;
    let key = HolderKey::from_key_file(&name, &bytes, &phrase).map_err(|e| e.to_string())?;
    Ok(vec![key])
}

/// `pulse holder new`: a key pair, its key file, the public key line.
fn holder_new(out: &Path, passphrase_file: Option<&Path>) -> Result<bool, String> {
    let name = out.display().to_string();
    if out.exists() {
        return Err(format!("{name} exists already: a key is never written over (a lost key loses the round); choose another name"));
    }
    let phrase = passphrase(passphrase_file, "Choose a passphrase for the key file: ", true)?;
    let key = HolderKey::generate().map_err(|e| e.to_string())?;
    let text = key.to_key_file(&phrase).map_err(|e| e.to_string())?;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("{name}: {e}"))?;
    println!("{}", key.public());
    Ok(true)
}

/// `pulse seal`: each result file under the paths sealed to the practice's
/// key holder, written into `out` as practice-pulse-handin-YYYY-MM-ID.json;
/// a response whose file is already there keeps it (named, not an error)
/// while its answers are the ones sealed (`SealRecord`), and is refused
/// otherwise.
fn seal(practice: &Path, paths: &[PathBuf], out: &Path, quiet: bool) -> Result<bool, String> {
    let config_name = practice.display().to_string();
    let config_bytes = read_capped(practice, &config_name, config::MAX_CONFIG_BYTES)?;
    let config = config::read(&config_name, &config_bytes).map_err(|e| e.to_string())?;
    let hand_in = config.hand_in.clone().ok_or_else(|| {
        format!("{config_name} has no hand_in: give the key holder's public key in hand_in.holders")
    })?;
    let holders = hand_in
        .holders
        .iter()
        .map(|line| PublicKey::parse(line).map_err(|e| format!("{config_name}: hand_in.holders {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let files = files_under(paths)?;
    // Definitions first, so results of a practice's own questionnaire
    // read; one the hand-in cannot carry is refused by name first.
    let (catalogue, definitions_refused) = definitions(&files, &[(config_name.clone(), config.clone())])?;
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut record = SealRecord::read(seal_record_path(out));
    let (mut sealed, mut ignored, mut refused, mut kept) = (0usize, 0usize, definitions_refused, Vec::new());
    let mut failed: Result<(), String> = Ok(());
    for_each_file(&files, &mut |name, bytes| {
        if pool::is_os_added(name, &bytes) {
            ignored += 1;
            return;
        }
        if pool::file_format(&bytes).as_deref() == Some("practice-pulse-instrument") {
            return;
        }
        let mut result = match pulse_core::result_file::read(name, &bytes, &catalogue) {
            Ok(record) => record,
            Err(e) => return refused.push(e.to_string()),
        };
        let id = *result.response.get_or_insert_with(|| hand_in::response_id_for_old_file(&bytes));
        let digest = to_hex(&pool::record_digest(&result));
        let file = out.join(format!("practice-pulse-handin-{}-{id}.json", result.period));
        // Never over a file already there: a response sealed before keeps
        // the file it has, since each seal is fresh and a pile split
        // between two key holders would count neither of two different
        // files with one response id (docs/hand-in.md); but only while
        // its answers are the ones sealed (review 5, R5-5).
        if file.exists() {
            let id = id.to_string();
            return match record.sealed.get(&id) {
                Some(was) if *was == digest => kept.push(format!(
                    "{name}: response {id} was sealed before into {}, with these answers: that file is kept and not sealed again (hand in that one)",
                    file.display()
                )),
                Some(_) => refused.push(format!(
                    "{name}: its answers differ from those sealed into {} (the same response): handing in both drops the response. If {} was never handed in, delete it and seal again; if it was, hand in nothing more for this response",
                    file.display(),
                    file.display()
                )),
                None => refused.push(format!(
                    "{name}: response {id} already has a hand-in file, {}, that this computer has no record of sealing, so whether its answers are these cannot be told (it cannot be opened without a key). If it was never handed in, delete it and seal again; if it was, leave {name} out",
                    file.display()
                )),
            };
        }
        let text = match hand_in::seal(&result, &catalogue, &holders) {
            Ok(text) => text,
            Err(e) => return refused.push(format!("{name}: {e}")),
        };
        match fs::OpenOptions::new().write(true).create_new(true).open(&file) {
            Ok(mut f) => {
                if let Err(e) = std::io::Write::write_all(&mut f, text.as_bytes()) {
                    failed = Err(format!("{}: {e}", file.display()));
                }
                record.add(id.to_string(), digest);
                sealed += 1;
            }
            Err(e) => failed = Err(format!("{}: {e}", file.display())),
        }
    })?;
    failed?;
    for reason in &refused {
        eprintln!("REFUSED {reason}");
    }
    for note in &kept {
        eprintln!("KEPT {note}");
    }
    if !quiet {
        let kept_note =
            if kept.is_empty() { String::new() } else { format!(", {} already sealed (kept)", kept.len()) };
        eprintln!(
            "{sealed} files sealed into {}{kept_note}, {} refused{}",
            out.display(),
            refused.len(),
            ignored_note(ignored)
        );
    }
    Ok(refused.is_empty())
}

/// What `pulse seal` sealed into one output folder: each response id with
/// its record digest (`pool::record_digest`), so that a later run keeps a
/// hand-in file only while the result's answers are the ones sealed. Kept
/// on this computer only, in the user's own state folder
/// (`$XDG_STATE_HOME`, else `~/.local/state`; `%LOCALAPPDATA%` on Windows)
/// under `practice-pulse/sealed/`, never in the folder handed in: a digest
/// of a few answers can be tested against every guess, so it must not
/// travel with the files (docs/hand-in.md).
struct SealRecord {
    path: Option<PathBuf>,
    sealed: std::collections::HashMap<String, String>,
}

impl SealRecord {
    /// The record at `path` (none, or unreadable: empty).
    fn read(path: Option<PathBuf>) -> Self {
        let text = path.as_deref().and_then(|p| fs::read_to_string(p).ok()).unwrap_or_default();
        let sealed = text
            .lines()
            .filter_map(|line| line.split_once(' '))
            .map(|(id, digest)| (id.to_owned(), digest.to_owned()))
            .collect();
        Self { path, sealed }
    }

    /// Records a file just sealed, at once (a run stopped half-way keeps
    /// what it wrote). Best effort: without a record, a later run refuses
    /// to keep the file rather than keep it blindly.
    fn add(&mut self, id: String, digest: String) {
        if let Some(path) = &self.path {
            if let Some(folder) = path.parent() {
                let _ = fs::create_dir_all(folder);
            }
            let mut options = fs::OpenOptions::new();
            options.create(true).append(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            if let Ok(mut file) = options.open(path) {
                let _ = file.write_all(format!("{id} {digest}\n").as_bytes());
            }
        }
        self.sealed.insert(id, digest);
    }
}

/// Where `SealRecord` is kept for the output folder `out` (made already):
/// a file named by a digest of the folder's full path.
fn seal_record_path(out: &Path) -> Option<PathBuf> {
    use blake2::{Blake2s256, Digest};
    let env_dir = |name: &str| std::env::var_os(name).map(PathBuf::from).filter(|p| p.is_absolute());
    let base = env_dir("XDG_STATE_HOME")
        .or_else(|| env_dir("LOCALAPPDATA"))
        .or_else(|| env_dir("HOME").map(|home| home.join(".local").join("state")))?;
    let folder = fs::canonicalize(out).ok()?;
    let name = to_hex(&Blake2s256::digest(folder.as_os_str().as_encoded_bytes()));
    Some(base.join("practice-pulse").join("sealed").join(format!("{name}.txt")))
}

/// Bytes as lower-case hexadecimal.
fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// ", N ignored (…)" when files an operating system adds were skipped.
fn ignored_note(ignored: usize) -> String {
    if ignored == 0 {
        String::new()
    } else {
        format!(", {ignored} ignored (files an operating system adds)")
    }
}

/// Every file under the paths (directories recursively), sorted, each once.
fn files_under(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        collect(path, &mut out).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        for entry in fs::read_dir(path)? {
            collect(&entry?.path(), out)?;
        }
    } else {
        fs::metadata(path)?;
        out.push(path.to_owned());
    }
    Ok(())
}

/// The built-in questionnaires and every practice definition among the
/// files: the first of the two passes that `seal` and `check` make. With
/// a practice's configuration (`seal --practice`, or the practice.json
/// files among those checked), a definition its hand-in cannot carry is
/// left out, and why is returned (`hand_in::check_definition`).
fn definitions(files: &[PathBuf], configs: &[(String, Config)]) -> Result<(Catalogue, Vec<String>), String> {
    let mut catalogue = Catalogue::builtin();
    let mut refused = Vec::new();
    for_each_file(files, &mut |name, bytes| {
        if pool::file_format(&bytes).as_deref() == Some("practice-pulse-instrument") {
            if let Some(why) = hand_in_refuses(configs, name, &bytes) {
                refused.push(why);
            } else {
                let _ = catalogue.add_definition_bytes(name, &bytes);
            }
        }
    })?;
    Ok((catalogue, refused))
}

/// Why a practice's hand-in (any of these configurations) cannot carry
/// this definition, naming the configuration; `None` where it can (or the
/// definition is refused for another reason, named where it is checked).
fn hand_in_refuses(configs: &[(String, Config)], name: &str, bytes: &[u8]) -> Option<String> {
    let mut scratch = Catalogue::builtin();
    let instrument = scratch.add_definition_bytes(name, bytes).ok()?;
    configs.iter().find_map(|(config_name, config)| {
        hand_in::check_definition(config, name, instrument)
            .err()
            .map(|e| format!("{e}\n(the hand_in of {config_name} names two key holders)"))
    })
}

/// The practice configurations among the files, each valid one with its name.
fn configs_among(files: &[PathBuf]) -> Result<Vec<(String, Config)>, String> {
    let mut configs = Vec::new();
    for_each_file(files, &mut |name, bytes| {
        if pool::file_format(&bytes).as_deref() == Some(config::FORMAT) {
            if let Ok(config) = config::read(name, &bytes) {
                configs.push((name.to_owned(), config));
            }
        }
    })?;
    Ok(configs)
}

/// Checks every file under the paths, one at a time (a `.zip` archive's
/// files each), in two passes so memory does not grow with the number of
/// files: the definitions first, so results of a practice's own
/// questionnaire check against it; then every file.
fn check(paths: &[PathBuf], keys: &[HolderKey], quiet: bool) -> Result<bool, String> {
    let files = files_under(paths)?;
    let configs = configs_among(&files)?;
    let (catalogue, _) = definitions(&files, &configs)?;
    let mut all_ok = true;
    let mut ignored = 0usize;
    let mut stdout = std::io::stdout().lock();
    let mut written: Result<(), String> = Ok(());
    for_each_file(&files, &mut |name, bytes| {
        if pool::is_os_added(name, &bytes) {
            ignored += 1;
            return;
        }
        let verdict = match pool::file_format(&bytes).as_deref() {
            Some("practice-pulse-instrument") => {
                let mut scratch = Catalogue::builtin();
                scratch
                    .add_definition_bytes(name, &bytes)
                    .map(|_| ())
                    .map_err(|e| format!("{name}: {e}"))
                    .and_then(|()| hand_in_refuses(&configs, name, &bytes).map_or(Ok(()), Err))
            }
            Some(config::FORMAT) => config::read(name, &bytes).map(|_| ()).map_err(|e| e.to_string()),
            _ => hand_in::read_any(name, &bytes, &catalogue, keys).map(|_| ()).map_err(|e| e.to_string()),
        };
        let line = match verdict {
            Ok(()) if quiet => return,
            Ok(()) => format!("OK {name}"),
            Err(reason) => {
                all_ok = false;
                format!("REFUSED {reason}")
            }
        };
        if let Err(e) = writeln!(stdout, "{line}") {
            written = Err(e.to_string());
        }
    })?;
    written?;
    if ignored > 0 && !quiet {
        eprintln!("{ignored} ignored (files an operating system adds)");
    }
    Ok(all_ok)
}

/// How `pool` writes: the format, the file (or standard output), and the
/// team's plan to add to the JSON report.
struct Output<'a> {
    format: Format,
    out: Option<&'a Path>,
    plan: Option<pulse_core::plan::Plan>,
}

/// The practice's rounds in order (`Config::round_order`), from the
/// configuration given with `--practice`; none without one.
/// The practice's rounds, oldest first, and its min_group_size.
/// The practice's rounds, minimum group, key holders and teams (`--practice`).
type Practice = (Vec<String>, Option<u32>, Vec<hand_in::PublicKey>, Vec<String>);

fn read_rounds(practice: Option<&Path>) -> Result<Practice, String> {
    let Some(path) = practice else { return Ok((Vec::new(), None, Vec::new(), Vec::new())) };
    let name = path.display().to_string();
    let bytes = fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let config = config::read(&name, &bytes).map_err(|e| e.to_string())?;
    let holders = config
        .hand_in
        .as_ref()
        .map(|h| h.holders.iter().filter_map(|l| hand_in::PublicKey::parse(l).ok()).collect())
        .unwrap_or_default();
    Ok((config.round_order(), Some(config.min_group_size), holders, config.teams))
}

/// The plan given with `--plan`, read by the core (JSON output only).
fn read_plan(format: Format, plan: Option<&Path>) -> Result<Option<pulse_core::plan::Plan>, String> {
    match plan {
        Some(_) if format != Format::Json => {
            Err("--plan adds the plan to the JSON report: add --format json".into())
        }
        Some(path) => {
            let name = path.display().to_string();
            let bytes = read_capped(path, &name, pulse_core::plan::MAX_PLAN_BYTES)?;
            pulse_core::plan::read(&name, &bytes).map(Some).map_err(|e| e.to_string())
        }
        None => Ok(None),
    }
}

fn pool_files(
    paths: &[PathBuf],
    keys: Vec<HolderKey>,
    min_group: u32,
    by: &[By],
    (rounds, teams): (Vec<String>, Vec<String>),
    output: Output<'_>,
    quiet: bool,
) -> Result<bool, String> {
    let Output { format, out, plan } = output;
    let files = files_under(paths)?;
    let progress = progress_bar(files.len() as u64, quiet);
    // The core's one pipeline, as on the team page: intake, pool, finish;
    // the practice's rounds, if given, set the order first.
    let mut pile = pool::Pile::with_keys(Catalogue::builtin(), keys);
    pile.set_rounds(rounds);
    pile.set_teams(teams);
    for path in &files {
        let name = path.display().to_string();
        let bytes = read_capped(path, &name, pulse_core::archive::max_bytes_for(&name))?;
        pile.take(&name, bytes);
        progress.inc(1);
    }
    progress.finish_and_clear();
    // Rounds are never added together (a group hidden in one round would
    // follow from the sum): `--by team` breaks down within each round.
    let mut report = pile.report(min_group as usize);
    if !quiet {
        for (round, names) in pile.unlisted() {
            let round = round.as_deref().unwrap_or("(no round)");
            eprintln!(
                "round \"{round}\" is not in the practice's rounds, so it is read after them: {}",
                names.join(", ")
            );
        }
    }
    if !by.contains(&By::Team) {
        report.only_all();
    }
    let text = match format {
        Format::Csv => pool::to_csv(&report.rows, pile.catalogue()),
        Format::Json => match &plan {
            Some(plan) => {
                let catalogue = Catalogue::builtin();
                let reviewed = pulse_core::plan::review(plan, &report, &catalogue);
                let review = pulse_core::plan::review_json(plan, &reviewed, &report);
                pulse_core::plan::with_review(&pool::to_json(&report), review)
            }
            None => pool::to_json(&report),
        },
    };
    match out {
        Some(path) => fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?,
        None => std::io::stdout().write_all(text.as_bytes()).map_err(|e| e.to_string())?,
    }
    let read = Read {
        records: pile.records(),
        duplicates: pile.duplicates().len(),
        refused: pile.refused().to_vec(),
        ignored: pile.ignored(),
        conflicts: false,
    };
    read.report("pooled", quiet);
    Ok(read.refused.is_empty())
}

/// The two key holders' step files given to `pulse pool`.
struct Steps<'a> {
    step: Option<&'a Path>,
    out_step: Option<&'a Path>,
    /// The second holder's record of releases (step 2 only).
    ledger: Option<&'a Path>,
}

/// Two key holders: one holder's step, from the pile and the other's step
/// file (docs/hand-in.md, "Pooling in three steps"). Step 1: no --step,
/// --out-step. Step 2: --step (step 1), --out-step. The report: --step
/// (step 2), no --out-step. Step 1 again after a step 2 that refused
/// responses: --step (that step 2), --out-step.
#[allow(clippy::too_many_arguments)]
fn pool_steps(
    paths: &[PathBuf],
    keys: Vec<HolderKey>,
    min_group: u32,
    by: &[By],
    (rounds, holders, teams): (Vec<String>, Vec<hand_in::PublicKey>, Vec<String>),
    output: Output<'_>,
    steps: Steps<'_>,
    quiet: bool,
) -> Result<bool, String> {
    let Some(key) = keys.into_iter().next() else {
        return Err("the two key holders' steps need --key: this holder's key file".into());
    };
    // The other holder's step first: a file that cannot be one is refused
    // before the pile is read.
    let given = match steps.step {
        Some(path) => Some(read_step_file(path)?),
        None => None,
    };
    // The record of releases too: a bad one stops here, nothing written.
    let ledger = match steps.ledger {
        Some(path) => Some((path, read_ledger(path)?)),
        None => None,
    };
    let files = files_under(paths)?;
    let progress = progress_bar(files.len() as u64, quiet);
    let mut pile = hand_in::SplitPile::new(Catalogue::builtin(), key);
    pile.set_rounds(rounds);
    pile.set_holders(holders);
    pile.set_teams(teams);
    for_each_file(&files, &mut |name, bytes| {
        pile.take(name, bytes);
        progress.inc(1);
    })?;
    progress.finish_and_clear();
    let stage = match &given {
        Some((name, bytes)) => {
            let step = hand_in::steps::read_step(name, bytes).map_err(|e| e.to_string())?;
            Some((step.stage, step.cells.is_none(), step.min_group))
        }
        None => None,
    };
    let k = min_group as usize;
    // Step 2: step 1 given, a step file to write.
    let step_two = steps.out_step.is_some() && matches!(stage, Some((1, _, _)));
    if ledger.is_some() && !step_two {
        return Err("--ledger is the second key holder's record of releases, kept at step 2: give it with --step (the first holder's step 1) and --out-step".into());
    }
    // What the record of releases decided for each round step 2 released.
    let mut decided: Vec<(Option<String>, hand_in::ledger::Decision)> = Vec::new();
    let done = (|| -> Result<String, String> {
        Ok(match (steps.out_step, &given, stage) {
            (Some(out), None, _) => {
                let text = pile.step_one(k, None).map_err(|e| e.to_string())?;
                write_step(out, &text)?;
                format!("step 1 written to {}: give it to the second key holder", out.display())
            }
            (Some(out), Some((name, bytes)), Some((2, true, step_k))) => {
                let text = pile.step_one(step_k, Some((name, bytes))).map_err(|e| e.to_string())?;
                write_step(out, &text)?;
                format!("step 1 written again to {}, leaving out the responses {name} refused: give it to the second key holder", out.display())
            }
            (Some(out), Some((name, bytes)), _) => {
                let text = match &ledger {
                    Some((path, kept)) => {
                        let (text, updated, decisions) = pile
                            .step_two_recorded(name, bytes, k, kept, this_month()?)
                            .map_err(|e| e.to_string())?;
                        write_step_and_ledger(out, &text, path, &updated)?;
                        decided = decisions;
                        text
                    }
                    None => {
                        let text = pile.step_two(name, bytes, k).map_err(|e| e.to_string())?;
                        write_step(out, &text)?;
                        text
                    }
                };
                let step = hand_in::steps::read_step(name, text.as_bytes()).map_err(|e| e.to_string())?;
                if step.cells.is_none() {
                    format!(
                    "step 2 written to {}: {} responses fail the proof; the first key holder makes step 1 again with it (--step), then step 2 again",
                    out.display(),
                    step.refused.len()
                )
                } else {
                    format!(
                    "step 2 written to {} at minimum group {}: give it to the first key holder, who makes the report",
                    out.display(),
                    k.max(config::MIN_GROUP_FLOOR as usize)
                )
                }
            }
            (None, Some((name, bytes)), _) => {
                let mut report = pile.report(name, bytes, k).map_err(|e| e.to_string())?;
                if !by.contains(&By::Team) {
                    report.only_all();
                }
                write_report(&report, pile.catalogue(), output)?;
                format!("the team report made at minimum group {}", k.max(config::MIN_GROUP_FLOOR as usize))
            }
            (None, None, _) => return Err("give --step, --out-step or both".into()),
        })
    })();
    let read = Read {
        records: pile.responses(),
        duplicates: pile.duplicates().len(),
        refused: pile.refused().to_vec(),
        ignored: pile.ignored(),
        conflicts: false,
    };
    // The files turned away are named even when the step is refused (two
    // files with one response id make the piles differ: each is named).
    read.report("opened", quiet);
    let done = done?;
    // Steps 1 and 2: the files per round and team (in clear in the files),
    // for each holder to compare with how many staff handed in.
    if steps.out_step.is_some() && !quiet {
        let counts: Vec<String> = pile
            .files_per_round_and_team()
            .iter()
            .map(|((round, team), n)| {
                format!(
                    "{}, {}: {n}",
                    round.as_deref().unwrap_or("no round"),
                    team.as_deref().unwrap_or("team not given (no roster can check)")
                )
            })
            .collect();
        eprintln!("files per round and team (compare with how many staff handed in): {}", counts.join("; "));
        let totals: Vec<String> = pile
            .files_per_round()
            .iter()
            .map(|(round, n)| format!("{}: {n}", round.as_deref().unwrap_or("no round")))
            .collect();
        eprintln!(
            "files per round (each round's total must equal how many staff handed in for it): {}",
            totals.join("; ")
        );
        for team in pile.unchecked_teams().into_iter().flatten() {
            eprintln!(
                "team \"{team}\" is not one of the practice's teams (practice.json): no roster can check its files"
            );
        }
        for round in pile.unlisted_rounds() {
            eprintln!(
                "round \"{}\" is not one of the practice's rounds (practice.json): were these files handed in for this round?",
                round.as_deref().unwrap_or("no round")
            );
        }
        eprintln!("{}", hand_in::steps::COMPARE_FILES);
        // The receipts staff were shown, per round, for the second holder
        // to check (review 4, finding 1).
        for (round, receipts) in pile.receipts_per_round() {
            eprintln!(
                "receipts in round {} ({}): {}",
                round.as_deref().unwrap_or("(no round)"),
                receipts.len(),
                receipts.join(" ")
            );
        }
        // Step 2 releases sums: each round of a pile of several may have
        // been released before (review 4, finding 2).
        let rounds: BTreeSet<Option<String>> =
            pile.files_per_round_and_team().into_keys().map(|(round, _)| round).collect();
        if step_two && ledger.is_none() && rounds.len() > 1 {
            for round in &rounds {
                eprintln!("{}", hand_in::steps::released_before(round.as_deref().unwrap_or("no round")));
            }
        }
    }
    if !quiet {
        if let Some((path, _)) = &ledger {
            for (round, decision) in &decided {
                let round = hand_in::ledger::round_name(round);
                match decision {
                    hand_in::ledger::Decision::First => {
                        eprintln!("{round}: released for the first time, recorded in {}", path.display())
                    }
                    hand_in::ledger::Decision::Same(month) => eprintln!(
                        "{round}: the same files and minimum group as its release in {month}, so nothing new is released"
                    ),
                }
            }
        }
        eprintln!("{done}");
    }
    Ok(read.refused.is_empty())
}

/// The second holder's record of releases: read by the core (refused
/// naming the file, the place and the reason), or a new one when the file
/// does not exist yet.
fn read_ledger(path: &Path) -> Result<hand_in::Ledger, String> {
    let name = path.display().to_string();
    match fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(hand_in::Ledger::new()),
        _ => {
            let bytes = read_capped(path, &name, hand_in::ledger::MAX_LEDGER_BYTES)?;
            hand_in::Ledger::read(&name, &bytes).map_err(|e| e.to_string())
        }
    }
}

/// This month by the computer's clock (UTC): the month a release is
/// recorded under, never a day.
fn this_month() -> Result<pulse_core::Period, String> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| "the computer's clock is set before 1970".to_owned())?
        .as_secs();
    month_of_day(i64::try_from(secs / 86_400).unwrap_or(0))
        .ok_or_else(|| "the computer's clock gives no month a file can hold".to_owned())
}

/// The month of a day counted from 1970-01-01: Howard Hinnant's
/// civil_from_days, in i64 far from overflow for any clock.
fn month_of_day(days: i64) -> Option<pulse_core::Period> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    u16::try_from(year).ok().zip(u8::try_from(month).ok()).and_then(|(y, m)| pulse_core::Period::new(y, m))
}

/// Step 2 and the updated record of releases, written together: the
/// record to a partial file first, then the step file, then the record
/// renamed over the old one (atomic on one file system). If the step file
/// cannot be written, the record is left as it was; if the record cannot
/// be renamed, the step file is removed, so no release goes unrecorded.
fn write_step_and_ledger(
    out: &Path,
    text: &str,
    path: &Path,
    ledger: &hand_in::Ledger,
) -> Result<(), String> {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = path.with_file_name(format!(".{file_name}.partial"));
    let write_partial = || -> std::io::Result<()> {
        let mut file = fs::File::create(&partial)?;
        file.write_all(ledger.to_json().as_bytes())?;
        file.sync_all()
    };
    write_partial().map_err(|e| {
        let _ = fs::remove_file(&partial);
        format!("{}: {e}; nothing was written", path.display())
    })?;
    if let Err(e) = write_step(out, text) {
        let _ = fs::remove_file(&partial);
        return Err(format!("{e}; the record of releases {} is unchanged", path.display()));
    }
    fs::rename(&partial, path).map_err(|e| {
        let _ = fs::remove_file(out);
        let _ = fs::remove_file(&partial);
        format!(
            "{}: {e}; the release could not be recorded, so the step file {} was removed",
            path.display(),
            out.display()
        )
    })
}

/// A step file's name and bytes, read as every other input is (a regular
/// file only, at most one byte past the limit); one longer than any step
/// file is refused by its length, without being read.
fn read_step_file(path: &Path) -> Result<(String, Vec<u8>), String> {
    let name = path.display().to_string();
    let limit = hand_in::steps::MAX_STEP_BYTES;
    if fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > u64::try_from(limit).unwrap_or(u64::MAX)) {
        return Err(hand_in::steps::too_large(&name).to_string());
    }
    let bytes = read_capped(path, &name, limit)?;
    Ok((name, bytes))
}

fn write_step(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The report as CSV or JSON (with the plan's review), to --out or stdout.
fn write_report(report: &pool::Report, catalogue: &Catalogue, output: Output<'_>) -> Result<(), String> {
    let Output { format, out, plan } = output;
    let text = match format {
        Format::Csv => pool::to_csv(&report.rows, catalogue),
        Format::Json => match &plan {
            Some(plan) => {
                let reviewed = pulse_core::plan::review(plan, report, catalogue);
                let review = pulse_core::plan::review_json(plan, &reviewed, report);
                pulse_core::plan::with_review(&pool::to_json(report), review)
            }
            None => pool::to_json(report),
        },
    };
    match out {
        Some(path) => fs::write(path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => std::io::stdout().write_all(text.as_bytes()).map_err(|e| e.to_string()),
    }
}

/// What streaming the files came to.
struct Read {
    records: usize,
    duplicates: usize,
    refused: Vec<String>,
    ignored: usize,
    /// Two files carried one response id with different contents (only
    /// `export` needs to know: `pool` leaves both out of its sums).
    conflicts: bool,
}

impl Read {
    /// Each refusal, then (unless quiet) a one-line summary, on standard error.
    fn report(&self, done: &str, quiet: bool) {
        for reason in &self.refused {
            eprintln!("REFUSED {reason}");
        }
        if !quiet {
            eprintln!(
                "{} files {done}, {} refused, {} duplicates counted once{}",
                self.records,
                self.refused.len(),
                self.duplicates,
                ignored_note(self.ignored)
            );
        }
    }
}

/// Streams every result file listed (`files_under`) to `each`, one at a
/// time, with the catalogue it scores by, through the core's
/// [`pool::Intake`] (the same as the team page's): definitions join the
/// catalogue, each response id counts once, and only results waiting for
/// a definition are kept in memory.
fn stream_files(
    files: &[PathBuf],
    keys: Vec<HolderKey>,
    quiet: bool,
    each: &mut dyn FnMut(&Catalogue, ResultRecord) -> Result<(), String>,
) -> Result<Read, String> {
    let progress = progress_bar(files.len() as u64, quiet);
    let mut intake = pool::Intake::with_keys(Catalogue::builtin(), keys);
    let mut failed: Result<(), String> = Ok(());
    for_each_file(files, &mut |name, bytes| {
        if let Some(record) = intake.take(name, bytes) {
            if let Err(e) = each(&intake.catalogue, record) {
                failed = Err(e);
            }
        }
        progress.inc(1);
    })?;
    for record in intake.finish() {
        each(&intake.catalogue, record)?;
    }
    progress.finish_and_clear();
    failed?;
    Ok(Read {
        records: intake.records,
        duplicates: intake.duplicates.len(),
        conflicts: intake.has_conflicts(),
        refused: intake.refused,
        ignored: intake.ignored,
    })
}

/// A progress bar on standard error for long runs; hidden when quiet or
/// when standard error is not a terminal.
fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {eta}") {
        bar.set_style(style);
    }
    bar
}

/// The longest passphrase file read (its first line is the passphrase).
const MAX_PASSPHRASE_FILE_BYTES: usize = 4096;

/// A file's bytes, reading at most `max + 1` of them, so that a file far
/// larger than any the core reads (or `/dev/zero`) costs no more memory
/// than that, and the core's own size check refuses it with its reason.
/// Only regular files are read: a pipe or a device could block for ever.
fn read_capped(path: &Path, name: &str, max: usize) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    // Looked at before opening: opening a pipe waits for a writer.
    let meta = fs::metadata(path).map_err(|e| format!("{name}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{name}: not a regular file (a pipe, a device or a socket); give a file"));
    }
    let file = fs::File::open(path).map_err(|e| format!("{name}: {e}"))?;
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok(bytes)
}

/// Calls `each` with every file's name and bytes, one at a time; a `.zip`
/// archive gives each of its files (named `archive.zip/inner.json`).
fn for_each_file(files: &[PathBuf], each: &mut dyn FnMut(&str, Vec<u8>)) -> Result<(), String> {
    for path in files {
        let name = path.display().to_string();
        let bytes = read_capped(path, &name, pulse_core::archive::max_bytes_for(&name))?;
        if pulse_core::archive::is_archive(&name) {
            pulse_core::archive::for_each_in_zip(&name, &bytes, each)?;
        } else {
            each(&name, bytes);
        }
    }
    Ok(())
}

/// Where export rows go: a CSV or a Parquet file, written batch by batch.
enum Sink {
    Csv(csv::Writer<fs::File>),
    Parquet(parquet_out::Writer),
}

impl Sink {
    /// A sink of the kind `out` names (by its extension), writing to `path`.
    fn create(out: &Path, path: &Path, name: &str, value: &str) -> Result<Self, String> {
        match out.extension().and_then(|e| e.to_str()) {
            Some("parquet") => Ok(Sink::Parquet(parquet_out::Writer::create(path, name, value)?)),
            Some("csv") => {
                let mut writer =
                    csv::Writer::from_path(path).map_err(|e| format!("{}: {e}", out.display()))?;
                writer
                    .write_record([
                        "response",
                        "round",
                        "team",
                        "period",
                        "instrument",
                        "instrument_version",
                        name,
                        value,
                    ])
                    .map_err(|e| e.to_string())?;
                Ok(Sink::Csv(writer))
            }
            _ => Err(format!("{}: write a .csv or a .parquet file", out.display())),
        }
    }

    fn write(&mut self, rows: &[Tidy]) -> Result<(), String> {
        match self {
            Sink::Parquet(w) => w.write(rows),
            Sink::Csv(w) => {
                for row in rows {
                    let [response, round, team, period, instrument] = &row.text;
                    let version = row.version.to_string();
                    let v = row.value.map(|v| v.to_string()).unwrap_or_default();
                    w.write_record([response, round, team, period, instrument, &version, &row.name, &v])
                        .map_err(|e| e.to_string())?;
                }
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<(), String> {
        match self {
            Sink::Parquet(w) => w.close(),
            Sink::Csv(mut w) => w.flush().map_err(|e| e.to_string()),
        }
    }
}

/// Rows buffered before a batch is written (one Parquet row group).
const BATCH_ROWS: usize = 50_000;

/// The tidy rows of one record.
fn tidy_rows(catalogue: &Catalogue, record: &pulse_core::ResultRecord, items: bool, rows: &mut Vec<Tidy>) {
    let head = [
        record.response.map(|r| r.to_string()).unwrap_or_default(),
        record.round.clone().unwrap_or_default(),
        record.team.clone().unwrap_or_default(),
        record.period.to_string(),
    ];
    for answers in &record.responses {
        let Some(instrument) = catalogue.get(&answers.key) else { continue };
        let version = i32::try_from(instrument.key().version).unwrap_or(i32::MAX);
        let [response, round, team, period] = head.clone();
        let text = [response, round, team, period, instrument.key().id.clone()];
        if items {
            for (item, answer) in instrument.items().iter().zip(&answers.answers) {
                if let Some(a) = answer {
                    rows.push(Tidy {
                        text: text.clone(),
                        version,
                        name: item.id().to_owned(),
                        value: Some(f64::from(*a)),
                    });
                }
            }
        } else {
            for spec in instrument.scores().iter().filter(|s| s.method() != Method::Frequencies) {
                let value = pulse_core::score_one(instrument, spec, &answers.answers).value();
                rows.push(Tidy { text: text.clone(), version, name: spec.id().to_owned(), value });
            }
        }
    }
}

/// The partial export being written: removed when the run is stopped by
/// Ctrl-C or a termination signal, since it holds row-level answers.
static PART_IN_FLIGHT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The partial export, locked (a poisoned lock still holds the path).
fn part_in_flight() -> MutexGuard<'static, Option<PathBuf>> {
    PART_IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// From now until `export` renames or removes `part`, Ctrl-C, SIGTERM or
/// SIGHUP (`ctrlc`, its handler on a thread of its own) removes it and
/// ends the run with exit 130. The lock is held while `export` renames:
/// a run stopped then leaves either the whole export at `--out` or none.
/// A run killed outright (SIGKILL, a power cut) can still leave the
/// partial file (docs/analysts.md).
fn remove_part_when_stopped(part: &Path) {
    *part_in_flight() = Some(part.to_owned());
    // `pulse` runs one export per process, so this is set once; should the
    // handler not be set, the run goes on as before.
    let _ = ctrlc::set_handler(|| {
        let part = part_in_flight();
        if let Some(part) = part.as_ref() {
            let _ = fs::remove_file(part);
            eprintln!("pulse: stopped: nothing exported, and no partial file left");
        }
        std::process::exit(130);
    });
}

/// `files` without the export's own output and partial file (by their
/// canonical paths): an export written into a folder it exports never
/// reads itself, nor a partial file an earlier run left.
fn without_own_output(files: Vec<PathBuf>, own: [&Path; 2]) -> Vec<PathBuf> {
    let canonical = |path: &Path| -> Option<PathBuf> {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Some(fs::canonicalize(folder).ok()?.join(path.file_name()?))
    };
    let own: Vec<PathBuf> = own.iter().filter_map(|p| canonical(p)).collect();
    files
        .into_iter()
        .filter(|file| {
            // Only a file of the same name is looked at more closely.
            let same_name = own.iter().any(|o| o.file_name() == file.file_name());
            !same_name || canonical(file).is_none_or(|c| !own.contains(&c))
        })
        .collect()
}

/// Streams the files into tidy rows, written a batch at a time, so memory
/// does not grow with the number of files (beyond the ids seen).
/// The files are listed first, without `out` and the partial file. The
/// rows go to a partial file beside `out` (`.NAME.part`), which becomes
/// `out` only when every file has been read: a run that stops on an error,
/// Ctrl-C or SIGTERM leaves no half-written export and keeps any earlier
/// file at `out`. Two files carrying one response id with different
/// contents are found only when the second is read, after the first's
/// rows were written: then nothing is exported, as `pool` counts neither.
fn export(paths: &[PathBuf], out: &Path, items: bool, quiet: bool) -> Result<bool, String> {
    let file_name = out.file_name().and_then(|n| n.to_str()).unwrap_or("export");
    let part = out.with_file_name(format!(".{file_name}.part"));
    let files = without_own_output(files_under(paths)?, [out, &part]);
    remove_part_when_stopped(&part);
    let written = export_to(&files, out, &part, items, quiet).and_then(|read| {
        read.report(if read.conflicts { "read" } else { "exported" }, quiet);
        if read.conflicts {
            return Err(format!(
                "{}: nothing exported: two different files carry one response id (refused above); take out the file that is not genuine and export again",
                out.display()
            ));
        }
        Ok(read)
    });
    // Held until the partial file is renamed or removed: see
    // `remove_part_when_stopped`.
    let mut in_flight = part_in_flight();
    let done = match written {
        Ok(read) => fs::rename(&part, out).map(|()| read.refused.is_empty()).map_err(|e| {
            let _ = fs::remove_file(&part);
            format!("{}: {e}", out.display())
        }),
        Err(e) => {
            // Best effort: the error being reported matters more than this.
            let _ = fs::remove_file(&part);
            Err(e)
        }
    };
    *in_flight = None;
    done
}

fn export_to(files: &[PathBuf], out: &Path, part: &Path, items: bool, quiet: bool) -> Result<Read, String> {
    let (name, value) = if items { ("item", "value") } else { ("measure", "score") };
    let mut sink = Sink::create(out, part, name, value)?;
    let mut rows: Vec<Tidy> = Vec::new();
    // No key: sealed hand-in files are never exported row by row.
    let read = stream_files(files, Vec::new(), quiet, &mut |catalogue, record| {
        tidy_rows(catalogue, &record, items, &mut rows);
        if rows.len() < BATCH_ROWS {
            return Ok(());
        }
        let written = sink.write(&rows);
        rows.clear();
        written
    })?;
    sink.write(&rows)?;
    sink.finish()?;
    Ok(read)
}

#[cfg(test)]
mod tests {
    /// Days from 1970-01-01 (worked out with Python's datetime) to months,
    /// across leap days, a year's end and a century that is no leap year.
    #[test]
    fn a_day_count_gives_its_month() {
        for (days, month) in [
            (10_957, "2000-01"),
            (11_016, "2000-02"),
            (11_017, "2000-03"),
            (20_787, "2026-11"),
            (20_818, "2026-12"),
            (20_819, "2027-01"),
            (47_540, "2100-02"),
            (47_541, "2100-03"),
        ] {
            assert_eq!(
                super::month_of_day(days).map(|p| p.to_string()).as_deref(),
                Some(month),
                "day {days}"
            );
        }
        assert_eq!(super::month_of_day(0), None, "1970 is before any month a file holds");
    }
}
