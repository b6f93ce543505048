use pulse_core::Period;

/// This month, from the device's clock: the finest time a result file holds.
pub fn current_period() -> Option<Period> {
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_full_year()).ok()?;
    let month = u8::try_from(now.get_month() + 1).ok()?;
    Period::new(year, month)
}
