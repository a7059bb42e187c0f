use dioxus::prelude::*;
use shared::defects::DefectReport;

use super::API;
use crate::{
    api,
    components::{PageHeading, loaded},
    i18n::use_lang,
    routes::Route,
};

/// After sending: the report's number, who handles it and by when.
#[component]
pub fn MeldungEingegangen(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let report = use_resource(use_reactive!(|nummer| async move {
        api::get::<DefectReport>(&format!("{API}/reports/{nummer}")).await
    }));
    let report = match loaded(report) {
        Ok(report) => report,
        Err(placeholder) => return placeholder,
    };
    let t = &texts.defect_reports;
    rsx! {
        PageHeading { text: t.thanks_heading }
        p { class: "notice", role: "status", "{(t.thanks_number)(report.number)}" }
        p { "{(t.thanks_department)(&report.department, report.expected_days, &super::day(lang(), &report.expected_by))}" }
        p { "{t.thanks_follow}" }
        p {
            Link { to: Route::Meldung { nummer: report.number }, "{(t.report_title)(report.number, &report.category_name)}" }
            " · "
            Link { to: Route::MeineMeldungen {}, "{t.mine_link}" }
        }
    }
}
