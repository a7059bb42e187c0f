use dioxus::prelude::*;
use shared::defects::{DefectFigures, DefectStatistics, ReportSummary};

use super::{API, ReportList, Select, category_options, load_setup, status_options};
use crate::{
    api,
    components::{PageHeading, loaded, staff_only},
    i18n::use_lang,
    routes::Route,
    session::use_session,
};

/// The staff inbox: open reports first come, first served, filtered by
/// department, category and status, overdue ones marked; and the figures.
#[component]
pub fn MaengelBearbeitung() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let setup = use_resource(load_setup);
    let mut department = use_signal(String::new);
    let category = use_signal(String::new);
    let status = use_signal(String::new);
    let mut overdue = use_signal(|| false);
    let reports = use_resource(move || async move {
        let query = format!(
            "department={}&category={}&status={}&overdue={}",
            api::query_value(&department()),
            api::query_value(&category()),
            api::query_value(&status()),
            overdue()
        );
        api::get::<Vec<ReportSummary>>(&format!("{API}/inbox?{query}")).await
    });
    // Staff bound to an office (set by admins) start with its reports.
    let mut preset = use_signal(|| false);
    use_effect(move || {
        let Some(Ok(setup)) = &*setup.read() else {
            return;
        };
        let Some(me) = session().me().cloned() else {
            return;
        };
        if preset() {
            return;
        }
        preset.set(true);
        if let Some(own) = me
            .departments
            .iter()
            .find(|d| setup.categories.iter().any(|c| &c.department == *d))
        {
            department.set(own.clone());
        }
    });
    let figures =
        use_resource(|| async { api::get::<DefectStatistics>(&format!("{API}/statistics")).await });
    let t = &texts.defect_reports;
    if let Some(page) = staff_only(&session(), t.inbox_link, t.staff_only) {
        return page;
    }
    let setup = match loaded(setup) {
        Ok(setup) => setup,
        Err(placeholder) => return placeholder,
    };
    let mut departments: Vec<String> = setup
        .categories
        .iter()
        .map(|c| c.department.clone())
        .collect();
    departments.sort();
    departments.dedup();
    let department_options: Vec<(String, String)> =
        std::iter::once((String::new(), t.all_departments.to_owned()))
            .chain(departments.into_iter().map(|d| (d.clone(), d)))
            .collect();
    let mut statuses = status_options(lang());
    statuses[0].1 = t.open_ones.to_owned();
    rsx! {
        PageHeading { text: t.inbox_link }
        p { Link { to: Route::MaengelKategorien {}, "{t.categories_link}" } }
        form { class: "filters", onsubmit: move |e| e.prevent_default(),
            Select { id: "eingang-dienststelle", label: t.department_label, options: department_options, value: department }
            Select { id: "eingang-kategorie", label: t.category_label, options: category_options(&setup, t.all_categories), value: category }
            Select { id: "eingang-status", label: t.status_label, options: statuses, value: status }
            div { class: "field field--check",
                input { id: "eingang-ueberfaellig", r#type: "checkbox", checked: overdue(), onchange: move |e| overdue.set(e.checked()) }
                label { r#for: "eingang-ueberfaellig", "{t.only_overdue}" }
            }
        }
        match &*reports.read() {
            Some(Ok(list)) => rsx! {
                p { role: "status", "{(t.count)(list.len())}" }
                ReportList { reports: list.clone() }
            },
            Some(Err(error)) => rsx! { p { class: "notice notice--error", role: "alert", "{error.message(lang())}" } },
            None => rsx! { p { "{texts.loading}" } },
        }
        if let Some(Ok(figures)) = &*figures.read() {
            h2 { "{t.figures_heading}" }
            FiguresTable { caption: t.by_department, rows: figures.by_department.clone() }
            FiguresTable { caption: t.by_category, rows: figures.by_category.clone() }
        }
    }
}

#[component]
fn FiguresTable(caption: String, rows: Vec<DefectFigures>) -> Element {
    let lang = use_lang();
    let t = &lang().texts().defect_reports;
    rsx! {
        table {
            caption { "{caption}" }
            thead {
                tr {
                    th { scope: "col", "{t.figures_name}" }
                    th { scope: "col", "{t.figures_open}" }
                    th { scope: "col", "{t.figures_overdue}" }
                    th { scope: "col", "{t.figures_closed}" }
                    th { scope: "col", "{t.figures_duplicates}" }
                    th { scope: "col", "{t.figures_median}" }
                }
            }
            tbody {
                for row in rows {
                    tr {
                        th { scope: "row", "{row.name}" }
                        td { "{row.open}" }
                        td { "{row.overdue}" }
                        td { "{row.closed}" }
                        td { "{row.duplicates}" }
                        td { "{row.median_days_to_close.map(|d| lang().format_number(d, 1)).unwrap_or_else(|| \"–\".into())}" }
                    }
                }
            }
        }
    }
}
