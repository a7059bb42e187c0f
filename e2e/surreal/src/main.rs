//! `surreal start …`, built from the same SurrealDB release as the SDK the
//! server links, so tests over `ws://` run against the version we ship with.

// Optimised builds lay out SurrealDB's deeply nested async functions past
// the default query depth, as the `surrealdb-server` library it wraps allows for.
#![recursion_limit = "256"]

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
