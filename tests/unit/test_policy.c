/* Unit tests: the policy file's parser and validator (shared/core/policy_parse.c):
 * the issue's example accepted into the model; each kind of error refused
 * with its JSON path; all errors collected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy_parse.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <string.h>

static const char *issue_example =
    "{\"schemaVersion\": 1,"
    " \"portProxies\": [{\"listenPort\": 8080, \"connectAddress\": \"wsl\", \"connectPort\": 8080,"
    "   \"listenAddress\": \"0.0.0.0\", \"firewall\": {\"profiles\": [\"private\", \"domain\"],"
    "   \"remoteAddresses\": [\"LocalSubnet\"]}}],"
    " \"exposures\": [{\"ports\": [3000], \"protocol\": \"tcp\"}],"
    " \"hyperVFirewall\": {\"settings\": {\"defaultInboundAction\": \"block\"},"
    "   \"rules\": [{\"name\": \"web\", \"protocol\": \"tcp\", \"localPorts\": [8080],"
    "     \"remoteAddresses\": [\"192.168.0.0/16\"], \"action\": \"allow\"}]},"
    " \"natSubnet\": \"192.168.240.0/20\","
    " \"wslConfig\": {\"users\": \"all\", \"set\": {\"wsl2.dnsTunneling\": true}, \"unset\": [\"wsl2.memory\"]},"
    " \"certificates\": {\"distros\": \"all\", \"stores\": [\"LocalMachine\\\\Root\"], \"subject\": \"CN=Contoso*\"}}";

static void accepts_issue_example(void **state)
{
    (void)state;
    wn_policy p;
    wn_policy_errors e;
    wslnet_error err;
    assert_int_equal(wn_policy_parse(issue_example, strlen(issue_example), &p, &e, &err), WSLNET_OK);
    assert_int_equal(e.count, 0);
    assert_int_equal(p.proxy_count, 1);
    assert_int_equal(p.proxies[0].listen_port, 8080);
    assert_string_equal(p.proxies[0].connect_address, "wsl");
    assert_true(p.proxies[0].has_firewall);
    assert_string_equal(p.proxies[0].firewall_remote, "LocalSubnet");
    assert_int_equal(p.exposure_count, 1);
    assert_int_equal(p.exposures[0].ports[0], 3000);
    assert_false(p.exposures[0].udp);
    assert_string_equal(p.hv_settings.default_inbound, "block");
    assert_null(p.hv_settings.default_outbound);
    assert_int_equal(p.hv_rule_count, 1);
    assert_string_equal(p.hv_rules[0].name, "wslnet-web");
    assert_string_equal(p.hv_rules[0].local_ports, "8080");
    assert_string_equal(p.hv_rules[0].remote_addresses, "192.168.0.0/16");
    assert_string_equal(p.hv_rules[0].direction, "in");
    assert_true(p.has_nat_subnet);
    assert_int_equal(p.nat_net, 0xC0A8F000u);
    assert_int_equal(p.nat_len, 20);
    assert_true(p.wslconfig_all_users);
    assert_int_equal(p.wslconfig_set_count, 1);
    assert_string_equal(p.wslconfig_set[0].key, "wsl2.dnsTunneling");
    assert_string_equal(p.wslconfig_set[0].value, "true");
    assert_int_equal(p.wslconfig_unset.count, 1);
    assert_string_equal(p.wslconfig_unset.items[0], "wsl2.memory");
    assert_int_equal(p.cert_stores.count, 1);
    assert_string_equal(p.cert_subject, "CN=Contoso*");
    wn_policy_free(&p);
    wn_policy_errors_free(&e);
}

/* Parses text, expecting refusal; returns the error lines (static buffer). */
static const char *refused(const char *text, size_t expect_count)
{
    static char lines[8192];
    wn_policy p;
    wn_policy_errors e;
    wslnet_error err;
    assert_int_equal(wn_policy_parse(text, strlen(text), &p, &e, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(err.status, WSLNET_E_INVALID_INPUT);
    assert_non_null(e.text.data);
    snprintf(lines, sizeof lines, "%s", e.text.data);
    if (expect_count)
        assert_int_equal(e.count, expect_count);
    wn_policy_errors_free(&e);
    return lines;
}

static void has(const char *lines, const char *needle)
{
    if (!strstr(lines, needle))
        fail_msg("expected \"%s\" in:\n%s", needle, lines);
}

static void refuses_with_paths(void **state)
{
    (void)state;
    has(refused("{}", 1), "$.schemaVersion: required");
    has(refused("{\"schemaVersion\": 2}", 1), "$.schemaVersion: must be 1");
    /* out of any integer type's range: refused, not cast (UBSan watches) */
    has(refused("{\"schemaVersion\": 1, \"exposures\": [{\"ports\": [1e300, -1e300]}]}", 2),
        "$.exposures[0].ports[0]: must be an integer 1..65535");
    has(refused("{\"schemaVersion\": 1, \"wslConfig\": {\"set\": {\"wsl2.processors\": 1e300}}}", 1),
        "$.wslConfig.set.wsl2.processors: must be a string, an integer or true/false");
    has(refused("[1]", 1), "$: must be an object");
    has(refused("{\"schemaVersion\": 1,", 1), "not well-formed JSON");
    has(refused("{\"schemaVersion\": 1, \"portproxies\": []}", 1), "$.portproxies: unknown member");
    has(refused("{\"schemaVersion\": 1, \"schemaVersion\": 1}", 1), "$.schemaVersion: member given twice");
    const char *ports = "{\"schemaVersion\": 1, \"portProxies\": ["
                        "{\"listenPort\": 80, \"connectAddress\": \"wsl\"},"
                        "{\"listenPort\": 81, \"connectAddress\": \"wsl\"},"
                        "{\"listenPort\": 65536, \"connectAddress\": \"wsl\"},"
                        "{\"listenPort\": \"80\", \"connectAddress\": \"wsl\", \"connectPort\": 0.5},"
                        "{\"listenPort\": 80, \"connectAddress\": \"not a host\"},"
                        "{\"listenPort\": 82, \"connectAddress\": \"wsl\", \"listenAddress\": \"1.2.3\"},"
                        "{\"listenPort\": 83, \"connectAddress\": \"wsl\", \"firewall\": {\"profiles\": [\"home\"]}},"
                        "{\"listenPort\": 84, \"connectAddress\": \"wsl\", \"extra\": 1}]}";
    const char *l = refused(ports, 0);
    has(l, "$.portProxies[2].listenPort: must be an integer 1..65535");
    has(l, "$.portProxies[3].listenPort: must be an integer 1..65535");
    has(l, "$.portProxies[3].connectPort: must be an integer 1..65535");
    has(l, "$.portProxies[4].connectAddress: must be \"wsl\"");
    has(l, "$.portProxies[4].listenPort: 0.0.0.0:80 is already listened on by [0]");
    has(l, "$.portProxies[5].listenAddress: must be an IPv4 or IPv6 address");
    has(l, "$.portProxies[6].firewall.profiles:");
    has(l, "$.portProxies[7].extra: unknown member");
    assert_null(strstr(l, "$.portProxies[0]"));
    assert_null(strstr(l, "$.portProxies[1]"));

    l = refused("{\"schemaVersion\": 1, \"exposures\": [{\"ports\": [3000, 3000]}, {\"ports\": []},"
                "{\"ports\": [3000], \"protocol\": \"sctp\"}, {\"ports\": [3000]}]}", 0);
    has(l, "$.exposures[0].ports[1]: port 3000 given twice");
    has(l, "$.exposures[1].ports: must be a non-empty array");
    has(l, "$.exposures[2].protocol: must be one of \"tcp\", \"udp\"");
    has(l, "$.exposures[3].ports: port 3000 is already exposed by [0]");

    l = refused("{\"schemaVersion\": 1, \"hyperVFirewall\": {\"settings\": {\"defaultInboundAction\": \"drop\","
                "\"enabled\": \"yes\"}, \"rules\": ["
                "{\"name\": \"a b\", \"protocol\": \"tcp\"},"
                "{\"name\": \"web\", \"protocol\": \"icmpv4\", \"localPorts\": [80]},"
                "{\"name\": \"WEB\", \"protocol\": \"tcp\", \"remoteAddresses\": [\"LocalSubnet\"]},"
                "{\"name\": \"x\", \"protocol\": \"tcp\", \"localPorts\": [\"90-80\"], \"action\": \"deny\"},"
                "{\"protocol\": \"tcp\"}]}}",
                0);
    has(l, "$.hyperVFirewall.settings.enabled: must be true or false");
    has(l, "$.hyperVFirewall.settings.defaultInboundAction: must be one of \"allow\", \"block\"");
    has(l, "$.hyperVFirewall.rules[0].name:");
    has(l, "$.hyperVFirewall.rules[1].localPorts: ports need protocol tcp or udp");
    has(l, "$.hyperVFirewall.rules[2].name: rule name wslnet-WEB given twice (also [1])");
    has(l, "$.hyperVFirewall.rules[2].remoteAddresses:");
    has(l, "$.hyperVFirewall.rules[3].localPorts[0]: must be an integer 1..65535 or a range");
    has(l, "$.hyperVFirewall.rules[3].action: must be one of");
    has(l, "$.hyperVFirewall.rules[4].name: required");

    has(refused("{\"schemaVersion\": 1, \"natSubnet\": \"192.168.240.1/20\"}", 1), "$.natSubnet: ");
    has(refused("{\"schemaVersion\": 1, \"natSubnet\": \"8.8.0.0/16\"}", 1), "$.natSubnet: ");
    has(refused("{\"schemaVersion\": 1, \"natSubnet\": 20}", 1), "$.natSubnet: must be a string");

    l = refused("{\"schemaVersion\": 1, \"wslConfig\": {\"users\": [\"..\", \"bob\", \"BOB\"],"
                "\"set\": {\"wsl2.nosuch\": 1, \"wsl2.memory\": \"lots\", \"wsl2.dnsTunneling\": [1]},"
                "\"unset\": [\"wsl2.memory\", \"wsl2.swap\", \"wsl2.swap\"]}}",
                0);
    has(l, "$.wslConfig.users[0]: must be a name, not a path");
    has(l, "$.wslConfig.users[2]: duplicate of [1]");
    has(l, "$.wslConfig.set.wsl2.nosuch: wsl2.nosuch is not a .wslconfig key");
    has(l, "$.wslConfig.set.wsl2.memory: ");
    has(l, "$.wslConfig.set.wsl2.dnsTunneling: must be a string, an integer or true/false");
    has(l, "$.wslConfig.unset[2]: wsl2.swap given twice");

    l = refused("{\"schemaVersion\": 1, \"certificates\": {\"distros\": 5, \"stores\": [\"My\"]}}", 3);
    has(l, "$.certificates.distros: must be \"all\" or a non-empty array of names");
    has(l, "$.certificates.stores[0]: must be one of");
    has(l, "$.certificates.subject: required");
}

static void set_and_unset_same_key(void **state)
{
    (void)state;
    has(refused("{\"schemaVersion\": 1, \"wslConfig\": {\"set\": {\"wsl2.memory\": \"4GB\"},"
                "\"unset\": [\"wsl2.memory\"]}}", 1),
        "$.wslConfig.unset[0]: wsl2.memory is both set and unset");
}

static void minimal_and_empty_areas(void **state)
{
    (void)state;
    const char *text = "{\"schemaVersion\": 1, \"portProxies\": [], \"hyperVFirewall\": {\"rules\": []}}";
    wn_policy p;
    wn_policy_errors e;
    wslnet_error err;
    assert_int_equal(wn_policy_parse(text, strlen(text), &p, &e, &err), WSLNET_OK);
    assert_true(p.has_port_proxies);
    assert_int_equal(p.proxy_count, 0);
    assert_true(p.has_hyperv);
    assert_false(p.has_exposures);
    assert_false(p.has_wslconfig);
    wn_policy_free(&p);
    wn_policy_errors_free(&e);
}

/* docs/examples/policy/: each example is a valid policy (found from this
 * source file's path, which CMake passes absolute). */
static void examples_are_valid(void **state)
{
    static const char *const names[] = {"full.json", "developer-workstation.json", "empty.json"};
    const char *me = __FILE__, *slash = strrchr(me, '/');
    (void)state;
    if (!slash)
        slash = strrchr(me, '\\');
    assert_non_null(slash);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[1024], text[16384];
        snprintf(path, sizeof path, "%.*s/../../docs/examples/policy/%s", (int)(slash - me), me, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f)
            fail_msg("cannot open %s", path);
        size_t n = fread(text, 1, sizeof text, f);
        fclose(f);
        assert_true(n > 0 && n < sizeof text);
        wn_policy p;
        wn_policy_errors e;
        wslnet_error err;
        if (wn_policy_parse(text, n, &p, &e, &err) != WSLNET_OK)
            fail_msg("%s:\n%s", names[i], e.text.data ? e.text.data : err.message);
        wn_policy_free(&p);
        wn_policy_errors_free(&e);
    }
}

/* docs/policy.schema.json against the parser: every member the schema
 * declares, at each place, is one the parser knows (not "unknown member"),
 * and the place is reached (a made-up member there is unknown). The
 * examples above are checked against the parser; scripts may check them
 * against the schema with any JSON Schema validator. */
static void schema_members_are_parsed(void **state)
{
    static const struct {
        const char *schema[8]; /* keys from the schema's root to a "properties" object */
        const char *before, *after, *path;
    } places[] = {
        {{"properties", NULL}, "{\"schemaVersion\": 1, ", "}", "$"},
        {{"properties", "portProxies", "items", "properties", NULL}, "{\"schemaVersion\": 1, \"portProxies\": [{", "}]}", "$.portProxies[0]"},
        {{"properties", "portProxies", "items", "properties", "firewall", "properties", NULL},
         "{\"schemaVersion\": 1, \"portProxies\": [{\"firewall\": {", "}}]}", "$.portProxies[0].firewall"},
        {{"properties", "exposures", "items", "properties", NULL}, "{\"schemaVersion\": 1, \"exposures\": [{", "}]}", "$.exposures[0]"},
        {{"properties", "hyperVFirewall", "properties", NULL}, "{\"schemaVersion\": 1, \"hyperVFirewall\": {", "}}", "$.hyperVFirewall"},
        {{"properties", "hyperVFirewall", "properties", "settings", "properties", NULL},
         "{\"schemaVersion\": 1, \"hyperVFirewall\": {\"settings\": {", "}}}", "$.hyperVFirewall.settings"},
        {{"properties", "hyperVFirewall", "properties", "rules", "items", "properties", NULL},
         "{\"schemaVersion\": 1, \"hyperVFirewall\": {\"rules\": [{", "}]}}", "$.hyperVFirewall.rules[0]"},
        {{"properties", "wslConfig", "properties", NULL}, "{\"schemaVersion\": 1, \"wslConfig\": {", "}}", "$.wslConfig"},
        {{"properties", "certificates", "properties", NULL}, "{\"schemaVersion\": 1, \"certificates\": {", "}}", "$.certificates"},
    };
    const char *me = __FILE__, *slash = strrchr(me, '/');
    char path[1024];
    static char text[32768];
    (void)state;
    assert_non_null(slash);
    snprintf(path, sizeof path, "%.*s/../../docs/policy.schema.json", (int)(slash - me), me);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cJSON *schema = cJSON_Parse(text);
    assert_non_null(schema);
    size_t checked = 0;
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        const cJSON *props = schema;
        for (size_t k = 0; places[i].schema[k]; k++)
            props = cJSON_GetObjectItemCaseSensitive(props, places[i].schema[k]);
        if (!cJSON_IsObject(props))
            fail_msg("schema has no properties at place %u", (unsigned)i);
        char doc[512], unknown[256];
        for (const cJSON *m = props->child; m; m = m->next, checked++) {
            snprintf(doc, sizeof doc, "%s\"%s\": null%s", places[i].before, m->string, places[i].after);
            snprintf(unknown, sizeof unknown, "%s.%s: unknown member", places[i].path, m->string);
            const char *lines = refused(doc, 0);
            if (strstr(lines, unknown))
                fail_msg("the schema declares %s.%s, the parser refuses it", places[i].path, m->string);
        }
        snprintf(doc, sizeof doc, "%s\"madeUp\": null%s", places[i].before, places[i].after);
        snprintf(unknown, sizeof unknown, "%s.madeUp: unknown member", places[i].path);
        has(refused(doc, 0), unknown);
    }
    assert_int_equal(checked, 39); /* every member of the parser's tables (shared/core/policy_parse.c) */
    cJSON_Delete(schema);
}

/* err lists every error on one line (what a caller showing err alone, the
 * cmdlets' ErrorRecord, needs), as many as fit, the rest said. */
static void message_lists_errors(void **state)
{
    static const char two[] = "{\"schemaVersion\": 1, \"x\": 1, \"exposures\": [{\"ports\": [0]}]}";
    char many[8192];
    size_t n;
    wn_policy p;
    wn_policy_errors e;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_policy_parse(two, strlen(two), &p, &e, &err), WSLNET_E_INVALID_INPUT);
    assert_string_equal(err.message, "the policy has 2 errors: $.x: unknown member; "
                                     "$.exposures[0].ports[0]: must be an integer 1..65535");
    wn_policy_errors_free(&e);
    n = (size_t)snprintf(many, sizeof many, "{\"schemaVersion\": 1");
    for (int i = 0; i < 60; i++)
        n += (size_t)snprintf(many + n, sizeof many - n, ", \"unknownMember%d\": 1", i);
    snprintf(many + n, sizeof many - n, "}");
    assert_int_equal(wn_policy_parse(many, strlen(many), &p, &e, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "the policy has 60 errors: $.unknownMember0: unknown member; "));
    assert_non_null(strstr(err.message, "; ... (policy validate lists them all)"));
    assert_null(strchr(err.message, '\n'));
    wn_policy_errors_free(&e);
}

/* A member name with a newline stays on its error's one line. */
static void error_is_one_line(void **state)
{
    (void)state;
    has(refused("{\"schemaVersion\": 1, \"a\\nb\": 1}", 1), "$.a?b: unknown member\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_issue_example),
        cmocka_unit_test(refuses_with_paths),
        cmocka_unit_test(set_and_unset_same_key),
        cmocka_unit_test(minimal_and_empty_areas),
        cmocka_unit_test(examples_are_valid),
        cmocka_unit_test(schema_members_are_parsed),
        cmocka_unit_test(error_is_one_line),
        cmocka_unit_test(message_lists_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
