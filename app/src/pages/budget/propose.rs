use dioxus::prelude::*;
use shared::budget::{GeoPoint, Proposal, ProposalDraft, SimilarProposal};

use super::{API, load_cycle, number};
use crate::{
    api, browser,
    components::{Notice, PageHeading, TextField, loaded},
    i18n::use_lang,
    pages::openstreetmap,
    routes::Route,
    session::{Session, use_session},
};

/// Similar titles are looked up from this many characters on.
const SIMILAR_FROM_CHARS: usize = 4;

/// The proposal form; while the title is typed, similar proposals are shown
/// so that people can support an existing idea instead of repeating it.
#[component]
pub fn Vorschlagen(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let cycle = use_resource(use_reactive!(|nummer| load_cycle(nummer)));
    let title = use_signal(String::new);
    let mut description = use_signal(String::new);
    let mut category = use_signal(String::new);
    let mut district = use_signal(String::new);
    let cost = use_signal(String::new);
    let mut location = use_signal(|| None::<GeoPoint>);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let navigator = use_navigator();
    let similar = use_resource(move || async move {
        let typed = title();
        if typed.trim().chars().count() < SIMILAR_FROM_CHARS {
            return Vec::new();
        }
        let path = format!(
            "{API}/{nummer}/similar?title={}",
            api::query_value(typed.trim())
        );
        api::get::<Vec<SimilarProposal>>(&path)
            .await
            .unwrap_or_default()
    });
    let cycle = match loaded(cycle) {
        Ok(cycle) => cycle,
        Err(placeholder) => return placeholder,
    };
    let b = &texts.budgets;
    if let Session::SignedOut = session() {
        return rsx! {
            PageHeading { text: b.propose_button }
            p { class: "notice", role: "note", "{b.sign_in_first} " Link { to: Route::Anmelden {}, "{texts.sign_in}" } }
        };
    }
    if category().is_empty()
        && let Some(first) = cycle.settings.categories.first()
    {
        category.set(first.clone());
    }
    let suggestions = similar.read().clone().unwrap_or_default();
    rsx! {
        PageHeading { text: b.propose_button }
        p { Link { to: Route::Haushalt { nummer }, "{cycle.settings.title}" } }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                async move {
                    let draft = ProposalDraft {
                        title: title(),
                        description: description(),
                        category: category(),
                        district: Some(district()).filter(|d| !d.is_empty()),
                        location: location(),
                        estimated_cost: number(&cost()),
                    };
                    match api::send::<Proposal, _>("POST", &format!("{API}/{nummer}/proposals"), Some(&draft)).await {
                        Ok(created) => {
                            navigator.push(Route::Vorschlag { nummer, vorschlag: created.id });
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            TextField { id: "vorschlag-titel", label: b.title_label, value: title, required: true }
            div { role: "status", aria_live: "polite",
                if !suggestions.is_empty() {
                    div { class: "notice",
                        p { "{b.similar_heading}" }
                        ul {
                            for s in suggestions {
                                li { Link { to: Route::Vorschlag { nummer, vorschlag: s.id }, "{s.title}" } }
                            }
                        }
                    }
                }
            }
            div { class: "field",
                label { r#for: "vorschlag-beschreibung", "{b.description_label}" }
                p { id: "vorschlag-beschreibung-hint", class: "field__hint", "{b.description_hint}" }
                textarea {
                    id: "vorschlag-beschreibung",
                    required: true,
                    rows: "8",
                    aria_describedby: "vorschlag-beschreibung-hint",
                    value: "{description}",
                    oninput: move |e| description.set(e.value()),
                }
            }
            div { class: "field",
                label { r#for: "vorschlag-kategorie", "{b.category_label}" }
                select { id: "vorschlag-kategorie", onchange: move |e| category.set(e.value()),
                    for c in &cycle.settings.categories {
                        option { value: "{c}", selected: *c == category(), "{c}" }
                    }
                }
            }
            div { class: "field",
                label { r#for: "vorschlag-bezirk", "{b.district_label}" }
                select { id: "vorschlag-bezirk", onchange: move |e| district.set(e.value()),
                    option { value: "", "{b.city_wide}" }
                    for budget in cycle.budgets.iter().filter(|b| b.district.is_some()) {
                        option { value: budget.district.clone().unwrap_or_default(), "{budget.name}" }
                    }
                }
            }
            TextField { id: "vorschlag-kosten", label: b.cost_label, value: cost, required: true }
            fieldset {
                legend { "{b.location_label}" }
                if let Some(point) = location() {
                    p {
                        "{point.lat:.5}, {point.lon:.5} – "
                        a { href: openstreetmap(point.lat, point.lon), target: "_blank", rel: "noopener", "{b.on_map}" }
                    }
                    button { r#type: "button", onclick: move |_| location.set(None), "{b.remove_position}" }
                } else {
                    button {
                        r#type: "button",
                        onclick: move |_| async move {
                            match browser::current_position().await {
                                Some((lat, lon)) => location.set(Some(GeoPoint { lat, lon })),
                                None => notice.set(Some(Err(lang().texts().budgets.position_failed.to_owned()))),
                            }
                        },
                        "{b.use_position}"
                    }
                }
            }
            button { r#type: "submit", "{b.submit_button}" }
        }
    }
}
