#!/usr/bin/env bash
# Makes a delay-import library for a Windows system DLL from mingw-w64's own
# import library: the functions it lists go into a .def, and dlltool
# --output-delaylib turns that into a library whose calls load the DLL on first
# use (through __delayLoadHelper2; see win/lib/delayload.c for where it looks).
#   cmake/delaylib.sh CC NAME DLLNAME OUT     e.g. x86_64-w64-mingw32-gcc crypt32 crypt32.dll libcrypt32_delay.a
set -euo pipefail
cc=$1 name=$2 dll=$3 out=$4
triple=${cc%-gcc}
lib=$("$cc" -print-file-name="lib$name.a")
[ -f "$lib" ] || { echo "delaylib: no import library lib$name.a for $cc" >&2; exit 1; }
def=$out.def
{
    echo "LIBRARY $dll"
    echo "EXPORTS"
    # Functions only (T): data exports cannot be delay-loaded.
    "$triple-nm" --defined-only -g "$lib" | awk '$2 == "T" { print $3 }' | sort -u
} >"$def"
# From the output's folder, so the symbols it names after the library
# (__DELAY_IMPORT_DESCRIPTOR_lib<name>_delay_a) carry no build path.
cd "$(dirname "$out")"
"$triple-dlltool" --input-def "$(basename "$def")" --output-delaylib "$(basename "$out")" --dllname "$dll"
