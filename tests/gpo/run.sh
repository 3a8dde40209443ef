#!/usr/bin/env bash
# The Group Policy templates (installer/gpo): wslnet.admx and en-US/wslnet.adml are
# well-formed (xmllint) and consistent with each other and with the values wslnet reads
# (include/wslnet/policy.h), by tests/gpo/check-templates.py. Then the checker's self-test:
# broken copies (a renamed value, a value only in the header, a missing string, a wrong
# refId, an enum value policy.h does not name, a broken tag) must each fail.
# TAP through tests/lib/check.sh; scripts/test.sh runs it as the stage "gpo".
#   usage: tests/gpo/run.sh
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
CHECK_TMP=$(mktemp -d); trap 'rm -rf "$CHECK_TMP"' EXIT
# shellcheck source=../lib/check.sh
. "$repo/tests/lib/check.sh"

admx=$repo/installer/gpo/wslnet.admx
adml=$repo/installer/gpo/en-US/wslnet.adml
header=$repo/include/wslnet/policy.h

if ! command -v xmllint >/dev/null; then
    tap_not_ok "xmllint is installed (scripts/setup.sh installs libxml2-utils)"
else
    for f in "$admx" "$adml"; do
        if out=$(xmllint --noout "$f" 2>&1); then tap_ok "xmllint: ${f#"$repo"/} is well-formed"
        else tap_not_ok "xmllint: ${f#"$repo"/} is well-formed"; printf '#   %s\n' "$out"; fi
    done
fi

# check-templates.py's lines as TAP
checks() { # ADMX ADML HEADER: prints the checker's lines, returns its exit code
    python3 "$here/check-templates.py" "$@"
}
n=0
while IFS=$'\t' read -r verdict name reason; do
    n=$((n + 1))
    case $verdict in
    PASS) tap_ok "$name" ;;
    *) tap_not_ok "$name"; printf '#   %s\n' "$reason" ;;
    esac
done < <(checks "$admx" "$adml" "$header" 2>&1 | sed 's/^Traceback.*/FAIL\tcheck-templates.py ran\t&/')
[ "$n" -ge 10 ] || tap_not_ok "check-templates.py ran its checks (got $n lines)"

# Self-test: each broken copy must make the checker (or xmllint) fail, naming the cause.
mutant() { # NAME WHICH(admx|adml|header) SED-EXPR EXPECTED-REGEX
    local name=$1 which=$2 expr=$3 want=$4 a=$admx l=$adml h=$header out orig copy
    mkdir -p "$CHECK_TMP/m"
    case $which in
    admx) orig=$admx; a=$CHECK_TMP/m/wslnet.admx; copy=$a ;;
    adml) orig=$adml; l=$CHECK_TMP/m/wslnet.adml; copy=$l ;;
    header) orig=$header; h=$CHECK_TMP/m/policy.h; copy=$h ;;
    esac
    sed "$expr" "$orig" >"$copy"
    if ! cmp -s "$copy" "$orig"; then
        out=$(checks "$a" "$l" "$h" 2>&1); rc=$?
        if [ "$rc" != 0 ] && grep -qE "$want" <<<"$out"; then tap_ok "self-test: $name is caught"
        else tap_not_ok "self-test: $name is caught"; printf '#   exit %s; %s\n' "$rc" "$(tr '\n' ' ' <<<"$out")"; fi
    else
        tap_not_ok "self-test: $name is caught"; echo "#   the edit '$expr' changed nothing in the $which"
    fi
}
mutant "a value name only in the ADMX" admx 's/valueName="NatSubnet"/valueName="NatSubnets"/' \
    'FAIL.*NatSubnets, which is not in WSLNET_GP_VALUES.*NatSubnet, which no ADMX policy writes'
mutant "a value only in policy.h" header 's/X("NatSubnet", "REG_SZ",/X("NatSubnet", "REG_SZ", "x") X("Proxy", "REG_SZ",/' \
    'FAIL.*Proxy, which no ADMX policy writes'
mutant "a value of another type" admx 's/<text id="NatSubnet"/<text expandable="true" id="NatSubnet"/' \
    'FAIL.*NatSubnet .* written as REG_EXPAND_SZ'
mutant "another key" admx '0,/key="SOFTWARE\\Policies\\wslnet"/s//key="SOFTWARE\\Policies\\WSL"/' \
    'FAIL.*key SOFTWARE.Policies.WSL'
mutant "an enum value policy.h does not name" admx 's/<string>allow<\/string>/<string>permit<\/string>/' \
    'FAIL.*offers .*permit'
mutant "a string missing from the ADML" adml '/<string id="NatSubnet_Help">/,/<\/string>/d' \
    'FAIL.*string.NatSubnet_Help.*not in the ADML'
mutant "a presentation missing from the ADML" adml 's/<presentation id="PolicyFile">/<presentation id="PolicyPath">/' \
    'FAIL.*presentation.PolicyFile.*not in the ADML'
mutant "a refId matching no element" adml 's/<textBox refId="NatSubnet">/<textBox refId="Subnet">/' \
    'FAIL.*refId Subnet matches no element'
if out=$(xmllint --noout <(sed 's#</policies>#</policy>#' "$admx") 2>&1); then
    tap_not_ok "self-test: xmllint refuses a mismatched tag"
else
    tap_ok "self-test: xmllint refuses a mismatched tag"
fi

check_summary
