#!/usr/bin/env bash
# Crash safety: a write storm of votes, budget proposals and defect reports,
# the server killed with SIGKILL at a random moment, ten rounds; after every
# restart each write answered with 2xx must be there (and every account
# registered before the storm must still sign in), and at the end nothing
# may be stored twice and the poll's tally must equal its voters and receipts.
#
#   e2e/crash-safety.sh               # both: the app server (embedded SurrealKV), then a SurrealDB server
#   e2e/crash-safety.sh app           # only the app server
#   e2e/crash-safety.sh database      # only the database process
#   ROUNDS=20 e2e/crash-safety.sh
#
# Logs and data of the last run: target/debug/crash-safety-{app,database}/.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-10}
TARGET=${CARGO_TARGET_DIR:-target}
cargo build --quiet -p digitale-stadt -p e2e --bins
cargo build --quiet --profile surreal -p surreal

for victim in ${@:-app database}; do
  "$TARGET/debug/crash-safety" --kill "$victim" --rounds "$ROUNDS"
done
