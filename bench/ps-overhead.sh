#!/usr/bin/env bash
# The WslNet module's overhead over calling wslnet.exe directly (bench/ps-overhead.ps1),
# with the real exe under Wine in a prefix prepared like the module tests' (tests/ps/prefix.sh).
#
# usage: bench/ps-overhead.sh [BIN_DIR [FAKES_DIR [RUNS]]]   (default build/windows/bin, 15 runs)
# Needs the tools of tests/ps/setup.sh (run it first, or the module tests once).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/wine-env.sh
. "$root/scripts/wine-env.sh"
wn_reexec_without_aslr "$root/bench/ps-overhead.sh" "$@"
bin=${1:-$root/build/windows/bin}
fakes=${2:-$bin/../fakes}
runs=${3:-15}
bash "$root/tests/ps/setup.sh"
# shellcheck source=../tests/ps/prefix.sh
. "$root/tests/ps/prefix.sh"
ps_prefix_setup "$bin" "$fakes" >/dev/null
mod=$CHECK_TMP/module/WslNet
mkdir -p "$(dirname "$mod")"
cp -R "$root/ps/WslNet" "$mod"
# The same shim as tests/ps/run.sh's (files, not pipes, for Wine's system processes).
cat >"$mod/wslnet.exe" <<SHIM
#!/bin/sh
d=\$(mktemp -d) || exit 125
WSLNET_WINEPREFIX='$WINEPREFIX' '$root/cmake/wine-run.sh' '$BIN/wslnet.exe' "\$@" >"\$d/out" 2>"\$d/err" </dev/null
rc=\$?; cat "\$d/out"; cat "\$d/err" >&2; rm -rf "\$d"; exit \$rc
SHIM
chmod 755 "$mod/wslnet.exe"
"$root/build/tools/pwsh/pwsh" -NoLogo -NoProfile -NonInteractive -File "$root/bench/ps-overhead.ps1" -Module "$mod" -Runs "$runs"
