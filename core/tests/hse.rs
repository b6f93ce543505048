//! HSE Management Standards Indicator Tool: 35 items scored 1–5; items 3,
//! 5, 6, 9, 12, 14, 16, 18, 20, 21, 22, 34 reversed as 6 − x; each domain is
//! the mean of its items (higher is better); at least half of a domain's
//! items answered (project choice).

mod common;
use common::{check, instrument, Expect::*};

/// Answers by item number (1–35); every other item skipped.
fn answers(pairs: &[(usize, i32)]) -> Vec<Option<i32>> {
    let mut out = vec![None; 35];
    for &(number, value) in pairs {
        out[number - 1] = Some(value);
    }
    out
}

fn every(value: i32) -> Vec<Option<i32>> {
    vec![Some(value); 35]
}

#[test]
fn domains_worked_by_hand() {
    let hse = instrument("hse-it", 1);
    let table: Vec<(&str, &str, Vec<Option<i32>>, common::Expect)> = vec![
        // The middle answer is 3 whichever way an item is keyed.
        ("all 3: demands", "hse-demands", every(3), Score(3.0)),
        ("all 3: change", "hse-change", every(3), Score(3.0)),
        // All 5: reversed domains (demands, relationships) fall to 1.
        ("all 5: demands", "hse-demands", every(5), Score(1.0)),
        ("all 5: relationships", "hse-relationships", every(5), Score(1.0)),
        ("all 5: control", "hse-control", every(5), Score(5.0)),
        ("all 5: manager support", "hse-manager-support", every(5), Score(5.0)),
        ("all 5: peer support", "hse-peer-support", every(5), Score(5.0)),
        ("all 5: role", "hse-role", every(5), Score(5.0)),
        ("all 5: change", "hse-change", every(5), Score(5.0)),
        // All 1: the reversed domains are at their best.
        ("all 1: demands", "hse-demands", every(1), Score(5.0)),
        ("all 1: relationships", "hse-relationships", every(1), Score(5.0)),
        ("all 1: role", "hse-role", every(1), Score(1.0)),
        // Control mixes both response scales: 5 + 4 + 4 + 2 + 5 + 1 = 21 / 6.
        (
            "control mixed",
            "hse-control",
            answers(&[(2, 5), (10, 4), (15, 4), (19, 2), (25, 5), (30, 1)]),
            Score(3.5),
        ),
        // Reversed item 12 alone varies: 3, 3, 3 and 6 − 1 = 5 → 14 / 4.
        ("demands item 12 = 1 → 5", "hse-demands", answers(&[(3, 3), (6, 3), (9, 3), (12, 1)]), Score(3.5)),
        // Reversed item 34: 6 − 2 = 4, with 5, 14 at 3 (→ 3): 10 / 3.
        (
            "relationships item 34 = 2 → 4",
            "hse-relationships",
            answers(&[(5, 3), (14, 3), (34, 2)]),
            Score(10.0 / 3.0),
        ),
        // Reversed item 21: 6 − 4 = 2, with 5 at 3: 5 / 2.
        ("relationships item 21 = 4 → 2", "hse-relationships", answers(&[(5, 3), (21, 4)]), Score(2.5)),
        // Missing data: at least half of each domain.
        ("demands 4 of 8", "hse-demands", answers(&[(3, 2), (6, 2), (9, 2), (12, 2)]), Score(4.0)),
        (
            "demands 3 of 8",
            "hse-demands",
            answers(&[(3, 2), (6, 2), (9, 2)]),
            NotEnough { answered: 3, needed: 4 },
        ),
        ("change 2 of 3", "hse-change", answers(&[(26, 4), (28, 2)]), Score(3.0)),
        ("change 1 of 3", "hse-change", answers(&[(26, 4)]), NotEnough { answered: 1, needed: 2 }),
        (
            "manager support 3 of 5",
            "hse-manager-support",
            answers(&[(8, 2), (23, 3), (35, 5)]),
            Score(10.0 / 3.0),
        ),
        (
            "manager support 2 of 5",
            "hse-manager-support",
            answers(&[(8, 2), (23, 3)]),
            NotEnough { answered: 2, needed: 3 },
        ),
        ("peer support 2 of 4", "hse-peer-support", answers(&[(7, 5), (24, 4)]), Score(4.5)),
        ("role 3 of 5", "hse-role", answers(&[(1, 5), (4, 4), (11, 3)]), Score(4.0)),
        ("control 3 of 6", "hse-control", answers(&[(2, 1), (10, 1), (15, 4)]), Score(2.0)),
        ("control 2 of 6", "hse-control", answers(&[(2, 1), (10, 1)]), NotEnough { answered: 2, needed: 3 }),
    ];
    for (name, score, answers, expect) in table {
        eprintln!("case: {name}");
        check(&hse, score, &answers, expect);
    }
}

#[test]
fn reverse_keys_and_domains_are_as_published() {
    let hse = instrument("hse-it", 1);
    let reversed: Vec<usize> =
        hse.items().iter().enumerate().filter(|(_, i)| i.reverse()).map(|(p, _)| p + 1).collect();
    assert_eq!(reversed, [3, 5, 6, 9, 12, 14, 16, 18, 20, 21, 22, 34]);
    let domain = |id: &str| -> Vec<usize> {
        hse.scores().iter().find(|s| s.id() == id).expect("domain").items().iter().map(|p| p + 1).collect()
    };
    assert_eq!(domain("hse-demands"), [3, 6, 9, 12, 16, 18, 20, 22]);
    assert_eq!(domain("hse-control"), [2, 10, 15, 19, 25, 30]);
    assert_eq!(domain("hse-manager-support"), [8, 23, 29, 33, 35]);
    assert_eq!(domain("hse-peer-support"), [7, 24, 27, 31]);
    assert_eq!(domain("hse-relationships"), [5, 14, 21, 34]);
    assert_eq!(domain("hse-role"), [1, 4, 11, 13, 17]);
    assert_eq!(domain("hse-change"), [26, 28, 32]);
    assert_eq!(hse.items()[22].options()[0].label, "Never", "item 23 is a frequency item");
    assert_eq!(hse.items()[23].options()[0].label, "Strongly disagree", "item 24 is an agreement item");
    assert!(hse.scores().iter().all(|s| s.bands().is_none()), "organisation percentiles never band a person");
}
