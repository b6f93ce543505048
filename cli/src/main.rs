//! `pulse`: the core as a command-line tool. It only reads files, calls
//! pulse-core and writes; every rule (checking, scoring, pooling,
//! suppression) is the core's, so it holds here exactly as in the browser.
//!
//! Exit codes: 0 everything read, 1 some files refused, 2 usage.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod parquet_out;

use clap::{Parser, Subcommand, ValueEnum};
use parquet_out::Tidy;
use pulse_core::config::{self, DEFAULT_MIN_GROUP};
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
    },
    /// Pool result files into the team report the team page makes.
    Pool {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The smallest group shown (never below 3).
        #[arg(long = "min-group", default_value_t = DEFAULT_MIN_GROUP)]
        min_group: u32,
        /// Break the report down by round, team, or both.
        #[arg(long, value_delimiter = ',', default_value = "round,team")]
        by: Vec<By>,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
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
        Command::Check { paths } => check(&paths, cli.quiet),
        Command::Pool { paths, min_group, by, format, out } => {
            pool_files(&paths, min_group, &by, format, out.as_deref(), cli.quiet)
        }
        Command::Export { paths, out, items } => export(&paths, &out, items, cli.quiet),
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

/// Checks every file under the paths, one at a time (a `.zip` archive's
/// files each), in two passes so memory does not grow with the number of
/// files: the definitions first, so results of a practice's own
/// questionnaire check against it; then every file.
fn check(paths: &[PathBuf], quiet: bool) -> Result<bool, String> {
    let files = files_under(paths)?;
    let mut catalogue = Catalogue::builtin();
    for_each_file(&files, &mut |name, bytes| {
        if pool::file_format(&bytes).as_deref() == Some("practice-pulse-instrument") {
            let _ = catalogue.add_definition_bytes(name, &bytes);
        }
    })?;
    let mut all_ok = true;
    let mut stdout = std::io::stdout().lock();
    let mut written: Result<(), String> = Ok(());
    for_each_file(&files, &mut |name, bytes| {
        let verdict = match pool::file_format(&bytes).as_deref() {
            Some("practice-pulse-instrument") => {
                let mut scratch = Catalogue::builtin();
                scratch.add_definition_bytes(name, &bytes).map(|_| ()).map_err(|e| format!("{name}: {e}"))
            }
            Some(config::FORMAT) => config::read(name, &bytes).map(|_| ()).map_err(|e| e.to_string()),
            _ => {
                pulse_core::result_file::read(name, &bytes, &catalogue).map(|_| ()).map_err(|e| e.to_string())
            }
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
    Ok(all_ok)
}

fn pool_files(
    paths: &[PathBuf],
    min_group: u32,
    by: &[By],
    format: Format,
    out: Option<&Path>,
    quiet: bool,
) -> Result<bool, String> {
    let mut pool = pool::Pool::default();
    let read = stream_results(paths, quiet, &mut |catalogue, mut record| {
        if !by.contains(&By::Round) {
            record.round = None;
        }
        if !by.contains(&By::Team) {
            record.team = None;
        }
        pool.add(catalogue, &record);
        Ok(())
    })?;
    let mut report = pool.full_report(&read.catalogue, min_group as usize);
    if !by.contains(&By::Team) {
        report.only_all();
    }
    let text = match format {
        Format::Csv => pool::to_csv(&report.rows),
        Format::Json => pool::to_json(&report),
    };
    match out {
        Some(path) => fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?,
        None => std::io::stdout().write_all(text.as_bytes()).map_err(|e| e.to_string())?,
    }
    read.report("pooled", quiet);
    Ok(read.refused.is_empty())
}

/// What streaming the files came to.
struct Read {
    /// The built-in catalogue and every definition among the files.
    catalogue: Catalogue,
    records: usize,
    duplicates: usize,
    refused: Vec<String>,
}

impl Read {
    /// Each refusal, then (unless quiet) a one-line summary, on standard error.
    fn report(&self, done: &str, quiet: bool) {
        for reason in &self.refused {
            eprintln!("REFUSED {reason}");
        }
        if !quiet {
            eprintln!(
                "{} files {done}, {} refused, {} duplicates counted once",
                self.records,
                self.refused.len(),
                self.duplicates
            );
        }
    }
}

/// Streams every result file under the paths to `each`, one at a time,
/// with the catalogue it scores by, through the core's [`pool::Intake`]
/// (the same as the team page's): definitions join the catalogue, each
/// response id counts once, and only results waiting for a definition are
/// kept in memory.
fn stream_results(
    paths: &[PathBuf],
    quiet: bool,
    each: &mut dyn FnMut(&Catalogue, ResultRecord) -> Result<(), String>,
) -> Result<Read, String> {
    let files = files_under(paths)?;
    let progress = progress_bar(files.len() as u64, quiet);
    let mut intake = pool::Intake::new(Catalogue::builtin());
    let mut failed: Result<(), String> = Ok(());
    for_each_file(&files, &mut |name, bytes| {
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
        refused: intake.refused,
        catalogue: intake.catalogue,
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

/// Calls `each` with every file's name and bytes, one at a time; a `.zip`
/// archive gives each of its files (named `archive.zip/inner.json`).
fn for_each_file(files: &[PathBuf], each: &mut dyn FnMut(&str, Vec<u8>)) -> Result<(), String> {
    for path in files {
        let name = path.display().to_string();
        let bytes = fs::read(path).map_err(|e| format!("{name}: {e}"))?;
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
    fn create(out: &Path, name: &str, value: &str) -> Result<Self, String> {
        match out.extension().and_then(|e| e.to_str()) {
            Some("parquet") => Ok(Sink::Parquet(parquet_out::Writer::create(out, name, value)?)),
            Some("csv") => {
                let mut writer =
                    csv::Writer::from_path(out).map_err(|e| format!("{}: {e}", out.display()))?;
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

/// Streams the files into tidy rows, written a batch at a time, so memory
/// does not grow with the number of files (beyond the ids seen).
fn export(paths: &[PathBuf], out: &Path, items: bool, quiet: bool) -> Result<bool, String> {
    let (name, value) = if items { ("item", "value") } else { ("measure", "score") };
    let mut sink = Sink::create(out, name, value)?;
    let mut rows: Vec<Tidy> = Vec::new();
    let read = stream_results(paths, quiet, &mut |catalogue, record| {
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
    read.report("exported", quiet);
    Ok(read.refused.is_empty())
}
