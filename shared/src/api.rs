//! The envelope every failed API call answers with, and the size of the
//! pages long lists are handed out in.

use serde::{Deserialize, Serialize};

/// The most entries one page of a list holds (`?limit=`), and how many it
/// holds when no limit is asked for: longer lists are read page by page
/// (`after` the number of the last entry).
pub const PAGE_MAX: usize = 500;

/// Body of every 4xx/5xx answer of `/api/v1`: a stable machine-readable
/// `error` code and a `message` a person can read (German, since citizens see it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// Stable code such as `not_found` or `invalid_input`.
    pub error: String,
    /// Human-readable explanation.
    pub message: String,
}
