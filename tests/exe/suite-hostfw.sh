#!/usr/bin/env bash
# Wine suite: host (Defender) firewall rules of wslnet.dll (win/lib/netfwclient.c)
# against the fake Windows Firewall (tests/fakes/netfw), in a fresh prefix with
# the fake installed by tests/fakes/netfw/install.sh. Runs the cmocka tests of
# tests/dll/test_internal_hostfw.c (built as dll_test_internal_hostfw.exe) and
# reports each of them as one line here; none may be skipped.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"
# shellcheck source=../fakes/netfw/install.sh
. "$WT_ROOT/tests/fakes/netfw/install.sh"

begin
fake_netfw_install wt_wine "$FAKES" "$WT_SYSTEM32" 2>"$ERR" || REASONS+=("install failed: $(snip "$ERR")")
[ -f "$WT_SYSTEM32/fakenetfw.dll" ] || REASONS+=("fakenetfw.dll not in system32")
for clsid in "${FAKE_NETFW_CLSIDS[@]}"; do
    key="HKLM\\Software\\Classes\\CLSID\\$clsid\\InprocServer32"
    q=$(wine reg query "$key" /ve 2>/dev/null | tr -d '\r')
    printf '%s' "$q" | grep -qiF 'C:\windows\system32\fakenetfw.dll' ||
        REASONS+=("$key default is not the fake: $q")
    q=$(wine reg query "$key" /v ThreadingModel 2>/dev/null | tr -d '\r')
    printf '%s' "$q" | grep -qE 'ThreadingModel +REG_SZ +Both' || REASONS+=("$key ThreadingModel: $q")
done
end "install.sh copies fakenetfw.dll and registers NetFwPolicy2 and NetFwRule"

# The test exe registers the fake from WSLNET_FAKES_DIR itself; point it at the
# copy install.sh put in system32, so the installed DLL is the one exercised.
exe="$BIN/dll_test_internal_hostfw.exe"
log="$CHECK_TMP/cmocka.log"
if [ -f "$exe" ]; then
    (cd "$CWD" && WSLNET_FAKES_DIR='C:\windows\system32' wine "$exe") >"$log" 2>&1 </dev/null
    rc=$?
else
    echo "missing $exe" >"$log"
    rc=127
fi
tr -d '\r' <"$log" >"$log.txt"
ran=0
while read -r name; do
    ran=$((ran + 1))
    begin
    if grep -qE "^\[ +OK +\] $name\$" "$log.txt"; then
        :
    elif grep -qE "^\[ +SKIPPED +\] $name\$" "$log.txt"; then
        REASONS+=("skipped (the fake was not found)")
    else
        REASONS+=("$(grep -E -B8 "^\[ +(FAILED|ERROR) +\] $name\$" "$log.txt" | tr '\n' ' ' | head -c 800)")
    fi
    end "hostfw: $name"
done < <(sed -nE 's/^\[ RUN +\] (.*)$/\1/p' "$log.txt")

begin
[ "$ran" -ge 12 ] || REASONS+=("only $ran cmocka tests ran (expected 12); output: $(snip "$log.txt" 600)")
[ "$rc" = 0 ] || REASONS+=("dll_test_internal_hostfw.exe exited $rc")
end "dll_test_internal_hostfw.exe ran every test and exited 0"

check_summary
