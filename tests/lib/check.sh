# tests/lib/check.sh - the one assertion library of the shell suites (tests/e2e,
# tests/exe, tests/msi, tests/imports.sh). Results are TAP (testanything.org):
# "ok - name", "not ok - name" with "#   reason" lines under it,
# "ok - name # SKIP why", and at the end the plan "1..N" and a line
# "N passed, N failed, N skipped" for people. scripts/test.sh counts the TAP
# lines (tests/README.md).
#
# Source it after setting CHECK_TMP (a scratch directory). The checks of
# wslnet.exe also need check_exec PROGRAM ARGS... (how a Windows program runs)
# and CWD.
#
# A test: begin; run ARGS...; want_rc N; want_json 'EXPR'...; end "name".
# Each failed expectation adds a reason; end prints "ok - name" or
# "not ok - name" with the reasons. A test that cannot run here:
# tap_skip "name" "why". Without begin/end: tap_ok / tap_not_ok "name".
# check_summary prints the plan and the counts and returns non-zero on any
# failure.

# snip FILE [N]: the first N bytes of FILE on one line, for diagnostics.
snip() { head -c "${2:-300}" "$1" 2>/dev/null | tr -d '\000' | tr '\r\n' '  '; }

PASSED=0
FAILED=0
SKIPPED=0
REASONS=()
RC=0
OUT="$CHECK_TMP/stdout"
ERR="$CHECK_TMP/stderr"

# JSON checker: check.py FILE EXPR... ; every EXPR is Python over `d` (the
# document) with helpers. Checks the common envelope first.
CHECK="$CHECK_TMP/check.py"
cat >"$CHECK" <<'PYEOF'
import json, re, sys

path, exprs = sys.argv[1], sys.argv[2:]
raw = open(path, "rb").read()
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    print("stdout is not UTF-8: %s" % e); sys.exit(1)
try:
    d = json.loads(text)
except ValueError as e:
    print("stdout is not one JSON document: %s; stdout=%r" % (e, text[:300])); sys.exit(1)

def is_int(x): return isinstance(x, int) and not isinstance(x, bool)
def is_str(x): return isinstance(x, str)
def one_line(x): return is_str(x) and x.strip() != "" and "\n" not in x and "\r" not in x
def adapter(name):
    for a in d.get("adapters", []):
        if a.get("name") == name:
            return a
    return None
def ipv4(a): return [x for x in a.get("addresses", []) if x.get("family") == "ipv4"]
def names(): return [a.get("name") for a in d.get("adapters", [])]
def sources(): return [a.get("source") for a in d.get("attempts", [])]
def attempt(src):
    for a in d.get("attempts", []):
        if a.get("source") == src:
            return a
    return {}
def attempts_ok():
    return all(is_str(a.get("source")) and is_str(a.get("status")) and is_str(a.get("message"))
               for a in d.get("attempts", []))

failed = []
if not (is_int(d.get("schemaVersion")) and d.get("schemaVersion") == 1):
    failed.append("schemaVersion == 1")
if not is_str(d.get("kind")):
    failed.append("kind is a string")
for e in exprs:
    try:
        ok = eval(e)
    except Exception as ex:
        ok = False
        e = "%s (raised %s: %s)" % (e, type(ex).__name__, ex)
    if not ok:
        failed.append(e)
if failed:
    for f in failed:
        print("failed: %s" % f)
    print("document: %s" % json.dumps(d)[:1500])
    sys.exit(1)
PYEOF

# Status names by exit code, from docs/cli.md's exit-code table (which CTest's
# status_docs keeps equal to WSLNET_STATUS_MAP in wslnet.h).
mapfile -t STATUS_NAMES < <(awk -F'|' '/^#+ .*Exit codes/{t=1; next} /^#/{t=0}
    t && $2 ~ /^ *[0-9]+ *$/ && $3 !~ /\(/ {gsub(/ /, "", $3); print $3}' \
    "$(dirname "${BASH_SOURCE[0]}")/../../docs/cli.md")
[ "${#STATUS_NAMES[@]}" -gt 10 ] || { echo "check.sh: no exit-code table in docs/cli.md" >&2; exit 1; }
status_code() {
    local i
    for i in "${!STATUS_NAMES[@]}"; do
        [ "${STATUS_NAMES[$i]}" = "$1" ] && { echo "$i"; return; }
    done
    echo 99
}

# run ARGS... : wslnet.exe ARGS through the suite's check_exec (which runs it
# under Wine: check_exec PROGRAM ARGS...), from $CWD.
run() {
    LAST_CMD="wslnet $*"
    (cd "$CWD" && check_exec "$BIN/wslnet.exe" "$@") >"$OUT" 2>"$ERR" </dev/null
    RC=$?
    # No crash whatever the case: exit codes are the statuses', no Wine crash report.
    if [ "$RC" -ge "${#STATUS_NAMES[@]}" ]; then
        REASONS+=("[$LAST_CMD] exit code $RC is not one of docs/cli.md's (0..$((${#STATUS_NAMES[@]} - 1)))")
    fi
    if grep -qaE 'Unhandled exception|wine: Unhandled|page fault|Backtrace' "$ERR"; then
        REASONS+=("[$LAST_CMD] crashed: $(snip "$ERR")")
    fi
}

want_rc() {
    [ "$RC" = "$1" ] || REASONS+=("[$LAST_CMD] exit code: expected $1, got $RC; stderr: $(snip "$ERR")")
}

want_json() {
    local msg
    if ! msg=$(python3 "$CHECK" "$OUT" "$@" 2>&1); then
        REASONS+=("[$LAST_CMD] JSON: $msg")
    fi
}

# want_error STATUS [EXPR...]: exit code and error document of docs/cli.md.
want_error() {
    local st=$1
    shift
    want_rc "$(status_code "$st")"
    want_json 'd["kind"] == "error"' "d['error']['status'] == '$st'" \
        "d['error']['exitCode'] == $(status_code "$st")" "is_int(d['error']['code'])" \
        "one_line(d['error']['message'])" "$@"
}

# want_err_line [REGEX]: human mode failure: nothing on stdout; stderr is one
# line "wslnet: <message>", followed (for address) only by the sources tried:
# a "Sources tried:" header and one indented line per source.
want_err_line() {
    local lines first
    lines=$(tr -d '\r\000' <"$ERR" | tail -n +2 | grep -vE '^Sources tried:$|^  (hns|registry|neighbor|wsl) ' | grep -c .)
    first=$(tr -d '\r\000' <"$ERR" | head -n 1)
    [ -s "$OUT" ] && REASONS+=("[$LAST_CMD] stdout should be empty on failure, got: $(snip "$OUT" 200)")
    [ "$lines" = 0 ] || REASONS+=("[$LAST_CMD] stderr should be one message line (+ sources tried), got $lines more: $(snip "$ERR" 400)")
    case "$first" in
    "wslnet: "??*) ;;
    *) REASONS+=("[$LAST_CMD] stderr should read 'wslnet: <message>', got: $first") ;;
    esac
    if [ -n "${1:-}" ] && ! printf '%s' "$first" | grep -qiE -- "$1"; then
        REASONS+=("[$LAST_CMD] stderr should match /$1/, got: $first")
    fi
}

want_stdout_has() {
    local s
    for s in "$@"; do
        tr -d '\r\000' <"$OUT" | grep -qF -- "$s" || REASONS+=("[$LAST_CMD] stdout lacks '$s'; stdout: $(snip "$OUT" 400)")
    done
}

want() { # want DESCRIPTION CONDITION-COMMAND...
    local what=$1
    shift
    "$@" || REASONS+=("$what")
}

tap_ok() { echo "ok - $*"; PASSED=$((PASSED + 1)); }
tap_not_ok() { echo "not ok - $*"; FAILED=$((FAILED + 1)); }
tap_skip() { # tap_skip NAME WHY: not run here, said so; never counted as passed
    echo "ok - $1 # SKIP $2"; SKIPPED=$((SKIPPED + 1))
}

begin() { REASONS=(); CHECK_IN_TEST=1; }
end() {
    local r
    CHECK_IN_TEST=0
    if [ ${#REASONS[@]} -eq 0 ]; then
        tap_ok "$1"
    else
        tap_not_ok "$1"
        for r in "${REASONS[@]}"; do
            printf '#   %s\n' "$r"
        done
    fi
}

check_summary() {
    echo "1..$((PASSED + FAILED + SKIPPED))"
    echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
    [ "$FAILED" -eq 0 ]
}
