use dioxus::prelude::*;

/// A labelled text input with an optional hint, linked for screen readers.
#[component]
pub fn TextField(
    id: String,
    label: String,
    value: Signal<String>,
    #[props(default)] hint: Option<String>,
    #[props(default)] autocomplete: Option<String>,
    #[props(default)] required: bool,
) -> Element {
    let hint_id = format!("{id}-hint");
    let described_by = hint.as_ref().map(|_| hint_id.clone());
    rsx! {
        div { class: "field",
            label { r#for: "{id}", "{label}" }
            if let Some(hint) = hint {
                p { id: "{hint_id}", class: "field__hint", "{hint}" }
            }
            input {
                id: "{id}",
                name: "{id}",
                r#type: "text",
                value: "{value}",
                required,
                autocomplete: autocomplete.unwrap_or_else(|| "off".into()),
                aria_describedby: described_by,
                spellcheck: "false",
                oninput: move |event| value.set(event.value()),
            }
        }
    }
}

/// A choice among fixed values that are shown as they are (German terms of
/// the council's own records, such as meeting states).
#[component]
pub fn ChoiceField(
    id: String,
    label: String,
    choices: &'static [&'static str],
    value: Signal<String>,
) -> Element {
    rsx! {
        div { class: "field",
            label { r#for: "{id}", "{label}" }
            select {
                id: "{id}",
                onchange: move |event| value.set(event.value()),
                for choice in choices {
                    option { value: *choice, selected: value() == *choice, "{choice}" }
                }
            }
        }
    }
}

/// A message after an action: errors interrupt (alert), successes are
/// announced politely (status).
#[component]
pub fn Notice(message: Option<Result<String, String>>) -> Element {
    match message {
        Some(Err(text)) => rsx! {
            div { class: "notice notice--error", role: "alert", p { "{text}" } }
        },
        Some(Ok(text)) => rsx! {
            div { class: "notice", role: "status", p { "{text}" } }
        },
        None => rsx! {},
    }
}
