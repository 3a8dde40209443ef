#!/usr/bin/env bash
# Installs what the PowerShell module tests need, under <repo>/build/tools:
#   node/      the npm packages of tests/ps/package.json (pinned by package-lock.json)
#              for the syntax check: web-tree-sitter + tree-sitter-powershell's .wasm
#   pwsh/      PowerShell 7.6.10, the .NET tool package "PowerShell" from NuGet
#   packages/  Pester 6.2.0 from NuGet (module: packages/pester/6.2.0/tools/Pester.psd1),
#              restored through the throwaway project pester-restore/
# NuGet is reached through the machine's NuGet configuration (no feed is named here).
# Idempotent: when everything is in place it only checks, in well under a second.
#
# Exit status: 0 when all three are ready; 1 with the reason (and what to install)
# otherwise. The module tests cannot run without them, so tests/ps/run.sh FAILS then.
#
# usage: tests/ps/setup.sh [--check]
#   --check   say what is missing, install nothing (exit 1 if anything is)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tools="$repo/build/tools"
node_dir="$tools/node"
pwsh_dir="$tools/pwsh"
packages="$tools/packages"
PWSH_VERSION=7.6.10
PESTER_VERSION=6.2.0
pester_psd1="$packages/pester/$PESTER_VERSION/tools/Pester.psd1"
check=0
[[ "${1:-}" == "--check" ]] && check=1

say() { echo "setup: $*" >&2; }
missing=0

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off

# ---------------------------------------------------------------- npm (syntax check)
want="$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)"
have="$(cat "$node_dir/.installed" 2>/dev/null || true)"
if [[ "$want" != "$have" || ! -d "$node_dir/node_modules/web-tree-sitter" ]]; then
    if [[ $check -eq 1 ]]; then
        say "missing: npm packages of tests/ps/package.json in $node_dir"; missing=1
    elif ! command -v npm >/dev/null; then
        say "npm is not installed: apt-get install nodejs npm (the PowerShell syntax check runs on node)"; missing=1
    else
        say "installing npm packages into $node_dir"
        mkdir -p "$node_dir"
        cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
        # --ignore-scripts: only the grammar's .wasm is used, not its native addon.
        npm ci --prefix "$node_dir" --ignore-scripts --no-audit --no-fund --loglevel=error
        echo "$want" > "$node_dir/.installed"
    fi
fi

# ---------------------------------------------------------------- pwsh
pwsh_version() {
    [[ -x "$pwsh_dir/pwsh" ]] &&
        "$pwsh_dir/pwsh" -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null
}
dotnet_said=0
need_dotnet() {
    command -v dotnet >/dev/null && return 0
    [[ $dotnet_said -eq 1 ]] && return 1
    dotnet_said=1
    say "the .NET SDK is not installed: install the Debian package dotnet-sdk-10.0 (Microsoft's"
    say "  package feed for Debian) or the SDK from dotnet.microsoft.com. It is needed only for the"
    say "  PowerShell module tests: 'dotnet tool install' fetches PowerShell $PWSH_VERSION and"
    say "  'dotnet restore' fetches Pester $PESTER_VERSION from NuGet. Building and the demo do not need it."
    return 1
}

if [[ "$(pwsh_version || true)" != "$PWSH_VERSION" ]]; then
    if [[ $check -eq 1 ]]; then
        say "missing: PowerShell $PWSH_VERSION in $pwsh_dir"; missing=1
    elif need_dotnet; then
        say "installing PowerShell $PWSH_VERSION (dotnet tool) into $pwsh_dir"
        rm -rf "$pwsh_dir"
        if ! timeout 600 dotnet tool install --tool-path "$pwsh_dir" PowerShell --version "$PWSH_VERSION" >"$tools/pwsh-install.log" 2>&1 ||
           [[ "$(pwsh_version || true)" != "$PWSH_VERSION" ]]; then
            tail -n 20 "$tools/pwsh-install.log" >&2 || true
            say "could not install PowerShell $PWSH_VERSION (log: $tools/pwsh-install.log)"
            rm -rf "$pwsh_dir"; missing=1
        fi
    else
        missing=1
    fi
fi

# ---------------------------------------------------------------- Pester
if [[ ! -f "$pester_psd1" ]]; then
    if [[ $check -eq 1 ]]; then
        say "missing: Pester $PESTER_VERSION in $packages"; missing=1
    elif need_dotnet; then
        say "restoring Pester $PESTER_VERSION into $packages"
        mkdir -p "$tools/pester-restore"
        cat > "$tools/pester-restore/pester-restore.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <!-- Throwaway project of tests/ps/setup.sh: only downloads the Pester package. -->
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
PROJ
        if ! timeout 600 dotnet restore "$tools/pester-restore/pester-restore.csproj" --packages "$packages" \
                >"$tools/pester-restore.log" 2>&1 || [[ ! -f "$pester_psd1" ]]; then
            tail -n 20 "$tools/pester-restore.log" >&2 || true
            say "could not restore Pester $PESTER_VERSION (log: $tools/pester-restore.log)"; missing=1
        fi
    else
        missing=1
    fi
fi

exit $missing
