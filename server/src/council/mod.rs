//! Ratsinformation: the council's bodies, committees, people, meetings and
//! papers, published as OParl 1.1 under `/oparl/v1`.

mod cache;
mod caching;
mod calendar;
pub mod demo;
mod feeds;
mod ical;
mod kind;
mod object;
mod oparl;
mod pdf;
mod places;
mod query;
mod render;
mod search;
mod store;
mod timestamp;

/// The council's JSON API routes (calendar and feeds).
pub fn api_router() -> utoipa_axum::router::OpenApiRouter<crate::http::AppState> {
    calendar::router()
        .merge(feeds::router())
        .merge(search::router())
}
pub use oparl::router as oparl_router;

pub use cache::AnswerCache;
pub use kind::Kind;

use chrono::Utc;

use crate::{db::Db, error::Result};

/// Deletes an object the way OParl requires (tombstone, parents changed).
/// Returns false when there was no such live object.
pub async fn delete(db: &Db, kind: Kind, number: u64) -> Result<bool> {
    let Some(row) = store::get(db, kind, number).await? else {
        return Ok(false);
    };
    if row.deleted {
        return Ok(false);
    }
    let mut embedded_in = Vec::new();
    if let (Some(parent), Some(n)) = (kind.parent(), row.parent) {
        embedded_in.push((parent, n));
    }
    if kind == Kind::Location {
        // A place is embedded in everything that names it; its back-references say where.
        let location: shared::oparl::Location = serde_json::from_value(row.doc.clone())?;
        for (parent, references) in [
            (Kind::Body, &location.bodies),
            (Kind::Organization, &location.organizations),
            (Kind::Person, &location.persons),
            (Kind::Meeting, &location.meetings),
            (Kind::Paper, &location.papers),
        ] {
            embedded_in.extend(
                references
                    .iter()
                    .filter_map(|r| parent.number_of(r))
                    .map(|n| (parent, n)),
            );
        }
    }
    let now = timestamp::Timestamp::from_utc(Utc::now());
    store::soft_delete(db, kind, number, &now, &embedded_in).await
}
