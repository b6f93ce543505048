//! Every interface string, in one place, so a language can be added without
//! touching a component. Instrument wording lives in the instrument
//! definitions (a translation of an instrument is its own definition).

/// The strings of one language. Parametrised messages are functions.
pub struct Strings {
    pub lang: &'static str,
    pub app_title: &'static str,
    pub nav_label: &'static str,
    pub nav_survey: &'static str,
    pub nav_compare: &'static str,
    pub nav_questionnaires: &'static str,

    pub welcome_heading: &'static str,
    pub welcome_intro: &'static str,
    pub privacy_heading: &'static str,
    pub privacy_nothing_leaves: &'static str,
    pub privacy_kept: &'static str,
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

    pub compare_heading: &'static str,
    pub compare_intro: &'static str,
    pub open_files: &'static str,
    pub compare_empty: &'static str,
    pub compare_caption: &'static str,
    pub score_column: &'static str,
    pub not_answered: &'static str,
    pub remove_file: fn(name: &str) -> String,
    pub not_opened_heading: &'static str,
    pub range: fn(lo: &str, hi: &str) -> String,

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
    pub own_not_text: &'static str,
    pub add_own_heading: &'static str,
    pub add_own_intro: &'static str,
    pub add_own_label: &'static str,
    pub own_added: fn(title: &str) -> String,
    pub own_rejected_heading: &'static str,
}

pub const EN: Strings = Strings {
    lang: "en-GB",
    app_title: "Practice Pulse",
    nav_label: "Main",
    nav_survey: "Survey",
    nav_compare: "Compare result files",
    nav_questionnaires: "Questionnaires",

    welcome_heading: "How is work for you?",
    welcome_intro: "A short, anonymous questionnaire about how safe it feels to speak up in your team. \
        You see your own results straight away, in plain words.",
    privacy_heading: "Your answers stay with you",
    privacy_nothing_leaves: "Nothing you answer leaves this device: there is no server, and no one else can see your answers.",
    privacy_kept: "Your answers are kept only in this open page until you close it; nothing is stored unless you choose to download your result file.",
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
    no_band: "There is no validated cut-off for this scale, so it is not rated as good or bad.",
    band_source: "Source of this reading:",
    download_result: "Download my result",
    download_failed: "Your browser did not allow the download. Try again, or try another browser.",
    start_again: "Start again",
    chart_label: |title, score, lo, hi| format!("{title}: {score} on a line from {lo} to {hi}"),
    told_us_heading: "What you told us",
    told_us_intro: "These questions describe your work; they are not a validated scale and give no score.",
    not_answered_yet: "Not answered",

    compare_heading: "Compare result files",
    compare_intro: "Open one or more result files downloaded from this survey to see their scores side by side. \
        The files are read on this device only.",
    open_files: "Open result files",
    compare_empty: "No result files open yet.",
    compare_caption: "Scores in the files you opened",
    score_column: "Score",
    not_answered: "Not answered",
    remove_file: |name| format!("Remove {name}"),
    not_opened_heading: "Some files were not opened",
    range: |lo, hi| format!("{lo} to {hi}"),

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
    own_not_text: "could not be read as text on this device; choose the file again",
    add_own_heading: "Add your own questionnaire",
    add_own_intro: "A practice can add a questionnaire of its own, written as a definition file in the documented format. \
        It is checked before anything of it is used.",
    add_own_label: "Questionnaire definition file (JSON)",
    own_added: |title| format!("Added \u{201c}{title}\u{201d}. It is included in the survey."),
    own_rejected_heading: "The questionnaire was not added",
};

/// The strings in force. One language ships today; this is where a choice
/// of language will be made.
pub fn t() -> &'static Strings {
    &EN
}
