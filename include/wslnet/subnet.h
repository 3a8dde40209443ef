/*
 * wslnet/subnet.h - part of wslnet's public C API (include wslnet.h):
 * WSL's NAT subnet. WSL keeps the range it reuses in
 * HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss, REG_SZ values
 * NatNetwork ("172.28.16.0/20") and NatGatewayIpAddress ("172.28.16.1"):
 * read when WSL creates its NAT network, written back after every start.
 * These functions show it against the host's routes (VPN, LAN, Docker),
 * suggest a free private /20 and pin it.
 *
 * A pinned range takes effect when WSL next creates its NAT network. HNS
 * keeps that network until Windows restarts, and WSL reuses an existing one
 * and writes its range back over the pinned one (microsoft/WSL
 * src/windows/common/NatNetworking.cpp:775-798, LxssUserSession.cpp:2930):
 * restart Windows after pinning, before WSL starts again.
 */
#ifndef WSLNET_SUBNET_H
#define WSLNET_SUBNET_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WSLNET_SUBNET_ROUTES_MAX 32

/* A route of another interface that overlaps the subnet in question. */
typedef struct wslnet_subnet_route {
    char prefix[20];            /* "172.28.22.0/24" */
    uint32_t if_index;
    char interface_name[128];   /* "" when unknown */
    int inside;                 /* 1: as long as or longer than the subnet (steals its traffic);
                                   0: shorter (covers it) */
} wslnet_subnet_route;

typedef struct wslnet_subnet_info {
    /* HKLM Lxss as read; has_* 0 when the value is absent. */
    int has_network, has_gateway;
    char network[64];           /* NatNetwork as stored (cut at 63 bytes) */
    char gateway[64];           /* NatGatewayIpAddress as stored */
    int network_valid;          /* NatNetwork is a.b.c.d/n with no host bits */
    /* The WSL adapter's subnet now (first matching adapter with IPv4). */
    int has_adapter;
    char adapter_name[256];
    char adapter_subnet[20];    /* "172.28.16.0/20" */
    char adapter_address[16];   /* the host side: "172.28.16.1" */
    /* WSL's HNS NAT networks as they exist now (WSL reuses them until Windows
     * restarts): at most two, "WSL" and "WSL (Hyper-V firewall)". */
    size_t hns_count;
    struct {
        char name[64];
        char subnet[20];        /* "" when the network has none */
        char gateway[16];
    } hns[2];
    wslnet_error hns_error;     /* WSLNET_OK when HNS was read (WSLNET_E_UNAVAILABLE: no HNS) */
    int pending;                /* a valid pin no existing WSL network uses yet: a restart of Windows applies it */
    /* The subnet checked against the routes: NatNetwork when valid, else the adapter's; "" none. */
    char checked[20];
    wslnet_error routes_error;  /* WSLNET_OK when the route table was read */
    size_t overlap_count;       /* in all; the first WSLNET_SUBNET_ROUTES_MAX are below */
    wslnet_subnet_route overlaps[WSLNET_SUBNET_ROUTES_MAX];
} wslnet_subnet_info;

/*
 * Reads the pinned values, the WSL adapter (adapter_pattern NULL: the default
 * pattern) and the route table. WSLNET_OK even when parts are missing (each
 * has_* says); a route table that cannot be read is reported in
 * out->routes_error, not as the call's status. WSLNET_E_SYSTEM/ACCESS_DENIED
 * when the registry cannot be read.
 */
WSLNET_API wslnet_status wslnet_subnet_show(const char *adapter_pattern, wslnet_subnet_info *out,
                                            wslnet_error *err);

typedef struct wslnet_subnet_suggestion {
    char subnet[20];            /* "10.250.0.0/20" */
    char gateway[16];           /* "10.250.0.1" */
    size_t route_count;         /* routes considered */
} wslnet_subnet_suggestion;

/*
 * A private /20 overlapping no route of another interface, preferring ranges
 * VPN clients, clouds, Docker and home routers rarely use. WSLNET_E_NOT_FOUND
 * when every private /20 is taken; WSLNET_E_SYSTEM when the route table
 * cannot be read.
 */
WSLNET_API wslnet_status wslnet_subnet_suggest(const char *adapter_pattern, wslnet_subnet_suggestion *out,
                                               wslnet_error *err);

/* An IPv4 subnet as values (API version 4). */
typedef struct wslnet_ipv4_subnet {
    uint32_t network;           /* host byte order: 10.250.0.0 is 0x0AFA0000 */
    uint8_t prefix_length;      /* 0-32 */
} wslnet_ipv4_subnet;

/* Options of wslnet_subnet_set (API version 4: subnet and gateway are values,
 * not text). */
typedef struct wslnet_subnet_set_options {
    wslnet_ipv4_subnet subnet;  /* required: /16 to /24, private, no host bits */
    uint32_t gateway;           /* host byte order, a host address of the subnet; 0: the
                                   subnet's first address */
    const char *adapter_pattern;/* the WSL adapter, whose routes are not conflicts; NULL: default */
    int force;                  /* write even when a route of another interface overlaps */
    int dry_run;                /* plan only: nothing written, no elevation needed */
} wslnet_subnet_set_options;

typedef struct wslnet_subnet_value_change {
    char name[24];              /* "NatNetwork", "NatGatewayIpAddress" */
    int existed;
    char old_value[64];
    char new_value[20];
    int changed;                /* 0: it already held new_value */
} wslnet_subnet_value_change;

typedef struct wslnet_subnet_set_result {
    int dry_run;
    char subnet[20], gateway[16];
    size_t change_count;        /* values written (or to write, dry run) */
    wslnet_subnet_value_change values[2];
    size_t overlap_count;       /* routes overlapping the subnet (written anyway with force) */
    wslnet_subnet_route overlaps[WSLNET_SUBNET_ROUTES_MAX];
} wslnet_subnet_set_result;

/*
 * Validates, then (unless dry_run) checks elevation, takes wslnet's lock and
 * writes the values that differ, NatNetwork first; if the second write fails
 * the first is put back. Statuses: WSLNET_E_INVALID_INPUT (a prefix length
 * outside 16-24, host bits set, not private, a gateway not a host address of
 * the subnet, or a route overlaps without force: nothing written),
 * WSLNET_E_ACCESS_DENIED (not elevated), WSLNET_E_BUSY, WSLNET_E_SYSTEM (or,
 * without force, the route table's own error when it cannot be read),
 * WSLNET_E_BAD_DATA. out is the caller's, filled as far as known; nothing to
 * free.
 * out is filled as far as known. The new range takes effect only after
 * Windows restarts: `wsl --shutdown` is not enough, because HNS keeps WSL's
 * non-persistent NAT network until then, WSL reopens it and writes its range
 * back over these values (WSL NatNetworking.cpp:724,780-798,
 * LxssUserSession.cpp:2930 -> WslCoreConfig.cpp:224-225).
 */
WSLNET_API wslnet_status wslnet_subnet_set(const wslnet_subnet_set_options *options,
                                           wslnet_subnet_set_result *out, wslnet_error *err);

#ifdef __cplusplus
}
#endif

#endif
