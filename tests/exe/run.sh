#!/usr/bin/env bash
# tests/exe/run.sh BIN_DIR FAKES_DIR: every exe suite (tests/exe/suite-*.sh),
# one after the other, each in its own throwaway Wine prefix. Prints one TAP
# stream: each suite's result lines (its plan becomes a comment),
# a "not ok" for a suite that died before its plan, then the plan over all of
# them and "N passed, N failed, N skipped".
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: $0 BIN_DIR FAKES_DIR" >&2; exit 2; }
CHECK_TMP=$(mktemp -d)
trap 'rm -rf "$CHECK_TMP"' EXIT
. "$here/../lib/check.sh"
for suite in "$here"/suite-*.sh; do
    [ -e "$suite" ] || continue
    name=$(basename "$suite" .sh)
    echo "# $name"
    start=$SECONDS
    log="$CHECK_TMP/$name.log"
    bash "$suite" "$1" "$2" >"$log" 2>&1
    rc=$?
    # The suite's own lines, its plan as a comment (its summary is said below).
    sed -E -e '/^[0-9]+ passed, [0-9]+ failed/d' -e 's/^(1\.\.[0-9]+)$/# '"$name"': plan \1/' "$log"
    p=$(grep -cE '^ok\b' "$log"); s=$(grep -ciE '^ok\b.*# SKIP' "$log"); f=$(grep -cE '^not ok\b' "$log")
    PASSED=$((PASSED + p - s)) SKIPPED=$((SKIPPED + s)) FAILED=$((FAILED + f))
    plan=$(grep -E '^1\.\.[0-9]+$' "$log" | tail -1)
    if [ -z "$plan" ]; then
        tap_not_ok "$name ended without its plan (exit $rc)"
    elif [ "${plan#1..}" != "$((p + f))" ]; then
        tap_not_ok "$name planned ${plan#1..} tests and ran $((p + f))"
    elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        tap_not_ok "$name exited $rc with no failed test"
    fi
    echo "# $name: $((p - s)) passed, $f failed, $s skipped ($((SECONDS - start)) s)"
done
check_summary
