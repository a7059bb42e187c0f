use dioxus::prelude::*;
use shared::polls::{Poll, PollDraft, Question, QuestionKind, RankingRule, ResultsShown};

use super::API;
use crate::{
    api::{self, ApiError},
    browser,
    city::use_city,
    components::{Notice, PageHeading, TextField, loaded, staff_only},
    i18n::use_lang,
    routes::Route,
    session::use_session,
};

/// One question as staff type it in.
#[derive(Clone, PartialEq)]
struct QuestionInput {
    text: String,
    /// Index into the kinds offered (see [`kind_of`]).
    kind: usize,
    max_choices: String,
    /// One option per line.
    options: String,
    required: bool,
}

impl Default for QuestionInput {
    fn default() -> Self {
        Self {
            text: String::new(),
            kind: 0,
            max_choices: "2".into(),
            options: String::new(),
            required: true,
        }
    }
}

fn kind_of(input: &QuestionInput) -> QuestionKind {
    match input.kind {
        1 => QuestionKind::Multiple {
            max_choices: input.max_choices.trim().parse().unwrap_or(0),
        },
        2 => QuestionKind::Ranking {
            rule: RankingRule::Borda,
        },
        3 => QuestionKind::Ranking {
            rule: RankingRule::InstantRunoff,
        },
        4 => QuestionKind::Text,
        _ => QuestionKind::Single,
    }
}

impl From<&Question> for QuestionInput {
    fn from(question: &Question) -> Self {
        let (kind, max_choices) = match question.kind {
            QuestionKind::Single => (0, 2),
            QuestionKind::Multiple { max_choices } => (1, max_choices),
            QuestionKind::Ranking {
                rule: RankingRule::Borda,
            } => (2, 2),
            QuestionKind::Ranking {
                rule: RankingRule::InstantRunoff,
            } => (3, 2),
            QuestionKind::Text => (4, 2),
        };
        Self {
            text: question.text.clone(),
            kind,
            max_choices: max_choices.to_string(),
            options: question.options.join("\n"),
            required: question.required,
        }
    }
}

fn question_of(input: &QuestionInput) -> Question {
    let kind = kind_of(input);
    Question {
        text: input.text.clone(),
        kind,
        options: if kind == QuestionKind::Text {
            Vec::new()
        } else {
            input
                .options
                .lines()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect()
        },
        required: input.required,
    }
}

/// Staff set up a poll: what it is about, who votes, when, when results
/// show, and its questions. The server checks everything again and says
/// what is wrong.
#[component]
pub fn AbstimmungAnlegen() -> Element {
    let texts = use_lang()().texts();
    let session = use_session();
    if let Some(refusal) = staff_only(
        &session(),
        texts.polls.new_heading,
        texts.accounts.not_allowed,
    ) {
        return refusal;
    }
    rsx! { PollForm { existing: None } }
}

/// Staff change a poll that has not opened yet.
#[component]
pub fn AbstimmungBearbeiten(nummer: u64) -> Element {
    let texts = use_lang()().texts();
    let session = use_session();
    let resource = use_resource(use_reactive!(|nummer| load(nummer)));
    if let Some(refusal) = staff_only(
        &session(),
        texts.polls.edit_heading,
        texts.accounts.not_allowed,
    ) {
        return refusal;
    }
    let poll = match loaded(resource) {
        Ok(poll) => poll,
        Err(placeholder) => return placeholder,
    };
    rsx! { PollForm { existing: Some(poll) } }
}

async fn load(nummer: u64) -> Result<Poll, ApiError> {
    api::get(&format!("{API}/{nummer}")).await
}

#[component]
fn PollForm(existing: Option<Poll>) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let city = use_city();
    let old = existing.clone();
    let title = use_signal(|| old.as_ref().map(|p| p.title.clone()).unwrap_or_default());
    let mut description = use_signal(|| {
        old.as_ref()
            .map(|p| p.description.clone())
            .unwrap_or_default()
    });
    let mut district = use_signal(|| {
        old.as_ref()
            .and_then(|p| p.district.clone())
            .unwrap_or_default()
    });
    let opens = use_signal(|| {
        old.as_ref()
            .map(|p| browser::datetime_local(&p.opens_at))
            .unwrap_or_default()
    });
    let closes = use_signal(|| {
        old.as_ref()
            .map(|p| browser::datetime_local(&p.closes_at))
            .unwrap_or_default()
    });
    let mut results = use_signal(|| old.as_ref().map_or(ResultsShown::AfterClose, |p| p.results));
    let mut questions = use_signal(|| match &old {
        Some(poll) => poll.questions.iter().map(QuestionInput::from).collect(),
        None => vec![QuestionInput::default()],
    });
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let navigator = use_navigator();
    let t = &texts.polls;
    let number = existing.as_ref().map(|p| p.number);
    let districts = match &*city.read() {
        Some(Ok(city)) => city.districts.clone(),
        _ => Vec::new(),
    };
    rsx! {
        PageHeading { text: if number.is_some() { t.edit_heading } else { t.new_heading } }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                async move {
                    let texts = lang().texts();
                    let (Some(opens_at), Some(closes_at)) = (
                        browser::local_time_with_offset(&opens()),
                        browser::local_time_with_offset(&closes()),
                    ) else {
                        notice.set(Some(Err(texts.council_edit.time_missing.to_owned())));
                        return;
                    };
                    let draft = PollDraft {
                        title: title(),
                        description: description(),
                        district: Some(district()).filter(|d| !d.is_empty()),
                        opens_at,
                        closes_at,
                        results: results(),
                        questions: questions().iter().map(question_of).collect(),
                    };
                    let sent = match number {
                        Some(n) => api::send::<Poll, _>("PUT", &format!("{API}/{n}"), Some(&draft)).await,
                        None => api::send::<Poll, _>("POST", API, Some(&draft)).await,
                    };
                    match sent {
                        Ok(poll) => {
                            navigator.push(Route::AbstimmungDetails { nummer: poll.number });
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            TextField { id: "abstimmung-titel", label: t.title_label, value: title, required: true }
            div { class: "field",
                label { r#for: "abstimmung-beschreibung", "{t.description_label}" }
                textarea {
                    id: "abstimmung-beschreibung",
                    rows: "6",
                    value: "{description}",
                    oninput: move |e| description.set(e.value()),
                }
            }
            div { class: "field",
                label { r#for: "abstimmung-bezirk", "{t.who_votes_label}" }
                select {
                    id: "abstimmung-bezirk",
                    onchange: move |e| district.set(e.value()),
                    option { value: "", "{t.whole_city}" }
                    for d in districts {
                        option { value: "{d.key}", selected: district() == d.key, "{d.name}" }
                    }
                }
            }
            for (id, label, mut value) in [("abstimmung-beginn", t.opens_label, opens), ("abstimmung-ende", t.closes_label, closes)] {
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
            div { class: "field",
                label { r#for: "abstimmung-ergebnis", "{t.results_label}" }
                select {
                    id: "abstimmung-ergebnis",
                    onchange: move |e| results.set(if e.value() == "live" { ResultsShown::Live } else { ResultsShown::AfterClose }),
                    option { value: "after_close", "{t.results_after_close}" }
                    option { value: "live", selected: results() == ResultsShown::Live, "{t.results_live}" }
                }
            }
            for index in 0..questions.len() {
                QuestionFields { index, questions }
            }
            p {
                button {
                    r#type: "button",
                    class: "button--secondary",
                    onclick: move |_| questions.with_mut(|q| q.push(QuestionInput::default())),
                    "{t.add_question}"
                }
            }
            button { r#type: "submit", if number.is_some() { "{t.save_button}" } else { "{t.create_button}" } }
        }
    }
}

#[component]
fn QuestionFields(index: usize, questions: Signal<Vec<QuestionInput>>) -> Element {
    let lang = use_lang();
    let t = &lang().texts().polls;
    let Some(input) = questions.read().get(index).cloned() else {
        return rsx! {};
    };
    let mut edit = move |change: &dyn Fn(&mut QuestionInput)| {
        questions.with_mut(|q| {
            if let Some(input) = q.get_mut(index) {
                change(input);
            }
        });
    };
    let id = |field: &str| format!("frage-{index}-{field}");
    rsx! {
        fieldset { class: "question",
            legend { {(t.question)(index + 1)} }
            div { class: "field",
                label { r#for: id("text"), "{t.question_text_label}" }
                input {
                    id: id("text"),
                    r#type: "text",
                    required: true,
                    value: "{input.text}",
                    oninput: move |e| edit(&|q| q.text = e.value()),
                }
            }
            div { class: "field",
                label { r#for: id("art"), "{t.kind_label}" }
                select {
                    id: id("art"),
                    onchange: move |e| edit(&|q| q.kind = e.value().parse().unwrap_or(0)),
                    for (value, name) in t.kinds.iter().enumerate() {
                        option { value: "{value}", selected: value == input.kind, "{name}" }
                    }
                }
            }
            if input.kind == 1 {
                div { class: "field",
                    label { r#for: id("hoechstens"), "{t.max_choices_label}" }
                    input {
                        id: id("hoechstens"),
                        r#type: "number",
                        min: "1",
                        value: "{input.max_choices}",
                        oninput: move |e| edit(&|q| q.max_choices = e.value()),
                    }
                }
            }
            if input.kind != 4 {
                div { class: "field",
                    label { r#for: id("optionen"), "{t.options_label}" }
                    textarea {
                        id: id("optionen"),
                        rows: "4",
                        value: "{input.options}",
                        oninput: move |e| edit(&|q| q.options = e.value()),
                    }
                }
            }
            div { class: "choice",
                input {
                    id: id("pflicht"),
                    r#type: "checkbox",
                    checked: input.required,
                    onchange: move |e| edit(&|q| q.required = e.checked()),
                }
                label { r#for: id("pflicht"), "{t.required_label}" }
            }
            if questions.len() > 1 {
                button {
                    r#type: "button",
                    class: "button--secondary",
                    onclick: move |_| {
                        questions.with_mut(|q| {
                            q.remove(index);
                        });
                    },
                    "{t.remove_question}"
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_questions_become_wire_questions() {
        let input = QuestionInput {
            text: "Welche?".into(),
            kind: 1,
            max_choices: " 3 ".into(),
            options: "A\n\n B \nC\n".into(),
            required: false,
        };
        let question = question_of(&input);
        assert_eq!(question.kind, QuestionKind::Multiple { max_choices: 3 });
        assert_eq!(question.options, ["A", "B", "C"]);
        let text = question_of(&QuestionInput { kind: 4, ..input });
        assert!(text.options.is_empty());
    }

    #[test]
    fn a_stored_question_fills_the_form_as_it_was_typed() {
        for kind in [
            QuestionKind::Single,
            QuestionKind::Multiple { max_choices: 3 },
            QuestionKind::Ranking {
                rule: RankingRule::InstantRunoff,
            },
        ] {
            let question = Question {
                text: "Welche?".into(),
                kind,
                options: vec!["A".into(), "B".into(), "C".into()],
                required: false,
            };
            assert_eq!(question_of(&QuestionInput::from(&question)), question);
        }
    }
}
