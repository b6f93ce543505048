//! Care on the results screen, as rules and data: whether a person's
//! scores call for support first, whether they told us of abuse, and the
//! national services to offer. The app only shows what these say.
//!
//! The services are data (numbers, text services, pages, where each was
//! checked and when), pinned by `core/tests/care.rs`; the bands that count
//! as a concern come from the instrument definitions (`concern` on a band).

use crate::catalogue::Catalogue;
use crate::instrument::{Concern, Method, ReferenceLevel};
use crate::result_file::Response;
use crate::scoring::{band, score_one};

/// The strongest concern any of these scores falls in, by the bands their
/// definitions mark (`None`: no score is in a concern band). Descriptive
/// scores and scores without enough answers never count.
pub fn concern(responses: &[Response], catalogue: &Catalogue) -> Option<Concern> {
    responses
        .iter()
        .filter_map(|r| catalogue.get(&r.key).map(|i| (i, &r.answers)))
        .flat_map(|(instrument, answers)| {
            instrument.scores().iter().filter(|spec| spec.method() != Method::Frequencies).filter_map(
                move |spec| band(spec, score_one(instrument, spec, answers)).and_then(|b| b.concern),
            )
        })
        .max()
}

/// The built-in module whose answers can tell of abuse or violence.
pub const ABUSE_MODULE: &str = "abuse";

/// Whether the person told of any abuse or violence in the abuse module:
/// an answer that the module's own team figures count as "experienced"
/// (its team-proportion references: every answer but "Never"). The same
/// definition, so what a person is told and what the team sees agree.
pub fn abuse_reported(responses: &[Response], catalogue: &Catalogue) -> bool {
    responses.iter().filter(|r| r.key.id == ABUSE_MODULE).any(|r| {
        let Some(instrument) = catalogue.get(&r.key) else { return false };
        instrument.scores().iter().flat_map(|s| s.references()).any(|reference| match &reference.level {
            ReferenceLevel::TeamProportion { items, option_values } => items.iter().any(|&item| {
                r.answers.get(item).copied().flatten().is_some_and(|a| option_values.contains(&a))
            }),
            ReferenceLevel::TeamMean => false,
        })
    })
}

/// A national support service, as checked at its own source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub name: &'static str,
    /// What it is for and when it is open, in short plain sentences.
    pub about: &'static str,
    /// The number to call, as written for people ("116 123").
    pub phone: Option<&'static str>,
    /// A text service: the word to send and the number to send it to.
    pub text: Option<(&'static str, &'static str)>,
    /// The service's own page (`https:`).
    pub page: &'static str,
    /// Where the number and hours were checked.
    pub source: &'static str,
    /// The month they were checked, `YYYY-MM`.
    pub checked: &'static str,
}

impl Service {
    /// The number as a `tel:` link (digits only).
    pub fn tel(&self) -> Option<String> {
        self.phone.map(|p| format!("tel:{}", p.chars().filter(char::is_ascii_digit).collect::<String>()))
    }

    /// The text service as an `sms:` link with the word filled in
    /// (RFC 5724: `sms:NUMBER?body=WORD`).
    pub fn sms(&self) -> Option<String> {
        self.text.map(|(word, number)| format!("sms:{number}?body={word}"))
    }
}

/// The national services offered on every results screen, in the order
/// shown: the 24-hour ones first, the emergency number last.
pub const SERVICES: &[Service] = &[
    Service {
        name: "Samaritans",
        about: "Talk to someone about anything. It is free, day or night.",
        phone: Some("116 123"),
        text: None,
        page: "https://www.samaritans.org/",
        source: "samaritans.org, How to contact us",
        checked: "2026-11",
    },
    Service {
        name: "Shout",
        about: "Send a text if you would rather not talk. It is free, day or night.",
        phone: None,
        text: Some(("SHOUT", "85258")),
        page: "https://giveusashout.org/",
        source: "giveusashout.org, FAQ",
        checked: "2026-11",
    },
    Service {
        name: "NHS 111",
        about: "Urgent help when it is not an emergency, day or night.",
        phone: Some("111"),
        text: None,
        page: "https://111.nhs.uk/",
        source: "nhs.uk, When to use 111",
        checked: "2026-11",
    },
    Service {
        name: "NHS Practitioner Health",
        about: "Private mental health care for NHS staff in England. It is for people who cannot get care in private where they live or work. Lines open 8am to 8pm on weekdays and 8am to 2pm on Saturdays.",
        phone: Some("0300 0303 300"),
        text: None,
        page: "https://www.practitionerhealth.nhs.uk/",
        source: "practitionerhealth.nhs.uk, Healthcare staff in England",
        checked: "2026-11",
    },
    Service {
        name: "In an emergency",
        about: "Use this if your life or someone else's is at risk.",
        phone: Some("999"),
        text: None,
        page: "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/",
        source: "nhs.uk, When to call 999",
        checked: "2026-11",
    },
];
