/* Unit tests: host firewall rules for proxies (--profile, --remote, names). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "hostfw.h"

/* ---- --profile */

static void profiles_default_and_each(void **state)
{
    unsigned p = 99;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_hostfw_profiles_parse(NULL, &p, &err), WSLNET_OK);
    assert_int_equal(p, 0x3u);
    assert_int_equal(wn_hostfw_profiles_parse("domain", &p, &err), WSLNET_OK);
    assert_int_equal(p, 0x1u);
    assert_int_equal(wn_hostfw_profiles_parse("private", &p, &err), WSLNET_OK);
    assert_int_equal(p, 0x2u);
    assert_int_equal(wn_hostfw_profiles_parse("public", &p, &err), WSLNET_OK);
    assert_int_equal(p, 0x4u);
    assert_int_equal(wn_hostfw_profiles_parse("Public, DOMAIN", &p, &err), WSLNET_OK);
    assert_int_equal(p, 0x5u);
    assert_int_equal(wn_hostfw_profiles_parse("domain,private,public", &p, &err), WSLNET_OK);
    assert_int_equal(p, 0x7u);
    assert_int_equal(wn_hostfw_profiles_parse("any", &p, &err), WSLNET_OK);
    assert_int_equal(p, 0x7FFFFFFFu);
    assert_int_equal(wn_hostfw_profiles_parse(" ANY ", &p, &err), WSLNET_OK);
    assert_int_equal(p, 0x7FFFFFFFu);
}

static void profiles_rejected(void **state)
{
    static const char *const bad[] = {
        "", " ", ",", "private,", ",private", "private,,domain", "home", "all", "2",
        "private,private", "any,private", "domain,any", "any,any", "privat", "private domain",
        "priv\x01te"};
    unsigned p = 12345;
    wslnet_error err;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&err, 0, sizeof err);
        if (wn_hostfw_profiles_parse(bad[i], &p, &err) != WSLNET_E_INVALID_INPUT)
            fail_msg("--profile '%s' should be rejected", bad[i]);
        assert_int_equal(err.status, WSLNET_E_INVALID_INPUT);
        assert_non_null(strstr(err.message, "profiles"));
        assert_null(strchr(err.message, '\n'));
        assert_null(strchr(err.message, '\x01'));
        assert_int_equal(p, 12345);
    }
}

static void profiles_format_and_valid(void **state)
{
    char buf[WN_HOSTFW_PROFILES_TEXT_MAX];
    unsigned p, back;
    wslnet_error err;
    (void)state;
    wn_hostfw_profiles_format(0x3u, buf, sizeof buf);
    assert_string_equal(buf, "domain,private");
    wn_hostfw_profiles_format(0x4u, buf, sizeof buf);
    assert_string_equal(buf, "public");
    wn_hostfw_profiles_format(0x7FFFFFFFu, buf, sizeof buf);
    assert_string_equal(buf, "any");
    wn_hostfw_profiles_format(0, buf, sizeof buf);
    assert_string_equal(buf, "");
    wn_hostfw_profiles_format(0x8u, buf, sizeof buf);
    assert_string_equal(buf, "");
    assert_false(wn_hostfw_profiles_valid(0));
    assert_false(wn_hostfw_profiles_valid(0x9u));
    assert_false(wn_hostfw_profiles_valid(0xFFFFFFFFu));
    assert_true(wn_hostfw_profiles_valid(0x7u));
    /* every valid set formats to text that parses back to it */
    for (p = 1; p <= 7; p++) {
        wn_hostfw_profiles_format(p, buf, sizeof buf);
        assert_int_equal(wn_hostfw_profiles_parse(buf, &back, &err), WSLNET_OK);
        assert_int_equal(back, p);
    }
}

/* ---- --remote */

static void expect_remote(const char *in, const char *want)
{
    char out[WN_HOSTFW_REMOTE_MAX];
    wslnet_error err;
    memset(&err, 0, sizeof err);
    if (wn_hostfw_remote_parse(in, out, sizeof out, &err) != WSLNET_OK)
        fail_msg("--remote '%s' rejected: %s", in ? in : "(null)", err.message);
    assert_string_equal(out, want);
}

static void remote_accepted(void **state)
{
    (void)state;
    expect_remote(NULL, "LocalSubnet");
    expect_remote("localsubnet", "LocalSubnet");
    expect_remote("dns,DHCP, wins ,defaultgateway", "DNS,DHCP,WINS,DefaultGateway");
    expect_remote("any", "*");
    expect_remote("*", "*");
    expect_remote(" Any ", "*");
    expect_remote("192.168.1.10", "192.168.1.10");
    expect_remote("0.0.0.0", "0.0.0.0");
    expect_remote("192.168.1.0/24", "192.168.1.0/24");
    expect_remote("10.0.0.0/0", "10.0.0.0/0");
    expect_remote("10.0.0.1/32", "10.0.0.1/32");
    expect_remote("10.0.0.0/255.255.255.0", "10.0.0.0/255.255.255.0");
    expect_remote("10.0.0.0/0.0.0.0", "10.0.0.0/0.0.0.0");
    expect_remote("10.0.0.0/255.255.255.255", "10.0.0.0/255.255.255.255");
    expect_remote("10.0.0.1-10.0.0.9", "10.0.0.1-10.0.0.9");
    expect_remote("10.0.0.1-10.0.0.1", "10.0.0.1-10.0.0.1");
    expect_remote("fe80::1", "fe80::1");
    expect_remote("FE80::1", "FE80::1");
    expect_remote("2001:db8::/32", "2001:db8::/32");
    expect_remote("::/0", "::/0");
    expect_remote("::1/128", "::1/128");
    expect_remote("fe80::1-fe80::9", "fe80::1-fe80::9");
    expect_remote("::ffff:10.0.0.1", "::ffff:10.0.0.1");
    expect_remote("LocalSubnet,192.168.1.0/24,fd00::/8,10.1.1.1-10.1.1.5",
                  "LocalSubnet,192.168.1.0/24,fd00::/8,10.1.1.1-10.1.1.5");
}

static void remote_rejected(void **state)
{
    static const char *const bad[] = {
        "", " ", ",", "LocalSubnet,", ",DNS", "DNS,,WINS", "Internet", "LocalSubnet4",
        "Intranet", "localhost", "example.com", "256.0.0.1", "10.0.0", "010.0.0.1",
        "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/024", "10.0.0.0/-1", "10.0.0.0/255.0.255.0",
        "10.0.0.0/255.255.255.1", "2001:db8::/129", "2001:db8::/255.255.255.0",
        "10.0.0.9-10.0.0.1", "fe80::9-fe80::1", "10.0.0.1-fe80::1", "10.0.0.1-",
        "-10.0.0.1", "10.0.0.1-10.0.0.2-10.0.0.3", "10.0.0.0/24-10.0.0.9", "[fe80::1]",
        "fe80::1%5", "fe80::1/64/64", "any,DNS", "DNS,*", "any,any", "*,*", "DNS,dns",
        "10.0.0.1,10.0.0.1", "10.0.0.1 10.0.0.2", "10.0.0.1;10.0.0.2", "DN\x01S"};
    char out[WN_HOSTFW_REMOTE_MAX];
    wslnet_error err;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&err, 0, sizeof err);
        if (wn_hostfw_remote_parse(bad[i], out, sizeof out, &err) != WSLNET_E_INVALID_INPUT)
            fail_msg("--remote '%s' should be rejected, got '%s'", bad[i], out);
        assert_non_null(strstr(err.message, "remote"));
        assert_null(strchr(err.message, '\n'));
        assert_null(strchr(err.message, '\x01'));
    }
}

static void remote_too_long(void **state)
{
    char in[2048], out[WN_HOSTFW_REMOTE_MAX], small[16];
    wslnet_error err;
    size_t n = 0;
    unsigned i;
    (void)state;
    /* 60 distinct addresses "10.0.0.N" / "10.0.1.N": about 600 characters */
    for (i = 0; i < 60; i++)
        n += (size_t)snprintf(in + n, sizeof in - n, "%s10.0.%u.%u", i ? "," : "", i / 50, i % 50 + 1);
    assert_int_equal(wn_hostfw_remote_parse(in, out, sizeof out, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "too long"));
    /* exactly filling the buffer is fine; one byte less is not */
    assert_int_equal(wn_hostfw_remote_parse("10.0.0.1,DNS", small, 13, &err), WSLNET_OK);
    assert_string_equal(small, "10.0.0.1,DNS");
    assert_int_equal(wn_hostfw_remote_parse("10.0.0.1,DNS", small, 12, &err), WSLNET_E_INVALID_INPUT);
}

/* ---- names */

static void names_valid(void **state)
{
    char longname[300];
    (void)state;
    assert_true(wn_hostfw_name_valid("wslnet proxy v4tov4 0.0.0.0:8080"));
    assert_false(wn_hostfw_name_valid(""));
    assert_false(wn_hostfw_name_valid("all"));
    assert_false(wn_hostfw_name_valid("ALL"));
    assert_true(wn_hostfw_name_valid("all rules"));
    assert_false(wn_hostfw_name_valid("a|b"));
    assert_false(wn_hostfw_name_valid("a\nb"));
    memset(longname, 'x', 255);
    longname[255] = '\0';
    assert_true(wn_hostfw_name_valid(longname));
    memset(longname, 'x', 256);
    longname[256] = '\0';
    assert_false(wn_hostfw_name_valid(longname));
}

static void proxy_rule_names(void **state)
{
    char name[WN_HOSTFW_NAME_MAX], desc[WN_HOSTFW_DESCRIPTION_MAX];
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_hostfw_proxy_rule_name(WN_PP_V4TOV4, "0.0.0.0", 8080, name, sizeof name, &err),
                     WSLNET_OK);
    assert_string_equal(name, "wslnet proxy v4tov4 0.0.0.0:8080");
    assert_true(wn_hostfw_name_valid(name));
    assert_int_equal(wn_hostfw_proxy_rule_name(WN_PP_V4TOV6, "*", 1, name, sizeof name, &err), WSLNET_OK);
    assert_string_equal(name, "wslnet proxy v4tov6 *:1");
    assert_int_equal(wn_hostfw_proxy_rule_name(WN_PP_V6TOV4, "FE80::A", 65535, name, sizeof name, &err),
                     WSLNET_OK);
    assert_string_equal(name, "wslnet proxy v6tov4 [fe80::a]:65535");
    assert_int_equal(wn_hostfw_proxy_rule_name(WN_PP_V6TOV6, "::", 443, name, sizeof name, &err), WSLNET_OK);
    assert_string_equal(name, "wslnet proxy v6tov6 [::]:443");
    assert_int_equal(wn_hostfw_proxy_rule_description(WN_PP_V4TOV4, "192.168.1.5", 8080, desc,
                                                      sizeof desc, &err),
                     WSLNET_OK);
    assert_string_equal(desc, "Inbound TCP 8080 for the wslnet port proxy v4tov4 192.168.1.5:8080. "
                              "Managed by wslnet: change it with wslnet proxy.");
    assert_null(strchr(desc, '|'));
}

static void proxy_rule_names_rejected(void **state)
{
    char name[WN_HOSTFW_NAME_MAX];
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_hostfw_proxy_rule_name(WN_PP_V4TOV4, "::", 80, name, sizeof name, &err),
                     WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hostfw_proxy_rule_name(WN_PP_V6TOV6, "0.0.0.0", 80, name, sizeof name, &err),
                     WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hostfw_proxy_rule_name(WN_PP_V4TOV4, "0.0.0.0", 0, name, sizeof name, &err),
                     WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hostfw_proxy_rule_name(WN_PP_V4TOV4, "host.example", 80, name, sizeof name, &err),
                     WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hostfw_proxy_rule_name(WN_PP_KIND_COUNT, "0.0.0.0", 80, name, sizeof name, &err),
                     WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hostfw_proxy_rule_description(WN_PP_V4TOV4, "", 80, name, sizeof name, &err),
                     WSLNET_E_INVALID_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(profiles_default_and_each),
        cmocka_unit_test(profiles_rejected),
        cmocka_unit_test(profiles_format_and_valid),
        cmocka_unit_test(remote_accepted),
        cmocka_unit_test(remote_rejected),
        cmocka_unit_test(remote_too_long),
        cmocka_unit_test(names_valid),
        cmocka_unit_test(proxy_rule_names),
        cmocka_unit_test(proxy_rule_names_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
