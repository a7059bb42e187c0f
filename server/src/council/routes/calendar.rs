//! `GET /api/v1/council/meetings`: the meetings of a period, for the
//! calendar of the council reader. OParl lists cannot be asked by date.

use std::collections::HashSet;

use axum::{Json, extract::State};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::{
    api::ApiErrorBody,
    council::{MeetingSummary, OrganizationName},
    oparl::{Meeting, Organization},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::council::{kind::Kind, places, store};
use crate::{
    error::{Error, Result},
    extract::ApiQuery,
    state::AppState,
};

/// The longest period one request may ask for.
const MAX_DAYS: i64 = 366;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(meetings))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
// `from` and `until` are required, but read as optional so that the handler
// can say in words what is missing.
struct Period {
    /// First day, `yyyy-mm-dd`.
    #[param(required = true, format = Date)]
    from: Option<String>,
    /// Day after the last, `yyyy-mm-dd`, at most 366 days after `from`.
    #[param(required = true, format = Date)]
    until: Option<String>,
    /// Only meetings of this organization (number in its OParl id).
    organization: Option<u64>,
}

/// Meetings starting in the period, in order of their start.
#[utoipa::path(get, path = "/council/meetings", tag = "council", params(Period),
    responses(
        (status = 200, body = Vec<MeetingSummary>),
        (status = 400, description = "Dates missing, invalid or too far apart", body = ApiErrorBody),
    ))]
async fn meetings(
    State(state): State<AppState>,
    ApiQuery(period): ApiQuery<Period>,
) -> Result<Json<Vec<MeetingSummary>>> {
    let (Some(from_text), Some(until_text)) = (&period.from, &period.until) else {
        return Err(Error::InvalidInput(
            "Bitte geben Sie den Zeitraum mit from=JJJJ-MM-TT und until=JJJJ-MM-TT an.".into(),
        ));
    };
    let from = day(from_text)?;
    let until = day(until_text)?;
    let days = (until - from).num_days();
    if days <= 0 || days > MAX_DAYS {
        return Err(Error::InvalidInput(format!(
            "Der Zeitraum muss zwischen 1 und {MAX_DAYS} Tagen lang sein."
        )));
    }
    let wanted = period.organization.map(|n| Kind::Organization.reference(n));
    let rows: Vec<_> = store::meetings_starting(&state.db, from_text, until_text)
        .await?
        .into_iter()
        .filter(|row| match &wanted {
            Some(reference) => row.doc["organization"]
                .as_array()
                .is_some_and(|refs| refs.iter().any(|r| r.as_str() == Some(reference))),
            None => true,
        })
        .collect();
    let places = places::of_meetings(&state.db, &rows).await?;
    let organization_numbers: Vec<u64> = rows
        .iter()
        .filter_map(|row| row.doc["organization"].as_array())
        .flatten()
        .filter_map(|r| Kind::Organization.number_of(r.as_str()?))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let names: std::collections::HashMap<u64, String> =
        store::by_numbers(&state.db, Kind::Organization, &organization_numbers)
            .await?
            .into_iter()
            .filter(|row| !row.deleted)
            .filter_map(|row| {
                let organization: Organization = serde_json::from_value(row.doc).ok()?;
                Some((row.n, organization.name?))
            })
            .collect();
    let summaries = rows
        .into_iter()
        .filter_map(|row| {
            let place = places::location_number(&row).and_then(|n| places.get(&n).cloned());
            let meeting: Meeting = serde_json::from_value(row.doc).ok()?;
            Some(MeetingSummary {
                number: row.n,
                name: meeting.name.unwrap_or_else(|| "Sitzung".into()),
                start: meeting.start?,
                end: meeting.end,
                state: meeting.meeting_state,
                cancelled: meeting.cancelled.unwrap_or(false),
                organizations: meeting
                    .organization
                    .iter()
                    .filter_map(|r| Kind::Organization.number_of(r))
                    .filter_map(|n| {
                        names.get(&n).map(|name| OrganizationName {
                            number: n,
                            name: name.clone(),
                        })
                    })
                    .collect(),
                place,
            })
        })
        .collect();
    Ok(Json(summaries))
}

fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Error::InvalidInput(format!("„{text}“ ist kein Datum der Form JJJJ-MM-TT.")))
}
