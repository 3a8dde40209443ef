/* Unit tests: strict IPv4 parsing, subnets; IPv6 canonical text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ipv4.h"
#include "ipv6.h"

#include <string.h>

static void parses_valid(void **state)
{
    uint32_t a;
    (void)state;
    assert_true(wn_ipv4_parse("172.28.20.5", &a));
    assert_int_equal(a, 0xAC1C1405u);
    assert_true(wn_ipv4_parse("0.0.0.0", &a));
    assert_int_equal(a, 0);
    assert_true(wn_ipv4_parse("255.255.255.255", &a));
    assert_int_equal(a, 0xFFFFFFFFu);
}

static void rejects_invalid(void **state)
{
    static const char *const bad[] = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
                                      "1.2.3.4 ", " 1.2.3.4", "1..3.4", "a.b.c.d", "1.2.3.-4",
                                      "fe80::1", "1.2.3.4/20", "1.2.3.4x", "9999999999.1.1.1"};
    uint32_t a;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(wn_ipv4_parse(bad[i], &a));
}

static void parses_cidr(void **state)
{
    uint32_t a;
    uint8_t p;
    (void)state;
    assert_true(wn_ipv4_parse_cidr("172.28.16.0/20", &a, &p));
    assert_int_equal(a, 0xAC1C1000u);
    assert_int_equal(p, 20);
    assert_true(wn_ipv4_parse_cidr("10.0.0.0/0", &a, &p));
    assert_int_equal(p, 0);
    assert_false(wn_ipv4_parse_cidr("10.0.0.0/33", &a, &p));
    assert_false(wn_ipv4_parse_cidr("10.0.0.0/", &a, &p));
    assert_false(wn_ipv4_parse_cidr("10.0.0.0", &a, &p));
    assert_false(wn_ipv4_parse_cidr("10.0.0.0/2x", &a, &p));
    assert_false(wn_ipv4_parse_cidr("10.0.0.0/123", &a, &p));
}

static void subnets_and_format(void **state)
{
    char buf[16];
    (void)state;
    assert_true(wn_ipv4_same_subnet(0xAC1C1405u, 0xAC1C1001u, 20));
    assert_false(wn_ipv4_same_subnet(0xAC1D1405u, 0xAC1C1001u, 20));
    assert_true(wn_ipv4_same_subnet(1, 2, 0));
    assert_false(wn_ipv4_same_subnet(1, 1, 33));
    assert_true(wn_ipv4_same_subnet(5, 5, 32));
    wn_ipv4_format(0xAC1C1405u, buf, sizeof buf);
    assert_string_equal(buf, "172.28.20.5");
    assert_false(wn_ipv4_is_unicast_host(0x7F000001u));
    assert_false(wn_ipv4_is_unicast_host(0xE0000001u));
    assert_false(wn_ipv4_is_unicast_host(0xA9FE0101u));
    assert_false(wn_ipv4_is_unicast_host(0));
    assert_true(wn_ipv4_is_unicast_host(0xAC1C1405u));
}

/* RFC 5952 section 4 forms, each read back by the strict parser. */
static void ipv6_canonical_text(void **state)
{
    static const char *const cases[][2] = {
        {"::", "::"},
        {"0:0:0:0:0:0:0:1", "::1"},
        {"FE80:0000:0:0:0:0:0:0001", "fe80::1"},
        {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},       /* first of two equal runs */
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},   /* one zero group stays */
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},            /* the longer run */
        {"1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"},
        {"1:0:0:0:0:0:0:0", "1::"},
        {"::ffff:192.168.1.2", "::ffff:c0a8:102"},
    };
    char buf[WN_IPV6_TEXT_MAX + 1];
    uint8_t a[16], b[16];
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_true(wn_ipv6_parse(cases[i][0], a));
        wn_ipv6_format(a, buf, sizeof buf);
        assert_string_equal(buf, cases[i][1]);
        assert_true(wn_ipv6_parse(buf, b));
        assert_memory_equal(a, b, 16);
    }
    memset(a, 0xff, sizeof a);
    wn_ipv6_format(a, buf, sizeof buf);
    assert_string_equal(buf, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_valid),
        cmocka_unit_test(rejects_invalid),
        cmocka_unit_test(parses_cidr),
        cmocka_unit_test(subnets_and_format),
        cmocka_unit_test(ipv6_canonical_text),
    };
    return cmocka_run_group_tests_name("ipv4", tests, NULL, NULL);
}
