#!/usr/bin/env bash
# Tests of the WslNet PowerShell module.
#
# usage: tests/ps/run.sh DIR
#   DIR holds the built wslnet.exe and wslnet.dll (build/windows/bin).
#
# 1. tests/ps/setup.sh (npm packages; pwsh when NuGet serves it)
# 2. the syntax check: tests/ps/syntax-check.mjs (always runs; needs no pwsh)
# 3. the module tests: tests/ps/WslNet.Tests.ps1 run by pwsh, with the real
#    wslnet.exe under Wine. Linux cannot exec a PE, so a temporary copy of the
#    module gets an executable shim named wslnet.exe beside its psm1 that runs
#    cmake/wine-run.sh on the real exe: the module's "next to itself" lookup is
#    what the tests exercise (and a second copy without it, the PATH lookup).
#    Wine runs in a throwaway prefix under build/, killed and removed at exit.
#
# Without pwsh the module tests are reported as SKIPPED, never as passed; set
# WSLNET_PS_REQUIRE_PWSH=1 to make that a failure.
# Last line: "N passed, N failed" (", N skipped" when the module tests could
# not run). Exit code non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [[ $# -ne 1 ]]; then
    echo "usage: ${0##*/} DIR-HOLDING-wslnet.exe" >&2
    exit 2
fi
bindir="$(cd "$1" 2>/dev/null && pwd)" || { echo "run.sh: no such directory: $1" >&2; exit 2; }
exe="$bindir/wslnet.exe"
[[ -f "$exe" ]] || { echo "run.sh: $exe does not exist (build the windows preset first)" >&2; exit 2; }
[[ -f "$bindir/wslnet.dll" ]] || echo "run.sh: note: no wslnet.dll beside $exe"

passed=0
failed=0
skipped=0
count() { # adds the "N passed, N failed" line of a log to the totals
    local line
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 || true)"
    if [[ -z "$line" ]]; then
        failed=$((failed + 1))
        echo "run.sh: $2 printed no summary line"
        return
    fi
    passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")))
}

bash "$here/setup.sh"

tmp="$(mktemp -d "$repo/build/ps-test.XXXXXX")"
export WSLNET_WINEPREFIX="$tmp/wineprefix"
cleanup() {
    if [[ -d "$WSLNET_WINEPREFIX" ]]; then
        WINEPREFIX="$WSLNET_WINEPREFIX" wineserver -k >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# ---------------------------------------------------------------- syntax check
echo "== syntax check (tree-sitter-powershell)"
set +e
node "$here/syntax-check.mjs" 2>&1 | tee "$tmp/syntax.log"
set -e
count "$tmp/syntax.log" "syntax-check.mjs"

# ---------------------------------------------------------------- shims
shell_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
make_shim() {
    {
        echo '#!/bin/sh'
        echo "# runs the real wslnet.exe under Wine (made by tests/ps/run.sh)"
        echo "exec $(shell_quote "$repo/cmake/wine-run.sh") $(shell_quote "$exe") \"\$@\""
    } > "$1"
    chmod 755 "$1"
}
mkdir -p "$tmp/module" "$tmp/bare" "$tmp/pathbin" "$tmp/work"
cp -R "$repo/ps/WslNet" "$tmp/module/WslNet"
cp -R "$repo/ps/WslNet" "$tmp/bare/WslNet"
make_shim "$tmp/module/WslNet/wslnet.exe"
make_shim "$tmp/pathbin/wslnet.exe"

# The harness itself: the shim runs the exe under Wine and gets its JSON back.
# This also makes the Wine prefix, so its one-time setup is not timed in a test.
echo "== harness (shim -> cmake/wine-run.sh -> wslnet.exe, prefix $WSLNET_WINEPREFIX)"
set +e
"$tmp/module/WslNet/wslnet.exe" version --json >"$tmp/version.json" 2>"$tmp/version.err"
rc=$?
set -e
if [[ $rc -eq 0 ]] && node -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (d.schemaVersion !== 1 || d.kind !== "version" || typeof d.version !== "string") process.exit(1);
    console.log("ok   harness: the shim runs wslnet.exe " + d.version + " under Wine, JSON on stdout");
' "$tmp/version.json"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL harness: the shim runs wslnet.exe under Wine (exit code $rc)"
    sed 's/^/     stdout: /' "$tmp/version.json"
    sed 's/^/     stderr: /' "$tmp/version.err"
fi

# ---------------------------------------------------------------- module tests
pwsh="$repo/build/tools/pwsh/pwsh"
ntests="$(grep -cE "^Test ['\"]" "$here/WslNet.Tests.ps1")"
if [[ ! -x "$pwsh" ]]; then
    reason="$(head -n 1 "$repo/build/tools/pwsh.unavailable" 2>/dev/null || echo "pwsh unavailable")"
    echo "SKIPPED: pwsh unavailable: the $ntests module tests did not run (${reason#pwsh unavailable: })"
    if [[ "${WSLNET_PS_REQUIRE_PWSH:-0}" == 1 ]]; then
        failed=$((failed + 1))
        echo "run.sh: WSLNET_PS_REQUIRE_PWSH=1 and no pwsh: failing"
    fi
    echo "$passed passed, $failed failed, $ntests skipped"
    [[ $failed -eq 0 ]]
    exit
fi

echo "== module tests (pwsh, wslnet.exe under Wine)"
export DOTNET_ROLL_FORWARD=Major DOTNET_CLI_TELEMETRY_OPTOUT=1 POWERSHELL_TELEMETRY_OPTOUT=1
export POWERSHELL_UPDATECHECK=Off DOTNET_NOLOGO=1
set +e
"$pwsh" -NoLogo -NoProfile -NonInteractive -File "$here/WslNet.Tests.ps1" \
    -ModuleDir "$tmp/module/WslNet" -BareModuleDir "$tmp/bare/WslNet" \
    -PathDir "$tmp/pathbin" -WorkDir "$tmp/work" 2>&1 | tee "$tmp/module.log"
set -e
count "$tmp/module.log" "WslNet.Tests.ps1"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
