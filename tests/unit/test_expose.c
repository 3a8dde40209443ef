/* Unit tests: the expose planner (shared/expose.c): the pieces per effective
 * mode, the refusals with their reasons, port lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "expose.h"

#include <string.h>

static wn_expose_request one(uint16_t port, wn_expose_protocol protocol)
{
    wn_expose_request r;
    memset(&r, 0, sizeof r);
    r.port_count = 1;
    r.ports[0] = port;
    r.protocol = protocol;
    return r;
}

static void expect_piece(const wn_expose_plan *p, size_t i, wn_expose_piece_kind kind, uint16_t listen,
                         uint16_t connect, const char *name)
{
    assert_true(i < p->count);
    assert_int_equal(p->pieces[i].kind, kind);
    assert_int_equal(p->pieces[i].listen_port, listen);
    assert_int_equal(p->pieces[i].connect_port, connect);
    assert_string_equal(p->pieces[i].name, name);
}

static void nat(void **state)
{
    wn_expose_context ctx = {WN_EXPOSE_NAT, 1};
    wn_expose_request req = one(8080, WN_EXPOSE_TCP);
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_false(p.refused);
    assert_int_equal(p.count, 3);
    expect_piece(&p, 0, WN_EXPOSE_PORT_PROXY, 8080, 8080, "wslnet-expose-tcp-8080");
    expect_piece(&p, 1, WN_EXPOSE_HOST_RULE, 8080, 8080, "wslnet-expose-tcp-8080");
    expect_piece(&p, 2, WN_EXPOSE_HYPERV_RULE, 8080, 8080, "wslnet-expose-tcp-8080");
    /* the NAT endpoint without the Hyper-V firewall: no Hyper-V rule */
    ctx.hyperv_firewall = 0;
    req.to_port = 80;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 2);
    expect_piece(&p, 0, WN_EXPOSE_PORT_PROXY, 8080, 80, "wslnet-expose-tcp-8080");
    expect_piece(&p, 1, WN_EXPOSE_HOST_RULE, 8080, 80, "wslnet-expose-tcp-8080");
}

static void nat_udp_refused(void **state)
{
    wn_expose_context ctx = {WN_EXPOSE_NAT, 1};
    wn_expose_request req = one(5353, WN_EXPOSE_UDP);
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_true(p.refused);
    assert_int_equal(p.count, 0);
    assert_non_null(strstr(p.reason, "TCP only"));
    assert_non_null(strstr(p.alternative, "mirrored"));
    assert_non_null(strstr(err.message, "TCP only"));
}

static void mirrored(void **state)
{
    wn_expose_context ctx = {WN_EXPOSE_MIRRORED, 1};
    wn_expose_request req = one(5353, WN_EXPOSE_UDP);
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 1);
    expect_piece(&p, 0, WN_EXPOSE_HYPERV_RULE, 5353, 5353, "wslnet-expose-udp-5353");
    assert_int_equal(p.pieces[0].protocol, WN_EXPOSE_UDP);
    req.to_port = 53;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_non_null(strstr(p.reason, "no port translation"));
    req.to_port = 5353; /* the same port is no translation */
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    ctx.hyperv_firewall = 0;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_non_null(strstr(p.reason, "Hyper-V firewall"));
}

static void consomme(void **state)
{
    wn_expose_context ctx = {WN_EXPOSE_CONSOMME, 1};
    wn_expose_request req = one(8080, WN_EXPOSE_TCP);
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 1);
    expect_piece(&p, 0, WN_EXPOSE_HOST_RULE, 8080, 8080, "wslnet-expose-tcp-8080");
    req.protocol = WN_EXPOSE_UDP;  /* consomme relays UDP binds too */
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 1);
    req.to_port = 80;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
}

static void none_and_bridged(void **state)
{
    wn_expose_request req = one(8080, WN_EXPOSE_TCP);
    wn_expose_context ctx = {WN_EXPOSE_NONE, 1};
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_true(p.refused && p.alternative[0]);
    ctx.mode = WN_EXPOSE_BRIDGED;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_true(p.refused && p.alternative[0]);
}

static void ports(void **state)
{
    wn_expose_request req;
    wn_expose_context ctx = {WN_EXPOSE_NAT, 0};
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    memset(&req, 0, sizeof req);
    assert_int_equal(wn_expose_ports_parse("8080,8443,22", &req, &err), WSLNET_OK);
    assert_int_equal(req.port_count, 3);
    assert_int_equal(req.ports[2], 22);
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 6);
    expect_piece(&p, 4, WN_EXPOSE_PORT_PROXY, 22, 22, "wslnet-expose-tcp-22");
    req.to_port = 80;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("8080,8080", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("0", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("65536", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("8080,", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", &req, &err), WSLNET_OK);
    assert_int_equal(wn_expose_ports_parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", &req, &err),
                     WSLNET_E_INVALID_INPUT);
    {
        wn_expose_protocol proto;
        assert_int_equal(wn_expose_protocol_parse(NULL, &proto, &err), WSLNET_OK);
        assert_int_equal(proto, WN_EXPOSE_TCP);
        assert_int_equal(wn_expose_protocol_parse("udp", &proto, &err), WSLNET_OK);
        assert_int_equal(proto, WN_EXPOSE_UDP);
        assert_int_equal(wn_expose_protocol_parse("UDP", &proto, &err), WSLNET_E_INVALID_INPUT);
    }
    assert_string_equal(wn_expose_piece_kind_name(WN_EXPOSE_HYPERV_RULE), "hypervRule");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nat),      cmocka_unit_test(nat_udp_refused), cmocka_unit_test(mirrored),
        cmocka_unit_test(consomme), cmocka_unit_test(none_and_bridged), cmocka_unit_test(ports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
