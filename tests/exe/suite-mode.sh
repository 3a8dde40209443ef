#!/usr/bin/env bash
# Wine suite: the effective mode (wslnet mode) and whose VM address (wslnet
# address --user, proxy add --to wsl) from each data source, through the real
# exe, with the doubles where Windows would keep the facts: Group Policy values
# (HKLM\SOFTWARE\Policies\WSL), the Windows build, Tcpip6 DisabledComponents,
# MpsSvc HyperVFirewallDisable, the fake WMI provider (Hyper-V firewall
# v1/v2/none), the fake computenetwork.dll with and without the flow-steering
# exports, HNS networks and several users' endpoints (hns.json), users' hives
# under HKU\<SID>. Each WSL rule the resolver ports (shared/core/mode_rules.c) is also
# tested natively (tests/unit/test_mode.c); this suite proves the data reaches it.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"
# shellcheck source=../fakes/wbem/install.sh
. "$WT_ROOT/tests/fakes/wbem/install.sh"

NT='HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
POL='HKLM\SOFTWARE\Policies\WSL'
TCPIP6='HKLM\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters'
MPSSVC='HKLM\SYSTEM\CurrentControlSet\Services\MpsSvc\Parameters'
LXSS_M='HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss'
LXSS_U='Software\Microsoft\Windows\CurrentVersion\Lxss'
FW_NET=790e58b4-7939-4434-9358-89ae7ddbe87e
SID1=S-1-5-21-1111111111-2222222222-3333333333-1001
SID2=S-1-5-21-1111111111-2222222222-3333333333-1002
SID3=S-1-5-21-1111111111-2222222222-3333333333-1003
CFG=$CHECK_TMP/cfg.wslconfig
CFGW=$(wt_winpath "$CFG")

wmi() { printf '%s' "$1" >"$WT_FAKE/wmi.json"; }
hns() { printf '%s' "$1" >"$WT_FAKE/hns.json"; }
cfg() { printf '%b' "$1" >"$CFG"; }
# a network document (V1 shape) and an endpoint on it
net_doc() { printf '{"id":"%s","properties":{"ID":"%s","Name":"WSL (Hyper-V firewall)","Subnets":[{"AddressPrefix":"172.28.16.0/20","GatewayAddress":"172.28.16.1"}]}}' "$1" "$1"; }
ep_doc() { printf '{"id":"%s","network":"%s","properties":{"ID":"%s","IPAddress":"%s","PrefixLength":20,"VirtualNetwork":"%s"}}' "$1" "$FW_NET" "$1" "$2" "$FW_NET"; }

cp "$FAKES/computenetwork.dll" "$WT_SYSTEM32/computenetwork.dll"
fake_wmi_install wine "$FAKES" "$WT_SYSTEM32" || exit 2
wt_reg add "$NT" /v CurrentBuild /t REG_SZ /d 26100 /f
wt_reg add "$NT" /v UBR /t REG_DWORD /d 2033 /f
wt_reg add "$TCPIP6" /v DisabledComponents /t REG_DWORD /d 0 /f
wmi '{"mode": "v2"}'
hns '{"networks": [], "endpoints": []}'

# ------------------------------------------------------------ mode: features

begin
cfg '[wsl2]\nnetworkingMode=mirrored\n'
run mode --config "$CFGW" --json
want_rc 0
want_json 'd["kind"] == "mode"' 'd["configured"]["mode"] == "mirrored"' 'd["effective"]["mode"] == "mirrored"' \
    'd["features"]["hypervFirewall"] == "v2"' 'd["features"]["hnsFlowSteering"] is True' \
    'd["features"]["ipv6Disabled"] is False' 'd["mirroredSupported"] is True' 'd["effective"]["firewall"] is True'
end "mirrored with firewall v2, the HNS exports and IPv6: mirrored"

begin
wmi '{"mode": "v1"}'
run mode --config "$CFGW" --json
want_json 'd["effective"]["mode"] == "nat"' 'd["features"]["hypervFirewall"] == "v1"' \
    'any(s["rule"] == "mirrored-needs-firewall" for s in d["effective"]["steps"])' \
    '"version 1" in d["effective"]["reason"]' 'd["effective"]["firewall"] is False'
cfg '[wsl2]\nnetworkingMode=nat\n'
run mode --config "$CFGW" --json
want_json 'd["effective"]["mode"] == "nat"' 'd["effective"]["firewall"] is False' \
    'any(s["rule"] == "firewall-unsupported" for s in d["effective"]["steps"])'
wmi '{"mode": "v2"}'
wt_reg add "$MPSSVC" /v HyperVFirewallDisable /t REG_DWORD /d 1 /f
cfg '[wsl2]\nnetworkingMode=mirrored\n'
run mode --config "$CFGW" --json
want_json 'd["effective"]["mode"] == "nat"' '"HyperVFirewallDisable" in d["effective"]["reason"]'
wt_reg delete "$MPSSVC" /v HyperVFirewallDisable /f
end "firewall v1 (NAT refuses it too) and HyperVFirewallDisable=1: mirrored falls back to NAT, the VM without the firewall"

begin
cp "$FAKES/computenetwork-noflow.dll" "$WT_SYSTEM32/computenetwork.dll"
run mode --config "$CFGW" --json
want_json 'd["effective"]["mode"] == "nat"' 'd["features"]["hnsFlowSteering"] is False' \
    '"HcnReserveGuestNetworkServicePort" in d["effective"]["reason"]' 'd["mirroredSupported"] is False'
cp "$FAKES/computenetwork.dll" "$WT_SYSTEM32/computenetwork.dll"
end "computenetwork.dll without the flow-steering exports: mirrored falls back to NAT"

begin
wt_reg add "$TCPIP6" /v DisabledComponents /t REG_DWORD /d 255 /f
run mode --config "$CFGW" --json
want_json 'd["effective"]["mode"] == "nat"' 'd["features"]["ipv6Disabled"] is True' \
    '"DisabledComponents" in d["effective"]["reason"]'
wt_reg add "$TCPIP6" /v DisabledComponents /t REG_DWORD /d 0 /f
end "IPv6 disabled (DisabledComponents=0xFF): mirrored falls back to NAT"

begin
hns "{\"networks\": [$(net_doc $FW_NET)], \"endpoints\": []}"
run mode --config "$CFGW" --json
want_json 'd["effective"]["mode"] == "mirrored"' 'd["features"]["natNetwork"] is True' \
    'any(s["rule"] == "stale-nat-network" for s in d["effective"]["steps"])'
hns '{"networks": [], "endpoints": []}'
end "a NAT network left in HNS is stale, not evidence: mirrored stays mirrored"

begin
WSLFW='{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'
wmi '{"mode": "v2", "stores": {"SystemDefaults": {"MSFT_NetFirewallHyperVVMSetting": [{"InstanceID": "'"$WSLFW"'", "Name": "'"$WSLFW"'", "LoopbackEnabled": 1}]}}}'
run firewall settings get --store systemdefaults --json
want_rc 0
want_json 'd["store"] == "systemdefaults"' 'd["settings"]["exists"] is True' 'd["settings"]["loopbackEnabled"] == "true"'
run firewall settings get --json
want_json 'd["settings"]["exists"] is False'
wmi '{"mode": "v2"}'
end "firewall settings get --store systemdefaults shows the loopback setting WSL writes there"

# ------------------------------------------------------------ mode: policy

begin
cfg '[wsl2]\nnetworkingMode=nat\n'
wt_reg add "$POL" /v AllowNetworkingModeUserSetting /t REG_DWORD /d 0 /f
wt_reg add "$POL" /v DefaultNetworkingMode /t REG_DWORD /d 3 /f
run mode --config "$CFGW" --json
want_json 'd["configured"]["mode"] == "nat"' 'd["effective"]["mode"] == "mirrored"' \
    'd["policy"]["defaultNetworkingMode"] == 3' 'd["policy"]["allowNetworkingModeUserSetting"] == 0' \
    'any(s["rule"] == "policy-forces-mode" for s in d["effective"]["steps"])'
run config lint --file "$CFGW" --json
want_json 'any(f["rule"] == "policy-override" and "Group Policy forces networkingMode=mirrored" in f["message"] for f in d["findings"])'
run config set wsl2.networkingMode nat --file "$CFGW" --dry-run --json
want_json '"Group Policy forces networkingMode=mirrored" in d["policy"]'
cfg '[wsl2]\nnetworkingMode=none\n'
run mode --config "$CFGW" --json
want_json 'd["effective"]["mode"] == "none"' 'any(s["rule"] == "none-always-allowed" for s in d["effective"]["steps"])'
cfg '[wsl2]\nmemory=4GB\n'
wt_reg delete "$POL" /v AllowNetworkingModeUserSetting /f
run mode --config "$CFGW" --json
want_json 'd["configured"]["isDefault"] is True' 'd["effective"]["mode"] == "mirrored"' \
    'any(s["rule"] == "policy-default" for s in d["effective"]["steps"])'
wt_reg add "$POL" /v AllowFirewallUserSetting /t REG_DWORD /d 0 /f
wt_reg add "$POL" /v DefaultNetworkingMode /t REG_DWORD /d 1 /f
cfg '[wsl2]\nfirewall=false\n'
run mode --config "$CFGW" --json
want_json 'd["effective"]["firewall"] is True' 'any(s["rule"] == "policy-forces-firewall" for s in d["effective"]["steps"])'
wt_reg delete "$POL" /f
run mode --config "$CFGW" --json
want_json 'd["effective"]["firewall"] is False' 'd["policy"]["allowFirewallUserSetting"] is None'
end "Group Policy: forces mirrored over the user's nat (lint and config set say so), None always allowed, the default when unset, firewall forced on"

# ------------------------------------------------------- address: whose VM

begin
hns '{"networks": [], "endpoints": []}'
wt_reg add "HKU\\$SID1\\$LXSS_U" /v NatIpAddress /t REG_SZ /d 172.28.20.5 /f
wt_reg add "$LXSS_M" /v NatNetwork /t REG_SZ /d 172.28.16.0/20 /f
run address --source registry --user "$SID1" --json
want_rc 0
want_json 'd["address"] == "172.28.20.5"' 'd["source"] == "registry"' "d['userSid'] == '$SID1'" \
    '"HKU" in d["detail"]'
wt_reg add "HKU\\$SID3\\Software\\Other" /v x /t REG_SZ /d y /f
run address --source registry --user "$SID3" --json
want_error notFound '"NatIpAddress is not set" in d["error"]["message"]'
end "a NatIpAddress in another user's hive (HKU\\<SID>) is found with --user SID; a user whose hive lacks it: not set"

begin
STORE='HKLM\SYSTEM\CurrentControlSet\Services\PortProxy'
before=$(wine reg query "$STORE" /s 2>/dev/null | tr -d '\r' | sort | sha256sum)
for c in "mode" "address" "address --source registry" "doctor" "proxy add 8080 --to wsl --no-firewall" \
    "proxy add 8080 --to wsl --dry-run" "proxy sync" "config get wsl2.memory" "config set wsl2.memory 4GB"; do
    # shellcheck disable=SC2086 # the words of the command
    run $c --user "$SID2" --json
    want_error notFound "'no user with SID $SID2' in d['error']['message']"
done
want "nothing written to the proxy store" test "$before" = "$(wine reg query "$STORE" /s 2>/dev/null | tr -d '\r' | sort | sha256sum)"
run mode --user "$SID2"
want_rc 4
want_err_line "no user with SID $SID2"
end "--user with a SID no account, profile or hive has: notFound (exit 4) 'no user with SID', before anything is done (mode, address, doctor, proxy add/sync, config)"

begin
hns '{"networks": [], "endpoints": []}'
run proxy add 8080 --to wsl --no-firewall --user "$SID3" --json
want_error notFound "'of user' in d['error']['message']" "'$SID3' in d['error']['message']"
want "nothing written to the proxy store" test "$before" = "$(wine reg query "$STORE" /s 2>/dev/null | tr -d '\r' | sort | sha256sum)"
end "proxy add --to wsl --user: a known user whose VM address is unknown is named in the refusal"

begin
wt_reg add "HKU\\$SID2\\$LXSS_U" /v NatIpAddress /t REG_SZ /d 172.28.20.9 /f
hns "{\"networks\": [$(net_doc $FW_NET)], \"endpoints\": [$(ep_doc aaaaaaaa-0000-0000-0000-000000000001 172.28.20.9), $(ep_doc aaaaaaaa-0000-0000-0000-000000000002 172.28.20.5)]}"
run address --source hns --user "$SID1" --json
want_json 'd["address"] == "172.28.20.5"' '"aaaaaaaa-0000-0000-0000-000000000002" in d["detail"]'
run address --source hns --user "$SID2" --json
want_json 'd["address"] == "172.28.20.9"' '"aaaaaaaa-0000-0000-0000-000000000001" in d["detail"]'
run address --json
want_error invalidInput '"--user" in d["error"]["message"]' '"172.28.20.9, 172.28.20.5" in d["error"]["message"]'
end "two users' endpoints on one NAT network: each user gets their own; nobody named is refused with the candidates"

# ------------------------------------ issue 9 finding 5: user-writable value

begin
hns '{"networks": [], "endpoints": []}'
LXSS_CU="HKCU\\$LXSS_U"
wt_reg add "$LXSS_CU" /v NatIpAddress /t REG_SZ /d 8.8.8.8 /f
STORE='HKLM\SYSTEM\CurrentControlSet\Services\PortProxy'
before=$(wine reg query "$STORE" /s 2>/dev/null | tr -d '\r' | sort | sha256sum)
run proxy add 8080 --to wsl --no-firewall --json
want_error badData '"8.8.8.8" in d["error"]["message"]' '"HKCU" in d["error"]["message"]' \
    '"172.28.16.0/20" in d["error"]["message"]'
want "nothing written to the proxy store" test "$before" = "$(wine reg query "$STORE" /s 2>/dev/null | tr -d '\r' | sort | sha256sum)"
wt_reg delete "$LXSS_M" /v NatNetwork /f
run proxy add 8080 --to wsl --no-firewall --json
want_error badData '"8.8.8.8" in d["error"]["message"]' '"no WSL NAT subnet" in d["error"]["message"]'
run address --source registry --json
want_json 'd["address"] == "8.8.8.8"' '"not checked" in d["detail"]' # a look, not a change: shown with the caveat
wt_reg delete "$LXSS_CU" /v NatIpAddress /f
end "NatIpAddress=8.8.8.8 is refused for proxy add --to wsl, naming the value and where it came from"

# --------------------------------------------------------- wsl.conf by Linux

begin
printf '\xef\xbb\xbf[boot]\nsystemd=true\n' >"$CHECK_TMP/wsl.conf"
run config lint --wsl-conf --file "$(wt_winpath "$CHECK_TMP/wsl.conf")" --json
want_json 'any(f["rule"] == "wsl-conf-bom" and f["line"] == 1 and f["severity"] == "error" and "ignores the whole file" in f["message"] for f in d["findings"])' \
    'not any("UTF-16 LE with BOM" in f["fix"] for f in d["findings"])'
end "lint of a wsl.conf with a UTF-8 BOM: an error at line 1 saying WSL ignores the file"

check_summary
