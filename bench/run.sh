#!/usr/bin/env bash
# Whole-process timing of `wslnet adapter list --json` under Wine against the
# floor (bench_adapters_floor.exe: GetAdaptersAddresses once).
#
#   bench/run.sh [BUILD_DIR [BEFORE_BUILD_DIR]]   (default build/windows; RUNS=40)
#
# The commands run interleaved (floor, wslnet[, before], floor, ...) so that
# the load of a shared machine falls on all of them alike; hyperfine runs one
# command's series after the other, and on a busy machine the ratio then
# drifted by more than the effect measured. Reports the median wall time and
# the median CPU time (user + system, from wait4) of each, and their ratios to
# the floor. With BEFORE_BUILD_DIR, that build's exe is measured in the same run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../scripts/wine-env.sh
. "$root/scripts/wine-env.sh"
wn_reexec_without_aslr "$root/bench/run.sh" "$@" # no Wine start lost (see there)
bin=$(cd "${1:-$root/build/windows}/bin" && pwd)
before=${2:+$(cd "$2/bin" && pwd)}
export WINEPREFIX=$root/build/wineprefix-bench WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml="
[ -d "$WINEPREFIX" ] || wineboot -i >/dev/null 2>&1
trap 'wineserver -k 2>/dev/null || true' EXIT
# Keep the server up so each run measures the process, not Wine's start. A
# server still running from an earlier command makes `wineserver -p` fail
# (exit 2): end it first, it is this prefix's own.
wineserver -k 2>/dev/null || true
wineserver -w
wineserver -p
wine "$bin/wslnet.exe" version >/dev/null   # warm the page cache
python3 - "${RUNS:-40}" "$bin" "$before" <<'PY'
import os, statistics, subprocess, sys, time
runs, bin_dir, before = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cmds = {"floor": ["wine", bin_dir + "/bench_adapters_floor.exe"],
        "wslnet": ["wine", bin_dir + "/wslnet.exe", "adapter", "list", "--adapter", "*", "--json"]}
if before:
    cmds["before"] = ["wine", before + "/wslnet.exe", "adapter", "list", "--adapter", "*", "--json"]
def once(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 4):  # 4: no WSL adapter in the bench prefix, as for the floor's own lookup
        sys.exit("%s exited %d" % (" ".join(cmd), code))
    return wall, usage.ru_utime + usage.ru_stime
for _ in range(5):
    for c in cmds.values():
        once(c)
wall = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
for _ in range(runs):
    for k, c in cmds.items():
        w, u = once(c)
        wall[k].append(w)
        cpu[k].append(u)
fw, fc = statistics.median(wall["floor"]), statistics.median(cpu["floor"])
for k in cmds:
    w, c = statistics.median(wall[k]), statistics.median(cpu[k])
    print("%-7s median wall %6.1f ms (ratio %.3f)   cpu %6.1f ms (ratio %.3f)   %d runs"
          % (k, w * 1000, w / fw, c * 1000, c / fc, runs))
w = statistics.median(wall["wslnet"])
print(f"median floor {fw*1000:.1f} ms, wslnet {w*1000:.1f} ms, ratio {w/fw:.3f}")
PY
