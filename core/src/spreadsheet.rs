//! CSV that is safe to open in a spreadsheet. Every CSV the core writes
//! goes through here: the personal result CSV today, team reports later.
//!
//! - A UTF-8 byte-order mark leads the file, so Excel on Windows reads
//!   "2–5 times" as written rather than as Windows-1252.
//! - A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
//!   is neutralised with a leading `'` (OWASP's rule against formula
//!   injection), unless it is a plain number such as `-2`, which no
//!   spreadsheet runs.
//! - Months are written `2026-M11` (the SDMX form), which Excel leaves as
//!   text, where `2026-11` would become a date.

use crate::result_file::Period;

/// The byte-order mark that begins every CSV file.
pub const BOM: &str = "\u{feff}";

/// One cell, neutralised and quoted as needed.
pub fn cell(field: &str) -> String {
    let starts_formula = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let safe = if starts_formula && !is_plain_number(field) { format!("'{field}") } else { field.to_owned() };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// One row: cells joined by commas, ended by a line break.
pub fn row(fields: &[&str]) -> String {
    let mut line = fields.iter().map(|f| cell(f)).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

/// A month as a spreadsheet keeps it: `2026-M11`.
pub fn month(period: Period) -> String {
    format!("{:04}-M{:02}", period.year(), period.month())
}

/// `-12`, `3.5`, `-0.25`: digits with at most one point and a leading minus.
fn is_plain_number(field: &str) -> bool {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}
