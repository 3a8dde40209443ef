#!/bin/bash
# Build the wslnet MSI with wixl, post-process it with msibuild, validate it with msiinfo.
#
#   installer/build-msi.sh BIN_DIR MODULE_DIR OUT_MSI [VERSION]
#
# BIN_DIR     holds wslnet.exe and wslnet.dll
# MODULE_DIR  holds WslNet.psd1, WslNet.psm1, WslNet.format.ps1xml
# OUT_MSI     the MSI to write (replaced only once it is built and valid)
# VERSION     product version; default: the VERSION file at the repo root
#
# Post-processing (wixl 0.101 cannot express these):
#   - machine PATH entry: wixl aborts on <Environment>, so an Environment table is imported
#     and WriteEnvironmentStrings / RemoveEnvironmentStrings are sequenced;
#   - same-version major upgrade: wixl ignores MajorUpgrade/@AllowSameVersionUpgrades, so the
#     upgrade row's VersionMax is made inclusive.
# Validation fails the build (exit 1) if any expected property of the result is missing.
#
# Needs: wixl, msibuild, msiinfo (Debian: wixl, msitools), x86_64-w64-mingw32-strip.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
wxs="$here/wslnet.wxs"

UPGRADE_CODE='{D4C87F97-33F5-4C3A-9A97-B87A4053374C}'
BIN_FILES=(wslnet.exe wslnet.dll)
MODULE_FILES=(WslNet.psd1 WslNet.psm1 WslNet.format.ps1xml
  WslNet.Proxy.ps1 WslNet.Firewall.ps1 WslNet.Config.ps1 WslNet.Doctor.ps1 WslNet.Certs.ps1
  WslNet.Commands.ps1 WslNet.Core.ps1 WslNet.Completers.ps1
  WslNet.Proxy.format.ps1xml WslNet.Firewall.format.ps1xml WslNet.Config.format.ps1xml
  WslNet.Doctor.format.ps1xml WslNet.Certs.format.ps1xml
  WslNet.Subnet.ps1 WslNet.Expose.ps1 WslNet.Subnet.format.ps1xml WslNet.Expose.format.ps1xml
  WslNet.Policy.ps1 WslNet.Policy.format.ps1xml)

die() { echo "build-msi: error: $*" >&2; exit 1; }

[ $# -ge 3 ] && [ $# -le 4 ] || {
    echo "usage: $0 BIN_DIR MODULE_DIR OUT_MSI [VERSION]" >&2; exit 2; }
bin_dir=$1
module_dir=$2
out_msi=$(realpath -m -- "$3")
if [ $# -eq 4 ]; then
    version=$4
else
    [ -f "$root/VERSION" ] || die "no VERSION argument and no $root/VERSION file"
    version=$(tr -d ' \t\r\n' < "$root/VERSION")
fi

# MSI ProductVersion: major.minor.build, major and minor < 256, build < 65536.
[[ $version =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] ||
    die "version '$version' is not MAJOR.MINOR.BUILD"
[ "${BASH_REMATCH[1]}" -lt 256 ] && [ "${BASH_REMATCH[2]}" -lt 256 ] &&
    [ "${BASH_REMATCH[3]}" -lt 65536 ] ||
    die "version '$version' out of MSI range (255.255.65535)"

for t in wixl msibuild msiinfo; do
    command -v "$t" >/dev/null || die "$t not found (apt-get install wixl msitools)"
done
for f in "${BIN_FILES[@]}"; do [ -f "$bin_dir/$f" ] || die "missing $bin_dir/$f"; done
for f in "${MODULE_FILES[@]}"; do [ -f "$module_dir/$f" ] || die "missing $module_dir/$f"; done
[ -d "$(dirname "$out_msi")" ] || die "output directory $(dirname "$out_msi") does not exist"

work=$(mktemp -d "${TMPDIR:-/tmp}/wslnet-msi.XXXXXX")
trap 'rm -rf "$work"' EXIT

# wixl 0.101 resolves File/@Source only relative to the current directory (absolute paths
# and -I do not work), so stage the inputs under fixed relative names.
mkdir -p "$work/stage/bin" "$work/stage/module"
# The binaries ship stripped (no symbols, no debug sections): installer/strip.sh.
"$here/strip.sh" "$work/stage/bin" "${BIN_FILES[@]/#/$bin_dir/}"
for f in "${MODULE_FILES[@]}"; do cp -L -- "$module_dir/$f" "$work/stage/module/$f"; done

msi="$work/wslnet.msi"
echo "build-msi: wixl -a x64 -D Version=$version"
(cd "$work/stage" && wixl -a x64 -D "Version=$version" -o "$msi" "$wxs") 2> "$work/wixl.err" || {
    cat "$work/wixl.err" >&2; die "wixl failed"; }
# wixl only warns about attributes it does not know and then ignores them: fail instead.
if grep -qE 'WARNING|CRITICAL|ERROR' "$work/wixl.err"; then
    cat "$work/wixl.err" >&2; die "wixl reported problems"
fi

# --- post-processing ---------------------------------------------------------------------

# msibuild prints only its usage text when a query fails: say which step failed instead.
mb() {
    msibuild "$msi" "$@" > "$work/msibuild.out" 2>&1 || {
        grep -v '^$' "$work/msibuild.out" | grep -iv -e usage -e '^  -' -e '^Options' \
            -e 'overwritten' -e 'empty database' >&2 || true
        die "msibuild $* failed"; }
}

# Machine PATH: append [INSTALLDIR] on install, remove it on uninstall.
# Name prefix: '=' set on install, '-' remove on uninstall, '*' system (machine) variable.
# Value '[~];X' appends X to the existing value.
# Attached to C_Path: PATH holds the folder while wslnet is installed with ADDTOPATH=1.
printf '%s\r\n' \
    $'Environment\tName\tValue\tComponent_' \
    $'s72\tl255\tL255\ts72' \
    $'Environment\tEnvironment' \
    $'PathWslnet\t=-*PATH\t[~];[INSTALLDIR]\tC_Path' > "$work/Environment.idt"
mb -i "$work/Environment.idt"
# Standard sequence numbers (as WiX uses): remove after RemoveRegistryValues (2600) and
# before RemoveFiles (3500); write after WriteRegistryValues (5000).
mb -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('RemoveEnvironmentStrings', 3300)"
mb -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('WriteEnvironmentStrings', 5200)"

# Same-version upgrades: VersionMax inclusive (msidbUpgradeAttributesVersionMaxInclusive,
# 0x200) on the row that removes older versions (wixl writes MigrateFeatures, 0x1).
# Attributes is part of the Upgrade table's primary key and libmsi refuses to UPDATE key
# columns, so the row is replaced.
mb -q "DELETE FROM \`Upgrade\` WHERE \`ActionProperty\` = 'WIX_UPGRADE_DETECTED'"
mb -q "INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMax\`, \`Attributes\`, \`ActionProperty\`) VALUES ('$UPGRADE_CODE', '$version', 513, 'WIX_UPGRADE_DETECTED')"

# Components installed on a condition (wixl 0.101 has no Component/Condition).
mb -q "UPDATE \`Component\` SET \`Condition\` = 'ADDTOPATH = \"1\"' WHERE \`Component\` = 'C_Path'"
mb -q "UPDATE \`Component\` SET \`Condition\` = 'POLICYFILE' WHERE \`Component\` = 'C_Policy'"

# REG_EXPAND_SZ (wixl ignores RegistryValue/@Type="expandable" and writes a REG_SZ):
# '#%' before the value makes Windows Installer write REG_EXPAND_SZ.
mb -q "UPDATE \`Registry\` SET \`Value\` = '#%[INSTALLDIR]wslnet.dll' WHERE \`Component_\` = 'C_EventSource' AND \`Name\` = 'EventMessageFile'"

# ARP links, when the build is told the project's address.
if [ -n "${WSLNET_URL:-}" ]; then
    mb -q "INSERT INTO \`Property\` (\`Property\`, \`Value\`) VALUES ('ARPURLINFOABOUT', '$WSLNET_URL')"
    mb -q "INSERT INTO \`Property\` (\`Property\`, \`Value\`) VALUES ('ARPHELPLINK', '$WSLNET_URL')"
fi

# Custom action types (wixl adds NoImpersonate everywhere and drops the rollback bits):
#   1    msidbCustomActionTypeDll, from the Binary table        (immediate check)
#   51   type-51 property setter (CustomActionData of a deferred action)
#   3073 DLL | InScript 0x400 | NoImpersonate 0x800            (deferred, as LocalSystem)
#   3393 DLL | Continue 0x40 | Rollback 0x100 | InScript | NoImpersonate (a rollback's failure
#        must not stop the rollback of the rest)
CA_TYPE_IMMEDIATE=1 CA_TYPE_SET=51 CA_TYPE_DEFERRED=3073 CA_TYPE_ROLLBACK=3393
ca_type() { mb -q "UPDATE \`CustomAction\` SET \`Type\` = $2 WHERE \`Action\` = '$1'"; }
ca_type CA_Validate $CA_TYPE_IMMEDIATE
for a in CA_SetApplyHvFirewall CA_SetApplyExpose CA_SetApplyPolicy CA_SetRollbackPolicy CA_SetUninstall; do ca_type "$a" $CA_TYPE_SET; done
for a in CA_ApplyHvFirewall CA_ApplyExpose CA_ApplyPolicy CA_Uninstall; do ca_type "$a" $CA_TYPE_DEFERRED; done
for a in CA_RollbackHvFirewall CA_RollbackExpose CA_RollbackPolicy; do ca_type "$a" $CA_TYPE_ROLLBACK; done

# Sequence (standard numbers as WiX uses them): the check after FileCost (900) and before
# CostFinalize (1000), which evaluates the component conditions (C_Policy: POLICYFILE, which
# the check sets on an upgrade from the recorded value), so long before InstallValidate
# (1400) and InstallInitialize (1500): nothing has changed yet.
# The apply steps after InstallFiles (4000) and WriteRegistryValues (5000, the PolicyFile
# record), each rollback action before its action, all before InstallFinalize (6600).
INSTALLING='NOT REMOVE~="ALL"'
seq() { # seq ACTION SEQUENCE [CONDITION]
    if [ -n "${3:-}" ]; then
        mb -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('$1', '${3//\'/\'\'}', $2)"
    else
        mb -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('$1', $2)"
    fi
}
seq CA_Validate 950
seq CA_RollbackHvFirewall 5101 "HVFIREWALL_DEFAULT_INBOUND AND $INSTALLING"
seq CA_SetApplyHvFirewall 5102 "HVFIREWALL_DEFAULT_INBOUND AND $INSTALLING"
seq CA_ApplyHvFirewall 5103 "HVFIREWALL_DEFAULT_INBOUND AND $INSTALLING"
seq CA_RollbackExpose 5111 "EXPOSE AND $INSTALLING"
seq CA_SetApplyExpose 5112 "EXPOSE AND $INSTALLING"
seq CA_ApplyExpose 5113 "EXPOSE AND $INSTALLING"
seq CA_SetRollbackPolicy 5120 "POLICYFILE AND $INSTALLING"
seq CA_RollbackPolicy 5121 "POLICYFILE AND $INSTALLING"
seq CA_SetApplyPolicy 5122 "POLICYFILE AND $INSTALLING"
seq CA_ApplyPolicy 5123 "POLICYFILE AND $INSTALLING"
# Uninstall (not the old product's removal inside a major upgrade, which keeps the state):
# what wslnet owns goes, KEEPRULES=1 keeps the rules.
UNINSTALLING='REMOVE~="ALL" AND NOT UPGRADINGPRODUCTCODE'
seq CA_SetUninstall 5130 "$UNINSTALLING"
seq CA_Uninstall 5131 "$UNINSTALLING"

# --- validation --------------------------------------------------------------------------

fails=0
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then echo "build-msi: ok - $what"
    else echo "build-msi: FAILED - $what" >&2; fails=$((fails + 1)); fi
}
tbl() { msiinfo export "$msi" "$1" 2>/dev/null | tr -d '\r' | tail -n +4; }
has_table() { msiinfo tables "$msi" | tr -d '\r' | grep -qx "$1"; }
has_row() { tbl "$1" | grep -qxF -- "$2"; }   # exact tab-separated row
all_components_64() {
    local n=0 bad=0 attr
    while IFS=$'\t' read -r _ _ _ attr _; do
        n=$((n + 1)); (( (attr & 256) != 0 )) || bad=$((bad + 1))
    done < <(tbl Component)
    [ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
}
registry_ok() { # InstallDir is there; every Registry row is HKLM (2) in a 64-bit component
    local comps attr root comp
    tbl Registry | grep -qP '^[^\t]+\t2\tSOFTWARE\\wslnet\\?\tInstallDir\t\[INSTALLDIR\]\tC_Reg$' ||
        return 1
    comps=$(tbl Component)
    while IFS=$'\t' read -r _ root _ _ _ comp; do
        [ "$root" = 2 ] || return 1
        attr=$(awk -F'\t' -v c="$comp" '$1 == c { print $4 }' <<< "$comps")
        [ -n "$attr" ] && (( (attr & 256) != 0 )) || return 1
    done < <(tbl Registry)
}
files_ok() {
    local f
    for f in "${BIN_FILES[@]}" "${MODULE_FILES[@]}"; do
        tbl File | awk -F'\t' -v f="$f" '$3 == f { found = 1 } END { exit !found }' || return 1
    done
}
file_dir_ok() { # file_dir_ok FILE DIRECTORY_ID: some File row named FILE is in a component of DIRECTORY_ID
    local comp
    for comp in $(tbl File | awk -F'\t' -v f="$1" '$3 == f { print $2 }'); do
        tbl Component | awk -F'\t' -v c="$comp" -v d="$2" '$1 == c && $3 == d { ok = 1 } END { exit !ok }' && return 0
    done
    return 1
}
seq_has() { tbl InstallExecuteSequence | awk -F'\t' -v a="$1" '$1 == a { ok = 1 } END { exit !ok }'; }

suminfo=$(msiinfo suminfo "$msi" | tr -d '\r')
check "summary Template is x64;1033" grep -qx 'Template: x64;1033' <<< "$suminfo"
check "Property ProductVersion=$version" has_row Property "ProductVersion	$version"
check "Property UpgradeCode=$UPGRADE_CODE" has_row Property "UpgradeCode	$UPGRADE_CODE"
check "Property Manufacturer=wslnet" has_row Property "Manufacturer	wslnet"
check "Property ALLUSERS=1 (per-machine)" has_row Property "ALLUSERS	1"
check "Property ARPNOMODIFY=1 (Add/Remove Programs: no Change button)" has_row Property "ARPNOMODIFY	1"
check "every component is 64-bit (Attributes & 256)" all_components_64
check "HKLM\\SOFTWARE\\wslnet InstallDir in a 64-bit component (no Wow6432Node)" registry_ok
check "File table has ${BIN_FILES[*]} ${MODULE_FILES[*]}" files_ok
module_complete() { # every module file in MODULE_DIR ships (the module loads all of them)
    local f
    for f in "$module_dir"/WslNet*.ps1 "$module_dir"/WslNet*.psm1 "$module_dir"/WslNet*.ps1xml "$module_dir"/WslNet*.psd1; do
        [ -e "$f" ] || continue
        tbl File | awk -F'\t' -v f="$(basename "$f")" '$3 == f { found = 1 } END { exit !found }' ||
            { echo "build-msi: $(basename "$f") is in $module_dir but not in the MSI (MODULE_FILES, wslnet.wxs)" >&2; return 1; }
    done
}
check "every WslNet* file of MODULE_DIR is in the File table" module_complete
check "wslnet.exe goes to INSTALLDIR" file_dir_ok wslnet.exe INSTALLDIR
check "WslNet.psd1 goes to MODULEDIR" file_dir_ok WslNet.psd1 MODULEDIR
check "wslnet.exe and wslnet.dll also go to MODULEDIR (the exe the module runs)" \
    eval 'file_dir_ok wslnet.exe MODULEDIR && file_dir_ok wslnet.dll MODULEDIR'
check "INSTALLDIR is [ProgramFiles64Folder]wslnet" has_row Directory "INSTALLDIR	ProgramFiles64Folder	wslnet"
check "MODULEDIR is ...WindowsPowerShell\\Modules\\WslNet" has_row Directory "MODULEDIR	D_Modules	WslNet"
check "Environment table exists" has_table Environment
check "Environment appends [INSTALLDIR] to machine PATH" has_row Environment "PathWslnet	=-*PATH	[~];[INSTALLDIR]	C_Path"
check "WriteEnvironmentStrings sequenced" seq_has WriteEnvironmentStrings
check "RemoveEnvironmentStrings sequenced" seq_has RemoveEnvironmentStrings
check "major upgrade: FindRelatedProducts sequenced" seq_has FindRelatedProducts
check "major upgrade: RemoveExistingProducts sequenced" seq_has RemoveExistingProducts
check "major upgrade: Upgrade row removes versions <= this one" \
    has_row Upgrade "$UPGRADE_CODE		$version		513		WIX_UPGRADE_DETECTED"
seq_no() { tbl InstallExecuteSequence | awk -F'\t' -v a="$1" '$1 == a { print $3 }'; }
ca_type_is() { tbl CustomAction | awk -F'\t' -v a="$1" -v t="$2" '$1 == a && $2 == t { ok = 1 } END { exit !ok }'; }
ca_before() { local a b; a=$(seq_no "$1"); b=$(seq_no "$2"); [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; }
components_have_keypath() { ! tbl Component | awk -F'\t' '$6 == "" { bad = 1 } END { exit !bad }'; }
check "every component has a key path" components_have_keypath
check "CA_Validate: immediate DLL action (type 1) before CostFinalize and InstallInitialize" \
    eval 'ca_type_is CA_Validate 1 && ca_before CA_Validate CostFinalize && ca_before CA_Validate InstallInitialize'
for pair in HvFirewall Expose Policy; do
    check "CA_Apply$pair: deferred no-impersonate (3073), after InstallFiles, before InstallFinalize" \
        eval "ca_type_is CA_Apply$pair 3073 && ca_before InstallFiles CA_Apply$pair && ca_before CA_Apply$pair InstallFinalize"
    check "CA_Rollback$pair: rollback no-impersonate (3393), scheduled before CA_Apply$pair" \
        eval "ca_type_is CA_Rollback$pair 3393 && ca_before InstallFiles CA_Rollback$pair && ca_before CA_Rollback$pair CA_Apply$pair"
    check "CA_Apply$pair's CustomActionData set by a type-51 action before it" \
        eval "ca_type_is CA_SetApply$pair 51 && ca_before CA_SetApply$pair CA_Apply$pair"
done
check "CA_Uninstall: deferred no-impersonate (3073) on REMOVE=ALL outside an upgrade, before InstallFinalize" \
    eval 'ca_type_is CA_Uninstall 3073 && ca_before CA_SetUninstall CA_Uninstall && ca_before CA_Uninstall InstallFinalize &&
          tbl InstallExecuteSequence | grep -qxF "CA_Uninstall	REMOVE~=\"ALL\" AND NOT UPGRADINGPRODUCTCODE	$(seq_no CA_Uninstall)"'
check "event source: EventMessageFile = [INSTALLDIR]wslnet.dll (REG_EXPAND_SZ), TypesSupported = 7" \
    eval 'tbl Registry | grep -qP "^[^\t]+\t2\tSYSTEM\\\\CurrentControlSet\\\\Services\\\\EventLog\\\\Application\\\\wslnet\\\\?\tEventMessageFile\t#%\[INSTALLDIR\]wslnet\.dll\tC_EventSource$" &&
          tbl Registry | grep -qP "\tTypesSupported\t#7\tC_EventSource$"'
component_condition() { tbl Component | awk -F'\t' -v c="$1" -v w="$2" '$1 == c && $5 == w { ok = 1 } END { exit !ok }'; }
check "PATH component C_Path installed only with ADDTOPATH=1" component_condition C_Path 'ADDTOPATH = "1"'
check "PolicyFile component C_Policy installed only with POLICYFILE" component_condition C_Policy POLICYFILE
[ "$fails" -eq 0 ] || die "$fails validation check(s) failed; MSI not written"

mv -f -- "$msi" "$out_msi"
echo "build-msi: wrote $out_msi (wslnet $version)"
