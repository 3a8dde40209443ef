#!/usr/bin/env bash
# Builds one or more targets: native (gcc, ASan+UBSan, unit tests), windows
# (mingw: wslnet.dll, wslnet.exe, test doubles, Wine tests), fuzz (clang libFuzzer),
# msi (build/wslnet-<version>-x64.msi from the windows build and ps/WslNet, with
# installer/build-msi.sh; <version> is the VERSION file).
# Usage: scripts/build.sh [native|windows|fuzz|msi|all]...   (default: windows msi)
# Runs scripts/setup.sh first unless WSLNET_SKIP_SETUP=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ "${WSLNET_SKIP_SETUP:-0}" = 1 ] || scripts/setup.sh
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(windows msi)
[ "${targets[0]}" = all ] && targets=(native windows fuzz msi)
for t in "${targets[@]}"; do
  echo "== build: $t" >&2
  case "$t" in
  msi)
    # The MSI packs the windows build: build it first (a no-op when it is up to date).
    [ -f build/windows/build.ninja ] || cmake --preset windows >/dev/null
    cmake --build --preset windows
    version=$(tr -d ' \t\r\n' < VERSION)
    installer/build-msi.sh build/windows/bin ps/WslNet "build/wslnet-$version-x64.msi"
    ;;
  native|windows|fuzz)
    [ -f "build/$t/build.ninja" ] || cmake --preset "$t" >/dev/null
    cmake --build --preset "$t"
    ;;
  *) echo "build: unknown target '$t' (native, windows, fuzz, msi, all)" >&2; exit 2 ;;
  esac
done
