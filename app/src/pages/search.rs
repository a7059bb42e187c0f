//! The search over every area: the box in the header of every page, and the
//! results page it opens, grouped by area, with filters that count what
//! each of their choices would find.

use dioxus::prelude::*;
use shared::search::{FacetCount, FoundItem, SearchResults};

use crate::{
    api,
    browser::format_datetime,
    components::{LoadError, Loading, PageHeading},
    i18n::{Module, use_lang},
    routes::Route,
};

/// The search box in the header; submitting opens the results page.
#[component]
pub fn SearchBox() -> Element {
    let texts = &use_lang()().texts().search;
    let mut words = use_signal(String::new);
    let navigator = navigator();
    rsx! {
        form {
            role: "search",
            class: "site-search",
            onsubmit: move |event| {
                event.prevent_default();
                navigator.push(Route::Suche { q: words() });
            },
            label { class: "visually-hidden", r#for: "suche", "{texts.label}" }
            input {
                id: "suche",
                r#type: "search",
                value: "{words}",
                oninput: move |event| words.set(event.value()),
            }
            button { r#type: "submit", "{texts.button}" }
        }
    }
}

/// The area a kind of found thing belongs to.
fn area(kind: &str) -> Module {
    match kind {
        "proposal" => Module::Budget,
        "defect" => Module::Defects,
        "consultation" | "debate" => Module::Participation,
        "poll" => Module::Votes,
        _ => Module::Council,
    }
}

/// Results of a search over everything, with the matched words marked.
#[component]
pub fn Suche(q: String) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().search;
    let mut kind = use_signal(String::new);
    let mut sort = use_signal(|| "relevance".to_owned());
    let mut organization = use_signal(String::new);
    let mut from = use_signal(String::new);
    let mut until = use_signal(String::new);
    let words = q.clone();
    let mut results = use_resource(use_reactive!(|words| async move {
        let mut path = format!(
            "/api/v1/search?limit=50&q={}&sort={}",
            api::query_value(&words),
            sort()
        );
        for (name, value) in [
            ("kind", kind()),
            ("organization", organization()),
            ("from", from()),
            ("until", until()),
        ] {
            if !value.is_empty() {
                path.push_str(&format!("&{name}={}", api::query_value(&value)));
            }
        }
        api::get::<SearchResults>(&path).await
    }));
    let (kinds, organizations) = match &*results.read() {
        Some(Ok(found)) => (found.kinds.clone(), found.organizations.clone()),
        _ => Default::default(),
    };
    let counted = |label: &str, count: u64| format!("{label} ({count})");

    rsx! {
        PageHeading { text: texts.title }
        div { class: "calendar-controls",
            div { class: "field",
                label { r#for: "suche-art", "{texts.kind_label}" }
                select {
                    id: "suche-art",
                    onchange: move |event| kind.set(event.value()),
                    option { value: "", "{texts.all_kinds}" }
                    for count in kinds {
                        option { value: "{count.kind}", selected: kind() == count.kind,
                            {counted((texts.kind)(&count.kind), count.count)}
                        }
                    }
                }
            }
            if !organizations.is_empty() || !organization().is_empty() {
                div { class: "field",
                    label { r#for: "suche-gremium", "{lang().texts().reader.organization_filter}" }
                    select {
                        id: "suche-gremium",
                        onchange: move |event| organization.set(event.value()),
                        option { value: "", "{lang().texts().reader.all_organizations}" }
                        for FacetCount { value, label, count } in organizations {
                            option { value: "{value}", selected: organization() == value,
                                {counted(label.as_deref().unwrap_or(&value), count)}
                            }
                        }
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
            Some(Ok(found)) if found.hits.is_empty() => rsx! { p { role: "status", {(texts.no_results)(&q)} } },
            Some(Ok(found)) => rsx! {
                p { role: "status", {(texts.results_count)(found.total, &q)} }
                // By area, the areas in the order of their best hit.
                for module in areas(&found.hits) {
                    section { key: "{module:?}",
                        h2 { {module.title(lang().texts())} }
                        ol { class: "item-list search-results",
                            for hit in found.hits.iter().filter(|hit| area(&hit.kind) == module) {
                                li {
                                    span { class: "badge", {(texts.kind)(&hit.kind)} }
                                    span { class: "item-list__title",
                                        // A path the router does not know (a paragraph's
                                        // `#absatz-2`) is followed as a link to the server.
                                        Link { to: hit.path.as_str(), "{hit.title}" }
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
                    }
                }
            },
        }
    }
}

fn areas(hits: &[FoundItem]) -> Vec<Module> {
    let mut areas = Vec::new();
    for hit in hits {
        let module = area(&hit.kind);
        if !areas.contains(&module) {
            areas.push(module);
        }
    }
    areas
}
