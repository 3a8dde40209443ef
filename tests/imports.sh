#!/usr/bin/env bash
# Asserts that wslnet.exe imports only Windows system DLLs and wslnet.dll, and
# that wslnet.dll imports only Windows system DLLs (the mingw runtime is
# static), in its import table and in its delay-import descriptors alike; and
# that the DLLs a command may not need (win/lib/delayload.c) are delay-loaded,
# not loaded at start.
# Usage: tests/imports.sh BIN_DIR   (the build's unstripped binaries: the
# delay-import descriptors are found by their symbols, which GNU ld 2.40 does
# not enter in the PE's delay-import directory)
set -uo pipefail
bin=$1
system='^(kernel32|advapi32|msvcrt|iphlpapi|ws2_32|ole32|oleaut32|shell32|user32|crypt32|bcrypt|ntdll|msi)\.dll$'
delayed='crypt32.dll iphlpapi.dll msi.dll ole32.dll oleaut32.dll shell32.dll ws2_32.dll'
CHECK_TMP=$(mktemp -d); trap 'rm -rf "$CHECK_TMP"' EXIT
. "$(dirname "$0")/lib/check.sh"   # TAP results

imports() { x86_64-w64-mingw32-objdump -p "$1" | awk '/DLL Name:/ {print tolower($3)}'; }

# The DLL names of FILE's delay-import descriptors (__DELAY_IMPORT_DESCRIPTOR_*
# symbols, from dlltool --output-delaylib), read from the image.
delay_imports() {
    python3 - "$1" <<'PY'
import struct, subprocess, sys
path = sys.argv[1]
data = open(path, "rb").read()
pe = struct.unpack_from("<I", data, 0x3C)[0]
count, optsize = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
base = struct.unpack_from("<Q", data, pe + 24 + 24)[0]
sections = [struct.unpack_from("<8xIIII", data, pe + 24 + optsize + 40 * i) for i in range(count)]
def offset(rva):
    for vsize, va, rawsize, raw in sections:
        if va <= rva < va + max(vsize, rawsize):
            return raw + rva - va
    raise SystemExit("rva %#x is in no section" % rva)
syms = subprocess.run(["x86_64-w64-mingw32-nm", path], capture_output=True, text=True).stdout
for line in syms.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[2].startswith("__DELAY_IMPORT_DESCRIPTOR_"):
        attrs, name_rva = struct.unpack_from("<II", data, offset(int(parts[0], 16) - base))
        at = offset(name_rva)
        print(data[at:data.index(b"\0", at)].decode("ascii").lower())
PY
}

check() { # FILE EXTRA_ALLOWED
    local dlls delay bad
    dlls=$(imports "$bin/$1")
    delay=$(delay_imports "$bin/$1")
    bad=$(printf '%s\n%s\n' "$dlls" "$delay" | grep . | grep -Ev "$system" | grep -Ev "^($2)$" || true)
    if [ -n "$dlls" ] && [ -z "$bad" ]; then
        tap_ok "$1 imports only: $(echo $dlls); delay-loads: $(echo ${delay:-nothing})"
    else
        tap_not_ok "$1 imports non-system DLLs: ${bad:-<none listed>}"
    fi
}
check wslnet.exe 'wslnet\.dll'
check wslnet.dll 'none'

# Lean start: what a command may not need is delay-loaded, not imported.
dlls=$(imports "$bin/wslnet.dll") delay=$(delay_imports "$bin/wslnet.dll") missing=
for d in $delayed; do
    if echo "$dlls" | grep -qx "$d" || ! echo "$delay" | grep -qx "$d"; then missing="$missing $d"; fi
done
if [ -z "$missing" ]; then
    tap_ok "wslnet.dll delay-loads $delayed"
else
    tap_not_ok "wslnet.dll loads at start (or does not delay-load):$missing"
fi
check_summary
