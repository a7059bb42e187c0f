use dioxus::prelude::*;
use shared::defects::{DefectReport, ReportSummary};

use super::{API, ReportList, remembered};
use crate::{
    api::{self, ApiError},
    components::{PageHeading, loaded},
    i18n::use_lang,
    routes::Route,
    session::{Session, use_session},
};

/// The reports this person sent or follows: from their account when signed
/// in, and those sent from this device without one. Each shows its current
/// status, so the city's answers reach the reporter here.
#[component]
pub fn MeineMeldungen() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let reports = use_resource(move || async move {
        let signed_in = !matches!(session(), Session::SignedOut | Session::Unknown);
        load(signed_in).await
    });
    let t = &texts.defect_reports;
    let reports = match loaded(reports) {
        Ok(reports) => reports,
        Err(placeholder) => return placeholder,
    };
    rsx! {
        PageHeading { text: t.mine_heading }
        p { "{t.mine_intro}" }
        ReportList { reports }
        p { Link { to: Route::MangelMelden {}, "{t.report_button}" } }
    }
}

async fn load(signed_in: bool) -> Result<Vec<ReportSummary>, ApiError> {
    let mut reports: Vec<ReportSummary> = if signed_in {
        api::get(&format!("{API}/mine")).await?
    } else {
        Vec::new()
    };
    for number in remembered() {
        if reports.iter().any(|r| r.number == number) {
            continue;
        }
        match api::get::<DefectReport>(&format!("{API}/reports/{number}")).await {
            Ok(report) => reports.push(summary(report)),
            // A report removed by the city is simply no longer listed.
            Err(ApiError::Status { status: 404, .. }) => {}
            Err(error) => return Err(error),
        }
    }
    reports.sort_by(|a, b| b.number.cmp(&a.number));
    Ok(reports)
}

fn summary(report: DefectReport) -> ReportSummary {
    ReportSummary {
        number: report.number,
        category: report.category,
        category_name: report.category_name,
        group: report.group,
        department: report.department,
        status: report.status,
        location: report.location,
        excerpt: report
            .updates
            .last()
            .map_or(report.description, |u| u.text.clone()),
        created: report.created,
        updated: report.updated,
        overdue: report.overdue,
        affected: report.affected,
        thumbnail_url: report.photos.first().map(|p| p.thumbnail_url.clone()),
        hidden: report.hidden.is_some(),
    }
}
