//! Configuration from the page address, and drafts kept between visits.

mod common;

use pulse_core::config::Config;
use pulse_core::draft::{self, Day, DraftProblem, MAX_AGE_DAYS};
use pulse_core::{Event, Session, Stage};

#[test]
fn configuration_reads_known_keys_and_ignores_the_rest() {
    let table: &[(&str, Option<&str>, Option<&str>)] = &[
        ("", None, None),
        (
            "?contact=Jo+Smith%2C+practice+manager%2C+ext+214",
            Some("Jo Smith, practice manager, ext 214"),
            None,
        ),
        ("contact=Jo&contact-link=tel%3A01234567890", Some("Jo"), Some("tel:01234567890")),
        (
            "contact-link=https%3A%2F%2Fintranet.example%2Fsupport",
            None,
            Some("https://intranet.example/support"),
        ),
        // Only safe link schemes; a script link is dropped.
        ("contact=Jo&contact-link=javascript%3Aalert(1)", Some("Jo"), None),
        ("contact-link=http%3A%2F%2Fplain.example", None, None),
        // Malformed escapes and empty values are ignored, unknown keys too.
        ("contact=%ZZ&colour=red", None, None),
        ("contact=+++", None, None),
        ("contact=%E2%80%9CHi%E2%80%9D%0A", Some("\u{201c}Hi\u{201d}"), None),
    ];
    for (query, contact, link) in table {
        let config = Config::from_query(query);
        assert_eq!(config.contact.as_deref(), *contact, "{query}");
        assert_eq!(config.contact_link.as_deref(), *link, "{query}");
    }
    let long = format!("contact={}", "a".repeat(500));
    assert_eq!(Config::from_query(&long).contact.map(|c| c.len()), Some(200));
}

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::new(y, m, d).expect("valid day")
}

#[test]
fn days_count_across_months_years_and_leap_days() {
    let table = [
        (day(2026, 11, 22), day(2026, 11, 22), 0),
        (day(2026, 12, 22), day(2026, 11, 22), 30),
        (day(2027, 1, 1), day(2026, 12, 31), 1),
        (day(2028, 3, 1), day(2028, 2, 28), 2), // 2028 is a leap year
        (day(2100, 3, 1), day(2100, 2, 28), 1), // 2100 is not
        (day(2000, 3, 1), day(2000, 2, 28), 2), // 2000 is
        (day(1970, 1, 1), day(1970, 1, 1), 0),
    ];
    for (later, earlier, days) in table {
        assert_eq!(later.days_since(earlier), days, "{later} − {earlier}");
    }
    assert!(Day::new(2026, 2, 29).is_none());
    assert!(Day::new(2026, 13, 1).is_none());
}

fn answered_session() -> (pulse_core::Catalogue, Session) {
    let catalogue = common::catalogue();
    let mut s = Session::new(&catalogue.default_set());
    s.apply(Event::Start);
    s.apply(Event::Answer { section: 0, item: 2, value: 5 });
    s.apply(Event::Answer { section: 3, item: 0, value: 4 });
    s.apply(Event::GoTo { section: 3, item: 1 });
    (catalogue, s)
}

#[test]
fn a_draft_continues_at_the_same_place_with_the_same_answers() {
    let (catalogue, session) = answered_session();
    let saved = draft::to_json(&session, &catalogue, day(2026, 11, 1));
    assert!(!saved.contains("shared"), "a shared-device session is never stored, so the flag is not either");
    for today in [day(2026, 11, 1), day(2026, 12, 1)] {
        let back = draft::from_json(&saved, &catalogue, today).expect("continues");
        assert_eq!(back, session);
        assert_eq!((back.stage, back.cursor), (Stage::Section(3), 1));
    }
}

#[test]
fn drafts_that_cannot_continue_say_why() {
    let (catalogue, session) = answered_session();
    let saved = draft::to_json(&session, &catalogue, day(2026, 10, 1));
    let today = day(2026, 11, 22);
    assert_eq!(draft::from_json(&saved, &catalogue, today), Err(DraftProblem::Expired { days: 52 }));
    let on_the_limit = draft::to_json(&session, &catalogue, day(2026, 10, 23));
    assert!(today.days_since(day(2026, 10, 23)) == MAX_AGE_DAYS);
    assert!(draft::from_json(&on_the_limit, &catalogue, today).is_ok(), "30 days old still continues");

    let fresh = draft::to_json(&session, &catalogue, today);
    let edit = |from: &str, to: &str| fresh.replacen(from, to, 1);
    let cases = [
        ("older format", edit("\"draft_version\":1", "\"draft_version\":0"), DraftProblem::OtherVersion),
        ("newer format", edit("\"draft_version\":1", "\"draft_version\":2"), DraftProblem::OtherVersion),
        ("no version at all", "{\"answers\":[1,2,3]}".to_owned(), DraftProblem::OtherVersion),
        ("not JSON", "{{{".to_owned(), DraftProblem::Unusable),
        ("unknown questionnaire", edit("\"id\":\"who5\"", "\"id\":\"gone\""), DraftProblem::Unusable),
        ("unknown item", edit("\"who5-1\"", "\"who5-9\""), DraftProblem::Unusable),
        ("answer out of range", edit("\"who5-1\":4", "\"who5-1\":40"), DraftProblem::Unusable),
        ("section out of range", edit("{\"section\":3}", "{\"section\":30}"), DraftProblem::Unusable),
        ("bad day", edit(&today.to_string(), "2026-02-30"), DraftProblem::Unusable),
    ];
    for (name, text, problem) in cases {
        assert_ne!(text, fresh, "case {name} changed the text");
        assert_eq!(draft::from_json(&text, &catalogue, today), Err(problem), "case {name}");
    }
}
