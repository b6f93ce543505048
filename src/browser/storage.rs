//! The device's storage, through gloo-storage, for the draft only:
//! localStorage (the device, 30 days) or sessionStorage (this tab only).
//!
//! Storage can be blocked (privacy settings, some embedded frames) or full.
//! Every call checks first, with calls that cannot throw, whether storage
//! works at all; gloo-storage is only used once it does (some of its calls
//! throw when storage is blocked). Nothing here panics.

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, SessionStorage, Storage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Why the device will not keep anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageIssue {
    Blocked,
    Full,
}

/// Which storage: the device's, or this tab's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// localStorage: kept on the device, seen by every tab of this browser.
    Device,
    /// sessionStorage: this tab only; survives a reload, gone when it closes.
    Tab,
}

/// What was stored under a key.
pub enum Stored {
    Nothing,
    Text(String),
    /// Something that is not JSON: damaged, or not ours.
    Damaged,
}

const PROBE_KEY: &str = "practice-pulse/probe";

fn issue_of(error: &JsValue) -> StorageIssue {
    let name = js_sys::Reflect::get(error, &"name".into()).ok().and_then(|n| n.as_string());
    if name.as_deref() == Some("QuotaExceededError") {
        StorageIssue::Full
    } else {
        StorageIssue::Blocked
    }
}

fn raw(area: Area) -> Result<web_sys::Storage, StorageIssue> {
    let window = web_sys::window().ok_or(StorageIssue::Blocked)?;
    let storage = match area {
        Area::Device => window.local_storage(),
        Area::Tab => window.session_storage(),
    };
    storage.map_err(|e| issue_of(&e))?.ok_or(StorageIssue::Blocked)
}

thread_local! {
    /// Areas a probe has already written to since the page loaded: a
    /// storage that worked once is not probed again (each probe is two
    /// writes; a write that fails later is still caught by the call).
    static WORKED: std::cell::Cell<[bool; 2]> = const { std::cell::Cell::new([false; 2]) };
}

/// Whether storage can be read and written, tried with a probe the first
/// time it works.
pub fn check(area: Area) -> Result<(), StorageIssue> {
    let slot = area as usize;
    if WORKED.with(|w| w.get()[slot]) {
        return Ok(());
    }
    let storage = raw(area)?;
    storage.set_item(PROBE_KEY, "1").map_err(|e| issue_of(&e))?;
    storage.remove_item(PROBE_KEY).map_err(|e| issue_of(&e))?;
    WORKED.with(|w| {
        let mut worked = w.get();
        worked[slot] = true;
        w.set(worked);
    });
    Ok(())
}

fn load_from<S: Storage>(key: &str) -> Result<Stored, StorageIssue> {
    match S::get::<serde_json::Value>(key) {
        Ok(value) => Ok(Stored::Text(value.to_string())),
        Err(StorageError::KeyNotFound(_)) => Ok(Stored::Nothing),
        Err(StorageError::SerdeError(_)) => Ok(Stored::Damaged),
        Err(StorageError::JsError(_)) => Err(StorageIssue::Blocked),
    }
}

pub fn load(area: Area, key: &str) -> Result<Stored, StorageIssue> {
    check(area)?;
    match area {
        Area::Device => load_from::<LocalStorage>(key),
        Area::Tab => load_from::<SessionStorage>(key),
    }
}

/// Stores JSON text under `key`, as JSON (readable in the browser's tools).
pub fn save(area: Area, key: &str, json: &str) -> Result<(), StorageIssue> {
    check(area)?;
    let value: serde_json::Value = serde_json::from_str(json).map_err(|_| StorageIssue::Blocked)?;
    let saved = match area {
        Area::Device => LocalStorage::set(key, value),
        Area::Tab => SessionStorage::set(key, value),
    };
    saved.map_err(|e| match e {
        StorageError::JsError(js) if js.name == "QuotaExceededError" => StorageIssue::Full,
        _ => StorageIssue::Blocked,
    })
}

pub fn remove(area: Area, key: &str) -> Result<(), StorageIssue> {
    check(area)?;
    raw(area)?.remove_item(key).map_err(|e| issue_of(&e))
}

/// Every stored key that starts with `prefix`.
pub fn keys_with_prefix(area: Area, prefix: &str) -> Result<Vec<String>, StorageIssue> {
    check(area)?;
    let storage = raw(area)?;
    let count = storage.length().map_err(|e| issue_of(&e))?;
    Ok((0..count).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect())
}

/// Calls `on_change` whenever another tab or window of this browser
/// changes one of `keys` in the device's storage (the `storage` event never
/// fires in the tab that made the change, nor when a value is rewritten
/// unchanged).
pub fn watch_other_tabs(keys: &'static [&'static str], on_change: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let listener = Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
        let is_device = e.storage_area().is_some_and(|area| raw(Area::Device).is_ok_and(|ours| area == ours));
        // `key` is null when another tab cleared the whole storage.
        let ours = e.key().is_none_or(|k| keys.contains(&k.as_str()));
        if is_device && ours {
            on_change()
        }
    });
    if window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref()).is_ok() {
        // Lives as long as the page: one listener, registered once at start.
        listener.forget();
    }
}

/// A random token naming this tab while it is open (never stored in any
/// file, never sent anywhere): which tab last took the stored survey.
pub fn tab_token() -> String {
    format!("{:016x}", (js_sys::Math::random() * 2f64.powi(53)) as u64)
}
