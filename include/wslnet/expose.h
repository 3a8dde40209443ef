/*
 * wslnet/expose.h - make a WSL port reachable from the LAN in the mode WSL
 * runs (issue 15): one plan over the port proxy to the `wsl` target, its host
 * firewall rule and the Hyper-V firewall rule, as that mode needs them
 * (shared/core/expose_plan.h has the table and WSL's source lines). Each exposure is
 * recorded in HKLM\SOFTWARE\wslnet\Exposures\<proto>-<port> with the pieces
 * wslnet holds for it; its Hyper-V rule is named "wslnet-expose-<proto>-<port>"
 * and its proxy/host rule are wslnet's own proxy 0.0.0.0:<port>
 * ("wslnet proxy v4tov4 0.0.0.0:<port>").
 *
 * Changes need elevation, take the machine lock and go through the change
 * journal like proxies (an interrupted run is finished by the next change).
 * A mode that cannot hold an exposure is WSLNET_E_UNSUPPORTED (exit 9: this setup cannot do it as asked) with
 * the reason and the alternative in the result; bad input is
 * WSLNET_E_INVALID_INPUT (exit 3). Nothing is changed in either case.
 */
#ifndef WSLNET_EXPOSE_H
#define WSLNET_EXPOSE_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The mode the exposure follows and why (today: .wslconfig's networkingMode
 * with WSL's fallback to NAT when mirrored cannot run). */
typedef struct wslnet_expose_mode {
    char mode[16];                /* "nat", "mirrored", "consomme", "none", "bridged", "unknown" */
    char reason[256];
    int hyperv_firewall;          /* WSL's VM has the Hyper-V firewall (V2, not disabled) */
} wslnet_expose_mode;

/* The transport an exposure carries. */
typedef enum wslnet_protocol {
    WSLNET_PROTOCOL_TCP = 0,      /* the default */
    WSLNET_PROTOCOL_UDP
} wslnet_protocol;

#define WSLNET_EXPOSE_PORTS_MAX 16

/* Options of wslnet_expose, wslnet_unexpose, wslnet_expose_sync (API version
 * 4: ports, protocol, to_port and profiles are values, not text). Zeroed,
 * every optional field is its default. */
typedef struct wslnet_expose_options {
    size_t port_count;            /* expose: 1..WSLNET_EXPOSE_PORTS_MAX; unexpose: 1 */
    uint16_t ports[WSLNET_EXPOSE_PORTS_MAX]; /* the first port_count: 1-65535, no port twice */
    wslnet_protocol protocol;     /* zero: WSLNET_PROTOCOL_TCP */
    uint16_t to_port;             /* expose: the VM's port (port_count 1 only); 0: the same */
    unsigned profiles;            /* expose: host rule profiles, WSLNET_FW_PROFILE_* bits
                                     (wslnet/proxy.h) or WSLNET_FW_PROFILE_ANY; 0: domain and
                                     private */
    const char *remote;           /* expose: remote addresses, a comma list as wslnet proxy add
                                     --remote takes it; NULL: "LocalSubnet" */
    const char *adapter_pattern;  /* the WSL adapter, for the VM address; NULL default */
    int start_service;            /* start a stopped IP Helper service */
    int dry_run;                  /* plan only: no elevation, nothing written */
} wslnet_expose_options;

typedef struct wslnet_expose_result {
    wslnet_expose_mode mode;
    size_t count;
    wslnet_proxy_change *changes; /* in the order applied (ops as proxies, plus "putHypervRule",
                                     "deleteHypervRule", "putExposure", "deleteExposure") */
    int applied;                  /* 0 with dry_run or nothing to do */
    int refused;                  /* the mode cannot: reason and alternative say why and what instead */
    char reason[256];
    char alternative[256];
    char vm_address[46];
    char warning[512];            /* sync: exposures this mode cannot hold, left as they are; "" */
    char recovered[256];          /* what finishing an interrupted earlier change did; "" */
} wslnet_expose_result;

WSLNET_API void wslnet_expose_result_free(wslnet_expose_result *result);

/* Exposes options->ports. Bad options (port_count 0 or over the maximum, a
 * port 0 or given twice, protocol out of range, to_port with more than one
 * port, profiles not a set of the bits, a bad remote) are
 * WSLNET_E_INVALID_INPUT with *out NULL. A refusal returns
 * WSLNET_E_UNSUPPORTED and still fills *out (refused, reason, alternative):
 * free it with wslnet_expose_result_free, as on WSLNET_OK. Otherwise, with
 * *out NULL: WSLNET_E_ACCESS_DENIED (not elevated), WSLNET_E_BUSY (another
 * change holds the lock), WSLNET_E_UNAVAILABLE (iphlpsvc disabled, absent or
 * stopped without start_service), WSLNET_E_NOT_FOUND (no VM address where a
 * proxy needs one), WSLNET_E_BAD_DATA, WSLNET_E_SYSTEM (a Windows call
 * failed: what was done is undone), WSLNET_E_NO_MEMORY. options stays the
 * caller's. */
WSLNET_API wslnet_status wslnet_expose(const wslnet_expose_options *options, wslnet_expose_result **out,
                                       wslnet_error *err);

/* Removes the exposure of options->ports (port_count 1) and protocol: exactly
 * the pieces its record lists, then the record. No record:
 * WSLNET_E_NOT_FOUND; port_count not 1, a port 0, protocol out of range:
 * WSLNET_E_INVALID_INPUT; other statuses and *out as wslnet_expose. */
WSLNET_API wslnet_status wslnet_unexpose(const wslnet_expose_options *options, wslnet_expose_result **out,
                                         wslnet_error *err);

/* Converges every recorded exposure to the current mode's pieces (e.g. after
 * nat -> mirrored: the proxy and its host rule go, the Hyper-V rule stays).
 * An exposure the mode cannot hold (UDP after mirrored -> nat) is left as it
 * is and named in result->warning (doctor fails on it: unexpose it). Only
 * options->adapter_pattern, start_service, dry_run are read. */
WSLNET_API wslnet_status wslnet_expose_sync(const wslnet_expose_options *options, wslnet_expose_result **out,
                                            wslnet_error *err);

typedef struct wslnet_expose_piece {
    char kind[16];                /* "portProxy", "hostRule", "hypervRule" */
    char name[256];               /* the item's name */
    int wanted;                   /* the current mode needs it */
    int present;                  /* it exists (wslnet's) */
    char state[12];               /* "ok", "missing", "stale" (present but not needed, or wrong), "absent" */
} wslnet_expose_piece;

typedef struct wslnet_exposure {
    char protocol[4];             /* "tcp", "udp" */
    uint16_t port, to_port;
    char profiles[24];
    char remote[512];
    wslnet_expose_piece pieces[3];
    int ok;                       /* every wanted piece present, nothing stale */
    char refusal[256];            /* the current mode cannot hold it: why; "" */
} wslnet_exposure;

typedef struct wslnet_expose_list {
    wslnet_expose_mode mode;
    char vm_address[46];
    size_t count;
    wslnet_exposure *items;
} wslnet_expose_list;

/* Lists the recorded exposures and the state of each piece in the current
 * mode. Free *out with wslnet_expose_list_free. */
WSLNET_API wslnet_status wslnet_expose_list_get(const char *adapter_pattern, wslnet_expose_list **out,
                                                wslnet_error *err);
WSLNET_API void wslnet_expose_list_free(wslnet_expose_list *list);

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_EXPOSE_H */
