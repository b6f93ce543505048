//! The survey session: stages, answers and the choice of sections.

mod common;

use pulse_core::{Event, Response, Session, Stage};

#[test]
fn stages_move_forward_and_back_through_every_section() {
    let catalogue = common::catalogue();
    let set = catalogue.default_set();
    let mut s = Session::new(&set);
    assert_eq!(s.stage, Stage::Welcome);
    let table = [
        (Event::Start, Stage::Section(0)),
        (Event::Back, Stage::Welcome),
        (Event::Next, Stage::Section(0)),
        (Event::Next, Stage::Section(1)),
        (Event::Next, Stage::Section(2)),
        (Event::Next, Stage::Section(3)),
        (Event::Next, Stage::Section(4)),
        (Event::Next, Stage::Section(5)),
        (Event::Next, Stage::Results),
        (Event::Next, Stage::Results),
        (Event::Back, Stage::Section(5)),
    ];
    for (event, stage) in table {
        s.apply(event.clone());
        assert_eq!(s.stage, stage, "after {event:?}");
    }
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
    assert_eq!(s.responses[3].answers[4], Some(2), "a new answer replaces the old");
    // Out-of-range positions are ignored, never a panic.
    s.apply(Event::Answer { section: 9, item: 0, value: 1 });
    s.apply(Event::Answer { section: 0, item: 99, value: 1 });
    assert_eq!(s.progress(), (2, 38));
    s.apply(Event::Restart);
    assert_eq!(s.progress(), (0, 38));
    assert_eq!(s.stage, Stage::Welcome);
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
    assert_eq!(s.stage, Stage::Welcome);
    assert_eq!(s.responses.iter().map(|r| r.key.id.as_str()).collect::<Vec<_>>(), ["hse-it", "who5"]);
    assert_eq!(s.responses[1].answers[0], Some(4), "the WHO-5 answer stays");
    assert_eq!(s.progress(), (1, 35 + 5));
}
