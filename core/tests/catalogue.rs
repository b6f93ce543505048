//! The built-in catalogue: every definition validates, the default set is
//! what the issue asks for, and each instrument states its source.

mod common;

use pulse_core::catalogue::{BUILTIN_SOURCES, DEFAULT_SET, OPTIONAL_SET};
use pulse_core::instrument::{LicenceStatus, Method};
use pulse_core::validate::parse_definition;

#[test]
fn every_builtin_definition_passes_the_validator() {
    for (name, text) in BUILTIN_SOURCES {
        let instrument = parse_definition(name, text).unwrap_or_else(|e| panic!("{e}"));
        let expected_name = format!("{}-v{}.json", instrument.key().id, instrument.key().version);
        assert_eq!(*name, expected_name, "file name matches id and version");
        assert!(!instrument.citation().is_empty() && !instrument.licence().text.is_empty());
        if instrument.licence().status == LicenceStatus::Unconfirmed {
            assert!(
                instrument.licence().text.contains("unconfirmed"),
                "{name} says its licence is unconfirmed"
            );
        }
    }
}

#[test]
fn default_set_is_the_short_survey_and_optional_modules_exist() {
    let catalogue = common::catalogue();
    let ids: Vec<&str> = catalogue.default_set().iter().map(|i| i.key().id.as_str()).collect();
    assert_eq!(ids, DEFAULT_SET);
    assert_eq!(ids, ["tps", "cbi-work", "cbi-patient", "who5", "abuse", "translation"]);
    let items: usize = catalogue.default_set().iter().map(|i| i.items().len()).sum();
    assert_eq!(items, 38, "7 + 7 + 6 + 5 + 7 + 6 questions");
    let optional: Vec<&str> = catalogue.optional_set().iter().map(|i| i.key().id.as_str()).collect();
    assert_eq!(optional, OPTIONAL_SET);
}

#[test]
fn descriptive_modules_are_marked_not_validated_and_give_no_score() {
    let catalogue = common::catalogue();
    for id in ["abuse", "translation"] {
        let instrument = catalogue.latest(id).expect("built in");
        assert!(!instrument.validated(), "{id} is labelled not validated");
        assert!(instrument.is_descriptive());
        assert!(instrument.scores().iter().all(|s| s.method() == Method::Frequencies && s.bands().is_none()));
        assert!(instrument.items().iter().all(|i| !i.reverse()));
    }
    for id in ["tps", "cbi-personal", "cbi-work", "cbi-patient", "who5", "hse-it"] {
        let instrument = catalogue.latest(id).expect("built in");
        assert!(instrument.validated() && !instrument.is_descriptive(), "{id}");
    }
}

#[test]
fn item_counts_match_the_published_instruments() {
    let catalogue = common::catalogue();
    for (id, items, scores) in [
        ("tps", 7, 1),
        ("cbi-personal", 6, 1),
        ("cbi-work", 7, 1),
        ("cbi-patient", 6, 1),
        ("who5", 5, 1),
        ("hse-it", 35, 7),
        ("abuse", 7, 2),
        ("translation", 6, 2),
    ] {
        let instrument = catalogue.latest(id).expect("built in");
        assert_eq!((instrument.items().len(), instrument.scores().len()), (items, scores), "{id}");
    }
}

#[test]
fn survey_sections_put_the_default_set_first_then_chosen_modules_in_order() {
    use pulse_core::InstrumentKey;
    let catalogue = common::catalogue();
    let key = |id: &str| InstrumentKey { id: id.into(), version: 1 };
    let ids = |extras: &[InstrumentKey]| -> Vec<String> {
        catalogue.survey_sections(extras).iter().map(|i| i.key().id.clone()).collect()
    };
    let default: Vec<String> = DEFAULT_SET.iter().map(|s| s.to_string()).collect();
    assert_eq!(ids(&[]), default);
    let mut with_both = default.clone();
    with_both.extend(["cbi-personal".to_string(), "hse-it".to_string()]);
    // Given in the other order, repeated, with a default one and an unknown one.
    assert_eq!(ids(&[key("hse-it"), key("cbi-personal"), key("hse-it"), key("tps"), key("nope")]), with_both);
}

#[test]
fn latest_versions_lists_each_instrument_once_in_survey_order() {
    let catalogue = common::catalogue();
    let ids: Vec<&str> = catalogue.latest_versions().iter().map(|i| i.key().id.as_str()).collect();
    assert_eq!(
        ids,
        ["tps", "cbi-work", "cbi-patient", "who5", "abuse", "translation", "cbi-personal", "hse-it"]
    );
}

#[test]
fn a_new_version_becomes_the_latest_and_files_naming_the_old_one_still_score() {
    use pulse_core::catalogue::AddError;
    use pulse_core::result_file;
    use pulse_core::scoring::score_one;
    use pulse_core::Catalogue;
    // Version 2 of TPS with item 1 reworded: a new built-in file, same id.
    let v2 = include_str!("../instruments/tps-v1.json")
        .replacen("\"version\": 1", "\"version\": 2", 1)
        .replace("it is often held against you.", "it is often held against you (reworded).");
    // A practice cannot do this: built-in ids are reserved at every version.
    let mut practice = common::catalogue();
    assert_eq!(
        practice.add_definition("tps-v2.json", &v2).map(|_| ()),
        Err(AddError::Reserved("tps".into()))
    );
    assert_eq!(practice.latest("tps").expect("built in").key().version, 1, "nothing changed");
    // A later build ships it beside version 1.
    let mut sources = BUILTIN_SOURCES.to_vec();
    sources.push(("tps-v2.json", &v2));
    let catalogue = Catalogue::from_builtin_sources(&sources);
    assert_eq!(catalogue.latest("tps").expect("built in").key().version, 2);
    assert_eq!(catalogue.default_set()[0].key().version, 2, "new surveys ask the newest version");
    // The golden format-1 file names TPS version 1: it still reads and scores with version 1.
    let record = result_file::read("result-v1.json", include_bytes!("fixtures/result-v1.json"), &catalogue)
        .expect("old file still reads");
    let v1 = catalogue.get(&record.responses[0].key).expect("version 1 stays");
    assert_eq!(v1.key().version, 1);
    // 6 + 6 + 5 + 5 + 7 + 6 over 6 answered.
    assert_eq!(score_one(v1, &v1.scores()[0], &record.responses[0].answers).value(), Some(35.0 / 6.0));
}

#[test]
fn a_practices_score_id_taken_by_another_questionnaire_is_refused_with_its_place() {
    use pulse_core::catalogue::AddError;
    let desk = include_str!("fixtures/definitions/desk-v1.json");
    // The practice's questionnaire scores as "who5": pooled, it would count
    // with WHO-5's scores as one measure.
    let clash = desk.replace(
        r#""scores": [
    { "id": "desk""#,
        r#""scores": [
    { "id": "who5""#,
    );
    assert_ne!(clash, desk);
    let mut catalogue = common::catalogue();
    let refused = catalogue.add_definition("desk-v1.json", &clash).expect_err("refused");
    assert_eq!(
        refused,
        AddError::ScoreTaken { place: "scores[0].id".into(), score: "who5".into(), owner: "who5".into() }
    );
    assert!(refused.to_string().starts_with("scores[0].id: the score id \"who5\""), "{refused}");
    // Its own id, and a new version of the same questionnaire sharing it, are fine.
    catalogue.add_definition("desk-v1.json", desk).expect("own score id");
    let v2 = desk.replace(r#""version": 1"#, r#""version": 2"#);
    catalogue.add_definition("desk-v2.json", &v2).expect("same questionnaire, new version");
}
