//! The start page: what the platform is for, live figures, and the way into
//! each area.

use dioxus::prelude::*;
use shared::city::{FigureKey, Stats};

use crate::{
    api,
    city::use_city_name,
    components::{LoadError, Loading, PageHeading},
    i18n::{Lang, Module, use_lang},
    shell::module_route,
};

#[component]
pub fn Home() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let city = use_city_name();
    let mut stats = use_resource(|| api::get::<Stats>("/api/v1/stats"));
    let city_name = city().unwrap_or_default();

    rsx! {
        PageHeading { text: (texts.home_title)(&city_name).trim_end().to_owned() }
        p { class: "lead", "{texts.home_intro}" }

        section { class: "figures", aria_labelledby: "figures-heading",
            h2 { id: "figures-heading", "{texts.figures_heading}" }
            match &*stats.read() {
                None => rsx! { Loading {} },
                Some(Ok(stats)) => rsx! { Figures { stats: stats.clone(), lang: lang() } },
                Some(Err(error)) => rsx! { LoadError { error: error.clone(), on_retry: move |_| stats.restart() } },
            }
        }

        section { class: "modules", aria_labelledby: "modules-heading",
            h2 { id: "modules-heading", "{texts.modules_heading}" }
            ul { class: "module-list",
                for module in Module::ALL {
                    li { class: "module-card",
                        h3 { Link { to: module_route(module), {module.title(texts)} } }
                        p { {(texts.module_summary)(module)} }
                    }
                }
            }
        }
    }
}

/// The figures as a description list: label, then value with unit.
#[component]
pub fn Figures(stats: Stats, lang: Lang) -> Element {
    let texts = lang.texts();
    rsx! {
        dl { class: "figure-list",
            for figure in stats.figures {
                div { class: "figure",
                    dt { {(texts.figure_label)(figure.key)} }
                    dd {
                        {lang.format_number(figure.value, decimals(figure.key))}
                        {unit_suffix((texts.figure_unit)(figure.key))}
                    }
                }
            }
        }
    }
}

fn decimals(key: FigureKey) -> usize {
    match key {
        FigureKey::AreaKm2 => 2,
        FigureKey::Population | FigureKey::Districts => 0,
    }
}

fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!("\u{a0}{unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::city::Figure;

    fn render(lang: Lang) -> String {
        let stats = Stats {
            city: "Münster".into(),
            figures: vec![
                Figure {
                    key: FigureKey::Population,
                    value: 320_946.0,
                },
                Figure {
                    key: FigureKey::AreaKm2,
                    value: 303.28,
                },
            ],
        };
        dioxus_ssr::render_element(rsx! { Figures { stats, lang } })
    }

    #[test]
    fn figures_render_with_german_labels_and_number_format() {
        let html = render(Lang::De);
        assert!(
            html.contains("<dt>Einwohnerinnen und Einwohner</dt><dd>320.946</dd>"),
            "{html}"
        );
        assert!(
            html.contains("<dt>Fläche</dt><dd>303,28\u{a0}km²</dd>"),
            "{html}"
        );
    }

    #[test]
    fn figures_render_in_english() {
        let html = render(Lang::En);
        assert!(
            html.contains("<dt>Inhabitants</dt><dd>320,946</dd>"),
            "{html}"
        );
        assert!(html.contains("<dd>303.28\u{a0}km²</dd>"), "{html}");
    }
}
