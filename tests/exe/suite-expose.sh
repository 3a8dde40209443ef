#!/usr/bin/env bash
# Wine suite: wslnet expose / unexpose / expose list / expose sync through the
# real exe, with the IP Helper service double (tests/fakes/iphlpsvc), the
# NetFwPolicy2 double (tests/fakes/netfw) and the fake WMI provider
# (tests/fakes/wbem, answering Hyper-V firewall V2) installed in the prefix,
# as suite-proxy.sh and suite-firewall.sh install them. The VM address comes
# from HKCU ...\Lxss NatIpAddress; the configured mode from the user's
# .wslconfig.
#
# Issue 15's "must show" for exposures: NAT expose = proxy to the VM address +
# host rule + Hyper-V rule; --dry-run lists all three and changes nothing; a
# second run writes nothing; mirrored + sync drops the proxy and keeps the
# Hyper-V rule; unexpose leaves no trace and foreign rules byte-identical;
# UDP in NAT refused with the reason; non-elevated refused; bad input exit 3.
# Consomme (networkingMode=consomme; wsl2.virtio defaults on): one host rule
# per exposure, TCP or UDP; sync converges nat/mirrored <-> consomme.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"
. "$WT_ROOT/tests/fakes/iphlpsvc/install.sh"
. "$WT_ROOT/tests/fakes/netfw/install.sh"
# shellcheck source=../fakes/wbem/install.sh
. "$WT_ROOT/tests/fakes/wbem/install.sh"

STORE='HKLM\SYSTEM\CurrentControlSet\Services\PortProxy'
OWNED='HKLM\SOFTWARE\wslnet\PortProxy'
EXPOSURES='HKLM\SOFTWARE\wslnet\Exposures'
LXSS='HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss'
VM=172.28.20.5
WSL='{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'
PROFILE="$WINEPREFIX/drive_c/users/$(whoami)"
CFG="$PROFILE/.wslconfig"
WMI=$WT_FAKE/wmi.json
NETFW=$WT_FAKE/netfw.json
FW_8080='wslnet proxy v4tov4 0.0.0.0:8080'
HV_8080='wslnet-expose-tcp-8080'

fake_iphlpsvc_install wine "$FAKES" "$WT_SYSTEM32" || { echo "cannot install the iphlpsvc double"; exit 2; }
fake_netfw_install wine "$FAKES" "$WT_SYSTEM32" || { echo "cannot install the NetFwPolicy2 double"; exit 2; }
fake_wmi_install wt_wine "$FAKES" "$WT_SYSTEM32" || { echo "cannot install the fake WMI provider"; exit 2; }
wt_reg add "$LXSS" /v NatIpAddress /t REG_SZ /d "$VM" /f
# The NAT subnet WSL records machine-wide: a user's NatIpAddress is used for a change
# only inside it (issue 9 finding 5; tests/exe/suite-mode.sh has the refusals).
wt_reg add 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss' /v NatNetwork /t REG_SZ /d 172.28.16.0/20 /f
# What the mode resolver needs to let mirrored stand (as suite-mode.sh): the HNS
# double with the flow-steering exports (no networks or endpoints: the VM address
# comes from NatIpAddress), IPv6 on, a Windows 11 24H2 build.
cp "$FAKES/computenetwork.dll" "$WT_SYSTEM32/computenetwork.dll"
printf '%s' '{"networks": [], "endpoints": []}' >"$WT_FAKE/hns.json"
wt_reg add 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' /v CurrentBuild /t REG_SZ /d 26100 /f
wt_reg add 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' /v UBR /t REG_DWORD /d 2033 /f
wt_reg add 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters' /v DisabledComponents /t REG_DWORD /d 0 /f
mkdir -p "$PROFILE"
printf '[wsl2]\nnetworkingMode=nat\n' >"$CFG"

# Foreign things, seeded before anything runs: a port proxy, a host firewall
# rule, two Hyper-V rules.
wt_reg add "$STORE\\v4tov4\\tcp" /v '0.0.0.0/3389' /t REG_SZ /d '10.1.2.3/3389' /f
cat >"$NETFW" <<'JSON'
{"currentProfileTypes": 2, "rules": [{"Name": "Remote Desktop (TCP-In)", "Grouping": "@FirewallAPI.dll,-28752", "Protocol": 6, "LocalPorts": "3389", "Direction": 1, "Action": 1, "Profiles": 2147483647, "Enabled": true}]}
JSON
printf '%s' '{"mode": "v2", "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": [{"InstanceID": "WslCore-Allow-Inbound-ICMPv6-1-x", "ElementName": "WslCore Inbound ICMPv6", "Direction": 1, "Action": 2, "Enabled": 1, "VMCreatorId": "'"$WSL"'", "Protocol": "ICMPv6"}, {"InstanceID": "docker-rule", "ElementName": "Docker", "Direction": 1, "Action": 4, "Enabled": 1, "VMCreatorId": "{00000000-0000-0000-0000-000000000001}", "Protocol": "TCP", "LocalPorts": ["2375"]}]}}}' >"$WMI"

# state: everything an exposure could touch, as text.
state() {
    wine reg query "$STORE" /s 2>/dev/null | tr -d '\r' | sort; echo "STORE query rc=${PIPESTATUS[0]}"
    wine reg query "$OWNED" /s 2>/dev/null | tr -d '\r' | sort; echo "OWNED query rc=${PIPESTATUS[0]}"
    wine reg query "$EXPOSURES" /s 2>/dev/null | tr -d '\r' | sort; echo "EXPOSURES query rc=${PIPESTATUS[0]}"
    cat "$NETFW" "$WMI" 2>/dev/null
}
# foreign: the foreign items only (byte-identical check).
foreign() {
    wine reg query "$STORE\\v4tov4\\tcp" /v '0.0.0.0/3389' 2>/dev/null | tr -d '\r'
    python3 - "$NETFW" "$WMI" <<'PY'
import json, sys
fw = json.load(open(sys.argv[1]))["rules"]
print(json.dumps([r for r in fw if not r.get("Name", "").startswith("wslnet")], sort_keys=True))
wmi = json.load(open(sys.argv[2]))["stores"]["PersistentStore"]["MSFT_NetFirewallHyperVRule"]
def iid(r):
    v = r.get("InstanceID"); return v.get("value") if isinstance(v, dict) else v
print(json.dumps([r for r in wmi if not str(iid(r)).startswith("wslnet")], sort_keys=True))
PY
}
store_has() { wine reg query "$STORE\\v4tov4\\tcp" /v "$1" 2>/dev/null | tr -d '\r' | grep -qF "$2"; }
store_lacks() { ! wine reg query "$STORE\\v4tov4\\tcp" /v "$1" >/dev/null 2>&1; }
fw_rule() { # NAME PYTHON-EXPR over r
    python3 - "$NETFW" "$1" "$2" <<'PY'
import json, sys
path, name, expr = sys.argv[1:]
rules = json.load(open(path)).get("rules", [])
r = next((x for x in rules if x.get("Name") == name), None)
sys.exit(0 if (r is not None and eval(expr)) else 1)
PY
}
fw_absent() { ! fw_rule "$1" 'True'; }
hv_rule() { # NAME PYTHON-EXPR over r (values unwrapped)
    python3 - "$WMI" "$1" "$2" <<'PY'
import json, sys
path, name, expr = sys.argv[1:]
rules = json.load(open(path)).get("stores", {}).get("PersistentStore", {}).get("MSFT_NetFirewallHyperVRule", [])
def plain(inst): return {k: (v.get("value") if isinstance(v, dict) else v) for k, v in inst.items()}
r = next((plain(x) for x in rules if str(plain(x).get("InstanceID")).lower() == name.lower()), None)
sys.exit(0 if (r is not None and eval(expr)) else 1)
PY
}
hv_absent() { ! hv_rule "$1" 'True'; }
record_has() { wine reg query "$EXPOSURES" /v "$1" 2>/dev/null | tr -d '\r' | grep -qF "$2"; }
no_records() { ! wine reg query "$EXPOSURES" /v tcp-8080 >/dev/null 2>&1; }

FOREIGN_BEFORE=$(foreign)

# ---------------------------------------------------------------- bad input
bad_case() { # DESCRIPTION EXIT REGEX ARGS...
    local what=$1 rc=$2 re=$3 pre
    shift 3
    begin
    pre=$(state)
    run "$@"
    want_rc "$rc"
    want_err_line "$re"
    run "$@" --json
    want_rc "$rc"
    want "something changed" same_state "$pre" "$(state)"
    end "bad input: $what -> exit $rc, nothing changed"
}
bad_case "port 0" 3 "port" expose 0
bad_case "port 65536" 3 "port" expose 65536
bad_case "port listed twice" 3 "twice" expose 8080,8080
bad_case "not a port" 3 "port" expose 'web'
bad_case "--to-port with two ports" 3 "single port" expose 8080,8443 --to-port 80
bad_case "--to-port 0" 3 "port" expose 8080 --to-port 0
bad_case "profile unknown" 3 "profile" expose 8080 --profile home
bad_case "remote not an address" 3 "remote|item" expose 8080 --remote 300.1.1.1
bad_case "unknown protocol" 3 "protocol" expose 8080 --protocol sctp
bad_case "unexpose two ports" 3 "one port" unexpose 8080,8081

begin
pre=$(state)
run_limited expose 8080
want_rc 7
want_err_line "elevat"
run_limited unexpose 8080
want_rc 7
run_limited expose sync
want_rc 7
want "something changed" same_state "$pre" "$(state)"
end "non-elevated expose/unexpose/sync -> exit 7, nothing changed"

# ---------------------------------------------------------------- NAT
begin
pre=$(state)
run expose 5353 --protocol udp --json
want_rc 9
want_json 'd["kind"] == "expose"' 'd["refused"] is True' '"TCP only" in d["reason"]' \
    '"mirrored" in d["alternative"]' 'd["changes"] == []' 'd["mode"]["effective"] == "nat"'
run expose 5353 --protocol udp
want_rc 9
want_stdout_has "Refused, nothing changed"
want "something changed" same_state "$pre" "$(state)"
end "expose 5353 --protocol udp in NAT: refused with the reason and the alternative (exit 9), nothing changed"

begin
pre=$(state)
run expose 8080 --dry-run --json
want_rc 0
want_json 'd["dryRun"] is True' 'd["applied"] is False' 'd["mode"]["effective"] == "nat"' \
    '"nat" in d["mode"]["reason"]' 'd["mode"]["hypervFirewall"] is True' \
    '[c["op"] for c in d["changes"]] == ["putOwned", "putRule", "putFirewall", "putHypervRule", "putExposure"]' \
    "d['vmAddress'] == '$VM'"
want "dry run changed something" same_state "$pre" "$(state)"
end "expose 8080 --dry-run (NAT): proxy, host rule, Hyper-V rule listed; nothing changed"

begin
run expose 8080 --json
want_rc 0
want_json 'd["applied"] is True' '"notify" in [c["op"] for c in d["changes"]]'
want "proxy to the VM" store_has '0.0.0.0/8080' "$VM/8080"
want "host rule" fw_rule "$FW_8080" \
    'r["Grouping"] == "wslnet" and r["Protocol"] == 6 and r["LocalPorts"] == "8080" and r["RemoteAddresses"] == "LocalSubnet" and r["Profiles"] == 3'
want "Hyper-V rule" hv_rule "$HV_8080" \
    "r['VMCreatorId'] == '$WSL' and r['Protocol'] == 'TCP' and r['LocalPorts'] == ['8080'] and r['Direction'] == 1 and r['Action'] == 2 and r['Enabled'] == 1"
want "record lists its pieces" record_has tcp-8080 'pieces=portProxy,hostRule,hypervRule'
end "expose 8080 (NAT): proxy to the VM address, host rule, Hyper-V rule, record"

begin
pre=$(state)
run expose 8080 --json
want_rc 0
want_json 'd["changes"] == []' 'd["applied"] is False'
want "second run wrote something" same_state "$pre" "$(state)"
run expose list --json
want_rc 0
want_json 'd["kind"] == "exposeList"' 'len(d["exposures"]) == 1' 'd["exposures"][0]["ok"] is True' \
    '[p["state"] for p in d["exposures"][0]["pieces"]] == ["ok", "ok", "ok"]'
end "expose 8080 again: no changes, nothing written; list: every piece ok"

begin
python3 - "$WMI" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rules = d["stores"]["PersistentStore"]["MSFT_NetFirewallHyperVRule"]
d["stores"]["PersistentStore"]["MSFT_NetFirewallHyperVRule"] = [r for r in rules if "wslnet-expose" not in json.dumps(r)]
json.dump(d, open(sys.argv[1], "w"))
PY
run expose list --json
want_rc 0
want_json 'd["exposures"][0]["ok"] is False' '[p["state"] for p in d["exposures"][0]["pieces"]] == ["ok", "ok", "missing"]'
run expose list
want_stdout_has "needs: wslnet expose sync"
run expose sync --json
want_rc 0
want_json '[c["op"] for c in d["changes"]] == ["putHypervRule"]'
want "Hyper-V rule back" hv_rule "$HV_8080" "r['LocalPorts'] == ['8080']"
end "a piece deleted behind wslnet's back: list says missing, sync puts back only it"

# ---------------------------------------------------------------- NAT -> mirrored
begin
printf '[wsl2]\nnetworkingMode=mirrored\n' >"$CFG"
run expose list --json
want_rc 0
want_json 'd["mode"]["effective"] == "mirrored"' \
    '[p["state"] for p in d["exposures"][0]["pieces"]] == ["stale", "stale", "ok"]'
run expose sync --dry-run --json
want_rc 0
want_json '"putHypervRule" not in [c["op"] for c in d["changes"]]' '"deleteRule" in [c["op"] for c in d["changes"]]'
run expose sync --json
want_rc 0
want "proxy gone" store_lacks '0.0.0.0/8080'
want "host rule gone" fw_absent "$FW_8080"
want "Hyper-V rule kept" hv_rule "$HV_8080" "r['LocalPorts'] == ['8080']"
want "record says hypervRule only" record_has tcp-8080 'pieces=hypervRule'
pre=$(state)
run expose sync --json
want_rc 0
want_json 'd["changes"] == []'
want "second sync wrote something" same_state "$pre" "$(state)"
end "mode nat -> mirrored (.wslconfig, WMI double V2): sync removes the proxy and its host rule, keeps the Hyper-V rule"

begin
pre=$(state)
run expose 8080 --to-port 80
want_rc 9
want_stdout_has "no port translation"
want "something changed" same_state "$pre" "$(state)"
run expose 5353 --protocol udp --json
want_rc 0
want_json '[c["op"] for c in d["changes"]] == ["putHypervRule", "putExposure"]'
want "UDP Hyper-V rule" hv_rule wslnet-expose-udp-5353 "r['Protocol'] == 'UDP' and r['LocalPorts'] == ['5353']"
end "mirrored: --to-port refused (exit 9); UDP is a Hyper-V rule only"

# ---------------------------------------------------------------- mirrored <-> consomme
# Consomme: WSL's service binds the VM's port on the host itself (docs/expose.md),
# so an exposure is one host rule "wslnet expose <proto> <port>" for any program.
LR_8080='wslnet expose tcp 8080'
LR_5353='wslnet expose udp 5353'
# doctor: its exit code (20/21 for warnings/failures) is not a status, so not `run`
doctor_json() {
    LAST_CMD="wslnet doctor --json"
    (cd "$CWD" && check_exec "$BIN/wslnet.exe" doctor --json) >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}
begin
printf '[wsl2]\nnetworkingMode=consomme\n' >"$CFG"
run expose list --json
want_rc 0
want_json 'd["mode"]["effective"] == "consomme"' \
    '[p["state"] for p in d["exposures"][0]["pieces"]] == ["absent", "missing", "stale"]' \
    '[e["ok"] for e in d["exposures"]] == [False, False]'
doctor_json
want_json "[c for c in d['checks'] if c['id'] == 'exposures'][0]['verdict'] == 'fail'" \
    "[c for c in d['checks'] if c['id'] == 'exposures'][0]['fix'] == 'wslnet expose sync'"
run expose sync --json
want_rc 0
want_json '[c["op"] for c in d["changes"]] == ["deleteHypervRule", "putFirewall", "putExposure"] * 2' 'd["warnings"] == []'
want "TCP listener rule" fw_rule "$LR_8080" \
    'r["Grouping"] == "wslnet" and r["Protocol"] == 6 and r["LocalPorts"] == "8080" and r["RemoteAddresses"] == "LocalSubnet" and r["Profiles"] == 3 and not r.get("ServiceName") and r["Direction"] == 1 and r["Action"] == 1 and r["Enabled"]'
want "UDP listener rule" fw_rule "$LR_5353" 'r["Protocol"] == 17 and r["LocalPorts"] == "5353"'
want "TCP Hyper-V rule gone" hv_absent "$HV_8080"
want "UDP Hyper-V rule gone" hv_absent wslnet-expose-udp-5353
want "no proxy" store_lacks '0.0.0.0/8080'
want "record says hostRule only" record_has tcp-8080 'pieces=hostRule'
run expose list --json
want_json '[e["ok"] for e in d["exposures"]] == [True, True]' \
    '[p["state"] for p in d["exposures"][0]["pieces"]] == ["absent", "ok", "absent"]'
doctor_json
want_json "[c for c in d['checks'] if c['id'] == 'exposures'][0]['verdict'] == 'ok'"
pre=$(state)
run expose sync --json
want_json 'd["changes"] == []'
want "second sync wrote something" same_state "$pre" "$(state)"
run expose 8081 --to-port 80 --json
want_rc 9
want_json '"no port translation" in d["reason"]' '"--to-port" in d["alternative"]' 'd["changes"] == []'
want "--to-port changed something" same_state "$pre" "$(state)"
end "mirrored -> consomme: sync puts one host rule per exposure (TCP 6 / UDP 17, any program) and drops the Hyper-V rules; doctor fails before, ok after; --to-port refused (exit 9)"

begin
printf '[wsl2]\nnetworkingMode=mirrored\n' >"$CFG"
run expose sync --json
want_rc 0
want_json '[c["op"] for c in d["changes"]] == ["putHypervRule", "deleteFirewall", "putExposure"] * 2'
want "TCP listener rule gone" fw_absent "$LR_8080"
want "UDP listener rule gone" fw_absent "$LR_5353"
want "Hyper-V rules back" hv_rule "$HV_8080" "r['LocalPorts'] == ['8080']"
want "UDP Hyper-V rule back" hv_rule wslnet-expose-udp-5353 "r['Protocol'] == 'UDP'"
end "consomme -> mirrored: sync drops the host rules and puts the Hyper-V rules back"

# ---------------------------------------------------------------- unexpose
begin
printf '[wsl2]\nnetworkingMode=nat\n' >"$CFG"
run expose sync --json
want_rc 0
want_json 'len(d["warnings"]) == 1' '"udp 5353 left as it is" in d["warnings"][0]' '"TCP only" in d["warnings"][0]'
want "proxy back in NAT" store_has '0.0.0.0/8080' "$VM/8080"
want "UDP rule left as it is" hv_rule wslnet-expose-udp-5353 "r['LocalPorts'] == ['5353']"
run expose list --json
want_json '[e["refusal"] is not None for e in d["exposures"]] == [False, True]' \
    '[e["ok"] for e in d["exposures"]] == [True, False]'
run unexpose 5353 --protocol udp
want_rc 0
want "UDP rule gone" hv_absent wslnet-expose-udp-5353
run unexpose 8080 --json
want_rc 0
want "proxy gone" store_lacks '0.0.0.0/8080'
want "ownership record gone" sh -c "! wine reg query '$OWNED\\v4tov4' /v '0.0.0.0/8080' >/dev/null 2>&1"
want "host rule gone" fw_absent "$FW_8080"
want "Hyper-V rule gone" hv_absent "$HV_8080"
want "exposure record gone" no_records
want "foreign items changed" test "$FOREIGN_BEFORE" = "$(foreign)"
run unexpose 8080
want_rc 4
end "back to nat: sync restores the proxy and leaves the UDP exposure (warning); unexpose 8080 leaves no trace; foreign items byte-identical; again -> exit 4"

# ---------------------------------------------------------------- nat <-> consomme
begin
printf '[wsl2]\nnetworkingMode=nat\n' >"$CFG"
run expose 8080 --json
want_rc 0
printf '[wsl2]\nnetworkingMode=consomme\n' >"$CFG"
run expose sync --json
want_rc 0
want_json '[c["op"] for c in d["changes"]] == ["deleteRule", "deleteFirewall", "deleteOwned", "deleteHypervRule", "putFirewall", "putExposure", "notify"]'
want "proxy gone" store_lacks '0.0.0.0/8080'
want "proxy's host rule gone" fw_absent "$FW_8080"
want "Hyper-V rule gone" hv_absent "$HV_8080"
want "listener rule" fw_rule "$LR_8080" 'r["Protocol"] == 6 and r["LocalPorts"] == "8080"'
printf '[wsl2]\nnetworkingMode=nat\n' >"$CFG"
run expose sync --json
want_rc 0
want_json '[c["op"] for c in d["changes"]] == ["putOwned", "putRule", "putFirewall", "putHypervRule", "deleteFirewall", "putExposure", "notify"]'
want "proxy back" store_has '0.0.0.0/8080' "$VM/8080"
want "listener rule gone" fw_absent "$LR_8080"
printf '[wsl2]\nnetworkingMode=consomme\n' >"$CFG"
run expose sync
want_rc 0
run unexpose 8080 --json
want_rc 0
want "listener rule gone after unexpose" fw_absent "$LR_8080"
want "exposure record gone" no_records
want "foreign items changed" test "$FOREIGN_BEFORE" = "$(foreign)"
printf '[wsl2]\nnetworkingMode=nat\n' >"$CFG"
end "nat -> consomme -> nat: sync swaps proxy + host rule + Hyper-V rule for the listener's host rule and back; unexpose in consomme leaves no trace"

# ---------------------------------------------------------------- failures and interruptions
netfw_set() { # KEY JSON-VALUE-or-null: the firewall double's "fail"/"hang" injection
    python3 - "$NETFW" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v = json.loads(sys.argv[3])
if v is None: d.pop(sys.argv[2], None)
else: d[sys.argv[2]] = v
json.dump(d, open(sys.argv[1], "w"))
PY
}
begin
netfw_set fail '{"Add": "0x80070005"}'
pre=$(state)
run expose 9090
want "expose succeeded with the firewall failing" test "$RC" != 0
want_err_line "undone|nothing was changed"
want "a failed expose left something" same_state "$pre" "$(state)"
netfw_set fail null
end "a step failing (host rule Add denied): the steps before it are undone, nothing changed"

begin
mark="$WT_FAKE/add-reached"
rm -f "$mark"
python3 - "$NETFW" "$(wt_winpath "$mark")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["hang"] = {"Add": sys.argv[2]}
json.dump(d, open(sys.argv[1], "w"))
PY
res=$(cd "$CWD" && wine "$FAKES/interrupt.exe" "$(wt_winpath "$mark")" -2 \
    "$(wt_winpath "$BIN/wslnet.exe")" expose 9090 2>/dev/null | tr -d '\r')
netfw_set hang null
want "killed ($res)" test "${res%% *}" = killed
want "journal left behind" sh -c "wine reg query 'HKLM\\SOFTWARE\\wslnet\\Journal' >/dev/null 2>&1"
run expose sync
want_rc 0
want_stdout_has "First: an interrupted 'expose' was finished"
want "proxy made" store_has '0.0.0.0/9090' "$VM/9090"
want "host rule made" fw_rule 'wslnet proxy v4tov4 0.0.0.0:9090' 'r["LocalPorts"] == "9090"'
want "Hyper-V rule made (from the journal)" hv_rule wslnet-expose-tcp-9090 "r['LocalPorts'] == ['9090']"
want "record made (from the journal)" record_has tcp-9090 'pieces=portProxy,hostRule,hypervRule'
run unexpose 9090
want_rc 0
want "foreign items changed" test "$FOREIGN_BEFORE" = "$(foreign)"
end "expose killed in its host-rule step: the next locked run rolls it forward, Hyper-V rule and record included"

check_summary
