#!/usr/bin/env bash
# Crash safety, the long runs: a write storm of votes, budget proposals and
# defect reports, the server killed with SIGKILL, ten rounds per kill point;
# after every restart each write answered with 2xx must be there (and every
# account registered before the storm must still sign in), and at the end
# nothing may be stored twice and the poll's tally must equal its voters and
# receipts. `cargo xtask test` runs three rounds of the app's kill points.
#
# Kill points: a random moment; right after a memtable flush; right after a
# compaction (the last two under a 512 MB memory cgroup, which needs root, so
# that RocksDB's memtables are small and fill in seconds).
#
#   e2e/crash-safety.sh               # both: the app server (embedded RocksDB), then a SurrealDB server
#   e2e/crash-safety.sh app           # only the app server
#   e2e/crash-safety.sh database      # only the database process (`surreal start rocksdb://…`)
#   ROUNDS=20 e2e/crash-safety.sh
#
# Logs and data of the last run: target/debug/crash-safety-{app,database}/.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-10}
TARGET=${CARGO_TARGET_DIR:-target}
# The set `cargo xtask test` builds, so nothing is compiled twice.
cargo build --quiet --workspace --bins --tests

POINTS=(flush compaction)
if [ "$(id -u)" != 0 ]; then
  echo "not root: no memory cgroup, so only random kills (run as root for flush and compaction)" >&2
  POINTS=()
fi

for victim in ${@:-app database}; do
  "$TARGET/debug/crash-safety" --kill "$victim" --rounds "$ROUNDS"
  for point in "${POINTS[@]}"; do
    "$TARGET/debug/crash-safety" --kill "$victim" --rounds "$ROUNDS" --kill-at "$point" --memory-limit 512M
  done
done
