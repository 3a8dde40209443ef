# shellcheck shell=bash
# tests/fakes/iphlpsvc/install.sh - install and drive the IP Helper service
# double (iphlpsvc.exe, see main.c) in a Wine prefix. Source it.
#
# RUNNER is the name of a function or command that runs a Windows program in
# the prefix with its arguments and returns the program's exit code: `wine`
# (tests/exe suites, WINEPREFIX exported), `wt_wine`, or `e2e_wine` (inside
# the e2e network namespace). FAKE_DIR is the prefix's C:\wslnet-fake as a
# Linux path ($WT_FAKE, $E2E_FAKE).
#
# The prefix must be kept up by an ordinary process for the service to live
# between calls (wn_new_prefix and e2e_prefix_up both keep one).
#
#   fake_iphlpsvc_install RUNNER FAKES_DIR SYSTEM32_DIR
#       copies iphlpsvc.exe and svcctl.exe into SYSTEM32_DIR, creates the
#       service "iphlpsvc" (own process, demand start, binPath
#       C:\windows\system32\iphlpsvc.exe; a service of that name already in
#       the prefix is stopped and replaced), and starts it. Returns 0 when it
#       runs and has loaded the store once.
#   fake_iphlpsvc_start RUNNER      start; returns when it runs and has loaded
#                                   (its "loads" count restarts at 1)
#   fake_iphlpsvc_stop RUNNER       stop; returns when it stopped
#   fake_iphlpsvc_disable RUNNER    start type disabled, and stopped
#   fake_iphlpsvc_enable RUNNER     start type demand (does not start it)
#   fake_iphlpsvc_paramchange RUNNER   ControlService(iphlpsvc, PARAMCHANGE),
#                                   as wslnet does; the exit code is svcctl's
#   fake_iphlpsvc_query RUNNER      prints "state=RUNNING start=demand"
#   fake_iphlpsvc_loads FAKE_DIR    prints the state file's "loads" (0: none)
#   fake_iphlpsvc_wait_load FAKE_DIR OLD_COUNT [TIMEOUT_S]
#       waits (default 10 s) until "loads" exceeds OLD_COUNT; 1 on timeout
#   fake_iphlpsvc_reload RUNNER FAKE_DIR   paramchange, then wait_load
#   fake_iphlpsvc_controls FAKE_DIR prints the controls log ("start", codes)
#   fake_iphlpsvc_scm_count PREFIX  prints how many services.exe (Service
#                                   Control Managers) run for Wine prefix PREFIX
#
# Wine 8's `wineboot -i` on a new prefix leaves TWO services.exe running in the
# session it started (observed with Debian's wine 8.0, with or without a
# persistent wineserver; a later session has one). Both serve the svcctl pipe,
# so OpenService/ControlService calls reach one or the other at random: a
# service created through one is "not found" (1060) through the other, and a
# PARAMCHANGE may go to the SCM that does not run it (1062). End that first
# session (`wineserver -k`; then `wineserver -p` again for a persistent server)
# before using services in the prefix; fake_iphlpsvc_install refuses to run
# while there are two.
#
# Store key of a kind (v4tov4, v4tov6, v6tov4, v6tov6), for `reg add`:
# shellcheck disable=SC2034  # used by the scripts that source this file
FAKE_IPHLPSVC_STORE='HKLM\SYSTEM\CurrentControlSet\Services\PortProxy'

_fake_iphlpsvc_svcctl() {
    local runner=$1
    shift
    "$runner" svcctl.exe "$@" </dev/null
}

fake_iphlpsvc_install() {
    local runner=${1:?usage: fake_iphlpsvc_install RUNNER FAKES_DIR SYSTEM32_DIR}
    local fakes=${2:?usage: fake_iphlpsvc_install RUNNER FAKES_DIR SYSTEM32_DIR}
    local system32=${3:?usage: fake_iphlpsvc_install RUNNER FAKES_DIR SYSTEM32_DIR}
    local f prefix n
    prefix=$(cd "$system32/../../.." && pwd) || return 1
    n=$(fake_iphlpsvc_scm_count "$prefix")
    if [ "$n" -gt 1 ]; then
        echo "fake_iphlpsvc_install: $n services.exe run for $prefix (left by wineboot -i);" \
             "service calls would reach either at random; end that session first (wineserver -k)" >&2
        return 1
    fi
    for f in iphlpsvc.exe svcctl.exe; do
        [ -f "$fakes/$f" ] || { echo "fake_iphlpsvc_install: $fakes/$f is missing" >&2; return 1; }
    done
    # An older copy may be running (a reinstall): stop it before overwriting.
    if _fake_iphlpsvc_svcctl "$runner" query iphlpsvc >/dev/null 2>&1; then
        _fake_iphlpsvc_svcctl "$runner" stop iphlpsvc >/dev/null || return 1
    fi
    cp "$fakes/iphlpsvc.exe" "$fakes/svcctl.exe" "$system32/" || return 1
    _fake_iphlpsvc_svcctl "$runner" install iphlpsvc 'C:\windows\system32\iphlpsvc.exe' >/dev/null ||
        return 1
    fake_iphlpsvc_start "$runner"
}

fake_iphlpsvc_start() {
    _fake_iphlpsvc_svcctl "${1:?usage: fake_iphlpsvc_start RUNNER}" start iphlpsvc
}

fake_iphlpsvc_stop() {
    _fake_iphlpsvc_svcctl "${1:?usage: fake_iphlpsvc_stop RUNNER}" stop iphlpsvc
}

fake_iphlpsvc_disable() {
    local runner=${1:?usage: fake_iphlpsvc_disable RUNNER}
    _fake_iphlpsvc_svcctl "$runner" starttype iphlpsvc disabled || return 1
    _fake_iphlpsvc_svcctl "$runner" stop iphlpsvc
}

fake_iphlpsvc_enable() {
    _fake_iphlpsvc_svcctl "${1:?usage: fake_iphlpsvc_enable RUNNER}" starttype iphlpsvc demand
}

fake_iphlpsvc_paramchange() {
    _fake_iphlpsvc_svcctl "${1:?usage: fake_iphlpsvc_paramchange RUNNER}" control iphlpsvc 6
}

fake_iphlpsvc_query() {
    _fake_iphlpsvc_svcctl "${1:?usage: fake_iphlpsvc_query RUNNER}" query iphlpsvc | tr -d '\r'
}

fake_iphlpsvc_loads() {
    local f=${1:?usage: fake_iphlpsvc_loads FAKE_DIR}/iphlpsvc-state.json n
    n=$(sed -n 's/.*"loads":\([0-9][0-9]*\).*/\1/p' "$f" 2>/dev/null)
    echo "${n:-0}"
}

fake_iphlpsvc_wait_load() {
    local dir=${1:?usage: fake_iphlpsvc_wait_load FAKE_DIR OLD_COUNT [TIMEOUT_S]}
    local old=${2:?usage: fake_iphlpsvc_wait_load FAKE_DIR OLD_COUNT [TIMEOUT_S]}
    local ticks=$((${3:-10} * 20)) i
    for ((i = 0; i < ticks; i++)); do
        [ "$(fake_iphlpsvc_loads "$dir")" -gt "$old" ] && return 0
        sleep 0.05
    done
    echo "fake_iphlpsvc_wait_load: no reload of the iphlpsvc double within ${3:-10} s" \
         "(loads still $(fake_iphlpsvc_loads "$dir"))" >&2
    return 1
}

fake_iphlpsvc_reload() {
    local runner=${1:?usage: fake_iphlpsvc_reload RUNNER FAKE_DIR}
    local dir=${2:?usage: fake_iphlpsvc_reload RUNNER FAKE_DIR} old
    old=$(fake_iphlpsvc_loads "$dir")
    fake_iphlpsvc_paramchange "$runner" || return 1
    fake_iphlpsvc_wait_load "$dir" "$old"
}

fake_iphlpsvc_controls() {
    cat "${1:?usage: fake_iphlpsvc_controls FAKE_DIR}/iphlpsvc-controls.log" 2>/dev/null
}

fake_iphlpsvc_scm_count() {
    local prefix pid value n=0
    prefix=$(readlink -f "${1:?usage: fake_iphlpsvc_scm_count PREFIX}")
    for pid in $(pgrep -f 'system32\\services\.exe'); do
        value=$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | sed -n 's/^WINEPREFIX=//p')
        [ -n "$value" ] && [ "$(readlink -f "$value")" = "$prefix" ] && n=$((n + 1))
    done
    echo "$n"
}
