#!/usr/bin/env bash
# wine-run.sh PROGRAM.exe [ARGS...]: run a Windows program under Wine, in a throwaway prefix,
# and exit with the program's exit code (Wine passes on its low 8 bits).
# CMake's CMAKE_CROSSCOMPILING_EMULATOR (cmake/mingw-w64-x86_64.cmake), so CTest uses it.
#
# Prefix: $WSLNET_WINEPREFIX, else <repo>/build/wineprefix-ctest. A WINEPREFIX already in the
# environment is deliberately ignored, so tests never run in someone's own ~/.wine.
# The prefix is made on first use (wineboot -i), once even when CTest runs tests in parallel.
# WINEDEBUG defaults to -all; WINEDLLOVERRIDES always holds mscoree=;mshtml= (no Mono/Gecko
# installer), after any overrides the caller set.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ $# -eq 0 ]]; then
  echo "usage: ${0##*/} PROGRAM [ARGS...]" >&2
  exit 2
fi

export WINEPREFIX=${WSLNET_WINEPREFIX:-$root/build/wineprefix-ctest}
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:+$WINEDLLOVERRIDES;}mscoree=;mshtml="

# Wine's system processes (services.exe, winedevice.exe, explorer.exe...) are started by the
# first program of a prefix session and inherit its stdout/stderr. Under CTest those are
# pipes, and CTest waits until every writer has closed them: each test would take the ~2 s
# those processes linger after the program ends. So when no wineserver is up for the prefix,
# start one session with /dev/null as its output first; the program then joins it.
server_up() {
  # Debian's Wine writes the name of the server's directory under /tmp to $WINEPREFIX/wineserver.
  local d f
  [[ -r $WINEPREFIX/wineserver ]] || return 1
  d=$(<"$WINEPREFIX/wineserver")
  [[ -n $d && $d != */* ]] || return 1
  for f in "/tmp/$d"/server-*/socket "${TMPDIR:-/tmp}/$d"/server-*/socket; do
    [[ -S $f ]] && return 0
  done
  return 1
}

# Both steps hold a lock, so that under `ctest -j` one process makes the prefix and starts the
# session while the others wait for it (the server's socket appears before the session is up).
ready=$WINEPREFIX/.wslnet-prefix-ready
mkdir -p "$(dirname "$WINEPREFIX")"
exec 9>"$WINEPREFIX.lock"
flock 9
if [[ ! -e $ready ]]; then
  echo "wine-run: creating Wine prefix $WINEPREFIX" >&2
  if ! WINEARCH=win64 wineboot -i </dev/null >"$WINEPREFIX.boot.log" 2>&1; then
    cat "$WINEPREFIX.boot.log" >&2
    echo "wine-run: wineboot -i failed for $WINEPREFIX" >&2
    exit 125
  fi
  touch "$ready"
fi
if ! server_up; then
  wine cmd.exe /c exit 0 </dev/null >/dev/null 2>&1 || true
fi
exec 9>&-

exec wine "$@"
