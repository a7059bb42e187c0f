//! `/defects`: the report form's set-up, reporting, the public list and
//! report pages, nearby open reports and "Ich auch".

use axum::{Json, extract::State, http::StatusCode};
use chrono::Utc;
use serde::Deserialize;
use shared::{
    api::ApiErrorBody,
    defects::{DefectReport, DefectSetup, NearbyReport, Place, ReportDraft, ReportSummary},
    geo::GeoPoint,
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::super::{
    MAX_PHOTOS,
    intake::{self, Channel, Submission},
    store::{self, ReportRow},
    views::{self, Catalogue, Viewer},
};
use super::ReportFilter;
use crate::{
    accounts::{Action, Actor, ClientAddress},
    error::{Error, Result},
    extract::{ApiJson, ApiPath, ApiQuery},
    page::Page,
    state::AppState,
};

/// FixMyStreet's rule: same category, open, within 250 m, at most five.
const NEARBY_RADIUS_M: f64 = 250.0;
const NEARBY_SHOWN: usize = 5;
/// The newest open reports of the category near the point that are read to
/// find the nearest: a flood of reports in one street reads no more.
const NEARBY_READ: usize = 200;
const PLACE_QUERY_MIN_CHARS: usize = 3;
const PLACES_SHOWN: usize = 8;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(setup))
        .routes(routes!(list, create))
        .routes(routes!(nearby))
        .routes(routes!(places))
        .routes(routes!(mine))
        .routes(routes!(get_report))
        .routes(routes!(me_too, stop_following))
}

/// Categories, the city's area, the map and the photo limits.
#[utoipa::path(get, path = "/defects/setup", tag = "defects",
    responses((status = 200, body = DefectSetup)))]
async fn setup(State(state): State<AppState>) -> Result<Json<DefectSetup>> {
    let boundary = store::area(&state.db)
        .await?
        .unwrap_or(shared::geo::Boundary {
            outline: Vec::new(),
        });
    let centre = boundary.centre().unwrap_or(GeoPoint { lat: 0.0, lon: 0.0 });
    let categories = store::categories(&state.db)
        .await?
        .into_iter()
        .filter(|c| c.active)
        .collect();
    Ok(Json(DefectSetup {
        categories,
        centre,
        boundary,
        tile_url: state.defects.map_tiles.clone(),
        tile_attribution: state.defects.map_attribution.clone(),
        max_photos: MAX_PHOTOS,
        max_photo_bytes: state.defects.photo_limit,
    }))
}

/// Reports, newest first, with the filters of the public map and list.
#[utoipa::path(get, path = "/defects/reports", tag = "defects", params(ReportFilter, Page),
    responses((status = 200, body = Vec<ReportSummary>), (status = 400, body = ApiErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<ReportFilter>,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<Vec<ReportSummary>>> {
    let catalogue = Catalogue::new(store::categories(&state.db).await?);
    let selection = store::Selection {
        page,
        ..filter.selection(false, &catalogue)?
    };
    let rows = store::reports(&state.db, &selection).await?;
    let now = Utc::now();
    Ok(Json(
        rows.iter()
            .map(|row| views::summary(row, &catalogue, now))
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct NearbyQuery {
    lat: f64,
    lon: f64,
    category: String,
}

/// Open reports of the same category within 250 m, nearest first: offered
/// before sending, so that people say "Ich auch" instead of reporting twice.
#[utoipa::path(get, path = "/defects/nearby", tag = "defects", params(NearbyQuery),
    responses((status = 200, body = Vec<NearbyReport>), (status = 400, body = ApiErrorBody)))]
async fn nearby(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<NearbyQuery>,
) -> Result<Json<Vec<NearbyReport>>> {
    let here = GeoPoint {
        lat: query.lat,
        lon: query.lon,
    };
    let selection = store::Selection {
        statuses: shared::defects::DefectStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect(),
        categories: vec![query.category],
        area: Some(here.bounding_box(NEARBY_RADIUS_M)),
        page: Page {
            limit: Some(NEARBY_READ),
            ..Page::default()
        },
        ..Default::default()
    };
    let catalogue = Catalogue::new(store::categories(&state.db).await?);
    let now = Utc::now();
    let mut found: Vec<(f64, ReportRow)> = store::reports(&state.db, &selection)
        .await?
        .into_iter()
        .map(|row| (row.location.distance_m(&here), row))
        .filter(|(distance, _)| *distance <= NEARBY_RADIUS_M)
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(Json(
        found
            .into_iter()
            .take(NEARBY_SHOWN)
            .map(|(distance, row)| views::nearby(views::summary(&row, &catalogue, now), distance))
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PlaceQuery {
    /// Part of a street or place name, at least three letters.
    #[param(pattern = r"\S.*\S.*\S")]
    q: String,
}

/// Streets and places of the city's register whose name contains `q`:
/// typing an address finds the point without a third-party geocoder.
#[utoipa::path(get, path = "/defects/places", tag = "defects", params(PlaceQuery),
    responses((status = 200, body = Vec<Place>), (status = 400, body = ApiErrorBody)))]
async fn places(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PlaceQuery>,
) -> Result<Json<Vec<Place>>> {
    let typed = query.q.trim().to_lowercase();
    if typed.chars().count() < PLACE_QUERY_MIN_CHARS {
        return Err(Error::InvalidInput(format!(
            "Bitte geben Sie mindestens {PLACE_QUERY_MIN_CHARS} Buchstaben des Straßennamens ein."
        )));
    }
    Ok(Json(store::places(&state.db, &typed, PLACES_SHOWN).await?))
}

/// Sends a report; signing in is optional.
#[utoipa::path(post, path = "/defects/reports", tag = "defects", request_body = ReportDraft,
    responses(
        (status = 201, body = DefectReport),
        (status = 400, body = ApiErrorBody),
        (status = 409, description = "A photo is already used or was uploaded by someone else", body = ApiErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiJson(draft): ApiJson<ReportDraft>,
) -> Result<(StatusCode, Json<DefectReport>)> {
    if let Some(actor) = &actor {
        actor.may(Action::Participate)?;
    }
    let (number, _token) = intake::submit(
        &state.db,
        Submission {
            category: draft.category,
            location: draft.location,
            address: draft.address,
            description: draft.description,
            answers: draft.answers,
            photos: draft.photos,
            email: draft.email,
            name: draft.name,
            name_public: draft.name_public,
            reporter: actor.as_ref().map(|a| a.account.id.clone()),
            channel: Channel::App,
        },
    )
    .await?;
    let report = one(&state, number, actor.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(report)))
}

/// The reports the signed-in person sent or follows, newest first.
#[utoipa::path(get, path = "/defects/mine", tag = "defects",
    responses((status = 200, body = Vec<ReportSummary>), (status = 401, body = ApiErrorBody)))]
async fn mine(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<ReportSummary>>> {
    let selection = store::Selection {
        reporter_or_follower: Some(actor.account.id.clone()),
        include_hidden: true,
        ..Default::default()
    };
    // Reporters still see their own reports that the city took out of view.
    let rows: Vec<ReportRow> = store::reports(&state.db, &selection)
        .await?
        .into_iter()
        .filter(|row| {
            row.hidden.is_none() || row.reporter.as_deref() == Some(actor.account.id.as_str())
        })
        .collect();
    let catalogue = Catalogue::new(store::categories(&state.db).await?);
    let now = Utc::now();
    Ok(Json(
        rows.iter()
            .map(|row| views::summary(row, &catalogue, now))
            .collect(),
    ))
}

#[utoipa::path(get, path = "/defects/reports/{number}", tag = "defects",
    params(("number" = u64, Path, description = "Number of the report")),
    responses((status = 200, body = DefectReport), (status = 404, body = ApiErrorBody)))]
async fn get_report(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<DefectReport>> {
    Ok(Json(one(&state, number, actor.as_ref()).await?))
}

/// "Ich auch": signed in, the person follows the report and sees it under
/// their reports; without an account it is counted, once per client
/// (address) and report.
#[utoipa::path(post, path = "/defects/reports/{number}/affected", tag = "defects",
    params(("number" = u64, Path, description = "Number of the report")),
    responses(
        (status = 200, body = DefectReport),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "The report is closed", body = ApiErrorBody),
    ))]
async fn me_too(
    State(state): State<AppState>,
    actor: Option<Actor>,
    client: ClientAddress,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<DefectReport>> {
    let row = existing(&state, number).await?;
    if row.hidden.is_some() {
        return Err(Error::NotFound(format!(
            "Die Meldung {number} gibt es nicht."
        )));
    }
    if !row.status.is_open() {
        return Err(Error::Conflict(format!(
            "Die Meldung {number} ist abgeschlossen ({}). Wenn der Mangel wieder besteht, melden Sie ihn bitte neu.",
            row.status.label_de()
        )));
    }
    match &actor {
        Some(actor) => {
            actor.may(Action::Participate)?;
            if row.reporter.as_deref() != Some(actor.account.id.as_str()) {
                store::follow(&state.db, number, &actor.account.id).await?;
            }
        }
        None => store::count_affected(&state.db, number, client.pseudonym()).await?,
    }
    Ok(Json(one(&state, number, actor.as_ref()).await?))
}

/// Stops following a report.
#[utoipa::path(delete, path = "/defects/reports/{number}/affected", tag = "defects",
    params(("number" = u64, Path, description = "Number of the report")),
    responses((status = 200, body = DefectReport), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn stop_following(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<DefectReport>> {
    existing(&state, number).await?;
    store::unfollow(&state.db, number, &actor.account.id).await?;
    Ok(Json(one(&state, number, Some(&actor)).await?))
}

pub(super) async fn existing(state: &AppState, number: u64) -> Result<ReportRow> {
    store::report(&state.db, number)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Die Meldung {number} gibt es nicht.")))
}

/// A report as `viewer` sees it.
pub(super) async fn one(
    state: &AppState,
    number: u64,
    viewer: Option<&Actor>,
) -> Result<DefectReport> {
    let row = existing(state, number).await?;
    let updates = store::updates(&state.db, number).await?;
    let catalogue = Catalogue::new(store::categories(&state.db).await?);
    let mut photos = Vec::new();
    for id in &row.photos {
        if let Some(size) = store::photo_size(&state.db, id).await? {
            photos.push((id.clone(), size.width, size.height));
        }
    }
    let account = viewer.map(|a| a.account.id.as_str());
    let staff = viewer.is_some_and(|a| a.may(Action::HandleDefects).is_ok());
    let own = account.is_some() && account == row.reporter.as_deref();
    if row.hidden.is_some() && !staff && !own {
        return Err(Error::NotFound(format!(
            "Die Meldung {number} hat die Stadtverwaltung aus der öffentlichen Ansicht genommen."
        )));
    }
    let following = match account {
        Some(account) => store::follows(&state.db, number, account).await?,
        None => false,
    };
    Ok(views::report(
        &row,
        &updates,
        &catalogue,
        &photos,
        &Viewer {
            account,
            staff,
            following,
        },
        Utc::now(),
    ))
}
