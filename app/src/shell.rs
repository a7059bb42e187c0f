//! The frame around every page: skip link, header with the city name, the
//! search box and main navigation, language switch, the page itself, footer, and the live region
//! that tells screen-reader users when a new page has loaded.

use std::{cell::Cell, rc::Rc};

use dioxus::prelude::*;

use crate::{
    browser,
    city::use_city_name,
    i18n::{Module, switch_language, use_lang},
    pages::search::SearchBox,
    routes::Route,
    session::{use_ended_elsewhere, use_session},
};

/// Id of every page's `h1`; focus moves there after a client-side navigation.
pub const MAIN_HEADING_ID: &str = "main-heading";
const MAIN_ID: &str = "inhalt";

#[component]
pub fn Shell() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let city = use_city_name();
    let session = use_session();
    let ended_elsewhere = use_ended_elsewhere();
    let route = use_route::<Route>();
    let announcement = use_signal(String::new);
    let mut arrival = use_context_provider(|| Arrival {
        pending: Signal::new(false),
        announcement,
    });
    let first_page = use_hook(|| Rc::new(Cell::new(true)));

    // After a client-side route change the new page's heading takes focus and
    // is announced ([`PageHeading`] does it once it is shown, which for pages
    // that load data is later). The first page load is announced by the
    // browser itself.
    use_effect(use_reactive!(|route| {
        let _ = route;
        if first_page.replace(false) {
            return;
        }
        arrival.pending.set(true);
    }));

    let site_name = match city() {
        Some(name) => (texts.site_name_for_city)(&name),
        None => texts.site_name.to_owned(),
    };
    let other = lang().other();

    rsx! {
        a { class: "skip-link", href: "#{MAIN_ID}", "{texts.skip_to_content}" }
        header { class: "site-header",
            div { class: "site-header__bar",
                Link { class: "site-name", to: Route::Home {}, "{site_name}" }
                SearchBox {}
                button {
                    class: "language-switch",
                    r#type: "button",
                    lang: other.code(),
                    title: texts.switch_language_hint,
                    onclick: move |_| switch_language(lang, other),
                    "{texts.switch_language}"
                }
            }
            nav { class: "main-nav", aria_label: texts.main_nav_label,
                ul {
                    for module in Module::ALL {
                        li { Link { to: module_route(module), {module.title(texts)} } }
                    }
                    li {
                        if session().me().is_some() {
                            Link { to: Route::Konto {}, "{texts.accounts.my_account}" }
                        } else {
                            Link { to: Route::Anmelden {}, "{texts.sign_in}" }
                        }
                    }
                }
            }
        }
        if ended_elsewhere() && session().me().is_none() {
            p { class: "notice notice--error", role: "alert", "{texts.error_recovered_elsewhere}" }
        }
        main { id: MAIN_ID, tabindex: "-1", Outlet::<Route> {} }
        footer { class: "site-footer",
            nav { aria_label: texts.footer_nav_label,
                ul {
                    li { Link { to: Route::Impressum {}, "{texts.imprint}" } }
                    li { Link { to: Route::Datenschutz {}, "{texts.privacy}" } }
                    li { Link { to: Route::Barrierefreiheit {}, "{texts.accessibility}" } }
                    li { a { href: "/api/v1/openapi.json", "{texts.api_docs}" } }
                }
            }
        }
        div { class: "visually-hidden", role: "status", aria_live: "polite", "{announcement}" }
    }
}

/// A client-side navigation whose page heading has not been announced yet.
#[derive(Clone, Copy)]
pub struct Arrival {
    pending: Signal<bool>,
    announcement: Signal<String>,
}

/// Called by every page heading when it is shown: completes a pending
/// arrival by focusing the heading and announcing it.
pub fn use_arrival_at_heading() {
    let mut arrival = use_context::<Arrival>();
    let lang = use_lang();
    use_effect(move || {
        if !(arrival.pending)() {
            return;
        }
        arrival.pending.set(false);
        browser::focus_element(MAIN_HEADING_ID);
        let heading = browser::element_text(MAIN_HEADING_ID).unwrap_or_default();
        arrival
            .announcement
            .set((lang.peek().texts().page_loaded)(&heading));
    });
}

pub fn module_route(module: Module) -> Route {
    match module {
        Module::Budget => Route::Buergerhaushalt {},
        Module::Defects => Route::Maengelmelder {},
        Module::Participation => Route::Beteiligung {},
        Module::Votes => Route::Abstimmungen {},
        Module::Council => Route::Ratsinformation {},
    }
}
