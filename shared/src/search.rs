//! The search over everything the public can see.

use serde::{Deserialize, Serialize};

/// How far this app server's search index is built. While it is built
/// (after an update, or on a new server), searches find what it holds so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchStatus {
    /// Everything is in the index, and it follows every change.
    pub complete: bool,
    /// Documents put into the index by the running build (0 when none ran).
    pub indexed: u64,
}
