#!/usr/bin/env bash
# OParl list benchmark (issue "Ratsinformation"): a council of 100,000 papers,
# list pages of 100, 32 concurrent connections on loopback, for page 1 and
# page 1000 — side by side with nginx serving the very same page bytes from
# disk in the same run. Rerun any time; the seeded database is kept.
#
#   e2e/bench/oparl-lists.sh            # SCALE=500 → 100,000 papers
#   SCALE=50 DURATION=10s e2e/bench/oparl-lists.sh
set -euo pipefail
# shellcheck source=e2e/wait-for-server.sh
source "$(dirname "${BASH_SOURCE[0]}")/../wait-for-server.sh"
cd "$(dirname "$0")/../.."
# shellcheck source=e2e/bench/council.sh
source e2e/bench/council.sh

SCALE=${SCALE:-500}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18900}
NGINX_PORT=${NGINX_PORT:-18901}
need_tools wrk nginx curl
council_ready
mkdir -p "$WORK/www" "$WORK/nginx"

"$BIN" serve --db "$DB" --bind "127.0.0.1:$PORT" --public-url "$PUBLIC_URL" --site "$WORK/no-site" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null; true' EXIT
wait_for_server "$SERVER" "$PORT" "$WORK/server.log"
texts_ready "$SERVER" "$WORK/server.log"

PAPERS=$((200 * SCALE))
LAST_PAGE=$(( (PAPERS + 99) / 100 ))
DEEP_PAGE=$(( LAST_PAGE < 1000 ? LAST_PAGE : 1000 ))
PAGE_1="/oparl/v1/body/1/paper"
PAGE_DEEP="/oparl/v1/body/1/paper?after=$(( (DEEP_PAGE - 1) * 100 ))"
curl -sf "http://127.0.0.1:$PORT$PAGE_1" -o "$WORK/www/page-1.json"
curl -sf "http://127.0.0.1:$PORT$PAGE_DEEP" -o "$WORK/www/page-deep.json"
echo "page 1: $(wc -c <"$WORK/www/page-1.json") bytes; page $DEEP_PAGE: $(wc -c <"$WORK/www/page-deep.json") bytes"

start_nginx "$WORK/www" "$NGINX_PORT" "$WORK/nginx"

# wrk prints "Requests/sec: N" and, with --latency, "50% x" and "99% y".
measure() {
  local label=$1 url=$2 out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  printf '%-28s %12s %10s %10s  %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
  echo "$rps" >"$WORK/$label.rps"
}

echo
echo "$PAPERS papers, $CONNECTIONS connections, $DURATION per run"
printf '%-28s %12s %10s %10s\n' "target" "requests/s" "p50" "p99"
measure "digitale-stadt-page-1" "http://127.0.0.1:$PORT$PAGE_1"
measure "digitale-stadt-page-$DEEP_PAGE" "http://127.0.0.1:$PORT$PAGE_DEEP"
measure "nginx-page-1" "http://127.0.0.1:$NGINX_PORT/page-1.json"
measure "nginx-page-$DEEP_PAGE" "http://127.0.0.1:$NGINX_PORT/page-deep.json"
python3 - "$WORK" "$DEEP_PAGE" <<'PY'
import sys, pathlib
work, deep = pathlib.Path(sys.argv[1]), sys.argv[2]
r = lambda name: float((work / f"{name}.rps").read_text())
ours1, oursd = r("digitale-stadt-page-1"), r(f"digitale-stadt-page-{deep}")
ng1, ngd = r("nginx-page-1"), r(f"nginx-page-{deep}")
ratio = lambda a, b: f"{a / b:.2f}" if b else "n/a"
print(f"\nratio to nginx: page 1 {ratio(ours1, ng1)}, page {deep} {ratio(oursd, ngd)}; page {deep} / page 1 (ours): {ratio(oursd, ours1)}")
PY
