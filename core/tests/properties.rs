//! Properties every built-in score keeps, over generated answers.

mod common;

use proptest::prelude::*;
use pulse_core::instrument::{Direction, Instrument, Method};
use pulse_core::result_file;
use pulse_core::scoring::score_one;
use pulse_core::{Event, Outcome, Period, ResultRecord, Session};

fn catalogue_instruments() -> Vec<Instrument> {
    common::catalogue().all().to_vec()
}

/// Answers for `instrument`: each item skipped or given one of its options.
fn answers_for(instrument: &Instrument) -> impl Strategy<Value = Vec<Option<i32>>> {
    let per_item: Vec<_> = instrument
        .items()
        .iter()
        .map(|item| {
            let values: Vec<i32> = item.options().iter().map(|c| c.value).collect();
            proptest::option::weighted(0.85, proptest::sample::select(values))
        })
        .collect();
    per_item
}

/// An instrument of the catalogue with answers for it.
fn instrument_and_answers() -> impl Strategy<Value = (Instrument, Vec<Option<i32>>)> {
    proptest::sample::select(catalogue_instruments()).prop_flat_map(|instrument| {
        let answers = answers_for(&instrument);
        (Just(instrument), answers)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_score_lies_within_its_range((instrument, answers) in instrument_and_answers()) {
        for spec in instrument.scores() {
            match score_one(&instrument, spec, &answers) {
                Outcome::Score(v) => prop_assert!(
                    spec.range().0 <= v && v <= spec.range().1,
                    "{} {}: {v} outside {:?}", instrument.key(), spec.id(), spec.range()
                ),
                Outcome::NotEnough { answered, needed } => prop_assert!(answered < needed),
                Outcome::Descriptive => prop_assert_eq!(spec.method(), Method::Frequencies),
            }
        }
    }

    #[test]
    fn a_more_favourable_answer_never_makes_a_score_worse(
        (instrument, answers) in instrument_and_answers(),
        pick in any::<prop::sample::Index>(),
    ) {
        for spec in instrument.scores().iter().filter(|s| s.method() != Method::Frequencies) {
            let position = spec.items()[pick.index(spec.items().len())];
            let Some(value) = answers[position] else { continue };
            let item = &instrument.items()[position];
            // One option step toward the favourable end of the score.
            let higher_score_is_better = spec.direction() == Direction::HigherIsBetter;
            let raise_value = higher_score_is_better != item.reverse();
            let mut values: Vec<i32> = item.options().iter().map(|c| c.value).collect();
            values.sort_unstable();
            let at = values.iter().position(|&v| v == value).expect("answer is an option");
            let next = if raise_value { values.get(at + 1) } else { at.checked_sub(1).map(|i| &values[i]) };
            let Some(&better) = next else { continue };
            let mut moved = answers.clone();
            moved[position] = Some(better);
            if let (Outcome::Score(before), Outcome::Score(after)) =
                (score_one(&instrument, spec, &answers), score_one(&instrument, spec, &moved))
            {
                if higher_score_is_better {
                    prop_assert!(after >= before, "{} {}: {before} → {after}", instrument.key(), spec.id());
                } else {
                    prop_assert!(after <= before, "{} {}: {before} → {after}", instrument.key(), spec.id());
                }
            }
        }
    }

    #[test]
    fn each_question_keeps_the_last_answer_given_whatever_comes_between(
        (instrument, steps) in proptest::sample::select(catalogue_instruments()).prop_flat_map(|instrument| {
            let items = instrument.items().len();
            let options: Vec<Vec<i32>> =
                instrument.items().iter().map(|i| i.options().iter().map(|c| c.value).collect()).collect();
            // Answers (with changes of mind: the same item again and again)
            // interleaved with every kind of move through the survey.
            let step = (0..items, any::<prop::sample::Index>(), 0u8..8).prop_map(move |(item, pick, kind)| {
                let values = &options[item];
                match kind {
                    0..=3 => Event::Answer { section: 0, item, value: values[pick.index(values.len())] },
                    4 => Event::NextQuestion,
                    5 => Event::BackQuestion,
                    6 => Event::GoTo { section: 0, item },
                    _ => Event::Next,
                }
            });
            (Just(instrument), proptest::collection::vec(step, 0..60))
        }),
    ) {
        let mut session = Session::new(&[&instrument]);
        let mut model: Vec<Option<i32>> = vec![None; instrument.items().len()];
        for event in steps {
            if let Event::Answer { item, value, .. } = event {
                model[item] = Some(value);
            }
            session.apply(event);
            prop_assert_eq!(&session.responses()[0].answers, &model);
        }
        for spec in instrument.scores() {
            prop_assert_eq!(
                score_one(&instrument, spec, &session.responses()[0].answers),
                score_one(&instrument, spec, &model)
            );
        }
    }

    #[test]
    fn writing_and_reading_a_result_file_gives_back_the_same_result(
        sections in proptest::sample::subsequence(catalogue_instruments(), 1..=8)
            .prop_flat_map(|chosen| {
                let answers: Vec<_> = chosen.iter().map(answers_for).collect();
                (Just(chosen), answers)
            }),
        year in 2020u16..2100,
        month in 1u8..=12,
        id in any::<[u8; 16]>(),
        team in proptest::option::of("[A-Za-z ]{1,20}"),
        round in proptest::option::of("[0-9a-z ]{1,20}"),
    ) {
        let (instruments, answers) = sections;
        let refs: Vec<&Instrument> = instruments.iter().collect();
        let mut session = Session::new(&refs);
        for (section, list) in answers.iter().enumerate() {
            for (item, a) in list.iter().enumerate() {
                if let Some(value) = a {
                    session.apply(Event::Answer { section, item, value: *value });
                }
            }
        }
        if let Some(t) = team.filter(|t| !t.trim().is_empty()) {
            session.apply(Event::Team(pulse_core::session::TeamChoice::Team(t)));
        }
        let round = round.filter(|r| !r.trim().is_empty());
        session.apply(Event::Saving(pulse_core::result_file::ResponseId::from_random_bytes(id)));
        let record: ResultRecord = session
            .record("Practice Pulse test", Period::new(year, month).expect("valid"), round.as_deref())
            .expect("saved: it has its id");
        let catalogue = common::catalogue();
        let json = result_file::write(&record, &catalogue).expect("built-in instruments");
        let back = result_file::read("r.json", json.as_bytes(), &catalogue).expect("reads back");
        prop_assert_eq!(&back, &record);
        for (response, instrument) in back.responses.iter().zip(&instruments) {
            for spec in instrument.scores() {
                let original = record.responses.iter().find(|r| r.key == *instrument.key()).expect("same sections");
                prop_assert_eq!(
                    score_one(instrument, spec, &response.answers),
                    score_one(instrument, spec, &original.answers)
                );
            }
        }
    }
}
