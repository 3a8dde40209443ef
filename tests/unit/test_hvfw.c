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

static void ports_ok(const char *text, const char *want)
{
    wslnet_hvfw_strings l = {0, NULL};
    wslnet_error err;
    if (wn_hvfw_ports_parse(text, "--local-port", &l, &err) != WSLNET_OK)
        fail_msg("ports '%s' refused: %s", text, err.message);
    assert_string_equal(joined(&l), want);
    wn_hvfw_strings_clear(&l);
}

static void ports_bad(const char *text, const char *message_part)
{
    wslnet_hvfw_strings l = {0, NULL};
    wslnet_error err;
    if (wn_hvfw_ports_parse(text, "--local-port", &l, &err) != WSLNET_E_INVALID_INPUT)
        fail_msg("ports '%s' accepted", text);
    assert_null(l.items);
    assert_int_equal(l.count, 0);
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
    ports_ok("5-5", "5-5");
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

static void addresses_ok(const char *text, const char *want)
{
    wslnet_hvfw_strings l = {0, NULL};
    wslnet_error err;
    if (wn_hvfw_addresses_parse(text, "--remote-address", &l, &err) != WSLNET_OK)
        fail_msg("addresses '%s' refused: %s", text, err.message);
    assert_string_equal(joined(&l), want);
    wn_hvfw_strings_clear(&l);
}

static void addresses_bad(const char *text, const char *message_part)
{
    wslnet_hvfw_strings l = {0, NULL};
    wslnet_error err;
    if (wn_hvfw_addresses_parse(text, "--remote-address", &l, &err) != WSLNET_E_INVALID_INPUT)
        fail_msg("addresses '%s' accepted", text);
    assert_int_equal(l.count, 0);
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
    addresses_ok("::ffff:1.2.3.4", "::ffff:1.2.3.4");
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

static void protocol_guid_profiles(void **state)
{
    char p[8];
    int v;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_hvfw_protocol_parse("tcp", p, sizeof p, &err), WSLNET_OK);
    assert_string_equal(p, "TCP");
    assert_int_equal(wn_hvfw_protocol_parse("UDP", p, sizeof p, &err), WSLNET_OK);
    assert_string_equal(p, "UDP");
    assert_int_equal(wn_hvfw_protocol_parse("IcmpV4", p, sizeof p, &err), WSLNET_OK);
    assert_string_equal(p, "ICMPv4");
    assert_int_equal(wn_hvfw_protocol_parse("58", p, sizeof p, &err), WSLNET_OK);
    assert_string_equal(p, "ICMPv6");
    assert_int_equal(wn_hvfw_protocol_parse("6", p, sizeof p, &err), WSLNET_OK);
    assert_string_equal(p, "TCP");
    assert_int_equal(wn_hvfw_protocol_parse("47", p, sizeof p, &err), WSLNET_OK);
    assert_string_equal(p, "47");
    assert_int_equal(wn_hvfw_protocol_parse("0", p, sizeof p, &err), WSLNET_OK);
    assert_string_equal(p, "0");
    assert_int_equal(wn_hvfw_protocol_parse("any", p, sizeof p, &err), WSLNET_OK);
    assert_string_equal(p, "");
    assert_int_equal(wn_hvfw_protocol_parse("256", p, sizeof p, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_protocol_parse("06", p, sizeof p, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_protocol_parse("sctp", p, sizeof p, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_protocol_parse("", p, sizeof p, &err), WSLNET_E_INVALID_INPUT);
    assert_true(wn_hvfw_protocol_has_ports("TCP"));
    assert_true(wn_hvfw_protocol_has_ports("UDP"));
    assert_false(wn_hvfw_protocol_has_ports("ICMPv4"));
    assert_false(wn_hvfw_protocol_has_ports(""));

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

    assert_int_equal(wn_hvfw_direction_parse("in", &v, &err), WSLNET_OK);
    assert_int_equal(v, 1);
    assert_int_equal(wn_hvfw_direction_parse("Outbound", &v, &err), WSLNET_OK);
    assert_int_equal(v, 2);
    assert_int_equal(wn_hvfw_direction_parse("both", &v, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_action_parse("block", &v, &err), WSLNET_OK);
    assert_int_equal(v, 4);
    assert_int_equal(wn_hvfw_action_parse("notconfigured", &v, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_hvfw_default_action_parse("notconfigured", "--default-inbound", &v, &err), WSLNET_OK);
    assert_int_equal(v, 0);
    assert_int_equal(wn_hvfw_rule_enabled_parse("false", &v, &err), WSLNET_OK);
    assert_int_equal(v, 2);
    assert_int_equal(wn_hvfw_tristate_parse("false", "--loopback", &v, &err), WSLNET_OK);
    assert_int_equal(v, 0);
    assert_int_equal(wn_hvfw_tristate_parse("yes", "--loopback", &v, &err), WSLNET_E_INVALID_INPUT);
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

static void rule_make_defaults_match_cmdlet(void **state)
{
    /* New-NetFirewallHyperVRule's documented defaults: Direction Inbound,
     * Action Allow, Enabled True, Profiles Any. */
    wslnet_hvfw_rule_options o;
    wslnet_hvfw_rule r;
    wslnet_error err;
    (void)state;
    memset(&o, 0, sizeof o);
    o.name = "web";
    o.protocol = "tcp";
    o.local_ports = "80";
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

    o.display_name = "Web";
    o.direction = "out";
    o.action = "block";
    o.enabled = "false";
    o.profiles = "private,public";
    o.remote_addresses = "10.0.0.0/255.0.0.0";
    o.vm_creator_id = "{00000000-0000-0000-0000-000000000001}";
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_OK);
    assert_string_equal(r.display_name, "Web");
    assert_int_equal(r.direction, 2);
    assert_int_equal(r.action, 4);
    assert_int_equal(r.enabled, 2);
    assert_int_equal(r.profiles, 6);
    assert_string_equal(joined(&r.remote_addresses), "10.0.0.0/8");
    assert_string_equal(r.vm_creator_id, "{00000000-0000-0000-0000-000000000001}");
    wn_hvfw_rule_clear(&r);
}

static void rule_make_refuses(void **state)
{
    wslnet_hvfw_rule_options o;
    wslnet_hvfw_rule r;
    wslnet_error err;
    (void)state;
    memset(&o, 0, sizeof o);
    o.name = "x";
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT); /* no protocol */
    assert_non_null(strstr(err.message, "protocol is required"));
    assert_null(r.name);   /* cleared on failure */
    o.protocol = "icmpv4";
    o.local_ports = "80";
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "only to --protocol tcp or udp (the protocol is ICMPv4)"));
    o.protocol = "any";
    o.local_ports = NULL;
    o.remote_ports = "443";
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "the protocol is any"));
    o.protocol = "udp";
    o.vm_creator_id = "40E0AC32-46A5-438A-A0B2-2B479E8F2E90";
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "braced GUID"));
    o.vm_creator_id = NULL;
    o.display_name = "two\nlines";
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    o.display_name = NULL;
    o.local_addresses = "LocalSubnet";
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "local_addresses"));
    o.local_addresses = NULL;
    o.name = NULL;
    assert_int_equal(wn_hvfw_rule_make(&o, &r, &err), WSLNET_E_INVALID_INPUT);
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
    wslnet_hvfw_rule_options o;
    wslnet_hvfw_rule want, rules[3];
    const wslnet_hvfw_rule *target;
    wslnet_error err;
    size_t i;
    (void)state;
    memset(&o, 0, sizeof o);
    o.name = "web";
    o.protocol = "tcp";
    o.local_ports = "80";
    assert_int_equal(wn_hvfw_rule_make(&o, &want, &err), WSLNET_OK);
    stored(&rules[0], "WslCore-Allow-Inbound-ICMPv6-1-x", WSL);
    stored(&rules[1], "web", WSL);  /* foreign, same short name */
    assert_int_equal(wn_hvfw_plan_add(&want, rules, 2), WN_HVFW_OP_CREATE);
    /* an identical rule of ours: nothing to do; a different one: update */
    assert_int_equal(wn_hvfw_rule_copy(&rules[2], &want, &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_plan_add(&want, rules, 3), WN_HVFW_OP_NONE);
    assert_int_equal(wn_hvfw_set_text(&rules[2].name, "WSLNET-WEB", &err), WSLNET_OK);
    assert_int_equal(wn_hvfw_plan_add(&want, rules, 3), WN_HVFW_OP_NONE); /* names compare without case */
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
    o.default_inbound = "allow";
    o.loopback = "true";
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
    o.loopback = NULL;
    o.default_inbound = "block";
    o.enabled = "notconfigured";
    assert_int_equal(wn_hvfw_settings_request_parse(&o, &req, &err), WSLNET_OK);
    wn_hvfw_settings_plan(&before, &req, &res);
    assert_int_equal(res.change_count, 2);
    assert_string_equal(res.changed[0], "Enabled");
    assert_int_equal(res.after.enabled, 2);
    assert_int_equal(res.after.default_inbound_action, 4);
    assert_int_equal(res.after.loopback_enabled, 1);  /* kept */

    o.default_outbound = "deny";
    assert_int_equal(wn_hvfw_settings_request_parse(&o, &req, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "default_outbound"));
    o.default_outbound = NULL;
    o.vm_creator_id = "{bad}";
    assert_int_equal(wn_hvfw_settings_request_parse(&o, &req, &err), WSLNET_E_INVALID_INPUT);
}

static void output(void **state)
{
    wslnet_hvfw_rule_list list;
    wslnet_hvfw_rule rules[1];
    wslnet_hvfw_rule_options o;
    wslnet_error err;
    cJSON *doc;
    char *text, *json;
    (void)state;
    memset(&o, 0, sizeof o);
    o.name = "web";
    o.protocol = "udp";
    o.remote_ports = "53,5000-5010";
    o.profiles = "domain,public";
    assert_int_equal(wn_hvfw_rule_make(&o, &rules[0], &err), WSLNET_OK);
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
        cmocka_unit_test(addresses),
        cmocka_unit_test(protocol_guid_profiles),
        cmocka_unit_test(names),
        cmocka_unit_test(rule_make_defaults_match_cmdlet),
        cmocka_unit_test(rule_make_refuses),
        cmocka_unit_test(plans),
        cmocka_unit_test(rule_path),
        cmocka_unit_test(settings_plan),
        cmocka_unit_test(output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
