//! The device's localStorage, through gloo-storage, for the draft only.
//!
//! Storage can be blocked (privacy settings, some embedded frames) or full.
//! Every call checks first, with calls that cannot throw, whether storage
//! works at all; gloo-storage is only used once it does (some of its calls
//! throw when storage is blocked). Nothing here panics.

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};

/// Why the device will not keep anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageIssue {
    Blocked,
    Full,
}

/// What was stored under a key.
pub enum Stored {
    Nothing,
    Text(String),
    /// Something that is not JSON: damaged, or not ours.
    Damaged,
}

const PROBE_KEY: &str = "practice-pulse/probe";

fn issue_of(error: &wasm_bindgen::JsValue) -> StorageIssue {
    let name = js_sys::Reflect::get(error, &"name".into()).ok().and_then(|n| n.as_string());
    if name.as_deref() == Some("QuotaExceededError") {
        StorageIssue::Full
    } else {
        StorageIssue::Blocked
    }
}

/// Whether storage can be read and written, tried with a probe.
pub fn check() -> Result<(), StorageIssue> {
    let storage = web_sys::window()
        .ok_or(StorageIssue::Blocked)?
        .local_storage()
        .map_err(|e| issue_of(&e))?
        .ok_or(StorageIssue::Blocked)?;
    storage.set_item(PROBE_KEY, "1").map_err(|e| issue_of(&e))?;
    storage.remove_item(PROBE_KEY).map_err(|e| issue_of(&e))?;
    Ok(())
}

pub fn load(key: &str) -> Result<Stored, StorageIssue> {
    check()?;
    match LocalStorage::get::<serde_json::Value>(key) {
        Ok(value) => Ok(Stored::Text(value.to_string())),
        Err(StorageError::KeyNotFound(_)) => Ok(Stored::Nothing),
        Err(StorageError::SerdeError(_)) => Ok(Stored::Damaged),
        Err(StorageError::JsError(_)) => Err(StorageIssue::Blocked),
    }
}

/// Stores JSON text under `key`, as JSON (readable in the browser's tools).
pub fn save(key: &str, json: &str) -> Result<(), StorageIssue> {
    check()?;
    let value: serde_json::Value = serde_json::from_str(json).map_err(|_| StorageIssue::Blocked)?;
    LocalStorage::set(key, value).map_err(|e| match e {
        StorageError::JsError(js) if js.name == "QuotaExceededError" => StorageIssue::Full,
        _ => StorageIssue::Blocked,
    })
}

pub fn remove(key: &str) -> Result<(), StorageIssue> {
    check()?;
    LocalStorage::delete(key);
    Ok(())
}

/// Every stored key that starts with `prefix`.
pub fn keys_with_prefix(prefix: &str) -> Result<Vec<String>, StorageIssue> {
    check()?;
    let storage = LocalStorage::raw();
    let count = storage.length().map_err(|e| issue_of(&e))?;
    Ok((0..count).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect())
}
