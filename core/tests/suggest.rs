//! From results to action: the suggestion catalogue validates (every
//! suggestion answers a measure the catalogue has and carries a source),
//! faults are named by place, and worked examples choose which suggestions
//! a team's shown figures get: a team mean in a concern band gets its
//! suggestions, a clear worsening comes first, a hidden group gets none,
//! and the abuse module leads to the reporting route and the standards.

mod common;

use common::record;
use pulse_core::pool::{Group, Pool, Report};
use pulse_core::suggest::{
    suggest, suggest_latest, Advice, Because, Condition, Suggestions, ABUSE_MEASURES, ABUSE_SOURCES,
    BUILTIN_SOURCE,
};
use pulse_core::{InstrumentKey, Response, ResultRecord};

fn builtin() -> Suggestions {
    Suggestions::builtin().unwrap_or_else(|e| panic!("{e}"))
}

fn response(id: &str, answers: Vec<Option<i32>>) -> Response {
    Response { key: InstrumentKey { id: id.into(), version: 1 }, answers }
}

/// CBI work-related burnout scoring exactly `v` (item 7 is reversed).
fn cbi_work(v: i32) -> Response {
    let mut answers = vec![Some(v); 6];
    answers.push(Some(100 - v));
    response("cbi-work", answers)
}

/// WHO-5 with every item `v`: 4 × 5 × v.
fn who5(v: i32) -> Response {
    response("who5", vec![Some(v); 5])
}

/// TPS scoring exactly `v` (items 1, 3 and 5 reversed: 8 − x).
fn tps(v: i32) -> Response {
    response("tps", (0..7).map(|i| Some(if [0, 2, 4].contains(&i) { 8 - v } else { v })).collect())
}

/// The abuse module: the five "how often" items, then reported, supported.
fn abuse(often: i32) -> Response {
    response("abuse", vec![Some(often), Some(often), Some(often), Some(often), Some(often), Some(1), Some(1)])
}

fn report(records: &[ResultRecord], k: usize) -> Report {
    let catalogue = common::catalogue();
    let mut pool = Pool::default();
    for r in records {
        pool.add(&catalogue, r);
    }
    pool.full_report(&catalogue, k)
}

fn advice<'a, 's>(all: &'a [Advice<'s>], group: &Group, measure: &str) -> Option<&'a Advice<'s>> {
    all.iter().find(|a| &a.group == group && a.measure == measure)
}

fn ids(a: &Advice<'_>) -> Vec<String> {
    a.suggestions.iter().map(|s| s.suggestion.id().to_owned()).collect()
}

#[test]
fn the_builtin_catalogue_validates_and_every_suggestion_has_a_measure_and_a_source() {
    let suggestions = builtin();
    let catalogue = common::catalogue();
    let measures: Vec<String> =
        catalogue.latest_versions().into_iter().flat_map(|i| i.scores()).map(|s| s.id().to_owned()).collect();
    assert!(suggestions.all().len() >= 20, "the study's recommendations and the other sources are all there");
    for s in suggestions.all() {
        assert!(!s.measures().is_empty(), "{}", s.id());
        for m in s.measures() {
            assert!(measures.contains(m), "{} answers {m}, which the catalogue has", s.id());
        }
        let source = suggestions.source(s).expect("a source");
        assert!(!source.citation.is_empty() && !source.licence.is_empty(), "{}", s.id());
        assert!(source.link.starts_with("https://"), "{}", s.id());
        // Said to a practice's leaders about a team, never about one person.
        let lower = s.text().to_lowercase();
        for about_one in ["who scored", "the person who", "whoever", "this person", "individual score"] {
            assert!(!lower.contains(about_one), "{} speaks about one person: {about_one}", s.id());
        }
    }
    // Each source named in the issue is cited by at least one suggestion.
    for source in [
        "dakin-2023",
        "edmondson-2018",
        "hse-management-standards",
        "nhse-violence-standard",
        "nhs-employers-violence",
        "nhs-employers-support-workforce",
    ] {
        assert!(
            suggestions.all().iter().any(|s| suggestions.source(s).map(|x| x.id.as_str()) == Some(source)),
            "{source} is cited"
        );
    }
    // Every measure the issue names has suggestions: TPS, CBI work and
    // patient, WHO-5, the HSE areas, abuse, translation work.
    for measure in [
        "tps",
        "cbi-work",
        "cbi-patient",
        "who5",
        "hse-demands",
        "hse-control",
        "hse-manager-support",
        "hse-peer-support",
        "hse-relationships",
        "hse-role",
        "hse-change",
        "abuse-experienced",
        "abuse-after",
        "translation-time",
        "translation-pressure",
    ] {
        assert!(suggestions.all().iter().any(|s| s.measures().iter().any(|m| m == measure)), "{measure}");
    }
    // The abuse module leads to the reporting route and the standards.
    for s in suggestions.all() {
        if s.measures().iter().any(|m| ABUSE_MEASURES.contains(&m.as_str())) {
            let source = suggestions.source(s).expect("a source");
            assert!(ABUSE_SOURCES.contains(&source.id.as_str()), "{} cites {}", s.id(), source.id);
        }
    }
}

/// The built-in text with one replacement, parsed.
fn with(from: &str, to: &str) -> Vec<String> {
    let text = BUILTIN_SOURCE.1;
    assert!(text.contains(from), "the catalogue holds {from}");
    let edited = text.replacen(from, to, 1);
    match Suggestions::parse("edited.json", &edited, &common::catalogue()) {
        Ok(_) => Vec::new(),
        Err(e) => e.faults.iter().map(|f| f.to_string()).collect(),
    }
}

#[test]
fn faults_are_named_by_their_place() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#""measures": ["abuse-experienced", "abuse-after"]"#,
            r#""measures": ["abuse-experienced", "no-such-measure"]"#,
            "suggestions[0].measures[1]: no measure \"no-such-measure\" in the catalogue",
        ),
        (
            r#""source": "nhse-violence-standard"
    },"#,
            r#""source": "nowhere"
    },"#,
            "suggestions[0].source: no source \"nowhere\" in sources",
        ),
        (
            r#""when": ["above-reference", "shown"],"#,
            r#""when": ["above-reference", "sometimes"],"#,
            "suggestions[0].when[1]: \"sometimes\" is not a condition",
        ),
        (
            r#""link": "https://www.hse.gov.uk/stress/standards/""#,
            r#""link": "http://www.hse.gov.uk/stress/standards/""#,
            "sources.hse-management-standards.link: must be an https:// address",
        ),
        (
            r#""licence": "Open access under CC BY 4.0; the recommendations are put here in our own words.""#,
            r#""licence": " ""#,
            "sources.dakin-2023.licence: is empty",
        ),
        // TPS has no bands: a suggestion only for it may not wait for a concern band.
        (
            r#""measures": ["tps"],
      "when": ["worsening", "worse-than-midpoint", "shown"],"#,
            r#""measures": ["tps"],
      "when": ["concern-band"],"#,
            "suggestions[16].measures[0]: none of the conditions can hold for \"tps\"",
        ),
        // A suggestion on abuse cites the standards, not the study.
        (
            r#""source": "nhse-violence-standard"
    },"#,
            r#""source": "dakin-2023"
    },"#,
            "suggestions[0].source: a suggestion on \"abuse-experienced\" leads to the practice's reporting route",
        ),
        (r#""id": "dakin-cross-training""#, r#""id": "dakin-staffing-for-need""#, "suggestions[5].id: \"dakin-staffing-for-need\" is used by an earlier suggestion"),
        (r#""format_version": 1,"#, r#""format_version": 2,"#, "format_version: must be 1"),
        (r#""version": 1,"#, r#""version": 1, "extra": 1,"#, "unknown field `extra`"),
    ];
    for (from, to, expected) in cases {
        let faults = with(from, to);
        assert!(faults.iter().any(|f| f.contains(expected)), "{expected}\n got {faults:#?}");
    }
    assert!(with("\"version\": 1,", "\"version\": 1,").is_empty(), "the unedited catalogue is fine");
}

#[test]
fn hostile_catalogues_are_refused_without_a_panic() {
    let catalogue = common::catalogue();
    for text in ["", "[]", "{", "null", "{\"format\": 1}", &"[".repeat(10_000), &"x".repeat(300 * 1024)] {
        assert!(Suggestions::parse("bad.json", text, &catalogue).is_err());
    }
}

#[test]
fn a_team_mean_in_a_concern_band_gets_its_suggestions_and_one_below_gets_fewer() {
    // Reception: 5 people with work-related burnout 75 (the "High (50 or
    // above)" band); Admin: 5 people at 25 (below 50). k = 5.
    let mut records = Vec::new();
    for i in 0..5u8 {
        records.push(record(Some("Reception"), "r1", 4, i, vec![cbi_work(75)]));
        records.push(record(Some("Admin"), "r1", 4, 10 + i, vec![cbi_work(25)]));
    }
    let report = report(&records, 5);
    let suggestions = builtin();
    let all = suggest_latest(&report, &common::catalogue(), &suggestions);
    let reception = advice(&all, &Group::Team("Reception".into()), "cbi-work").expect("Reception's burnout");
    assert!(ids(reception).contains(&"dakin-staffing-for-need".to_owned()));
    assert!(ids(reception).contains(&"dakin-fair-share".to_owned()));
    assert_eq!(
        reception.suggestions[0].because,
        Because::ConcernBand { label: "High (50 or above)".into() },
        "the band is named"
    );
    // Admin below 50: only the suggestions that apply to any shown figure.
    let admin = advice(&all, &Group::Team("Admin".into()), "cbi-work").expect("Admin's figure is shown");
    assert!(!ids(admin).contains(&"dakin-staffing-for-need".to_owned()));
    assert!(admin.suggestions.iter().all(|s| s.because == Because::Shown), "{:?}", ids(admin));
    // Everyone (mean 50: in the high band, since 50 belongs to it).
    let everyone = advice(&all, &Group::All, "cbi-work").expect("everyone");
    assert!(matches!(everyone.suggestions[0].because, Because::ConcernBand { .. }));
}

#[test]
fn who5_in_the_poor_band_and_tps_below_the_midpoint_get_theirs() {
    let mut records = Vec::new();
    for i in 0..5u8 {
        // WHO-5 4 × 5 × 2 = 40: "Poor (50 or below)". TPS 2 of 1 to 7: below 4.
        records.push(record(None, "r1", 4, i, vec![who5(2), tps(2)]));
    }
    let report = report(&records, 5);
    let suggestions = builtin();
    let all = suggest_latest(&report, &common::catalogue(), &suggestions);
    let wellbeing = advice(&all, &Group::All, "who5").expect("WHO-5");
    assert_eq!(wellbeing.suggestions[0].because, Because::ConcernBand { label: "Poor (50 or below)".into() });
    let safety = advice(&all, &Group::All, "tps").expect("TPS");
    assert_eq!(safety.suggestions[0].because, Because::WorseThanMidpoint { midpoint: 4.0 });
    assert!(ids(safety).contains(&"dakin-safe-route".to_owned()), "{:?}", ids(safety));
    assert!(ids(safety).contains(&"edmondson-respond-productively".to_owned()));
    // A well team (TPS 6) still sees Edmondson's practices, but not the
    // ones kept for a concern.
    let well: Vec<ResultRecord> = (0..5u8).map(|i| record(None, "r1", 4, i, vec![tps(6)])).collect();
    let report = report_of(&well);
    let all = suggest_latest(&report, &common::catalogue(), &suggestions);
    let safety = advice(&all, &Group::All, "tps").expect("TPS");
    assert!(ids(safety).contains(&"edmondson-frame-learning".to_owned()));
    assert!(!ids(safety).contains(&"dakin-safe-route".to_owned()));
}

#[test]
fn a_hidden_group_gets_no_suggestion_and_none_speaks_about_one_person() {
    // Secretaries: 2 people with high burnout, hidden (under k = 5); with
    // them hidden, the next smallest (Admin, 5) hides too, so that the
    // two cannot be worked out from everyone's figure.
    let mut records = Vec::new();
    for i in 0..2u8 {
        records.push(record(Some("Secretaries"), "r1", 4, i, vec![cbi_work(100), who5(0)]));
    }
    for i in 0..5u8 {
        records.push(record(Some("Admin"), "r1", 4, 10 + i, vec![cbi_work(75), who5(1)]));
        records.push(record(Some("Reception"), "r1", 4, 20 + i, vec![cbi_work(75), who5(1)]));
        records.push(record(Some("Managers"), "r1", 4, 30 + i, vec![cbi_work(0), who5(5)]));
    }
    let report = report(&records, 5);
    let suggestions = builtin();
    let all = suggest_latest(&report, &common::catalogue(), &suggestions);
    for hidden in ["Secretaries", "Admin"] {
        assert!(
            all.iter().all(|a| a.group != Group::Team(hidden.into())),
            "{hidden} is hidden, so it gets nothing"
        );
    }
    assert!(advice(&all, &Group::Team("Reception".into()), "cbi-work").is_some());
    // Every group given a suggestion is shown, so holds at least k people.
    for a in &all {
        let row = report
            .rows
            .iter()
            .find(|r| r.group == a.group && r.measure == a.measure && r.round == a.round)
            .expect("a row");
        assert!(row.stats.is_some_and(|s| s.n >= 5), "{:?} {}", a.group, a.measure);
    }
    // A single person is always under k: nothing for them.
    let one = vec![record(Some("Reception"), "r1", 4, 1, vec![cbi_work(100)])];
    assert!(suggest_latest(&report_of(&one), &common::catalogue(), &suggestions).is_empty());
}

fn report_of(records: &[ResultRecord]) -> Report {
    report(records, 5)
}

#[test]
fn a_clear_worsening_between_rounds_comes_first_with_its_interval() {
    // Spring: burnout 25 ± spread; autumn: 75 ± spread, for everyone.
    let mut records = Vec::new();
    // Ten each: a report shows an interval (and so a clear change) from 10.
    for (i, v) in [0, 25, 50, 25, 25, 0, 25, 50, 25, 25].iter().enumerate() {
        records.push(record(None, "spring", 4, i as u8, vec![cbi_work(*v)]));
    }
    for (i, v) in [75, 100, 50, 75, 75, 75, 100, 50, 75, 75].iter().enumerate() {
        records.push(record(None, "autumn", 10, 10 + i as u8, vec![cbi_work(*v)]));
    }
    let report = report(&records, 5);
    let suggestions = builtin();
    let all = suggest_latest(&report, &common::catalogue(), &suggestions);
    let everyone = advice(&all, &Group::All, "cbi-work").expect("everyone");
    // Spring's mean 25, autumn's 75: a difference of 50; both variances
    // 2500 / 9, so SE = √(2 × 277.8 / 10) ≈ 7.45 with Welch's df = 18,
    // t = 2.101: 50 ± 15.7, and one step (1) for the two means' rounding,
    // shown outward in whole numbers: 33 to 67.
    match &everyone.suggestions[0].because {
        Because::Worsening { from_round, difference, ci } => {
            assert_eq!(from_round.as_deref(), Some("spring"));
            assert_eq!(*difference, 50.0);
            assert_eq!(*ci, (33.0, 67.0), "{ci:?}");
        }
        other => panic!("a worsening first, got {other:?}"),
    }
    assert_eq!(everyone.suggestions[0].suggestion.when()[0], Condition::Worsening);
    // The spring round itself: no worsening into it, its mean (25) below the band.
    let spring = suggest(&report, &common::catalogue(), &suggestions, &Some("spring".into()));
    let everyone = advice(&spring, &Group::All, "cbi-work").expect("everyone in spring");
    assert!(everyone.suggestions.iter().all(|s| s.because == Because::Shown));
    // An improvement is not a worsening.
    let mut better = Vec::new();
    for (i, v) in [75, 100, 50, 75, 75].iter().enumerate() {
        better.push(record(None, "spring", 4, i as u8, vec![cbi_work(*v)]));
    }
    for (i, v) in [0, 25, 50, 25, 25].iter().enumerate() {
        better.push(record(None, "autumn", 10, 10 + i as u8, vec![cbi_work(*v)]));
    }
    let report = report_of(&better);
    let all = suggest_latest(&report, &common::catalogue(), &suggestions);
    let everyone = advice(&all, &Group::All, "cbi-work").expect("everyone");
    assert!(everyone.suggestions.iter().all(|s| s.because == Because::Shown));
}

#[test]
fn the_abuse_modules_shown_figures_lead_to_the_reporting_route_first() {
    // Five people each abused "often" (above the NHS Staff Survey shares).
    let records: Vec<ResultRecord> = (0..5u8).map(|i| record(None, "r1", 4, i, vec![abuse(3)])).collect();
    let report = report_of(&records);
    let suggestions = builtin();
    let all = suggest_latest(&report, &common::catalogue(), &suggestions);
    let experienced = advice(&all, &Group::All, "abuse-experienced").expect("abuse");
    assert_eq!(experienced.suggestions[0].suggestion.id(), "abuse-reporting-route");
    assert!(matches!(experienced.suggestions[0].because, Because::AboveReference { .. }));
    assert!(ids(experienced).contains(&"abuse-standard-self-assessment".to_owned()));
    // Nobody abused: the figures are still shown, so the route is still
    // the first thing said, but the self-assessment waits for a concern.
    let none: Vec<ResultRecord> = (0..5u8).map(|i| record(None, "r1", 4, i, vec![abuse(0)])).collect();
    let report = report_of(&none);
    let all = suggest_latest(&report, &common::catalogue(), &suggestions);
    let experienced = advice(&all, &Group::All, "abuse-experienced").expect("abuse");
    assert_eq!(experienced.suggestions[0].suggestion.id(), "abuse-reporting-route");
    assert_eq!(experienced.suggestions[0].because, Because::Shown);
    assert!(!ids(experienced).contains(&"abuse-standard-self-assessment".to_owned()));
    // Under k: nothing.
    let few: Vec<ResultRecord> = (0..4u8).map(|i| record(None, "r1", 4, i, vec![abuse(3)])).collect();
    assert!(suggest_latest(&report_of(&few), &common::catalogue(), &suggestions).is_empty());
}
