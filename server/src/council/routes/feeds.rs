//! Calendar feeds of council meetings (iCalendar, RFC 5545): all meetings,
//! those of one organization, and those of a person's organizations, for
//! subscribing in any calendar app. Calendar apps fetch a feed again every
//! few hours, so a feed holds the meetings that start last (every planned
//! one and the recent past), not the council's whole history; the rest is
//! in OParl and the reader.

use std::collections::BTreeSet;

use axum::{
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use shared::{
    api::ApiErrorBody,
    oparl::{Meeting, Membership, Organization, Person},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::council::{
    ical::{self, Event},
    kind::Kind,
    places,
    store::{self, Row},
};
use crate::{
    clock,
    db::Db,
    error::{Error, Result},
    extract::ApiPath,
    state::AppState,
};

/// Meetings in one feed: for all meetings of a city of Münster's size about
/// two years, for one committee its whole history.
const MEETINGS_IN_A_FEED: u64 = 1_000;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(all_meetings))
        .routes(routes!(organization_meetings))
        .routes(routes!(person_meetings))
}

/// The meetings of the council and all its organizations that start last
/// (at most 1,000, the latest planned first).
#[utoipa::path(get, path = "/council/meetings.ics", tag = "council",
    responses((status = 200, description = "iCalendar feed", content_type = "text/calendar")))]
async fn all_meetings(State(state): State<AppState>) -> Result<Response> {
    let rows = store::latest_meetings(&state.db, None, MEETINGS_IN_A_FEED).await?;
    feed(&state, "Sitzungen des Rates und der Gremien", rows).await
}

/// The meetings of one organization (committee, faction, district council)
/// that start last (at most 1,000).
#[utoipa::path(get, path = "/council/organizations/{number}/meetings.ics", tag = "council",
    params(("number" = u64, Path, description = "Number in the organization's OParl id")),
    responses(
        (status = 200, description = "iCalendar feed", content_type = "text/calendar"),
        (status = 404, body = ApiErrorBody),
    ))]
async fn organization_meetings(
    State(state): State<AppState>,
    ApiPath(number): ApiPath<u64>,
) -> Result<Response> {
    let organization: Organization =
        live(&state.db, Kind::Organization, number, "Dieses Gremium").await?;
    let name = organization.name.unwrap_or_else(|| "Gremium".into());
    let rows = store::latest_meetings(&state.db, Some(&[number]), MEETINGS_IN_A_FEED).await?;
    feed(&state, &format!("Sitzungen: {name}"), rows).await
}

/// The meetings of every organization a person is a member of that start
/// last (at most 1,000).
#[utoipa::path(get, path = "/council/persons/{number}/meetings.ics", tag = "council",
    params(("number" = u64, Path, description = "Number in the person's OParl id")),
    responses(
        (status = 200, description = "iCalendar feed", content_type = "text/calendar"),
        (status = 404, body = ApiErrorBody),
    ))]
async fn person_meetings(
    State(state): State<AppState>,
    ApiPath(number): ApiPath<u64>,
) -> Result<Response> {
    let person: Person = live(&state.db, Kind::Person, number, "Diese Person").await?;
    let organizations: BTreeSet<u64> = store::children(&state.db, Kind::Membership, &[number])
        .await?
        .into_iter()
        .filter_map(|row| serde_json::from_value::<Membership>(row.doc).ok())
        .filter_map(|membership| Kind::Organization.number_of(membership.organization.as_deref()?))
        .collect();
    let organizations: Vec<u64> = organizations.into_iter().collect();
    let rows = store::latest_meetings(&state.db, Some(&organizations), MEETINGS_IN_A_FEED).await?;
    let name = person.name.unwrap_or_else(|| "Person".into());
    feed(&state, &format!("Sitzungen der Gremien von {name}"), rows).await
}

async fn live<T: serde::de::DeserializeOwned>(
    db: &Db,
    kind: Kind,
    number: u64,
    what: &str,
) -> Result<T> {
    match store::get(db, kind, number).await? {
        Some(row) if !row.deleted => Ok(serde_json::from_value(row.doc)?),
        _ => Err(Error::NotFound(format!("{what} gibt es nicht."))),
    }
}

async fn feed(state: &AppState, name: &str, rows: Vec<Row>) -> Result<Response> {
    let base = format!("{}oparl/v1/", state.public_url);
    let places = places::of_meetings(&state.db, &rows).await?;
    let mut events: Vec<Event> = rows
        .into_iter()
        .filter_map(|row| {
            let location = places::location_number(&row).and_then(|n| places.get(&n).cloned());
            let meeting: Meeting = serde_json::from_value(row.doc).ok()?;
            let start = clock::parse(meeting.start.as_deref()?)?;
            let url = format!("{base}{}", Kind::Meeting.reference(row.n));
            Some(Event {
                uid: url.clone(),
                url,
                summary: meeting.name.unwrap_or_else(|| "Sitzung".into()),
                start,
                end: meeting.end.as_deref().and_then(clock::parse),
                location,
                cancelled: meeting.cancelled.unwrap_or(false),
                last_modified: clock::parse(&row.modified),
            })
        })
        .collect();
    events.sort_by_key(|event| event.start);
    let body = ical::calendar(name, &events, Utc::now());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline; filename=\"sitzungen.ics\""),
    );
    Ok(response)
}
