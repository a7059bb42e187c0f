//! Open311 GeoReport v2 under `/open311/v2/`, on top of the Mängelmelder:
//! requests posted here land in the same staff inbox as the app's. The API
//! keys are managed through `/api/v1/open311/keys`.

pub mod format;
pub mod georeport;
mod keys;
mod store;

use axum::{
    Router,
    http::{HeaderValue, header},
    routing::get,
};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The GeoReport endpoints. Anyone may read them from any web page.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{file}", get(georeport::get_top).post(georeport::post_top))
        .route("/services/{file}", get(georeport::get_service))
        .route("/requests/{file}", get(georeport::get_request))
        .route("/tokens/{file}", get(georeport::get_token))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
}

/// Admin routes for the API keys, part of `/api/v1`.
pub fn api_router() -> OpenApiRouter<AppState> {
    keys::router()
}
