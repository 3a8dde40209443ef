/* portproxy_plan.c - the netsh portproxy planner: (store, owned set,
 * request, VM address) to a minimal list of changes (see portproxy.h; rules,
 * codec and ownership records: portproxy.c). */
#include "portproxy.h"
#include "portproxy_check.h"

#include "status.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* ---- planner */

const char *wn_pp_op_name(wn_pp_op op)
{
    static const char *const names[] = {"putRule", "deleteRule", "putOwned", "deleteOwned"};
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

/* ASCII case-insensitive ordering. */
static int cmp_nocase(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb || ca == 0)
            return ca - cb;
    }
}

/* Orders identities: kind, port, listen address (case-insensitive). */
static int key_cmp(wn_pp_kind ka, const char *aa, uint16_t pa, wn_pp_kind kb, const char *ab,
                   uint16_t pb)
{
    if (ka != kb)
        return ka < kb ? -1 : 1;
    if (pa != pb)
        return pa < pb ? -1 : 1;
    return cmp_nocase(aa, ab);
}

static int rule_ptr_cmp(const void *a, const void *b)
{
    const wn_pp_rule *ra = *(const wn_pp_rule *const *)a, *rb = *(const wn_pp_rule *const *)b;
    return key_cmp(ra->kind, ra->listen_address, ra->listen_port, rb->kind, rb->listen_address,
                   rb->listen_port);
}

/* The store sorted by identity, for binary search. */
typedef struct store_index {
    const wn_pp_rule **sorted;
    size_t count;
} store_index;

static int index_build(store_index *ix, const wn_pp_rule *store, size_t count)
{
    size_t i;
    ix->count = count;
    ix->sorted = malloc((count ? count : 1) * sizeof *ix->sorted);
    if (!ix->sorted)
        return 0;
    for (i = 0; i < count; i++)
        ix->sorted[i] = &store[i];
    qsort(ix->sorted, count, sizeof *ix->sorted, rule_ptr_cmp);
    return 1;
}

/* The store rule with this identity, or NULL. */
static const wn_pp_rule *index_find(const store_index *ix, wn_pp_kind kind, const char *listen,
                                    uint16_t port)
{
    size_t lo = 0, hi = ix->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const wn_pp_rule *r = ix->sorted[mid];
        int c = key_cmp(kind, listen, port, r->kind, r->listen_address, r->listen_port);
        if (c == 0)
            return r;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* The ownership record with this identity, or NULL (linear: one lookup per plan). */
static const wn_pp_owned *owned_find(const wn_pp_owned *owned, size_t count, wn_pp_kind kind,
                                     const char *listen, uint16_t port)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (key_cmp(kind, listen, port, owned[i].kind, owned[i].listen_address,
                    owned[i].listen_port) == 0)
            return &owned[i];
    return NULL;
}

typedef struct planner {
    store_index ix;
    const wn_pp_owned *owned;
    size_t owned_count;
    const char *vm;
    wn_pp_plan *plan;
    size_t cap;
} planner;

static wslnet_status push(planner *p, wn_pp_op op, const wn_pp_rule *rule, const wn_pp_owned *owned,
                          wslnet_error *err)
{
    wn_pp_change *c;
    if (p->plan->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4;
        wn_pp_change *grown = realloc(p->plan->changes, cap * sizeof *grown);
        if (!grown)
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        p->plan->changes = grown;
        p->cap = cap;
    }
    c = &p->plan->changes[p->plan->count++];
    memset(c, 0, sizeof *c);
    c->op = op;
    if (rule) {
        c->kind = rule->kind;
        c->u.rule = *rule;
        p->plan->needs_notify = 1;
    } else {
        c->kind = owned->kind;
        c->u.owned = *owned;
    }
    return WSLNET_OK;
}

/* The address target means now: the VM address for "wsl", else target itself. */
static wslnet_status resolve(const planner *p, wn_pp_kind kind, const char *target, char *out,
                             size_t size, wslnet_error *err)
{
    char q[64];
    if (!wn_pp_target_is_wsl(target)) {
        wn_strlcpy(out, size, target);
        return WSLNET_OK;
    }
    if (!p->vm)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "the WSL VM address is not known (is the WSL VM running?): cannot resolve target 'wsl'");
    if (!wn_pp_address_of_family(wn_pp_connect_family(kind), p->vm)) {
        wn_pp_quote(q, sizeof q, p->vm);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "target 'wsl' is the VM address %s, which a %s rule cannot connect to (it connects over %s)",
                       q, wn_pp_kind_name(kind), wn_pp_family_word(wn_pp_connect_family(kind)));
    }
    wn_strlcpy(out, size, p->vm);
    return WSLNET_OK;
}

/* 1 when the store rule already connects where the record says. */
static int rule_matches(const wn_pp_rule *have, const wn_pp_rule *want)
{
    return strcmp(have->connect_address, want->connect_address) == 0 &&
           have->connect_port == want->connect_port;
}

/* The store rule an ownership record wants, "wsl" resolved. */
static wslnet_status wanted_rule(const planner *p, const wn_pp_owned *o, wn_pp_rule *out,
                                 wslnet_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = o->kind;
    wn_strlcpy(out->listen_address, sizeof out->listen_address, o->listen_address);
    out->listen_port = o->listen_port;
    out->connect_port = o->connect_port;
    return resolve(p, o->kind, o->target, out->connect_address, sizeof out->connect_address, err);
}

static wslnet_status plan_add(planner *p, const wn_pp_rule *req, wslnet_error *err)
{
    const wn_pp_rule *have;
    const wn_pp_owned *mine;
    wn_pp_owned rec;
    wn_pp_rule rule;
    char where[96], q[64];
    wslnet_status st = wn_pp_rule_check(req, err);
    if (st != WSLNET_OK)
        return st;
    have = index_find(&p->ix, req->kind, req->listen_address, req->listen_port);
    mine = owned_find(p->owned, p->owned_count, req->kind, req->listen_address, req->listen_port);
    if (have && !mine) {
        wn_pp_describe(where, sizeof where, req->kind, req->listen_address, req->listen_port);
        wn_pp_quote(q, sizeof q, have->connect_address);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "listen %s is already used by a rule wslnet does not own (to %s port %u); "
                       "choose another listen port or address",
                       where, q, (unsigned)have->connect_port);
    }
    memset(&rec, 0, sizeof rec);
    rec.kind = req->kind;
    /* keep the spelling already recorded: the registry names it case-insensitively */
    wn_strlcpy(rec.listen_address, sizeof rec.listen_address,
               mine ? mine->listen_address : req->listen_address);
    rec.listen_port = req->listen_port;
    wn_strlcpy(rec.target, sizeof rec.target,
               wn_pp_target_is_wsl(req->connect_address) ? WN_PP_TARGET_WSL : req->connect_address);
    rec.connect_port = req->connect_port;
    st = wanted_rule(p, &rec, &rule, err);
    if (st != WSLNET_OK)
        return st;
    if (!mine || strcmp(mine->target, rec.target) != 0 || mine->connect_port != rec.connect_port)
        st = push(p, WN_PP_PUT_OWNED, NULL, &rec, err);
    if (st == WSLNET_OK && (!have || !rule_matches(have, &rule)))
        st = push(p, WN_PP_PUT_RULE, &rule, NULL, err);
    return st;
}

static wslnet_status plan_remove(planner *p, const wn_pp_rule *req, int force, wslnet_error *err)
{
    const wn_pp_rule *have;
    const wn_pp_owned *mine;
    char where[96];
    wslnet_status st = WSLNET_OK;
    if (!wn_pp_kind_valid(req->kind))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown portproxy kind %d", (int)req->kind);
    if (!wn_pp_listen_address_valid(req->kind, req->listen_address))
        return wn_pp_bad_listen(WSLNET_E_INVALID_INPUT, req->kind, "", req->listen_address, err);
    if (req->listen_port == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "listen port 0 is not a port (1-65535)");
    have = index_find(&p->ix, req->kind, req->listen_address, req->listen_port);
    mine = owned_find(p->owned, p->owned_count, req->kind, req->listen_address, req->listen_port);
    wn_pp_describe(where, sizeof where, req->kind, req->listen_address, req->listen_port);
    if (!have && !mine)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "no portproxy rule listens on %s", where);
    if (have && !mine && !force)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "the rule listening on %s is not owned by wslnet; pass --force to remove it anyway",
                       where);
    if (have)
        st = push(p, WN_PP_DELETE_RULE, have, NULL, err);
    if (st == WSLNET_OK && mine)
        st = push(p, WN_PP_DELETE_OWNED, NULL, mine, err);
    return st;
}

static wslnet_status plan_sync(planner *p, wslnet_error *err)
{
    size_t i, wsl = 0;
    wslnet_status st;
    for (i = 0; i < p->owned_count; i++)
        if (wn_pp_target_is_wsl(p->owned[i].target))
            wsl++;
    if (wsl > 0 && !p->vm)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "the WSL VM address is not known (is the WSL VM running?): cannot sync %lu "
                       "rule(s) targeting 'wsl'", (unsigned long)wsl);
    for (i = 0; i < p->owned_count; i++) {
        const wn_pp_owned *o = &p->owned[i];
        const wn_pp_rule *have;
        wn_pp_rule want;
        st = wn_pp_owned_check(o, err);
        if (st == WSLNET_OK)
            st = wanted_rule(p, o, &want, err);
        if (st != WSLNET_OK)
            return st;
        have = index_find(&p->ix, o->kind, o->listen_address, o->listen_port);
        if (!have || !rule_matches(have, &want)) {
            st = push(p, WN_PP_PUT_RULE, &want, NULL, err);
            if (st != WSLNET_OK)
                return st;
        }
    }
    return WSLNET_OK;
}

wslnet_status wn_pp_plan_make(const wn_pp_rule *store, size_t store_count,
                              const wn_pp_owned *owned, size_t owned_count,
                              const wn_pp_request *request, const char *vm_address,
                              wn_pp_plan *plan, wslnet_error *err)
{
    planner p;
    wslnet_status st;
    memset(plan, 0, sizeof *plan);
    memset(&p, 0, sizeof p);
    if (!index_build(&p.ix, store, store_count))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    p.owned = owned;
    p.owned_count = owned_count;
    p.vm = vm_address;
    p.plan = plan;
    switch (request->type) {
    case WN_PP_ADD:
        st = plan_add(&p, &request->rule, err);
        break;
    case WN_PP_REMOVE:
        st = plan_remove(&p, &request->rule, request->force, err);
        break;
    case WN_PP_SYNC:
        st = plan_sync(&p, err);
        break;
    default:
        st = wn_fail(err, WSLNET_E_INTERNAL, 0, "unknown portproxy request %d", (int)request->type);
        break;
    }
    free(p.ix.sorted);
    if (st != WSLNET_OK)
        wn_pp_plan_free(plan);
    return st;
}

void wn_pp_plan_free(wn_pp_plan *plan)
{
    if (!plan)
        return;
    free(plan->changes);
    memset(plan, 0, sizeof *plan);
}
