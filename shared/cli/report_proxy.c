/* report_proxy.c - rendering port proxy lists and change results. */
#include "report_proxy.h"

#include "report.h"
#include "strbuf.h"

#include <stdlib.h>

static cJSON *entry_json(const wslnet_proxy_entry *e)
{
    cJSON *o = cJSON_CreateObject();
    int bad = 0;
    if (!o)
        return NULL;
    bad |= !cJSON_AddStringToObject(o, "kind", e->kind);
    bad |= !cJSON_AddBoolToObject(o, "valid", e->valid);
    if (e->valid) {
        bad |= !cJSON_AddStringToObject(o, "listenAddress", e->listen_address);
        bad |= !cJSON_AddNumberToObject(o, "listenPort", e->listen_port);
        bad |= !cJSON_AddStringToObject(o, "connectAddress", e->connect_address);
        bad |= !cJSON_AddNumberToObject(o, "connectPort", e->connect_port);
    }
    bad |= !cJSON_AddStringToObject(o, "owner", e->owned ? "wslnet" : "foreign");
    bad |= !cJSON_AddStringToObject(o, "target", e->target);
    bad |= !cJSON_AddBoolToObject(o, "stale", e->stale);
    bad |= !cJSON_AddBoolToObject(o, "missing", e->missing);
    bad |= !cJSON_AddStringToObject(o, "registryName", e->raw_name);
    bad |= !cJSON_AddStringToObject(o, "registryData", e->raw_data);
    if (bad) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *wn_json_proxy_list(const wslnet_proxy_list *list)
{
    cJSON *doc = wn_json_document("proxyList"), *arr;
    size_t i;
    int bad = 0;
    if (!doc)
        return NULL;
    bad |= !cJSON_AddStringToObject(doc, "ipHelperService", wslnet_service_state_name(list->service));
    bad |= !cJSON_AddStringToObject(doc, "vmAddress", list->vm_address);
    bad |= !cJSON_AddStringToObject(doc, "vmAddressSource", list->vm_address_source);
    bad |= !(arr = cJSON_AddArrayToObject(doc, "proxies"));
    for (i = 0; !bad && i < list->count; i++) {
        cJSON *e = entry_json(&list->entries[i]);
        bad |= !e || !cJSON_AddItemToArray(arr, e);
    }
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

cJSON *wn_json_proxy_result(const char *kind, const wslnet_proxy_result *r, int dry_run)
{
    cJSON *doc = wn_json_document(kind), *arr;
    size_t i;
    int bad = 0;
    if (!doc)
        return NULL;
    bad |= !cJSON_AddBoolToObject(doc, "dryRun", dry_run);
    bad |= !cJSON_AddBoolToObject(doc, "applied", r->applied);
    bad |= !cJSON_AddStringToObject(doc, "ipHelperService", wslnet_service_state_name(r->service));
    bad |= !cJSON_AddStringToObject(doc, "vmAddress", r->vm_address);
    bad |= !cJSON_AddStringToObject(doc, "vmAddressSource", r->vm_address_source);
    bad |= !(r->vm_user[0] ? cJSON_AddStringToObject(doc, "vmUser", r->vm_user) : cJSON_AddNullToObject(doc, "vmUser"));
    bad |= !(r->vm_user_sid[0] ? cJSON_AddStringToObject(doc, "vmUserSid", r->vm_user_sid)
                               : cJSON_AddNullToObject(doc, "vmUserSid"));
    bad |= !(arr = cJSON_AddArrayToObject(doc, "changes"));
    for (i = 0; !bad && i < r->count; i++) {
        const wslnet_proxy_change *c = &r->changes[i];
        cJSON *o = cJSON_CreateObject();
        bad |= !o || !cJSON_AddItemToArray(arr, o);
        bad |= bad || !cJSON_AddStringToObject(o, "op", c->op) || !cJSON_AddStringToObject(o, "kind", c->kind) ||
               !cJSON_AddStringToObject(o, "name", c->name) || !cJSON_AddStringToObject(o, "data", c->data);
    }
    bad |= !(r->recovered[0] ? cJSON_AddStringToObject(doc, "recovered", r->recovered)
                              : cJSON_AddNullToObject(doc, "recovered"));
    bad |= !(arr = cJSON_AddArrayToObject(doc, "warnings"));
    if (!bad && r->warning[0])
        bad |= !cJSON_AddItemToArray(arr, cJSON_CreateString(r->warning));
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

char *wn_text_proxy_list(const wslnet_proxy_list *list)
{
    wn_strbuf b = {0};
    size_t i;
    wn_strbuf_printf(&b, "IP Helper service: %s", wslnet_service_state_name(list->service));
    if (list->vm_address[0])
        wn_strbuf_printf(&b, "   WSL VM address: %s (%s)", list->vm_address, list->vm_address_source);
    wn_strbuf_printf(&b, "\n\n%-7s %-24s %-30s %-8s %s\n", "Kind", "Listen", "Connect", "Owner", "Target");
    for (i = 0; i < list->count; i++) {
        const wslnet_proxy_entry *e = &list->entries[i];
        char listen[64], connect[280];
        if (!e->valid) {
            wn_strbuf_printf(&b, "%-7s %-24s %-30s %-8s (not a valid rule)\n", e->kind, e->raw_name, e->raw_data,
                             "foreign");
            continue;
        }
        wn_snprintf(listen, sizeof listen, "%s:%u", e->listen_address, e->listen_port);
        if (e->missing)
            wn_snprintf(connect, sizeof connect, "(missing from the store)");
        else
            wn_snprintf(connect, sizeof connect, "%s:%u", e->connect_address, e->connect_port);
        wn_strbuf_printf(&b, "%-7s %-24s %-30s %-8s %s%s\n", e->kind, listen, connect,
                         e->owned ? "wslnet" : "foreign", e->owned ? e->target : "-",
                         e->stale ? "  (stale: run wslnet proxy sync)" : "");
    }
    if (list->count == 0)
        wn_strbuf_printf(&b, "(no port proxies)\n");
    return wn_strbuf_take(&b);
}

char *wn_text_proxy_result(const wslnet_proxy_result *r, int dry_run)
{
    wn_strbuf b = {0};
    size_t i;
    if (r->recovered[0])
        wn_strbuf_printf(&b, "First: %s.\n", r->recovered);
    if (r->count == 0)
        wn_strbuf_printf(&b, "Nothing to change: every port proxy wslnet owns is already right.\n");
    else
        wn_strbuf_printf(&b, "%s\n", dry_run ? "Would change (dry run, nothing changed):" : "Changed:");
    for (i = 0; i < r->count; i++) {
        const wslnet_proxy_change *c = &r->changes[i];
        wn_strbuf_printf(&b, "  %-14s %-7s %s%s%s\n", c->op, c->kind, c->name, c->data[0] ? " -> " : "", c->data);
    }
    if (r->vm_address[0] && r->vm_user[0])
        wn_strbuf_printf(&b, "WSL VM address: %s (%s), the VM of user %s\n", r->vm_address, r->vm_address_source,
                         r->vm_user);
    else if (r->vm_address[0])
        wn_strbuf_printf(&b, "WSL VM address: %s (%s)\n", r->vm_address, r->vm_address_source);
    return wn_strbuf_take(&b);
}
