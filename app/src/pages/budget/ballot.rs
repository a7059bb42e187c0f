use dioxus::prelude::*;
use shared::budget::{Ballot, BallotRequest, BallotStyle, Cycle, Proposal, SubBudget};

use super::{API, euros, load_cycle};
use crate::{
    api::{self, ApiError},
    components::{Loading, Notice, PageHeading, TextField, loaded},
    i18n::use_lang,
    routes::Route,
    session::{Session, use_session},
};

async fn load(nummer: u64, signed_in: bool) -> Result<(Cycle, Vec<Proposal>, Ballot), ApiError> {
    let cycle = load_cycle(nummer).await?;
    let projects = api::get_every_page(
        &format!("{API}/{nummer}/proposals?on_ballot=true"),
        |p: &Proposal, _| format!("after={}", p.id),
    )
    .await?;
    let mine = if signed_in {
        match api::get(&format!("{API}/{nummer}/ballot")).await {
            Ok(ballot) => ballot,
            Err(ApiError::Status { status: 404, .. }) => Ballot::default(),
            Err(error) => return Err(error),
        }
    } else {
        Ballot::default()
    };
    Ok((cycle, projects, mine))
}

/// The ballot: city-wide projects plus those of one district, with the
/// money (or choices) left shown and announced as people choose.
#[component]
pub fn HaushaltAbstimmung(nummer: u64) -> Element {
    let session = use_session();
    let signed_in = matches!(session(), Session::SignedIn(_));
    let resource = use_resource(use_reactive!(|nummer, signed_in| load(nummer, signed_in)));
    if session() == Session::Unknown {
        return rsx! { Loading {} };
    }
    let (cycle, projects, mine) = match loaded(resource) {
        Ok(loaded) => loaded,
        Err(placeholder) => return placeholder,
    };
    rsx! {
        HaushaltStimmzettel { cycle, projects, mine, signed_in }
    }
}

#[component]
fn HaushaltStimmzettel(
    cycle: Cycle,
    projects: Vec<Proposal>,
    mine: Ballot,
    signed_in: bool,
) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let b = &texts.budgets;
    let nummer = cycle.id;
    let mut city_wide = use_signal(|| mine.city_wide.clone());
    let mut district = use_signal(|| mine.district.clone().unwrap_or_default());
    let mut local = use_signal(|| mine.district_projects.clone());
    let code = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let style = cycle.settings.ballot;
    let budget_of = |key: Option<&String>| {
        cycle
            .budgets
            .iter()
            .find(|b| b.district.as_ref() == key)
            .cloned()
    };
    let city_budget = budget_of(None);
    let district_key = Some(district()).filter(|d| !d.is_empty());
    let district_budget = budget_of(district_key.as_ref());
    let city_projects: Vec<Proposal> = projects
        .iter()
        .filter(|p| p.district.is_none())
        .cloned()
        .collect();
    let district_projects: Vec<Proposal> = projects
        .iter()
        .filter(|p| p.district.is_some() && p.district == district_key)
        .cloned()
        .collect();
    let left = |budget: &Option<SubBudget>, chosen: &[u64], list: &[Proposal]| -> (u64, String) {
        let amount = budget.as_ref().map_or(0, |b| b.amount);
        let picked: Vec<&Proposal> = list.iter().filter(|p| chosen.contains(&p.id)).collect();
        match style {
            BallotStyle::Knapsack { .. } => {
                let rest = amount.saturating_sub(picked.iter().map(|p| p.cost).sum());
                (rest, euros(lang(), rest))
            }
            BallotStyle::Approval { max_choices } => {
                let rest = u64::from(max_choices).saturating_sub(picked.len() as u64);
                (rest, rest.to_string())
            }
        }
    };
    let (city_left, city_left_text) = left(&city_budget, &city_wide(), &city_projects);
    let (district_left, district_left_text) = left(&district_budget, &local(), &district_projects);
    let fits = move |p: &Proposal, chosen: &[u64], rest: u64| {
        chosen.contains(&p.id)
            || match style {
                BallotStyle::Knapsack { .. } => p.cost <= rest,
                BallotStyle::Approval { .. } => rest > 0,
            }
    };
    let districts: Vec<SubBudget> = cycle
        .budgets
        .iter()
        .filter(|b| b.district.is_some())
        .cloned()
        .collect();
    rsx! {
        PageHeading { text: b.ballot_heading }
        p { Link { to: Route::Haushalt { nummer }, "{cycle.settings.title}" } }
        p { {(b.ballot_intro)(style)} }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                async move {
                    let request = BallotRequest {
                        ballot: Ballot {
                            city_wide: city_wide(),
                            district: Some(district()).filter(|d| !d.is_empty() && !local().is_empty()),
                            district_projects: if district().is_empty() { Vec::new() } else { local() },
                        },
                        code: Some(code()).filter(|c| !c.trim().is_empty()),
                    };
                    match api::send::<Ballot, _>("PUT", &format!("{API}/{nummer}/ballot"), Some(&request)).await {
                        Ok(_) => notice.set(Some(Ok(lang().texts().budgets.cast_done.to_owned()))),
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            div { class: "ballot-left", role: "status", aria_live: "polite",
                p { "{b.city_wide}: " {(b.remaining)(&city_left_text)} }
                if district_budget.is_some() {
                    p { {district_budget.as_ref().map(|d| d.name.clone()).unwrap_or_default()} ": " {(b.remaining)(&district_left_text)} }
                }
            }
            fieldset {
                legend { "{b.city_wide}" }
                for p in city_projects {
                    ProjectChoice {
                        project: p.clone(),
                        nummer,
                        checked: city_wide().contains(&p.id),
                        enabled: fits(&p, &city_wide(), city_left),
                        on_toggle: move |on: bool| city_wide.with_mut(|c| toggle(c, p.id, on)),
                    }
                }
            }
            div { class: "field",
                label { r#for: "stimmzettel-bezirk", "{b.home_district_label}" }
                select {
                    id: "stimmzettel-bezirk",
                    onchange: move |e| {
                        district.set(e.value());
                        local.set(Vec::new());
                    },
                    option { value: "", "{b.no_district}" }
                    for d in districts {
                        option { value: d.district.clone().unwrap_or_default(), selected: d.district.as_deref() == Some(district().as_str()), "{d.name}" }
                    }
                }
            }
            if let Some(budget) = district_budget.clone() {
                fieldset {
                    legend { "{budget.name}" }
                    for p in district_projects {
                        ProjectChoice {
                            project: p.clone(),
                            nummer,
                            checked: local().contains(&p.id),
                            enabled: fits(&p, &local(), district_left),
                            on_toggle: move |on: bool| local.with_mut(|c| toggle(c, p.id, on)),
                        }
                    }
                }
            }
            // Signed in too: a code from the post joins the account (one ballot).
            TextField { id: "stimmzettel-code", label: if signed_in { b.code_label_signed_in } else { b.code_label }, value: code, autocomplete: "one-time-code" }
            button { r#type: "submit", "{b.cast_button}" }
        }
    }
}

fn toggle(chosen: &mut Vec<u64>, id: u64, on: bool) {
    chosen.retain(|c| *c != id);
    if on {
        chosen.push(id);
    }
}

#[component]
fn ProjectChoice(
    project: Proposal,
    nummer: u64,
    checked: bool,
    enabled: bool,
    on_toggle: EventHandler<bool>,
) -> Element {
    let lang = use_lang();
    let id = format!("projekt-{}", project.id);
    rsx! {
        div { class: "choice",
            input {
                id: "{id}",
                r#type: "checkbox",
                checked,
                disabled: !enabled,
                onchange: move |e| on_toggle.call(e.checked()),
            }
            label { r#for: "{id}", "{project.title} – {euros(lang(), project.cost)}" }
            " "
            Link { to: Route::Vorschlag { nummer, vorschlag: project.id }, aria_label: "{project.title}", "ⓘ" }
        }
    }
}
