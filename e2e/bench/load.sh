#!/usr/bin/env bash
# Load on loopback against the release server with an embedded RocksDB
# database (ENGINE=surrealkv for the former engine, in a work folder of its
# own; SYNC=never or SYNC=1s for RocksDB's other durability settings):
#
# 1. prepare (once): a city with 100,000 council papers, 10,000 budget
#    proposals and 50,000 defect reports, and the run's citizen accounts;
# 2. run: 500 clients for 10 minutes, 80 % citizens (browse, comment, vote,
#    report with photo; about one action per second each, arriving spread
#    over the first second) and 20 % OParl harvesters walking the paper
#    list; prints throughput, p50/p99 latency per request kind, errors and
#    the server's peak RSS;
# 3. vote storm: 64 voters voting at once in 100 polls; durable votes per
#    second next to the raw rate of inserting the same records in-process.
#
#   e2e/bench/load.sh
#   CLIENTS=200 DURATION=60 e2e/bench/load.sh
#   THINK_MS=10000 e2e/bench/load.sh    # people reading 10 s between actions
#   PREPARE=again e2e/bench/load.sh     # seed the city anew
#   PREPARE=again MEMORY_LIMIT=384M OPARL_CACHE_MB=16 e2e/bench/load.sh
#       # the server in a 384 MB memory cgroup with 16 MB of OParl answers
#
# MEMORY_LIMIT runs the server in a memory cgroup, as a container would
# (e2e/bench/memory-limit.sh, needs root): both engines size their memtables
# and block cache from the memory they see, which is the whole machine's
# without a limit. The city's server is prepared under the same limit: on
# start the engine replays at once what it had not written out, and
# memtables sized for the whole machine do not fit into a small limit.
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGET=${CARGO_TARGET_DIR:-target}
CLIENTS=${CLIENTS:-500}
DURATION=${DURATION:-600}
THINK_MS=${THINK_MS:-1000}
MEMORY_LIMIT=${MEMORY_LIMIT:-}
export DS_OPARL_CACHE_MB=${OPARL_CACHE_MB:-64}
ENGINE=${ENGINE:-rocksdb}
WORK=$(realpath -m "$TARGET/bench/load-$ENGINE")

e2e/bench/build-release.sh
LOAD="$TARGET/release/load --work $WORK --engine $ENGINE ${SYNC:+--sync $SYNC}"

LIMIT=()
if [ -n "$MEMORY_LIMIT" ]; then
  LIMIT=(--memory-limit "$MEMORY_LIMIT")
fi
if [ ! -f "$WORK/prepared.json" ] || [ "${PREPARE:-}" = again ]; then
  if [ "${PREPARE:-}" = again ]; then rm -rf "$WORK"; fi
  $LOAD prepare --scale 500 --proposals 10000 --reports 50000 --citizens "$CLIENTS" "${LIMIT[@]}"
fi
$LOAD run --clients "$CLIENTS" --duration "$DURATION" --think-ms "$THINK_MS" "${LIMIT[@]}"
$LOAD vote-storm --voters 64 --polls 100
