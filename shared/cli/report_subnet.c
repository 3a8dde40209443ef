/* report_subnet.c - rendering subnet show / suggest / set. */
#include "report_subnet.h"

#include "report.h"
#include "strbuf.h"

#include <stdlib.h>

/* What a pinned range needs before WSL uses it (see wslnet/subnet.h). */
#define TAKES_EFFECT                                                                          \
    "WSL uses it once it creates its NAT network anew: restart Windows before WSL starts "    \
    "again. wsl --shutdown is not enough: HNS keeps WSL's network until Windows restarts, "   \
    "WSL reuses it and writes that range back over these values (then run subnet set again)"

static cJSON *routes_json(const wslnet_subnet_route *routes, size_t count)
{
    cJSON *arr = cJSON_CreateArray();
    size_t i;
    for (i = 0; arr && i < count && i < WSLNET_SUBNET_ROUTES_MAX; i++) {
        cJSON *o = cJSON_CreateObject();
        int bad = !o;
        bad |= !o || !cJSON_AddStringToObject(o, "prefix", routes[i].prefix);
        bad |= !o || !cJSON_AddNumberToObject(o, "interfaceIndex", routes[i].if_index);
        bad |= !o || !cJSON_AddStringToObject(o, "interface", routes[i].interface_name);
        bad |= !o || !cJSON_AddStringToObject(o, "relation", routes[i].inside ? "inside" : "covers");
        if (bad || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

static int add_string_or_null(cJSON *o, const char *name, int present, const char *value)
{
    return present ? cJSON_AddStringToObject(o, name, value) != NULL : cJSON_AddNullToObject(o, name) != NULL;
}

cJSON *wn_json_subnet_show(const wslnet_subnet_info *info)
{
    cJSON *doc = wn_json_document("subnetShow"), *routes, *hns;
    size_t i;
    int bad = 0;
    if (!doc)
        return NULL;
    bad |= !add_string_or_null(doc, "natNetwork", info->has_network, info->network);
    bad |= !cJSON_AddBoolToObject(doc, "natNetworkValid", info->network_valid);
    bad |= !add_string_or_null(doc, "natGateway", info->has_gateway, info->gateway);
    bad |= !add_string_or_null(doc, "adapter", info->has_adapter, info->adapter_name);
    bad |= !add_string_or_null(doc, "adapterSubnet", info->has_adapter, info->adapter_subnet);
    bad |= !add_string_or_null(doc, "adapterAddress", info->has_adapter, info->adapter_address);
    bad |= !(hns = cJSON_AddArrayToObject(doc, "hnsNetworks"));
    for (i = 0; !bad && i < info->hns_count && i < 2; i++) {
        cJSON *o = cJSON_CreateObject();
        bad |= !o || !cJSON_AddStringToObject(o, "name", info->hns[i].name);
        bad |= !o || !add_string_or_null(o, "subnet", info->hns[i].subnet[0] != 0, info->hns[i].subnet);
        bad |= !o || !add_string_or_null(o, "gateway", info->hns[i].gateway[0] != 0, info->hns[i].gateway);
        if (o && (bad || !cJSON_AddItemToArray(hns, o))) {
            cJSON_Delete(o);
            bad = 1;
        }
    }
    if (info->hns_error.status != WSLNET_OK)
        bad |= !cJSON_AddStringToObject(doc, "hnsError", info->hns_error.message);
    bad |= !cJSON_AddBoolToObject(doc, "pending", info->pending);
    bad |= !add_string_or_null(doc, "checkedSubnet", info->checked[0] != 0, info->checked);
    bad |= !cJSON_AddBoolToObject(doc, "routesRead", info->routes_error.status == WSLNET_OK);
    if (info->routes_error.status != WSLNET_OK)
        bad |= !cJSON_AddStringToObject(doc, "routesError", info->routes_error.message);
    bad |= !cJSON_AddNumberToObject(doc, "overlapCount", (double)info->overlap_count);
    routes = routes_json(info->overlaps, info->overlap_count);
    bad |= !routes || !cJSON_AddItemToObject(doc, "overlaps", routes);
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

cJSON *wn_json_subnet_suggest(const wslnet_subnet_suggestion *s)
{
    cJSON *doc = wn_json_document("subnetSuggest");
    int bad = 0;
    if (!doc)
        return NULL;
    bad |= !cJSON_AddStringToObject(doc, "subnet", s->subnet);
    bad |= !cJSON_AddStringToObject(doc, "gateway", s->gateway);
    bad |= !cJSON_AddNumberToObject(doc, "routesConsidered", (double)s->route_count);
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

cJSON *wn_json_subnet_set(const wslnet_subnet_set_result *r)
{
    cJSON *doc = wn_json_document("subnetSet"), *arr, *routes;
    size_t i;
    int bad = 0;
    if (!doc)
        return NULL;
    bad |= !cJSON_AddBoolToObject(doc, "dryRun", r->dry_run);
    bad |= !cJSON_AddStringToObject(doc, "subnet", r->subnet);
    bad |= !cJSON_AddStringToObject(doc, "gateway", r->gateway);
    bad |= !cJSON_AddStringToObject(doc, "registryKey", "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss");
    bad |= !cJSON_AddBoolToObject(doc, "changed", !r->dry_run && r->change_count > 0);
    bad |= !(arr = cJSON_AddArrayToObject(doc, "values"));
    for (i = 0; !bad && i < 2; i++) {
        cJSON *o = cJSON_CreateObject();
        bad |= !o;
        bad |= !o || !cJSON_AddStringToObject(o, "name", r->values[i].name);
        bad |= !o || !cJSON_AddStringToObject(o, "type", "REG_SZ");
        bad |= !o || !add_string_or_null(o, "old", r->values[i].existed, r->values[i].old_value);
        bad |= !o || !cJSON_AddStringToObject(o, "new", r->values[i].new_value);
        bad |= !o || !cJSON_AddStringToObject(o, "action", r->values[i].changed ? "write" : "none");
        if (o && (bad || !cJSON_AddItemToArray(arr, o))) {
            cJSON_Delete(o);
            bad = 1;
        }
    }
    routes = bad ? NULL : routes_json(r->overlaps, r->overlap_count);
    bad |= !routes || !cJSON_AddItemToObject(doc, "overlaps", routes);
    bad |= !cJSON_AddStringToObject(doc, "takesEffect", TAKES_EFFECT);
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

static void routes_text(wn_strbuf *b, const wslnet_subnet_route *routes, size_t count)
{
    size_t i;
    for (i = 0; i < count && i < WSLNET_SUBNET_ROUTES_MAX; i++)
        wn_strbuf_printf(b, "  %-18s on %s (%s it)\n", routes[i].prefix,
                         routes[i].interface_name[0] ? routes[i].interface_name : "?",
                         routes[i].inside ? "inside" : "covers");
    if (count > WSLNET_SUBNET_ROUTES_MAX)
        wn_strbuf_printf(b, "  ... and %lu more\n", (unsigned long)(count - WSLNET_SUBNET_ROUTES_MAX));
}

char *wn_text_subnet_show(const wslnet_subnet_info *info)
{
    wn_strbuf b = {0};
    size_t i;
    wn_strbuf_printf(&b, "pinned subnet:   %s%s\n", info->has_network ? info->network : "(none: HNS picks one)",
                     info->has_network && !info->network_valid ? " (not a valid subnet: WSL's network creation "
                                                                 "fails and HNS picks one)" : "");
    wn_strbuf_printf(&b, "pinned gateway:  %s\n", info->has_gateway ? info->gateway : "(none)");
    if (info->has_adapter)
        wn_strbuf_printf(&b, "adapter subnet:  %s (%s, %s)\n", info->adapter_subnet, info->adapter_name,
                         info->adapter_address);
    else
        wn_strbuf_printf(&b, "adapter subnet:  (no WSL adapter with IPv4)\n");
    for (i = 0; i < info->hns_count && i < 2; i++)
        wn_strbuf_printf(&b, "HNS network:     %s (%s)\n", info->hns[i].subnet[0] ? info->hns[i].subnet : "no subnet",
                         info->hns[i].name);
    if (info->pending)
        wn_strbuf_printf(&b, "pending:         no WSL network uses %s yet: restart Windows before WSL starts "
                         "(WSL reuses its network and writes that range back)\n", info->network);
    if (!info->checked[0])
        wn_strbuf_printf(&b, "overlaps:        nothing to check\n");
    else if (info->routes_error.status != WSLNET_OK)
        wn_strbuf_printf(&b, "overlaps:        the route table could not be read: %s\n", info->routes_error.message);
    else if (!info->overlap_count)
        wn_strbuf_printf(&b, "overlaps:        none with %s\n", info->checked);
    else {
        wn_strbuf_printf(&b, "overlaps:        %lu route(s) of other interfaces overlap %s:\n", (unsigned long)info->overlap_count,
                         info->checked);
        routes_text(&b, info->overlaps, info->overlap_count);
        wn_strbuf_printf(&b, "fix:             wslnet subnet suggest, then wslnet subnet set CIDR\n");
    }
    return wn_strbuf_take(&b);
}

char *wn_text_subnet_suggest(const wslnet_subnet_suggestion *s)
{
    wn_strbuf b = {0};
    wn_strbuf_printf(&b, "%s (gateway %s): overlaps none of %lu routes\n", s->subnet, s->gateway, (unsigned long)s->route_count);
    return wn_strbuf_take(&b);
}

char *wn_text_subnet_set(const wslnet_subnet_set_result *r)
{
    wn_strbuf b = {0};
    size_t i;
    const char *verb = r->dry_run ? "would write" : "wrote";
    for (i = 0; i < 2; i++) {
        if (r->values[i].changed)
            wn_strbuf_printf(&b, "%s %s = %s (was %s)\n", verb, r->values[i].name, r->values[i].new_value,
                             r->values[i].existed ? r->values[i].old_value : "absent");
        else
            wn_strbuf_printf(&b, "%s already %s\n", r->values[i].name, r->values[i].new_value);
    }
    if (r->overlap_count) {
        wn_strbuf_printf(&b, "warning: forced over %lu overlapping route(s):\n", (unsigned long)r->overlap_count);
        routes_text(&b, r->overlaps, r->overlap_count);
    }
    wn_strbuf_printf(&b, "%s\n", TAKES_EFFECT);
    return wn_strbuf_take(&b);
}
