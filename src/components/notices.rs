use leptos::prelude::*;

use super::OpenOwnTab;
use crate::browser::is_framed;
use crate::browser::storage::StorageIssue;
use crate::i18n::t;
use crate::state::{use_app, Notice};

/// What happened to stored answers, and whether answers are being kept.
#[component]
pub fn Notices() -> impl IntoView {
    let app = use_app();
    let notice = move || {
        app.notice.get().map(|n| match n {
            Notice::DraftExpired => t().notice_expired.to_owned(),
            Notice::DraftOtherVersion => t().notice_other_version.to_owned(),
            Notice::DraftUnusable => t().notice_unusable.to_owned(),
            Notice::Cleared => t().notice_cleared.to_owned(),
            Notice::ClearedHereOnly => t().notice_cleared_here_only.to_owned(),
            Notice::NotRestored(sections) => (t().notice_not_restored)(&sections),
            Notice::NewRound => t().notice_new_round.to_owned(),
            Notice::NewHolders => t().notice_new_holders.to_owned(),
        })
    };
    // Inside another site's frame, refused storage is the frame's doing:
    // its own tab keeps the answers.
    let framed = is_framed();
    let issue = move || {
        app.storage_issue.get().map(|i| match i {
            StorageIssue::Blocked if framed => t().notice_blocked_framed,
            StorageIssue::Blocked => t().notice_blocked,
            StorageIssue::Full => t().notice_full,
        })
    };
    let offer_own_tab = move || app.storage_issue.get() == Some(StorageIssue::Blocked) && framed;
    view! {
        <div class="notices" role="status">
            // Focused after Done or "Clear my answers", so it is read out.
            {move || notice().map(|text| view! { <p class="notice" id="notice" tabindex="-1">{text}</p> })}
            {move || issue().map(|text| view! { <p class="notice notice--warning">{text}</p> })}
        </div>
        {move || offer_own_tab().then(|| view! { <OpenOwnTab /> })}
    }
}
