#!/usr/bin/env bash
# Asserts that wslnet.exe imports only Windows system DLLs and wslnet.dll, and
# that wslnet.dll imports only Windows system DLLs (the mingw runtime is static).
# Usage: tests/imports.sh BIN_DIR
set -uo pipefail
bin=$1
system='^(kernel32|advapi32|msvcrt|iphlpapi|ws2_32|ole32|oleaut32|shell32|user32|crypt32|bcrypt|ntdll)\.dll$'
CHECK_TMP=$(mktemp -d); trap 'rm -rf "$CHECK_TMP"' EXIT
. "$(dirname "$0")/lib/check.sh"   # TAP results
check() { # FILE EXTRA_ALLOWED
  local dlls bad
  dlls=$(x86_64-w64-mingw32-objdump -p "$bin/$1" | awk '/DLL Name:/ {print tolower($3)}')
  bad=$(echo "$dlls" | grep -Ev "$system" | grep -Ev "^($2)$" || true)
  if [ -n "$dlls" ] && [ -z "$bad" ]; then
    tap_ok "$1 imports only: $(echo $dlls)"
  else
    tap_not_ok "$1 imports non-system DLLs: ${bad:-<none listed>}"
  fi
}
check wslnet.exe 'wslnet\.dll'
check wslnet.dll 'none'
check_summary
