//! Edmondson (1999) Team Psychological Safety: items 1, 3 and 5 are reversed
//! as 8 − x; the score is the mean of answered items on 1–7; no bands.
//! Missing data: at least 4 of 7 answered (project choice, stated in the
//! definition). Every expected value is worked by hand in its comment.

mod common;
use common::{all, check_table, instrument, Expect::*};

#[test]
fn published_rule_worked_examples() {
    let tps = instrument("tps", 1);
    let n = None;
    let table: &[(&str, Vec<Option<i32>>, common::Expect)] = &[
        // All 1: reversed 1,3,5 give 7 each (21), the others 1 each (4): 25 / 7.
        ("all ones", all(&[1; 7]), Score(25.0 / 7.0)),
        // All 7: reversed give 1 each (3), the others 7 each (28): 31 / 7.
        ("all sevens", all(&[7; 7]), Score(31.0 / 7.0)),
        // The midpoint stays the midpoint whichever way an item is keyed.
        ("all fours", all(&[4; 7]), Score(4.0)),
        // The safest answers: disagree with the reversed, agree with the rest.
        ("highest", all(&[1, 7, 1, 7, 1, 7, 7]), Score(7.0)),
        ("lowest", all(&[7, 1, 7, 1, 7, 1, 1]), Score(1.0)),
        // Mixed: 8−2=6, 6, 8−3=5, 5, 8−1=7, 7, 6 → 42 / 7 = 6.
        ("mixed", all(&[2, 6, 3, 5, 1, 7, 6]), Score(6.0)),
        // Mixed: 8−6=2, 3, 8−4=4, 2, 8−5=3, 6, 1 → 21 / 7 = 3.
        ("mixed low", all(&[6, 3, 4, 2, 5, 6, 1]), Score(3.0)),
        // One missing: 6 + 6 + 5 + 5 + 7 + 6 = 35 over the 6 answered.
        ("item 6 missing", vec![Some(2), Some(6), Some(3), Some(5), Some(1), n, Some(6)], Score(35.0 / 6.0)),
        // Reversed item 1 alone varies; items 2–4 answered 4 (sum 12).
        ("item 1 = 1 → 7", vec![Some(1), Some(4), Some(4), Some(4), n, n, n], Score((7.0 + 12.0) / 4.0)),
        ("item 1 = 7 → 1", vec![Some(7), Some(4), Some(4), Some(4), n, n, n], Score((1.0 + 12.0) / 4.0)),
        // Reversed item 3: 8−2=6, with items 1 (8−4=4), 2 and 4 at 4.
        ("item 3 = 2 → 6", vec![Some(4), Some(4), Some(2), Some(4), n, n, n], Score((6.0 + 12.0) / 4.0)),
        ("item 3 = 6 → 2", vec![Some(4), Some(4), Some(6), Some(4), n, n, n], Score((2.0 + 12.0) / 4.0)),
        // Reversed item 5: 8−3=5, with items 2, 4 and 6 at 4.
        ("item 5 = 3 → 5", vec![n, Some(4), n, Some(4), Some(3), Some(4), n], Score((5.0 + 12.0) / 4.0)),
        ("item 5 = 5 → 3", vec![n, Some(4), n, Some(4), Some(5), Some(4), n], Score((3.0 + 12.0) / 4.0)),
        // A forward item is not reversed: item 2 at 6 with 1, 3, 5 at 4 (→ 4 each).
        ("item 2 forward", vec![Some(4), Some(6), Some(4), n, Some(4), n, n], Score((6.0 + 12.0) / 4.0)),
        // Missing-data boundary: 4 answered scores, 3 does not.
        ("just enough (4)", vec![n, Some(5), n, Some(6), n, Some(7), Some(2)], Score(20.0 / 4.0)),
        (
            "one too few (3)",
            vec![n, Some(5), n, Some(6), n, Some(7), n],
            NotEnough { answered: 3, needed: 4 },
        ),
        ("none answered", vec![n; 7], NotEnough { answered: 0, needed: 4 }),
    ];
    check_table(&tps, "tps", table);
}

#[test]
fn definition_states_its_rule_and_has_no_bands() {
    let tps = instrument("tps", 1);
    let reversed: Vec<&str> = tps.items().iter().filter(|i| i.reverse()).map(|i| i.id()).collect();
    assert_eq!(reversed, ["tps-1", "tps-3", "tps-5"]);
    assert_eq!(tps.scores().len(), 1);
    assert_eq!(tps.scores()[0].range(), (1.0, 7.0));
    assert!(tps.scores()[0].bands().is_none(), "no validated cut-offs exist");
    assert!(tps.items().iter().all(|i| i.value_range() == (1, 7)));
}

#[test]
fn display_rounds_means_to_one_decimal() {
    use pulse_core::instrument::Method;
    use pulse_core::scoring::display;
    let table = [
        (35.0 / 6.0, Method::Mean, "5.8"),
        (6.0, Method::Mean, "6.0"),
        (25.0 / 7.0, Method::Mean, "3.6"),
        (1.0, Method::Mean, "1.0"),
        (60.0, Method::Sum { multiplier: 4 }, "60"),
        // Ties round half away from zero, as people expect (not to even).
        (56.25, Method::Mean, "56.3"),
        (5.25, Method::Mean, "5.3"),
        (5.35, Method::Mean, "5.4"),
        (0.05, Method::Mean, "0.1"),
        (7.0 / 20.0, Method::Mean, "0.4"), // 0.35, stored a hair below
        (2.45, Method::Mean, "2.5"),
        (-5.25, Method::Mean, "-5.3"),
        (-0.04, Method::Mean, "0.0"),
        (56.24, Method::Mean, "56.2"),
        (12.5, Method::Sum { multiplier: 1 }, "12.5"),
    ];
    for (value, method, want) in table {
        assert_eq!(display(value, method), want, "{value}");
    }
    assert_eq!(pulse_core::scoring::plain(7.0), "7");
    assert_eq!(pulse_core::scoring::plain(2.5), "2.5");
}
