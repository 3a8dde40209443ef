#!/usr/bin/env bash
# Wine suite: wslnet proxy list/add/remove/sync through the real exe, with the
# IP Helper service double (tests/fakes/iphlpsvc) and the NetFwPolicy2 double
# (tests/fakes/netfw) installed in the prefix. The VM address comes from the
# per-user registry value WSL keeps (HKCU ...\Lxss NatIpAddress).
#
# Issue 3's "must show" covered here: the bad input table (exit code,
# message, store and firewall unchanged), non-elevated refusal, sync with
# 1,000 owned rules up to date writing nothing and sending no PARAMCHANGE,
# two concurrent adds, foreign rules byte-identical.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"
. "$WT_ROOT/tests/fakes/iphlpsvc/install.sh"
. "$WT_ROOT/tests/fakes/netfw/install.sh"

STORE='HKLM\SYSTEM\CurrentControlSet\Services\PortProxy'
OWNED='HKLM\SOFTWARE\wslnet\PortProxy'
LXSS='HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss'
VM=172.28.20.5
VM2=172.28.21.9

fake_iphlpsvc_install wine "$FAKES" "$WT_SYSTEM32" || { echo "cannot install the iphlpsvc double"; exit 2; }
fake_netfw_install wine "$FAKES" "$WT_SYSTEM32" || { echo "cannot install the NetFwPolicy2 double"; exit 2; }
cp "$FAKES/regtime.exe" "$WT_SYSTEM32/"
wt_reg add "$LXSS" /v NatIpAddress /t REG_SZ /d "$VM" /f
# The NAT subnet WSL records machine-wide: a user's NatIpAddress is used for a change
# only inside it (issue 9 finding 5; tests/exe/suite-mode.sh has the refusals).
wt_reg add 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss' /v NatNetwork /t REG_SZ /d 172.28.16.0/20 /f

# Foreign rules (another program's), seeded before anything runs.
wt_reg add "$STORE\\v4tov4\\tcp" /v '0.0.0.0/3389' /t REG_SZ /d '10.1.2.3/3389' /f
wt_reg add "$STORE\\v4tov4\\tcp" /v '*/5000' /t REG_SZ /d 'buildhost.corp/5000' /f
wt_reg add "$STORE\\v6tov4\\tcp" /v '::/8443' /t REG_SZ /d '127.0.0.1/443' /f
wt_reg add "$STORE\\v4tov4\\tcp" /v 'myhost/7000' /t REG_SZ /d '10.1.2.3/7000' /f
FOREIGN_VALUES=("0.0.0.0/3389" "*/5000" "::/8443" "myhost/7000")

# state: the store, wslnet's records and the firewall double's rules, as text.
# state: the store, the ownership records and the firewall double, with each reader's
# exit code, so that a reader failing shows as such rather than as a changed store.
state() {
    wine reg query "$STORE" /s 2>/dev/null | tr -d '\r' | sort; echo "store query rc=${PIPESTATUS[0]}"
    wine reg query "$OWNED" /s 2>/dev/null | tr -d '\r' | sort; echo "records query rc=${PIPESTATUS[0]}"
    cat "$WT_FAKE/netfw.json" 2>/dev/null; echo "netfw.json rc=$?"
}
controls() { local n; n=$(grep -c '^6$' "$WT_FAKE/iphlpsvc-controls.log" 2>/dev/null); echo "${n:-0}"; }
store_has() { wine reg query "$STORE\\$1\\tcp" /v "$2" 2>/dev/null | tr -d '\r' | grep -qF "$3"; }
owned_has() { wine reg query "$OWNED\\$1" /v "$2" 2>/dev/null | tr -d '\r' | grep -qF "$3"; }
foreign_snapshot() { wine reg export "$STORE" "$(wt_winpath "$CHECK_TMP/$1.reg")" /y >/dev/null 2>&1; }
fw_rule() { # NAME PYTHON-EXPR over r (the rule) -> true/false
    python3 - "$WT_FAKE/netfw.json" "$1" "$2" <<'PY'
import json, sys
path, name, expr = sys.argv[1:]
try:
    rules = json.load(open(path)).get("rules", [])
except Exception:
    rules = []
r = next((x for x in rules if x.get("Name") == name), None)
sys.exit(0 if (r is not None and eval(expr)) else 1)
PY
}
fw_absent() { ! fw_rule "$1" 'True'; }
FW_8080='wslnet proxy v4tov4 0.0.0.0:8080'

# foreign_same BEFORE AFTER: the foreign values are byte-identical in two exports.
foreign_same() {
    python3 - "$CHECK_TMP/$1.reg" "$CHECK_TMP/$2.reg" "${FOREIGN_VALUES[@]}" <<'PY'
import sys
def values(path):
    text = open(path, "rb").read().decode("utf-16")
    out = {}
    section = None
    for line in text.splitlines():
        if line.startswith("["):
            section = line
        elif "=" in line and section:
            name = line.split("=", 1)[0].strip('"')
            out[(section, name)] = line
    return out
before, after = values(sys.argv[1]), values(sys.argv[2])
for name in sys.argv[3:]:
    b = [v for (s, n), v in before.items() if n == name]
    a = [v for (s, n), v in after.items() if n == name]
    if not b or a != b:
        print("foreign value %s: before %r after %r" % (name, b, a)); sys.exit(1)
PY
}

# remove_killed_in_firewall_step PORT: runs `proxy remove PORT` with the
# firewall double hanging in Rules.Remove (after writing a marker): the run is
# stuck between its steps, and interrupt.exe kills it there. Prints
# interrupt.exe's "killed N" / "finished N".
remove_killed_in_firewall_step() {
    local mark="$WT_FAKE/remove-reached"
    rm -f "$mark"
    python3 - "$WT_FAKE/netfw.json" "$(wt_winpath "$mark")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["hang"] = {"Remove": sys.argv[2]}
json.dump(d, open(sys.argv[1], "w"))
PY
    (cd "$CWD" && wine "$FAKES/interrupt.exe" "$(wt_winpath "$mark")" -2 \
        "$(wt_winpath "$BIN/wslnet.exe")" proxy remove "$1" 2>/dev/null | tr -d '\r')
    python3 - "$WT_FAKE/netfw.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d.pop("hang", None)
json.dump(d, open(sys.argv[1], "w"))
PY
}

foreign_snapshot before-all

# ---------------------------------------------------------------- bad input
bad_case() { # DESCRIPTION EXIT REGEX ARGS...
    local what=$1 rc=$2 re=$3 pre post
    shift 3
    begin
    pre=$(state); local c0; c0=$(controls)
    run "$@"
    want_rc "$rc"
    want_err_line "$re"
    run "$@" --json
    want_rc "$rc"
    post=$(state)
    want "store, records or firewall changed" same_state "$pre" "$post"
    want "a PARAMCHANGE was sent" test "$c0" = "$(controls)"
    end "bad input: $what -> exit $rc, nothing changed"
}
bad_case "port 0" 3 "port" proxy add 0 --to wsl
bad_case "port 65536" 3 "port" proxy add 65536 --to wsl
bad_case "port range 80-90" 3 "port" proxy add 80-90 --to wsl
bad_case "port '8080;x'" 3 "port" proxy add '8080;x' --to wsl
bad_case "connect port 0" 3 "port" proxy add 8080 --to wsl --connect-port 0
bad_case "listen address not an address" 3 "listen address" proxy add 8080 --to wsl --listen-address 'not-an-ip'
bad_case "unknown kind" 3 "kind" proxy add 8080 --to wsl --kind v4tov5
bad_case "target not an address or host" 3 "." proxy add 8080 --to 'bad host!'
bad_case "firewall profile unknown" 3 "profile" proxy add 8080 --to wsl --profile home
bad_case "firewall remote not an address" 3 "remote|item" proxy add 8080 --to wsl --remote 300.1.1.1
bad_case "no --to" 2 "--to" proxy add 8080
bad_case "remove port 0" 3 "port" proxy remove 0

begin
pre=$(state); c0=$(controls)
run_limited proxy add 8080 --to wsl
want_rc 7
want_err_line "elevat"
run_limited proxy remove 3389 --force
want_rc 7
run_limited proxy sync
want_rc 7
want "store, records or firewall changed" same_state "$pre" "$(state)"
want "a PARAMCHANGE was sent" test "$c0" = "$(controls)"
end "non-elevated add/remove/sync -> exit 7, nothing changed"

begin
run_limited proxy list --json
want_rc 0
want_json 'd["kind"] == "proxyList"' 'len(d["proxies"]) == 4'
end "non-elevated list works (reading needs no elevation)"

# ---------------------------------------------------------------- add / list
begin
pre=$(state)
run proxy add 8080 --to wsl --dry-run --json
want_rc 0
want_json 'd["kind"] == "proxyAdd"' 'd["dryRun"] is True' 'd["applied"] is False' \
    '[c["op"] for c in d["changes"]] == ["putOwned", "putRule", "putFirewall"]' "d['vmAddress'] == '$VM'"
want "dry run changed something" same_state "$pre" "$(state)"
end "add --dry-run shows the plan, changes nothing"

begin
c0=$(controls)
run proxy add 8080 --to wsl --json
want_rc 0
want_json 'd["applied"] is True' '"notify" in [c["op"] for c in d["changes"]]'
want "store value" store_has v4tov4 '0.0.0.0/8080' "$VM/8080"
want "ownership record" owned_has v4tov4 '0.0.0.0/8080' 'wsl/8080'
want "PARAMCHANGE sent once" test "$((c0 + 1))" = "$(controls)"
want "firewall rule scoped" fw_rule "$FW_8080" \
    'r["Grouping"] == "wslnet" and r["Protocol"] == 6 and r["LocalPorts"] == "8080" and r["Direction"] == 1 and r["Action"] == 1 and r["Profiles"] == 3 and r["RemoteAddresses"] == "LocalSubnet" and r.get("Enabled") in (True, 1, -1)'
end "add 8080 --to wsl: rule at the VM address, record, firewall rule, PARAMCHANGE"

begin
run proxy add 9090 --to 10.9.8.7 --connect-port 80 --no-firewall --json
want_rc 0
want "store value" store_has v4tov4 '0.0.0.0/9090' '10.9.8.7/80'
want "no firewall rule" fw_absent 'wslnet proxy v4tov4 0.0.0.0:9090'
run proxy add 8444 --kind v6tov4 --to wsl --profile any --remote '192.168.1.0/24,10.0.0.1-10.0.0.9' --json
want_rc 0
want "v6tov4 value" store_has v6tov4 '::/8444' "$VM/8444"
want "firewall scope" fw_rule 'wslnet proxy v6tov4 [::]:8444' \
    'r["Profiles"] == 0x7FFFFFFF and r["RemoteAddresses"] == "192.168.1.0/24,10.0.0.1-10.0.0.9"'
end "add a literal target without firewall; v6tov4 listen :: with --profile/--remote"

begin
run proxy add 3389 --to wsl
want_rc 3
want_err_line "foreign|did not|not own|wslnet"
run proxy add 5000 --to wsl --listen-address '*'
want_rc 3
end "add over a foreign rule is refused (exit 3)"

begin
run proxy add 5555 --to wsl --listen-address 127.0.0.1 --no-firewall
want_rc 0
grep -qi 'localhost' "$ERR" || REASONS+=("no localhost-shadowing warning: $(snip "$ERR")")
end "a listener on 127.0.0.1 warns about WSL's localhost forwarding"

begin
run proxy list --json
want_rc 0
want_json 'd["ipHelperService"] == "running"' "d['vmAddress'] == '$VM'" \
    'any(p["listenPort"] == 8080 and p["owner"] == "wslnet" and p["target"] == "wsl" and not p["stale"] for p in d["proxies"] if p["valid"])' \
    'any(p.get("listenPort") == 3389 and p["owner"] == "foreign" for p in d["proxies"])' \
    'any(not p["valid"] and p["registryName"] == "myhost/7000" for p in d["proxies"])'
run proxy list
want_rc 0
want_stdout_has foreign wslnet 8080
end "list: owned vs foreign, invalid store values listed, service state"

# ---------------------------------------------------------------- remove
begin
run proxy remove 3389
want_rc 3
want "foreign rule still there" store_has v4tov4 '0.0.0.0/3389' '10.1.2.3/3389'
run proxy remove 1234
want_rc 4
end "remove refuses a foreign rule (exit 3); nothing there exits 4"

begin
c0=$(controls)
run proxy remove 8080 --json
want_rc 0
want "store value removed" eval "! store_has v4tov4 '0.0.0.0/8080' ."
want "record removed" eval "! owned_has v4tov4 '0.0.0.0/8080' ."
want "firewall rule removed" fw_absent "$FW_8080"
want "PARAMCHANGE after the delete" test "$((c0 + 1))" = "$(controls)"
end "remove: rule, record and firewall rule gone; PARAMCHANGE after deletes"

# ---------------------------------------------------------------- service state
begin
fake_iphlpsvc_stop wine
pre=$(state)
run proxy add 8080 --to wsl
want_rc 5
want_err_line "stopped"
want "changed while the service is stopped" same_state "$pre" "$(state)"
run proxy add 8080 --to wsl --start-service --json
want_rc 0
want_json '"startService" in [c["op"] for c in d["changes"]]'
want "service not running" eval "fake_iphlpsvc_query wine | grep -q RUNNING"
fake_iphlpsvc_disable wine
pre=$(state)
run proxy remove 8080 --start-service
want_rc 5
want_err_line "disabled"
want "changed while disabled" same_state "$pre" "$(state)"
fake_iphlpsvc_enable wine
fake_iphlpsvc_start wine
end "iphlpsvc stopped -> exit 5 (or --start-service starts it); disabled -> exit 5"

# ---------------------------------------------------------------- sync
begin
wt_reg add "$LXSS" /v NatIpAddress /t REG_SZ /d "$VM2" /f
run proxy list --json
want_json 'any(p.get("listenPort") == 8080 and p["stale"] for p in d["proxies"])'
c0=$(controls)
run proxy sync --json
want_rc 0
want_json 'len([c for c in d["changes"] if c["op"] == "putRule"]) == 3' '"notify" in [c["op"] for c in d["changes"]]'
want "8080 re-pointed" store_has v4tov4 '0.0.0.0/8080' "$VM2/8080"
want "literal target kept" store_has v4tov4 '0.0.0.0/9090' '10.9.8.7/80'
want "one PARAMCHANGE" test "$((c0 + 1))" = "$(controls)"
end "VM address changes: sync re-points the three wsl rules only, one PARAMCHANGE"

# 1,000 owned rules, all up to date: sync writes nothing and sends nothing.
begin
{
    printf 'Windows Registry Editor Version 5.00\r\n\r\n'
    printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\PortProxy\\v4tov4\\tcp]\r\n'
    for p in $(seq 20000 20999); do printf '"0.0.0.0/%s"="%s/%s"\r\n' "$p" "$VM2" "$p"; done
    printf '\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\wslnet\\PortProxy\\v4tov4]\r\n'
    for p in $(seq 20000 20999); do printf '"0.0.0.0/%s"="wsl/%s"\r\n' "$p" "$p"; done
} >"$CHECK_TMP/many.reg"
wine regedit /s "$(wt_winpath "$CHECK_TMP/many.reg")" >/dev/null 2>&1
t_store=$(wine regtime.exe 'SYSTEM\CurrentControlSet\Services\PortProxy\v4tov4\tcp' | tr -d '\r')
t_owned=$(wine regtime.exe 'SOFTWARE\wslnet\PortProxy\v4tov4' | tr -d '\r')
c0=$(controls)
sleep 1
run proxy sync --json
want_rc 0
want_json 'd["changes"] == []' 'd["applied"] is False'
want "store key written (last-write time changed)" test "$t_store" = "$(wine regtime.exe 'SYSTEM\CurrentControlSet\Services\PortProxy\v4tov4\tcp' | tr -d '\r')"
want "record key written" test "$t_owned" = "$(wine regtime.exe 'SOFTWARE\wslnet\PortProxy\v4tov4' | tr -d '\r')"
want "PARAMCHANGE sent" test "$c0" = "$(controls)"
want "no timestamps read" test -n "$t_store"
run proxy list --json
want_json 'len([p for p in d["proxies"] if p["owner"] == "wslnet"]) >= 1000'
end "sync with 1,000 owned rules up to date: zero registry writes, zero PARAMCHANGE"

# ---------------------------------------------------------------- concurrency
begin
( cd "$CWD" && wine "$BIN/wslnet.exe" proxy add 9001 --to wsl --no-firewall >"$CHECK_TMP/c1.out" 2>&1; echo $? >"$CHECK_TMP/c1.rc" ) &
( cd "$CWD" && wine "$BIN/wslnet.exe" proxy add 9002 --to wsl --no-firewall >"$CHECK_TMP/c2.out" 2>&1; echo $? >"$CHECK_TMP/c2.rc" ) &
wait
want "first add failed: $(cat "$CHECK_TMP/c1.out")" test "$(cat "$CHECK_TMP/c1.rc")" = 0
want "second add failed: $(cat "$CHECK_TMP/c2.out")" test "$(cat "$CHECK_TMP/c2.rc")" = 0
want "9001 in the store" store_has v4tov4 '0.0.0.0/9001' "$VM2/9001"
want "9002 in the store" store_has v4tov4 '0.0.0.0/9002' "$VM2/9002"
want "9001 owned" owned_has v4tov4 '0.0.0.0/9001' 'wsl/9001'
want "9002 owned" owned_has v4tov4 '0.0.0.0/9002' 'wsl/9002'
end "two concurrent adds (different ports) both land in the store and the owned set"

# ---------------------------------------------------------------- firewall scope (issue 9, finding 7)
begin
run proxy add 8080 --to wsl --json
want_rc 0
want "0.0.0.0 listener: rule for any local address, only the IP Helper service" fw_rule "$FW_8080" \
    'r.get("LocalAddresses") in ("*", None) and r.get("ServiceName") == "iphlpsvc"'
run proxy add 8181 --to 10.0.0.5 --listen-address 192.168.77.10 --json
want_rc 0
want "a listener on one address: rule for that address only, only the IP Helper service" \
    fw_rule 'wslnet proxy v4tov4 192.168.77.10:8181' \
    'r.get("LocalAddresses") == "192.168.77.10" and r.get("ServiceName") == "iphlpsvc" and r["LocalPorts"] == "8181"'
run proxy add 8282 --to 10.0.0.5 --listen-address 127.0.0.1 --json
want_rc 0
want_json '"putFirewall" not in [c["op"] for c in d["changes"]]'
want "no firewall rule for a 127.0.0.1 listener" fw_absent 'wslnet proxy v4tov4 127.0.0.1:8282'
run proxy add 8383 --kind v6tov4 --to 10.0.0.5 --listen-address 0:0::0001 --json
want_rc 0
want "no firewall rule for a ::1 listener" fw_absent 'wslnet proxy v6tov4 [::1]:8383'
want "the listen address (a value since API version 4) is written as canonical text" \
    store_has v6tov4 "::1/8383" "10.0.0.5/8383"
run proxy remove 8181 --listen-address 192.168.77.10
want_rc 0
run proxy remove 8282 --listen-address 127.0.0.1
want_rc 0
run proxy remove 8383 --kind v6tov4 --listen-address ::1
want_rc 0
end "host firewall rule scoped to the listen address and iphlpsvc; none for loopback listeners"

# ---------------------------------------------------------------- interrupted remove (issue 9, finding 4)
begin
run proxy add 8484 --to wsl --json
want_rc 0
FW_8484='wslnet proxy v4tov4 0.0.0.0:8484'
want "firewall rule made" fw_rule "$FW_8484" 'True'
foreign_snapshot before-kill
res=$(remove_killed_in_firewall_step 8484)
want "the remove was killed between its steps ($res)" test "${res%% *}" = killed
want "killed after the store value was deleted" bash -c "! wine reg query '$STORE\\v4tov4\\tcp' /v '0.0.0.0/8484' >/dev/null 2>&1"
want "killed before the firewall rule was deleted" fw_rule "$FW_8484" 'True'
run proxy sync --json
want_rc 0
want_json 'd["recovered"] is not None and "proxy remove" in d["recovered"] and "finished" in d["recovered"]'
want "no store value left" bash -c "! wine reg query '$STORE\\v4tov4\\tcp' /v '0.0.0.0/8484' >/dev/null 2>&1"
want "no ownership record left (sync did not re-create the rule)" bash -c "! wine reg query '$OWNED\\v4tov4' /v '0.0.0.0/8484' >/dev/null 2>&1"
want "no firewall rule left" fw_absent "$FW_8484"
want "journal gone" bash -c "! wine reg query 'HKLM\\SOFTWARE\\wslnet\\Journal' >/dev/null 2>&1"
foreign_snapshot after-kill
want "foreign rules byte-identical" foreign_same before-kill after-kill
run proxy sync
want_rc 0
want "the second sync has nothing to recover" bash -c "! grep -q interrupted '$OUT'"
end "a proxy remove killed between its steps: the next sync finishes it and says so"

begin
run proxy add 8585 --to wsl
want_rc 0
res=$(remove_killed_in_firewall_step 8585)
want "killed ($res)" test "${res%% *}" = killed
run proxy add 8686 --to wsl --no-firewall
want_rc 0
want_stdout_has "First: an interrupted 'proxy remove' was finished"
want "8585's firewall rule gone" fw_absent 'wslnet proxy v4tov4 0.0.0.0:8585'
want "8686 added" store_has v4tov4 '0.0.0.0/8686' "/8686"
run proxy remove 8686
want_rc 0
end "any locked command (here add) finishes an interrupted change first, in the text output too"

begin
SIDU=S-1-5-21-1111111111-2222222222-3333333333-1001
wt_reg add "HKU\\$SIDU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss" /v NatIpAddress /t REG_SZ /d 172.28.20.7 /f
run proxy add 8095 --to wsl --no-firewall --user "$SIDU" --dry-run --json
want_rc 0
want_json "d['vmAddress'] == '172.28.20.7'" "d['vmUserSid'] == '$SIDU'" "d['vmUser'] == '$SIDU'" # Wine: no account name
run proxy add 8095 --to wsl --no-firewall --user "$SIDU" --dry-run
want_rc 0
want_stdout_has "WSL VM address: 172.28.20.7 (registry), the VM of user $SIDU"
run proxy add 8095 --to wsl --no-firewall --dry-run --json
want_rc 0
want_json 'd["vmUser"] is None' 'd["vmUserSid"] is None' 'd["vmAddress"] != "172.28.20.7"'
wt_reg delete "HKU\\$SIDU" /f
end "proxy add --to wsl --user SID: the result names whose VM it used (vmUser, vmUserSid, text); without --user null"

# ---------------------------------------------------------------- foreign rules, at the end
begin
run proxy remove 3389 --force --dry-run --json
want_rc 0
want_json '[c["op"] for c in d["changes"]] == ["deleteRule"]'
foreign_snapshot after-all
want "foreign rules unchanged" foreign_same before-all after-all
end "foreign rules seeded before the suite are byte-identical after it"

check_summary
