#!/usr/bin/env bash
# The README's test command: sets up, builds, and runs every test.
#   native unit tests (ASan+UBSan)       ctest, build/native
#   unit + Windows-layer tests under Wine ctest, build/windows
#   import check of the exe and DLL      tests/imports.sh
#   libFuzzer harnesses, bounded runs    build/fuzz (FUZZ_SECONDS each, default 30)
#   exe under Wine with test doubles     tests/exe/run.sh (suite-*.sh)
# tests/README.md says what each folder tests and how to run one test alone.
#   end to end in network namespaces     tests/e2e/run.sh, tests/e2e/doctor.sh, tests/e2e/subnet.sh
#   PowerShell module (pwsh) + syntax    tests/ps/run.sh
#   MSI install/upgrade/uninstall (Wine) tests/msi/run.sh
#   Group Policy templates (xmllint, ADMX/ADML/policy.h consistency) tests/gpo/run.sh
# Every stage runs even when an earlier one fails; the last line totals them.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=wine-env.sh
source "$root/scripts/wine-env.sh"
wn_reexec_without_aslr "$root/scripts/test.sh" "$@" # Wine starts reliably (see there)
scripts/setup.sh || { echo "setup failed"; exit 1; }
export WSLNET_SKIP_SETUP=1 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml="
logs=$root/build/test-logs
mkdir -p "$logs"
total_pass=0 total_fail=0 total_skip=0 stages_failed=()

# The one parser of every stage's results (tests/README.md), by what the log holds:
#   CTest   "NN% tests passed, F tests failed out of T"; "(Skipped)" tests are skips
#   TAP     a plan "1..N": "ok" lines pass, "ok ... # SKIP" skip, "not ok" fail
#           (the shell suites, tests/lib/check.sh; the fuzz stage)
#   other   its last "N passed, N failed[, N skipped]" line (the PowerShell stage)
count() { # NAME LOG RC
  local p f s t line
  line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$2" | tail -1)
  if [ -n "$line" ]; then
    f=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
    t=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    s=$(grep -cE '^[[:space:]]*[0-9]+ - .*\(Skipped\)$' "$2")
    p=$((t - f - s))
  elif grep -qE '^1\.\.[0-9]+$' "$2"; then
    s=$(grep -ciE '^ok\b.*# SKIP' "$2")
    p=$(( $(grep -cE '^ok\b' "$2") - s ))
    f=$(grep -cE '^not ok\b' "$2")
  else
    line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
    p=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/' <<<"$line"); p=${p:-0}
    f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line"); f=${f:-0}
    s=$(grep -oE '[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' <<<"$line" | sed -E 's/.* ([0-9]+) skipped/\1/')
    s=${s:-0}
  fi
  [ "$3" != 0 ] && [ "$f" = 0 ] && f=1   # a stage that failed without counting still fails
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
  [ "$3" = 0 ] || stages_failed+=("$1")
  printf '== %-10s %s (%s passed, %s failed, %s skipped; log: %s)\n' "$1" "$([ "$3" = 0 ] && echo ok || echo FAILED)" "$p" "$f" "$s" "${2#$root/}"
}

stage() { # NAME COMMAND...
  local name=$1 log=$logs/$1.log rc start=$SECONDS
  shift
  echo "== $name: $*"
  "$@" >"$log" 2>&1; rc=$?
  tail -n 3 "$log" | sed 's/^/   /'
  count "$name" "$log" "$rc"
  echo "   ($((SECONDS - start)) s)"
}

stage build scripts/build.sh native windows fuzz
stage native ctest --preset native
# One booted Wine prefix that every suite's prefix is copied from (scripts/wine-env.sh).
if wn_make_template "$root/build/wine-template"; then
  export WN_PREFIX_TEMPLATE=$root/build/wine-template
else
  echo "== template  FAILED: wineboot -i of the template prefix (the suites boot their own)"
  stages_failed+=(template); total_fail=$((total_fail + 1))
fi
# One Wine prefix for the CTest runs, kept up so each test does not restart wineserver.
export WSLNET_WINEPREFIX=$root/build/wineprefix-ctest
cmake/wine-run.sh cmd /c exit 0 >/dev/null 2>&1
( WINEPREFIX=$WSLNET_WINEPREFIX wineserver -p 60 ) >/dev/null 2>&1 || true
stage wine ctest --preset windows -j2
stage imports tests/imports.sh build/windows/bin
stage gpo tests/gpo/run.sh
fuzz() {
  local h rc=0 runs=0 dir=$root/build/fuzz/corpus
  local harnesses=() h0
  for h0 in build/fuzz/bin/fuzz_*; do [ -x "$h0" ] && harnesses+=("$(basename "$h0")"); done
  for h in "${harnesses[@]}"; do
    mkdir -p "$dir/$h" "tests/fuzz/corpus/${h#fuzz_}"
    if build/fuzz/bin/$h -max_total_time="${FUZZ_SECONDS:-30}" -max_len=4096 -print_final_stats=1 \
        "$dir/$h" "tests/fuzz/corpus/${h#fuzz_}" 2>&1 | tee "$dir/$h.log" | grep -E '^(Done|==[0-9]+==ERROR|SUMMARY)'; then :; fi
    if grep -qE '^Done [0-9]+ runs' "$dir/$h.log" && ! grep -qE 'ERROR|crash-' "$dir/$h.log"; then
      echo "ok - $h: 0 crashes ($(grep -oE 'Done [0-9]+ runs' "$dir/$h.log"))"; runs=$((runs + 1))
    else
      echo "not ok - $h crashed or did not run"; rc=1
    fi
  done
  echo "1..${#harnesses[@]}"
  echo "$runs passed, $((${#harnesses[@]} - runs)) failed"
  return $rc
}
stage fuzz fuzz
stage exesuites tests/exe/run.sh build/windows/bin build/windows/fakes
stage e2e tests/e2e/run.sh build/windows/bin build/windows/fakes
stage doctor tests/e2e/doctor.sh build/windows/bin build/windows/fakes
stage subnet tests/e2e/subnet.sh build/windows/bin build/windows/fakes
stage ps tests/ps/run.sh build/windows/bin
stage msi tests/msi/run.sh build/windows/bin ps/WslNet
wn_kill_prefix "$WSLNET_WINEPREFIX" >/dev/null 2>&1 || true
wn_kill_prefix "$root/build/wine-template" >/dev/null 2>&1 || true

echo
if [ ${#stages_failed[@]} -gt 0 ]; then
  echo "FAILED stages: ${stages_failed[*]} (logs in build/test-logs/)"
fi
[ "$total_skip" = 0 ] || echo "skipped: $total_skip tests could not run here (see the stage logs for why)"
echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" = 0 ] && [ ${#stages_failed[@]} = 0 ]
