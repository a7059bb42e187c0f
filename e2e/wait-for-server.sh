# Sourced by the e2e and bench scripts: waits until the server they started
# answers /healthz; if it ended instead, shows its log and stops the script.
#
#   wait_for_server "$SERVER" "$PORT" "$WORK/server.log"
wait_for_server() {
  local pid=$1 port=$2 log=$3
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server ended before it answered; its log:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.2
  done
}
