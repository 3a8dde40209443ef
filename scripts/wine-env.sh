# shellcheck shell=bash
# Source this from a bash test script: throwaway Wine prefixes for tests.
#
#   source scripts/wine-env.sh
#   wn_new_prefix "$tmp/pfx"            # fresh prefix, booted and usable
#   wn_wine "$tmp/pfx" some.exe args    # run a program in it (exit code = the program's)
#   WINEPREFIX="$tmp/pfx" wine reg ...  # or use wine directly: the env below is exported
#   wn_kill_prefix "$tmp/pfx"           # stop everything of that prefix and remove it
#
# A run of many suites boots one prefix and copies it (scripts/test.sh):
#   wn_make_template "$build/wine-template" && export WN_PREFIX_TEMPLATE="$build/wine-template"
# wn_new_prefix then copies the template instead of booting (a boot costs ~6 s of CPU and
# is the step of a run that has failed under load: see wn_make_template).
#
# Sourcing exports WINEDEBUG (default -all) and WINEDLLOVERRIDES (mscoree=;mshtml= added, so
# no Mono/Gecko installer runs). It does not set WINEPREFIX: each call names its prefix.
#
# Why a keeper: Wine's system processes (services.exe, winedevice.exe, explorer.exe, ...)
# are started by the first program of a prefix session, inherit its stdout/stderr, and are
# ended only a few seconds after the last program ends. A program whose output is a pipe
# (CTest, `$(...)`, `| jq`) would make its reader wait for them, and a service installed in
# the prefix would be stopped between two programs. So each prefix made here gets a keeper:
# a `cmd.exe` blocked on reading a pipe, started with no terminal or pipe of yours, which holds
# the session open until the script that made the prefix exits (or wn_kill_prefix).
# cmake/wine-run.sh uses the same keeper, ending it after a few idle seconds.

# wn_reexec_without_aslr SCRIPT [ARGS...]: run the rest of SCRIPT, and everything it starts,
# with address-space randomization off (setarch -R: the personality flag children inherit).
# Call it first thing in a script that runs Wine; it returns at once when the flag is already
# set. Why: Debian's Wine 8 has no wine64-preloader, so nothing reserves the low 2 GB before
# the loader starts. wine64 is linked at 0x7d000000 and the kernel puts its brk heap at a
# random place up to 1 GB above it; when that heap covers 0x7ffe0000, the fixed address of
# Windows' shared user data, the process ends before its first instruction with exit code 1
# and, under WINEDEBUG=-all, no message ("failed to map the shared user data: c0000018",
# Wine 8.0 dlls/ntdll/unix/virtual.c, virtual_alloc_first_teb). Measured: 2 of 8,000 starts
# of `wslnet version` (tests saw "exit 1, no output" and empty reader results); none of 14,000
# under setarch -R. Without randomization the heap follows the binary, far from that page.
# Where the kernel refuses the flag, say so and go on.
wn_reexec_without_aslr() {
  local script=${1:?usage: wn_reexec_without_aslr SCRIPT [ARGS...]} pers
  shift
  pers=$(cat /proc/self/personality 2>/dev/null) || pers=0
  (( 0x$pers & 0x0040000 )) && return 0
  if setarch "$(uname -m)" -R true 2>/dev/null; then
    exec setarch "$(uname -m)" -R bash "$script" "$@"
  fi
  echo "wine-env: cannot turn address-space randomization off here (setarch -R refused);" \
       "about 1 Wine start in 4,000 may exit 1 with no output" >&2
}

export WINEDEBUG=${WINEDEBUG:--all}
case ";${WINEDLLOVERRIDES:-};" in
  *";mscoree=;mshtml=;"*) ;;
  *) export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:+$WINEDLLOVERRIDES;}mscoree=;mshtml=" ;;
esac
_WN_ENV_FILE=$(readlink -f "${BASH_SOURCE[0]}")

# True if DIR is absent, empty, or looks like a Wine prefix (safe to wipe).
_wn_wipeable() {
  [[ ! -e $1 ]] && return 0
  [[ -d $1 ]] || return 1
  [[ -z "$(ls -A "$1")" ]] && return 0
  [[ -e $1/.wslnet-prefix-ready || -e $1/system.reg || -e $1/.update-timestamp || -d $1/dosdevices ]]
}

_wn_abs() { if [[ $1 == /* ]]; then printf '%s\n' "$1"; else printf '%s\n' "$PWD/$1"; fi; }

# --- keeper --------------------------------------------------------------------------------
# _wn_idle DIR IDLE: no wine-run.sh process is running and none started within IDLE seconds.
_wn_idle() {
  local dir=$1 idle=$2 f p busy=0
  for f in "$dir"/.wslnet-active/*; do
    [[ -e $f ]] || continue
    p=${f##*/}
    if kill -0 "$p" 2>/dev/null; then busy=1; else rm -f "$f"; fi
  done
  [[ $busy -eq 0 && -f $dir/.wslnet-last-use ]] &&
    (( $(date +%s) - $(stat -c %Y "$dir/.wslnet-last-use") >= idle ))
}

# _wn_keeper DIR OWNER IDLE: the keeper's body (run detached by _wn_keeper_start). Ends when
# its cmd.exe is gone, DIR is gone, OWNER (a pid, if not 0) is gone, or (OWNER 0) the prefix
# is idle (_wn_idle); that last decision is taken under wine-run.sh's lock (DIR.lock), so a
# program starting meanwhile either keeps the keeper or finds it gone and starts another.
_wn_keeper() {
  local dir=$1 owner=$2 idle=$3 w wpid l
  # shellcheck disable=SC2064  # expand now: $dir is local, gone when the trap runs
  trap "rm -f $(printf '%q' "$dir/.wslnet-keeper.pid")" EXIT
  echo "$BASHPID" >"$dir/.wslnet-keeper.pid"
  exec {w}> >(cd / && WINEPREFIX=$dir exec wine cmd.exe /c "echo ready& set /p _=" \
                >"$dir/.wslnet-keeper.out" 2>/dev/null)
  wpid=$!
  while kill -0 "$wpid" 2>/dev/null && [[ -d $dir ]]; do
    if [[ $owner != 0 ]]; then
      kill -0 "$owner" 2>/dev/null || break
    elif _wn_idle "$dir" "$idle"; then
      # Open, never create: DIR may be being removed. A failed exec ends this shell.
      exec {l}<"$dir.lock" || break
      if flock -n "$l" && _wn_idle "$dir" "$idle"; then
        rm -f "$dir/.wslnet-keeper.pid"
        break                     # the lock is held until this process exits
      fi
      exec {l}>&-
    fi
    sleep 0.5
  done
  exec {w}>&-   # cmd.exe reads end-of-file and exits; the session winds down
}

_wn_keeper_alive() {
  local pid
  pid=$(cat "$1/.wslnet-keeper.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    grep -q _wn_keeper "/proc/$pid/cmdline" 2>/dev/null
}

# _wn_keeper_start DIR OWNER IDLE: start a keeper for prefix DIR and wait until its cmd.exe
# runs in the prefix (so the session is up, held by the keeper).
_wn_keeper_start() {
  local dir=$1 owner=$2 idle=$3 i
  rm -f "$dir/.wslnet-keeper.out"
  touch "$dir/.wslnet-last-use"
  # shellcheck disable=SC2016  # expanded by the child bash
  WINEPREFIX=$dir setsid -f bash -c 'source "$1" && _wn_keeper "$2" "$3" "$4"' _wn_keeper \
    "$_WN_ENV_FILE" "$dir" "$owner" "$idle" </dev/null >/dev/null 2>&1 8>&- 9>&-
  for ((i = 0; i < 600; i++)); do
    grep -q ready "$dir/.wslnet-keeper.out" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "wine-env: the keeper of $dir did not start" >&2
  return 1
}

# --- public --------------------------------------------------------------------------------

# _wn_boot DIR: wineboot -i in the empty directory DIR, then end that first session.
# wineboot's output: DIR.boot.log.
_wn_boot() {
  local dir=$1
  if ! WINEPREFIX=$dir WINEARCH=win64 wineboot -i </dev/null >"$dir.boot.log" 2>&1; then
    cat "$dir.boot.log" >&2
    echo "wn_new_prefix: wineboot -i failed in $dir" >&2
    return 1
  fi
  # Wine 8.0 leaves two services.exe running after a first wineboot -i, each
  # answering service calls at random (OpenService 1060 half the time): end
  # that first session; the next one has one service manager.
  WINEPREFIX=$dir wineserver -k >/dev/null 2>&1 || true
  WINEPREFIX=$dir wineserver -w >/dev/null 2>&1 || true
}

# _wn_server_root DIR: the wineserver directory of prefix DIR, if it has one. Debian's Wine
# (debian/patches/fixes/temporary-directory.patch) does not use /tmp/.wine-UID: the first
# process of a prefix makes a random $TMPDIR/wine-XXXXXX and writes its name into
# DIR/wineserver (mode 0400); every later process reads it. Nothing ever removes it.
_wn_server_root() {
  local name
  name=$(cat "$1/wineserver" 2>/dev/null) || return 1
  [[ $name =~ ^wine-[A-Za-z0-9]{6}$ ]] || return 1
  printf '%s/%s\n' "${TMPDIR:-/tmp}" "$name"
}

# wn_make_template DIR: boot a prefix in DIR for wn_new_prefix to copy (WN_PREFIX_TEMPLATE).
# It is left with no Wine process and no server directory, so each copy starts its own.
wn_make_template() {
  local dir
  dir=$(_wn_abs "${1:?usage: wn_make_template DIR}")
  if ! _wn_wipeable "$dir"; then
    echo "wn_make_template: $dir exists and is not a Wine prefix; not touching it" >&2
    return 1
  fi
  wn_kill_prefix "$dir" || return 1
  mkdir -p "$dir" && _wn_boot "$dir" || return 1
  wn_kill_prefix "$dir" keep || return 1
  touch "$dir/.wslnet-template"
}

# wn_new_prefix DIR: make a fresh 64-bit prefix in DIR (an old prefix there is removed
# first): a copy of $WN_PREFIX_TEMPLATE when that is a template (wn_make_template), else a
# prefix booted with wineboot -i. Start its keeper (which lives as long as the calling
# script, or until wn_kill_prefix), and return when wine answers in it.
wn_new_prefix() {
  local dir tmpl=${WN_PREFIX_TEMPLATE:-}
  dir=$(_wn_abs "${1:?usage: wn_new_prefix DIR}")
  if ! _wn_wipeable "$dir"; then
    echo "wn_new_prefix: $dir exists and is not a Wine prefix; not touching it" >&2
    return 1
  fi
  if [[ -e $dir ]]; then wn_kill_prefix "$dir" || return 1; fi
  if [[ -n $tmpl && -e $tmpl/.wslnet-template ]]; then
    # The template has no wineserver file: this prefix's first process makes its own.
    cp -a -- "$tmpl" "$dir" && rm -f -- "$dir/.wslnet-template" || {
      echo "wn_new_prefix: copying the template $tmpl to $dir failed" >&2
      return 1
    }
  else
    mkdir -p "$dir" && _wn_boot "$dir" || return 1
  fi
  touch "$dir/.wslnet-prefix-ready"
  _wn_keeper_start "$dir" "$$" 0 || return 1
  # Usable: the registry answers.
  local i
  for ((i = 0; i < 120; i++)); do
    if WINEPREFIX=$dir wine reg query 'HKLM\Software\Microsoft\Windows NT\CurrentVersion' \
         /v CurrentBuild </dev/null >/dev/null 2>&1; then
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
  WINEPREFIX=$(_wn_abs "$dir") wine "$@"
}

# wn_kill_prefix DIR [keep]: end every Wine process of prefix DIR (only that prefix: its
# wineserver and keeper), remove its server directory, then remove DIR (unless "keep").
wn_kill_prefix() {
  local dir pid root
  dir=$(_wn_abs "${1:?usage: wn_kill_prefix DIR [keep]}")
  if [[ ! -e $dir ]]; then rm -f "$dir.boot.log"; return 0; fi
  if [[ $dir == / ]] || ! _wn_wipeable "$dir"; then
    echo "wn_kill_prefix: $dir is not a Wine prefix; not removing it" >&2
    return 1
  fi
  if _wn_keeper_alive "$dir"; then
    pid=$(cat "$dir/.wslnet-keeper.pid" 2>/dev/null) && kill "$pid" 2>/dev/null
  fi
  WINEPREFIX=$dir wineserver -k >/dev/null 2>&1 || true
  WINEPREFIX=$dir wineserver -w >/dev/null 2>&1 || true
  if root=$(_wn_server_root "$dir"); then
    rm -rf -- "$root"
    rm -f -- "$dir/wineserver"
  fi
  if [[ ${2:-} == keep ]]; then
    rm -rf -- "$dir/.wslnet-active" "$dir/.wslnet-keeper.out" "$dir/.wslnet-keeper.pid" \
              "$dir/.wslnet-last-use" "$dir/.wslnet-prefix-ready"
    return 0
  fi
  rm -rf -- "$dir" "$dir.boot.log" "$dir.lock"
}
