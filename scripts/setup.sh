#!/usr/bin/env bash
# Install what wslnet's build and tests need, and build cJSON and cmocka for mingw-w64
# (static, from Debian's own source packages) into build/deps/mingw.
#
#   scripts/setup.sh           install what is missing, build what is not built
#   scripts/setup.sh --check   say what is missing, change nothing (exit 1 if anything is)
#
# Safe to run again: when everything is in place it only checks, and says nothing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPS=$ROOT/build/deps
SRC=$DEPS/src
PREFIX=$DEPS/mingw
LOGS=$DEPS/logs
STAMP=$PREFIX/.wslnet-deps-stamp
TOOLCHAIN=$ROOT/cmake/mingw-w64-x86_64.cmake
DEB_SRC_FILE=/etc/apt/sources.list.d/wslnet-deb-src.sources
# Bump when the way the mingw deps are built changes: a stamp from another recipe rebuilds.
RECIPE=4

PKGS=(
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64
  wine wine64 wixl msitools
  libcmocka-dev libcjson-dev clang libclang-rt-14-dev
  dpkg-dev iproute2 hyperfine cmake ninja-build python3 openssl ca-certificates socat
  libxml2-utils
)

log() { printf 'setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

CHECK=0
case "${1:-}" in
  "") ;;
  --check) CHECK=1 ;;
  -h|--help) sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) die "unknown argument: $1 (try --help)" ;;
esac

SUDO=()
if [[ $EUID -ne 0 ]] && command -v sudo >/dev/null; then SUDO=(sudo); fi
export DEBIAN_FRONTEND=noninteractive

APT_UPDATED=0
apt_update() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    "${SUDO[@]}" apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
}

have_deb_src() {
  # Any deb-src entry for bookworm main, in one-line or deb822 form.
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    grep -Eq '^[[:space:]]*deb-src[[:space:]].*[[:space:]]bookworm[[:space:]].*\bmain\b' "$f" && return 0
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    # Per stanza: Types has deb-src, Suites has bookworm, Components has main, not disabled.
    awk 'BEGIN { RS = ""; found = 0 }
         /(^|\n)[ \t]*Types:[^\n]*deb-src/ && /(^|\n)[ \t]*Suites:[^\n]*[ \t]bookworm([ \t]|\n|$)/ &&
         /(^|\n)[ \t]*Components:[^\n]*[ \t]main([ \t]|\n|$)/ && !/(^|\n)[ \t]*Enabled:[ \t]*no/ { found = 1 }
         END { exit !found }' "$f" && return 0
  done
  return 1
}

# The deb-src stanza for bookworm main, derived from the machine's own enabled `deb` entry
# for bookworm main (its URIs, Suites and Signed-By), in deb822 or one-line form; the
# archive is whichever this machine already uses. Prints nothing when there is none.
deb_src_stanza() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    # deb822: fields may continue on lines that start with a space; '#' lines are comments.
    awk 'function flush() {
           if (types ~ /(^| )deb( |$)/ && suites ~ /(^| )bookworm( |$)/ &&
               comps ~ /(^| )main( |$)/ && tolower(enabled) != "no" && uris != "" && !done) {
             print "Types: deb-src"; print "URIs: " uris; print "Suites: " suites
             print "Components: main"; if (signed != "") print "Signed-By: " signed
             done = 1
           }
           types = uris = suites = comps = enabled = signed = ""; field = ""
         }
         /^[ \t]*#/ { next }
         /^[ \t]*$/ { flush(); next }
         /^[ \t]/ { if (field == "signed-by") signed = signed "\n" $0; next }
         {
           i = index($0, ":"); if (!i) next
           field = tolower(substr($0, 1, i - 1)); v = substr($0, i + 1)
           gsub(/^[ \t]+|[ \t]+$/, "", v); gsub(/[ \t]+/, " ", v)
           if (field == "types") types = v; else if (field == "uris") uris = v
           else if (field == "suites") suites = v; else if (field == "components") comps = v
           else if (field == "enabled") enabled = v; else if (field == "signed-by") signed = v
         }
         END { flush(); exit !done }' "$f" && return 0
  done
  # One-line form: deb [options] URI SUITE COMPONENT...; the suites of the first URI that
  # has bookworm main, each with main.
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '
    /^[ \t]*deb[ \t]/ {
      opts = ""; n = 0
      for (i = 2; i <= NF; i++) {
        if (n == 0 && $i ~ /^\[/) { opts = $i; while ($i !~ /\]$/ && i < NF) { i++; opts = opts " " $i }; continue }
        w[++n] = $i
      }
      if (n < 3) next
      main = 0; for (i = 3; i <= n; i++) if (w[i] == "main") main = 1
      if (!main || w[2] !~ /^bookworm(-[a-z]+)?$/) next
      if (uri == "" && w[2] == "bookworm") {
        uri = w[1]
        if (match(opts, /signed-by=[^] ]+/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
      }
      suites_of[w[1]] = suites_of[w[1]] (suites_of[w[1]] == "" ? "" : " ") w[2]
    }
    END {
      if (uri == "") exit 1
      print "Types: deb-src"; print "URIs: " uri; print "Suites: " suites_of[uri]
      print "Components: main"; if (signed != "") print "Signed-By: " signed
    }'
}

add_deb_src() {
  local stanza
  stanza=$(deb_src_stanza) ||
    die "no enabled 'deb' entry for bookworm main in /etc/apt/sources.list{,.d}: add a deb-src entry for bookworm main (apt-get source cjson and cmocka need it)"
  log "adding deb-src for bookworm main ($DEB_SRC_FILE), from this machine's deb entry"
  printf '# Added by wslnet'"'"'s scripts/setup.sh: `apt-get source` of cjson and cmocka for mingw builds.\n%s\n' \
    "$stanza" | "${SUDO[@]}" tee "$DEB_SRC_FILE" >/dev/null
  APT_UPDATED=0
}

# Run a build step with its output in a log; show the log's tail if it fails.
run_logged() {
  local name=$1; shift
  if ! "$@" >"$LOGS/$name.log" 2>&1; then
    tail -n 40 "$LOGS/$name.log" >&2
    die "$name failed (full log: $LOGS/$name.log)"
  fi
}

# --- Debian packages -----------------------------------------------------------------
# One dpkg-query for all of them; it also gives the source versions of cJSON and cmocka,
# which the mingw builds follow.
declare -A SRCVER=()
MISSING=()
find_missing() {   # sets MISSING and SRCVER
  local -A ok=()
  local name status srcver p
  while IFS=$'\t' read -r name status srcver; do
    if [[ $status == "ii " ]]; then
      ok[$name]=1
      SRCVER[$name]=$srcver
    fi
  done < <(dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\t${source:Version}\n' "${PKGS[@]}" 2>/dev/null || true)
  MISSING=()
  for p in "${PKGS[@]}"; do [[ -n ${ok[$p]:-} ]] || MISSING+=("$p"); done
}

find_missing
if [[ ${#MISSING[@]} -gt 0 ]]; then
  if [[ $CHECK -eq 1 ]]; then
    log "missing packages: ${MISSING[*]}"
  else
    # A machine without the mingw deps will want the deb-src entry too: one update for both.
    if [[ ! -f $STAMP ]] && ! have_deb_src; then add_deb_src; fi
    apt_update
    log "installing: ${MISSING[*]}"
    mkdir -p "$LOGS"
    run_logged apt-install "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${MISSING[@]}"
    find_missing
    [[ ${#MISSING[@]} -eq 0 ]] || die "still missing after install: ${MISSING[*]}"
  fi
fi

# --- cJSON and cmocka for mingw --------------------------------------------------------
# The stamp names the recipe and the Debian source versions; a Debian update of either
# package (or a new recipe) rebuilds both, so native and mingw builds stay the same code.
CJSON_VER=${SRCVER[libcjson-dev]:-}
CMOCKA_VER=${SRCVER[libcmocka-dev]:-}
WANT_STAMP="recipe=$RECIPE cjson=$CJSON_VER cmocka=$CMOCKA_VER"
# Only what the build reads: CMakeLists.txt finds the headers and archives by name
# (find_path/find_library in the toolchain's search root); no package or .pc files.
DEP_OUTPUTS=(
  "$PREFIX/include/cjson/cJSON.h" "$PREFIX/lib/libcjson.a"
  "$PREFIX/include/cmocka.h" "$PREFIX/lib/libcmocka.a"
)
deps_ok() {
  [[ -f $STAMP && "$(<"$STAMP")" == "$WANT_STAMP" ]] || return 1
  local f
  for f in "${DEP_OUTPUTS[@]}"; do [[ -f $f ]] || return 1; done
}

# apt-get source PKG at VERSION if the archive still has it, else its newest version.
fetch_source() {
  local pkg=$1 ver=$2
  if [[ -n $ver ]] && apt-cache showsrc --only-source "$pkg" 2>/dev/null | grep -qx "Version: $ver"; then
    run_logged "apt-source-$pkg" apt-get source -q "$pkg=$ver"
  else
    log "note: $pkg $ver not in the source index; taking the newest $pkg source"
    run_logged "apt-source-$pkg" apt-get source -q "$pkg"
  fi
}

source_dir() {
  local d
  d=$(find "$SRC" -mindepth 1 -maxdepth 1 -type d -name "$1-*" | sort | tail -n 1)
  [[ -n $d ]] || die "no unpacked source for $1 in $SRC"
  printf '%s\n' "$d"
}

build_cjson() {
  local src=$1 out=$2 obj=$DEPS/build-cjson
  rm -rf "$obj"; mkdir -p "$obj" "$out/include/cjson" "$out/lib"
  # CJSON_HIDE_SYMBOLS: no __declspec(dllexport) in the objects, so a DLL linking this
  # archive does not re-export cJSON_*. Code that must not see dllexport either defines it
  # itself (tests/fakes). __NO_ISOCEXT: strtod is msvcrt.dll's, not mingw's C99 copy
  # (19 KB of wslnet.dll, issue 10 item 7); cJSON hands it only [0-9+-.eE] (parse_number).
  # -Os like the release build: 5 KB less than -O2 for documents of a few KB.
  # -flto: the DLL's link-time optimization takes cJSON in too (5.5 KB less):
  # unexported cJSON functions inlined or dropped, literals shared. The object
  # holds GIMPLE only, so it is archived with gcc-ar (ar's LTO plugin keeps its
  # symbol index) and every link of it goes through gcc, as all of ours do.
  run_logged cjson-compile x86_64-w64-mingw32-gcc -std=c89 -Os -flto -Wall -Wextra \
    -DCJSON_HIDE_SYMBOLS -D__NO_ISOCEXT -ffunction-sections -fdata-sections \
    -c "$src/cJSON.c" -o "$obj/cJSON.o"
  rm -f "$out/lib/libcjson.a"
  run_logged cjson-ar x86_64-w64-mingw32-gcc-ar rcs "$out/lib/libcjson.a" "$obj/cJSON.o"
  install -m 644 "$src/cJSON.h" "$out/include/cjson/cJSON.h"
}

build_cmocka() {
  local src=$1 out=$2 bld=$DEPS/build-cmocka stage=$DEPS/stage-cmocka
  rm -rf "$bld" "$stage"
  # cmocka 1.1.x always builds its DLL; WITH_STATIC_LIB adds libcmocka-static.a. Only the
  # headers and the static archive are kept (as libcmocka.a): no import library, so
  # nothing can link the DLL by accident.
  run_logged cmocka-configure cmake -S "$src" -B "$bld" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$stage" -DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF \
    -DWITH_CMOCKERY_SUPPORT=OFF -DPICKY_DEVELOPER=OFF
  run_logged cmocka-build cmake --build "$bld"
  run_logged cmocka-install cmake --install "$bld"
  mkdir -p "$out/include" "$out/lib"
  local h
  for h in "$stage"/include/*.h; do install -m 644 "$h" "$out/include/"; done
  install -m 644 "$stage/lib/libcmocka-static.a" "$out/lib/libcmocka.a"
}

build_deps() {
  mkdir -p "$SRC" "$LOGS"
  exec 8>"$DEPS/.lock"
  flock 8
  if deps_ok; then exec 8>&-; return 0; fi   # another setup.sh built them meanwhile

  if ! have_deb_src; then add_deb_src; fi
  if ! apt-cache showsrc --only-source cjson 2>/dev/null | grep -q '^Version:' ||
     ! apt-cache showsrc --only-source cmocka 2>/dev/null | grep -q '^Version:'; then
    apt_update
  fi

  log "fetching Debian sources: cjson $CJSON_VER, cmocka $CMOCKA_VER"
  find "$SRC" -mindepth 1 -maxdepth 1 -type d \( -name 'cjson-*' -o -name 'cmocka-*' \) -exec rm -rf {} +
  (cd "$SRC" && fetch_source cjson "$CJSON_VER" && fetch_source cmocka "$CMOCKA_VER")

  local tmp=$PREFIX.tmp
  rm -rf "$tmp"; mkdir -p "$tmp"
  log "building cJSON for x86_64-w64-mingw32 (static)"
  build_cjson "$(source_dir cjson)" "$tmp"
  log "building cmocka for x86_64-w64-mingw32 (static)"
  build_cmocka "$(source_dir cmocka)" "$tmp"
  printf '%s\n' "$WANT_STAMP" >"$tmp/.wslnet-deps-stamp"
  rm -rf "$PREFIX"; mv "$tmp" "$PREFIX"
  rm -rf "$DEPS/build-cjson" "$DEPS/build-cmocka" "$DEPS/stage-cmocka"
  exec 8>&-
  log "mingw deps ready in ${PREFIX#"$ROOT"/}"
}

if ! deps_ok; then
  if [[ $CHECK -eq 1 ]]; then
    if [[ -z $CJSON_VER || -z $CMOCKA_VER ]]; then
      log "mingw cJSON/cmocka: not built (libcjson-dev/libcmocka-dev missing)"
    else
      log "mingw cJSON/cmocka: not built or out of date (${PREFIX#"$ROOT"/})"
    fi
    have_deb_src || log "no deb-src entry for bookworm main"
  else
    build_deps
  fi
  [[ $CHECK -eq 1 ]] || deps_ok || die "mingw deps are not complete after the build"
fi

# --- PowerShell module tests ------------------------------------------------------------
# Not needed to build or for the demo: tests/ps/run.sh installs its own tools (PowerShell,
# Pester, npm packages) through tests/ps/setup.sh when the tests run. Say what they need.
if ! command -v dotnet >/dev/null; then
  log "note: the PowerShell module tests (tests/ps) need the .NET SDK (package dotnet-sdk-10.0"
  log "      from Microsoft's Debian feed, or dotnet.microsoft.com) to fetch PowerShell and Pester"
  log "      from NuGet, and npm (apt-get install npm); building and the demo do not"
elif ! command -v npm >/dev/null; then
  log "note: the PowerShell module tests (tests/ps) need npm (apt-get install npm); building and the demo do not"
fi

if [[ $CHECK -eq 1 ]]; then
  if [[ ${#MISSING[@]} -gt 0 ]] || ! deps_ok; then exit 1; fi
  log "everything is in place"
fi
