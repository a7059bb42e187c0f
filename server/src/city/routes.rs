use axum::{Json, extract::State};
use shared::city::City;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::{Error, Result},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_city))
}

/// The city that runs this installation, with its Stadtbezirke and the
/// operator details shown in Impressum and Datenschutz.
#[utoipa::path(
    get,
    path = "/city",
    tag = "city",
    responses(
        (status = 200, description = "City profile", body = City),
        (status = 404, description = "The installation has no city profile yet", body = shared::api::ApiErrorBody),
    )
)]
async fn get_city(State(state): State<AppState>) -> Result<Json<City>> {
    super::load(&state.db).await?.map(Json).ok_or_else(|| {
        Error::NotFound("Für diese Installation ist noch keine Stadt eingerichtet.".into())
    })
}
