//! practice.json's `hand_in`: the key holder's public key and what staff
//! are told, each fault named with its place; without it, as before.

use pulse_core::config::{self, form_field, Config, Form, HandIn};
use pulse_core::hand_in::HolderKey;

fn with_hand_in(hand_in: &str) -> String {
    format!(r#"{{"format": "practice-pulse-config", "format_version": 1, "hand_in": {hand_in}}}"#)
}

fn places(text: &str) -> Vec<String> {
    config::read("practice.json", text.as_bytes())
        .expect_err("refused")
        .faults
        .into_iter()
        .map(|f| f.place)
        .collect()
}

#[test]
fn hand_in_reads_with_one_holder_and_the_how() {
    let key = HolderKey::generate().expect("randomness");
    let line = key.public().to_string();
    let text = with_hand_in(&format!(
        r#"{{"holders": [" {line} "], "how": "Email it to surveys@riverside.example: nobody reading that mailbox can open it"}}"#
    ));
    let config = config::read("practice.json", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.hand_in,
        Some(HandIn {
            holders: vec![line.clone()],
            how: "Email it to surveys@riverside.example: nobody reading that mailbox can open it".into()
        })
    );
    // Without hand_in, as today.
    let minimal = r#"{"format": "practice-pulse-config", "format_version": 1}"#;
    assert_eq!(config::read("p.json", minimal.as_bytes()).expect("reads").hand_in, None);
    assert_eq!(config::read("p.json", minimal.as_bytes()), Ok(Config::default()));

    // The set-up form makes it and fills back from it.
    let form = Form { holders: format!("{line}\n"), how: "Put it in S:\\Survey".into(), ..Form::default() };
    let made = config::read("practice.json", form.to_json().as_bytes()).expect("valid");
    assert_eq!(made.hand_in.as_ref().map(|h| h.how.as_str()), Some("Put it in S:\\Survey"));
    assert_eq!(Form::from_config(&made).holders, line);
    assert_eq!(config::read("p.json", Form::from_config(&made).to_json().as_bytes()), Ok(made));
}

#[test]
fn each_hand_in_fault_is_named_with_its_place() {
    let line = HolderKey::generate().expect("randomness").public().to_string();
    let other = HolderKey::generate().expect("randomness").public().to_string();
    let mut mistyped: Vec<char> = line.chars().collect();
    let last = mistyped.len() - 5;
    mistyped[last] = if mistyped[last] == 'x' { 'y' } else { 'x' };
    let mistyped: String = mistyped.into_iter().collect();
    for (name, hand_in, want) in [
        ("no holder", r#"{"holders": [], "how": "Email it"}"#.to_owned(), vec!["hand_in.holders"]),
        (
            "three holders",
            format!(r#"{{"holders": ["{line}", "{other}", "{line}"], "how": "Email it"}}"#),
            vec!["hand_in.holders"],
        ),
        (
            "one key as both holders",
            format!(r#"{{"holders": ["{line}", "{line}"], "how": "Email it"}}"#),
            vec!["hand_in.holders[1]"],
        ),
        (
            "mistyped key",
            format!(r#"{{"holders": ["{mistyped}"], "how": "Email it"}}"#),
            vec!["hand_in.holders[0]"],
        ),
        (
            "not a key",
            r#"{"holders": ["ssh-ed25519 AAAA"], "how": "Email it"}"#.to_owned(),
            vec!["hand_in.holders[0]"],
        ),
        ("no how", format!(r#"{{"holders": ["{line}"], "how": "  "}}"#), vec!["hand_in.how"]),
        (
            "long how",
            format!(r#"{{"holders": ["{line}"], "how": "{}"}}"#, "a".repeat(501)),
            vec!["hand_in.how"],
        ),
        ("two lines", format!(r#"{{"holders": ["{line}"], "how": "a\nb"}}"#), vec!["hand_in.how"]),
    ] {
        assert_eq!(places(&with_hand_in(&hand_in)), want, "{name}");
    }
    let mistyped_message = config::read(
        "p.json",
        with_hand_in(&format!(r#"{{"holders": ["{mistyped}"], "how": "x"}}"#)).as_bytes(),
    )
    .expect_err("refused")
    .to_string();
    assert!(mistyped_message.contains("mistyped"), "{mistyped_message}");
    // Missing fields and unknown ones are refused too.
    assert!(config::read("p.json", with_hand_in(r#"{"how": "x"}"#).as_bytes()).is_err());
    assert!(
        config::read("p.json", with_hand_in(&format!(r#"{{"holders": ["{line}"]}}"#)).as_bytes()).is_err()
    );
    // A form with only one of the two fields names the other.
    let form = Form { how: "Email it".into(), ..Form::default() };
    let refused = config::read("p.json", form.to_json().as_bytes()).expect_err("no holder");
    assert_eq!(refused.faults.iter().map(|f| form_field(&f.place)).collect::<Vec<_>>(), [Some("holders")]);
    let form = Form { holders: line, ..Form::default() };
    let refused = config::read("p.json", form.to_json().as_bytes()).expect_err("no how");
    assert_eq!(refused.faults.iter().map(|f| form_field(&f.place)).collect::<Vec<_>>(), [Some("how")]);
}

#[test]
fn hand_in_reads_two_holders_for_split_trust() {
    let (a, b) = (HolderKey::generate().expect("randomness"), HolderKey::generate().expect("randomness"));
    let (a, b) = (a.public().to_string(), b.public().to_string());
    let text = with_hand_in(&format!(r#"{{"holders": ["{a}", "{b}"], "how": "Email it"}}"#));
    let config = config::read("practice.json", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.hand_in.map(|h| h.holders), Some(vec![a, b]));
}

#[test]
fn the_set_up_form_takes_two_holders_in_order_and_names_each_fault_beside_its_field() {
    let (a, b) = (HolderKey::generate().expect("randomness"), HolderKey::generate().expect("randomness"));
    let (a, b) = (a.public().to_string(), b.public().to_string());
    let form = Form {
        holders: format!(" {a} "),
        second_holder: format!("{b}\n"),
        how: "Email it".into(),
        ..Form::default()
    };
    let made = config::read("practice.json", form.to_json().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(made.hand_in.as_ref().map(|h| h.holders.clone()), Some(vec![a.clone(), b.clone()]));
    // Filled back from the file: each key in its own field, in order.
    let back = Form::from_config(&made);
    assert_eq!((back.holders.as_str(), back.second_holder.as_str()), (a.as_str(), b.as_str()));
    assert_eq!(config::read("p.json", back.to_json().as_bytes()), Ok(made));

    // Each fault beside the field it is about, as the form shows it.
    let fields = |form: &Form| -> Vec<(Option<&'static str>, String)> {
        config::read("p.json", form.to_json().as_bytes())
            .expect_err("refused")
            .faults
            .iter()
            .map(config::form_fault)
            .collect()
    };
    let mut mistyped: Vec<char> = b.chars().collect();
    let at = mistyped.len() - 5;
    mistyped[at] = if mistyped[at] == 'x' { 'y' } else { 'x' };
    let mistyped: String = mistyped.into_iter().collect();
    let twice = Form { second_holder: a.clone(), ..form.clone() };
    let typo = Form { second_holder: mistyped, ..form.clone() };
    let no_first = Form { holders: String::new(), ..form.clone() };
    assert_eq!(
        fields(&twice),
        [(
            Some("second_holder"),
            "Second key holder\u{2019}s public key (optional): is the same key as the first holder's: each of two holders makes their own key.".to_owned()
        )]
    );
    let said = fields(&typo);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, Some("second_holder"));
    assert!(said[0].1.contains("a character was mistyped"), "{said:?}");
    assert_eq!(
        fields(&no_first),
        [(
            Some("holders"),
            "Key holder\u{2019}s public key: is empty: with a second key holder, give the first key holder's public key line too (the first makes the team report).".to_owned()
        )]
    );
    // The second alone is never taken as the only holder.
    assert!(config::read("p.json", no_first.to_json().as_bytes()).is_err());
}
