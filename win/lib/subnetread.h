/* subnetread.h - what the subnet commands read (win/lib/subnet_apply.c), shared
 * with the policy engine (policy_engine.c) so both judge a subnet on the same data:
 * WSL's pinned NatNetwork/NatGatewayIpAddress, the WSL adapters, the route
 * table and what of it is WSL's own. */
#ifndef WN_SUBNETREAD_H
#define WN_SUBNETREAD_H

#include "subnet_plan.h" /* shared: wn_route, wn_subnet_own */
#include "wslnet.h"

#define WN_SUBNET_OWN_MAX 64

/* Release with wn_subnet_reading_clear (also after a failed read). */
typedef struct wn_subnet_reading {
    char *network, *gateway;          /* NULL: value absent */
    wslnet_adapter_list *adapters;    /* NULL: no WSL adapter */
    wn_route *routes;
    size_t route_count;
    wslnet_error routes_error;        /* WSLNET_OK when the route table was read */
    uint32_t own_ifs[WN_SUBNET_OWN_MAX], own_addrs[WN_SUBNET_OWN_MAX];
    wn_subnet_own own;
} wn_subnet_reading;

/* NatNetwork and NatGatewayIpAddress from WSL's machine key (absent: NULL).
 * WSLNET_E_SYSTEM/ACCESS_DENIED when the key cannot be read. */
wslnet_status wn_subnet_read_registry(wn_subnet_reading *r, wslnet_error *err);

/* The WSL adapters of pattern (NULL: default; none is fine), the routes (a
 * failure is kept in r->routes_error, not returned) and what is WSL's own. */
wslnet_status wn_subnet_read_network(const char *pattern, wn_subnet_reading *r, wslnet_error *err);

void wn_subnet_reading_clear(wn_subnet_reading *r);

#endif
