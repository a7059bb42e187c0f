use dioxus::prelude::*;
use shared::defects::{DefectSetup, ReportSummary};

use super::{
    API, ReportList, Select, category_options, load_setup,
    map::{self, Marker},
    status_options,
};
use crate::{
    api,
    components::{PageHeading, loaded},
    i18n::use_lang,
    routes::Route,
    session::use_session,
};

/// Reported within this many days; empty for all.
const PERIODS: [&str; 4] = ["", "7", "30", "90"];

/// The public view: all reports on a map and, with the same filters, as a
/// list, since a map alone is not accessible; the open data downloads.
#[component]
pub fn Maengelmelder() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let setup = use_resource(load_setup);
    let category = use_signal(String::new);
    let status = use_signal(|| "offen".to_owned());
    let period = use_signal(String::new);
    let query = use_memo(move || {
        let mut query = vec![
            format!("category={}", api::query_value(&category())),
            format!("status={}", api::query_value(&status())),
        ];
        if let Ok(days) = period().parse::<i64>() {
            query.push(format!("from={}", crate::browser::days_ago(days)));
        }
        query.join("&")
    });
    let reports = use_resource(move || async move {
        api::get_every_page(
            &format!("{API}/reports?{}", query()),
            |r: &ReportSummary, _| format!("after={}", r.number),
        )
        .await
    });
    use_effect(move || {
        let (Some(Ok(setup)), Some(Ok(reports))) = (setup.read().clone(), reports.read().clone())
        else {
            return;
        };
        spawn(show_on_map(
            setup,
            reports,
            lang().texts().defect_reports.report_title,
        ));
    });
    let setup = match loaded(setup) {
        Ok(setup) => setup,
        Err(placeholder) => return placeholder,
    };
    let t = &texts.defect_reports;
    let periods: Vec<(String, String)> = PERIODS
        .iter()
        .map(|p| (p.to_string(), (t.period)(p.parse().ok())))
        .collect();
    rsx! {
        PageHeading { text: texts.defects }
        p { "{t.intro}" }
        p { class: "actions",
            Link { class: "button", to: Route::MangelMelden {}, "{t.report_button}" }
            " "
            Link { to: Route::MeineMeldungen {}, "{t.mine_link}" }
            if session().is_staff() {
                " · "
                Link { to: Route::MaengelBearbeitung {}, "{t.inbox_link}" }
            }
        }
        form { class: "filters", onsubmit: move |e| e.prevent_default(),
            Select { id: "filter-kategorie", label: t.category_label, options: category_options(&setup, t.all_categories), value: category }
            Select { id: "filter-status", label: t.status_label, options: status_options(lang()), value: status }
            Select { id: "filter-zeitraum", label: t.period_label, options: periods, value: period }
        }
        div { id: "maengel-karte", class: "map", role: "region", aria_label: t.map_label }
        p { class: "field__hint", "{t.map_note}" }
        h2 { "{t.list_heading}" }
        match &*reports.read() {
            Some(Ok(list)) => rsx! {
                p { role: "status", "{(t.count)(list.len())}" }
                ReportList { reports: list.clone() }
            },
            Some(Err(error)) => rsx! { p { class: "notice notice--error", role: "alert", "{error.message(lang())}" } },
            None => rsx! { p { "{texts.loading}" } },
        }
        h2 { "{t.open_data_heading}" }
        p { "{t.open_data_text}" }
        ul {
            li { a { href: "{API}/reports.geojson?{query}", download: "maengelmelder.geojson", "GeoJSON" } }
            li { a { href: "{API}/reports.csv?{query}", "CSV" } }
            li { a { href: "/open311/v2/discovery.json", "Open311 GeoReport v2" } }
        }
    }
}

async fn show_on_map(
    setup: DefectSetup,
    reports: Vec<ReportSummary>,
    title: fn(u64, &str) -> String,
) {
    let markers: Vec<Marker> = reports
        .iter()
        .map(|r| Marker {
            number: r.number,
            lat: r.location.lat,
            lon: r.location.lon,
            label: title(r.number, &r.category_name),
        })
        .collect();
    map::show_reports("maengel-karte", &setup, &markers).await;
}
