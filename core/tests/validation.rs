//! A leader's own definition: validation names the file, the place and the
//! fault, and nothing of a definition is usable until it passes.

mod common;

use pulse_core::catalogue::AddError;
use pulse_core::validate::parse_definition;
use pulse_core::Catalogue;
use serde_json::{json, Value};

/// A small valid definition: two 1–5 items (one reversed), a mean score
/// with bands, and a descriptive item.
fn base() -> Value {
    json!({
        "format": "practice-pulse-instrument",
        "format_version": 1,
        "id": "our-team",
        "version": 1,
        "language": "en-GB",
        "title": "Our team",
        "description": "Two questions of our own.",
        "instruction": "Choose one answer for each.",
        "citation": "Written by the practice, 2026.",
        "licence": { "status": "project-own", "text": "Ours." },
        "validated": false,
        "response_scales": [
            { "id": "agree", "options": [
                { "value": 1, "label": "Disagree" }, { "value": 2, "label": "Unsure" }, { "value": 3, "label": "Agree" }
            ] }
        ],
        "items": [
            { "id": "q1", "text": "We help each other.", "scale": "agree" },
            { "id": "q2", "text": "It is hard to speak up.", "scale": "agree", "reverse": true },
            { "id": "q3", "text": "I work on the front desk.", "scale": "agree" }
        ],
        "scores": [
            { "id": "support", "title": "Support", "about": "How supported you feel.",
              "items": ["q1", "q2"], "method": { "kind": "mean" }, "min_answered": 1,
              "direction": "higher-is-better",
              "bands": { "source": "Our own reading.", "list": [
                  { "from": 1, "to": 2, "to_inclusive": false, "label": "Lower", "meaning": "Below the middle." },
                  { "from": 2, "to": 3, "to_inclusive": true, "label": "Higher", "meaning": "The middle or above." }
              ] } },
            { "id": "role", "title": "Role", "about": "Where you work.",
              "items": ["q3"], "method": { "kind": "frequencies" }, "min_answered": 0 }
        ]
    })
}

fn faults_of(definition: &Value) -> Vec<(String, String)> {
    let text = serde_json::to_string_pretty(definition).expect("serialises");
    match parse_definition("ours.json", &text) {
        Ok(_) => Vec::new(),
        Err(rejected) => {
            assert_eq!(rejected.file_name, "ours.json");
            rejected.faults.into_iter().map(|f| (f.place, f.fault)).collect()
        }
    }
}

fn edited(change: impl FnOnce(&mut Value)) -> Value {
    let mut v = base();
    change(&mut v);
    v
}

#[test]
fn the_base_definition_is_valid() {
    assert_eq!(faults_of(&base()), vec![]);
    let instrument = parse_definition("ours.json", &base().to_string()).expect("valid");
    assert_eq!(instrument.scores[0].range, (1.0, 3.0));
}

#[test]
fn each_broken_definition_fails_with_its_own_place_and_message() {
    type Case = (&'static str, Value, &'static str, &'static str);
    let cases: Vec<Case> = vec![
        (
            "duplicate item ids",
            edited(|v| v["items"][1]["id"] = json!("q1")),
            "items[1].id",
            "\"q1\" is used twice",
        ),
        (
            "score names a missing item",
            edited(|v| v["scores"][0]["items"][1] = json!("q9")),
            "scores[0].items[1]",
            "names item \"q9\", which is not defined",
        ),
        (
            "bands with a gap",
            edited(|v| v["scores"][0]["bands"]["list"][1]["from"] = json!(2.5)),
            "scores[0].bands.list[1]",
            "a gap between 2 and 2.5",
        ),
        (
            "bands that overlap",
            edited(|v| v["scores"][0]["bands"]["list"][1]["from"] = json!(1.5)),
            "scores[0].bands.list[1]",
            "overlaps the band before it",
        ),
        (
            "bands short of the top",
            edited(|v| v["scores"][0]["bands"]["list"][1]["to"] = json!(2.8)),
            "scores[0].bands.list[1]",
            "must end at 3",
        ),
        (
            "bands starting above the bottom",
            edited(|v| v["scores"][0]["bands"]["list"][0]["from"] = json!(1.2)),
            "scores[0].bands.list[0]",
            "starts at 1.2, but scores start at 1",
        ),
        (
            "top band leaves out the top",
            edited(|v| v["scores"][0]["bands"]["list"][1]["to_inclusive"] = json!(false)),
            "scores[0].bands.list[1]",
            "and include it",
        ),
        (
            "a scale without labels",
            edited(|v| v["response_scales"][0]["options"][1]["label"] = json!(" ")),
            "response_scales[0].options[1].label",
            "every option needs a label",
        ),
        (
            "a scale with one option",
            edited(|v| v["response_scales"][0]["options"] = json!([{ "value": 1, "label": "Yes" }])),
            "response_scales[0]",
            "needs at least two labelled options",
        ),
        (
            "an option value twice",
            edited(|v| v["response_scales"][0]["options"][2]["value"] = json!(1)),
            "response_scales[0].options[2].value",
            "value 1 is used twice",
        ),
        (
            "reverse flag on a descriptive item",
            edited(|v| v["items"][2]["reverse"] = json!(true)),
            "items[2].reverse",
            "a descriptive item cannot be reverse-keyed",
        ),
        (
            "an item with an unknown scale",
            edited(|v| v["items"][0]["scale"] = json!("likert")),
            "items[0].scale",
            "names response scale \"likert\", which is not defined",
        ),
        (
            "a score mixing value ranges",
            edited(|v| {
                v["response_scales"]
                    .as_array_mut()
                    .expect("array")
                    .push(json!({ "id": "ten", "options": [{ "value": 0, "label": "No" }, { "value": 10, "label": "Yes" }] }));
                v["items"][1]["scale"] = json!("ten");
            }),
            "scores[0].items",
            "must share the same lowest and highest value",
        ),
        (
            "a sum that allows skipped items",
            edited(|v| {
                v["scores"][0]["method"] = json!({ "kind": "sum", "multiplier": 2 });
                v["scores"][0]["bands"] = Value::Null;
            }),
            "scores[0].min_answered",
            "a sum is only comparable when every item is answered",
        ),
        (
            "min_answered of zero",
            edited(|v| v["scores"][0]["min_answered"] = json!(0)),
            "scores[0].min_answered",
            "must be from 1 to 2",
        ),
        (
            "min_answered above the item count",
            edited(|v| v["scores"][0]["min_answered"] = json!(3)),
            "scores[0].min_answered",
            "must be from 1 to 2",
        ),
        (
            "bands on a descriptive score",
            edited(|v| v["scores"][1]["bands"] = json!({ "source": "x", "list": [] })),
            "scores[1].bands",
            "a descriptive score cannot have bands",
        ),
        (
            "a numeric score without a direction",
            edited(|v| {
                v["scores"][0].as_object_mut().expect("object").remove("direction");
            }),
            "scores[0].direction",
            "must be higher-is-better or higher-is-worse",
        ),
        (
            "a person-level reference",
            edited(|v| {
                v["scores"][0]["references"] =
                    json!([{ "level": "person", "label": "x", "value": 2, "source": "y" }])
            }),
            "scores[0].references[0].level",
            "a person is never compared with a team-level figure",
        ),
        (
            "a team mean on a descriptive score",
            edited(|v| {
                v["scores"][1]["references"] =
                    json!([{ "level": "team-mean", "label": "x", "value": 2, "source": "y" }])
            }),
            "scores[1].references[0]",
            "a descriptive score has no mean to compare with",
        ),
        (
            "a proportion naming another score's item",
            edited(|v| {
                v["scores"][1]["references"] = json!([{ "level": "team-proportion", "label": "x", "value": 0.5,
                    "source": "y", "items": ["q1"], "option_values": [1] }])
            }),
            "scores[1].references[0].items[0]",
            "\"q1\" is not an item of this score",
        ),
        (
            "an unknown licence status",
            edited(|v| v["licence"]["status"] = json!("mine")),
            "licence.status",
            "is not one of free, open-government-licence, project-own, unconfirmed",
        ),
        ("an id with capitals", edited(|v| v["id"] = json!("Our Team")), "id", "lower-case letters"),
        ("version zero", edited(|v| v["version"] = json!(0)), "version", "must be 1 or more"),
        ("an empty title", edited(|v| v["title"] = json!("")), "title", "must not be empty"),
        (
            "a newer format",
            edited(|v| v["format_version"] = json!(2)),
            "format_version",
            "2 is newer than this page reads (up to 1)",
        ),
        (
            "not a definition at all",
            edited(|v| v["format"] = json!("practice-pulse-result")),
            "format",
            "must be \"practice-pulse-instrument\"",
        ),
        ("an unknown field", edited(|v| v["colour"] = json!("blue")), "line ", "unknown field `colour`"),
        (
            "an unknown field in an item",
            edited(|v| v["items"][0]["weight"] = json!(2)),
            "line ",
            "unknown field `weight`",
        ),
    ];
    for (name, definition, place, message) in cases {
        let faults = faults_of(&definition);
        assert!(
            faults.iter().any(|(p, f)| p.starts_with(place) && f.contains(message)),
            "case {name}: expected a fault at {place} containing {message:?}, got {faults:?}"
        );
    }
}

#[test]
fn text_that_is_not_json_is_named_with_its_line() {
    let err = parse_definition("notes.txt", "title: my survey\n").expect_err("not JSON");
    assert_eq!(err.faults.len(), 1);
    assert!(err.faults[0].place.starts_with("line 1"), "{:?}", err.faults);
    assert!(err.to_string().starts_with("notes.txt is not a usable instrument definition:"), "{err}");
}

#[test]
fn every_fault_is_reported_at_once() {
    let both = edited(|v| {
        v["items"][1]["id"] = json!("q1");
        v["response_scales"][0]["options"][0]["label"] = json!("");
    });
    assert!(faults_of(&both).len() >= 2, "a leader fixes everything in one go");
}

#[test]
fn a_valid_definition_joins_the_catalogue_and_a_clash_is_refused() {
    let mut catalogue = Catalogue::builtin();
    let before = catalogue.all().len();
    let added = catalogue.add_definition("ours.json", &base().to_string()).expect("valid").key.clone();
    assert_eq!(catalogue.all().len(), before + 1);
    assert!(catalogue.get(&added).is_some());
    // The same file again is harmless.
    catalogue.add_definition("ours.json", &base().to_string()).expect("same definition");
    assert_eq!(catalogue.all().len(), before + 1);
    // A different definition under the same id and version is refused.
    let changed = edited(|v| v["title"] = json!("Our team, reworded"));
    match catalogue.add_definition("ours-2.json", &changed.to_string()) {
        Err(AddError::Clash(key)) => assert_eq!(key, added),
        other => panic!("expected a clash, got {other:?}"),
    }
    // An invalid definition changes nothing.
    let broken = edited(|v| v["items"][1]["id"] = json!("q1"));
    assert!(matches!(
        catalogue.add_definition("broken.json", &broken.to_string()),
        Err(AddError::Invalid(_))
    ));
    assert_eq!(catalogue.all().len(), before + 1);
}
