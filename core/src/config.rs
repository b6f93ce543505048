//! What a practice configures without code: `practice.json`, served beside
//! the app by whoever controls its hosting. Nothing here is ever read from
//! the page address, so no link can change what staff see.
//!
//! The file has a header (`format`, `format_version`), unknown fields are
//! refused, and every fault is named with its place. A file with any fault
//! is refused whole: the survey then runs on its built-in defaults.
//! docs/embedding.md documents each field.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;

use crate::catalogue::OPTIONAL_SET;
use crate::validate::Fault;

/// The value of the `format` field of every practice configuration.
pub const FORMAT: &str = "practice-pulse-config";
/// The newest configuration format this build reads.
pub const FORMAT_VERSION: u32 = 1;
/// A configuration is a few hundred bytes.
pub const MAX_CONFIG_BYTES: usize = 64 * 1024;
/// The longest text value (a practice's name, a contact line, a team).
pub const MAX_VALUE_CHARS: usize = 200;
/// The most teams a practice can list.
pub const MAX_TEAMS: usize = 30;
/// The most rounds a practice can list.
pub const MAX_ROUNDS: usize = 100;
/// The smallest group a team report may show; the default.
pub const MIN_GROUP_FLOOR: u32 = 3;
pub const DEFAULT_MIN_GROUP: u32 = 5;

/// A practice's settings, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub practice: Option<String>,
    /// The practice's own support contact, shown with the other support.
    pub contact: Option<Contact>,
    /// How to report abuse or violence from patients at this practice
    /// (`abuse_reporting`), shown to a person who told of any.
    pub abuse_reporting: Option<Contact>,
    /// Optional modules switched on, by id.
    pub modules: Vec<String>,
    /// This round's label, written into each result file.
    pub round: Option<String>,
    /// Every round's label, oldest first: the order team reports read
    /// rounds in (see [`Config::round_order`]).
    pub rounds: Vec<String>,
    /// The teams a person may choose from (or "Prefer not to say").
    pub teams: Vec<String>,
    pub theme: Option<Theme>,
    pub min_group_size: u32,
    /// Sealed hand-in: to whom, and what staff are told. None: staff save
    /// their result file as before.
    pub hand_in: Option<HandIn>,
    /// One line from the team's action plan that staff may see in their
    /// results' support section, after "Your practice has agreed to".
    /// The leader's own words: nothing computed from anyone's answers.
    pub plan_summary: Option<String>,
}

/// The words the staff page puts before `plan_summary`.
pub const PLAN_SUMMARY_LEAD: &str = "Your practice has agreed to";

/// The most key holders a configuration lists: one, or two for split trust
/// (each hand-in file split between them with Prio3, docs/hand-in.md).
pub const MAX_HOLDERS: usize = 2;
/// The longest `hand_in.how`: a sentence or two.
pub const MAX_HOW_CHARS: usize = 500;

/// Where staff hand in their result, sealed to the practice's key holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandIn {
    /// The key holders' public key lines (`pulse-holder-1:…`), each checked
    /// by [`crate::hand_in::PublicKey::parse`]: one today.
    pub holders: Vec<String>,
    /// What staff are told: where to send the file.
    pub how: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            practice: None,
            contact: None,
            abuse_reporting: None,
            modules: Vec::new(),
            round: None,
            rounds: Vec::new(),
            teams: Vec::new(),
            theme: None,
            min_group_size: DEFAULT_MIN_GROUP,
            hand_in: None,
            plan_summary: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub text: String,
    /// `https:`, `mailto:` or `tel:` only.
    pub link: Option<String>,
}

/// Colours as `#rrggbb`, checked for WCAG 2.2 contrast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub accent: String,
    pub background: String,
    pub text: String,
    /// Corner radius as a CSS length (`4px`, `0.5rem`).
    pub radius: Option<String>,
}

/// A configuration file that was refused, with every fault found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigRejected {
    pub file_name: String,
    pub faults: Vec<Fault>,
}

impl fmt::Display for ConfigRejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not a usable practice configuration; the built-in defaults are used:",
            self.file_name
        )?;
        for fault in &self.faults {
            write!(f, "\n- {fault}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigRejected {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigV1 {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    format_version: u32,
    #[serde(default)]
    practice: Option<String>,
    #[serde(default)]
    contact: Option<ContactV1>,
    #[serde(default)]
    abuse_reporting: Option<ContactV1>,
    #[serde(default)]
    modules: Vec<String>,
    #[serde(default)]
    round: Option<String>,
    #[serde(default)]
    rounds: Vec<String>,
    #[serde(default)]
    teams: Vec<String>,
    #[serde(default)]
    theme: Option<ThemeV1>,
    /// Any JSON value, so a text or a fraction is named in plain words.
    #[serde(default)]
    min_group_size: Option<serde_json::Value>,
    #[serde(default)]
    hand_in: Option<HandInV1>,
    #[serde(default)]
    plan_summary: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HandInV1 {
    holders: Vec<String>,
    how: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactV1 {
    text: String,
    #[serde(default)]
    link: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeV1 {
    accent: String,
    background: String,
    text: String,
    #[serde(default)]
    radius: Option<String>,
}

/// Reads and validates a practice configuration from a file's bytes.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Config, ConfigRejected> {
    let reject = |place: &str, fault: String| ConfigRejected {
        file_name: file_name.to_owned(),
        faults: vec![Fault { place: place.into(), fault }],
    };
    if bytes.len() > MAX_CONFIG_BYTES {
        return Err(reject("file", format!("is larger than {} kB", MAX_CONFIG_BYTES / 1024)));
    }
    let bytes = crate::json::strip_bom(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| reject(&format!("byte {}", e.valid_up_to()), "is not UTF-8 text".into()))?;
    let at = |e: &serde_json::Error| format!("line {} column {}", e.line(), e.column());
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| reject(&at(&e), format!("this is not JSON ({e})")))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(reject("format", format!("must be \"{FORMAT}\"")));
    }
    match value.get("format_version").and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(reject("format_version", format!("{v} is newer than this page reads (1)")))
        }
        _ => return Err(reject("format_version", "must be 1".into())),
    }
    let raw: ConfigV1 = serde_json::from_str(text).map_err(|e| reject(&at(&e), e.to_string()))?;
    let mut faults = Vec::new();
    let config = check(raw, &mut faults);
    if faults.is_empty() {
        Ok(config)
    } else {
        Err(ConfigRejected { file_name: file_name.to_owned(), faults })
    }
}

fn check(raw: ConfigV1, faults: &mut Vec<Fault>) -> Config {
    let mut fault = |place: &str, what: String| faults.push(Fault { place: place.into(), fault: what });
    let text = one_line;
    let practice = text("practice", raw.practice, &mut fault);
    let round = text("round", raw.round, &mut fault);
    let contact = |place: &str, c: ContactV1, fault: &mut dyn FnMut(&str, String)| {
        let link = c.link.filter(|l| {
            let safe = is_safe_link(l);
            if !safe {
                fault(
                    &format!("{place}.link"),
                    "start it with https://, mailto: or tel: (after tel:, only digits, spaces and +), \
                     for example tel:01234567890, or leave it empty"
                        .into(),
                );
            }
            safe
        });
        Contact { text: text(&format!("{place}.text"), Some(c.text), fault).unwrap_or_default(), link }
    };
    let abuse_reporting = raw.abuse_reporting.map(|c| contact("abuse_reporting", c, &mut fault));
    let contact = raw.contact.map(|c| contact("contact", c, &mut fault));
    let mut seen = HashSet::new();
    for (i, module) in raw.modules.iter().enumerate() {
        if !OPTIONAL_SET.contains(&module.as_str()) {
            fault(
                &format!("modules[{i}]"),
                format!(
                    "\"{module}\" is not one of the optional modules; choose from {}",
                    OPTIONAL_SET.join(", ")
                ),
            );
        } else if !seen.insert(module.as_str()) {
            fault(&format!("modules[{i}]"), format!("\"{module}\" is listed twice; keep it once"));
        }
    }
    let teams = text_list("teams", raw.teams, MAX_TEAMS, &crate::pool::reserved_label, &mut fault);
    let rounds = text_list("rounds", raw.rounds, MAX_ROUNDS, &|_| None, &mut fault);
    let theme = raw.theme.map(|t| check_theme(t, &mut fault));
    let min_group_size = match raw.min_group_size {
        None => DEFAULT_MIN_GROUP,
        Some(value) => match value.as_u64().map(u32::try_from) {
            Some(Ok(n)) if n >= MIN_GROUP_FLOOR => n,
            Some(Ok(_)) => {
                fault(
                    "min_group_size",
                    format!(
                        "must be {MIN_GROUP_FLOOR} or more, so that nobody in a small group can be recognised"
                    ),
                );
                DEFAULT_MIN_GROUP
            }
            _ => {
                fault(
                    "min_group_size",
                    format!("write a whole number, {MIN_GROUP_FLOOR} or more (for example 5), or leave it empty for 5"),
                );
                DEFAULT_MIN_GROUP
            }
        },
    };
    let hand_in = raw.hand_in.map(|h| check_hand_in(h, &mut fault));
    let plan_summary = text("plan_summary", raw.plan_summary, &mut fault);
    if let Some(line) = &plan_summary {
        if line.to_lowercase().starts_with(&PLAN_SUMMARY_LEAD.to_lowercase()) {
            fault(
                "plan_summary",
                format!("the page puts \"{PLAN_SUMMARY_LEAD}\" before it: give only what follows"),
            );
        } else if line.contains('%') {
            fault(
                "plan_summary",
                "must say what the practice agreed to do, never a figure from the results".into(),
            );
        }
    }
    Config {
        practice,
        contact,
        abuse_reporting,
        modules: raw.modules,
        round,
        rounds,
        teams,
        theme,
        min_group_size,
        hand_in,
        plan_summary,
    }
}

type FaultSink<'a> = &'a mut dyn FnMut(&str, String);

/// One line of plain text, trimmed: a fault if empty, too long or not one line.
fn one_line(place: &str, value: Option<String>, fault: FaultSink<'_>) -> Option<String> {
    let value = value?;
    if value.trim().is_empty() {
        fault(place, "is empty; fill it in, or leave it out".into());
    } else if value.chars().count() > MAX_VALUE_CHARS {
        fault(place, format!("is longer than {MAX_VALUE_CHARS} characters; shorten it"));
    } else if value.chars().any(char::is_control) {
        fault(place, "must be one line; take out the line breaks and tabs".into());
    } else if value.chars().any(crate::result_file::is_hidden_mark) {
        fault(place, "holds an invisible character that changes how the text looks (such as a direction mark); type it again".into());
    }
    Some(value.trim().to_owned())
}

/// A list of one-line labels (teams, rounds): each checked as text, at
/// most `max`, none twice (ignoring case).
/// A list of one-line labels (`teams`, `rounds`): at most `max`, none
/// twice (ignoring case), each also checked by `refuse` (a reason or none).
fn text_list(
    field: &str,
    list: Vec<String>,
    max: usize,
    refuse: &dyn Fn(&str) -> Option<String>,
    fault: FaultSink<'_>,
) -> Vec<String> {
    if list.len() > max {
        fault(field, format!("lists {}; at most {max} are allowed, so take some out", list.len()));
    }
    let mut seen = HashSet::new();
    list.into_iter()
        .take(max)
        .enumerate()
        .filter_map(|(i, label)| {
            let place = format!("{field}[{i}]");
            let label = one_line(&place, Some(label), &mut *fault)?;
            if !seen.insert(label.to_lowercase()) {
                fault(&place, format!("\"{label}\" is listed twice; keep it once"));
            }
            if let Some(why) = refuse(&label) {
                fault(&place, why);
            }
            Some(label)
        })
        .collect()
}

impl Config {
    /// The order team reports read rounds in: `rounds` as listed, then
    /// this `round` if the list leaves it out (it is the newest).
    pub fn round_order(&self) -> Vec<String> {
        let mut order = self.rounds.clone();
        if let Some(round) = &self.round {
            if !order.iter().any(|r| r == round) {
                order.push(round.clone());
            }
        }
        order
    }
}

fn check_hand_in(h: HandInV1, fault: &mut dyn FnMut(&str, String)) -> HandIn {
    if h.holders.is_empty() {
        fault("hand_in.holders", "must list the key holder's public key".into());
    } else if h.holders.len() > MAX_HOLDERS {
        fault(
            "hand_in.holders",
            format!("lists {}; a practice has one key holder, or two who split the trust", h.holders.len()),
        );
    }
    let holders: Vec<String> = h
        .holders
        .iter()
        .take(MAX_HOLDERS)
        .enumerate()
        .filter_map(|(i, line)| match crate::hand_in::PublicKey::parse(line) {
            Ok(key) => Some(key.to_string()),
            Err(_) if line.trim().is_empty() => {
                let what = if i == 0 && h.holders.len() > 1 {
                    "is empty: with a second key holder, give the first key holder's public key line too (the first makes the team report)"
                } else {
                    "is empty: give the key holder's public key line"
                };
                fault(&format!("hand_in.holders[{i}]"), what.into());
                None
            }
            Err(problem) => {
                fault(&format!("hand_in.holders[{i}]"), problem.to_string());
                None
            }
        })
        .collect();
    if let [a, b] = holders.as_slice() {
        if a == b {
            fault(
                "hand_in.holders[1]",
                "is the same key as the first holder's: each of two holders makes their own key".into(),
            );
        }
    }
    let how = h.how.trim().to_owned();
    if how.is_empty() {
        fault("hand_in.how", "must tell staff where to send the file".into());
    } else if how.chars().count() > MAX_HOW_CHARS {
        fault("hand_in.how", format!("is longer than {MAX_HOW_CHARS} characters"));
    } else if how.chars().any(char::is_control) {
        fault("hand_in.how", "must be plain text on one line".into());
    }
    HandIn { holders, how }
}

fn check_theme(t: ThemeV1, fault: &mut dyn FnMut(&str, String)) -> Theme {
    let mut colour = |place: &str, value: &str, example: &str| {
        let rgb = parse_hex(value);
        if rgb.is_none() && value.trim().is_empty() {
            fault(
                place,
                format!(
                    "is empty; write # and six digits or letters a to f, for example {example}, \
                     or leave all three colours empty for the built-in ones"
                ),
            );
        } else if rgb.is_none() {
            fault(
                place,
                format!(
                    "\"{value}\" is not a colour the page can use; write # and six digits or letters a to f, for example {example}"
                ),
            );
        }
        rgb
    };
    let accent = colour("theme.accent", &t.accent, COLOUR_EXAMPLES[0]);
    let background = colour("theme.background", &t.background, COLOUR_EXAMPLES[1]);
    let text = colour("theme.text", &t.text, COLOUR_EXAMPLES[2]);
    if let (Some(accent), Some(background), Some(text)) = (accent, background, text) {
        // Text on the background; the accent is used for links, the
        // navigation and as the fill of the main buttons (with the
        // background colour as their text), so it is text too.
        for (place, a, b, what) in
            [("theme.text", text, background, "text"), ("theme.accent", accent, background, "accent")]
        {
            let ratio = contrast(a, b);
            if ratio < TEXT_CONTRAST {
                let (this, other) =
                    if luminance(a) < luminance(b) { ("darker", "lighter") } else { ("lighter", "darker") };
                fault(
                    place,
                    format!(
                        "too close to the background to read easily ({:.2} to 1, where at least 4.5 to 1 is needed): \
                         choose a {this} {what} colour or a {other} background",
                        (ratio * 100.0).floor() / 100.0
                    ),
                );
            }
        }
    }
    if let Some(radius) = &t.radius {
        if !is_radius(radius) {
            fault(
                "theme.radius",
                format!(
                    "\"{radius}\" is not a size the page can use; write a number and px or rem, \
                     up to 32px or 2rem, for example 4px, or leave it empty"
                ),
            );
        }
    }
    Theme { accent: t.accent, background: t.background, text: t.text, radius: t.radius }
}

/// The example each colour's fault and hint gives (accent, background,
/// text): the colours of the NHS identity, which pass together.
pub const COLOUR_EXAMPLES: [&str; 3] = ["#005eb8", "#ffffff", "#212b32"];

/// WCAG 2.2's minimum contrast for text (1.4.3); controls and the focus
/// ring need 3:1 (1.4.11), which the accent then meets too.
pub const TEXT_CONTRAST: f64 = 4.5;

fn is_safe_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    if let Some(number) = lower.strip_prefix("tel:") {
        return !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '+');
    }
    let ok_chars = !link.chars().any(|c| c.is_control() || c.is_whitespace());
    ok_chars && link.len() <= 500 && (lower.starts_with("https://") || lower.starts_with("mailto:"))
}

fn is_radius(value: &str) -> bool {
    let (number, limit) = if let Some(n) = value.strip_suffix("px") {
        (n, 32.0)
    } else if let Some(n) = value.strip_suffix("rem") {
        (n, 2.0)
    } else {
        return false;
    };
    number.len() <= 6
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.parse::<f64>().is_ok_and(|n| (0.0..=limit).contains(&n))
}

/// The app's warning colour, used for faults and "clear my answers".
pub const DANGER: &str = "#b3261e";

impl Theme {
    /// The warning colour under this theme: the app's red where it keeps
    /// 4.5:1 against the practice's background, else the practice's text
    /// colour (checked already), so a warning never becomes unreadable.
    pub fn danger(&self) -> &str {
        match (parse_hex(DANGER), parse_hex(&self.background)) {
            (Some(red), Some(bg)) if contrast(red, bg) >= 4.5 => DANGER,
            _ => &self.text,
        }
    }
}

/// `#rrggbb` as three channels.
pub fn parse_hex(value: &str) -> Option<[u8; 3]> {
    let hex = value.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| hex.get(i..i.checked_add(2)?).and_then(|h| u8::from_str_radix(h, 16).ok());
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG 2.2's contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Relative luminance (WCAG 2.2 definition, sRGB).
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Which configuration file a page address asks for. Only `?practice=NAME`
/// (a host serving many practices from one copy) is read, and `NAME` may
/// only be lower-case letters, digits and hyphens: nothing else in the
/// address changes what staff see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigPath {
    /// `practice.json`, beside `index.html`.
    Default,
    /// `practices/NAME.json` on the same host.
    Named(String),
    /// A `practice` value that is not a valid name: no file is read.
    BadName(String),
}

impl ConfigPath {
    pub fn from_query(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        let name = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "practice").map(|(_, v)| v);
        match name {
            None => ConfigPath::Default,
            Some(n) if is_practice_name(&n) => ConfigPath::Named(n.into_owned()),
            Some(n) => ConfigPath::BadName(n.chars().take(MAX_VALUE_CHARS).collect()),
        }
    }

    /// Whether the page may fall back to the built-in defaults when the
    /// file is missing or refused. Only `practice.json` may: an address
    /// that names a practice (`?practice=NAME`) whose file cannot be read,
    /// or a bad name, shows no survey and no report at all, so a crafted
    /// link can never swap a practice's configuration (its team question,
    /// round, support contact or minimum group) for the defaults.
    pub fn may_use_defaults(&self) -> bool {
        matches!(self, ConfigPath::Default)
    }

    /// The file to fetch, relative to the page; `None` for a bad name.
    pub fn file(&self) -> Option<String> {
        match self {
            ConfigPath::Default => Some("practice.json".into()),
            ConfigPath::Named(name) => Some(format!("practices/{name}.json")),
            ConfigPath::BadName(_) => None,
        }
    }
}

fn is_practice_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The set-up page's form, as typed: every field a string (or the chosen
/// modules), so whatever a leader types can be turned into a file and
/// checked by [`read`], with each fault shown beside its field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub practice: String,
    pub contact_text: String,
    pub contact_link: String,
    /// How to report abuse at the practice, and its optional link.
    pub abuse_text: String,
    pub abuse_link: String,
    pub modules: Vec<String>,
    pub round: String,
    /// Every round, oldest first, one a line.
    pub rounds: String,
    /// One team a line.
    pub teams: String,
    pub accent: String,
    pub background: String,
    pub text: String,
    pub radius: String,
    pub min_group_size: String,
    /// The (first) key holder's public key line (`hand_in.holders[0]`);
    /// any further lines, one a line, follow it in the list.
    pub holders: String,
    /// The second key holder's public key line, for split trust
    /// (`hand_in.holders[1]`); empty for one key holder.
    pub second_holder: String,
    /// What staff are told about handing in (`hand_in.how`).
    pub how: String,
    /// What follows "Your practice has agreed to" (`plan_summary`).
    pub plan_summary: String,
}

/// The set-up form's fields, by id, with their labels as the page shows
/// them: a fault in the form names its field by this label.
pub const FORM_LABELS: [(&str, &str); 18] = [
    ("practice", "Practice name"),
    ("contact_text", "Your practice\u{2019}s support contact"),
    ("contact_link", "Contact link (optional)"),
    ("abuse_text", "How staff report abuse from patients"),
    ("abuse_link", "Reporting link (optional)"),
    ("modules", "Longer modules to add to the survey"),
    ("round", "Round"),
    ("rounds", "All rounds, oldest first (optional)"),
    ("teams", "Teams"),
    ("accent", "Accent colour"),
    ("background", "Background colour"),
    ("text", "Text colour"),
    ("radius", "Corner rounding (optional)"),
    ("min_group_size", "Smallest group shown in team reports"),
    ("holders", "Key holder\u{2019}s public key"),
    ("second_holder", "Second key holder\u{2019}s public key (optional)"),
    ("how", "How staff hand in their file"),
    ("plan_summary", "What your practice has agreed to do (optional)"),
];

/// A form field's label (see [`FORM_LABELS`]); the id itself if unknown.
pub fn form_label(field: &str) -> &str {
    FORM_LABELS.iter().find(|(id, _)| *id == field).map_or(field, |(_, label)| label)
}

/// A fault as the set-up form shows it beside its field: the field's label
/// as the page shows it, then what is wrong and what to do, in plain
/// words; with the field's id (`None`: the file as a whole).
pub fn form_fault(fault: &Fault) -> (Option<&'static str>, String) {
    let field = form_field(&fault.place);
    let label = field.map_or("This configuration", form_label);
    (field, format!("{label}: {}.", fault.fault))
}

/// The form's field that a fault's place belongs to (the id the set-up
/// page gives that field), or `None` for the file as a whole.
pub fn form_field(place: &str) -> Option<&'static str> {
    let head = place.split(['.', '[']).next().unwrap_or(place);
    Some(match (head, place) {
        ("practice", _) => "practice",
        ("contact", p) if p.starts_with("contact.link") => "contact_link",
        ("contact", _) => "contact_text",
        ("abuse_reporting", p) if p.starts_with("abuse_reporting.link") => "abuse_link",
        ("abuse_reporting", _) => "abuse_text",
        ("modules", _) => "modules",
        ("round", _) => "round",
        ("rounds", _) => "rounds",
        ("teams", _) => "teams",
        ("theme", p) if p.starts_with("theme.accent") => "accent",
        ("theme", p) if p.starts_with("theme.background") => "background",
        ("theme", p) if p.starts_with("theme.text") => "text",
        ("theme", _) => "radius",
        ("min_group_size", _) => "min_group_size",
        ("hand_in", p) if p.starts_with("hand_in.how") => "how",
        ("hand_in", p) if p.starts_with("hand_in.holders[1]") => "second_holder",
        ("hand_in", _) => "holders",
        ("plan_summary", _) => "plan_summary",
        _ => return None,
    })
}

impl Form {
    /// The `practice.json` text this form makes: empty fields left out.
    pub fn to_json(&self) -> String {
        let mut object = serde_json::Map::new();
        let mut put = |key: &str, value: serde_json::Value| {
            object.insert(key.to_owned(), value);
        };
        put("format", FORMAT.into());
        put("format_version", FORMAT_VERSION.into());
        let given = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        if let Some(p) = given(&self.practice) {
            put("practice", p.into());
        }
        for (key, text, link) in [
            ("contact", &self.contact_text, &self.contact_link),
            ("abuse_reporting", &self.abuse_text, &self.abuse_link),
        ] {
            if let Some(text) = given(text) {
                let mut contact = serde_json::Map::new();
                contact.insert("text".into(), text.into());
                if let Some(link) = given(link) {
                    contact.insert("link".into(), link.into());
                }
                put(key, contact.into());
            } else if let Some(link) = given(link) {
                // A link with no text is a fault the reader names.
                put(key, serde_json::json!({ "text": "", "link": link }));
            }
        }
        if !self.modules.is_empty() {
            put("modules", self.modules.clone().into());
        }
        if let Some(r) = given(&self.round) {
            put("round", r.into());
        }
        let rounds: Vec<String> = self.rounds.lines().filter_map(given).collect();
        if !rounds.is_empty() {
            put("rounds", rounds.into());
        }
        let teams: Vec<String> = self.teams.lines().filter_map(given).collect();
        if !teams.is_empty() {
            put("teams", teams.into());
        }
        let colours = [&self.accent, &self.background, &self.text];
        if colours.iter().any(|c| given(c).is_some()) || given(&self.radius).is_some() {
            let mut theme = serde_json::Map::new();
            for (key, value) in ["accent", "background", "text"].iter().zip(colours) {
                theme.insert((*key).into(), value.trim().into());
            }
            if let Some(radius) = given(&self.radius) {
                theme.insert("radius".into(), radius.into());
            }
            put("theme", theme.into());
        }
        if let Some(n) = given(&self.min_group_size) {
            // A number when it is one; else the text, which the reader refuses.
            put("min_group_size", n.parse::<u32>().map_or_else(|_| n.into(), Into::into));
        }
        let mut holders: Vec<String> = self.holders.lines().filter_map(given).collect();
        if let Some(second) = given(&self.second_holder) {
            if holders.is_empty() {
                // A second key with no first: kept second, so the reader
                // names the first as missing rather than taking this one
                // as the only holder.
                holders.push(String::new());
            }
            holders.push(second);
        }
        if !holders.is_empty() || given(&self.how).is_some() {
            // Either without the other is a fault the reader names.
            put("hand_in", serde_json::json!({ "holders": holders, "how": self.how.trim() }));
        }
        if let Some(line) = given(&self.plan_summary) {
            put("plan_summary", line.into());
        }
        serde_json::to_string_pretty(&serde_json::Value::Object(object)).unwrap_or_default()
    }
}

/// The snippet a leader pastes into an intranet page, for the survey at
/// `survey_url` (its folder, ending in `/`).
pub fn snippet(survey_url: &str) -> String {
    format!(
        "<iframe src=\"{survey_url}\" title=\"Practice Pulse staff survey\" data-practice-pulse style=\"width:100%;border:0\"></iframe>\n<script src=\"{survey_url}embed.js\" async></script>"
    )
}

/// The one-file survey with a practice's configuration inside: a JSON data
/// block before `</head>` (it never runs, so the page's policy need not
/// allow it). `<` is escaped so no text can close the block. `None` when
/// the page has no `</head>`.
pub fn page_with_config(page: &str, config_json: &str) -> Option<String> {
    let at = page.find("</head>")?;
    let safe = config_json.replace('<', "\\u003c");
    let block = format!("<script type=\"application/json\" id=\"practice-config\">{safe}</script>");
    let (head, rest) = page.split_at(at);
    Some(format!("{head}{block}{rest}"))
}

impl Form {
    /// The form filled from a configuration in force (to start from it).
    pub fn from_config(config: &Config) -> Self {
        let theme = config.theme.as_ref();
        let pick = |f: fn(&Theme) -> &str| theme.map(f).unwrap_or_default().to_owned();
        Self {
            practice: config.practice.clone().unwrap_or_default(),
            contact_text: config.contact.as_ref().map(|c| c.text.clone()).unwrap_or_default(),
            contact_link: config.contact.as_ref().and_then(|c| c.link.clone()).unwrap_or_default(),
            abuse_text: config.abuse_reporting.as_ref().map(|c| c.text.clone()).unwrap_or_default(),
            abuse_link: config.abuse_reporting.as_ref().and_then(|c| c.link.clone()).unwrap_or_default(),
            modules: config.modules.clone(),
            round: config.round.clone().unwrap_or_default(),
            rounds: config.rounds.join("\n"),
            teams: config.teams.join("\n"),
            accent: pick(|t| &t.accent),
            background: pick(|t| &t.background),
            text: pick(|t| &t.text),
            radius: theme.and_then(|t| t.radius.clone()).unwrap_or_default(),
            min_group_size: if config.min_group_size == DEFAULT_MIN_GROUP {
                String::new()
            } else {
                config.min_group_size.to_string()
            },
            holders: config.hand_in.as_ref().and_then(|h| h.holders.first().cloned()).unwrap_or_default(),
            second_holder: config
                .hand_in
                .as_ref()
                .map(|h| h.holders.iter().skip(1).cloned().collect::<Vec<_>>().join("\n"))
                .unwrap_or_default(),
            how: config.hand_in.as_ref().map(|h| h.how.clone()).unwrap_or_default(),
            plan_summary: config.plan_summary.clone().unwrap_or_default(),
        }
    }
}
