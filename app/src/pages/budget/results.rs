use dioxus::prelude::*;
use shared::budget::{Cycle, ProjectOutcome, ResultRule, Results};

use super::{API, euros, load_cycle};
use crate::{
    api::{self, ApiError},
    components::{PageHeading, loaded},
    i18n::use_lang,
    routes::Route,
};

async fn load(nummer: u64, rule: Option<ResultRule>) -> Result<(Cycle, Results), ApiError> {
    let cycle = load_cycle(nummer).await?;
    let rule = rule.unwrap_or(cycle.settings.result_rule);
    let query = match rule {
        ResultRule::Greedy => "greedy",
        ResultRule::Mes => "mes",
    };
    let results = api::get(&format!("{API}/{nummer}/results?rule={query}")).await?;
    Ok((cycle, results))
}

/// The results of every (sub-)budget: votes per project as bars, what was
/// funded and why not, the money used, and the data to recompute it all.
#[component]
pub fn Ergebnis(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let mut rule = use_signal(|| None::<ResultRule>);
    let resource = use_resource(move || load(nummer, rule()));
    let (cycle, results) = match loaded(resource) {
        Ok(loaded) => loaded,
        Err(placeholder) => return placeholder,
    };
    let b = &texts.budgets;
    let published = cycle.settings.result_rule;
    rsx! {
        PageHeading { text: b.results_heading }
        p { Link { to: Route::Haushalt { nummer }, "{cycle.settings.title}" } }
        p { Link { to: Route::Regeln {}, "{b.rules_link}" } }
        div { class: "field",
            label { r#for: "ergebnis-verfahren", "{b.rule_label}" }
            select {
                id: "ergebnis-verfahren",
                onchange: move |e| rule.set(Some(if e.value() == "greedy" { ResultRule::Greedy } else { ResultRule::Mes })),
                for (value, r) in [("mes", ResultRule::Mes), ("greedy", ResultRule::Greedy)] {
                    option { value, selected: results.rule == r,
                        {(b.rule_name)(r)}
                        if r == published { " ✓" }
                    }
                }
            }
        }
        h2 { "{b.budget_heading}" }
        ul { class: "bars",
            for budget in &results.budgets {
                li {
                    span { class: "bars__label", {label(&budget.district, b.city_wide)} }
                    meter { min: "0", max: "{budget.amount}", value: "{budget.spent}" }
                    " " {(b.spent_of)(&euros(lang(), budget.spent), &euros(lang(), budget.amount))}
                }
            }
        }
        for budget in &results.budgets {
            section { aria_labelledby: "teil-{budget.district}",
                h2 { id: "teil-{budget.district}", {label(&budget.district, b.city_wide)} }
                p { {(b.voters)(budget.voters)} " · " {(b.spent_of)(&euros(lang(), budget.spent), &euros(lang(), budget.amount))} }
                ol { class: "bars",
                    for project in sorted(&budget.projects) {
                        li { class: if won(&project.outcome) { "bars__won" } else { "" },
                            span { class: "bars__label",
                                Link { to: Route::Vorschlag { nummer, vorschlag: project.id.parse().unwrap_or_default() }, "{project.title}" }
                                " – {euros(lang(), project.cost)}"
                            }
                            meter { min: "0", max: "{max_votes(&budget.projects)}", value: "{project.votes}" }
                            " " {(b.votes)(project.votes)}
                            p { {(b.outcome)(&project.outcome, lang())} }
                        }
                    }
                }
                p { a { href: "{budget.pabulib}", download: "", "Pabulib (.pb)" } }
            }
        }
        h2 { "{b.downloads}" }
        p { a { href: "{API}/{nummer}/results.csv", download: "", "{b.csv_file}" } }
        p { a { href: "{API}/{nummer}/ballots.csv", download: "", "{b.csv_ballots}" } }
    }
}

fn label(district: &str, city_wide: &str) -> String {
    if district == "city-wide" {
        city_wide.to_owned()
    } else {
        district.to_owned()
    }
}

fn won(outcome: &ProjectOutcome) -> bool {
    matches!(
        outcome,
        ProjectOutcome::Won | ProjectOutcome::WonInCompletion
    )
}

fn sorted(projects: &[shared::budget::ProjectResult]) -> Vec<shared::budget::ProjectResult> {
    let mut sorted = projects.to_vec();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.votes));
    sorted
}

fn max_votes(projects: &[shared::budget::ProjectResult]) -> u64 {
    projects.iter().map(|p| p.votes).max().unwrap_or(1).max(1)
}
