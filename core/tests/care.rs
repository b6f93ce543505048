//! Care on the results screen: which scores put support first (from the
//! bands' `concern` in the definitions), when abuse was told of, where the
//! answers change inside a section, and the national services as data.

mod common;

use pulse_core::care::{abuse_reported, concern, SERVICES};
use pulse_core::instrument::Concern;
use pulse_core::readability::{grade, MAX_GRADE};
use pulse_core::Response;

/// One response per instrument, all unanswered but `answers`.
fn response(id: &str, answers: &[Option<i32>]) -> Response {
    let instrument = common::instrument(id, 1);
    let mut r = Response::empty(&instrument);
    r.answers = answers.to_vec();
    r
}

fn all(n: usize, value: i32) -> Vec<Option<i32>> {
    vec![Some(value); n]
}

#[test]
fn the_bands_marked_in_the_definitions_decide_support_first() {
    let c = common::catalogue();
    type Case = (&'static str, Vec<Option<i32>>, Option<Concern>);
    let cases: &[Case] = &[
        // CBI: 50 or above is high burnout (Borritz & Kristensen 2004).
        ("cbi-work", all(7, 25), None),
        (
            "cbi-work",
            vec![Some(50), Some(50), Some(50), Some(50), Some(50), Some(50), Some(50)],
            Some(Concern::Raised),
        ),
        ("cbi-personal", all(6, 100), Some(Concern::Raised)),
        ("cbi-patient", all(6, 75), Some(Concern::Raised)),
        // Too few answers to score: no band, so no concern.
        ("cbi-personal", vec![Some(100), Some(100), None, None, None, None], None),
        // WHO-5: raw × 4; 52 is above 50, 48 and 32 poor, 28 and below low.
        ("who5", vec![Some(3), Some(3), Some(3), Some(2), Some(2)], None),
        ("who5", vec![Some(3), Some(3), Some(2), Some(2), Some(2)], Some(Concern::Raised)),
        ("who5", vec![Some(2), Some(2), Some(2), Some(1), Some(1)], Some(Concern::Raised)),
        ("who5", vec![Some(2), Some(2), Some(1), Some(1), Some(1)], Some(Concern::Strong)),
        ("who5", all(5, 0), Some(Concern::Strong)),
        // No bands, or descriptive: never a concern, whatever the answers.
        ("tps", all(7, 1), None),
        ("abuse", all(7, 4), None),
    ];
    for (id, answers, want) in cases {
        assert_eq!(concern(&[response(id, answers)], &c), *want, "{id} {answers:?}");
    }
    // The strongest of several wins.
    let both = [response("cbi-work", &all(7, 100)), response("who5", &all(5, 0))];
    assert_eq!(concern(&both, &c), Some(Concern::Strong));
}

#[test]
fn abuse_is_told_of_by_any_answer_but_never() {
    let c = common::catalogue();
    let never = [Some(0), Some(0), Some(0), Some(0), Some(0), Some(0), Some(0)];
    let cases: &[(Vec<Option<i32>>, bool)] = &[
        (never.to_vec(), false),
        (vec![None; 7], false),
        // Threatened once; hit more than ten times.
        (vec![Some(0), Some(0), Some(0), Some(1), Some(0), None, None], true),
        (vec![None, None, None, None, Some(4), None, None], true),
        (vec![Some(2), None, None, None, None, None, None], true),
        // Only the questions on reporting and support answered: nothing told.
        (vec![None, None, None, None, None, Some(1), Some(3)], false),
    ];
    for (answers, want) in cases {
        assert_eq!(abuse_reported(&[response("abuse", answers)], &c), *want, "{answers:?}");
    }
    // Another module's answers never count as abuse.
    assert!(!abuse_reported(&[response("translation", &all(6, 4))], &c));
}

#[test]
fn each_change_of_answers_inside_a_section_is_found_from_the_data() {
    let c = common::catalogue();
    for (id, want) in [
        ("cbi-work", vec![3]),
        ("cbi-patient", vec![4]),
        ("cbi-personal", vec![]),
        ("who5", vec![]),
        ("tps", vec![]),
        ("abuse", vec![5, 6]),
        ("translation", vec![4, 5]),
        ("hse-it", vec![23]),
    ] {
        let i = c.latest(id).expect("built in");
        let found: Vec<usize> = (0..i.items().len() + 2).filter(|&p| i.answers_change_at(p)).collect();
        assert_eq!(found, want, "{id}");
    }
}

#[test]
fn the_national_services_are_pinned_with_their_sources() {
    let find =
        |name: &str| SERVICES.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("{name} listed"));
    assert_eq!(find("Samaritans").tel().as_deref(), Some("tel:116123"));
    assert_eq!(find("Samaritans").phone, Some("116 123"));
    assert_eq!(find("Shout").sms().as_deref(), Some("sms:85258?body=SHOUT"));
    assert_eq!(find("Shout").tel(), None);
    assert_eq!(find("NHS 111").tel().as_deref(), Some("tel:111"));
    assert_eq!(find("NHS Practitioner Health").tel().as_deref(), Some("tel:03000303300"));
    assert_eq!(find("In an emergency").tel().as_deref(), Some("tel:999"));
    assert_eq!(SERVICES.last().map(|s| s.name), Some("In an emergency"), "the emergency number last");
    for s in SERVICES {
        assert!(s.page.starts_with("https://"), "{}: its page is https", s.name);
        assert!(s.phone.is_some() || s.text.is_some(), "{}: a way to reach it", s.name);
        assert!(!s.source.is_empty(), "{}: where it was checked", s.name);
        let (year, month) = s.checked.split_once('-').expect("YYYY-MM");
        assert!(year.len() == 4 && year.parse::<u16>().is_ok(), "{}: checked {}", s.name, s.checked);
        assert!(
            month.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)),
            "{}: checked {}",
            s.name,
            s.checked
        );
        let g = grade(s.about);
        assert!(g <= MAX_GRADE, "{}: \"{}\" reads at grade {g:.1}", s.name, s.about);
    }
}
