use dioxus::prelude::*;
use shared::council::{HitKind, SearchHit};

use crate::{
    api,
    browser::format_datetime,
    components::{LoadError, Loading, PageHeading, TextField},
    i18n::use_lang,
    routes::Route,
};

/// The search form; submitting opens the results page.
#[component]
pub fn SearchForm(#[props(default)] initial: String) -> Element {
    let texts = &use_lang()().texts().reader;
    let words = use_signal(|| initial.clone());
    let navigator = navigator();
    rsx! {
        form {
            role: "search",
            class: "inline-form",
            onsubmit: move |event| {
                event.prevent_default();
                navigator.push(Route::Suche { q: words() });
            },
            TextField { id: "ratssuche", label: texts.search_label, value: words }
            button { r#type: "submit", "{texts.search_button}" }
        }
    }
}

/// Results of a full-text search, with the matched words marked.
#[component]
pub fn Suche(q: String) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().reader;
    let mut kind = use_signal(String::new);
    let mut sort = use_signal(|| "relevance".to_owned());
    let mut organization = use_signal(String::new);
    let mut from = use_signal(String::new);
    let mut until = use_signal(String::new);
    let organizations = use_resource(super::oparl::organizations);
    let words = q.clone();
    let mut results = use_resource(use_reactive!(|words| async move {
        let mut path = format!(
            "/api/v1/council/search?q={}&sort={}",
            api::query_value(&words),
            sort()
        );
        for (name, value) in [
            ("type", kind()),
            ("organization", organization()),
            ("from", from()),
            ("until", until()),
        ] {
            if !value.is_empty() {
                path.push_str(&format!("&{name}={}", api::query_value(&value)));
            }
        }
        api::get::<Vec<SearchHit>>(&path).await
    }));
    let organization_list = match &*organizations.read() {
        Some(Ok(list)) => list.clone(),
        _ => Vec::new(),
    };

    rsx! {
        PageHeading { text: texts.search_title }
        SearchForm { initial: q.clone() }
        div { class: "calendar-controls",
            div { class: "field",
                label { r#for: "suche-art", "{texts.type_label}" }
                select {
                    id: "suche-art",
                    onchange: move |event| kind.set(event.value()),
                    option { value: "", "{texts.type_all}" }
                    option { value: "paper", "{texts.kind_paper}" }
                    option { value: "meeting", "{texts.kind_meeting}" }
                }
            }
            div { class: "field",
                label { r#for: "suche-gremium", "{texts.organization_filter}" }
                select {
                    id: "suche-gremium",
                    onchange: move |event| organization.set(event.value()),
                    option { value: "", "{texts.all_organizations}" }
                    for (n, name) in organization_list {
                        option { value: "{n}", "{name}" }
                    }
                }
            }
            div { class: "field",
                label { r#for: "suche-von", "{texts.date_from}" }
                input { id: "suche-von", r#type: "date", value: "{from}", onchange: move |event| from.set(event.value()) }
            }
            div { class: "field",
                label { r#for: "suche-bis", "{texts.date_until}" }
                input { id: "suche-bis", r#type: "date", value: "{until}", onchange: move |event| until.set(event.value()) }
            }
            div { class: "field",
                label { r#for: "suche-sortierung", "{texts.sort_label}" }
                select {
                    id: "suche-sortierung",
                    onchange: move |event| sort.set(event.value()),
                    option { value: "relevance", "{texts.sort_relevance}" }
                    option { value: "date", "{texts.sort_date}" }
                }
            }
        }
        match &*results.read() {
            None => rsx! { Loading {} },
            Some(Err(error)) => rsx! { LoadError { error: error.clone(), on_retry: move |_| results.restart() } },
            Some(Ok(hits)) if hits.is_empty() => rsx! { p { role: "status", {(texts.no_results)(&q)} } },
            Some(Ok(hits)) => rsx! {
                p { role: "status", {(texts.results_count)(hits.len(), &q)} }
                ol { class: "item-list search-results",
                    for hit in hits.iter().cloned() {
                        li { key: "{hit.number}-{hit.title}",
                            span { class: "badge",
                                match hit.kind {
                                    HitKind::Paper => texts.kind_paper,
                                    HitKind::Meeting => texts.kind_meeting,
                                }
                            }
                            span { class: "item-list__title",
                                match hit.kind {
                                    HitKind::Paper => rsx! { Link { to: Route::Vorlage { nummer: hit.number }, "{hit.title}" } },
                                    HitKind::Meeting => rsx! { Link { to: Route::Sitzung { nummer: hit.number }, "{hit.title}" } },
                                }
                            }
                            span { class: "item-list__meta",
                                {[hit.reference.clone(), hit.date.as_deref().map(|d| format_datetime(d, lang().code()))]
                                    .into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                            }
                            p { class: "snippet",
                                for part in hit.snippet.iter() {
                                    if part.hit {
                                        mark { "{part.text}" }
                                    } else {
                                        "{part.text}"
                                    }
                                }
                                if let Some(document) = &hit.found_in {
                                    span { class: "snippet__source", " ({(texts.found_in)(document)})" }
                                }
                            }
                        }
                    }
                }
            },
        }
    }
}
