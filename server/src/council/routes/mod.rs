//! Ratsinformation's HTTP routes: the OParl 1.1 read API, and the JSON
//! API's calendar, iCalendar feeds and search. Staff editing and the
//! non-public agenda items keep their routes next to their rules.

mod calendar;
mod feeds;
mod oparl;
mod search;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub use oparl::router as oparl_router;

/// The council's JSON API routes: calendar, feeds, search and staff editing.
pub fn api_router() -> OpenApiRouter<AppState> {
    calendar::router()
        .merge(super::editing::router())
        .merge(super::non_public::routes::router())
        .merge(feeds::router())
        .merge(search::router())
}
