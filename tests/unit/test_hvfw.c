/* Unit tests: Hyper-V firewall validators, rule model, planners and output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hvfw_plan.h"
#include "hvfw_report.h"

#define WSL WSLNET_HVFW_WSL_VM_CREATOR

/* The list text joined by commas ("" for any), in a static buffer. */
static const char *joined(const wslnet_hvfw_strings *l)
{
    static char buf[512];
    size_t i, pos = 0;
    buf[0] = '\0';
    for (i = 0; i < l->count; i++)
        pos += (size_t)snprintf(buf + pos, sizeof buf - pos, "%s%s", i ? "," : "", l->items[i]);
    return buf;
}

/* The typed list formatted back as WMI's text, joined by commas ("" for
 * any), in a static buffer. */
static const char *ports_text(const wslnet_hvfw_port_range *r, size_t n)
{
    static char buf[512];
    size_t i, pos = 0;
    buf[0] = '\0';
    for (i = 0; i < n; i++) {
        char one[16];
        wn_hvfw_port_format(&r[i], one, sizeof one);
        pos += (size_t)snprintf(buf + pos, sizeof buf - pos, "%s%s", i ? "," : "", one);
    }
    return buf;
}

static void ports_ok(const char *text, const char *want)
{
    wslnet_hvfw_port_range *l = NULL;
    size_t n = 99;
    wslnet_error err;
    if (wn_hvfw_port_list_parse(text, "local_ports", &l, &n, &err) != WSLNET_OK)
        fail_msg("ports '%s' refused: %s", text, err.message);
    assert_string_equal(ports_text(l, n), want);
    free(l);
}

static void ports_bad(const char *text, const char *message_part)
{
    wslnet_hvfw_port_range *l = NULL;
    size_t n = 99;
    wslnet_error err;
    if (wn_hvfw_port_list_parse(text, "local_ports", &l, &n, &err) != WSLNET_E_INVALID_INPUT)
        fail_msg("ports '%s' accepted", text);
    assert_null(l);
    assert_int_equal(n, 0);
    if (!strstr(err.message, message_part))
        fail_msg("ports '%s': message '%s' lacks '%s'", text, err.message, message_part);
}

static void ports(void **state)
{
    (void)state;
    ports_ok("80", "80");
    ports_ok("1", "1");
    ports_ok("65535", "65535");
    ports_ok("80,443,8000-8080", "80,443,8000-8080");
    ports_ok("5-5", "5");   /* one port: the value is the same as "5" */
    ports_ok("any", "");
    ports_ok("ANY", "");
    ports_bad("0", "not a port");
    ports_bad("65536", "not a port");
    ports_bad("080", "not a port");
    ports_bad("+80", "not a port");
    ports_bad(" 80", "not a port");
    ports_bad("80 ", "not a port");
    ports_bad("-80", "not a port");
    ports_bad("80-", "not a port");
    ports_bad("1-2-3", "not a port");
    ports_bad("0-65535", "not a port");
    ports_bad("2000-1000", "runs backwards (write 1000-2000)");
    ports_bad("80,,81", "empty item");
    ports_bad("80,", "empty item");
    ports_bad(",80", "empty item");
    ports_bad("", "is empty");
    ports_bad("80,any", "any stands alone");
    ports_bad("RPC", "not a port");
    ports_bad("99999999999999999999", "not a port");
}

static void port_values(void **state)
{
    wslnet_hvfw_port_range r;
    wslnet_hvfw_strings a = {0, NULL}, b = {0, NULL};
    wslnet_error err;
    (void)state;
    r.first = 80, r.last = 80;
    assert_int_equal(wn_hvfw_port_range_check(&r, "local_ports", &err), WSLNET_OK);
    r.first = 0;
    assert_int_equal(wn_hvfw_port_range_check(&r, "local_ports", &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "local_ports"));
    r.first = 81;
    assert_int_equal(wn_hvfw_port_range_check(&r, "remote_ports", &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "remote_ports"));
    /* stored lists compare by value: "5-5" is port 5 */
    assert_int_equal(wn_hvfw_strings_push(&a, "5-5", 3, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_strings_push(&b, "5", 1, &err), WSLNET_OK);
    assert_true(wn_hvfw_ports_same(&a, &b));
    assert_int_equal(wn_hvfw_strings_push(&b, "6", 1, &err), WSLNET_OK);
    assert_false(wn_hvfw_ports_same(&a, &b));
    wn_hvfw_strings_clear(&a);
    wn_hvfw_strings_clear(&b);
}

static const char *addresses_text(const wslnet_hvfw_address *l, size_t n)
{
    static char buf[1024];
    size_t i, pos = 0;
    buf[0] = '\0';
    for (i = 0; i < n; i++) {
        char one[WN_HVFW_ADDRESS_TEXT_MAX + 1];
        wn_hvfw_address_format(&l[i], one, sizeof one);
        pos += (size_t)snprintf(buf + pos, sizeof buf - pos, "%s%s", i ? "," : "", one);
    }
    return buf;
}

static void addresses_ok(const char *text, const char *want)
{
    wslnet_hvfw_address *l = NULL, *again = NULL;
    size_t n = 99, m = 99, i;
    wslnet_error err;
    char canonical[1024];
    if (wn_hvfw_address_list_parse(text, "remote_addresses", &l, &n, &err) != WSLNET_OK)
        fail_msg("addresses '%s' refused: %s", text, err.message);
    for (i = 0; i < n; i++)
        assert_int_equal(wn_hvfw_address_check(&l[i], "remote_addresses", &err), WSLNET_OK);
    assert_string_equal(addresses_text(l, n), want);
    /* the canonical text reads back as the same values */
    strcpy(canonical, want);
    if (n) {
        assert_int_equal(wn_hvfw_address_list_parse(canonical, "x", &again, &m, &err), WSLNET_OK);
        assert_int_equal(m, n);
        for (i = 0; i < n; i++)
            assert_true(wn_hvfw_address_equal(&l[i], &again[i]));
    }
    free(again);
    free(l);
}

static void addresses_bad(const char *text, const char *message_part)
{
    wslnet_hvfw_address *l = NULL;
    size_t n = 99;
    wslnet_error err;
    if (wn_hvfw_address_list_parse(text, "remote_addresses", &l, &n, &err) != WSLNET_E_INVALID_INPUT)
        fail_msg("addresses '%s' accepted", text);
    assert_null(l);
    assert_int_equal(n, 0);
    if (!strstr(err.message, message_part))
        fail_msg("addresses '%s': message '%s' lacks '%s'", text, err.message, message_part);
}

static void addresses(void **state)
{
    (void)state;
    addresses_ok("10.0.0.1", "10.0.0.1");
    addresses_ok("10.0.0.0/8,192.168.1.0/24,0.0.0.0/0", "10.0.0.0/8,192.168.1.0/24,0.0.0.0/0");
    addresses_ok("1.2.3.4/255.255.255.0", "1.2.3.4/24");   /* mask stored as prefix */
    addresses_ok("1.2.3.4/255.255.255.255", "1.2.3.4/32");
    addresses_ok("1.2.3.4/0.0.0.0", "1.2.3.4/0");
    addresses_ok("10.0.0.1-10.0.0.9,10.0.0.5-10.0.0.5", "10.0.0.1-10.0.0.9,10.0.0.5-10.0.0.5");
    addresses_ok("fe80::1", "fe80::1");
    addresses_ok("2001:db8::/32,::/0,::1/128", "2001:db8::/32,::/0,::1/128");
    addresses_ok("fe80::1-fe80::9", "fe80::1-fe80::9");
    addresses_ok("::ffff:1.2.3.4", "::ffff:102:304");     /* RFC 5952: no dotted tail */
    addresses_ok("FE80:0:0::0001,2001:DB8::/48", "fe80::1,2001:db8::/48");
    addresses_ok("10.1.2.3/16", "10.1.2.3/16");           /* host bits kept, as given */
    addresses_ok("Any", "");
    addresses_bad("10.0.0.256", "not an IPv4/IPv6 address");
    addresses_bad("10.0.0", "not an IPv4/IPv6 address");
    addresses_bad("010.0.0.1", "not an IPv4/IPv6 address");
    addresses_bad("10.0.0.0/33", "not an IPv4/IPv6 address");
    addresses_bad("10.0.0.0/08", "not an IPv4/IPv6 address");
    addresses_bad("10.0.0.0/", "not an IPv4/IPv6 address");
    addresses_bad("10.0.0.0/255.0.255.0", "not an IPv4/IPv6 address");  /* not contiguous */
    addresses_bad("fe80::/129", "not an IPv4/IPv6 address");
    addresses_bad("fe80::1/ffff::", "not an IPv4/IPv6 address");
    addresses_bad("fe80::1%5", "not an IPv4/IPv6 address");
    addresses_bad("10.0.0.9-10.0.0.1", "runs backwards");
    addresses_bad("fe80::9-fe80::1", "runs backwards");
    addresses_bad("10.0.0.1-fe80::1", "mixes IPv4 and IPv6");
    addresses_bad("10.0.0.0/8-10.0.0.9", "not an IPv4/IPv6 address");
    addresses_bad("LocalSubnet", "host firewall keyword");
    addresses_bad("dns", "host firewall keyword");
    addresses_bad("example.com", "not an IPv4/IPv6 address");
    addresses_bad("1.2.3.4,,5.6.7.8", "empty item");
    addresses_bad("any,1.2.3.4", "any stands alone");
}

static void address_values(void **state)
{
    wslnet_hvfw_address a;
    wslnet_hvfw_strings x = {0, NULL}, y = {0, NULL};
    wslnet_error err;
    (void)state;
    memset(&a, 0, sizeof a);
    assert_int_equal(wn_hvfw_address_check(&a, "local_addresses", &err), WSLNET_E_INVALID_INPUT); /* family 0 */
    assert_non_null(strstr(err.message, "local_addresses"));
    a.address.family = 4;
    a.address.bytes[0] = 10;
    assert_int_equal(wn_hvfw_address_check(&a, "local_addresses", &err), WSLNET_OK);
    a.kind = WSLNET_HVFW_ADDRESS_SUBNET;
    a.prefix = 33;
    assert_int_equal(wn_hvfw_address_check(&a, "local_addresses", &err), WSLNET_E_INVALID_INPUT);
    a.prefix = 8;
    assert_int_equal(wn_hvfw_address_check(&a, "local_addresses", &err), WSLNET_OK);
    a.kind = WSLNET_HVFW_ADDRESS_RANGE;   /* last: family 0 */
    assert_int_equal(wn_hvfw_address_check(&a, "local_addresses", &err), WSLNET_E_INVALID_INPUT);
    a.last = a.address;
    assert_int_equal(wn_hvfw_address_check(&a, "local_addresses", &err), WSLNET_OK);
    a.address.bytes[3] = 1;               /* backwards */
    assert_int_equal(wn_hvfw_address_check(&a, "local_addresses", &err), WSLNET_E_INVALID_INPUT);
    a.kind = (wslnet_hvfw_address_kind)7;
    assert_int_equal(wn_hvfw_address_check(&a, "local_addresses", &err), WSLNET_E_INVALID_INPUT);
    /* stored lists compare by value */
    assert_int_equal(wn_hvfw_strings_push(&x, "FE80::0001", 10, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_strings_push(&x, "10.0.0.0/255.0.0.0", 18, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_strings_push(&y, "fe80::1", 7, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_strings_push(&y, "10.0.0.0/8", 10, &err), WSLNET_OK);
    assert_true(wn_hvfw_addresses_same(&x, &y));
    wn_hvfw_strings_clear(&y);
    assert_int_equal(wn_hvfw_strings_push(&y, "fe80::1", 7, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_strings_push(&y, "10.0.0.0/9", 10, &err), WSLNET_OK);
    assert_false(wn_hvfw_addresses_same(&x, &y));
    wn_hvfw_strings_clear(&x);
    wn_hvfw_strings_clear(&y);
}

static void protocol_guid_profiles(void **state)
{
    char p[8];
    int v;
    wslnet_hvfw_direction d;
    wslnet_hvfw_action act;
    wslnet_hvfw_bool flag;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_hvfw_protocol_parse("tcp", &v, &err), WSLNET_OK);
    assert_int_equal(v, 6);
    assert_int_equal(wn_hvfw_protocol_parse("UDP", &v, &err), WSLNET_OK);
    assert_int_equal(v, 17);
    assert_int_equal(wn_hvfw_protocol_parse("IcmpV4", &v, &err), WSLNET_OK);
    assert_int_equal(v, 1);
    assert_int_equal(wn_hvfw_protocol_parse("58", &v, &err), WSLNET_OK);
    wn_hvfw_protocol_format(v, p, sizeof p);
    assert_string_equal(p, "ICMPv6");
    assert_int_equal(wn_hvfw_protocol_parse("6", &v, &err), WSLNET_OK);
    wn_hvfw_protocol_format(v, p, sizeof p);
    assert_string_equal(p, "TCP");
    assert_int_equal(wn_hvfw_protocol_parse("47", &v, &err), WSLNET_OK);
    wn_hvfw_protocol_format(v, p, sizeof p);
    assert_string_equal(p, "47");
    assert_int_equal(wn_hvfw_protocol_parse("0", &v, &err), WSLNET_OK);
    wn_hvfw_protocol_format(v, p, sizeof p);
    assert_string_equal(p, "0");
    assert_int_equal(wn_hvfw_protocol_parse("any", &v, &err), WSLNET_OK);
    assert_int_equal(v, WSLNET_HVFW_PROTOCOL_ANY);
    wn_hvfw_protocol_format(v, p, sizeof p);
    assert_string_equal(p, "");
    assert_int_equal(wn_hvfw_protocol_parse("256", &v, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_protocol_parse("06", &v, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_protocol_parse("sctp", &v, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_protocol_parse("", &v, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_protocol_check(255, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_protocol_check(WSLNET_HVFW_PROTOCOL_ANY, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_protocol_check(-1, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "protocol"));
    assert_int_equal(wn_hvfw_protocol_check(257, &err), WSLNET_E_INVALID_INPUT);
    assert_true(wn_hvfw_protocol_has_ports(WSLNET_HVFW_PROTOCOL_TCP));
    assert_true(wn_hvfw_protocol_has_ports(WSLNET_HVFW_PROTOCOL_UDP));
    assert_false(wn_hvfw_protocol_has_ports(WSLNET_HVFW_PROTOCOL_ICMPV4));
    assert_false(wn_hvfw_protocol_has_ports(WSLNET_HVFW_PROTOCOL_ANY));

    assert_true(wn_hvfw_guid_valid(WSL));
    assert_true(wn_hvfw_guid_valid("{40e0ac32-46a5-438a-a0b2-2b479e8f2e90}"));
    assert_false(wn_hvfw_guid_valid("40E0AC32-46A5-438A-A0B2-2B479E8F2E90"));     /* braces required */
    assert_false(wn_hvfw_guid_valid("{40E0AC32-46A5-438A-A0B2-2B479E8F2E90"));
    assert_false(wn_hvfw_guid_valid("{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}x"));
    assert_false(wn_hvfw_guid_valid("{40E0AC3246A5-438A-A0B2-2B479E8F2E90a}"));
    assert_false(wn_hvfw_guid_valid("{G0E0AC32-46A5-438A-A0B2-2B479E8F2E90}"));
    assert_false(wn_hvfw_guid_valid(""));

    assert_int_equal(wn_hvfw_profiles_parse("any", &v, &err), WSLNET_OK);
    assert_int_equal(v, 0);
    assert_int_equal(wn_hvfw_profiles_parse("domain,private,public", &v, &err), WSLNET_OK);
    assert_int_equal(v, 7);
    assert_int_equal(wn_hvfw_profiles_parse("Private", &v, &err), WSLNET_OK);
    assert_int_equal(v, 2);
    assert_int_equal(wn_hvfw_profiles_parse("public,public", &v, &err), WSLNET_OK);
    assert_int_equal(v, 4);
    assert_int_equal(wn_hvfw_profiles_parse("any,private", &v, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_profiles_parse("private,", &v, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_profiles_parse("home", &v, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_profiles_parse("", &v, &err), WSLNET_E_INVALID_INPUT);

    assert_int_equal(wn_hvfw_direction_parse("in", &d, &err), WSLNET_OK);
    assert_int_equal(d, WSLNET_HVFW_DIRECTION_IN);
    assert_int_equal(wn_hvfw_direction_parse("Outbound", &d, &err), WSLNET_OK);
    assert_int_equal(d, WSLNET_HVFW_DIRECTION_OUT);
    assert_int_equal(wn_hvfw_direction_parse("both", &d, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_action_parse("block", &act, &err), WSLNET_OK);
    assert_int_equal(act, WSLNET_HVFW_ACTION_BLOCK);
    assert_int_equal(wn_hvfw_action_wmi(act), 4);
    assert_int_equal(wn_hvfw_action_parse("notconfigured", &act, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_default_action_parse("notconfigured", "default_inbound", &act, &err), WSLNET_OK);
    assert_int_equal(act, WSLNET_HVFW_ACTION_NOT_CONFIGURED);
    assert_int_equal(wn_hvfw_action_wmi(act), 0);
    assert_int_equal(wn_hvfw_action_wmi(WSLNET_HVFW_ACTION_DEFAULT), WSLNET_HVFW_UNSET);
    assert_int_equal(wn_hvfw_rule_enabled_parse("false", &flag, &err), WSLNET_OK);
    assert_int_equal(flag, WSLNET_HVFW_BOOL_FALSE);
    assert_int_equal(wn_hvfw_tristate_parse("false", "loopback", &flag, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_tristate_wmi(flag), 0);
    assert_int_equal(wn_hvfw_tristate_parse("NotConfigured", "loopback", &flag, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_tristate_wmi(flag), 2);
    assert_int_equal(wn_hvfw_tristate_parse("yes", "loopback", &flag, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "loopback"));
}

static void names(void **state)
{
    char n[WN_HVFW_NAME_MAX + 1], long_name[300];
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_hvfw_name_make("web", n, sizeof n, &err), WSLNET_OK);
    assert_string_equal(n, "wslnet-web");
    assert_int_equal(wn_hvfw_name_make("wslnet-web", n, sizeof n, &err), WSLNET_OK);
    assert_string_equal(n, "wslnet-web");
    assert_int_equal(wn_hvfw_name_make("WSLNET-Web", n, sizeof n, &err), WSLNET_OK);
    assert_string_equal(n, "WSLNET-Web");
    assert_int_equal(wn_hvfw_name_make("{guid}.x_y", n, sizeof n, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_name_make("wslnet-", n, sizeof n, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_name_make("", n, sizeof n, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_name_make("a b", n, sizeof n, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_name_make("a\"b", n, sizeof n, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_name_make("a\\b", n, sizeof n, &err), WSLNET_E_INVALID_INPUT);
    memset(long_name, 'a', WN_HVFW_NAME_MAX - 7);
    long_name[WN_HVFW_NAME_MAX - 7] = '\0';
    assert_int_equal(wn_hvfw_name_make(long_name, n, sizeof n, &err), WSLNET_OK);
    assert_int_equal(strlen(n), WN_HVFW_NAME_MAX);
    strcat(long_name, "a");
    assert_int_equal(wn_hvfw_name_make(long_name, n, sizeof n, &err), WSLNET_E_INVALID_INPUT);
    assert_true(wn_hvfw_name_is_owned("wslnet-x"));
    assert_true(wn_hvfw_name_is_owned("WslNet-x"));
    assert_false(wn_hvfw_name_is_owned("wslnetx"));
    assert_false(wn_hvfw_name_is_owned("WslCore-Allow-Inbound-ICMPv6-1-x"));

    assert_true(wn_hvfw_text_valid("Web server \xc3\xa9", 255));
    assert_false(wn_hvfw_text_valid("", 255));
    assert_false(wn_hvfw_text_valid("tab\there", 255));
    assert_false(wn_hvfw_text_valid("bad \xc3", 255));
    assert_false(wn_hvfw_text_valid("overlong \xc0\xaf", 255));
    assert_false(wn_hvfw_text_valid("surrogate \xed\xa0\x80", 255));
    assert_false(wn_hvfw_text_valid("abc", 2));
}

/* Text options to the rule the DLL writes, as the command line does:
 * wn_hvfw_rule_text_parse, then wn_hvfw_rule_make over the typed values. */
static wslnet_status make_text(const wn_hvfw_rule_text *t, wslnet_hvfw_rule *r, wslnet_error *err)
{
    wn_hvfw_rule_typed typed;
    wslnet_status st;
    memset(r, 0, sizeof *r);
    if ((st = wn_hvfw_rule_text_parse(t, &typed, err)) != WSLNET_OK) {
        assert_null(typed.ports[0]);   /* cleared on failure */
        return st;
    }
    st = wn_hvfw_rule_make(&typed.options, r, err);
    wn_hvfw_rule_typed_free(&typed);
    return st;
}

static void rule_make_defaults_match_cmdlet(void **state)
{
    /* New-NetFirewallHyperVRule's documented defaults: Direction Inbound,
     * Action Allow, Enabled True, Profiles Any. A zeroed options struct
     * with a name and protocol asks for exactly those. */
    wslnet_hvfw_rule_options o;
    wslnet_hvfw_port_range port = {80, 80};
    wslnet_hvfw_address remote;
    wslnet_hvfw_rule r;
    wslnet_error err;
    (void)state;
    memset(&o, 0, sizeof o);
    o.name = "web";
    o.protocol = WSLNET_HVFW_PROTOCOL_TCP;
    o.local_ports = &port;
    o.local_port_count = 1;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_OK);
    assert_string_equal(r.name, "wslnet-web");
    assert_string_equal(r.display_name, "wslnet-web");
    assert_string_equal(r.vm_creator_id, WSL);
    assert_string_equal(r.protocol, "TCP");
    assert_int_equal(r.direction, 1);
    assert_int_equal(r.action, 2);
    assert_int_equal(r.enabled, 1);
    assert_int_equal(r.profiles, 0);
    assert_int_equal(r.rule_priority, WSLNET_HVFW_UNSET);
    assert_string_equal(joined(&r.local_ports), "80");
    assert_int_equal(r.remote_ports.count, 0);
    assert_true(r.owned);
    wn_hvfw_rule_clear(&r);

    memset(&remote, 0, sizeof remote);
    remote.kind = WSLNET_HVFW_ADDRESS_SUBNET;
    remote.address.family = 4;
    remote.address.bytes[0] = 10;
    remote.prefix = 8;
    o.display_name = "Web";
    o.direction = WSLNET_HVFW_DIRECTION_OUT;
    o.action = WSLNET_HVFW_ACTION_BLOCK;
    o.enabled = WSLNET_HVFW_BOOL_FALSE;
    o.profiles = WSLNET_HVFW_PROFILE_PRIVATE | WSLNET_HVFW_PROFILE_PUBLIC;
    o.remote_addresses = &remote;
    o.remote_address_count = 1;
    o.vm_creator_id = "{00000000-0000-0000-0000-000000000001}";
    port.last = 90;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_OK);
    assert_string_equal(r.display_name, "Web");
    assert_int_equal(r.direction, 2);
    assert_int_equal(r.action, 4);
    assert_int_equal(r.enabled, 2);
    assert_int_equal(r.profiles, 6);
    assert_string_equal(joined(&r.local_ports), "80-90");
    assert_string_equal(joined(&r.remote_addresses), "10.0.0.0/8");
    assert_string_equal(r.vm_creator_id, "{00000000-0000-0000-0000-000000000001}");
    wn_hvfw_rule_clear(&r);
}

static void rule_from_text(void **state)
{
    /* The command line's words give the same rule as before the API took
     * values: defaults, then every option. */
    wn_hvfw_rule_text t;
    wslnet_hvfw_rule r;
    wslnet_error err;
    (void)state;
    memset(&t, 0, sizeof t);
    t.name = "web";
    t.protocol = "tcp";
    t.local_ports = "80";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_OK);
    assert_string_equal(r.name, "wslnet-web");
    assert_string_equal(r.protocol, "TCP");
    assert_int_equal(r.direction, 1);
    assert_int_equal(r.action, 2);
    assert_int_equal(r.enabled, 1);
    assert_int_equal(r.profiles, 0);
    assert_string_equal(joined(&r.local_ports), "80");
    wn_hvfw_rule_clear(&r);

    t.display_name = "Web";
    t.direction = "out";
    t.action = "block";
    t.enabled = "false";
    t.profiles = "private,public";
    t.protocol = "udp";
    t.local_ports = "any";
    t.remote_ports = "53,5000-5010";
    t.remote_addresses = "10.0.0.0/255.0.0.0,FE80::1-fe80::9";
    t.local_addresses = "any";
    t.vm_creator_id = "{00000000-0000-0000-0000-000000000001}";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_OK);
    assert_string_equal(r.display_name, "Web");
    assert_string_equal(r.protocol, "UDP");
    assert_int_equal(r.direction, 2);
    assert_int_equal(r.action, 4);
    assert_int_equal(r.enabled, 2);
    assert_int_equal(r.profiles, 6);
    assert_int_equal(r.local_ports.count, 0);
    assert_int_equal(r.local_addresses.count, 0);
    assert_string_equal(joined(&r.remote_ports), "53,5000-5010");
    assert_string_equal(joined(&r.remote_addresses), "10.0.0.0/8,fe80::1-fe80::9");
    assert_string_equal(r.vm_creator_id, "{00000000-0000-0000-0000-000000000001}");
    wn_hvfw_rule_clear(&r);
}

static void rule_text_refuses(void **state)
{
    /* The command line's messages (tests/exe/suite-firewall.sh checks them). */
    wn_hvfw_rule_text t;
    wslnet_hvfw_rule r;
    wslnet_error err;
    (void)state;
    memset(&t, 0, sizeof t);
    t.name = "x";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT); /* no protocol */
    assert_non_null(strstr(err.message, "protocol is required"));
    t.protocol = "icmpv4";
    t.local_ports = "80";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "only to --protocol tcp or udp (the protocol is ICMPv4)"));
    t.protocol = "any";
    t.local_ports = NULL;
    t.remote_ports = "443";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "the protocol is any"));
    t.protocol = "udp";
    t.vm_creator_id = "40E0AC32-46A5-438A-A0B2-2B479E8F2E90";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "braced GUID"));
    t.vm_creator_id = NULL;
    t.display_name = "two\nlines";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT);
    t.display_name = NULL;
    t.local_addresses = "LocalSubnet";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "local_addresses"));
    assert_non_null(strstr(err.message, "host firewall keyword"));
    t.local_addresses = "10.0.0.1";
    t.remote_ports = "2000-1000";   /* the first bad value wins, in the old order */
    t.direction = "sideways";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "direction"));
    t.direction = NULL;
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "runs backwards"));
    t.remote_ports = NULL;
    t.name = "bad name";
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT);
    t.name = NULL;
    assert_int_equal(make_text(&t, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "name is required"));
}

static void rule_make_refuses(void **state)
{
    /* Typed values out of range: each refused naming the field. */
    wslnet_hvfw_rule_options o;
    wslnet_hvfw_port_range port = {80, 80};
    wslnet_hvfw_address addr;
    wslnet_hvfw_rule r;
    wslnet_error err;
    (void)state;
    memset(&o, 0, sizeof o);
    memset(&addr, 0, sizeof addr);
    o.name = "x";
    o.protocol = -1;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "protocol: -1"));
    assert_null(r.name);   /* cleared on failure */
    o.protocol = 257;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "protocol: 257"));
    o.protocol = 0;        /* HOPOPT: a number like any other */
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_OK);
    assert_string_equal(r.protocol, "0");
    wn_hvfw_rule_clear(&r);
    o.protocol = WSLNET_HVFW_PROTOCOL_ICMPV4;
    o.local_ports = &port;
    o.local_port_count = 1;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "only to protocol TCP or UDP (the protocol is ICMPv4)"));
    o.protocol = WSLNET_HVFW_PROTOCOL_TCP;
    o.local_ports = NULL;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "local_ports is NULL"));
    o.local_ports = &port;
    o.local_port_count = WSLNET_HVFW_LIST_MAX + 1;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "more than"));
    o.local_port_count = 1;
    port.first = 81;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "local_ports"));
    port.first = 80;
    o.remote_addresses = &addr;          /* family 0 */
    o.remote_address_count = 1;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "remote_addresses"));
    o.remote_address_count = 0;
    o.direction = (wslnet_hvfw_direction)3;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "direction"));
    o.direction = WSLNET_HVFW_DIRECTION_DEFAULT;
    o.action = WSLNET_HVFW_ACTION_NOT_CONFIGURED;   /* a settings value, not a rule's */
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "action"));
    o.action = WSLNET_HVFW_ACTION_DEFAULT;
    o.enabled = WSLNET_HVFW_BOOL_NOT_CONFIGURED;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "enabled"));
    o.enabled = WSLNET_HVFW_BOOL_DEFAULT;
    o.profiles = 8;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "profiles"));
    o.profiles = 0;
    o.name = NULL;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "name is required"));
}

/* A stored rule as WMI would return it. */
static void stored(wslnet_hvfw_rule *r, const char *name, const char *creator)
{
    wslnet_error err;
    assert_int_equal(wn_hvfw_rule_init(r, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_set_text(&r->name, name, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_set_text(&r->vm_creator_id, creator, &err), WSLNET_OK);
    r->owned = wn_hvfw_name_is_owned(name);
}

static void plans(void **state)
{
    wslnet_hvfw_port_range port = {80, 80};
    wslnet_hvfw_rule_options o;
    wslnet_hvfw_rule want, rules[3];
    const wslnet_hvfw_rule *target;
    wslnet_error err;
    size_t i;
    (void)state;
    memset(&o, 0, sizeof o);
    o.name = "web";
    o.protocol = WSLNET_HVFW_PROTOCOL_TCP;
    o.local_ports = &port;
    o.local_port_count = 1;
    assert_int_equal(wn_hvfw_rule_make(&o, &want, &err), WSLNET_OK);
    stored(&rules[0], "WslCore-Allow-Inbound-ICMPv6-1-x", WSL);
    stored(&rules[1], "web", WSL);  /* foreign, same short name */
    assert_int_equal(wn_hvfw_plan_add(&want, rules, 2), WN_HVFW_OP_CREATE);
    /* an identical rule of ours: nothing to do; a different one: update */
    assert_int_equal(wn_hvfw_rule_copy(&rules[2], &want, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_plan_add(&want, rules, 3), WN_HVFW_OP_NONE);
    assert_int_equal(wn_hvfw_set_text(&rules[2].name, "WSLNET-WEB", &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_plan_add(&want, rules, 3), WN_HVFW_OP_NONE); /* names compare without case */
    /* the same values spelled otherwise in the store: still nothing to do */
    wn_hvfw_strings_clear(&rules[2].local_ports);
    assert_int_equal(wn_hvfw_strings_push(&rules[2].local_ports, "80-80", 5, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_plan_add(&want, rules, 3), WN_HVFW_OP_NONE);
    rules[2].action = WN_HVFW_ACTION_BLOCK;
    assert_int_equal(wn_hvfw_plan_add(&want, rules, 3), WN_HVFW_OP_UPDATE);
    wn_hvfw_strings_clear(&rules[2].local_ports);
    rules[2].action = WN_HVFW_ACTION_ALLOW;
    assert_int_equal(wn_hvfw_plan_add(&want, rules, 3), WN_HVFW_OP_UPDATE);

    /* remove: wslnet's rule first, by short or full name */
    assert_int_equal(wn_hvfw_plan_remove("web", 0, rules, 3, &target, &err), WSLNET_OK);
    assert_ptr_equal(target, &rules[2]);
    assert_int_equal(wn_hvfw_plan_remove("wslnet-web", 0, rules, 3, &target, &err), WSLNET_OK);
    assert_ptr_equal(target, &rules[2]);
    /* a foreign rule needs force */
    assert_int_equal(wn_hvfw_plan_remove("WslCore-Allow-Inbound-ICMPv6-1-x", 0, rules, 3, &target, &err),
                     WSLNET_E_INVALID_INPUT);
    assert_null(target);
    assert_non_null(strstr(err.message, "not created by wslnet"));
    assert_non_null(strstr(err.message, "--force"));
    assert_int_equal(wn_hvfw_plan_remove("WslCore-Allow-Inbound-ICMPv6-1-x", 1, rules, 3, &target, &err), WSLNET_OK);
    assert_ptr_equal(target, &rules[0]);
    /* without ours, the short name reaches the foreign rule: refused */
    assert_int_equal(wn_hvfw_plan_remove("web", 0, rules, 2, &target, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_plan_remove("web", 1, rules, 2, &target, &err), WSLNET_OK);
    assert_ptr_equal(target, &rules[1]);
    assert_int_equal(wn_hvfw_plan_remove("nothing", 1, rules, 3, &target, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "wslnet-nothing"));
    assert_int_equal(wn_hvfw_plan_remove("a name with spaces", 1, rules, 3, &target, &err), WSLNET_E_NOT_FOUND);
    assert_int_equal(wn_hvfw_plan_remove("bad\x01", 1, rules, 3, &target, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_plan_remove("", 1, rules, 3, &target, &err), WSLNET_E_INVALID_INPUT);

    for (i = 0; i < 3; i++)
        wn_hvfw_rule_clear(&rules[i]);
    wn_hvfw_rule_clear(&want);
}

static void rule_path(void **state)
{
    char *p;
    (void)state;
    p = wn_hvfw_rule_path("wslnet-web");
    assert_string_equal(p, "MSFT_NetFirewallHyperVRule.InstanceID=\"wslnet-web\"");
    free(p);
    p = wn_hvfw_rule_path("a\"b\\c");
    assert_string_equal(p, "MSFT_NetFirewallHyperVRule.InstanceID=\"a\\\"b\\\\c\"");
    free(p);
}

static void settings_plan(void **state)
{
    wslnet_hvfw_settings_options o;
    wn_hvfw_settings_request req;
    wslnet_hvfw_settings before;
    wslnet_hvfw_settings_result res;
    wslnet_error err;
    (void)state;
    memset(&o, 0, sizeof o);
    assert_int_equal(wn_hvfw_settings_request_parse(&o, &req, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "nothing to set"));
    o.default_inbound = WSLNET_HVFW_ACTION_ALLOW;
    o.loopback = WSLNET_HVFW_BOOL_TRUE;
    assert_int_equal(wn_hvfw_settings_request_parse(&o, &req, &err), WSLNET_OK);
    assert_string_equal(req.vm_creator_id, WSL);

    /* no object yet: create with the given values only */
    wn_hvfw_settings_blank(&before, WSL);
    memset(&res, 0, sizeof res);
    wn_hvfw_settings_plan(&before, &req, &res);
    assert_true(res.create);
    assert_int_equal(res.change_count, 2);
    assert_string_equal(res.changed[0], "DefaultInboundAction");
    assert_string_equal(res.changed[1], "LoopbackEnabled");
    assert_int_equal(res.after.default_inbound_action, 2);
    assert_int_equal(res.after.loopback_enabled, 1);
    assert_int_equal(res.after.enabled, WSLNET_HVFW_UNSET);
    assert_true(res.after.exists);

    /* existing object: only real changes; same values twice: nothing */
    before = res.after;
    wn_hvfw_settings_plan(&before, &req, &res);
    assert_false(res.create);
    assert_int_equal(res.change_count, 0);
    o.loopback = WSLNET_HVFW_BOOL_DEFAULT;
    o.default_inbound = WSLNET_HVFW_ACTION_BLOCK;
    o.enabled = WSLNET_HVFW_BOOL_NOT_CONFIGURED;
    assert_int_equal(wn_hvfw_settings_request_parse(&o, &req, &err), WSLNET_OK);
    wn_hvfw_settings_plan(&before, &req, &res);
    assert_int_equal(res.change_count, 2);
    assert_string_equal(res.changed[0], "Enabled");
    assert_int_equal(res.after.enabled, 2);
    assert_int_equal(res.after.default_inbound_action, 4);
    assert_int_equal(res.after.loopback_enabled, 1);  /* kept */

    o.default_outbound = (wslnet_hvfw_action)4;
    assert_int_equal(wn_hvfw_settings_request_parse(&o, &req, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "default_outbound"));
    o.default_outbound = WSLNET_HVFW_ACTION_DEFAULT;
    o.loopback = (wslnet_hvfw_bool)-1;
    assert_int_equal(wn_hvfw_settings_request_parse(&o, &req, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "loopback"));
    o.loopback = WSLNET_HVFW_BOOL_DEFAULT;
    o.vm_creator_id = "{bad}";
    assert_int_equal(wn_hvfw_settings_request_parse(&o, &req, &err), WSLNET_E_INVALID_INPUT);
}

static void settings_from_text(void **state)
{
    wn_hvfw_settings_text t;
    wslnet_hvfw_settings_options o;
    wslnet_error err;
    (void)state;
    memset(&t, 0, sizeof t);
    assert_int_equal(wn_hvfw_settings_text_parse(&t, &o, &err), WSLNET_OK);   /* nothing: the DLL says so */
    assert_int_equal(o.enabled, WSLNET_HVFW_BOOL_DEFAULT);
    t.enabled = "notconfigured";
    t.default_inbound = "Block";
    t.default_outbound = "allow";
    t.loopback = "true";
    t.host_policy_merge = "false";
    assert_int_equal(wn_hvfw_settings_text_parse(&t, &o, &err), WSLNET_OK);
    assert_int_equal(o.enabled, WSLNET_HVFW_BOOL_NOT_CONFIGURED);
    assert_int_equal(o.default_inbound, WSLNET_HVFW_ACTION_BLOCK);
    assert_int_equal(o.default_outbound, WSLNET_HVFW_ACTION_ALLOW);
    assert_int_equal(o.loopback, WSLNET_HVFW_BOOL_TRUE);
    assert_int_equal(o.host_policy_merge, WSLNET_HVFW_BOOL_FALSE);
    t.default_outbound = "deny";
    assert_int_equal(wn_hvfw_settings_text_parse(&t, &o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "default_outbound"));
    t.vm_creator_id = "{bad}";   /* the creator is checked first, as before */
    assert_int_equal(wn_hvfw_settings_text_parse(&t, &o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "braced GUID"));
}

static void output(void **state)
{
    wslnet_hvfw_rule_list list;
    wslnet_hvfw_rule rules[1];
    wn_hvfw_rule_text t;
    wslnet_error err;
    cJSON *doc;
    char *text, *json;
    (void)state;
    memset(&t, 0, sizeof t);
    t.name = "web";
    t.protocol = "udp";
    t.remote_ports = "53,5000-5010";
    t.profiles = "domain,public";
    assert_int_equal(make_text(&t, &rules[0], &err), WSLNET_OK);
    memset(&list, 0, sizeof list);
    list.capability.support = WSLNET_HVFW_V1;
    strcpy(list.vm_creator_id, WSL);
    list.count = 1;
    list.rules = rules;
    doc = wn_json_hvfw_rule_list(&list);
    assert_non_null(doc);
    json = cJSON_PrintUnformatted(doc);
    assert_non_null(strstr(json, "\"kind\":\"firewallRuleList\""));
    assert_non_null(strstr(json, "\"support\":\"v1\""));
    assert_non_null(strstr(json, "\"name\":\"wslnet-web\""));
    assert_non_null(strstr(json, "\"direction\":\"inbound\""));
    assert_non_null(strstr(json, "\"profiles\":\"domain,public\""));
    assert_non_null(strstr(json, "\"remotePorts\":[\"53\",\"5000-5010\"]"));
    assert_non_null(strstr(json, "\"rulePriority\":null"));
    assert_non_null(strstr(json, "WSL needs version 2"));
    free(json);
    cJSON_Delete(doc);
    text = wn_text_hvfw_rule_list(&list);
    assert_non_null(strstr(text, "1 Hyper-V firewall rule(s) for VM creator"));
    assert_non_null(strstr(text, "RemotePorts: 53,5000-5010"));
    free(text);
    rules[0].profiles = 9;   /* unknown bit: shown as the number */
    rules[0].direction = 7;
    doc = wn_json_hvfw_rule_list(&list);
    json = cJSON_PrintUnformatted(doc);
    assert_non_null(strstr(json, "\"profiles\":\"9\""));
    assert_non_null(strstr(json, "\"direction\":7"));
    free(json);
    cJSON_Delete(doc);
    wn_hvfw_rule_clear(&rules[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ports),
        cmocka_unit_test(port_values),
        cmocka_unit_test(addresses),
        cmocka_unit_test(address_values),
        cmocka_unit_test(protocol_guid_profiles),
        cmocka_unit_test(names),
        cmocka_unit_test(rule_make_defaults_match_cmdlet),
        cmocka_unit_test(rule_from_text),
        cmocka_unit_test(rule_text_refuses),
        cmocka_unit_test(rule_make_refuses),
        cmocka_unit_test(plans),
        cmocka_unit_test(rule_path),
        cmocka_unit_test(settings_plan),
        cmocka_unit_test(settings_from_text),
        cmocka_unit_test(output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
