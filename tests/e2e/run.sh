#!/usr/bin/env bash
# tests/e2e/run.sh BIN_DIR FAKES_DIR
#
# End-to-end tests of wslnet.exe under Wine in a simulated WSL network
# (network namespaces, see lib.sh). BIN_DIR holds wslnet.exe and wslnet.dll,
# FAKES_DIR holds computenetwork.dll and wsl.exe (the test doubles).
# Prints TAP through tests/lib/check.sh ("ok - ..." / "not ok - ...", the plan,
# last "N passed, N failed, N skipped"); exits non-zero when a test failed.
# Needs root.
#
# The expectations are docs/cli.md's: exit codes, JSON documents, one-line
# errors on stderr.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 BIN_DIR FAKES_DIR" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
BIN=$(cd "$1" 2>/dev/null && pwd) || { echo "error: no directory $1" >&2; exit 2; }
FAKES=$(cd "$2" 2>/dev/null && pwd) || { echo "error: no directory $2" >&2; exit 2; }
for f in "$BIN/wslnet.exe" "$BIN/wslnet.dll" "$FAKES/computenetwork.dll" "$FAKES/wsl.exe"; do
    [ -f "$f" ] || { echo "error: $f is missing" >&2; exit 2; }
done

START=$(date +%s)
e2e_setup "$FAKES"

# The exe runs from a working directory holding a file that a wildcard argument
# would match, so that a C runtime expanding wildcards in argv shows up.
CWD="$E2E_TMP/cwd"
mkdir -p "$CWD"
: >"$CWD/wslhost-file.txt"
: >"$CWD/vEthernet (WSL) file.txt"

CHECK_TMP=$E2E_TMP
check_exec() { e2e_wine "$@"; }
# shellcheck source=../lib/check.sh
. "$HERE/../lib/check.sh"

hns_log() { cat "$E2E_FAKE/hns-calls.log" 2>/dev/null; }
hns_log_reset() { rm -f "$E2E_FAKE/hns-calls.log"; }
# Every HcnOpen* that succeeded (log: "<fn> <id> <hresult> ...") has its HcnClose*.
hns_handles_closed() {
    local k o c
    for k in Network Endpoint; do
        o=$(hns_log | grep -c "^HcnOpen$k [^ ]* 0x00000000")
        c=$(hns_log | grep -c "^HcnClose$k [^ ]* 0x00000000")
        [ "$o" = "$c" ] || { REASONS+=("HNS handles leaked: $o HcnOpen$k, $c HcnClose$k"); return 1; }
    done
}

NS_LINKS=$(e2e_ns "$E2E_HOST" ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | tr '\n' ' ')
HOST_MAC_WIN=$(echo "$E2E_HOST_MAC" | tr 'a-f:' 'A-F-')
E_ACCESSDENIED=2147942405 # 0x80070005
E_FAIL=2147500037         # 0x80004005

# =================================================================== version
begin
# The API version the header declares (include/wslnet.h), not a copy of it.
api_version=$(sed -n 's/^#define WSLNET_API_VERSION \([0-9][0-9]*\).*/\1/p' "$HERE/../../include/wslnet.h")
run version --json
want_rc 0
want_json 'd["kind"] == "version"' 'is_str(d["version"]) and d["version"] != ""' 'd["apiVersion"] == '"$api_version"
end "version --json"

# ================================================================== adapters
begin
run adapter list --adapter '*' --json
want_rc 0
want_json 'd["kind"] == "adapterList"' \
    "set(names()) <= set('$NS_LINKS'.split())" "'wslhost0' in names()"
end "Wine sees only the host namespace's interfaces ($NS_LINKS)"

begin
run adapter list --adapter 'wslhost*' --json
want_rc 0
want_json 'd["kind"] == "adapterList"' 'd["pattern"] == "wslhost*"' \
    'sorted(names()) == ["wslhost0", "wslhost1"]' \
    "adapter('wslhost0')['mac'] == '$HOST_MAC_WIN'" \
    'adapter("wslhost0")["mtu"] == 1500' \
    'adapter("wslhost0")["status"] == "up"' \
    'is_str(adapter("wslhost0")["luid"]) and adapter("wslhost0")["luid"].isdigit() and int(adapter("wslhost0")["luid"]) > 0' \
    'is_int(adapter("wslhost0")["ifIndex"]) and adapter("wslhost0")["ifIndex"] > 0' \
    'is_str(adapter("wslhost0")["guid"]) and is_str(adapter("wslhost0")["description"])' \
    "{'family': 'ipv4', 'address': '$E2E_HOST_IP', 'prefixLength': 20} in adapter('wslhost0')['addresses']" \
    'all(is_int(x["prefixLength"]) and x["family"] in ("ipv4", "ipv6") for x in adapter("wslhost0")["addresses"])' \
    '[x["family"] for x in adapter("wslhost0")["addresses"]] == sorted([x["family"] for x in adapter("wslhost0")["addresses"]])' \
    'ipv4(adapter("wslhost1")) == []'
end "adapter list --adapter 'wslhost*' --json: wslhost0 with $E2E_HOST_IP/20, MAC, MTU, up; wslhost1 without IPv4"

begin
run adapter list --adapter 'WSLHOST?' --json
want_rc 0
want_json 'sorted(names()) == ["wslhost0", "wslhost1"]'
end "adapter list: pattern with ? is case-insensitive"

begin
run --json adapter list --adapter=wslhost0
want_rc 0
want_json 'names() == ["wslhost0"]' 'd["pattern"] == "wslhost0"'
end "adapter list: --json before the command, --adapter=VALUE form"

begin
run adapter list --json
want_error notFound "'vEthernet (WSL*' in d['error']['message']"
end "adapter list --json, default pattern: exit 4 notFound naming the pattern"

begin
run adapter list
want_rc 4
want_err_line 'vEthernet \(WSL\*'
end "adapter list (human), default pattern: exit 4, one line on stderr"

begin
run adapter list --adapter 'wslhost*'
want_rc 0
want_stdout_has wslhost0 "$E2E_HOST_IP" wslhost1
end "adapter list (human): names and address in the table"

# ================================================================== neighbor
e2e_learn_neighbor || echo "# warning: the VM's neighbour entry is missing"
begin
run address --source neighbor --adapter 'wslhost*' --json
want_rc 0
want_json 'd["kind"] == "address"' "d['address'] == '$E2E_VM_IP'" 'd["source"] == "neighbor"' \
    'd["prefixLength"] in (0, 20)' "d['gateway'] in ('', '$E2E_HOST_IP')" \
    'is_str(d["detail"]) and "wslhost0" in d["detail"]' \
    'sources() == ["neighbor"]' 'attempt("neighbor")["status"] == "ok"' 'attempts_ok()'
end "address --source neighbor: $E2E_VM_IP (Hyper-V MAC), not the decoy $E2E_DECOY_IP"

begin
run address --source=neighbor --adapter='wslhost*'
want_rc 0
want_stdout_has "$E2E_VM_IP" neighbor
end "address --source neighbor (human)"

begin
run address --source neighbor --adapter wslhost1 --json
want_error notFound 'sources() == ["neighbor"]' 'attempt("neighbor")["status"] == "notFound"'
end "address --source neighbor on an adapter without IPv4: exit 4 notFound"

begin
run address --source neighbor --json
want_error notFound "'vEthernet (WSL*' in d['error']['message'] or 'vEthernet (WSL*' in attempt('neighbor').get('message', '')"
end "address --source neighbor, default pattern (no WSL adapter): exit 4"

# ======================================================================= HNS
e2e_hns_v1 172.28.21.10
hns_log_reset
begin
run address --source hns --json
want_rc 0
want_json 'd["kind"] == "address"' 'd["address"] == "172.28.21.10"' 'd["prefixLength"] == 20' \
    "d['gateway'] == '$E2E_HOST_IP'" 'd["source"] == "hns"' 'sources() == ["hns"]' \
    'attempt("hns")["status"] == "ok"'
want "the fake HNS was not asked for the endpoint (call log: $(hns_log | tr '\n' '|'))" \
    grep -q '^HcnQueryEndpointProperties 5a1c3b9e-2222-4d8f-8e55-0a1b2c3d4e5f 0x00000000' "$E2E_FAKE/hns-calls.log"
hns_handles_closed
end "address --source hns, V1 documents: endpoint IP, prefix, gateway (foreign network's endpoint ignored)"

e2e_hns_v2 172.28.22.20
hns_log_reset
begin
run address --source hns --json
want_rc 0
want_json 'd["address"] == "172.28.22.20"' 'd["prefixLength"] == 20' \
    "d['gateway'] == '$E2E_HOST_IP'" 'd["source"] == "hns"'
hns_handles_closed
end "address --source hns, V2 documents (IpConfigurations, Ipams/Routes)"

e2e_hns_v1 172.28.21.10
begin
run address --json
want_rc 0
want_json 'd["source"] == "hns"' 'd["address"] == "172.28.21.10"' 'sources() == ["hns"]'
end "address (auto) picks hns first"

e2e_hns_malformed
begin
run address --source hns --json
want_error badData 'sources() == ["hns"]' 'attempt("hns")["status"] == "badData"'
end "address --source hns, malformed HNS JSON: exit 6 badData"

begin
run address --source hns
want_rc 6
want_err_line
end "address --source hns (human), malformed HNS JSON: one line on stderr"

begin
run address --adapter 'wslhost*' --json
want_rc 0
want_json "d['address'] == '$E2E_VM_IP'" 'd["source"] == "neighbor"' \
    'sources() == ["hns", "registry", "neighbor"]' 'attempt("hns")["status"] == "badData"' \
    'attempt("registry")["status"] in ("notFound", "unavailable")' \
    'attempt("neighbor")["status"] == "ok"' 'attempts_ok()'
end "address (auto), malformed HNS JSON: falls through to neighbor, attempts say why"

e2e_hns_write '{"networks":[{"id":"'"$E2E_WSL_NET_ID"'","properties":{"ID":"B95D0C5E-57D4-412B-B571-18A81A16E005","Name":"WSL","Type":"ICS","Subnets":[{"AddressPrefix":"172.28.16.0/20","GatewayAddress":"172.28.16.1"}]}}],"endpoints":[],
 "fail":{"HcnEnumerateNetworks":"0x80070005","HcnEnumerateEndpoints":"0x80070005","HcnOpenNetwork":"0x80070005","HcnOpenEndpoint":"0x80070005"}}'
begin
run address --source hns --json
want_error accessDenied "d['error']['code'] == $E_ACCESSDENIED"
end "address --source hns, HNS refuses access (E_ACCESSDENIED): exit 7 accessDenied, code 0x80070005"

e2e_hns_write '{"networks":[{"id":"'"$E2E_WSL_NET_ID"'","properties":{}}],"endpoints":[],
 "fail":{"HcnEnumerateNetworks":"0x80004005","HcnEnumerateEndpoints":"0x80004005","HcnOpenNetwork":"0x80004005","HcnOpenEndpoint":"0x80004005"}}'
begin
run address --source hns --json
want_error systemError "d['error']['code'] == $E_FAIL"
end "address --source hns, HNS call fails (E_FAIL): exit 10 systemError, code 0x80004005"

e2e_hns_clear
begin
run address --source hns --json
want_error notFound 'attempt("hns")["status"] == "notFound"'
end "address --source hns, no WSL network: exit 4 notFound"

e2e_hns_v1 172.28.21.10
e2e_hns_remove_dll
begin
run address --source hns --json
want_error unavailable "'computenetwork.dll' in d['error']['message']"
end "address --source hns without computenetwork.dll: exit 5 unavailable naming the DLL"

begin
run address --source hns
want_rc 5
want_err_line 'computenetwork\.dll'
end "address --source hns (human) without computenetwork.dll: one line on stderr"

begin
run address --adapter 'wslhost*' --json
want_rc 0
want_json "d['address'] == '$E2E_VM_IP'" 'd["source"] == "neighbor"' \
    'attempt("hns")["status"] == "unavailable"' "'computenetwork.dll' in attempt('hns')['message']"
end "address (auto) without computenetwork.dll: neighbor answers"
e2e_hns_restore_dll
e2e_hns_clear

# ================================================================== registry
e2e_set_nat_ip 172.28.20.7
begin
run address --source registry --json
want_rc 0
want_json 'd["address"] == "172.28.20.7"' 'd["source"] == "registry"' 'sources() == ["registry"]'
end "address --source registry: HKCU Lxss NatIpAddress 172.28.20.7"

begin
run address --json
want_rc 0
want_json 'd["address"] == "172.28.20.7"' 'd["source"] == "registry"' \
    'sources() == ["hns", "registry"]' 'attempt("hns")["status"] == "notFound"'
end "address (auto), no HNS network: registry answers second"

e2e_set_nat_ip not-an-ip
begin
run address --source registry --json
want_error badData
end "address --source registry, NatIpAddress 'not-an-ip': exit 6 badData"

begin
run address --source registry
want_rc 6
want_err_line
end "address --source registry (human), garbage value: one line on stderr"

begin
run address --adapter 'wslhost*' --json
want_rc 0
want_json 'd["source"] == "neighbor"' 'attempt("registry")["status"] == "badData"'
end "address (auto), garbage registry value: falls through to neighbor"

e2e_clear_nat_ip
begin
run address --source registry --json
# docs/cli.md: notFound = no VM address; unavailable = no user registry. Either fits.
case "$RC" in
4) want_error notFound ;;
5) want_error unavailable ;;
*) want_rc "4 or 5" ;;
esac
end "address --source registry without NatIpAddress: exit 4 or 5 with an error document"

# ======================================================================= wsl
begin
want "auto ran wsl.exe ($(e2e_wsl_calls) calls logged) - it must only run when asked" \
    test "$(e2e_wsl_calls)" = 0
end "address (auto) never ran wsl.exe"

e2e_wsl_write '172.17.0.1 172.28.20.5 \n' utf8 0
begin
run address --source wsl --allow-distro-code --adapter 'wslhost*' --json
want_rc 0
want_json "d['address'] == '$E2E_VM_IP'" 'd["source"] == "wsl"' 'sources() == ["wsl"]'
want "wsl.exe was not run once (calls: $(e2e_wsl_calls))" test "$(e2e_wsl_calls)" = 1
want "wsl.exe was not run as 'hostname -I' ($(tail -n 1 "$E2E_FAKE/wsl-calls.log" 2>/dev/null))" \
    grep -qE 'wsl(\.exe)?"? +(-- +|-e +|--exec +)?hostname +-I' "$E2E_FAKE/wsl-calls.log"
want "wsl.exe did not come from system32 ($(tail -n 1 "$E2E_FAKE/wsl-calls.log" 2>/dev/null))" \
    grep -qi 'system32\\wsl' "$E2E_FAKE/wsl-calls.log"
end "address --source wsl, UTF-8 output: the address in the adapter's subnet (not 172.17.0.1)"

e2e_wsl_write '172.28.20.5 172.17.0.1 \n' utf16le 0
begin
run address --source wsl --allow-distro-code --adapter 'wslhost*' --json
want_rc 0
want_json "d['address'] == '$E2E_VM_IP'" 'd["source"] == "wsl"'
want "wsl.exe calls: expected 2, got $(e2e_wsl_calls)" test "$(e2e_wsl_calls)" = 2
end "address --source wsl, UTF-16LE output"

e2e_wsl_write '172.17.0.1 10.255.255.254 \n' utf8 0
begin
run address --source wsl --allow-distro-code --adapter 'wslhost*' --json
want_error notFound
end "address --source wsl, no address in the adapter's subnet: exit 4"

e2e_wsl_clear
begin
run address --source wsl --allow-distro-code --adapter 'wslhost*'
case "$RC" in
4 | 5 | 10) ;;
*) want_rc "4, 5 or 10" ;;
esac
want_err_line
end "address --source wsl, no distribution (UTF-16 message, exit 1): clean failure ($RC), one line"

N_WSL=$(e2e_wsl_calls)
begin
run address --adapter 'wslhost*' --json
want_rc 0
want "auto ran wsl.exe" test "$(e2e_wsl_calls)" = "$N_WSL"
want_json '"wsl" not in sources()'
end "address (auto) still never runs wsl.exe"

# ============================================================ nothing at all
e2e_hns_clear
e2e_clear_nat_ip
begin
run address --adapter 'nomatch*' --json
want_error notFound 'sources() == ["hns", "registry", "neighbor"]' \
    'all(a["status"] != "ok" for a in d["attempts"])' 'attempts_ok()'
end "address (auto), no adapter and all sources empty: exit 4 with the attempts"

begin
run address --adapter 'nomatch*'
want_rc 4
want_err_line
end "address (human), nothing found: one line on stderr"

# ====================================================================== mode
CONF_MIRRORED=$(e2e_write_wslconfig wslconfig-mirrored $'[wsl2]\nmemory=4GB\nnetworkingMode=mirrored\n')
e2e_set_windows_build 22631 4169 23H2
e2e_set_wsl_version 2.6.3.0
e2e_hns_v1 172.28.21.10
begin
run mode --config "$CONF_MIRRORED" --json
want_rc 0
want_json 'd["kind"] == "mode"' 'd["configured"]["mode"] == "mirrored"' \
    'd["configured"]["isDefault"] is False' 'd["configured"]["fileExists"] is True' \
    'd["configured"]["line"] == 3' 'd["configured"]["section"] == "wsl2"' \
    'is_str(d["configured"]["file"]) and d["configured"]["file"].lower().endswith("wslconfig-mirrored")' \
    'is_str(d["configured"]["warning"])' \
    'd["windows"]["build"] == 22631' 'd["windows"]["ubr"] == 4169' 'd["windows"]["displayVersion"] == "23H2"' \
    'd["wsl"]["version"] == "2.6.3.0"' 'd["mirroredSupported"] is False' \
    'd["features"]["hypervFirewall"] == "none"' 'd["effective"]["mode"] == "nat"' \
    '"no Hyper-V firewall" in d["effective"]["reason"]' \
    'any(s["rule"] == "stale-nat-network" for s in d["effective"]["steps"])'
end "mode --config (networkingMode=mirrored) on build 22631 without a Hyper-V firewall (Wine's WMI): WSL falls back to NAT; the firewall network is stale"

begin
run mode --config "$CONF_MIRRORED"
want_rc 0
want_stdout_has mirrored 22631
end "mode (human)"

e2e_set_windows_build 19045 3803 22H2
begin
run mode --config "$CONF_MIRRORED" --json
want_rc 0
want_json 'd["windows"]["build"] == 19045' 'd["windows"]["ubr"] == 3803' 'd["mirroredSupported"] is False' \
    'd["configured"]["mode"] == "mirrored"'
end "mode on build 19045: mirroredSupported false"

e2e_clear_wsl_version
e2e_hns_clear
begin
run mode --config 'C:\wslnet-e2e\no-such-wslconfig' --json
want_rc 0
want_json 'd["configured"]["mode"] == "nat"' 'd["configured"]["isDefault"] is True' \
    'd["configured"]["fileExists"] is False' 'd["configured"]["line"] == 0' \
    'd["wsl"]["version"] is None' 'd["effective"]["mode"] == "nat"' 'd["features"]["natNetwork"] is False'
end "mode without .wslconfig, WSL MSI and NAT network: default nat, version null, effective nat (no network yet is no evidence)"

e2e_hns_remove_dll
begin
run mode --config "$CONF_MIRRORED" --json
want_rc 0
want_json 'd["effective"]["mode"] == "nat"' 'd["features"]["hnsFlowSteering"] is False' \
    'd["features"]["natNetwork"] is None'
end "mode without computenetwork.dll: no flow steering, mirrored falls back to NAT; the NAT network unknown"
e2e_hns_restore_dll

# ===================================================================== usage
begin
run frobnicate
want_rc 2
want_err_line
end "unknown command: exit 2, one line on stderr"

begin
run --json frobnicate
want_error usage
end "unknown command --json: error document, exit 2"

begin
run address --source foo --json
want_error invalidInput
end "address --source foo: exit 3 invalidInput"

begin
run address --source foo
want_rc 3
want_err_line
end "address --source foo (human): one line on stderr"

begin
run address --adapter
want_rc 2
want_err_line
end "address --adapter without a value: exit 2"

begin
run adapter list --bogus
want_rc 2
want_err_line
end "adapter list --bogus: exit 2"

begin
run help
want_rc 0
want "help printed nothing" test -s "$OUT"
run address --help
want_rc 0
want "address --help printed nothing" test -s "$OUT"
end "help, address --help"

# ---------------------------------------------------------------- port proxy, end to end
# A LAN client reaches a server in the VM through `wslnet proxy add 8080 --to
# wsl` (the IP Helper double really listens and forwards); the VM's address
# changes, `proxy sync` re-points the rule, the client works again. Foreign
# rules seeded first are byte-identical at the end.
. "$HERE/../fakes/iphlpsvc/install.sh"
. "$HERE/../fakes/netfw/install.sh"
PP_STORE='HKLM\SYSTEM\CurrentControlSet\Services\PortProxy'
pp_foreign() { e2e_wine reg query "$PP_STORE\\v4tov4\\tcp" /v "$1" 2>/dev/null | tr -d '\r' | grep -F "$1"; }
begin
e2e_lan_up
e2e_vm_server 8080
fake_iphlpsvc_install e2e_wine "$FAKES" "$E2E_SYSTEM32" >/dev/null 2>&1 || REASONS+=("iphlpsvc double did not install")
fake_netfw_install e2e_wine "$FAKES" "$E2E_SYSTEM32" >/dev/null 2>&1 || REASONS+=("NetFwPolicy2 double did not install")
e2e_reg add "$PP_STORE\\v4tov4\\tcp" /v '0.0.0.0/3389' /t REG_SZ /d '10.1.2.3/3389' /f
e2e_reg add "$PP_STORE\\v4tov4\\tcp" /v 'fileserver/445' /t REG_SZ /d 'x/445' /f
foreign_before="$(pp_foreign '0.0.0.0/3389'; pp_foreign 'fileserver/445')"
e2e_hns_v1 "$E2E_VM_IP"
loads=$(fake_iphlpsvc_loads "$E2E_FAKE")
run proxy add 8080 --to wsl --json
want_rc 0
want_json "d['vmAddress'] == '$E2E_VM_IP'"
fake_iphlpsvc_wait_load "$E2E_FAKE" "$loads" || REASONS+=("the IP Helper double did not reload")
reply=$(e2e_lan_fetch 8080)
want "LAN client got '$reply' through the proxy, not the VM's reply" test "$reply" = "hello from $E2E_VM_IP"
end "e2e: proxy add 8080 --to wsl: a LAN client reaches the VM's server"

begin
NEW_VM_IP=172.28.22.7
e2e_vm_move "$NEW_VM_IP"
e2e_hns_v1 "$NEW_VM_IP"
reply=$(e2e_lan_fetch 8080)
want "still reached the VM at its old address ($reply)" test -z "$reply"
run proxy list --json
want_json 'any(p.get("listenPort") == 8080 and p["stale"] for p in d["proxies"])'
loads=$(fake_iphlpsvc_loads "$E2E_FAKE")
run proxy sync --json
want_rc 0
want_json "d['vmAddress'] == '$NEW_VM_IP'" '[c["op"] for c in d["changes"]] == ["putRule", "notify"]'
fake_iphlpsvc_wait_load "$E2E_FAKE" "$loads" || REASONS+=("the IP Helper double did not reload after sync")
reply=$(e2e_lan_fetch 8080)
want "after sync the LAN client got '$reply'" test "$reply" = "hello from $NEW_VM_IP"
run proxy sync --json
want_json 'd["changes"] == []'
run proxy remove 8080
want_rc 0
foreign_after="$(pp_foreign '0.0.0.0/3389'; pp_foreign 'fileserver/445')"
want "foreign rules changed: before [$foreign_before] after [$foreign_after]" test "$foreign_before" = "$foreign_after"
want "foreign rules not seen" test -n "$foreign_before"
e2e_lan_down
end "e2e: the VM moves; proxy sync re-points the rule and the client works again; foreign rules intact"

ELAPSED=$(($(date +%s) - START))
echo "# e2e wall time: ${ELAPSED}s"
check_summary
