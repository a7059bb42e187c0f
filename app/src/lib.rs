//! The Digitale Stadt web app. It compiles to WebAssembly for the browser and
//! natively, so that components can be rendered with dioxus-ssr in tests.

mod api;
mod browser;
mod city;
mod components;
mod i18n;
mod offline;
mod pages;
mod passkey;
mod routes;
mod session;
mod shell;

use dioxus::prelude::*;

pub use i18n::Lang;
pub use routes::Route;

/// The app root: language and city profile for every page, then the router.
#[component]
pub fn App() -> Element {
    let lang = use_context_provider(|| Signal::new(i18n::initial_lang()));
    city::provide_city();
    session::provide_session();
    use_hook(offline::start);
    use_future(pages::council::refresh_saved);
    use_effect(move || browser::set_document_language(lang().code()));
    rsx! {
        Router::<Route> {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_app() -> String {
        let mut vdom = VirtualDom::new(App);
        vdom.rebuild_in_place();
        dioxus_ssr::render(&vdom)
    }

    #[test]
    fn shell_has_landmarks_skip_link_and_german_navigation() {
        let html = render_app();
        for expected in [
            "class=\"skip-link\" href=\"#inhalt\"",
            "<header",
            "aria-label=\"Hauptnavigation\"",
            ">Bürgerhaushalt</a>",
            ">Mängelmelder</a>",
            ">Beteiligung</a>",
            ">Abstimmungen</a>",
            ">Ratsinformation</a>",
            ">Anmelden</a>",
            "<main id=\"inhalt\"",
            ">Impressum</a>",
            ">Datenschutz</a>",
            ">Erklärung zur Barrierefreiheit</a>",
            "role=\"status\"",
            "lang=\"en\"",
        ] {
            assert!(html.contains(expected), "missing {expected:?} in {html}");
        }
    }

    #[test]
    fn start_page_has_one_h1_that_takes_focus() {
        let html = render_app();
        assert_eq!(html.matches("<h1").count(), 1, "{html}");
        assert!(
            html.contains(
                "<h1 id=\"main-heading\" tabindex=\"-1\">Willkommen in der Digitalen Stadt</h1>"
            ),
            "{html}"
        );
    }
}
