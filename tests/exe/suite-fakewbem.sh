#!/usr/bin/env bash
# Wine suite: the fake WMI provider (tests/fakes/wbem) itself, so that the
# firewall tests rest on a double that is known to behave as documented. It
# installs the fake in the suite's fresh prefix with install.sh, runs the
# fake's own cmocka client (each cmocka test is one line here), then checks
# from the shell the state a WSL-style rule leaves (what other suites read).
. "$(dirname "$0")/lib.sh"
wt_setup "$@"
# shellcheck source=../fakes/wbem/install.sh
. "$WT_ROOT/tests/fakes/wbem/install.sh"

begin
want "fake_wmi_install failed" fake_wmi_install wt_wine "$FAKES" "$WT_SYSTEM32"
want "fakewbem.dll not copied into system32" test -f "$WT_SYSTEM32/fakewbem.dll"
reg_out=$(wine reg query 'HKLM\Software\Classes\CLSID\{4590F811-1D3A-11D0-891F-00AA004B2E24}\InprocServer32' 2>/dev/null | tr -d '\r')
want "WbemLocator not registered to the fake: $reg_out" grep -qi 'system32\\fakewbem.dll' <<<"$reg_out"
want "ThreadingModel Both missing: $reg_out" grep -q 'ThreadingModel.*Both' <<<"$reg_out"
end "install.sh registers fakewbem.dll as the WbemLocator class"

# The cmocka client: one line per test.
log="$CHECK_TMP/fakewbem-test.out"
(cd "$CWD" && wine "$FAKES/fakewbem-test.exe") >"$log" 2>&1 </dev/null
rc=$?
tr -d '\r' <"$log" >"$log.txt"
ran=0
while IFS= read -r line; do
    case "$line" in
    "[  PASSED  ] "* | "[  FAILED  ] "*" test(s), listed below:"*) break ;; # the summary repeats names
    "[       OK ] "*) begin; end "fake: ${line#\[       OK \] }"; ran=$((ran + 1)) ;;
    "[  FAILED  ] "*)
        name=${line#\[  FAILED  \] }
        begin
        REASONS+=("$(grep -B3 -F "[  FAILED  ] $name" "$log.txt" | head -3 | tr '\n' ' ')")
        end "fake: $name"
        ran=$((ran + 1)) ;;
    esac
done <"$log.txt"
begin
[ "$ran" -ge 12 ] || REASONS+=("only $ran cmocka tests reported; output: $(snip "$log.txt" 600)")
[ "$rc" = 0 ] || REASONS+=("fakewbem-test.exe exited $rc")
end "the fake's cmocka client ran all its tests (exit 0)"

# What another suite sees: seed nothing, let a client put WSL's kind of rule,
# read wmi.json and the call log from the shell.
begin
rm -f "$WT_FAKE/wmi.json" "$WT_FAKE/wmi-calls.log"
out=$( (cd "$CWD" && wine "$FAKES/fakewbem-test.exe" put-sample) 2>&1 </dev/null)
want "put-sample failed: $out" test $? = 0
cp "$WT_FAKE/wmi.json" "$OUT" 2>/dev/null || REASONS+=("no wmi.json written")
python3 - "$OUT" >"$CHECK_TMP/py.out" 2>&1 <<'PY' || REASONS+=("state: $(cat "$CHECK_TMP/py.out")")
import json, sys
d = json.load(open(sys.argv[1]))
r = d["stores"]["PersistentStore"]["MSFT_NetFirewallHyperVRule"]
assert len(r) == 1, r
r = r[0]
want = {
    "InstanceID": ("X", "string", "VT_BSTR"), "ElementName": ("X", "string", "VT_BSTR"),
    "Direction": (1, "uint16", "VT_I4"), "Action": (2, "uint16", "VT_I4"),
    "Enabled": (1, "uint16", "VT_I4"), "Protocol": ("TCP", "string", "VT_BSTR"),
    "VMCreatorId": ("{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}", "string", "VT_BSTR"),
    "LocalPorts": (["80"], "string[]", "VT_ARRAY|VT_BSTR"),
    "DisplayName": ("X", "string", "VT_BSTR"), "RulePriority": (2, "uint16", "VT_I4"),
}
for k, (v, c, vt) in want.items():
    p = r[k]
    assert (p["value"], p["cimtype"], p["vt"]) == (v, c, vt), (k, p)
assert set(r) == set(want), sorted(set(r) ^ set(want))
assert r["DisplayName"].get("by") == "provider" and "by" not in r["Direction"]
PY
calls=$(tr -d '\r' <"$WT_FAKE/wmi-calls.log" 2>/dev/null)
grep -q '^ConnectServer ROOT\\StandardCimv2 store=- flags=0x0 -> 0x00000000$' <<<"$calls" ||
    REASONS+=("log lacks ConnectServer: $calls")
grep -q '^PutInstance MSFT_NetFirewallHyperVRule.InstanceID="X" store=PersistentStore flags=0x0 -> 0x00000000$' <<<"$calls" ||
    REASONS+=("log lacks PutInstance: $calls")
end "a WSL-style rule lands in wmi.json with values, CIM types and VTs; one log line per call"

check_summary
