use pulse_core::draft::Day;
use pulse_core::Period;

/// This month, from the device's clock: the finest time a result file holds.
pub fn current_period() -> Option<Period> {
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_full_year()).ok()?;
    let month = u8::try_from(now.get_month() + 1).ok()?;
    Period::new(year, month)
}

/// Today, from the device's clock: only ever stored on this device, to
/// drop drafts older than 30 days.
pub fn today() -> Option<Day> {
    let now = js_sys::Date::new_0();
    Day::new(i32::try_from(now.get_full_year()).ok()?, now.get_month() + 1, now.get_date())
}

/// Today in words, as a person reads a date in `lang` ("29 November
/// 2026" in en-GB): for a printed report's "made on" line, never a file.
pub fn today_in_words(lang: &str) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [("day", "numeric"), ("month", "long"), ("year", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    js_sys::Date::new_0().to_locale_date_string(lang, &options).into()
}

/// Sixteen random bytes from the browser's `crypto.getRandomValues` (for a
/// result file's own id; never about the person or the device).
pub fn random_bytes() -> Option<[u8; 16]> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}
