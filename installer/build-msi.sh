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
  WslNet.Subnet.ps1 WslNet.Expose.ps1 WslNet.Subnet.format.ps1xml WslNet.Expose.format.ps1xml)

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
# Attached to C_Exe: PATH holds the folder while wslnet.exe is installed.
printf '%s\r\n' \
    $'Environment\tName\tValue\tComponent_' \
    $'s72\tl255\tL255\ts72' \
    $'Environment\tEnvironment' \
    $'PathWslnet\t=-*PATH\t[~];[INSTALLDIR]\tC_Exe' > "$work/Environment.idt"
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
check "Environment appends [INSTALLDIR] to machine PATH" has_row Environment "PathWslnet	=-*PATH	[~];[INSTALLDIR]	C_Exe"
check "WriteEnvironmentStrings sequenced" seq_has WriteEnvironmentStrings
check "RemoveEnvironmentStrings sequenced" seq_has RemoveEnvironmentStrings
check "major upgrade: FindRelatedProducts sequenced" seq_has FindRelatedProducts
check "major upgrade: RemoveExistingProducts sequenced" seq_has RemoveExistingProducts
check "major upgrade: Upgrade row removes versions <= this one" \
    has_row Upgrade "$UPGRADE_CODE		$version		513		WIX_UPGRADE_DETECTED"
[ "$fails" -eq 0 ] || die "$fails validation check(s) failed; MSI not written"

mv -f -- "$msi" "$out_msi"
echo "build-msi: wrote $out_msi (wslnet $version)"
