# tests/exe/lib.sh - setup for a Wine test suite (tests/exe/suite-*.sh).
# Source it, then call wt_setup BIN_DIR FAKES_DIR. It makes a throwaway prefix
# under build/, keeps it up for the suite, and removes it at exit. The
# assertions are tests/lib/check.sh's (begin / run / want_* / end).
#
#   $BIN, $FAKES        absolute paths of the built exe/DLL and the doubles
#   $WINEPREFIX         the suite's prefix; $WT_SYSTEM32 its system32
#   $WT_FAKE            C:\wslnet-fake in the prefix (where doubles keep state)
#   wt_wine PROG ARGS   run a program in the prefix
#   wt_reg ARGS         `reg` in the prefix, quiet; a failure fails the test (or the suite)
#   wt_winpath PATH     the Windows path (Z:\...) of a Linux path
#   run ARGS            wslnet.exe ARGS (elevated, as Wine starts processes)
#   run_limited ARGS    wslnet.exe ARGS with the limited token (non-elevated)
set -u
WT_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WT_ROOT=$(cd "$WT_HERE/../.." && pwd)
# shellcheck source=../../scripts/wine-env.sh
. "$WT_ROOT/scripts/wine-env.sh"

wt_setup() {
    wn_reexec_without_aslr "$0" "$@" # a suite run alone: Wine starts reliably (scripts/wine-env.sh)
    BIN=$(cd "${1:?usage: wt_setup BIN_DIR FAKES_DIR}" && pwd) || exit 2
    FAKES=$(cd "${2:?usage: wt_setup BIN_DIR FAKES_DIR}" && pwd) || exit 2
    [ -f "$BIN/wslnet.exe" ] || { echo "error: $BIN/wslnet.exe is missing" >&2; exit 2; }
    mkdir -p "$WT_ROOT/build/wine-suites"
    CHECK_TMP=$(mktemp -d "$WT_ROOT/build/wine-suites/$(basename "$0" .sh).XXXXXX") || exit 2
    WINEPREFIX=$CHECK_TMP/prefix
    export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml="
    trap wt_cleanup EXIT
    wn_new_prefix "$WINEPREFIX" || { echo "error: no Wine prefix" >&2; exit 2; }
    WT_SYSTEM32=$WINEPREFIX/drive_c/windows/system32
    WT_FAKE=$WINEPREFIX/drive_c/wslnet-fake
    mkdir -p "$WT_FAKE" "$CHECK_TMP/cwd"
    CWD=$CHECK_TMP/cwd
    # shellcheck source=../lib/check.sh
    . "$WT_ROOT/tests/lib/check.sh"
}

wt_cleanup() {
    local rc=$?
    trap - EXIT
    [ -n "${WINEPREFIX:-}" ] && wn_kill_prefix "$WINEPREFIX" >/dev/null 2>&1
    [ -n "${CHECK_TMP:-}" ] && rm -rf "$CHECK_TMP"
    return $rc
}

wt_wine() { wine "$@"; }
# wt_reg ARGS: `reg ARGS` in the prefix, its output hidden. Setup that did not happen must
# not pass unnoticed: inside a test, a failure is a reason that test fails (with reg's exit
# code and output); outside one (a suite's own setup), the suite ends without its plan.
wt_reg() {
    local out rc
    out=$(wine reg "$@" </dev/null 2>&1)
    rc=$?
    [ "$rc" -eq 0 ] && return 0
    out=$(printf '%s' "$out" | tr '\r\n' '  ' | head -c 300)
    if [ "${CHECK_IN_TEST:-0}" = 1 ]; then
        REASONS+=("setup: reg $* exited $rc: $out")
        return "$rc"
    fi
    echo "error: suite setup: reg $* exited $rc: $out" >&2
    exit 2
}
wt_winpath() { printf 'Z:%s' "$(printf '%s' "$1" | tr / '\\')"; }
check_exec() { wine "$@"; }

# run_limited ARGS...: like run, but non-elevated (tests/fakes/runlimited).
run_limited() {
    LAST_CMD="(non-elevated) wslnet $*"
    (cd "$CWD" && wine "$FAKES/runlimited.exe" "$(wt_winpath "$BIN/wslnet.exe")" "$@") \
        >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}

# same_state PRE POST: true when two snapshots of a suite's state() are equal; otherwise
# false, and the differing lines (at most 8) go into the failure's reasons.
same_state() {
    [ "$1" = "$2" ] && return 0
    REASONS+=("state differs: $(diff <(printf '%s\n' "$1") <(printf '%s\n' "$2") | grep '^[<>]' | head -8 | cut -c1-300 | tr '\n' '|')")
    return 1
}
