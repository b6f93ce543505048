use leptos::prelude::*;

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
            Notice::NotRestored(sections) => (t().notice_not_restored)(&sections),
        })
    };
    let issue = move || {
        app.storage_issue.get().map(|i| match i {
            StorageIssue::Blocked => t().notice_blocked,
            StorageIssue::Full => t().notice_full,
        })
    };
    view! {
        <div class="notices" role="status">
            {move || notice().map(|text| view! { <p class="notice">{text}</p> })}
            {move || issue().map(|text| view! { <p class="notice notice--warning">{text}</p> })}
        </div>
    }
}
