#!/usr/bin/env bash
# Runs the runtime's own unit tests (`cargo test -p kiln-runtime`) under
# valgrind's memcheck: invalid reads/writes, uses of uninitialized memory and
# leaks (definite and possible) fail the run.
#
#   scripts/valgrind-runtime.sh                 # release build (fast to build)
#   KILN_VALGRIND_PROFILE=dev scripts/valgrind-runtime.sh   # debug build
#   scripts/valgrind-runtime.sh copy::          # only tests matching a filter
#
# Arguments are passed to the test binaries (a name filter, `--exact`, ...).
# Suppressions for Rust's std are in scripts/valgrind-rust.supp. The tests run
# on one thread (`--test-threads=1`) so that reports are attributed to one test
# at a time. It takes a few seconds after the build; it is not part of
# `make test`, run it by hand or in a nightly job.
#
# Exit status: 0 when every binary is clean, 1 when valgrind found an error in
# any of them, 2 when building failed. The summary lists each binary's result.
set -uo pipefail

cd "$(dirname "$0")/.."
profile="${KILN_VALGRIND_PROFILE:-release}"
supp="scripts/valgrind-rust.supp"

if ! command -v valgrind >/dev/null; then
    echo "valgrind-runtime: valgrind is not installed" >&2
    exit 2
fi

# Build the test binaries and collect their paths from cargo's JSON messages.
json="$(cargo test -p kiln-runtime --profile "$profile" --no-run --message-format=json)" || {
    echo "valgrind-runtime: building the runtime tests failed" >&2
    exit 2
}
mapfile -t bins < <(printf '%s\n' "$json" | python3 -c '
import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        print(m["executable"])
')
if [ "${#bins[@]}" -eq 0 ]; then
    echo "valgrind-runtime: cargo reported no test binaries" >&2
    exit 2
fi

status=0
summary=()
for bin in "${bins[@]}"; do
    log="$(mktemp -t kiln-valgrind.XXXXXX)"
    echo "== valgrind $(basename "$bin") (log: $log)"
    valgrind \
        --error-exitcode=101 \
        --leak-check=full \
        --show-leak-kinds=definite,possible \
        --errors-for-leak-kinds=definite,possible \
        --track-origins=yes \
        --suppressions="$supp" \
        --gen-suppressions=all \
        --log-file="$log" \
        "$bin" --test-threads=1 "$@"
    rc=$?
    errors="$(grep -Eo 'ERROR SUMMARY: [0-9]+ errors' "$log" | tail -1)"
    leaks="$(grep -E 'definitely lost:|possibly lost:' "$log" | sed 's/^==[0-9]*== *//' | tr -s ' ' | paste -sd';' -)"
    if [ "$rc" -eq 101 ]; then
        status=1
        summary+=("FAIL $(basename "$bin"): valgrind found errors ($errors; $leaks); see $log")
        # Show each error's first lines: what and where in kiln_runtime.
        grep -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|[0-9,]+ bytes in [0-9,]+ blocks are (definitely|possibly))|kiln_runtime::' "$log" | head -60
    elif [ "$rc" -ne 0 ]; then
        # The tests themselves failed (not a valgrind finding): report it, but
        # keep the memory verdict separate.
        summary+=("TESTS FAILED $(basename "$bin") (exit $rc, ${errors:-no valgrind summary}); see $log")
        [ "$status" -eq 0 ] && status=1
    else
        summary+=("ok   $(basename "$bin"): ${errors}")
    fi
done

echo
echo "valgrind-runtime summary ($profile):"
printf '  %s\n' "${summary[@]}"
exit "$status"
