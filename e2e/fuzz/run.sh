#!/usr/bin/env bash
# Runs every fuzz target (or those named as arguments) for a fixed time each
# and prints one summary line per target; exits non-zero if any target found
# a crash, timeout or out-of-memory input (libFuzzer writes it to
# artifacts/<target>/).
#
#   e2e/fuzz/run.sh                              # all targets, 60 s each
#   SECONDS_PER_TARGET=300 e2e/fuzz/run.sh markdown pabulib
#
# Environment:
#   SECONDS_PER_TARGET  fuzzing time per target (default 60)
#   TIMEOUT             seconds one input may take before it counts as a hang (default 30)
#   NICE                niceness of the build and the fuzzing (default 19)
#   CARGO_TARGET_DIR    where to build (default e2e/fuzz/target)
#   FUZZ_ARGS           extra libFuzzer flags, e.g. "-max_len=8192"
#
# Needs the nightly toolchain (`rustup toolchain install nightly`) and
# cargo-fuzz (`cargo install cargo-fuzz`). Seeds are committed under
# seeds/<target>/ and copied into the working corpus corpus/<target>/, which
# grows while fuzzing and is not committed; dicts/<target>.dict is used when
# present.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

seconds="${SECONDS_PER_TARGET:-60}"
timeout="${TIMEOUT:-30}"
niceness="${NICE:-19}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "run.sh: needs cargo-fuzz and the nightly toolchain:" >&2
    echo "  rustup toolchain install nightly && cargo install cargo-fuzz" >&2
    exit 2
fi

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

echo "Building ${#targets[@]} fuzz targets (nice $niceness, target dir $CARGO_TARGET_DIR) ..."
if [ "$#" -gt 0 ] && [ "$#" -lt 3 ]; then
    build=("${targets[@]}")
else
    build=("") # one cargo invocation builds them all
fi
for target in "${build[@]}"; do
    # shellcheck disable=SC2086
    if ! nice -n "$niceness" cargo +nightly fuzz build $target; then
        echo "run.sh: building ${target:-the fuzz targets} failed" >&2
        exit 2
    fi
done

mkdir -p logs
failed=0
summary=()
for target in "${targets[@]}"; do
    corpus="corpus/$target"
    artifacts="artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    if [ -d "seeds/$target" ]; then
        cp -n "seeds/$target"/* "$corpus"/ 2>/dev/null || true
    fi
    before="$(ls "$artifacts" | sort)"

    flags=(-max_total_time="$seconds" -timeout="$timeout" -print_final_stats=1)
    [ -f "dicts/$target.dict" ] && flags+=(-dict="dicts/$target.dict")
    # shellcheck disable=SC2206
    [ -n "${FUZZ_ARGS:-}" ] && flags+=(${FUZZ_ARGS})

    log="logs/$target.log"
    echo "Fuzzing $target for ${seconds}s (log: e2e/fuzz/$log) ..."
    nice -n "$niceness" cargo +nightly fuzz run "$target" "$corpus" -- "${flags[@]}" >"$log" 2>&1
    status=$?

    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')"
    speed="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')"
    corpus_size="$(ls "$corpus" | wc -l)"
    new="$(comm -13 <(echo "$before") <(ls "$artifacts" | sort) | grep -E '^(crash|timeout|oom|leak|slow-unit)-' || true)"
    crashes=0
    [ -n "$new" ] && crashes="$(echo "$new" | wc -l)"
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        # libFuzzer or the build failed without leaving an input behind.
        crashes="?"
    fi
    line="$(printf '%-18s runs=%-10s exec/s=%-7s corpus=%-6s crashes=%s' \
        "$target" "${runs:-?}" "${speed:-?}" "$corpus_size" "$crashes")"
    if [ "$crashes" != 0 ]; then
        failed=1
        for file in $new; do line+=$'\n'"    e2e/fuzz/$artifacts/$file"; done
        line+=$'\n'"    $(grep -m1 -E "panicked at|ERROR: AddressSanitizer|ERROR: libFuzzer" "$log" || echo "see $log")"
    fi
    summary+=("$line")
    echo "$line"
done

echo
echo "Summary (${seconds}s per target):"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
    echo "Crashes found: reproduce with  cargo +nightly fuzz run <target> <artifact>,"
    echo "minimise with  cargo +nightly fuzz tmin <target> <artifact>  (from e2e/fuzz)."
fi
exit "$failed"
