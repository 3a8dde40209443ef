#!/usr/bin/env bash
# tests/e2e/subnet.sh BIN_DIR FAKES_DIR
#
# End-to-end tests of `wslnet subnet` under Wine in the simulated WSL network
# (network namespaces, see lib.sh): the routes are the host namespace's real
# kernel routes, read through Wine's GetIpForwardTable2; the values are
# written to the prefix's real registry and checked with `reg query`; the
# wsl.exe double records that wsl.exe never runs (--shutdown is refused). A VPN-like interface
# (vpn0) carries 10.250.0.0/16 and 172.28.22.0/24 (inside WSL's adapter
# subnet 172.28.16.0/20). Prints "ok - ..." / "not ok - ..." lines and, last,
# "N passed, N failed". Needs root.
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
for f in "$BIN/wslnet.exe" "$BIN/wslnet.dll" "$FAKES/computenetwork.dll" "$FAKES/wsl.exe" "$FAKES/runlimited.exe" \
    "$FAKES/lockhold.exe"; do
    [ -f "$f" ] || { echo "error: $f is missing" >&2; exit 2; }
done

START=$(date +%s)
e2e_setup "$FAKES"
CWD="$E2E_TMP/cwd"
mkdir -p "$CWD"
CHECK_TMP=$E2E_TMP
check_exec() { e2e_wine "$@"; }
# shellcheck source=../lib/check.sh
. "$HERE/../lib/check.sh"

LXSS='HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss'
A=(--adapter 'wslhost*')

# run_limited ARGS...: wslnet.exe with the limited (non-elevated) token.
run_limited() {
    LAST_CMD="(non-elevated) wslnet $*"
    (cd "$CWD" && e2e_wine "$FAKES/runlimited.exe" "Z:$(printf '%s' "$BIN/wslnet.exe" | tr / '\\')" "$@") \
        >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}

# reg_value NAME: "TYPE DATA" of an Lxss value as `reg query` shows it, "" when absent.
reg_value() {
    e2e_wine reg query "$LXSS" /v "$1" 2>/dev/null | tr -d '\r' |
        awk -v n="$1" '$1 == n { t = $2; $1 = ""; $2 = ""; sub(/^ +/, ""); print t " " $0 }'
}

# The Lxss key as `reg query` lists it (every value), for byte comparisons.
lxss_dump() { e2e_wine reg query "$LXSS" 2>/dev/null | tr -d '\r'; }

# want_reg NAME EXPECTED: "" for absent.
want_reg() {
    local got
    got=$(reg_value "$1")
    [ "$got" = "$2" ] || REASONS+=("[$LAST_CMD] registry $1: expected '$2', got '$got'")
}

wsl_args_lines() { [ -f "$E2E_FAKE/wsl-args.log" ] && wc -l <"$E2E_FAKE/wsl-args.log" || echo 0; }

# A value of WSL's that wslnet never touches.
e2e_reg add "$LXSS" /v DefaultDistribution /t REG_SZ /d '{0a1b2c3d-0000-4000-8000-000000000001}' /f

# ------------------------------------------------------------------ nothing pinned
begin
e2e_hns_v1 "$E2E_VM_IP"    # WSL's networks: "WSL" 172.28.16.0/20, "WSL (Hyper-V firewall)" 172.30.64.0/20
run subnet show "${A[@]}" --json
want_rc 0
want_json 'd["kind"] == "subnetShow"' 'd["natNetwork"] is None' 'd["natGateway"] is None' \
    '{"name": "WSL", "subnet": "172.28.16.0/20", "gateway": "172.28.16.1"} in d["hnsNetworks"]' \
    'len(d["hnsNetworks"]) == 2' 'd["pending"] is False' \
    'd["adapterSubnet"] == "172.28.16.0/20"' 'd["adapterAddress"] == "172.28.16.1"' \
    'd["checkedSubnet"] == "172.28.16.0/20"' 'd["routesRead"] is True' 'd["overlapCount"] == 0' 'd["overlaps"] == []'
run subnet show "${A[@]}"
want_rc 0
want_stdout_has "pinned subnet:   (none" "adapter subnet:  172.28.16.0/20" "none with 172.28.16.0/20"
end "subnet show: nothing pinned, the adapter's 172.28.16.0/20, no overlap"

# ------------------------------------------------------------------ a VPN
e2e_ns "$E2E_HOST" ip link add vpn0 type veth peer name vpn0p
e2e_ns "$E2E_HOST" ip link set vpn0p up
e2e_ns "$E2E_HOST" ip addr add 10.99.0.1/24 dev vpn0
e2e_ns "$E2E_HOST" ip link set vpn0 up
e2e_ns "$E2E_HOST" ip route add 10.250.0.0/16 dev vpn0
e2e_ns "$E2E_HOST" ip route add 172.28.22.0/24 dev vpn0
# A full-tunnel VPN's default-route halves: not conflicts.
e2e_ns "$E2E_HOST" ip route add 0.0.0.0/1 dev vpn0
e2e_ns "$E2E_HOST" ip route add 128.0.0.0/1 dev vpn0

begin
run subnet show "${A[@]}" --json
want_rc 0
want_json 'd["overlapCount"] == 1' 'd["overlaps"][0]["prefix"] == "172.28.22.0/24"' \
    'd["overlaps"][0]["interface"] == "vpn0"' 'd["overlaps"][0]["relation"] == "inside"'
end "subnet show: a VPN route inside the adapter's subnet is listed (default-route halves are not)"

begin
run subnet suggest "${A[@]}" --json
want_rc 0
want_json 'd["kind"] == "subnetSuggest"' 'd["subnet"] == "10.249.0.0/20"' 'd["gateway"] == "10.249.0.1"' \
    'd["routesConsidered"] > 4'
# Independently: the namespace's own routes (iproute2) do not meet the suggestion.
suggested=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["subnet"])' "$OUT" 2>/dev/null)
if ! e2e_ns "$E2E_HOST" ip -j -4 route show table main | python3 -c '
import ipaddress, json, sys
s = ipaddress.ip_network(sys.argv[1])
for r in json.load(sys.stdin):
    dst = r["dst"]
    if dst == "default": continue
    n = ipaddress.ip_network(dst if "/" in dst else dst + "/32")
    if n.prefixlen >= 8 and n.overlaps(s) and r.get("dev") != "wslhost0":
        sys.exit("overlaps %s on %s" % (dst, r.get("dev")))
' "$suggested"; then
    REASONS+=("suggestion '$suggested' overlaps a route of the namespace")
fi
run subnet suggest "${A[@]}"
want_rc 0
want_stdout_has "10.249.0.0/20 (gateway 10.249.0.1)"
end "subnet suggest: 10.249.0.0/20, past the VPN's 10.250.0.0/16, clear of every route in the namespace"

# ------------------------------------------------------------------ refusals, nothing changed
begin
before=$(lxss_dump)
calls=$(wsl_args_lines)
run subnet set 10.250.16.0/20 "${A[@]}" --json
want_error invalidInput "'10.250.0.0/16' in d['error']['message']" "'vpn0' in d['error']['message']"
run subnet set 172.28.16.0/20 "${A[@]}"
want_rc 3
want_err_line '172.28.22.0/24'
for bad in 10.249.0.1/20 8.8.8.0/24 172.32.0.0/16 10.249.0.0/12 10.249.0.0/26 10.249.0.0 '10.249.0.0/20;calc'; do
    run subnet set "$bad" --json
    want_error invalidInput
done
run subnet set 10.249.0.0/20 --gateway 10.249.16.1 --json
want_error invalidInput "'not a host address' in d['error']['message']"
run subnet set --json
want_rc 2
[ "$(lxss_dump)" = "$before" ] || REASONS+=("the Lxss key changed")
[ "$(wsl_args_lines)" = "$calls" ] || REASONS+=("wsl.exe ran")
end "subnet set: overlapping, host bits, public, outside 172.16/12, /12, /26, bad gateway: exit 3, nothing changed"

# The policy engine refuses the same overlap (issue 12): a natSubnet inside the VPN's
# route is an invalid policy, named by its JSON path, exit 3, nothing changed.
begin
before=$(lxss_dump)
printf '{"schemaVersion": 1, "natSubnet": "10.250.16.0/20"}' > "$E2E_TMP/overlap.json"
run policy apply "Z:$(printf '%s' "$E2E_TMP/overlap.json" | tr / '\\')" --json
want_error invalidInput "d['error']['message'].startswith('\$.natSubnet: 10.250.16.0/20')" \
    "'10.250.0.0/16' in d['error']['message']"
[ "$(lxss_dump)" = "$before" ] || REASONS+=("the Lxss key changed")
end "policy apply: natSubnet inside a VPN's route refused with its JSON path, exit 3, nothing changed"

begin
before=$(lxss_dump)
run_limited subnet set 10.249.0.0/20 "${A[@]}"
want_rc 7
want_err_line 'elevated'
[ "$(lxss_dump)" = "$before" ] || REASONS+=("the Lxss key changed")
end "subnet set: non-elevated is refused (exit 7), nothing changed"

begin
before=$(lxss_dump)
run subnet set 10.249.0.0/20 "${A[@]}" --dry-run --json
want_rc 0
want_json 'd["kind"] == "subnetSet"' 'd["dryRun"] is True' 'd["changed"] is False' \
    'd["values"][0] == {"name": "NatNetwork", "type": "REG_SZ", "old": None, "new": "10.249.0.0/20", "action": "write"}' \
    'd["values"][1] == {"name": "NatGatewayIpAddress", "type": "REG_SZ", "old": None, "new": "10.249.0.1", "action": "write"}' \
    '"shutdownRan" not in d' '"restart Windows" in d["takesEffect"]' '"wsl --shutdown is not enough" in d["takesEffect"]'
run_limited subnet set 10.249.0.0/20 "${A[@]}" --dry-run
want_rc 0
want_stdout_has "would write NatNetwork = 10.249.0.0/20 (was absent)" "restart Windows"
[ "$(lxss_dump)" = "$before" ] || REASONS+=("the Lxss key changed")
end "subnet set --dry-run: both writes listed, nothing changed (no elevation needed)"

# ------------------------------------------------------------------ writes
begin
calls=$(wsl_args_lines)
run subnet set 10.249.0.0/20 "${A[@]}" --json
want_rc 0
want_json 'd["dryRun"] is False' 'd["changed"] is True' 'd["overlaps"] == []'
want_reg NatNetwork "REG_SZ 10.249.0.0/20"
want_reg NatGatewayIpAddress "REG_SZ 10.249.0.1"
want_reg DefaultDistribution "REG_SZ {0a1b2c3d-0000-4000-8000-000000000001}"
[ "$(wsl_args_lines)" = "$calls" ] || REASONS+=("wsl.exe ran")
run subnet set 10.249.0.0/20 "${A[@]}" --json
want_rc 0
want_json 'd["changed"] is False' 'all(v["action"] == "none" for v in d["values"])' \
    'd["values"][0]["old"] == "10.249.0.0/20"'
run subnet show "${A[@]}" --json
want_json 'd["natNetwork"] == "10.249.0.0/20"' 'd["natNetworkValid"] is True' 'd["natGateway"] == "10.249.0.1"' \
    'd["checkedSubnet"] == "10.249.0.0/20"' 'd["overlapCount"] == 0' 'd["pending"] is True'
run subnet show "${A[@]}"
want_stdout_has "pending:         no WSL network uses 10.249.0.0/20 yet: restart Windows"
end "subnet set: writes NatNetwork/NatGatewayIpAddress as REG_SZ (reg query), other values kept; again: no change; show: pending until WSL's network uses it"

begin
rm -f "$E2E_TMP/held"
(cd "$CWD" && e2e_wine "$FAKES/lockhold.exe" 4 "Z:$(printf '%s' "$E2E_TMP/held" | tr / '\\')" machine >/dev/null 2>&1) &
holder=$!
for _ in $(seq 1 100); do [ -e "$E2E_TMP/held" ] && break; sleep 0.1; done
want "the lock holder took the lock" test -e "$E2E_TMP/held"
t0=$(date +%s)
run subnet set 10.247.0.0/20 "${A[@]}" --json
t1=$(date +%s)
wait "$holder"
want_rc 0
want "set waited for the lock (took $((t1 - t0)) s)" test $((t1 - t0)) -ge 2
want_reg NatNetwork "REG_SZ 10.247.0.0/20"
end "subnet set waits for wslnet's change lock, then writes"

begin
run subnet set 10.250.16.0/20 --gateway 10.250.16.254 --force "${A[@]}" --json
want_rc 0
want_json 'd["changed"] is True' 'd["overlaps"][0]["prefix"] == "10.250.0.0/16"' 'd["overlaps"][0]["relation"] == "covers"'
want_reg NatNetwork "REG_SZ 10.250.16.0/20"
want_reg NatGatewayIpAddress "REG_SZ 10.250.16.254"
run subnet show "${A[@]}" --json
want_json 'd["overlapCount"] == 1' 'd["overlaps"][0]["interface"] == "vpn0"'
end "subnet set --force: written over an overlapping route, which show then lists"

begin
e2e_wsl_write "" utf8 0
calls=$(wsl_args_lines)
before=$(lxss_dump)
run subnet set 10.248.0.0/20 "${A[@]}" --shutdown --json
want_error invalidInput "'--shutdown is refused' in d['error']['message']" "'restart' in d['error']['message']" \
    "'nothing was changed' in d['error']['message']"
run subnet set 10.248.0.0/20 "${A[@]}" --shutdown
want_rc 3
want_err_line 'restart Windows'
[ "$(lxss_dump)" = "$before" ] || REASONS+=("the Lxss key changed")
[ "$(wsl_args_lines)" = "$calls" ] || REASONS+=("wsl.exe ran")
end "subnet set --shutdown: refused (exit 3, says to restart Windows), nothing written, wsl.exe not run"

# ------------------------------------------------------------------ doctor
begin
LAST_CMD="wslnet doctor"
(cd "$CWD" && check_exec "$BIN/wslnet.exe" doctor "${A[@]}" --json) >"$OUT" 2>"$ERR" </dev/null
RC=$?
want_rc 21
want_json "[c for c in d['checks'] if c['id'] == 'subnet-overlap'][0]['verdict'] == 'fail'" \
    "[c for c in d['checks'] if c['id'] == 'subnet-overlap'][0]['fix'] == 'wslnet subnet set 10.249.0.0/20'"
end "doctor: the VPN route inside WSL's subnet fails with 'wslnet subnet set <free /20>' as the fix"

e2e_ns "$E2E_HOST" ip link del vpn0

begin
run subnet set 172.28.16.0/20 "${A[@]}" --json
want_rc 0
want_reg NatNetwork "REG_SZ 172.28.16.0/20"
want_reg NatGatewayIpAddress "REG_SZ 172.28.16.1"
run subnet show "${A[@]}" --json
want_json 'd["pending"] is False' 'd["overlapCount"] == 0'
end "subnet set: WSL's current range (VPN gone) is accepted; show: not pending, as WSL's network uses it"

ELAPSED=$(($(date +%s) - START))
echo "# subnet e2e wall time: ${ELAPSED}s"
check_summary
