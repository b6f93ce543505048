//! App-wide state: plain core data in signals, shared through context.
//! Core structs never hold signals; every change to the session goes
//! through `Session::apply`.

use leptos::prelude::*;
use pulse_core::compare::Opened;
use pulse_core::config::Config;
use pulse_core::{Catalogue, Rejected, Session};

use crate::browser::storage::StorageIssue;
use crate::browser::{query_string, watch_media};
use crate::persistence::{self, Restored};

/// Which of the app's pages is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Survey,
    Compare,
    Questionnaires,
}

/// The files opened on the compare page, and the ones the last choice
/// turned away (shown until the next choice).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareState {
    pub opened: Vec<Opened>,
    pub rejected: Vec<Rejected>,
}

/// A one-off message about what happened to stored answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    DraftExpired,
    DraftOtherVersion,
    DraftUnusable,
    Cleared,
}

#[derive(Clone, Copy)]
pub struct AppCtx {
    pub catalogue: RwSignal<Catalogue>,
    pub session: RwSignal<Session>,
    pub page: RwSignal<Page>,
    pub compare: RwSignal<CompareState>,
    pub config: StoredValue<Config>,
    /// A narrow screen shows one question at a time.
    pub narrow: RwSignal<bool>,
    /// A stored draft found at start, until the person continues or discards it.
    pub pending: RwSignal<Option<Session>>,
    pub notice: RwSignal<Option<Notice>>,
    /// Why answers are not being kept, when they are not.
    pub storage_issue: RwSignal<Option<StorageIssue>>,
}

pub fn provide_app() -> AppCtx {
    let catalogue = Catalogue::builtin();
    let session = Session::new(&catalogue.default_set());
    let restored = persistence::restore(&catalogue);
    let (pending, notice, storage_issue) = match restored {
        Restored::Draft(s) => (Some(s), None, None),
        Restored::Nothing => (None, None, None),
        Restored::Dropped(notice) => (None, Some(notice), None),
        Restored::Unavailable(issue) => (None, None, Some(issue)),
    };
    let ctx = AppCtx {
        catalogue: RwSignal::new(catalogue),
        session: RwSignal::new(session),
        page: RwSignal::new(Page::Survey),
        compare: RwSignal::new(CompareState::default()),
        config: StoredValue::new(Config::from_query(&query_string())),
        narrow: RwSignal::new(false),
        pending: RwSignal::new(pending),
        notice: RwSignal::new(notice),
        storage_issue: RwSignal::new(storage_issue),
    };
    watch_media("(max-width: 40rem)", move |narrow| ctx.narrow.set(narrow));
    provide_context(ctx);
    ctx
}

pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}

/// The name and version written into every result file.
pub const GENERATOR: &str = concat!("Practice Pulse ", env!("CARGO_PKG_VERSION"));
