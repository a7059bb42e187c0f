#!/usr/bin/env bash
# Property-based tests of the JSON API with Schemathesis (from PyPI) against
# the demo city: every operation of /api/v1/openapi.json gets generated
# requests; no answer may be a 5xx, and every answer must match the documented
# status codes, content types and schemas.
#
#   e2e/schemathesis.sh                 # 20 cases per operation, seed 1
#   ST_MAX_EXAMPLES=100 e2e/schemathesis.sh
#
# The run is repeatable: one worker, a fixed seed, no example database carried
# over, and a fresh in-memory server each time. Reports (JUnit, NDJSON) go to
# target/schemathesis/.
set -euo pipefail
# shellcheck source=e2e/wait-for-server.sh
source "$(dirname "${BASH_SOURCE[0]}")/wait-for-server.sh"
cd "$(dirname "$0")/.."

VERSION=${ST_VERSION:-4.32.5}
MAX_EXAMPLES=${ST_MAX_EXAMPLES:-20}
SEED=${ST_SEED:-1}
CHECKS=${ST_CHECKS:-not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance}
PORT=${PORT:-18950}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=$(realpath -m "$TARGET/schemathesis")
VENV=$WORK/venv

mkdir -p "$WORK"
if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}')" != "$VERSION" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "schemathesis==$VERSION"
fi

cargo build --quiet --workspace --bins --tests  # the set `cargo xtask test` builds
# Schemathesis sends thousands of writes from one address: lift the limits.
"$TARGET/debug/digitale-stadt" serve --demo --db mem:// --bind "127.0.0.1:$PORT" \
  --site "$WORK/no-site" --sign-in-per-minute 100000000 --writes-per-minute 100000000 \
  >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
wait_for_server "$SERVER" "$PORT" "$WORK/server.log"

cd "$WORK"
PYTHONPATH="$OLDPWD/e2e" SCHEMATHESIS_HOOKS=schemathesis_hooks \
"$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
  --url "http://127.0.0.1:$PORT/api/v1" \
  --checks "$CHECKS" \
  --max-examples "$MAX_EXAMPLES" \
  --seed "$SEED" \
  --workers 1 \
  --generation-database none \
  --continue-on-failure \
  --no-color \
  --report junit,ndjson \
  --report-dir "$WORK/report" \
  "$@"
