//! Opening several result files side by side: which opened, which were
//! turned away and why, and the table a person reads. One bad file never
//! stops the others, and never changes what was already open.

use crate::catalogue::Catalogue;
use crate::instrument::{InstrumentKey, Method};
use crate::result_file::{self, Rejected, ResultRecord};
use crate::scoring::{score_one, Outcome};

/// A result file that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub file_name: String,
    pub record: ResultRecord,
}

/// Reads every file; the good ones are returned in the order given, the bad
/// ones with their reasons.
pub fn open_all(catalogue: &Catalogue, files: &[(String, Vec<u8>)]) -> (Vec<Opened>, Vec<Rejected>) {
    let mut opened = Vec::new();
    let mut rejected = Vec::new();
    for (name, bytes) in files {
        match result_file::read(name, bytes, catalogue) {
            Ok(record) => opened.push(Opened { file_name: name.clone(), record }),
            Err(r) => rejected.push(r),
        }
    }
    (opened, rejected)
}

/// One row of the comparison: a score, and what each file gives for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub instrument: InstrumentKey,
    pub score_id: String,
    pub title: String,
    /// How the score is made, which decides how it is shown.
    pub method: Method,
    pub range: (f64, f64),
    /// One cell per opened file, in the same order; `None` where the file
    /// did not answer that instrument.
    pub cells: Vec<Option<Outcome>>,
}

/// The numeric scores of every file, one row per score that any file has,
/// in catalogue order.
pub fn comparison(catalogue: &Catalogue, files: &[Opened]) -> Vec<Row> {
    let mut rows = Vec::new();
    for instrument in catalogue.all() {
        if !files.iter().any(|f| f.record.responses.iter().any(|r| r.key == instrument.key)) {
            continue;
        }
        for spec in instrument.scores.iter().filter(|s| s.method != Method::Frequencies) {
            let cells = files
                .iter()
                .map(|f| {
                    f.record
                        .responses
                        .iter()
                        .find(|r| r.key == instrument.key)
                        .map(|r| score_one(instrument, spec, &r.answers))
                })
                .collect();
            rows.push(Row {
                instrument: instrument.key.clone(),
                score_id: spec.id.clone(),
                title: spec.title.clone(),
                method: spec.method,
                range: spec.range,
                cells,
            });
        }
    }
    rows
}
