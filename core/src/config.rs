//! What a practice configures without code, read from the page address
//! (`?contact=…&contact-link=…`). Unknown keys are ignored so that later
//! settings never break an older page; values are plain text, trimmed and
//! length-limited; links are only https:, mailto: or tel:.

/// The longest value kept; anything longer is cut (a contact line, not a letter).
const MAX_VALUE_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The practice's own support contact, shown with the other support.
    pub contact: Option<String>,
    /// Where that contact can be reached (https:, mailto: or tel: only).
    pub contact_link: Option<String>,
}

impl Config {
    /// Reads a query string, with or without its leading `?`.
    pub fn from_query(query: &str) -> Self {
        let mut config = Config::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(value) = decode(value).map(|v| clean(&v)).filter(|v| !v.is_empty()) else { continue };
            match key {
                "contact" => config.contact = Some(value),
                "contact-link" if is_safe_link(&value) => config.contact_link = Some(value),
                _ => {}
            }
        }
        config
    }
}

fn is_safe_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    ["https://", "mailto:", "tel:"].iter().any(|scheme| lower.starts_with(scheme))
}

/// Control characters removed, white space trimmed, length limited.
fn clean(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).take(MAX_VALUE_CHARS).collect::<String>().trim().to_owned()
}

/// Decodes `application/x-www-form-urlencoded` text; `None` if malformed.
fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}
