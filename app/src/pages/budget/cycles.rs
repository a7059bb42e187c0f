use dioxus::prelude::*;
use shared::budget::Cycle;

use super::{API, euros};
use crate::{
    api,
    components::{ModuleIntro, loaded},
    i18n::{Module, use_lang},
    routes::Route,
    session::use_session,
};

/// The Bürgerhaushalt's entry page: what it is and every cycle.
#[component]
pub fn Buergerhaushalt() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let cycles = match loaded(use_resource(|| api::get::<Vec<Cycle>>(API))) {
        Ok(cycles) => cycles,
        Err(placeholder) => return placeholder,
    };
    let b = &texts.budgets;
    rsx! {
        ModuleIntro { module: Module::Budget }
        if session().is_staff() {
            p { Link { to: Route::HaushaltAnlegen {}, "{b.new_cycle}" } }
        }
        p { Link { to: Route::Regeln {}, "{b.rules_link}" } }
        h2 { "{b.cycles_heading}" }
        if cycles.is_empty() {
            p { "{b.no_cycles}" }
        }
        ul { class: "cards",
            for cycle in cycles {
                li { class: "card",
                    h3 {
                        Link { to: Route::Haushalt { nummer: cycle.id }, "{cycle.settings.title}" }
                    }
                    p {
                        "{b.current_phase}: "
                        strong { {phase_label(&cycle, lang())} }
                    }
                    p { "{b.total}: {euros(lang(), cycle.total)}" }
                }
            }
        }
    }
}

/// The running phase, or whether the cycle has not begun or is over.
pub(super) fn phase_label(cycle: &Cycle, lang: crate::i18n::Lang) -> &'static str {
    let b = &lang.texts().budgets;
    match cycle.current_phase {
        Some(phase) => (b.phase_name)(phase),
        None if !cycle.begun => b.not_started,
        None => b.finished,
    }
}
