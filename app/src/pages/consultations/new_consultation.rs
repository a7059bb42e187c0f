use dioxus::prelude::*;
use shared::consultations::{Consultation, ConsultationDraft};

use super::API;
use crate::{
    api, browser,
    components::{Notice, PageHeading, TextField, staff_only},
    i18n::use_lang,
    routes::Route,
    session::use_session,
};

/// Staff publish a draft: title, summary, the text in Markdown, the period
/// and, if there is one, the council paper it prepares.
#[component]
pub fn BeteiligungAnlegen() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let title = use_signal(String::new);
    let summary = use_signal(String::new);
    let mut text = use_signal(String::new);
    let opens = use_signal(String::new);
    let closes = use_signal(String::new);
    let paper = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let navigator = use_navigator();
    let t = &texts.consultations;
    if let Some(refusal) = staff_only(&session(), t.new_heading, texts.accounts.not_allowed) {
        return refusal;
    }
    rsx! {
        PageHeading { text: t.new_heading }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                async move {
                    let (Some(opens_at), Some(closes_at)) = (
                        browser::local_time_with_offset(&opens()),
                        browser::local_time_with_offset(&closes()),
                    ) else {
                        notice.set(Some(Err(lang().texts().council_edit.time_missing.to_owned())));
                        return;
                    };
                    let draft = ConsultationDraft {
                        title: title(),
                        summary: summary(),
                        text: text(),
                        opens_at,
                        closes_at,
                        council_paper: Some(paper()).filter(|p| !p.trim().is_empty()),
                    };
                    match api::send::<Consultation, _>("POST", API, Some(&draft)).await {
                        Ok(created) => {
                            navigator.push(Route::BeteiligungEntwurf { nummer: created.number, fassung: String::new() });
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            TextField { id: "entwurf-titel", label: t.title_label, value: title, required: true }
            TextField { id: "entwurf-zusammenfassung", label: t.summary_label, value: summary }
            div { class: "field",
                label { r#for: "entwurf-text", "{t.text_label}" }
                p { id: "entwurf-text-hint", class: "field__hint", "{t.text_hint}" }
                textarea {
                    id: "entwurf-text",
                    rows: "14",
                    required: true,
                    aria_describedby: "entwurf-text-hint",
                    value: "{text}",
                    oninput: move |e| text.set(e.value()),
                }
            }
            for (id, label, mut value) in [("entwurf-beginn", texts.polls.opens_label, opens), ("entwurf-ende", texts.polls.closes_label, closes)] {
                div { class: "field",
                    label { r#for: "{id}", "{label}" }
                    input {
                        id: "{id}",
                        r#type: "datetime-local",
                        required: true,
                        value: "{value}",
                        oninput: move |e| value.set(e.value()),
                    }
                }
            }
            TextField { id: "entwurf-vorlage", label: t.paper_label, value: paper, hint: t.paper_hint }
            button { r#type: "submit", "{t.publish}" }
        }
    }
}
