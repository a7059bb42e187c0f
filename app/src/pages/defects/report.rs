use dioxus::prelude::*;
use shared::defects::DefectReport;

use super::{API, StatusBadge, remember, staff::StaffActions};
use crate::{
    api::{self, ApiError},
    browser,
    components::{Notice, PageHeading, loaded},
    i18n::use_lang,
    pages::openstreetmap,
    routes::Route,
    session::{Session, use_session},
};

async fn load(nummer: u64) -> Result<DefectReport, ApiError> {
    api::get(&format!("{API}/reports/{nummer}")).await
}

/// A report with its photos, the city's answers in order and "Ich auch";
/// staff work on it from here.
#[component]
pub fn Meldung(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let mut report = use_resource(use_reactive!(|nummer| load(nummer)));
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let shown = match loaded(report) {
        Ok(shown) => shown,
        Err(placeholder) => return placeholder,
    };
    let t = &texts.defect_reports;
    let code = lang().code();
    let signed_out = matches!(session(), Session::SignedOut);
    let counted_here = signed_out && super::remembered().contains(&shown.number);
    let can_follow = shown.status.is_open() && !shown.mine && !shown.subscribed && !counted_here;
    let signed_in = !matches!(session(), Session::SignedOut | Session::Unknown);
    rsx! {
        PageHeading { text: (t.report_title)(shown.number, &shown.category_name) }
        p { StatusBadge { status: shown.status, overdue: shown.overdue } }
        if let Some(reason) = &shown.hidden {
            p { class: "notice", role: "note", "{(t.hidden_notice)(reason)}" }
        }
        Notice { message: notice() }
        dl { class: "facts",
            dt { "{t.group_label}" } dd { "{shown.group} – {shown.category_name}" }
            dt { "{t.department_label}" } dd { "{shown.department}" }
            dt { "{t.reported_label}" } dd { "{browser::format_datetime(&shown.created, code)}" }
            if let Some(closed) = &shown.closed {
                dt { "{t.closed_label}" } dd { "{browser::format_datetime(closed, code)}" }
            } else {
                dt { "{t.expected_label}" } dd { "{super::day(lang(), &shown.expected_by)}" }
            }
            dt { "{t.place_label}" }
            dd {
                if let Some(address) = &shown.address { "{address} · " }
                a { href: openstreetmap(shown.location.lat, shown.location.lon), target: "_blank", rel: "noopener",
                    "{shown.location.lat:.5}, {shown.location.lon:.5}"
                }
            }
            if let Some(name) = &shown.reporter_name {
                dt { "{t.reporter_label}" } dd { "{name}" }
            }
            if let Some(contact) = &shown.contact {
                dt { "{t.contact_label}" } dd { a { href: "mailto:{contact}", "{contact}" } }
            }
            if let Some(original) = shown.duplicate_of {
                dt { "{t.duplicate_of_label}" }
                dd { Link { to: Route::Meldung { nummer: original }, "{(t.report_title)(original, \"\")}" } }
            }
            dt { "{t.affected_label}" } dd { "{shown.affected}" }
        }
        p { class: "report-text", "{shown.description}" }
        if !shown.answers.is_empty() {
            dl { class: "facts",
                for answer in &shown.answers {
                    dt { "{answer.label}" } dd { "{answer.answer}" }
                }
            }
        }
        if !shown.photos.is_empty() {
            ul { class: "photo-list",
                for (i, photo) in shown.photos.iter().enumerate() {
                    li {
                        a { href: "{photo.display_url}", target: "_blank",
                            img { src: "{photo.thumbnail_url}", alt: (t.photo_alt)(i + 1), width: "160", loading: "lazy" }
                        }
                        if session().is_staff() {
                            button {
                                r#type: "button",
                                onclick: {
                                    let id = photo_id(&photo.display_url);
                                    move |_| {
                                        let id = id.clone();
                                        async move {
                                            let path = format!("{API}/reports/{nummer}/photos/{id}");
                                            match api::send::<DefectReport, ()>("DELETE", &path, None).await {
                                                Ok(_) => report.restart(),
                                                Err(error) => notice.set(Some(Err(error.message(lang())))),
                                            }
                                        }
                                    }
                                },
                                "{(t.remove_photo)(i + 1)}"
                            }
                        }
                    }
                }
            }
        }
        if can_follow {
            button {
                r#type: "button",
                onclick: move |_| async move {
                    match api::send::<DefectReport, ()>("POST", &format!("{API}/reports/{nummer}/affected"), None).await {
                        Ok(_) => {
                            remember(nummer);
                            notice.set(Some(Ok(lang().texts().defect_reports.me_too_done.to_owned())));
                            report.restart();
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                },
                "{(t.me_too)(nummer)}"
            }
            if !signed_in { p { class: "field__hint", "{t.me_too_anonymous}" } }
        } else if shown.subscribed {
            p { "{t.following}" }
        }
        h2 { "{t.history_heading}" }
        ol { class: "history",
            for update in &shown.updates {
                li { key: "{update.id}",
                    p {
                        strong { "{browser::format_datetime(&update.at, code)}" }
                        " · "
                        StatusBadge { status: update.status, overdue: false }
                        " · {update.department}"
                    }
                    if let Some(change) = &update.change { p { class: "field__hint", "{change}" } }
                    p { "{update.text}" }
                }
            }
        }
        if session().is_staff() {
            StaffActions { report: shown.clone(), on_changed: move |_| report.restart() }
        }
        p { Link { to: Route::Maengelmelder {}, "{t.back_to_overview}" } }
    }
}

/// The photo id in `/api/v1/defects/photos/{id}/display`.
fn photo_id(display_url: &str) -> String {
    display_url
        .trim_end_matches("/display")
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}
