//! The team page's interface strings, apart from the staff survey's so the
//! survey's wasm never carries them. One struct per language, as in
//! `crate::i18n`.

pub struct TeamStrings {
    pub lang: &'static str,
    pub title: &'static str,
    pub nav_label: &'static str,
    pub setup_link: &'static str,
    pub intro: &'static str,
    /// What a file holder can read, and what is safe to share (two sentences).
    pub honest: &'static str,
    pub guide_heading: &'static str,
    pub guide_points: [&'static str; 3],
    pub open_heading: &'static str,
    pub open_files: &'static str,
    pub open_folder: &'static str,
    pub drop_here: &'static str,
    pub reading: fn(done: usize, total: usize) -> String,
    pub progress_label: &'static str,
    pub read_summary: fn(records: usize, refused: usize, duplicates: usize, definitions: usize) -> String,
    pub refused_heading: fn(n: usize) -> String,
    pub duplicates_heading: fn(n: usize) -> String,
    pub start_again: &'static str,
    pub empty: &'static str,

    pub settings_heading: &'static str,
    pub min_group_label: &'static str,
    pub min_group_hint: fn(floor: usize) -> String,
    pub rule: fn(k: usize) -> String,

    pub downloads_heading: &'static str,
    pub download_csv: &'static str,
    pub download_json: &'static str,
    pub print: &'static str,
    pub download_failed: &'static str,

    pub round_heading: fn(round: &str) -> String,
    pub no_round: &'static str,
    pub files_in_round: fn(n: usize) -> String,
    pub round_too_small: fn(k: usize) -> String,
    pub measures_heading: &'static str,
    pub col_group: &'static str,
    pub col_n: &'static str,
    pub col_mean: &'static str,
    pub col_ci: &'static str,
    pub fewer_than: fn(k: usize) -> String,
    pub range_note: fn(lo: &str, hi: &str, higher_better: Option<bool>) -> String,
    pub spread_caption: fn(title: &str) -> String,
    pub answers_caption: fn(question: &str) -> String,
    pub descriptive_heading: fn(title: &str) -> String,
    pub descriptive_note: &'static str,
    pub references_heading: &'static str,
    pub references_note: &'static str,
    pub col_share: &'static str,
    pub col_reference: &'static str,
    pub share_value: fn(gave: usize, n: usize) -> String,
    pub team_reference: &'static str,

    pub trends_heading: &'static str,
    pub trends_intro: &'static str,
    pub trends_none: &'static str,
    pub col_from: &'static str,
    pub col_to: &'static str,
    pub col_difference: &'static str,
    pub col_verdict: &'static str,
    pub clear_up: &'static str,
    pub clear_down: &'static str,
    pub no_clear_change: &'static str,
    pub trend_chart_label: fn(title: &str) -> String,

    pub rate_heading: &'static str,
    pub rate_intro: &'static str,
    pub asked_label: fn(round: &str) -> String,
    pub rate_value: fn(percent: &str) -> String,
    pub rate_low: &'static str,
    pub rate_adequate: &'static str,
    pub rate_very_good: &'static str,
    pub rate_more_files: &'static str,
    pub rate_hidden: fn(k: usize) -> String,
    pub back_to_survey: &'static str,
    pub config_fault: &'static str,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub static EN: TeamStrings = TeamStrings {
    lang: "en-GB",
    title: "Team results",
    nav_label: "For practice leaders",
    setup_link: "Set up the survey",
    intro: "Open the result files your team saved to see anonymous figures for the team: how many answered, the average, how sure that average is, and how the answers spread. Everything happens on this device; nothing is sent anywhere.",
    honest: "Whoever holds the result files can read each person's answers, so collect them in a way that records nobody's name, and keep them as you would any staff record. The report on this page is what is safe to share with the team: it never shows a group too small to stay anonymous, or any one person's answers.",
    guide_heading: "How to collect the files without learning who sent which",
    guide_points: [
        "Ask people to save their file into a shared folder that does not record who put it there, or to hand it to someone outside their line management who collects the files.",
        "Collect files only once a round has closed, and from at least as many people as the smallest group shown, so no one file stands out.",
        "Share the report, not the files. Delete the files once the report is made, or keep them as you would any staff record.",
    ],
    open_heading: "Open the team’s result files",
    open_files: "Choose result files (or a .zip of them)",
    open_folder: "Choose a folder",
    drop_here: "Or drop files or a folder anywhere on this page.",
    reading: |done, total| format!("Reading {done} of {total} files…"),
    progress_label: "Files read",
    read_summary: |records, refused, duplicates, definitions| {
        let mut s = format!("{} pooled.", plural(records, "result file", "result files"));
        if refused > 0 {
            s.push_str(&format!(" {} could not be used.", plural(refused, "file", "files")));
        }
        if duplicates > 0 {
            s.push_str(&format!(" {} opened twice, counted once.", plural(duplicates, "file was", "files were")));
        }
        if definitions > 0 {
            s.push_str(&format!(" {} of the practice's own added.", plural(definitions, "questionnaire", "questionnaires")));
        }
        s
    },
    refused_heading: |n| format!("Files not used ({n})"),
    duplicates_heading: |n| format!("Files opened twice, counted once ({n})"),
    start_again: "Clear and start again",
    empty: "No result files opened yet.",

    settings_heading: "Minimum group size",
    min_group_label: "Smallest group shown",
    min_group_hint: |floor| format!("Your practice's setting is the lowest allowed here ({floor}). You may raise it."),
    rule: |k| format!("A group of fewer than {k} people shows no figures, not even how many they are, and when the hidden groups together hold fewer than {k} the next smallest group is hidden too, so no hidden figure can be worked out from the others."),

    downloads_heading: "Save or print the report",
    download_csv: "Download the report (CSV)",
    download_json: "Download the report (JSON)",
    print: "Print the report",
    download_failed: "The download could not start on this device.",

    round_heading: |round| format!("Round: {round}"),
    no_round: "No round given",
    files_in_round: |n| format!("{} in this round.", plural(n, "response", "responses")),
    round_too_small: |k| format!("Fewer than {k} responses in this round, or hidden with such a round."),
    measures_heading: "Scores",
    col_group: "Group",
    col_n: "People",
    col_mean: "Average",
    col_ci: "95% confidence interval",
    fewer_than: |k| format!("fewer than {k} responses"),
    range_note: |lo, hi, better| {
        let direction = match better {
            Some(true) => "; higher is better",
            Some(false) => "; higher is worse",
            None => "",
        };
        format!("Scores run from {lo} to {hi}{direction}.")
    },
    spread_caption: |title| format!("How the scores spread: {title} (people in each part of the range)"),
    answers_caption: |question| format!("Answers: {question} (share of people who answered)"),
    descriptive_heading: |title| format!("{title} (descriptive; not a validated scale, never a score)"),
    descriptive_note: "Shown as how many gave each answer, never as a score.",
    references_heading: "Beside published figures",
    references_note: "Team-level figures only, never one person. The published figures come from a different population and period, so read them as a rough guide.",
    col_share: "This group",
    col_reference: "Published figure",
    share_value: |gave, n| format!("{gave} of {n} ({}%)", crate::team::percent(gave, n)),
    team_reference: "Published reference for team averages",

    trends_heading: "Change between rounds",
    trends_intro: "A change is called clear only when its 95% interval leaves out zero. With a small team, a change of several points is often just noise, so “no clear change” is the usual honest answer.",
    trends_none: "Trends appear when the files hold two or more rounds with enough people in each.",
    col_from: "From",
    col_to: "To",
    col_difference: "Difference (95% interval)",
    col_verdict: "What it means",
    clear_up: "clear increase",
    clear_down: "clear decrease",
    no_clear_change: "no clear change",
    trend_chart_label: |title| format!("Average of {title} by round, everyone (the table below gives the figures)"),

    rate_heading: "Response rate",
    rate_intro: "Enter how many people were asked in each round. HSE regards over 50% as adequate and over 80% as very good.",
    asked_label: |round| format!("People asked ({round})"),
    rate_value: |percent| format!("{percent}% responded"),
    rate_low: "Low: with a small team, a low response rate makes these figures fragile; they may not speak for the team.",
    rate_adequate: "Adequate.",
    rate_very_good: "Very good.",
    rate_more_files: "There are more responses than people asked: check the number.",
    rate_hidden: |k| format!("Not shown: the round has fewer than {k} responses, or is hidden with one that has."),
    back_to_survey: "Back to the survey",
    config_fault: "The practice's configuration could not be used (see the browser console); the defaults are used.",
};

pub fn s() -> &'static TeamStrings {
    &EN
}
