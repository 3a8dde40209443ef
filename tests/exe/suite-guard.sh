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

check_summary
