/* hns.c - HNS JSON parsing. HNS answers in the V1 shape to a NULL query (what
 * WSL itself reads) and in the V2 shape to a schema 2 query; both are read. */
#include "hns.h"

#include "ipv4.h"
#include "status.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

int wn_guid_normalize(const char *text, char out[37])
{
    size_t len = strlen(text), i;
    if (len == 38 && text[0] == '{' && text[37] == '}') {
        text++;
        len = 36;
    }
    if (len != 36)
        return 0;
    for (i = 0; i < 36; i++) {
        char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return 0;
        } else if (c >= 'A' && c <= 'F') {
            c = (char)(c - 'A' + 'a');
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return 0;
        }
        out[i] = c;
    }
    out[36] = '\0';
    return 1;
}

static const char *str_field(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* Reads a string field holding an IPv4 address. 1 found and valid, 0 absent,
 * -1 present but not IPv4. */
static int ipv4_field(const cJSON *obj, const char *name, uint32_t *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!item || cJSON_IsNull(item))
        return 0;
    if (!cJSON_IsString(item) || !wn_ipv4_parse(item->valuestring, out))
        return -1;
    return 1;
}

static int prefix_field(const cJSON *obj, const char *name, uint8_t *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsNumber(item) || item->valuedouble < 0 || item->valuedouble > 32)
        return 0;
    *out = (uint8_t)item->valueint;
    return 1;
}

static void guid_field(const cJSON *obj, const char *name, char out[37])
{
    const char *s = str_field(obj, name);
    if (!s || !wn_guid_normalize(s, out))
        out[0] = '\0';
}

/* V1 documents name their ID "ID", V2 documents "Id". */
static void object_id(const cJSON *root, char out[37])
{
    guid_field(root, "ID", out);
    if (!out[0])
        guid_field(root, "Id", out);
}

static cJSON *parse_object(const char *json, const char *what, wslnet_error *err,
                           wslnet_status *status)
{
    cJSON *root = json ? cJSON_Parse(json) : NULL;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        *status = wn_fail(err, WSLNET_E_BAD_DATA, 0,
                          "HNS returned a %s document that is not a JSON object", what);
        return NULL;
    }
    *status = WSLNET_OK;
    return root;
}

/* First default route's next hop in a Routes array, 1 when found. */
static int gateway_from_routes(const cJSON *routes, uint32_t *out)
{
    const cJSON *route;
    cJSON_ArrayForEach(route, routes) {
        if (ipv4_field(route, "NextHop", out) == 1)
            return 1;
    }
    return 0;
}

static void network_v1(const cJSON *root, wn_hns_network *out)
{
    const cJSON *subnet;
    cJSON_ArrayForEach(subnet, cJSON_GetObjectItemCaseSensitive(root, "Subnets")) {
        const char *prefix = str_field(subnet, "AddressPrefix");
        if (prefix && wn_ipv4_parse_cidr(prefix, &out->subnet, &out->prefix)) {
            out->has_subnet = 1;
            out->has_gateway = ipv4_field(subnet, "GatewayAddress", &out->gateway) == 1;
            return;
        }
    }
}

static void network_v2(const cJSON *root, wn_hns_network *out)
{
    const cJSON *ipam, *subnet;
    cJSON_ArrayForEach(ipam, cJSON_GetObjectItemCaseSensitive(root, "Ipams")) {
        cJSON_ArrayForEach(subnet, cJSON_GetObjectItemCaseSensitive(ipam, "Subnets")) {
            const char *prefix = str_field(subnet, "IpAddressPrefix");
            if (prefix && wn_ipv4_parse_cidr(prefix, &out->subnet, &out->prefix)) {
                out->has_subnet = 1;
                out->has_gateway = gateway_from_routes(
                    cJSON_GetObjectItemCaseSensitive(subnet, "Routes"), &out->gateway);
                return;
            }
        }
    }
}

wslnet_status wn_hns_parse_network(const char *json, wn_hns_network *out, wslnet_error *err)
{
    wslnet_status status;
    cJSON *root = parse_object(json, "network", err, &status);
    const char *name;
    memset(out, 0, sizeof *out);
    if (!root)
        return status;
    object_id(root, out->id);
    name = str_field(root, "Name");
    wn_strlcpy(out->name, sizeof out->name, name ? name : "");
    network_v1(root, out);
    if (!out->has_subnet)
        network_v2(root, out);
    cJSON_Delete(root);
    return WSLNET_OK;
}

static wslnet_status endpoint_v2(const cJSON *root, wn_hns_endpoint *out, wslnet_error *err)
{
    const cJSON *config;
    cJSON_ArrayForEach(config, cJSON_GetObjectItemCaseSensitive(root, "IpConfigurations")) {
        const char *ip = str_field(config, "IpAddress");
        if (!ip)
            continue;
        if (wn_ipv4_parse(ip, &out->address)) {
            out->has_address = 1;
            prefix_field(config, "PrefixLength", &out->prefix);
            break;
        }
        /* An IPv6 configuration is legitimate; anything else is not. */
        if (!strchr(ip, ':'))
            return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                           "HNS endpoint has an IpAddress that is not an IP address");
    }
    guid_field(root, "HostComputeNetwork", out->network_id);
    out->has_gateway = gateway_from_routes(cJSON_GetObjectItemCaseSensitive(root, "Routes"),
                                           &out->gateway);
    return WSLNET_OK;
}

wslnet_status wn_hns_parse_endpoint(const char *json, wn_hns_endpoint *out, wslnet_error *err)
{
    wslnet_status status;
    cJSON *root = parse_object(json, "endpoint", err, &status);
    int v1;
    memset(out, 0, sizeof *out);
    if (!root)
        return status;
    object_id(root, out->id);
    v1 = ipv4_field(root, "IPAddress", &out->address);
    if (v1 < 0) {
        cJSON_Delete(root);
        return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                       "HNS endpoint has an IPAddress that is not an IPv4 address");
    }
    if (v1 == 1) {
        out->has_address = 1;
        prefix_field(root, "PrefixLength", &out->prefix);
        guid_field(root, "VirtualNetwork", out->network_id);
        out->has_gateway = ipv4_field(root, "GatewayAddress", &out->gateway) == 1;
        status = WSLNET_OK;
    } else {
        status = endpoint_v2(root, out, err);
    }
    cJSON_Delete(root);
    return status;
}

wslnet_status wn_hns_parse_id_list(const char *json, char (*ids)[37], size_t max,
                                   size_t *count, wslnet_error *err)
{
    cJSON *root = json ? cJSON_Parse(json) : NULL;
    const cJSON *item;
    size_t n = 0;
    *count = 0;
    if (!cJSON_IsArray(root)) {
        cJSON_Delete(root);
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "HNS returned an ID list that is not a JSON array");
    }
    cJSON_ArrayForEach(item, root) {
        char id[37];
        if (!cJSON_IsString(item) || !wn_guid_normalize(item->valuestring, id)) {
            cJSON_Delete(root);
            return wn_fail(err, WSLNET_E_BAD_DATA, 0, "HNS returned an ID list with a non-GUID entry");
        }
        if (n < max)
            memcpy(ids[n], id, sizeof id);
        n++;
    }
    cJSON_Delete(root);
    *count = n;
    return WSLNET_OK;
}

char *wn_hns_endpoint_query(const char *network_id)
{
    cJSON *query = cJSON_CreateObject(), *version, *filter;
    char *filter_text, *text = NULL;
    if (!query)
        return NULL;
    version = cJSON_AddObjectToObject(query, "SchemaVersion");
    filter = cJSON_CreateObject();
    if (version && filter && cJSON_AddNumberToObject(version, "Major", 2) &&
        cJSON_AddNumberToObject(version, "Minor", 0) && cJSON_AddNumberToObject(query, "Flags", 0) &&
        cJSON_AddStringToObject(filter, "VirtualNetwork", network_id)) {
        /* HNS takes the filter as a JSON document inside a string. */
        filter_text = cJSON_PrintUnformatted(filter);
        if (filter_text && cJSON_AddStringToObject(query, "Filter", filter_text))
            text = cJSON_PrintUnformatted(query);
        cJSON_free(filter_text);
    }
    cJSON_Delete(filter);
    cJSON_Delete(query);
    return text;
}
