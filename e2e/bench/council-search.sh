#!/usr/bin/env bash
# Council search benchmark (issue "Suche"): full-text search over a council
# of 100,000 papers and their 100,000 PDF texts. Reports how long the server
# took to build its search index and how large it is, then one client asking
# a mix of twelve queries (each by relevance and by date) one after the
# other, then CLIENTS clients asking the same mix at once: p50, p95 and the
# slowest, and the server's memory before and after. Shares the seeded
# database with oparl-lists.sh. Goals: p50 ≤ 10 ms, p95 ≤ 30 ms with one
# client; p95 ≤ 100 ms with 16.
#
#   e2e/bench/council-search.sh            # SCALE=500 → 100,000 papers
#   SCALE=50 ROUNDS=20 e2e/bench/council-search.sh
#   BIN=path/to/older/digitale-stadt ROUNDS=2 e2e/bench/council-search.sh
#
# Run an older build first: the first start of this one removes the
# database's own full-text indexes, which older builds searched with.
set -euo pipefail
# shellcheck source=e2e/wait-for-server.sh
source "$(dirname "${BASH_SOURCE[0]}")/../wait-for-server.sh"
cd "$(dirname "$0")/../.."
# shellcheck source=e2e/bench/council.sh
source e2e/bench/council.sh

SCALE=${SCALE:-500}
ROUNDS=${ROUNDS:-30}
CLIENTS=${CLIENTS:-16}
PORT=${PORT:-18902}
SEARCH_DIR=${SEARCH_DIR:-$WORK/search-scale-$SCALE}
council_ready

STARTED=$(date +%s.%N)
# The folder is given through the environment, which builds from before the
# search index ignore.
DS_SEARCH_DIR="$SEARCH_DIR" "$BIN" serve --db "$DB" --bind "127.0.0.1:$PORT" \
  --public-url "$PUBLIC_URL" --site "$WORK/no-site" >"$WORK/search-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; true' EXIT
wait_for_server "$SERVER" "$PORT" "$WORK/search-server.log"
echo "server ready after $(python3 -c "import time; print(round(time.time() - $STARTED, 1))") s"
texts_ready "$SERVER" "$WORK/search-server.log"

python3 - "$PORT" "$ROUNDS" "$CLIENTS" "$SERVER" "$SEARCH_DIR" "$STARTED" <<'PY'
import json, statistics, subprocess, sys, threading, time, urllib.error, urllib.parse, urllib.request
port, rounds, clients, server, folder = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
started = float(sys.argv[6])
base = f"http://127.0.0.1:{port}/api/v1"

def rss_mb():
    with open(f"/proc/{server}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

# Builds with the search index build it after the start (once per database).
while True:
    try:
        with urllib.request.urlopen(f"{base}/search/status") as response:
            status = json.load(response)
    except urllib.error.HTTPError as err:
        if err.code != 404:
            raise
        print("no search index in this build")
        break
    if status["complete"]:
        took = time.time() - started
        size = subprocess.run(["du", "-sm", folder], capture_output=True, text=True).stdout.split()[0]
        print(f"search index complete {took:.1f} s after the start ({status['indexed']} documents built now), {size} MB in {folder}")
        break
    time.sleep(0.5)
print(f"server RSS before searching: {rss_mb():.0f} MB")

queries = [
    "Radverkehrsachse", "Grundschule", "Kita", "Bebauungsplan Wohnquartier",
    "Bäume Entsiegelung", "Haushaltssatzung", "Beschlussvorschlag", "Kosten",
    "Bushaltestellen", "Toilette", "Digitalisierung Schulen", "Sitzungen",
]
def ask(q, sort="relevance"):
    url = f"{base}/council/search?q={urllib.parse.quote(q)}&sort={sort}"
    start = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        hits = json.load(response)
    return (time.perf_counter() - start) * 1000, len(hits)
def report(label, times):
    times.sort()
    p95 = times[max(int(len(times) * 0.95) - 1, 0)]
    print(f"{label}: {len(times)} searches, p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")

for q in queries:  # warm-up, and a look at what is found
    ms, n = ask(q)
    print(f"  {q!r}: {n} hits, {ms:.1f} ms (first)")
mix = [(q, sort) for q in queries for sort in ("relevance", "date")]
report("one client", [ask(q, sort)[0] for _ in range(rounds) for q, sort in mix])

times, lock = [], threading.Lock()
def client(i):
    mine = [ask(q, sort)[0] for r in range(max(rounds // 4, 1)) for q, sort in mix[i % len(mix):] + mix[:i % len(mix)]]
    with lock:
        times.extend(mine)
threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
report(f"{clients} clients at once", times)
print(f"server RSS after searching: {rss_mb():.0f} MB")
PY
