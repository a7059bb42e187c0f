//! The city (Kommune) that runs the installation: its profile, Stadtbezirke
//! and operator details, as other domains and the legal pages need them.

pub mod demo;
mod routes;
mod store;

pub use routes::router;
pub use store::{figures, is_configured, load, save};
