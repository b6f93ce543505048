//! Result files in one .zip archive: every file given by name, folders
//! skipped, a file past the result-file limit cut one byte past it (so it
//! is refused as too large, and a decompression bomb never fills memory),
//! and a damaged archive named with its reason.

use std::io::Write;

use pulse_core::archive::{for_each_in_zip, is_archive, max_bytes_for, MAX_ARCHIVE_BYTES};
use pulse_core::result_file::MAX_FILE_BYTES;

fn zip_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    out.add_directory("folder/", options).expect("a folder");
    for (name, bytes) in files {
        out.start_file(*name, options).expect("a file");
        out.write_all(bytes).expect("written");
    }
    out.finish().expect("finished").into_inner()
}

#[test]
fn every_file_of_an_archive_is_given_by_name_and_a_bomb_is_cut_short() {
    // 50 MB of zeros compresses to about 50 kB.
    let bomb = vec![0u8; 50 * 1024 * 1024];
    let archive =
        zip_of(&[("folder/a.json", b"{}".to_vec()), ("b.json", b"[]".to_vec()), ("bomb.json", bomb)]);
    assert!(archive.len() < 1024 * 1024, "{} bytes", archive.len());
    let mut got = Vec::new();
    for_each_in_zip("files.zip", &archive, &mut |name, bytes| got.push((name.to_owned(), bytes.len())))
        .expect("opens");
    assert_eq!(
        got,
        [
            ("files.zip/folder/a.json".to_owned(), 2),
            ("files.zip/b.json".to_owned(), 2),
            ("files.zip/bomb.json".to_owned(), MAX_FILE_BYTES + 1)
        ]
    );
}

#[test]
fn a_damaged_archive_is_named_with_its_reason() {
    let err = for_each_in_zip("broken.zip", b"PK\x03\x04 not really", &mut |_, _| {}).expect_err("refused");
    assert!(err.starts_with("broken.zip is not a usable .zip archive"), "{err}");
    let mut truncated = zip_of(&[("a.json", vec![b'x'; 5000])]);
    truncated.truncate(truncated.len() / 2);
    assert!(for_each_in_zip("half.zip", &truncated, &mut |_, _| {}).is_err());
}

#[test]
fn archives_are_told_by_name_and_may_be_larger() {
    assert!(is_archive("Results.ZIP") && !is_archive("zip.json"));
    assert_eq!(max_bytes_for("a.zip"), MAX_ARCHIVE_BYTES);
    assert_eq!(max_bytes_for("a.json"), MAX_FILE_BYTES);
}
