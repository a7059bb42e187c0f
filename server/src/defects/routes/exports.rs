//! `/defects/reports.geojson` and `/defects/reports.csv`: the open data
//! downloads, with the same filters as the list.

use axum::{
    Json,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use chrono::Utc;
use shared::api::ApiErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{super::exports, ReportFilter};
use crate::{error::Result, extract::ApiQuery, http::AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(geojson))
        .routes(routes!(csv))
}

/// Reports as a GeoJSON FeatureCollection, coordinates rounded to about 100 m.
#[utoipa::path(get, path = "/defects/reports.geojson", tag = "defects", params(ReportFilter),
    responses((status = 200, content_type = "application/geo+json", body = Object), (status = 400, body = ApiErrorBody)))]
async fn geojson(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<ReportFilter>,
) -> Result<Response> {
    let (rows, catalogue) = super::selected(&state, &filter).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        Json(exports::geojson(&rows, &catalogue, Utc::now())),
    )
        .into_response())
}

/// Reports as CSV (`;`-separated, UTF-8), coordinates rounded to about 100 m.
#[utoipa::path(get, path = "/defects/reports.csv", tag = "defects", params(ReportFilter),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ApiErrorBody)))]
async fn csv(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<ReportFilter>,
) -> Result<Response> {
    let (rows, catalogue) = super::selected(&state, &filter).await?;
    Ok(crate::csv::file(
        "maengelmelder.csv",
        exports::csv(&rows, &catalogue, Utc::now()),
    ))
}
