/* hns.h - parsing what HNS (computenetwork.dll) returns, in both schema shapes. */
#ifndef WN_HNS_H
#define WN_HNS_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>
#include <stdint.h>

/* WSL's two fixed HNS network IDs (lowercase, no braces). */
#define WN_HNS_WSL_NETWORK_ID "b95d0c5e-57d4-412b-b571-18a81a16e005"
#define WN_HNS_WSL_FIREWALL_NETWORK_ID "790e58b4-7939-4434-9358-89ae7ddbe87e"

typedef struct wn_hns_network {
    char id[37];            /* lowercase, no braces; "" when the document has none */
    char name[64];
    int has_subnet;
    uint32_t subnet;        /* host order */
    uint8_t prefix;
    int has_gateway;
    uint32_t gateway;
} wn_hns_network;

typedef struct wn_hns_endpoint {
    char id[37];
    char network_id[37];    /* VirtualNetwork (V1) or HostComputeNetwork (V2); "" if absent */
    int has_address;
    uint32_t address;
    uint8_t prefix;         /* 0 when absent */
    int has_gateway;
    uint32_t gateway;
} wn_hns_endpoint;

/* Normalizes a GUID ("{B95D...}" or "b95d...") to 36 lowercase chars without
 * braces into out[37]. Returns 1 when text is a GUID, 0 otherwise. */
int wn_guid_normalize(const char *text, char out[37]);

/* Parses a network properties document (V1: Subnets[].AddressPrefix/
 * GatewayAddress; V2: Ipams[].Subnets[].IpAddressPrefix, Routes[].NextHop).
 * WSLNET_E_BAD_DATA with a message when json is not an object. */
WN_MUST_CHECK
wslnet_status wn_hns_parse_network(const char *json, wn_hns_network *out, wslnet_error *err);

/* Parses an endpoint properties document (V1: IPAddress/PrefixLength/
 * GatewayAddress/VirtualNetwork; V2: IpConfigurations[], HostComputeNetwork,
 * Routes[].NextHop). WSLNET_E_BAD_DATA when json is not an object or holds an
 * address that is not IPv4 text. */
WN_MUST_CHECK
wslnet_status wn_hns_parse_endpoint(const char *json, wn_hns_endpoint *out, wslnet_error *err);

/* Parses a JSON array of GUID strings (HcnEnumerate* output). Normalized IDs
 * go to ids[0..max); *count receives how many there were in all. */
WN_MUST_CHECK
wslnet_status wn_hns_parse_id_list(const char *json, char (*ids)[37], size_t max,
                                   size_t *count, wslnet_error *err);

/* Builds the V2 query that filters endpoints by network. Returns a malloc'd
 * string the caller frees, NULL when out of memory. */
char *wn_hns_endpoint_query(const char *network_id);

#endif
