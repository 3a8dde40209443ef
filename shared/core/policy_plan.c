/*
 * policy_plan.c - the changes that make a machine hold a policy (see
 * policy_plan.h). Each area is decided by the planner its single command
 * uses, so a policy and the command agree on what "already right" means:
 * port proxies by proxyplan.c (one CHANGE per item), Hyper-V rules by hvfw_plan.c
 * (wn_hvfw_plan_add), subnets by subnet_plan.c, .wslconfig by wslcfg.c.
 */
#include "policy_plan.h"

#include "hostfw.h"
#include "hvfw_plan.h"
#include "ipv4.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const area_names[WN_POLICY_AREA_COUNT] = {"portProxies", "exposures", "hyperVFirewall",
                                                             "natSubnet",   "wslConfig", "certificates"};

const char *wn_policy_area_name(wn_policy_area area)
{
    return (unsigned)area < WN_POLICY_AREA_COUNT ? area_names[area] : "?";
}

int wn_policy_area_parse(const char *text, wn_policy_area *out)
{
    for (int i = 0; i < WN_POLICY_AREA_COUNT; i++)
        if (text && strcmp(text, area_names[i]) == 0) {
            *out = (wn_policy_area)i;
            return 1;
        }
    return 0;
}

const char *wn_policy_change_kind_name(wn_policy_change_kind kind)
{
    switch (kind) {
    case WN_POLICY_ADD:
        return "add";
    case WN_POLICY_UPDATE:
        return "update";
    case WN_POLICY_REMOVE:
        return "remove";
    }
    return "?";
}

int wn_policy_owned_encode(const wn_policy_owned *owned, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s:%s", wn_policy_area_name(owned->area), owned->item);
    return n > 0 && (size_t)n < size;
}

int wn_policy_owned_decode(const char *text, wn_policy_owned *out)
{
    const char *colon = text ? strchr(text, ':') : NULL;
    char area[32];
    memset(out, 0, sizeof *out);
    if (!colon || (size_t)(colon - text) >= sizeof area || !colon[1] || strlen(colon + 1) >= sizeof out->item)
        return 0;
    memcpy(area, text, (size_t)(colon - text));
    area[colon - text] = '\0';
    if (!wn_policy_area_parse(area, &out->area) ||
        (out->area != WN_POLICY_AREA_PORT_PROXIES && out->area != WN_POLICY_AREA_EXPOSURES &&
         out->area != WN_POLICY_AREA_HYPERV))
        return 0;
    wn_strlcpy(out->item, sizeof out->item, colon + 1);
    return 1;
}

/* ---- the plan under construction */

typedef struct builder {
    const wn_policy *p;
    const wn_policy_snapshot *s;
    wn_policy_plan *plan;
    size_t cap, owned_cap;
    int oom;
} builder;

static wn_policy_change *push(builder *b, wn_policy_area area, wn_policy_change_kind kind, const char *item,
                              size_t index)
{
    if (b->plan->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        wn_policy_change *grown = realloc(b->plan->changes, cap * sizeof *grown);
        if (!grown) {
            b->oom = 1;
            return NULL;
        }
        b->plan->changes = grown;
        b->cap = cap;
    }
    wn_policy_change *c = &b->plan->changes[b->plan->count++];
    memset(c, 0, sizeof *c);
    c->area = area;
    c->change = kind;
    c->index = index;
    wn_strlcpy(c->item, sizeof c->item, item);
    return c;
}

static void what(wn_policy_change *c, const char *fmt, ...) WN_PRINTF(2, 3);
static void what(wn_policy_change *c, const char *fmt, ...)
{
    va_list ap;
    if (!c)
        return;
    va_start(ap, fmt);
    vsnprintf(c->what, sizeof c->what, fmt, ap);
    va_end(ap);
}

/* Keeps area:item in the ownership record the plan leaves. */
static void keep_owned(builder *b, wn_policy_area area, const char *item)
{
    for (size_t i = 0; i < b->plan->owned_count; i++)
        if (b->plan->owned[i].area == area && wn_streq_nocase(b->plan->owned[i].item, item))
            return;
    if (b->plan->owned_count == b->owned_cap) {
        size_t cap = b->owned_cap ? b->owned_cap * 2 : 16;
        wn_policy_owned *grown = realloc(b->plan->owned, cap * sizeof *grown);
        if (!grown) {
            b->oom = 1;
            return;
        }
        b->plan->owned = grown;
        b->owned_cap = cap;
    }
    wn_policy_owned *o = &b->plan->owned[b->plan->owned_count++];
    o->area = area;
    wn_strlcpy(o->item, sizeof o->item, item);
}

static int is_kept(const builder *b, wn_policy_area area, const char *item)
{
    for (size_t i = 0; i < b->plan->owned_count; i++)
        if (b->plan->owned[i].area == area && wn_streq_nocase(b->plan->owned[i].item, item))
            return 1;
    return 0;
}

/* ---- port proxies */

static int is_ipv6(const char *s)
{
    return s && strchr(s, ':') != NULL;
}

wslnet_status wn_policy_proxy_item(const wn_policy_proxy *p, wn_proxy_item *item, char *label, size_t label_size,
                                   wslnet_error *err)
{
    char port[8], connect_port[8];
    wslnet_status st;
    int listen6 = is_ipv6(p->listen_address), connect6;
    uint32_t a4;
    /* "wsl" is the VM's IPv4 address; a host name connects over the listen family */
    if (wn_pp_target_is_wsl(p->connect_address) || wn_ipv4_parse(p->connect_address, &a4))
        connect6 = 0;
    else if (is_ipv6(p->connect_address))
        connect6 = 1;
    else
        connect6 = listen6;
    const char *kind = listen6 ? (connect6 ? "v6tov6" : "v6tov4") : (connect6 ? "v4tov6" : "v4tov4");
    memset(item, 0, sizeof *item);
    snprintf(port, sizeof port, "%u", (unsigned)p->listen_port);
    snprintf(connect_port, sizeof connect_port, "%u", (unsigned)p->connect_port);
    st = wn_pp_rule_make(kind, p->listen_address, port, p->connect_address, connect_port, &item->rule, err);
    if (st != WSLNET_OK)
        return st;
    item->firewall = p->has_firewall;
    item->profiles = p->firewall_profiles ? p->firewall_profiles : WN_HOSTFW_PROFILES_DEFAULT;
    wn_strlcpy(item->remote, sizeof item->remote, p->firewall_remote ? p->firewall_remote : WN_HOSTFW_REMOTE_DEFAULT);
    if (label)
        snprintf(label, label_size, "%s %s:%u", wn_pp_kind_name(item->rule.kind), item->rule.listen_address,
                 (unsigned)item->rule.listen_port);
    return WSLNET_OK;
}

/* "store value, ownership record, host firewall rule": what a proxy plan's
 * steps touch, for the one-line what. */
static void proxy_steps_text(const wn_proxy_plan *pp, char *buf, size_t size)
{
    int rule = 0, owned = 0, fw = 0;
    for (size_t i = 0; i < pp->count; i++) {
        wn_proxy_op op = pp->steps[i].op;
        rule |= op == WN_PROXY_PUT_RULE || op == WN_PROXY_DELETE_RULE;
        owned |= op == WN_PROXY_PUT_OWNED || op == WN_PROXY_DELETE_OWNED;
        fw |= op == WN_PROXY_PUT_FIREWALL || op == WN_PROXY_DELETE_FIREWALL;
    }
    snprintf(buf, size, "%s%s%s%s%s", rule ? "the proxy" : "", rule && (owned || fw) ? ", " : "",
             owned ? "its ownership record" : "", owned && fw ? ", " : "", fw ? "its host firewall rule" : "");
}

static int store_has(const wn_proxy_snapshot *s, const wn_pp_rule *r)
{
    for (size_t i = 0; i < s->rule_count; i++)
        if (s->rules[i].kind == r->kind && s->rules[i].listen_port == r->listen_port &&
            wn_streq_nocase(s->rules[i].listen_address, r->listen_address))
            return 1;
    return 0;
}

static wslnet_status plan_proxies(builder *b, wslnet_error *err)
{
    wn_proxy_snapshot s;
    wslnet_status st;
    if (!b->p->proxy_count)
        return WSLNET_OK; /* removals of owned ones: plan_removals */
    if (!b->s->proxy)
        return wn_fail(err, WSLNET_E_INTERNAL, 0, "the policy planner was given no port proxy snapshot");
    /* the service is apply's concern (the area API starts or refuses it); the
     * plan only says what differs */
    s = *b->s->proxy;
    s.service = WSLNET_SERVICE_RUNNING;
    memset(&s.service_error, 0, sizeof s.service_error);

    for (size_t i = 0; i < b->p->proxy_count; i++) {
        const wn_policy_proxy *pp = &b->p->proxies[i];
        wn_proxy_item item;
        wn_proxy_request req;
        wn_proxy_plan plan;
        char label[WN_POLICY_ITEM_MAX], steps[128];
        if ((st = wn_policy_proxy_item(pp, &item, label, sizeof label, err)) != WSLNET_OK)
            return wn_fail(err, st, err->code, "$.portProxies[%u]: %s", (unsigned)i, err->message);
        memset(&req, 0, sizeof req);
        req.type = WN_PROXY_CHANGE; /* as expose: nothing when already right (ADD rewrites the host rule) */
        req.items = &item;
        req.item_count = 1;
        req.start_service = 1;
        if ((st = wn_proxy_plan_make(&s, &req, &plan, err)) != WSLNET_OK)
            return wn_fail(err, st, err->code, "$.portProxies[%u] (%s): %s", (unsigned)i, label, err->message);
        keep_owned(b, WN_POLICY_AREA_PORT_PROXIES, label);
        if (plan.count) {
            int exists = store_has(&s, &item.rule);
            wn_policy_change *c =
                push(b, WN_POLICY_AREA_PORT_PROXIES, exists ? WN_POLICY_UPDATE : WN_POLICY_ADD, label, i);
            proxy_steps_text(&plan, steps, sizeof steps);
            what(c, "%s %s:%u -> %s:%u%s%s%s", exists ? "set" : "create", item.rule.listen_address,
                 (unsigned)item.rule.listen_port, pp->connect_address, (unsigned)item.rule.connect_port,
                 item.firewall ? " with a host firewall rule" : "", exists ? ": " : "", exists ? steps : "");
        }
        wn_proxy_plan_free(&plan);
        if (b->oom)
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    return WSLNET_OK;
}

/* ---- exposures */

static const wn_expose_record *exposure_find(const wn_policy_snapshot *s, const char *name)
{
    char have[32];
    for (size_t i = 0; i < s->exposure_count; i++) {
        wn_expose_record_name(s->exposures[i].protocol, s->exposures[i].port, have, sizeof have);
        if (strcmp(have, name) == 0)
            return &s->exposures[i];
    }
    return NULL;
}

static wslnet_status plan_exposures(builder *b, wslnet_error *err)
{
    for (size_t i = 0; i < b->p->exposure_count; i++) {
        const wn_policy_exposure *x = &b->p->exposures[i];
        wn_expose_protocol proto = x->udp ? WN_EXPOSE_UDP : WN_EXPOSE_TCP;
        for (size_t k = 0; k < x->port_count; k++) {
            char name[32];
            wn_expose_record_name(proto, x->ports[k], name, sizeof name);
            keep_owned(b, WN_POLICY_AREA_EXPOSURES, name);
            const wn_expose_record *r = exposure_find(b->s, name);
            const char *drift = r && b->s->exposure_drift ? b->s->exposure_drift[r - b->s->exposures] : NULL;
            if (r && r->to_port == x->ports[k] && !(drift && drift[0]))
                continue;
            wn_policy_change *c = push(b, WN_POLICY_AREA_EXPOSURES, r ? WN_POLICY_UPDATE : WN_POLICY_ADD, name, i);
            if (c) {
                c->port = x->ports[k];
                c->udp = x->udp;
            }
            if (r && r->to_port == x->ports[k])
                what(c, "expose %s port %u on the LAN again: %s", x->udp ? "UDP" : "TCP", (unsigned)x->ports[k],
                     drift);
            else if (r)
                what(c, "expose %s port %u on the LAN (now to the VM's port %u)", x->udp ? "UDP" : "TCP",
                     (unsigned)x->ports[k], (unsigned)r->to_port);
            else
                what(c, "expose %s port %u on the LAN", x->udp ? "UDP" : "TCP", (unsigned)x->ports[k]);
        }
    }
    return b->oom ? wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory") : WSLNET_OK;
}

/* ---- Hyper-V firewall */

wslnet_status wn_policy_hvrule_options(const wn_policy_hvrule *r, wn_hvfw_rule_typed *out, wslnet_error *err)
{
    wn_hvfw_rule_text t;
    memset(&t, 0, sizeof t);
    t.name = r->name;
    t.protocol = r->protocol;
    t.direction = r->direction;
    t.action = r->action;
    t.local_ports = r->local_ports;
    t.remote_ports = r->remote_ports;
    t.local_addresses = r->local_addresses;
    t.remote_addresses = r->remote_addresses;
    t.profiles = r->profiles;
    t.enabled = r->enabled ? "true" : "false";
    return wn_hvfw_rule_text_parse(&t, out, err);
}

wslnet_status wn_policy_hvrule_make(const wn_policy_hvrule *r, wslnet_hvfw_rule *out, wslnet_error *err)
{
    wn_hvfw_rule_typed typed;
    wslnet_status st = wn_policy_hvrule_options(r, &typed, err);
    if (st != WSLNET_OK)
        return st;
    st = wn_hvfw_rule_make(&typed.options, out, err);
    wn_hvfw_rule_typed_free(&typed);
    return st;
}

static void setting(builder *b, const char *member, const char *text, int have, int readable, int tristate,
                    wslnet_error *err)
{
    wslnet_hvfw_bool flag = WSLNET_HVFW_BOOL_DEFAULT;
    wslnet_hvfw_action a = WSLNET_HVFW_ACTION_DEFAULT;
    char item[64];
    wslnet_status st = tristate ? wn_hvfw_tristate_parse(text, member, &flag, err)
                                : wn_hvfw_default_action_parse(text, member, &a, err);
    int want = tristate ? wn_hvfw_tristate_wmi(flag) : wn_hvfw_action_wmi(a);
    if (st != WSLNET_OK || (readable && want == have))
        return; /* validated by policy_parse.c: cannot fail */
    snprintf(item, sizeof item, "settings.%s", member);
    wn_policy_change *c = push(b, WN_POLICY_AREA_HYPERV, WN_POLICY_UPDATE, item, 0);
    if (readable)
        what(c, "%s %s -> %s", member, tristate ? wn_hvfw_tristate_name(have) : wn_hvfw_action_name(have),
             text);
    else
        what(c, "%s -> %s (WSL's VM setting could not be read)", member, text);
}

static wslnet_status plan_hyperv(builder *b, wslnet_error *err)
{
    const wslnet_hvfw_settings *hs = b->s->hv_settings;
    const wn_policy_hvsettings *want = &b->p->hv_settings;
    int readable = hs && hs->exists;
    wslnet_status st;
    if (want->enabled)
        setting(b, "enabled", want->enabled, readable ? hs->enabled : 0, readable, 1, err);
    if (want->default_inbound)
        setting(b, "defaultInboundAction", want->default_inbound, readable ? hs->default_inbound_action : 0,
                readable, 0, err);
    if (want->default_outbound)
        setting(b, "defaultOutboundAction", want->default_outbound, readable ? hs->default_outbound_action : 0,
                readable, 0, err);
    if (want->loopback)
        setting(b, "loopbackEnabled", want->loopback, readable ? hs->loopback_enabled : 0, readable, 1, err);
    for (size_t i = 0; i < b->p->hv_rule_count; i++) {
        wslnet_hvfw_rule rule;
        if ((st = wn_policy_hvrule_make(&b->p->hv_rules[i], &rule, err)) != WSLNET_OK)
            return wn_fail(err, st, err->code, "$.hyperVFirewall.rules[%u]: %s", (unsigned)i, err->message);
        keep_owned(b, WN_POLICY_AREA_HYPERV, rule.name);
        wn_hvfw_op op = wn_hvfw_plan_add(&rule, b->s->hv_rules, b->s->hv_count);
        if (op != WN_HVFW_OP_NONE) {
            char ports[64] = "";
            if (b->p->hv_rules[i].local_ports)
                snprintf(ports, sizeof ports, " port %s", b->p->hv_rules[i].local_ports);
            wn_policy_change *c = push(b, WN_POLICY_AREA_HYPERV,
                                       op == WN_HVFW_OP_CREATE ? WN_POLICY_ADD : WN_POLICY_UPDATE, rule.name, i);
            what(c, "%s Hyper-V firewall rule: %s %s %s%s", op == WN_HVFW_OP_CREATE ? "create" : "replace",
                 wn_hvfw_action_name(rule.action), wn_hvfw_direction_name(rule.direction),
                 rule.protocol[0] ? rule.protocol : "any", ports);
        }
        wn_hvfw_rule_clear(&rule);
    }
    return b->oom ? wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory") : WSLNET_OK;
}

/* ---- NAT subnet */

static wslnet_status plan_nat(builder *b, wslnet_error *err)
{
    char want[20], have[20];
    if (!b->p->has_nat_subnet)
        return WSLNET_OK;
    wn_subnet_format(b->p->nat_net, b->p->nat_len, want, sizeof want);
    for (size_t i = 0; i < b->s->route_count; i++) {
        const wn_route *r = &b->s->routes[i];
        if (wn_subnet_route_conflicts(r, b->p->nat_net, b->p->nat_len, &b->s->own)) {
            char route[20];
            wn_subnet_format(r->prefix, r->length, route, sizeof route);
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "$.natSubnet: %s overlaps the route %s on %s of this machine; choose another "
                           "(wslnet subnet suggest)",
                           want, route, r->interface_name[0] ? r->interface_name : "an interface");
        }
    }
    if (b->s->has_nat && b->s->nat_net == b->p->nat_net && b->s->nat_len == b->p->nat_len)
        return WSLNET_OK;
    wn_policy_change *c = push(b, WN_POLICY_AREA_NAT_SUBNET, b->s->has_nat ? WN_POLICY_UPDATE : WN_POLICY_ADD,
                               want, 0);
    if (b->s->has_nat) {
        wn_subnet_format(b->s->nat_net, b->s->nat_len, have, sizeof have);
        what(c, "WSL's NAT network %s -> %s (used once Windows restarts)", have, want);
    } else {
        what(c, "WSL's NAT network -> %s (used once Windows restarts)", want);
    }
    return b->oom ? wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory") : WSLNET_OK;
}

/* ---- .wslconfig per user */

/* A listed name matches the profile's account as DOMAIN\name or as name alone
 * (any case, as Windows compares account names), or its SID. */
static int user_listed(const wn_policy *p, const char *name)
{
    const char *bare = strrchr(name, '\\');
    if (p->wslconfig_all_users)
        return 1;
    for (size_t i = 0; i < p->wslconfig_users.count; i++)
        if (wn_streq_nocase(p->wslconfig_users.items[i], name) ||
            (bare && wn_streq_nocase(p->wslconfig_users.items[i], bare + 1)))
            return 1;
    return 0;
}

static wslnet_status plan_wslconfig(builder *b, wslnet_error *err)
{
    const wn_policy *p = b->p;
    if (!p->has_wslconfig)
        return WSLNET_OK;
    for (size_t u = 0; u < b->s->user_count; u++) {
        const wn_policy_user *user = &b->s->users[u];
        if (!user_listed(p, user->name))
            continue;
        for (size_t i = 0; i < p->wslconfig_set_count + p->wslconfig_unset.count; i++) {
            int set = i < p->wslconfig_set_count;
            const char *name = set ? p->wslconfig_set[i].key : p->wslconfig_unset.items[i - p->wslconfig_set_count];
            const wn_cfg_key *key;
            wn_cfg_setting now;
            wslnet_status st;
            if ((st = wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, name, &key, err)) != WSLNET_OK)
                return wn_fail(err, st, err->code, "$.wslConfig: %s", err->message);
            memset(&now, 0, sizeof now);
            if (user->doc)
                wn_cfg_get(user->doc, key, &now);
            wn_policy_change *c = NULL;
            if (set) {
                const char *want = p->wslconfig_set[i].value;
                if (now.origin == WN_CFG_ORIGIN_FILE && now.value && wn_streq_nocase(now.value, want))
                    continue;
                c = push(b, WN_POLICY_AREA_WSLCONFIG, now.origin == WN_CFG_ORIGIN_DEFAULT ? WN_POLICY_ADD
                                                                                          : WN_POLICY_UPDATE,
                         name, i);
                if (now.origin == WN_CFG_ORIGIN_DEFAULT)
                    what(c, "%s=%s in .wslconfig", name, want);
                else
                    what(c, "%s %s -> %s in .wslconfig%s", name, now.item ? now.item->value : "?", want,
                         now.origin == WN_CFG_ORIGIN_INVALID ? " (WSL ignored the old value)" : "");
            } else {
                if (now.origin == WN_CFG_ORIGIN_DEFAULT)
                    continue;
                c = push(b, WN_POLICY_AREA_WSLCONFIG, WN_POLICY_REMOVE, name, i);
                what(c, "remove %s from .wslconfig (WSL's default applies)", name);
            }
            if (c)
                wn_strlcpy(c->user, sizeof c->user, user->name);
            if (b->oom)
                return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        }
    }
    return WSLNET_OK;
}

/* ---- removals: what a policy created and this one no longer lists */

/* "v4tov4 0.0.0.0:8080" back to its identity; 0 when it is not one. */
static int proxy_label_parse(const char *label, wn_pp_kind *kind, char *listen, size_t listen_size, uint16_t *port)
{
    const char *space = strchr(label, ' '), *colon = strrchr(label, ':');
    char kind_text[8];
    if (!space || !colon || colon < space || (size_t)(space - label) >= sizeof kind_text ||
        (size_t)(colon - space - 1) >= listen_size || !wn_pp_port_parse(colon + 1, port))
        return 0;
    memcpy(kind_text, label, (size_t)(space - label));
    kind_text[space - label] = '\0';
    memcpy(listen, space + 1, (size_t)(colon - space - 1));
    listen[colon - space - 1] = '\0';
    return wn_pp_kind_parse(kind_text, kind) && wn_pp_listen_address_valid(*kind, listen);
}

static int proxy_still_owned(const wn_proxy_snapshot *s, const char *label)
{
    wn_pp_kind kind;
    char listen[WN_PP_LISTEN_MAX];
    uint16_t port;
    if (!s || !proxy_label_parse(label, &kind, listen, sizeof listen, &port))
        return 0;
    for (size_t i = 0; i < s->owned_count; i++)
        if (s->owned[i].kind == kind && s->owned[i].listen_port == port &&
            wn_streq_nocase(s->owned[i].listen_address, listen))
            return 1;
    return 0;
}

static wslnet_status plan_removals(builder *b, wn_policy_area area, wslnet_error *err)
{
    for (size_t i = 0; i < b->s->owned_count; i++) {
        const wn_policy_owned *o = &b->s->owned[i];
        int present;
        if (o->area != area || is_kept(b, area, o->item))
            continue;
        switch (area) {
        case WN_POLICY_AREA_PORT_PROXIES:
            present = proxy_still_owned(b->s->proxy, o->item);
            break;
        case WN_POLICY_AREA_EXPOSURES:
            present = exposure_find(b->s, o->item) != NULL;
            break;
        case WN_POLICY_AREA_HYPERV:
            present = wn_hvfw_name_is_owned(o->item) && wn_hvfw_rule_find(b->s->hv_rules, b->s->hv_count, o->item);
            break;
        default:
            continue;
        }
        wn_policy_change *c = push(b, area, WN_POLICY_REMOVE, o->item, i);
        if (c)
            c->forget_only = !present;
        if (!present)
            what(c, "no longer in the policy; already gone, its record is dropped");
        else if (area == WN_POLICY_AREA_PORT_PROXIES)
            what(c, "no longer in the policy: delete the port proxy and its host firewall rule");
        else if (area == WN_POLICY_AREA_EXPOSURES)
            what(c, "no longer in the policy: unexpose (its proxy and firewall rules)");
        else
            what(c, "no longer in the policy: delete the Hyper-V firewall rule");
    }
    return b->oom ? wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory") : WSLNET_OK;
}

/* ---- the plan */

wslnet_status wn_policy_plan_make(const wn_policy *policy, const wn_policy_snapshot *snapshot, wn_policy_plan *plan,
                                  wslnet_error *err)
{
    builder b;
    wslnet_status st;
    memset(plan, 0, sizeof *plan);
    memset(&b, 0, sizeof b);
    b.p = policy;
    b.s = snapshot;
    b.plan = plan;
    if (policy->has_certificates) {
        st = wn_fail(err, WSLNET_E_UNSUPPORTED, 0,
                     "$.certificates: a policy cannot install certificates yet; remove the member and use "
                     "wslnet certs; nothing was changed");
        goto out;
    }
    /* what the policy lists first (that fills the ownership the plan leaves),
     * then per area the removals of what it no longer lists, before its adds */
    if ((st = plan_proxies(&b, err)) != WSLNET_OK || (st = plan_exposures(&b, err)) != WSLNET_OK ||
        (st = plan_hyperv(&b, err)) != WSLNET_OK || (st = plan_nat(&b, err)) != WSLNET_OK ||
        (st = plan_wslconfig(&b, err)) != WSLNET_OK)
        goto out;
    {
        size_t listed = plan->count;
        for (int a = WN_POLICY_AREA_PORT_PROXIES; a <= WN_POLICY_AREA_HYPERV; a++)
            if ((st = plan_removals(&b, (wn_policy_area)a, err)) != WSLNET_OK)
                goto out;
        /* stable order: by area, removals of an area before its adds and updates */
        size_t removals = plan->count - listed;
        if (removals) {
            wn_policy_change *sorted = malloc(plan->count * sizeof *sorted);
            size_t n = 0;
            if (!sorted) {
                st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
                goto out;
            }
            for (int a = 0; a < WN_POLICY_AREA_COUNT; a++) {
                for (size_t i = listed; i < plan->count; i++)
                    if ((int)plan->changes[i].area == a)
                        sorted[n++] = plan->changes[i];
                for (size_t i = 0; i < listed; i++)
                    if ((int)plan->changes[i].area == a)
                        sorted[n++] = plan->changes[i];
            }
            memcpy(plan->changes, sorted, n * sizeof *sorted);
            free(sorted);
        }
    }
    st = WSLNET_OK;
out:
    if (st != WSLNET_OK)
        wn_policy_plan_free(plan);
    return st;
}

void wn_policy_plan_free(wn_policy_plan *plan)
{
    if (!plan)
        return;
    free(plan->changes);
    free(plan->owned);
    memset(plan, 0, sizeof *plan);
}
