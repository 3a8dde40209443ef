#!/usr/bin/env bash
# `wslnet policy check` against a converged machine, under Wine, against
# `wslnet proxy list` on the same machine (issue 12's closing note): a policy
# of N port proxies ("wsl", each with its host firewall rule) and N Hyper-V
# rules, applied once in a fresh prefix with the doubles (IP Helper service,
# NetFwPolicy2, WMI) as tests/exe/suite-policy.sh installs them; then the two
# commands run interleaved (as bench/run.sh does, so a shared machine's load
# falls on both alike). Prints the median wall and CPU time of each and the
# ratio check / list.
#
#   bench/policy-check.sh [BUILD_DIR]   (default build/windows; N=200 RUNS=15)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build/windows}" && pwd)
N=${N:-200}
RUNS=${RUNS:-15}
. "$root/tests/exe/lib.sh"
set +u
wt_setup "$build/bin" "$build/fakes"
. "$root/tests/fakes/iphlpsvc/install.sh"
. "$root/tests/fakes/netfw/install.sh"
. "$root/tests/fakes/wbem/install.sh"
fake_iphlpsvc_install wine "$FAKES" "$WT_SYSTEM32" >/dev/null
fake_netfw_install wine "$FAKES" "$WT_SYSTEM32" >/dev/null
fake_wmi_install wt_wine "$FAKES" "$WT_SYSTEM32" >/dev/null
wt_reg add 'HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss' /v NatIpAddress /t REG_SZ /d 172.28.20.5 /f
wt_reg add 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss' /v NatNetwork /t REG_SZ /d 172.28.16.0/20 /f
printf '%s' '{"currentProfileTypes": 2, "rules": []}' >"$WT_FAKE/netfw.json"
printf '%s' '{"mode": "v2", "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": []}}}' >"$WT_FAKE/wmi.json"
policy=$CHECK_TMP/bench-policy.json
python3 - "$N" >"$policy" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"schemaVersion": 1,
    "portProxies": [{"listenPort": 10000 + i, "connectAddress": "wsl", "firewall": {}} for i in range(n)],
    "hyperVFirewall": {"rules": [{"name": "bench-%d" % i, "protocol": "tcp", "localPorts": [20000 + i]}
                                 for i in range(n)]}}))
PY
pw=$(wt_winpath "$policy")
echo "converging a policy of $N proxies + $N Hyper-V rules ..." >&2
start=$SECONDS
wine "$BIN/wslnet.exe" policy apply "$pw" --json >"$CHECK_TMP/apply.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["applied"]==d["changeCount"]==2*int(sys.argv[2]) and not d["failed"], d["failed"][:3]' \
    "$CHECK_TMP/apply.json" "$N"
echo "applied in $((SECONDS - start)) s" >&2
wine "$BIN/wslnet.exe" policy check "$pw" --json >"$CHECK_TMP/check.json" || { echo "check did not exit 0" >&2; exit 1; }
python3 - "$RUNS" "$BIN" "$pw" <<'PY'
import os, statistics, subprocess, sys, time
runs, bin_dir, policy = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cmds = {"check": ["wine", bin_dir + "/wslnet.exe", "policy", "check", policy, "--json"],
        "list": ["wine", bin_dir + "/wslnet.exe", "proxy", "list", "--json"]}
def once(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s exited %d" % (" ".join(cmd), os.waitstatus_to_exitcode(status)))
    return wall, usage.ru_utime + usage.ru_stime
for c in cmds.values():
    once(c)
wall = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
for _ in range(runs):
    for k, c in cmds.items():
        w, u = once(c)
        wall[k].append(w)
        cpu[k].append(u)
for k in cmds:
    print("%-5s median wall %7.1f ms   cpu %7.1f ms   %d runs"
          % (k, statistics.median(wall[k]) * 1000, statistics.median(cpu[k]) * 1000, runs))
print("policy check / proxy list: wall ratio %.2f, cpu ratio %.2f"
      % (statistics.median(wall["check"]) / statistics.median(wall["list"]),
         statistics.median(cpu["check"]) / statistics.median(cpu["list"])))
PY
