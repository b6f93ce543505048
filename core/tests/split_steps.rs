//! The two key holders' steps (hand_in/steps.rs): the report they make is
//! the report `pulse pool` makes from the same answers as plain files, byte
//! for byte (CSV and JSON), for piles with two rounds, teams near k, "Not
//! given", skipped items and optional questionnaires; a step from another
//! pile is refused naming the difference; a crafted file is dropped by both
//! and counted as refused; the first holder never gets a hidden group's sums.

mod common;

use pulse_core::hand_in::{self, HolderKey, SplitPile};
use pulse_core::pool::{self, Pile};
use pulse_core::result_file;
use pulse_core::{Catalogue, Response, ResultRecord};

/// A small deterministic generator (xorshift), so every run is the same pile.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// People of every team in two rounds, each answering the built-in
/// questionnaires (some optional ones left out), skipping items now and
/// then: a few so many that a measure is not scored.
fn people(seed: u64, teams: &[(Option<&str>, usize)]) -> Vec<ResultRecord> {
    let catalogue = Catalogue::builtin();
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    let mut id: u32 = 0;
    for (round, month) in [("2026 spring", 4u8), ("2026 autumn", 11u8)] {
        for (team, n) in teams {
            for _ in 0..*n {
                id += 1;
                let mut responses = Vec::new();
                for instrument in catalogue.latest_versions() {
                    // Each questionnaire but TPS left out by one in four.
                    if instrument.key().id != "tps" && rng.below(4) == 0 {
                        continue;
                    }
                    let heavy_skipper = rng.below(6) == 0;
                    let answers = instrument
                        .items()
                        .iter()
                        .map(|item| {
                            let skip = if heavy_skipper { rng.below(2) == 0 } else { rng.below(12) == 0 };
                            if skip {
                                None
                            } else {
                                let options = item.options();
                                Some(options[rng.below(options.len() as u64) as usize].value)
                            }
                        })
                        .collect();
                    responses.push(Response { key: instrument.key().clone(), answers });
                }
                let mut bytes = [0u8; 16];
                bytes[..4].copy_from_slice(&id.to_be_bytes());
                bytes[8..16].copy_from_slice(&seed.to_be_bytes());
                out.push(ResultRecord {
                    generator: "test".into(),
                    period: pulse_core::Period::new(2026, month).expect("valid"),
                    round: Some(round.into()),
                    team: team.map(Into::into),
                    response: Some(pulse_core::result_file::ResponseId::from_random_bytes(bytes)),
                    responses,
                });
            }
        }
    }
    out
}

fn plain_report(records: &[ResultRecord], k: usize) -> pool::Report {
    let catalogue = Catalogue::builtin();
    let mut pile = Pile::new(catalogue.clone());
    // In response-id order, as the holders' steps read them.
    let mut sorted: Vec<&ResultRecord> = records.iter().collect();
    sorted.sort_by_key(|r| r.response);
    for r in sorted {
        pile.take("r.json", result_file::write(r, &catalogue).expect("writes").into_bytes());
    }
    pile.report(k)
}

fn key() -> HolderKey {
    HolderKey::generate().expect("randomness")
}

fn sealed(records: &[ResultRecord], a: &HolderKey, b: &HolderKey) -> Vec<(String, Vec<u8>)> {
    let catalogue = Catalogue::builtin();
    let holders = [a.public().clone(), b.public().clone()];
    records
        .iter()
        .map(|r| {
            let text = hand_in::seal(r, &catalogue, &holders).expect("seals");
            (format!("{}.json", r.response.expect("id")), text.into_bytes())
        })
        .collect()
}

fn pile_of(key: &HolderKey, files: &[(String, Vec<u8>)]) -> SplitPile {
    let k = HolderKey::from_key_file(
        "k",
        key.to_key_file_with("a passphrase long enough", LIGHT).expect("key file").as_bytes(),
        "a passphrase long enough",
    )
    .expect("opens");
    let mut pile = SplitPile::new(Catalogue::builtin(), k);
    for (name, bytes) in files {
        pile.take(name, bytes.clone());
    }
    pile
}

/// The JSON report without its receipts: the two holders' report lists
/// the hand-in files' receipts and the plain pool the plain files' (each a
/// digest of its own file, `pulse_core::receipt`); every figure is the same.
fn figures_json(report: &pool::Report) -> String {
    let mut report = report.clone();
    report.receipts = report.receipts.iter().map(|_| None).collect();
    pool::to_json(&report)
}

const LIGHT: hand_in::KdfParams = hand_in::KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

/// The three steps: step 1 by A, step 2 by B, the report by A.
fn three_steps(a: &HolderKey, b: &HolderKey, files: &[(String, Vec<u8>)], k: usize) -> pool::Report {
    let one = pile_of(a, files).step_one(k, None).expect("step 1");
    let two = pile_of(b, files).step_two("a.step", one.as_bytes(), k).expect("step 2");
    pile_of(a, files).report("b.step", two.as_bytes(), k).expect("the report")
}

#[test]
fn the_two_holders_report_equals_pooling_the_plain_files() {
    let (a, b) = (key(), key());
    // Teams near k: 6 and 5 and 4 at k = 5, "Not given" small, a larger
    // team whose spread shows (at least 2k = 10).
    let teams = [
        (Some("Reception"), 12),
        (Some("Admin"), 6),
        (Some("Secretaries"), 4),
        (Some("Dispensary"), 5),
        (None, 2),
    ];
    for seed in [1u64, 2, 3] {
        let records = people(seed, &teams);
        let files = sealed(&records, &a, &b);
        for k in [3usize, 5] {
            let plain = plain_report(&records, k);
            let split = three_steps(&a, &b, &files, k);
            let catalogue = Catalogue::builtin();
            assert_eq!(
                pool::to_csv(&split.rows, &catalogue),
                pool::to_csv(&plain.rows, &catalogue),
                "CSV, seed {seed}, k {k}"
            );
            assert_eq!(figures_json(&split), figures_json(&plain), "JSON, seed {seed}, k {k}");
            // Each round's receipts: every person's hand-in file's, over
            // its bytes (`receipt::of_hand_in`, what the staff page shows),
            // sorted (review 4, finding 1; review 5, R5-1).
            let each_round: Vec<Option<Vec<String>>> = split
                .rounds
                .iter()
                .map(|round| {
                    let mut these: Vec<String> = records
                        .iter()
                        .zip(&files)
                        .filter(|(r, _)| &r.round == round)
                        .map(|(_, (_, bytes))| pulse_core::receipt::of_hand_in(bytes).expect("a receipt"))
                        .collect();
                    these.sort();
                    Some(these)
                })
                .collect();
            assert_eq!(split.rounds.len(), 2);
            assert_eq!(split.receipts, each_round, "receipts, seed {seed}, k {k}");
            assert!(plain.rows.iter().any(|r| r.stats.is_none()), "some groups hidden (seed {seed}, k {k})");
            assert!(plain.rows.iter().any(|r| r.stats.is_some()), "some shown (seed {seed}, k {k})");
        }
    }
    // Two teams past 2k and a small one: the spread and interval's own
    // secondary suppression (the larger teams' detail hides for the small
    // one's sake) comes out the same.
    let records = people(4, &[(Some("Reception"), 12), (Some("Admin"), 11), (Some("Secretaries"), 4)]);
    let files = sealed(&records, &a, &b);
    let plain = plain_report(&records, 3);
    assert_eq!(figures_json(&three_steps(&a, &b, &files, 3)), figures_json(&plain), "detail suppression");
}

/// Review3 F9 through the two holders: Reception 10 and Dispensary 1,
/// whose one person skips an item and WHO-5. Dispensary is listed hidden
/// for those figures too (and Reception hidden with it), as in `pulse pool`.
#[test]
fn a_skipping_small_team_is_listed_hidden_in_the_two_holders_report_too() {
    let (a, b) = (key(), key());
    let mut records = people(9, &[(Some("Reception"), 10), (Some("Dispensary"), 1)]);
    let catalogue = Catalogue::builtin();
    for r in records.iter_mut().filter(|r| r.team.as_deref() == Some("Dispensary")) {
        r.responses.retain(|resp| resp.key.id != "who5");
        for resp in r.responses.iter_mut().filter(|resp| resp.key.id == "abuse") {
            let at = catalogue.get(&resp.key).and_then(|i| i.item_index("abuse-verbal-in-person"));
            if let Some(answer) = at.and_then(|at| resp.answers.get_mut(at)) {
                *answer = None;
            }
        }
    }
    let files = sealed(&records, &a, &b);
    let plain = plain_report(&records, 5);
    let split = three_steps(&a, &b, &files, 5);
    assert_eq!(figures_json(&split), figures_json(&plain), "JSON");
    assert_eq!(pool::to_csv(&split.rows, &catalogue), pool::to_csv(&plain.rows, &catalogue), "CSV");
    // Dispensary is listed, hidden as fewer than 5, for the questionnaire
    // and the question its one person skipped; Reception hides with it.
    let autumn = Some("2026 autumn".to_owned());
    let dispensary = pool::Group::Team("Dispensary".into());
    let reception = pool::Group::Team("Reception".into());
    let row = |g: &pool::Group| {
        split
            .rows
            .iter()
            .find(|r| r.measure == "who5" && r.round == autumn && &r.group == g)
            .map(|r| r.hidden)
    };
    let fewer = Some(pool::Hidden::FewerThan(5));
    assert_eq!(row(&dispensary), Some(fewer), "WHO-5: Dispensary listed as fewer than 5");
    assert!(row(&reception).is_some_and(|h| h.is_some()), "WHO-5: Reception hidden with it");
    let item = |g: &pool::Group| {
        split
            .distributions
            .iter()
            .find(|d| {
                d.round == autumn
                    && &d.group == g
                    && matches!(&d.subject, pool::Subject::Item { item, .. } if item == "abuse-verbal-in-person")
            })
            .map(|d| d.hidden)
    };
    assert_eq!(item(&dispensary), Some(fewer), "the skipped question: Dispensary listed as fewer than 5");
    assert!(item(&reception).is_some_and(|h| h.is_some()), "the skipped question: Reception hidden with it");
}

fn small_pile(seed: u64) -> Vec<ResultRecord> {
    people(seed, &[(Some("Reception"), 6), (Some("Admin"), 2), (None, 3)])
}

#[test]
fn a_step_from_another_pile_is_refused_naming_the_difference() {
    let (a, b) = (key(), key());
    let records = small_pile(7);
    let files = sealed(&records, &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    // One file fewer at the second holder: "everyone minus one".
    let fewer = &files[1..];
    let refused = pile_of(&b, fewer).step_two("a.step", one.as_bytes(), 3).expect_err("another pile");
    let missing = records[0].response.expect("id").to_string();
    assert!(refused.0.contains("a.step was made from another pile"), "{refused}");
    assert!(
        refused.0.contains(&format!("only in the other holder's pile (response ids): {missing}")),
        "{refused}"
    );
    // One file more.
    let mut more = files.clone();
    more.extend(sealed(&small_pile(8)[..1], &a, &b));
    let refused = pile_of(&b, &more).step_two("a.step", one.as_bytes(), 3).expect_err("another pile");
    assert!(refused.0.contains(&format!("only in this pile: {}", more.last().expect("one").0)), "{refused}");
    // The same response id, another file (sealed again: other bytes).
    let mut swapped = files.clone();
    swapped[0] = sealed(&records[..1], &a, &b).remove(0);
    let refused = pile_of(&b, &swapped).step_two("a.step", one.as_bytes(), 3).expect_err("another pile");
    assert!(refused.0.contains("a different file with the same response id"), "{refused}");
    // And at the report: step 2 from the full pile, the report from one less.
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    let refused = pile_of(&a, fewer).report("b.step", two.as_bytes(), 3).expect_err("another pile");
    assert!(refused.0.contains("b.step was made from another pile"), "{refused}");
}

#[test]
fn each_step_is_its_own_holders_and_at_the_minimum_group_it_was_made_at() {
    let (a, b) = (key(), key());
    let files = sealed(&small_pile(9), &a, &b);
    let refused = pile_of(&b, &files).step_one(3, None).expect_err("the second holder");
    assert!(refused.0.contains("step 1 is the first key holder's"), "{refused}");
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let refused = pile_of(&a, &files).step_two("a.step", one.as_bytes(), 3).expect_err("the first holder");
    assert!(refused.0.contains("step 2 is the second key holder's"), "{refused}");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    let refused = pile_of(&a, &files).report("b.step", two.as_bytes(), 7).expect_err("another k");
    assert!(refused.0.contains("the steps were made at minimum group 3"), "{refused}");
    // A third holder's key opens nothing of the pile.
    let refused = pile_of(&key(), &files).step_one(3, None).expect_err("no share opens");
    assert!(refused.0.contains("no hand-in file split between two key holders opened"), "{refused}");
}

#[test]
fn the_second_holder_refuses_a_step_one_made_at_another_minimum_group() {
    let (a, b) = (key(), key());
    let files = sealed(&small_pile(9), &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    // Asked for 5, given a step 1 made at 3: refused, naming both.
    let refused = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 5).expect_err("another k");
    assert!(refused.0.contains("a.step was made with a minimum group of 3; you asked for 5"), "{refused}");
    // Asked for 3 (or below the floor of 3, which is 3): taken, at 3.
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 2).expect("step 2 at 3");
    assert_eq!(hand_in::steps::read_step("b.step", two.as_bytes()).expect("reads").min_group, 3);
}

#[test]
fn the_report_refuses_a_step_two_that_shows_a_group_the_rule_hides() {
    let (a, b) = (key(), key());
    // At k = 5: Dispensary (4) is under k, so Admin (5) is hidden beside
    // it (secondary); at k = 3 all three show.
    let records = people(17, &[(Some("Reception"), 6), (Some("Admin"), 5), (Some("Dispensary"), 4)]);
    let files = sealed(&records, &a, &b);
    let one = pile_of(&a, &files).step_one(5, None).expect("step 1");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 5).expect("step 2");
    // A hostile second holder (or whoever carries b.step) makes its own
    // step 2 at k = 3 from an a.step edited to say 3, and moves the shares
    // of the groups hidden as secondary into the step 2 made at 5.
    let mut at3: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    at3["min_group"] = 3.into();
    let at3 = resign(&at3, &a, &b);
    let two3 = pile_of(&b, &files).step_two("a.step", at3.as_bytes(), 3).expect("step 2 at 3");
    let two3: serde_json::Value = serde_json::from_str(&two3).expect("JSON");
    let mut forged: serde_json::Value = serde_json::from_str(&two).expect("JSON");
    let mut moved = 0;
    for (cell, cell3) in forged["cells"]
        .as_array_mut()
        .expect("cells")
        .iter_mut()
        .zip(two3["cells"].as_array().expect("cells"))
    {
        assert_eq!(
            (&cell["round"], &cell["kind"], &cell["index"]),
            (&cell3["round"], &cell3["kind"], &cell3["index"])
        );
        for g in cell["groups"].as_array_mut().expect("groups") {
            if g["hidden"] != "secondary" {
                continue;
            }
            let shown =
                cell3["groups"].as_array().expect("groups").iter().find(|g3| g3["group"] == g["group"]);
            if let Some(g3) = shown.filter(|g3| g3.get("share").is_some()) {
                *g = g3.clone();
                moved += 1;
            }
        }
    }
    assert!(moved >= 1, "a secondary group moved into the step ({moved})");
    let refused = pile_of(&a, &files)
        .report("b.step", resign(&forged, &b, &a).as_bytes(), 5)
        .expect_err("a group the rule hides");
    assert!(refused.0.contains("b.step shows its figures for "), "{refused}");
    assert!(refused.0.contains("which the small-group rule hides at minimum group 5"), "{refused}");
    assert!(refused.0.contains("Admin") || refused.0.contains("Reception"), "names the group: {refused}");
    // And one that hides a group the first holder's own count shows.
    let mut hiding: serde_json::Value = serde_json::from_str(&two).expect("JSON");
    let g = hiding["cells"][0]["groups"]
        .as_array_mut()
        .expect("groups")
        .iter_mut()
        .find(|g| g.get("share").is_some())
        .expect("a group shown");
    let group = g["group"].as_str().expect("group").to_owned();
    g.as_object_mut().expect("object").remove("share");
    g["hidden"] = "secondary".into();
    let refused = pile_of(&a, &files)
        .report("b.step", resign(&hiding, &b, &a).as_bytes(), 5)
        .expect_err("a group the rule shows");
    assert!(refused.0.contains(&format!("b.step hides {group}")), "{refused}");
    assert!(refused.0.ends_with(hand_in::steps::NO_OTHER_STEP_TWO), "{refused}");
    // The honest step 2 makes the report pool makes from plain files.
    let report = pile_of(&a, &files).report("b.step", two.as_bytes(), 5).expect("the report");
    assert_eq!(figures_json(&report), figures_json(&plain_report(&records, 5)));
}

#[test]
fn step_two_releases_the_sum_of_squares_only_where_the_row_shows_its_interval() {
    let (a, b) = (key(), key());
    // Reception (12) shows its interval and spread where 10 or more
    // scored; Admin (5) shows n and the mean only.
    let records = people(23, &[(Some("Reception"), 12), (Some("Admin"), 5)]);
    let files = sealed(&records, &a, &b);
    let one = pile_of(&a, &files).step_one(5, None).expect("step 1");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 5).expect("step 2");
    let plain = plain_report(&records, 5);
    let step: serde_json::Value = serde_json::from_str(&two).expect("JSON");
    let (mut bare, mut detailed) = (0, 0);
    for cell in step["cells"].as_array().expect("cells") {
        if cell["kind"] != "measure" {
            continue;
        }
        for g in cell["groups"].as_array().expect("groups") {
            let Some(share) = g["share"].as_str() else { continue };
            let group = g["group"].as_str().expect("group");
            let round = cell["round"].as_str();
            // The report's rows of this round and group with this n.
            let rows: Vec<&pool::Row> = plain
                .rows
                .iter()
                .filter(|r| r.round.as_deref() == round && r.group.to_string() == group && r.stats.is_some())
                .collect();
            assert!(!rows.is_empty(), "a share for a group the report hides: {cell}");
            // Base64 of field elements (16 bytes each): 1 element (Σv) is
            // 24 characters; Σv, Σv² and five fifths are 152. Never n:
            // each holder counts it from the presence bits.
            match share.len() {
                24 => bare += 1,
                152 => detailed += 1,
                other => panic!("a measure share of {other} characters: {cell}"),
            }
        }
    }
    // Every measure shown without its interval got n and Σv only: as many
    // bare shares as rows shown without an interval, as many detailed as
    // rows with one.
    let no_ci = plain.rows.iter().filter(|r| r.stats.as_ref().is_some_and(|s| s.ci.is_none())).count();
    let with_ci = plain.rows.iter().filter(|r| r.stats.as_ref().is_some_and(|s| s.ci.is_some())).count();
    assert_eq!((bare, detailed), (no_ci, with_ci));
    assert!(bare > 5 && detailed > 5, "both kinds present: {bare} bare, {detailed} detailed");
    let report = pile_of(&a, &files).report("b.step", two.as_bytes(), 5).expect("the report");
    assert_eq!(figures_json(&report), figures_json(&plain_report(&records, 5)));
}

#[test]
fn step_files_carry_no_question_and_no_hidden_groups_sums() {
    let (a, b) = (key(), key());
    let records = people(11, &[(Some("Reception"), 7), (Some("Admin"), 2), (None, 1)]);
    let files = sealed(&records, &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    let catalogue = Catalogue::builtin();
    for text in [&one, &two] {
        for instrument in catalogue.latest_versions() {
            // Whole quoted names only (the id, or id@version as a layout
            // names it): a share is base64, which may begin with any letters.
            let id = &instrument.key().id;
            assert!(
                !text.contains(&format!("\"{id}\"")) && !text.contains(&format!("\"{id}@")),
                "{id} named"
            );
            for item in instrument.items() {
                assert!(!text.contains(&format!("\"{}\"", item.id())), "item {} named", item.id());
            }
        }
    }
    // Admin (2) and Not given (1) are under k = 3: step 2 holds no share
    // of any of their sums, and neither does anything else the report hides.
    let plain = plain_report(&records, 3);
    let step: serde_json::Value = serde_json::from_str(&two).expect("JSON");
    let mut hidden_cells = 0;
    for cell in step["cells"].as_array().expect("cells") {
        for g in cell["groups"].as_array().expect("groups") {
            let group = g["group"].as_str().expect("group");
            if group == "Admin" || group == "Not given" {
                assert!(g.get("share").is_none(), "a share of {group}'s sums: {cell}");
                hidden_cells += 1;
            }
            if cell["kind"] == "measure" && g.get("share").is_none() {
                let round = cell["round"].as_str();
                assert!(
                    plain.rows.iter().any(|r| r.round.as_deref() == round
                        && r.group.to_string() == group
                        && r.stats.is_none()),
                    "hidden in step 2 but not in the report: {cell}"
                );
            }
        }
    }
    assert!(hidden_cells > 10, "the small groups are there, hidden ({hidden_cells})");
}

#[test]
fn a_crafted_file_is_dropped_by_both_and_counted_as_refused() {
    let (a, b) = (key(), key());
    let records = small_pile(13);
    let mut files = sealed(&records, &a, &b);
    // Crafted: the first holder's box of file 0 re-sealed with a share
    // moved out of range (what a made-up client could send).
    files[0].1 = craft(&files[0].1, &a);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    let step: serde_json::Value = serde_json::from_str(&two).expect("JSON");
    let crafted_id = records[0].response.expect("id").to_string();
    assert_eq!(step["refused"], serde_json::json!([crafted_id]));
    assert!(step.get("cells").is_none(), "no sums while the holders disagree on what to drop");
    let refused = pile_of(&a, &files).report("b.step", two.as_bytes(), 3).expect_err("make step 1 again");
    assert!(refused.0.contains("make step 1 again with --step b.step"), "{refused}");
    // Step 1 again, leaving it out; then step 2 and the report.
    let one = pile_of(&a, &files).step_one(3, Some(("b.step", two.as_bytes()))).expect("step 1 again");
    let mut second = pile_of(&b, &files);
    let two = second.step_two("a.step", one.as_bytes(), 3).expect("step 2");
    // The second holder is told which file is left out of every sum.
    assert_eq!(second.refused().len(), 1, "{:?}", second.refused());
    assert!(
        second.refused()[0].starts_with(&files[0].0) && second.refused()[0].contains("fails the proof"),
        "{:?}",
        second.refused()
    );
    let mut pile = pile_of(&a, &files);
    let report = pile.report("b.step", two.as_bytes(), 3).expect("the report");
    assert_eq!(figures_json(&report), figures_json(&plain_report(&records[1..], 3)));
    assert_eq!(pile.refused().len(), 1);
    assert!(pile.refused()[0].contains("fails the proof both key holders check"), "{:?}", pile.refused());
}

/// Each kind of inconsistent response, made by a test-only client through
/// the public sealing path (the honest encoding of a real record, changed
/// in one place before it is split), is refused by both holders' proof
/// and counted as refused; the report is then the plain one without it.
#[test]
fn each_kind_of_inconsistent_response_is_refused_by_both_and_counted_as_refused() {
    use prio::field::{Field128, FieldElement};
    let (a, b) = (key(), key());
    let catalogue = Catalogue::builtin();
    let records = small_pile(17);
    let honest = sealed(&records, &a, &b);
    let layout = hand_in::Layout::of(&catalogue).expect("layout");
    let c = &layout.circuit;
    let (encoded, presence) = layout.encode(&catalogue, &records[0]).expect("encodes");
    // A measure it was scored in, an item it answered, a proportion.
    let m = (0..layout.measures.len()).find(|&m| presence[m]).expect("a scored measure");
    let i = (0..layout.items.len()).find(|&i| presence[layout.measures.len() + i]).expect("an answered item");
    let (at, span) = (c.input_measure_at(m), c.measures()[m].span);
    let marked = c.measures()[m].fifth(encoded.measures[m]);
    let other = (marked + 1) % 5;
    let (item, option, options) = (c.input_item_at(i), encoded.items[i], layout.items[i].values.len());
    let one = Field128::one();
    type Edit = Box<dyn Fn(&mut Vec<Field128>)>;
    let kinds: Vec<(&str, Edit)> = vec![
        ("two fifths", Box::new(move |x| x[at + other] = one)),
        ("no fifth", Box::new(move |x| x[at + marked] = Field128::zero())),
        ("another fifth than v's", Box::new(move |x| x.swap(at + marked, at + other))),
        // v, then v², follow the five fifths.
        ("v² ≠ v·v", Box::new(move |x| x[at + 6] += one)),
        (
            "v above its range",
            Box::new(move |x| {
                x[at + 5] = Field128::from(span + 1);
                x[at + 6] = Field128::from((span + 1) * (span + 1));
            }),
        ),
        ("two options", Box::new(move |x| x[item + (option + 1) % options] = one)),
        ("no option", Box::new(move |x| x[item + option] = Field128::zero())),
        (
            "a gave-one of 2",
            Box::new(move |x| {
                let p = x.len() - 1;
                x[p] = Field128::from(2);
            }),
        ),
    ];
    let holders = [a.public(), b.public()];
    for (what, edit) in &kinds {
        let mut files = honest.clone();
        let crafted = hand_in::split::seal_crafted_for_tests(&records[0], &catalogue, holders, |x| edit(x))
            .expect("seals");
        files[0].1 = crafted.into_bytes();
        let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
        let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
        let step: serde_json::Value = serde_json::from_str(&two).expect("JSON");
        let crafted_id = records[0].response.expect("id").to_string();
        assert_eq!(step["refused"], serde_json::json!([crafted_id]), "{what}: the second holder refuses it");
        let one = pile_of(&a, &files).step_one(3, Some(("b.step", two.as_bytes()))).expect("step 1 again");
        let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
        let mut pile = pile_of(&a, &files);
        let report = pile.report("b.step", two.as_bytes(), 3).expect("the report");
        assert_eq!(figures_json(&report), figures_json(&plain_report(&records[1..], 3)), "{what}");
        let counted: Vec<String> = report.receipts.iter().flatten().flatten().cloned().collect();
        assert_eq!(counted.len(), records.len() - 1, "{what}: every other receipt");
        assert!(
            !counted.contains(&pulse_core::receipt::of_hand_in(&files[0].1).expect("a receipt")),
            "{what}: the refused file's receipt is absent"
        );
        assert_eq!(pile.refused().len(), 1, "{what}: the first holder refuses it too");
        assert!(pile.refused()[0].contains("fails the proof both key holders check"), "{what}");
    }
    // The same client with no change makes a file both accept.
    let mut files = honest.clone();
    files[0].1 = hand_in::split::seal_crafted_for_tests(&records[0], &catalogue, holders, |_| {})
        .expect("seals")
        .into_bytes();
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    let report = pile_of(&a, &files).report("b.step", two.as_bytes(), 3).expect("the report");
    assert_eq!(figures_json(&report), figures_json(&plain_report(&records, 3)));
}

/// A test-only crafted client: holder A's share of this file with its first
/// entry (a fifth's mark) moved by 2 (a mark of 2 or 3), re-sealed to A.
fn craft(file: &[u8], a: &HolderKey) -> Vec<u8> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use base64::Engine as _;
    use prio::codec::{Decode as _, Encode as _};
    let mut value: serde_json::Value = serde_json::from_slice(file).expect("JSON");
    let boxed = STANDARD.decode(value["sealed"][0]["box"].as_str().expect("box")).expect("b64");
    let plain = hand_in::split::unseal_for_tests(a, &boxed).expect("opens");
    let mut share: serde_json::Value = serde_json::from_slice(&plain).expect("JSON");
    let mut bytes = STANDARD.decode(share["input_shares"][0].as_str().expect("share")).expect("b64");
    let first = prio::field::Field128::get_decoded(&bytes[..16]).expect("element");
    let moved = first + prio::field::Field128::from(2);
    bytes[..16].copy_from_slice(&moved.get_encoded().expect("encodes"));
    share["input_shares"][0] = STANDARD.encode(bytes).into();
    let line = a.public().to_string();
    let key: [u8; 32] =
        URL_SAFE_NO_PAD.decode(line.strip_prefix("pulse-holder-1:").expect("prefix")).expect("b64")[..32]
            .try_into()
            .expect("32");
    let sealed = crypto_box::PublicKey::from_bytes(key)
        .seal(&mut crypto_box::aead::OsRng, share.to_string().as_bytes())
        .expect("seals");
    value["sealed"][0]["box"] = STANDARD.encode(sealed).into();
    value.to_string().into_bytes()
}

#[test]
fn one_response_id_in_two_different_files_counts_neither_and_a_copy_counts_once() {
    let (a, b) = (key(), key());
    let records = small_pile(17);
    let mut files = sealed(&records, &a, &b);
    // An identical copy under another name, and a made-up file reusing
    // another response's id (sealed again: different bytes).
    files.push(("copy.json".into(), files[1].1.clone()));
    files.push(("made-up.json".into(), sealed(&records[2..3], &a, &b).remove(0).1));
    let mut pile = pile_of(&a, &files);
    pile.step_one(3, None).expect("step 1");
    assert_eq!(pile.duplicates(), ["copy.json"]);
    let refused = pile.refused().join("\n");
    assert!(refused.contains("made-up.json: two different files carry the same response id"), "{refused}");
    assert!(
        refused.contains(&format!("{}: two different files carry the same response id", files[2].0)),
        "{refused}"
    );
    assert_eq!(pile.responses(), records.len() - 1);
}

/// A change made to a step file's JSON.
type Edit = Box<dyn Fn(&mut serde_json::Value)>;

#[test]
fn hostile_step_files_are_refused_never_a_panic() {
    let (a, b) = (key(), key());
    let records = small_pile(19);
    let files = sealed(&records, &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    // Edited fields: each refused with a reason (or, where harmless, taken).
    let edits: Vec<(&str, Edit)> = vec![
        ("stage 3", Box::new(|v| v["stage"] = 3.into())),
        ("newer", Box::new(|v| v["format_version"] = 2.into())),
        ("unknown field", Box::new(|v| v["extra"] = 1.into())),
        ("sizes (an earlier build's)", Box::new(|v| v["sizes"] = serde_json::json!([]))),
        ("presence not hex", Box::new(|v| v["responses"][0]["presence"] = "!!".into())),
        ("verifier share garbage", Box::new(|v| v["responses"][0]["verify"][0] = "AAAA".into())),
        ("no verifier shares", Box::new(|v| v["responses"][1]["verify"] = serde_json::json!([]))),
        ("min group huge", Box::new(|v| v["min_group"] = u64::MAX.into())),
        ("cells in a step 1", Box::new(|v| v["cells"] = serde_json::json!([]))),
    ];
    for (what, edit) in &edits {
        let mut value: serde_json::Value = serde_json::from_str(&one).expect("JSON");
        edit(&mut value);
        // As edited, and signed again (as the first holder could).
        for text in [value.to_string(), resign(&value, &a, &b)] {
            let _ = pile_of(&b, &files).step_two("a.step", text.as_bytes(), 3);
        }
        let _ = what;
    }
    let cell_edits: Vec<(&str, Edit)> = vec![
        ("index out of the layout", Box::new(|v| v["cells"][0]["index"] = 100_000.into())),
        ("kind unknown", Box::new(|v| v["cells"][0]["kind"] = "score".into())),
        ("both shown and hidden", Box::new(|v| v["cells"][0]["groups"][0]["hidden"] = "fewer".into())),
        (
            "reason unknown",
            Box::new(|v| {
                v["cells"][0]["groups"][0]["share"] = serde_json::Value::Null;
                v["cells"][0]["groups"][0]["hidden"] = "because".into();
            }),
        ),
        (
            "a share of a hidden group's length zero",
            Box::new(|v| v["cells"][0]["groups"][0]["share"] = "".into()),
        ),
        ("a group of nobody", Box::new(|v| v["cells"][0]["groups"][0]["group"] = "Nobody".into())),
    ];
    for (what, edit) in &cell_edits {
        let mut value: serde_json::Value = serde_json::from_str(&two).expect("JSON");
        edit(&mut value);
        // Signed again (as the second holder could): refused all the same.
        let refused = pile_of(&a, &files).report("b.step", resign(&value, &b, &a).as_bytes(), 3);
        assert!(refused.is_err(), "{what}: taken");
    }
    // Every single byte flipped somewhere in each step: never a panic.
    for text in [&one, &two] {
        let bytes = text.as_bytes();
        for at in (0..bytes.len()).step_by(bytes.len() / 12 + 1) {
            let mut changed = bytes.to_vec();
            changed[at] ^= 0x20;
            let _ = pile_of(&b, &files).step_two("a.step", &changed, 3);
            let _ = pile_of(&a, &files).report("b.step", &changed, 3);
        }
    }
}

/// A test-only crafted client: `holder`'s box (0 the first, 1 the second)
/// of this file re-sealed with its presence bits changed by `change`.
fn with_presence(file: &[u8], holder: &HolderKey, place: usize, change: &dyn Fn(&mut Vec<u8>)) -> Vec<u8> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use base64::Engine as _;
    let mut value: serde_json::Value = serde_json::from_slice(file).expect("JSON");
    let boxed = STANDARD.decode(value["sealed"][place]["box"].as_str().expect("box")).expect("b64");
    let plain = hand_in::split::unseal_for_tests(holder, &boxed).expect("opens");
    let mut share: serde_json::Value = serde_json::from_slice(&plain).expect("JSON");
    let mut bits = share["presence"].as_str().expect("presence").as_bytes().to_vec();
    change(&mut bits);
    share["presence"] = String::from_utf8(bits).expect("text").into();
    let line = holder.public().to_string();
    let key: [u8; 32] =
        URL_SAFE_NO_PAD.decode(line.strip_prefix("pulse-holder-1:").expect("prefix")).expect("b64")[..32]
            .try_into()
            .expect("32");
    let sealed = crypto_box::PublicKey::from_bytes(key)
        .seal(&mut crypto_box::aead::OsRng, share.to_string().as_bytes())
        .expect("seals");
    value["sealed"][place]["box"] = STANDARD.encode(sealed).into();
    value.to_string().into_bytes()
}

/// Where a measure's bit is in the presence bits (measures come first).
fn measure_bit(measure: &str) -> usize {
    let layout = hand_in::Layout::of(&Catalogue::builtin()).expect("layout");
    layout.measures.iter().position(|m| m.id == measure).expect("a measure of the layout")
}

#[test]
fn each_figure_adds_only_the_responses_its_presence_bit_counts() {
    let (a, b) = (key(), key());
    let mut records = people(29, &[(Some("Reception"), 7), (Some("Admin"), 6)]);
    let files = sealed(&records, &a, &b);
    // One person's file whose boxes both say WHO-5 was not scored, though
    // its shares carry their WHO-5 score: it counts in no WHO-5 figure
    // (n, mean, spread), as if they had left WHO-5 out.
    let scored = |r: &ResultRecord| {
        r.responses.iter().any(|x| x.key.id == "who5" && x.answers.iter().all(Option::is_some))
    };
    let at = records.iter().position(scored).expect("someone scored WHO-5");
    let bit = measure_bit("who5");
    let unscore = |bits: &mut Vec<u8>| bits[bit] = b'0';
    let mut crafted = files.clone();
    crafted[at].1 = with_presence(&crafted[at].1, &a, 0, &unscore);
    crafted[at].1 = with_presence(&crafted[at].1, &b, 1, &unscore);
    records[at].responses.retain(|x| x.key.id != "who5");
    let catalogue = Catalogue::builtin();
    for k in [3usize, 5] {
        let split = three_steps(&a, &b, &crafted, k);
        let plain = plain_report(&records, k);
        assert_eq!(pool::to_csv(&split.rows, &catalogue), pool::to_csv(&plain.rows, &catalogue), "k {k}");
        assert_eq!(figures_json(&split), figures_json(&plain), "k {k}");
    }
}

/// Review finding 1: which groups show must not rest on the first
/// holder's word. With Reception 10 and Dispensary 1 at k = 5, Reception
/// is hidden beside Dispensary wherever Dispensary's one person counts;
/// a first holder who could say Dispensary's person counts in nothing
/// (understate) would get All and Reception, and Dispensary by
/// subtraction; one who could say everyone counts everywhere (overstate)
/// would get sums over fewer than k who answered. Now the second holder
/// counts every n from their own boxes and refuses a step 1 that says
/// otherwise, naming the file.
#[test]
fn a_first_holder_cannot_understate_or_overstate_what_counts_in_a_figure() {
    let (a, b) = (key(), key());
    let records = people(31, &[(Some("Reception"), 10), (Some("Dispensary"), 1)]);
    let files = sealed(&records, &a, &b);
    let len = hand_in::Layout::of(&Catalogue::builtin()).expect("layout").presence_len();
    let one = pile_of(&a, &files).step_one(5, None).expect("step 1");
    let dispensary: Vec<usize> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.team.as_deref() == Some("Dispensary"))
        .map(|(i, _)| i)
        .collect();
    for (what, at, bits) in
        [("understated", dispensary[0], vec![false; len]), ("overstated", 0usize, vec![true; len])]
    {
        let id = records[at].response.expect("id").to_string();
        let mut step: serde_json::Value = serde_json::from_str(&one).expect("JSON");
        for r in step["responses"].as_array_mut().expect("responses") {
            if r["id"] == id.as_str() {
                r["presence"] = hand_in::steps::presence_digest(&a, b.public(), &id, &bits).into();
            }
        }
        // The first holder signs what they send: the MAC does not stop them.
        let refused =
            pile_of(&b, &files).step_two("a.step", resign(&step, &a, &b).as_bytes(), 5).expect_err(what);
        assert!(
            refused
                .0
                .contains(&format!("{}: the file told the two key holders different things", files[at].0)),
            "{what}: {refused}"
        );
    }
    // A crafted file (its maker working with the first holder) whose first
    // box says its person counts in nothing: refused the same way.
    let mut crafted = files.clone();
    let at = dispensary[0];
    crafted[at].1 = with_presence(&crafted[at].1, &a, 0, &|bits| bits.fill(b'0'));
    let one = pile_of(&a, &crafted).step_one(5, None).expect("step 1");
    let refused = pile_of(&b, &crafted).step_two("a.step", one.as_bytes(), 5).expect_err("crafted");
    assert!(
        refused.0.contains(&format!("{}: the file told the two key holders different things", crafted[at].0)),
        "{refused}"
    );
    // The honest steps: Reception hidden wherever Dispensary counts.
    let report = three_steps(&a, &b, &files, 5);
    assert_eq!(figures_json(&report), figures_json(&plain_report(&records, 5)));
    let mut checked = 0;
    for row in report.rows.iter().filter(|r| r.group.to_string() == "Dispensary") {
        let reception = report
            .rows
            .iter()
            .find(|r| r.round == row.round && r.measure == row.measure && r.group.to_string() == "Reception")
            .expect("Reception's row");
        assert!(reception.stats.is_none(), "Reception shown beside Dispensary's one person: {row:?}");
        checked += 1;
    }
    assert!(checked > 5, "Dispensary's person counts in figures ({checked})");
}

/// Review finding 7: one byte changed in the second holder's box of one
/// file (the same pile at both holders): the second holder's step 2 names
/// that file and its own reason, not "another pile".
#[test]
fn a_box_changed_at_one_holder_is_named_as_changed_not_as_another_pile() {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    let (a, b) = (key(), key());
    let records = small_pile(37);
    let mut files = sealed(&records, &a, &b);
    let mut value: serde_json::Value = serde_json::from_slice(&files[2].1).expect("JSON");
    let mut boxed = STANDARD.decode(value["sealed"][1]["box"].as_str().expect("box")).expect("b64");
    boxed[200] ^= 1;
    value["sealed"][1]["box"] = STANDARD.encode(boxed).into();
    files[2].1 = value.to_string().into_bytes();
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1: the first box opens");
    let refused = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect_err("a changed box");
    assert!(refused.0.contains(&format!("{} was changed after it was sealed", files[2].0)), "{refused}");
    assert!(!refused.0.contains("another pile"), "{refused}");
}

/// A step file edited by a holder, signed again with their own key (which
/// the MAC cannot stop); left as it is where it no longer parses.
fn resign(step: &serde_json::Value, own: &HolderKey, other: &HolderKey) -> String {
    let text = step.to_string();
    hand_in::steps::sign_text(&text, own, other.public()).unwrap_or(text)
}

/// Review finding 2: a step file changed by anyone without one of the two
/// keys (whoever carries it) is refused; so is one signed by a third key.
#[test]
fn a_step_file_changed_by_anyone_without_a_key_is_refused() {
    let (a, b, c) = (key(), key(), key());
    let files = sealed(&small_pile(41), &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    let changed = "was changed after it was made, or not made by the other key holder";
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a verifier share",
            Box::new(|v| v["responses"][0]["verify"][0] = v["responses"][1]["verify"][0].clone()),
        ),
        ("a presence", Box::new(|v| v["responses"][0]["presence"] = v["responses"][1]["presence"].clone())),
        ("the refused", Box::new(|v| v["refused"] = serde_json::json!([v["responses"][0]["id"].clone()]))),
        ("the minimum group", Box::new(|v| v["min_group"] = 4.into())),
        ("the mac itself", Box::new(|v| v["mac"] = "0".repeat(128).into())),
        ("a mac cut short", Box::new(|v| v["mac"] = "00".into())),
    ];
    for (what, edit) in &edits {
        let mut value: serde_json::Value = serde_json::from_str(&one).expect("JSON");
        edit(&mut value);
        let refused =
            pile_of(&b, &files).step_two("a.step", value.to_string().as_bytes(), 3).expect_err(what);
        assert!(refused.0.contains(&format!("a.step {changed}")), "{what}: {refused}");
    }
    let mut value: serde_json::Value = serde_json::from_str(&two).expect("JSON");
    let cell = value["cells"]
        .as_array_mut()
        .expect("cells")
        .iter_mut()
        .find(|c| c["groups"][0].get("share").is_some());
    cell.expect("a shown group")["groups"][0]["share"] = encode_zeros(1);
    let refused = pile_of(&a, &files).report("b.step", value.to_string().as_bytes(), 3).expect_err("a share");
    assert!(refused.0.contains(&format!("b.step {changed}")), "{refused}");
    // No mac: damaged (a required field).
    let mut value: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    value.as_object_mut().expect("object").remove("mac");
    let refused =
        pile_of(&b, &files).step_two("a.step", value.to_string().as_bytes(), 3).expect_err("no mac");
    assert!(refused.0.contains("a.step is damaged or was edited"), "{refused}");
    // Signed by a third key (saying it is the first holder's): refused.
    let third = hand_in::steps::sign_text(&one, &c, b.public()).expect("signs");
    let refused = pile_of(&b, &files).step_two("a.step", third.as_bytes(), 3).expect_err("a third key");
    assert!(refused.0.contains(&format!("a.step {changed}")), "{refused}");
    // The honest steps still go through.
    pile_of(&a, &files).report("b.step", two.as_bytes(), 3).expect("the report");
}

/// Field elements of zero, as a step's share.
fn encode_zeros(n: usize) -> serde_json::Value {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, vec![0u8; 16 * n]).into()
}

/// Review finding 7: a step file's pile must be what it lists, and list
/// each response once (each edit signed by the holder who makes it, so
/// the MAC does not hide the check).
#[test]
fn a_step_files_pile_must_be_what_it_lists_each_response_once() {
    let (a, b) = (key(), key());
    let files = sealed(&small_pile(43), &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let edits: Vec<(&str, Edit, &str)> = vec![
        (
            "a response twice",
            Box::new(|v| {
                let first = v["responses"][0].clone();
                v["responses"].as_array_mut().expect("responses").push(first);
            }),
            "twice: it was changed after it was made",
        ),
        (
            "the count",
            Box::new(|v| v["pile"]["responses"] = (v["pile"]["responses"].as_u64().expect("n") + 1).into()),
            "responses but lists",
        ),
        (
            "the digest",
            Box::new(|v| v["pile"]["digest"] = "0".repeat(32).into()),
            "pile digest does not match the responses it lists",
        ),
        (
            "one response fewer, its count and digest kept",
            Box::new(|v| {
                v["responses"].as_array_mut().expect("responses").pop();
            }),
            "responses but lists",
        ),
    ];
    for (what, edit, says) in &edits {
        let mut value: serde_json::Value = serde_json::from_str(&one).expect("JSON");
        edit(&mut value);
        let refused =
            pile_of(&b, &files).step_two("a.step", resign(&value, &a, &b).as_bytes(), 3).expect_err(what);
        assert!(refused.0.contains(says), "{what}: {refused}");
        assert!(refused.0.starts_with("a.step"), "{what}: names the file: {refused}");
    }
    let id = serde_json::from_str::<serde_json::Value>(&one).expect("JSON")["responses"][0]["id"].clone();
    let mut value: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    let first = value["responses"][0].clone();
    value["responses"].as_array_mut().expect("responses").push(first);
    let refused =
        pile_of(&b, &files).step_two("a.step", resign(&value, &a, &b).as_bytes(), 3).expect_err("twice");
    assert!(refused.0.contains(&format!("lists response {} twice", id.as_str().expect("id"))), "{refused}");
}

/// What `MAX_STEP_BYTES` rests on: a step file takes at most
/// `STEP_BYTES_PER_RESPONSE` per response besides its groups' shares.
#[test]
fn step_files_stay_within_their_size_per_response() {
    let (a, b) = (key(), key());
    let records = small_pile(47);
    let files = sealed(&records, &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    let per = hand_in::steps::STEP_BYTES_PER_RESPONSE;
    for text in [&one, &two] {
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let cells = value.get("cells").map_or(0, |c| c.to_string().len());
        let per_response = (text.len() - cells) / records.len();
        assert!(per_response <= per, "{per_response} bytes a response, over {per}");
        assert!(per_response * 2 > per, "{per_response} bytes a response: the limit is far too high");
    }
}

/// A step 2 share changed by `edit` on its field elements (as u128s,
/// added modulo Field128's prime): what a hostile second holder can do.
fn shifted_share(
    share: &serde_json::Value,
    edit: &dyn Fn(&mut Vec<prio::field::Field128>),
) -> serde_json::Value {
    use base64::Engine as _;
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(share.as_str().expect("text")).expect("base64");
    let mut values: Vec<prio::field::Field128> = bytes
        .chunks_exact(16)
        .map(|c| prio::field::Field128::from(u128::from_le_bytes(c.try_into().expect("16 bytes"))))
        .collect();
    edit(&mut values);
    let out: Vec<u8> = values.iter().flat_map(|v| u128::from(*v).to_le_bytes()).collect();
    base64::engine::general_purpose::STANDARD.encode(out).into()
}

/// Review finding 4: a second holder who changes their share of a shown
/// group's sums so that the added figures cannot occur (Σv above n·span,
/// Σv² above span·Σv, fifths not adding up to n, an answer counted more
/// than n times or the answers not adding up to n, "gave one" above n, a
/// field element far above any sum) is refused at step 3, naming the
/// step file, the round, the group and the figure. (Within what is
/// possible a holder can still move a figure: docs/hand-in.md.)
#[test]
fn a_step_two_whose_sums_no_n_people_can_make_is_refused_naming_the_figure() {
    use prio::field::Field128;
    let (a, b) = (key(), key());
    // small_pile's sizes with a team in place of "Not given": a group no
    // roster checks never makes up k (R5-9), so there All alone would show
    // and without its detail; here All's detail shows, to be shifted.
    let files =
        sealed(&people(43, &[(Some("Reception"), 6), (Some("Admin"), 2), (Some("Locum"), 3)]), &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    let huge = Field128::from(1u128 << 100);
    type Shift = Box<dyn Fn(&mut Vec<Field128>)>;
    let cases: Vec<(&str, usize, Shift, &str)> = vec![
        // (kind, length of a share with detail or of any item, edit, why)
        ("measure", 7, Box::new(move |v| v[0] += huge), "is above n·span"),
        ("measure", 7, Box::new(move |v| v[1] += huge), "is above span·Σv"),
        ("measure", 7, Box::new(|v| v[2] += Field128::from(1)), "fifth"),
        ("measure", 1, Box::new(move |v| v[0] -= huge), "is above n·span"),
        ("item", 0, Box::new(|v| v[0] += Field128::from(1)), "option"),
        ("item", 0, Box::new(move |v| v[0] += huge), "option 1 counted"),
        ("proportion", 0, Box::new(move |v| v[0] += huge), "gave one"),
    ];
    for (kind, len, edit, why) in &cases {
        let mut value: serde_json::Value = serde_json::from_str(&two).expect("JSON");
        let mut found = None;
        for cell in value["cells"].as_array_mut().expect("cells") {
            if cell["kind"] != *kind || found.is_some() {
                continue;
            }
            let round = cell["round"].as_str().unwrap_or("").to_owned();
            for g in cell["groups"].as_array_mut().expect("groups") {
                let Some(share) = g.get("share") else { continue };
                let elements = share.as_str().expect("text").len() / 4 * 3 / 16;
                if *len != 0 && elements != *len {
                    continue;
                }
                g["share"] = shifted_share(share, edit);
                found = Some((round.clone(), g["group"].as_str().expect("group").to_owned()));
                break;
            }
        }
        let (round, group) = found.unwrap_or_else(|| panic!("{kind} {len}: a shown group"));
        let refused =
            pile_of(&a, &files).report("b.step", resign(&value, &b, &a).as_bytes(), 3).expect_err(kind);
        assert!(refused.0.starts_with("b.step gives figures for "), "{kind}: {refused}");
        assert!(refused.0.contains(&format!(" of {group} in round {round} ")), "{kind}: {refused}");
        assert!(refused.0.contains(why), "{kind} {why}: {refused}");
        // Review 5, R5-12: each refusal answers a yes/no about the sums,
        // so it says not to try another step 2 of this holder.
        assert!(refused.0.ends_with(hand_in::steps::NO_OTHER_STEP_TWO), "{kind}: {refused}");
        assert!(refused
            .0
            .contains("Do not make the report from another step 2 of this key holder for this pile"));
        // Review 4 F7: no sum in the reason (the holder who shifted their
        // share would subtract the shift and have the exact figure); the
        // longest number left is a year.
        assert!(
            !refused.0.split(|c: char| !c.is_ascii_digit()).any(|digits| digits.len() > 4),
            "{kind}: a sum in the refusal: {refused}"
        );
        let figure = match *kind {
            "measure" => "measure ",
            "item" => " question ",
            _ => " proportion ",
        };
        assert!(refused.0.contains(figure), "{kind}: {refused}");
    }
    // The honest step 2 still makes the report.
    pile_of(&a, &files).report("b.step", two.as_bytes(), 3).expect("the report");
}

/// Review 3 finding 3: each response's presence digest in a step file is
/// keyed by the two holders (`split::presence_key`), so whoever carries
/// the file cannot try every presence (a few dozen bits) to learn it: it
/// is not the unkeyed digest, both holders compute the same one, and it
/// changes with the pair of keys.
#[test]
fn a_step_files_presence_digests_need_a_holder_key() {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use blake2::Digest as _;
    let (a, b, c) = (key(), key(), key());
    let files = sealed(&small_pile(47), &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let step: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    let mut checked = 0;
    for (_, bytes) in &files {
        let value: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
        let id = value["response"].as_str().expect("id");
        let boxed = STANDARD.decode(value["sealed"][0]["box"].as_str().expect("box")).expect("b64");
        let plain = hand_in::split::unseal_for_tests(&a, &boxed).expect("opens");
        let share: serde_json::Value = serde_json::from_slice(&plain).expect("JSON");
        let text = share["presence"].as_str().expect("presence");
        let bits: Vec<bool> = text.bytes().map(|b| b == b'1').collect();
        let listed =
            step["responses"].as_array().expect("responses").iter().find(|r| r["id"] == id).expect("listed")
                ["presence"]
                .as_str()
                .expect("digest")
                .to_owned();
        assert_eq!(listed, hand_in::steps::presence_digest(&a, b.public(), id, &bits));
        assert_eq!(listed, hand_in::steps::presence_digest(&b, a.public(), id, &bits));
        assert_ne!(listed, hand_in::steps::presence_digest(&a, c.public(), id, &bits));
        // What a courier could compute: the unkeyed digest, with or
        // without the id.
        for with_id in [false, true] {
            let mut hash = blake2::Blake2b512::new();
            hash.update(b"practice-pulse presence 1\n");
            if with_id {
                hash.update(format!("{id}\n").as_bytes());
            }
            hash.update(text.as_bytes());
            let unkeyed: String = hash.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect();
            assert_ne!(listed, unkeyed, "{id}: a presence digest anyone can compute");
        }
        checked += 1;
    }
    assert_eq!(checked, files.len());
}

/// Review 3 findings 7 and 8: a step file under the size cap made of
/// millions of tiny values (40 MB of `[],`) is refused with its reason,
/// without being built as a JSON tree (read straight into the step's
/// own type: the review measured 2 GB for 180 MB before); a field given
/// twice is refused, not read as its last value; a file that is not JSON
/// is named with the line and column.
#[test]
fn a_step_file_of_tiny_values_or_a_field_twice_is_refused_with_its_place() {
    let read = |text: &str| hand_in::steps::read_step("a.step", text.as_bytes()).expect_err("refused").0;
    let tiny = "[],".repeat(13_333_333);
    let head = r#"{"format":"practice-pulse-step","format_version":1,"#;
    let unknown = format!("{head}\"x\":[{tiny}[]]}}");
    assert!(unknown.len() > 40_000_000);
    let refused = read(&unknown);
    assert!(refused.starts_with("a.step is damaged or was edited (unknown field `x`"), "{refused}");
    assert!(refused.contains("at line 1 column "), "{refused}");
    let responses = format!("{head}\"stage\":1,\"responses\":[{tiny}[]]}}");
    let refused = read(&responses);
    assert!(refused.starts_with("a.step is damaged or was edited ("), "{refused}");
    assert!(refused.contains("at line 1 column "), "{refused}");
    // Not JSON: the place.
    let refused = read("{\n  \"format\": \"practice-pulse-step\",\n  oops\n}");
    assert!(refused.starts_with("a.step is not a step file (not JSON: "), "{refused}");
    assert!(refused.contains("line 3 column 3"), "{refused}");
    // A field given twice, even with the same value and signed: refused.
    let (a, b) = (key(), key());
    let files = sealed(&small_pile(53), &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    assert!(one.contains(r#""stage":1,"#));
    let twice = one.replacen(r#""stage":1,"#, r#""stage":1,"stage":1,"#, 1);
    let refused = pile_of(&b, &files).step_two("a.step", twice.as_bytes(), 3).expect_err("a field twice");
    assert!(refused.0.contains("duplicate field `stage`"), "{refused}");
    assert!(refused.0.starts_with("a.step "), "{refused}");
    let twice = one.replacen(r#""format_version":1,"#, r#""format_version":1,"format_version":1,"#, 1);
    let refused = pile_of(&b, &files).step_two("a.step", twice.as_bytes(), 3).expect_err("the header twice");
    assert!(refused.0.contains("duplicate field `format_version`"), "{refused}");
    pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("the honest step 1");
}

/// Review 3 findings 5 and 8: a step given to the wrong holder or at the
/// wrong stage says what it is and what to do; where the first holder's
/// step may be the cause (a presence digest or a proof that disagrees),
/// the message says so, and warns against making step 2 again over a
/// smaller or larger pile; a plain result file in a split pile is named
/// as one.
#[test]
fn wrong_stage_steps_and_a_disagreeing_first_step_are_named_for_what_they_are() {
    let (a, b) = (key(), key());
    let records = small_pile(59);
    let files = sealed(&records, &a, &b);
    let one = pile_of(&a, &files).step_one(3, None).expect("step 1");
    let err = |r: Result<pool::Report, hand_in::steps::StepRefused>| r.expect_err("refused").0;
    let refused = err(pile_of(&a, &files).report("a.step", one.as_bytes(), 3));
    assert!(refused.starts_with("a.step is your own step 1: give it to the second key holder"), "{refused}");
    let refused = err(pile_of(&b, &files).report("a.step", one.as_bytes(), 3));
    assert!(refused.starts_with("a.step is the first key holder's step 1: give --out-step"), "{refused}");
    let two = pile_of(&b, &files).step_two("a.step", one.as_bytes(), 3).expect("step 2");
    let refused = pile_of(&b, &files).step_two("b.step", two.as_bytes(), 3).expect_err("own step 2").0;
    assert!(
        refused
            .starts_with("b.step is your own step 2: give it to the first key holder (who makes the report"),
        "{refused}"
    );
    let refused = err(pile_of(&b, &files).report("b.step", two.as_bytes(), 3));
    assert!(
        refused
            .starts_with("b.step is your own step 2: give it to the first key holder, who makes the report"),
        "{refused}"
    );
    // A first holder's verifier share that disagrees (signed by them).
    let never = "never make step 2 again over a smaller or larger pile";
    let mut value: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    value["responses"][0]["verify"][0] = value["responses"][1]["verify"][0].clone();
    let mut second = pile_of(&b, &files);
    let none =
        second.step_two("a.step", resign(&value, &a, &b).as_bytes(), 3).expect("a step 2 without sums");
    let said = second.refused().join("\n");
    assert!(said.contains("the file was crafted, or the first holder's step disagrees with it"), "{said}");
    assert!(said.contains(never), "{said}");
    // That step 2 (no sums) given back to the second holder.
    let refused = pile_of(&b, &files).step_one(3, Some(("b.step", none.as_bytes()))).expect_err("own").0;
    assert!(refused.starts_with("b.step is your own step 2, which carries no sums"), "{refused}");
    assert!(refused.contains("give it to the first key holder, who makes step 1 again with it"), "{refused}");
    let refused = pile_of(&b, &files).step_two("b.step", none.as_bytes(), 3).expect_err("own").0;
    assert!(
        refused.starts_with(
            "b.step is your own step 2: give it to the first key holder (who makes step 1 again"
        ),
        "{refused}"
    );
    // A presence digest that disagrees (signed by the first holder).
    let mut value: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    value["responses"][0]["presence"] = value["responses"][1]["presence"].clone();
    let refused =
        pile_of(&b, &files).step_two("a.step", resign(&value, &a, &b).as_bytes(), 3).expect_err("presence").0;
    assert!(refused.contains("it was crafted, or the first holder's step disagrees with it"), "{refused}");
    assert!(refused.contains(never), "{refused}");
    // A plain result file in the split pile.
    let mut with_plain = files.clone();
    let plain = result_file::write(&records[0], &Catalogue::builtin()).expect("writes");
    with_plain.push(("plain.json".into(), plain.into_bytes()));
    let mut first = pile_of(&a, &with_plain);
    first.step_one(3, None).expect("step 1 without it");
    let said = first.refused().join("\n");
    assert!(
        said.starts_with("plain.json is a plain (unsealed) result file, not a hand-in file split"),
        "{said}"
    );
}

/// Review 3 finding 6: one file split between another pair of holders no
/// longer blocks the pile (naming an innocent file): the pair is this
/// key and the other of the practice's `hand_in.holders` when given, else
/// the pair most files name; only the odd files are refused, by name,
/// and the steps go on with the rest.
#[test]
fn a_file_of_another_pair_is_refused_by_name_and_the_rest_pooled() {
    let (a, b, c) = (key(), key(), key());
    let records = small_pile(61);
    let mut files = sealed(&records, &a, &b);
    let catalogue = Catalogue::builtin();
    let mut odd = people(62, &[(Some("Reception"), 1)]);
    let holders = [a.public().clone(), c.public().clone()];
    let text = hand_in::seal(&odd.remove(0), &catalogue, &holders).expect("seals");
    // Named to sort first, where the old check named the first file read.
    files.insert(0, ("0-odd.json".into(), text.into_bytes()));
    for practice in [None, Some(vec![a.public().clone(), b.public().clone()])] {
        let mut first = pile_of(&a, &files);
        if let Some(h) = practice.clone() {
            first.set_holders(h);
        }
        let one = first.step_one(3, None).expect("step 1 with the rest");
        let said = first.refused().join("\n");
        assert!(said.starts_with("0-odd.json is split between another pair of key holders than "), "{said}");
        assert_eq!(first.refused().len(), 1, "{said}");
        let mut second = pile_of(&b, &files);
        if let Some(h) = practice {
            second.set_holders(h);
        }
        let two = second.step_two("a.step", one.as_bytes(), 3).expect("step 2 with the rest");
        let report = pile_of(&a, &files).report("b.step", two.as_bytes(), 3).expect("the report");
        assert_eq!(figures_json(&report), figures_json(&plain_report(&records, 3)));
    }
    // The practice's pair decides over the majority: with holders a and
    // c, the first holder's pile is the one file of that pair.
    let mut first = pile_of(&a, &files);
    first.set_holders(vec![a.public().clone(), c.public().clone()]);
    first.step_one(3, None).expect("step 1 of the practice's pair");
    assert_eq!(first.responses(), 1);
    assert_eq!(first.refused().len(), records.len());
}

/// Review 4 F5: a real hand-in file renamed as an operating system's file
/// (`._name.json`, or in `__MACOSX/`) is read as any other, not skipped
/// quietly (a quiet skip leaves a person out without anyone being told);
/// the operating system's own files (not this project's formats) are
/// still skipped. The plain pool does the same.
#[test]
fn a_hand_in_file_with_an_operating_systems_name_is_read_not_skipped() {
    let (a, b) = (key(), key());
    let records = people(21, &[(Some("Reception"), 6)]);
    let mut files = sealed(&records, &a, &b);
    let mut whole = pile_of(&a, &files);
    whole.step_one(3, None).expect("step 1");
    let (name, bytes) = files.pop().expect("a file");
    files.push((format!("__MACOSX/round/._{name}"), bytes));
    files.push(("round/._resource.json".to_owned(), b"\x00\x05\x16\x07\x00\x02Mac OS X".to_vec()));
    files.push(("round/.DS_Store".to_owned(), b"\x00\x00\x00\x01Bud1".to_vec()));
    let mut pile = pile_of(&a, &files);
    pile.step_one(3, None).expect("step 1");
    assert_eq!(pile.responses(), whole.responses(), "refused: {:?}", pile.refused());
    assert!(pile.refused().is_empty(), "{:?}", pile.refused());
    assert_eq!(pile.ignored(), 2);
    let mut intake = pool::Intake::with_keys(Catalogue::builtin(), Vec::new());
    let plain = pulse_core::result_file::write(&records[0], &Catalogue::builtin()).expect("writes");
    assert!(intake.take("._mine.json", plain.into_bytes()).is_some(), "a result file read");
    assert!(intake.take("._mine2.json", b"\x00\x05\x16\x07".to_vec()).is_none());
    assert_eq!(intake.ignored, 1);
}
