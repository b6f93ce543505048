//! Result files sent as one `.zip` archive (a practice often receives them
//! so): the team page and `pulse` open it the same way. Each file inside is
//! read to at most one byte past the largest result file, so a
//! decompression bomb never fills memory; the archive itself is bounded.

use std::io::Read;

use crate::result_file::MAX_FILE_BYTES;

/// The largest archive read: 10,000 result files take about 3 MB.
pub const MAX_ARCHIVE_BYTES: usize = 256 * 1024 * 1024;

/// The most files taken from one archive.
pub const MAX_ARCHIVE_FILES: usize = 1_000_000;

/// Whether a file, by its name, is an archive to open.
pub fn is_archive(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".zip")
}

/// The largest a file of this name may be to be read at all.
pub fn max_bytes_for(name: &str) -> usize {
    if is_archive(name) {
        MAX_ARCHIVE_BYTES
    } else {
        MAX_FILE_BYTES
    }
}

/// Calls `each` with the name (`archive.zip/inner.json`) and bytes of
/// every file in the archive, folders skipped. An archive that cannot be
/// opened, or a file in it that cannot be read, stops with a message naming
/// it; files before it were given.
pub fn for_each_in_zip(name: &str, bytes: &[u8], each: &mut dyn FnMut(&str, Vec<u8>)) -> Result<(), String> {
    if bytes.len() > MAX_ARCHIVE_BYTES {
        return Err(format!(
            "{name} is larger than {} MB, more than any pile of result files",
            MAX_ARCHIVE_BYTES / (1024 * 1024)
        ));
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("{name} is not a usable .zip archive ({e})"))?;
    if archive.len() > MAX_ARCHIVE_FILES {
        return Err(format!("{name} holds {} files, more than {MAX_ARCHIVE_FILES}", archive.len()));
    }
    // One byte past the largest result file, so a larger one is refused as such.
    let limit = (MAX_FILE_BYTES as u64).saturating_add(1);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| format!("{name}: file {i} cannot be read ({e})"))?;
        if entry.is_dir() {
            continue;
        }
        let inner_name = entry.name().map_err(|e| format!("{name}: file {i} has no usable name ({e})"))?;
        let inner = format!("{name}/{inner_name}");
        let mut data = Vec::new();
        (&mut entry)
            .take(limit)
            .read_to_end(&mut data)
            .map_err(|e| format!("{inner} cannot be read ({e})"))?;
        each(&inner, data);
    }
    Ok(())
}
