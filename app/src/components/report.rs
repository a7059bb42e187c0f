use dioxus::prelude::*;
use shared::moderation::{ContentRef, ReportReason, ReportRequest};

use crate::{api, components::Notice, i18n::use_lang};

const REASONS: [ReportReason; 4] = [
    ReportReason::Spam,
    ReportReason::Offensive,
    ReportReason::OffTopic,
    ReportReason::PersonalData,
];

/// "Melden": a disclosure with the reason and an optional note, sent to
/// the moderators.
#[component]
pub fn ReportButton(target: ContentRef) -> Element {
    let lang = use_lang();
    let a = &lang().texts().accounts;
    let mut reason = use_signal(|| ReportReason::Spam);
    let mut note = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let id = format!("melden-{}-{}", target.kind.as_str(), target.id);
    rsx! {
        details { class: "report",
            summary { "{a.report_button}" }
            Notice { message: notice() }
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    let target = target.clone();
                    async move {
                        let note = Some(note()).filter(|n| !n.trim().is_empty());
                        let request = ReportRequest { target, reason: reason(), note };
                        match api::send_empty("POST", "/api/v1/reports", Some(&request)).await {
                            Ok(()) => notice.set(Some(Ok(lang().texts().accounts.reported.to_owned()))),
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                div { class: "field",
                    label { r#for: "{id}-grund", "{a.report_reason_label}" }
                    select {
                        id: "{id}-grund",
                        onchange: move |e| {
                            if let Some(chosen) = REASONS.get(e.value().parse::<usize>().unwrap_or_default()) {
                                reason.set(*chosen);
                            }
                        },
                        for (i, r) in REASONS.iter().enumerate() {
                            option { value: "{i}", selected: reason() == *r, {(a.report_reason)(*r)} }
                        }
                    }
                }
                div { class: "field",
                    label { r#for: "{id}-anmerkung", "{a.report_note_label}" }
                    input { id: "{id}-anmerkung", r#type: "text", value: "{note}", oninput: move |e| note.set(e.value()) }
                }
                button { r#type: "submit", "{a.report_send}" }
            }
        }
    }
}
