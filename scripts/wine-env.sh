# shellcheck shell=bash
# Source this from a bash test script: throwaway Wine prefixes for tests.
#
#   source scripts/wine-env.sh
#   wn_new_prefix "$tmp/pfx"            # fresh prefix, booted and usable
#   wn_wine "$tmp/pfx" some.exe args    # run a program in it (exit code = the program's)
#   WINEPREFIX="$tmp/pfx" wine reg ...  # or use wine directly: the env below is exported
#   wn_kill_prefix "$tmp/pfx"           # stop its wineserver and remove it
#
# Sourcing exports WINEDEBUG (default -all) and WINEDLLOVERRIDES (mscoree=;mshtml= added, so
# no Mono/Gecko installer runs). It does not set WINEPREFIX: each call names its prefix.

export WINEDEBUG=${WINEDEBUG:--all}
case ";${WINEDLLOVERRIDES:-};" in
  *";mscoree=;mshtml=;"*) ;;
  *) export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:+$WINEDLLOVERRIDES;}mscoree=;mshtml=" ;;
esac

# True if DIR is absent, empty, or looks like a Wine prefix (safe to wipe).
_wn_wipeable() {
  [[ ! -e $1 ]] && return 0
  [[ -d $1 ]] || return 1
  [[ -z "$(ls -A "$1")" ]] && return 0
  [[ -e $1/.wslnet-prefix-ready || -e $1/system.reg || -e $1/.update-timestamp || -d $1/dosdevices ]]
}

# wn_new_prefix DIR: make a fresh 64-bit prefix in DIR (an old prefix there is removed
# first), run wineboot -i, and wait until wine answers in it. Output of wineboot goes to
# DIR.boot.log.
wn_new_prefix() {
  local dir=${1:?usage: wn_new_prefix DIR}
  [[ $dir == /* ]] || dir=$PWD/$dir
  if ! _wn_wipeable "$dir"; then
    echo "wn_new_prefix: $dir exists and is not a Wine prefix; not touching it" >&2
    return 1
  fi
  if [[ -e $dir ]]; then wn_kill_prefix "$dir" || return 1; fi
  mkdir -p "$dir" || return 1
  if ! WINEPREFIX=$dir WINEARCH=win64 wineboot -i >"$dir.boot.log" 2>&1; then
    cat "$dir.boot.log" >&2
    echo "wn_new_prefix: wineboot -i failed in $dir" >&2
    return 1
  fi
  # Usable: the registry answers. wineboot -i returns when done; this is a cheap guard.
  local i
  for ((i = 0; i < 120; i++)); do
    if WINEPREFIX=$dir wine reg query 'HKLM\Software\Microsoft\Windows NT\CurrentVersion' \
         /v CurrentBuild >/dev/null 2>&1; then
      touch "$dir/.wslnet-prefix-ready"
      return 0
    fi
    sleep 0.5
  done
  echo "wn_new_prefix: prefix $dir did not become usable" >&2
  return 1
}

# wn_wine DIR PROGRAM [ARGS...]: run PROGRAM under Wine in prefix DIR.
wn_wine() {
  local dir=${1:?usage: wn_wine DIR PROGRAM [ARGS...]}
  shift
  WINEPREFIX=$dir wine "$@"
}

# wn_kill_prefix DIR: end every Wine process of prefix DIR (only that prefix), remove DIR.
wn_kill_prefix() {
  local dir=${1:?usage: wn_kill_prefix DIR}
  [[ $dir == /* ]] || dir=$PWD/$dir
  [[ -e $dir ]] || { rm -f "$dir.boot.log"; return 0; }
  if ! _wn_wipeable "$dir" || [[ $dir == / ]]; then
    echo "wn_kill_prefix: $dir is not a Wine prefix; not removing it" >&2
    return 1
  fi
  WINEPREFIX=$dir wineserver -k >/dev/null 2>&1 || true
  WINEPREFIX=$dir wineserver -w >/dev/null 2>&1 || true
  rm -rf -- "$dir" "$dir.boot.log"
}
