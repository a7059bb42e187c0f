//! The meeting calendars, read back with an independent iCalendar parser.

use ical::{IcalParser, parser::ical::component::IcalCalendar};
use reqwest::{StatusCode, header};
use shared::api::ApiErrorBody;

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
        "/api/v1/council/organizations/rat/meetings.ics",
        "/api/v1/council/persons/-1/meetings.ics",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let error: ApiErrorBody = response.json().await.expect(path);
        assert_eq!(error.error, "not_found", "{path}");
    }
}

/// Security review, item 14: a feed held every meeting the council ever
/// had, read and written out on each fetch by any calendar app.
#[tokio::test]
async fn a_feed_holds_the_meetings_that_start_last() {
    let app = spawn_demo_app().await;
    // 1,100 meetings of the council in 2019, before all of the demo's.
    app.db
        .query(
            "LET $meeting = (SELECT * OMIT id FROM council_meeting
                 WHERE doc.organization CONTAINS 'organization/1' LIMIT 1)[0];
             FOR $n IN 5001..=6100 {
                 CREATE type::record('council_meeting', $n) CONTENT object::extend($meeting, {
                     doc: object::extend($meeting.doc, {
                         start: '2019-01-01T10:00:00+01:00', end: '2019-01-01T12:00:00+01:00'
                     })
                 });
             };",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let starts = |calendar: &IcalCalendar| -> Vec<String> {
        calendar
            .events
            .iter()
            .map(|e| property(e, "DTSTART").unwrap().to_owned())
            .collect()
    };
    for path in [
        "/api/v1/council/meetings.ics",
        "/api/v1/council/organizations/1/meetings.ics",
    ] {
        let feed = calendar(&app, path).await;
        let starts = starts(&feed);
        assert_eq!(starts.len(), 1_000, "{path}");
        let old = starts.iter().filter(|s| s.starts_with("2019")).count();
        assert!(old < 1_000, "{path}: the newer meetings come first");
        assert!(starts.windows(2).all(|pair| pair[0] <= pair[1]), "{path}");
    }
    let all = starts(&calendar(&app, "/api/v1/council/meetings.ics").await);
    assert_eq!(
        all.iter().filter(|s| !s.starts_with("2019")).count(),
        60,
        "every one of the demo's meetings"
    );
}

#[tokio::test]
async fn the_calendar_lists_the_meetings_of_a_period_in_order() {
    let app = spawn_demo_app().await;
    let mut stored = app
        .db
        .query("SELECT VALUE doc.start FROM council_meeting WHERE deleted = false")
        .await
        .unwrap();
    let mut starts: Vec<String> = stored.take(0).unwrap();
    starts.sort();
    let first = chrono::NaiveDate::parse_from_str(&starts[0][..10], "%Y-%m-%d").unwrap();
    let until = first + chrono::Duration::days(200);
    let expected = starts
        .iter()
        .filter(|s| s.as_str() < until.format("%Y-%m-%d").to_string().as_str())
        .count();

    let path = format!("/api/v1/council/meetings?from={first}&until={until}");
    let meetings: Vec<shared::council::MeetingSummary> = app.get(&path).await.json().await.unwrap();
    assert_eq!(meetings.len(), expected);
    assert!(
        meetings.windows(2).all(|w| w[0].start <= w[1].start),
        "in order"
    );
    assert!(
        meetings
            .iter()
            .all(|m| m.place.is_some() && !m.organizations.is_empty())
    );

    let organization = meetings[0].organizations[0].number;
    let only: Vec<shared::council::MeetingSummary> = app
        .get(&format!("{path}&organization={organization}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(!only.is_empty() && only.len() <= meetings.len());
    assert!(
        only.iter()
            .all(|m| m.organizations.iter().any(|o| o.number == organization))
    );

    for bad in [
        "/api/v1/council/meetings?from=gestern&until=2026-12-01",
        "/api/v1/council/meetings?from=2026-12-01&until=2026-11-01",
        "/api/v1/council/meetings?from=2020-01-01&until=2026-01-01",
        "/api/v1/council/meetings",
    ] {
        let response = app.get(bad).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let body: shared::api::ApiErrorBody = response.json().await.unwrap();
        assert_eq!(body.error, "invalid_input");
    }
}
