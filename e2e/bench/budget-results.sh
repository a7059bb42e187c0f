#!/usr/bin/env bash
# Bürgerhaushalt results benchmark: how long the release server takes to
# compute greedy and the Method of Equal Shares (with its 1 € completion)
# for elections of growing size, sent as Pabulib files to
# /api/v1/budgets/pabulib/check, plus the demo cycle's results.
#
#   e2e/bench/budget-results.sh
#   SIZES="1000:40 20000:80" e2e/bench/budget-results.sh   # voters:projects
set -euo pipefail
# shellcheck source=e2e/wait-for-server.sh
source "$(dirname "${BASH_SOURCE[0]}")/../wait-for-server.sh"
cd "$(dirname "$0")/../.."

SIZES=${SIZES:-"300:20 2000:40 6500:64 20000:80"}
PORT=${PORT:-18903}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=$(realpath -m "$TARGET/bench/budget")
BIN=$TARGET/release/digitale-stadt

e2e/bench/build-release.sh
mkdir -p "$WORK"
"$BIN" serve --demo --db mem:// --bind "127.0.0.1:$PORT" --site "$WORK/no-site" \
  --request-timeout-secs 600 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; true' EXIT
wait_for_server "$SERVER" "$PORT" "$WORK/server.log"

for rule in greedy mes; do
  curl -s -o /dev/null -w "demo cycle, results by $rule: %{time_total} s\n" \
    "http://127.0.0.1:$PORT/api/v1/budgets/1/results?rule=$rule"
done

# A synthetic election like a large city's: costs between 5,000 and 400,000 €,
# a budget of a quarter of all costs, each voter approving 2 to 10 projects
# with popularity falling by project number. Seeded, so every run is the same.
for size in $SIZES; do
  voters=${size%%:*}
  projects=${size##*:}
  file="$WORK/election-$voters-$projects.pb"
  awk -v voters="$voters" -v projects="$projects" 'BEGIN {
    srand(20261127); total = 0
    for (p = 1; p <= projects; p++) { cost[p] = int(5000 + rand() * 395000); total += cost[p] }
    print "META"; print "key;value"; print "description;synthetic"; print "country;Germany"
    print "unit;Bench"; print "instance;" voters "x" projects; print "num_projects;" projects
    print "num_votes;" voters; print "budget;" int(total / 4); print "vote_type;approval"
    print "rule;equalshares"; print "date_begin;01.01.2026"; print "date_end;31.01.2026"
    print "PROJECTS"; print "project_id;cost;name"
    for (p = 1; p <= projects; p++) print p ";" cost[p] ";Projekt " p
    print "VOTES"; print "voter_id;vote"
    for (v = 1; v <= voters; v++) {
      n = 2 + int(rand() * 9); line = ""; delete chosen
      while (length(chosen) < n) { p = 1 + int(projects * rand() ^ 2); chosen[p] = 1 }
      for (p in chosen) line = line (line == "" ? "" : ",") p
      print v ";" line
    }
  }' >"$file"
  curl -s -o "$WORK/answer.json" -w "$voters voters, $projects projects: %{time_total} s (both rules)\n" \
    -H 'content-type: text/plain' --data-binary "@$file" \
    "http://127.0.0.1:$PORT/api/v1/budgets/pabulib/check"
  python3 -c "import json,sys; a=json.load(open(sys.argv[1])); print('   greedy', len(a['greedy']), 'winners, MES', len(a['mes']))" "$WORK/answer.json"
done
