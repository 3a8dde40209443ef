#!/usr/bin/env bash
# wine-run.sh PROGRAM.exe [ARGS...]: run a Windows program under Wine, in a throwaway prefix,
# and exit with the program's exit code (Wine passes on its low 8 bits; a non-zero code whose
# low 8 bits are 0 comes out as 1).
# CMake's CMAKE_CROSSCOMPILING_EMULATOR (cmake/mingw-w64-x86_64.cmake), so CTest uses it.
#
# Prefix: $WSLNET_WINEPREFIX, else <repo>/build/wineprefix-ctest. A WINEPREFIX already in the
# environment is deliberately ignored, so tests never run in someone's own ~/.wine.
# The prefix is made on first use (a copy of $WN_PREFIX_TEMPLATE when scripts/test.sh made one,
# else wineboot -i), once even when CTest runs tests in parallel.
# WINEDEBUG defaults to -all; WINEDLLOVERRIDES always holds mscoree=;mshtml= (no Mono/Gecko
# installer), after any overrides the caller set.
#
# A keeper (scripts/wine-env.sh) holds the prefix's Wine session open while programs keep
# coming, and ends it after $WSLNET_WINE_IDLE seconds (default 5) with none started or
# running. Without it, Wine's system processes would be started by the test program itself,
# hold CTest's output pipe, and add ~2 s to every test.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ $# -eq 0 ]]; then
  echo "usage: ${0##*/} PROGRAM [ARGS...]" >&2
  exit 2
fi

# shellcheck source-path=SCRIPTDIR source=../scripts/wine-env.sh
source "$root/scripts/wine-env.sh"   # WINEDEBUG, WINEDLLOVERRIDES, the keeper
export WINEPREFIX=${WSLNET_WINEPREFIX:-$root/build/wineprefix-ctest}
WINEPREFIX=$(_wn_abs "$WINEPREFIX")
idle=${WSLNET_WINE_IDLE:-5}

# One process at a time makes the prefix and starts the keeper; the others wait here.
mkdir -p "$(dirname "$WINEPREFIX")"
exec 9>"$WINEPREFIX.lock"
flock 9
if [[ ! -e $WINEPREFIX/.wslnet-prefix-ready ]]; then
  echo "wine-run: creating Wine prefix $WINEPREFIX" >&2
  if [[ -n ${WN_PREFIX_TEMPLATE:-} && -e $WN_PREFIX_TEMPLATE/.wslnet-template ]]; then
    rm -rf "$WINEPREFIX" && cp -a -- "$WN_PREFIX_TEMPLATE" "$WINEPREFIX" &&
      rm -f -- "$WINEPREFIX/.wslnet-template" || exit 125
  else
    mkdir -p "$WINEPREFIX"
    if ! WINEARCH=win64 wineboot -i </dev/null >"$WINEPREFIX.boot.log" 2>&1 9>&-; then
      cat "$WINEPREFIX.boot.log" >&2
      echo "wine-run: wineboot -i failed for $WINEPREFIX" >&2
      exit 125
    fi
  fi
  touch "$WINEPREFIX/.wslnet-prefix-ready"
fi
if ! _wn_keeper_alive "$WINEPREFIX"; then
  _wn_keeper_start "$WINEPREFIX" 0 "$idle" || exit 125
fi
# This process ($$ stays the pid of wine after exec) counts as using the prefix.
mkdir -p "$WINEPREFIX/.wslnet-active"
: >"$WINEPREFIX/.wslnet-active/$$"
touch "$WINEPREFIX/.wslnet-last-use"
exec 9>&-

exec wine "$@"
