#!/usr/bin/env bash
# Builds the release binaries every benchmark uses (the server, the load and
# crash tools, the test `surreal`, the examples) in one invocation, so that
# they share one feature set and SurrealDB and RocksDB are compiled once for
# all of them: another package selection, even `-p digitale-stadt` alone,
# resolves other features and compiles both again (about 30 minutes here).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet --workspace --exclude app --bins --examples
