#!/usr/bin/env bash
# OParl harvest benchmark (issue "OParl at wire speed"): every page of the
# paper list of a council of 100,000 papers, as harvesters read it — one
# client walking all pages once in order, and 8 connections walking the
# pages in turn (distinct pages; the answer cache is off, so every page is
# built from the database) — side by side with nginx serving the very same
# page bytes from disk, in the same run. Shares the seeded council with
# oparl-lists.sh; rerun any time.
#
#   e2e/bench/oparl-walk.sh                  # SCALE=500 → 100,000 papers
#   SCALE=50 DURATION=10s e2e/bench/oparl-walk.sh
#   BIN=/path/to/older/digitale-stadt READY= e2e/bench/oparl-walk.sh
#       # another build on the same council (READY= : do not wait for the
#       # stored texts, which builds before them do not have)
set -euo pipefail
# shellcheck source=e2e/wait-for-server.sh
source "$(dirname "${BASH_SOURCE[0]}")/../wait-for-server.sh"
cd "$(dirname "$0")/../.."
# shellcheck source=e2e/bench/council.sh
source e2e/bench/council.sh

SCALE=${SCALE:-500}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-8}
PORT=${PORT:-18904}
NGINX_PORT=${NGINX_PORT:-18905}

need_tools wrk nginx curl
council_ready
WALK="$WORK/walk"
rm -rf "$WALK"
mkdir -p "$WALK/www/page" "$WALK/nginx"

"$BIN" serve --db "$DB" --bind "127.0.0.1:$PORT" --public-url "$PUBLIC_URL" --site "$WALK/no-site" --oparl-cache-mb 0 \
  >"$WALK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; [ -f "$WALK/nginx/nginx.pid" ] && kill "$(cat "$WALK/nginx/nginx.pid")" 2>/dev/null; true' EXIT
wait_for_server "$SERVER" "$PORT" "$WALK/server.log"
texts_ready "$SERVER" "$WALK/server.log"

PAPERS=$((200 * SCALE))
PAGES=$(( (PAPERS + 99) / 100 ))
# Papers are numbered from 1, so page k starts after paper 100·k.
for ((k = 0; k < PAGES; k++)); do
  query=$([ "$k" -eq 0 ] && echo "" || echo "?after=$((k * 100))")
  echo "url = \"http://127.0.0.1:$PORT/oparl/v1/body/1/paper$query\"" >>"$WALK/ours.curl"
  echo "output = \"$WALK/www/page/$k.json\"" >>"$WALK/ours.curl"
  echo "url = \"http://127.0.0.1:$NGINX_PORT/page/$k.json\"" >>"$WALK/nginx.curl"
  echo "output = \"/dev/null\"" >>"$WALK/nginx.curl"
done

# One client, every page once in order, over one kept-alive connection.
walk_once() {
  local label=$1 config=$2 started
  started=$(date +%s.%N)
  curl -sf --config "$config"
  python3 -c "import sys; s = float(sys.argv[2]) - float(sys.argv[1]); print('%-34s %8.1f s  %6.1f ms a page' % (sys.argv[3], s, 1000 * s / int(sys.argv[4])))" \
    "$started" "$(date +%s.%N)" "$label" "$PAGES"
}

echo
echo "$PAPERS papers, $PAGES pages of 100"
# The first walk follows right on the pass that wrote every text and block,
# while the engine still compacts what it wrote; the second is the steady state.
walk_once "digitale-stadt, one client" "$WALK/ours.curl"
walk_once "digitale-stadt, one client again" "$WALK/ours.curl"
echo "pages: $(find "$WALK/www/page" -name '*.json' | wc -l), $(du -sh "$WALK/www/page" | cut -f1)"
start_nginx "$WALK/www" "$NGINX_PORT" "$WALK/nginx"
walk_once "nginx, one client" "$WALK/nginx.curl"

# Each wrk thread walks its share of the pages in turn, every connection
# asking for the next page nobody asked for yet (then the walk starts over):
# page k is <prefix><k·factor><suffix>.
cat >"$WALK/walk.lua" <<'LUA'
local threads = {}
function setup(thread)
  thread:set("first", #threads)
  table.insert(threads, thread)
end
function init(args)
  prefix, factor, suffix = args[1], tonumber(args[2]), args[3]
  pages, step = tonumber(args[4]), tonumber(args[5])
  k = first
end
function request()
  local path = prefix .. (k * factor) .. suffix
  k = (k + step) % pages
  return wrk.format("GET", path)
end
LUA
measure() {
  local label=$1 url=$2 out rps p50 p99 errors
  shift 2
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WALK/walk.lua" "$url" -- "$@" "$PAGES" 2)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  printf '%-34s %10s pages/s %10s %10s  %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
  echo "$rps" >"$WALK/$label.rps"
}
echo
printf '%-34s %18s %10s %10s\n' "$CONNECTIONS connections walking" "" "p50" "p99"
measure "digitale-stadt" "http://127.0.0.1:$PORT" "/oparl/v1/body/1/paper?after=" 100 ""
measure "nginx" "http://127.0.0.1:$NGINX_PORT" "/page/" 1 ".json"
python3 - "$WALK" <<'PY'
import sys, pathlib
work = pathlib.Path(sys.argv[1])
ours, ng = (float((work / f"{n}.rps").read_text()) for n in ("digitale-stadt", "nginx"))
print(f"\nwalk ratio to nginx: {ours / ng:.3f}" if ng else "\nnginx answered nothing")
PY
