# shellcheck shell=bash
# tests/fakes/wbem/install.sh - put the fake WMI provider into a Wine prefix.
# Source it, then:
#   fake_wmi_install RUNNER FAKES_DIR SYSTEM32_DIR
#     copies FAKES_DIR/fakewbem.dll to SYSTEM32_DIR and registers it as the
#     WbemLocator class {4590F811-1D3A-11D0-891F-00AA004B2E24} under HKLM
#     (InprocServer32, ThreadingModel Both); RUNNER runs a Windows program in
#     the prefix (e.g. `wine`, or a function such as wt_wine). Non-zero on
#     failure. IWbemContext stays Wine's own (wbemprox.dll).
#   fake_wmi_uninstall RUNNER
#     points the class back at Wine's wbemprox.dll.
# State and log: C:\wslnet-fake\wmi.json, wmi-calls.log (see locator.c).

FAKE_WMI_CLSID='{4590F811-1D3A-11D0-891F-00AA004B2E24}'
FAKE_WMI_KEY="HKLM\\Software\\Classes\\CLSID\\$FAKE_WMI_CLSID\\InprocServer32"

# _fake_wmi_winpath LINUX_PATH: C:\... inside the prefix's drive_c, else Z:\...
_fake_wmi_winpath() {
    local p=$1
    case "$p" in
    */drive_c/*) p="C:/${p#*/drive_c/}" ;;
    *) p="Z:$p" ;;
    esac
    printf '%s' "$p" | tr / '\\'
}

fake_wmi_install() {
    local runner=${1:?usage: fake_wmi_install RUNNER FAKES_DIR SYSTEM32_DIR}
    local fakes=${2:?usage: fake_wmi_install RUNNER FAKES_DIR SYSTEM32_DIR}
    local sys32=${3:?usage: fake_wmi_install RUNNER FAKES_DIR SYSTEM32_DIR}
    [ -f "$fakes/fakewbem.dll" ] || { echo "fake_wmi_install: $fakes/fakewbem.dll is missing" >&2; return 1; }
    cp "$fakes/fakewbem.dll" "$sys32/fakewbem.dll" || return 1
    local dll
    dll="$(_fake_wmi_winpath "$sys32")\\fakewbem.dll"
    "$runner" reg add "$FAKE_WMI_KEY" /ve /d "$dll" /f >/dev/null 2>&1 &&
        "$runner" reg add "$FAKE_WMI_KEY" /v ThreadingModel /d Both /f >/dev/null 2>&1 || {
        echo "fake_wmi_install: could not register $dll" >&2
        return 1
    }
}

fake_wmi_uninstall() {
    local runner=${1:?usage: fake_wmi_uninstall RUNNER}
    "$runner" reg add "$FAKE_WMI_KEY" /ve /d 'C:\windows\system32\wbem\wbemprox.dll' /f >/dev/null 2>&1
}
