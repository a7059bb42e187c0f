//! Live figures for the start page. Each domain contributes its own figures
//! through its public functions; this module only collects them.

use axum::{Json, extract::State};
use shared::city::Stats;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{city, error::Result, state::AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_stats))
}

/// Current figures of the installation, one entry per measured quantity.
#[utoipa::path(
    get,
    path = "/stats",
    tag = "stats",
    responses((status = 200, description = "Live figures", body = Stats))
)]
async fn get_stats(State(state): State<AppState>) -> Result<Json<Stats>> {
    let city_name = city::load(&state.db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let figures = city::figures(&state.db).await?;
    Ok(Json(Stats {
        city: city_name,
        figures,
    }))
}
