/* Unit tests: portproxy model, registry codec, ownership records, planner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ipv6.h"
#include "portproxy.h"

#define VM "172.28.20.5"

static wn_pp_rule rule(wn_pp_kind kind, const char *listen, uint16_t lport, const char *connect,
                       uint16_t cport)
{
    wn_pp_rule r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    strcpy(r.listen_address, listen);
    r.listen_port = lport;
    strcpy(r.connect_address, connect);
    r.connect_port = cport;
    return r;
}

static wn_pp_owned owned(wn_pp_kind kind, const char *listen, uint16_t lport, const char *target,
                         uint16_t cport)
{
    wn_pp_owned o;
    memset(&o, 0, sizeof o);
    o.kind = kind;
    strcpy(o.listen_address, listen);
    o.listen_port = lport;
    strcpy(o.target, target);
    o.connect_port = cport;
    return o;
}

/* ---- ports, kinds, addresses */

static void ports_are_strict(void **state)
{
    static const char *const bad[] = {"", "0", "65536", "080", "80-90", "8080;x", "+80", "-1",
                                      " 80", "80 ", "8o", "99999999999", "0x50", "1e3"};
    uint16_t p;
    size_t i;
    (void)state;
    assert_true(wn_pp_port_parse("1", &p));
    assert_int_equal(p, 1);
    assert_true(wn_pp_port_parse("65535", &p));
    assert_int_equal(p, 65535);
    assert_true(wn_pp_port_parse("8080", &p));
    assert_int_equal(p, 8080);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(wn_pp_port_parse(bad[i], &p));
    assert_true(wn_pp_port_parse_n("80-90", 2, &p)); /* only len bytes read */
    assert_int_equal(p, 80);
}

static void kinds_parse_and_name(void **state)
{
    wn_pp_kind k;
    (void)state;
    assert_true(wn_pp_kind_parse("v6tov4", &k));
    assert_int_equal(k, WN_PP_V6TOV4);
    assert_true(wn_pp_kind_parse("V4TOV6", &k));
    assert_int_equal(k, WN_PP_V4TOV6);
    assert_false(wn_pp_kind_parse("v4tov5", &k));
    assert_false(wn_pp_kind_parse("v4", &k));
    assert_false(wn_pp_kind_parse("", &k));
    assert_string_equal(wn_pp_kind_name(WN_PP_V6TOV6), "v6tov6");
    assert_string_equal(wn_pp_kind_name((wn_pp_kind)9), "?");
    assert_int_equal(wn_pp_listen_family(WN_PP_V6TOV4), 6);
    assert_int_equal(wn_pp_connect_family(WN_PP_V6TOV4), 4);
    assert_int_equal(wn_pp_listen_family(WN_PP_V4TOV6), 4);
    assert_int_equal(wn_pp_connect_family(WN_PP_V4TOV6), 6);
}

static void host_names(void **state)
{
    static const char *const good[] = {"wsl", "my-host", "a.b.c", "x1.example.com", "1a",
                                       "host.123a", "A-B.Example.COM"};
    static const char *const bad[] = {"", ".", "a.", ".a", "a..b", "-a", "a-", "a.-b", "a_b",
                                      "a b", "1.2.3.4", "1234", "host.123", "10.0.0.256",
                                      "a/b", "h\xc3\xa9", "fe80::1"};
    char label64[70], long_name[300];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(wn_pp_hostname_valid(good[i]));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(wn_pp_hostname_valid(bad[i]));
    memset(label64, 'a', 64);
    label64[64] = '\0';
    assert_false(wn_pp_hostname_valid(label64));
    label64[63] = '\0';
    assert_true(wn_pp_hostname_valid(label64));
    /* 4 labels of 63 + 3 dots = 255 > 253; trimming to 253 is fine */
    snprintf(long_name, sizeof long_name, "%s.%s.%s.%s", label64, label64, label64, label64);
    assert_false(wn_pp_hostname_valid(long_name));
    long_name[253] = '\0';
    assert_true(wn_pp_hostname_valid(long_name));
}

static void ipv6_parsing(void **state)
{
    static const char *const good[] = {"::", "::1", "fe80::1", "1:2:3:4:5:6:7:8", "1::",
                                       "::ffff:10.0.0.1", "1:2:3:4:5:6:1.2.3.4", "ABCD::ef01",
                                       "1::2:3", "0:0:0:0:0:0:0:1"};
    static const char *const bad[] = {"", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                                      "1::2::3", "12345::", "1:", ":1", "fe80::1%5", "[::1]",
                                      "::1/128", "g::", "1.2.3.4", "::1.2.3", "1:2:3:4:5:6:7::8:9",
                                      "1:2:3:4:5:6:7:1.2.3.4", " ::1", "::01.2.3.4"};
    uint8_t a[16];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(wn_ipv6_parse(good[i], a));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(wn_ipv6_parse(bad[i], a));
    assert_true(wn_ipv6_parse("1::2:3", a));
    assert_int_equal(a[1], 1);
    assert_int_equal(a[13], 2);
    assert_int_equal(a[15], 3);
    assert_true(wn_ipv6_parse("::ffff:10.0.0.1", a));
    assert_int_equal(a[10], 0xff);
    assert_int_equal(a[12], 10);
    assert_int_equal(a[15], 1);
    assert_true(wn_ipv6_parse("0:0:0:0:0:0:0:1", a));
    assert_true(wn_ipv6_is_loopback(a));
}

/* ---- the bad input table of the issue, through the CLI-facing builder */

static void bad_input_table(void **state)
{
    static const struct {
        const char *kind, *listen, *lport, *connect, *cport, *message;
    } cases[] = {
        {NULL, NULL, "0", "wsl", NULL, "listen port '0' is not a port"},
        {NULL, NULL, "65536", "wsl", NULL, "listen port '65536' is not a port"},
        {NULL, NULL, "80-90", "wsl", NULL, "listen port '80-90' is not a port"},
        {NULL, NULL, "8080;x", "wsl", NULL, "listen port '8080;x' is not a port"},
        {NULL, NULL, "8080", "wsl", "0", "connect port '0' is not a port"},
        {NULL, "localhost", "8080", "wsl", NULL, "listen address 'localhost' is not '*' or an IPv4 address"},
        {NULL, "::1", "8080", "wsl", NULL, "listen address '::1' is not '*' or an IPv4 address"},
        {"v6tov4", "10.0.0.1", "8080", "wsl", NULL, "listen address '10.0.0.1' is not '*' or an IPv6 address"},
        {"v4tov5", NULL, "8080", "wsl", NULL, "unknown portproxy kind 'v4tov5'"},
        {NULL, NULL, "8080", "bad_host", NULL, "connect address 'bad_host' is not an IPv4 address or a host name"},
        {"v4tov6", NULL, "8080", "10.0.0.5", NULL, "not an IPv6 address or a host name"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wn_pp_rule r;
        wslnet_error err;
        memset(&err, 0, sizeof err);
        assert_int_equal(wn_pp_rule_make(cases[i].kind, cases[i].listen, cases[i].lport,
                                         cases[i].connect, cases[i].cport, &r, &err),
                         WSLNET_E_INVALID_INPUT);
        assert_int_equal(err.status, WSLNET_E_INVALID_INPUT);
        if (!strstr(err.message, cases[i].message))
            fail_msg("case %u: '%s' lacks '%s'", (unsigned)i, err.message, cases[i].message);
    }
}

static void make_defaults(void **state)
{
    wn_pp_rule r;
    (void)state;
    assert_int_equal(wn_pp_rule_make(NULL, NULL, "8080", "wsl", NULL, &r, NULL), WSLNET_OK);
    assert_int_equal(r.kind, WN_PP_V4TOV4);
    assert_string_equal(r.listen_address, "0.0.0.0");
    assert_int_equal(r.listen_port, 8080);
    assert_string_equal(r.connect_address, "wsl");
    assert_int_equal(r.connect_port, 8080);
    assert_int_equal(wn_pp_rule_make("v6tov4", NULL, "443", "10.0.0.5", "8443", &r, NULL), WSLNET_OK);
    assert_string_equal(r.listen_address, "::");
    assert_int_equal(r.connect_port, 8443);
    assert_int_equal(wn_pp_rule_make("v4tov6", "*", "80", "fe80::5", NULL, &r, NULL), WSLNET_OK);
    assert_string_equal(r.listen_address, "*");
}

/* ---- registry codec */

static void codec_round_trips(void **state)
{
    static const struct {
        wn_pp_kind kind;
        const char *name, *data;
    } cases[] = {
        {WN_PP_V4TOV4, "0.0.0.0/8080", "172.28.20.5/8080"},
        {WN_PP_V4TOV4, "*/80", "myhost.example.com/8000"},
        {WN_PP_V4TOV4, "127.0.0.1/1", "10.0.0.1/65535"},
        {WN_PP_V4TOV6, "192.168.1.2/443", "fe80::1/443"},
        {WN_PP_V6TOV4, "::/8080", "172.28.20.5/80"},
        {WN_PP_V6TOV4, "*/8080", "wsl/80"},
        {WN_PP_V6TOV6, "FE80::ABCD/22", "::ffff:10.0.0.1/22"},
        {WN_PP_V6TOV6, "1:2:3:4:5:6:7:8/9", "Some-Host/10"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wn_pp_rule r;
        wn_pp_owned o;
        char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
        assert_int_equal(wn_pp_rule_decode(cases[i].kind, cases[i].name, cases[i].data, &r, NULL),
                         WSLNET_OK);
        assert_int_equal(wn_pp_rule_encode(&r, name, sizeof name, data, sizeof data, NULL), WSLNET_OK);
        assert_string_equal(name, cases[i].name);
        assert_string_equal(data, cases[i].data);
        assert_int_equal(wn_pp_owned_decode(cases[i].kind, cases[i].name, cases[i].data, &o, NULL),
                         WSLNET_OK);
        assert_int_equal(wn_pp_owned_encode(&o, name, sizeof name, data, sizeof data, NULL), WSLNET_OK);
        assert_string_equal(name, cases[i].name);
        assert_string_equal(data, cases[i].data);
    }
}

static void codec_fields(void **state)
{
    wn_pp_rule r;
    wn_pp_owned o;
    char name[WN_PP_NAME_MAX], data[WN_PP_DATA_MAX];
    (void)state;
    assert_int_equal(wn_pp_rule_decode(WN_PP_V6TOV4, "fe80::1/8080", "10.0.0.5/80", &r, NULL), WSLNET_OK);
    assert_int_equal(r.kind, WN_PP_V6TOV4);
    assert_string_equal(r.listen_address, "fe80::1");
    assert_int_equal(r.listen_port, 8080);
    assert_string_equal(r.connect_address, "10.0.0.5");
    assert_int_equal(r.connect_port, 80);
    assert_int_equal(wn_pp_owned_decode(WN_PP_V4TOV4, "0.0.0.0/8080", "wsl/8080", &o, NULL), WSLNET_OK);
    assert_true(wn_pp_target_is_wsl(o.target));
    assert_int_equal(o.connect_port, 8080);
    /* small buffers are a caller bug, not bad data */
    assert_int_equal(wn_pp_rule_encode(&r, name, 8, data, sizeof data, NULL), WSLNET_E_INTERNAL);
    assert_int_equal(wn_pp_rule_encode(&r, name, sizeof name, data, 5, NULL), WSLNET_E_INTERNAL);
    r.listen_port = 0;
    assert_int_equal(wn_pp_rule_encode(&r, name, sizeof name, data, sizeof data, NULL),
                     WSLNET_E_INVALID_INPUT);
}

static void codec_rejects(void **state)
{
    static const struct {
        wn_pp_kind kind;
        const char *name, *data, *message;
    } cases[] = {
        {WN_PP_V4TOV4, "0.0.0.0", "10.0.0.1/80", "value name '0.0.0.0' is not <address>/<port>"},
        {WN_PP_V4TOV4, "0.0.0.0/0", "10.0.0.1/80", "listen port '0' is not a port"},
        {WN_PP_V4TOV4, "0.0.0.0/65536", "10.0.0.1/80", "listen port '65536'"},
        {WN_PP_V4TOV4, "0.0.0.0/80-90", "10.0.0.1/80", "listen port '80-90'"},
        {WN_PP_V4TOV4, "0.0.0.0/8080;x", "10.0.0.1/80", "listen port '8080;x'"},
        {WN_PP_V4TOV4, "0.0.0.0/080", "10.0.0.1/80", "listen port '080'"},
        {WN_PP_V4TOV4, "0.0.0.0/", "10.0.0.1/80", "listen port ''"},
        {WN_PP_V4TOV4, "nothost/80", "10.0.0.1/80", "listen address 'nothost' is not '*' or an IPv4"},
        {WN_PP_V4TOV4, "/80", "10.0.0.1/80", "listen address '' is not"},
        {WN_PP_V4TOV4, "a/b/80", "10.0.0.1/80", "listen address 'a/b'"},
        {WN_PP_V6TOV6, "0.0.0.0/80", "::1/80", "IPv6 address (kind v6tov6)"},
        {WN_PP_V4TOV4, "0.0.0.0/80", "10.0.0.1", "data '10.0.0.1' is not <address>/<port>"},
        {WN_PP_V4TOV4, "0.0.0.0/80", "10.0.0.1/0", "connect port '0'"},
        {WN_PP_V4TOV4, "0.0.0.0/80", "10.0.0.1/ 80", "connect port ' 80'"},
        {WN_PP_V4TOV4, "0.0.0.0/80", "10.0.0.256/80", "connect address '10.0.0.256' is not an IPv4"},
        {WN_PP_V4TOV4, "0.0.0.0/80", "fe80::1/80", "connect address 'fe80::1'"},
        {WN_PP_V4TOV4, "0.0.0.0/80", "*/80", "connect address '*'"},
        {WN_PP_V4TOV4, "0.0.0.0/80", "bad host/80", "data of value '0.0.0.0/80'"},
        {(wn_pp_kind)7, "0.0.0.0/80", "10.0.0.1/80", "unknown portproxy kind 7"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wn_pp_rule r;
        wn_pp_owned o;
        wslnet_error err;
        memset(&err, 0, sizeof err);
        assert_int_equal(wn_pp_rule_decode(cases[i].kind, cases[i].name, cases[i].data, &r, &err),
                         WSLNET_E_BAD_DATA);
        if (!strstr(err.message, cases[i].message))
            fail_msg("case %u: '%s' lacks '%s'", (unsigned)i, err.message, cases[i].message);
        assert_int_equal(wn_pp_owned_decode(cases[i].kind, cases[i].name, cases[i].data, &o, &err),
                         WSLNET_E_BAD_DATA);
    }
}

static void codec_message_is_one_line(void **state)
{
    wn_pp_rule r;
    wslnet_error err;
    char name[300];
    (void)state;
    memset(name, 'x', sizeof name);
    strcpy(name + 250, "\n\r\x01/80");
    assert_int_equal(wn_pp_rule_decode(WN_PP_V4TOV4, name, "1.2.3.4/5", &r, &err), WSLNET_E_BAD_DATA);
    assert_null(strchr(err.message, '\n'));
    assert_null(strchr(err.message, '\r'));
    assert_non_null(strstr(err.message, "..."));
}

/* ---- warnings */

static void localhost_shadowing(void **state)
{
    char msg[256];
    (void)state;
    assert_true(wn_pp_shadows_localhost(WN_PP_V4TOV4, "127.0.0.1", 8080, msg, sizeof msg));
    assert_non_null(strstr(msg, "127.0.0.1 port 8080 shadows WSL's own localhost forwarding"));
    assert_true(wn_pp_shadows_localhost(WN_PP_V6TOV4, "::1", 3000, msg, sizeof msg));
    assert_non_null(strstr(msg, "::1 port 3000"));
    assert_true(wn_pp_shadows_localhost(WN_PP_V6TOV4, "0:0::1", 3000, NULL, 0));
    assert_false(wn_pp_shadows_localhost(WN_PP_V4TOV4, "0.0.0.0", 8080, msg, sizeof msg));
    assert_string_equal(msg, "");
    assert_false(wn_pp_shadows_localhost(WN_PP_V4TOV4, "*", 8080, msg, sizeof msg));
    assert_false(wn_pp_shadows_localhost(WN_PP_V4TOV4, "127.0.0.2", 8080, msg, sizeof msg));
    assert_false(wn_pp_shadows_localhost(WN_PP_V6TOV4, "127.0.0.1", 8080, msg, sizeof msg));
}

/* ---- planner */

static wn_pp_request add_request(wn_pp_rule r)
{
    wn_pp_request q;
    memset(&q, 0, sizeof q);
    q.type = WN_PP_ADD;
    q.rule = r;
    return q;
}

static wn_pp_request remove_request(wn_pp_kind kind, const char *listen, uint16_t port, int force)
{
    wn_pp_request q;
    memset(&q, 0, sizeof q);
    q.type = WN_PP_REMOVE;
    q.rule = rule(kind, listen, port, "", 0);
    q.force = force;
    return q;
}

static wn_pp_request sync_request(void)
{
    wn_pp_request q;
    memset(&q, 0, sizeof q);
    q.type = WN_PP_SYNC;
    return q;
}

/* A store holding two foreign rules, which no plan may ever name. */
static const wn_pp_rule *foreign_store(size_t *count)
{
    static wn_pp_rule store[3];
    store[0] = rule(WN_PP_V4TOV4, "0.0.0.0", 9000, "10.1.1.1", 9000);
    store[1] = rule(WN_PP_V6TOV4, "*", 8080, "10.1.1.2", 80);
    store[2] = rule(WN_PP_V4TOV4, "0.0.0.0", 8080, "172.28.16.9", 8080); /* owned, stale */
    *count = 3;
    return store;
}

static void assert_no_foreign(const wn_pp_plan *plan)
{
    size_t i;
    for (i = 0; i < plan->count; i++) {
        const wn_pp_change *c = &plan->changes[i];
        uint16_t port = c->op <= WN_PP_DELETE_RULE ? c->u.rule.listen_port : c->u.owned.listen_port;
        assert_false(port == 9000 || (c->kind == WN_PP_V6TOV4 && port == 8080));
    }
}

static void add_new_rule(void **state)
{
    wn_pp_rule store[1] = {rule(WN_PP_V4TOV4, "0.0.0.0", 9000, "10.1.1.1", 9000)};
    wn_pp_request q = add_request(rule(WN_PP_V4TOV4, "0.0.0.0", 8080, "wsl", 8080));
    wn_pp_plan plan;
    (void)state;
    assert_int_equal(wn_pp_plan_make(store, 1, NULL, 0, &q, VM, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 2);
    assert_true(plan.needs_notify);
    /* ownership first, so a crash in between leaves a record sync can repair */
    assert_int_equal(plan.changes[0].op, WN_PP_PUT_OWNED);
    assert_string_equal(plan.changes[0].u.owned.target, "wsl");
    assert_int_equal(plan.changes[0].u.owned.connect_port, 8080);
    assert_int_equal(plan.changes[1].op, WN_PP_PUT_RULE);
    assert_int_equal(plan.changes[1].kind, WN_PP_V4TOV4);
    assert_string_equal(plan.changes[1].u.rule.listen_address, "0.0.0.0");
    assert_string_equal(plan.changes[1].u.rule.connect_address, VM);
    assert_string_equal(wn_pp_op_name(plan.changes[1].op), "putRule");
    wn_pp_plan_free(&plan);
    assert_int_equal(plan.count, 0);
    assert_null(plan.changes);
    wn_pp_plan_free(NULL);
}

static void add_literal_and_idempotent(void **state)
{
    wn_pp_rule store[1] = {rule(WN_PP_V4TOV4, "0.0.0.0", 8080, VM, 8080)};
    wn_pp_owned own[1] = {owned(WN_PP_V4TOV4, "0.0.0.0", 8080, "wsl", 8080)};
    wn_pp_request q = add_request(rule(WN_PP_V4TOV4, "0.0.0.0", 8080, "WSL", 8080));
    wn_pp_plan plan;
    (void)state;
    assert_int_equal(wn_pp_plan_make(store, 1, own, 1, &q, VM, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 0);
    assert_false(plan.needs_notify);
    wn_pp_plan_free(&plan);
    /* the same identity, another case of the same IPv6 text: still the same rule */
    store[0] = rule(WN_PP_V6TOV4, "fe80::1", 80, "10.0.0.5", 80);
    own[0] = owned(WN_PP_V6TOV4, "fe80::1", 80, "10.0.0.5", 80);
    q = add_request(rule(WN_PP_V6TOV4, "FE80::1", 80, "10.0.0.5", 80));
    assert_int_equal(wn_pp_plan_make(store, 1, own, 1, &q, NULL, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 0);
    wn_pp_plan_free(&plan);
    /* update in place: a new connect port rewrites rule and record, keeping the spelling */
    q = add_request(rule(WN_PP_V6TOV4, "FE80::1", 80, "10.0.0.5", 81));
    assert_int_equal(wn_pp_plan_make(store, 1, own, 1, &q, NULL, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 2);
    assert_int_equal(plan.changes[0].op, WN_PP_PUT_OWNED);
    assert_string_equal(plan.changes[0].u.owned.listen_address, "fe80::1");
    assert_int_equal(plan.changes[1].op, WN_PP_PUT_RULE);
    assert_string_equal(plan.changes[1].u.rule.listen_address, "fe80::1");
    assert_int_equal(plan.changes[1].u.rule.connect_port, 81);
    wn_pp_plan_free(&plan);
}

static void add_switches_target(void **state)
{
    /* from a literal to "wsl" whose address happens to be the same: only the record changes */
    wn_pp_rule store[1] = {rule(WN_PP_V4TOV4, "0.0.0.0", 8080, VM, 8080)};
    wn_pp_owned own[1] = {owned(WN_PP_V4TOV4, "0.0.0.0", 8080, VM, 8080)};
    wn_pp_request q = add_request(rule(WN_PP_V4TOV4, "0.0.0.0", 8080, "wsl", 8080));
    wn_pp_plan plan;
    (void)state;
    assert_int_equal(wn_pp_plan_make(store, 1, own, 1, &q, VM, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 1);
    assert_int_equal(plan.changes[0].op, WN_PP_PUT_OWNED);
    assert_string_equal(plan.changes[0].u.owned.target, "wsl");
    assert_false(plan.needs_notify);
    wn_pp_plan_free(&plan);
}

static void add_refusals(void **state)
{
    size_t n;
    const wn_pp_rule *store = foreign_store(&n);
    wn_pp_owned own[1] = {owned(WN_PP_V4TOV4, "0.0.0.0", 8080, "wsl", 8080)};
    wn_pp_request q = add_request(rule(WN_PP_V4TOV4, "0.0.0.0", 9000, "wsl", 9000));
    wn_pp_plan plan;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_pp_plan_make(store, n, own, 1, &q, VM, &plan, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "0.0.0.0:9000 (v4tov4) is already used by a rule wslnet does not own"));
    assert_int_equal(plan.count, 0);
    q = add_request(rule(WN_PP_V6TOV4, "*", 8080, "10.0.0.9", 80));
    assert_int_equal(wn_pp_plan_make(store, n, own, 1, &q, VM, &plan, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "does not own"));
    /* "wsl" without a VM address */
    q = add_request(rule(WN_PP_V4TOV4, "0.0.0.0", 7000, "wsl", 7000));
    assert_int_equal(wn_pp_plan_make(store, n, own, 1, &q, NULL, &plan, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "VM address is not known"));
    /* "wsl" on a kind that connects over IPv6, with an IPv4 VM */
    q = add_request(rule(WN_PP_V4TOV6, "0.0.0.0", 7000, "wsl", 7000));
    assert_int_equal(wn_pp_plan_make(store, n, own, 1, &q, VM, &plan, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "connects over IPv6"));
    /* an invalid request rule */
    q = add_request(rule(WN_PP_V4TOV4, "0.0.0.0", 0, "wsl", 7000));
    assert_int_equal(wn_pp_plan_make(store, n, own, 1, &q, VM, &plan, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "listen port 0"));
}

static void remove_cases(void **state)
{
    size_t n;
    const wn_pp_rule *store = foreign_store(&n);
    wn_pp_owned own[2] = {owned(WN_PP_V4TOV4, "0.0.0.0", 8080, "wsl", 8080),
                          owned(WN_PP_V4TOV4, "0.0.0.0", 7000, "wsl", 7000)}; /* [1] is stale */
    wn_pp_request q = remove_request(WN_PP_V4TOV4, "0.0.0.0", 8080, 0);
    wn_pp_plan plan;
    wslnet_error err;
    (void)state;
    /* owned: rule, then record */
    assert_int_equal(wn_pp_plan_make(store, n, own, 2, &q, NULL, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 2);
    assert_int_equal(plan.changes[0].op, WN_PP_DELETE_RULE);
    assert_string_equal(plan.changes[0].u.rule.connect_address, "172.28.16.9");
    assert_int_equal(plan.changes[1].op, WN_PP_DELETE_OWNED);
    assert_true(plan.needs_notify);
    wn_pp_plan_free(&plan);
    /* foreign without force */
    q = remove_request(WN_PP_V4TOV4, "0.0.0.0", 9000, 0);
    assert_int_equal(wn_pp_plan_make(store, n, own, 2, &q, NULL, &plan, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "not owned by wslnet; pass --force"));
    assert_int_equal(plan.count, 0);
    /* foreign with force: the rule only */
    q.force = 1;
    assert_int_equal(wn_pp_plan_make(store, n, own, 2, &q, NULL, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 1);
    assert_int_equal(plan.changes[0].op, WN_PP_DELETE_RULE);
    assert_int_equal(plan.changes[0].u.rule.listen_port, 9000);
    wn_pp_plan_free(&plan);
    /* missing */
    q = remove_request(WN_PP_V6TOV6, "::1", 5, 1);
    assert_int_equal(wn_pp_plan_make(store, n, own, 2, &q, NULL, &plan, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "no portproxy rule listens on [::1]:5 (v6tov6)"));
    /* stale record: the record only, no notify */
    q = remove_request(WN_PP_V4TOV4, "0.0.0.0", 7000, 0);
    assert_int_equal(wn_pp_plan_make(store, n, own, 2, &q, NULL, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.count, 1);
    assert_int_equal(plan.changes[0].op, WN_PP_DELETE_OWNED);
    assert_false(plan.needs_notify);
    wn_pp_plan_free(&plan);
    /* bad key */
    q = remove_request(WN_PP_V4TOV4, "::", 7000, 0);
    assert_int_equal(wn_pp_plan_make(store, n, own, 2, &q, NULL, &plan, &err), WSLNET_E_INVALID_INPUT);
}

/* n owned "wsl" rules on ports 10000.. (plus the foreign ones), store pointing at addr. */
static void big_set(size_t n, const char *addr, wn_pp_rule **store, size_t *store_count,
                    wn_pp_owned **own)
{
    size_t i;
    *store = calloc(n + 2, sizeof **store);
    *own = calloc(n, sizeof **own);
    assert_non_null(*store);
    assert_non_null(*own);
    /* store in reverse order, so the index has sorting to do */
    for (i = 0; i < n; i++) {
        (*store)[n - 1 - i] = rule(WN_PP_V4TOV4, "0.0.0.0", (uint16_t)(10000 + i), addr, 80);
        (*own)[i] = owned(WN_PP_V4TOV4, "0.0.0.0", (uint16_t)(10000 + i), "wsl", 80);
    }
    (*store)[n] = rule(WN_PP_V4TOV4, "0.0.0.0", 9000, "10.1.1.1", 9000);
    (*store)[n + 1] = rule(WN_PP_V6TOV4, "*", 8080, "10.1.1.2", 80);
    *store_count = n + 2;
}

static void sync_noop_with_1000_rules(void **state)
{
    wn_pp_rule *store;
    wn_pp_owned *own;
    size_t n;
    wn_pp_request q = sync_request();
    wn_pp_plan plan;
    (void)state;
    big_set(1000, VM, &store, &n, &own);
    assert_int_equal(wn_pp_plan_make(store, n, own, 1000, &q, VM, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 0);
    assert_false(plan.needs_notify);
    wn_pp_plan_free(&plan);
    free(store);
    free(own);
}

static void sync_repoints_after_address_change(void **state)
{
    wn_pp_rule *store;
    wn_pp_owned *own;
    size_t n, i;
    wn_pp_request q = sync_request();
    wn_pp_plan plan;
    wslnet_error err;
    (void)state;
    big_set(1000, "172.28.16.9", &store, &n, &own);
    own[0] = owned(WN_PP_V4TOV4, "0.0.0.0", 10000, "10.9.9.9", 80); /* a literal target */
    strcpy(store[999].connect_address, "10.9.9.9");
    assert_int_equal(wn_pp_plan_make(store, n, own, 1000, &q, VM, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 999);
    assert_true(plan.needs_notify);
    for (i = 0; i < plan.count; i++) {
        assert_int_equal(plan.changes[i].op, WN_PP_PUT_RULE);
        assert_string_equal(plan.changes[i].u.rule.connect_address, VM);
        assert_int_equal(plan.changes[i].u.rule.connect_port, 80);
    }
    assert_no_foreign(&plan);
    wn_pp_plan_free(&plan);
    /* no VM address while rules target "wsl" */
    assert_int_equal(wn_pp_plan_make(store, n, own, 1000, &q, NULL, &plan, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "cannot sync 999 rule(s) targeting 'wsl'"));
    free(store);
    free(own);
}

static void sync_recreates_missing_and_ignores_foreign(void **state)
{
    size_t n;
    const wn_pp_rule *store = foreign_store(&n);
    wn_pp_owned own[3] = {owned(WN_PP_V4TOV4, "0.0.0.0", 8080, "wsl", 8080),  /* stale address */
                          owned(WN_PP_V4TOV4, "*", 7000, "db.example", 5432), /* missing */
                          owned(WN_PP_V6TOV6, "::", 7001, "fe80::9", 7001)};  /* missing */
    wn_pp_request q = sync_request();
    wn_pp_plan plan;
    (void)state;
    assert_int_equal(wn_pp_plan_make(store, n, own, 3, &q, VM, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 3);
    assert_int_equal(plan.changes[0].op, WN_PP_PUT_RULE);
    assert_string_equal(plan.changes[0].u.rule.connect_address, VM);
    assert_string_equal(plan.changes[1].u.rule.listen_address, "*");
    assert_string_equal(plan.changes[1].u.rule.connect_address, "db.example");
    assert_int_equal(plan.changes[1].u.rule.connect_port, 5432);
    assert_int_equal(plan.changes[2].kind, WN_PP_V6TOV6);
    assert_string_equal(plan.changes[2].u.rule.connect_address, "fe80::9");
    assert_no_foreign(&plan);
    wn_pp_plan_free(&plan);
    /* no "wsl" target: a NULL VM address is fine */
    assert_int_equal(wn_pp_plan_make(store, n, own + 1, 2, &q, NULL, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 2);
    wn_pp_plan_free(&plan);
    /* nothing owned: nothing to do, whatever the store holds */
    assert_int_equal(wn_pp_plan_make(store, n, NULL, 0, &q, NULL, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 0);
    assert_false(plan.needs_notify);
    wn_pp_plan_free(&plan);
    /* an empty store */
    assert_int_equal(wn_pp_plan_make(NULL, 0, own + 1, 1, &q, NULL, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 1);
    wn_pp_plan_free(&plan);
}

static void sync_scales(void **state)
{
    /* 10,000 rules, all stale: must finish quickly (quadratic would take seconds under ASan) */
    wn_pp_rule *store;
    wn_pp_owned *own;
    size_t n;
    wn_pp_request q = sync_request();
    wn_pp_plan plan;
    (void)state;
    big_set(10000, "172.28.16.9", &store, &n, &own);
    assert_int_equal(wn_pp_plan_make(store, n, own, 10000, &q, VM, &plan, NULL), WSLNET_OK);
    assert_int_equal(plan.count, 10000);
    wn_pp_plan_free(&plan);
    free(store);
    free(own);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ports_are_strict),
        cmocka_unit_test(kinds_parse_and_name),
        cmocka_unit_test(host_names),
        cmocka_unit_test(ipv6_parsing),
        cmocka_unit_test(bad_input_table),
        cmocka_unit_test(make_defaults),
        cmocka_unit_test(codec_round_trips),
        cmocka_unit_test(codec_fields),
        cmocka_unit_test(codec_rejects),
        cmocka_unit_test(codec_message_is_one_line),
        cmocka_unit_test(localhost_shadowing),
        cmocka_unit_test(add_new_rule),
        cmocka_unit_test(add_literal_and_idempotent),
        cmocka_unit_test(add_switches_target),
        cmocka_unit_test(add_refusals),
        cmocka_unit_test(remove_cases),
        cmocka_unit_test(sync_noop_with_1000_rules),
        cmocka_unit_test(sync_repoints_after_address_change),
        cmocka_unit_test(sync_recreates_missing_and_ignores_foreign),
        cmocka_unit_test(sync_scales),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
