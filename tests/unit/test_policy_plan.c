/* Unit tests: the policy planner (shared/core/policy_plan.c) over hand-built
 * snapshots. A small in-memory "machine" takes the plan's changes the way
 * apply does (through the area planners' own steps), so "converged" is what
 * an apply leaves, not a snapshot written to match the planner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hvfw_plan.h"
#include "policy_plan.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 16

typedef struct machine {
    wn_pp_rule rules[MAX_ITEMS];
    wn_pp_owned pp_owned[MAX_ITEMS];
    wn_hostfw_found fw[MAX_ITEMS];
    wn_proxy_snapshot proxy;
    wn_expose_record exposures[MAX_ITEMS];
    wslnet_hvfw_rule hv[MAX_ITEMS];
    wslnet_hvfw_settings settings;
    wn_route routes[4];
    wn_policy_user users[2];
    wn_cfg_doc *docs[2];
    wn_policy_owned owned[MAX_ITEMS];
    wn_policy_snapshot snap;
} machine;

static const char *const alice_cfg = "# alice's own\r\n[wsl2]\r\nmemory=4GB\r\nswap=0 # keep\r\n";

static void machine_init(machine *m, const char *alice_bytes)
{
    wslnet_error err;
    memset(m, 0, sizeof *m);
    m->proxy.rules = m->rules;
    m->proxy.owned = m->pp_owned;
    m->proxy.firewall = m->fw;
    m->proxy.service = WSLNET_SERVICE_RUNNING;
    m->proxy.vm_address = "172.20.1.2";
    m->snap.proxy = &m->proxy;
    m->snap.exposures = m->exposures;
    m->snap.hv_rules = m->hv;
    m->settings.exists = 1;
    m->settings.enabled = WN_HVFW_NOT_CONFIGURED;
    m->settings.loopback_enabled = WN_HVFW_NOT_CONFIGURED;
    m->snap.hv_settings = &m->settings;
    m->snap.has_nat = 1;
    m->snap.nat_net = 0xAC140000u; /* 172.20.0.0/20 */
    m->snap.nat_len = 20;
    m->routes[0].prefix = 0xC0A80100u; /* 192.168.1.0/24 on the LAN */
    m->routes[0].length = 24;
    m->routes[0].if_index = 7;
    strcpy(m->routes[0].interface_name, "Ethernet");
    m->snap.routes = m->routes;
    m->snap.route_count = 1;
    strcpy(m->users[0].name, "alice");
    strcpy(m->users[1].name, "bob");
    assert_int_equal(wn_cfg_read((const uint8_t *)alice_bytes, strlen(alice_bytes), WN_CFG_FILE_WSLCONFIG,
                                 &m->docs[0], &err),
                     WSLNET_OK);
    m->users[0].doc = m->docs[0];
    m->users[1].doc = NULL; /* bob has no .wslconfig */
    m->snap.users = m->users;
    m->snap.user_count = 2;
    m->snap.owned = m->owned;
}

static void machine_free(machine *m)
{
    for (size_t i = 0; i < m->snap.hv_count; i++)
        wn_hvfw_rule_clear(&m->hv[i]);
    for (int i = 0; i < 2; i++)
        wn_cfg_free(m->docs[i]);
}

static wn_policy parse(const char *json)
{
    wn_policy p;
    wn_policy_errors e;
    wslnet_error err;
    wslnet_status st = wn_policy_parse(json, strlen(json), &p, &e, &err);
    if (st != WSLNET_OK)
        fprintf(stderr, "%s", e.text.data ? e.text.data : err.message);
    assert_int_equal(st, WSLNET_OK);
    wn_policy_errors_free(&e);
    return p;
}

/* A proxy plan's steps on the machine (what win/lib/proxy.c does to Windows). */
static void take_proxy_steps(machine *m, const wn_proxy_plan *pp)
{
    for (size_t i = 0; i < pp->count; i++) {
        const wn_proxy_step *s = &pp->steps[i];
        size_t j;
        switch (s->op) {
        case WN_PROXY_PUT_RULE:
        case WN_PROXY_DELETE_RULE:
            for (j = 0; j < m->proxy.rule_count; j++)
                if (m->rules[j].kind == s->reg.u.rule.kind && m->rules[j].listen_port == s->reg.u.rule.listen_port)
                    break;
            if (s->op == WN_PROXY_PUT_RULE) {
                m->rules[j] = s->reg.u.rule;
                if (j == m->proxy.rule_count)
                    m->proxy.rule_count++;
            } else if (j < m->proxy.rule_count) {
                m->rules[j] = m->rules[--m->proxy.rule_count];
            }
            break;
        case WN_PROXY_PUT_OWNED:
        case WN_PROXY_DELETE_OWNED:
            for (j = 0; j < m->proxy.owned_count; j++)
                if (m->pp_owned[j].kind == s->reg.u.owned.kind &&
                    m->pp_owned[j].listen_port == s->reg.u.owned.listen_port)
                    break;
            if (s->op == WN_PROXY_PUT_OWNED) {
                m->pp_owned[j] = s->reg.u.owned;
                if (j == m->proxy.owned_count)
                    m->proxy.owned_count++;
            } else if (j < m->proxy.owned_count) {
                m->pp_owned[j] = m->pp_owned[--m->proxy.owned_count];
            }
            break;
        case WN_PROXY_PUT_FIREWALL:
        case WN_PROXY_DELETE_FIREWALL:
            for (j = 0; j < m->proxy.firewall_count; j++)
                if (strcmp(m->fw[j].rule.name, s->fw.name) == 0)
                    break;
            if (s->op == WN_PROXY_PUT_FIREWALL) {
                memset(&m->fw[j], 0, sizeof m->fw[j]);
                m->fw[j].rule = s->fw;
                m->fw[j].count = 1;
                m->fw[j].owned = 1;
                m->fw[j].canonical = 1;
                if (j == m->proxy.firewall_count)
                    m->proxy.firewall_count++;
            } else if (j < m->proxy.firewall_count) {
                m->fw[j] = m->fw[--m->proxy.firewall_count];
            }
            break;
        default:
            break;
        }
    }
}

static void remove_hv(machine *m, const char *name)
{
    for (size_t j = 0; j < m->snap.hv_count; j++)
        if (wn_streq_nocase(m->hv[j].name, name)) {
            wn_hvfw_rule_clear(&m->hv[j]);
            m->hv[j] = m->hv[--m->snap.hv_count];
            return;
        }
}

/* Applies plan to the machine as win/lib/policy_engine.c does, through the area
 * planners' requests. */
static void apply(machine *m, const wn_policy *p, const wn_policy_plan *plan)
{
    wslnet_error err;
    for (size_t i = 0; i < plan->count; i++) {
        const wn_policy_change *c = &plan->changes[i];
        switch (c->area) {
        case WN_POLICY_AREA_PORT_PROXIES: {
            wn_proxy_item item;
            wn_proxy_request req;
            wn_proxy_plan pp;
            memset(&req, 0, sizeof req);
            if (c->change == WN_POLICY_REMOVE) {
                assert_int_equal(c->forget_only, 0);
                for (size_t j = 0; j < m->proxy.owned_count; j++) {
                    char label[WN_POLICY_ITEM_MAX];
                    snprintf(label, sizeof label, "%s %s:%u", wn_pp_kind_name(m->pp_owned[j].kind),
                             m->pp_owned[j].listen_address, (unsigned)m->pp_owned[j].listen_port);
                    if (strcmp(label, c->item) == 0) {
                        memset(&item, 0, sizeof item);
                        item.rule.kind = m->pp_owned[j].kind;
                        strcpy(item.rule.listen_address, m->pp_owned[j].listen_address);
                        item.rule.listen_port = m->pp_owned[j].listen_port;
                        item.firewall = 1;
                    }
                }
                req.type = WN_PROXY_REMOVE;
            } else {
                assert_int_equal(wn_policy_proxy_item(&p->proxies[c->index], &item, NULL, 0, &err), WSLNET_OK);
                req.type = WN_PROXY_CHANGE;
            }
            req.items = &item;
            req.item_count = 1;
            assert_int_equal(wn_proxy_plan_make(&m->proxy, &req, &pp, &err), WSLNET_OK);
            take_proxy_steps(m, &pp);
            wn_proxy_plan_free(&pp);
            break;
        }
        case WN_POLICY_AREA_EXPOSURES:
            if (c->change == WN_POLICY_REMOVE) {
                for (size_t j = 0; j < m->snap.exposure_count; j++) {
                    char name[32];
                    wn_expose_record_name(m->exposures[j].protocol, m->exposures[j].port, name, sizeof name);
                    if (strcmp(name, c->item) == 0)
                        m->exposures[j--] = m->exposures[--m->snap.exposure_count];
                }
            } else {
                wn_expose_record *r = &m->exposures[m->snap.exposure_count++];
                memset(r, 0, sizeof *r);
                r->protocol = c->udp ? WN_EXPOSE_UDP : WN_EXPOSE_TCP;
                r->port = r->to_port = c->port;
            }
            break;
        case WN_POLICY_AREA_HYPERV:
            if (strncmp(c->item, "settings.", 9) == 0) {
                const wn_policy_hvsettings *s = &p->hv_settings;
                wslnet_hvfw_action action;
                wslnet_hvfw_bool flag;
                if (s->default_inbound) {
                    assert_int_equal(wn_hvfw_default_action_parse(s->default_inbound, "x", &action, &err),
                                     WSLNET_OK);
                    m->settings.default_inbound_action = wn_hvfw_action_wmi(action);
                }
                if (s->enabled) {
                    assert_int_equal(wn_hvfw_tristate_parse(s->enabled, "x", &flag, &err), WSLNET_OK);
                    m->settings.enabled = wn_hvfw_tristate_wmi(flag);
                }
                break;
            }
            remove_hv(m, c->item);
            if (c->change != WN_POLICY_REMOVE)
                assert_int_equal(wn_policy_hvrule_make(&p->hv_rules[c->index], &m->hv[m->snap.hv_count++], &err),
                                 WSLNET_OK);
            break;
        case WN_POLICY_AREA_NAT_SUBNET:
            m->snap.has_nat = 1;
            m->snap.nat_net = p->nat_net;
            m->snap.nat_len = p->nat_len;
            break;
        case WN_POLICY_AREA_WSLCONFIG: {
            size_t u = strcmp(c->user, "alice") == 0 ? 0 : 1;
            const wn_cfg_key *key;
            wn_cfg_edit edit;
            if (!m->docs[u]) {
                assert_int_equal(wn_cfg_read(NULL, 0, WN_CFG_FILE_WSLCONFIG, &m->docs[u], &err), WSLNET_OK);
                m->users[u].doc = m->docs[u];
            }
            assert_int_equal(wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, c->item, &key, &err), WSLNET_OK);
            if (c->change == WN_POLICY_REMOVE)
                assert_int_equal(wn_cfg_unset(m->docs[u], key, &edit, &err), WSLNET_OK);
            else
                assert_int_equal(wn_cfg_set(m->docs[u], key, p->wslconfig_set[c->index].value, &edit, &err),
                                 WSLNET_OK);
            break;
        }
        default:
            fail_msg("unexpected area %d", (int)c->area);
        }
    }
    /* the ownership record the plan leaves */
    memcpy(m->owned, plan->owned, plan->owned_count * sizeof *plan->owned);
    m->snap.owned_count = plan->owned_count;
}

/* Plans p on m and applies the plan (what one `policy apply` does). */
static void converge(machine *m, const wn_policy *p)
{
    wn_policy_plan plan;
    wslnet_error err;
    assert_int_equal(wn_policy_plan_make(p, &m->snap, &plan, &err), WSLNET_OK);
    apply(m, p, &plan);
    wn_policy_plan_free(&plan);
}

static const wn_policy_change *find(const wn_policy_plan *plan, wn_policy_area area, const char *item,
                                    const char *user)
{
    for (size_t i = 0; i < plan->count; i++)
        if (plan->changes[i].area == area && strcmp(plan->changes[i].item, item) == 0 &&
            (!user || strcmp(plan->changes[i].user, user) == 0))
            return &plan->changes[i];
    return NULL;
}

/* Zero changes; what is left is printed when not. */
static void assert_converged(const wn_policy_plan *plan)
{
    for (size_t i = 0; i < plan->count; i++)
        fprintf(stderr, "left: %s %s %s\n", wn_policy_area_name(plan->changes[i].area), plan->changes[i].item,
                plan->changes[i].what);
    assert_int_equal(plan->count, 0);
}

static const char *four_areas =
    "{\"schemaVersion\": 1,"
    " \"portProxies\": [{\"listenPort\": 8080, \"connectAddress\": \"wsl\","
    "   \"firewall\": {\"profiles\": [\"private\"]}}],"
    " \"exposures\": [{\"ports\": [3000]}],"
    " \"hyperVFirewall\": {\"settings\": {\"defaultInboundAction\": \"block\"},"
    "   \"rules\": [{\"name\": \"web\", \"protocol\": \"tcp\", \"localPorts\": [8080]}]},"
    " \"natSubnet\": \"192.168.240.0/20\","
    " \"wslConfig\": {\"set\": {\"wsl2.dnsTunneling\": true}, \"unset\": [\"wsl2.swap\"]}}";

/* An empty machine: every item is an add; applied, the machine is converged
 * (zero changes) and the ownership record names the policy's items. */
static void empty_adds_then_converges(void **state)
{
    (void)state;
    machine m;
    wn_policy p = parse(four_areas);
    wn_policy_plan plan;
    wslnet_error err;
    machine_init(&m, alice_cfg);
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_OK);
    const wn_policy_change *c = find(&plan, WN_POLICY_AREA_PORT_PROXIES, "v4tov4 0.0.0.0:8080", NULL);
    assert_non_null(c);
    assert_int_equal(c->change, WN_POLICY_ADD);
    assert_non_null(strstr(c->what, "host firewall rule"));
    assert_non_null(c = find(&plan, WN_POLICY_AREA_EXPOSURES, "tcp-3000", NULL));
    assert_int_equal(c->change, WN_POLICY_ADD);
    assert_non_null(c = find(&plan, WN_POLICY_AREA_HYPERV, "wslnet-web", NULL));
    assert_int_equal(c->change, WN_POLICY_ADD);
    assert_non_null(c = find(&plan, WN_POLICY_AREA_HYPERV, "settings.defaultInboundAction", NULL));
    assert_string_equal(c->what, "defaultInboundAction notConfigured -> block");
    assert_non_null(c = find(&plan, WN_POLICY_AREA_NAT_SUBNET, "192.168.240.0/20", NULL));
    assert_int_equal(c->change, WN_POLICY_UPDATE);
    assert_non_null(strstr(c->what, "172.20.0.0/20 -> 192.168.240.0/20"));
    /* per user: alice has swap set (removed), bob has no file (only the set) */
    assert_int_equal(find(&plan, WN_POLICY_AREA_WSLCONFIG, "wsl2.dnsTunneling", "alice")->change, WN_POLICY_ADD);
    assert_int_equal(find(&plan, WN_POLICY_AREA_WSLCONFIG, "wsl2.dnsTunneling", "bob")->change, WN_POLICY_ADD);
    assert_int_equal(find(&plan, WN_POLICY_AREA_WSLCONFIG, "wsl2.swap", "alice")->change, WN_POLICY_REMOVE);
    assert_null(find(&plan, WN_POLICY_AREA_WSLCONFIG, "wsl2.swap", "bob"));
    assert_int_equal(plan.count, 8);
    assert_int_equal(plan.owned_count, 3);

    apply(&m, &p, &plan);
    wn_policy_plan_free(&plan);
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_OK);
    assert_converged(&plan);
    assert_int_equal(plan.owned_count, 3);
    wn_policy_plan_free(&plan);

    /* the keys the policy does not name: byte for byte (memory=4GB, the comments) */
    uint8_t *bytes;
    size_t len;
    assert_int_equal(wn_cfg_write(m.docs[0], &bytes, &len, &err), WSLNET_OK);
    assert_string_equal((char *)bytes, "# alice's own\r\n[wsl2]\r\nmemory=4GB\r\ndnsTunneling=true\r\n");
    free(bytes);
    wn_policy_free(&p);
    machine_free(&m);
}

/* The VM moved: the "wsl" proxy is an update of the proxy only. A Hyper-V
 * rule deleted by hand is drift (an add); a changed one is an update. */
static void drift_is_named(void **state)
{
    (void)state;
    machine m;
    wn_policy p = parse(four_areas);
    wn_policy_plan plan;
    wslnet_error err;
    machine_init(&m, alice_cfg);
    converge(&m, &p);

    /* an exposure whose pieces drifted (as wslnet_expose_list_get says) */
    const char *drift[MAX_ITEMS] = {"hypervRule wslnet-expose-tcp-3000 missing"};
    m.snap.exposure_drift = drift;
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 1);
    assert_int_equal(plan.changes[0].change, WN_POLICY_UPDATE);
    assert_string_equal(plan.changes[0].what, "expose TCP port 3000 on the LAN again: hypervRule wslnet-expose-tcp-3000 missing");
    wn_policy_plan_free(&plan);
    m.snap.exposure_drift = NULL;

    m.proxy.vm_address = "172.20.9.9";
    remove_hv(&m, "wslnet-web");
    m.settings.default_inbound_action = WN_HVFW_ACTION_ALLOW;
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 3);
    const wn_policy_change *c = find(&plan, WN_POLICY_AREA_PORT_PROXIES, "v4tov4 0.0.0.0:8080", NULL);
    assert_int_equal(c->change, WN_POLICY_UPDATE);
    assert_non_null(strstr(c->what, ": the proxy"));
    assert_int_equal(find(&plan, WN_POLICY_AREA_HYPERV, "wslnet-web", NULL)->change, WN_POLICY_ADD);
    assert_string_equal(find(&plan, WN_POLICY_AREA_HYPERV, "settings.defaultInboundAction", NULL)->what,
                        "defaultInboundAction allow -> block");
    apply(&m, &p, &plan);
    wn_policy_plan_free(&plan);
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_OK);
    assert_converged(&plan);
    wn_policy_plan_free(&plan);
    wn_policy_free(&p);
    machine_free(&m);
}

/* Items dropped from the policy: removed when the policy created them; an
 * item wslnet owns but no policy created (proxy add by hand) is left. */
static void dropped_owned_item_removed(void **state)
{
    (void)state;
    machine m;
    wn_policy p = parse(four_areas);
    wn_policy_plan plan;
    wslnet_error err;
    machine_init(&m, alice_cfg);
    converge(&m, &p);
    wn_policy_free(&p);

    /* a Hyper-V rule of wslnet's that no policy created (hvfw add by hand) */
    wslnet_hvfw_rule_options o;
    memset(&o, 0, sizeof o);
    o.name = "manual";
    o.protocol = WSLNET_HVFW_PROTOCOL_UDP;
    assert_int_equal(wn_hvfw_rule_make(&o, &m.hv[m.snap.hv_count++], &err), WSLNET_OK);

    wn_policy smaller = parse("{\"schemaVersion\": 1, \"exposures\": [{\"ports\": [3000]}]}");
    assert_int_equal(wn_policy_plan_make(&smaller, &m.snap, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 2);
    const wn_policy_change *c = find(&plan, WN_POLICY_AREA_PORT_PROXIES, "v4tov4 0.0.0.0:8080", NULL);
    assert_int_equal(c->change, WN_POLICY_REMOVE);
    assert_int_equal(c->forget_only, 0);
    assert_int_equal(find(&plan, WN_POLICY_AREA_HYPERV, "wslnet-web", NULL)->change, WN_POLICY_REMOVE);
    assert_null(find(&plan, WN_POLICY_AREA_HYPERV, "wslnet-manual", NULL));
    assert_int_equal(plan.owned_count, 1);
    apply(&m, &smaller, &plan);
    wn_policy_plan_free(&plan);
    assert_int_equal(m.proxy.rule_count, 0);
    assert_int_equal(m.proxy.firewall_count, 0);
    assert_int_equal(m.snap.hv_count, 1);
    assert_string_equal(m.hv[0].name, "wslnet-manual");
    /* the settings, the subnet and .wslconfig keys are not owned: left */
    assert_int_equal(m.settings.default_inbound_action, WN_HVFW_ACTION_BLOCK);
    assert_int_equal(m.snap.nat_net, 0xC0A8F000u);
    assert_int_equal(wn_policy_plan_make(&smaller, &m.snap, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 0);
    wn_policy_plan_free(&plan);

    /* an area the reader did not read (no proxies listed, none owned): not needed */
    {
        const wn_proxy_snapshot *saved = m.snap.proxy;
        wn_policy only_hv = parse("{\"schemaVersion\": 1, \"hyperVFirewall\": {\"rules\": []}}");
        m.snap.proxy = NULL;
        assert_int_equal(wn_policy_plan_make(&only_hv, &m.snap, &plan, &err), WSLNET_OK);
        assert_int_equal(plan.count, 1); /* the exposure the smaller policy made goes */
        assert_int_equal(plan.changes[0].area, WN_POLICY_AREA_EXPOSURES);
        wn_policy_plan_free(&plan);
        m.snap.proxy = saved;
        wn_policy_free(&only_hv);
    }

    /* a record whose item went by hand: the record goes, nothing else */
    m.owned[m.snap.owned_count].area = WN_POLICY_AREA_HYPERV;
    strcpy(m.owned[m.snap.owned_count++].item, "wslnet-gone");
    assert_int_equal(wn_policy_plan_make(&smaller, &m.snap, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 1);
    assert_true(plan.changes[0].forget_only);
    assert_int_equal(plan.owned_count, 1);
    wn_policy_plan_free(&plan);
    wn_policy_free(&smaller);
    machine_free(&m);
}

/* A foreign proxy on the listen address and port: refused, as proxy add
 * refuses it, naming the item; a foreign proxy elsewhere is not touched. */
static void foreign_item_refused(void **state)
{
    (void)state;
    machine m;
    wn_policy p = parse(four_areas);
    wn_policy_plan plan;
    wslnet_error err;
    machine_init(&m, alice_cfg);
    wn_pp_rule *r = &m.rules[m.proxy.rule_count++];
    memset(r, 0, sizeof *r);
    r->kind = WN_PP_V4TOV4;
    strcpy(r->listen_address, "0.0.0.0");
    r->listen_port = 8080;
    strcpy(r->connect_address, "10.0.0.5");
    r->connect_port = 80;
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "$.portProxies[0] (v4tov4 0.0.0.0:8080)"));
    assert_int_equal(plan.count, 0);
    assert_null(plan.changes);

    r->listen_port = 9090; /* elsewhere: left alone */
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_OK);
    apply(&m, &p, &plan);
    wn_policy_plan_free(&plan);
    assert_int_equal(m.proxy.rule_count, 2);
    assert_int_equal(m.rules[0].listen_port, 9090);
    assert_string_equal(m.rules[0].connect_address, "10.0.0.5");
    wn_policy_free(&p);
    machine_free(&m);
}

/* natSubnet over a route of the host: refused with its path; certificates:
 * unsupported (documented), before anything is planned. */
static void refusals(void **state)
{
    (void)state;
    machine m;
    wn_policy_plan plan;
    wslnet_error err;
    machine_init(&m, alice_cfg);
    wn_policy p = parse("{\"schemaVersion\": 1, \"natSubnet\": \"192.168.0.0/16\"}");
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "$.natSubnet: 192.168.0.0/16 overlaps the route 192.168.1.0/24 on Ethernet"));
    wn_policy_free(&p);
    p = parse("{\"schemaVersion\": 1, \"certificates\": {\"stores\": [\"LocalMachine\\\\Root\"], \"subject\": \"CN=x\"}}");
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_E_UNSUPPORTED);
    assert_non_null(strstr(err.message, "$.certificates"));
    wn_policy_free(&p);
    machine_free(&m);
}

/* wslConfig.users lists who; the others' files are not looked at. */
static void listed_users_only(void **state)
{
    (void)state;
    machine m;
    wn_policy_plan plan;
    wslnet_error err;
    machine_init(&m, alice_cfg);
    wn_policy p = parse("{\"schemaVersion\": 1, \"wslConfig\": {\"users\": [\"BOB\"], \"set\": {\"wsl2.memory\": \"8GB\"}}}");
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 1);
    assert_string_equal(plan.changes[0].user, "bob");
    assert_string_equal(plan.changes[0].what, "wsl2.memory=8GB in .wslconfig");
    wn_policy_plan_free(&plan);
    wn_policy_free(&p);
    /* an account name alone matches the profile's DOMAIN\\name */
    strcpy(m.users[0].name, "CONTOSO\\alice");
    p = parse("{\"schemaVersion\": 1, \"wslConfig\": {\"users\": [\"ALICE\", \"nobody\"], \"unset\": [\"wsl2.swap\"]}}");
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 1);
    assert_string_equal(plan.changes[0].user, "CONTOSO\\alice");
    wn_policy_plan_free(&plan);
    wn_policy_free(&p);
    strcpy(m.users[0].name, "alice");
    /* alice's memory=4GB -> 8GB is an update naming the old value */
    p = parse("{\"schemaVersion\": 1, \"wslConfig\": {\"users\": [\"alice\"], \"set\": {\"wsl2.memory\": \"8GB\"}}}");
    assert_int_equal(wn_policy_plan_make(&p, &m.snap, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 1);
    assert_int_equal(plan.changes[0].change, WN_POLICY_UPDATE);
    assert_string_equal(plan.changes[0].what, "wsl2.memory 4GB -> 8GB in .wslconfig");
    wn_policy_plan_free(&plan);
    wn_policy_free(&p);
    machine_free(&m);
}

static void owned_record_text(void **state)
{
    (void)state;
    wn_policy_owned o;
    char buf[200];
    assert_true(wn_policy_owned_decode("portProxies:v4tov4 0.0.0.0:8080", &o));
    assert_int_equal(o.area, WN_POLICY_AREA_PORT_PROXIES);
    assert_string_equal(o.item, "v4tov4 0.0.0.0:8080");
    assert_true(wn_policy_owned_encode(&o, buf, sizeof buf));
    assert_string_equal(buf, "portProxies:v4tov4 0.0.0.0:8080");
    assert_false(wn_policy_owned_decode("natSubnet:192.168.0.0/16", &o));
    assert_false(wn_policy_owned_decode("bogus:x", &o));
    assert_false(wn_policy_owned_decode("hyperVFirewall:", &o));
    assert_false(wn_policy_owned_encode(&o, buf, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_adds_then_converges), cmocka_unit_test(drift_is_named),
        cmocka_unit_test(dropped_owned_item_removed), cmocka_unit_test(foreign_item_refused),
        cmocka_unit_test(refusals),                  cmocka_unit_test(listed_users_only),
        cmocka_unit_test(owned_record_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
