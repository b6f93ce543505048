//! The survey session: stages, answers and the choice of sections.

mod common;

use pulse_core::{Event, Response, Session, Stage};

#[test]
fn stages_move_forward_and_back_through_every_section() {
    let catalogue = common::catalogue();
    let set = catalogue.default_set();
    let mut s = Session::new(&set);
    assert_eq!(s.stage(), Stage::Welcome);
    let table = [
        (Event::Start, Stage::Section(0)),
        (Event::Back, Stage::Welcome),
        (Event::Next, Stage::Section(0)),
        (Event::Next, Stage::Section(1)),
        (Event::Next, Stage::Section(2)),
        (Event::Next, Stage::Section(3)),
        (Event::Next, Stage::Section(4)),
        (Event::Next, Stage::Section(5)),
        // Questions were skipped: the review comes before the results.
        (Event::Next, Stage::Review),
        (Event::Back, Stage::Section(5)),
        (Event::Next, Stage::Review),
        (Event::Next, Stage::Results),
        (Event::Next, Stage::Results),
        (Event::Back, Stage::Review),
        (Event::Back, Stage::Section(5)),
    ];
    for (event, stage) in table {
        s.apply(event.clone());
        assert_eq!(s.stage(), stage, "after {event:?}");
    }
}

#[test]
fn a_complete_survey_goes_straight_to_the_results() {
    let catalogue = common::catalogue();
    let tps = catalogue.latest("tps").expect("built in");
    let mut s = Session::new(&[tps]);
    s.apply(Event::Start);
    for item in 0..7 {
        s.apply(Event::Answer { section: 0, item, value: 4 });
    }
    assert!(s.is_complete());
    s.apply(Event::Next);
    assert_eq!(s.stage(), Stage::Results);
    s.apply(Event::Back);
    assert_eq!(s.stage(), Stage::Section(0), "no review to go back to");
}

#[test]
fn one_question_at_a_time_crosses_sections() {
    let catalogue = common::catalogue();
    let who5 = catalogue.latest("who5").expect("built in"); // 5 items
    let tps = catalogue.latest("tps").expect("built in"); // 7 items
    let mut s = Session::new(&[who5, tps]);
    s.apply(Event::Start);
    let mut seen = vec![(s.stage(), s.cursor())];
    for _ in 0..12 {
        s.apply(Event::NextQuestion);
        seen.push((s.stage(), s.cursor()));
    }
    let mut expected: Vec<(Stage, usize)> = (0..5).map(|i| (Stage::Section(0), i)).collect();
    expected.extend((0..7).map(|i| (Stage::Section(1), i)));
    expected.push((Stage::Review, 0));
    assert_eq!(seen, expected);
    // And back again, from the review to the last question, then across.
    s.apply(Event::BackQuestion);
    assert_eq!((s.stage(), s.cursor()), (Stage::Section(1), 6));
    for _ in 0..7 {
        s.apply(Event::BackQuestion);
    }
    assert_eq!((s.stage(), s.cursor()), (Stage::Section(0), 4), "the previous section's last question");
    for _ in 0..5 {
        s.apply(Event::BackQuestion);
    }
    assert_eq!(s.stage(), Stage::Welcome);
}

#[test]
fn review_lists_unanswered_items_and_the_scores_they_would_cost() {
    let catalogue = common::catalogue();
    let set = catalogue.default_set();
    let mut s = Session::new(&set);
    // TPS: 3 of 7 answered (4 needed); WHO-5: 4 of 5 (all needed); the rest untouched.
    for item in 0..3 {
        s.apply(Event::Answer { section: 0, item, value: 4 });
    }
    for item in 0..4 {
        s.apply(Event::Answer { section: 3, item, value: 2 });
    }
    let review = s.review(&catalogue);
    let summary: Vec<(usize, Vec<usize>, Vec<&str>)> =
        review.iter().map(|r| (r.section, r.unanswered.clone(), r.missing_scores.clone())).collect();
    assert_eq!(summary[0], (0, vec![3, 4, 5, 6], vec!["Team psychological safety"]));
    assert_eq!(summary[3], (3, vec![4], vec!["Wellbeing (WHO-5)"]));
    // Descriptive modules list their unanswered items but cost no score.
    assert_eq!(summary[4], (4, (0..7).collect(), vec![]));
    assert_eq!(review.len(), 6);
    // Going to a listed question lands on it.
    s.apply(Event::GoTo { section: 3, item: 4 });
    assert_eq!((s.stage(), s.cursor()), (Stage::Section(3), 4));
    s.apply(Event::GoTo { section: 3, item: 40 });
    assert_eq!((s.stage(), s.cursor()), (Stage::Section(3), 4), "a position out of range is ignored");
}

#[test]
fn answers_count_towards_progress_and_restart_forgets_them() {
    let catalogue = common::catalogue();
    let mut s = Session::new(&catalogue.default_set());
    assert_eq!(s.progress(), (0, 38));
    s.apply(Event::Answer { section: 0, item: 0, value: 3 });
    s.apply(Event::Answer { section: 3, item: 4, value: 5 });
    s.apply(Event::Answer { section: 3, item: 4, value: 2 });
    assert_eq!(s.progress(), (2, 38));
    assert_eq!(s.responses()[3].answers[4], Some(2), "a new answer replaces the old");
    // Out-of-range positions are ignored, never a panic.
    s.apply(Event::Answer { section: 9, item: 0, value: 1 });
    s.apply(Event::Answer { section: 0, item: 99, value: 1 });
    assert_eq!(s.progress(), (2, 38));
    s.apply(Event::Restart);
    assert_eq!(s.progress(), (0, 38));
    assert_eq!(s.stage(), Stage::Welcome);
}

#[test]
fn choosing_sections_keeps_answers_of_the_sections_that_stay() {
    let catalogue = common::catalogue();
    let tps = catalogue.latest("tps").expect("built in");
    let who5 = catalogue.latest("who5").expect("built in");
    let hse = catalogue.latest("hse-it").expect("built in");
    let mut s = Session::new(&[tps, who5]);
    s.apply(Event::Start);
    s.apply(Event::Answer { section: 1, item: 0, value: 4 });
    s.apply(Event::SetSections(vec![Response::empty(hse), Response::empty(who5)]));
    assert_eq!(s.stage(), Stage::Welcome);
    assert_eq!(s.responses().iter().map(|r| r.key.id.as_str()).collect::<Vec<_>>(), ["hse-it", "who5"]);
    assert_eq!(s.responses()[1].answers[0], Some(4), "the WHO-5 answer stays");
    assert_eq!(s.progress(), (1, 35 + 5));
}

#[test]
fn the_default_set_takes_under_ten_minutes_by_the_estimate() {
    let catalogue = common::catalogue();
    let s = Session::new(&catalogue.default_set());
    // 38 questions × 12 s = 456 s → 7.6 → 8 minutes.
    assert_eq!(s.minutes_estimate(), 8);
    let with_hse = Session::new(
        &catalogue.survey_sections(&[pulse_core::InstrumentKey { id: "hse-it".into(), version: 1 }]),
    );
    // 73 × 12 = 876 s → 14.6 → 15 minutes.
    assert_eq!(with_hse.minutes_estimate(), 15);
}

#[test]
fn where_answers_are_kept_follows_whose_device_it_is() {
    use pulse_core::session::{Device, Keep};
    let catalogue = common::catalogue();
    let set = catalogue.default_set();
    // (device, answer something?, stage reached, asked to keep at the results?) → kept where
    let table = [
        (Device::NotChosen, false, Stage::Welcome, false, Keep::Nothing),
        (Device::Own, false, Stage::Welcome, false, Keep::Nothing),
        (Device::NotChosen, true, Stage::Section(0), false, Keep::ThisTab),
        (Device::NotChosen, true, Stage::Results, false, Keep::ThisTab),
        (Device::NotChosen, true, Stage::Results, true, Keep::ThisTab), // keeping needs "my own"
        (Device::Shared, true, Stage::Section(0), false, Keep::Nothing),
        (Device::Shared, true, Stage::Results, true, Keep::Nothing),
        (Device::Own, true, Stage::Section(0), false, Keep::Device),
        (Device::Own, false, Stage::Section(0), false, Keep::Device),
        (Device::Own, true, Stage::Review, false, Keep::Device),
        (Device::Own, true, Stage::Results, false, Keep::ThisTab),
        (Device::Own, true, Stage::Results, true, Keep::Device),
    ];
    for (device, answer, stage, keep, want) in table {
        let mut s = Session::new(&set);
        s.apply(Event::Device(device));
        if answer {
            s.apply(Event::Answer { section: 0, item: 0, value: 3 });
        }
        for _ in 0..10 {
            if s.stage() == stage {
                break;
            }
            s.apply(Event::Next);
        }
        assert_eq!(s.stage(), stage);
        s.apply(Event::KeepAnswers(keep));
        assert_eq!(s.keep(), want, "{device:?}, answered {answer}, {stage:?}, keep {keep}");
    }
    // Starting again forgets the wish to keep.
    let mut s = Session::new(&set);
    s.apply(Event::Device(Device::Own));
    s.apply(Event::KeepAnswers(true));
    assert!(s.keeps_answers());
    s.apply(Event::Restart);
    assert!(!s.keeps_answers());
}

#[test]
fn restart_brings_nothing_chosen_for_the_next_person() {
    use pulse_core::session::{Device, TeamChoice};
    let catalogue = common::catalogue();
    let set = catalogue.default_set();
    let fresh = Session::new(&set);
    // Whatever the last person chose, after Done or "Clear my answers" the
    // next person at the same PC starts exactly as on a new page.
    for (device, team) in [
        (Device::Own, TeamChoice::Team("Reception".into())),
        (Device::Shared, TeamChoice::PreferNotToSay),
        (Device::Own, TeamChoice::NotChosen),
    ] {
        let mut s = Session::new(&set);
        s.apply(Event::Device(device));
        s.apply(Event::Team(team.clone()));
        s.apply(Event::Start);
        s.apply(Event::Answer { section: 0, item: 0, value: 3 });
        s.apply(Event::KeepAnswers(true));
        s.apply(Event::Restart);
        assert_eq!(s.device(), Device::NotChosen, "after {device:?}");
        assert_eq!(s.team(), &TeamChoice::NotChosen, "after {team:?}");
        assert_eq!(s, fresh, "after {device:?}, {team:?}: the same as a new session");
    }
}

#[test]
fn resuming_a_draft_is_an_event() {
    let catalogue = common::catalogue();
    let set = catalogue.default_set();
    let mut draft = Session::new(&set);
    draft.apply(Event::Start);
    draft.apply(Event::Answer { section: 0, item: 3, value: 6 });
    let mut s = Session::new(&set);
    s.apply(Event::Resume(Box::new(draft.clone())));
    assert_eq!(s, draft);
}

#[test]
fn the_time_estimate_is_whole_minutes_rounded_up() {
    let catalogue = common::catalogue();
    let who5 = catalogue.latest("who5").expect("built in");
    // 5 questions × 12 s = 60 s: 1 minute; the default set's 38: 456 s → 8.
    assert_eq!(Session::new(&[who5]).minutes_estimate(), 1);
    assert_eq!(Session::new(&catalogue.default_set()).minutes_estimate(), 8);
}

#[test]
fn an_empty_team_question_starts_the_survey_and_writes_no_team() {
    use pulse_core::session::TeamChoice;
    use pulse_core::{Period, Stage};
    let catalogue = common::catalogue();
    let mut s = Session::new(&catalogue.default_set());
    assert_eq!(s.team(), &TeamChoice::NotChosen, "the team question starts empty");
    s.apply(Event::Start);
    assert_eq!(s.stage(), Stage::Section(0), "no team chosen: the survey starts all the same");
    s.apply(Event::Saving(pulse_core::result_file::ResponseId::from_random_bytes([7; 16])));
    let period = Period::new(2026, 11).expect("a month");
    let team = |s: &Session| s.record("t", period, None).expect("saving gave an id").team;
    // Left empty, the file holds no team: the team report's "Not given".
    assert_eq!(team(&s), None);
    s.apply(Event::Team(TeamChoice::Team("Reception".into())));
    assert_eq!(team(&s).as_deref(), Some("Reception"));
}
