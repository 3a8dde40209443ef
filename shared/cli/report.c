/* report.c - JSON documents and human-readable text for each result. */
#include "report.h"

#include "source.h"
#include "status.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const oper_names[] = {"unknown", "up", "down", "testing", "dormant",
                                         "notPresent", "lowerLayerDown"};

const char *wn_oper_status_name(wslnet_oper_status status)
{
    if ((unsigned)status < sizeof oper_names / sizeof oper_names[0])
        return oper_names[status];
    return "unknown";
}

cJSON *wn_json_document(const char *kind)
{
    cJSON *doc = cJSON_CreateObject();
    if (doc && (!cJSON_AddNumberToObject(doc, "schemaVersion", WN_JSON_SCHEMA_VERSION) ||
                !cJSON_AddStringToObject(doc, "kind", kind))) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* cJSON's Add* functions return NULL on allocation failure; the builders below
 * count failures and drop the document at the end rather than check each call. */
#define ADD(ok, expr) ((ok) &= (expr) != NULL)

static cJSON *adapter_json(const wslnet_adapter *a, int *ok)
{
    cJSON *o = cJSON_CreateObject(), *addrs;
    char buf[32];
    size_t i;
    if (!o) {
        *ok = 0;
        return NULL;
    }
    ADD(*ok, cJSON_AddStringToObject(o, "name", a->name));
    ADD(*ok, cJSON_AddStringToObject(o, "description", a->description));
    ADD(*ok, cJSON_AddStringToObject(o, "guid", a->guid));
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)a->luid);
    ADD(*ok, cJSON_AddStringToObject(o, "luid", buf));
    ADD(*ok, cJSON_AddNumberToObject(o, "ifIndex", a->if_index));
    wn_format_mac(a->mac, a->mac_length, buf, sizeof buf);
    ADD(*ok, cJSON_AddStringToObject(o, "mac", buf));
    ADD(*ok, cJSON_AddNumberToObject(o, "mtu", a->mtu));
    ADD(*ok, cJSON_AddStringToObject(o, "status", wn_oper_status_name(a->oper_status)));
    ADD(*ok, addrs = cJSON_AddArrayToObject(o, "addresses"));
    for (i = 0; addrs && i < a->address_count; i++) {
        cJSON *ip = cJSON_CreateObject();
        ADD(*ok, ip);
        if (!ip)
            break;
        cJSON_AddItemToArray(addrs, ip);
        ADD(*ok, cJSON_AddStringToObject(ip, "family", a->addresses[i].family == 6 ? "ipv6" : "ipv4"));
        ADD(*ok, cJSON_AddStringToObject(ip, "address", a->addresses[i].address));
        ADD(*ok, cJSON_AddNumberToObject(ip, "prefixLength", a->addresses[i].prefix_length));
    }
    return o;
}

static cJSON *finish(cJSON *doc, int ok)
{
    if (!ok) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

cJSON *wn_json_adapter_list(const char *pattern, const wslnet_adapter_list *list)
{
    cJSON *doc = wn_json_document("adapterList"), *arr;
    int ok = doc != NULL;
    size_t i;
    if (!doc)
        return NULL;
    ADD(ok, cJSON_AddStringToObject(doc, "pattern", pattern));
    ADD(ok, arr = cJSON_AddArrayToObject(doc, "adapters"));
    for (i = 0; arr && list && i < list->count; i++) {
        cJSON *a = adapter_json(&list->items[i], &ok);
        if (a)
            cJSON_AddItemToArray(arr, a);
    }
    return finish(doc, ok);
}

static void add_attempts(cJSON *doc, const wslnet_vm_address *addr, int *ok)
{
    cJSON *arr;
    size_t i;
    ADD(*ok, arr = cJSON_AddArrayToObject(doc, "attempts"));
    for (i = 0; arr && i < addr->attempt_count; i++) {
        cJSON *a = cJSON_CreateObject();
        ADD(*ok, a);
        if (!a)
            return;
        cJSON_AddItemToArray(arr, a);
        ADD(*ok, cJSON_AddStringToObject(a, "source", wn_source_name(addr->attempts[i].source)));
        ADD(*ok, cJSON_AddStringToObject(a, "status", wn_status_name(addr->attempts[i].status)));
        ADD(*ok, cJSON_AddStringToObject(a, "message", addr->attempts[i].message));
    }
}

cJSON *wn_json_address(const wslnet_vm_address *addr)
{
    cJSON *doc = wn_json_document("address");
    int ok = doc != NULL;
    if (!doc)
        return NULL;
    ADD(ok, cJSON_AddStringToObject(doc, "address", addr->address));
    ADD(ok, cJSON_AddNumberToObject(doc, "prefixLength", addr->prefix_length));
    ADD(ok, cJSON_AddStringToObject(doc, "gateway", addr->gateway));
    ADD(ok, cJSON_AddStringToObject(doc, "source", wn_source_name(addr->source)));
    ADD(ok, cJSON_AddStringToObject(doc, "detail", addr->detail));
    if (addr->user_sid[0]) {
        ADD(ok, cJSON_AddStringToObject(doc, "user", addr->user));
        ADD(ok, cJSON_AddStringToObject(doc, "userSid", addr->user_sid));
    } else {
        ADD(ok, cJSON_AddNullToObject(doc, "user"));
    }
    add_attempts(doc, addr, &ok);
    return finish(doc, ok);
}

/* true / false / null (unknown). */
static void add_tristate(cJSON *obj, const char *name, int v, int *ok)
{
    if (v < 0)
        ADD(*ok, cJSON_AddNullToObject(obj, name));
    else
        ADD(*ok, cJSON_AddBoolToObject(obj, name, v));
}

static void add_policy(cJSON *obj, const char *name, int64_t v, int *ok)
{
    if (v < 0)
        ADD(*ok, cJSON_AddNullToObject(obj, name));
    else
        ADD(*ok, cJSON_AddNumberToObject(obj, name, (double)v));
}

/* effective.steps[], policy{}, features{}, user. */
static void add_mode_steps(cJSON *doc, cJSON *e, const wslnet_mode_info *m, int *ok)
{
    cJSON *steps, *p, *f;
    size_t i;
    if (!*ok)
        return;
    ADD(*ok, steps = cJSON_AddArrayToObject(e, "steps"));
    for (i = 0; *ok && i < m->step_count; i++) {
        cJSON *s = cJSON_CreateObject();
        ADD(*ok, s);
        if (!s || !cJSON_AddItemToArray(steps, s)) {
            cJSON_Delete(s);
            *ok = 0;
            return;
        }
        ADD(*ok, cJSON_AddStringToObject(s, "rule", m->steps[i].rule));
        ADD(*ok, cJSON_AddStringToObject(s, "mode", m->steps[i].mode));
        ADD(*ok, cJSON_AddStringToObject(s, "wslSource", m->steps[i].source));
        ADD(*ok, cJSON_AddStringToObject(s, "text", m->steps[i].text));
    }
    ADD(*ok, p = cJSON_AddObjectToObject(doc, "policy"));
    if (!*ok)
        return;
    add_policy(p, "defaultNetworkingMode", m->policy_default_mode, ok);
    add_policy(p, "allowNetworkingModeUserSetting", m->policy_allow_mode_user, ok);
    add_policy(p, "allowFirewallUserSetting", m->policy_allow_firewall_user, ok);
    ADD(*ok, f = cJSON_AddObjectToObject(doc, "features"));
    if (!*ok)
        return;
    if (m->hyperv_firewall < 0)
        ADD(*ok, cJSON_AddNullToObject(f, "hypervFirewall"));
    else
        ADD(*ok, cJSON_AddStringToObject(f, "hypervFirewall",
                                          m->hyperv_firewall == 2 ? "v2" : m->hyperv_firewall == 1 ? "v1" : "none"));
    ADD(*ok, cJSON_AddBoolToObject(f, "hypervFirewallDisabled", m->hyperv_firewall_disabled));
    add_tristate(f, "hnsFlowSteering", m->hns_flow_steering, ok);
    add_tristate(f, "ipv6Disabled", m->ipv6_disabled, ok);
    add_tristate(f, "natNetwork", m->nat_network, ok);
    if (m->user_sid[0]) {
        ADD(*ok, cJSON_AddStringToObject(doc, "user", m->user));
        ADD(*ok, cJSON_AddStringToObject(doc, "userSid", m->user_sid));
    } else {
        ADD(*ok, cJSON_AddNullToObject(doc, "user"));
    }
}

cJSON *wn_json_mode(const wslnet_mode_info *m)
{
    cJSON *doc = wn_json_document("mode"), *c, *e, *w, *wsl;
    int ok = doc != NULL;
    if (!doc)
        return NULL;
    ADD(ok, c = cJSON_AddObjectToObject(doc, "configured"));
    ADD(ok, e = cJSON_AddObjectToObject(doc, "effective"));
    ADD(ok, w = cJSON_AddObjectToObject(doc, "windows"));
    ADD(ok, wsl = cJSON_AddObjectToObject(doc, "wsl"));
    if (!ok)
        return finish(doc, ok);
    ADD(ok, cJSON_AddStringToObject(c, "mode", m->configured));
    ADD(ok, cJSON_AddBoolToObject(c, "isDefault", m->configured_is_default));
    ADD(ok, cJSON_AddStringToObject(c, "file", m->config_path));
    ADD(ok, cJSON_AddBoolToObject(c, "fileExists", m->config_exists));
    ADD(ok, cJSON_AddNumberToObject(c, "line", m->config_line));
    ADD(ok, cJSON_AddStringToObject(c, "section", m->config_section));
    ADD(ok, cJSON_AddStringToObject(c, "warning", m->config_warning));
    ADD(ok, cJSON_AddStringToObject(e, "mode", m->effective));
    ADD(ok, cJSON_AddStringToObject(e, "reason", m->effective_reason));
    ADD(ok, cJSON_AddNumberToObject(w, "build", m->windows_build));
    ADD(ok, cJSON_AddNumberToObject(w, "ubr", m->windows_ubr));
    ADD(ok, cJSON_AddStringToObject(w, "displayVersion", m->windows_display_version));
    if (m->wsl_version[0])
        ADD(ok, cJSON_AddStringToObject(wsl, "version", m->wsl_version));
    else
        ADD(ok, cJSON_AddNullToObject(wsl, "version"));
    add_tristate(doc, "mirroredSupported", m->mirrored_supported, &ok);
    add_tristate(e, "firewall", m->firewall, &ok);
    add_mode_steps(doc, e, m, &ok);
    return finish(doc, ok);
}

cJSON *wn_json_version(void)
{
    cJSON *doc = wn_json_document("version");
    int ok = doc != NULL;
    if (!doc)
        return NULL;
    ADD(ok, cJSON_AddStringToObject(doc, "version", WSLNET_VERSION_STRING));
    ADD(ok, cJSON_AddNumberToObject(doc, "apiVersion", WSLNET_API_VERSION));
    return finish(doc, ok);
}

cJSON *wn_json_error(const wslnet_error *err, const wslnet_vm_address *attempts)
{
    cJSON *doc = wn_json_document("error"), *e;
    int ok = doc != NULL;
    if (!doc)
        return NULL;
    ADD(ok, e = cJSON_AddObjectToObject(doc, "error"));
    if (e) {
        ADD(ok, cJSON_AddStringToObject(e, "status", wn_status_name(err->status)));
        ADD(ok, cJSON_AddNumberToObject(e, "exitCode", wn_status_exit_code(err->status)));
        ADD(ok, cJSON_AddNumberToObject(e, "code", err->code));
        ADD(ok, cJSON_AddStringToObject(e, "message", err->message));
    }
    if (attempts)
        add_attempts(doc, attempts, &ok);
    return finish(doc, ok);
}

/* ---- text */

char *wn_text_adapter_list(const wslnet_adapter_list *list)
{
    wn_strbuf b = {0};
    size_t i, j;
    wn_strbuf_printf(&b, "%-34s %-8s %-19s %-6s %s\n", "Name", "Status", "MAC", "MTU", "Addresses");
    for (i = 0; i < list->count; i++) {
        const wslnet_adapter *a = &list->items[i];
        char mac[32];
        wn_format_mac(a->mac, a->mac_length, mac, sizeof mac);
        wn_strbuf_printf(&b, "%-34s %-8s %-19s %-6u", a->name, wn_oper_status_name(a->oper_status),
                         mac[0] ? mac : "-", a->mtu);
        for (j = 0; j < a->address_count; j++)
            wn_strbuf_printf(&b, "%s%s/%u", j ? ", " : " ", a->addresses[j].address,
                             a->addresses[j].prefix_length);
        wn_strbuf_printf(&b, "%s\n", a->address_count ? "" : " (no address)");
    }
    return wn_strbuf_take(&b);
}

char *wn_text_attempts(const wslnet_vm_address *addr)
{
    wn_strbuf b = {0};
    size_t i;
    for (i = 0; i < addr->attempt_count; i++)
        wn_strbuf_printf(&b, "  %-9s %-12s %s\n", wn_source_name(addr->attempts[i].source),
                         wn_status_name(addr->attempts[i].status), addr->attempts[i].message);
    return wn_strbuf_take(&b);
}

char *wn_text_address(const wslnet_vm_address *addr)
{
    wn_strbuf b = {0};
    char *tried = wn_text_attempts(addr);
    wn_strbuf_printf(&b, "Address : %s", addr->address);
    if (addr->prefix_length)
        wn_strbuf_printf(&b, "/%u", addr->prefix_length);
    wn_strbuf_printf(&b, "\nGateway : %s\nSource  : %s\nDetail  : %s\n",
                     addr->gateway[0] ? addr->gateway : "-", wn_source_name(addr->source), addr->detail);
    if (addr->user_sid[0])
        wn_strbuf_printf(&b, "User    : %s (%s)\n", addr->user, addr->user_sid);
    wn_strbuf_printf(&b, "Tried   :\n%s", tried ? tried : "");
    free(tried);
    return wn_strbuf_take(&b);
}

char *wn_text_mode(const wslnet_mode_info *m)
{
    wn_strbuf b = {0};
    wn_strbuf_printf(&b, "Configured mode   : %s", m->configured);
    if (!m->config_exists)
        wn_strbuf_printf(&b, " (default: %s does not exist)\n",
                         m->config_path[0] ? m->config_path : "no user profile, so no .wslconfig");
    else if (m->configured_is_default)
        wn_strbuf_printf(&b, " (default: no valid networkingMode in %s)\n", m->config_path);
    else
        wn_strbuf_printf(&b, " (%s, line %u, [%s])\n", m->config_path, m->config_line,
                         m->config_section);
    if (m->config_warning[0])
        wn_strbuf_printf(&b, "Warning           : %s\n", m->config_warning);
    if (m->user_sid[0])
        wn_strbuf_printf(&b, "User              : %s (%s)\n", m->user, m->user_sid);
    wn_strbuf_printf(&b, "Effective mode    : %s (%s)\n", m->effective, m->effective_reason);
    for (size_t i = 0; i < m->step_count; i++)
        wn_strbuf_printf(&b, "  %-22s -> %-8s %s [%s]\n", m->steps[i].rule, m->steps[i].mode, m->steps[i].text,
                         m->steps[i].source);
    wn_strbuf_printf(&b, "Hyper-V firewall  : %s\n", m->firewall < 0 ? "unknown" : m->firewall ? "on" : "off");
    if (m->policy_default_mode >= 0 || m->policy_allow_mode_user >= 0 || m->policy_allow_firewall_user >= 0)
        wn_strbuf_printf(&b, "Group Policy      : DefaultNetworkingMode=%lld AllowNetworkingModeUserSetting=%lld "
                             "AllowFirewallUserSetting=%lld (-1: not set)\n",
                         (long long)m->policy_default_mode, (long long)m->policy_allow_mode_user,
                         (long long)m->policy_allow_firewall_user);
    if (m->windows_build)
        wn_strbuf_printf(&b, "Windows           : build %u.%u%s%s\n", m->windows_build,
                         m->windows_ubr, m->windows_display_version[0] ? " " : "",
                         m->windows_display_version);
    else
        wn_strbuf_printf(&b, "Windows           : build unknown\n");
    wn_strbuf_printf(&b, "WSL version       : %s\n", m->wsl_version[0] ? m->wsl_version : "not installed (no MSI WSL)");
    wn_strbuf_printf(&b, "Mirrored supported: %s\n",
                     m->mirrored_supported < 0 ? "unknown (Windows cannot tell us its features)"
                     : m->mirrored_supported ? "yes (Hyper-V firewall v2, HNS flow steering, IPv6)"
                                             : "no (needs Hyper-V firewall v2, HNS flow steering and IPv6; "
                                               "Windows 11 22H2 from 22621.2359)");
    return wn_strbuf_take(&b);
}
