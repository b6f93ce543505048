//! The descriptive modules give no score: they are reported as answers.

mod common;
use common::{check, instrument, Expect::*};

#[test]
fn descriptive_modules_never_score() {
    let abuse = instrument("abuse", 1);
    for answers in [vec![Some(4), Some(4), Some(4), Some(4), Some(4), Some(1), Some(3)], vec![None; 7]] {
        check(&abuse, "abuse-experienced", &answers, Descriptive);
        check(&abuse, "abuse-after", &answers, Descriptive);
    }
    let translation = instrument("translation", 1);
    check(&translation, "translation-time", &[Some(3); 6], Descriptive);
    check(&translation, "translation-pressure", &[None; 6], Descriptive);
}

#[test]
fn abuse_reference_values_are_team_level_with_their_source() {
    use pulse_core::instrument::ReferenceLevel;
    let abuse = instrument("abuse", 1);
    let refs = abuse.scores()[0].references();
    assert_eq!(refs.len(), 2);
    assert!(refs.iter().all(|r| r.source.contains("NHS Staff Survey 2022")));
    assert_eq!(refs[0].value, 0.147);
    assert_eq!(refs[1].value, 0.278);
    match &refs[0].level {
        ReferenceLevel::TeamProportion { items, option_values } => {
            assert_eq!(items, &[abuse.item_index("abuse-violence").expect("item")]);
            assert_eq!(option_values, &[1, 2, 3, 4], "any occurrence at all");
        }
        other => panic!("expected a team proportion, got {other:?}"),
    }
}

#[test]
fn descriptive_answers_read_back_as_their_labels() {
    use pulse_core::scoring::told;
    let abuse = instrument("abuse", 1);
    // In person "2–5 times" (2), phone skipped, written "Never" (0), threats "Once" (1),
    // violence "More than 10 times" (4); reported "Not applicable" (0), supported "Partly" (2).
    let answers = [Some(2), None, Some(0), Some(1), Some(4), Some(0), Some(2)];
    assert_eq!(
        told(&abuse, &abuse.scores()[0], &answers),
        vec![
            ("Verbal abuse or insults in person", Some("2\u{2013}5 times")),
            ("Verbal abuse on the phone", None),
            ("Abuse in writing or online", Some("Never")),
            ("Threats of harm", Some("Once")),
            ("Physical violence", Some("More than 10 times")),
        ]
    );
    assert_eq!(
        told(&abuse, &abuse.scores()[1], &answers),
        vec![
            ("Did you report the most recent incident?", Some("Not applicable")),
            ("Did you feel supported by the practice afterwards?", Some("Partly")),
        ]
    );
}
