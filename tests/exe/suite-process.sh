#!/usr/bin/env bash
# Wine suite: how wslnet.exe treats processes and output (issue 9, finding 8).
#
#  - child processes inherit only their pipes: tests/fakes/inherit runs
#    wslnet.exe holding an inheritable "marker" handle; the fake wsl.exe
#    records whether the marker reached it;
#  - elevated runs of commands that run distro code need --allow-distro-code;
#  - values from files other users control are printed with their terminal
#    controls escaped (text) or \u-escaped (JSON), the data intact;
#  - DLLs come from System32 only: a copy of wslnet.exe (and a third-party
#    program using wslnet.dll) next to planted crypt32.dll / iphlpapi.dll does
#    not load them. Wine prefers its builtin DLLs, so the suite makes it prefer
#    a native one (WINEDLLOVERRIDES=crypt32,iphlpapi=n,b), as Windows would
#    for a file it finds first in the search order.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"

cp "$FAKES/wsl.exe" "$WT_SYSTEM32/wsl.exe"
MARKER=$CHECK_TMP/marker.txt
echo "wslnet-marker" >"$MARKER"
marker_log() { tr -d '\r' <"$WT_FAKE/wsl-marker.log" 2>/dev/null; }

# run_inherit ARGS...: wslnet.exe ARGS holding the marker handle.
run_inherit() {
    LAST_CMD="(holding a marker handle) wslnet $*"
    (cd "$CWD" && wine "$FAKES/inherit.exe" "$(wt_winpath "$MARKER")" "$(wt_winpath "$BIN/wslnet.exe")" "$@") \
        >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}

# ------------------------------------------------------------ handle inheritance
begin
rm -f "$WT_FAKE/wsl-marker.log"
wine "$FAKES/inherit.exe" "$(wt_winpath "$MARKER")" 'C:\windows\system32\wsl.exe' >/dev/null 2>&1 </dev/null
want "the fake wsl.exe started by inherit.exe directly sees the marker (the detector works): $(marker_log)" \
    test "$(marker_log)" = "inherited"
end "control: a child started with handle inheritance holds the marker"

begin
rm -f "$WT_FAKE/wsl-marker.log"
printf '{"stdout":"172.28.20.5 \\n","exitCode":0}' >"$WT_FAKE/wsl.json"
run_inherit address --source wsl --allow-distro-code --json
want_rc 0
want_json 'd["address"] == "172.28.20.5"'
want "wsl.exe for address did not get the marker: $(marker_log)" test "$(marker_log)" = "not inherited"
rm -f "$WT_FAKE/wsl-marker.log"
printf '{"stdout":"installed\\n","exitCode":0}' >"$WT_FAKE/wsl.json"
run_inherit certs install --distro Ubuntu --allow-distro-code --json
want_rc 0
want "wsl.exe for certs install did not get the marker: $(marker_log)" test "$(marker_log)" = "not inherited"
end "wsl.exe inherits only its pipes, not wslnet's other inheritable handles (address --source wsl, certs install)"

# ------------------------------------------------------------ large output
begin
python3 - "$WT_FAKE/wsl.json" <<'PY'
import json, sys
lines = "".join("line %06d of output that goes on\n" % i for i in range(20000))  # ~660 KB
json.dump({"stdout": lines + "update-ca-certificates failed: the last line\n", "exitCode": 3}, open(sys.argv[1], "w"))
PY
run certs install --distro Ubuntu --allow-distro-code --json
want_error systemError 'd["error"]["message"].rstrip().endswith("the last line")' \
    '"line 000000" not in d["error"]["message"]'
end "certs install: wsl.exe writing 660 KB keeps the last lines of its output (no over-read, no crash)"

# ------------------------------------------------------------ distro code when elevated
begin
rm -f "$WT_FAKE/wsl-args.log"
printf '{"stdout":"172.28.20.5\\n","exitCode":0}' >"$WT_FAKE/wsl.json"
run address --source wsl
want_rc 2
want_err_line 'allow-distro-code'
run certs install --distro Ubuntu --json
want_error usage 'd["error"]["message"].find("--allow-distro-code") >= 0'
want "wsl.exe was not run: $(cat "$WT_FAKE/wsl-args.log" 2>/dev/null)" test ! -e "$WT_FAKE/wsl-args.log"
run certs install --distro Ubuntu --dry-run --json
want_rc 0
run_limited address --source wsl --json
want_rc 0
want_json 'd["address"] == "172.28.20.5"'
end "elevated: address --source wsl and certs install refuse without --allow-distro-code (exit 2, nothing run); --dry-run and non-elevated runs need no flag"

# ------------------------------------------------------------ escaped output
begin
CFG=$CHECK_TMP/esc.wslconfig
printf '[wsl2]\nkernelCommandLine=quiet \033]0;pwned\007\033[2J\302\233''31m end\n' >"$CFG"
run config get wsl2.kernelCommandLine --file "$(wt_winpath "$CFG")"
want_rc 0
want "no raw ESC, BEL or CSI in text output: $(od -c "$OUT" | head -3 | tr '\n' ' ')" \
    python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); sys.exit(any(c in b for c in (b"\x1b", b"\x07", b"\xc2\x9b")))' "$OUT"
want_stdout_has 'quiet \x1B]0;pwned\x07\x1B[2J\u009B31m end'
run config get wsl2.kernelCommandLine --file "$(wt_winpath "$CFG")" --json
want_rc 0
want "no raw ESC or CSI in JSON output" \
    python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); sys.exit(any(c in b for c in (b"\x1b", b"\x07", b"\xc2\x9b")))' "$OUT"
want_json 'd["value"] == "quiet \x1b]0;pwned\x07\x1b[2J\x9b31m end"'
end "values from a file another user controls: terminal controls shown escaped, JSON data intact"

# ------------------------------------------------------------ planted DLLs
begin
COPY=$CHECK_TMP/copy
mkdir -p "$COPY"
cp "$BIN/wslnet.exe" "$BIN/wslnet.dll" "$FAKES/apihost.exe" "$COPY/"
cp "$FAKES/plant.dll" "$COPY/crypt32.dll"
cp "$FAKES/plant.dll" "$COPY/iphlpapi.dll"
rm -f "$WT_FAKE"/planted-*
LAST_CMD="(copy next to planted DLLs) wslnet certs export --json"
(cd "$CWD" && WINEDLLOVERRIDES="$WINEDLLOVERRIDES;crypt32,iphlpapi=n,b" wine "$COPY/wslnet.exe" certs export --json) \
    >"$OUT" 2>"$ERR" </dev/null
RC=$?
want_rc 0
want_json 'd["kind"] == "certsExport"' 'len(d["certificates"]) > 0'
LAST_CMD="(copy next to planted DLLs) wslnet adapter list --json"
(cd "$CWD" && WINEDLLOVERRIDES="$WINEDLLOVERRIDES;crypt32,iphlpapi=n,b" wine "$COPY/wslnet.exe" adapter list --adapter '*' --json) \
    >"$OUT" 2>"$ERR" </dev/null
RC=$?
want "adapter list ran (exit 0 or 4), got $RC: $(snip "$ERR")" test "$RC" = 0 -o "$RC" = 4
(cd "$CWD" && WINEDLLOVERRIDES="$WINEDLLOVERRIDES;crypt32,iphlpapi=n,b" wine "$COPY/apihost.exe") >"$OUT" 2>"$ERR" </dev/null
want "a third-party program calling wslnet.dll works: $(snip "$OUT") $(snip "$ERR")" grep -q '^status' "$OUT"
want "no planted DLL was loaded: $(ls "$WT_FAKE" | grep planted- | tr '\n' ' ')" \
    test -z "$(ls "$WT_FAKE" | grep planted-)"
# Control: a plain LoadLibraryW from the same folder loads the plant (so the
# override and the marker work, and the checks above can fail).
rm -f "$WT_FAKE"/planted-*
(cd "$CWD" && WINEDLLOVERRIDES="$WINEDLLOVERRIDES;crypt32,iphlpapi=n,b" wine "$COPY/apihost.exe" crypt32.dll) >/dev/null 2>&1
want "control: a plain LoadLibraryW(crypt32.dll) from the copy's folder loads the plant" \
    grep -qix 'planted-crypt32.dll.txt' <(ls "$WT_FAKE")
end "DLLs from System32 only: planted crypt32.dll/iphlpapi.dll next to a copy of wslnet.exe or a host of wslnet.dll are not loaded"

check_summary
