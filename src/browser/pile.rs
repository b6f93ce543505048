//! Many files at once, for the team page: from a file input (a picker of
//! many files, or of a whole folder), or dropped onto the page (files,
//! or folders walked through). They are read in batches, concurrently, so
//! the page can show its progress between batches.

use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry, HtmlInputElement};

use super::Chosen;

/// The files of the input that sent `event`; the input is cleared so
/// choosing the same files again is noticed.
pub fn input_files(event: &web_sys::Event) -> Vec<File> {
    let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(list) = input.files() {
        for i in 0..list.length() {
            out.extend(list.item(i));
        }
    }
    input.set_value("");
    out
}

/// Makes a file input choose a whole folder (with everything in it).
pub fn folder_picker(input: &HtmlInputElement) {
    input.set_webkitdirectory(true);
}

/// Opens a (hidden) file input's chooser, from a button that says what
/// it chooses.
pub fn open_picker(input: &HtmlInputElement) {
    input.click();
}

/// The name a file is reported by: its path inside a chosen folder, if any.
pub fn file_name(file: &File) -> String {
    // webkitRelativePath is not in web-sys's stable API.
    let path = js_sys::Reflect::get(file, &"webkitRelativePath".into())
        .ok()
        .and_then(|p| p.as_string())
        .unwrap_or_default();
    if path.is_empty() {
        file.name()
    } else {
        path
    }
}

/// What was dropped, taken while the drop event lasts (the browser
/// forgets it afterwards): files as they are, folders to walk through.
pub struct Dropped {
    entries: Vec<FileSystemEntry>,
    plain: Vec<File>,
}

/// Takes what a drop event carries; call it in the event handler itself.
pub fn dropped(event: &web_sys::DragEvent) -> Dropped {
    let mut out = Dropped { entries: Vec::new(), plain: Vec::new() };
    let Some(transfer) = event.data_transfer() else { return out };
    let items = transfer.items();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) => out.entries.push(entry),
            _ => out.plain.extend(item.get_as_file().ok().flatten()),
        }
    }
    out
}

impl Dropped {
    /// Every file dropped, folders walked through.
    pub async fn files(self) -> Vec<File> {
        let mut out = self.plain;
        for entry in self.entries {
            walk(entry, &mut out).await;
        }
        out
    }
}

/// A callback API turned into a promise: `call` gets the resolve function.
async fn callback_value(call: impl FnOnce(&Function, &Function)) -> Option<JsValue> {
    let mut call = Some(call);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            call(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await.ok()
}

/// Adds a file entry's file, or every file under a folder entry (depth
/// first, each folder read until it gives no more).
async fn walk(root: FileSystemEntry, out: &mut Vec<File>) {
    let mut stack = vec![root];
    while let Some(entry) = stack.pop() {
        if entry.is_file() {
            let file_entry: FileSystemFileEntry = entry.unchecked_into();
            let got = callback_value(|resolve, reject| {
                file_entry.file_with_callback_and_callback(resolve, reject);
            })
            .await;
            out.extend(got.and_then(|f| f.dyn_into::<File>().ok()));
        } else if entry.is_directory() {
            let directory: FileSystemDirectoryEntry = entry.unchecked_into();
            let reader = directory.create_reader();
            loop {
                let batch = callback_value(|resolve, reject| {
                    let _ = reader.read_entries_with_callback_and_callback(resolve, reject);
                })
                .await;
                let Some(batch) = batch.map(|b| Array::from(&b)) else { break };
                if batch.length() == 0 {
                    break;
                }
                stack.extend(batch.iter().map(|e| e.unchecked_into::<FileSystemEntry>()));
            }
        }
    }
}

/// Whether a file must have its size checked before it is read. Asking a
/// file's size costs Chromium a round trip to the disk (0.2 ms a file,
/// 2 s for 10,000: measured), so a `.json` file is read at once and
/// refused afterwards if too large (its bytes are then dropped); anything
/// else chosen by mistake (a video in the folder) is never read at all.
fn check_size_first(name: &str) -> bool {
    !name.to_ascii_lowercase().ends_with(".json")
}

/// Reads a batch of files at once; a file larger than `max_bytes(name)`
/// is refused as too large.
pub async fn read_batch(files: &[File], max_bytes: fn(&str) -> usize) -> Vec<Chosen> {
    let promises = Array::new();
    let mut named = Vec::with_capacity(files.len());
    for file in files {
        let name = file_name(file);
        // Sizes are whole bytes; the cast only saturates beyond usize.
        let limit = max_bytes(&name);
        let too_large = check_size_first(&name).then(|| file.size() as usize).filter(|&size| size > limit);
        let promise =
            if too_large.is_some() { Promise::resolve(&JsValue::NULL) } else { file.array_buffer() };
        promises.push(&promise);
        named.push((name, limit, too_large));
    }
    // allSettled: one unreadable file never stops the others.
    let settled = match JsFuture::from(Promise::all_settled(&promises)).await {
        Ok(v) => Array::from(&v),
        Err(_) => Array::new(),
    };
    named
        .into_iter()
        .enumerate()
        .map(|(i, (name, limit, too_large))| {
            if let Some(size) = too_large {
                return Chosen::TooLarge { name, size };
            }
            let outcome = settled.get(i as u32);
            let value = js_sys::Reflect::get(&outcome, &"value".into()).unwrap_or(JsValue::UNDEFINED);
            if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
                let size = buffer.byte_length() as usize;
                if size > limit {
                    return Chosen::TooLarge { name, size };
                }
                Chosen::Read { name, bytes: Uint8Array::new(buffer).to_vec() }
            } else {
                let reason = js_sys::Reflect::get(&outcome, &"reason".into()).unwrap_or(JsValue::UNDEFINED);
                Chosen::Unreadable { name, detail: super::BrowserError::from(reason).0 }
            }
        })
        .collect()
}

/// Lets the browser draw (the progress bar) before the next batch.
pub async fn next_frame() {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}
