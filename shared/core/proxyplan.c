/* proxyplan.c - the complete port proxy planner (proxyplan.h): store,
 * ownership, host firewall and service, plus the list view and the journal's
 * text form. */
#include "proxyplan.h"

#include "status.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[WN_PROXY_OP_COUNT] = {
    "putRule", "deleteRule", "putOwned", "deleteOwned",
    "putFirewall", "deleteFirewall", "startService", "notify",
    "putHypervRule", "deleteHypervRule", "putExposure", "deleteExposure"};

const char *wn_proxy_op_name(wn_proxy_op op)
{
    return (unsigned)op < WN_PROXY_OP_COUNT ? op_names[op] : "?";
}

static int op_parse(const char *text, wn_proxy_op *out)
{
    int i;
    for (i = 0; text && i < WN_PROXY_OP_COUNT; i++)
        if (strcmp(text, op_names[i]) == 0) {
            *out = (wn_proxy_op)i;
            return 1;
        }
    return 0;
}

static int is_registry(wn_proxy_op op)
{
    return op <= WN_PROXY_DELETE_OWNED;
}

static int is_firewall(wn_proxy_op op)
{
    return op == WN_PROXY_PUT_FIREWALL || op == WN_PROXY_DELETE_FIREWALL;
}

static int is_hvrule(wn_proxy_op op)
{
    return op == WN_PROXY_PUT_HVRULE || op == WN_PROXY_DELETE_HVRULE;
}

static int is_exposure(wn_proxy_op op)
{
    return op == WN_PROXY_PUT_EXPOSURE || op == WN_PROXY_DELETE_EXPOSURE;
}

int wn_proxy_request_needs_firewall(const wn_proxy_request *request)
{
    size_t i;
    if (request->type == WN_PROXY_ENSURE || request->type == WN_PROXY_CHANGE)
        return 1; /* removals drop wslnet's rules */
    for (i = 0; i < request->item_count; i++)
        if (request->items[i].firewall)
            return request->type == WN_PROXY_ADD || request->type == WN_PROXY_REMOVE;
    return 0;
}

int wn_proxy_request_needs_vm(const wn_proxy_request *request)
{
    size_t i;
    if (request->type == WN_PROXY_SYNC || request->type == WN_PROXY_ENSURE)
        return 1;
    for (i = 0; (request->type == WN_PROXY_ADD || request->type == WN_PROXY_CHANGE) && i < request->item_count; i++)
        if (wn_pp_target_is_wsl(request->items[i].rule.connect_address))
            return 1;
    return 0;
}

/* ---- lookups in the snapshot */

static int same_identity(wn_pp_kind ka, const char *la, uint16_t pa, wn_pp_kind kb, const char *lb, uint16_t pb)
{
    return ka == kb && pa == pb && wn_streq_nocase(la, lb);
}

static const wn_pp_rule *store_find(const wn_proxy_snapshot *s, wn_pp_kind kind, const char *listen, uint16_t port)
{
    size_t i;
    for (i = 0; i < s->rule_count; i++)
        if (same_identity(s->rules[i].kind, s->rules[i].listen_address, s->rules[i].listen_port, kind, listen, port))
            return &s->rules[i];
    return NULL;
}

static const wn_pp_owned *owned_find(const wn_proxy_snapshot *s, wn_pp_kind kind, const char *listen, uint16_t port)
{
    size_t i;
    for (i = 0; i < s->owned_count; i++)
        if (same_identity(s->owned[i].kind, s->owned[i].listen_address, s->owned[i].listen_port, kind, listen, port))
            return &s->owned[i];
    return NULL;
}

static const wn_hostfw_found *firewall_find(const wn_proxy_snapshot *s, const char *name)
{
    size_t i;
    for (i = 0; i < s->firewall_count; i++)
        if (s->firewall[i].count > 0 && wn_streq_nocase(s->firewall[i].rule.name, name))
            return &s->firewall[i];
    return NULL;
}

/* ---- building the plan */

typedef struct builder {
    const wn_proxy_snapshot *s;
    wn_proxy_plan *plan;
    size_t cap;
} builder;

static wn_proxy_step *push(builder *b, wn_proxy_op op, wslnet_error *err)
{
    wn_proxy_step *st;
    if (b->plan->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 8;
        wn_proxy_step *grown = realloc(b->plan->steps, cap * sizeof *grown);
        if (!grown) {
            wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            return NULL;
        }
        b->plan->steps = grown;
        b->cap = cap;
    }
    st = &b->plan->steps[b->plan->count++];
    memset(st, 0, sizeof *st);
    st->op = op;
    return st;
}

/* Adds a store/ownership change, with the value's data before it. */
static wslnet_status push_registry(builder *b, const wn_pp_change *c, wslnet_error *err)
{
    char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
    int owned = c->op == WN_PP_PUT_OWNED || c->op == WN_PP_DELETE_OWNED;
    wn_proxy_step *st = push(b, (wn_proxy_op)((int)WN_PROXY_PUT_RULE + (int)c->op), err);
    if (!st)
        return WSLNET_E_NO_MEMORY;
    st->reg = *c;
    if (owned) {
        const wn_pp_owned *o = owned_find(b->s, c->kind, c->u.owned.listen_address, c->u.owned.listen_port);
        if (o && wn_pp_owned_encode(o, name, sizeof name, data, sizeof data, NULL) == WSLNET_OK) {
            st->had_before = 1;
            wn_strlcpy(st->before, sizeof st->before, data);
        }
    } else {
        const wn_pp_rule *r = store_find(b->s, c->kind, c->u.rule.listen_address, c->u.rule.listen_port);
        if (r && wn_pp_rule_encode(r, name, sizeof name, data, sizeof data, NULL) == WSLNET_OK) {
            st->had_before = 1;
            wn_strlcpy(st->before, sizeof st->before, data);
        }
    }
    return WSLNET_OK;
}

/* A store value wslnet cannot parse on the identity it would write: foreign. */
static wslnet_status check_unparsed(const wn_proxy_snapshot *s, const wn_pp_change *c, wslnet_error *err)
{
    char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
    size_t j;
    if (c->op != WN_PP_PUT_RULE || wn_pp_rule_encode(&c->u.rule, name, sizeof name, data, sizeof data, NULL))
        return WSLNET_OK;
    for (j = 0; j < s->bad_count; j++)
        if (s->bad[j].kind == c->kind && wn_streq_nocase(s->bad[j].name, name))
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "the store already has a %s value '%s' that wslnet did not write; nothing was changed",
                           wn_pp_kind_name(c->kind), name);
    return WSLNET_OK;
}

/* Plans the store side of one registry request (wn_pp_plan_make) and appends
 * it; the changes for which keep(c) is 0 are held back into *held (may be
 * NULL), for the caller to append after the firewall. */
static wslnet_status plan_store(builder *b, const wn_pp_request *req, int hold_delete_owned,
                                wn_pp_change *held, int *have_held, wslnet_error *err)
{
    const wn_proxy_snapshot *s = b->s;
    const char *vm = s->vm_address && s->vm_address[0] ? s->vm_address : NULL;
    wn_pp_plan pp = {0};
    size_t i;
    wslnet_status st = wn_pp_plan_make(s->rules, s->rule_count, s->owned, s->owned_count, req, vm, &pp, err);
    if (have_held)
        *have_held = 0;
    for (i = 0; st == WSLNET_OK && i < pp.count; i++) {
        const wn_pp_change *c = &pp.changes[i];
        if ((st = check_unparsed(s, c, err)) != WSLNET_OK)
            break;
        /* the ownership record goes last, after the firewall rule it owns */
        if (hold_delete_owned && c->op == WN_PP_DELETE_OWNED && held) {
            *held = *c;
            *have_held = 1;
            continue;
        }
        st = push_registry(b, c, err);
    }
    wn_pp_plan_free(&pp);
    return st;
}

/* The firewall rule a proxy should have; 0 when none (loopback listener). */
static int wanted_firewall(const wn_proxy_item *item, wn_hostfw_rule *out, wslnet_error *err, wslnet_status *st)
{
    const wn_pp_rule *r = &item->rule;
    memset(out, 0, sizeof *out);
    *st = wn_hostfw_proxy_rule_name(r->kind, r->listen_address, r->listen_port, out->name, sizeof out->name, err);
    if (*st == WSLNET_OK)
        *st = wn_hostfw_proxy_rule_description(r->kind, r->listen_address, r->listen_port, out->description,
                                               sizeof out->description, err);
    out->port = r->listen_port;
    out->profiles = item->profiles;
    wn_strlcpy(out->remote, sizeof out->remote, item->remote);
    wn_strlcpy(out->service, sizeof out->service, WN_HOSTFW_PROXY_SERVICE);
    return wn_hostfw_proxy_local(r->listen_address, out->local, sizeof out->local);
}

int wn_hostfw_found_same(const wn_hostfw_found *f, const wn_hostfw_rule *want)
{
    const wn_hostfw_rule *h = &f->rule;
    return f->count == 1 && f->owned && f->canonical && h->port == want->port &&
           wn_hostfw_protocol(h) == wn_hostfw_protocol(want) && h->profiles == want->profiles &&
           strcmp(h->description, want->description) == 0 && strcmp(h->remote, want->remote) == 0 &&
           wn_streq_nocase(h->local, want->local) && wn_streq_nocase(h->service, want->service);
}

static wslnet_status push_firewall_delete(builder *b, const wn_hostfw_found *f, wslnet_error *err)
{
    wn_proxy_step *st = push(b, WN_PROXY_DELETE_FIREWALL, err);
    if (!st)
        return WSLNET_E_NO_MEMORY;
    wn_strlcpy(st->fw.name, sizeof st->fw.name, f->rule.name);
    st->had_before = 1;
    st->fw_before = f->rule;
    return WSLNET_OK;
}

/* The firewall side of an added proxy. skip_same: nothing when it already is right. */
static wslnet_status plan_firewall_put(builder *b, const wn_proxy_item *item, int skip_same, wslnet_error *err)
{
    wn_hostfw_rule fw;
    const wn_hostfw_found *found;
    wn_proxy_step *step;
    wslnet_status st;
    int scoped = wanted_firewall(item, &fw, err, &st);
    if (st != WSLNET_OK)
        return st;
    found = firewall_find(b->s, fw.name);
    if (!scoped) /* loopback: no opening; an old one of wslnet's goes */
        return found && found->owned ? push_firewall_delete(b, found, err) : WSLNET_OK;
    if (found && !found->owned)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "a host firewall rule named '%s' exists that wslnet did not create; remove it or "
                       "use --no-firewall; nothing was changed", fw.name);
    if (skip_same && found && wn_hostfw_found_same(found, &fw))
        return WSLNET_OK;
    if (!(step = push(b, WN_PROXY_PUT_FIREWALL, err)))
        return WSLNET_E_NO_MEMORY;
    step->fw = fw;
    if (found) {
        step->had_before = 1;
        step->fw_before = found->rule;
    }
    return WSLNET_OK;
}

/* The firewall side of a removed proxy: wslnet's rule of its name, if any. */
static wslnet_status plan_firewall_delete(builder *b, const wn_pp_rule *identity, wslnet_error *err)
{
    char name[WN_HOSTFW_NAME_MAX];
    const wn_hostfw_found *found;
    wslnet_status st = wn_hostfw_proxy_rule_name(identity->kind, identity->listen_address, identity->listen_port,
                                                 name, sizeof name, err);
    if (st != WSLNET_OK)
        return st;
    found = firewall_find(b->s, name);
    return found && found->owned ? push_firewall_delete(b, found, err) : WSLNET_OK;
}

static wslnet_status plan_add(builder *b, const wn_proxy_item *item, int skip_same, wslnet_error *err)
{
    wn_pp_request req;
    wslnet_status st;
    memset(&req, 0, sizeof req);
    req.type = WN_PP_ADD;
    req.rule = item->rule;
    if ((st = plan_store(b, &req, 0, NULL, NULL, err)) != WSLNET_OK)
        return st;
    return item->firewall ? plan_firewall_put(b, item, skip_same, err) : WSLNET_OK;
}

static wslnet_status plan_remove(builder *b, const wn_pp_rule *identity, int force, int firewall, wslnet_error *err)
{
    wn_pp_request req;
    wn_pp_change held;
    int have_held = 0;
    wslnet_status st;
    memset(&req, 0, sizeof req);
    req.type = WN_PP_REMOVE;
    req.rule = *identity;
    req.force = force;
    if ((st = plan_store(b, &req, 1, &held, &have_held, err)) != WSLNET_OK)
        return st;
    if (firewall && (st = plan_firewall_delete(b, identity, err)) != WSLNET_OK)
        return st;
    return have_held ? push_registry(b, &held, err) : WSLNET_OK;
}

static wslnet_status plan_ensure(builder *b, const wn_proxy_request *r, wslnet_error *err)
{
    size_t i, j;
    wslnet_status st;
    for (i = 0; i < r->item_count; i++)
        for (j = 0; j < i; j++)
            if (same_identity(r->items[i].rule.kind, r->items[i].rule.listen_address, r->items[i].rule.listen_port,
                              r->items[j].rule.kind, r->items[j].rule.listen_address, r->items[j].rule.listen_port))
                return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "two wanted proxies listen on %s port %u (%s)",
                               r->items[i].rule.listen_address, (unsigned)r->items[i].rule.listen_port,
                               wn_pp_kind_name(r->items[i].rule.kind));
    for (i = 0; i < r->item_count; i++)
        if ((st = plan_add(b, &r->items[i], 1, err)) != WSLNET_OK)
            return st;
    for (i = 0; i < b->s->owned_count; i++) {
        const wn_pp_owned *o = &b->s->owned[i];
        int wanted = 0;
        wn_pp_rule identity;
        for (j = 0; j < r->item_count && !wanted; j++)
            wanted = same_identity(o->kind, o->listen_address, o->listen_port, r->items[j].rule.kind,
                                   r->items[j].rule.listen_address, r->items[j].rule.listen_port);
        if (wanted)
            continue;
        memset(&identity, 0, sizeof identity);
        identity.kind = o->kind;
        wn_strlcpy(identity.listen_address, sizeof identity.listen_address, o->listen_address);
        identity.listen_port = o->listen_port;
        if ((st = plan_remove(b, &identity, 0, 1, err)) != WSLNET_OK)
            return st;
    }
    return WSLNET_OK;
}

static wslnet_status plan_change(builder *b, const wn_proxy_request *r, wslnet_error *err)
{
    size_t i;
    wslnet_status st;
    for (i = 0; i < r->item_count; i++)
        if ((st = plan_add(b, &r->items[i], 1, err)) != WSLNET_OK)
            return st;
    for (i = 0; i < r->removal_count; i++) {
        const wn_pp_rule *id = &r->removals[i];
        if (!owned_find(b->s, id->kind, id->listen_address, id->listen_port))
            continue; /* not wslnet's (or already gone): never touched */
        if ((st = plan_remove(b, id, 0, 1, err)) != WSLNET_OK)
            return st;
    }
    return WSLNET_OK;
}

/* The service: refuses a plan that changes the store when iphlpsvc cannot
 * serve it, adds START_SERVICE first (when asked) and NOTIFY last. */
static wslnet_status plan_service(builder *b, int start_service, wslnet_error *err)
{
    const wn_proxy_snapshot *s = b->s;
    wn_proxy_step *st;
    size_t i;
    int store = 0;
    for (i = 0; i < b->plan->count; i++)
        store |= b->plan->steps[i].op == WN_PROXY_PUT_RULE || b->plan->steps[i].op == WN_PROXY_DELETE_RULE;
    if (!store)
        return WSLNET_OK;
    if (s->service_error.status != WSLNET_OK)
        return wn_fail(err, s->service_error.status, s->service_error.code, "%s", s->service_error.message);
    switch (s->service) {
    case WSLNET_SERVICE_RUNNING:
        break;
    case WSLNET_SERVICE_ABSENT:
        return wn_fail(err, WSLNET_E_UNAVAILABLE, 1060u /* ERROR_SERVICE_DOES_NOT_EXIST */,
                       "the IP Helper service (iphlpsvc) is not installed, so no port proxy can listen; nothing was changed");
    case WSLNET_SERVICE_DISABLED:
        return wn_fail(err, WSLNET_E_UNAVAILABLE, 1058u /* ERROR_SERVICE_DISABLED */,
                       "the IP Helper service (iphlpsvc) is disabled, so port proxies would not listen; enable it "
                       "(Set-Service iphlpsvc -StartupType Automatic) and run again; nothing was changed");
    default:
        if (!start_service)
            return wn_fail(err, WSLNET_E_UNAVAILABLE, 1062u /* ERROR_SERVICE_NOT_ACTIVE */,
                           "the IP Helper service (iphlpsvc) is stopped, so port proxies would not listen; run "
                           "again with --start-service (or: sc start iphlpsvc); nothing was changed");
        if (!push(b, WN_PROXY_START_SERVICE, err))
            return WSLNET_E_NO_MEMORY;
        /* first: the store is only changed once the service runs */
        st = &b->plan->steps[b->plan->count - 1];
        {
            wn_proxy_step start = *st;
            memmove(b->plan->steps + 1, b->plan->steps, (b->plan->count - 1) * sizeof *st);
            b->plan->steps[0] = start;
        }
        break;
    }
    return push(b, WN_PROXY_NOTIFY, err) ? WSLNET_OK : WSLNET_E_NO_MEMORY;
}

wslnet_status wn_proxy_plan_make(const wn_proxy_snapshot *snapshot, const wn_proxy_request *request,
                                 wn_proxy_plan *plan, wslnet_error *err)
{
    builder b;
    wn_pp_request sync;
    wslnet_status st;
    memset(plan, 0, sizeof *plan);
    b.s = snapshot;
    b.plan = plan;
    b.cap = 0;
    if ((request->type == WN_PROXY_ADD || request->type == WN_PROXY_REMOVE) && request->item_count != 1)
        return wn_fail(err, WSLNET_E_INTERNAL, 0, "an add or remove names exactly one proxy");
    switch (request->type) {
    case WN_PROXY_ADD:
        st = plan_add(&b, &request->items[0], 0, err);
        break;
    case WN_PROXY_REMOVE:
        st = plan_remove(&b, &request->items[0].rule, request->force, request->items[0].firewall, err);
        break;
    case WN_PROXY_SYNC:
        memset(&sync, 0, sizeof sync);
        sync.type = WN_PP_SYNC;
        st = plan_store(&b, &sync, 0, NULL, NULL, err);
        break;
    case WN_PROXY_ENSURE:
        st = plan_ensure(&b, request, err);
        break;
    case WN_PROXY_CHANGE:
        st = plan_change(&b, request, err);
        break;
    default:
        st = wn_fail(err, WSLNET_E_INTERNAL, 0, "unknown port proxy request %d", (int)request->type);
        break;
    }
    if (st == WSLNET_OK)
        st = plan_service(&b, request->start_service, err);
    if (st != WSLNET_OK)
        wn_proxy_plan_free(plan);
    return st;
}

void wn_proxy_plan_free(wn_proxy_plan *plan)
{
    if (!plan)
        return;
    free(plan->steps);
    memset(plan, 0, sizeof *plan);
}

int wn_proxy_step_inverse(const wn_proxy_step *step, wn_proxy_step *out)
{
    memset(out, 0, sizeof *out);
    if (is_hvrule(step->op)) {
        out->op = step->had_before ? WN_PROXY_PUT_HVRULE : WN_PROXY_DELETE_HVRULE;
        out->hv = step->had_before ? step->hv_before : step->hv;
        return 1;
    }
    if (is_exposure(step->op)) {
        out->op = step->had_before ? WN_PROXY_PUT_EXPOSURE : WN_PROXY_DELETE_EXPOSURE;
        out->exp = step->exp;
        if (step->had_before)
            wn_strlcpy(out->exp.data, sizeof out->exp.data, step->exp_before);
        return 1;
    }
    if (is_firewall(step->op)) {
        if (step->had_before) {
            out->op = WN_PROXY_PUT_FIREWALL;
            out->fw = step->fw_before;
        } else {
            out->op = WN_PROXY_DELETE_FIREWALL;
            wn_strlcpy(out->fw.name, sizeof out->fw.name, step->fw.name);
        }
        return 1;
    }
    if (!is_registry(step->op))
        return 0;
    out->reg = step->reg;
    if (step->op == WN_PROXY_PUT_OWNED || step->op == WN_PROXY_DELETE_OWNED) {
        char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
        out->op = step->had_before ? WN_PROXY_PUT_OWNED : WN_PROXY_DELETE_OWNED;
        out->reg.op = step->had_before ? WN_PP_PUT_OWNED : WN_PP_DELETE_OWNED;
        if (step->had_before &&
            (wn_pp_owned_encode(&step->reg.u.owned, name, sizeof name, data, sizeof data, NULL) != WSLNET_OK ||
             wn_pp_owned_decode(step->reg.kind, name, step->before, &out->reg.u.owned, NULL) != WSLNET_OK))
            return 0;
    } else {
        char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
        out->op = step->had_before ? WN_PROXY_PUT_RULE : WN_PROXY_DELETE_RULE;
        out->reg.op = step->had_before ? WN_PP_PUT_RULE : WN_PP_DELETE_RULE;
        if (step->had_before &&
            (wn_pp_rule_encode(&step->reg.u.rule, name, sizeof name, data, sizeof data, NULL) != WSLNET_OK ||
             wn_pp_rule_decode(step->reg.kind, name, step->before, &out->reg.u.rule, NULL) != WSLNET_OK))
            return 0;
    }
    return 1;
}

/* ---- the list view */

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
                   (!wn_streq_nocase(rule->connect_address, vm) || rule->connect_port != o->connect_port);
    }
}

wslnet_status wn_proxy_view(const wn_proxy_snapshot *s, wslnet_proxy_entry **entries, size_t *count,
                            wslnet_error *err)
{
    const char *vm = s->vm_address ? s->vm_address : "";
    size_t i, n = 0, total = s->rule_count + s->bad_count + s->owned_count;
    wslnet_proxy_entry *list = calloc(total ? total : 1, sizeof *list);
    *entries = NULL;
    *count = 0;
    if (!list)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (i = 0; i < s->rule_count; i++) {
        const wn_pp_rule *r = &s->rules[i];
        entry_from_rule(&list[n++], r, owned_find(s, r->kind, r->listen_address, r->listen_port), vm);
    }
    for (i = 0; i < s->bad_count; i++) {
        wslnet_proxy_entry *e = &list[n++];
        wn_strlcpy(e->kind, sizeof e->kind, wn_pp_kind_name(s->bad[i].kind));
        wn_strlcpy(e->raw_name, sizeof e->raw_name, s->bad[i].name);
        wn_strlcpy(e->raw_data, sizeof e->raw_data, s->bad[i].data);
    }
    for (i = 0; i < s->owned_count; i++) {
        const wn_pp_owned *o = &s->owned[i];
        wslnet_proxy_entry *e;
        if (store_find(s, o->kind, o->listen_address, o->listen_port))
            continue;
        e = &list[n++];
        wn_strlcpy(e->kind, sizeof e->kind, wn_pp_kind_name(o->kind));
        wn_strlcpy(e->listen_address, sizeof e->listen_address, o->listen_address);
        e->listen_port = o->listen_port;
        e->connect_port = o->connect_port;
        e->valid = 1;
        e->owned = e->missing = e->stale = 1;
        wn_strlcpy(e->target, sizeof e->target, o->target);
    }
    *entries = list;
    *count = n;
    return WSLNET_OK;
}

/* ---- the journal's text form */

static cJSON *fw_json(const wn_hostfw_rule *r)
{
    cJSON *o = cJSON_CreateObject();
    int bad = !o;
    bad |= !cJSON_AddStringToObject(o, "name", r->name);
    bad |= !cJSON_AddStringToObject(o, "description", r->description);
    bad |= !cJSON_AddNumberToObject(o, "port", r->port);
    bad |= !cJSON_AddNumberToObject(o, "protocol", r->protocol); /* 0 (TCP), 6 or 17 */
    bad |= !cJSON_AddNumberToObject(o, "profiles", (double)r->profiles);
    bad |= !cJSON_AddStringToObject(o, "remote", r->remote);
    bad |= !cJSON_AddStringToObject(o, "local", r->local);
    bad |= !cJSON_AddStringToObject(o, "service", r->service);
    if (bad) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *hv_json(const wn_proxy_hvrule *r)
{
    cJSON *o = cJSON_CreateObject();
    int bad = !o;
    bad |= bad || !cJSON_AddStringToObject(o, "name", r->name);
    bad |= bad || !cJSON_AddStringToObject(o, "protocol", r->protocol);
    bad |= bad || !cJSON_AddNumberToObject(o, "port", r->port);
    bad |= bad || !cJSON_AddNumberToObject(o, "profiles", r->profiles);
    bad |= bad || !cJSON_AddStringToObject(o, "remote", r->remote);
    if (bad) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *step_json(const wn_proxy_step *st)
{
    cJSON *o = cJSON_CreateObject();
    int bad = !o || !cJSON_AddStringToObject(o, "op", wn_proxy_op_name(st->op));
    if (!bad && is_registry(st->op)) {
        char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
        int owned = st->op == WN_PROXY_PUT_OWNED || st->op == WN_PROXY_DELETE_OWNED;
        bad |= (owned ? wn_pp_owned_encode(&st->reg.u.owned, name, sizeof name, data, sizeof data, NULL)
                      : wn_pp_rule_encode(&st->reg.u.rule, name, sizeof name, data, sizeof data, NULL)) != WSLNET_OK;
        bad |= bad || !cJSON_AddStringToObject(o, "kind", wn_pp_kind_name(st->reg.kind));
        bad |= bad || !cJSON_AddStringToObject(o, "name", name);
        bad |= bad || !cJSON_AddStringToObject(o, "data", data);
        bad |= bad || !(st->had_before ? cJSON_AddStringToObject(o, "before", st->before)
                                       : cJSON_AddNullToObject(o, "before"));
    } else if (!bad && is_firewall(st->op)) {
        cJSON *rule = fw_json(&st->fw), *before = st->had_before ? fw_json(&st->fw_before) : cJSON_CreateNull();
        bad |= !rule || !cJSON_AddItemToObject(o, "rule", rule);
        bad |= !before || !cJSON_AddItemToObject(o, "before", before);
    } else if (!bad && is_hvrule(st->op)) {
        cJSON *rule = hv_json(&st->hv), *before = st->had_before ? hv_json(&st->hv_before) : cJSON_CreateNull();
        bad |= !rule || !cJSON_AddItemToObject(o, "rule", rule);
        bad |= !before || !cJSON_AddItemToObject(o, "before", before);
    } else if (!bad && is_exposure(st->op)) {
        bad |= !cJSON_AddStringToObject(o, "name", st->exp.name);
        bad |= bad || !cJSON_AddStringToObject(o, "data", st->exp.data);
        bad |= bad || !(st->had_before ? cJSON_AddStringToObject(o, "before", st->exp_before)
                                       : cJSON_AddNullToObject(o, "before"));
    }
    if (bad) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

char *wn_proxy_journal_encode(const char *command, const wn_proxy_plan *plan, size_t done)
{
    cJSON *doc = cJSON_CreateObject(), *steps;
    char *text = NULL;
    size_t i;
    int bad = !doc;
    bad |= bad || !cJSON_AddNumberToObject(doc, "schemaVersion", 1);
    bad |= bad || !cJSON_AddStringToObject(doc, "kind", "proxyJournal");
    bad |= bad || !cJSON_AddStringToObject(doc, "command", command ? command : "");
    bad |= bad || !cJSON_AddNumberToObject(doc, "done", (double)done);
    bad |= bad || !(steps = cJSON_AddArrayToObject(doc, "steps"));
    for (i = 0; !bad && i < plan->count; i++) {
        cJSON *s = step_json(&plan->steps[i]);
        bad |= !s || !cJSON_AddItemToArray(steps, s);
    }
    if (!bad)
        text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    return text;
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int json_uint(const cJSON *o, const char *key, double max, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > max || v->valuedouble != (double)(long long)v->valuedouble)
        return 0;
    *out = v->valuedouble;
    return 1;
}

/* Copies text into dst[size]; 0 when missing or too long. */
static int copy_str(char *dst, size_t size, const char *text)
{
    if (!text || strlen(text) >= size)
        return 0;
    memcpy(dst, text, strlen(text) + 1);
    return 1;
}

static int fw_from_json(const cJSON *o, wn_hostfw_rule *r)
{
    double port, profiles, protocol = 0;
    memset(r, 0, sizeof *r);
    if (!cJSON_IsObject(o) || !copy_str(r->name, sizeof r->name, json_str(o, "name")) ||
        !wn_hostfw_name_valid(r->name) ||
        !copy_str(r->description, sizeof r->description, json_str(o, "description")) ||
        !copy_str(r->remote, sizeof r->remote, json_str(o, "remote")) ||
        !copy_str(r->local, sizeof r->local, json_str(o, "local")) ||
        !copy_str(r->service, sizeof r->service, json_str(o, "service")) ||
        !json_uint(o, "port", 65535, &port) || !json_uint(o, "profiles", 4294967295.0, &profiles))
        return 0;
    /* absent in a journal written before rules had a protocol: 0, TCP */
    if (cJSON_GetObjectItemCaseSensitive(o, "protocol") &&
        (!json_uint(o, "protocol", 255, &protocol) ||
         (protocol != 0 && protocol != WN_HOSTFW_TCP && protocol != WN_HOSTFW_UDP)))
        return 0;
    r->port = (uint16_t)port;
    r->profiles = (unsigned)profiles;
    r->protocol = (uint8_t)protocol;
    return 1;
}

static int hv_from_json(const cJSON *o, wn_proxy_hvrule *r)
{
    double port, profiles;
    memset(r, 0, sizeof *r);
    if (!cJSON_IsObject(o) || !copy_str(r->name, sizeof r->name, json_str(o, "name")) || !r->name[0] ||
        !copy_str(r->protocol, sizeof r->protocol, json_str(o, "protocol")) ||
        !copy_str(r->remote, sizeof r->remote, json_str(o, "remote")) || !json_uint(o, "port", 65535, &port) ||
        !json_uint(o, "profiles", 7, &profiles))
        return 0;
    r->port = (uint16_t)port;
    r->profiles = (int)profiles;
    return 1;
}

static int step_from_json(const cJSON *o, wn_proxy_step *st)
{
    const cJSON *before;
    memset(st, 0, sizeof *st);
    if (!cJSON_IsObject(o) || !op_parse(json_str(o, "op"), &st->op))
        return 0;
    before = cJSON_GetObjectItemCaseSensitive(o, "before");
    if (is_registry(st->op)) {
        const char *name = json_str(o, "name"), *data = json_str(o, "data");
        int owned = st->op == WN_PROXY_PUT_OWNED || st->op == WN_PROXY_DELETE_OWNED;
        if (!wn_pp_kind_parse(json_str(o, "kind") ? json_str(o, "kind") : "", &st->reg.kind) || !name || !data)
            return 0;
        st->reg.op = (wn_pp_op)((int)st->op - (int)WN_PROXY_PUT_RULE);
        if ((owned ? wn_pp_owned_decode(st->reg.kind, name, data, &st->reg.u.owned, NULL)
                   : wn_pp_rule_decode(st->reg.kind, name, data, &st->reg.u.rule, NULL)) != WSLNET_OK)
            return 0;
        if (cJSON_IsString(before)) {
            st->had_before = 1;
            return copy_str(st->before, sizeof st->before, before->valuestring);
        }
        return cJSON_IsNull(before);
    }
    if (is_firewall(st->op)) {
        if (!fw_from_json(cJSON_GetObjectItemCaseSensitive(o, "rule"), &st->fw))
            return 0;
        if (cJSON_IsNull(before))
            return 1;
        st->had_before = 1;
        return fw_from_json(before, &st->fw_before);
    }
    if (is_hvrule(st->op)) {
        if (!hv_from_json(cJSON_GetObjectItemCaseSensitive(o, "rule"), &st->hv))
            return 0;
        if (cJSON_IsNull(before))
            return 1;
        st->had_before = 1;
        return hv_from_json(before, &st->hv_before);
    }
    if (is_exposure(st->op)) {
        if (!copy_str(st->exp.name, sizeof st->exp.name, json_str(o, "name")) || !st->exp.name[0] ||
            !copy_str(st->exp.data, sizeof st->exp.data, json_str(o, "data")))
            return 0;
        if (cJSON_IsNull(before))
            return 1;
        st->had_before = 1;
        return cJSON_IsString(before) && copy_str(st->exp_before, sizeof st->exp_before, before->valuestring);
    }
    return 1;
}

wslnet_status wn_proxy_journal_decode(const char *text, char *command, size_t command_size,
                                      wn_proxy_plan *plan, size_t *done, wslnet_error *err)
{
    cJSON *doc = cJSON_Parse(text ? text : ""), *steps, *item;
    const char *kind;
    double d = 0;
    size_t n, i = 0;
    memset(plan, 0, sizeof *plan);
    *done = 0;
    kind = doc ? json_str(doc, "kind") : NULL;
    steps = doc ? cJSON_GetObjectItemCaseSensitive(doc, "steps") : NULL;
    if (!kind || strcmp(kind, "proxyJournal") != 0 || !cJSON_IsArray(steps) ||
        !copy_str(command, command_size, json_str(doc, "command")) || !json_uint(doc, "done", 1e6, &d))
        goto bad;
    n = (size_t)cJSON_GetArraySize(steps);
    if ((size_t)d > n || n > 10000)
        goto bad;
    if (n && !(plan->steps = calloc(n, sizeof *plan->steps))) {
        cJSON_Delete(doc);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    cJSON_ArrayForEach(item, steps) {
        if (!step_from_json(item, &plan->steps[i]))
            goto bad;
        i++;
    }
    plan->count = n;
    *done = (size_t)d;
    cJSON_Delete(doc);
    return WSLNET_OK;
bad:
    cJSON_Delete(doc);
    wn_proxy_plan_free(plan);
    return wn_fail(err, WSLNET_E_BAD_DATA, 0, "the change journal (HKLM\\SOFTWARE\\wslnet\\Journal) is not one wslnet wrote");
}

/* The public name of an IP Helper service state (wslnet/proxy.h): the planner
 * and the doctor judge readiness by it, the reports print it. */
const char *wslnet_service_state_name(wslnet_service_state state)
{
    static const char *const names[] = {"unknown", "running", "stopped", "disabled", "absent"};
    return (unsigned)state < sizeof names / sizeof names[0] ? names[state] : "unknown";
}
