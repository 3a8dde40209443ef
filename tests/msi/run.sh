#!/bin/bash
# MSI test: build the wslnet MSI, install / upgrade / uninstall it with Wine's msiexec in a
# fresh throwaway Wine prefix, and check what it leaves behind.
#
#   tests/msi/run.sh BIN_DIR MODULE_DIR [FAKES_DIR]
#
# FAKES_DIR (default BIN_DIR/../fakes) holds the test doubles: the custom actions' part
# (the last section) runs in a second fresh prefix with the IP Helper service, NetFwPolicy2
# and WMI (Hyper-V firewall V2) doubles installed, as tests/exe/suite-expose.sh does.
#
# BIN_DIR holds wslnet.exe and wslnet.dll (e.g. build/windows/bin), MODULE_DIR the module
# files (ps/WslNet). Prints TAP: one `ok - ...` / `not ok - ...` line per check, the plan
# and a final `N passed, N failed, N skipped`; exits 1 if any check failed.
#
# The prefix lives under <repo>/build/ and is killed and deleted on exit, failure included
# (set WSLNET_MSI_TEST_KEEP=1 to keep it and the logs for a look).
#
# What Wine 8.0 does differently from Windows, and how the checks treat it:
#   - RemoveEnvironmentStrings removes an appended PATH entry but leaves the ';' before it,
#     so after an uninstall PATH keeps a trailing ';' (one more per install/uninstall
#     cycle). PATH is therefore compared to the snapshot as a list of entries, ignoring
#     empty ones; the leftover ';' is reported as a `# note`.
#   - Wine's cmd stops searching PATH at an empty entry, so after an upgrade (which goes
#     through such an uninstall) `wslnet` is no longer found through PATH by cmd. The
#     PATH lookup is checked after the first install only.
#   - Wine changes registry keys of its own while programs run (DeviceClasses device links
#     appear and go, ServiceCurrent counts service starts), so a before/after diff of all of
#     HKLM fails at random. The registry is compared only where the MSI could have written:
#     the keys of its Registry table and the Environment key (installer/wslnet.wxs), and
#     every key or value naming wslnet, one of its ProductCodes, its UpgradeCode or a
#     component (plain or packed, as Windows Installer registers them).
#   - C:\Program Files\WindowsPowerShell\Modules and C:\windows\Installer exist on every
#     Windows but not in a new Wine prefix; they are created before the snapshot so that
#     the before/after comparison only sees what the MSI adds.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build_msi="$root/installer/build-msi.sh"

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 BIN_DIR MODULE_DIR [FAKES_DIR]" >&2
    exit 2
fi
bin_dir=$(realpath -- "$1") || exit 2
module_dir=$(realpath -- "$2") || exit 2
fakes_dir=$(realpath -- "${3:-$1/../fakes}") || exit 2

for t in wine wineboot wineserver wixl msibuild msiinfo iconv; do
    command -v "$t" >/dev/null || { echo "$0: $t not found" >&2; exit 2; }
done

UPGRADE_CODE='{D4C87F97-33F5-4C3A-9A97-B87A4053374C}'
INSTALL_DIR='C:\Program Files\wslnet\'
ENV_KEY='HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
APP_KEY='HKLM\SOFTWARE\wslnet'
UNINSTALL_KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'
BIN_FILES=(wslnet.exe wslnet.dll)
MODULE_FILES=(WslNet.psd1 WslNet.psm1 WslNet.format.ps1xml
  WslNet.Proxy.ps1 WslNet.Firewall.ps1 WslNet.Config.ps1 WslNet.Doctor.ps1 WslNet.Certs.ps1
  WslNet.Commands.ps1 WslNet.Core.ps1 WslNet.Completers.ps1
  WslNet.Proxy.format.ps1xml WslNet.Firewall.format.ps1xml WslNet.Config.format.ps1xml
  WslNet.Doctor.format.ps1xml WslNet.Certs.format.ps1xml
  WslNet.Subnet.ps1 WslNet.Expose.ps1 WslNet.Subnet.format.ps1xml WslNet.Expose.format.ps1xml)

start_time=$(date +%s)

# Results through the suites' one assertion library (TAP); see tests/lib/check.sh.
ok()    { tap_ok "$@"; }
notok() { tap_not_ok "$@"; }
note()  { echo "# $*"; }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then ok "$what"; else notok "$what"; fi
}
summary() {
    note "runtime $(( $(date +%s) - start_time ))s"
    check_summary
}
bail() { # a step the rest depends on failed
    notok "$*"
    note "stopping here: later checks depend on this step"
    summary
    exit 1
}

# --- workspace and throwaway prefix ------------------------------------------------------

mkdir -p "$root/build"
work=$(mktemp -d "$root/build/msi-test.XXXXXX") || exit 2
mkdir -p "$work/shipped" && "$root/installer/strip.sh" "$work/shipped" "$bin_dir/wslnet.exe" "$bin_dir/wslnet.dll" || exit 2
prefix="$work/prefix"
CHECK_TMP="$work"
. "$root/tests/lib/check.sh"

export WINEPREFIX="$prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree=;mshtml="
unset DISPLAY WAYLAND_DISPLAY

ca_prefix="$work/ca-prefix"
cleanup() {
    # Only this test's prefixes (their wineservers, and with them their processes) are ended.
    if [ -d "$ca_prefix" ]; then
        WINEPREFIX="$ca_prefix" wineserver -k 2>/dev/null
        WINEPREFIX="$ca_prefix" wineserver -w 2>/dev/null
    fi
    if [ -d "$prefix" ]; then
        WINEPREFIX="$prefix" wineserver -k 2>/dev/null
        WINEPREFIX="$prefix" wineserver -w 2>/dev/null
    fi
    if [ "${WSLNET_MSI_TEST_KEEP:-0}" = 1 ]; then
        echo "# kept $work" >&2
    else
        rm -rf -- "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Unix path -> Wine path through drive Z: (mapped to / in every prefix).
winpath() { printf 'Z:%s' "${1//\//\\}"; }

# --- build the MSIs ----------------------------------------------------------------------

version=$(tr -d ' \t\r\n' < "$root/VERSION" 2>/dev/null)
[[ $version =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || bail "VERSION file holds MAJOR.MINOR.BUILD (got '$version')"
# The upgrade: the same MSI one build number later (0.1.0 -> 0.1.1).
next_version="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.$((BASH_REMATCH[3] + 1))"

msi_old="$work/wslnet-$version.msi"
msi_new="$work/wslnet-$next_version.msi"
msi_new2="$work/wslnet-$next_version-rebuild.msi"
"$build_msi" "$bin_dir" "$module_dir" "$msi_old" > "$work/build-old.log" 2>&1 ||
    { cat "$work/build-old.log"; bail "build-msi.sh builds wslnet $version (VERSION file)"; }
ok "build-msi.sh builds wslnet $version (VERSION file)"
"$build_msi" "$bin_dir" "$module_dir" "$msi_new" "$next_version" > "$work/build-new.log" 2>&1 ||
    { cat "$work/build-new.log"; bail "build-msi.sh builds wslnet $next_version"; }
ok "build-msi.sh builds wslnet $next_version"
"$build_msi" "$bin_dir" "$module_dir" "$msi_new2" "$next_version" > "$work/build-new2.log" 2>&1 ||
    { cat "$work/build-new2.log"; bail "build-msi.sh rebuilds wslnet $next_version"; }

product_code() { # product_code MSI
    msiinfo export "$1" Property | tr -d '\r' | awk -F'\t' '$1 == "ProductCode" { print $2 }'
}
pc_old=$(product_code "$msi_old")
pc_new=$(product_code "$msi_new")
pc_new2=$(product_code "$msi_new2")
# What the MSIs could write to the registry (see the header): one extended regex a line,
# matched case-insensitively against snapshot_reg's "[key] value" lines.
msi_scope() {
    local msi g key
    printf '%s\n' 'wslnet' 'Session Manager\\Environment\]'
    for msi in "$msi_old" "$msi_new" "$msi_new2"; do
        for g in "$(product_code "$msi")" \
                 $(msiinfo export "$msi" Component | tr -d '\r' | awk -F'\t' 'NR > 3 { print $2 }'); do
            [ -n "$g" ] || continue
            printf '%s\n' "${g//[\{\}]/}" "$(packed_guid "$g")"
        done
        # Registry table: Registry, Root, Key, Name, Value, Component_ (roots: -1 per-machine
        # here, 0 HKCR, 1 HKCU, 2 HKLM, 3 HKU); the key is matched wherever it hangs.
        msiinfo export "$msi" Registry | tr -d '\r' | awk -F'\t' 'NR > 3 { print $3 }' |
            while IFS= read -r key; do
                printf '\\\\%s(\\\\|\\])\n' "$(sed -E 's/[][\\.^$*+?(){}|]/\\&/g' <<< "$key")"
            done
    done
    printf '%s\n' "$(packed_guid "$UPGRADE_CODE")" "${UPGRADE_CODE//[\{\}]/}"
}

check "each build has its own ProductCode" \
    test -n "$pc_old" -a -n "$pc_new" -a -n "$pc_new2" -a "$pc_old" != "$pc_new" -a "$pc_new" != "$pc_new2"

# --- fresh prefix ------------------------------------------------------------------------

boot_start=$(date +%s)
wineboot -i > "$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log"; bail "wineboot -i makes a fresh prefix"; }
[ -d "$prefix/drive_c/windows/system32" ] || { cat "$work/wineboot.log"; bail "wineboot -i makes a fresh prefix"; }
ok "wineboot -i makes a fresh prefix ($(( $(date +%s) - boot_start ))s)"

c="$prefix/drive_c"
pf="$c/Program Files"
# What every Windows has and a new Wine prefix lacks: the folders the MSI installs into or
# caches itself in, and Windows Installer's own registration keys (Wine's msi creates them
# on first use and, like Windows, never removes them).
mkdir -p "$pf/WindowsPowerShell/Modules" "$c/windows/Installer"
for k in 'Software\Classes\Installer\Features' 'Software\Classes\Installer\Products' \
         'Software\Classes\Installer\UpgradeCodes' \
         'Software\Microsoft\Windows\CurrentVersion\Installer\UpgradeCodes' \
         'Software\Microsoft\Windows\CurrentVersion\Installer\UserData\S-1-5-18\Components' \
         'Software\Microsoft\Windows\CurrentVersion\Installer\UserData\S-1-5-18\Products'; do
    wine reg add "HKLM\\$k" /f /reg:64 > /dev/null 2>&1 || bail "create HKLM\\$k in the prefix"
done

# --- helpers over the prefix -------------------------------------------------------------

# regval KEY NAME [VIEW]: data of one value (64-bit view unless VIEW=32); fails if absent.
regval() {
    local out
    out=$(wine reg query "$1" /v "$2" "/reg:${3:-64}" 2>/dev/null | tr -d '\r') || return 1
    awk -v n="$2" '
        /^    / {
            line = substr($0, 5); i = index(line, "    ")
            if (i && tolower(substr(line, 1, i - 1)) == tolower(n)) {
                rest = substr(line, i + 4); j = index(rest, "    ")
                print (j ? substr(rest, j + 4) : ""); found = 1; exit
            }
        }
        END { exit !found }' <<< "$out"
}
regkey_exists() { wine reg query "$1" "/reg:${2:-64}" > /dev/null 2>&1; }

machine_path() { regval "$ENV_KEY" PATH; }
# path_entries PATHVALUE: one entry a line, empty entries dropped.
path_entries() { tr ';' '\n' <<< "$1" | sed '/^$/d'; }
# path_count PATHVALUE DIR: how many entries are DIR (with or without the final '\').
path_count() {
    local dir=${2%\\}
    path_entries "$1" | awk -v d="$dir" '{ e = $0; sub(/\\$/, "", e) } tolower(e) == tolower(d) { n++ } END { print n + 0 }'
}

# Packed GUID as the Installer keys use it: {D4C87F97-33F5-4C3A-9A97-B87A4053374C}
# -> 79F78C4D5F33A3C4A9798BA7043573C4 (first three groups reversed, then byte pairs swapped).
packed_guid() {
    local g=${1//[\{\}-]/}
    local a=${g:0:8} b=${g:8:4} c=${g:12:4} d=${g:16:16} out="" i
    out=$(rev <<< "$a")$(rev <<< "$b")$(rev <<< "$c")
    for ((i = 0; i < 16; i += 2)); do out+="${d:i+1:1}${d:i:1}"; done
    printf '%s' "${out^^}"
}
UPGRADE_KEY="HKLM\\Software\\Classes\\Installer\\UpgradeCodes\\$(packed_guid "$UPGRADE_CODE")"
# Products registered under our UpgradeCode (packed product codes, one a line).
related_products() {
    wine reg query "$UPGRADE_KEY" /reg:64 2>/dev/null | tr -d '\r' |
        grep -oE '^    [0-9A-F]{32} ' | tr -d ' '
}
# Add/Remove Programs entries named wslnet: "KEY<TAB>DisplayVersion", one a line.
arp_entries() {
    wine reg query "$UNINSTALL_KEY" /s /reg:64 2>/dev/null | tr -d '\r' | awk '
        /^HKEY_/ { flush(); key = $0; name = ""; ver = ""; next }
        /^    DisplayName    / { name = $0; sub(/^    DisplayName    REG_[A-Z_]+    /, "", name) }
        /^    DisplayVersion    / { ver = $0; sub(/^    DisplayVersion    REG_[A-Z_]+    /, "", ver) }
        function flush() { if (name == "wslnet") print key "\t" ver }
        END { flush() }'
}

# Snapshot of the prefix: file list of drive_c, and HKLM + HKCU flattened to one line per
# key and per value ("[key]" / "[key] name=data"), from `wine reg export`.
snapshot_files() { (cd "$c" && find . -mindepth 1 | LC_ALL=C sort); }
snapshot_reg() { # snapshot_reg OUT
    local hive
    : > "$1"
    for hive in HKLM HKCU; do
        wine reg export "$hive" "$(winpath "$work/export.reg")" /y > /dev/null 2>&1 || return 1
        iconv -f UTF-16 -t UTF-8 "$work/export.reg" | tr -d '\r' | awk '
            !cont && /^\[/ { key = $0; print key; next }
            !cont && /^$/ { next }
            {
                line = $0
                if (cont) { sub(/^ +/, "", line); val = val line } else val = line
                if (val ~ /\\$/) { cont = 1; sub(/\\$/, "", val); next }  # hex data goes on
                cont = 0; print key " " val
            }' >> "$1" || return 1
        rm -f "$work/export.reg"
    done
    LC_ALL=C sort -o "$1" "$1"
}

# msiexec ARGS...: runs Wine's msiexec with a verbose log; returns its exit code (Wine
# passes 8 bits of it: 1603 shows as 67).
msi_n=0
msiexec() {
    msi_n=$((msi_n + 1))
    last_log="$work/msiexec-$msi_n.log"
    wine msiexec "$@" /qn /l*v "$(winpath "$last_log")" > "$work/msiexec-$msi_n.out" 2>&1
}
show_log() { # the end of the last msiexec log, for a failure
    [ -f "$last_log" ] && { iconv -f UTF-16 -t UTF-8 "$last_log" 2>/dev/null || cat "$last_log"; } |
        tr -d '\r' | grep -Ei 'error|fail|return value 3' | tail -n 15 | sed 's/^/#   /'
}
run_msiexec_check() { # run_msiexec_check DESCRIPTION ARGS...
    local what=$1 rc; shift
    msiexec "$@"; rc=$?
    if [ "$rc" -eq 0 ]; then ok "$what"
    else notok "$what (exit $rc; Wine keeps 8 bits: 67 = 1603 fatal error)"; show_log; fi
    return "$rc"
}

files_installed() {
    local f
    # The MSI ships the binaries stripped: installed == installer/strip.sh's copy.
    for f in "${BIN_FILES[@]}"; do cmp -s "$work/shipped/$f" "$pf/wslnet/$f" || return 1; done
    for f in "${MODULE_FILES[@]}"; do
        cmp -s "$module_dir/$f" "$pf/WindowsPowerShell/Modules/WslNet/$f" || return 1
    done
    # The exe the module runs (beside itself, never one from PATH): the same
    # shipped (stripped) bytes.
    for f in "${BIN_FILES[@]}"; do cmp -s "$work/shipped/$f" "$pf/WindowsPowerShell/Modules/WslNet/$f" || return 1; done
}
run_module_exe() { # the exe the module runs, beside the module
    local out rc
    out=$(wine 'C:\Program Files\WindowsPowerShell\Modules\WslNet\wslnet.exe' version --json 2>/dev/null | tr -d '\r'); rc=${PIPESTATUS[0]}
    [ "$rc" -eq 0 ] && grep -q '"version"' <<< "$out"
}
installdir_value_ok() { [ "$(regval "$APP_KEY" InstallDir 64)" = "$INSTALL_DIR" ]; }
not_in_wow64_view() { ! regkey_exists "$APP_KEY" 32; }
path_has_dir_once() { [ "$(path_count "$(machine_path)" "$INSTALL_DIR")" = 1 ]; }
exe_out=""
run_installed_exe() { # the installed exe, by its full path
    local rc
    exe_out=$(wine 'C:\Program Files\wslnet\wslnet.exe' version --json 2>"$work/exe.err" |
        tr -d '\r' | tr '\n\t' '  '); rc=${PIPESTATUS[0]}
    note "wslnet.exe version --json (exit $rc): $exe_out"
    [ "$rc" -eq 0 ] && grep -q '"version"' <<< "$exe_out"
}
exe_reports() { # exe_reports VERSION: the last run_installed_exe output names VERSION
    grep -qE "\"version\":[[:space:]]*\"${1//./\\.}\"" <<< "$exe_out"
}
run_exe_via_path() { # what an admin types: found through the machine PATH
    local out
    out=$(wine cmd /c 'wslnet version --json' 2>/dev/null | tr -d '\r')
    grep -q '"version"' <<< "$out"
}
only_product() { # only_product PRODUCTCODE: the one product under our UpgradeCode
    [ "$(related_products)" = "$(packed_guid "$1")" ] &&
        regkey_exists "HKLM\\Software\\Classes\\Installer\\Products\\$(packed_guid "$1")"
}
arp_only_version() { # arp_only_version VERSION: one ARP entry named wslnet, that version
    local e; e=$(arp_entries)
    [ "$(grep -c . <<< "$e")" = 1 ] && [ "$(cut -f2 <<< "$e")" = "$1" ]
}
product_gone() { ! regkey_exists "HKLM\\Software\\Classes\\Installer\\Products\\$(packed_guid "$1")"; }

# --- snapshot ----------------------------------------------------------------------------

msi_scope | LC_ALL=C sort -u > "$work/scope.txt"
note "registry compared where the MSI could write: $(grep -c . "$work/scope.txt") patterns ($(tr '\n' ' ' < "$work/scope.txt" | cut -c1-300))"
in_scope() { grep -iE -f "$work/scope.txt"; }
snapshot_files > "$work/files-before.txt"
snapshot_reg "$work/reg-before.txt" || bail "snapshot of the prefix registry (wine reg export)"
path_before=$(machine_path) || bail "machine PATH readable in the fresh prefix"
note "machine PATH before: $path_before"

# --- install -----------------------------------------------------------------------------

t0=$(date +%s)
run_msiexec_check "msiexec /i wslnet-$version.msi /qn exits 0" /i "$(winpath "$msi_old")" ||
    bail "cannot go on without an installed product"
note "install took $(( $(date +%s) - t0 ))s"
check "wslnet.exe, wslnet.dll in C:\\Program Files\\wslnet and beside the module; module files in ...\\WindowsPowerShell\\Modules\\WslNet (same bytes as the sources)" files_installed
check "HKLM\\SOFTWARE\\wslnet InstallDir = $INSTALL_DIR (64-bit view)" installdir_value_ok
check "HKLM\\SOFTWARE\\wslnet not under Wow6432Node (32-bit view)" not_in_wow64_view
check "machine PATH contains $INSTALL_DIR once" path_has_dir_once
check "installed wslnet.exe version --json prints \"version\"" run_installed_exe
check "the module's own wslnet.exe (beside WslNet.psd1) runs" run_module_exe
check "installed wslnet.exe reports version $version (the VERSION file, as the MSI)" exe_reports "$version"
check "cmd finds wslnet through the machine PATH" run_exe_via_path
check "one product registered under the UpgradeCode: $pc_old" only_product "$pc_old"
check "Add/Remove Programs: one wslnet entry, version $version" arp_only_version "$version"
scope_sees_install() { # the comparison after uninstall is not blind: it sees the install
    snapshot_reg "$work/reg-installed.txt" || return 1
    in_scope < "$work/reg-installed.txt" > "$work/reg-installed-scope.txt"
    note "in scope after install: $(diff <(in_scope < "$work/reg-before.txt") "$work/reg-installed-scope.txt" | grep -c '^>') lines added"
    grep -qiF '[HKEY_LOCAL_MACHINE\Software\wslnet] "InstallDir"' "$work/reg-installed-scope.txt" &&
        grep -qiF "$(packed_guid "$pc_old")" "$work/reg-installed-scope.txt" &&
        grep -qiF "Uninstall\\$pc_old]" "$work/reg-installed-scope.txt"
}
check "the registry comparison's scope sees what the install wrote (InstallDir, product registration, ARP entry)" scope_sees_install

# --- major upgrade -----------------------------------------------------------------------

run_msiexec_check "msiexec /i wslnet-$next_version.msi over $version exits 0 (major upgrade)" \
    /i "$(winpath "$msi_new")"
check "after upgrade: one product registered, the new one ($pc_new)" only_product "$pc_new"
check "after upgrade: old product $pc_old unregistered" product_gone "$pc_old"
check "after upgrade: Add/Remove Programs has one wslnet entry, version $next_version" arp_only_version "$next_version"
check "after upgrade: files in place" files_installed
check "after upgrade: HKLM\\SOFTWARE\\wslnet InstallDir set" installdir_value_ok
check "after upgrade: machine PATH contains $INSTALL_DIR once" path_has_dir_once
check "after upgrade: installed wslnet.exe runs" run_installed_exe

# A downgrade is refused (MajorUpgrade's LaunchCondition) and changes nothing.
msiexec /i "$(winpath "$msi_old")"; rc=$?
if [ "$rc" -ne 0 ]; then ok "installing $version over $next_version is refused (exit $rc)"
else notok "installing $version over $next_version is refused (it exited 0)"; fi
check "after refused downgrade: still only $next_version ($pc_new)" only_product "$pc_new"

# A rebuild of the same version (new ProductCode) replaces the installed one.
run_msiexec_check "msiexec /i of a rebuilt wslnet-$next_version.msi (same version) exits 0" \
    /i "$(winpath "$msi_new2")"
check "after same-version reinstall: one product registered, the rebuilt one" only_product "$pc_new2"
check "after same-version reinstall: files in place" files_installed

# --- uninstall ---------------------------------------------------------------------------

run_msiexec_check "msiexec /x $pc_new2 /qn exits 0" /x "$pc_new2"

no_wslnet_in_program_files() {
    local left
    left=$(cd "$c" && find "Program Files" "Program Files (x86)" -iname '*wslnet*' 2>/dev/null)
    [ -z "$left" ] || { sed 's/^/#   left: /' <<< "$left"; return 1; }
}
files_as_before() {
    snapshot_files > "$work/files-after.txt"
    diff "$work/files-before.txt" "$work/files-after.txt" > "$work/files.diff" && return 0
    sed 's/^/#   /' "$work/files.diff" | head -n 30
    return 1
}
app_key_gone() { ! regkey_exists "$APP_KEY" 64 && ! regkey_exists "$APP_KEY" 32; }
path_without_dir() { [ "$(path_count "$(machine_path)" "$INSTALL_DIR")" = 0 ]; }
path_entries_as_before() {
    local now; now=$(machine_path) || return 1
    [ "$(path_entries "$now")" = "$(path_entries "$path_before")" ] || {
        note "PATH before: $path_before"; note "PATH after:  $now"; return 1; }
    [ "$now" = "$path_before" ] ||
        note "PATH differs from the snapshot only by empty entries (Wine's RemoveEnvironmentStrings leaves the ';'): '$now'"
}
no_product() { [ -z "$(related_products)" ] && ! regkey_exists "$UPGRADE_KEY"; }
no_arp_entry() { [ -z "$(arp_entries)" ]; }
registry_as_before() { # where the MSI could write, but the PATH value (path_entries_as_before)
    snapshot_reg "$work/reg-after.txt" || return 1
    local path_line='^\[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment\] "PATH"='
    diff <(in_scope < "$work/reg-before.txt" | grep -iv "$path_line") \
         <(in_scope < "$work/reg-after.txt" | grep -iv "$path_line") \
        > "$work/reg.diff" && return 0
    cut -c1-200 "$work/reg.diff" | sed 's/^/#   /' | head -n 30
    return 1
}

check "after uninstall: no wslnet files or folders under Program Files" no_wslnet_in_program_files
check "after uninstall: drive_c file list equals the snapshot" files_as_before
check "after uninstall: no HKLM\\SOFTWARE\\wslnet (64- and 32-bit views)" app_key_gone
check "after uninstall: machine PATH no longer contains $INSTALL_DIR" path_without_dir
check "after uninstall: machine PATH entries equal the snapshot" path_entries_as_before
check "after uninstall: no product registered under the UpgradeCode" no_product
check "after uninstall: no wslnet entry in Add/Remove Programs" no_arp_entry
check "after uninstall: registry (HKLM, HKCU) equals the snapshot where the MSI could write, PATH aside" registry_as_before

# --- custom actions: properties, rollback, uninstall of what wslnet owns -------------------
# A second fresh prefix with the doubles Windows would have (tests/fakes), seeded like
# tests/exe/suite-expose.sh: WSL in NAT with the Hyper-V firewall (WMI double answering V2),
# the VM at 172.28.20.5, the IP Helper service double, the NetFwPolicy2 double; and foreign
# items (a port proxy, a host rule, two Hyper-V rules) that must come out byte-identical.

. "$root/scripts/wine-env.sh"
. "$root/tests/fakes/iphlpsvc/install.sh"
. "$root/tests/fakes/netfw/install.sh"
. "$root/tests/fakes/wbem/install.sh"
for f in iphlpsvc.exe fakenetfw.dll fakewbem.dll computenetwork.dll; do
    [ -f "$fakes_dir/$f" ] || bail "test double $fakes_dir/$f is there (build the windows preset)"
done
wineserver -k 2>/dev/null; wineserver -w 2>/dev/null   # the first prefix is done
export WINEPREFIX="$ca_prefix"
prefix="$ca_prefix"
wn_new_prefix "$ca_prefix" > "$work/ca-prefix.log" 2>&1 || { cat "$work/ca-prefix.log"; bail "a second fresh prefix for the custom actions"; }
c="$ca_prefix/drive_c"; pf="$c/Program Files"; sys32="$c/windows/system32"; fake="$c/wslnet-fake"
mkdir -p "$fake" "$pf/WindowsPowerShell/Modules" "$c/windows/Installer"
STORE='HKLM\SYSTEM\CurrentControlSet\Services\PortProxy'
EXPOSURES='HKLM\SOFTWARE\wslnet\Exposures'
EVENT_KEY='HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\wslnet'
WSL_CREATOR='{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'
NETFW=$fake/netfw.json WMI=$fake/wmi.json
creg() { wine reg "$@" > /dev/null 2>&1; }
seeded=1
fake_iphlpsvc_install wine "$fakes_dir" "$sys32" > "$work/doubles.log" 2>&1 || seeded=0
fake_netfw_install wine "$fakes_dir" "$sys32" >> "$work/doubles.log" 2>&1 || seeded=0
fake_wmi_install wine "$fakes_dir" "$sys32" >> "$work/doubles.log" 2>&1 || seeded=0
creg add 'HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss' /v NatIpAddress /t REG_SZ /d 172.28.20.5 /f || seeded=0
creg add 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss' /v NatNetwork /t REG_SZ /d 172.28.16.0/20 /f /reg:64 || seeded=0
cp "$fakes_dir/computenetwork.dll" "$sys32/computenetwork.dll" || seeded=0
printf '%s' '{"networks": [], "endpoints": []}' > "$fake/hns.json"
creg add 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' /v CurrentBuild /t REG_SZ /d 26100 /f || seeded=0
creg add 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' /v UBR /t REG_DWORD /d 2033 /f || seeded=0
mkdir -p "$c/users/$(whoami)" && printf '[wsl2]\nnetworkingMode=nat\n' > "$c/users/$(whoami)/.wslconfig"
creg add "$STORE\\v4tov4\\tcp" /v '0.0.0.0/3389' /t REG_SZ /d '10.1.2.3/3389' /f || seeded=0
netfw_foreign='{"currentProfileTypes": 2, "rules": [{"Name": "Remote Desktop (TCP-In)", "Grouping": "@FirewallAPI.dll,-28752", "Protocol": 6, "LocalPorts": "3389", "Direction": 1, "Action": 1, "Profiles": 2147483647, "Enabled": true}]}'
printf '%s' "$netfw_foreign" > "$NETFW"
printf '%s' '{"mode": "v2", "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": [{"InstanceID": "WslCore-Allow-Inbound-ICMPv6-1-x", "ElementName": "WslCore Inbound ICMPv6", "Direction": 1, "Action": 2, "Enabled": 1, "VMCreatorId": "'"$WSL_CREATOR"'", "Protocol": "ICMPv6"}, {"InstanceID": "docker-rule", "ElementName": "Docker", "Direction": 1, "Action": 4, "Enabled": 1, "VMCreatorId": "{00000000-0000-0000-0000-000000000001}", "Protocol": "TCP", "LocalPorts": ["2375"]}]}}}' > "$WMI"
[ "$seeded" = 1 ] || { cat "$work/doubles.log"; bail "doubles installed and seeded in the custom actions' prefix"; }
ok "doubles (iphlpsvc, NetFwPolicy2, WMI Hyper-V firewall V2, HNS) installed and seeded, with a foreign proxy, host rule and Hyper-V rules"

# foreign: the items wslnet does not own, as text (compared byte for byte).
foreign() {
    wine reg query "$STORE\\v4tov4\\tcp" /v '0.0.0.0/3389' 2>/dev/null | tr -d '\r'
    python3 - "$NETFW" "$WMI" <<'PY'
import json, sys
fw = json.load(open(sys.argv[1]))["rules"]
print(json.dumps([r for r in fw if not r.get("Name", "").startswith("wslnet")], sort_keys=True))
wmi = json.load(open(sys.argv[2]))["stores"]["PersistentStore"].get("MSFT_NetFirewallHyperVRule", [])
def iid(r):
    v = r.get("InstanceID"); return v.get("value") if isinstance(v, dict) else v
print(json.dumps([r for r in wmi if not str(iid(r)).startswith("wslnet")], sort_keys=True))
PY
}
foreign > "$work/foreign-before.txt"
foreign_identical() { foreign | cmp -s - "$work/foreign-before.txt"; }
# owned_items: what wslnet owns now, one a line ("proxy 0.0.0.0/8080", "hostRule NAME",
# "hypervRule NAME", "exposure tcp-8080").
owned_items() {
    wine reg query "$STORE\\v4tov4\\tcp" 2>/dev/null | tr -d '\r' | awk '/^    / && $1 != "0.0.0.0/3389" { print "proxy " $1 }'
    wine reg query "$EXPOSURES" 2>/dev/null | tr -d '\r' | awk '/^    / { print "exposure " $1 }'
    python3 - "$NETFW" "$WMI" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["rules"]:
    if r.get("Name", "").startswith("wslnet"): print("hostRule " + r["Name"])
for r in json.load(open(sys.argv[2]))["stores"]["PersistentStore"].get("MSFT_NetFirewallHyperVRule", []):
    v = r.get("InstanceID"); v = v.get("value") if isinstance(v, dict) else v
    if str(v).startswith("wslnet"): print("hypervRule " + v)
PY
}
# hv_default_inbound: DefaultInboundAction of WSL's VM setting in the persistent store
# (0 or absent: not configured, 2 allow, 4 block).
hv_default_inbound() {
    python3 - "$WMI" "$WSL_CREATOR" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))["stores"]["PersistentStore"].get("MSFT_NetFirewallHyperVVMSetting", [])
val = lambda v: v.get("value") if isinstance(v, dict) else v
for s in st:
    if str(val(s.get("Name", ""))).upper() == sys.argv[2].upper():
        print(val(s.get("DefaultInboundAction", 0)) or 0); break
else:
    print(0)
PY
}
# log_has TEXT: the last msiexec log holds TEXT. Wine writes it in ASCII (Windows: UTF-16LE,
# whose NULs are dropped); grep reads a file, not a pipe (grep -q ending early would make
# the writer of a pipe fail under pipefail).
log_has() { tr -d '\r\0' < "$last_log" > "$last_log.txt" && grep -qF -- "$1" "$last_log.txt"; }
nothing_installed() { # no files, no HKLM\SOFTWARE\wslnet, no product, no event source
    local bad=""
    [ ! -e "$pf/wslnet" ] || bad+=" Program-Files\\wslnet"
    [ ! -e "$pf/WindowsPowerShell/Modules/WslNet" ] || bad+=" module"
    app_key_gone || bad+=" $(wine reg query "$APP_KEY" /s /reg:64 2>/dev/null | tr -d '\r' | grep . | tr '\n' '|')"
    no_product || bad+=" product"
    ! regkey_exists "$EVENT_KEY" || bad+=" event-source"
    [ -z "$bad" ] || { note "left:$bad"; return 1; }
}
msi_fails() { # msi_fails DESCRIPTION ARGS...: msiexec exits non-zero
    local what=$1 rc; shift
    msiexec "$@"; rc=$?
    if [ "$rc" -ne 0 ]; then ok "$what (exit $rc: 1603 & 0xff)"; else notok "$what (it exited 0)"; fi
}

# Invalid properties: the immediate check stops the install before anything changes.
msi_fails "msiexec /i EXPOSE=abc fails" /i "$(winpath "$msi_old")" EXPOSE=abc
check "EXPOSE=abc: the MSI log says why ('EXPOSE=abc is not valid')" log_has "wslnet: EXPOSE=abc is not valid"
check "EXPOSE=abc: nothing installed (files, HKLM\\SOFTWARE\\wslnet, product, event source)" nothing_installed
check "EXPOSE=abc: wslnet owns nothing; foreign items byte-identical" eval '[ -z "$(owned_items)" ] && foreign_identical'
msi_fails "msiexec /i HVFIREWALL_DEFAULT_INBOUND=open INSTALLSERVICE=2 ADDTOPATH=yes POLICYFILE=p.json fails" \
    /i "$(winpath "$msi_old")" HVFIREWALL_DEFAULT_INBOUND=open INSTALLSERVICE=2 ADDTOPATH=yes POLICYFILE=p.json
check "each invalid property named in the MSI log" eval 'log_has "HVFIREWALL_DEFAULT_INBOUND=open is not valid" &&
    log_has "INSTALLSERVICE=2 is not valid" && log_has "ADDTOPATH=yes is not valid" && log_has "POLICYFILE=p.json is not valid"'
check "invalid properties: nothing installed" nothing_installed

# A custom action that fails (the NetFwPolicy2 double refuses Rules.Add, as a firewall
# locked by policy would): the expose step fails after the Hyper-V firewall default was
# set, and the rollback undoes that, the files and the registration.
python3 - "$NETFW" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["fail"] = {"Add": "0x80070005"}; json.dump(d, open(sys.argv[1], "w"))
PY
msi_fails "msiexec /i EXPOSE=8080 HVFIREWALL_DEFAULT_INBOUND=block with the host firewall refusing fails" \
    /i "$(winpath "$msi_old")" EXPOSE=8080 HVFIREWALL_DEFAULT_INBOUND=block
check "failed install: the log shows the Hyper-V default set, the expose failure and the rollback" \
    eval 'log_has "Hyper-V firewall default inbound of WSL'"'"'s VM:" && log_has "EXPOSE port 8080 failed" &&
          log_has "rollback: Hyper-V firewall default inbound restored to notconfigured"'
check "failed install rolled back: Hyper-V default inbound not configured again (was block during the install)" \
    eval '[ "$(hv_default_inbound)" = 0 ]'
check "failed install rolled back: nothing installed" nothing_installed
check "failed install rolled back: wslnet owns nothing; foreign items byte-identical" \
    eval '[ -z "$(owned_items)" ] && foreign_identical'
printf '%s' "$netfw_foreign" > "$NETFW"

# EXPOSE=8080: the proxy, its host rule and the Hyper-V rule (NAT with the Hyper-V firewall).
run_msiexec_check "msiexec /i wslnet-$version.msi /qn EXPOSE=8080 HVFIREWALL_DEFAULT_INBOUND=block exits 0" \
    /i "$(winpath "$msi_old")" EXPOSE=8080 HVFIREWALL_DEFAULT_INBOUND=block
check "HVFIREWALL_DEFAULT_INBOUND=block: WSL's VM setting DefaultInboundAction is 4 (block)" eval '[ "$(hv_default_inbound)" = 4 ]'
want_owned=$'exposure tcp-8080\nhostRule wslnet proxy v4tov4 0.0.0.0:8080\nhypervRule wslnet-expose-tcp-8080\nproxy 0.0.0.0/8080'
owned_now() { owned_items | LC_ALL=C sort; }
check "EXPOSE=8080: port proxy 0.0.0.0:8080, its host rule, Hyper-V rule wslnet-expose-tcp-8080, the exposure record" \
    eval '[ "$(owned_now)" = "$want_owned" ] || { owned_now | sed "s/^/#   owned: /"; false; }'
check "EXPOSE=8080: foreign items byte-identical" foreign_identical
check "event source registered: EventMessageFile (REG_EXPAND_SZ) = C:\\Program Files\\wslnet\\wslnet.dll, TypesSupported 7" \
    eval 'wine reg query "$EVENT_KEY" /v EventMessageFile /reg:64 2>/dev/null | tr -d "\r" | grep -qiF "REG_EXPAND_SZ    C:\\Program Files\\wslnet\\wslnet.dll" &&
          [ "$(regval "$EVENT_KEY" TypesSupported)" = 0x7 ]'

# A major upgrade keeps the state: the old product's removal inside it runs with
# UPGRADINGPRODUCTCODE set (Windows Installer's RemoveExistingProducts), and the uninstall
# action's condition skips it. Wine 8's RemoveExistingProducts runs "msiexec /qn /i %s
# REMOVE=%s" (a string in its msi.dll) without UPGRADINGPRODUCTCODE, so under Wine a real
# upgrade looks like an uninstall to the old product: the old product's removal is run
# here the way Windows runs it, then the new version is installed.
run_msiexec_check "old product's removal as in an upgrade (msiexec /x $pc_old UPGRADINGPRODUCTCODE=$pc_new) exits 0" \
    /x "$pc_old" "UPGRADINGPRODUCTCODE=$pc_new"
check "removal within an upgrade: the uninstall action did not run" eval '! log_has "wslnet: uninstall:"'
check "removal within an upgrade: the exposure and its pieces are kept" eval '[ "$(owned_now)" = "$want_owned" ]'
run_msiexec_check "msiexec /i wslnet-$next_version.msi /qn (the new version) exits 0" /i "$(winpath "$msi_new")"
check "after upgrade: the exposure and its pieces are still there" eval '[ "$(owned_now)" = "$want_owned" ]'
note "not checked here: Wine's own RemoveExistingProducts (no UPGRADINGPRODUCTCODE) would remove the state"

# Uninstall removes exactly what wslnet owns.
run_msiexec_check "msiexec /x $pc_new /qn exits 0" /x "$pc_new"
check "uninstall: proxy, host rule, Hyper-V rule and record of 8080 gone" eval '[ -z "$(owned_items)" ] || { owned_items | sed "s/^/#   left: /"; false; }'
check "uninstall: foreign proxy, host rule and Hyper-V rules byte-identical" foreign_identical
check "uninstall: nothing under Program Files\\wslnet, no HKLM\\SOFTWARE\\wslnet, no event source, no product" nothing_installed
check "uninstall: the MSI log names what was removed" log_has "wslnet: uninstall: unexposed tcp port 8080"

# ADDTOPATH=0: no PATH entry; KEEPRULES=1: the uninstall keeps wslnet's rules.
path_ca_before=$(machine_path)
run_msiexec_check "msiexec /i ADDTOPATH=0 EXPOSE=8080 exits 0" /i "$(winpath "$msi_old")" ADDTOPATH=0 EXPOSE=8080
check "ADDTOPATH=0: machine PATH unchanged" eval '[ "$(machine_path)" = "$path_ca_before" ]'
pc_now=$pc_old
run_msiexec_check "msiexec /x KEEPRULES=1 exits 0" /x "$pc_now" KEEPRULES=1
check "KEEPRULES=1: the exposure and its rules stay" eval '[ "$(owned_now)" = "$want_owned" ]'
check "KEEPRULES=1: files and product gone" eval '[ ! -e "$pf/wslnet" ] && no_product'

# POLICYFILE: the policy engine (win/lib/policy_engine.c) applies the file at install; what it
# creates is removed by the rollback of a failed install and by the uninstall.
# (State here: the KEEPRULES=1 exposure of 8080 is still there, owned by wslnet.)
cat > "$c/p.json" <<'JSON'
{"schemaVersion": 1,
 "portProxies": [{"listenPort": 9090, "connectAddress": "wsl", "firewall": {"profiles": ["private"]}}],
 "hyperVFirewall": {"rules": [{"name": "msipolicy", "protocol": "tcp", "localPorts": [9090]}]}}
JSON
policy_owned() { wine reg query 'HKLM\SOFTWARE\wslnet\Policy\Owned' /reg:64 2>/dev/null | tr -d '\r' | awk '/^    / { print $1 }' | LC_ALL=C sort; }
# A policy whose host rule the firewall refuses: the apply step fails; the rollback
# removes what the policy made (its Hyper-V rule, proxy), the files and the registration.
python3 - "$NETFW" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["fail"] = {"Add": "0x80070005"}; json.dump(d, open(sys.argv[1], "w"))
PY
msi_fails "msiexec /i POLICYFILE=C:\\p.json with the host firewall refusing fails" /i "$(winpath "$msi_old")" 'POLICYFILE=C:\p.json'
check "POLICYFILE failure: the MSI log says the policy was not applied and why" \
    eval 'log_has "wslnet: POLICYFILE=C:\\p.json not applied:"'
check "POLICYFILE failure rolled back: no files, no product, PolicyFile not recorded, no policy ownership record" \
    eval '[ ! -e "$pf/wslnet" ] && no_product && ! regval "$APP_KEY" PolicyFile > /dev/null && [ -z "$(policy_owned)" ]'
check "POLICYFILE failure rolled back: only the KEEPRULES=1 items are owned (nothing of the policy); foreign items byte-identical" \
    eval '{ [ "$(owned_now)" = "$want_owned" ] || { owned_now | sed "s/^/#   owned: /"; false; }; } && foreign_identical'
python3 - "$NETFW" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d.pop("fail", None); json.dump(d, open(sys.argv[1], "w"))
PY
# The same policy with the firewall working: installed, applied, recorded.
run_msiexec_check "msiexec /i wslnet-$version.msi /qn POLICYFILE=C:\\p.json exits 0" /i "$(winpath "$msi_old")" 'POLICYFILE=C:\p.json'
want_policy=$'hostRule wslnet proxy v4tov4 0.0.0.0:9090\nhypervRule wslnet-msipolicy\nproxy 0.0.0.0/9090'
policy_items() { owned_now | grep -F -e 9090 -e msipolicy; }
check "POLICYFILE: the policy's proxy 0.0.0.0:9090, its host rule and Hyper-V rule wslnet-msipolicy exist" \
    eval '[ "$(policy_items)" = "$want_policy" ] || { owned_now | sed "s/^/#   owned: /"; false; }'
check "POLICYFILE: the path recorded in HKLM\\SOFTWARE\\wslnet PolicyFile, the items in Policy\\Owned" \
    eval '[ "$(regval "$APP_KEY" PolicyFile)" = "C:\\p.json" ] && [ "$(policy_owned | wc -l)" -ge 2 ]'
check "POLICYFILE: the MSI log says it was applied; foreign items byte-identical" \
    eval 'log_has "wslnet: policy C:\\p.json applied" && foreign_identical'
# A major upgrade keeps the policy's items (the old product's removal as Windows runs it).
run_msiexec_check "old product's removal as in an upgrade (msiexec /x $pc_old UPGRADINGPRODUCTCODE=$pc_new) exits 0" \
    /x "$pc_old" "UPGRADINGPRODUCTCODE=$pc_new"
run_msiexec_check "msiexec /i wslnet-$next_version.msi /qn (the new version) exits 0" /i "$(winpath "$msi_new")"
check "upgrade: the policy's items still there" \
    eval '[ "$(policy_items)" = "$want_policy" ] || { owned_now | sed "s/^/#   owned: /"; false; }'
# The uninstall removes the policy's items with everything else wslnet owns.
run_msiexec_check "msiexec /x $pc_new /qn exits 0" /x "$pc_new"
check "uninstall: the policy's proxy, rules and ownership record gone, and the KEEPRULES=1 items" \
    eval '{ [ -z "$(owned_items)" ] && [ -z "$(policy_owned)" ]; } || { owned_items | sed "s/^/#   left: /"; false; }'
check "uninstall after POLICYFILE: foreign items byte-identical; nothing installed" eval 'foreign_identical && nothing_installed'
# A major upgrade given no POLICYFILE re-applies the recorded one: the immediate check
# reads HKLM\SOFTWARE\wslnet PolicyFile while the old product is still there. Here Wine's
# own upgrade runs (its RemoveExistingProducts then uninstalls the old product without
# UPGRADINGPRODUCTCODE, see above), so only the re-apply itself is checked.
run_msiexec_check "msiexec /i wslnet-$version.msi /qn POLICYFILE=C:\\p.json exits 0" /i "$(winpath "$msi_old")" 'POLICYFILE=C:\p.json'
msiexec /i "$(winpath "$msi_new")"; rc=$?
check "upgrade under Wine exits 0 ($rc)" eval '[ "$rc" -eq 0 ]'
check "upgrade: the check sets POLICYFILE from the recorded C:\\p.json" \
    log_has "wslnet: upgrade: re-applying the recorded policy C:\\p.json"
check "upgrade: the apply step applied it" log_has "wslnet: policy C:\\p.json applied"
run_msiexec_check "msiexec /x $pc_new /qn exits 0" /x "$pc_new"
check "uninstall: wslnet owns nothing; foreign items byte-identical; nothing installed" \
    eval '[ -z "$(owned_items)" ] && [ -z "$(policy_owned)" ] && foreign_identical && nothing_installed'

summary
