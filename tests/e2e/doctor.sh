#!/usr/bin/env bash
# tests/e2e/doctor.sh BIN_DIR FAKES_DIR
#
# End-to-end tests of `wslnet doctor` under Wine in the simulated WSL network
# (network namespaces, see lib.sh), with the IP Helper and NetFwPolicy2
# doubles: a healthy setup (adapter 'wslhost*', a server in the VM namespace,
# an owned proxy made by `wslnet proxy add 8080 --to wsl`) is all ok or
# skipped with exit 0; each broken precondition gives its failure, exit 21,
# and the fix, and applying that fix brings exit 0 back. Prints TAP
# (tests/lib/check.sh), last "N passed, N failed, N skipped". Needs root.
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
for f in "$BIN/wslnet.exe" "$BIN/wslnet.dll" "$FAKES/computenetwork.dll" "$FAKES/wsl.exe" \
    "$FAKES/iphlpsvc.exe" "$FAKES/svcctl.exe" "$FAKES/fakenetfw.dll"; do
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
# shellcheck source=../fakes/iphlpsvc/install.sh
. "$HERE/../fakes/iphlpsvc/install.sh"
# shellcheck source=../fakes/netfw/install.sh
. "$HERE/../fakes/netfw/install.sh"

# run ARGS...: as check.sh's, but the doctor's own exit codes 20 (warnings)
# and 21 (failures) are documented ones too.
run() {
    LAST_CMD="wslnet $*"
    (cd "$CWD" && check_exec "$BIN/wslnet.exe" "$@") >"$OUT" 2>"$ERR" </dev/null
    RC=$?
    case "$RC" in
    [0-9] | 1[01] | 20 | 21) ;;
    *) REASONS+=("[$LAST_CMD] exit code $RC is not one of docs/cli.md's (0..11, 20, 21)") ;;
    esac
    if grep -qaE 'Unhandled exception|wine: Unhandled|page fault|Backtrace' "$ERR"; then
        REASONS+=("[$LAST_CMD] crashed: $(snip "$ERR")")
    fi
}

# want_check ID VERDICT [FIX]: the check's verdict, and its exact fix command
# when given ("" for none). Every non-ok, non-skipped check has a hint.
want_check() {
    local c="[c for c in d['checks'] if c['id'] == '$1'][0]"
    want_json "$c['verdict'] == '$2'" "'$2' in ('ok', 'skipped') or one_line($c['hint'])"
    [ $# -ge 3 ] && want_json "$c['fix'] == '''$3'''"
}

# want_healthy: exit 0, every check ok or skipped, and the ones that can be
# decided here are ok.
want_healthy() {
    local id
    want_rc 0
    want_json 'd["kind"] == "doctor"' 'd["verdict"] == "ok"' 'd["exitCode"] == 0' 'd["port"] == 8080' \
        'len(d["checks"]) == 13' 'all(c["verdict"] in ("ok", "skipped") for c in d["checks"])' \
        'all(one_line(c["detail"]) for c in d["checks"])' \
        'd["summary"]["fail"] == 0 and d["summary"]["warn"] == 0'
    for id in mode adapter address iphlpsvc proxies host-firewall subnet-overlap port-proxy \
        connect-vm connect-localhost; do
        want_check "$id" ok
    done
}

DOCTOR=(doctor --port 8080 --adapter 'wslhost*' --json)

# ------------------------------------------------------------------ healthy
begin
fake_iphlpsvc_install e2e_wine "$FAKES" "$E2E_SYSTEM32" >/dev/null 2>&1 || REASONS+=("iphlpsvc double did not install")
fake_netfw_install e2e_wine "$FAKES" "$E2E_SYSTEM32" >/dev/null 2>&1 || REASONS+=("NetFwPolicy2 double did not install")
e2e_hns_v1 "$E2E_VM_IP"
e2e_vm_server 8080
loads=$(fake_iphlpsvc_loads "$E2E_FAKE")
run proxy add 8080 --to wsl --json
want_rc 0
fake_iphlpsvc_wait_load "$E2E_FAKE" "$loads" || REASONS+=("the IP Helper double did not reload")
run "${DOCTOR[@]}"
want_healthy
want_json "'$E2E_VM_IP' in [c for c in d['checks'] if c['id'] == 'address'][0]['detail']"
want_check config ok
end "doctor: healthy setup (adapter, VM server, owned proxy) is all ok or skipped, exit 0"

begin
run doctor --adapter 'wslhost*'
want_rc 0
want_stdout_has "[ok     ] adapter" "[skipped] connect-vm" "no --port given" "ok: "
end "doctor (text, no --port): one line per check, port checks skipped with why"

# ------------------------------------------------------------------ no adapter
begin
run doctor --port 8080 --adapter 'nomatch*' --json
want_rc 21
want_json 'd["verdict"] == "fail"' 'd["exitCode"] == 21'
want_check adapter fail 'wsl.exe --exec true'
want_json "'nomatch*' in [c for c in d['checks'] if c['id'] == 'adapter'][0]['detail']"
want_check subnet-overlap skipped
run doctor --port 8080 --adapter 'nomatch*'
want_rc 21
want_stdout_has "[fail   ] adapter" "fix: wsl.exe --exec true" "fail: "
end "doctor: no adapter matches: adapter fails with fix 'wsl.exe --exec true', exit 21"

# ------------------------------------------------------------------ stale proxy
begin
NEW_VM_IP=172.28.22.7
e2e_vm_move "$NEW_VM_IP"
e2e_hns_v1 "$NEW_VM_IP"
run "${DOCTOR[@]}"
want_rc 21
want_check proxies fail 'wslnet proxy sync'
want_check port-proxy fail 'wslnet proxy sync'
want_check connect-vm ok
want_check connect-localhost fail 'wslnet proxy sync'
want_json "'$E2E_VM_IP' in [c for c in d['checks'] if c['id'] == 'proxies'][0]['detail']"
loads=$(fake_iphlpsvc_loads "$E2E_FAKE")
run proxy sync --adapter 'wslhost*' --json
want_rc 0
fake_iphlpsvc_wait_load "$E2E_FAKE" "$loads" || REASONS+=("the IP Helper double did not reload after sync")
run "${DOCTOR[@]}"
want_healthy
end "doctor: VM address changed: stale proxy fails with fix 'wslnet proxy sync'; after it, all ok"

# ------------------------------------------------------------------ iphlpsvc stopped
begin
fake_iphlpsvc_stop e2e_wine >/dev/null 2>&1 || REASONS+=("could not stop the iphlpsvc double")
run "${DOCTOR[@]}"
want_rc 21
want_check iphlpsvc fail 'sc start iphlpsvc'
want_check connect-localhost fail 'sc start iphlpsvc'
want_check connect-vm ok
want_json "'stopped' in [c for c in d['checks'] if c['id'] == 'iphlpsvc'][0]['detail']"
loads=$(fake_iphlpsvc_loads "$E2E_FAKE")
e2e_wine sc start iphlpsvc >/dev/null 2>&1 </dev/null || REASONS+=("the fix 'sc start iphlpsvc' failed under Wine")
fake_iphlpsvc_wait_load "$E2E_FAKE" 0 || REASONS+=("the IP Helper double did not start")
run "${DOCTOR[@]}"
want_healthy
end "doctor: iphlpsvc stopped fails with fix 'sc start iphlpsvc'; running that fix, all ok"

# ------------------------------------------------------------------ port closed in the VM
begin
# The server is the only process in the VM namespace ($E2E_SERVER_PID is the
# background subshell around `ip netns exec`, not the server itself).
vm_pids=$(ip netns pids "$E2E_VM")
[ -n "$vm_pids" ] && kill $vm_pids 2>/dev/null
wait "$E2E_SERVER_PID" 2>/dev/null
E2E_SERVER_PID=""
want "the VM's server did not stop" test -z "$(ip netns pids "$E2E_VM")"
run "${DOCTOR[@]}"
want_rc 21
want_check connect-vm fail 'wsl.exe --exec ss -ltn'
want_json "'refused' in [c for c in d['checks'] if c['id'] == 'connect-vm'][0]['detail']"
want_check connect-localhost fail ''
want_check proxies ok
want_check iphlpsvc ok
e2e_vm_server 8080
run "${DOCTOR[@]}"
want_healthy
end "doctor: nothing listens in the VM: connect-vm fails (refused); server back, all ok"

# ------------------------------------------------------------------ VPN route inside WSL's subnet
begin
e2e_ns "$E2E_HOST" ip link add vpn0 type veth peer name vpn0p
e2e_ns "$E2E_HOST" ip link set vpn0p up
e2e_ns "$E2E_HOST" ip addr add 10.99.0.1/24 dev vpn0
e2e_ns "$E2E_HOST" ip link set vpn0 up
e2e_ns "$E2E_HOST" ip route add 172.28.22.0/24 dev vpn0
run "${DOCTOR[@]}"
want_rc 21
want_check subnet-overlap fail 'wslnet subnet set 10.250.0.0/20'
want_json "'172.28.22.0/24' in [c for c in d['checks'] if c['id'] == 'subnet-overlap'][0]['detail']" \
    "'vpn0' in [c for c in d['checks'] if c['id'] == 'subnet-overlap'][0]['detail']"
e2e_ns "$E2E_HOST" ip route del 172.28.22.0/24 dev vpn0
e2e_ns "$E2E_HOST" ip route add 172.16.0.0/12 dev vpn0
run "${DOCTOR[@]}"
want_rc 20
want_check subnet-overlap warn 'wslnet subnet set 10.250.0.0/20'
want_json 'd["verdict"] == "warn"' 'd["exitCode"] == 20'
e2e_ns "$E2E_HOST" ip link del vpn0
run "${DOCTOR[@]}"
want_healthy
end "doctor: a VPN route inside WSL's subnet fails, one around it warns (exit 20); gone, all ok"

# ------------------------------------------------------------------ input
begin
run doctor --port 0 --json
want_error invalidInput
run doctor --port 8080x
want_rc 3
want_err_line 'port'
end "doctor --port 0 / 8080x: invalid input, exit 3"

ELAPSED=$(($(date +%s) - START))
echo "# doctor e2e wall time: ${ELAPSED}s"
check_summary
