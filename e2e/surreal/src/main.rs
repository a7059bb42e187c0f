//! `surreal start …`, built from the same SurrealDB release as the SDK the
//! server links, so tests over `ws://` run against the version we ship with.

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
