use dioxus::prelude::*;
use shared::accounts::{HomeDistrict, Me};

use crate::{api, city::use_city, components::Notice, i18n::use_lang, session::use_session};

/// The person's Stadtbezirk, which decides the district polls they vote in.
#[component]
pub fn HomeDistrictField(current: Option<String>) -> Element {
    let lang = use_lang();
    let t = &lang().texts().polls;
    let city = use_city();
    let mut session = use_session();
    let mut chosen = use_signal(|| current.clone().unwrap_or_default());
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let districts = match &*city.read() {
        Some(Ok(city)) => city.districts.clone(),
        _ => Vec::new(),
    };
    rsx! {
        form {
            onsubmit: move |event| {
                event.prevent_default();
                async move {
                    let body = HomeDistrict { district: Some(chosen()).filter(|d| !d.is_empty()) };
                    match api::send::<Me, _>("PUT", "/api/v1/me/district", Some(&body)).await {
                        Ok(me) => {
                            session.set(crate::session::Session::SignedIn(me));
                            notice.set(Some(Ok(lang().texts().polls.home_district_saved.to_owned())));
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            div { class: "field",
                label { r#for: "wohnbezirk", "{t.home_district_label}" }
                p { id: "wohnbezirk-hint", class: "field__hint", "{t.home_district_hint}" }
                select {
                    id: "wohnbezirk",
                    aria_describedby: "wohnbezirk-hint",
                    onchange: move |e| chosen.set(e.value()),
                    option { value: "", "{t.no_district}" }
                    for d in districts {
                        option { value: "{d.key}", selected: d.key == chosen(), "{d.name}" }
                    }
                }
            }
            button { r#type: "submit", "{t.home_district_save}" }
            Notice { message: notice() }
        }
    }
}
