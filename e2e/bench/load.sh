#!/usr/bin/env bash
# Load on loopback against the release server with an embedded SurrealKV
# database (issue "Scale-out and reliability"):
#
# 1. prepare (once): a city with 100,000 council papers, 10,000 budget
#    proposals and 50,000 defect reports, and the run's citizen accounts;
# 2. run: 500 clients for 10 minutes, 80 % citizens (browse, support, vote,
#    report with photo; about one action per second each) and 20 % OParl
#    harvesters walking the paper list; prints throughput, p50/p99 latency
#    per request kind, errors and the server's peak RSS;
# 3. vote storm: 64 voters voting at once in 100 polls; durable votes per
#    second next to the raw rate of inserting the same records in-process.
#
#   e2e/bench/load.sh
#   CLIENTS=200 DURATION=60 e2e/bench/load.sh
#   PREPARE=again e2e/bench/load.sh     # seed the city anew
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGET=${CARGO_TARGET_DIR:-target}
CLIENTS=${CLIENTS:-500}
DURATION=${DURATION:-600}
THINK_MS=${THINK_MS:-1000}
WORK=$(realpath -m "$TARGET/bench/load")

cargo build --release --quiet -p digitale-stadt -p e2e --bins
LOAD="$TARGET/release/load --work $WORK"

if [ ! -f "$WORK/prepared.json" ] || [ "${PREPARE:-}" = again ]; then
  # The OParl benchmark's council (same scale) saves seeding it twice.
  SEEDED=()
  if [ -d "$TARGET/bench/oparl/db-scale-500" ]; then
    SEEDED=(--seeded "$TARGET/bench/oparl/db-scale-500")
  fi
  $LOAD prepare --scale 500 --proposals 10000 --reports 50000 --citizens "$CLIENTS" "${SEEDED[@]}"
fi
$LOAD run --clients "$CLIENTS" --duration "$DURATION" --think-ms "$THINK_MS"
$LOAD vote-storm --voters 64 --polls 100
