/* subnet_apply.c - `wslnet subnet`: reads WSL's pinned NAT values (HKLM Lxss), the
 * WSL adapter and the route table; applies shared/core/subnet_plan.c's plan. */
#include <winsock2.h>
#include <windows.h>

#include "doctor_net.h"
#include "guard.h"
#include "hcn.h"
#include "hns.h"
#include "ipv4.h"
#include "status.h"
#include "subnet_plan.h"
#include "subnetread.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

/* WSL's machine key: LXSS_REGISTRY_PATH (src/windows/service/inc/
 * wslservice.idl:147), which registry.cpp:294 OpenLxssMachineKey creates when
 * absent; WSL's service is 64-bit, so the 64-bit view. */
#define LXSS_KEY L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss"

void wn_subnet_reading_clear(wn_subnet_reading *r)
{
    free(r->network);
    free(r->gateway);
    wslnet_adapter_list_free(r->adapters);
    free(r->routes);
    memset(r, 0, sizeof *r);
}

/* One Lxss value; absent is fine (*out NULL). */
static wslnet_status read_value(const wchar_t *name, char **out, wslnet_error *err)
{
    wslnet_status st = wn_reg_read_string(HKEY_LOCAL_MACHINE, LXSS_KEY, name, out, err);
    if (st == WSLNET_E_NOT_FOUND) {
        *out = NULL;
        return WSLNET_OK;
    }
    return st;
}

wslnet_status wn_subnet_read_registry(wn_subnet_reading *r, wslnet_error *err)
{
    wslnet_status st = read_value(L"NatNetwork", &r->network, err);
    if (st != WSLNET_OK)
        return st;
    return read_value(L"NatGatewayIpAddress", &r->gateway, err);
}

/* The WSL adapters (none is fine), the routes (a failure is kept in
 * r->routes_error) and what of them is WSL's own. */
wslnet_status wn_subnet_read_network(const char *pattern, wn_subnet_reading *r, wslnet_error *err)
{
    wslnet_error adapter_err;
    wslnet_status st = wslnet_adapter_list_get(pattern, &r->adapters, &adapter_err);
    if (st != WSLNET_OK && st != WSLNET_E_NOT_FOUND) {
        *err = adapter_err;
        return st;
    }
    if (wn_doctor_routes_read(&r->routes, &r->route_count, &r->routes_error) == WSLNET_OK)
        wn_error_clear(&r->routes_error);
    wn_subnet_own_from_adapters(r->adapters, r->own_ifs, r->own_addrs, WN_SUBNET_OWN_MAX, &r->own);
    return WSLNET_OK;
}

/* Fills overlaps[] (at most WSLNET_SUBNET_ROUTES_MAX) and returns the count in all. */
static size_t overlaps_of(const wn_subnet_reading *r, uint32_t net, uint8_t len, wslnet_subnet_route *overlaps)
{
    size_t idx[WSLNET_SUBNET_ROUTES_MAX], n, i;
    n = wn_subnet_conflicts(r->routes, r->route_count, net, len, &r->own, idx, WSLNET_SUBNET_ROUTES_MAX);
    for (i = 0; i < n && i < WSLNET_SUBNET_ROUTES_MAX; i++) {
        const wn_route *route = &r->routes[idx[i]];
        wn_subnet_format(route->prefix, route->length, overlaps[i].prefix, sizeof overlaps[i].prefix);
        overlaps[i].if_index = route->if_index;
        wn_strlcpy(overlaps[i].interface_name, sizeof overlaps[i].interface_name, route->interface_name);
        overlaps[i].inside = route->length >= len;
    }
    return n;
}

/* WSL's HNS networks into out->hns; a failure is kept in out->hns_error.
 * Sets out->pending when a valid pin differs from every existing network. */
static void read_hns(wslnet_subnet_info *out)
{
    wn_hns_snapshot snap;
    wn_hns_network net;
    wslnet_error err;
    size_t i;
    int in_use = 0;
    memset(&snap, 0, sizeof snap);
    if (wn_hns_read(&snap, &out->hns_error) != WSLNET_OK)
        return;
    wn_error_clear(&out->hns_error);
    for (i = 0; i < snap.count && out->hns_count < 2; i++) {
        if (wn_hns_parse_network(snap.networks[i].properties, &net, &err) != WSLNET_OK)
            continue;
        wn_strlcpy(out->hns[out->hns_count].name, sizeof out->hns[0].name, net.name);
        if (net.has_subnet)
            wn_subnet_format(net.subnet, net.prefix, out->hns[out->hns_count].subnet, sizeof out->hns[0].subnet);
        if (net.has_gateway)
            wn_ipv4_format(net.gateway, out->hns[out->hns_count].gateway, sizeof out->hns[0].gateway);
        in_use |= out->network_valid && strcmp(out->hns[out->hns_count].subnet, out->network) == 0;
        out->hns_count++;
    }
    out->pending = out->network_valid && out->hns_count > 0 && !in_use;
    wn_hns_snapshot_clear(&snap);
}

wslnet_status wslnet_subnet_show(const char *adapter_pattern, wslnet_subnet_info *out, wslnet_error *err)
{
    wn_subnet_reading r;
    uint32_t net = 0, a;
    uint8_t len = 0;
    size_t i;
    wslnet_status st;
    memset(&r, 0, sizeof r);
    memset(out, 0, sizeof *out);
    st = wn_subnet_read_registry(&r, err);
    if (st == WSLNET_OK)
        st = wn_subnet_read_network(adapter_pattern, &r, err);
    if (st != WSLNET_OK)
        goto done;
    if ((out->has_network = r.network != NULL) != 0) {
        wn_strlcpy(out->network, sizeof out->network, r.network);
        out->network_valid = wn_ipv4_parse_cidr(r.network, &a, &len) && wn_subnet_network(a, len) == a;
        if (out->network_valid)
            net = a;
    }
    if ((out->has_gateway = r.gateway != NULL) != 0)
        wn_strlcpy(out->gateway, sizeof out->gateway, r.gateway);
    for (i = 0; r.adapters && i < r.adapters->count && !out->has_adapter; i++) {
        const wslnet_adapter *ad = &r.adapters->items[i];
        if (ad->address_count > 0 && ad->addresses[0].family == 4 && wn_ipv4_parse(ad->addresses[0].address, &a)) {
            out->has_adapter = 1;
            wn_strlcpy(out->adapter_name, sizeof out->adapter_name, ad->name);
            wn_strlcpy(out->adapter_address, sizeof out->adapter_address, ad->addresses[0].address);
            wn_subnet_format(wn_subnet_network(a, ad->addresses[0].prefix_length), ad->addresses[0].prefix_length,
                             out->adapter_subnet, sizeof out->adapter_subnet);
            if (!out->network_valid) {
                len = ad->addresses[0].prefix_length;
                net = wn_subnet_network(a, len);
            }
        }
    }
    read_hns(out);
    out->routes_error = r.routes_error;
    if (out->network_valid || out->has_adapter) {
        wn_subnet_format(net, len, out->checked, sizeof out->checked);
        if (r.routes_error.status == WSLNET_OK)
            out->overlap_count = overlaps_of(&r, net, len, out->overlaps);
    }
done:
    wn_subnet_reading_clear(&r);
    return st;
}

wslnet_status wslnet_subnet_suggest(const char *adapter_pattern, wslnet_subnet_suggestion *out, wslnet_error *err)
{
    wn_subnet_reading r;
    uint32_t net;
    wslnet_status st;
    memset(&r, 0, sizeof r);
    memset(out, 0, sizeof *out);
    st = wn_subnet_read_network(adapter_pattern, &r, err);
    if (st == WSLNET_OK && r.routes_error.status != WSLNET_OK) {
        *err = r.routes_error;
        st = r.routes_error.status;
    }
    if (st == WSLNET_OK)
        st = wn_subnet_suggest(r.routes, r.route_count, &r.own, &net, err);
    if (st == WSLNET_OK) {
        out->route_count = r.route_count;
        wn_subnet_format(net, WN_SUBNET_SUGGEST_PREFIX, out->subnet, sizeof out->subnet);
        wn_ipv4_format(net + 1, out->gateway, sizeof out->gateway);
    }
    wn_subnet_reading_clear(&r);
    return st;
}

/* Writes one REG_SZ the way WSL does (registry.cpp:488: the length counts the NUL). */
static LSTATUS set_string(HKEY key, const char *name, const char *value)
{
    wchar_t *wname = wn_wide_from_utf8(name), *wvalue = wn_wide_from_utf8(value);
    LSTATUS rc = ERROR_NOT_ENOUGH_MEMORY;
    if (wname && wvalue)
        rc = RegSetValueExW(key, wname, 0, REG_SZ, (const BYTE *)wvalue, (DWORD)((wcslen(wvalue) + 1) * sizeof(wchar_t)));
    free(wname);
    free(wvalue);
    return rc;
}

/* Puts a value back as it was before the plan (deleted when it was absent). */
static void restore(HKEY key, const wn_subnet_write *w, const char *old_full)
{
    wchar_t *wname = wn_wide_from_utf8(w->name);
    if (!wname)
        return;
    if (w->existed)
        set_string(key, w->name, old_full);
    else
        RegDeleteValueW(key, wname);
    free(wname);
}

/* Applies the plan under the lock; on a failed write puts back what it wrote.
 * Killed between the two writes, the pair may disagree (new network, old
 * gateway): HNS then refuses it and WSL creates its network without them
 * (NatNetworking.cpp:644-676), and the next `subnet set` writes the pair again. */
static wslnet_status apply(const wn_subnet_plan *plan, const wn_subnet_reading *r, wslnet_error *err)
{
    const char *old_full[2] = {r->network, r->gateway};
    HKEY key = NULL;
    LSTATUS rc;
    size_t i, j;
    rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, LXSS_KEY, 0, NULL, 0, KEY_QUERY_VALUE | KEY_SET_VALUE | KEY_WOW64_64KEY,
                         NULL, &key, NULL);
    if (rc != ERROR_SUCCESS)
        return wn_fail_win32(err, (DWORD)rc, "opening HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss");
    for (i = 0; i < 2; i++) {
        if (!plan->writes[i].change)
            continue;
        rc = set_string(key, plan->writes[i].name, plan->writes[i].new_value);
        if (rc != ERROR_SUCCESS)
            break;
    }
    if (rc != ERROR_SUCCESS) {
        for (j = 0; j < i; j++)
            if (plan->writes[j].change)
                restore(key, &plan->writes[j], old_full[j]);
        RegCloseKey(key);
        return wn_fail_win32(err, (DWORD)rc, "writing WSL's NAT subnet values (nothing changed)");
    }
    RegCloseKey(key);
    return WSLNET_OK;
}

static void result_fill(wslnet_subnet_set_result *out, const wn_subnet_plan *plan)
{
    size_t i;
    out->change_count = plan->change_count;
    for (i = 0; i < 2; i++) {
        wslnet_subnet_value_change *v = &out->values[i];
        wn_strlcpy(v->name, sizeof v->name, plan->writes[i].name);
        v->existed = plan->writes[i].existed;
        wn_strlcpy(v->old_value, sizeof v->old_value, plan->writes[i].old_value);
        wn_strlcpy(v->new_value, sizeof v->new_value, plan->writes[i].new_value);
        v->changed = plan->writes[i].change;
    }
}

wslnet_status wslnet_subnet_set(const wslnet_subnet_set_options *o, wslnet_subnet_set_result *out, wslnet_error *err)
{
    wn_subnet_request req;
    wn_subnet_registry reg;
    wn_subnet_plan plan;
    wn_subnet_reading r;
    wn_lock lock = {0};
    wslnet_status st;
    memset(&r, 0, sizeof r);
    memset(out, 0, sizeof *out);
    out->dry_run = o->dry_run;
    st = wn_subnet_request_check(o->subnet.network, o->subnet.prefix_length, o->gateway, &req, err);
    if (st != WSLNET_OK)
        return st;
    wn_subnet_format(req.network, req.length, out->subnet, sizeof out->subnet);
    wn_ipv4_format(req.gateway, out->gateway, sizeof out->gateway);
    st = wn_subnet_read_network(o->adapter_pattern, &r, err);
    if (st != WSLNET_OK)
        goto done;
    if (r.routes_error.status != WSLNET_OK && !o->force) {
        st = wn_fail(err, r.routes_error.status, r.routes_error.code,
                     "the route table could not be read, so overlaps cannot be ruled out (--force writes "
                     "anyway): %s", r.routes_error.message);
        goto done;
    }
    out->overlap_count = overlaps_of(&r, req.network, req.length, out->overlaps);
    if (out->overlap_count && !o->force) {
        st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                     "%s overlaps route %s on '%s'%s: WSL's traffic would go astray; nothing was changed "
                     "(wslnet subnet suggest finds a free range; --force writes anyway)",
                     out->subnet, out->overlaps[0].prefix,
                     out->overlaps[0].interface_name[0] ? out->overlaps[0].interface_name : "?",
                     out->overlap_count > 1 ? " and others" : "");
        goto done;
    }
    if (!o->dry_run && (st = wn_guard_begin(&lock, err)) != WSLNET_OK)
        goto done;
    /* Read under the lock: the plan is made against what is there now. */
    if ((st = wn_subnet_read_registry(&r, err)) != WSLNET_OK)
        goto done;
    reg.network = r.network;
    reg.gateway = r.gateway;
    wn_subnet_plan_make(&req, &reg, &plan);
    result_fill(out, &plan);
    if (!o->dry_run && plan.change_count && (st = apply(&plan, &r, err)) != WSLNET_OK)
        goto done;
done:
    wn_lock_release(&lock);
    wn_subnet_reading_clear(&r);
    return st;
}
