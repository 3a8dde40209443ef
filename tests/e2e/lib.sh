# tests/e2e/lib.sh - helpers for wslnet's end-to-end tests and the demo. Source it.
#
# Builds a simulated WSL NAT network in network namespaces and runs Windows
# programs under Wine inside it:
#
#   namespace $E2E_HOST ("Windows host")          namespace $E2E_VM ("WSL VM")
#     wslhost0 172.28.16.1/20  00:15:5d:28:10:01 <-veth-> eth0 172.28.20.5/20 00:15:5d:28:14:05
#     wslhost1 (no IPv4)                          <-veth-> eth1 (no IPv4)
#     neighbours of wslhost0: 172.28.20.5 (learned by one ping, Hyper-V MAC)
#                             172.28.16.2 (static decoy, non-Hyper-V MAC)
#
# Under Wine an adapter's friendly name is the Linux interface name, so tests
# match the adapters with the pattern 'wslhost*'. Every Wine process runs
# inside $E2E_HOST, with a fresh prefix whose wineserver was started there
# (Wine's iphlpapi answers from nsiproxy in the prefix's winedevice.exe, so the
# server and its services must live in the namespace).
#
# Use: e2e_setup (namespaces + prefix) ... e2e_cleanup (also installed as a trap
# by e2e_setup). Every address used lives in the namespaces made here; no
# traffic leaves them.
#
# Needs root, iproute2, wine (wine64), python3; ping if present.

E2E_SUBNET_PREFIX=20
E2E_HOST_IP=172.28.16.1
E2E_VM_IP=172.28.20.5
E2E_DECOY_IP=172.28.16.2
E2E_HOST_MAC=00:15:5d:28:10:01
E2E_VM_MAC=00:15:5d:28:14:05
E2E_DECOY_MAC=02:42:ac:1c:10:02
E2E_HOST_IF=wslhost0
E2E_HOST_IF2=wslhost1
E2E_WSL_NET_ID=b95d0c5e-57d4-412b-b571-18a81a16e005
E2E_WSL_FW_NET_ID=790e58b4-7939-4434-9358-89ae7ddbe87e

E2E_HOST=""
E2E_VM=""
E2E_TMP=""
E2E_KEEPALIVE_PID=""
E2E_QUIET=${E2E_QUIET:-0}

e2e_log() { [ "$E2E_QUIET" = 1 ] || printf '# %s\n' "$*" >&2; }
e2e_die() { printf 'error: %s\n' "$*" >&2; exit 2; }

e2e_require() {
    [ "$(id -u)" = 0 ] || e2e_die "must run as root (network namespaces)"
    local t
    for t in ip wine wineserver python3; do
        command -v "$t" >/dev/null 2>&1 || e2e_die "$t not found"
    done
}

# ns_exec NS CMD... : run a command inside a namespace.
e2e_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# e2e_net_up: namespaces, veths, addresses, neighbours. Names carry $$.
e2e_net_up() {
    E2E_HOST="wslnet-h-$$"
    E2E_VM="wslnet-v-$$"
    ip netns add "$E2E_HOST" || e2e_die "ip netns add failed"
    ip netns add "$E2E_VM" || e2e_die "ip netns add failed"
    e2e_ns "$E2E_HOST" ip link set lo up
    e2e_ns "$E2E_VM" ip link set lo up

    # The WSL adapter and the VM's eth0.
    ip link add "$E2E_HOST_IF" netns "$E2E_HOST" address "$E2E_HOST_MAC" type veth \
        peer name eth0 netns "$E2E_VM" address "$E2E_VM_MAC" || e2e_die "veth failed"
    e2e_ns "$E2E_HOST" ip addr add "$E2E_HOST_IP/$E2E_SUBNET_PREFIX" dev "$E2E_HOST_IF"
    e2e_ns "$E2E_HOST" ip link set "$E2E_HOST_IF" up
    e2e_ns "$E2E_VM" ip addr add "$E2E_VM_IP/$E2E_SUBNET_PREFIX" dev eth0
    e2e_ns "$E2E_VM" ip link set eth0 up
    e2e_ns "$E2E_VM" ip route add default via "$E2E_HOST_IP"

    # A second WSL-like adapter with no IPv4 at all.
    ip link add "$E2E_HOST_IF2" netns "$E2E_HOST" address 00:15:5d:28:20:01 type veth \
        peer name eth1 netns "$E2E_VM" address 00:15:5d:28:20:02 || e2e_die "veth failed"
    e2e_ns "$E2E_HOST" ip link set "$E2E_HOST_IF2" up
    e2e_ns "$E2E_VM" ip link set eth1 up

    # Decoy neighbour: same subnet, not a Hyper-V MAC, lower address than the VM.
    e2e_ns "$E2E_HOST" ip neigh replace "$E2E_DECOY_IP" lladdr "$E2E_DECOY_MAC" nud permanent dev "$E2E_HOST_IF"
    e2e_learn_neighbor || e2e_die "the VM namespace does not answer ping"
}

# e2e_learn_neighbor: one ping host -> VM, so the kernel (re)learns the VM's MAC
# (without ping: one UDP datagram to the VM's discard port does the same).
# Succeeds when the host namespace then has a neighbour entry with the VM's MAC.
e2e_learn_neighbor() {
    if command -v ping >/dev/null 2>&1; then
        e2e_ns "$E2E_HOST" ping -c 1 -W 2 -q "$E2E_VM_IP" >/dev/null 2>&1
    else
        e2e_ns "$E2E_HOST" bash -c "echo wslnet >/dev/udp/$E2E_VM_IP/9" 2>/dev/null
        sleep 0.2
    fi
    e2e_ns "$E2E_HOST" ip neigh show "$E2E_VM_IP" dev "$E2E_HOST_IF" | grep -qi "$E2E_VM_MAC"
}

# e2e_prefix_up: a fresh Wine prefix, booted inside $E2E_HOST, with a persistent
# wineserver and one long-lived Windows process so that the prefix's services
# (winedevice.exe with nsiproxy) stay up between calls.
e2e_prefix_up() {
    E2E_TMP=$(mktemp -d /tmp/wslnet-e2e.XXXXXX) || e2e_die "mktemp failed"
    export WINEPREFIX="$E2E_TMP/prefix"
    export WINEDEBUG=-all
    export WINEDLLOVERRIDES="mscoree=;mshtml="
    export WINEARCH=win64
    unset DISPLAY WAYLAND_DISPLAY
    mkdir -p "$WINEPREFIX"
    e2e_ns "$E2E_HOST" env WINEPREFIX="$WINEPREFIX" wineserver -p || e2e_die "wineserver failed"
    e2e_ns "$E2E_HOST" env WINEPREFIX="$WINEPREFIX" wineboot -i >"$E2E_TMP/wineboot.log" 2>&1 \
        || { cat "$E2E_TMP/wineboot.log" >&2; e2e_die "wineboot failed"; }
    # Wine 8.0 leaves two services.exe after a first wineboot -i (service calls
    # then reach either at random): end that session and start a fresh one.
    e2e_ns "$E2E_HOST" env WINEPREFIX="$WINEPREFIX" wineserver -k >/dev/null 2>&1
    e2e_ns "$E2E_HOST" env WINEPREFIX="$WINEPREFIX" wineserver -w >/dev/null 2>&1
    e2e_ns "$E2E_HOST" env WINEPREFIX="$WINEPREFIX" wineserver -p || e2e_die "wineserver failed"
    # A Windows process that waits on a pipe that is never written.
    mkfifo "$E2E_TMP/keepalive.fifo"
    e2e_ns "$E2E_HOST" env WINEPREFIX="$WINEPREFIX" wine cmd.exe /q /k <"$E2E_TMP/keepalive.fifo" \
        >/dev/null 2>&1 &
    E2E_KEEPALIVE_PID=$!
    exec {E2E_KEEPALIVE_FD}>"$E2E_TMP/keepalive.fifo"
    E2E_SYSTEM32="$WINEPREFIX/drive_c/windows/system32"
    E2E_FAKE="$WINEPREFIX/drive_c/wslnet-fake"
    mkdir -p "$E2E_FAKE"
}

# e2e_install_fakes FAKES_DIR: the doubles where Windows keeps the real things.
e2e_install_fakes() {
    local d=$1
    [ -f "$d/computenetwork.dll" ] || e2e_die "$d/computenetwork.dll missing"
    [ -f "$d/wsl.exe" ] || e2e_die "$d/wsl.exe missing"
    cp "$d/computenetwork.dll" "$d/wsl.exe" "$E2E_SYSTEM32/"
    E2E_FAKES_DIR=$d
}

# e2e_wine ARGS...: wine inside the host namespace.
e2e_wine() {
    e2e_ns "$E2E_HOST" env WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all \
        WINEDLLOVERRIDES="mscoree=;mshtml=" wine "$@"
}

e2e_reg() { e2e_wine reg "$@" >/dev/null 2>&1; }

# e2e_setup FAKES_DIR: everything; e2e_cleanup runs on exit whatever happens.
e2e_setup() {
    e2e_require
    trap e2e_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    e2e_net_up
    e2e_prefix_up
    [ -n "${1:-}" ] && e2e_install_fakes "$1"
    return 0
}

e2e_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$E2E_TMP" ] && [ -n "${WINEPREFIX:-}" ]; then
        if [ -n "$E2E_HOST" ] && ip netns list 2>/dev/null | grep -qw "$E2E_HOST"; then
            ip netns exec "$E2E_HOST" env WINEPREFIX="$WINEPREFIX" wineserver -k >/dev/null 2>&1
        else
            env WINEPREFIX="$WINEPREFIX" wineserver -k >/dev/null 2>&1
        fi
        [ -n "${E2E_KEEPALIVE_FD:-}" ] && exec {E2E_KEEPALIVE_FD}>&-
        if [ -n "$E2E_KEEPALIVE_PID" ]; then
            kill "$E2E_KEEPALIVE_PID" 2>/dev/null
            wait "$E2E_KEEPALIVE_PID" 2>/dev/null
        fi
        rm -rf "$E2E_TMP"
    fi
    [ -n "${E2E_LAN:-}" ] && e2e_lan_down
    [ -n "$E2E_HOST" ] && ip netns del "$E2E_HOST" 2>/dev/null
    [ -n "$E2E_VM" ] && ip netns del "$E2E_VM" 2>/dev/null
    E2E_HOST="" E2E_VM="" E2E_TMP=""
    return $rc
}

# --------------------------------------------------------------- HNS double

# e2e_hns_write JSON: the fake HNS's state (C:\wslnet-fake\hns.json).
e2e_hns_write() { printf '%s\n' "$1" >"$E2E_FAKE/hns.json"; }
e2e_hns_clear() { rm -f "$E2E_FAKE/hns.json"; }

# V1 shapes (what a NULL query returns and what WSL itself parses).
# e2e_hns_v1 ENDPOINT_IP: WSL network + its VM endpoint, the Hyper-V firewall
# network without endpoints, and a foreign network's endpoint listed first.
e2e_hns_v1() {
    local ip=$1
    e2e_hns_write '{
 "networks":[
  {"id":"c08cb7b8-9b3c-408e-8e30-5e16a3aeb444","properties":{"ID":"C08CB7B8-9B3C-408E-8E30-5E16A3AEB444","Name":"Default Switch","Type":"ICS","Flags":9,
    "Subnets":[{"AddressPrefix":"172.20.0.0/20","GatewayAddress":"172.20.0.1"}]}},
  {"id":"'"$E2E_WSL_NET_ID"'","properties":{"ID":"B95D0C5E-57D4-412B-B571-18A81A16E005","Name":"WSL","Type":"ICS","Flags":9,
    "Subnets":[{"AddressPrefix":"172.28.16.0/20","GatewayAddress":"'"$E2E_HOST_IP"'"}]}},
  {"id":"'"$E2E_WSL_FW_NET_ID"'","properties":{"ID":"790E58B4-7939-4434-9358-89AE7DDBE87E","Name":"WSL (Hyper-V firewall)","Type":"ICS","Flags":265,
    "Subnets":[{"AddressPrefix":"172.30.64.0/20","GatewayAddress":"172.30.64.1"}]}}],
 "endpoints":[
  {"id":"0f4b5a7e-1111-4c1e-9a77-5b1d2c3e4f50","network":"c08cb7b8-9b3c-408e-8e30-5e16a3aeb444",
   "properties":{"ID":"0F4B5A7E-1111-4C1E-9A77-5B1D2C3E4F50","Name":"Ethernet","IPAddress":"172.20.0.5","PrefixLength":20,
     "GatewayAddress":"172.20.0.1","MacAddress":"00-15-5D-AA-00-05","VirtualNetwork":"C08CB7B8-9B3C-408E-8E30-5E16A3AEB444","VirtualNetworkName":"Default Switch"}},
  {"id":"5a1c3b9e-2222-4d8f-8e55-0a1b2c3d4e5f","network":"'"$E2E_WSL_NET_ID"'",
   "properties":{"ID":"5A1C3B9E-2222-4D8F-8E55-0A1B2C3D4E5F","Name":"Ethernet","IPAddress":"'"$ip"'","PrefixLength":20,
     "GatewayAddress":"'"$E2E_HOST_IP"'","MacAddress":"00-15-5D-28-14-05","VirtualNetwork":"B95D0C5E-57D4-412B-B571-18A81A16E005","VirtualNetworkName":"WSL"}}]}'
}

# V2 shapes (HostComputeNetwork / HostComputeEndpoint, as hcsshim's hcn package).
e2e_hns_v2() {
    local ip=$1
    e2e_hns_write '{
 "networks":[
  {"id":"'"$E2E_WSL_NET_ID"'","properties":{"ID":"b95d0c5e-57d4-412b-b571-18a81a16e005","Name":"WSL","Type":"ICS","Flags":9,
    "Ipams":[{"Type":"Static","Subnets":[{"IpAddressPrefix":"172.28.16.0/20",
      "Routes":[{"NextHop":"'"$E2E_HOST_IP"'","DestinationPrefix":"0.0.0.0/0"}]}]}],
    "SchemaVersion":{"Major":2,"Minor":0}}}],
 "endpoints":[
  {"id":"5a1c3b9e-2222-4d8f-8e55-0a1b2c3d4e5f","network":"'"$E2E_WSL_NET_ID"'",
   "properties":{"ID":"5a1c3b9e-2222-4d8f-8e55-0a1b2c3d4e5f","Name":"Ethernet","HostComputeNetwork":"b95d0c5e-57d4-412b-b571-18a81a16e005",
     "IpConfigurations":[{"IpAddress":"'"$ip"'","PrefixLength":20}],"MacAddress":"00-15-5D-28-14-05",
     "SchemaVersion":{"Major":2,"Minor":0}}}]}'
}

# An endpoint whose properties are not JSON.
e2e_hns_malformed() {
    e2e_hns_write '{
 "networks":[{"id":"'"$E2E_WSL_NET_ID"'","properties":"{not json"}],
 "endpoints":[{"id":"5a1c3b9e-2222-4d8f-8e55-0a1b2c3d4e5f","network":"'"$E2E_WSL_NET_ID"'","properties":"{not json"}]}'
}

e2e_hns_remove_dll() { rm -f "$E2E_SYSTEM32/computenetwork.dll"; }
e2e_hns_restore_dll() { cp "$E2E_FAKES_DIR/computenetwork.dll" "$E2E_SYSTEM32/"; }

# --------------------------------------------------------------- wsl.exe double

# e2e_wsl_write STDOUT_TEXT ENCODING EXITCODE  (STDOUT_TEXT may hold \n escapes)
e2e_wsl_write() {
    python3 - "$E2E_FAKE/wsl.json" "$1" "$2" "$3" <<'EOF'
import json, sys
path, text, enc, code = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
text = text.encode().decode("unicode_escape")
with open(path, "w") as f:
    json.dump({"stdout": text, "encoding": enc, "exitCode": code}, f)
EOF
}
e2e_wsl_clear() { rm -f "$E2E_FAKE/wsl.json"; }
e2e_wsl_calls() { [ -f "$E2E_FAKE/wsl-calls.log" ] && wc -l <"$E2E_FAKE/wsl-calls.log" || echo 0; }

# --------------------------------------------------------------- registry

E2E_KEY_LXSS_USER='HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss'
E2E_KEY_LXSS_MSI='HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss\MSI'
E2E_KEY_NT='HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion'

e2e_set_nat_ip() { e2e_reg add "$E2E_KEY_LXSS_USER" /v NatIpAddress /t REG_SZ /d "$1" /f; }
e2e_clear_nat_ip() { e2e_reg delete "$E2E_KEY_LXSS_USER" /v NatIpAddress /f; }

# e2e_set_windows_build BUILD UBR DISPLAYVERSION
e2e_set_windows_build() {
    e2e_reg add "$E2E_KEY_NT" /v CurrentBuild /t REG_SZ /d "$1" /f
    e2e_reg add "$E2E_KEY_NT" /v CurrentBuildNumber /t REG_SZ /d "$1" /f
    e2e_reg add "$E2E_KEY_NT" /v UBR /t REG_DWORD /d "$2" /f
    e2e_reg add "$E2E_KEY_NT" /v DisplayVersion /t REG_SZ /d "$3" /f
}
e2e_set_wsl_version() { e2e_reg add "$E2E_KEY_LXSS_MSI" /v Version /t REG_SZ /d "$1" /f; }
e2e_clear_wsl_version() { e2e_reg delete "$E2E_KEY_LXSS_MSI" /f; }

# e2e_write_wslconfig NAME CONTENT -> prints the Windows path (C:\wslnet-e2e\NAME)
e2e_write_wslconfig() {
    mkdir -p "$WINEPREFIX/drive_c/wslnet-e2e"
    printf '%s' "$2" >"$WINEPREFIX/drive_c/wslnet-e2e/$1"
    printf 'C:\\wslnet-e2e\\%s' "$1"
}

# --------------------------------------------------------------- LAN and VM server

E2E_LAN_HOST_IP=192.168.77.1
E2E_LAN_CLIENT_IP=192.168.77.2
E2E_LAN=""
E2E_SERVER_PID=""

# e2e_lan_up: a "LAN" namespace with a client, linked to the host namespace
# (host lan0 192.168.77.1/24 <-veth-> LAN eth0 192.168.77.2/24).
e2e_lan_up() {
    E2E_LAN="wslnet-l-$$"
    ip netns add "$E2E_LAN" || e2e_die "ip netns add failed"
    e2e_ns "$E2E_LAN" ip link set lo up
    ip link add lan0 netns "$E2E_HOST" type veth peer name eth0 netns "$E2E_LAN" || e2e_die "veth failed"
    e2e_ns "$E2E_HOST" ip addr add "$E2E_LAN_HOST_IP/24" dev lan0
    e2e_ns "$E2E_HOST" ip link set lan0 up
    e2e_ns "$E2E_LAN" ip addr add "$E2E_LAN_CLIENT_IP/24" dev eth0
    e2e_ns "$E2E_LAN" ip link set eth0 up
}

e2e_lan_down() {
    # The server runs in the VM namespace: end every process there (its PID
    # as started is a subshell's, not the server's).
    [ -n "$E2E_SERVER_PID" ] && [ -n "$E2E_VM" ] && ip netns pids "$E2E_VM" 2>/dev/null | xargs -r kill 2>/dev/null
    [ -n "$E2E_LAN" ] && ip netns del "$E2E_LAN" 2>/dev/null
    E2E_LAN="" E2E_SERVER_PID=""
}

# e2e_vm_server PORT: a TCP server in the VM namespace that answers each
# connection with "hello from <the VM address it was reached on>".
e2e_vm_server() {
    e2e_ns "$E2E_VM" python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(16)
while True:
    c, _ = s.accept()
    c.sendall(("hello from %s\n" % c.getsockname()[0]).encode()); c.close()
' "$1" >/dev/null 2>&1 &
    E2E_SERVER_PID=$!
    sleep 0.3
}

# e2e_lan_fetch PORT: connects from the LAN client to the host's LAN address
# and prints the first line received ("" on failure, within 5 s).
e2e_lan_fetch() {
    e2e_ns "$E2E_LAN" python3 -c '
import socket, sys
try:
    c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
    print(c.makefile().readline().strip())
except Exception as e:
    print("")
' "$E2E_LAN_HOST_IP" "$1"
}

# e2e_vm_move NEW_IP: the VM's address changes (as after a WSL restart).
e2e_vm_move() {
    e2e_ns "$E2E_VM" ip addr flush dev eth0
    e2e_ns "$E2E_VM" ip addr add "$1/$E2E_SUBNET_PREFIX" dev eth0
    e2e_ns "$E2E_VM" ip route replace default via "$E2E_HOST_IP"
}
