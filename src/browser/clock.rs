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

/// Sixteen random bytes from the browser's `crypto.getRandomValues` (for a
/// result file's own id; never about the person or the device).
pub fn random_bytes() -> Option<[u8; 16]> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}
