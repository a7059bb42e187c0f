//! Bürgerhaushalt: the cycles, a cycle with its phases and proposals, the
//! proposal form and page, the ballot and the results, and the screens
//! staff use to set up and run a cycle. Everything goes through
//! `/api/v1/budgets`.

mod ballot;
mod cycle;
mod cycles;
mod new_cycle;
mod proposal;
mod propose;
mod results;
mod rules;

pub use ballot::HaushaltAbstimmung;
pub use cycle::Haushalt;
pub use cycles::Buergerhaushalt;
pub use new_cycle::HaushaltAnlegen;
pub use proposal::Vorschlag;
pub use propose::Vorschlagen;
pub use results::Ergebnis;
pub use rules::Regeln;

use shared::budget::Cycle;

use crate::{
    api::{self, ApiError},
    i18n::Lang,
};

const API: &str = "/api/v1/budgets";

fn euros(lang: Lang, amount: u64) -> String {
    format!("{} €", lang.format_number(amount as f64, 0))
}

async fn load_cycle(nummer: u64) -> Result<Cycle, ApiError> {
    api::get(&format!("{API}/{nummer}")).await
}

/// The name of a (sub-)budget: its district, or "city-wide".
fn budget_name(cycle: &Cycle, district: Option<&String>, city_wide: &str) -> String {
    match district {
        None => city_wide.to_owned(),
        Some(key) => cycle
            .budgets
            .iter()
            .find(|b| b.district.as_ref() == Some(key))
            .map_or_else(|| key.clone(), |b| b.name.clone()),
    }
}

/// Empty or unreadable number fields count as zero.
fn number(text: &str) -> u64 {
    text.trim()
        .replace(['.', ' '], "")
        .parse()
        .unwrap_or_default()
}
