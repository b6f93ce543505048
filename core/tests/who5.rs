//! WHO-5: answers 5 ("All of the time") to 0 ("At no time") are summed
//! (0–25) and multiplied by 4 (0–100). All five are required. 50 or below:
//! poor wellbeing; 28 or below: consider a check for depression.

mod common;
use common::{all, check_table, instrument, Expect::*};
use pulse_core::scoring::band;
use pulse_core::Outcome;

const LOW: &str = "Low (28 or below)";
const POOR: &str = "Poor (50 or below)";
const ABOVE: &str = "Above 50";

#[test]
fn published_rule_worked_examples() {
    let who5 = instrument("who5", 1);
    let table: Vec<(&str, Vec<Option<i32>>, common::Expect)> = vec![
        ("lowest", all(&[0; 5]), Banded(0.0, LOW)),
        ("highest", all(&[5; 5]), Banded(100.0, ABOVE)),
        // 3 × 5 = 15 → 60.
        ("all more than half the time", all(&[3; 5]), Banded(60.0, ABOVE)),
        // 3+3+3+3+1 = 13 → 52: just above 50.
        ("just above 50", all(&[3, 3, 3, 3, 1]), Banded(52.0, ABOVE)),
        // 3+3+2+2+2 = 12 → 48: at or below 50.
        ("just below 50", all(&[3, 3, 2, 2, 2]), Banded(48.0, POOR)),
        // 2+2+1+1+1 = 7 → 28: exactly on the depression-check cut-off.
        ("exactly 28", all(&[2, 2, 1, 1, 1]), Banded(28.0, LOW)),
        // 2+2+2+1+1 = 8 → 32: just above it.
        ("just above 28", all(&[2, 2, 2, 1, 1]), Banded(32.0, POOR)),
        // No official missing rule: one skipped item gives no score.
        ("one missing", vec![Some(5), Some(5), Some(5), Some(5), None], NotEnough { answered: 4, needed: 5 }),
    ];
    check_table(&who5, "who5", &table);
}

#[test]
fn cut_offs_belong_to_the_lower_band() {
    // Scores are multiples of 4, so 50 itself never occurs; the band edges
    // still follow the published "50 or below" and "28 or below".
    let who5 = instrument("who5", 1);
    let spec = &who5.scores()[0];
    for (score, label) in [(28.0, LOW), (28.5, POOR), (50.0, POOR), (50.5, ABOVE), (100.0, ABOVE), (0.0, LOW)]
    {
        assert_eq!(band(spec, Outcome::Score(score)).map(|b| b.label.as_str()), Some(label), "{score}");
    }
    assert_eq!(spec.range(), (0.0, 100.0));
}
