#!/usr/bin/env bash
# Copies binaries into OUT_DIR without their symbols and debug sections: what
# the MSI ships (installer/build-msi.sh) and what bench/size.sh measures.
# strip stamps a PE with the current time unless SOURCE_DATE_EPOCH is set; it
# is set to the link's own time stamp, so the same build always strips to the
# same bytes (an upgrade MSI then carries identical files).
#   installer/strip.sh OUT_DIR FILE...
set -euo pipefail
out=$1
shift
for f in "$@"; do
    pe=$(od -An -tu4 -j60 -N4 "$f" | tr -d ' ')
    stamp=$(od -An -tu4 -j$((pe + 8)) -N4 "$f" | tr -d ' ')
    SOURCE_DATE_EPOCH=$stamp x86_64-w64-mingw32-strip --strip-all -o "$out/$(basename "$f")" "$f"
done
