# shellcheck shell=bash
# tests/fakes/netfw/install.sh - puts the fake Windows Firewall COM server
# (fakenetfw.dll) into a Wine prefix. Source it, then:
#
#   fake_netfw_install RUNNER FAKES_DIR SYSTEM32_DIR
#
#   RUNNER        a command that runs a Windows program in the prefix
#                 (`wine`, or the e2e's `e2e_wine`); called as RUNNER reg add ...
#   FAKES_DIR     where the build put fakenetfw.dll (build/<x>-windows/fakes)
#   SYSTEM32_DIR  the prefix's system32 as a Linux path
#                 ($WINEPREFIX/drive_c/windows/system32)
#
# Copies the DLL to C:\windows\system32\fakenetfw.dll and points both classes
# (CLSID_NetFwPolicy2, CLSID_NetFwRule) at it in HKLM\Software\Classes (the
# HKCU override does not work in Wine 8), ThreadingModel Both. Returns
# non-zero, with a message on stderr, when a step fails.

FAKE_NETFW_CLSIDS=(
    '{E2B3C97F-6AE1-41AC-817A-F6F92166D7DD}'   # NetFwPolicy2
    '{2C5BC43E-3369-4C33-AB0C-BE9469677AF4}'   # NetFwRule
)

fake_netfw_install() {
    local runner=${1:?usage: fake_netfw_install RUNNER FAKES_DIR SYSTEM32_DIR}
    local fakes=${2:?usage: fake_netfw_install RUNNER FAKES_DIR SYSTEM32_DIR}
    local system32=${3:?usage: fake_netfw_install RUNNER FAKES_DIR SYSTEM32_DIR}
    local clsid key
    if [ ! -f "$fakes/fakenetfw.dll" ]; then
        echo "fake_netfw_install: $fakes/fakenetfw.dll is missing (build the windows preset)" >&2
        return 1
    fi
    cp "$fakes/fakenetfw.dll" "$system32/fakenetfw.dll" || return 1
    for clsid in "${FAKE_NETFW_CLSIDS[@]}"; do
        key="HKLM\\Software\\Classes\\CLSID\\$clsid\\InprocServer32"
        if ! "$runner" reg add "$key" /ve /d 'C:\windows\system32\fakenetfw.dll' /f >/dev/null 2>&1 ||
           ! "$runner" reg add "$key" /v ThreadingModel /d Both /f >/dev/null 2>&1; then
            echo "fake_netfw_install: could not register $clsid in $key" >&2
            return 1
        fi
    done
}
