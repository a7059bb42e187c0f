//! `/api/v1/search`: the state of this app server's search index.

use axum::{Json, extract::State};
use shared::search::SearchStatus;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(status))
}

/// How far this app server's search index is built.
#[utoipa::path(get, path = "/search/status", tag = "search",
    responses((status = 200, body = SearchStatus)))]
async fn status(State(state): State<AppState>) -> Json<SearchStatus> {
    let progress = state.search.progress();
    Json(SearchStatus {
        complete: progress.complete,
        indexed: progress.done,
    })
}
