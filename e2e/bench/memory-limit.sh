#!/usr/bin/env bash
# Runs a command as a container with a memory limit runs it: in a memory
# cgroup of its own, mounted where the process looks for its limit. The
# embedded RocksDB sizes its caches from that limit (block cache: half of it
# minus 1 GiB, at least 16 MiB; two 32 MiB memtables below 1 GiB, two of
# 64 MiB below 4 GiB), and from the whole machine's memory without one (on a
# 24 GiB machine: an 11 GiB cache and eight 128 MiB memtables; SurrealKV,
# the former engine: 64 MiB to 1 GiB memtables). The command keeps this
# script's process id.
# Needs root (cgroup v1 or v2).
#
#   e2e/bench/memory-limit.sh 256M target/release/digitale-stadt serve …
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: $0 <limit, e.g. 256M> <command> [arguments…]" >&2
  exit 2
fi
limit=$(numfmt --from=iec "$1")
shift

if [ -d /sys/fs/cgroup/memory ]; then
  root=/sys/fs/cgroup/memory # v1
  group="$root/digitale-stadt-$$"
  mkdir -p "$group"
  echo "$limit" >"$group/memory.limit_in_bytes"
else
  root=/sys/fs/cgroup # v2
  group="$root/digitale-stadt-$$"
  mkdir -p "$group"
  echo "$limit" >"$group/memory.max"
fi

# Groups of earlier runs whose processes have ended; rmdir leaves busy ones.
for old in "$root"/digitale-stadt-*; do
  [ "$old" != "$group" ] && rmdir "$old" 2>/dev/null || true
done

exec unshare --mount sh -c '
  echo $$ >"$1/cgroup.procs"
  mount --bind "$1" "$2"
  shift 2
  exec "$@"
' memory-limit "$group" "$root" "$@"
