#!/usr/bin/env bash
# Shipped size of wslnet.exe + wslnet.dll against the 400 KB target (issue 10
# item 7). "Shipped" is what installer/build-msi.sh puts in the MSI: the
# release build stripped with the same command (installer/strip.sh).
# Usage: bench/size.sh [BUILD_DIR]  (default build/windows). Exit 1 over target.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/windows}/bin
target=$((400 * 1024))
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$root/installer/strip.sh" "$out" "$bin/wslnet.exe" "$bin/wslnet.dll"
exe=$(stat -c %s "$out/wslnet.exe") dll=$(stat -c %s "$out/wslnet.dll")
total=$((exe + dll))
printf 'built    exe %d B, dll %d B\n' "$(stat -c %s "$bin/wslnet.exe")" "$(stat -c %s "$bin/wslnet.dll")"
awk -v e="$exe" -v d="$dll" -v t="$total" -v g="$target" 'BEGIN {
    printf "shipped  exe %d B, dll %d B, total %d B (%.1f KB); target %d B (400 KB): ratio %.3f\n", e, d, t, t / 1024, g, t / g }'
[ "$total" -le "$target" ]
