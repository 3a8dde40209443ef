/* proxy.c - port proxies: list, add, remove, sync (wslnet/proxy.h).
 * Each change: validate, guard (elevation + lock, finishing an interrupted
 * run), read the snapshot in one pass, plan (shared/core/proxyplan.c), apply with
 * the journal (proxyapply.c). */
#include <windows.h>

#include "guard.h"
#include "iphlpsvc.h"
#include "netfwclient.h"
#include "ppstore.h"
#include "proxyapply.h"
#include "proxyplan.h"
#include "source.h"
#include "status.h"
#include "users.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

void wslnet_proxy_result_free(wslnet_proxy_result *result)
{
    if (!result)
        return;
    free(result->changes);
    free(result);
}

wslnet_status wn_proxy_changes_list(const wn_proxy_plan *plan, int dry_run, wslnet_proxy_change **changes,
                                    size_t *count, wslnet_error *err)
{
    size_t i;
    *changes = NULL;
    *count = 0;
    if (plan->count && !(*changes = calloc(plan->count, sizeof **changes)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (i = 0; i < plan->count; i++) {
        const wn_proxy_step *st = &plan->steps[i];
        wslnet_proxy_change *c = &(*changes)[(*count)++];
        char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
        if (dry_run && st->op == WN_PROXY_NOTIFY) {
            (*count)--;
            continue;
        }
        wn_strlcpy(c->op, sizeof c->op, wn_proxy_op_name(st->op));
        switch (st->op) {
        case WN_PROXY_PUT_RULE:
        case WN_PROXY_DELETE_RULE:
        case WN_PROXY_PUT_OWNED:
        case WN_PROXY_DELETE_OWNED: {
            int owned = st->op == WN_PROXY_PUT_OWNED || st->op == WN_PROXY_DELETE_OWNED;
            wslnet_status rc = owned ? wn_pp_owned_encode(&st->reg.u.owned, name, sizeof name, data, sizeof data, err)
                                     : wn_pp_rule_encode(&st->reg.u.rule, name, sizeof name, data, sizeof data, err);
            if (rc != WSLNET_OK)
                return rc;
            wn_strlcpy(c->kind, sizeof c->kind, wn_pp_kind_name(st->reg.kind));
            wn_strlcpy(c->name, sizeof c->name, name);
            if (st->op == WN_PROXY_PUT_RULE || st->op == WN_PROXY_PUT_OWNED)
                wn_strlcpy(c->data, sizeof c->data, data);
            break;
        }
        case WN_PROXY_PUT_FIREWALL:
            wn_strlcpy(c->name, sizeof c->name, st->fw.name);
            wn_strlcpy(c->data, sizeof c->data, st->fw.remote);
            break;
        case WN_PROXY_DELETE_FIREWALL:
        case WN_PROXY_DELETE_HVRULE:
            wn_strlcpy(c->name, sizeof c->name, st->op == WN_PROXY_DELETE_HVRULE ? st->hv.name : st->fw.name);
            break;
        case WN_PROXY_PUT_HVRULE:
            wn_strlcpy(c->name, sizeof c->name, st->hv.name);
            wn_snprintf(c->data, sizeof c->data, "%s %u%s%s", st->hv.protocol, (unsigned)st->hv.port,
                        st->hv.remote[0] ? " from " : "", st->hv.remote);
            break;
        case WN_PROXY_PUT_EXPOSURE:
        case WN_PROXY_DELETE_EXPOSURE:
            wn_strlcpy(c->name, sizeof c->name, st->exp.name);
            if (st->op == WN_PROXY_PUT_EXPOSURE)
                wn_strlcpy(c->data, sizeof c->data, st->exp.data);
            break;
        default:
            wn_strlcpy(c->name, sizeof c->name, "iphlpsvc");
            break;
        }
    }
    return WSLNET_OK;
}

/* The result's record of each planned step. */
static wslnet_status result_fill(wslnet_proxy_result *r, const wn_proxy_plan *plan, int dry_run, wslnet_error *err)
{
    return wn_proxy_changes_list(plan, dry_run, &r->changes, &r->count, err);
}

/* ---- the VM address, for "wsl" targets */

/* Fills vm[46]/source[16] with the VM's address of user (NULL: the caller's,
 * or as SYSTEM the signed-in user's); "" (and WSLNET_OK) when not found. A
 * user-writable value outside the WSL NAT subnet, or several users' VMs with
 * none named, is that status with err saying why (issue 9 finding 5). */
static wslnet_status vm_address_lookup(const char *adapter_pattern, const char *user, char *vm, char *source,
                                       wslnet_error *err)
{
    wslnet_address_options options = {WSLNET_SOURCE_AUTO, adapter_pattern, user, 1};
    wslnet_vm_address addr;
    wslnet_status st;
    vm[0] = source[0] = '\0';
    st = wslnet_vm_address_get(&options, &addr, err);
    if (st == WSLNET_OK) {
        wn_strlcpy(vm, 46, addr.address);
        wn_strlcpy(source, 16, wslnet_source_name(addr.source));
    }
    return st == WSLNET_E_BAD_DATA || st == WSLNET_E_INVALID_INPUT ? st : WSLNET_OK;
}

/* ---- the snapshot */

void wn_proxy_snapshot_free(wn_proxy_reading *r)
{
    wn_ppstore_free(&r->s);
    free(r->s.firewall);
    r->s.firewall = NULL;
    r->s.firewall_count = 0;
}

/* Reads everything request needs (request NULL: the list's needs) in one
 * pass: store and records, host firewall rules, service state, VM address. */
wslnet_status wn_proxy_snapshot_take(const wn_proxy_request *request, const char *adapter_pattern,
                                     const char *user, wn_proxy_reading *r, wslnet_error *err)
{
    wslnet_status st;
    memset(r, 0, sizeof *r);
    r->s.vm_address = r->vm;
    if ((st = wn_ppstore_read(&r->s, err)) != WSLNET_OK)
        return st;
    if (request && wn_proxy_request_needs_firewall(request) &&
        (st = wn_hostfw_find_prefix(WN_HOSTFW_PROXY_PREFIX, &r->s.firewall, &r->s.firewall_count, err)) != WSLNET_OK)
        return st;
    if (wn_iphlpsvc_state(&r->s.service, &r->s.service_error) == WSLNET_OK)
        wn_error_clear(&r->s.service_error);
    /* A change refuses an untrusted or ambiguous address; the list shows none. */
    if (request && wn_proxy_request_needs_vm(request))
        return vm_address_lookup(adapter_pattern, user, r->vm, r->vm_source, err);
    if (!request)
        wn_ignore_status(vm_address_lookup(adapter_pattern, NULL, r->vm, r->vm_source, NULL));
    return WSLNET_OK;
}

/* ---- list */

void wslnet_proxy_list_free(wslnet_proxy_list *list)
{
    if (!list)
        return;
    free(list->entries);
    free(list);
}

wslnet_status wslnet_proxy_list_get(const char *adapter_pattern, wslnet_proxy_list **out, wslnet_error *err)
{
    wn_proxy_reading r;
    wslnet_proxy_list *list;
    wslnet_status st;
    *out = NULL;
    if (!(list = calloc(1, sizeof *list)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = wn_proxy_snapshot_take(NULL, adapter_pattern, NULL, &r, err);
    if (st == WSLNET_OK)
        st = wn_proxy_view(&r.s, &list->entries, &list->count, err);
    if (st == WSLNET_OK) {
        list->service = r.s.service;
        wn_strlcpy(list->vm_address, sizeof list->vm_address, r.vm);
        wn_strlcpy(list->vm_address_source, sizeof list->vm_address_source, r.vm_source);
        *out = list;
    } else {
        free(list);
    }
    wn_proxy_snapshot_free(&r);
    return st;
}

/* ---- changes */

typedef struct change_spec {
    const char *command;          /* for the journal: "proxy add" */
    wn_proxy_request request;
    wn_proxy_item item;
    const char *adapter_pattern;
    const char *user;             /* whose VM "wsl" means (NULL: see vm_address_lookup) */
    wn_user vm_owner;             /* user resolved (run_change), for the messages */
    int dry_run;
} change_spec;

/* Snapshot, plan, apply: everything after the guard. */
static wslnet_status change_locked(const change_spec *spec, wslnet_proxy_result *r, wslnet_error *err)
{
    wn_proxy_reading read;
    wn_proxy_plan plan = {0};
    wslnet_status st = wn_proxy_snapshot_take(&spec->request, spec->adapter_pattern, spec->user, &read, err);
    r->service = read.s.service;
    wn_strlcpy(r->vm_address, sizeof r->vm_address, read.vm);
    wn_strlcpy(r->vm_address_source, sizeof r->vm_address_source, read.vm_source);
    if (spec->user) {
        wn_strlcpy(r->vm_user, sizeof r->vm_user, spec->vm_owner.name);
        wn_strlcpy(r->vm_user_sid, sizeof r->vm_user_sid, spec->vm_owner.sid);
    }
    if (st == WSLNET_OK)
        st = wn_proxy_plan_make(&read.s, &spec->request, &plan, err);
    if (st == WSLNET_E_NOT_FOUND && spec->user && !read.vm[0]) {
        /* the plan's "the WSL VM address is not known": say whose VM */
        char why[WSLNET_MESSAGE_MAX];
        wn_strlcpy(why, sizeof why, err->message);
        wn_fail(err, st, err->code, "%s (the VM of user %s, SID %s)", why, spec->vm_owner.name, spec->vm_owner.sid);
    }
    if (st == WSLNET_OK)
        st = result_fill(r, &plan, spec->dry_run, err);
    if (st == WSLNET_OK && !spec->dry_run && plan.count)
        st = wn_proxy_apply(spec->command, &plan, err);
    if (st == WSLNET_OK && !spec->dry_run && plan.count)
        r->applied = 1;
    wn_proxy_plan_free(&plan);
    wn_proxy_snapshot_free(&read);
    return st;
}

static wslnet_status run_change(change_spec *spec, wslnet_proxy_result **out, wslnet_error *err)
{
    wn_lock lock;
    wslnet_proxy_result *r;
    wslnet_status st;
    *out = NULL;
    memset(&lock, 0, sizeof lock);
    spec->request.items = &spec->item;
    spec->request.item_count = spec->request.type == WN_PROXY_SYNC ? 0 : 1;
    /* An unknown --user is refused before anything is read or locked. */
    if (spec->user && (st = wn_user_resolve(spec->user, &spec->vm_owner, err)) != WSLNET_OK)
        return st;
    if (!(r = calloc(1, sizeof *r)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = spec->dry_run ? WSLNET_OK : wn_guard_begin(&lock, err);
    if (st == WSLNET_OK) {
        wn_strlcpy(r->recovered, sizeof r->recovered, lock.recovered);
        st = change_locked(spec, r, err);
    }
    wn_lock_release(&lock);
    if (st != WSLNET_OK) {
        if (lock.recovered[0]) /* said even when the command itself failed */
            wn_error_add_recovered(err, lock.recovered);
        wslnet_proxy_result_free(r);
        return st;
    }
    if (spec->request.type == WN_PROXY_ADD)
        wn_pp_shadows_localhost(spec->item.rule.kind, spec->item.rule.listen_address, spec->item.rule.listen_port,
                                r->warning, sizeof r->warning);
    *out = r;
    return WSLNET_OK;
}

wslnet_status wn_proxy_add_item(const wn_proxy_item *item, const char *adapter_pattern, const char *user,
                                int start_service, int dry_run, wslnet_proxy_result **out, wslnet_error *err)
{
    change_spec spec;
    wslnet_status st;
    memset(&spec, 0, sizeof spec);
    *out = NULL;
    if ((st = wn_pp_rule_check(&item->rule, err)) != WSLNET_OK)
        return st;
    if (item->firewall && !wn_hostfw_profiles_valid(item->profiles))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "host firewall profiles 0x%x are not a set of domain, "
                       "private, public, or any", item->profiles);
    spec.command = "proxy add";
    spec.request.type = WN_PROXY_ADD;
    spec.item = *item;
    spec.adapter_pattern = adapter_pattern;
    spec.user = user;
    spec.request.start_service = start_service;
    spec.dry_run = dry_run;
    return run_change(&spec, out, err);
}

wslnet_status wslnet_proxy_add(const wslnet_proxy_add_options *o, wslnet_proxy_result **out, wslnet_error *err)
{
    wn_proxy_item item;
    char listen[WN_PP_LISTEN_MAX];
    wslnet_status st;
    memset(&item, 0, sizeof item);
    *out = NULL;
    if (o->listen_port == 0 || !o->to)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "a listen port and a target (--to) are required");
    if ((st = wn_pp_listen_text((wn_pp_kind)o->kind, &o->listen, listen, err)) != WSLNET_OK ||
        (st = wn_pp_rule_set((wn_pp_kind)o->kind, listen, o->listen_port, o->to,
                             o->connect_port ? o->connect_port : o->listen_port, &item.rule, err)) != WSLNET_OK)
        return st;
    if (o->no_firewall && (o->profiles || o->remote))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "--profile and --remote scope the firewall rule: not with --no-firewall");
    item.firewall = !o->no_firewall;
    item.profiles = o->profiles ? o->profiles : WN_HOSTFW_PROFILES_DEFAULT;
    if (item.firewall && !wn_hostfw_profiles_valid(item.profiles))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "host firewall profiles 0x%x are not a set of domain, "
                       "private, public, or any", o->profiles);
    if (item.firewall && (st = wn_hostfw_remote_parse(o->remote, item.remote, sizeof item.remote, err)) != WSLNET_OK)
        return st;
    return wn_proxy_add_item(&item, o->adapter_pattern, o->user, o->start_service, o->dry_run, out, err);
}

wslnet_status wn_proxy_remove_rule(const wn_pp_rule *identity, int force, int start_service, int dry_run,
                                   wslnet_proxy_result **out, wslnet_error *err)
{
    change_spec spec;
    memset(&spec, 0, sizeof spec);
    *out = NULL;
    /* Any valid connect side will do: a remove names the identity only. */
    wslnet_status st = wn_pp_rule_set(identity->kind, identity->listen_address, identity->listen_port, "localhost",
                                      identity->listen_port, &spec.item.rule, err);
    if (st != WSLNET_OK)
        return st;
    spec.command = "proxy remove";
    spec.request.type = WN_PROXY_REMOVE;
    spec.request.force = force;
    spec.request.start_service = start_service;
    spec.dry_run = dry_run;
    spec.item.firewall = 1;
    return run_change(&spec, out, err);
}

wslnet_status wslnet_proxy_remove(const wslnet_proxy_remove_options *o, wslnet_proxy_result **out,
                                  wslnet_error *err)
{
    wn_pp_rule identity;
    char listen[WN_PP_LISTEN_MAX];
    wslnet_status st;
    memset(&identity, 0, sizeof identity);
    *out = NULL;
    if (o->listen_port == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "a listen port is required");
    if ((st = wn_pp_listen_text((wn_pp_kind)o->kind, &o->listen, listen, err)) != WSLNET_OK)
        return st;
    identity.kind = (wn_pp_kind)o->kind;
    identity.listen_port = o->listen_port;
    wn_strlcpy(identity.listen_address, sizeof identity.listen_address, listen);
    return wn_proxy_remove_rule(&identity, o->force, o->start_service, o->dry_run, out, err);
}

wslnet_status wslnet_proxy_sync(const wslnet_proxy_sync_options *o, wslnet_proxy_result **out, wslnet_error *err)
{
    change_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.command = "proxy sync";
    spec.request.type = WN_PROXY_SYNC;
    spec.adapter_pattern = o->adapter_pattern;
    spec.user = o->user;
    spec.request.start_service = o->start_service;
    spec.dry_run = o->dry_run;
    return run_change(&spec, out, err);
}
