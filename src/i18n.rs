//! Every interface string, in one place, so a language can be added without
//! touching a component. Instrument wording lives in the instrument
//! definitions (a translation of an instrument is its own definition).

/// The strings of one language. Parametrised messages are functions.
pub struct Strings {
    pub lang: &'static str,
    pub app_title: &'static str,
    pub nav_label: &'static str,
    pub nav_survey: &'static str,
    pub nav_questionnaires: &'static str,

    pub welcome_heading: &'static str,
    /// The practice's name over the welcome and in the page title.
    pub practice_survey: fn(practice: &str) -> String,
    pub welcome_intro: &'static str,
    pub privacy_heading: &'static str,
    pub privacy_nothing_leaves: &'static str,
    pub start: &'static str,

    pub back: &'static str,
    pub next: &'static str,
    pub see_results: &'static str,
    pub not_validated: &'static str,
    pub progress: fn(section: usize, sections: usize, answered: usize, items: usize) -> String,

    pub results_heading: &'static str,
    pub not_enough: fn(answered: usize, needed: usize) -> String,
    pub score_sentence: fn(score: &str, lo: &str, hi: &str) -> String,
    pub higher_is_better: &'static str,
    pub higher_is_worse: &'static str,
    pub no_band: &'static str,
    pub band_source: &'static str,
    pub download_result: &'static str,
    pub download_failed: &'static str,
    pub start_again: &'static str,
    pub chart_label: fn(title: &str, score: &str, lo: &str, hi: &str) -> String,
    pub told_us_heading: &'static str,
    pub told_us_intro: &'static str,
    pub not_answered_yet: &'static str,

    pub questionnaires_heading: &'static str,
    pub questionnaires_intro: &'static str,
    pub question_count: fn(n: usize) -> String,
    pub version: fn(v: u32) -> String,
    pub validated_scale: &'static str,
    pub descriptive_module: &'static str,
    pub always_included: &'static str,
    pub include_in_survey: fn(title: &str) -> String,
    pub source: &'static str,
    pub licence: &'static str,
    pub notes_heading: &'static str,
    pub add_own_heading: &'static str,
    pub add_own_intro: &'static str,
    pub add_own_label: &'static str,
    pub own_added: fn(title: &str) -> String,
    pub own_rejected_heading: &'static str,
    pub own_not_text: &'static str,
    pub welcome_why: &'static str,
    pub duration: fn(minutes: usize) -> String,
    pub privacy_kept_local: &'static str,
    pub privacy_clear_how: &'static str,
    pub privacy_file: &'static str,
    pub device_question: &'static str,
    pub device_own: &'static str,
    pub device_shared: &'static str,
    pub device_hint: &'static str,
    pub team_question: &'static str,
    pub team_prefer_not: &'static str,
    pub team_empty_hint: &'static str,
    pub device_hint_short: &'static str,
    /// Instead of `device_hint_short` on a page opened from a disk, where
    /// every local file shares what the browser keeps.
    pub device_hint_disk: &'static str,
    pub leaders_link: &'static str,
    pub draft_found: fn(answered: usize, items: usize, finished: bool) -> String,
    pub continue_draft: &'static str,

    pub notice_blocked: &'static str,
    pub notice_full: &'static str,
    pub notice_expired: &'static str,
    pub notice_other_version: &'static str,
    pub notice_unusable: &'static str,
    pub notice_cleared: &'static str,
    pub notice_not_restored: fn(sections: &str) -> String,
    pub elsewhere_heading: &'static str,
    pub elsewhere_text: &'static str,
    pub elsewhere_continue: &'static str,
    pub wrong_address_heading: &'static str,
    pub wrong_address_text: &'static str,
    pub practice_own: &'static str,

    pub clear_answers: &'static str,
    pub clear_confirm: &'static str,
    pub clear_yes: &'static str,
    pub clear_no: &'static str,

    pub question_of: fn(n: usize, total: usize) -> String,

    pub review_heading: &'static str,
    pub review_intro: fn(unanswered: usize) -> String,
    pub review_unanswered: &'static str,
    pub review_missing_scores: &'static str,
    pub review_go_to: fn(number: usize, text: &str) -> String,

    pub meaning_heading: &'static str,
    pub meaning_text: &'static str,
    pub meaning_team: &'static str,
    pub support_heading: &'static str,
    pub support: &'static [(&'static str, &'static str)],
    pub support_practice: &'static str,
    /// Before the practice's `plan_summary` (the core refuses a summary
    /// that repeats it: `config::PLAN_SUMMARY_LEAD`).
    pub support_plan: &'static str,
    pub keep_heading: &'static str,
    pub download_csv: &'static str,
    pub print_results: &'static str,
    pub saved_offer: &'static str,
    pub framed_download_hint: &'static str,
    pub open_own_tab: &'static str,
    pub own_tab_refused: fn(address: &str) -> String,
    pub same_origin_host: &'static str,
    pub notice_blocked_framed: &'static str,
    pub notice_cleared_here_only: &'static str,
    pub clear_after: &'static str,
    pub finish: &'static str,
    pub clock_wrong: &'static str,
    pub keep_answers: &'static str,
    pub keep_answers_hint: &'static str,
    pub support_link: &'static str,
    pub support_first_raised: &'static str,
    pub support_first_strong: &'static str,
    pub support_gp: (&'static str, &'static str),
    pub support_sources: &'static str,
    pub support_checked: fn(source: &str, month: &str) -> String,
    pub call: fn(number: &str) -> String,
    pub text_to: fn(word: &str, number: &str) -> String,
    pub abuse_heading: &'static str,
    pub abuse_not_your_job: &'static str,
    pub abuse_practice_should: &'static str,
    pub abuse_report_heading: &'static str,
    pub abuse_report_default: &'static str,
    pub abuse_support: &'static str,
    pub answers_change: fn(first: &str, last: &str) -> String,
    pub sources_heading: &'static str,
    pub saved_what_next: &'static str,
    pub hand_in_default: &'static str,
    pub no_file: &'static str,
    pub hand_in_heading: &'static str,
    pub hand_in_button: &'static str,
    pub hand_in_who_reads: &'static str,
    /// With two key holders (split trust): nobody alone can read the file.
    pub hand_in_who_reads_two: &'static str,
    /// What a hand-in file just saved is called (so it is the one sent).
    pub hand_in_file_name: fn(name: &str) -> String,
    /// After "Hand in to the practice", if no file appeared.
    pub hand_in_no_file: &'static str,
    pub hand_in_shared_pc: &'static str,
    pub hand_in_working: &'static str,
    pub hand_in_failed: &'static str,
    pub hand_in_receipt: &'static str,
    pub hand_in_receipt_check: &'static str,
    /// Before the hand-in button, when a file was handed in and the
    /// answers have changed since: a second file is a different one.
    pub hand_in_changed: &'static str,
    /// A continued survey met a new round (or a new month, with none named).
    pub notice_new_round: &'static str,
    /// The practice changed its key holders since this person handed in.
    pub notice_new_holders: &'static str,
    pub own_copy_heading: &'static str,
    pub own_copy_readable: &'static str,
    pub own_copy_next: &'static str,
    /// What one's own copy just saved is called (beside a hand-in).
    pub own_copy_file_name: fn(name: &str) -> String,
    /// What a result file just saved is called (no hand-in).
    pub saved_file_name: fn(name: &str) -> String,
}

pub const EN: Strings = Strings {
    lang: "en-GB",
    app_title: "Practice Pulse",
    nav_label: "Main",
    nav_survey: "Survey",
    nav_questionnaires: "Questionnaires",

    welcome_heading: "How is work for you?",
    practice_survey: |practice| format!("{practice} staff survey"),
    welcome_intro: "A short, anonymous questionnaire about your team, how your work affects you, and the \
        work nobody sees. You see your own results straight away, in plain words.",
    privacy_heading: "Your answers stay with you",
    privacy_nothing_leaves: "Nothing you answer is sent anywhere: there is no server. Your answers stay on this device \
        unless you download your result file and share it yourself.",
    start: "Start",

    back: "Back",
    next: "Next",
    see_results: "See my results",
    not_validated: "This section is descriptive: it is not a validated scale, and it gives no score.",
    progress: |section, sections, answered, items| {
        format!("Section {section} of {sections} · {answered} of {items} answered")
    },

    results_heading: "Your results",
    not_enough: |answered, needed| {
        format!("Not enough answers to score: {answered} answered, at least {needed} needed.")
    },
    score_sentence: |score, lo, hi| format!("Your score is {score} on a scale from {lo} to {hi}."),
    higher_is_better: "A higher score is more favourable.",
    higher_is_worse: "A higher score is less favourable.",
    no_band: "Some scores have no validated cut-off. They are shown on their scale, but not rated as good or bad.",
    band_source: "Source of this reading:",
    download_result: "Download my result",
    download_failed: "Your browser did not allow the download. Try again, or try another browser.",
    start_again: "Start again",
    chart_label: |title, score, lo, hi| format!("{title}: {score} on a line from {lo} to {hi}"),
    told_us_heading: "What you told us",
    told_us_intro: "These questions describe your work; they are not a validated scale and give no score.",
    not_answered_yet: "Not answered",

    questionnaires_heading: "Questionnaires",
    questionnaires_intro: "What the survey asks, where each questionnaire comes from, and how it is scored. \
        Longer modules can be switched on here.",
    question_count: |n| if n == 1 { "1 question".to_owned() } else { format!("{n} questions") },
    version: |v| format!("version {v}"),
    validated_scale: "A published, validated scale, scored exactly as its authors publish.",
    descriptive_module: "A descriptive module: not a validated scale. Answers are reported as they are, never as a score.",
    always_included: "Always included.",
    include_in_survey: |title| format!("Include \u{201c}{title}\u{201d} in the survey"),
    source: "Source:",
    licence: "Licence:",
    notes_heading: "Source, licence and notes",
    add_own_heading: "Add your own questionnaire",
    add_own_intro: "A practice can add a questionnaire of its own, written as a definition file in the documented format. \
        It is checked before anything of it is used.",
    add_own_label: "Questionnaire definition file (JSON)",
    own_added: |title| format!("Added \u{201c}{title}\u{201d}. It is included in the survey."),
    own_rejected_heading: "The questionnaire was not added",
    own_not_text: "could not be read as a definition on this device (it may be far too large); choose the file again",
    welcome_why: "Your practice asks because how safe your team feels, and how much the work takes out of you, \
        matter, and are hard to see from the outside. There are no right or wrong answers.",
    duration: |m| {
        let minutes = if m == 1 { "1 minute".to_owned() } else { format!("{m} minutes") };
        format!("It takes about {minutes}. You can skip any question.")
    },
    privacy_kept_local: "The next person to use this device will not see your answers, unless you say this is your \
        own device or ask to keep them.",
    privacy_clear_how: "To remove your answers at any time, choose \u{201c}Clear my answers\u{201d} at the top of the page.",
    privacy_file: "If you download your result file, it holds your answers, your scores, the month and, if your practice \
        asks, the round and the team you chose: no name and no precise time.",
    device_question: "Whose device is this?",
    device_own: "My own device",
    device_shared: "A shared or work computer",
    device_hint: "On your own device, an unfinished survey is kept on it for up to 30 days so you can come back to \
        it; once you see your results, it is kept only until you download them or close this tab, unless you ask \
        to keep it. On a shared or work computer, nothing is kept: closing or reloading this page loses your \
        answers. If you choose neither, your answers are kept in this tab only, until you close it.",
    team_question: "Which team are you in?",
    team_prefer_not: "Prefer not to say",
    team_empty_hint: "If you leave this empty, it counts as \u{201c}Prefer not to say\u{201d}.",
    device_hint_short: "On your own device, an unfinished survey is kept for up to 30 days. On a shared \
        computer, nothing is kept.",
    device_hint_disk: "This page was opened from a file on this computer. Other files opened in this browser could \
        read what it keeps. So your answers are kept only in this tab, until you close it.",
    leaders_link: "For practice leaders",
    draft_found: |answered, items, finished| {
        if finished {
            format!("You have a finished survey on this device ({answered} of {items} answered).")
        } else {
            format!("You have an unfinished survey on this device ({answered} of {items} answered).")
        }
    },
    continue_draft: "Continue where you left off",

    notice_blocked: "This browser is not letting the survey keep anything on this device, so your answers will be \
        lost if you close or reload the page. You can still finish and download your result.",
    notice_full: "This device\u{2019}s storage is full, so your answers will be lost if you close or reload the page. \
        You can still finish and download your result.",
    notice_expired: "An unfinished survey from more than 30 days ago was cleared from this device.",
    notice_other_version: "An unfinished survey saved by another version of this page could not be continued, so it was cleared.",
    notice_unusable: "An unfinished survey on this device could not be read, so it was cleared.",
    notice_cleared: "Your answers were cleared from this device.",
    notice_not_restored: |sections| {
        format!("Part of your unfinished survey ({sections}) could not be restored, because that questionnaire is \
            no longer available here. Your other answers are kept.")
    },
    elsewhere_heading: "This survey is open in another tab",
    elsewhere_text: "You continued this survey in another tab or window of this browser, so this tab has stopped \
        saving, and neither overwrites the other\u{2019}s answers. Carry on in the other tab, or continue here \
        instead: the other tab will then stop saving.",
    elsewhere_continue: "Continue in this tab instead",
    wrong_address_heading: "This link is not right",
    wrong_address_text: "The link you used names a practice that is not set up here. Ask your practice for the \
        link to its survey.",
    practice_own: "Your practice\u{2019}s own questionnaire. Practice Pulse has not checked it against a published \
        source, so it is not a validated scale.",

    clear_answers: "Clear my answers",
    clear_confirm: "Clear all your answers from this device?",
    clear_yes: "Yes, clear them",
    clear_no: "Keep them",

    question_of: |n, total| format!("Question {n} of {total} in this section"),

    review_heading: "Before you finish",
    review_intro: |n| {
        if n == 1 {
            "You have not answered 1 question. You can go back to it, or see your results now.".to_owned()
        } else {
            format!("You have not answered {n} questions. You can go back to any of them, or see your results now.")
        }
    },
    review_unanswered: "Not answered:",
    review_missing_scores: "Without more answers, these scores cannot be worked out:",
    review_go_to: |number, text| format!("Question {number}: {text}"),

    meaning_heading: "What this means",
    meaning_text: "These results describe how things have been for you recently. They are not a diagnosis and not \
        a test of you. Where a score has a published reading, it is given beside it; where none exists, the score \
        is shown on its scale only.",
    meaning_team: "Your answers about your team describe how you see it. Nobody at your practice can see them \
        unless you share your result file.",
    support_heading: "Where to get support",
    support: &[
        ("Your GP", "for how you are feeling, or if a result worries you."),
        ("Samaritans", "call 116 123, free, day or night."),
        ("Shout", "text SHOUT to 85258, free and confidential, day or night."),
        ("NHS Practitioner Health", "confidential mental health support for people working in the NHS; check whether your role is covered."),
        ("In an emergency", "call 999."),
    ],
    support_practice: "At your practice",
    support_plan: "Your practice has agreed to",
    keep_heading: "Keep your results",
    download_csv: "Download as a spreadsheet (CSV)",
    print_results: "Print or save as PDF",
    saved_offer: "If the file was saved, look in your Downloads folder. Some browsers ask you where to save it first.",
    framed_download_hint: "If no file appears when you download, this page may not allow downloads: open the \
        survey in its own tab and download it there.",
    open_own_tab: "Open in its own tab",
    own_tab_refused: |address| format!("Your browser did not open a new tab. Copy this address into a new tab: {address}"),
    same_origin_host: "To keep your answers private from this page, the survey opens in its own tab instead.",
    notice_blocked_framed: "This page is inside another website, which stops the survey keeping anything, so your \
        answers will be lost if you reload. In its own tab your progress is kept.",
    notice_cleared_here_only: "Your answers were cleared from this tab. The survey open in another tab still holds \
        its answers on this device: clear them there.",
    clear_after: "Clear my answers from this device now",
    finish: "Done",
    clock_wrong: "This device\u{2019}s date is not set correctly, so the file cannot be dated (a result file holds \
        the month). Correct the device\u{2019}s date, then try again.",
    keep_answers: "Keep my answers on this device so I can come back to them (for up to 30 days)",
    keep_answers_hint: "Otherwise they are kept only until you download your result or close this tab.",
    support_link: "Where to get support",
    support_first_raised: "Some of your answers suggest things are hard for you right now. You do not have to deal \
        with this alone. Talking to someone can help.",
    support_first_strong: "Your answers suggest your mood has been low for a while. Please talk to your GP soon. \
        If you feel unsafe, call one of the numbers below now.",
    support_gp: ("Your GP", "Talk to them about how you feel, or if a result worries you."),
    support_sources: "Where these numbers come from",
    support_checked: |source, month| format!("{source}, checked {month}"),
    call: |number| format!("Call {number}"),
    text_to: |word, number| format!("Text {word} to {number}"),
    abuse_heading: "You told us about abuse at work",
    abuse_not_your_job: "Thank you for telling us. No one should be abused or hurt at work. It is not part of your job.",
    abuse_practice_should: "Your practice should have a clear way to report it. It should also help you after it happens.",
    abuse_report_heading: "How to report it",
    abuse_report_default: "Tell your practice manager, or someone you trust at work.",
    abuse_support: "If it has upset you, you can get support.",
    answers_change: |first, last| {
        format!("The answers change here. They now go from \u{201c}{first}\u{201d} to \u{201c}{last}\u{201d}.")
    },
    sources_heading: "Sources",
    saved_what_next: "What to do with the file",
    hand_in_default: "Keep it for yourself, or hand it in the way your practice asked. Your practice only sees a file \
        if you hand it in.",
    no_file: "If no file appeared, try again. Or choose \u{201c}Print or save as PDF\u{201d}.",
    hand_in_heading: "Hand in your result",
    hand_in_button: "Hand in to the practice",
    hand_in_who_reads: "This saves a locked file to hand in. Only the person your practice chose to hold its key can \
        open it. No one else can read it on its way, even if they see the file.",
    hand_in_who_reads_two: "This saves a locked file to hand in. It is split between the two people your practice chose to \
        hold its keys. Neither of them can read your answers alone. No one else can read it on its way, even if they \
        see the file.",
    hand_in_file_name: |name| {
        format!(
            "Your browser saved it as {name}, or with a number added to the name if a file of that name was \
             there. Send the newest one."
        )
    },
    hand_in_no_file: "If no file appeared, press \u{201c}Hand in to the practice\u{201d} again.",
    hand_in_shared_pc: "This is a shared computer. Other people\u{2019}s files may have the same name as yours. To send the \
        right one, open your browser\u{2019}s list of downloads (Ctrl+J) and send the newest file. The locked file left \
        in Downloads cannot be read by the next person. Your own copy can, so delete it when you are done.",
    hand_in_working: "Locking your file\u{2026}",
    hand_in_failed: "The locked file could not be made. Try again. If it still does not work, keep your own copy \
        and ask your practice what to do.",
    hand_in_receipt: "Your receipt:",
    hand_in_receipt_check: "The team report lists every receipt it counted. Check for yours there yourself. Keep \
        your receipt to yourself: it leads to your file. If it is not there, say only that a receipt is missing, not \
        which one. A missing receipt means a file was taken out or changed. A receipt cannot show files that were \
        added.",
    hand_in_changed: "You handed in a file before you changed your answers. If you hand in again, send only the new \
        file. If you sent the first one already, ask for it to be deleted. Two different files from you are both left \
        out.",
    notice_new_round: "This is a new round of the survey. Your answers from last time are here for you to change. \
        Anything you hand in now is a new file.",
    notice_new_holders: "Your practice has changed who holds its keys since you handed in. They cannot open the file \
        you handed in, so please hand in again.",
    own_copy_heading: "Keep my own copy",
    own_copy_readable: "This copy is not locked. Anyone who can open the file can read your answers. It also leads \
        to the file you hand in, so keep it to yourself.",
    own_copy_next: "Keep it for yourself. It is not locked, so do not hand it in: use \u{201c}Hand in to the \
        practice\u{201d} for that.",
    own_copy_file_name: |name| format!("Your own copy is called {name}."),
    saved_file_name: |name| format!("The file is called {name}."),
};

/// The console message for a leader when a page of the survey's own
/// origin frames it (English only: it is for whoever sets the page up).
pub const SAME_ORIGIN_CONSOLE: &str = "Practice Pulse: this survey is framed by a page of its own origin, which \
    could read every answer on screen and in storage, so it takes no answers in this frame and offers its own \
    tab. Serve it from an address of its own (for example pulse.intranet.example): see docs/embedding.md.";

/// The console message for a leader when a page of the survey's own
/// origin opened it with `window.open` (and so holds its window).
pub const SAME_ORIGIN_OPENER_CONSOLE: &str = "Practice Pulse: this survey was opened by a page of its own origin \
    (window.open), which could read every answer on screen and in storage, so it takes no answers in this window \
    and offers a tab of its own. Link to it without window.open (a plain link, or target=\"_blank\"), and serve it \
    from an address of its own (for example pulse.intranet.example): see docs/embedding.md.";

/// The strings in force. One language ships today; this is where a choice
/// of language will be made.
pub fn t() -> &'static Strings {
    &EN
}

#[cfg(test)]
mod tests {
    use super::{t, EN};

    #[test]
    fn counts_read_as_english() {
        assert_eq!((EN.duration)(1), "It takes about 1 minute. You can skip any question.");
        assert_eq!((EN.duration)(8), "It takes about 8 minutes. You can skip any question.");
        assert!((EN.draft_found)(38, 38, true).starts_with("You have a finished survey"));
        assert!((EN.draft_found)(9, 38, false).starts_with("You have an unfinished survey"));
    }

    /// index.html draws the welcome's opening before the wasm runs: its
    /// words must be these, so nothing changes when the app takes over.
    #[test]
    fn the_page_before_the_app_says_what_the_app_says() {
        let page = include_str!("../index.html");
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let page = squash(page);
        for text in [
            format!("<p class=\"masthead__title\">{}</p>", t().app_title),
            format!("<h1>{}</h1>", t().welcome_heading),
            format!("<p>{}</p>", t().welcome_intro),
        ] {
            assert!(page.contains(&squash(&text)), "index.html lacks {text}");
        }
    }

    /// The words added to care for the person (support first, abuse,
    /// changing answers, saving, the team question) read at US grade 6 or
    /// below by Flesch–Kincaid: a reader of 9 to 11 follows them.
    #[test]
    fn the_words_that_care_for_the_person_are_plain() {
        use pulse_core::care::SERVICES;
        use pulse_core::readability::{grade, MAX_GRADE};
        let e = &EN;
        let mut texts: Vec<String> = [
            e.support_link,
            e.support_first_raised,
            e.support_first_strong,
            e.support_gp.1,
            e.support_sources,
            e.abuse_heading,
            e.abuse_not_your_job,
            e.abuse_practice_should,
            e.abuse_report_heading,
            e.abuse_report_default,
            e.abuse_support,
            e.no_band,
            e.saved_offer,
            e.saved_what_next,
            e.hand_in_default,
            e.no_file,
            e.hand_in_heading,
            e.hand_in_button,
            e.hand_in_who_reads,
            e.hand_in_who_reads_two,
            e.hand_in_no_file,
            e.hand_in_shared_pc,
            e.hand_in_working,
            e.hand_in_failed,
            e.hand_in_receipt,
            e.hand_in_receipt_check,
            e.hand_in_changed,
            e.notice_new_round,
            e.notice_new_holders,
            e.own_copy_heading,
            e.own_copy_readable,
            e.own_copy_next,
            e.team_empty_hint,
            e.device_hint_short,
            e.device_hint_disk,
            e.leaders_link,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        texts.push((e.answers_change)("To a very high degree", "To a very low degree"));
        texts.push((e.answers_change)("Always", "Never or almost never"));
        // A file's name is not prose: our words around it are measured.
        texts.push((e.hand_in_file_name)("file.json"));
        texts.push((e.own_copy_file_name)("file.json"));
        texts.push((e.saved_file_name)("file.csv"));
        texts.extend(SERVICES.iter().map(|s| s.about.to_owned()));
        for text in texts {
            let g = grade(&text);
            assert!(g <= MAX_GRADE, "\"{text}\" reads at grade {g:.1}; at most {MAX_GRADE} is allowed");
        }
    }
}
