#!/usr/bin/env bash
# Wine suite: the IP Helper service double (tests/fakes/iphlpsvc) that the
# portproxy tests rely on. It must run as a real service, take PARAMCHANGE,
# serve the port proxy store's rules and relay real TCP traffic, so a wslnet
# test that passes against it means the store and the notification were right.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"
# shellcheck source=../fakes/iphlpsvc/install.sh
. "$WT_ROOT/tests/fakes/iphlpsvc/install.sh"

TCP="$WT_ROOT/tests/fakes/iphlpsvc/tcpcheck.py"
KEY4="$FAKE_IPHLPSVC_STORE\\v4tov4\\tcp"
KEY6="$FAKE_IPHLPSVC_STORE\\v6tov4\\tcp"
STATE="$WT_FAKE/iphlpsvc-state.json"
SERVERS=()

suite_cleanup() {
    local rc=$? pid
    for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null; done
    (exit $rc)
    wt_cleanup
}
trap suite_cleanup EXIT

# The session wineboot -i left runs two services.exe (see install.sh); restart
# it: end it, wait until it is gone, and start lib.sh's keeper again.
keeper=$(cat "$WINEPREFIX/.wslnet-keeper.pid" 2>/dev/null)
wineserver -k >/dev/null 2>&1
wineserver -w >/dev/null 2>&1
for _ in $(seq 100); do { [ -n "$keeper" ] && kill -0 "$keeper" 2>/dev/null; } || break; sleep 0.05; done
_wn_keeper_start "$WINEPREFIX" $$ 0 || { echo "error: the prefix did not restart" >&2; exit 2; }

# serve PORT TAG: a tagged echo server on 127.0.0.1:PORT, up when this returns.
serve() {
    python3 "$TCP" serve 127.0.0.1 "$1" "$2" </dev/null >/dev/null 2>&1 &
    SERVERS+=($!)
    python3 "$TCP" wait 127.0.0.1 "$1" || { echo "error: echo server on $1 did not start" >&2; exit 2; }
}

# want_tcp WHAT ARGS...: tcpcheck.py ARGS succeeds (its message otherwise).
want_tcp() {
    local what=$1 msg
    shift
    msg=$(python3 "$TCP" "$@" 2>&1) || REASONS+=("$what: $msg")
}

# want_state EXPR...: Python over the state file's document d.
want_state() {
    local msg
    msg=$(python3 - "$STATE" "$@" <<'EOF' 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
def rule(name, kind="v4tov4"):
    m = [l for l in d["listeners"] if l["name"] == name and l["kind"] == kind]
    return m[0] if len(m) == 1 else None
bad = [e for e in sys.argv[2:] if not eval(e)]
if bad:
    print("failed: %s; state: %s" % ("; ".join(bad), json.dumps(d)[:900]))
    sys.exit(1)
EOF
) || REASONS+=("state file: $msg")
}

want_controls_last() {
    local last
    last=$(fake_iphlpsvc_controls "$WT_FAKE" | tail -n 1)
    [ "$last" = "$1" ] || REASONS+=("controls log: last line should be '$1', got '$last' (log: $(fake_iphlpsvc_controls "$WT_FAKE" | tr '\n' ' '))")
}

reload() { # reload: PARAMCHANGE and wait until the double loaded the store again
    fake_iphlpsvc_reload wine "$WT_FAKE" 2>"$ERR" || REASONS+=("reload: $(snip "$ERR")")
}

read -r P1 P2 P3 P4 ECHO_A ECHO_B <<<"$(python3 "$TCP" freeports 6)"
serve "$ECHO_A" A
serve "$ECHO_B" B

begin
# A service of that name already in the prefix (as a Windows image has) is replaced.
wine sc create iphlpsvc binpath= 'C:\windows\system32\notepad.exe' >/dev/null 2>&1
wine sc query iphlpsvc >/dev/null 2>&1 || REASONS+=("could not create the placeholder iphlpsvc service")
fake_iphlpsvc_install wine "$FAKES" "$WT_SYSTEM32" 2>"$ERR" ||
    REASONS+=("fake_iphlpsvc_install failed: $(snip "$ERR")")
q=$(fake_iphlpsvc_query wine)
[ "$q" = "state=RUNNING start=demand" ] || REASONS+=("query after install: $q")
wine reg query 'HKLM\SYSTEM\CurrentControlSet\Services\iphlpsvc' /v ImagePath 2>/dev/null |
    grep -qiF 'C:\windows\system32\iphlpsvc.exe' || REASONS+=("ImagePath is not the double's")
want_controls_last start
want_state 'd["loads"] == 1' 'd["running"] is True' 'd["listeners"] == []'
n=$(fake_iphlpsvc_scm_count "$WINEPREFIX")
[ "$n" = 1 ] || REASONS+=("expected one services.exe for the prefix, found $n")
end "install replaces an existing iphlpsvc service and starts the double (empty store)"

begin
wine reg add "$KEY4" /v "127.0.0.1/$P1" /t REG_SZ /d "127.0.0.1/$ECHO_A" /f >/dev/null 2>&1
wine reg add "$KEY4" /v "*/$P2" /t REG_SZ /d "localhost/$ECHO_A" /f >/dev/null 2>&1
reload
want_controls_last 6
want_state 'd["loads"] == 2' 'len(d["listeners"]) == 2' \
    "rule('127.0.0.1/$P1') == {'kind':'v4tov4','name':'127.0.0.1/$P1','listen':'127.0.0.1','port':$P1,'connect':'127.0.0.1','connectPort':$ECHO_A,'ok':True}" \
    "rule('*/$P2')['listen'] == '0.0.0.0' and rule('*/$P2')['connect'] == 'localhost' and rule('*/$P2')['ok']"
want_tcp "relay through 127.0.0.1/$P1" echo 127.0.0.1 "$P1" A
want_tcp "relay through */$P2 (host name target)" echo 127.0.0.1 "$P2" A
end "PARAMCHANGE loads two rules; both listen and relay (half-close passed on)"

begin
want_tcp "8 concurrent connections" concurrent 127.0.0.1 "$P1" A 8
end "several concurrent connections relay independently"

begin
wine reg add "$KEY4" /v "127.0.0.1/$P1" /t REG_SZ /d "127.0.0.1/$ECHO_B" /f >/dev/null 2>&1
wine reg delete "$KEY4" /v "*/$P2" /f >/dev/null 2>&1
reload
want_state 'd["loads"] == 3' 'len(d["listeners"]) == 1' "rule('127.0.0.1/$P1')['connectPort'] == $ECHO_B"
want_tcp "deleted rule */$P2" refused 127.0.0.1 "$P2"
want_tcp "changed target of 127.0.0.1/$P1" echo 127.0.0.1 "$P1" B
end "a deleted rule stops listening; a changed target serves new connections"

begin
# A port the Linux side already holds, a malformed name, a v6tov4 rule.
wine reg add "$KEY4" /v "127.0.0.1/$ECHO_A" /t REG_SZ /d "127.0.0.1/$ECHO_B" /f >/dev/null 2>&1
wine reg add "$KEY4" /v "no-port-here" /t REG_SZ /d "127.0.0.1/$ECHO_B" /f >/dev/null 2>&1
wine reg add "$KEY6" /v "::1/$P3" /t REG_SZ /d "127.0.0.1/$ECHO_A" /f >/dev/null 2>&1
reload
want_state 'd["loads"] == 4' 'len(d["listeners"]) == 4' \
    "rule('127.0.0.1/$ECHO_A')['ok'] is False and 'cannot listen' in rule('127.0.0.1/$ECHO_A')['error']" \
    "rule('no-port-here')['ok'] is False" "rule('127.0.0.1/$P1')['ok']"
grep -q "cannot listen on 127.0.0.1 port $ECHO_A" "$WT_FAKE/iphlpsvc.log" 2>/dev/null ||
    REASONS+=("the bind failure is not in iphlpsvc.log")
want_tcp "127.0.0.1/$P1 after a failed bind" echo 127.0.0.1 "$P1" B
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
    want_state "rule('::1/$P3', 'v6tov4')['ok'] and rule('::1/$P3', 'v6tov4')['listen'] == '::1'"
    want_tcp "v6tov4 ::1/$P3" echo ::1 "$P3" A
else
    echo "# no IPv6 loopback here: the v6tov4 relay is not checked"
fi
wine reg delete "$KEY4" /v "127.0.0.1/$ECHO_A" /f >/dev/null 2>&1
wine reg delete "$KEY4" /v "no-port-here" /f >/dev/null 2>&1
reload
want_state 'd["loads"] == 5' "rule('127.0.0.1/$P1')['ok']"
end "a rule it cannot bind is logged and shown, not fatal; v6tov4 listens on IPv6"

begin
fake_iphlpsvc_disable wine 2>"$ERR" || REASONS+=("disable: $(snip "$ERR")")
q=$(fake_iphlpsvc_query wine)
[ "$q" = "state=STOPPED start=disabled" ] || REASONS+=("query after disable: $q")
want_controls_last 1
want_state 'd["running"] is False' 'd["listeners"] == []'
want_tcp "127.0.0.1/$P1 while disabled" refused 127.0.0.1 "$P1"
fake_iphlpsvc_paramchange wine >/dev/null 2>"$ERR" && REASONS+=("PARAMCHANGE to a stopped service succeeded")
grep -q "error 1062" "$ERR" || REASONS+=("PARAMCHANGE to a stopped service: expected error 1062, got: $(snip "$ERR")")
fake_iphlpsvc_start wine 2>"$ERR" && REASONS+=("a disabled service started")
grep -q "error 1058" "$ERR" || REASONS+=("start while disabled: expected error 1058, got: $(snip "$ERR")")
end "disable: stopped, nothing listens, PARAMCHANGE fails as on Windows (1062)"

begin
fake_iphlpsvc_enable wine 2>"$ERR" || REASONS+=("enable: $(snip "$ERR")")
fake_iphlpsvc_start wine 2>"$ERR" || REASONS+=("start: $(snip "$ERR")")
want_controls_last start
want_state 'd["loads"] == 1' 'd["running"] is True' "rule('127.0.0.1/$P1')['ok']"
want_tcp "127.0.0.1/$P1 after restart" echo 127.0.0.1 "$P1" B
end "enable + start: the store's rules are served again"

begin
# Like iphlpsvc, the double reads the store only when told (start, PARAMCHANGE).
wine reg add "$KEY4" /v "127.0.0.1/$P4" /t REG_SZ /d "127.0.0.1/$ECHO_A" /f >/dev/null 2>&1
sleep 0.5
want_tcp "127.0.0.1/$P4 before PARAMCHANGE" refused 127.0.0.1 "$P4"
end "a rule written without PARAMCHANGE is not served"

begin
old=$(fake_iphlpsvc_loads "$WT_FAKE")
hold_out=$CHECK_TMP/hold.out
python3 "$TCP" hold 127.0.0.1 "$P1" B 8 >"$hold_out" 2>&1 &
hold=$!
for _ in $(seq 100); do grep -qs connected "$hold_out" && break; sleep 0.05; done
wine sc stop iphlpsvc >/dev/null 2>&1
fake_iphlpsvc_stop wine 2>"$ERR" || REASONS+=("stop: $(snip "$ERR")")
q=$(fake_iphlpsvc_query wine)
[ "$q" = "state=STOPPED start=demand" ] || REASONS+=("query after stop: $q")
want_controls_last 1
want_state "d['loads'] == $old" 'd["running"] is False' 'd["listeners"] == []'
want_tcp "127.0.0.1/$P1 after stop" refused 127.0.0.1 "$P1"
wait "$hold" || REASONS+=("an open relay at stop: $(snip "$hold_out")")
end "STOP (Wine's sc stop) ends the service cleanly: listeners and open relays closed"

check_summary
