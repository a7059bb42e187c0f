use dioxus::prelude::*;
use shared::council::MeetingSummary;

use crate::{
    api,
    browser::{format_datetime, this_month},
    components::{LoadError, Loading, PageHeading},
    i18n::{Module, use_lang},
    routes::Route,
    session::use_session,
};

/// The meeting calendar: one month at a time, optionally one committee.
#[component]
pub fn Ratsinformation() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let mut month = use_signal(this_month);
    let mut organization = use_signal(|| None::<u64>);
    let mut as_grid = use_signal(|| false);
    let organizations = use_resource(super::oparl::organizations);
    let mut meetings = use_resource(move || async move {
        let (year, number) = month();
        let (next_year, next) = following(year, number);
        let mut path = format!(
            "/api/v1/council/meetings?from={year:04}-{number:02}-01&until={next_year:04}-{next:02}-01"
        );
        if let Some(n) = organization() {
            path.push_str(&format!("&organization={n}"));
        }
        api::get::<Vec<MeetingSummary>>(&path).await
    });

    let (year, number) = month();
    let heading =
        (texts.reader.calendar_heading)(&format!("{} {year}", (texts.reader.month_name)(number)));
    let feed = match organization() {
        Some(n) => format!("/api/v1/council/organizations/{n}/meetings.ics"),
        None => "/api/v1/council/meetings.ics".to_owned(),
    };
    let organization_list = match &*organizations.read() {
        Some(Ok(list)) => list.clone(),
        _ => Vec::new(),
    };
    let chosen_name = organization().and_then(|n| {
        organization_list
            .iter()
            .find(|(number, _)| *number == n)
            .map(|(_, name)| name.clone())
    });

    rsx! {
        PageHeading { text: Module::Council.title(texts) }
        if session().is_staff() {
            p { Link { to: Route::SitzungAnlegen {}, "{texts.council_edit.new_meeting}" } }
        }
        super::offline::SavedMeetings {}
        div { class: "calendar-controls",
            button {
                r#type: "button",
                onclick: move |_| {
                    let (y, m) = month();
                    month.set(preceding(y, m));
                },
                "← {texts.reader.previous_month}"
            }
            button {
                r#type: "button",
                onclick: move |_| {
                    let (y, m) = month();
                    month.set(following(y, m));
                },
                "{texts.reader.next_month} →"
            }
            div { class: "field",
                label { r#for: "gremium", "{texts.reader.organization_filter}" }
                select {
                    id: "gremium",
                    onchange: move |event| organization.set(event.value().parse().ok()),
                    option { value: "", selected: organization().is_none(), "{texts.reader.all_organizations}" }
                    for (n, name) in organization_list.iter().cloned() {
                        option { value: "{n}", selected: organization() == Some(n), "{name}" }
                    }
                }
            }
        }
        div { class: "button-row view-switch",
            button { r#type: "button", aria_pressed: "{!as_grid()}", onclick: move |_| as_grid.set(false), "{texts.reader.view_list}" }
            button { r#type: "button", aria_pressed: "{as_grid()}", onclick: move |_| as_grid.set(true), "{texts.reader.view_month}" }
        }
        h2 { aria_live: "polite", "{heading}" }
        match &*meetings.read() {
            None => rsx! { Loading {} },
            Some(Err(error)) => rsx! { LoadError { error: error.clone(), on_retry: move |_| meetings.restart() } },
            Some(Ok(list)) if as_grid() => rsx! { super::month::MonthGrid { year, month: number, meetings: list.clone() } },
            Some(Ok(list)) if list.is_empty() => rsx! { p { "{texts.reader.no_meetings}" } },
            Some(Ok(list)) => rsx! {
                ul { class: "item-list meetings",
                    for meeting in list.iter().cloned() {
                        li { key: "{meeting.number}",
                            span { class: "item-list__title",
                                Link { to: Route::Sitzung { nummer: meeting.number }, "{meeting.name}" }
                            }
                            span { class: "item-list__meta",
                                {format_datetime(&meeting.start, lang().code())}
                                if let Some(place) = &meeting.place {
                                    " · {place}"
                                }
                            }
                            if meeting.cancelled {
                                span { class: "badge badge--cancelled", "{texts.reader.cancelled}" }
                            } else if let Some(state) = &meeting.state {
                                span { class: "badge", "{state}" }
                            }
                        }
                    }
                }
            },
        }
        h2 { "{texts.reader.subscribe_heading}" }
        p { "{texts.reader.subscribe_text}" }
        p {
            a { href: "{feed}",
                match &chosen_name {
                    Some(name) => (texts.reader.subscribe_organization)(name),
                    None => texts.reader.subscribe_all.to_owned(),
                }
            }
        }
        h2 { "{texts.council_open_data_heading}" }
        p { "{texts.council_open_data_text}" }
        p { a { href: "/oparl/v1/system", "{texts.council_open_data_link}" } }
    }
}

/// The committees for the filter, from the first body's OParl organization list.
fn following(year: i32, month: u32) -> (i32, u32) {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

fn preceding(year: i32, month: u32) -> (i32, u32) {
    if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_roll_over_years() {
        assert_eq!(following(2026, 12), (2027, 1));
        assert_eq!(preceding(2027, 1), (2026, 12));
        assert_eq!(following(2026, 3), (2026, 4));
    }
}
