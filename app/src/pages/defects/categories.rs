use dioxus::prelude::*;
use shared::defects::{DefectCategory, Question, QuestionKind};

use super::{API, Select};
use crate::{
    api::{self, ApiError},
    components::{Notice, PageHeading, TextField, loaded, staff_only},
    i18n::{Lang, use_lang},
    session::use_session,
};

async fn load() -> Result<Vec<DefectCategory>, ApiError> {
    api::get(&format!("{API}/categories")).await
}

/// Staff set up what citizens can report: categories in two levels, the
/// office each goes to, the expected processing time and extra questions.
#[component]
pub fn MaengelKategorien() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let mut categories = use_resource(load);
    let mut editing = use_signal(|| None::<DefectCategory>);
    let t = &texts.defect_reports;
    if let Some(page) = staff_only(&session(), t.categories_heading, t.staff_only) {
        return page;
    }
    let list = match loaded(categories) {
        Ok(list) => list,
        Err(placeholder) => return placeholder,
    };
    rsx! {
        PageHeading { text: t.categories_heading }
        table {
            caption { "{t.categories_caption}" }
            thead {
                tr {
                    th { scope: "col", "{t.group_label}" }
                    th { scope: "col", "{t.kind_label}" }
                    th { scope: "col", "{t.department_label}" }
                    th { scope: "col", "{t.days_label}" }
                    th { scope: "col", "{t.active_label}" }
                    th { scope: "col", span { class: "visually-hidden", "{t.edit_button}" } }
                }
            }
            tbody {
                for category in list {
                    tr { key: "{category.code}",
                        td { "{category.group}" }
                        th { scope: "row", "{category.name}" }
                        td { "{category.department}" }
                        td { "{category.expected_days}" }
                        td { if category.active { "{t.yes}" } else { "{t.no}" } }
                        td {
                            button {
                                r#type: "button",
                                aria_label: (t.edit_category)(&category.name),
                                onclick: move |_| editing.set(Some(category.clone())),
                                "{t.edit_button}"
                            }
                        }
                    }
                }
            }
        }
        button { r#type: "button", onclick: move |_| editing.set(Some(blank())), "{t.new_category}" }
        if let Some(category) = editing() {
            CategoryForm {
                key: "{category.code}",
                category,
                on_saved: move |_| {
                    editing.set(None);
                    categories.restart();
                },
            }
        }
    }
}

fn blank() -> DefectCategory {
    DefectCategory {
        code: String::new(),
        group: String::new(),
        name: String::new(),
        description: String::new(),
        department: String::new(),
        expected_days: 10,
        questions: Vec::new(),
        keywords: Vec::new(),
        active: true,
    }
}

fn kinds(lang: Lang) -> Vec<(String, String)> {
    let t = &lang.texts().defect_reports;
    [
        (QuestionKind::Text, "text"),
        (QuestionKind::Number, "number"),
        (QuestionKind::SingleChoice, "single_choice"),
        (QuestionKind::MultiChoice, "multi_choice"),
    ]
    .into_iter()
    .map(|(kind, key)| (key.to_owned(), (t.question_kind)(kind).to_owned()))
    .collect()
}

fn kind_of(key: &str) -> QuestionKind {
    match key {
        "number" => QuestionKind::Number,
        "single_choice" => QuestionKind::SingleChoice,
        "multi_choice" => QuestionKind::MultiChoice,
        _ => QuestionKind::Text,
    }
}

fn kind_key(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Text => "text",
        QuestionKind::Number => "number",
        QuestionKind::SingleChoice => "single_choice",
        QuestionKind::MultiChoice => "multi_choice",
    }
}

fn comma_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// One question while it is edited: the choices as one comma-separated text.
#[derive(Clone, PartialEq)]
struct QuestionRow {
    code: Signal<String>,
    label: Signal<String>,
    kind: Signal<String>,
    required: Signal<bool>,
    options: Signal<String>,
}

impl QuestionRow {
    fn question(&self) -> Question {
        Question {
            code: (self.code)().trim().to_owned(),
            label: (self.label)().trim().to_owned(),
            kind: kind_of(&(self.kind)()),
            required: (self.required)(),
            options: comma_list(&(self.options)()),
        }
    }
}

fn row_of(question: &Question) -> QuestionRow {
    QuestionRow {
        code: Signal::new(question.code.clone()),
        label: Signal::new(question.label.clone()),
        kind: Signal::new(kind_key(question.kind).to_owned()),
        required: Signal::new(question.required),
        options: Signal::new(question.options.join(", ")),
    }
}

#[component]
fn CategoryForm(category: DefectCategory, on_saved: EventHandler<()>) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let t = &texts.defect_reports;
    let is_new = category.code.is_empty();
    let code = use_signal(|| category.code.clone());
    let group = use_signal(|| category.group.clone());
    let name = use_signal(|| category.name.clone());
    let department = use_signal(|| category.department.clone());
    let days = use_signal(|| category.expected_days.to_string());
    let keywords = use_signal(|| category.keywords.join(", "));
    let mut description = use_signal(|| category.description.clone());
    let mut active = use_signal(|| category.active);
    let mut questions = use_signal(|| category.questions.iter().map(row_of).collect::<Vec<_>>());
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let heading = if is_new {
        t.new_category.to_owned()
    } else {
        (t.edit_category)(&category.name)
    };
    rsx! {
        section { aria_labelledby: "kategorie-bearbeiten",
            h2 { id: "kategorie-bearbeiten", "{heading}" }
            Notice { message: notice() }
            form {
                onsubmit: move |e| {
                    e.prevent_default();
                    async move {
                        let lang = lang();
                        let Ok(expected_days) = days().trim().parse::<u32>() else {
                            notice.set(Some(Err(lang.texts().defect_reports.days_invalid.to_owned())));
                            return;
                        };
                        let saved = DefectCategory {
                            code: code().trim().to_owned(),
                            group: group().trim().to_owned(),
                            name: name().trim().to_owned(),
                            description: description().trim().to_owned(),
                            department: department().trim().to_owned(),
                            expected_days,
                            questions: questions().iter().map(QuestionRow::question).collect(),
                            keywords: comma_list(&keywords()),
                            active: active(),
                        };
                        let path = format!("{API}/categories/{}", api::query_value(&saved.code));
                        match api::send::<DefectCategory, _>("PUT", &path, Some(&saved)).await {
                            Ok(_) => on_saved.call(()),
                            Err(error) => notice.set(Some(Err(error.message(lang)))),
                        }
                    }
                },
                if is_new {
                    TextField { id: "kategorie-code", label: t.code_label, value: code, hint: t.code_hint.to_owned(), required: true }
                }
                TextField { id: "kategorie-gruppe", label: t.group_label, value: group, required: true }
                TextField { id: "kategorie-name", label: t.kind_label, value: name, required: true }
                div { class: "field",
                    label { r#for: "kategorie-beschreibung", "{t.category_description_label}" }
                    textarea { id: "kategorie-beschreibung", rows: "2", value: "{description}", oninput: move |e| description.set(e.value()) }
                }
                TextField { id: "kategorie-dienststelle", label: t.department_label, value: department, required: true }
                TextField { id: "kategorie-tage", label: t.days_label, value: days, required: true }
                TextField { id: "kategorie-stichworte", label: t.keywords_label, value: keywords }
                div { class: "field field--check",
                    input { id: "kategorie-aktiv", r#type: "checkbox", checked: active(), onchange: move |e| active.set(e.checked()) }
                    label { r#for: "kategorie-aktiv", "{t.active_label}" }
                }
                h3 { "{t.questions_heading}" }
                for (i, row) in questions().into_iter().enumerate() {
                    fieldset { key: "{i}",
                        legend { "{(t.question_number)(i + 1)}" }
                        TextField { id: "frage-{i}-code", label: t.code_label, value: row.code, required: true }
                        TextField { id: "frage-{i}-text", label: t.question_label, value: row.label, required: true }
                        Select { id: "frage-{i}-art", label: t.question_kind_label, options: kinds(lang()), value: row.kind }
                        TextField { id: "frage-{i}-antworten", label: t.options_label, value: row.options }
                        div { class: "field field--check",
                            input {
                                id: "frage-{i}-pflicht",
                                r#type: "checkbox",
                                checked: (row.required)(),
                                onchange: move |e| { let mut required = row.required; required.set(e.checked()) },
                            }
                            label { r#for: "frage-{i}-pflicht", "{t.required_label}" }
                        }
                        button { r#type: "button", onclick: move |_| { questions.write().remove(i); }, "{(t.remove_question)(i + 1)}" }
                    }
                }
                p {
                    button {
                        r#type: "button",
                        onclick: move |_| {
                            questions.write().push(row_of(&Question {
                                code: String::new(),
                                label: String::new(),
                                kind: QuestionKind::Text,
                                required: false,
                                options: Vec::new(),
                            }))
                        },
                        "{t.add_question}"
                    }
                }
                button { r#type: "submit", "{t.save_category}" }
            }
        }
    }
}
