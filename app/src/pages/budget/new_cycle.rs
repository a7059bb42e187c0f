use dioxus::prelude::*;
use shared::budget::{
    BallotStyle, Cycle, CycleSettings, DistrictBudgets, Phase, PhaseKind, Preselection, ResultRule,
};

use super::{API, number};
use crate::{
    api, browser,
    components::{Notice, PageHeading, TextField, staff_only},
    i18n::use_lang,
    routes::Route,
    session::use_session,
};

/// The implementation phase is reported on for a year.
const IMPLEMENTATION_DAYS: u32 = 365;

/// Staff set up a cycle: money, categories, dates and rules. Each phase
/// lasts the same number of weeks; dates can be moved later.
#[component]
pub fn HaushaltAnlegen() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let b = &texts.budgets;
    let title = use_signal(String::new);
    let description = use_signal(String::new);
    let categories = use_signal(|| {
        "Verkehr, Umwelt und Grün, Bildung, Kultur, Soziales, Sport und Freizeit".to_owned()
    });
    let city_amount = use_signal(|| "400000".to_owned());
    let district_pool = use_signal(|| "300000".to_owned());
    let mut start = use_signal(String::new);
    let weeks = use_signal(|| "4".to_owned());
    let limit = use_signal(|| "30".to_owned());
    let supports = use_signal(|| "10".to_owned());
    let threshold = use_signal(|| "1".to_owned());
    let approval = use_signal(String::new);
    let mut rule = use_signal(|| ResultRule::Mes);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let navigator = use_navigator();

    if let Some(refusal) = staff_only(&session(), b.new_heading, texts.accounts.not_allowed) {
        return refusal;
    }
    rsx! {
        PageHeading { text: b.new_heading }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                async move {
                    let texts = lang().texts();
                    let span = (number(&weeks()) as u32).max(1) * 7;
                    let mut days = vec![span; PhaseKind::ALL.len() - 1];
                    days.push(IMPLEMENTATION_DAYS);
                    let Some(instants) = browser::instants_after(&start(), &days) else {
                        notice.set(Some(Err(texts.council_edit.time_missing.to_owned())));
                        return;
                    };
                    let phases = PhaseKind::ALL
                        .iter()
                        .zip(instants.windows(2))
                        .map(|(kind, pair)| Phase { kind: *kind, starts: pair[0].clone(), ends: pair[1].clone() })
                        .collect();
                    let pool = number(&district_pool());
                    let settings = CycleSettings {
                        title: title(),
                        description: description(),
                        categories: categories().split(',').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect(),
                        city_wide_amount: number(&city_amount()),
                        districts: if pool > 0 { DistrictBudgets::Population { pool } } else { DistrictBudgets::None },
                        phases,
                        proposal_limit: number(&limit()) as u32,
                        preselection: Preselection::Supports {
                            max_per_person: number(&supports()) as u32,
                            threshold: number(&threshold()) as u32,
                        },
                        hide_counts: true,
                        ballot: match number(&approval()) {
                            0 => BallotStyle::Knapsack { min_spend_percent: 0 },
                            k => BallotStyle::Approval { max_choices: k as u32 },
                        },
                        result_rule: rule(),
                    };
                    match api::send::<Cycle, _>("POST", API, Some(&settings)).await {
                        Ok(cycle) => {
                            navigator.push(Route::Haushalt { nummer: cycle.id });
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            TextField { id: "zyklus-titel", label: b.title_label, value: title, required: true }
            TextField { id: "zyklus-beschreibung", label: b.description_label, value: description }
            TextField { id: "zyklus-kategorien", label: b.categories_label, value: categories, required: true }
            TextField { id: "zyklus-stadtweit", label: b.city_amount_label, value: city_amount, required: true }
            TextField { id: "zyklus-bezirke", label: b.district_pool_label, value: district_pool }
            div { class: "field",
                label { r#for: "zyklus-beginn", "{b.start_label}" }
                input {
                    id: "zyklus-beginn",
                    r#type: "datetime-local",
                    required: true,
                    value: "{start}",
                    oninput: move |e| start.set(e.value()),
                }
            }
            TextField { id: "zyklus-wochen", label: b.weeks_label, value: weeks, required: true }
            TextField { id: "zyklus-limit", label: b.limit_label, value: limit, required: true }
            TextField { id: "zyklus-unterstuetzungen", label: b.supports_max_label, value: supports, required: true }
            TextField { id: "zyklus-schwelle", label: b.threshold_label, value: threshold }
            TextField { id: "zyklus-zustimmung", label: b.approval_label, value: approval }
            div { class: "field",
                label { r#for: "zyklus-regel", "{b.rule_label}" }
                select {
                    id: "zyklus-regel",
                    onchange: move |e| rule.set(if e.value() == "greedy" { ResultRule::Greedy } else { ResultRule::Mes }),
                    option { value: "mes", {(b.rule_name)(ResultRule::Mes)} }
                    option { value: "greedy", {(b.rule_name)(ResultRule::Greedy)} }
                }
            }
            button { r#type: "submit", "{b.create_button}" }
        }
    }
}
