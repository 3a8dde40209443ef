#!/usr/bin/env bash
# Tests of the WslNet PowerShell module.
#
# usage: tests/ps/run.sh BIN_DIR [FAKES_DIR]
#   BIN_DIR    the built wslnet.exe and wslnet.dll (build/windows/bin)
#   FAKES_DIR  the built doubles (default: BIN_DIR/../fakes)
#
# 1. tests/ps/setup.sh: npm packages, PowerShell 7.6.10 and Pester 6.2.0 from NuGet.
#    When they cannot be installed the stage FAILS. Only a developer's machine may
#    opt out with WSLNET_PS_TESTS=skip (CI never sets it): the module tests are then
#    counted as skipped, never as passed.
# 2. the syntax check: tests/ps/syntax-check.mjs (Windows PowerShell 5.1 grammar).
# 3. the module tests: tests/ps/*.Tests.ps1 under Pester 6 in pwsh, against the real
#    wslnet.exe under Wine in a throwaway prefix holding the project's doubles (HNS,
#    iphlpsvc, NetFwPolicy2, WMI, wsl.exe), set up by tests/ps/prefix.sh with the Wine
#    suites' own helpers. Linux cannot exec a PE, so a copy of the module gets an
#    executable shim named wslnet.exe beside its psm1 that runs cmake/wine-run.sh on the
#    real exe: the module's "beside itself" lookup is what the tests exercise.
# One test file alone: WSLNET_PESTER_PATH=tests/ps/Module.Tests.ps1 tests/ps/run.sh BIN_DIR.
# Last line: "N passed, N failed, N skipped" (Pester's counts plus the harness checks);
# exit code non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: ${0##*/} BIN_DIR [FAKES_DIR]" >&2
    exit 2
fi
bindir="$(cd "$1" 2>/dev/null && pwd)" || { echo "run.sh: no such directory: $1" >&2; exit 2; }
fakesdir="$(cd "${2:-$bindir/../fakes}" 2>/dev/null && pwd)" || { echo "run.sh: no fakes directory (build the windows preset)" >&2; exit 2; }
exe="$bindir/wslnet.exe"
[[ -f "$exe" ]] || { echo "run.sh: $exe does not exist (build the windows preset first)" >&2; exit 2; }

passed=0
failed=0
skipped=0
add_counts() { # LOG NAME: adds the last "N passed, N failed[, N skipped]" line of LOG
    local line
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 || true)"
    if [[ -z "$line" ]]; then
        failed=$((failed + 1))
        echo "run.sh: $2 printed no summary line"
        return
    fi
    passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")))
    if [[ "$line" =~ ([0-9]+)\ skipped ]]; then skipped=$((skipped + BASH_REMATCH[1])); fi
}

tools_ok=1
if ! bash "$here/setup.sh"; then
    tools_ok=0
fi
if [[ $tools_ok -eq 0 ]]; then
    if [[ "${WSLNET_PS_TESTS:-}" == skip ]]; then
        echo "SKIPPED: the module tests (WSLNET_PS_TESTS=skip and tests/ps/setup.sh could not install the tools)"
        echo "$passed passed, $failed failed, 1 skipped"
        exit 0
    fi
    echo "FAIL tests/ps/setup.sh: PowerShell 7.6.10, Pester 6.2.0 or the npm packages could not be installed (see above)"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

# ---------------------------------------------------------------- syntax check
tmpd="$(mktemp -d "$repo/build/ps-test.XXXXXX")"
echo "== syntax check (tree-sitter-powershell)"
set +e
node "$here/syntax-check.mjs" 2>&1 | tee "$tmpd/syntax.log"
set -e
add_counts "$tmpd/syntax.log" "syntax-check.mjs"

# ---------------------------------------------------------------- the prefix and the shim
# shellcheck source=prefix.sh
. "$here/prefix.sh"
ps_prefix_setup "$bindir" "$fakesdir" || { echo "FAIL: the Wine prefix with the doubles"; echo "$passed passed, $((failed + 1)) failed, $skipped skipped"; exit 1; }
trap 'rm -rf "$tmpd"; wt_cleanup' EXIT

shell_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
mkdir -p "$tmpd/module"
cp -R "$repo/ps/WslNet" "$tmpd/module/WslNet"
# The shim hands Wine files, not the module's pipes: a Wine system process the
# exe happens to start (explorer.exe /desktop when the session restarts) inherits
# its stdout/stderr and would hold the pipe open, so the module would wait for an
# end of file that never comes. Output and exit code are passed on unchanged.
{
    echo '#!/bin/sh'
    echo "# runs the real wslnet.exe under Wine, in the tests' prefix (made by tests/ps/run.sh)"
    echo 'd=$(mktemp -d) || exit 125'
    echo "WSLNET_WINEPREFIX=$(shell_quote "$WINEPREFIX") $(shell_quote "$repo/cmake/wine-run.sh") $(shell_quote "$exe") \"\$@\" >\"\$d/out\" 2>\"\$d/err\" </dev/null"
    echo 'rc=$?; cat "$d/out"; cat "$d/err" >&2; rm -rf "$d"; exit $rc'
} > "$tmpd/module/WslNet/wslnet.exe"
chmod 755 "$tmpd/module/WslNet/wslnet.exe"
export WSLNET_TEST_MODULE="$tmpd/module/WslNet" WSLNET_TEST_SOURCE_MODULE="$repo/ps/WslNet"
export WSLNET_TEST_EXE_SHIM="$tmpd/module/WslNet/wslnet.exe" WSLNET_TEST_REPO="$repo"
export WSLNET_WINEPREFIX="$WINEPREFIX" WSLNET_TEST_PWSH="$repo/build/tools/pwsh/pwsh"

# ---------------------------------------------------------------- Pester
echo "== module tests (Pester 6.2.0 in pwsh 7.6.10, wslnet.exe under Wine)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off DOTNET_NOLOGO=1
set +e
"$repo/build/tools/pwsh/pwsh" -NoLogo -NoProfile -NonInteractive -File "$here/invoke-pester.ps1" \
    -Pester "$repo/build/tools/packages/pester/6.2.0/tools/Pester.psd1" -Path "${WSLNET_PESTER_PATH:-$here}" 2>&1 | tee "$repo/build/ps-pester.log"
set -e
add_counts "$repo/build/ps-pester.log" "Pester"

echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
