//! Copenhagen Burnout Inventory (Kristensen et al. 2005): answers score
//! 100 / 75 / 50 / 25 / 0; reverse-keyed items the other way round; the
//! scale is the mean of answered items, missing when fewer than half are
//! answered; 50 or above is read as high burnout (Borritz & Kristensen 2004).

mod common;
use common::{all, check_table, instrument, Expect::*};

const HIGH: &str = "High (50 or above)";
const BELOW: &str = "Below 50";

#[test]
fn work_related_burnout() {
    let cbi = instrument("cbi-work", 1);
    let n = None;
    let table: Vec<(&str, Vec<Option<i32>>, common::Expect)> = vec![
        // Least burnt out: 0 on items 1–6; item 7 (energy left) reversed: 100 → 0.
        ("lowest", all(&[0, 0, 0, 0, 0, 0, 100]), Banded(0.0, BELOW)),
        // Most: 100 on items 1–6; item 7 at 0 reverses to 100.
        ("highest", all(&[100, 100, 100, 100, 100, 100, 0]), Banded(100.0, HIGH)),
        // Midpoint: 50 reverses to 50; exactly on the cut-off is high.
        ("midpoint, on the cut-off", all(&[50; 7]), Banded(50.0, HIGH)),
        // Everything 100, item 7 included (→ 0): 600 / 7.
        ("all always", all(&[100; 7]), Banded(600.0 / 7.0, HIGH)),
        // Everything 0, item 7 included (→ 100): 100 / 7.
        ("all never", all(&[0; 7]), Banded(100.0 / 7.0, BELOW)),
        // Reversed item 7 alone varies, items 1–3 at 50: 75 → 25, 25 → 75.
        (
            "item 7 = 75 → 25",
            vec![Some(50), Some(50), Some(50), n, n, n, Some(75)],
            Banded(175.0 / 4.0, BELOW),
        ),
        (
            "item 7 = 25 → 75",
            vec![Some(50), Some(50), Some(50), n, n, n, Some(25)],
            Banded(225.0 / 4.0, HIGH),
        ),
        // Around the cut-off: 75+50+50+25+50+50+(100−50) = 350 / 7 = 50.
        ("exactly 50", all(&[75, 50, 50, 25, 50, 50, 50]), Banded(50.0, HIGH)),
        // 75+50+50+25+50+50+(100−75) = 325 / 7 = 46.43.
        ("just below", all(&[75, 50, 50, 25, 50, 50, 75]), Banded(325.0 / 7.0, BELOW)),
        // Fewer than half of 7 missing → at least 4 answered.
        (
            "just enough (4)",
            vec![Some(100), n, Some(75), n, Some(25), n, Some(100)],
            Banded(200.0 / 4.0, HIGH),
        ),
        (
            "one too few (3)",
            vec![Some(100), n, Some(75), n, Some(25), n, n],
            NotEnough { answered: 3, needed: 4 },
        ),
    ];
    check_table(&cbi, "cbi-work", &table);
}

#[test]
fn patient_related_burnout() {
    let cbi = instrument("cbi-patient", 1);
    let n = None;
    let table: Vec<(&str, Vec<Option<i32>>, common::Expect)> = vec![
        ("lowest", all(&[0; 6]), Banded(0.0, BELOW)),
        ("highest", all(&[100; 6]), Banded(100.0, HIGH)),
        // 100 + 75 + 50 + 25 + 0 + 50 = 300 / 6 = 50: on the cut-off.
        ("mixed, on the cut-off", all(&[100, 75, 50, 25, 0, 50]), Banded(50.0, HIGH)),
        // 75 + 50 + 25 + 0 = 150 / 4.
        ("two missing", vec![Some(75), Some(50), Some(25), Some(0), n, n], Banded(37.5, BELOW)),
        // Half of 6 answered is enough: (100 + 50 + 0) / 3 = 50.
        ("just enough (3)", vec![Some(100), n, Some(50), n, Some(0), n], Banded(50.0, HIGH)),
        ("one too few (2)", vec![Some(100), n, Some(50), n, n, n], NotEnough { answered: 2, needed: 3 }),
    ];
    check_table(&cbi, "cbi-patient", &table);
    assert!(cbi.items().iter().all(|i| !i.reverse()), "no patient-related item is reversed");
}

#[test]
fn personal_burnout() {
    let cbi = instrument("cbi-personal", 1);
    let n = None;
    let table: Vec<(&str, Vec<Option<i32>>, common::Expect)> = vec![
        ("lowest", all(&[0; 6]), Banded(0.0, BELOW)),
        ("highest", all(&[100; 6]), Banded(100.0, HIGH)),
        ("all seldom", all(&[25; 6]), Banded(25.0, BELOW)),
        // (75 + 75 + 50) / 3 = 66.67.
        ("just enough (3)", vec![Some(75), Some(75), Some(50), n, n, n], Banded(200.0 / 3.0, HIGH)),
        ("one too few (2)", vec![Some(75), Some(75), n, n, n, n], NotEnough { answered: 2, needed: 3 }),
    ];
    check_table(&cbi, "cbi-personal", &table);
}

#[test]
fn response_labels_carry_the_published_values() {
    let cbi = instrument("cbi-work", 1);
    let labels: Vec<(i32, &str)> =
        cbi.items()[3].options().iter().map(|c| (c.value, c.label.as_str())).collect();
    assert_eq!(
        labels,
        [(100, "Always"), (75, "Often"), (50, "Sometimes"), (25, "Seldom"), (0, "Never or almost never")]
    );
    let labels: Vec<(i32, &str)> =
        cbi.items()[0].options().iter().map(|c| (c.value, c.label.as_str())).collect();
    assert_eq!(
        labels,
        [
            (100, "To a very high degree"),
            (75, "To a high degree"),
            (50, "Somewhat"),
            (25, "To a low degree"),
            (0, "To a very low degree")
        ]
    );
    let reversed: Vec<&str> = cbi.items().iter().filter(|i| i.reverse()).map(|i| i.id()).collect();
    assert_eq!(reversed, ["cbi-work-7"]);
}
