#!/usr/bin/env bash
# scripts/demo.sh - wslnet.exe at work on a simulated WSL network, under Wine.
#
# Sets up the toolchain and builds the Windows binaries (skip with --no-build),
# then builds a WSL-like NAT network in Linux network namespaces (a "Windows
# host" with the adapter wslhost0 = 172.28.16.1/20, a "VM" at 172.28.20.5 with
# a Hyper-V MAC), seeds the HNS test double, and runs the real wslnet.exe under
# Wine inside the host namespace. Everything is removed at the end.
#
# Then the story a user came for: a server in the VM, a LAN client that cannot
# reach it, `wslnet doctor --port 8080` saying why and what to run, `wslnet
# expose 8080`, the client gets the page, doctor all ok, `wslnet unexpose
# 8080`, the client fails again. A "LAN" namespace holds the client; the IP
# Helper service (the port proxy listener) and the host firewall are the test
# doubles tests/fakes/iphlpsvc and tests/fakes/netfw. The .wslconfig names no
# networkingMode, so WSL runs its default, NAT (`wslnet mode` says why; a
# mirrored one would fall back to NAT here, Wine having no Hyper-V firewall).
#
# Under Wine an adapter's name is the Linux interface name, so the demo passes
# --adapter 'wslhost*' where Windows would match "vEthernet (WSL*" by default.
# What is simulated: HNS (computenetwork.dll is a test double), the Windows
# build number and WSL version in the registry. Needs root (namespaces).
#
# First it installs build/wslnet-<version>-x64.msi silently (msiexec /i ... /qn) in the
# prefix and runs the installed exe.
#
# Usage: scripts/demo.sh [--no-build]   (only Debian packages: wine, iproute2, python3, wixl, msitools)
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=wine-env.sh
. "$ROOT/scripts/wine-env.sh"
wn_reexec_without_aslr "$ROOT/scripts/demo.sh" "$@" # Wine starts reliably (see there)
BUILD=1
for a in "$@"; do
    case "$a" in
    --no-build) BUILD=0 ;;
    -h | --help)
        sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "usage: $0 [--no-build]" >&2
        exit 2
        ;;
    esac
done

if [ "$(id -u)" != 0 ]; then
    echo "demo: needs root (it creates network namespaces)" >&2
    exit 2
fi

if [ "$BUILD" = 1 ]; then
    # ---- setup and Windows build --------------------------------------------
    "$ROOT/scripts/setup.sh" || { echo "demo: scripts/setup.sh failed" >&2; exit 1; }
    # The default target: the Windows binaries and build/wslnet-<version>-x64.msi.
    "$ROOT/scripts/build.sh" || { echo "demo: scripts/build.sh failed" >&2; exit 1; }
    # --------------------------------------------------------------------------
fi

BIN=${WSLNET_BIN_DIR:-$ROOT/build/windows/bin}
FAKES=${WSLNET_FAKES_DIR:-$ROOT/build/windows/fakes}
VERSION=$(tr -d ' \t\r\n' < "$ROOT/VERSION")
MSI=${WSLNET_MSI:-$ROOT/build/wslnet-$VERSION-x64.msi}
for f in "$BIN/wslnet.exe" "$FAKES/computenetwork.dll" "$FAKES/wsl.exe" "$MSI"; do
    [ -f "$f" ] || { echo "demo: $f is missing (build with scripts/build.sh)" >&2; exit 1; }
done

# shellcheck source=../tests/e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
E2E_QUIET=1
START=$(date +%s)
echo "Building the simulated WSL network and a fresh Wine prefix..."
e2e_setup "$FAKES"

# Seed what a Windows 11 machine with WSL running would show.
e2e_hns_v1 "$E2E_VM_IP"                  # HNS: the WSL network and the VM's endpoint
e2e_set_windows_build 22631 4169 23H2    # Windows 11 23H2
e2e_set_wsl_version 2.6.3.0              # WSL's MSI
PROFILE_DIR="$WINEPREFIX/drive_c/users/$(id -un)"
mkdir -p "$PROFILE_DIR"
printf '[wsl2]\nmemory=4GB\n' >"$PROFILE_DIR/.wslconfig"

cat <<EOF

  host namespace $E2E_HOST: wslhost0 $E2E_HOST_IP/$E2E_SUBNET_PREFIX (MAC $E2E_HOST_MAC)
  VM namespace   $E2E_VM: eth0 $E2E_VM_IP/$E2E_SUBNET_PREFIX (MAC $E2E_VM_MAC, Hyper-V OUI)
  decoy neighbour $E2E_DECOY_IP ($E2E_DECOY_MAC) on wslhost0; wslhost1 has no IPv4
  HNS double: network WSL {$E2E_WSL_NET_ID}, VM endpoint $E2E_VM_IP
  %UserProfile%\\.wslconfig: memory=4GB, no networkingMode (WSL's default: NAT)
EOF

FAILURES=0

# The MSI an admin deploys, installed silently into the demo's prefix; the installed exe runs.
printf '\n$ msiexec /i %s /qn\n' "$(basename "$MSI")"
e2e_wine msiexec /i "Z:${MSI//\//\\}" /qn >/dev/null 2>&1
rc=$?
printf '(exit code %s)\n' "$rc"
[ "$rc" = 0 ] || FAILURES=$((FAILURES + 1))
printf '\n$ "C:\\Program Files\\wslnet\\wslnet.exe" version\n'
e2e_wine 'C:\Program Files\wslnet\wslnet.exe' version 2>&1 | tr -d '\r'
[ "${PIPESTATUS[0]}" = 0 ] || FAILURES=$((FAILURES + 1))

# show ARGS...: print the command, then run it.
show() {
    local shown="" a rc
    for a in "$@"; do
        case "$a" in
        *[\ \*\?\(\)\\]*) shown="$shown '$a'" ;;
        *) shown="$shown $a" ;;
        esac
    done
    printf '\n$ wslnet%s\n' "$shown"
    (cd "$E2E_TMP" && e2e_wine "$BIN/wslnet.exe" "$@") 2>&1 | tr -d '\r'
    rc=${PIPESTATUS[0]}
    if [ "$rc" != 0 ]; then
        printf '(exit code %s)\n' "$rc"
        FAILURES=$((FAILURES + 1))
    fi
}

# expect RC ARGS...: like show, for a step whose exit code is part of the story.
expect() {
    local want=$1 rc
    shift
    printf '\n$ wslnet %s\n' "$*"
    (cd "$E2E_TMP" && e2e_wine "$BIN/wslnet.exe" "$@") 2>&1 | tr -d '\r'
    rc=${PIPESTATUS[0]}
    printf '(exit code %s)\n' "$rc"
    [ "$rc" = "$want" ] || { echo "demo: expected exit code $want"; FAILURES=$((FAILURES + 1)); }
}
# client WANT: the LAN client connects to the host's LAN address, port 8080.
client() {
    local reply
    printf '\n$ (LAN client %s) connect %s:8080\n' "$E2E_LAN_CLIENT_IP" "$E2E_LAN_HOST_IP"
    reply=$(e2e_lan_fetch 8080)
    echo "${reply:-(no answer: the host does not forward port 8080)}"
    case "$1" in
    page) [ "$reply" = "hello from $E2E_VM_IP" ] || { echo "demo: expected the VM's page"; FAILURES=$((FAILURES + 1)); } ;;
    none) [ -z "$reply" ] || { echo "demo: expected no answer"; FAILURES=$((FAILURES + 1)); } ;;
    esac
}

e2e_learn_neighbor >/dev/null 2>&1
show adapter list --adapter 'wslhost*'
show address --adapter 'wslhost*'
show mode

echo
echo "== The story: a web server in WSL, reached from another machine on the LAN"
# shellcheck source=../tests/fakes/iphlpsvc/install.sh
. "$ROOT/tests/fakes/iphlpsvc/install.sh"
# shellcheck source=../tests/fakes/netfw/install.sh
. "$ROOT/tests/fakes/netfw/install.sh"
fake_iphlpsvc_install e2e_wine "$FAKES" "$E2E_SYSTEM32" >/dev/null 2>&1 || { echo "demo: IP Helper double not installed"; FAILURES=$((FAILURES + 1)); }
fake_netfw_install e2e_wine "$FAKES" "$E2E_SYSTEM32" >/dev/null 2>&1 || { echo "demo: firewall double not installed"; FAILURES=$((FAILURES + 1)); }
e2e_lan_up
e2e_vm_server 8080
echo "  a server listens on $E2E_VM_IP:8080 in the VM; the LAN client is $E2E_LAN_CLIENT_IP, the host's LAN address $E2E_LAN_HOST_IP"
client none
expect 21 doctor --port 8080 --adapter 'wslhost*'
loads=$(fake_iphlpsvc_loads "$E2E_FAKE")
expect 0 expose 8080 --adapter 'wslhost*'
fake_iphlpsvc_wait_load "$E2E_FAKE" "$loads" >/dev/null 2>&1
client page
expect 0 expose list --adapter 'wslhost*'
expect 0 doctor --port 8080 --adapter 'wslhost*'
loads=$(fake_iphlpsvc_loads "$E2E_FAKE")
expect 0 unexpose 8080
fake_iphlpsvc_wait_load "$E2E_FAKE" "$loads" >/dev/null 2>&1
client none

echo
echo "Cleaning up (namespaces, Wine prefix)... demo took $(($(date +%s) - START))s after the build."
[ "$FAILURES" = 0 ]
