#!/usr/bin/env bash
# tests/exe/run.sh BIN_DIR FAKES_DIR: every Wine suite (tests/exe/suite-*.sh),
# one after the other, each in its own throwaway prefix. Prints each suite's
# lines and, last, "N passed, N failed" over all of them.
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: $0 BIN_DIR FAKES_DIR" >&2; exit 2; }
passed=0 failed=0
for suite in "$here"/suite-*.sh; do
    [ -e "$suite" ] || continue
    name=$(basename "$suite" .sh)
    echo "# $name"
    start=$SECONDS
    log=$(mktemp)
    bash "$suite" "$1" "$2" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
    rm -f "$log"
    if [ -z "$line" ]; then
        echo "not ok - $name printed no summary (exit $rc)"; failed=$((failed + 1)); continue
    fi
    passed=$((passed + ${line%% passed*}))
    f=${line#*passed, }; f=${f%% failed*}
    failed=$((failed + f))
    [ "$rc" = 0 ] || [ "$f" != 0 ] || { echo "not ok - $name exited $rc"; failed=$((failed + 1)); }
    echo "# $name: $line ($((SECONDS - start)) s)"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
