use dioxus::prelude::*;
use shared::budget::{
    CodeBatch, CodeBatchRequest, Cycle, Phase, PhaseKind, Preselection, Proposal,
};

use super::{API, budget_name, cycles::phase_label, euros, load_cycle};
use crate::{
    api::{self, ApiError},
    browser::format_datetime,
    components::{Notice, PageHeading, TextField, loaded},
    i18n::use_lang,
    routes::Route,
    session::use_session,
};

/// Proposals per page of the list; "more" loads the next page.
const PAGE: usize = 25;

/// A page of the cycle's proposals with the chosen filters, after the one
/// with number `after`.
async fn load_page(
    nummer: u64,
    district: &str,
    category: &str,
    after: Option<u64>,
) -> Result<Vec<Proposal>, ApiError> {
    let mut path = format!(
        "{API}/{nummer}/proposals?limit={PAGE}&district={}&category={}",
        api::query_value(district),
        api::query_value(category)
    );
    if let Some(after) = after {
        path.push_str(&format!("&after={after}"));
    }
    api::get(&path).await
}

/// One cycle: its phases, money and proposals, what one can do now, and
/// for staff the tools to run it.
#[component]
pub fn Haushalt(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let mut resource = use_resource(use_reactive!(|nummer| load_cycle(nummer)));
    let cycle = match loaded(resource) {
        Ok(loaded) => loaded,
        Err(placeholder) => return placeholder,
    };
    let b = &texts.budgets;
    let phase = cycle.current_phase;
    rsx! {
        PageHeading { text: cycle.settings.title.clone() }
        div { class: "markdown", dangerous_inner_html: "{cycle.description_html}" }
        p {
            "{b.current_phase}: "
            strong { {phase_label(&cycle, lang())} }
            if let Some(phase) = phase {
                " – {(b.phase_does)(phase)}"
            }
        }
        if let Some(next) = next_phase(&cycle) {
            p { {(b.next_phase)((b.phase_name)(next.kind), &format_datetime(&next.starts, lang().code()))} }
        }
        Actions { cycle: cycle.clone() }
        h2 { "{b.phases_heading}" }
        ol { class: "phases",
            for step in cycle.settings.phases.iter().filter(|p| p.starts != p.ends) {
                li { aria_current: if Some(step.kind) == phase { "step" } else { "false" },
                    strong { {(b.phase_name)(step.kind)} }
                    " "
                    {(b.from_to)(&format_datetime(&step.starts, lang().code()), &format_datetime(&step.ends, lang().code()))}
                }
            }
        }
        h2 { "{b.budget_heading}" }
        table {
            tbody {
                for budget in &cycle.budgets {
                    tr {
                        th { scope: "row", {budget_name(&cycle, budget.district.as_ref(), b.city_wide)} }
                        td { class: "number", {euros(lang(), budget.amount)} }
                    }
                }
                tr {
                    th { scope: "row", "{b.total}" }
                    td { class: "number", strong { {euros(lang(), cycle.total)} } }
                }
            }
        }
        if session().is_staff() {
            StaffTools { cycle: cycle.clone(), on_change: move |_| resource.restart() }
        }
        ProposalList { cycle: cycle.clone() }
    }
}

/// The cycle's proposals a page at a time, filtered by the server, so that
/// a phone shows the first 25 of 10,000 as quickly as the first 25 of 30.
#[component]
fn ProposalList(cycle: Cycle) -> Element {
    let lang = use_lang();
    let b = &lang().texts().budgets;
    let nummer = cycle.id;
    let mut district = use_signal(String::new);
    let mut category = use_signal(String::new);
    // Pages loaded with "more", after the first.
    let mut further = use_signal(Vec::<Proposal>::new);
    let mut at_end = use_signal(|| false);
    let mut failed = use_signal(|| None::<ApiError>);
    let first =
        use_resource(
            move || async move { load_page(nummer, &district(), &category(), None).await },
        );
    let first_page = match loaded(first) {
        Ok(page) => page,
        Err(placeholder) => return placeholder,
    };
    let mut reset = move || {
        further.set(Vec::new());
        at_end.set(false);
        failed.set(None);
    };
    let shown: Vec<Proposal> = first_page
        .iter()
        .chain(further.read().iter())
        .cloned()
        .collect();
    let more = !at_end() && first_page.len() == PAGE && shown.len() % PAGE == 0;
    let last = shown.last().map(|p| p.id);
    rsx! {
        h2 { "{b.proposals_heading} ({cycle.proposals})" }
        div { class: "filters",
            div { class: "field",
                label { r#for: "filter-bezirk", "{b.district_label}" }
                select { id: "filter-bezirk", onchange: move |e| { reset(); district.set(e.value()) },
                    option { value: "", "{b.all}" }
                    option { value: "stadtweit", "{b.city_wide}" }
                    for budget in cycle.budgets.iter().filter(|b| b.district.is_some()) {
                        option { value: budget.district.clone().unwrap_or_default(), "{budget.name}" }
                    }
                }
            }
            div { class: "field",
                label { r#for: "filter-kategorie", "{b.category_label}" }
                select { id: "filter-kategorie", onchange: move |e| { reset(); category.set(e.value()) },
                    option { value: "", "{b.all}" }
                    for c in &cycle.settings.categories {
                        option { value: "{c}", "{c}" }
                    }
                }
            }
        }
        if shown.is_empty() {
            p { "{b.no_proposals}" }
        }
        ul { class: "cards",
            for p in shown {
                li { class: "card",
                    h3 {
                        Link { to: Route::Vorschlag { nummer, vorschlag: p.id }, "{p.title}" }
                    }
                    p {
                        {budget_name(&cycle, p.district.as_ref(), b.city_wide)}
                        " · {p.category} · {euros(lang(), p.cost)} · "
                        {(b.status)(p.status)}
                    }
                    if let (Some(n), Preselection::Supports { threshold: 1.., .. }) = (p.supports, cycle.settings.preselection) {
                        p { {(b.supports)(n)} }
                    }
                }
            }
        }
        if let Some(error) = failed() {
            p { class: "notice notice--error", role: "alert", "{error.message(lang())}" }
        }
        if more {
            button {
                r#type: "button",
                onclick: move |_| async move {
                    match load_page(nummer, &district(), &category(), last).await {
                        Ok(page) => {
                            at_end.set(page.len() < PAGE);
                            further.write().extend(page);
                            failed.set(None);
                        }
                        Err(error) => failed.set(Some(error)),
                    }
                },
                "{b.more_proposals}"
            }
        }
    }
}

/// The phase after the running one (the first before the cycle begins);
/// phases that staff skipped are passed over.
fn next_phase(cycle: &Cycle) -> Option<&Phase> {
    let phases = &cycle.settings.phases;
    let from = match cycle.current_phase {
        Some(current) => phases.iter().position(|p| p.kind == current)? + 1,
        None if !cycle.begun => 0,
        None => return None,
    };
    phases[from..].iter().find(|p| p.starts != p.ends)
}

/// Links to what the running phase lets people do.
#[component]
fn Actions(cycle: Cycle) -> Element {
    let lang = use_lang();
    let b = &lang().texts().budgets;
    let nummer = cycle.id;
    match cycle.current_phase {
        Some(PhaseKind::Proposals) => rsx! {
            p { Link { class: "button", to: Route::Vorschlagen { nummer }, "{b.propose_button}" } }
            if let Some(me) = &cycle.me {
                p { {(b.proposals_left)(u64::from(me.proposals_left))} }
            }
        },
        Some(PhaseKind::Ballot) => rsx! {
            p { Link { class: "button", to: Route::HaushaltAbstimmung { nummer }, "{b.to_ballot}" } }
        },
        Some(PhaseKind::Results | PhaseKind::Implementation) => rsx! {
            p { Link { class: "button", to: Route::Ergebnis { nummer }, "{b.to_results}" } }
        },
        _ if cycle.begun && cycle.current_phase.is_none() => rsx! {
            p { Link { to: Route::Ergebnis { nummer }, "{b.to_results}" } }
        },
        _ => rsx! {},
    }
}

/// Staff: start the next phase early; print voting codes.
#[component]
fn StaffTools(cycle: Cycle, on_change: EventHandler<()>) -> Element {
    let lang = use_lang();
    let b = &lang().texts().budgets;
    let nummer = cycle.id;
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let count = use_signal(|| "100".to_owned());
    let note = use_signal(String::new);
    let mut codes = use_signal(Vec::<String>::new);
    rsx! {
        section { aria_labelledby: "verwaltung",
            h2 { id: "verwaltung", "{b.staff_heading}" }
            Notice { message: notice() }
            button {
                r#type: "button",
                onclick: move |_| async move {
                    let answer: Result<Cycle, _> = api::send::<Cycle, ()>("POST", &format!("{API}/{nummer}/advance"), None).await;
                    match answer {
                        Ok(_) => {
                            notice.set(Some(Ok(lang().texts().budgets.advanced.to_owned())));
                            on_change.call(());
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                },
                "{b.advance_button}"
            }
            h3 { "{b.codes_heading}" }
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    async move {
                        let request = CodeBatchRequest { count: super::number(&count()) as u32, note: note() };
                        match api::send::<CodeBatch, _>("POST", &format!("{API}/{nummer}/codes"), Some(&request)).await {
                            Ok(batch) => {
                                codes.set(batch.codes);
                                notice.set(Some(Ok(lang().texts().budgets.codes_created.to_owned())));
                            }
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                TextField { id: "codes-anzahl", label: b.codes_count_label, value: count, required: true }
                TextField { id: "codes-zweck", label: b.codes_note_label, value: note }
                button { r#type: "submit", "{b.codes_button}" }
            }
            if !codes().is_empty() {
                ol { class: "codes",
                    for code in codes() {
                        li { code { "{code}" } }
                    }
                }
            }
        }
    }
}
