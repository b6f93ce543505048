//! App-wide state: plain core data in signals, shared through context.
//! Core structs never hold signals; every change to the session goes
//! through `Session::apply`.

use leptos::prelude::*;
use pulse_core::compare::Opened;
use pulse_core::{Catalogue, Rejected, Session};

/// Which of the app's two pages is showing.
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

#[derive(Clone, Copy)]
pub struct AppCtx {
    pub catalogue: RwSignal<Catalogue>,
    pub session: RwSignal<Session>,
    pub page: RwSignal<Page>,
    pub compare: RwSignal<CompareState>,
}

pub fn provide_app() -> AppCtx {
    let catalogue = Catalogue::builtin();
    let session = Session::new(&catalogue.default_set());
    let ctx = AppCtx {
        catalogue: RwSignal::new(catalogue),
        session: RwSignal::new(session),
        page: RwSignal::new(Page::Survey),
        compare: RwSignal::new(CompareState::default()),
    };
    provide_context(ctx);
    ctx
}

pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}

/// The name and version written into every result file.
pub const GENERATOR: &str = concat!("Practice Pulse ", env!("CARGO_PKG_VERSION"));
