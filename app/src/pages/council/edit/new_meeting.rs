use dioxus::prelude::*;
use shared::oparl::{Location, Meeting};

use super::{create, given, stub};
use crate::{
    browser,
    components::{ChoiceField, Notice, PageHeading, TextField, staff_only},
    i18n::use_lang,
    pages::council::oparl,
    routes::Route,
    session::use_session,
};

/// States a new meeting can start in; the later ones follow from holding it.
const FIRST_STATES: [&str; 2] = ["terminiert", "eingeladen"];

/// A new meeting of a committee: when, where and in which state.
#[component]
pub fn SitzungAnlegen() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let organizations = use_resource(oparl::organizations);
    let mut organization = use_signal(|| None::<u64>);
    let name = use_signal(String::new);
    let mut start = use_signal(String::new);
    let mut end = use_signal(String::new);
    let room = use_signal(String::new);
    let state = use_signal(|| FIRST_STATES[0].to_owned());
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let navigator = use_navigator();
    let edit = &texts.council_edit;

    if let Some(refusal) = staff_only(&session(), edit.new_meeting, texts.accounts.not_allowed) {
        return refusal;
    }
    let organization_list = match &*organizations.read() {
        Some(Ok(list)) => list.clone(),
        _ => Vec::new(),
    };
    if organization().is_none()
        && let Some((first, _)) = organization_list.first()
    {
        organization.set(Some(*first));
    }

    rsx! {
        PageHeading { text: edit.new_meeting }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                async move {
                    let texts = lang().texts();
                    let Some(start_at) = browser::local_time_with_offset(&start()) else {
                        notice.set(Some(Err(texts.council_edit.time_missing.to_owned())));
                        return;
                    };
                    let location = match given(room()) {
                        Some(description) => {
                            let place = Location { description: Some(description), ..Location::default() };
                            match create("location", &place).await {
                                Ok(place) => Some(Location { common: stub(&place.common.id), ..Location::default() }),
                                Err(error) => {
                                    notice.set(Some(Err(error.message(lang()))));
                                    return;
                                }
                            }
                        }
                        None => None,
                    };
                    let meeting = Meeting {
                        name: given(name()),
                        meeting_state: Some(state()),
                        start: Some(start_at),
                        end: browser::local_time_with_offset(&end()),
                        location,
                        organization: organization()
                            .map(|n| format!("organization/{n}"))
                            .into_iter()
                            .collect(),
                        ..Meeting::default()
                    };
                    match create("meeting", &meeting).await {
                        Ok(created) => match oparl::number_in(&created.common.id, "meeting") {
                            Some(nummer) => {
                                navigator.push(Route::Sitzung { nummer });
                            }
                            None => notice.set(Some(Err(texts.error_unreadable.to_owned()))),
                        },
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            div { class: "field",
                label { r#for: "sitzung-gremium", "{edit.organization_label}" }
                select {
                    id: "sitzung-gremium",
                    onchange: move |event| organization.set(event.value().parse().ok()),
                    for (n, title) in organization_list {
                        option { value: "{n}", selected: organization() == Some(n), "{title}" }
                    }
                }
            }
            TextField { id: "sitzung-name", label: edit.name_label, value: name, required: true }
            div { class: "field",
                label { r#for: "sitzung-beginn", "{edit.start_label}" }
                input {
                    id: "sitzung-beginn",
                    r#type: "datetime-local",
                    required: true,
                    value: "{start}",
                    oninput: move |event| start.set(event.value()),
                }
            }
            div { class: "field",
                label { r#for: "sitzung-ende", "{edit.end_label}" }
                input {
                    id: "sitzung-ende",
                    r#type: "datetime-local",
                    value: "{end}",
                    oninput: move |event| end.set(event.value()),
                }
            }
            TextField { id: "sitzung-ort", label: edit.room_label, hint: edit.room_hint, value: room }
            ChoiceField { id: "sitzung-status", label: edit.state_label, choices: &FIRST_STATES, value: state }
            button { r#type: "submit", "{edit.create_meeting_button}" }
        }
    }
}
