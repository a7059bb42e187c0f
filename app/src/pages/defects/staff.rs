use dioxus::prelude::*;
use shared::defects::{
    DefectReport, DefectStatus, MergeRequest, Reassignment, StatusChange, Visibility,
};

use super::{API, Select, load_setup};
use crate::{
    api,
    components::{Notice, TextField},
    i18n::use_lang,
};

/// What staff do with a report: answer with a new status, hand it to
/// another category or department, or close it as a duplicate. Every
/// change carries a public text the reporter reads.
#[component]
pub fn StaffActions(report: DefectReport, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let t = &texts.defect_reports;
    let setup = use_resource(load_setup);
    let number = report.number;
    // Duplicates are closed by merging, so that status is not offered here.
    let status = use_signal(|| match report.status {
        DefectStatus::Duplikat => DefectStatus::Neu.key().to_owned(),
        other => other.key().to_owned(),
    });
    let current_department = report.department.clone();
    let mut answer = use_signal(String::new);
    let category = use_signal(|| report.category.clone());
    let department = use_signal(|| report.department.clone());
    let mut reason = use_signal(String::new);
    let into = use_signal(String::new);
    let mut hide_reason = use_signal(String::new);
    let hidden = report.hidden.is_some();
    let mut notice = use_signal(|| None::<Result<String, String>>);

    let mut finish = move |result: Result<DefectReport, api::ApiError>| match result {
        Ok(_) => {
            notice.set(Some(Ok(lang().texts().defect_reports.saved.to_owned())));
            on_changed.call(());
        }
        Err(error) => notice.set(Some(Err(error.message(lang())))),
    };
    let statuses: Vec<(String, String)> = DefectStatus::ALL
        .into_iter()
        .filter(|s| *s != DefectStatus::Duplikat)
        .map(|s| (s.key().to_owned(), (t.status)(s).to_owned()))
        .collect();
    let categories: Vec<(String, String)> = setup
        .read()
        .as_ref()
        .and_then(|s| s.as_ref().ok())
        .map(|s| {
            s.categories
                .iter()
                .map(|c| (c.code.clone(), format!("{} – {}", c.group, c.name)))
                .collect()
        })
        .unwrap_or_default();
    rsx! {
        section { class: "staff-actions", aria_labelledby: "bearbeiten",
            h2 { id: "bearbeiten", "{t.staff_heading}" }
            Notice { message: notice() }
            form {
                onsubmit: move |e| {
                    e.prevent_default();
                    async move {
                        let Some(new_status) = DefectStatus::from_key(&status()) else { return };
                        let change = StatusChange { status: new_status, text: answer() };
                        let result = api::send("POST", &format!("{API}/reports/{number}/status"), Some(&change)).await;
                        if result.is_ok() {
                            answer.set(String::new());
                        }
                        finish(result);
                    }
                },
                h3 { "{t.change_status}" }
                Select { id: "neuer-status", label: t.status_label, options: statuses, value: status }
                div { class: "field",
                    label { r#for: "oeffentliche-antwort", "{t.public_answer_label}" }
                    textarea { id: "oeffentliche-antwort", rows: "3", required: true, value: "{answer}", oninput: move |e| answer.set(e.value()) }
                }
                button { r#type: "submit", "{t.save_status}" }
            }
            form {
                onsubmit: move |e| {
                    e.prevent_default();
                    let current_department = current_department.clone();
                    async move {
                        // An unchanged department field lets the new category's office take over.
                        let change = Reassignment {
                            category: Some(category()),
                            department: Some(department()).filter(|d| *d != current_department),
                            reason: reason(),
                        };
                        let result = api::send("POST", &format!("{API}/reports/{number}/reassign"), Some(&change)).await;
                        if result.is_ok() {
                            reason.set(String::new());
                        }
                        finish(result);
                    }
                },
                h3 { "{t.reassign_heading}" }
                Select { id: "neue-kategorie", label: t.kind_label, options: categories, value: category }
                TextField { id: "neue-dienststelle", label: t.department_label, value: department }
                div { class: "field",
                    label { r#for: "weitergabe-grund", "{t.reason_label}" }
                    textarea { id: "weitergabe-grund", rows: "2", required: true, value: "{reason}", oninput: move |e| reason.set(e.value()) }
                }
                button { r#type: "submit", "{t.reassign_button}" }
            }
            form {
                onsubmit: move |e| {
                    e.prevent_default();
                    async move {
                        let Ok(original) = into().trim().parse::<u64>() else {
                            notice.set(Some(Err(lang().texts().defect_reports.merge_number_missing.to_owned())));
                            return;
                        };
                        let merge = MergeRequest { into: original, text: None };
                        finish(api::send("POST", &format!("{API}/reports/{number}/merge"), Some(&merge)).await);
                    }
                },
                h3 { "{t.merge_heading}" }
                TextField { id: "duplikat-von", label: t.merge_label, value: into, hint: t.merge_hint.to_owned() }
                button { r#type: "submit", "{t.merge_button}" }
            }
            form {
                onsubmit: move |e| {
                    e.prevent_default();
                    async move {
                        let change = Visibility { hidden: !hidden, reason: hide_reason() };
                        let result = api::send("PUT", &format!("{API}/reports/{number}/visibility"), Some(&change)).await;
                        if result.is_ok() {
                            hide_reason.set(String::new());
                        }
                        finish(result);
                    }
                },
                h3 { "{t.hide_heading}" }
                if hidden {
                    button { r#type: "submit", "{t.show_button}" }
                } else {
                    div { class: "field",
                        label { r#for: "verbergen-grund", "{t.hide_reason_label}" }
                        textarea { id: "verbergen-grund", rows: "2", required: true, value: "{hide_reason}", oninput: move |e| hide_reason.set(e.value()) }
                    }
                    button { r#type: "submit", class: "button--danger", "{t.hide_button}" }
                }
            }
        }
    }
}
