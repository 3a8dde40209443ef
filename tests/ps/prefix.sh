# shellcheck shell=bash
# tests/ps/prefix.sh - the Wine prefix the module tests run wslnet.exe in, with
# the project's doubles placed where Windows keeps the real things, set up with
# the same helpers as the Wine suites (tests/exe/lib.sh and
# tests/fakes/*/install.sh). Source it, then:
#
#   ps_prefix_setup BIN_DIR FAKES_DIR
#
# It calls wt_setup (a throwaway prefix under build/wine-suites, kept up by its
# keeper for as long as the calling script runs, removed at exit) and installs:
#   computenetwork.dll  HNS double     state C:\wslnet-fake\hns.json
#   iphlpsvc.exe        IP Helper service double (running)
#   fakenetfw.dll       NetFwPolicy2 double       state C:\wslnet-fake\netfw.json
#   fakewbem.dll        WMI double (WbemLocator)  state C:\wslnet-fake\wmi.json
#   wsl.exe             wsl.exe double            state C:\wslnet-fake\wsl.json
#   regtime.exe         (the proxy suite's registry timestamp helper)
# and exports for the tests: WSLNET_TEST_PREFIX (= WINEPREFIX), WSLNET_TEST_FAKE
# (C:\wslnet-fake as a Linux path), WSLNET_TEST_SYSTEM32, WSLNET_TEST_FAKES,
# WSLNET_TEST_BIN, WSLNET_TEST_TMP (scratch under the suite's temp directory).
# shellcheck source=../exe/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../exe" && pwd)/lib.sh"
# shellcheck source=../fakes/iphlpsvc/install.sh
. "$WT_ROOT/tests/fakes/iphlpsvc/install.sh"
# shellcheck source=../fakes/netfw/install.sh
. "$WT_ROOT/tests/fakes/netfw/install.sh"
# shellcheck source=../fakes/wbem/install.sh
. "$WT_ROOT/tests/fakes/wbem/install.sh"

ps_prefix_setup() {
    wt_setup "$1" "$2"
    local f
    for f in computenetwork.dll wsl.exe regtime.exe; do
        [ -f "$FAKES/$f" ] || { echo "prefix.sh: $FAKES/$f is missing (build the windows preset)" >&2; return 1; }
        cp "$FAKES/$f" "$WT_SYSTEM32/" || return 1
    done
    fake_iphlpsvc_install wine "$FAKES" "$WT_SYSTEM32" >/dev/null || { echo "prefix.sh: no iphlpsvc double" >&2; return 1; }
    fake_netfw_install wine "$FAKES" "$WT_SYSTEM32" || return 1
    fake_wmi_install wine "$FAKES" "$WT_SYSTEM32" || return 1
    mkdir -p "$CHECK_TMP/scratch"
    export WSLNET_TEST_PREFIX=$WINEPREFIX WSLNET_TEST_FAKE=$WT_FAKE WSLNET_TEST_SYSTEM32=$WT_SYSTEM32
    export WSLNET_TEST_FAKES=$FAKES WSLNET_TEST_BIN=$BIN WSLNET_TEST_TMP=$CHECK_TMP/scratch
}
