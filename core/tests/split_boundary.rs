//! A practice's own questionnaire and two key holders, at the boundary of
//! what the split encoding carries (review 4, F10): every definition that
//! `hand_in::check_definition` accepts seals, goes through the holders'
//! three steps and gives the report `pulse pool` gives from the same
//! answers as plain files, with the mean worked out here from the answers;
//! every definition it refuses is refused at validation, naming the file,
//! the score's place and the figures, and never reaches a staff page.

use pulse_core::config::{self, Config};
use pulse_core::hand_in::{self, HolderKey, SplitPile};
use pulse_core::pool::{self, Pile};
use pulse_core::result_file::{self, ResponseId};
use pulse_core::{Catalogue, Period, Response, ResultRecord};

/// A practice's own questionnaire: `items` items on one scale of `values`,
/// one score of them by `method` (`{"kind": "mean"}` or a sum) needing
/// `min_answered` of them.
fn definition(id: &str, items: usize, values: (i32, i32), method: &str, min_answered: usize) -> String {
    let options: Vec<String> = [values.0, values.1]
        .iter()
        .map(|v| format!(r#"{{ "value": {v}, "label": "Option {v}" }}"#))
        .collect();
    // Every whole value between, so answers spread over the scale.
    let between: Vec<String> = (values.0 + 1..values.1)
        .take(18)
        .map(|v| format!(r#"{{ "value": {v}, "label": "Option {v}" }}"#))
        .collect();
    let mut all = vec![options[0].clone()];
    all.extend(between);
    all.push(options[1].clone());
    let item_ids: Vec<String> = (1..=items).map(|i| format!("\"{id}-{i}\"")).collect();
    let item_list: Vec<String> = (1..=items)
        .map(|i| {
            format!(r#"{{ "id": "{id}-{i}", "text": "Statement number {i} about the desk.", "scale": "s" }}"#)
        })
        .collect();
    format!(
        r#"{{
  "format": "practice-pulse-instrument", "format_version": 1, "id": "{id}", "version": 1,
  "language": "en-GB", "title": "Our own {id}", "description": "A practice's own questions.",
  "instruction": "How often is each true?", "citation": "Written by Riverside Surgery.",
  "licence": {{ "status": "project-own", "text": "Riverside Surgery's own questions." }},
  "validated": true,
  "response_scales": [ {{ "id": "s", "options": [ {} ] }} ],
  "items": [ {} ],
  "scores": [ {{ "id": "{id}", "title": "Score {id}", "about": "How it is.", "items": [{}],
    "method": {method}, "min_answered": {min_answered}, "direction": "higher-is-better" }} ]
}}"#,
        all.join(", "),
        item_list.join(",\n    "),
        item_ids.join(", ")
    )
}

const MEAN: &str = r#"{ "kind": "mean" }"#;

fn practice(holders: &[&HolderKey]) -> Config {
    let lines: Vec<String> = holders.iter().map(|k| format!("\"{}\"", k.public())).collect();
    let text = format!(
        r#"{{"format":"practice-pulse-config","format_version":1,"hand_in":{{"holders":[{}],"how":"To the practice manager."}}}}"#,
        lines.join(",")
    );
    config::read("practice.json", text.as_bytes()).expect("a valid practice.json")
}

/// A small deterministic generator (xorshift), so every run is the same.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// `n` people answering the questionnaire, each answering a different
/// number of its items (from `min_answered` to all, the extremes
/// included), so their means have every denominator.
fn people(catalogue: &Catalogue, id: &str, n: usize, seed: u64) -> Vec<ResultRecord> {
    let instrument = catalogue.latest(id).expect("added").clone();
    let spec = &instrument.scores()[0];
    let items = instrument.items().len();
    let least = spec.min_answered().max(1);
    let mut rng = Rng(seed);
    (0..n)
        .map(|p| {
            let answered = match p {
                0 => least,
                1 => items,
                _ => least + rng.below((items - least + 1) as u64) as usize,
            };
            let mut answers: Vec<Option<i32>> = vec![None; items];
            for (i, slot) in answers.iter_mut().enumerate().take(answered) {
                let options = instrument.items()[i].options();
                // The first person all at the top, the second all at the bottom.
                let at = match p {
                    0 => options.len() - 1,
                    1 => 0,
                    _ => rng.below(options.len() as u64) as usize,
                };
                *slot = Some(options[at].value);
            }
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&(p as u64 + 1).to_be_bytes());
            bytes[8..].copy_from_slice(&seed.to_be_bytes());
            ResultRecord {
                generator: "test".into(),
                period: Period::new(2026, 11).expect("valid"),
                round: Some("2026 autumn".into()),
                team: Some(if p % 2 == 0 { "Reception" } else { "Admin" }.into()),
                response: Some(ResponseId::from_random_bytes(bytes)),
                responses: vec![Response { key: instrument.key().clone(), answers }],
            }
        })
        .collect()
}

const LIGHT: hand_in::KdfParams = hand_in::KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

fn pile_of(catalogue: &Catalogue, key: &HolderKey, files: &[(String, Vec<u8>)]) -> SplitPile {
    let k = HolderKey::from_key_file(
        "k",
        key.to_key_file_with("a passphrase long enough", LIGHT).expect("key file").as_bytes(),
        "a passphrase long enough",
    )
    .expect("opens");
    let mut pile = SplitPile::new(catalogue.clone(), k);
    for (name, bytes) in files {
        pile.take(name, bytes.clone());
    }
    pile
}

/// Seals every person to both holders, runs the three steps, and checks
/// the report against `pulse pool` on the plain files and the mean worked
/// out here from the answers themselves.
fn end_to_end(catalogue: &Catalogue, id: &str, a: &HolderKey, b: &HolderKey) {
    let records = people(catalogue, id, 12, 7);
    let holders = [a.public().clone(), b.public().clone()];
    let files: Vec<(String, Vec<u8>)> = records
        .iter()
        .map(|r| {
            let text = hand_in::seal(r, catalogue, &holders).unwrap_or_else(|e| panic!("{id} seals: {e}"));
            (format!("{}.json", r.response.expect("id")), text.into_bytes())
        })
        .collect();
    let k = 3;
    let one = pile_of(catalogue, a, &files).step_one(k, None).expect("step 1");
    let two = pile_of(catalogue, b, &files).step_two("a.step", one.as_bytes(), k).expect("step 2");
    let split = pile_of(catalogue, a, &files).report("b.step", two.as_bytes(), k).expect("the report");

    let mut plain = Pile::new(catalogue.clone());
    let mut sorted: Vec<&ResultRecord> = records.iter().collect();
    sorted.sort_by_key(|r| r.response);
    for r in sorted {
        plain.take("r.json", result_file::write(r, catalogue).expect("writes").into_bytes());
    }
    let plain = plain.report(k);
    // Every figure the same; the receipts each file's own (the hand-in
    // files' there, the plain files' here: review 5, R5-1).
    let figures = |r: &pool::Report| {
        let mut r = r.clone();
        r.receipts.iter_mut().for_each(|x| *x = None);
        pool::to_json(&r)
    };
    assert_eq!(figures(&split), figures(&plain), "{id}: the holders' report is pulse pool's");
    assert_eq!(pool::to_csv(&split.rows, catalogue), pool::to_csv(&plain.rows, catalogue), "{id}: CSV");

    // The mean of everyone, from the answers: each person's mean (or sum)
    // worked out here, then their mean, rounded as the report shows it.
    let instrument = catalogue.latest(id).expect("added");
    let spec = &instrument.scores()[0];
    let scores: Vec<f64> = records
        .iter()
        .map(|r| {
            let given: Vec<f64> = r.responses[0].answers.iter().flatten().map(|v| f64::from(*v)).collect();
            let sum: f64 = given.iter().sum();
            if spec.method() == pulse_core::instrument::Method::Mean {
                sum / given.len() as f64
            } else {
                sum * f64::from(if id.starts_with("sum") { 1000 } else { 1 })
            }
        })
        .collect();
    let expected = scores.iter().sum::<f64>() / scores.len() as f64;
    let row = split
        .rows
        .iter()
        .find(|r| r.measure == id && r.group == pool::Group::All)
        .unwrap_or_else(|| panic!("{id}: a row for everyone"));
    let stats = row.stats.as_ref().unwrap_or_else(|| panic!("{id}: everyone's row is shown"));
    assert_eq!(stats.n, records.len(), "{id}: n");
    let scale = 10f64.powi(i32::from(stats.places));
    assert!(
        (stats.mean - (expected * scale).round() / scale).abs() < 1e-9,
        "{id}: mean {} shown, {expected} from the answers",
        stats.mean
    );
}

/// A definition of the table: id, items, option values, method,
/// min_answered, and what it should come to.
type Row = (&'static str, usize, (i32, i32), &'static str, usize, Expect);

/// What a definition should come to with two key holders.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Accepted, and it seals and pools through the three steps.
    Splits,
    /// Refused at validation; the message names this `min_answered` as
    /// the least that would fit (if any).
    Refused(Option<usize>),
}

/// The boundary, both sides of it. A mean of up to 30 answered items
/// (from 1) on a scale whose span is at most 7 is the largest mean from
/// one answer up that fits: lcm(1..30) = 2,329,089,562,800, times 7 is
/// 1.63 × 10¹³ ≤ 2⁴⁴ = 1.76 × 10¹³; times 8, or lcm(1..31) = 7.2 × 10¹³
/// times 1, is not. The widest sum the catalogue accepts (200 items, values
/// ±10⁶, multiplier 1,000: span 4 × 10¹¹) fits.
#[test]
fn the_largest_definitions_accepted_seal_and_pool_and_the_rest_are_refused_at_validation() {
    let (a, b) = (HolderKey::generate().expect("key"), HolderKey::generate().expect("key"));
    let two = practice(&[&a, &b]);
    let one = practice(&[&a]);
    let table: &[Row] = &[
        ("mean30x7", 30, (0, 7), MEAN, 1, Expect::Splits),
        ("mean30x4", 30, (1, 5), MEAN, 1, Expect::Splits),
        ("mean30x8", 30, (0, 8), MEAN, 1, Expect::Refused(Some(17))),
        ("mean31x1", 31, (0, 1), MEAN, 1, Expect::Refused(Some(18))),
        ("mean60x4", 60, (1, 5), MEAN, 1, Expect::Refused(Some(52))),
        ("mean60from52", 60, (1, 5), MEAN, 52, Expect::Splits),
        ("mean60from51", 60, (1, 5), MEAN, 51, Expect::Refused(Some(52))),
        ("mean200", 200, (1, 5), MEAN, 1, Expect::Refused(Some(195))),
        (
            "sum200",
            200,
            (-1_000_000, 1_000_000),
            r#"{ "kind": "sum", "multiplier": 1000 }"#,
            200,
            Expect::Splits,
        ),
    ];
    for &(id, items, values, method, min_answered, expect) in table {
        let file = format!("{id}-v1.json");
        let text = definition(id, items, values, method, min_answered);
        let mut catalogue = Catalogue::builtin();
        // With one holder every valid definition is fine.
        catalogue
            .clone()
            .add_definition_for(&one, &file, text.as_bytes())
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        match expect {
            Expect::Splits => {
                catalogue
                    .add_definition_for(&two, &file, text.as_bytes())
                    .unwrap_or_else(|e| panic!("{id} accepted with two holders: {e}"));
                end_to_end(&catalogue, id, &a, &b);
            }
            Expect::Refused(fits_from) => {
                let refused = catalogue
                    .add_definition_for(&two, &file, text.as_bytes())
                    .expect_err(&format!("{id} refused with two holders"))
                    .to_string();
                // The file, the place, the questionnaire and score, why.
                assert!(refused.starts_with(&format!("{file} is not a usable")), "{id}: {refused}");
                assert!(
                    refused.contains(&format!("scores[0]: score \"{id}\" of questionnaire \"{id}\"")),
                    "{refused}"
                );
                assert!(refused.contains("cannot be handed in to two key holders"), "{refused}");
                match fits_from {
                    Some(k) => assert!(refused.contains(&format!("(min_answered {k})")), "{id}: {refused}"),
                    None => assert!(!refused.contains("min_answered"), "{id}: {refused}"),
                }
                assert!(catalogue.latest(id).is_none(), "{id}: nothing added");
                // And the same definition could not have been handed in.
                let mut unchecked = Catalogue::builtin();
                unchecked.add_definition(&file, &text).expect("a valid definition");
                let record = &people(&unchecked, id, 1, 3)[0];
                let sealed = hand_in::seal(record, &unchecked, &[a.public().clone(), b.public().clone()]);
                assert!(sealed.is_err(), "{id}: the check refuses only what sealing would");
            }
        }
    }
}

/// The review's case (a mean of 30 items, min_answered 1, on a 1–3 scale)
/// now seals to two holders: before, every hand-in of it was refused.
#[test]
fn the_reviews_thirty_item_mean_seals_to_two_holders() {
    let (a, b) = (HolderKey::generate().expect("key"), HolderKey::generate().expect("key"));
    let mut catalogue = Catalogue::builtin();
    catalogue
        .add_definition_for(
            &practice(&[&a, &b]),
            "desk-v1.json",
            definition("desk", 30, (1, 3), MEAN, 1).as_bytes(),
        )
        .expect("accepted");
    end_to_end(&catalogue, "desk", &a, &b);
}
