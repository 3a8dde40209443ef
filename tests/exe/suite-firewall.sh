#!/usr/bin/env bash
# Wine suite: the Hyper-V firewall commands (wslnet firewall ...) through the
# real exe. First against Wine's own WMI (no ROOT\StandardCimv2: the
# unsupported path), then against the fake WMI provider (tests/fakes/wbem,
# registered as the WbemLocator class; state C:\wslnet-fake\wmi.json, calls
# in wmi-calls.log), which records exactly what wslnet Put, VARIANT types
# included.
. "$(dirname "$0")/lib.sh"
wt_setup "$@"
# shellcheck source=../fakes/wbem/install.sh
. "$WT_ROOT/tests/fakes/wbem/install.sh"

STATE=$WT_FAKE/wmi.json
CALLS=$WT_FAKE/wmi-calls.log
WSL='{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'

# seed JSON: the fake's whole state; the call log starts empty.
seed() { printf '%s' "$1" >"$STATE"; : >"$CALLS"; }
state_sum() { sha256sum "$STATE" 2>/dev/null | cut -d' ' -f1; }
calls() { tr -d '\r' <"$CALLS" 2>/dev/null; }

# want_state 'EXPR'...: Python over the state file: s (the document),
# rules(store) / settings(store) (instance lists), rule(name, store),
# written(inst) (the properties the client Put: without provider-computed
# ones), val(inst, prop).
want_state() {
    local msg
    msg=$(python3 - "$STATE" "$@" <<'PYEOF' 2>&1
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
def store(name="PersistentStore"): return s.get("stores", {}).get(name, {})
def rules(st="PersistentStore"): return store(st).get("MSFT_NetFirewallHyperVRule", [])
def settings(st="PersistentStore"): return store(st).get("MSFT_NetFirewallHyperVVMSetting", [])
def val(inst, prop):
    v = inst.get(prop)
    return v.get("value") if isinstance(v, dict) else v
def rule(name, st="PersistentStore"):
    for r in rules(st):
        if str(val(r, "InstanceID")).lower() == name.lower():
            return r
    return None
def written(inst): return {k: v for k, v in inst.items() if not (isinstance(v, dict) and v.get("by") == "provider")}
bad = []
for e in sys.argv[2:]:
    try:
        ok = eval(e)
    except Exception as ex:
        ok = False
        e = "%s (raised %s: %s)" % (e, type(ex).__name__, ex)
    if not ok:
        bad.append(e)
if bad:
    print("; ".join("failed: " + b for b in bad), "| state:", json.dumps(s)[:1200])
    sys.exit(1)
PYEOF
    ) || REASONS+=("[state after $LAST_CMD] $msg")
}

# ---------------------------------------------------------------- Wine's WMI

begin
run firewall settings get --json
want_error unsupported '"no Hyper-V firewall" in d["error"]["message"]' \
    '"WBEM_E_INVALID_NAMESPACE (0x8004100E)" in d["error"]["message"]'
run firewall rule list
want_rc 9
want_err_line "no Hyper-V firewall.*Windows 11 22H2"
end "Wine's own WMI (no ROOT\\StandardCimv2): every firewall command says unsupported (exit 9)"

fake_wmi_install wt_wine "$FAKES" "$WT_SYSTEM32" || { echo "not ok - fake WMI provider not installed"; exit 1; }

# ---------------------------------------------------------------- capability

begin
seed '{"mode": "unsupported"}'
run firewall settings get --json
want_error unsupported '"MSFT_NetFirewallHyperVVMCreator" in d["error"]["message"]' \
    '"WBEM_E_NOT_FOUND (0x80041002)" in d["error"]["message"]'
run firewall rule add --name web --protocol tcp --local-port 80 --json
want_error unsupported
want_state 'rules() == []'
seed '{"mode": "nonamespace"}'
run firewall rule list --json
want_error unsupported '"WBEM_E_INVALID_NAMESPACE" in d["error"]["message"]'
end "fake without the classes / without the namespace: unsupported, nothing written"

begin
seed '{"mode": "v1"}'
run firewall settings get --json
want_rc 0
want_json 'd["kind"] == "firewallSettings"' 'd["firewall"]["support"] == "v1"' \
    '"needs version 2" in d["firewall"]["warning"]' 'd["settings"]["exists"] is False'
seed '{"mode": "v2"}'
run firewall settings get --json
want_json 'd["firewall"]["support"] == "v2"' 'd["firewall"]["warning"] == ""' \
    'd["firewall"]["disabledByRegistry"] is False'
wt_reg add 'HKLM\SYSTEM\CurrentControlSet\Services\MpsSvc\Parameters' /v HyperVFirewallDisable /t REG_DWORD /d 1 /f
run firewall settings get --json
want_json 'd["firewall"]["disabledByRegistry"] is True' '"HyperVFirewallDisable=1" in d["firewall"]["warning"]'
wt_reg delete 'HKLM\SYSTEM\CurrentControlSet\Services\MpsSvc\Parameters' /v HyperVFirewallDisable /f
want "the probe follows WSL's (GetObject creator class, query profiles)" \
    grep -q 'ExecQuery SELECT \* FROM MSFT_NetFirewallHyperVProfile' "$CALLS"
want "the proxy blanket is WINNT (10), call level (3), impersonate (3)" \
    grep -q 'SetBlanket authn=10 authz=0 level=3 imp=3' "$CALLS"
end "capability probe: v1 (mirrored only) and v2; HyperVFirewallDisable=1 reported"

# ---------------------------------------------------------------- settings

begin
seed '{"mode": "v2"}'
run firewall settings set --default-inbound allow --loopback true --json
want_rc 0
want_json 'd["kind"] == "firewallSettingsChange"' 'd["create"] is True' 'd["applied"] is True' \
    'd["changed"] == ["DefaultInboundAction", "LoopbackEnabled"]' \
    'd["after"]["defaultInboundAction"] == "allow"' 'd["after"]["loopbackEnabled"] == "true"' \
    'd["after"]["enabled"] is None'
# Created as WSL creates it: InstanceID and Name = the creator, uint16 values as VT_I4.
want_state 'len(settings()) == 1' \
    'written(settings()[0]) == {"InstanceID": {"value": "'"$WSL"'", "cimtype": "string", "vt": "VT_BSTR"}, "Name": {"value": "'"$WSL"'", "cimtype": "string", "vt": "VT_BSTR"}, "DefaultInboundAction": {"value": 2, "cimtype": "uint16", "vt": "VT_I4"}, "LoopbackEnabled": {"value": 1, "cimtype": "uint16", "vt": "VT_I4"}}'
want "PutInstance went to the persistent store with CREATE_OR_UPDATE" \
    grep -q 'PutInstance MSFT_NetFirewallHyperVVMSetting.*store=PersistentStore flags=0x0 -> 0x00000000' "$CALLS"
run firewall settings get --json
want_json 'd["store"] == "persistent"' 'd["settings"]["exists"] is True' \
    'd["settings"]["vmCreatorId"] == "'"$WSL"'"' 'd["settings"]["defaultInboundAction"] == "allow"' \
    'd["settings"]["loopbackEnabled"] == "true"' 'd["settings"]["defaultOutboundAction"] is None'
sum=$(state_sum)
run firewall settings set --default-inbound allow --loopback true --json
want_json 'd["changed"] == []' 'd["applied"] is False' 'd["create"] is False'
want "the same values again write nothing" test "$sum" = "$(state_sum)"
run firewall settings set --enabled false --default-outbound block --json
want_json 'd["changed"] == ["Enabled", "DefaultOutboundAction"]' 'd["applied"] is True'
want_state 'val(settings()[0], "Enabled") == 0' 'val(settings()[0], "DefaultOutboundAction") == 4' \
    'val(settings()[0], "DefaultInboundAction") == 2' 'val(settings()[0], "LoopbackEnabled") == 1'
run firewall settings get
want_rc 0
want_stdout_has "DefaultOutboundAction: block" "Enabled:               false"
end "settings round trip: create-or-update, values kept, same values twice write nothing"

begin
seed '{"mode": "v2", "stores": {"ActiveStore": {"MSFT_NetFirewallHyperVVMSetting": [{"InstanceID": "'"$WSL"'", "Name": "'"$WSL"'", "Enabled": 1, "DefaultInboundAction": 4, "DefaultOutboundAction": 2, "LoopbackEnabled": 2, "AllowHostPolicyMerge": 1}]}}}'
run firewall settings get --store active --json
want_json 'd["store"] == "active"' 'd["settings"]["enabled"] == "true"' \
    'd["settings"]["defaultInboundAction"] == "block"' 'd["settings"]["loopbackEnabled"] == "notConfigured"' \
    'd["settings"]["allowHostPolicyMerge"] == "true"'
want "the query carried PolicyStore=ActiveStore" \
    grep -q 'ExecQuery SELECT \* FROM MSFT_NetFirewallHyperVVMSetting store=ActiveStore' "$CALLS"
run firewall settings get --json
want_json 'd["settings"]["exists"] is False'
run firewall settings get --store other
want_rc 3
end "settings get --store active reads the active store (IWbemContext PolicyStore)"

# ---------------------------------------------------------------- rules

# The expected instance: what `New-NetFirewallHyperVRule -Name X -DisplayName X
# -Direction Inbound -VMCreatorId '{40E0AC32-...}' -Protocol TCP -LocalPorts 80`
# is documented to create (learn.microsoft.com: New-NetFirewallHyperVRule for
# the parameters and their defaults Action Allow, Enabled True, Profiles Any;
# WFasCim MSFT_NetFirewallHyperVRule for the property names, the values
# Direction 1 = Inbound, Action 2 = Allow, Enabled 1 = True, Profiles 0 = Any,
# and DisplayName being read-only, derived from ElementName), in the VARIANT
# types WSL's own code writes them (WslCoreFirewallSupport.cpp: uint16 as
# VT_I4, string[] as a SAFEARRAY of BSTR). RulePriority is left 0/unset: the
# provider assigns 2 to an Allow rule. X = wslnet-web, a name with wslnet's
# prefix, so that the command is exactly the cmdlet's.
EXPECTED='{"InstanceID": {"value": "wslnet-web", "cimtype": "string", "vt": "VT_BSTR"},
 "ElementName": {"value": "wslnet-web", "cimtype": "string", "vt": "VT_BSTR"},
 "Direction": {"value": 1, "cimtype": "uint16", "vt": "VT_I4"},
 "VMCreatorId": {"value": "'"$WSL"'", "cimtype": "string", "vt": "VT_BSTR"},
 "Protocol": {"value": "TCP", "cimtype": "string", "vt": "VT_BSTR"},
 "LocalPorts": {"value": ["80"], "cimtype": "string[]", "vt": "VT_ARRAY|VT_BSTR"},
 "Action": {"value": 2, "cimtype": "uint16", "vt": "VT_I4"},
 "Enabled": {"value": 1, "cimtype": "uint16", "vt": "VT_I4"},
 "Profiles": {"value": 0, "cimtype": "uint16", "vt": "VT_I4"}}'

begin
seed '{"mode": "v2"}'
run firewall rule add --name wslnet-web --display-name wslnet-web --direction in --vm-creator "$WSL" --protocol tcp --local-port 80 --json
want_rc 0
want_json 'd["kind"] == "firewallRuleChange"' 'd["op"] == "create"' 'd["applied"] is True' \
    'd["rule"]["name"] == "wslnet-web"' 'd["rule"]["owned"] is True'
want_state 'len(rules()) == 1'
# Field by field against the table above: every property, value, CIM type and VARIANT type.
want_state "written(rule('wslnet-web')) == json.loads('''$EXPECTED''')"
want_state 'rule("wslnet-web")["RulePriority"]["by"] == "provider"' 'val(rule("wslnet-web"), "DisplayName") == "wslnet-web"'
run firewall rule list --json
want_json 'd["kind"] == "firewallRuleList"' 'len(d["rules"]) == 1' 'd["rules"][0]["name"] == "wslnet-web"' \
    'd["rules"][0]["localPorts"] == ["80"]' 'd["rules"][0]["protocol"] == "TCP"' 'd["rules"][0]["direction"] == "inbound"' \
    'd["rules"][0]["action"] == "allow"' 'd["rules"][0]["rulePriority"] == 2' 'd["rules"][0]["displayName"] == "wslnet-web"'
end "rule add writes exactly New-NetFirewallHyperVRule's documented instance (values and VARIANT types)"

begin
sum=$(state_sum)
run firewall rule add --name web --display-name wslnet-web --protocol TCP --local-port 80 --json
want_json 'd["op"] == "none"' 'd["applied"] is False'
want "an identical add writes nothing" test "$sum" = "$(state_sum)"
run firewall rule add --name web --protocol udp --remote-port 53,5000-5010 --remote-address 10.0.0.0/255.0.0.0,fe80::1-fe80::9 --profile private,public --action block --direction out --json
want_json 'd["op"] == "update"' 'd["applied"] is True'
want_state 'len(rules()) == 1' 'val(rule("wslnet-web"), "Protocol") == "UDP"' 'val(rule("wslnet-web"), "Action") == 4' \
    'val(rule("wslnet-web"), "Direction") == 2' 'val(rule("wslnet-web"), "Profiles") == 6' \
    '"LocalPorts" not in rule("wslnet-web")' 'val(rule("wslnet-web"), "RemotePorts") == ["53", "5000-5010"]' \
    'rule("wslnet-web")["RemoteAddresses"]["vt"] == "VT_ARRAY|VT_BSTR"' \
    'val(rule("wslnet-web"), "RemoteAddresses") == ["10.0.0.0/8", "fe80::1-fe80::9"]' \
    'val(rule("wslnet-web"), "ElementName") == "wslnet-web"'
end "rule add again: same values change nothing; other values replace wslnet's rule (old conditions gone)"

FOREIGN='{"InstanceID": "WslCore-Allow-Inbound-ICMPv6-1-x", "ElementName": "WslCore Inbound ICMPv6", "Direction": 1, "Action": 2, "Enabled": 1, "VMCreatorId": "'"$WSL"'", "Protocol": "ICMPv6"}'
OTHER='{"InstanceID": "docker-rule", "ElementName": "Docker", "Direction": 1, "Action": 4, "Enabled": 1, "VMCreatorId": "{00000000-0000-0000-0000-000000000001}", "Protocol": "TCP", "LocalPorts": ["2375"]}'
begin
seed '{"mode": "v2", "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": ['"$FOREIGN"', '"$OTHER"']}}}'
run firewall rule add --name web --protocol tcp --local-port 8080 --json
want_rc 0
run firewall rule list --json
want_json 'sorted(r["name"] for r in d["rules"]) == ["WslCore-Allow-Inbound-ICMPv6-1-x", "wslnet-web"]' \
    '[r["owned"] for r in d["rules"] if r["name"] == "WslCore-Allow-Inbound-ICMPv6-1-x"] == [False]'
run firewall rule list --all --json
want_json 'len(d["rules"]) == 3' 'd["vmCreatorId"] is None'
sum=$(state_sum)
run firewall rule remove --name WslCore-Allow-Inbound-ICMPv6-1-x --json
want_error invalidInput '"not created by wslnet" in d["error"]["message"]' '"--force" in d["error"]["message"]'
want "a refused remove changes nothing" test "$sum" = "$(state_sum)"
run firewall rule remove --name web --json
want_rc 0
want_json 'd["op"] == "delete"' 'd["applied"] is True' 'd["rule"]["name"] == "wslnet-web"'
want_state 'rule("wslnet-web") is None' "written(rule('WslCore-Allow-Inbound-ICMPv6-1-x')) == json.loads('''$FOREIGN''')" \
    "written(rule('docker-rule')) == json.loads('''$OTHER''')"
want "DeleteInstance by object path" grep -q 'DeleteInstance MSFT_NetFirewallHyperVRule.InstanceID="wslnet-web" store=PersistentStore' "$CALLS"
run firewall rule remove --name web
want_rc 4
want_err_line "no Hyper-V firewall rule is named 'wslnet-web'"
run firewall rule remove --name docker-rule --force --json
want_json 'd["op"] == "delete"' 'd["rule"]["owned"] is False'
want_state 'rule("docker-rule") is None' 'rule("WslCore-Allow-Inbound-ICMPv6-1-x") is not None'
end "foreign rules: listed, never changed; remove refuses them without --force (exit 3), removes with it"

# ---------------------------------------------------------------- errors

begin
seed '{"mode": "v2", "fail": {"PutInstance": "0x80041003"}}'
run firewall rule add --name web --protocol tcp --local-port 80 --json
want_error accessDenied '"WBEM_E_ACCESS_DENIED (0x80041003)" in d["error"]["message"]' \
    'd["error"]["code"] == 0x80041003' '"nothing was changed" in d["error"]["message"]'
want_state 'rules() == []'
seed '{"mode": "v2", "fail": {"PutInstance": "0x80041008"}}'
run firewall settings set --loopback true
want_rc 3
want_err_line "WBEM_E_INVALID_PARAMETER \\(0x80041008\\)"
want_state 'settings() == []'
seed '{"mode": "v2", "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": [{"InstanceID": "wslnet-x", "Direction": 1}]}}, "fail": {"DeleteInstance": "0x80041004"}}'
run firewall rule remove --name x --json
want_error systemError '"WBEM_E_PROVIDER_FAILURE (0x80041004)" in d["error"]["message"]'
want_state 'rule("wslnet-x") is not None'
end "WMI failures surface with the WBEM error's name and HRESULT, nothing changed"

begin
seed '{"mode": "v2"}'
run firewall rule add --name web --protocol icmpv4 --local-port 80 --json
want_error invalidInput '"only to --protocol tcp or udp" in d["error"]["message"]'
run firewall rule add --name web --protocol tcp --remote-address LocalSubnet
want_rc 3
want_err_line "host firewall keyword"
run firewall rule add --name web --protocol tcp --local-port 2000-1000
want_rc 3
run firewall rule add --name web --protocol tcp --vm-creator 40E0AC32-46A5-438A-A0B2-2B479E8F2E90
want_rc 3
want_err_line "braced GUID"
run firewall rule add --name 'bad name' --protocol tcp
want_rc 3
run firewall rule add --protocol tcp
want_rc 3
want_err_line "name is required"
run firewall settings set --json
want_error invalidInput '"nothing to set" in d["error"]["message"]'
run firewall rule add --name web --protocol tcp --direction sideways
want_rc 3
want "invalid input is refused before any WMI call" test ! -s "$CALLS"
end "validation before COM: ports only with TCP/UDP, ranges, keywords, braced GUID, names"

# ---------------------------------------------------------------- elevation, dry run

begin
seed '{"mode": "v2", "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": ['"$FOREIGN"']}}}'
sum=$(state_sum)
run_limited firewall rule add --name web --protocol tcp --local-port 80 --json
want_error accessDenied '"elevated" in d["error"]["message"]'
run_limited firewall settings set --loopback true
want_rc 7
run_limited firewall rule remove --name WslCore-Allow-Inbound-ICMPv6-1-x --force
want_rc 7
want "non-elevated changes leave the state file as it was" test "$sum" = "$(state_sum)"
want "non-elevated changes make no WMI call" test ! -s "$CALLS"
run_limited firewall rule list --json
want_rc 0
want_json 'len(d["rules"]) == 1'
run_limited firewall rule add --name web --protocol tcp --local-port 80 --dry-run --json
want_rc 0
want_json 'd["op"] == "create"' 'd["applied"] is False' 'd["dryRun"] is True'
want "non-elevated dry run changes nothing" test "$sum" = "$(state_sum)"
end "non-elevated: changes refused (exit 7) with the state file unchanged; reads and --dry-run work"

begin
seed '{"mode": "v2", "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": ['"$FOREIGN"']}}}'
sum=$(state_sum)
run firewall rule add --name web --protocol tcp --local-port 80 --dry-run --json
want_json 'd["op"] == "create"' 'd["applied"] is False' 'd["rule"]["name"] == "wslnet-web"'
run firewall settings set --default-inbound allow --dry-run --json
want_json 'd["changed"] == ["DefaultInboundAction"]' 'd["applied"] is False' 'd["create"] is True'
run firewall rule remove --name WslCore-Allow-Inbound-ICMPv6-1-x --force --dry-run
want_rc 0
want_stdout_has "Would remove rule WslCore-Allow-Inbound-ICMPv6-1-x"
run firewall rule remove --name WslCore-Allow-Inbound-ICMPv6-1-x --dry-run
want_rc 3
want "--dry-run changes nothing" test "$sum" = "$(state_sum)"
want "--dry-run never calls PutInstance or DeleteInstance" sh -c "! grep -qE '^(PutInstance|DeleteInstance)' '$CALLS'"
end "--dry-run shows the plan, still validates, and changes nothing"

begin
# An interrupted proxy change left in the journal (a run killed after
# planning): a firewall change takes the machine lock, so it finishes it first
# and says so.
JOURNAL='{"schemaVersion":1,"kind":"proxyJournal","command":"proxy remove","done":0,"steps":[{"op":"deleteOwned","kind":"v4tov4","name":"0.0.0.0/8999","data":"wsl/8999","before":"wsl/8999"}]}'
wt_reg add 'HKLM\SOFTWARE\wslnet\PortProxy\v4tov4' /v '0.0.0.0/8999' /t REG_SZ /d 'wsl/8999' /f
wt_reg add 'HKLM\SOFTWARE\wslnet\Journal' /v Plan /t REG_SZ /d "$JOURNAL" /f
wt_reg add 'HKLM\SOFTWARE\wslnet\Journal' /v Done /t REG_DWORD /d 0 /f
run firewall rule add --name recovered --protocol tcp --local-port 81 --json
want_rc 0
want_json 'd["recovered"] is not None and "proxy remove" in d["recovered"]'
want "the journal's step was done" sh -c "! wine reg query 'HKLM\\SOFTWARE\\wslnet\\PortProxy\\v4tov4' /v '0.0.0.0/8999' >/dev/null 2>&1"
want "the journal is gone" sh -c "! wine reg query 'HKLM\\SOFTWARE\\wslnet\\Journal' >/dev/null 2>&1"
run firewall rule remove --name recovered --json
want_rc 0
want_json 'd["recovered"] is None'
end "a firewall change first finishes an interrupted proxy change and says so"

check_summary
