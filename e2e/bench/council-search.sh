#!/usr/bin/env bash
# Council search benchmark (issue "Council reader"): full-text search over a
# council of 100,000 papers (and their 100,000 PDF texts). One client asks a
# mix of queries one after the other; reports p50, p95 and the slowest.
# Shares the seeded database with oparl-lists.sh. Goal: p95 ≤ 30 ms.
#
#   e2e/bench/council-search.sh            # SCALE=500 → 100,000 papers
#   SCALE=50 ROUNDS=20 e2e/bench/council-search.sh
set -euo pipefail
# shellcheck source=e2e/wait-for-server.sh
source "$(dirname "${BASH_SOURCE[0]}")/../wait-for-server.sh"
cd "$(dirname "$0")/../.."
# shellcheck source=e2e/bench/council.sh
source e2e/bench/council.sh

SCALE=${SCALE:-500}
ROUNDS=${ROUNDS:-30}
PORT=${PORT:-18902}
council_ready

# The first start after new migrations builds the search indexes.
STARTED=$(date +%s)
"$BIN" serve --db "$DB" --bind "127.0.0.1:$PORT" --public-url "$PUBLIC_URL" --site "$WORK/no-site" >"$WORK/search-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; true' EXIT
wait_for_server "$SERVER" "$PORT" "$WORK/search-server.log"
echo "server ready after $(( $(date +%s) - STARTED )) s"

python3 - "$PORT" "$ROUNDS" <<'PY'
import json, statistics, sys, time, urllib.parse, urllib.request
port, rounds = sys.argv[1], int(sys.argv[2])
queries = [
    "Radverkehrsachse", "Grundschule", "Kita", "Bebauungsplan Wohnquartier",
    "Bäume Entsiegelung", "Haushaltssatzung", "Beschlussvorschlag", "Kosten",
    "Bushaltestellen", "Toilette", "Digitalisierung Schulen", "Sitzungen",
]
def ask(q, sort="relevance"):
    url = f"http://127.0.0.1:{port}/api/v1/council/search?q={urllib.parse.quote(q)}&sort={sort}"
    start = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        hits = json.load(response)
    return (time.perf_counter() - start) * 1000, len(hits)
for q in queries:  # warm-up, and a look at what is found
    ms, n = ask(q)
    print(f"  {q!r}: {n} hits, {ms:.1f} ms (first)")
times = [ask(q, sort)[0] for _ in range(rounds) for q in queries for sort in ("relevance", "date")]
times.sort()
p95 = times[int(len(times) * 0.95) - 1]
print(f"\n{len(times)} searches: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")
PY
