/* report_expose.c - rendering exposure lists and change results. */
#include "report_expose.h"

#include "report.h"
#include "strbuf.h"

#include <stdlib.h>

static int add_mode(cJSON *doc, const wslnet_expose_mode *m)
{
    cJSON *o = cJSON_AddObjectToObject(doc, "mode");
    return o && cJSON_AddStringToObject(o, "effective", m->mode) && cJSON_AddStringToObject(o, "reason", m->reason) &&
           cJSON_AddBoolToObject(o, "hypervFirewall", m->hyperv_firewall);
}

cJSON *wn_json_expose_result(const char *kind, const wslnet_expose_result *r, int dry_run)
{
    cJSON *doc = wn_json_document(kind), *arr;
    size_t i;
    int bad = !doc;
    bad |= bad || !add_mode(doc, &r->mode);
    bad |= bad || !cJSON_AddBoolToObject(doc, "dryRun", dry_run);
    bad |= bad || !cJSON_AddBoolToObject(doc, "applied", r->applied);
    bad |= bad || !cJSON_AddBoolToObject(doc, "refused", r->refused);
    bad |= bad || !(r->refused ? cJSON_AddStringToObject(doc, "reason", r->reason)
                               : cJSON_AddNullToObject(doc, "reason"));
    bad |= bad || !(r->refused ? cJSON_AddStringToObject(doc, "alternative", r->alternative)
                               : cJSON_AddNullToObject(doc, "alternative"));
    bad |= bad || !cJSON_AddStringToObject(doc, "vmAddress", r->vm_address);
    bad |= bad || !(arr = cJSON_AddArrayToObject(doc, "warnings"));
    if (!bad && r->warning[0])
        bad |= !cJSON_AddItemToArray(arr, cJSON_CreateString(r->warning));
    bad |= bad || !(arr = cJSON_AddArrayToObject(doc, "changes"));
    for (i = 0; !bad && i < r->count; i++) {
        const wslnet_proxy_change *c = &r->changes[i];
        cJSON *o = cJSON_CreateObject();
        bad |= !o || !cJSON_AddItemToArray(arr, o);
        bad |= bad || !cJSON_AddStringToObject(o, "op", c->op) || !cJSON_AddStringToObject(o, "kind", c->kind) ||
               !cJSON_AddStringToObject(o, "name", c->name) || !cJSON_AddStringToObject(o, "data", c->data);
    }
    bad |= bad || !(r->recovered[0] ? cJSON_AddStringToObject(doc, "recovered", r->recovered)
                                    : cJSON_AddNullToObject(doc, "recovered"));
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

cJSON *wn_json_expose_list(const wslnet_expose_list *list)
{
    cJSON *doc = wn_json_document("exposeList"), *arr;
    size_t i, k;
    int bad = !doc;
    bad |= bad || !add_mode(doc, &list->mode);
    bad |= bad || !cJSON_AddStringToObject(doc, "vmAddress", list->vm_address);
    bad |= bad || !(arr = cJSON_AddArrayToObject(doc, "exposures"));
    for (i = 0; !bad && i < list->count; i++) {
        const wslnet_exposure *e = &list->items[i];
        cJSON *o = cJSON_CreateObject(), *pieces = NULL;
        bad |= !o || !cJSON_AddItemToArray(arr, o);
        bad |= bad || !cJSON_AddStringToObject(o, "protocol", e->protocol) ||
               !cJSON_AddNumberToObject(o, "port", e->port) || !cJSON_AddNumberToObject(o, "toPort", e->to_port) ||
               !cJSON_AddStringToObject(o, "profiles", e->profiles) || !cJSON_AddStringToObject(o, "remote", e->remote) ||
               !cJSON_AddBoolToObject(o, "ok", e->ok) ||
               !(e->refusal[0] ? cJSON_AddStringToObject(o, "refusal", e->refusal) : cJSON_AddNullToObject(o, "refusal")) ||
               !(pieces = cJSON_AddArrayToObject(o, "pieces"));
        for (k = 0; !bad && k < 3; k++) {
            const wslnet_expose_piece *p = &e->pieces[k];
            cJSON *po = cJSON_CreateObject();
            bad |= !po || !cJSON_AddItemToArray(pieces, po);
            bad |= bad || !cJSON_AddStringToObject(po, "kind", p->kind) || !cJSON_AddStringToObject(po, "name", p->name) ||
                   !cJSON_AddBoolToObject(po, "wanted", p->wanted) || !cJSON_AddBoolToObject(po, "present", p->present) ||
                   !cJSON_AddStringToObject(po, "state", p->state);
        }
    }
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

static void text_mode(wn_strbuf *b, const wslnet_expose_mode *m)
{
    wn_strbuf_printf(b, "Effective mode: %s (%s)%s\n", m->mode, m->reason,
                     m->hyperv_firewall ? "; Hyper-V firewall on" : "; no Hyper-V firewall");
}

char *wn_text_expose_result(const wslnet_expose_result *r, int dry_run)
{
    wn_strbuf b = {0};
    size_t i;
    if (r->recovered[0])
        wn_strbuf_printf(&b, "First: %s.\n", r->recovered);
    text_mode(&b, &r->mode);
    if (r->refused) {
        wn_strbuf_printf(&b, "Refused, nothing changed: %s.\nInstead: %s.\n", r->reason, r->alternative);
        return wn_strbuf_take(&b);
    }
    if (r->count == 0)
        wn_strbuf_printf(&b, "Nothing to change: every exposure already has the pieces this mode needs.\n");
    else
        wn_strbuf_printf(&b, "%s\n", dry_run ? "Would change (dry run, nothing changed):" : "Changed:");
    for (i = 0; i < r->count; i++) {
        const wslnet_proxy_change *c = &r->changes[i];
        wn_strbuf_printf(&b, "  %-16s %-7s %s%s%s\n", c->op, c->kind, c->name, c->data[0] ? " -> " : "", c->data);
    }
    if (r->vm_address[0])
        wn_strbuf_printf(&b, "WSL VM address: %s\n", r->vm_address);
    if (r->warning[0])
        wn_strbuf_printf(&b, "Warning: %s\n", r->warning);
    return wn_strbuf_take(&b);
}

char *wn_text_expose_list(const wslnet_expose_list *list)
{
    wn_strbuf b = {0};
    size_t i, k;
    text_mode(&b, &list->mode);
    if (list->count == 0)
        wn_strbuf_printf(&b, "(no exposures)\n");
    for (i = 0; i < list->count; i++) {
        const wslnet_exposure *e = &list->items[i];
        wn_strbuf_printf(&b, "%s %u -> VM port %u  profiles %s, remote %s: %s\n", e->protocol, e->port, e->to_port,
                         e->profiles, e->remote, e->ok ? "ok" : e->refusal[0] ? "refused in this mode" : "needs: wslnet expose sync");
        if (e->refusal[0])
            wn_strbuf_printf(&b, "  %s\n", e->refusal);
        for (k = 0; k < 3; k++)
            wn_strbuf_printf(&b, "  %-10s %-8s %s\n", e->pieces[k].kind, e->pieces[k].state, e->pieces[k].name);
    }
    return wn_strbuf_take(&b);
}
