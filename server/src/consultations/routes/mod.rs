//! Online-Beteiligung's HTTP routes: consultations with their comments,
//! answers and versions; their PDFs; the Abwägungstabelle; debates.

mod abwaegung;
mod attachments;
mod consultations;
mod debates;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(consultations::router())
        .merge(abwaegung::router())
        .merge(attachments::router())
        .merge(debates::router())
}
