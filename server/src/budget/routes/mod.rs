//! The routes of the Bürgerhaushalt, one file per area.

mod cycles;
mod proposals;
mod results;
mod voting;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(cycles::router())
        .merge(proposals::router())
        .merge(voting::router())
        .merge(results::router())
}
