//! The routes of the Bürgerhaushalt, one file per area.

mod cycles;
mod proposals;
mod results;
mod voting;

use axum::{
    http::header,
    response::{IntoResponse, Response},
};
use utoipa_axum::router::OpenApiRouter;

use crate::http::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(cycles::router())
        .merge(proposals::router())
        .merge(voting::router())
        .merge(results::router())
}

/// A CSV download (`;`-separated, UTF-8) under a file name.
fn csv_file(name: &str, csv: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv,
    )
        .into_response()
}
