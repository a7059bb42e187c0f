//! The accounts' HTTP routes: sign-up and sign-in (`/auth`), the signed-in
//! person's own account (`/me`), and administration (`/admin`).

mod admin;
mod auth;
mod me;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The sign-in endpoints, which get their own, stricter rate limit.
pub fn auth_router() -> OpenApiRouter<AppState> {
    auth::router()
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(me::router())
        .merge(admin::router())
}
