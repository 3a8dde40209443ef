/* expose_apply.c - exposures: expose, unexpose, sync, list (wslnet/expose.h).
 * Each change: validate, guard (elevation + lock, finishing an interrupted
 * run), read the world in one pass (proxy snapshot, Hyper-V rules, records,
 * mode), compose one plan (shared/core/expose_plan.c over proxyplan.c and hvfw_plan.c) and
 * apply it with the journal (proxyapply.c). */
#include <windows.h>

#include "expose_plan.h"
#include "exposestore.h"
#include "guard.h"
#include "hvfwrule.h"
#include "netfwclient.h"
#include "proxyapply.h"
#include "status.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

/*
 * The effective mode for exposures: the ONE place that asks which mode WSL
 * runs, through the mode resolver (shared/core/mode_rules.c: WSL's rules in WSL's order,
 * policy and fallbacks included). hv_on: the Hyper-V firewall read here is V2
 * and not disabled by HyperVFirewallDisable, so WSL's NAT network is created
 * with it (microsoft/WSL src/windows/common/NatNetworking.cpp:136-162, 725);
 * the resolver's firewall answer adds wsl2.firewall=false and the policy
 * (WslCoreConfig.cpp:69, 154, 394-402). Where the resolver cannot tell, the
 * configured mode decides, with WSL's mirrored -> NAT fallback when V2 is
 * missing (WslCoreVm.cpp:2906-2921, 2951-2955).
 */
static void effective_mode(const char *adapter_pattern, int hv_on, wslnet_expose_mode *out, wn_expose_context *ctx)
{
    wslnet_mode_info info;
    wslnet_error e;
    const char *m;
    memset(out, 0, sizeof *out);
    memset(ctx, 0, sizeof *ctx);
    if (wslnet_mode_get(NULL, adapter_pattern, &info, &e) != WSLNET_OK) {
        ctx->mode = WN_EXPOSE_NONE;
        wn_strlcpy(out->mode, sizeof out->mode, "unknown");
        wn_snprintf(out->reason, sizeof out->reason, "the networking mode could not be read: %s", e.message);
        return;
    }
    m = info.effective;
    if (strcmp(m, "unknown") == 0)
        m = strcmp(info.configured, "mirrored") == 0 && !hv_on ? "nat" : info.configured[0] ? info.configured : "nat";
    ctx->mode = strcmp(m, "nat") == 0         ? WN_EXPOSE_NAT
                : strcmp(m, "mirrored") == 0  ? WN_EXPOSE_MIRRORED
                : strcmp(m, "consomme") == 0  ? WN_EXPOSE_CONSOMME
                : strcmp(m, "bridged") == 0   ? WN_EXPOSE_BRIDGED
                                              : WN_EXPOSE_NONE;
    out->hyperv_firewall = ctx->hyperv_firewall = hv_on && info.firewall != 0;
    wn_strlcpy(out->mode, sizeof out->mode, m);
    if (strcmp(info.effective, "unknown") == 0)
        wn_snprintf(out->reason, sizeof out->reason, "networkingMode=%s (the resolver could not tell more: %s)",
                    info.configured[0] ? info.configured : "nat", info.effective_reason);
    else
        wn_strlcpy(out->reason, sizeof out->reason, info.effective_reason);
}

/* ---- the world */

typedef struct world_reading {
    wn_proxy_reading proxy;
    wslnet_hvfw_capability cap;
    wslnet_hvfw_rule *hv_rules;
    size_t hv_count;
    wn_expose_record *records;
    size_t record_count;
    wn_hostfw_found *listener_rules;  /* "wslnet expose ..." host rules (consomme shape) */
    size_t listener_count;
    wslnet_expose_mode mode;
    wn_expose_world w;
} world_reading;

static void world_free(world_reading *r)
{
    wn_proxy_snapshot_free(&r->proxy);
    wn_hvfw_rules_free(r->hv_rules, r->hv_count);
    free(r->records);
    free(r->listener_rules);
    memset(r, 0, sizeof *r);
}

/* Everything an exposure decision rests on, in one pass. */
static wslnet_status world_read(const char *adapter_pattern, world_reading *r, wslnet_error *err)
{
    wn_proxy_request all; /* an ENSURE reads the host rules and the VM address */
    wslnet_status st;
    memset(r, 0, sizeof *r);
    memset(&all, 0, sizeof all);
    all.type = WN_PROXY_ENSURE;
    if ((st = wn_proxy_snapshot_take(&all, adapter_pattern, NULL, &r->proxy, err)) != WSLNET_OK ||
        (st = wn_hvfw_rules_read(&r->cap, &r->hv_rules, &r->hv_count, err)) != WSLNET_OK ||
        (st = wn_exposestore_read(&r->records, &r->record_count, err)) != WSLNET_OK ||
        (st = wn_hostfw_find_prefix(WN_HOSTFW_EXPOSE_PREFIX, &r->listener_rules, &r->listener_count, err)) != WSLNET_OK)
        return st;
    effective_mode(adapter_pattern, r->cap.support == WSLNET_HVFW_V2 && !r->cap.disabled, &r->mode, &r->w.ctx);
    r->w.proxy = &r->proxy.s;
    r->w.hv_rules = r->hv_rules;
    r->w.hv_count = r->hv_count;
    r->w.records = r->records;
    r->w.record_count = r->record_count;
    r->w.listener_rules = r->listener_rules;
    r->w.listener_count = r->listener_count;
    return WSLNET_OK;
}

/* ---- changes */

typedef enum change_type { CHANGE_EXPOSE, CHANGE_UNEXPOSE, CHANGE_SYNC } change_type;

typedef struct change_spec {
    change_type type;
    const char *command;          /* for the journal */
    wn_expose_record wanted[WN_EXPOSE_PORTS_MAX];
    size_t count;
    const char *adapter_pattern;
    int start_service, dry_run;
} change_spec;

/* The records sync converges into out[] (*count): those the mode can hold;
 * the others are named in warning[size] and left as they are. */
static void sync_records(const world_reading *rd, wn_expose_record *out, size_t *count, char *warning, size_t size)
{
    size_t i;
    *count = 0;
    for (i = 0; i < rd->record_count; i++) {
        wn_expose_piece_state states[3];
        wn_expose_plan refusal;
        size_t len = strlen(warning);
        wn_expose_inspect(&rd->w, &rd->records[i], states, &refusal);
        if (!refusal.refused) {
            out[(*count)++] = rd->records[i];
            continue;
        }
        wn_snprintf(warning + len, size - len, "%s%s %u left as it is: %s (wslnet unexpose %u --protocol %s)",
                    len ? "; " : "", rd->records[i].protocol == WN_EXPOSE_UDP ? "udp" : "tcp",
                    (unsigned)rd->records[i].port, refusal.reason, (unsigned)rd->records[i].port,
                    rd->records[i].protocol == WN_EXPOSE_UDP ? "udp" : "tcp");
    }
}

static wslnet_status change_locked(const change_spec *spec, wslnet_expose_result *res, wslnet_error *err)
{
    world_reading rd;
    wn_proxy_plan plan = {0};
    wn_expose_plan refusal;
    wn_expose_record *held = NULL;
    const wn_expose_record *want = spec->wanted, *drop = NULL;
    size_t want_count = spec->count, drop_count = 0, i;
    wslnet_status st = world_read(spec->adapter_pattern, &rd, err);
    if (st != WSLNET_OK)
        goto done;
    if (spec->type == CHANGE_SYNC && rd.record_count && !(held = calloc(rd.record_count, sizeof *held))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto done;
    }
    res->mode = rd.mode;
    wn_strlcpy(res->vm_address, sizeof res->vm_address, rd.proxy.vm);
    if (spec->type == CHANGE_UNEXPOSE) {
        for (i = 0; i < rd.record_count; i++)
            if (rd.records[i].protocol == spec->wanted[0].protocol && rd.records[i].port == spec->wanted[0].port)
                break;
        if (i == rd.record_count) {
            st = wn_fail(err, WSLNET_E_NOT_FOUND, 0, "no exposure of %s port %u (see wslnet expose list)",
                         spec->wanted[0].protocol == WN_EXPOSE_UDP ? "udp" : "tcp", (unsigned)spec->wanted[0].port);
            goto done;
        }
        want = NULL;
        want_count = 0;
        drop = &rd.records[i];
        drop_count = 1;
    } else if (spec->type == CHANGE_SYNC) {
        sync_records(&rd, held, &want_count, res->warning, sizeof res->warning);
        want = held;
    }
    st = wn_expose_compose(&rd.w, want, want_count, drop, drop_count, spec->start_service, &plan, &refusal, err);
    if (st == WSLNET_E_UNSUPPORTED && refusal.refused) {
        res->refused = 1;
        wn_strlcpy(res->reason, sizeof res->reason, refusal.reason);
        wn_strlcpy(res->alternative, sizeof res->alternative, refusal.alternative);
    }
    if (st == WSLNET_OK)
        st = wn_proxy_changes_list(&plan, spec->dry_run, &res->changes, &res->count, err);
    if (st == WSLNET_OK && !spec->dry_run && plan.count && (st = wn_proxy_apply(spec->command, &plan, err)) == WSLNET_OK)
        res->applied = 1;
    wn_proxy_plan_free(&plan);
done:
    free(held);
    world_free(&rd);
    return st;
}

static wslnet_status run_change(const change_spec *spec, wslnet_expose_result **out, wslnet_error *err)
{
    wn_lock lock;
    wslnet_expose_result *res;
    wslnet_status st;
    memset(&lock, 0, sizeof lock);
    if (!(res = calloc(1, sizeof *res)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = spec->dry_run ? WSLNET_OK : wn_guard_begin(&lock, err);
    if (st == WSLNET_OK) {
        wn_strlcpy(res->recovered, sizeof res->recovered, lock.recovered);
        st = change_locked(spec, res, err);
    }
    wn_lock_release(&lock);
    if (st != WSLNET_OK && lock.recovered[0])
        wn_error_add_recovered(err, lock.recovered);
    if (st != WSLNET_OK && !res->refused) {
        wslnet_expose_result_free(res);
        return st;
    }
    *out = res; /* a refusal keeps its result: the reason and the alternative */
    return st;
}

/* Validates the options into spec (nothing is read or changed before). */
static wslnet_status spec_make(const wslnet_expose_options *o, change_type type, change_spec *spec, wslnet_error *err)
{
    wn_expose_request req;
    unsigned profiles = 0;
    char remote[WN_HOSTFW_REMOTE_MAX] = "";
    wslnet_status st;
    size_t i;
    memset(spec, 0, sizeof *spec);
    memset(&req, 0, sizeof req);
    spec->type = type;
    spec->adapter_pattern = o->adapter_pattern;
    spec->start_service = o->start_service;
    spec->dry_run = o->dry_run;
    spec->command = type == CHANGE_EXPOSE ? "expose" : type == CHANGE_UNEXPOSE ? "unexpose" : "expose sync";
    if (type == CHANGE_SYNC)
        return WSLNET_OK;
    if ((st = wn_expose_request_check(o->ports, o->port_count, (wn_expose_protocol)o->protocol, &req, err)) !=
        WSLNET_OK)
        return st;
    if (type == CHANGE_UNEXPOSE && req.port_count != 1)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unexpose takes one port");
    if (type == CHANGE_EXPOSE) {
        if (o->to_port && req.port_count > 1)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--to-port needs a single port");
        profiles = o->profiles ? o->profiles : WN_HOSTFW_PROFILES_DEFAULT;
        if (!wn_hostfw_profiles_valid(profiles))
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "host firewall profiles 0x%x are not a set of domain, private, public, or any", profiles);
        if ((st = wn_hostfw_remote_parse(o->remote, remote, sizeof remote, err)) != WSLNET_OK)
            return st;
    }
    for (i = 0; i < req.port_count; i++) {
        wn_expose_record *r = &spec->wanted[spec->count++];
        r->protocol = req.protocol;
        r->port = req.ports[i];
        r->to_port = type == CHANGE_EXPOSE && o->to_port ? o->to_port : req.ports[i];
        r->profiles = profiles;
        wn_strlcpy(r->remote, sizeof r->remote, remote);
    }
    return WSLNET_OK;
}

static wslnet_status run(const wslnet_expose_options *o, change_type type, wslnet_expose_result **out,
                         wslnet_error *err)
{
    change_spec spec;
    wslnet_status st;
    wn_error_clear(err);
    if (!o || !out)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "options or out is NULL");
    *out = NULL;
    if ((st = spec_make(o, type, &spec, err)) != WSLNET_OK)
        return st;
    return run_change(&spec, out, err);
}

wslnet_status wslnet_expose(const wslnet_expose_options *o, wslnet_expose_result **out, wslnet_error *err)
{
    return run(o, CHANGE_EXPOSE, out, err);
}

wslnet_status wslnet_unexpose(const wslnet_expose_options *o, wslnet_expose_result **out, wslnet_error *err)
{
    return run(o, CHANGE_UNEXPOSE, out, err);
}

wslnet_status wslnet_expose_sync(const wslnet_expose_options *o, wslnet_expose_result **out, wslnet_error *err)
{
    return run(o, CHANGE_SYNC, out, err);
}

void wslnet_expose_result_free(wslnet_expose_result *result)
{
    if (!result)
        return;
    free(result->changes);
    free(result);
}

/* ---- list */

/* The name of a piece of r, for people. */
static void piece_name(const wn_expose_record *r, wn_expose_piece_kind kind, char *buf, size_t size)
{
    wn_proxy_hvrule hv;
    if (kind == WN_EXPOSE_HYPERV_RULE) {
        wn_expose_hvrule_of(r, &hv);
        wn_strlcpy(buf, size, hv.name);
    } else if (kind == WN_EXPOSE_HOST_RULE) {
        if (wn_hostfw_proxy_rule_name(WN_PP_V4TOV4, "0.0.0.0", r->port, buf, size, NULL) != WSLNET_OK)
            buf[0] = '\0';
    } else {
        wn_snprintf(buf, size, "v4tov4 0.0.0.0:%u -> wsl:%u", (unsigned)r->port, (unsigned)r->to_port);
    }
}

wslnet_status wslnet_expose_list_get(const char *adapter_pattern, wslnet_expose_list **out, wslnet_error *err)
{
    world_reading rd;
    wslnet_expose_list *list;
    wslnet_status st;
    size_t i, k;
    wn_error_clear(err);
    if (!out)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "out is NULL");
    *out = NULL;
    if (!(list = calloc(1, sizeof *list)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    if ((st = world_read(adapter_pattern, &rd, err)) != WSLNET_OK)
        goto done;
    list->mode = rd.mode;
    wn_strlcpy(list->vm_address, sizeof list->vm_address, rd.proxy.vm);
    if (rd.record_count && !(list->items = calloc(rd.record_count, sizeof *list->items))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto done;
    }
    for (i = 0; i < rd.record_count; i++) {
        const wn_expose_record *r = &rd.records[i];
        wslnet_exposure *e = &list->items[list->count++];
        wn_expose_piece_state states[3];
        wn_expose_plan refusal;
        wn_expose_inspect(&rd.w, r, states, &refusal);
        wn_strlcpy(e->protocol, sizeof e->protocol, r->protocol == WN_EXPOSE_UDP ? "udp" : "tcp");
        e->port = r->port;
        e->to_port = r->to_port;
        wn_hostfw_profiles_format(r->profiles, e->profiles, sizeof e->profiles);
        wn_strlcpy(e->remote, sizeof e->remote, r->remote);
        if (refusal.refused)
            wn_strlcpy(e->refusal, sizeof e->refusal, refusal.reason);
        e->ok = !refusal.refused;
        for (k = 0; k < 3; k++) {
            wslnet_expose_piece *p = &e->pieces[k];
            wn_strlcpy(p->kind, sizeof p->kind, wn_expose_piece_kind_name(states[k].kind));
            piece_name(r, states[k].kind, p->name, sizeof p->name);
            p->wanted = states[k].wanted;
            p->present = states[k].present;
            wn_strlcpy(p->state, sizeof p->state,
                       states[k].stale ? "stale" : p->wanted && p->present ? "ok" : p->wanted ? "missing" : "absent");
            e->ok &= strcmp(p->state, "ok") == 0 || strcmp(p->state, "absent") == 0;
        }
    }
done:
    world_free(&rd);
    if (st != WSLNET_OK) {
        wslnet_expose_list_free(list);
        return st;
    }
    *out = list;
    return WSLNET_OK;
}

void wslnet_expose_list_free(wslnet_expose_list *list)
{
    if (!list)
        return;
    free(list->items);
    free(list);
}
