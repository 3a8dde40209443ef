/*
 * subnet_plan.h - WSL's NAT subnet, portable: which host routes overlap a subnet,
 * whether a requested subnet is one WSL can be pinned to, a free private /20,
 * and the plan of registry writes for `wslnet subnet set`. win/lib/subnet_apply.c
 * reads the routes and the registry and applies the plan; nothing here
 * touches the system.
 *
 * What WSL does with the values (microsoft/WSL, src/windows/...):
 * - common/WslCoreConfig.cpp:487-501 reads HKLM ...\CurrentVersion\Lxss
 *   NatNetwork and NatGatewayIpAddress (REG_SZ, default "") in NAT mode only,
 *   after every mode fallback; nothing checks them there.
 * - common/NatNetworking.cpp:727-736 hands them unchanged to HNS as the ICS
 *   network's one subnet (AddressPrefix, GatewayAddress); a NatNetwork of ""
 *   lets HNS choose, and the gateway is not used without it.
 * - NatNetworking.cpp:644-676: when HNS refuses the pair, WSL logs it, warns
 *   ("Failed to create virtual network with address range ...") and creates
 *   the network again without them: HNS picks the range.
 * - NatNetworking.cpp:775-798: an existing network (HCN_E_NETWORK_ALREADY_
 *   EXISTS) is opened as it is; its range wins over the registry. WSL never
 *   deletes it (line 724: EnableNonPersistent, so it goes at reboot).
 * - WslCoreConfig.cpp:215-230 + service/exe/LxssUserSession.cpp:2930: after
 *   the VM starts, WSL writes the network's actual AddressPrefix and
 *   GatewayAddress back (registry.cpp:488: REG_SZ, length with the NUL).
 */
#ifndef WN_SUBNET_H
#define WN_SUBNET_H

#include "wslnet.h"

#include <stddef.h>
#include <stdint.h>

/* One IPv4 route of the host (GetIpForwardTable2). */
typedef struct wn_route {
    uint32_t prefix;             /* host byte order */
    uint8_t length;
    uint32_t if_index;
    char interface_name[128];    /* alias, "" when unknown */
} wn_route;

/* What is WSL's own and so never a conflict: the WSL adapters' interface
 * indexes and their addresses (Windows keeps /32 routes to a host's own
 * addresses on the loopback interface). */
typedef struct wn_subnet_own {
    const uint32_t *if_indexes;
    size_t if_count;
    const uint32_t *addresses;
    size_t address_count;
} wn_subnet_own;

/* Fills own from the WSL adapters (list may be NULL): their interface
 * indexes and IPv4 addresses, at most max of each, into the caller's arrays. */
void wn_subnet_own_from_adapters(const wslnet_adapter_list *list, uint32_t *ifs, uint32_t *addrs, size_t max,
                                 wn_subnet_own *own);

/* Routes shorter than this are default-route splits (a full-tunnel VPN's
 * 0.0.0.0/1 + 128.0.0.0/1): WSL's longer subnet route still wins for its own
 * range, so they are not conflicts. */
#define WN_SUBNET_BROAD_ROUTE 8

/* The prefix lengths `subnet set` accepts. WSL passes any value to HNS
 * unchecked; HNS's own pick is a /20. /16../24 leaves room for every user's
 * VM endpoint and stays clear of the whole-private-range mistakes. */
#define WN_SUBNET_PREFIX_MIN 16
#define WN_SUBNET_PREFIX_MAX 24
#define WN_SUBNET_SUGGEST_PREFIX 20

/* Network address of addr/len (len 0..32). */
uint32_t wn_subnet_network(uint32_t addr, uint8_t len);

/* 1 when a/alen and b/blen share an address. */
int wn_subnet_overlap(uint32_t a, uint8_t alen, uint32_t b, uint8_t blen);

/* 1 when the whole of net/len lies in 10/8, 172.16/12 or 192.168/16. */
int wn_subnet_is_private(uint32_t net, uint8_t len);

/* 1 when route r is a conflict for subnet net/len: it overlaps it, is not
 * WSL's own (own may be NULL), and is not a default, loopback, multicast or
 * broad (< WN_SUBNET_BROAD_ROUTE) route nor a host route of the subnet's own
 * network or broadcast address. */
int wn_subnet_route_conflicts(const wn_route *r, uint32_t net, uint8_t len, const wn_subnet_own *own);

/* The indexes of routes[0..count) that conflict with net/len, in table
 * order, into idx[0..max); returns how many conflict in all. */
size_t wn_subnet_conflicts(const wn_route *routes, size_t count, uint32_t net, uint8_t len,
                           const wn_subnet_own *own, size_t *idx, size_t max);

/*
 * A private /20 that conflicts with no route: the first free one in an order
 * that puts ranges VPN clients, clouds, Docker and home routers rarely use
 * first (see subnet_plan.c). WSLNET_OK with *net set; WSLNET_E_NOT_FOUND when every
 * candidate is taken.
 */
wslnet_status wn_subnet_suggest(const wn_route *routes, size_t count, const wn_subnet_own *own,
                                uint32_t *net, wslnet_error *err);

/* A validated request for `subnet set`. */
typedef struct wn_subnet_request {
    uint32_t network;
    uint8_t length;
    uint32_t gateway;
} wn_subnet_request;

/*
 * Parses and validates CIDR text and an optional gateway (NULL: the subnet's
 * first address, as HNS's own choice). WSLNET_E_INVALID_INPUT with one line
 * saying what is wrong: not a.b.c.d/n, host bits set (with the network meant),
 * a length outside WN_SUBNET_PREFIX_MIN..MAX, not private, a gateway outside
 * the subnet or on its network/broadcast address.
 */
wslnet_status wn_subnet_request_parse(const char *cidr, const char *gateway, wn_subnet_request *out,
                                      wslnet_error *err);

/* The text half of wn_subnet_request_parse (the CLI's): "a.b.c.d/n" into
 * *addr, *len and the optional gateway into *gw (0 when NULL; "0.0.0.0" is
 * refused, as 0 means none). WSLNET_E_INVALID_INPUT as above. */
wslnet_status wn_subnet_text_parse(const char *cidr, const char *gateway, uint32_t *addr, uint8_t *len,
                                   uint32_t *gw, wslnet_error *err);

/* The value half (the DLL's): checks addr/len (host byte order) and gateway
 * (0: the first address) as wn_subnet_request_parse does, the messages
 * quoting the values as text. */
wslnet_status wn_subnet_request_check(uint32_t addr, uint8_t len, uint32_t gateway, wn_subnet_request *out,
                                      wslnet_error *err);

/* The two values, as WSL names them. */
#define WN_SUBNET_VALUE_NETWORK "NatNetwork"
#define WN_SUBNET_VALUE_GATEWAY "NatGatewayIpAddress"

/* One registry value write of the plan. */
typedef struct wn_subnet_write {
    const char *name;            /* WN_SUBNET_VALUE_* */
    int existed;                 /* the value was there */
    char old_value[64];          /* as read ("" when absent; cut at 63 bytes) */
    char new_value[20];          /* "172.28.16.0/20", "172.28.16.1" */
    int change;                  /* 0: already so, nothing to write */
} wn_subnet_write;

/* The registry as read: NULL for an absent value. */
typedef struct wn_subnet_registry {
    const char *network;
    const char *gateway;
} wn_subnet_registry;

/* The plan: NatNetwork first, then NatGatewayIpAddress (order of writing). */
typedef struct wn_subnet_plan {
    wn_subnet_write writes[2];
    size_t change_count;
} wn_subnet_plan;

/* Plans the writes for req over what the registry holds (pure, total). */
void wn_subnet_plan_make(const wn_subnet_request *req, const wn_subnet_registry *reg, wn_subnet_plan *out);

/* "a.b.c.d/n" into buf (at least 20 bytes). */
void wn_subnet_format(uint32_t net, uint8_t len, char *buf, size_t size);

#endif
