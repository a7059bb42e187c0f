# shellcheck shell=bash
# Sourced by the council benchmarks (oparl-lists.sh, oparl-walk.sh,
# council-search.sh): the release server and the benchmark council they
# share, seeded once per SCALE.
#
#   source e2e/bench/council.sh   # sets TARGET, WORK, BIN (unless set), PUBLIC_URL
#   need_tools wrk nginx curl
#   council_ready                 # sets DB
#   texts_ready PID LOG           # waits for the server's pass over the texts
TARGET=${CARGO_TARGET_DIR:-target}
WORK=$(realpath -m "$TARGET/bench/oparl")
BIN=${BIN:-$TARGET/release/digitale-stadt}
# One public address for every benchmark server: the stored OParl texts hold
# absolute URLs, and a server started for another address renders them all
# again (several minutes at SCALE=500) before its figures mean anything.
# shellcheck disable=SC2034 # used by the scripts that source this one
PUBLIC_URL=http://localhost:18900/

need_tools() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is missing: sudo apt-get install $*" >&2
      exit 1
    fi
  done
}

# Builds the release binaries (unless BIN names another build) and seeds a
# council at SCALE the first time (200·SCALE papers).
council_ready() {
  if [ "$BIN" = "$TARGET/release/digitale-stadt" ]; then
    e2e/bench/build-release.sh
  fi
  mkdir -p "$WORK"
  DB="rocksdb://$WORK/rocksdb-scale-$SCALE"
  if [ ! -d "$WORK/rocksdb-scale-$SCALE" ]; then
    echo "seeding a council at scale $SCALE (once):"
    /usr/bin/time -f "seeded in %e s, peak RSS %M KB" "$BIN" seed --db "$DB" --scale "$SCALE"
  fi
}

# Starts nginx serving the files under $1 on port $2, its own files in $3
# (one worker, no access log: the reference the benchmarks compare with).
start_nginx() {
  local root=$1 port=$2 dir=$3
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $dir;
  proxy_temp_path $dir;
  fastcgi_temp_path $dir;
  uwsgi_temp_path $dir;
  scgi_temp_path $dir;
  server { listen 127.0.0.1:$port; root $root; }
}
CONF
  nginx -c "$dir/nginx.conf" -p "$dir"
  sleep 0.5
}

# Waits until the server (pid $1, log $2) has rendered every stored text and
# built every block (council/texts.rs logs it), so that the pass does not
# share the cores with what is measured. READY= skips the wait (builds
# before the stored texts never log it).
texts_ready() {
  local server=$1 log=$2 started=$SECONDS
  [ -n "${READY-OParl-Texte vollständig}" ] || return 0
  until grep -q "${READY-OParl-Texte vollständig}" "$log"; do
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 1
  done
  echo "stored texts ready $((SECONDS - started)) s after the server answered"
}
