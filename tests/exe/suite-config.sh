#!/usr/bin/env bash
# Wine suite: wslnet config get/set/unset/lint/show through the real exe, on
# files in the prefix: the user's own %UserProfile%\.wslconfig, --file, --user.
# Edits are atomic with a backup, keep UTF-16LE, change nothing on --dry-run,
# need no elevation for the user's own file, wait for wslnet's lock, and a
# set killed mid-way leaves the old or the new file.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"

DATA="$WT_ROOT/tests/data/wslconfig"
USERNAME=$(whoami)
PROFILE="$WINEPREFIX/drive_c/users/$USERNAME"
CFG="$PROFILE/.wslconfig"
mkdir -p "$PROFILE" "$CHECK_TMP/files"
F="$CHECK_TMP/files"
winf() { wt_winpath "$F/$1"; }
sha() { sha256sum "$1" 2>/dev/null | cut -c1-64; }

begin
printf '# mine\r\n[wsl2]\r\nmemory=4GB # half\r\nswap=0\r\n' >"$CFG"
run config get wsl2.memory
want_rc 0
want "stdout is the value alone" test "$(tr -d '\r' <"$OUT")" = "4GB"
run config get wsl2.memory --json
want_rc 0
want_json 'd["kind"] == "configValue"' 'd["value"] == "4GB"' 'd["origin"] == "file"' 'd["line"] == 3' \
    'd["section"] == "wsl2"' 'd["file"]["path"].lower().endswith("\\.wslconfig")' 'd["file"]["exists"]'
run config get wsl2.localhostForwarding --json
want_json 'd["origin"] == "default"' 'd["value"] == "true"' 'd["line"] is None'
run config get wsl2.nosuch
want_rc 3
want_err_line "not a key WSL reads"
run config get network.generateHosts --json
want_error invalidInput '"wsl.conf" in d["error"]["message"]'
end "get: the user's own .wslconfig, value alone or with its origin; unknown keys exit 3"

begin
cp "$DATA/14-duplicates.wslconfig" "$F/dup.wslconfig"
run config show --file "$(winf dup.wslconfig)" --json
want_rc 0
want_json 'd["kind"] == "configShow"' 'len(d["keys"]) >= 45' \
    '[k for k in d["keys"] if k["key"] == "wsl2.memory"][0]["value"] == "4GB"' \
    '[k for k in d["keys"] if k["key"] == "wsl2.memory"][0]["line"] == 2' \
    '[k for k in d["keys"] if k["key"] == "wsl2.networkingMode"][0]["section"] == "experimental"' \
    '[k for k in d["keys"] if k["key"] == "wsl2.processors"][0]["value"] == "2"' \
    '[k for k in d["keys"] if k["key"] == "experimental.sparseVhd"][0]["origin"] == "default"'
run config show --file "$(winf dup.wslconfig)"
want_rc 0
want_stdout_has "wsl2.memory" "line 2 [wsl2]" "default"
end "show: every key WSL uses with its origin (first duplicate wins, [experimental] alias)"

begin
run config show --file NUL --json
want_rc 0
want_json 'd["kind"] == "configShow"' 'len(d["keys"]) >= 45' 'all(k["origin"] == "default" for k in d["keys"])'
run config get wsl2.memory --file nul
want_rc 0
run config set wsl2.memory 8GB --file NUL --json
want_error invalidInput '"NUL discards" in d["error"]["message"]'
for dev in CON COM1 '\\.\PhysicalDrive0'; do
    run config show --file "$dev" --json
    want_error invalidInput '"names the device" in d["error"]["message"]'
done
end "--file NUL reads as an empty file (every key at its default), writing to it is refused; CON, COM1, \\\\.\\PhysicalDrive0 are devices: exit 3"

begin
before=$(sha "$CFG")
run config set wsl2.memory 8GB --json
want_rc 0
want_json 'd["kind"] == "configChange"' 'd["changed"]' 'd["action"] == "replace"' 'd["line"] == 3' \
    'd["oldText"] == "memory=4GB # half"' 'd["newText"] == "memory=8GB # half"' 'd["backup"].endswith(".wslnet-backup")'
want "the file has the new line, every other byte kept" \
    test "$(cat "$CFG")" = "$(printf '# mine\r\n[wsl2]\r\nmemory=8GB # half\r\nswap=0\r\n')"
want "the backup beside it is the old file" test "$(sha "$CFG.wslnet-backup")" = "$before"
run config get wsl2.memory
want "get reads the new value" test "$(tr -d '\r' <"$OUT")" = "8GB"
run config set experimental.sparseVhd true
want_rc 0
want "a new section is appended" python3 -c "import sys; sys.exit(0 if open('$CFG','rb').read().endswith(b'swap=0\r\n\r\n[experimental]\r\nsparseVhd=true\r\n') else 1)"
run config set wsl2.kernel 'C:\Users\me\kernel' --json
want_json 'd["newText"] == "kernel=C:\\\\Users\\\\me\\\\kernel"' 'd["action"] == "insert"'
run config get wsl2.kernel
want "a path reads back identically" test "$(tr -d '\r' <"$OUT")" = 'C:\Users\me\kernel'
end "set: replaces the effective line, keeps the comment, backup beside; paths written with doubled backslashes"

begin
before=$(sha "$CFG")
rm -f "$CFG.wslnet-backup"
run config set wsl2.memory 16GB --dry-run --json
want_rc 0
want_json 'd["dryRun"]' 'd["changed"]' 'd["newText"] == "memory=16GB # half"' 'd["backup"] is None'
want "--dry-run leaves the file" test "$(sha "$CFG")" = "$before"
want "--dry-run makes no backup" test ! -e "$CFG.wslnet-backup"
run config set wsl2.memory 16gb
want_rc 3
want_err_line "16GB"
run config set wsl2.localhostForwarding yes --json
want_error invalidInput '"true or false" in d["error"]["message"]'
want "invalid values change nothing" test "$(sha "$CFG")" = "$before"
end "--dry-run and invalid values change nothing (yes/on booleans, lowercase sizes rejected with the fix)"

begin
cp "$DATA/06-utf16le.wslconfig" "$F/u16.wslconfig"
run config set wsl2.swap 2GB --file "$(winf u16.wslconfig)"
want_rc 0
want "the file stays UTF-16LE with its BOM" test "$(head -c 2 "$F/u16.wslconfig" | od -An -tx1 | tr -d ' ')" = "fffe"
want "every old line is kept, the new one in UTF-16LE CRLF" python3 -c "
import sys
new = open('$F/u16.wslconfig', 'rb').read()[2:].decode('utf-16-le')
old = open('$DATA/06-utf16le.wslconfig', 'rb').read()[2:].decode('utf-16-le')
sys.exit(0 if new == old + 'swap=2GB\r\n' else 1)"
run config get wsl2.swap --file "$(winf u16.wslconfig)" --json
want_json 'd["value"] == "2GB"' 'd["file"]["encoding"] == "utf-16le"'
cp "$DATA/05-utf8-bom-crlf.wslconfig" "$F/bom.wslconfig"
run config set wsl2.memory 2GB --file "$(winf bom.wslconfig)"
want "a UTF-8 BOM is kept" test "$(head -c 3 "$F/bom.wslconfig" | od -An -tx1 | tr -d ' ')" = "efbbbf"
end "UTF-16LE stays UTF-16LE, a UTF-8 BOM stays"

begin
printf '[wsl2]\nmemory=4GB\nmemory=8GB\n[experimental]\nnetworkingMode=nat\n' >"$F/un.wslconfig"
run config unset wsl2.memory --file "$(winf un.wslconfig)" --json
want_rc 0
want_json 'd["action"] == "remove"' 'd["removedLines"] == 2' 'd["value"] is None'
run config unset wsl2.networkingMode --file "$(winf un.wslconfig)"
want_rc 0
want "every line for the keys is gone" test "$(cat "$F/un.wslconfig")" = "$(printf '[wsl2]\n[experimental]\n')"
run config unset wsl2.memory --file "$(winf un.wslconfig)" --json
want_json 'd["changed"] == False' 'd["action"] == "none"'
end "unset: removes every line (duplicates, [experimental] alias); again: nothing to do"

begin
cp "$DATA/16-single-backslashes.wslconfig" "$F/bs.wslconfig"
run config lint --file "$(winf bs.wslconfig)" --json
want_rc 6
want_json 'd["kind"] == "configLint"' 'd["errors"] >= 2' \
    '[f for f in d["findings"] if f["rule"] == "single-backslash"][0]["line"] == 2' \
    '[f["line"] for f in d["findings"] if f["rule"] == "single-backslash"] == [2, 3]' \
    'all(is_int(f["line"]) and f["effect"] and f["fix"] for f in d["findings"])'
cp "$DATA/33-mirrored-full.wslconfig" "$F/mir.wslconfig"
run config lint --file "$(winf mir.wslconfig)" --json
want_json 'is_int(d["windowsBuild"])' \
    '(d["windowsBuild"] >= 22621) or ([f for f in d["findings"] if f["rule"] == "needs-22h2"][0]["line"] == 2)'
cp "$DATA/61-wslconf-stops.wslconf" "$F/wsl.conf"
run config lint --wsl-conf --file "$(winf wsl.conf)" --json
want_rc 6
want_json 'd["fileKind"] == "wsl.conf"' '[f for f in d["findings"] if f["rule"] == "wsl-conf-stops"][0]["line"] == 3'
run config lint --file "$(winf bs.wslconfig)"
want_stdout_has "single-backslash" "fix: kernel=C:\\\\temp\\\\kernel"
printf '[wsl2]\r\nmemory=4GB\r\n' >"$F/ok.wslconfig"
run config lint --file "$(winf ok.wslconfig)" --json
want_rc 0
want_json 'd["findings"] == []'
end "lint: findings with line, effect and fix; wsl.conf stops; clean file exits 0"

begin
printf '[wsl2]\r\nmemory=4GB\r\n' >"$CFG"
run_limited config set wsl2.memory 6GB --json
want_rc 0
want_json 'd["changed"]'
want "the non-elevated edit is written" grep -q "memory=6GB" "$CFG"
run_limited config set wsl2.memory 7GB --user "$USERNAME" --json
want_error accessDenied
run config get wsl2.memory --user "$USERNAME" --json
want_rc 0
want_json 'd["value"] == "6GB"' 'd["file"]["path"].lower().endswith("\\users\\'"$USERNAME"'\\.wslconfig")'
run config get wsl2.memory --user no-such-user-wslnet --json
want_error notFound
end "the user's own file needs no elevation; --user NAME (profile from ProfileList) needs it"

# An interrupted proxy change left in the journal (a run killed after planning):
# config set --user takes the machine lock, so it finishes it first and says so.
begin
JOURNAL='{"schemaVersion":1,"kind":"proxyJournal","command":"proxy remove","done":0,"steps":[{"op":"deleteOwned","kind":"v4tov4","name":"0.0.0.0/8998","data":"wsl/8998","before":"wsl/8998"}]}'
wt_reg add 'HKLM\SOFTWARE\wslnet\PortProxy\v4tov4' /v '0.0.0.0/8998' /t REG_SZ /d 'wsl/8998' /f
wt_reg add 'HKLM\SOFTWARE\wslnet\Journal' /v Plan /t REG_SZ /d "$JOURNAL" /f
wt_reg add 'HKLM\SOFTWARE\wslnet\Journal' /v Done /t REG_DWORD /d 0 /f
run config set wsl2.memory 5GB --user "$USERNAME" --json
want_rc 0
want_json 'd["changed"]' 'd["recovered"] is not None and "proxy remove" in d["recovered"]'
want "the journal's step was done" sh -c "! wine reg query 'HKLM\\SOFTWARE\\wslnet\\PortProxy\\v4tov4' /v '0.0.0.0/8998' >/dev/null 2>&1"
want "the journal is gone" sh -c "! wine reg query 'HKLM\\SOFTWARE\\wslnet\\Journal' >/dev/null 2>&1"
run config set wsl2.memory 6GB --user "$USERNAME"
want_rc 0
want "the text says nothing was left to finish" sh -c "! grep -q '^First:' '$OUT'"
run config set wsl2.memory 6GB --user "$USERNAME" --json
want_json 'd["recovered"] is None'
end "config set --user first finishes an interrupted change and says so"

begin
printf '[wsl2]\r\nmemory=4GB\r\n' >"$CFG"
rm -f "$CHECK_TMP/held"
(cd "$CWD" && wine "$FAKES/lockhold.exe" 4 "$(wt_winpath "$CHECK_TMP/held")" >/dev/null 2>&1) &
holder=$!
for _ in $(seq 1 100); do [ -e "$CHECK_TMP/held" ] && break; sleep 0.1; done
want "the lock holder took the lock" test -e "$CHECK_TMP/held"
t0=$(date +%s.%N)
run config set wsl2.memory 5GB
t1=$(date +%s.%N)
wait "$holder"
want_rc 0
want "set waited for the lock (took $(echo "$t1 - $t0" | bc) s)" test "$(echo "$t1 - $t0 >= 2" | bc)" = 1
want "then wrote" grep -q "memory=5GB" "$CFG"
end "the change lock serializes config set with other wslnet changes"

begin
python3 - "$F/big.wslconfig" <<'PY'
import sys
body = "".join("# padding line %06d so that the write takes a while\r\n" % i for i in range(16000))
open(sys.argv[1], "wb").write(("[wsl2]\r\nmemory=4GB\r\n" + body).encode())
PY
old=$(sha "$F/big.wslconfig")
cp "$F/big.wslconfig" "$F/big.old"
python3 - "$F/big.old" "$F/big.new" <<'PY'
import sys
d = open(sys.argv[1], "rb").read().replace(b"memory=4GB", b"memory=9GB", 1)
open(sys.argv[2], "wb").write(d)
PY
new=$(sha "$F/big.new")
killed=0 torn=0
for delay in -1 0 2000 5000 10000 20000 40000 80000 160000 -1 1000 30000; do
    cp "$F/big.old" "$F/big.wslconfig"
    rm -f "$F/big.wslconfig.wslnet-backup"
    res=$(cd "$CWD" && wine "$FAKES/interrupt.exe" "$(winf big.wslconfig)" "$delay" \
        "$(wt_winpath "$BIN/wslnet.exe")" config set wsl2.memory 9GB --file "$(winf big.wslconfig)" 2>/dev/null | tr -d '\r')
    case "$res" in killed*) killed=$((killed + 1)) ;; esac
    now=$(sha "$F/big.wslconfig")
    if [ "$now" != "$old" ] && [ "$now" != "$new" ]; then
        torn=$((torn + 1))
        REASONS+=("delay $delay ($res): the file is neither the old nor the new one")
    fi
    if [ "$now" = "$new" ] && [ "$(sha "$F/big.wslconfig.wslnet-backup")" != "$old" ]; then
        REASONS+=("delay $delay ($res): new file without the old one as backup")
    fi
done
want "some runs were killed mid-way ($killed of 12)" test "$killed" -ge 2
end "a set killed at any point leaves the old or the new file, and the backup when new ($killed killed, $torn torn)"

check_summary
