//! The meeting calendars, read back with an independent iCalendar parser.

use ical::{IcalParser, parser::ical::component::IcalCalendar};
use reqwest::{StatusCode, header};

use crate::helpers::{TestApp, spawn_demo_app};

async fn calendar(app: &TestApp, path: &str) -> IcalCalendar {
    let response = app.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    assert!(
        text.lines().all(|line| line.len() <= 75),
        "lines are folded"
    );
    let mut parser = IcalParser::new(text.as_bytes());
    let calendar = parser
        .next()
        .expect("one calendar")
        .expect("valid iCalendar");
    assert!(parser.next().is_none());
    calendar
}

fn property<'a>(
    event: &'a ical::parser::ical::component::IcalEvent,
    name: &str,
) -> Option<&'a str> {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

#[tokio::test]
async fn all_meetings_are_valid_events_with_utc_times_and_places() {
    let app = spawn_demo_app().await;
    let all = calendar(&app, "/api/v1/council/meetings.ics").await;
    assert_eq!(all.events.len(), 60);
    for event in &all.events {
        let uid = property(event, "UID").unwrap();
        assert!(
            uid.starts_with(&format!("{}/oparl/v1/meeting/", app.address)),
            "{uid}"
        );
        let start = property(event, "DTSTART").unwrap();
        assert!(start.ends_with('Z') && start.len() == 16, "{start}");
        assert!(property(event, "DTEND").unwrap() > start);
        assert!(property(event, "SUMMARY").unwrap().starts_with("Sitzung"));
        assert!(property(event, "LOCATION").is_some());
        assert!(matches!(
            property(event, "STATUS"),
            Some("CONFIRMED" | "CANCELLED")
        ));
    }
    let mut stored = app
        .db
        .query("SELECT count() AS n FROM council_meeting WHERE doc.cancelled = true GROUP ALL")
        .await
        .unwrap();
    let cancelled: Option<u64> = stored.take((0, "n")).unwrap();
    let marked = all
        .events
        .iter()
        .filter(|e| property(e, "STATUS") == Some("CANCELLED"))
        .count() as u64;
    assert_eq!(
        marked,
        cancelled.unwrap_or(0),
        "cancelled meetings are marked"
    );
}

#[tokio::test]
async fn organization_and_person_feeds_hold_their_meetings_only() {
    let app = spawn_demo_app().await;
    let all = calendar(&app, "/api/v1/council/meetings.ics")
        .await
        .events
        .len();
    let council = calendar(&app, "/api/v1/council/organizations/1/meetings.ics").await;
    assert!(!council.events.is_empty() && council.events.len() < all);
    let person = calendar(&app, "/api/v1/council/persons/1/meetings.ics").await;
    assert!(!person.events.is_empty() && person.events.len() <= all);

    for path in [
        "/api/v1/council/organizations/9999/meetings.ics",
        "/api/v1/council/persons/9999/meetings.ics",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
