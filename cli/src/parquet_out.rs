//! Writing the tidy export as Parquet, with the parquet crate's column
//! writers (no Arrow needed for eight plain columns).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

/// One tidy row: the text columns, the instrument version, and the value
/// (a score, or an item's answer; none when too few items were answered).
pub struct Tidy {
    pub text: [String; 5],
    pub version: i32,
    pub name: String,
    pub value: Option<f64>,
}

/// A Parquet file being written, one row group per batch of rows.
pub struct Writer {
    inner: SerializedFileWriter<File>,
}

impl Writer {
    /// Columns `response, round, team, period, instrument,
    /// instrument_version, <name_column>, <value_column>`.
    pub fn create(path: &Path, name_column: &str, value_column: &str) -> Result<Self, String> {
        let schema = format!(
            "message pulse {{
                REQUIRED BYTE_ARRAY response (UTF8);
                REQUIRED BYTE_ARRAY round (UTF8);
                REQUIRED BYTE_ARRAY team (UTF8);
                REQUIRED BYTE_ARRAY period (UTF8);
                REQUIRED BYTE_ARRAY instrument (UTF8);
                REQUIRED INT32 instrument_version;
                REQUIRED BYTE_ARRAY {name_column} (UTF8);
                OPTIONAL DOUBLE {value_column};
            }}"
        );
        let schema = Arc::new(parse_message_type(&schema).map_err(|e| e.to_string())?);
        let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
        let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let inner = SerializedFileWriter::new(file, schema, props).map_err(|e| e.to_string())?;
        Ok(Self { inner })
    }

    /// Writes one row group.
    pub fn write(&mut self, rows: &[Tidy]) -> Result<(), String> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut group = self.inner.next_row_group().map_err(|e| e.to_string())?;
        let text = |i: usize| -> Vec<ByteArray> {
            rows.iter().map(|r| ByteArray::from(r.text[i].as_str())).collect()
        };
        let mut column = 0usize;
        while let Some(mut col) = group.next_column().map_err(|e| e.to_string())? {
            match column {
                0..=4 => {
                    col.typed::<ByteArrayType>()
                        .write_batch(&text(column), None, None)
                        .map_err(|e| e.to_string())?;
                }
                5 => {
                    let versions: Vec<i32> = rows.iter().map(|r| r.version).collect();
                    col.typed::<Int32Type>().write_batch(&versions, None, None).map_err(|e| e.to_string())?;
                }
                6 => {
                    let names: Vec<ByteArray> =
                        rows.iter().map(|r| ByteArray::from(r.name.as_str())).collect();
                    col.typed::<ByteArrayType>()
                        .write_batch(&names, None, None)
                        .map_err(|e| e.to_string())?;
                }
                _ => {
                    let values: Vec<f64> = rows.iter().filter_map(|r| r.value).collect();
                    let defined: Vec<i16> = rows.iter().map(|r| i16::from(r.value.is_some())).collect();
                    col.typed::<DoubleType>()
                        .write_batch(&values, Some(&defined), None)
                        .map_err(|e| e.to_string())?;
                }
            }
            col.close().map_err(|e| e.to_string())?;
            column = column.saturating_add(1);
        }
        group.close().map_err(|e| e.to_string())?;
        Ok(())
    }

    pub fn close(self) -> Result<(), String> {
        self.inner.close().map(|_| ()).map_err(|e| e.to_string())
    }
}
