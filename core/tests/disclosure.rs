//! The curious colleague: for every scored measure, groups of random people
//! at n = k, k + 1 and k + 2 (where a report shows a count and a rounded
//! mean: the interval and the spread only from 2k, at least 10) are pooled
//! into a team report by the core's own pipeline, and a colleague counts every multiset of scores that fits
//! what the report shows of the group (its n, mean, interval and spread in
//! fifths, at the precision printed). The report alone must pin no group;
//! a member who knows their own score must pin the others in at most 1% of
//! (group, member) pairs. A group where everyone has the same score is the
//! inherent exception (any member knows the rest) and is left out.
//!
//! The truth (each person's score) comes from the generated answers, never
//! from the report; the attacker must always find the truth among the sets
//! that fit, or the attacker itself is wrong and the test fails.

use pulse_core::disclosure::{random_answers, trial, Precision, Rng, Scale};
use pulse_core::Catalogue;

const K: usize = 5;
/// Groups per measure and size: enough for a 1% bound to mean something
/// (each gives 5 to 7 member attacks).
const GROUPS: usize = 100;

#[test]
fn the_shared_report_passes_the_curious_colleague_attack() {
    let catalogue = Catalogue::builtin();
    let mut rng = Rng::new(18);
    let mut failures = Vec::new();
    for instrument in catalogue.latest_versions() {
        if instrument.is_descriptive() {
            continue;
        }
        for n in [K, K + 1, K + 2] {
            // measure → (groups pinned by the report, pairs pinned, pairs)
            let mut tally: std::collections::BTreeMap<String, (usize, usize, usize)> = Default::default();
            for _ in 0..GROUPS {
                for t in trial(&catalogue, instrument, n, K, Precision::Now, &mut rng) {
                    assert!(t.sets >= 1, "{} n={n}: the truth must fit what is shown", t.measure);
                    assert!(t.others.iter().all(|c| *c >= 1), "{} n={n}: the truth must fit", t.measure);
                    let entry = tally.entry(t.measure).or_default();
                    if t.all_same {
                        continue;
                    }
                    entry.0 += usize::from(t.sets == 1);
                    entry.1 += t.others.iter().filter(|c| **c == 1).count();
                    entry.2 += t.others.len();
                }
            }
            for (measure, (alone, pinned, pairs)) in tally {
                assert!(pairs > GROUPS, "{measure} n={n}: attacked");
                if alone > 0 || pinned * 100 > pairs {
                    failures.push(format!(
                        "{measure} n={n}: {alone} groups pinned by the report alone; {pinned} of {pairs} member attacks pin the others"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_colleague_pins_the_unrounded_report_of_before() {
    // The attack itself works: on the unrounded figures reports printed
    // before, it reads off most small groups (the issue measured about
    // 7 in 10 members at n = 5 on WHO-5).
    let catalogue = Catalogue::builtin();
    let who5 = catalogue.latest("who5").expect("built in");
    let mut rng = Rng::new(5);
    let (mut pinned, mut pairs) = (0, 0);
    for _ in 0..60 {
        for t in trial(&catalogue, who5, K, K, Precision::Before, &mut rng) {
            assert!(t.sets >= 1 && t.others.iter().all(|c| *c >= 1), "the truth fits");
            pinned += t.others.iter().filter(|c| **c == 1).count();
            pairs += t.others.len();
        }
    }
    assert!(pinned * 2 > pairs, "{pinned} of {pairs}: the unrounded report gives most away");
}

/// Each person's team and answers.
type People = Vec<(Option<String>, Vec<pulse_core::Response>)>;

/// Random people in random teams of one round (team sizes 1 to 15, and 0
/// to 5 who gave no team), every scored built-in questionnaire answered.
fn practice(catalogue: &Catalogue, rng: &mut Rng) -> (Vec<pulse_core::ResultRecord>, People) {
    use pulse_core::result_file::{Period, ResponseId, ResultRecord};
    use pulse_core::Response;
    let mut records = Vec::new();
    let mut people = Vec::new();
    let teams = 2 + rng.below(3);
    let mut sizes: Vec<(Option<String>, usize)> =
        (0..teams).map(|t| (Some(format!("Team {t}")), 1 + rng.below(15))).collect();
    sizes.push((None, rng.below(6)));
    for (team, size) in sizes {
        for _ in 0..size {
            let responses: Vec<Response> = catalogue
                .latest_versions()
                .into_iter()
                .filter(|i| !i.is_descriptive())
                .map(|i| Response { key: i.key().clone(), answers: random_answers(i, rng) })
                .collect();
            let mut id = [0u8; 16];
            id[..8].copy_from_slice(&rng.draw().to_be_bytes());
            id[8..].copy_from_slice(&rng.draw().to_be_bytes());
            records.push(ResultRecord {
                generator: "disclosure".into(),
                period: Period::new(2026, 11).expect("a month"),
                round: Some("r".into()),
                team: team.clone(),
                response: Some(ResponseId::from_random_bytes(id)),
                responses: responses.clone(),
            });
            people.push((team.clone(), responses));
        }
    }
    (records, people)
}

#[test]
fn everyone_minus_the_teams_gives_no_smaller_groups_spread_or_interval() {
    // The colleague subtracts: everyone's spread in fifths minus that of
    // every team showing one is the spread of the people in the groups
    // that show none (hidden, or under detail_from(k)); everyone's interval
    // beside the teams' gives those people's sum of squares the same way.
    // On random practices, what follows is always the truth (the attack
    // works) and always nobody or at least detail_from(k) people.
    use pulse_core::pool::{detail_from, Group, Pool, Subject, BINS};
    let catalogue = Catalogue::builtin();
    let mut rng = Rng::new(23);
    let least = detail_from(K);
    let (mut derived, mut small) = (0, Vec::new());
    for _ in 0..300 {
        let (records, people) = practice(&catalogue, &mut rng);
        let mut pool = Pool::default();
        for r in &records {
            pool.add(&catalogue, r);
        }
        let report = pool.full_report(&catalogue, K);
        for instrument in catalogue.latest_versions().into_iter().filter(|i| !i.is_descriptive()) {
            for spec in instrument.scores() {
                let Some(scale) = Scale::of(instrument, spec) else { continue };
                let measure = Subject::Measure(spec.id().to_owned());
                let spread_of = |g: &Group| {
                    report
                        .distributions
                        .iter()
                        .find(|d| &d.group == g && d.subject == measure)
                        .and_then(|d| d.bins.clone())
                };
                let Some(everyone) = spread_of(&Group::All) else { continue };
                // By subtraction.
                let mut rest: Vec<usize> = everyone.iter().map(|b| b.count).collect();
                let mut with_spread = std::collections::HashSet::new();
                for d in report.distributions.iter().filter(|d| d.subject == measure && d.group != Group::All)
                {
                    if let Some(bins) = &d.bins {
                        with_spread.insert(d.group.clone());
                        for (r, b) in rest.iter_mut().zip(bins) {
                            *r -= b.count;
                        }
                    }
                }
                // The truth, from the people's answers.
                let mut truth = [0usize; BINS];
                for (team, responses) in &people {
                    let group = team.clone().map_or(Group::NotGiven, Group::Team);
                    if with_spread.contains(&group) {
                        continue;
                    }
                    let Some(answers) = responses.iter().find(|r| &r.key == instrument.key()) else {
                        continue;
                    };
                    if let Some(score) = pulse_core::score_one(instrument, spec, &answers.answers).value() {
                        let bin =
                            ((score - scale.range.0) / (scale.range.1 - scale.range.0) * BINS as f64).floor();
                        truth[(bin.max(0.0) as usize).min(BINS - 1)] += 1;
                    }
                }
                assert_eq!(rest, truth, "{}: the subtraction is the truth", spec.id());
                let held: usize = rest.iter().sum();
                derived += usize::from(held > 0);
                if held > 0 && held < least {
                    small.push(format!("{}: the spread of {held} people by subtraction", spec.id()));
                }
                // Intervals: the people in groups without one.
                let row = |g: &Group| {
                    report.rows.iter().find(|r| &r.group == g && r.measure == spec.id()).and_then(|r| r.stats)
                };
                if row(&Group::All).is_some_and(|s| s.ci.is_some()) {
                    let n_all = row(&Group::All).map_or(0, |s| s.n);
                    let with: usize = report
                        .rows
                        .iter()
                        .filter(|r| r.measure == spec.id() && r.group != Group::All)
                        .filter_map(|r| r.stats)
                        .filter(|s| s.ci.is_some())
                        .map(|s| s.n)
                        .sum();
                    let held = n_all - with;
                    if held > 0 && held < least {
                        small.push(format!("{}: the interval of {held} people by subtraction", spec.id()));
                    }
                }
            }
        }
    }
    assert!(derived > 100, "the attack had something to subtract ({derived})");
    assert!(small.is_empty(), "{} cases, first: {}", small.len(), small[0]);
}

#[test]
fn a_change_between_rounds_shows_nothing_beyond_its_two_means() {
    // The trend row: for groups of k to k + 2 in two rounds, every scored
    // measure, the difference shown is the difference of the two means
    // shown, so it rules out no pair of sums the means leave open (the
    // exact difference, rounded, pinned both rounds' sums of a WHO-5 group
    // of 5 in three cases in four). The means are the truth's, rounded.
    use pulse_core::pool::{shown, Group, Pool};
    use pulse_core::result_file::{Period, ResponseId, ResultRecord};
    use pulse_core::Response;
    let catalogue = Catalogue::builtin();
    let mut rng = Rng::new(21);
    let mut checked = 0;
    for instrument in catalogue.latest_versions().into_iter().filter(|i| !i.is_descriptive()) {
        for n in [K, K + 1, K + 2] {
            for _ in 0..40 {
                let mut pool = Pool::default();
                let mut answers = [Vec::new(), Vec::new()];
                for (r, (round, month)) in [("spring", 4u8), ("autumn", 10u8)].into_iter().enumerate() {
                    for _ in 0..n {
                        let a = random_answers(instrument, &mut rng);
                        let mut id = [0u8; 16];
                        id[..8].copy_from_slice(&rng.draw().to_be_bytes());
                        id[8..].copy_from_slice(&rng.draw().to_be_bytes());
                        pool.add(
                            &catalogue,
                            &ResultRecord {
                                generator: "disclosure".into(),
                                period: Period::new(2026, month).expect("a month"),
                                round: Some(round.into()),
                                team: Some("A".into()),
                                response: Some(ResponseId::from_random_bytes(id)),
                                responses: vec![Response {
                                    key: instrument.key().clone(),
                                    answers: a.clone(),
                                }],
                            },
                        );
                        answers[r].push(a);
                    }
                }
                let report = pool.full_report(&catalogue, K);
                for spec in instrument.scores().iter().filter(|s| Scale::of(instrument, s).is_some()) {
                    let Some(t) =
                        report.trends.iter().find(|t| t.group == Group::All && t.measure == spec.id())
                    else {
                        continue;
                    };
                    let places = shown::places(spec.range());
                    let mean = |people: &[Vec<Option<i32>>]| {
                        let scores: Vec<f64> = people
                            .iter()
                            .filter_map(|a| pulse_core::score_one(instrument, spec, a).value())
                            .collect();
                        shown::round(scores.iter().sum::<f64>() / scores.len() as f64, places)
                    };
                    assert_eq!((t.from.mean, t.to.mean), (mean(&answers[0]), mean(&answers[1])), "the truth");
                    assert_eq!(
                        t.difference,
                        shown::round(t.to.mean - t.from.mean, places),
                        "{} n={n}: the difference of the means shown",
                        spec.id()
                    );
                    assert_eq!(t.ci, None, "{} n={n}: no interval under detail_from(k)", spec.id());
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 300, "{checked} trend rows");
}
