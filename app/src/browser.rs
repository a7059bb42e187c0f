//! The few places where the app talks to the browser directly. Outside the
//! browser (server-side rendering in tests) there is no storage, document or
//! focus, so these do nothing there.

#[cfg(target_arch = "wasm32")]
mod imp {
    /// Key of the language preference in `localStorage`; named in the privacy notice.
    const LANGUAGE_KEY: &str = "ds-lang";

    fn document() -> Option<web_sys::Document> {
        web_sys::window()?.document()
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn stored(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    pub fn store(key: &str, value: &str) {
        // Private browsing may refuse storage; the value then lasts for this visit.
        if let Some(storage) = storage() {
            let _ = storage.set_item(key, value);
        }
    }

    pub fn stored_language() -> Option<String> {
        stored(LANGUAGE_KEY)
    }

    pub fn store_language(code: &str) {
        store(LANGUAGE_KEY, code)
    }

    pub fn set_document_language(code: &str) {
        if let Some(root) = document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", code);
        }
    }

    pub fn element_text(id: &str) -> Option<String> {
        document()?.get_element_by_id(id)?.text_content()
    }

    pub fn set_title(title: &str) {
        if let Some(document) = document() {
            document.set_title(title);
        }
    }

    /// The text selected inside the element `id`, if the whole selection is there.
    pub fn selected_text_in(id: &str) -> Option<String> {
        let selection = web_sys::window()?.get_selection().ok()??;
        let element = document()?.get_element_by_id(id)?;
        let inside = |node: Option<web_sys::Node>| node.is_some_and(|n| element.contains(Some(&n)));
        (selection.range_count() > 0
            && inside(selection.anchor_node())
            && inside(selection.focus_node()))
        .then(|| selection.to_string().into())
    }

    /// A timestamp from the server as a `datetime-local` value in the
    /// reader's time zone, to prefill a form.
    pub fn datetime_local(iso: &str) -> String {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
        if date.get_time().is_nan() {
            return String::new();
        }
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date(),
            date.get_hours(),
            date.get_minutes()
        )
    }

    /// A timestamp from the server in the reader's time zone and language.
    pub fn format_datetime(iso: &str, lang: &str) -> String {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
        if date.get_time().is_nan() {
            return iso.to_owned();
        }
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        date.to_locale_string(lang, &options).into()
    }

    /// The day `days` before today in the reader's time zone, `YYYY-MM-DD`.
    pub fn days_ago(days: i64) -> String {
        let date = js_sys::Date::new_0();
        date.set_time(date.get_time() - days as f64 * 86_400_000.0);
        format!(
            "{:04}-{:02}-{:02}",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date()
        )
    }

    /// Year and month (1–12) of today in the reader's time zone.
    pub fn this_month() -> (i32, u32) {
        let now = js_sys::Date::new_0();
        (now.get_full_year() as i32, now.get_month() + 1)
    }

    /// A `datetime-local` value (`2026-12-03T17:00`) as a point in time with
    /// the reader's offset on that day: `2026-12-03T17:00:00+01:00`.
    pub fn local_time_with_offset(value: &str) -> Option<String> {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value));
        if date.get_time().is_nan() {
            return None;
        }
        let east = -(date.get_timezone_offset() as i32);
        let sign = if east < 0 { '-' } else { '+' };
        let (hours, minutes) = (east.abs() / 60, east.abs() % 60);
        Some(format!(
            "{}:00{sign}{hours:02}:{minutes:02}",
            value.get(..16)?
        ))
    }

    /// Points in time (UTC, RFC 3339) from a `datetime-local` value onwards,
    /// each the given number of days after the one before.
    pub fn instants_after(value: &str, days: &[u32]) -> Option<Vec<String>> {
        let start = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value));
        if start.get_time().is_nan() {
            return None;
        }
        let mut at = start.get_time();
        let mut instants = vec![String::from(start.to_iso_string())];
        for span in days {
            at += f64::from(*span) * 86_400_000.0;
            instants.push(
                js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at))
                    .to_iso_string()
                    .into(),
            );
        }
        Some(instants)
    }

    /// Where the device is, if the person allows it: latitude and longitude.
    pub async fn current_position() -> Option<(f64, f64)> {
        use wasm_bindgen::{JsCast, JsValue, closure::Closure};
        let window = web_sys::window()?;
        let navigator = js_sys::Reflect::get(&window, &"navigator".into()).ok()?;
        let geolocation = js_sys::Reflect::get(&navigator, &"geolocation".into()).ok()?;
        let locate: js_sys::Function =
            js_sys::Reflect::get(&geolocation, &"getCurrentPosition".into())
                .ok()?
                .dyn_into()
                .ok()?;
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            let found = Closure::once_into_js(move |position: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &position);
            });
            let failed = Closure::once_into_js(move |error: JsValue| {
                let _ = reject.call1(&JsValue::NULL, &error);
            });
            let _ = locate.call2(&geolocation, &found, &failed);
        });
        let position = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
        let coords = js_sys::Reflect::get(&position, &"coords".into()).ok()?;
        let read = |key: &str| js_sys::Reflect::get(&coords, &key.into()).ok()?.as_f64();
        Some((read("latitude")?, read("longitude")?))
    }

    /// The name of the file chosen in the file input with this id.
    pub fn chosen_file_name(id: &str) -> Option<String> {
        use wasm_bindgen::JsCast;
        let input = document()?
            .get_element_by_id(id)?
            .dyn_into::<web_sys::HtmlInputElement>()
            .ok()?;
        Some(input.files()?.get(0)?.name())
    }

    /// Moves keyboard and screen-reader focus to the element with this id.
    pub fn focus_element(id: &str) {
        use wasm_bindgen::JsCast;
        if let Some(element) = document().and_then(|d| d.get_element_by_id(id))
            && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = element.focus();
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn stored(_key: &str) -> Option<String> {
        None
    }
    pub fn store(_key: &str, _value: &str) {}
    pub fn stored_language() -> Option<String> {
        None
    }
    pub fn store_language(_code: &str) {}
    pub fn set_document_language(_code: &str) {}
    pub fn focus_element(_id: &str) {}
    pub fn element_text(_id: &str) -> Option<String> {
        None
    }
    pub fn set_title(_title: &str) {}
    pub fn selected_text_in(_id: &str) -> Option<String> {
        None
    }
    pub fn chosen_file_name(_id: &str) -> Option<String> {
        None
    }
    /// Without a browser there is no device to locate.
    pub async fn current_position() -> Option<(f64, f64)> {
        None
    }
    /// Without a browser there is no calendar to count with.
    pub fn instants_after(_value: &str, _days: &[u32]) -> Option<Vec<String>> {
        None
    }
    /// Without a browser: local time is UTC.
    pub fn local_time_with_offset(value: &str) -> Option<String> {
        Some(format!("{}:00+00:00", value.get(..16)?))
    }
    fn days_since_epoch() -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() / 86_400)
            .unwrap_or_default() as i64
    }

    /// Civil-from-days (Howard Hinnant's algorithm), for the Gregorian calendar.
    fn civil(days: i64) -> (i32, u32, u32) {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        (year, month, day)
    }

    /// Without a browser: the current month in UTC.
    pub fn this_month() -> (i32, u32) {
        let (year, month, _) = civil(days_since_epoch());
        (year, month)
    }

    /// Without a browser: the day `days` before today in UTC.
    pub fn days_ago(days: i64) -> String {
        let (year, month, day) = civil(days_since_epoch() - days);
        format!("{year:04}-{month:02}-{day:02}")
    }

    /// Without a browser: the date and time as the server wrote them.
    pub fn datetime_local(iso: &str) -> String {
        iso.get(..16).unwrap_or(iso).to_owned()
    }

    /// Without a browser: the UTC date and time as the server wrote them.
    pub fn format_datetime(iso: &str, _lang: &str) -> String {
        iso.get(..16).unwrap_or(iso).replace('T', " ")
    }
}

pub use imp::{
    chosen_file_name, current_position, datetime_local, days_ago, element_text, focus_element,
    format_datetime, instants_after, local_time_with_offset, selected_text_in,
    set_document_language, set_title, store, store_language, stored, stored_language, this_month,
};
