/* Unit tests: WSL's NAT subnet - validation, overlap, suggestion, plan
 * (shared/core/subnet_plan.c), with a property test over random route tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "subnet_plan.h"

#include <stdio.h>
#include <string.h>

static wn_route route(uint32_t prefix, uint8_t len, uint32_t if_index)
{
    wn_route r;
    memset(&r, 0, sizeof r);
    r.prefix = prefix;
    r.length = len;
    r.if_index = if_index;
    snprintf(r.interface_name, sizeof r.interface_name, "if%u", (unsigned)if_index);
    return r;
}

static void basics(void **state)
{
    (void)state;
    assert_int_equal(wn_subnet_network(0xAC1C1405u, 20), 0xAC1C1000u);
    assert_int_equal(wn_subnet_network(0xAC1C1405u, 0), 0);
    assert_true(wn_subnet_overlap(0xAC1C1000u, 20, 0xAC1C1400u, 24));
    assert_true(wn_subnet_overlap(0xAC1C1400u, 24, 0xAC1C1000u, 20));
    assert_true(wn_subnet_overlap(0xAC100000u, 12, 0xAC1C1000u, 20));
    assert_false(wn_subnet_overlap(0xAC1C1000u, 20, 0xAC1C2000u, 20));
    assert_false(wn_subnet_overlap(0xAC1C1000u, 20, 0xAC1C0FFFu, 32));
    assert_true(wn_subnet_is_private(0x0AFA0000u, 20));
    assert_true(wn_subnet_is_private(0xAC1F0000u, 16));
    assert_true(wn_subnet_is_private(0xC0A8F000u, 20));
    assert_false(wn_subnet_is_private(0xAC200000u, 16));   /* 172.32/16 */
    assert_false(wn_subnet_is_private(0x64400000u, 20));   /* 100.64 CGNAT */
    assert_false(wn_subnet_is_private(0x0A000000u, 7));    /* wider than 10/8 */
    assert_false(wn_subnet_is_private(0xC0A80000u, 15));
}

static void expect_invalid(const char *cidr, const char *gateway, const char *text)
{
    wn_subnet_request req;
    wslnet_error err;
    memset(&err, 0, sizeof err);
    if (wn_subnet_request_parse(cidr, gateway, &req, &err) != WSLNET_E_INVALID_INPUT)
        fail_msg("'%s' gateway '%s' accepted", cidr ? cidr : "(null)", gateway ? gateway : "(null)");
    assert_int_equal(err.status, WSLNET_E_INVALID_INPUT);
    assert_null(strchr(err.message, '\n'));
    if (!strstr(err.message, text))
        fail_msg("'%s': message '%s' lacks '%s'", cidr ? cidr : "(null)", err.message, text);
}

static void request_validation(void **state)
{
    wn_subnet_request req;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_subnet_request_parse("10.250.0.0/20", NULL, &req, &err), WSLNET_OK);
    assert_int_equal(req.network, 0x0AFA0000u);
    assert_int_equal(req.length, 20);
    assert_int_equal(req.gateway, 0x0AFA0001u);
    assert_int_equal(wn_subnet_request_parse("192.168.240.0/24", "192.168.240.254", &req, &err), WSLNET_OK);
    assert_int_equal(req.gateway, 0xC0A8F0FEu);
    assert_int_equal(wn_subnet_request_parse("172.31.0.0/16", NULL, &req, &err), WSLNET_OK);
    expect_invalid("192.168.235.0/20", NULL, "the subnet is 192.168.224.0/20"); /* WSL issue 11148 */
    expect_invalid("10.250.0.0/15", NULL, "/16 to /24");
    expect_invalid("10.250.0.0/25", NULL, "/16 to /24");
    expect_invalid("8.8.0.0/20", NULL, "not a private range");
    expect_invalid("100.64.0.0/20", NULL, "not a private range");
    expect_invalid("172.32.0.0/16", NULL, "not a private range");
    expect_invalid("10.250.0.0", NULL, "a.b.c.d/n");
    expect_invalid("10.250.0.0/20", "0.0.0.0", "not a host address"); /* 0 is "none" in the typed request */
    {
        /* the two halves the CLI and the DLL use (API version 4) */
        uint32_t addr, gw;
        uint8_t len;
        assert_int_equal(wn_subnet_text_parse("10.250.0.1/20", "10.250.0.9", &addr, &len, &gw, &err), WSLNET_OK);
        assert_int_equal(addr, 0x0AFA0001u);
        assert_int_equal(len, 20);
        assert_int_equal(gw, 0x0AFA0009u);
        assert_int_equal(wn_subnet_request_check(addr, len, gw, &req, &err), WSLNET_E_INVALID_INPUT);
        assert_string_equal(err.message, "'10.250.0.1/20' has host bits set: the subnet is 10.250.0.0/20");
        assert_int_equal(wn_subnet_request_check(0x0AFA0000u, 20, 0, &req, &err), WSLNET_OK);
        assert_int_equal(req.gateway, 0x0AFA0001u);
        assert_int_equal(wn_subnet_request_check(0x0AFA0000u, 40, 0, &req, &err), WSLNET_E_INVALID_INPUT);
    }
    expect_invalid("10.250.0.0/020", NULL, "a.b.c.d/n");
    expect_invalid("10.250.0.0/20 ", NULL, "a.b.c.d/n");
    expect_invalid("", NULL, "a.b.c.d/n");
    expect_invalid(NULL, NULL, "a.b.c.d/n");
    expect_invalid("10.250.0.0/20", "10.250.16.1", "not a host address");
    expect_invalid("10.250.0.0/20", "10.250.0.0", "not a host address");
    expect_invalid("10.250.0.0/20", "10.250.15.255", "not a host address");
    expect_invalid("10.250.0.0/20", "10.250.0.1/20", "not an IPv4 address");
}

static void conflicts(void **state)
{
    const uint32_t ifs[] = {17}, addrs[] = {0xAC1C1001u};
    wn_subnet_own own = {ifs, 1, addrs, 1};
    const uint32_t net = 0xAC1C1000u; /* 172.28.16.0/20 */
    wn_route r;
    size_t idx[4];
    wn_route table[6];
    (void)state;
    r = route(0xAC1C1400u, 24, 30);
    assert_true(wn_subnet_route_conflicts(&r, net, 20, &own));
    r = route(0xAC100000u, 12, 30);                 /* around it */
    assert_true(wn_subnet_route_conflicts(&r, net, 20, &own));
    r = route(0xAC1C1400u, 24, 17);                 /* the WSL interface's own */
    assert_false(wn_subnet_route_conflicts(&r, net, 20, &own));
    assert_true(wn_subnet_route_conflicts(&r, net, 20, NULL));
    r = route(0xAC1C1001u, 32, 1);                  /* the host's own address on loopback */
    assert_false(wn_subnet_route_conflicts(&r, net, 20, &own));
    r = route(0xAC1C1FFFu, 32, 1);                  /* the subnet's broadcast */
    assert_false(wn_subnet_route_conflicts(&r, net, 20, &own));
    r = route(0, 0, 5);                             /* default */
    assert_false(wn_subnet_route_conflicts(&r, net, 20, &own));
    r = route(0x80000000u, 1, 30);                  /* full-tunnel half */
    assert_false(wn_subnet_route_conflicts(&r, net, 20, &own));
    r = route(0xA0000000u, 7, 30);                  /* still broad */
    assert_false(wn_subnet_route_conflicts(&r, net, 20, &own));
    r = route(0xAC000000u, 8, 30);                  /* 172/8: counts */
    assert_true(wn_subnet_route_conflicts(&r, net, 20, &own));
    r = route(0xE0000000u, 4, 30);
    assert_false(wn_subnet_route_conflicts(&r, 0xE0000000u, 20, &own));
    table[0] = route(0, 0, 5);
    table[1] = route(0xAC1C1400u, 24, 30);
    table[2] = route(0xC0A80100u, 24, 5);
    table[3] = route(0xAC1C1F00u, 24, 31);
    table[4] = route(0xAC1C1000u, 20, 17);
    table[5] = route(0xAC1C2000u, 20, 30);          /* adjacent */
    assert_int_equal(wn_subnet_conflicts(table, 6, net, 20, &own, idx, 4), 2);
    assert_int_equal(idx[0], 1);
    assert_int_equal(idx[1], 3);
    assert_int_equal(wn_subnet_conflicts(table, 6, net, 20, &own, idx, 1), 2);
}

static void suggest_order(void **state)
{
    wn_route table[4];
    uint32_t net;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_subnet_suggest(NULL, 0, NULL, &net, &err), WSLNET_OK);
    assert_int_equal(net, 0x0AFA0000u);             /* 10.250.0.0 */
    table[0] = route(0x0AFA0000u, 20, 30);
    assert_int_equal(wn_subnet_suggest(table, 1, NULL, &net, &err), WSLNET_OK);
    assert_int_equal(net, 0x0AFA1000u);             /* 10.250.16.0 */
    table[0] = route(0x0A800000u, 9, 30);           /* 10.128/9: all of the first phase */
    assert_int_equal(wn_subnet_suggest(table, 1, NULL, &net, &err), WSLNET_OK);
    assert_int_equal(net, 0xC0A8F000u);             /* 192.168.240.0 */
    table[1] = route(0xC0A88000u, 17, 30);          /* 192.168.128/17 */
    table[2] = route(0xC0A87000u, 20, 30);          /* 192.168.112/20 */
    assert_int_equal(wn_subnet_suggest(table, 3, NULL, &net, &err), WSLNET_OK);
    assert_int_equal(net, 0xAC1F0000u);             /* 172.31.0.0 */
    table[0] = route(0x0A000000u, 8, 30);
    table[1] = route(0xAC100000u, 12, 30);
    table[2] = route(0xC0A80000u, 16, 30);
    assert_int_equal(wn_subnet_suggest(table, 3, NULL, &net, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "every private /20"));
    /* the same routes on the WSL interface are WSL's own: free again */
    {
        const uint32_t ifs[] = {30};
        wn_subnet_own own = {ifs, 1, NULL, 0};
        assert_int_equal(wn_subnet_suggest(table, 3, &own, &net, &err), WSLNET_OK);
    }
}

/* ---------------------------------------------------- property: suggest */

static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* An independent overlap test: address intervals. */
static int intervals_meet(uint32_t a, uint8_t alen, uint32_t b, uint8_t blen)
{
    uint64_t a0 = a & (alen ? 0xFFFFFFFFu << (32 - alen) : 0), a1 = a0 + ((uint64_t)1 << (32 - alen)) - 1;
    uint64_t b0 = b & (blen ? 0xFFFFFFFFu << (32 - blen) : 0), b1 = b0 + ((uint64_t)1 << (32 - blen)) - 1;
    return a0 <= b1 && b0 <= a1;
}

/* What counts, restated: not the WSL interface (index 17), not default or
 * broad, not loopback/multicast. */
static int counts(const wn_route *r)
{
    return r->if_index != 17 && r->length >= 8 && (r->prefix >> 24) != 127 && (r->prefix >> 24) < 224;
}

static uint32_t random_private(void)
{
    switch (rng() % 3) {
    case 0: return 0x0A000000u | (rng() & 0x00FFFFFFu);
    case 1: return 0xAC100000u | (rng() & 0x000FFFFFu);
    default: return 0xC0A80000u | (rng() & 0x0000FFFFu);
    }
}

static void random_table(wn_route *t, size_t *n, size_t max)
{
    size_t i, count = rng() % max;
    for (i = 0; i < count; i++) {
        uint32_t kind = rng() % 10, len;
        if (kind < 6) {
            len = 8 + rng() % 25;                       /* /8../32 inside the private ranges */
            t[i] = route(random_private(), (uint8_t)len, 20 + rng() % 4);
        } else if (kind < 8) {
            len = rng() % 33;                           /* anything, anywhere */
            t[i] = route(rng(), (uint8_t)len, 20 + rng() % 4);
        } else if (kind < 9) {
            t[i] = route(random_private(), (uint8_t)(16 + rng() % 9), 17); /* WSL's own */
        } else {
            static const uint32_t big[][2] = {{0x0A000000u, 8}, {0xAC100000u, 12}, {0xC0A80000u, 16},
                                              {0x0A800000u, 9}, {0x0AC00000u, 10}, {0, 1}, {0x80000000u, 1}};
            uint32_t k = rng() % (sizeof big / sizeof big[0]);
            t[i] = route(big[k][0], (uint8_t)big[k][1], 20 + rng() % 4);
        }
        t[i].prefix &= t[i].length ? 0xFFFFFFFFu << (32 - t[i].length) : 0;
    }
    *n = count;
}

static int any_private_20_free(const wn_route *t, size_t n)
{
    static const uint32_t bases[][2] = {{0x0A000000u, 4096}, {0xAC100000u, 256}, {0xC0A80000u, 16}};
    size_t b, k, i;
    for (b = 0; b < 3; b++)
        for (k = 0; k < bases[b][1]; k++) {
            uint32_t cand = bases[b][0] + (uint32_t)k * 4096u;
            int hit = 0;
            for (i = 0; i < n && !hit; i++)
                hit = counts(&t[i]) && intervals_meet(t[i].prefix, t[i].length, cand, 20);
            if (!hit)
                return 1;
        }
    return 0;
}

static void suggest_never_overlaps(void **state)
{
    const uint32_t ifs[] = {17};
    wn_subnet_own own = {ifs, 1, NULL, 0};
    wn_route t[96];
    size_t n, i, iter, found = 0, none = 0;
    (void)state;
    rng_state = 0x5eed15ull;                            /* seeded: the same tables every run */
    for (iter = 0; iter < 3000; iter++) {
        uint32_t net = 0;
        wslnet_error err;
        wslnet_status st;
        random_table(t, &n, iter % 4 == 0 ? 64 : 24);
        st = wn_subnet_suggest(t, n, &own, &net, &err);
        if (st == WSLNET_OK) {
            found++;
            if (!wn_subnet_is_private(net, 20) || (net & 0xFFFu) != 0)
                fail_msg("iteration %lu: suggestion %08x is not a private /20", (unsigned long)iter, (unsigned)net);
            for (i = 0; i < n; i++)
                if (counts(&t[i]) && intervals_meet(t[i].prefix, t[i].length, net, 20))
                    fail_msg("iteration %lu: suggestion %08x/20 overlaps route %08x/%u", (unsigned long)iter, (unsigned)net,
                             (unsigned)t[i].prefix, (unsigned)t[i].length);
        } else {
            none++;
            assert_int_equal(st, WSLNET_E_NOT_FOUND);
            if (any_private_20_free(t, n))
                fail_msg("iteration %lu: nothing suggested though a private /20 is free", (unsigned long)iter);
        }
    }
    /* both outcomes were exercised */
    assert_true(found > 500);
    assert_true(none > 10);
}

static void plan(void **state)
{
    wn_subnet_request req = {0x0AFA0000u, 20, 0x0AFA0001u};
    wn_subnet_registry reg = {NULL, NULL};
    wn_subnet_plan p;
    (void)state;
    wn_subnet_plan_make(&req, &reg, &p);
    assert_int_equal(p.change_count, 2);
    assert_string_equal(p.writes[0].name, "NatNetwork");
    assert_string_equal(p.writes[0].new_value, "10.250.0.0/20");
    assert_false(p.writes[0].existed);
    assert_string_equal(p.writes[1].name, "NatGatewayIpAddress");
    assert_string_equal(p.writes[1].new_value, "10.250.0.1");
    reg.network = "10.250.0.0/20";
    reg.gateway = "10.250.0.1";
    wn_subnet_plan_make(&req, &reg, &p);
    assert_int_equal(p.change_count, 0);
    assert_false(p.writes[0].change || p.writes[1].change);
    reg.network = "172.28.16.0/20";
    wn_subnet_plan_make(&req, &reg, &p);
    assert_int_equal(p.change_count, 1);
    assert_true(p.writes[0].change);
    assert_true(p.writes[0].existed);
    assert_string_equal(p.writes[0].old_value, "172.28.16.0/20");
    assert_false(p.writes[1].change);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(basics),         cmocka_unit_test(request_validation),
        cmocka_unit_test(conflicts),      cmocka_unit_test(suggest_order),
        cmocka_unit_test(suggest_never_overlaps), cmocka_unit_test(plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
