//! App-wide state: plain core data in signals, shared through context.
//! Core structs never hold signals; every change to the session goes
//! through `Session::apply`.

use leptos::prelude::*;
use pulse_core::config::{self, Config, ConfigPath};
use pulse_core::{Catalogue, Event, InstrumentKey, Response, Session, Stage};

use crate::browser::storage::{tab_token, watch_other_tabs, StorageIssue};
use crate::browser::{
    apply_theme, current_period, embedded_config, fetch_own_text, is_file_page, is_standalone_page,
    log_error, query_string, take_preview_config_from_parent, watch_media,
};
use crate::persistence::{self, Found, Restored, HOLDER_KEY};
use pulse_core::draft::STORAGE_KEY;
use pulse_core::session::{Keep, Practice, Renewal};

/// Which of the app's pages is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Survey,
    Questionnaires,
}

/// A one-off message about what happened to stored answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    DraftExpired,
    DraftOtherVersion,
    DraftUnusable,
    Cleared,
    /// Cleared in this tab while another tab holds the stored survey:
    /// that tab's answers are still on the device.
    ClearedHereOnly,
    /// Sections of a continued draft whose questionnaire is gone, by name.
    NotRestored(String),
    /// A continued survey meets a new round: its answers are here to
    /// change, and what is saved now is a new response.
    NewRound,
    /// The practice changed its key holders since this person handed in.
    NewHolders,
}

#[derive(Clone, Copy)]
pub struct AppCtx {
    pub catalogue: RwSignal<Catalogue>,
    pub session: RwSignal<Session>,
    pub page: RwSignal<Page>,
    /// The practice's configuration (`practice.json`), or the defaults
    /// until it arrives, or when it is missing or has faults.
    pub config: RwSignal<Config>,
    /// A narrow screen shows one question at a time.
    pub narrow: RwSignal<bool>,
    /// A stored draft found at start, until the person continues or discards it.
    pub pending: RwSignal<Option<Found>>,
    pub notice: RwSignal<Option<Notice>>,
    /// Why answers are not being kept, when they are not.
    pub storage_issue: RwSignal<Option<StorageIssue>>,
    /// Another tab of this browser took over the stored survey: this tab
    /// stops saving (so neither overwrites the other) until the person
    /// chooses to continue here.
    pub elsewhere: RwSignal<bool>,
    /// The address names a practice whose configuration cannot be used
    /// (see [`Fetched::WrongAddress`]): no survey is shown.
    pub wrong_address: RwSignal<bool>,
    /// This tab's random token (see `persistence::HOLDER_KEY`).
    pub tab: StoredValue<String>,
}

pub fn provide_app() -> AppCtx {
    let catalogue = Catalogue::builtin();
    let mut session = Session::new(&catalogue.default_set());
    if is_file_page() {
        session.apply(Event::OpenedFromDisk);
    }
    let restored = persistence::restore(&catalogue);
    let (pending, notice, storage_issue) = match restored {
        Restored::Draft(found) => (Some(*found), None, None),
        Restored::Nothing => (None, None, None),
        Restored::Dropped(notice) => (None, Some(notice), None),
        Restored::Unavailable(issue) => (None, None, Some(issue)),
    };
    let ctx = AppCtx {
        catalogue: RwSignal::new(catalogue),
        session: RwSignal::new(session),
        page: RwSignal::new(Page::Survey),
        // Defaults until the practice's file arrives (load_config).
        config: RwSignal::new(Config::default()),
        narrow: RwSignal::new(false),
        pending: RwSignal::new(pending),
        notice: RwSignal::new(notice),
        storage_issue: RwSignal::new(storage_issue),
        elsewhere: RwSignal::new(false),
        wrong_address: RwSignal::new(false),
        tab: StoredValue::new(tab_token()),
    };
    watch_media("(max-width: 40rem)", move |narrow| ctx.narrow.set(narrow));
    watch_other_tabs(&[STORAGE_KEY, HOLDER_KEY], move || another_tab_changed_the_draft(ctx));
    leptos::task::spawn_local(load_config(ctx));
    take_preview_config_from_parent(move |text| use_config_text(ctx, "the set-up page's preview", &text));
    provide_context(ctx);
    ctx
}

/// Reads the practice's configuration file, from the app's own origin
/// only. No file: the defaults, silently. A file with faults: the defaults,
/// with each fault named in the console (and kept for the set-up page);
/// staff see nothing alarming.
async fn load_config(ctx: AppCtx) {
    if let Some(text) = embedded_config() {
        return use_config_text(ctx, "the configuration inside this page", &text);
    }
    if is_standalone_page() {
        // A file from a disk, or the one-file survey: nothing to ask for.
        return meet_practice(ctx);
    }
    match fetch_practice_config("").await {
        Fetched::Defaults => meet_practice(ctx),
        Fetched::WrongAddress => ctx.wrong_address.set(true),
        Fetched::File { name, text, may_use_defaults } => match read_config(&name, &text) {
            Ok(config) => apply_config(ctx, config),
            Err(_) if !may_use_defaults => ctx.wrong_address.set(true),
            Err(_) => meet_practice(ctx),
        },
    }
}

/// Tells the session the practice as the configuration in force says it
/// (its round or this month, its key holders): a response kept from
/// another round or other holders is set aside, and the person told.
fn meet_practice(ctx: AppCtx) {
    let practice = ctx.config.with_untracked(|c| Practice::of(c, current_period()));
    ctx.session.update(|s| s.apply(Event::Practice(practice)));
    tell_renewal(ctx);
}

/// Says why a kept response was set aside, when it just was.
fn tell_renewal(ctx: AppCtx) {
    match ctx.session.with_untracked(|s| s.renewal()) {
        Some(Renewal::NewRound) => ctx.notice.set(Some(Notice::NewRound)),
        Some(Renewal::NewHolders) => ctx.notice.set(Some(Notice::NewHolders)),
        None => {}
    }
}

/// What a page found for its configuration.
pub enum Fetched {
    /// No `practice.json` and no practice named in the address: the
    /// built-in defaults, silently.
    Defaults,
    /// The configuration file's name and text (not yet checked); whether a
    /// file with faults may still fall back to the defaults (only
    /// `practice.json` may).
    File { name: String, text: String, may_use_defaults: bool },
    /// The address names a practice (`?practice=NAME`) whose file is
    /// missing, unreadable or a bad name: the page shows nothing of the
    /// survey or the report, so a crafted link cannot swap the practice's
    /// configuration for the defaults.
    WrongAddress,
}

/// The practice's configuration file beside the app (`practice.json`, or
/// `practices/NAME.json` for `?practice=NAME`), as its name and text. `up` leads from the page to the app's folder
/// (`../` for the team page). A file that cannot be fetched is named in
/// the console.
pub async fn fetch_practice_config(up: &str) -> Fetched {
    let path = ConfigPath::from_query(&query_string());
    let may_use_defaults = path.may_use_defaults();
    let Some(file) = path.file() else {
        if let ConfigPath::BadName(name) = path {
            log_error(&format!("Practice Pulse: \"{name}\" is not a practice name (lower-case letters, digits and hyphens); nothing is shown."));
        }
        return Fetched::WrongAddress;
    };
    let file = format!("{up}{file}");
    let missing = if may_use_defaults { Fetched::Defaults } else { Fetched::WrongAddress };
    match fetch_own_text(&file).await {
        Ok(Some(text)) => Fetched::File { name: file, text, may_use_defaults },
        Ok(None) => {
            if !may_use_defaults {
                log_error(&format!("Practice Pulse: {file} was not found; nothing is shown."));
            }
            missing
        }
        Err(e) => {
            log_error(&format!("Practice Pulse: {file} could not be read ({}).", e.0));
            missing
        }
    }
}

fn use_config_text(ctx: AppCtx, name: &str, text: &str) {
    if let Ok(config) = read_config(name, text) {
        apply_config(ctx, config);
    }
}

/// A configuration's text checked by the core; a refused one has each of
/// its faults named in the console, for whoever sets the page up (both
/// pages read configurations this way).
pub fn read_config(name: &str, text: &str) -> Result<Config, config::ConfigRejected> {
    config::read(name, text.as_bytes())
        .inspect_err(|rejected| log_error(&format!("Practice Pulse: {rejected}")))
}

/// Puts a valid configuration in force: theme now, modules while nothing
/// has been answered yet (never changing a survey under a person's hands).
fn apply_config(ctx: AppCtx, config: Config) {
    if let Some(theme) = &config.theme {
        apply_theme(theme);
    }
    let untouched = ctx.session.with_untracked(|s| s.progress().0 == 0 && s.stage() == Stage::Welcome);
    if untouched && !config.modules.is_empty() {
        // The default set, then the modules (survey_sections adds the default set).
        let sections: Vec<Response> = ctx.catalogue.with_untracked(|c| {
            let ids: Vec<&str> = config.modules.iter().map(String::as_str).collect();
            let keys: Vec<InstrumentKey> = c.latest_of(&ids).iter().map(|i| i.key().clone()).collect();
            c.survey_sections(&keys).into_iter().map(Response::empty).collect()
        });
        ctx.session.update(|s| s.apply(Event::SetSections(sections)));
    }
    ctx.config.set(config);
    meet_practice(ctx);
}

/// Another tab wrote or removed the device's draft. A tab that keeps its
/// answers on the device stops saving and says so; a tab with nothing of
/// its own yet simply offers the newer draft.
fn another_tab_changed_the_draft(ctx: AppCtx) {
    let (writes_device, has_answers) =
        ctx.session.with_untracked(|s| (s.keep() == Keep::Device, s.progress().0 > 0));
    if writes_device {
        ctx.elsewhere.set(true);
    } else if !has_answers {
        let found = ctx.catalogue.with_untracked(persistence::read_device);
        ctx.pending.set(found);
    }
}

/// Continues a found draft: its practice's questionnaires join the
/// catalogue, the session becomes it (an event), and lost sections are named.
pub fn continue_draft(ctx: AppCtx, found: Found) {
    ctx.catalogue.update(|c| {
        for instrument in found.definitions {
            let _ = c.add(instrument);
        }
    });
    ctx.pending.set(None);
    let lost: Vec<String> = found.not_restored.iter().map(ToString::to_string).collect();
    ctx.notice.set((!lost.is_empty()).then(|| Notice::NotRestored(lost.join(", "))));
    let on_device = found.session.keep() == Keep::Device;
    // The draft meets the practice as it is now (Event::Resume).
    ctx.session.update(|s| s.apply(Event::Resume(Box::new(found.session))));
    tell_renewal(ctx);
    if on_device {
        persistence::claim(&ctx.tab.get_value());
    }
}

/// This tab takes the stored survey back from another tab: the latest
/// stored draft (which holds this tab's answers up to the moment the other
/// tab continued it) if there is one, else this tab's own answers.
pub fn take_over(ctx: AppCtx) {
    ctx.elsewhere.set(false);
    if let Some(found) = ctx.catalogue.with_untracked(persistence::read_device) {
        continue_draft(ctx, found);
    } else {
        // Nothing stored: write this tab's answers again (a no-op update
        // makes the storage effect run).
        ctx.session.update(|_| {});
        persistence::claim(&ctx.tab.get_value());
    }
}

pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}

/// The name and version written into every result file.
pub const GENERATOR: &str = concat!("Practice Pulse ", env!("CARGO_PKG_VERSION"));
