/* address_choose.h - deciding the WSL VM's address from what each source read.
 * win/ reads the system into these snapshots; the functions here choose. */
#ifndef WN_ADDRESS_H
#define WN_ADDRESS_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>
#include <stdint.h>

/* One WSL HNS network as read: its properties and its endpoints' properties. */
typedef struct wn_hns_network_raw {
    const char *id;             /* the fixed ID it was opened by */
    char *properties;           /* JSON, owned by the snapshot */
    size_t endpoint_count;
    char **endpoints;           /* JSON documents, owned by the snapshot */
} wn_hns_network_raw;

typedef struct wn_hns_snapshot {
    size_t count;
    wn_hns_network_raw networks[2];
} wn_hns_snapshot;

/* Frees what a snapshot owns and zeroes it. */
void wn_hns_snapshot_clear(wn_hns_snapshot *snap);

/* An IPv4 address the WSL adapter holds: the host side of the NAT subnet. */
typedef struct wn_subnet {
    uint32_t address;
    uint8_t prefix;
} wn_subnet;

/* A neighbour table row of the WSL adapter (NL_NEIGHBOR_STATE values). */
typedef struct wn_neighbor {
    uint32_t address;
    uint8_t mac[8];
    uint32_t mac_length;
    int state;                  /* 0 unreachable .. 5 reachable, 6 permanent */
} wn_neighbor;

/*
 * Each function below fills out->address, prefix_length, gateway and detail
 * on WSLNET_OK; otherwise err says why (WSLNET_E_NOT_FOUND when the source had
 * nothing, WSLNET_E_BAD_DATA when what it had cannot be read).
 */
/*
 * HNS ties no owner to an endpoint: WSL attaches it to the user's VM
 * (NatNetworking.cpp:362-379) and records its address in that user's
 * NatIpAddress (WslCoreConfig.cpp:215-230, after the VM starts; reused at the
 * next start, NatNetworking.cpp:207-260). So one user's endpoint is the one
 * whose address is that user's NatIpAddress. want: that address (NULL when the
 * user has none); user_named: the caller named a user (with no want, then no
 * endpoint can be said to be theirs). Without either and with several
 * endpoints (several users' VMs): WSLNET_E_INVALID_INPUT listing them. The
 * caller's own (unnamed) stale want with one endpoint: that endpoint, noted.
 */
WN_MUST_CHECK
wslnet_status wn_address_from_hns(const wn_hns_snapshot *snap, const char *want, int user_named,
                                  wslnet_vm_address *out, wslnet_error *err);

/* The subnets of the WSL HNS networks in snap (at most max). */
size_t wn_hns_subnets(const wn_hns_snapshot *snap, wn_subnet *out, size_t max);

/*
 * value: a user's Lxss NatIpAddress (user-writable), NULL when absent; where:
 * whose value, for messages ("HKCU", "HKU\S-1-5-21-..."). own: the adapter's
 * subnets; nat: the WSL NAT subnets known from HNS and HKLM Lxss NatNetwork.
 * A value outside every known subnet is refused (WSLNET_E_BAD_DATA naming the
 * value and where it came from); with no subnet known it is refused when
 * for_change (a privileged change must not trust it), else given with a caveat.
 */
WN_MUST_CHECK
wslnet_status wn_address_from_registry(const char *value, const char *where, const wn_subnet *own,
                                       size_t own_count, const wn_subnet *nat, size_t nat_count,
                                       int for_change, wslnet_vm_address *out, wslnet_error *err);

WN_MUST_CHECK
wslnet_status wn_address_from_neighbors(const wn_neighbor *rows, size_t count,
                                        const wn_subnet *own, size_t own_count,
                                        const char *adapter_name,
                                        wslnet_vm_address *out, wslnet_error *err);

/* bytes: what `wsl.exe hostname -I` printed (UTF-8 or UTF-16LE). */
WN_MUST_CHECK
wslnet_status wn_address_from_wsl_output(const uint8_t *bytes, size_t len, int exit_code,
                                         const wn_subnet *own, size_t own_count,
                                         wslnet_vm_address *out, wslnet_error *err);

/* One signed-in user, as SYSTEM sees them: name, SID, and their NatIpAddress
 * (NULL or "" when they have none: no WSL VM started since they signed in). */
typedef struct wn_user_candidate {
    const char *name;
    const char *sid;
    const char *nat_ip;
} wn_user_candidate;

/*
 * Whose VM, as SYSTEM without --user: the one user with a NatIpAddress; else
 * the only signed-in user; else nobody (*pick = count, WSLNET_OK). Several
 * users with a NatIpAddress: WSLNET_E_INVALID_INPUT listing them all.
 */
wslnet_status wn_address_pick_user(const wn_user_candidate *users, size_t count, size_t *pick,
                                   wslnet_error *err);

/* Appends an attempt record to out (ignored past the fourth). */
void wn_address_add_attempt(wslnet_vm_address *out, wslnet_source source, wslnet_status status,
                            const char *message);

#endif
