//! Mängelmelder: the public map and list, the report form, report pages
//! with the city's answers, the reporter's own reports and the staff inbox.
//! Everything goes through `/api/v1/defects`; the map and the photo's GPS
//! position come from `static/maengelmelder.js`.

mod categories;
mod confirmation;
mod form;
mod inbox;
mod map;
mod mine;
mod overview;
mod report;
mod staff;

pub use categories::MaengelKategorien;
pub use confirmation::MeldungEingegangen;
pub use form::MangelMelden;
pub use inbox::MaengelBearbeitung;
pub use mine::MeineMeldungen;
pub use overview::Maengelmelder;
pub use report::Meldung;

use dioxus::prelude::*;
use shared::defects::{DefectSetup, DefectStatus, ReportSummary};

use crate::{
    api::{self, ApiError},
    browser,
    i18n::{Lang, use_lang},
    routes::Route,
};

const API: &str = "/api/v1/defects";

async fn load_setup() -> Result<DefectSetup, ApiError> {
    api::get(&format!("{API}/setup")).await
}

/// The status as a badge; closed ones look settled, overdue ones stand out.
#[component]
fn StatusBadge(status: DefectStatus, overdue: bool) -> Element {
    let texts = use_lang()().texts();
    let t = &texts.defect_reports;
    let class = if status.is_open() {
        "badge badge--open"
    } else {
        "badge badge--closed"
    };
    rsx! {
        span { class, "{(t.status)(status)}" }
        if overdue {
            " "
            span { class: "badge badge--overdue", "{t.overdue}" }
        }
    }
}

/// Reports as a list: the accessible twin of the map.
#[component]
fn ReportList(reports: Vec<ReportSummary>) -> Element {
    let lang = use_lang()();
    let t = &lang.texts().defect_reports;
    if reports.is_empty() {
        return rsx! { p { "{t.no_reports}" } };
    }
    rsx! {
        ul { class: "defect-list",
            for report in reports {
                li { key: "{report.number}",
                    if let Some(url) = &report.thumbnail_url {
                        img { src: "{url}", alt: "", width: "64", height: "48", loading: "lazy" }
                    }
                    div {
                        Link { to: Route::Meldung { nummer: report.number },
                            "{(t.report_title)(report.number, &report.category_name)}"
                        }
                        " "
                        StatusBadge { status: report.status, overdue: report.overdue }
                        if report.hidden {
                            " "
                            span { class: "badge badge--overdue", "{t.hidden_badge}" }
                        }
                        p { class: "field__hint",
                            "{report.group} · {browser::format_datetime(&report.created, lang.code())}"
                            if report.affected > 0 { " · {(t.affected)(report.affected)}" }
                        }
                        p { "{report.excerpt}" }
                    }
                }
            }
        }
    }
}

/// A day (`2026-12-07`) as people write it: `7.12.2026` in German.
fn day(lang: Lang, iso: &str) -> String {
    match (lang, iso.split('-').collect::<Vec<_>>().as_slice()) {
        (Lang::De, [year, month, day]) => format!(
            "{}.{}.{year}",
            day.trim_start_matches('0'),
            month.trim_start_matches('0')
        ),
        _ => iso.to_owned(),
    }
}

/// Report numbers sent or followed from this device without an account.
fn remembered() -> Vec<u64> {
    browser::stored("ds-meldungen")
        .map(|list| list.split(',').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default()
}

fn remember(number: u64) {
    let mut numbers = remembered();
    if !numbers.contains(&number) {
        numbers.push(number);
    }
    let list: Vec<String> = numbers.iter().map(u64::to_string).collect();
    browser::store("ds-meldungen", &list.join(","));
}

fn status_options(lang: Lang) -> Vec<(String, String)> {
    let t = &lang.texts().defect_reports;
    let mut options = vec![
        ("".to_owned(), t.all_statuses.to_owned()),
        ("offen".to_owned(), t.open_ones.to_owned()),
        ("abgeschlossen".to_owned(), t.closed_ones.to_owned()),
    ];
    options.extend(
        DefectStatus::ALL
            .into_iter()
            .map(|s| (s.key().to_owned(), (t.status)(s).to_owned())),
    );
    options
}

/// A labelled choice among `(value, shown text)` pairs.
#[component]
fn Select(
    id: String,
    label: String,
    options: Vec<(String, String)>,
    value: Signal<String>,
) -> Element {
    rsx! {
        div { class: "field",
            label { r#for: "{id}", "{label}" }
            select { id: "{id}", onchange: move |event| value.set(event.value()),
                for (key, text) in options {
                    option { value: "{key}", selected: value() == key, "{text}" }
                }
            }
        }
    }
}

/// The categories as choices, "group – name", with "all" first.
fn category_options(setup: &DefectSetup, all: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), all.to_owned()))
        .chain(
            setup
                .categories
                .iter()
                .map(|c| (c.code.clone(), format!("{} – {}", c.group, c.name))),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_the_german_way_in_german() {
        assert_eq!(day(Lang::De, "2026-12-07"), "7.12.2026");
        assert_eq!(day(Lang::De, "2026-11-30"), "30.11.2026");
        assert_eq!(day(Lang::En, "2026-12-07"), "2026-12-07");
    }
}
