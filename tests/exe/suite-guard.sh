#!/usr/bin/env bash
# Wine suite: what every command shares. The runlimited tool really gives a
# non-elevated process (so the suites' non-elevated tests mean something).
. "$(dirname "$0")/lib.sh"
wt_setup "$@"

begin
run version --json
want_rc 0
want_json 'd["kind"] == "version"'
run_limited version --json
want_rc 0
want_json 'd["kind"] == "version"'
end "runlimited runs wslnet.exe (read-only commands need no elevation)"

begin
run help
want_rc 0
want_stdout_has "Exit codes"
run nosuchcommand
want_rc 2
want_err_line "unknown command"
end "overview help; unknown command exits 2"

begin
# A squatter (any user can create a named mutex in Global\) holding the name
# wslnet used to lock with: changes must go on, not wait and fail "busy".
rm -f "$CHECK_TMP/squat"
(cd "$CWD" && wine "$FAKES/lockhold.exe" 40 "$(wt_winpath "$CHECK_TMP/squat")" old >/dev/null 2>&1) &
squatter=$!
for _ in $(seq 1 100); do [ -e "$CHECK_TMP/squat" ] && break; sleep 0.1; done
want "the squatter holds the old lock name" test -e "$CHECK_TMP/squat"
t0=$(date +%s)
run proxy sync --json
t1=$(date +%s)
want_rc 0
want "sync did not wait for the squatter (took $((t1 - t0)) s)" test $((t1 - t0)) -lt 15
kill "$squatter" 2>/dev/null; wait "$squatter" 2>/dev/null
end "a process squatting Global\\wslnet-change-lock blocks no change"

begin
rm -f "$CHECK_TMP/held"
(cd "$CWD" && wine "$FAKES/lockhold.exe" 4 "$(wt_winpath "$CHECK_TMP/held")" machine >/dev/null 2>&1) &
holder=$!
for _ in $(seq 1 100); do [ -e "$CHECK_TMP/held" ] && break; sleep 0.1; done
want "the holder took the machine lock" test -e "$CHECK_TMP/held"
t0=$(date +%s.%N)
run proxy sync --json
t1=$(date +%s.%N)
wait "$holder"
want_rc 0
want "sync waited for the machine lock (took $(echo "$t1 - $t0" | bc) s)" test "$(echo "$t1 - $t0 >= 2" | bc)" = 1
end "the machine lock still serializes changes"

check_summary
