/* proxy.c - port proxies: list, add, remove, sync (wslnet_proxy.h).
 * Each change: validate, guard (elevation + lock), snapshot, plan (shared/
 * portproxy.c), check the IP Helper service, apply with a journal, firewall,
 * notify the service. A failure undoes what was applied. */
#include <windows.h>

#include "guard.h"
#include "hostfw.h"
#include "iphlpsvc.h"
#include "netfwclient.h"
#include "portproxy.h"
#include "ppstore.h"
#include "source.h"
#include "status.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

/* ---- results */

static wslnet_proxy_result *result_new(wslnet_error *err)
{
    wslnet_proxy_result *r = calloc(1, sizeof *r);
    if (!r)
        wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    return r;
}

void wslnet_proxy_result_free(wslnet_proxy_result *result)
{
    if (!result)
        return;
    free(result->changes);
    free(result);
}

/* Appends a change record; 0 when out of memory. */
static int result_add(wslnet_proxy_result *r, const char *op, const char *kind, const char *name,
                      const char *data)
{
    wslnet_proxy_change *c = realloc(r->changes, (r->count + 1) * sizeof *c);
    if (!c)
        return 0;
    r->changes = c;
    c += r->count++;
    memset(c, 0, sizeof *c);
    wn_strlcpy(c->op, sizeof c->op, op);
    wn_strlcpy(c->kind, sizeof c->kind, kind ? kind : "");
    wn_strlcpy(c->name, sizeof c->name, name ? name : "");
    wn_strlcpy(c->data, sizeof c->data, data ? data : "");
    return 1;
}

/* Records the plan's registry changes in the result. */
static wslnet_status result_add_plan(wslnet_proxy_result *r, const wn_pp_plan *plan, wslnet_error *err)
{
    size_t i;
    for (i = 0; i < plan->count; i++) {
        const wn_pp_change *c = &plan->changes[i];
        char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
        int owned = c->op == WN_PP_PUT_OWNED || c->op == WN_PP_DELETE_OWNED;
        int put = c->op == WN_PP_PUT_RULE || c->op == WN_PP_PUT_OWNED;
        wslnet_status st = owned ? wn_pp_owned_encode(&c->u.owned, name, sizeof name, data, sizeof data, err)
                                 : wn_pp_rule_encode(&c->u.rule, name, sizeof name, data, sizeof data, err);
        if (st != WSLNET_OK)
            return st;
        if (!result_add(r, wn_pp_op_name(c->op), wn_pp_kind_name(c->kind), name, put ? data : ""))
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    return WSLNET_OK;
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

/* ---- the IP Helper service */

/* Refuses a change when the service cannot serve it; starts it when asked.
 * Nothing is changed on refusal. */
static wslnet_status service_ready(wslnet_proxy_result *r, int start_service, int dry_run, wslnet_error *err)
{
    wslnet_status st = wn_iphlpsvc_state(&r->service, err);
    if (st != WSLNET_OK)
        return st;
    switch (r->service) {
    case WSLNET_SERVICE_RUNNING:
        return WSLNET_OK;
    case WSLNET_SERVICE_ABSENT:
        return wn_fail(err, WSLNET_E_UNAVAILABLE, ERROR_SERVICE_DOES_NOT_EXIST,
                       "the IP Helper service (iphlpsvc) is not installed, so no port proxy can listen; nothing was changed");
    case WSLNET_SERVICE_DISABLED:
        return wn_fail(err, WSLNET_E_UNAVAILABLE, ERROR_SERVICE_DISABLED,
                       "the IP Helper service (iphlpsvc) is disabled, so port proxies would not listen; enable it "
                       "(Set-Service iphlpsvc -StartupType Automatic) and run again; nothing was changed");
    default:
        if (!start_service)
            return wn_fail(err, WSLNET_E_UNAVAILABLE, ERROR_SERVICE_NOT_ACTIVE,
                           "the IP Helper service (iphlpsvc) is stopped, so port proxies would not listen; run "
                           "again with --start-service (or: sc start iphlpsvc); nothing was changed");
        if (!result_add(r, "startService", NULL, "iphlpsvc", NULL))
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        return dry_run ? WSLNET_OK : wn_iphlpsvc_start(err);
    }
}

/* ---- firewall */

/* The host firewall rule of a proxy. */
static wslnet_status firewall_rule(const wn_pp_rule *rule, unsigned profiles, const char *remote,
                                   wn_hostfw_rule *out, wslnet_error *err)
{
    wslnet_status st;
    memset(out, 0, sizeof *out);
    st = wn_hostfw_proxy_rule_name(rule->kind, rule->listen_address, rule->listen_port, out->name,
                                   sizeof out->name, err);
    if (st == WSLNET_OK)
        st = wn_hostfw_proxy_rule_description(rule->kind, rule->listen_address, rule->listen_port,
                                              out->description, sizeof out->description, err);
    out->port = rule->listen_port;
    out->profiles = profiles;
    wn_strlcpy(out->remote, sizeof out->remote, remote);
    return st;
}

/* ---- list */

void wslnet_proxy_list_free(wslnet_proxy_list *list)
{
    if (!list)
        return;
    free(list->entries);
    free(list);
}

/* The record of a rule's identity, or NULL. */
static const wn_pp_owned *find_owned(const wn_pp_snapshot *s, wn_pp_kind kind, const char *listen, uint16_t port)
{
    size_t i;
    for (i = 0; i < s->owned_count; i++)
        if (s->owned[i].kind == kind && s->owned[i].listen_port == port &&
            _stricmp(s->owned[i].listen_address, listen) == 0)
            return &s->owned[i];
    return NULL;
}

static int rule_exists(const wn_pp_snapshot *s, const wn_pp_owned *o)
{
    size_t i;
    for (i = 0; i < s->rule_count; i++)
        if (s->rules[i].kind == o->kind && s->rules[i].listen_port == o->listen_port &&
            _stricmp(s->rules[i].listen_address, o->listen_address) == 0)
            return 1;
    return 0;
}

static void entry_from_rule(wslnet_proxy_entry *e, const wn_pp_rule *rule, const wn_pp_owned *o, const char *vm)
{
    char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
    wn_strlcpy(e->kind, sizeof e->kind, wn_pp_kind_name(rule->kind));
    wn_strlcpy(e->listen_address, sizeof e->listen_address, rule->listen_address);
    e->listen_port = rule->listen_port;
    wn_strlcpy(e->connect_address, sizeof e->connect_address, rule->connect_address);
    e->connect_port = rule->connect_port;
    e->valid = 1;
    if (wn_pp_rule_encode(rule, name, sizeof name, data, sizeof data, NULL) == WSLNET_OK) {
        wn_strlcpy(e->raw_name, sizeof e->raw_name, name);
        wn_strlcpy(e->raw_data, sizeof e->raw_data, data);
    }
    if (o) {
        e->owned = 1;
        wn_strlcpy(e->target, sizeof e->target, o->target);
        e->stale = wn_pp_target_is_wsl(o->target) && vm[0] &&
                   (_stricmp(rule->connect_address, vm) != 0 || rule->connect_port != o->connect_port);
    }
}

static void entry_from_missing(wslnet_proxy_entry *e, const wn_pp_owned *o)
{
    wn_strlcpy(e->kind, sizeof e->kind, wn_pp_kind_name(o->kind));
    wn_strlcpy(e->listen_address, sizeof e->listen_address, o->listen_address);
    e->listen_port = o->listen_port;
    e->connect_port = o->connect_port;
    e->valid = 1;
    e->owned = e->missing = e->stale = 1;
    wn_strlcpy(e->target, sizeof e->target, o->target);
}

static void entry_from_bad(wslnet_proxy_entry *e, const wn_pp_raw *bad)
{
    wn_strlcpy(e->kind, sizeof e->kind, wn_pp_kind_name(bad->kind));
    wn_strlcpy(e->raw_name, sizeof e->raw_name, bad->name);
    wn_strlcpy(e->raw_data, sizeof e->raw_data, bad->data);
}

wslnet_status wslnet_proxy_list_get(const char *adapter_pattern, wslnet_proxy_list **out, wslnet_error *err)
{
    wn_pp_snapshot s = {0};
    wslnet_proxy_list *list;
    wslnet_status st;
    size_t i, n = 0, total;
    *out = NULL;
    if ((st = wn_ppstore_read(&s, err)) != WSLNET_OK)
        return wn_ppstore_free(&s), st;
    total = s.rule_count + s.bad_count + s.owned_count;
    if (!(list = calloc(1, sizeof *list)) || !(list->entries = calloc(total ? total : 1, sizeof *list->entries))) {
        free(list);
        wn_ppstore_free(&s);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    wn_iphlpsvc_state(&list->service, NULL);
    vm_address_lookup(adapter_pattern, NULL, list->vm_address, list->vm_address_source, NULL);
    for (i = 0; i < s.rule_count; i++)
        entry_from_rule(&list->entries[n++], &s.rules[i],
                        find_owned(&s, s.rules[i].kind, s.rules[i].listen_address, s.rules[i].listen_port),
                        list->vm_address);
    for (i = 0; i < s.bad_count; i++)
        entry_from_bad(&list->entries[n++], &s.bad[i]);
    for (i = 0; i < s.owned_count; i++)
        if (!rule_exists(&s, &s.owned[i]))
            entry_from_missing(&list->entries[n++], &s.owned[i]);
    list->count = n;
    wn_ppstore_free(&s);
    *out = list;
    return WSLNET_OK;
}

/* ---- changes */

typedef struct change_spec {
    wn_pp_request request;
    const char *adapter_pattern;
    const char *user;           /* whose VM "wsl" means */
    int start_service, dry_run;
    int firewall;               /* add: put fw; remove: delete wslnet's fw rule if any */
    unsigned profiles;
    char remote[WN_HOSTFW_REMOTE_MAX];
} change_spec;

/* A store value wslnet cannot parse on the identity it would write: foreign. */
static wslnet_status check_unparsed(const wn_pp_snapshot *s, const wn_pp_plan *plan, wslnet_error *err)
{
    size_t i, j;
    for (i = 0; i < plan->count; i++) {
        const wn_pp_change *c = &plan->changes[i];
        char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
        if (c->op != WN_PP_PUT_RULE || wn_pp_rule_encode(&c->u.rule, name, sizeof name, data, sizeof data, NULL))
            continue;
        for (j = 0; j < s->bad_count; j++)
            if (s->bad[j].kind == c->kind && _stricmp(s->bad[j].name, name) == 0)
                return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                               "the store already has a %s value '%s' that wslnet did not write; nothing was changed",
                               wn_pp_kind_name(c->kind), name);
    }
    return WSLNET_OK;
}

/* Plans the firewall side: fills *fw and sets *put / *del. */
static wslnet_status plan_firewall(const change_spec *spec, wslnet_proxy_result *r, wn_hostfw_rule *fw,
                                   int *put, int *del, wslnet_error *err)
{
    wn_hostfw_rule existing;
    int found = 0, owned = 0;
    wslnet_status st;
    *put = *del = 0;
    if (!spec->firewall)
        return WSLNET_OK;
    if ((st = firewall_rule(&spec->request.rule, spec->profiles, spec->remote, fw, err)) != WSLNET_OK)
        return st;
    if ((st = wn_hostfw_get(fw->name, &existing, &found, &owned, err)) != WSLNET_OK)
        return st;
    if (spec->request.type == WN_PP_ADD) {
        if (found && !owned)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "a host firewall rule named '%s' exists that wslnet did not create; remove it or "
                           "use --no-firewall; nothing was changed", fw->name);
        *put = 1;
        return result_add(r, "putFirewall", NULL, fw->name, fw->remote) ? WSLNET_OK
               : wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    *del = found && owned;
    return !*del || result_add(r, "deleteFirewall", NULL, fw->name, NULL) ? WSLNET_OK
           : wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
}

/* Applies a planned change; undoes the store when the firewall fails. */
static wslnet_status apply_change(const wn_pp_plan *plan, const wn_hostfw_rule *fw, int fw_put, int fw_del,
                                  wslnet_proxy_result *r, wslnet_error *err)
{
    wn_pp_journal *journal = NULL;
    wslnet_status st = wn_ppstore_apply_journaled(plan, &journal, err);
    if (st != WSLNET_OK)
        return st;
    if (fw_put || fw_del) {
        st = fw_put ? wn_hostfw_put(fw, err) : wn_hostfw_delete(fw->name, err);
        if (st != WSLNET_OK) {
            wslnet_error failure = *err, undo;
            int undone = wn_ppstore_undo(journal, &undo) == WSLNET_OK;
            return wn_fail(err, failure.status, failure.code, "%s; %s", failure.message,
                           undone ? "the port proxy changes were undone: nothing was changed"
                                  : "undoing the port proxy changes failed too: check the PortProxy registry keys");
        }
    }
    wn_ppstore_journal_free(journal);
    if (plan->needs_notify) {
        if ((st = wn_iphlpsvc_notify(err)) != WSLNET_OK)
            return wn_fail(err, st, err->code, "the changes listed were made, but telling the IP Helper service failed "
                           "(%s): restart it (Restart-Service iphlpsvc) for them to take effect", err->message);
        if (!result_add(r, "notify", NULL, "iphlpsvc", NULL))
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    r->applied = 1;
    return WSLNET_OK;
}

/* Snapshot, plan, service check, apply: everything after the guard. */
static wslnet_status change_locked(const change_spec *spec, wslnet_proxy_result *r, wslnet_error *err)
{
    wn_pp_snapshot s = {0};
    wn_pp_plan plan = {0};
    wn_hostfw_rule fw;
    int fw_put = 0, fw_del = 0, need_vm = spec->request.type == WN_PP_SYNC ||
        (spec->request.type == WN_PP_ADD && wn_pp_target_is_wsl(spec->request.rule.connect_address));
    wslnet_status st = wn_ppstore_read(&s, err);
    if (st == WSLNET_OK && need_vm)
        st = vm_address_lookup(spec->adapter_pattern, spec->user, r->vm_address, r->vm_address_source, err);
    if (st == WSLNET_OK)
        st = wn_pp_plan_make(s.rules, s.rule_count, s.owned, s.owned_count, &spec->request,
                             r->vm_address[0] ? r->vm_address : NULL, &plan, err);
    if (st == WSLNET_OK)
        st = check_unparsed(&s, &plan, err);
    if (st == WSLNET_OK)
        st = result_add_plan(r, &plan, err);
    if (st == WSLNET_OK)
        st = plan_firewall(spec, r, &fw, &fw_put, &fw_del, err);
    if (st == WSLNET_OK && plan.needs_notify)
        st = service_ready(r, spec->start_service, spec->dry_run, err);
    if (st == WSLNET_OK && !spec->dry_run && (plan.count || fw_put || fw_del))
        st = apply_change(&plan, &fw, fw_put, fw_del, r, err);
    wn_pp_plan_free(&plan);
    wn_ppstore_free(&s);
    return st;
}

static wslnet_status run_change(const change_spec *spec, wslnet_proxy_result **out, wslnet_error *err)
{
    wn_lock lock = {0};
    wslnet_proxy_result *r;
    wslnet_status st;
    *out = NULL;
    if (!(r = result_new(err)))
        return WSLNET_E_NO_MEMORY;
    st = spec->dry_run ? WSLNET_OK : wn_guard_begin(&lock, err);
    if (st == WSLNET_OK)
        st = change_locked(spec, r, err);
    wn_lock_release(&lock);
    if (st != WSLNET_OK) {
        wslnet_proxy_result_free(r);
        return st;
    }
    if (spec->request.type == WN_PP_ADD)
        wn_pp_shadows_localhost(spec->request.rule.kind, spec->request.rule.listen_address,
                                spec->request.rule.listen_port, r->warning, sizeof r->warning);
    *out = r;
    return WSLNET_OK;
}

wslnet_status wslnet_proxy_add(const wslnet_proxy_add_options *o, wslnet_proxy_result **out, wslnet_error *err)
{
    change_spec spec;
    wslnet_status st;
    memset(&spec, 0, sizeof spec);
    *out = NULL;
    if (!o->listen_port || !o->to)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "a listen port and a target (--to) are required");
    spec.request.type = WN_PP_ADD;
    st = wn_pp_rule_make(o->kind, o->listen_address, o->listen_port, o->to, o->connect_port, &spec.request.rule, err);
    if (st == WSLNET_OK && !o->no_firewall)
        st = wn_hostfw_profiles_parse(o->profiles, &spec.profiles, err);
    if (st == WSLNET_OK && !o->no_firewall)
        st = wn_hostfw_remote_parse(o->remote, spec.remote, sizeof spec.remote, err);
    if (st == WSLNET_OK && o->no_firewall && (o->profiles || o->remote))
        st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--profile and --remote scope the firewall rule: not with --no-firewall");
    if (st != WSLNET_OK)
        return st;
    spec.adapter_pattern = o->adapter_pattern;
    spec.user = o->user;
    spec.start_service = o->start_service;
    spec.dry_run = o->dry_run;
    spec.firewall = !o->no_firewall;
    return run_change(&spec, out, err);
}

wslnet_status wslnet_proxy_remove(const wslnet_proxy_remove_options *o, wslnet_proxy_result **out,
                                  wslnet_error *err)
{
    change_spec spec;
    wn_pp_rule *rule = &spec.request.rule;
    wslnet_status st;
    memset(&spec, 0, sizeof spec);
    *out = NULL;
    if (!o->listen_port)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "a listen port is required");
    /* Any valid connect side will do: a remove names the identity only. */
    st = wn_pp_rule_make(o->kind, o->listen_address, o->listen_port, "localhost", NULL, rule, err);
    if (st != WSLNET_OK)
        return st;
    spec.request.type = WN_PP_REMOVE;
    spec.request.force = o->force;
    spec.start_service = o->start_service;
    spec.dry_run = o->dry_run;
    spec.firewall = 1;
    return run_change(&spec, out, err);
}

wslnet_status wslnet_proxy_sync(const wslnet_proxy_sync_options *o, wslnet_proxy_result **out, wslnet_error *err)
{
    change_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.request.type = WN_PP_SYNC;
    spec.request.rule.kind = WN_PP_V4TOV4;
    spec.adapter_pattern = o->adapter_pattern;
    spec.user = o->user;
    spec.start_service = o->start_service;
    spec.dry_run = o->dry_run;
    return run_change(&spec, out, err);
}
