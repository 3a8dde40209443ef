#!/usr/bin/env bash
# Whole-process timing of `wslnet adapter list --json` under Wine against the
# floor (bench_adapters_floor.exe: GetAdaptersAddresses once). Prints hyperfine's
# table and the median ratio. Usage: bench/run.sh [BUILD_DIR]  (default build/windows)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/windows}/bin
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
out=$(mktemp -d)
hyperfine --warmup 5 --runs ${RUNS:-40} -N --export-json "$out/h.json" \
  -n floor "wine $bin/bench_adapters_floor.exe" \
  -n wslnet "wine $bin/wslnet.exe adapter list --adapter * --json"
python3 - "$out/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
f, w = r["floor"]["median"], r["wslnet"]["median"]
print(f"median floor {f*1000:.1f} ms, wslnet {w*1000:.1f} ms, ratio {w/f:.3f}")
PY
rm -rf "$out"
