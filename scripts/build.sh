#!/usr/bin/env bash
# Builds one or more presets: native (gcc, ASan+UBSan, unit tests), windows
# (mingw: wslnet.dll, wslnet.exe, test doubles, Wine tests), fuzz (clang libFuzzer).
# Usage: scripts/build.sh [native|windows|fuzz|all]...   (default: windows)
# Runs scripts/setup.sh first unless WSLNET_SKIP_SETUP=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ "${WSLNET_SKIP_SETUP:-0}" = 1 ] || scripts/setup.sh
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(windows)
[ "${presets[0]}" = all ] && presets=(native windows fuzz)
for p in "${presets[@]}"; do
  echo "== build: $p" >&2
  [ -f "build/$p/build.ninja" ] || cmake --preset "$p" >/dev/null
  cmake --build --preset "$p"
done
