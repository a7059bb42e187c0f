use dioxus::prelude::*;

use crate::{
    api::ApiError,
    i18n::{use_lang, use_texts},
};

/// Shown while data is on its way; announced politely to screen readers.
#[component]
pub fn Loading() -> Element {
    let texts = use_texts();
    rsx! {
        p { class: "loading", role: "status", "{texts.loading}" }
    }
}

/// A failed load with the reason and a way to try again.
#[component]
pub fn LoadError(error: ApiError, on_retry: EventHandler<()>) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    rsx! {
        div { class: "notice notice--error", role: "alert",
            p { {error.message(lang())} }
            button { r#type: "button", onclick: move |_| on_retry.call(()), "{texts.retry}" }
        }
    }
}

/// The value of a finished load, or what to show instead: the loading
/// notice while it runs, the error with a retry button when it failed.
pub fn loaded<T: Clone + 'static>(resource: Resource<Result<T, ApiError>>) -> Result<T, Element> {
    let mut retry = resource;
    match &*resource.read() {
        None => Err(rsx! { Loading {} }),
        Some(Err(error)) => Err(rsx! {
            LoadError { error: error.clone(), on_retry: move |_| retry.restart() }
        }),
        Some(Ok(value)) => Ok(value.clone()),
    }
}
