//! A leader's own definition: validation names the file, the place and the
//! fault, and nothing of a definition is usable until it passes.

mod common;

use pulse_core::catalogue::AddError;
use pulse_core::instrument::Origin;
use pulse_core::limits::{MAX_ITEMS, MAX_MULTIPLIER, MAX_OPTION_VALUE, MAX_TEXT_CHARS};
use pulse_core::validate::{parse_definition, parse_definition_bytes};
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
    assert_eq!(instrument.scores()[0].range(), (1.0, 3.0));
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
            "a band's concern misspelt",
            edited(|v| v["scores"][0]["bands"]["list"][1]["concern"] = json!("high")),
            "scores[0].bands.list[1].concern",
            "must be \"raised\" or \"strong\"",
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
    let added = catalogue.add_definition("ours.json", &base().to_string()).expect("valid").key().clone();
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

#[test]
fn a_practices_definition_cannot_impersonate_a_built_in_one() {
    let mut catalogue = Catalogue::builtin();
    for (id, version) in [("tps", 2), ("tps", 1), ("who5", 7), ("hse-it", 1)] {
        let claim = edited(|v| {
            v["id"] = json!(id);
            v["version"] = json!(version);
            v["validated"] = json!(true);
        });
        match catalogue.add_definition("claim.json", &claim.to_string()) {
            Err(AddError::Reserved(reserved)) => assert_eq!(reserved, id),
            other => panic!("{id} v{version}: expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(catalogue.latest("tps").expect("built in").key().version, 1);
    // Whatever its file says, a practice's own questionnaire is not called validated.
    let claims = edited(|v| v["validated"] = json!(true));
    let ours = catalogue.add_definition("ours.json", &claims.to_string()).expect("valid");
    assert_eq!(ours.origin(), Origin::Practice);
    assert!(!ours.validated());
    assert!(catalogue.latest("tps").expect("built in").validated());
}

#[test]
fn definition_bytes_must_be_utf8_text() {
    let mut bytes = base().to_string().into_bytes();
    let at = bytes.windows(4).position(|w| w == b"Ours").expect("licence text");
    bytes[at] = 0xff;
    let refused = parse_definition_bytes("ours.json", &bytes).expect_err("not UTF-8");
    assert_eq!(refused.faults[0].place, format!("byte {at}"));
    assert!(refused.faults[0].fault.contains("not UTF-8"));
    assert!(parse_definition_bytes("ours.json", base().to_string().as_bytes()).is_ok());
}

#[test]
fn limits_are_enforced_with_the_place_named() {
    let big = |n: usize| {
        edited(|v| {
            let items: Vec<Value> =
                (0..n).map(|i| json!({ "id": format!("q{i}"), "text": "Same?", "scale": "agree" })).collect();
            let ids: Vec<Value> = (0..n).map(|i| json!(format!("q{i}"))).collect();
            v["items"] = Value::Array(items);
            v["scores"] = json!([{ "id": "all", "title": "All", "about": "Everything.", "items": ids,
                "method": { "kind": "mean" }, "min_answered": 1, "direction": "higher-is-better" }]);
        })
    };
    assert_eq!(faults_of(&big(MAX_ITEMS)), Vec::<(String, String)>::new(), "the limit itself is fine");
    let one_more = faults_of(&big(MAX_ITEMS + 1));
    assert!(
        one_more.contains(&("items".into(), format!("lists 201; at most {MAX_ITEMS} are allowed"))),
        "{one_more:?}"
    );
    // 25,000 items once froze the tab: now refused at once, by size.
    // Only the reading is timed: building the 25,000-item text is not.
    let huge = big(25_000);
    let started = std::time::Instant::now();
    let faults = faults_of(&huge);
    assert!(started.elapsed().as_secs() < 5, "no quadratic work");
    assert_eq!(faults.len(), 1);
    assert_eq!(faults[0].0, "file", "{faults:?}");
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "huge value",
            edited(|v| v["response_scales"][0]["options"][0]["value"] = json!(i32::MAX)),
            "response_scales[0].options[0].value",
        ),
        (
            "huge negative",
            edited(|v| v["response_scales"][0]["options"][0]["value"] = json!(i32::MIN)),
            "response_scales[0].options[0].value",
        ),
        (
            "huge multiplier",
            edited(|v| {
                v["scores"][0]["method"] = json!({ "kind": "sum", "multiplier": i32::MAX });
                v["scores"][0]["min_answered"] = json!(2);
                v["scores"][0].as_object_mut().expect("object").remove("bands");
            }),
            "scores[0].method.multiplier",
        ),
        (
            "long text",
            edited(|v| v["items"][0]["text"] = json!("a".repeat(MAX_TEXT_CHARS + 1))),
            "items[0].text",
        ),
        ("long id", edited(|v| v["id"] = json!("a".repeat(65))), "id"),
        (
            "too many options",
            edited(|v| {
                let options: Vec<Value> =
                    (0..21).map(|i| json!({ "value": i, "label": format!("{i}") })).collect();
                v["response_scales"][0]["options"] = Value::Array(options);
            }),
            "response_scales[0].options",
        ),
    ];
    for (name, definition, place) in cases {
        let faults = faults_of(&definition);
        assert!(faults.iter().any(|(p, _)| p == place), "{name}: {faults:?}");
    }
}

#[test]
fn extreme_values_within_the_limits_never_overflow() {
    use pulse_core::scoring::score_one;
    let extreme = edited(|v| {
        v["response_scales"][0]["options"] = json!([
            { "value": -MAX_OPTION_VALUE, "label": "Lowest" }, { "value": MAX_OPTION_VALUE, "label": "Highest" }
        ]);
        v["scores"][0]["method"] = json!({ "kind": "sum", "multiplier": MAX_MULTIPLIER });
        v["scores"][0]["min_answered"] = json!(2);
        v["scores"][0].as_object_mut().expect("object").remove("bands");
    });
    let text = extreme.to_string();
    let instrument = parse_definition("extreme.json", &text).unwrap_or_else(|e| panic!("{e}"));
    let spec = &instrument.scores()[0];
    // q1 = lowest; q2 reversed: lowest counts as highest. Sum = 0.
    let low = [Some(-MAX_OPTION_VALUE), Some(-MAX_OPTION_VALUE), None];
    assert_eq!(score_one(&instrument, spec, &low).value(), Some(0.0));
    // Both at the favourable end: (10⁶ + 10⁶) × 1000.
    let high = [Some(MAX_OPTION_VALUE), Some(-MAX_OPTION_VALUE), None];
    assert_eq!(score_one(&instrument, spec, &high).value(), Some(2.0e9));
}
