/*
 * expose_plan.h - `wslnet expose` (issue 15, item 1), the pure planner: which
 * pieces make a WSL port reachable from the LAN in the mode WSL really runs,
 * or why that mode cannot. No Windows side yet: the caller resolves the
 * effective mode and the Hyper-V firewall state and applies the pieces with
 * the existing proxy / host firewall / Hyper-V firewall code.
 *
 * Per mode (microsoft/WSL at 3e27a6a5, src/...; the full table with every
 * line: docs/expose.md):
 *  nat       the VM sits behind HNS's NAT: nothing on the host listens for it,
 *            so a port proxy (the IP Helper service, TCP only) to the `wsl`
 *            target, a host firewall rule for that host listener, and, when
 *            WSL created the NAT network with the Hyper-V firewall
 *            (windows/common/NatNetworking.cpp:724-725, EnableFirewall when
 *            FirewallConfig.Enabled(); V2 API only, NatNetworking.cpp:136-162),
 *            a Hyper-V rule for the VM's port.
 *            WSL's own localhost relay listens on 127.0.0.1 only, with
 *            SO_REUSEADDR (windows/wslrelay/localhost.cpp:251-280): a proxy on
 *            0.0.0.0 does not take localhost from it.
 *  mirrored  the VM shares the host's interfaces; inbound LAN traffic reaches
 *            it through the Hyper-V firewall, default inbound block: a Hyper-V
 *            rule only. WSL falls back to NAT without flow steering or the
 *            firewall (windows/service/exe/WslCoreVm.cpp:2943-2957), so
 *            mirrored without it is refused. Ports are shared: no translation.
 *  consomme  a user-mode NAT on the host: the guest's port tracker reports a
 *            bind (LxMiniInitPortTrackerTypeMirrored, windows/common/
 *            ConsommeNetworking.cpp:188; started at WslCoreVm.cpp:1890-1894)
 *            and WSL binds the same port on the host at the guest's bind
 *            address, TCP or UDP (ConsommeNetworking.cpp:191-200 passes the
 *            bind's port as both ports; 212-306: 0.0.0.0 in the guest -> eth0's
 *            host binding, 127.0.0.1 only the loopback relay; 276-290 TCP/UDP
 *            only). The listener is a host socket (doc/docs/technical-
 *            documentation/localhost.md:16: "host networking policies
 *            (firewall ...) apply"), so a host firewall rule only, for any
 *            program; no proxy (it would take the same port), no Hyper-V rule
 *            (WSL configures it for NAT and mirrored only, WslCoreVm.cpp:
 *            2907-2922), no translation.
 *  none / bridged  refused (no network, or WSL's deprecated bridge: the LAN
 *            reaches the VM directly).
 */
#ifndef WN_EXPOSE_H
#define WN_EXPOSE_H

#include "hostfw.h"
#include "proxyplan.h"
#include "wslnet.h"
#include "wslnet/firewall.h"

#include <stddef.h>
#include <stdint.h>

typedef enum wn_expose_mode {
    WN_EXPOSE_NONE = 0,
    WN_EXPOSE_NAT,
    WN_EXPOSE_MIRRORED,
    WN_EXPOSE_CONSOMME,
    WN_EXPOSE_BRIDGED
} wn_expose_mode;

typedef enum wn_expose_protocol { WN_EXPOSE_TCP = 0, WN_EXPOSE_UDP } wn_expose_protocol;

typedef enum wn_expose_piece_kind {
    WN_EXPOSE_PORT_PROXY = 0,   /* v4tov4 0.0.0.0:listen -> wsl:connect, owned by wslnet */
    WN_EXPOSE_HOST_RULE,        /* host (Defender) firewall: inbound protocol listen_port; nat: the
                                   proxy's rule, consomme: "wslnet expose <proto> <port>" */
    WN_EXPOSE_HYPERV_RULE       /* Hyper-V firewall for WSL's VM: inbound protocol connect_port */
} wn_expose_piece_kind;

/* What the caller knows about WSL as it runs. */
typedef struct wn_expose_context {
    wn_expose_mode mode;        /* the effective mode */
    int hyperv_firewall;        /* WSL's VM has the Hyper-V firewall on (V2 present, not disabled,
                                   wsl2.firewall not false) */
} wn_expose_context;

#define WN_EXPOSE_PORTS_MAX 16

typedef struct wn_expose_request {
    size_t port_count;
    uint16_t ports[WN_EXPOSE_PORTS_MAX];  /* listen ports on the host (= the VM's unless to_port) */
    wn_expose_protocol protocol;
    uint16_t to_port;           /* 0: the same port in the VM */
} wn_expose_request;

typedef struct wn_expose_piece {
    wn_expose_piece_kind kind;
    wn_expose_protocol protocol;
    uint16_t listen_port;       /* the host's port (what the LAN connects to) */
    uint16_t connect_port;      /* the VM's port */
    char name[64];              /* the owned item's name: "wslnet-expose-tcp-8080" (the exposure tag) */
} wn_expose_piece;

typedef struct wn_expose_plan {
    int refused;                /* 1: the mode cannot do it; nothing to apply */
    char reason[256];           /* refused: why (with the WSL source behind it) */
    char alternative[256];      /* refused: what to do instead */
    size_t count;
    wn_expose_piece pieces[WN_EXPOSE_PORTS_MAX * 3];
} wn_expose_plan;

/* Parses "8080" or "8080,8443" (1..65535, no duplicates, at most
 * WN_EXPOSE_PORTS_MAX) into req->ports. WSLNET_E_INVALID_INPUT naming the bad part. */
wslnet_status wn_expose_ports_parse(const char *text, wn_expose_request *req, wslnet_error *err);

/* Checks count ports (the API's typed options) into req: 1..WN_EXPOSE_PORTS_MAX,
 * none 0, none twice, protocol in range; WSLNET_E_INVALID_INPUT with the
 * messages wn_expose_ports_parse gives. */
wslnet_status wn_expose_request_check(const uint16_t *ports, size_t count, wn_expose_protocol protocol,
                                      wn_expose_request *req, wslnet_error *err);

/* Parses --to-port (NULL: *out 0, the same port). WSLNET_E_INVALID_INPUT
 * otherwise. */
wslnet_status wn_expose_to_port_parse(const char *text, uint16_t *out, wslnet_error *err);

/* The protocols' names in wn_expose_protocol order, NULL-ended (--protocol's choices). */
extern const char *const wn_expose_protocol_names[];

/* "tcp"/"udp" (NULL: tcp). WSLNET_E_INVALID_INPUT otherwise. */
wslnet_status wn_expose_protocol_parse(const char *text, wn_expose_protocol *out, wslnet_error *err);

/* The exposure tag of one port: "wslnet-expose-tcp-8080". */
void wn_expose_tag(wn_expose_protocol protocol, uint16_t listen_port, char *buf, size_t size);

/*
 * The pieces for req in ctx's mode, ports in request order and for each port
 * in the order of applying (proxy, host rule, Hyper-V rule). A mode that
 * cannot do it sets out->refused with the reason and the alternative and
 * returns WSLNET_E_UNSUPPORTED (nothing planned). Total: never fails otherwise.
 */
wslnet_status wn_expose_plan_make(const wn_expose_context *ctx, const wn_expose_request *req, wn_expose_plan *out,
                                  wslnet_error *err);

const char *wn_expose_piece_kind_name(wn_expose_piece_kind kind);   /* "portProxy", "hostRule", "hypervRule" */

/* ---- exposures as wslnet holds them (composed into one proxyplan.h plan) */

/*
 * wslnet's record of one exposure: REG_SZ value "<proto>-<port>" under
 * HKLM\SOFTWARE\wslnet\Exposures, data
 *   "toPort=8080;profiles=3;remote=LocalSubnet;pieces=portProxy,hostRule,hypervRule"
 * pieces: what wslnet holds for it now (bit 1 << wn_expose_piece_kind), so
 * unexpose removes exactly those. Its pieces' names carry the same port:
 * the proxy v4tov4 0.0.0.0:<port> (ownership record + host rule "wslnet
 * proxy v4tov4 0.0.0.0:<port>", hostfw.h) and the Hyper-V rule
 * "wslnet-expose-<proto>-<port>" (the exposure tag).
 */
typedef struct wn_expose_record {
    wn_expose_protocol protocol;
    uint16_t port;                  /* the host's (LAN's) port */
    uint16_t to_port;               /* the VM's port */
    unsigned profiles;              /* host firewall profile bits (hostfw.h) */
    char remote[WN_HOSTFW_REMOTE_MAX]; /* host rule RemoteAddresses (wn_hostfw_remote_parse form) */
    unsigned pieces;                /* 1u << wn_expose_piece_kind held */
} wn_expose_record;

#define WN_EXPOSE_PIECE_BIT(kind) (1u << (unsigned)(kind))

/* The record's value name "tcp-8080" into buf[size]. */
void wn_expose_record_name(wn_expose_protocol protocol, uint16_t port, char *buf, size_t size);

/* Record <-> (name, data). Encode: WSLNET_E_INVALID_INPUT when it does not
 * fit. Decode: WSLNET_E_BAD_DATA for anything wslnet did not write. */
wslnet_status wn_expose_record_encode(const wn_expose_record *r, wn_proxy_exposure *out, wslnet_error *err);
wslnet_status wn_expose_record_decode(const char *name, const char *data, wn_expose_record *out, wslnet_error *err);

/* The host firewall rule of an exposure in consomme mode (for WSL's own
 * listener, any program, hostfw.h wn_hostfw_expose_rule_name): the record's
 * protocol, port, profiles and remote. WSLNET_E_INVALID_INPUT for a port 0. */
wslnet_status wn_expose_listener_rule_of(const wn_expose_record *r, wn_hostfw_rule *out, wslnet_error *err);

/* The Hyper-V rule of an exposure, as the plan carries it: inbound allow on
 * the VM's port; the --remote items that are addresses (Hyper-V rules take no
 * keywords: with LocalSubnet, DNS, ... the rule is not scoped by address). */
void wn_expose_hvrule_of(const wn_expose_record *r, wn_proxy_hvrule *out);

/* The full MSFT_NetFirewallHyperVRule values of hv (for WSL's VM creator)
 * through hvfw_plan.h's wn_hvfw_rule_make; clear *out with wn_hvfw_rule_clear. */
wslnet_status wn_expose_hvrule_make(const wn_proxy_hvrule *hv, wslnet_hvfw_rule *out, wslnet_error *err);

/* The compact form of a rule read from the store (for undo). */
void wn_expose_hvrule_from(const wslnet_hvfw_rule *rule, wn_proxy_hvrule *out);

/* What the exposure decisions rest on, read by win/lib/expose_apply.c. */
typedef struct wn_expose_world {
    wn_expose_context ctx;
    const wn_proxy_snapshot *proxy;       /* store, records, host rules "wslnet proxy ...", service, VM */
    const wslnet_hvfw_rule *hv_rules;     /* the Hyper-V rules (every creator); none when no Hyper-V firewall */
    size_t hv_count;
    const wn_expose_record *records;      /* wslnet's exposure records */
    size_t record_count;
    const wn_hostfw_found *listener_rules; /* host rules named "wslnet expose ..." (consomme shape) */
    size_t listener_count;
} wn_expose_world;

/* One piece of one exposure in the list view. */
typedef struct wn_expose_piece_state {
    wn_expose_piece_kind kind;
    int wanted;                 /* the current mode needs it */
    int present;                /* it exists (owned by wslnet) */
    int stale;                  /* present but wrong: not needed in this mode, or not as wanted */
} wn_expose_piece_state;

/*
 * The pieces of record r in w's mode: for each kind, wanted / present /
 * stale. *refusal is filled when the mode cannot hold the exposure (then
 * nothing is wanted). Returns how many kinds were filled (3).
 */
size_t wn_expose_inspect(const wn_expose_world *w, const wn_expose_record *r, wn_expose_piece_state states[3],
                         wn_expose_plan *refusal);

/*
 * One plan (proxyplan.h steps) that makes wslnet hold exactly want[] (each
 * completed with the pieces its mode needs; the records of want are put with
 * those pieces) and nothing of drop[] (their pieces and records removed),
 * composed from proxyplan.c (the proxies and their host rules, one
 * WN_PROXY_CHANGE request), hvfw_plan.c (the Hyper-V rules) and the records: the
 * records last, before the service notification. Pieces already right cost
 * nothing, so a second run plans nothing. A want[] the mode cannot hold is
 * WSLNET_E_UNSUPPORTED with *refusal filled (reason, alternative). On
 * WSLNET_OK free *plan with wn_proxy_plan_free.
 */
wslnet_status wn_expose_compose(const wn_expose_world *w, const wn_expose_record *want, size_t want_count,
                                const wn_expose_record *drop, size_t drop_count, int start_service,
                                wn_proxy_plan *plan, wn_expose_plan *refusal, wslnet_error *err);

#endif
