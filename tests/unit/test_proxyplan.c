/* Unit tests: the complete port proxy planner (shared/core/proxyplan.c) over
 * hand-built snapshots: store + ownership + host firewall + service, the
 * firewall scope, desired-state requests, undo steps, the list view and the
 * journal's text form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proxyplan.h"

#define VM "172.28.20.5"

static wn_pp_rule rule(const char *listen, uint16_t lport, const char *connect, uint16_t cport)
{
    wn_pp_rule r;
    memset(&r, 0, sizeof r);
    r.kind = WN_PP_V4TOV4;
    strcpy(r.listen_address, listen);
    r.listen_port = lport;
    strcpy(r.connect_address, connect);
    r.connect_port = cport;
    return r;
}

static wn_pp_owned owned(const char *listen, uint16_t lport, const char *target, uint16_t cport)
{
    wn_pp_owned o;
    memset(&o, 0, sizeof o);
    o.kind = WN_PP_V4TOV4;
    strcpy(o.listen_address, listen);
    o.listen_port = lport;
    strcpy(o.target, target);
    o.connect_port = cport;
    return o;
}

static wn_proxy_item item(const char *listen, uint16_t lport, const char *to, uint16_t cport, int firewall)
{
    wn_proxy_item it;
    memset(&it, 0, sizeof it);
    it.rule = rule(listen, lport, to, cport);
    it.firewall = firewall;
    it.profiles = 3;
    strcpy(it.remote, "LocalSubnet");
    return it;
}

static wn_hostfw_found fw_found(const char *name, int owned_rule, uint16_t port)
{
    wn_hostfw_found f;
    memset(&f, 0, sizeof f);
    strcpy(f.rule.name, name);
    f.rule.port = port;
    f.rule.profiles = 3;
    strcpy(f.rule.remote, "LocalSubnet");
    strcpy(f.rule.service, "iphlpsvc");
    f.count = 1;
    f.owned = owned_rule;
    f.canonical = 1;
    return f;
}

static wn_proxy_snapshot snap(wn_pp_rule *rules, size_t nr, wn_pp_owned *own, size_t no, wn_hostfw_found *fw,
                              size_t nf)
{
    wn_proxy_snapshot s;
    memset(&s, 0, sizeof s);
    s.rules = rules;
    s.rule_count = nr;
    s.owned = own;
    s.owned_count = no;
    s.firewall = fw;
    s.firewall_count = nf;
    s.service = WSLNET_SERVICE_RUNNING;
    s.vm_address = VM;
    return s;
}

static wn_proxy_request req(wn_proxy_request_type type, const wn_proxy_item *items, size_t n)
{
    wn_proxy_request r;
    memset(&r, 0, sizeof r);
    r.type = type;
    r.items = items;
    r.item_count = n;
    return r;
}

/* The plan's ops as "putOwned,putRule,..." */
static const char *ops(const wn_proxy_plan *p)
{
    static char buf[512];
    size_t i;
    buf[0] = '\0';
    for (i = 0; i < p->count; i++) {
        if (i)
            strcat(buf, ",");
        strcat(buf, wn_proxy_op_name(p->steps[i].op));
    }
    return buf;
}

static void add_plans_registry_firewall_and_notify(void **state)
{
    wn_proxy_item it = item("0.0.0.0", 8080, "wsl", 80, 1);
    wn_proxy_snapshot s = snap(NULL, 0, NULL, 0, NULL, 0);
    wn_proxy_request r = req(WN_PROXY_ADD, &it, 1);
    wn_proxy_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    assert_string_equal(ops(&p), "putOwned,putRule,putFirewall,notify");
    assert_string_equal(p.steps[1].reg.u.rule.connect_address, VM);
    assert_string_equal(p.steps[0].reg.u.owned.target, "wsl");
    assert_string_equal(p.steps[2].fw.name, "wslnet proxy v4tov4 0.0.0.0:8080");
    assert_int_equal(p.steps[2].fw.port, 8080);
    assert_string_equal(p.steps[2].fw.local, "");           /* 0.0.0.0: any local address */
    assert_string_equal(p.steps[2].fw.service, "iphlpsvc"); /* only the IP Helper service */
    assert_int_equal(p.steps[2].had_before, 0);
    wn_proxy_plan_free(&p);
}

static void firewall_is_scoped_to_the_listen_address(void **state)
{
    wn_proxy_item it = item("192.168.1.10", 8080, "10.0.0.5", 80, 1);
    wn_proxy_snapshot s = snap(NULL, 0, NULL, 0, NULL, 0);
    wn_proxy_request r = req(WN_PROXY_ADD, &it, 1);
    wn_proxy_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    assert_string_equal(ops(&p), "putOwned,putRule,putFirewall,notify");
    assert_string_equal(p.steps[2].fw.local, "192.168.1.10");
    wn_proxy_plan_free(&p);
}

static void loopback_listeners_get_no_firewall_rule(void **state)
{
    static const char *const loops[] = {"127.0.0.1", "127.5.6.7"};
    wn_proxy_plan p;
    wslnet_error err;
    size_t i;
    (void)state;
    for (i = 0; i < 2; i++) {
        wn_proxy_item it = item(loops[i], 8080, "10.0.0.5", 80, 1);
        wn_proxy_snapshot s = snap(NULL, 0, NULL, 0, NULL, 0);
        wn_proxy_request r = req(WN_PROXY_ADD, &it, 1);
        assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
        assert_string_equal(ops(&p), "putOwned,putRule,notify");
        wn_proxy_plan_free(&p);
    }
    {
        /* ::1 (v6tov4), and an old rule of wslnet's for it is deleted */
        wn_proxy_item it = item("::1", 8080, "10.0.0.5", 80, 1);
        wn_hostfw_found old = fw_found("wslnet proxy v6tov4 [::1]:8080", 1, 8080);
        wn_proxy_snapshot s = snap(NULL, 0, NULL, 0, &old, 1);
        wn_proxy_request r = req(WN_PROXY_ADD, &it, 1);
        it.rule.kind = WN_PP_V6TOV4;
        assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
        assert_string_equal(ops(&p), "putOwned,putRule,deleteFirewall,notify");
        wn_proxy_plan_free(&p);
    }
    {
        char local[64];
        assert_int_equal(wn_hostfw_proxy_local("::", local, sizeof local), 1);
        assert_string_equal(local, "");
        assert_int_equal(wn_hostfw_proxy_local("*", local, sizeof local), 1);
        assert_string_equal(local, "");
        assert_int_equal(wn_hostfw_proxy_local("fe80::1", local, sizeof local), 1);
        assert_string_equal(local, "fe80::1");
        assert_int_equal(wn_hostfw_proxy_local("128.0.0.1", local, sizeof local), 1);
        assert_int_equal(wn_hostfw_proxy_local("126.255.255.255", local, sizeof local), 1);
    }
}

static void foreign_firewall_rule_refuses_add(void **state)
{
    wn_proxy_item it = item("0.0.0.0", 8080, "10.0.0.5", 80, 1);
    wn_hostfw_found f = fw_found("WSLNET PROXY v4tov4 0.0.0.0:8080", 0, 8080); /* names compare case-blind */
    wn_proxy_snapshot s = snap(NULL, 0, NULL, 0, &f, 1);
    wn_proxy_request r = req(WN_PROXY_ADD, &it, 1);
    wn_proxy_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "did not create"));
    assert_int_equal(p.count, 0);
    /* --no-firewall: the foreign rule is no obstacle */
    it.firewall = 0;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    assert_string_equal(ops(&p), "putOwned,putRule,notify");
    wn_proxy_plan_free(&p);
}

static void remove_drops_the_record_last(void **state)
{
    wn_pp_rule rules[] = {rule("0.0.0.0", 8080, "172.1.1.1", 80)};
    wn_pp_owned own[] = {owned("0.0.0.0", 8080, "wsl", 80)};
    wn_hostfw_found fw[] = {fw_found("wslnet proxy v4tov4 0.0.0.0:8080", 1, 8080)};
    wn_proxy_snapshot s = snap(rules, 1, own, 1, fw, 1);
    wn_proxy_item it = item("0.0.0.0", 8080, "localhost", 8080, 1);
    wn_proxy_request r = req(WN_PROXY_REMOVE, &it, 1);
    wn_proxy_plan p;
    wslnet_error err;
    wn_proxy_step inv;
    (void)state;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    assert_string_equal(ops(&p), "deleteRule,deleteFirewall,deleteOwned,notify");
    /* each step knows what was there, so it can be undone */
    assert_int_equal(p.steps[0].had_before, 1);
    assert_string_equal(p.steps[0].before, "172.1.1.1/80");
    assert_int_equal(wn_proxy_step_inverse(&p.steps[0], &inv), 1);
    assert_int_equal(inv.op, WN_PROXY_PUT_RULE);
    assert_string_equal(inv.reg.u.rule.connect_address, "172.1.1.1");
    assert_int_equal(wn_proxy_step_inverse(&p.steps[1], &inv), 1);
    assert_int_equal(inv.op, WN_PROXY_PUT_FIREWALL);
    assert_int_equal(inv.fw.port, 8080);
    assert_int_equal(wn_proxy_step_inverse(&p.steps[2], &inv), 1);
    assert_int_equal(inv.op, WN_PROXY_PUT_OWNED);
    assert_string_equal(inv.reg.u.owned.target, "wsl");
    assert_int_equal(wn_proxy_step_inverse(&p.steps[3], &inv), 0);
    wn_proxy_plan_free(&p);
}

static void remove_leaves_foreign_firewall_rules(void **state)
{
    wn_pp_rule rules[] = {rule("0.0.0.0", 8080, "172.1.1.1", 80)};
    wn_hostfw_found fw[] = {fw_found("wslnet proxy v4tov4 0.0.0.0:8080", 0, 8080)};
    wn_proxy_snapshot s = snap(rules, 1, NULL, 0, fw, 1);
    wn_proxy_item it = item("0.0.0.0", 8080, "localhost", 8080, 1);
    wn_proxy_request r = req(WN_PROXY_REMOVE, &it, 1);
    wn_proxy_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_E_INVALID_INPUT); /* foreign rule, no force */
    r.force = 1;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    assert_string_equal(ops(&p), "deleteRule,notify");
    wn_proxy_plan_free(&p);
}

static void unparseable_value_on_the_identity_is_foreign(void **state)
{
    wn_pp_raw bad;
    wn_proxy_item it = item("0.0.0.0", 8080, "10.0.0.5", 80, 0);
    wn_proxy_snapshot s = snap(NULL, 0, NULL, 0, NULL, 0);
    wn_proxy_request r = req(WN_PROXY_ADD, &it, 1);
    wn_proxy_plan p;
    wslnet_error err;
    (void)state;
    memset(&bad, 0, sizeof bad);
    bad.kind = WN_PP_V4TOV4;
    strcpy(bad.name, "0.0.0.0/8080");
    strcpy(bad.data, "not an address/x");
    s.bad = &bad;
    s.bad_count = 1;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "did not write"));
    bad.kind = WN_PP_V4TOV6; /* another kind's key: no conflict */
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    wn_proxy_plan_free(&p);
}

static void service_readiness(void **state)
{
    wn_proxy_item it = item("0.0.0.0", 8080, "10.0.0.5", 80, 0);
    wn_proxy_snapshot s = snap(NULL, 0, NULL, 0, NULL, 0);
    wn_proxy_request r = req(WN_PROXY_ADD, &it, 1);
    wn_proxy_plan p;
    wslnet_error err;
    (void)state;
    s.service = WSLNET_SERVICE_DISABLED;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_E_UNAVAILABLE);
    assert_non_null(strstr(err.message, "disabled"));
    s.service = WSLNET_SERVICE_ABSENT;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_E_UNAVAILABLE);
    s.service = WSLNET_SERVICE_STOPPED;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_E_UNAVAILABLE);
    assert_non_null(strstr(err.message, "--start-service"));
    r.start_service = 1;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    assert_string_equal(ops(&p), "startService,putOwned,putRule,notify");
    wn_proxy_plan_free(&p);
    s.service = WSLNET_SERVICE_UNKNOWN;
    s.service_error.status = WSLNET_E_SYSTEM;
    strcpy(s.service_error.message, "OpenSCManagerW failed");
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_E_SYSTEM);
    assert_string_equal(err.message, "OpenSCManagerW failed");
}

static void sync_needs_no_service_when_nothing_changes(void **state)
{
    wn_pp_rule rules[] = {rule("0.0.0.0", 8080, VM, 80)};
    wn_pp_owned own[] = {owned("0.0.0.0", 8080, "wsl", 80)};
    wn_proxy_snapshot s = snap(rules, 1, own, 1, NULL, 0);
    wn_proxy_request r = req(WN_PROXY_SYNC, NULL, 0);
    wn_proxy_plan p;
    wslnet_error err;
    (void)state;
    s.service = WSLNET_SERVICE_DISABLED;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 0);
    s.vm_address = "172.28.20.9"; /* the VM moved: re-point, and the service matters now */
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_E_UNAVAILABLE);
    s.service = WSLNET_SERVICE_RUNNING;
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    assert_string_equal(ops(&p), "putRule,notify");
    assert_string_equal(p.steps[0].before, VM "/80");
    wn_proxy_plan_free(&p);
}

static void ensure_holds_exactly_the_wanted_set(void **state)
{
    wn_pp_rule rules[] = {rule("0.0.0.0", 8080, VM, 80), rule("0.0.0.0", 9090, VM, 90),
                          rule("0.0.0.0", 7070, "10.9.9.9", 70)};
    wn_pp_owned own[] = {owned("0.0.0.0", 8080, "wsl", 80), owned("0.0.0.0", 9090, "wsl", 90)};
    wn_hostfw_found fw[] = {fw_found("wslnet proxy v4tov4 0.0.0.0:8080", 1, 8080),
                            fw_found("wslnet proxy v4tov4 0.0.0.0:9090", 1, 9090)};
    wn_proxy_snapshot s = snap(rules, 3, own, 2, fw, 2);
    wn_proxy_item want[2];
    wn_proxy_request r;
    wn_proxy_plan p;
    wslnet_error err;
    (void)state;
    sprintf(fw[0].rule.description, "Inbound TCP 8080 for the wslnet port proxy v4tov4 0.0.0.0:8080. "
                                    "Managed by wslnet: change it with wslnet proxy.");
    want[0] = item("0.0.0.0", 8080, "wsl", 80, 1);   /* kept as is */
    want[1] = item("0.0.0.0", 6060, "wsl", 60, 1);   /* new */
    r = req(WN_PROXY_ENSURE, want, 2);
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    /* 6060 added; 9090 (owned, unwanted) removed with its firewall rule;
     * 7070 (foreign) untouched; 8080 already right */
    assert_string_equal(ops(&p), "putOwned,putRule,putFirewall,deleteRule,deleteFirewall,deleteOwned,notify");
    assert_int_equal(p.steps[0].reg.u.owned.listen_port, 6060);
    assert_int_equal(p.steps[3].reg.u.rule.listen_port, 9090);
    assert_string_equal(p.steps[4].fw.name, "wslnet proxy v4tov4 0.0.0.0:9090");
    wn_proxy_plan_free(&p);
    /* the same wanted set twice: refused */
    want[1] = want[0];
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_E_INVALID_INPUT);
    /* nothing wanted: every owned proxy goes, the foreign one stays */
    r = req(WN_PROXY_ENSURE, NULL, 0);
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    assert_string_equal(ops(&p), "deleteRule,deleteFirewall,deleteOwned,deleteRule,deleteFirewall,deleteOwned,notify");
    wn_proxy_plan_free(&p);
}

static void view_marks_owned_stale_missing_and_bad(void **state)
{
    wn_pp_rule rules[] = {rule("0.0.0.0", 8080, "172.28.20.1", 80), rule("0.0.0.0", 7070, "10.9.9.9", 70)};
    wn_pp_owned own[] = {owned("0.0.0.0", 8080, "wsl", 80), owned("0.0.0.0", 9090, "wsl", 90)};
    wn_pp_raw bad;
    wn_proxy_snapshot s = snap(rules, 2, own, 2, NULL, 0);
    wslnet_proxy_entry *e;
    size_t n;
    wslnet_error err;
    (void)state;
    memset(&bad, 0, sizeof bad);
    strcpy(bad.name, "junk");
    s.bad = &bad;
    s.bad_count = 1;
    assert_int_equal(wn_proxy_view(&s, &e, &n, &err), WSLNET_OK);
    assert_int_equal(n, 4);
    assert_true(e[0].owned && e[0].stale && !e[0].missing);
    assert_true(!e[1].owned && !e[1].stale);
    assert_true(!e[2].valid);
    assert_string_equal(e[2].raw_name, "junk");
    assert_true(e[3].owned && e[3].missing && e[3].listen_port == 9090);
    free(e);
    s.vm_address = ""; /* VM unknown: nothing is called stale */
    assert_int_equal(wn_proxy_view(&s, &e, &n, &err), WSLNET_OK);
    assert_false(e[0].stale);
    free(e);
}

static void journal_round_trips(void **state)
{
    wn_pp_rule rules[] = {rule("0.0.0.0", 8080, "172.1.1.1", 80)};
    wn_pp_owned own[] = {owned("0.0.0.0", 8080, "wsl", 80)};
    wn_hostfw_found fw[] = {fw_found("wslnet proxy v4tov4 0.0.0.0:8080", 1, 8080)};
    wn_proxy_snapshot s = snap(rules, 1, own, 1, fw, 1);
    wn_proxy_item it = item("0.0.0.0", 8080, "localhost", 8080, 1);
    wn_proxy_request r = req(WN_PROXY_REMOVE, &it, 1);
    wn_proxy_plan p, back;
    wslnet_error err;
    char command[64], *text, *again;
    size_t done, i;
    (void)state;
    strcpy(fw[0].rule.local, "10.0.0.1");
    assert_int_equal(wn_proxy_plan_make(&s, &r, &p, &err), WSLNET_OK);
    text = wn_proxy_journal_encode("proxy remove", &p, 2);
    assert_non_null(text);
    assert_int_equal(wn_proxy_journal_decode(text, command, sizeof command, &back, &done, &err), WSLNET_OK);
    assert_string_equal(command, "proxy remove");
    assert_int_equal(done, 2);
    assert_int_equal(back.count, p.count);
    for (i = 0; i < p.count; i++) {
        assert_int_equal(back.steps[i].op, p.steps[i].op);
        assert_int_equal(back.steps[i].had_before, p.steps[i].had_before);
        assert_string_equal(back.steps[i].before, p.steps[i].before);
        assert_string_equal(back.steps[i].fw.name, p.steps[i].fw.name);
        assert_string_equal(back.steps[i].fw_before.local, p.steps[i].fw_before.local);
    }
    again = wn_proxy_journal_encode("proxy remove", &back, 2);
    assert_string_equal(again, text);
    free(again);
    wn_proxy_plan_free(&back);
    /* damaged journals are refused, never half-read */
    text[strlen(text) / 2] = '\0';
    assert_int_equal(wn_proxy_journal_decode(text, command, sizeof command, &back, &done, &err), WSLNET_E_BAD_DATA);
    assert_int_equal(back.count, 0);
    assert_int_equal(wn_proxy_journal_decode("{\"kind\":\"proxyJournal\",\"command\":\"x\",\"done\":5,\"steps\":[]}",
                                             command, sizeof command, &back, &done, &err), WSLNET_E_BAD_DATA);
    free(text);
    wn_proxy_plan_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_plans_registry_firewall_and_notify),
        cmocka_unit_test(firewall_is_scoped_to_the_listen_address),
        cmocka_unit_test(loopback_listeners_get_no_firewall_rule),
        cmocka_unit_test(foreign_firewall_rule_refuses_add),
        cmocka_unit_test(remove_drops_the_record_last),
        cmocka_unit_test(remove_leaves_foreign_firewall_rules),
        cmocka_unit_test(unparseable_value_on_the_identity_is_foreign),
        cmocka_unit_test(service_readiness),
        cmocka_unit_test(sync_needs_no_service_when_nothing_changes),
        cmocka_unit_test(ensure_holds_exactly_the_wanted_set),
        cmocka_unit_test(view_marks_owned_stale_missing_and_bad),
        cmocka_unit_test(journal_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
