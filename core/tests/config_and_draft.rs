//! The practice configuration file, and drafts kept between visits.

mod common;

use pulse_core::config::{self, contrast, parse_hex, Config};
use pulse_core::draft::{self, Day, DraftProblem, MAX_AGE_DAYS};
use pulse_core::session::Device;
use pulse_core::{Catalogue, Event, InstrumentKey, Response, Session, Stage};

const GOOD: &str = r##"{
  "format": "practice-pulse-config", "format_version": 1,
  "practice": "Riverside Surgery",
  "contact": { "text": "Jo Smith, practice manager, extension 214", "link": "tel:01234567890" },
  "abuse_reporting": { "text": "Tell Sam Patel, practice manager, the same day", "link": "https://riverside.example/report" },
  "modules": ["hse-it"],
  "round": "2026 autumn",
  "teams": ["Reception", "Administration", "Secretaries", "Clinical"],
  "theme": { "accent": "#005eb8", "background": "#ffffff", "text": "#212b32", "radius": "4px" },
  "min_group_size": 5
}"##;

#[test]
fn the_documented_configuration_reads_field_by_field() {
    let c = config::read("practice.json", GOOD.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.practice.as_deref(), Some("Riverside Surgery"));
    let contact = c.contact.expect("a contact");
    assert_eq!(contact.text, "Jo Smith, practice manager, extension 214");
    assert_eq!(contact.link.as_deref(), Some("tel:01234567890"));
    let abuse = c.abuse_reporting.expect("a way to report abuse");
    assert_eq!(abuse.text, "Tell Sam Patel, practice manager, the same day");
    assert_eq!(abuse.link.as_deref(), Some("https://riverside.example/report"));
    assert_eq!(c.modules, ["hse-it"]);
    assert_eq!(c.round.as_deref(), Some("2026 autumn"));
    assert_eq!(c.teams, ["Reception", "Administration", "Secretaries", "Clinical"]);
    assert_eq!(c.theme.expect("a theme").radius.as_deref(), Some("4px"));
    assert_eq!(c.min_group_size, 5);
    let minimal = r#"{"format": "practice-pulse-config", "format_version": 1}"#;
    assert_eq!(config::read("p.json", minimal.as_bytes()), Ok(Config::default()));
}

#[test]
fn a_configuration_with_faults_is_refused_with_each_fault_named() {
    let edit = |from: &str, to: &str| {
        assert!(GOOD.contains(from), "{from}");
        GOOD.replacen(from, to, 1)
    };
    let cases: Vec<(&str, String, &[&str])> = vec![
        ("not JSON", "{".into(), &["line 1 column 1"]),
        ("another format", edit("practice-pulse-config", "practice-pulse-result"), &["format"]),
        ("newer", edit("\"format_version\": 1", "\"format_version\": 3"), &["format_version"]),
        ("unknown field", edit("\"round\"", "\"colour\": \"red\", \"round\""), &["line 7 column"]),
        ("script link", edit("tel:01234567890", "javascript:alert(1)"), &["contact.link"]),
        ("premium-rate text in a tel link", edit("tel:01234567890", "tel:0909?body=x"), &["contact.link"]),
        ("plain http", edit("tel:01234567890", "http://evil.example"), &["contact.link"]),
        (
            "script link to report abuse",
            edit("https://riverside.example/report", "javascript:x"),
            &["abuse_reporting.link"],
        ),
        (
            "empty way to report abuse",
            edit("Tell Sam Patel, practice manager, the same day", " "),
            &["abuse_reporting.text"],
        ),
        ("unknown module", edit("[\"hse-it\"]", "[\"tps\"]"), &["modules[0]"]),
        ("team twice", edit("\"Clinical\"", "\"reception\""), &["teams[3]"]),
        ("empty team", edit("\"Clinical\"", "\" \""), &["teams[3]"]),
        ("two-line team", edit("\"Clinical\"", "\"Clin\\nical\""), &["teams[3]"]),
        ("a team with a direction override", edit("\"Clinical\"", "\"Clin\\u202Eical\""), &["teams[3]"]),
        ("a team called All", edit("\"Clinical\"", "\"all\""), &["teams[3]"]),
        ("a team called Not given", edit("\"Clinical\"", "\" NOT GIVEN \""), &["teams[3]"]),
        ("grey on white", edit("#212b32", "#999999"), &["theme.text"]),
        ("pale accent", edit("#005eb8", "#8fc1f0"), &["theme.accent"]),
        ("not a colour", edit("#005eb8", "blue"), &["theme.accent"]),
        ("odd radius", edit("4px", "calc(100vh)"), &["theme.radius"]),
        ("group of 2", edit("\"min_group_size\": 5", "\"min_group_size\": 2"), &["min_group_size"]),
        (
            "several at once",
            edit("#212b32", "#eeeeee").replace("tel:01234567890", "ftp://x"),
            &["contact.link", "theme.text"],
        ),
    ];
    for (name, text, places) in cases {
        let refused = config::read("practice.json", text.as_bytes()).expect_err(name);
        let found: Vec<&str> = refused.faults.iter().map(|f| f.place.as_str()).collect();
        assert_eq!(found.len(), places.len(), "{name}: {refused}");
        for (got, want) in found.iter().zip(places) {
            assert!(got.starts_with(want), "{name}: {got} should be {want}");
        }
        assert!(refused.to_string().starts_with("practice.json is not a usable practice configuration"));
    }
    let grey = config::read("p.json", edit("#212b32", "#999999").as_bytes()).expect_err("grey");
    assert_eq!(
        grey.faults[0].fault,
        "too close to the background to read easily (2.84 to 1, where at least 4.5 to 1 is needed): \
         choose a darker text colour or a lighter background"
    );
    assert!(config::read("p.json", &[0xff, 0xfe]).is_err(), "not UTF-8");
}

/// The set-up form shows each fault beside its field, naming the field as
/// the page labels it and saying what to do, with no file paths or jargon.
#[test]
fn form_faults_name_the_field_as_labelled_and_say_what_to_do() {
    use pulse_core::config::{form_fault, form_label, Form, COLOUR_EXAMPLES, FORM_LABELS};
    let form = |edit: fn(&mut Form)| {
        let mut f = Form { practice: "Riverside Surgery".into(), ..Form::default() };
        edit(&mut f);
        let refused = config::read("practice.json", f.to_json().as_bytes()).expect_err("a fault");
        refused.faults.iter().map(form_fault).collect::<Vec<_>>()
    };
    type Case = (&'static str, fn(&mut Form), &'static str, &'static str);
    let table: Vec<Case> = vec![
        (
            "a script link",
            |f| {
                f.contact_text = "Jo".into();
                f.contact_link = "javascript:alert(1)".into();
            },
            "contact_link",
            "Contact link (optional): start it with https://, mailto: or tel: (after tel:, only digits, spaces and +), for example tel:01234567890, or leave it empty.",
        ),
        (
            "a short colour",
            |f| {
                f.accent = "#005eb8".into();
                f.background = "#ffffff".into();
                f.text = "#333".into();
            },
            "text",
            "Text colour: \"#333\" is not a colour the page can use; write # and six digits or letters a to f, for example #212b32.",
        ),
        (
            "a text colour alone",
            |f| f.text = "#212b32".into(),
            "accent",
            "Accent colour: is empty; write # and six digits or letters a to f, for example #005eb8, or leave all three colours empty for the built-in ones.",
        ),
        (
            "grey text",
            |f| {
                f.accent = "#005eb8".into();
                f.background = "#ffffff".into();
                f.text = "#999999".into();
            },
            "text",
            "Text colour: too close to the background to read easily (2.84 to 1, where at least 4.5 to 1 is needed): choose a darker text colour or a lighter background.",
        ),
        (
            "light text on a dark background, too close",
            |f| {
                f.accent = "#ffffff".into();
                f.background = "#000000".into();
                f.text = "#333333".into();
            },
            "text",
            "Text colour: too close to the background to read easily (1.66 to 1, where at least 4.5 to 1 is needed): choose a lighter text colour or a darker background.",
        ),
        (
            "a group size in words",
            |f| f.min_group_size = "five".into(),
            "min_group_size",
            "Smallest group shown in team reports: write a whole number, 3 or more (for example 5), or leave it empty for 5.",
        ),
        (
            "a group of two",
            |f| f.min_group_size = "2".into(),
            "min_group_size",
            "Smallest group shown in team reports: must be 3 or more, so that nobody in a small group can be recognised.",
        ),
        ("a team twice", |f| f.teams = "Reception\nreception".into(), "teams", "Teams: \"reception\" is listed twice; keep it once."),
        (
            "a round twice",
            |f| f.rounds = "2026 spring\n2026 Spring".into(),
            "rounds",
            "All rounds, oldest first (optional): \"2026 Spring\" is listed twice; keep it once.",
        ),
        (
            "an odd rounding",
            |f| f.radius = "calc(1px)".into(),
            "radius",
            "Corner rounding (optional): \"calc(1px)\" is not a size the page can use; write a number and px or rem, up to 32px or 2rem, for example 4px, or leave it empty.",
        ),
    ];
    for (name, edit, field, words) in table {
        let faults = form(edit);
        assert!(faults.contains(&(Some(field), words.to_owned())), "{name}: {faults:?}");
        for (_, message) in &faults {
            // No place in the file (theme.text, modules[0]) and no standard's name.
            assert!(
                !message.contains("theme.") && !message.contains('[') && !message.contains("WCAG"),
                "{name}: {message}"
            );
        }
    }
    // Each colour's example is its own, and they pass together.
    let c = |a: &str, b: &str| contrast(parse_hex(a).expect("hex"), parse_hex(b).expect("hex"));
    assert!(
        c(COLOUR_EXAMPLES[0], COLOUR_EXAMPLES[1]) >= 4.5 && c(COLOUR_EXAMPLES[2], COLOUR_EXAMPLES[1]) >= 4.5
    );
    // Every form field has its label, and every fault place reaches one.
    assert_eq!(form_label("text"), "Text colour");
    assert_eq!(FORM_LABELS.len(), 18);
    for place in [
        "practice",
        "contact.text",
        "contact.link",
        "abuse_reporting.text",
        "abuse_reporting.link",
        "modules[1]",
        "round",
        "rounds[2]",
        "teams[0]",
        "theme.accent",
        "theme.background",
        "theme.text",
        "theme.radius",
        "min_group_size",
        "hand_in.holders[0]",
        "hand_in.holders[1]",
        "hand_in.how",
        "plan_summary",
    ] {
        let field = config::form_field(place).expect(place);
        assert_ne!(form_label(field), field, "{place} has a label");
    }
}

/// `rounds` lists every round oldest first; `round` (this round) joins at
/// the end when the list leaves it out.
#[test]
fn rounds_set_the_order_and_this_round_is_the_newest() {
    let read = |extra: &str| {
        let text = format!(r#"{{"format": "practice-pulse-config", "format_version": 1{extra}}}"#);
        config::read("p.json", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
    };
    let both = read(r#", "round": "2026 autumn", "rounds": ["2025 autumn", "2026 spring"]"#);
    assert_eq!(both.round_order(), ["2025 autumn", "2026 spring", "2026 autumn"]);
    let listed = read(r#", "round": "2026 spring", "rounds": ["2026 spring", "2026 autumn"]"#);
    assert_eq!(listed.round_order(), ["2026 spring", "2026 autumn"]);
    assert_eq!(read(r#", "round": "2026 autumn""#).round_order(), ["2026 autumn"]);
    assert!(read("").round_order().is_empty());
    let twice = r#"{"format": "practice-pulse-config", "format_version": 1, "rounds": ["a", "b", "A"]}"#;
    let refused = config::read("p.json", twice.as_bytes()).expect_err("twice");
    assert_eq!(refused.faults[0].place, "rounds[2]");
    // The set-up form writes and reads the list back.
    let form = config::Form::from_config(&both);
    assert_eq!(form.rounds, "2025 autumn\n2026 spring");
    assert!(
        form.to_json().contains("\"rounds\": [\n    \"2025 autumn\",\n    \"2026 spring\"\n  ]"),
        "{}",
        form.to_json()
    );
}

#[test]
fn contrast_follows_the_wcag_formula() {
    let c = |a: &str, b: &str| contrast(parse_hex(a).expect("hex"), parse_hex(b).expect("hex"));
    // Worked: black on white is (1 + 0.05) / (0 + 0.05) = 21.
    assert!((c("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    assert!((c("#ffffff", "#ffffff") - 1.0).abs() < 1e-9);
    // #767676 is the classic lightest grey that passes 4.5:1 on white (4.54).
    assert!((c("#767676", "#ffffff") - 4.54).abs() < 0.01);
    assert!(c("#777777", "#ffffff") < 4.5);
    // NHS blue on white: 6.3:1 (the app's own token comment).
    assert!((c("#005eb8", "#ffffff") - 6.3).abs() < 0.1);
    assert_eq!(parse_hex("#12345"), None);
    assert_eq!(parse_hex("#gggggg"), None);
}

#[test]
fn the_warning_colour_keeps_its_contrast_under_any_theme() {
    let theme = |background: &str, text: &str| config::Theme {
        accent: "#005eb8".into(),
        background: background.into(),
        text: text.into(),
        radius: None,
    };
    // The app's red on white is 6.5:1: kept.
    assert_eq!(theme("#ffffff", "#212b32").danger(), config::DANGER);
    // On a dark blue background the red falls to about 2.3:1: the text colour instead.
    assert_eq!(theme("#0b2547", "#ffffff").danger(), "#ffffff");
    // On a mid grey (#767676: red 1.4:1) the same.
    assert_eq!(theme("#767676", "#000000").danger(), "#000000");
}

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::new(y, m, d).expect("valid day")
}

#[test]
fn days_count_across_months_years_and_leap_days() {
    let table = [
        (day(2026, 11, 22), day(2026, 11, 22), 0),
        (day(2026, 12, 22), day(2026, 11, 22), 30),
        (day(2027, 1, 1), day(2026, 12, 31), 1),
        (day(2028, 3, 1), day(2028, 2, 28), 2), // 2028 is a leap year
        (day(2100, 3, 1), day(2100, 2, 28), 1), // 2100 is not
        (day(2000, 3, 1), day(2000, 2, 28), 2), // 2000 is
        (day(1970, 1, 1), day(1970, 1, 1), 0),
    ];
    for (later, earlier, days) in table {
        assert_eq!(later.days_since(earlier), days, "{later} − {earlier}");
    }
    assert!(Day::new(2026, 2, 29).is_none());
    assert!(Day::new(2026, 13, 1).is_none());
}

fn answered_session(device: Device) -> (Catalogue, Session) {
    let catalogue = common::catalogue();
    let mut s = Session::new(&catalogue.default_set());
    s.apply(Event::Device(device));
    s.apply(Event::Start);
    s.apply(Event::Answer { section: 0, item: 2, value: 5 });
    s.apply(Event::Answer { section: 3, item: 0, value: 4 });
    s.apply(Event::GoTo { section: 3, item: 1 });
    (catalogue, s)
}

fn resumed(text: &str, catalogue: &Catalogue, today: Day) -> Result<Session, DraftProblem> {
    draft::from_json(text, catalogue, today).map(|c| c.session)
}

#[test]
fn a_draft_continues_at_the_same_place_with_the_same_answers() {
    for device in [Device::Own, Device::NotChosen] {
        let (catalogue, session) = answered_session(device);
        let saved = draft::to_json(&session, &catalogue, day(2026, 11, 1)).expect("kept");
        for today in [day(2026, 11, 1), day(2026, 12, 1)] {
            let back = resumed(&saved, &catalogue, today).expect("continues");
            assert_eq!(back, session);
            assert_eq!((back.stage(), back.cursor(), back.device()), (Stage::Section(3), 1, device));
        }
    }
}

#[test]
fn nothing_is_written_for_a_shared_computer_or_before_anything_is_answered() {
    let (catalogue, session) = answered_session(Device::Shared);
    assert_eq!(draft::to_json(&session, &catalogue, day(2026, 11, 1)), None);
    let fresh = Session::new(&catalogue.default_set());
    assert_eq!(draft::to_json(&fresh, &catalogue, day(2026, 11, 1)), None);
}

#[test]
fn a_version_1_draft_is_still_continued_on_ones_own_device() {
    let catalogue = common::catalogue();
    let v1 = r#"{"draft_version":1,"saved_on":"2026-11-20","stage":{"section":1},"cursor":0,
        "sections":[{"id":"tps","version":1,"answers":{"tps-1":3}},{"id":"who5","version":1,"answers":{}}]}"#;
    let back = resumed(v1, &catalogue, day(2026, 11, 24)).expect("continues");
    assert_eq!(back.device(), Device::Own);
    assert_eq!(back.stage(), Stage::Section(1));
    assert_eq!(back.responses()[0].answers[0], Some(3));
}

#[test]
fn a_draft_keeps_a_practices_own_questionnaire_through_a_reload() {
    let desk = include_str!("fixtures/definitions/desk-v1.json");
    let mut with_desk = common::catalogue();
    let key = with_desk.add_definition("desk-v1.json", desk).expect("valid").key().clone();
    let mut sections: Vec<Response> = with_desk.default_set().into_iter().map(Response::empty).collect();
    sections.push(Response::empty(with_desk.get(&key).expect("added")));
    let mut session = Session::new(&with_desk.default_set());
    session.apply(Event::Device(Device::Own));
    session.apply(Event::SetSections(sections));
    session.apply(Event::Answer { section: 6, item: 1, value: 3 });
    session.apply(Event::Answer { section: 0, item: 0, value: 2 });
    session.apply(Event::GoTo { section: 6, item: 1 });
    let saved = draft::to_json(&session, &with_desk, day(2026, 11, 24)).expect("kept");

    // A fresh page knows only the built-in catalogue.
    let fresh = common::catalogue();
    let continued = draft::from_json(&saved, &fresh, day(2026, 11, 24)).expect("continues");
    assert_eq!(continued.session, session, "every answer, the practice's section included");
    assert_eq!(continued.definitions.len(), 1);
    assert_eq!(continued.definitions[0].key(), &key);
    assert!(!continued.definitions[0].validated(), "still labelled the practice's own");
    assert!(continued.not_restored.is_empty());

    // Without the definition, the rest continues and the lost section is named.
    let value: serde_json::Value = serde_json::from_str(&saved).expect("json");
    let mut stripped = value.clone();
    stripped["sections"][6].as_object_mut().expect("object").remove("definition");
    let partial = draft::from_json(&stripped.to_string(), &fresh, day(2026, 11, 24)).expect("rest continues");
    assert_eq!(partial.not_restored, [InstrumentKey { id: "desk".into(), version: 1 }]);
    assert_eq!(partial.session.responses().len(), 6);
    assert_eq!(partial.session.responses()[0].answers[0], Some(2), "other answers kept");
    assert_eq!(partial.session.stage(), Stage::Welcome, "its section is gone, so it starts from the welcome");

    // A carried definition may not take a built-in id.
    let impostor = saved.replace("\\\"id\\\": \\\"desk\\\"", "\\\"id\\\": \\\"tps\\\"");
    assert_ne!(impostor, saved);
    let refused = draft::from_json(&impostor, &fresh, day(2026, 11, 24)).expect("rest continues");
    assert_eq!(refused.not_restored.len(), 1, "a definition that names another key is not used");
}

#[test]
fn drafts_that_cannot_continue_say_why() {
    let (catalogue, session) = answered_session(Device::Own);
    let saved = draft::to_json(&session, &catalogue, day(2026, 10, 1)).expect("kept");
    let today = day(2026, 11, 22);
    assert_eq!(resumed(&saved, &catalogue, today), Err(DraftProblem::Expired { days: 52 }));
    let on_the_limit = draft::to_json(&session, &catalogue, day(2026, 10, 23)).expect("kept");
    assert!(today.days_since(day(2026, 10, 23)) == MAX_AGE_DAYS);
    assert!(resumed(&on_the_limit, &catalogue, today).is_ok(), "30 days old still continues");

    let fresh = draft::to_json(&session, &catalogue, today).expect("kept");
    let edit = |from: &str, to: &str| fresh.replacen(from, to, 1);
    let cases = [
        ("older format", edit("\"draft_version\":5", "\"draft_version\":0"), DraftProblem::OtherVersion),
        ("newer format", edit("\"draft_version\":5", "\"draft_version\":6"), DraftProblem::OtherVersion),
        ("no version at all", "{\"answers\":[1,2,3]}".to_owned(), DraftProblem::OtherVersion),
        ("not JSON", "{{{".to_owned(), DraftProblem::Unusable),
        ("unknown item", edit("\"who5-1\"", "\"who5-9\""), DraftProblem::Unusable),
        ("answer out of range", edit("\"who5-1\":4", "\"who5-1\":40"), DraftProblem::Unusable),
        ("answer given twice", edit("\"who5-1\":4", "\"who5-1\":4,\"who5-1\":1"), DraftProblem::Unusable),
        ("section out of range", edit("{\"section\":3}", "{\"section\":30}"), DraftProblem::Unusable),
        ("bad day", edit(&today.to_string(), "2026-02-30"), DraftProblem::Unusable),
    ];
    for (name, text, problem) in cases {
        assert_ne!(text, fresh, "case {name} changed the text");
        assert_eq!(resumed(&text, &catalogue, today), Err(problem), "case {name}");
    }
    // An unknown built-in section is named, not a reason to lose the rest.
    let gone = edit("\"id\":\"who5\"", "\"id\":\"gone\"");
    let continued = draft::from_json(&gone, &catalogue, today).expect("the rest continues");
    assert_eq!(continued.not_restored, [InstrumentKey { id: "gone".into(), version: 1 }]);
}

#[test]
fn only_a_safe_practice_name_in_the_address_chooses_a_file() {
    use pulse_core::config::ConfigPath;
    let table = [
        ("", Some("practice.json")),
        ("?contact=Evil&contact-link=tel%3A0909", Some("practice.json")),
        ("?practice=riverside", Some("practices/riverside.json")),
        ("practice=st-mary-2&x=1", Some("practices/st-mary-2.json")),
        ("?practice=..%2Fsecret", None),
        ("?practice=Riverside", None),
        ("?practice=a%2Fb", None),
        ("?practice=https%3A%2F%2Fevil.example%2Fp", None),
        ("?practice=", None),
    ];
    for (query, file) in table {
        assert_eq!(ConfigPath::from_query(query).file().as_deref(), file, "{query}");
    }
}

#[test]
fn only_the_plain_address_may_fall_back_to_the_defaults() {
    // A crafted `?practice=` (a bad name, or a practice with no file) must
    // not swap the practice's configuration for the defaults: the pages
    // then show no survey and no report (tests/browser/trust.test.mjs).
    use pulse_core::config::ConfigPath;
    let table = [
        ("", true),
        ("?contact=Evil", true),
        ("?practice=riverside", false),
        ("?practice=zzz", false),
        ("?practice=..%2Fsecret", false),
        ("?practice=", false),
        ("?practice=a&practice=b", false),
    ];
    for (query, may) in table {
        assert_eq!(ConfigPath::from_query(query).may_use_defaults(), may, "{query}");
    }
}

#[test]
fn the_set_up_form_makes_the_documented_file_and_names_faults_by_field() {
    use pulse_core::config::{form_field, page_with_config, snippet, Form};
    let form = Form {
        practice: "Riverside Surgery".into(),
        contact_text: "Jo Smith, practice manager, extension 214".into(),
        contact_link: "tel:01234567890".into(),
        abuse_text: "Tell Sam Patel, practice manager, the same day".into(),
        abuse_link: "https://riverside.example/report".into(),
        modules: vec!["hse-it".into()],
        round: "2026 autumn".into(),
        rounds: String::new(),
        teams: "Reception\nAdministration\n\n  Secretaries \nClinical\n".into(),
        accent: "#005eb8".into(),
        background: "#ffffff".into(),
        text: "#212b32".into(),
        radius: "4px".into(),
        min_group_size: "5".into(),
        ..Form::default()
    };
    let text = form.to_json();
    let made = config::read("practice.json", text.as_bytes()).expect("valid");
    let documented = config::read("practice.json", GOOD.as_bytes()).expect("valid");
    assert_eq!(made, documented, "the form makes the documented configuration");
    let refilled = Form::from_config(&made);
    assert_eq!(
        refilled,
        Form { min_group_size: String::new(), teams: made.teams.join("\n"), ..form.clone() }
    );
    assert_eq!(
        config::read("p.json", refilled.to_json().as_bytes()),
        Ok(made.clone()),
        "a configuration in force fills the form back"
    );
    let empty = Form::default().to_json();
    assert_eq!(config::read("p.json", empty.as_bytes()), Ok(Config::default()));

    let bad = Form {
        text: "#999999".into(),
        min_group_size: "five".into(),
        contact_link: "javascript:x".into(),
        ..form
    };
    let refused = config::read("practice.json", bad.to_json().as_bytes()).expect_err("faults");
    let fields: Vec<Option<&str>> = refused.faults.iter().map(|f| form_field(&f.place)).collect();
    assert!(fields.contains(&Some("min_group_size")) || fields.contains(&None), "{refused}");
    for (place, field) in [
        ("contact.link", Some("contact_link")),
        ("contact.text", Some("contact_text")),
        ("abuse_reporting.link", Some("abuse_link")),
        ("abuse_reporting.text", Some("abuse_text")),
        ("teams[3]", Some("teams")),
        ("theme.text", Some("text")),
        ("theme.radius", Some("radius")),
        ("modules[0]", Some("modules")),
        ("line 3 column 4", None),
    ] {
        assert_eq!(form_field(place), field, "{place}");
    }

    let s = snippet("https://intranet.example/pulse/");
    assert_eq!(
        s,
        "<iframe src=\"https://intranet.example/pulse/\" title=\"Practice Pulse staff survey\" data-practice-pulse style=\"width:100%;border:0\"></iframe>\n<script src=\"https://intranet.example/pulse/embed.js\" async></script>"
    );
    let page = "<html><head><title>x</title></head><body></body></html>";
    let with = page_with_config(page, "{\"practice\": \"</script><script>alert(1)\"}").expect("has a head");
    assert_eq!(with.matches("</script>").count(), 1, "no text closes the data block: {with}");
    assert!(with.contains(
        "id=\"practice-config\">{\"practice\": \"\\u003c/script>\\u003cscript>alert(1)\"}</script></head>"
    ));
    assert_eq!(page_with_config("<p>no head</p>", "{}"), None);
}

#[test]
fn a_survey_saved_again_names_one_response_even_after_a_reload() {
    use pulse_core::result_file::ResponseId;
    use pulse_core::Period;
    let (catalogue, mut session) = answered_session(Device::Own);
    let month = Period::new(2026, 11).expect("valid");
    assert_eq!(session.record("t", month, None), None, "no id before it is saved");
    let first = ResponseId::from_random_bytes([1; 16]);
    session.apply(Event::Saving(first));
    let json = session.record("t", month, None).expect("saved");
    // Saved again (another format, a second click): a fresh id is offered
    // and refused, the survey keeps its own.
    session.apply(Event::Saving(ResponseId::from_random_bytes([2; 16])));
    let again = session.record("t", month, None).expect("saved");
    assert_eq!((json.response, again.response), (Some(first), Some(first)));
    // The draft keeps it: a reload, then another save, still names it.
    let saved = draft::to_json(&session, &catalogue, day(2026, 11, 1)).expect("kept");
    let mut back = resumed(&saved, &catalogue, day(2026, 11, 2)).expect("continues");
    assert_eq!(back.response(), Some(first));
    back.apply(Event::Saving(ResponseId::from_random_bytes([3; 16])));
    assert_eq!(back.record("t", month, None).and_then(|r| r.response), Some(first));
    // A version 2 draft (before ids were kept) still continues, without one.
    let v2 = saved.replace("\"draft_version\":5", "\"draft_version\":2");
    let v2 = v2.split(",\"response\"").next().expect("text").to_owned() + "}";
    assert_eq!(resumed(&v2, &catalogue, day(2026, 11, 2)).expect("continues").response(), None);
    // Starting again is someone new: a new id.
    back.apply(Event::Restart);
    back.apply(Event::Saving(ResponseId::from_random_bytes([4; 16])));
    assert_ne!(back.response(), Some(first));
}

/// A hand-in file's text for `id` as the draft sees it: only its clear
/// part is read (the sealed part is the holders' alone). Sealed in round
/// "2026 autumn" to the holders [`HOLDER_A`] and [`HOLDER_B`].
fn hand_in_text(id: pulse_core::result_file::ResponseId, sealed: &str) -> String {
    hand_in_under(id, sealed, Some("2026 autumn"), &[HOLDER_A, HOLDER_B])
}

/// Three holders' public key lines (the fixtures' holder-a, holder-b and
/// holder-key).
const HOLDER_A: &str = "pulse-holder-1:_8-9tvDo-7TXzQy-RafsvO6pREf9S7SlM6ryuswLCg5QRERO";
const HOLDER_B: &str = "pulse-holder-1:0V75vPei3xxV9bvPfHFbqPSj-dKn_iiZr7QlnK0BFEBn2etJ";
const HOLDER_C: &str = "pulse-holder-1:JdAFt_augSDdNaCtRASu8ZPIjB3jxXjV4k-ppSD5GiRF3tj3";

/// A hand-in file's clear part: `round` (none: the month names it) and
/// the holders it is sealed to, in order.
fn hand_in_under(
    id: pulse_core::result_file::ResponseId,
    sealed: &str,
    round: Option<&str>,
    holders: &[&str],
) -> String {
    let round = round.map(|r| format!(",\"round\":\"{r}\"")).unwrap_or_default();
    let boxes: Vec<String> =
        holders.iter().map(|h| format!("{{\"holder\":\"{h}\",\"box\":\"{sealed}\"}}")).collect();
    format!(
        "{{\"format\":\"practice-pulse-handin\",\"format_version\":1,\"scheme\":\"prio3-two-holders\",\
         \"period\":\"2026-11\"{round},\"response\":\"{id}\",\"sealed\":[{}]}}",
        boxes.join(",")
    )
}

/// The practice as a response is bound to it: `round` (none: the month
/// 2026-11) and these holder lines.
fn practice(round: Option<&str>, holders: &[&str]) -> pulse_core::session::Practice {
    let mut text = String::from("{\"format\": \"practice-pulse-config\", \"format_version\": 1");
    if let Some(r) = round {
        text.push_str(&format!(", \"round\": \"{r}\", \"rounds\": [\"{r}\"]"));
    }
    if !holders.is_empty() {
        let lines: Vec<String> = holders.iter().map(|h| format!("\"{h}\"")).collect();
        text.push_str(&format!(
            ", \"hand_in\": {{\"holders\": [{}], \"how\": \"Email it to Jo.\"}}",
            lines.join(",")
        ));
    }
    text.push('}');
    let config = config::read("practice.json", text.as_bytes()).unwrap_or_else(|e| panic!("{e}: {text}"));
    pulse_core::session::Practice::of(&config, pulse_core::Period::new(2026, 11))
}

#[test]
fn a_hand_in_file_is_kept_with_its_response_until_an_answer_changes_even_after_a_reload() {
    use pulse_core::result_file::ResponseId;
    let (catalogue, mut session) = answered_session(Device::Own);
    let first = ResponseId::from_random_bytes([1; 16]);
    // Before the survey has its response id there is nothing to hand in.
    session.apply(Event::HandedIn(hand_in_text(first, "x")));
    assert_eq!(session.handed_in(), None);
    session.apply(Event::Saving(first));
    let text = hand_in_text(first, "sealed once");
    session.apply(Event::HandedIn(text.clone()));
    assert_eq!(session.handed_in(), Some(text.as_str()));
    // Moving about, choosing where to keep answers, the same answer again:
    // the file still says this response.
    session.apply(Event::Answer { section: 0, item: 2, value: 5 });
    session.apply(Event::GoTo { section: 0, item: 1 });
    session.apply(Event::Device(Device::NotChosen));
    assert_eq!(session.handed_in(), Some(text.as_str()));
    // A reload: the draft gives the same bytes back.
    let saved = draft::to_json(&session, &catalogue, day(2026, 11, 1)).expect("kept");
    let back = resumed(&saved, &catalogue, day(2026, 11, 2)).expect("continues");
    assert_eq!(back.handed_in(), Some(text.as_str()));
    // A draft whose hand-in names another response (or is not one) drops
    // the hand-in, never the draft.
    let other = hand_in_text(ResponseId::from_random_bytes([9; 16]), "another");
    let planted = serde_json::to_string(&other).expect("a string");
    let with_other = saved.replacen(&serde_json::to_string(&text).expect("a string"), &planted, 1);
    assert_ne!(with_other, saved);
    let dropped = resumed(&with_other, &catalogue, day(2026, 11, 2)).expect("continues");
    assert_eq!((dropped.handed_in(), dropped.response()), (None, Some(first)));
    // A version 3 draft (before hand-ins were kept) continues without one.
    let v3 = saved.replace("\"draft_version\":5", "\"draft_version\":3");
    let v3 = v3.split(",\"hand_in\"").next().expect("text").to_owned() + "}";
    let old = resumed(&v3, &catalogue, day(2026, 11, 2)).expect("continues");
    assert_eq!((old.handed_in(), old.response()), (None, Some(first)));
    // Another answer, another team or other sections: the file no longer
    // says these answers and is not replayed (the next hand-in is sealed
    // anew), and the person is told a file was handed in already; it is
    // kept, so changing back gives the same bytes again (see
    // `an_answer_changed_and_changed_back_hands_in_the_same_file`).
    let changes = [
        Event::Answer { section: 0, item: 2, value: 4 },
        Event::Team(pulse_core::session::TeamChoice::PreferNotToSay),
        // One section fewer (the same sections again keep every answer).
        Event::SetSections(catalogue.default_set().iter().skip(1).map(|i| Response::empty(i)).collect()),
    ];
    for change in changes {
        let mut s = back.clone();
        s.apply(change.clone());
        assert_eq!(s.handed_in(), None, "{change:?}: not replayed");
        assert!(s.changed_since_hand_in(), "{change:?}: the person is told");
        let kept = draft::to_json(&s, &catalogue, day(2026, 11, 2)).expect("kept");
        let again = resumed(&kept, &catalogue, day(2026, 11, 2)).expect("continues");
        assert_eq!(
            (again.handed_in(), again.changed_since_hand_in()),
            (None, true),
            "{change:?} after a reload"
        );
    }
    // Starting again forgets it with everything else.
    let mut s = back.clone();
    s.apply(Event::Restart);
    assert_eq!((s.handed_in(), s.changed_since_hand_in()), (None, false));
    assert!(draft::to_json(&s, &catalogue, day(2026, 11, 2)).is_none_or(|k| !k.contains("\"hand_in\"")));
}

#[test]
fn an_answer_changed_and_changed_back_hands_in_the_same_file() {
    use pulse_core::result_file::ResponseId;
    let (catalogue, mut session) = answered_session(Device::Own);
    let id = ResponseId::from_random_bytes([1; 16]);
    session.apply(Event::Practice(practice(Some("2026 autumn"), &[HOLDER_A, HOLDER_B])));
    session.apply(Event::Saving(id));
    let text = hand_in_text(id, "sealed once");
    session.apply(Event::HandedIn(text.clone()));
    // Each change, then its undoing, within one visit and across a reload.
    let table: [(&str, Event, Event); 3] = [
        (
            "an answer",
            Event::Answer { section: 0, item: 2, value: 1 },
            Event::Answer { section: 0, item: 2, value: 5 },
        ),
        (
            "a new answer",
            Event::Answer { section: 1, item: 0, value: 2 },
            Event::Answer { section: 1, item: 0, value: 2 },
        ),
        (
            "the team",
            Event::Team(pulse_core::session::TeamChoice::PreferNotToSay),
            Event::Team(pulse_core::session::TeamChoice::NotChosen),
        ),
    ];
    for (what, change, back) in table {
        let mut s = session.clone();
        s.apply(change);
        let differs = s.responses() != session.responses() || s.team() != session.team();
        assert_eq!(s.handed_in().is_none(), differs, "{what}: replayed only with the sealed answers");
        s.apply(back);
        let same = s.responses() == session.responses() && s.team() == session.team();
        assert_eq!(s.handed_in(), same.then_some(text.as_str()), "{what} changed back");
        // Through a reload in between.
        let mut r = session.clone();
        r.apply(Event::Answer { section: 0, item: 2, value: 1 });
        let kept = draft::to_json(&r, &catalogue, day(2026, 11, 1)).expect("kept");
        let mut r = resumed(&kept, &catalogue, day(2026, 11, 2)).expect("continues");
        r.apply(Event::Practice(practice(Some("2026 autumn"), &[HOLDER_A, HOLDER_B])));
        assert_eq!(r.handed_in(), None);
        r.apply(Event::Answer { section: 0, item: 2, value: 5 });
        assert_eq!(r.handed_in(), Some(text.as_str()), "{what}: changed back after a reload");
    }
}

#[test]
fn a_response_id_belongs_to_one_round_and_one_set_of_holders() {
    use pulse_core::result_file::ResponseId;
    use pulse_core::session::Renewal;
    let autumn_ab = practice(Some("2026 autumn"), &[HOLDER_A, HOLDER_B]);
    // (what changes, the practice met later, whether the id is kept, what
    // the person is told), for a person who handed in and one who only
    // kept their own copy.
    type Row<'a> = (&'a str, pulse_core::session::Practice, bool, Option<Renewal>, Option<Renewal>);
    let table: Vec<Row> = vec![
        ("nothing", autumn_ab.clone(), true, None, None),
        (
            "a new round",
            practice(Some("2026 winter"), &[HOLDER_A, HOLDER_B]),
            false,
            Some(Renewal::NewRound),
            Some(Renewal::NewRound),
        ),
        (
            "no round named now",
            practice(None, &[HOLDER_A, HOLDER_B]),
            false,
            Some(Renewal::NewRound),
            Some(Renewal::NewRound),
        ),
        (
            "a holder replaced",
            practice(Some("2026 autumn"), &[HOLDER_A, HOLDER_C]),
            false,
            Some(Renewal::NewHolders),
            None,
        ),
        (
            "holders swapped",
            practice(Some("2026 autumn"), &[HOLDER_B, HOLDER_A]),
            false,
            Some(Renewal::NewHolders),
            None,
        ),
        (
            "one holder now",
            practice(Some("2026 autumn"), &[HOLDER_A]),
            false,
            Some(Renewal::NewHolders),
            None,
        ),
        (
            "spaces around a line",
            practice(Some("2026 autumn"), &[&format!(" {HOLDER_A} "), HOLDER_B]),
            true,
            None,
            None,
        ),
    ];
    let first = ResponseId::from_random_bytes([1; 16]);
    let fresh = ResponseId::from_random_bytes([2; 16]);
    for (what, later, kept, told_handed_in, told_own_copy) in table {
        for handed_in in [true, false] {
            let (catalogue, mut s) = answered_session(Device::Own);
            s.apply(Event::Practice(autumn_ab.clone()));
            s.apply(Event::Saving(first));
            let text = hand_in_text(first, "autumn");
            if handed_in {
                s.apply(Event::HandedIn(text.clone()));
            }
            let told = if handed_in { told_handed_in } else { told_own_copy };
            // Met while open, and met by the draft on continuing.
            let saved = draft::to_json(&s, &catalogue, day(2026, 11, 20)).expect("kept");
            let mut open = s.clone();
            open.apply(Event::Practice(later.clone()));
            let mut page = Session::new(&catalogue.default_set());
            page.apply(Event::Practice(later.clone()));
            page.apply(Event::Resume(Box::new(
                resumed(&saved, &catalogue, day(2026, 12, 1)).expect("continues"),
            )));
            for (how, mut s) in [("open", open), ("continued", page)] {
                let case = format!("{what}, {how}, handed in: {handed_in}");
                assert_eq!(
                    s.responses(),
                    answered_session(Device::Own).1.responses(),
                    "{case}: answers kept"
                );
                assert_eq!(s.renewal(), told, "{case}: what the person is told");
                let replay = (kept && handed_in).then_some(text.as_str());
                assert_eq!(s.handed_in(), replay, "{case}: the kept file");
                assert!(!s.changed_since_hand_in() || kept, "{case}: a new response has handed in nothing");
                s.apply(Event::Saving(fresh));
                let id = s.response();
                assert_eq!(id, Some(if kept { first } else { fresh }), "{case}: the id");
                assert_eq!(s.renewal(), None, "{case}: said until the next save");
                // The new id is bound to the practice met: meeting it again keeps it.
                s.apply(Event::Practice(later.clone()));
                assert_eq!(s.response(), id, "{case}: the new id stays in its round");
            }
        }
    }
}

#[test]
fn continuing_month_after_month_with_no_round_named_is_a_new_response_each_month() {
    use pulse_core::result_file::ResponseId;
    let (catalogue, mut s) = answered_session(Device::Own);
    let of = |year, month| {
        let config = config::read("p.json", br#"{"format": "practice-pulse-config", "format_version": 1}"#)
            .expect("reads");
        pulse_core::session::Practice::of(&config, pulse_core::Period::new(year, month))
    };
    s.apply(Event::Practice(of(2026, 11)));
    let mut ids = Vec::new();
    let mut today = day(2026, 11, 20);
    for (i, (year, month, on)) in
        [(2026, 11, day(2026, 11, 28)), (2026, 12, day(2026, 12, 20)), (2027, 1, day(2027, 1, 15))]
            .into_iter()
            .enumerate()
    {
        let saved = draft::to_json(&s, &catalogue, today).expect("kept");
        let mut page = Session::new(&catalogue.default_set());
        page.apply(Event::Practice(of(year, month)));
        page.apply(Event::Resume(Box::new(resumed(&saved, &catalogue, on).expect("continues"))));
        page.apply(Event::Saving(ResponseId::from_random_bytes([u8::try_from(i).expect("small"); 16])));
        ids.push(page.response());
        s = page;
        today = on;
    }
    assert_ne!(ids[0], ids[1], "December is a new response");
    assert_ne!(ids[1], ids[2], "January is a new response");
}

#[test]
fn a_kept_hand_in_from_a_version_4_draft_is_bound_to_the_round_and_holders_its_clear_part_names() {
    use pulse_core::result_file::ResponseId;
    let (catalogue, mut s) = answered_session(Device::Own);
    let id = ResponseId::from_random_bytes([1; 16]);
    s.apply(Event::Saving(id));
    let text = hand_in_text(id, "autumn");
    s.apply(Event::HandedIn(text.clone()));
    // Version 4 had neither `hand_in_from` nor `made_for`.
    let v5 = draft::to_json(&s, &catalogue, day(2026, 11, 20)).expect("kept");
    let v4 = v5.replace("\"draft_version\":5", "\"draft_version\":4");
    let v4 = v4.split(",\"hand_in_from\"").next().expect("text").to_owned() + "}";
    assert!(v4.contains("\"hand_in\"") && !v4.contains("made_for"), "{v4}");
    for (later, replayed) in [
        (practice(Some("2026 autumn"), &[HOLDER_A, HOLDER_B]), true),
        (practice(Some("2026 autumn"), &[HOLDER_A, HOLDER_C]), false),
        (practice(Some("2027 spring"), &[HOLDER_A, HOLDER_B]), false),
    ] {
        let mut page = Session::new(&catalogue.default_set());
        page.apply(Event::Practice(later));
        page.apply(Event::Resume(Box::new(resumed(&v4, &catalogue, day(2026, 11, 25)).expect("continues"))));
        assert_eq!(page.handed_in(), replayed.then_some(text.as_str()));
        assert_eq!(page.response().is_some(), replayed);
    }
    // A version 5 draft whose kept file was sealed under another practice
    // than its response's drops the file, never the draft.
    let mut other = s.clone();
    other.apply(Event::Practice(practice(Some("2026 autumn"), &[HOLDER_A, HOLDER_B])));
    let saved = draft::to_json(&other, &catalogue, day(2026, 11, 20)).expect("kept");
    let planted = saved.replacen(
        &serde_json::to_string(&text).expect("a string"),
        &serde_json::to_string(&hand_in_under(id, "x", Some("2026 autumn"), &[HOLDER_A, HOLDER_C]))
            .expect("a string"),
        1,
    );
    assert_ne!(planted, saved);
    let back = resumed(&planted, &catalogue, day(2026, 11, 21)).expect("continues");
    assert_eq!((back.handed_in(), back.response()), (None, Some(id)));
}

#[test]
fn a_page_opened_from_a_disk_keeps_nothing_on_the_device() {
    use pulse_core::session::Keep;
    for keep_answers in [false, true] {
        let (catalogue, mut s) = answered_session(Device::Own);
        assert_eq!(s.keep(), Keep::Device, "served: kept on the device");
        s.apply(Event::OpenedFromDisk);
        s.apply(Event::KeepAnswers(keep_answers));
        for stage_event in [Event::GoTo { section: 0, item: 0 }, Event::Next, Event::Back] {
            s.apply(stage_event);
            assert_eq!(s.keep(), Keep::ThisTab, "{:?}", s.stage());
        }
        while s.stage() != Stage::Results {
            s.apply(Event::Next);
            if s.stage() == Stage::Review {
                s.apply(Event::Next);
            }
        }
        s.apply(Event::KeepAnswers(true));
        assert_eq!(s.keep(), Keep::ThisTab, "results, asked to keep them");
        // A draft continued here stays on a disk page; starting again too.
        let saved = draft::to_json(&s, &catalogue, day(2026, 11, 1)).expect("kept in the tab");
        let mut page = Session::new(&catalogue.default_set());
        page.apply(Event::OpenedFromDisk);
        page.apply(Event::Resume(Box::new(
            resumed(&saved, &catalogue, day(2026, 11, 1)).expect("continues"),
        )));
        assert!(page.opened_from_disk());
        assert_eq!(page.keep(), Keep::ThisTab);
        page.apply(Event::Restart);
        page.apply(Event::Device(Device::Own));
        page.apply(Event::Start);
        page.apply(Event::Answer { section: 0, item: 0, value: 1 });
        assert_eq!(page.keep(), Keep::ThisTab, "after starting again");
    }
}

#[test]
fn plan_summary_is_one_line_of_the_practices_own_words() {
    let with = |line: &str| {
        let text = format!(
            "{{\"format\": \"practice-pulse-config\", \"format_version\": 1, \"plan_summary\": {}}}",
            serde_json::to_string(line).expect("a string")
        );
        config::read("practice.json", text.as_bytes())
    };
    let read = with("  protect a shared break for reception every day, with cover  ").expect("valid");
    assert_eq!(
        read.plan_summary.as_deref(),
        Some("protect a shared break for reception every day, with cover")
    );
    assert_eq!(config::PLAN_SUMMARY_LEAD, "Your practice has agreed to");
    for (line, says) in [
        ("", "is empty"),
        ("two\nlines", "must be one line"),
        (&"x".repeat(201), "is longer than 200 characters"),
        ("Your practice has agreed to meet monthly", "give only what follows"),
        ("lower the 62% of reception with high burnout", "never a figure from the results"),
    ] {
        let refused = with(line).expect_err(says);
        assert_eq!(refused.faults.len(), 1, "{refused}");
        assert_eq!(refused.faults[0].place, "plan_summary");
        assert!(refused.faults[0].fault.contains(says), "{says}: {refused}");
    }
    // The set-up form carries it both ways and names its field.
    use pulse_core::config::{form_field, Form};
    let form = Form { plan_summary: "meet monthly about workload".into(), ..Form::default() };
    let made = config::read("p.json", form.to_json().as_bytes()).expect("valid");
    assert_eq!(made.plan_summary.as_deref(), Some("meet monthly about workload"));
    assert_eq!(Form::from_config(&made), form);
    assert_eq!(form_field("plan_summary"), Some("plan_summary"));
}
