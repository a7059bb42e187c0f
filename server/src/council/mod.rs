//! Ratsinformation: the council's bodies, committees, people, meetings and
//! papers, published as OParl 1.1 under `/oparl/v1`.

mod answers;
mod calendar;
mod conditional;
pub mod demo;
pub mod demo_pdf;
mod editing;
mod feeds;
mod ical;
pub mod import;
mod kind;
mod links;
mod non_public;
mod object;
mod oparl;
mod pdf_text;
mod places;
pub mod query;
mod render;
mod search;
mod store;
mod timestamp;
mod version;

/// The council's JSON API routes: calendar, feeds, search and staff editing.
pub fn api_router() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    calendar::router()
        .merge(editing::router())
        .merge(non_public::routes::router())
        .merge(feeds::router())
        .merge(search::router())
}
pub use oparl::router as oparl_router;

pub use answers::AnswerCache;
pub use editing::delete;
pub use kind::Kind;
pub use version::CouncilVersion;
