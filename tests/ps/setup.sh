#!/usr/bin/env bash
# Installs what the PowerShell tests need, under <repo>/build/tools:
#   node/  the npm packages of tests/ps/package.json (pinned by package-lock.json)
#          for the syntax check: web-tree-sitter + tree-sitter-powershell's .wasm
#   pwsh/  PowerShell 7 as a .NET global tool from NuGet (package "PowerShell")
# Idempotent and fast when done. When pwsh cannot be installed it says why,
# leaves build/tools/pwsh.unavailable (run.sh then reports the module tests as
# SKIPPED) and still exits 0. Only a failure of the npm install is an error.
#
# usage: tests/ps/setup.sh [--retry-pwsh]
#   --retry-pwsh   try NuGet again even though an earlier run found no pwsh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tools="$repo/build/tools"
node_dir="$tools/node"
pwsh_dir="$tools/pwsh"
marker="$tools/pwsh.unavailable"
retry=0
[[ "${1:-}" == "--retry-pwsh" ]] && retry=1

mkdir -p "$tools"

# ---------------------------------------------------------------- npm
want="$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)"
have="$(cat "$node_dir/.installed" 2>/dev/null || true)"
if [[ "$want" != "$have" || ! -d "$node_dir/node_modules/web-tree-sitter" ]]; then
    command -v npm >/dev/null || { echo "setup: npm is not installed (apt-get install npm)" >&2; exit 1; }
    echo "setup: installing npm packages into $node_dir"
    mkdir -p "$node_dir"
    cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
    # --ignore-scripts: only the grammar's .wasm is used, not its native addon.
    npm ci --prefix "$node_dir" --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$want" > "$node_dir/.installed"
fi

# ---------------------------------------------------------------- pwsh
pwsh_works() {
    [[ -x "$pwsh_dir/pwsh" ]] &&
        DOTNET_ROLL_FORWARD=Major DOTNET_CLI_TELEMETRY_OPTOUT=1 POWERSHELL_TELEMETRY_OPTOUT=1 \
            "$pwsh_dir/pwsh" -NoLogo -NoProfile -NonInteractive \
            -Command '$PSVersionTable.PSVersion.ToString()' >/dev/null 2>&1
}

if pwsh_works; then
    rm -f "$marker"
    exit 0
fi

sdk="$(dotnet --version 2>/dev/null || echo none)"
if [[ $retry -eq 0 && -f "$marker" ]] && grep -qx "sdk: $sdk" "$marker"; then
    echo "setup: pwsh unavailable (found earlier, see $marker; --retry-pwsh to try again)"
    exit 0
fi

unavailable() {
    {
        echo "pwsh unavailable: $1"
        echo "sdk: $sdk"
        date -u +"checked: %Y-%m-%dT%H:%M:%SZ"
    } > "$marker"
    echo "setup: pwsh unavailable: $1"
    echo "setup: the module tests will be reported as SKIPPED (the syntax check still runs)"
    exit 0
}

command -v dotnet >/dev/null || unavailable "no dotnet SDK on PATH"
echo "setup: installing PowerShell (dotnet tool) into $pwsh_dir; SDK $sdk, runtimes:"
dotnet --list-runtimes | sed 's/^/setup:   /'

# The newest version the feed serves first; then the 7.6 line (built for .NET 10,
# the SDK this machine kind ships). Older lines run on a newer runtime through
# DOTNET_ROLL_FORWARD=Major, which run.sh sets.
log="$tools/pwsh-install.log"
: > "$log"
for version in "" 7.6.1 7.6.0 7.5.4; do
    rm -rf "$pwsh_dir"
    args=(tool install --tool-path "$pwsh_dir" PowerShell)
    [[ -n "$version" ]] && args+=(--version "$version")
    echo "== dotnet ${args[*]}" >> "$log"
    set +e
    timeout 300 dotnet "${args[@]}" >> "$log" 2>&1
    rc=$?
    set -e
    if [[ $rc -eq 0 ]] && pwsh_works; then
        rm -f "$marker"
        echo "setup: installed pwsh $(DOTNET_ROLL_FORWARD=Major "$pwsh_dir/pwsh" -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null)"
        exit 0
    fi
    # A feed that does not answer will not answer the next version either.
    [[ $rc -eq 124 ]] && break
done
rm -rf "$pwsh_dir"
unavailable "NuGet serves no usable 'PowerShell' tool package here ($(grep -m1 -i 'not found\|error' "$log" || echo 'see log'); log: $log)"
