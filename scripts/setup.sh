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
RECIPE=2

PKGS=(
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64
  wine wine64 wixl msitools
  libcmocka-dev libcjson-dev clang libclang-rt-14-dev
  dpkg-dev iproute2 hyperfine cmake ninja-build python3 openssl ca-certificates socat
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

add_deb_src() {
  log "adding deb-src for bookworm main ($DEB_SRC_FILE)"
  "${SUDO[@]}" tee "$DEB_SRC_FILE" >/dev/null <<'EOF'
# Added by wslnet's scripts/setup.sh: `apt-get source` of cjson and cmocka for mingw builds.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
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
DEP_OUTPUTS=(
  "$PREFIX/include/cjson/cJSON.h" "$PREFIX/lib/libcjson.a"
  "$PREFIX/include/cmocka.h" "$PREFIX/lib/libcmocka.a"
  "$PREFIX/lib/cmake/cJSON/cJSONConfig.cmake" "$PREFIX/lib/cmake/cmocka/cmocka-config.cmake"
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
  rm -rf "$obj"; mkdir -p "$obj" "$out/include/cjson" "$out/lib" "$out/lib/cmake/cJSON" "$out/lib/pkgconfig"
  # CJSON_HIDE_SYMBOLS: no __declspec(dllexport) in the objects, so a DLL linking this
  # archive does not re-export cJSON_*. Consumers get the same define from the target.
  run_logged cjson-compile x86_64-w64-mingw32-gcc -std=c89 -O2 -Wall -Wextra \
    -DCJSON_HIDE_SYMBOLS -ffunction-sections -fdata-sections \
    -c "$src/cJSON.c" -o "$obj/cJSON.o"
  rm -f "$out/lib/libcjson.a"
  run_logged cjson-ar x86_64-w64-mingw32-ar rcs "$out/lib/libcjson.a" "$obj/cJSON.o"
  install -m 644 "$src/cJSON.h" "$out/include/cjson/cJSON.h"
  install -D -m 644 "$src/LICENSE" "$out/share/doc/cjson/LICENSE"

  local v; v=$(sed -n 's/^set(PROJECT_VERSION_MAJOR \([0-9]*\)).*/\1/p; s/^set(PROJECT_VERSION_MINOR \([0-9]*\)).*/\1/p; s/^set(PROJECT_VERSION_PATCH \([0-9]*\)).*/\1/p' "$src/CMakeLists.txt" | paste -sd.)
  [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || v=${CJSON_VER%%-*}
  # Same names as Debian's native libcjson-dev config: target `cjson`, CJSON_INCLUDE_DIRS,
  # CJSON_LIBRARIES; so find_package(cJSON CONFIG) reads the same for both toolchains.
  cat >"$out/lib/cmake/cJSON/cJSONConfig.cmake" <<'EOF'
# cJSON, static, for x86_64-w64-mingw32. Written by wslnet's scripts/setup.sh.
get_filename_component(_cjson_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET cjson)
  add_library(cjson STATIC IMPORTED)
  set_target_properties(cjson PROPERTIES
    IMPORTED_LOCATION "${_cjson_prefix}/lib/libcjson.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_cjson_prefix}/include"
    INTERFACE_COMPILE_DEFINITIONS "CJSON_HIDE_SYMBOLS")
endif()
set(CJSON_UTILS_FOUND OFF)
set(CJSON_INCLUDE_DIRS "${_cjson_prefix}/include")
set(CJSON_INCLUDE_DIR "${_cjson_prefix}/include")
set(CJSON_LIBRARY cjson)
set(CJSON_LIBRARIES cjson)
unset(_cjson_prefix)
EOF
  write_version_file "$out/lib/cmake/cJSON/cJSONConfigVersion.cmake" "$v"
  cat >"$out/lib/pkgconfig/libcjson.pc" <<EOF
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: libcjson
Version: $v
Description: Ultralightweight JSON parser in ANSI C (static, x86_64-w64-mingw32)
Libs: -L\${libdir} -lcjson
Cflags: -I\${includedir} -I\${includedir}/cjson -DCJSON_HIDE_SYMBOLS
EOF
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
  mkdir -p "$out/include" "$out/lib/cmake/cmocka" "$out/lib/pkgconfig"
  local h
  for h in "$stage"/include/*.h; do install -m 644 "$h" "$out/include/"; done
  install -m 644 "$stage/lib/libcmocka-static.a" "$out/lib/libcmocka.a"
  install -D -m 644 "$src/COPYING" "$out/share/doc/cmocka/COPYING"

  local v; v=$(sed -n 's/^project(cmocka VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
  [[ -n $v ]] || v=${CMOCKA_VER%%-*}
  # Same variables as Debian's native cmocka-config.cmake (which has no target):
  # CMOCKA_INCLUDE_DIR, CMOCKA_LIBRARY, CMOCKA_LIBRARIES.
  cat >"$out/lib/cmake/cmocka/cmocka-config.cmake" <<'EOF'
# cmocka, static, for x86_64-w64-mingw32. Written by wslnet's scripts/setup.sh.
# cmocka 1.1.x's header has no dllimport decoration: a static link needs no define.
get_filename_component(_cmocka_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(CMOCKA_INCLUDE_DIR "${_cmocka_prefix}/include")
set(CMOCKA_LIBRARY "${_cmocka_prefix}/lib/libcmocka.a")
set(CMOCKA_LIBRARIES "${_cmocka_prefix}/lib/libcmocka.a")
mark_as_advanced(CMOCKA_LIBRARY CMOCKA_INCLUDE_DIR)
unset(_cmocka_prefix)
EOF
  write_version_file "$out/lib/cmake/cmocka/cmocka-config-version.cmake" "$v"
  cat >"$out/lib/pkgconfig/cmocka.pc" <<EOF
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: cmocka
Description: The cmocka unit testing library (static, x86_64-w64-mingw32)
Version: $v
Libs: -L\${libdir} -lcmocka
Cflags: -I\${includedir}
EOF
}

write_version_file() {
  cat >"$1" <<EOF
set(PACKAGE_VERSION "$2")
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
EOF
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
