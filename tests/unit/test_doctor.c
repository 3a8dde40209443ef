/* Unit tests: the doctor's verdicts and fixes from snapshots (shared/core/doctor_judge.c),
 * its JSON and text, and the exit codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "doctor_judge.h"
#include "mode_rules.h"
#include "report_doctor.h"
#include "status.h"

#include <stdlib.h>
#include <string.h>

/* A healthy NAT setup: adapter 172.28.16.1/20, VM 172.28.20.5, one owned
 * proxy 0.0.0.0:8080 -> VM with its firewall rule, iphlpsvc running, routes
 * of a LAN and a default route, both connects ok, port 8080. */
typedef struct fixture {
    wn_doctor_snapshot s;
    wslnet_adapter adapter;
    wslnet_adapter_list adapters;
    wslnet_proxy_entry entries[2];
    wslnet_proxy_list proxies;
    wn_doctor_hostfw hostfw[1];
    wn_doctor_route routes[16];
    wslnet_exposure exposure[1];
    wslnet_expose_list exposures;
} fixture;

static void add_route(fixture *f, uint32_t prefix, uint8_t len, uint32_t if_index, const char *name)
{
    wn_doctor_route *r;
    assert_true(f->s.route_count < sizeof f->routes / sizeof f->routes[0]);
    r = &f->routes[f->s.route_count++];
    r->prefix = prefix;
    r->length = len;
    r->if_index = if_index;
    strcpy(r->interface_name, name);
}

static fixture *healthy(void)
{
    fixture *f = calloc(1, sizeof *f);
    wslnet_proxy_entry *e = &f->entries[0];
    assert_non_null(f);
    wn_doctor_snapshot_init(&f->s);
    f->s.port = 8080;
    /* one exposure, complete for NAT */
    wn_error_clear(&f->s.expose_error);
    strcpy(f->exposures.mode.mode, "nat");
    strcpy(f->exposure[0].protocol, "tcp");
    f->exposure[0].port = f->exposure[0].to_port = 8080;
    f->exposure[0].ok = 1;
    strcpy(f->exposure[0].pieces[0].kind, "portProxy");
    strcpy(f->exposure[0].pieces[0].state, "ok");
    strcpy(f->exposure[0].pieces[1].kind, "hostRule");
    strcpy(f->exposure[0].pieces[1].state, "ok");
    strcpy(f->exposure[0].pieces[2].kind, "hypervRule");
    strcpy(f->exposure[0].pieces[2].state, "ok");
    f->exposures.items = f->exposure;
    f->exposures.count = 1;
    f->s.exposures = &f->exposures;
    strcpy(f->s.adapter_pattern, "vEthernet (WSL*");

    wn_error_clear(&f->s.mode_error);
    strcpy(f->s.mode.configured, "nat");
    strcpy(f->s.mode.effective, "nat");
    f->s.mode.configured_is_default = 1;
    f->s.mode.windows_build = 22631;
    f->s.mode.mirrored_supported = 1;
    f->s.mode.firewall = 1;

    strcpy(f->adapter.name, "vEthernet (WSL)");
    f->adapter.if_index = 17;
    f->adapter.oper_status = WSLNET_OPER_UP;
    f->adapter.address_count = 1;
    f->adapter.addresses[0].family = 4;
    strcpy(f->adapter.addresses[0].address, "172.28.16.1");
    f->adapter.addresses[0].prefix_length = 20;
    f->adapters.count = 1;
    f->adapters.items = &f->adapter;
    wn_error_clear(&f->s.adapter_error);
    f->s.adapters = &f->adapters;

    wn_error_clear(&f->s.address_error);
    strcpy(f->s.address.address, "172.28.20.5");
    f->s.address.source = WSLNET_SOURCE_HNS;

    wn_error_clear(&f->s.lint_error);
    strcpy(f->s.lint_path, "C:\\Users\\u\\.wslconfig");

    strcpy(e->kind, "v4tov4");
    strcpy(e->listen_address, "0.0.0.0");
    e->listen_port = 8080;
    strcpy(e->connect_address, "172.28.20.5");
    e->connect_port = 8080;
    e->valid = 1;
    e->owned = 1;
    strcpy(e->target, "wsl");
    f->proxies.count = 1;
    f->proxies.entries = f->entries;
    f->proxies.service = WSLNET_SERVICE_RUNNING;
    strcpy(f->proxies.vm_address, "172.28.20.5");
    wn_error_clear(&f->s.proxy_error);
    f->s.proxies = &f->proxies;

    wn_error_clear(&f->s.hostfw_error);
    strcpy(f->hostfw[0].name, "wslnet proxy v4tov4 0.0.0.0:8080");
    f->hostfw[0].found = f->hostfw[0].owned = 1;
    f->s.hostfw = f->hostfw;
    f->s.hostfw_count = 1;

    wn_error_clear(&f->s.hvfw_error);
    f->s.hvfw.support = WSLNET_HVFW_UNSUPPORTED;

    wn_error_clear(&f->s.route_error);
    f->s.routes = f->routes;
    add_route(f, 0, 0, 5, "Ethernet");                   /* default */
    add_route(f, 0xC0A80100u, 24, 5, "Ethernet");        /* 192.168.1.0/24 */
    add_route(f, 0xAC1C1000u, 20, 17, "vEthernet (WSL)");
    add_route(f, 0xAC1C1001u, 32, 1, "Loopback");        /* host's own address */
    add_route(f, 0x7F000000u, 8, 1, "Loopback");

    f->s.connect_vm.tried = f->s.connect_vm.ok = 1;
    strcpy(f->s.connect_vm.target, "172.28.20.5:8080");
    f->s.connect_localhost.tried = f->s.connect_localhost.ok = 1;
    strcpy(f->s.connect_localhost.target, "127.0.0.1:8080");
    return f;
}

typedef void (*check_fn)(const wn_doctor_snapshot *, wslnet_doctor_check *);

/* Runs one check and asserts its verdict and fix (NULL: not checked). */
static void expect(const fixture *f, check_fn fn, wslnet_verdict verdict, const char *fix)
{
    wslnet_doctor_check c;
    fn(&f->s, &c);
    if (c.verdict != verdict)
        fail_msg("%s: verdict %s, expected %s (%s)", c.id, wn_verdict_name(c.verdict), wn_verdict_name(verdict),
                 c.detail);
    assert_true(c.detail[0] != '\0');
    assert_null(strchr(c.detail, '\n'));
    if (verdict == WSLNET_VERDICT_WARN || verdict == WSLNET_VERDICT_FAIL)
        assert_true(c.hint[0] != '\0' || c.fix[0] != '\0');
    if (fix)
        assert_string_equal(c.fix, fix);
}

static void detail_has(const fixture *f, check_fn fn, const char *text)
{
    wslnet_doctor_check c;
    fn(&f->s, &c);
    if (!strstr(c.detail, text))
        fail_msg("%s: detail '%s' lacks '%s'", c.id, c.detail, text);
}

static void healthy_is_all_ok(void **state)
{
    fixture *f = healthy();
    wslnet_doctor_report *r = wn_doctor_evaluate(&f->s);
    size_t i;
    (void)state;
    assert_non_null(r);
    assert_int_equal(r->count, WN_DOCTOR_CHECK_COUNT);
    for (i = 0; i < r->count; i++) {
        const wslnet_doctor_check *c = &r->checks[i];
        if (strcmp(c->id, "hyperv-firewall") == 0)
            assert_int_equal(c->verdict, WSLNET_VERDICT_SKIPPED);
        else if (c->verdict != WSLNET_VERDICT_OK)
            fail_msg("%s: %s (%s)", c->id, wn_verdict_name(c->verdict), c->detail);
        assert_string_equal(c->fix, "");
    }
    assert_int_equal(r->ok, 12);
    assert_int_equal(r->skipped, 1);
    assert_int_equal(wn_doctor_exit_code(r), 0);
    wn_doctor_report_free(r);
    free(f);
}

static void mode_checks(void **state)
{
    fixture *f = healthy();
    (void)state;
    {
        /* mirrored on 19045: WSL's rules (shared/core/mode_rules.c) fall back to NAT, and doctor says why */
        wn_mode_snapshot snap;
        wn_mode_snapshot_init(&snap);
        snap.config_mode = WN_MODE_MIRRORED;
        snap.build = 19045;
        strcpy(f->s.mode.configured, "mirrored");
        f->s.mode.windows_build = 19045;
        wn_mode_resolve(&snap, &f->s.mode);
        assert_string_equal(f->s.mode.effective, "nat");
    }
    expect(f, wn_doctor_check_mode, WSLNET_VERDICT_FAIL, "wslnet config set wsl2.networkingMode nat");
    detail_has(f, wn_doctor_check_mode, "19045");
    f = (free(f), healthy());
    strcpy(f->s.mode.configured, "nat");
    strcpy(f->s.mode.config_warning, "networkingMode=bogus is not a mode: WSL uses NAT");
    expect(f, wn_doctor_check_mode, WSLNET_VERDICT_WARN, "wslnet config lint");
    wn_fail(&f->s.mode_error, WSLNET_E_SYSTEM, 5, "registry unreadable");
    expect(f, wn_doctor_check_mode, WSLNET_VERDICT_WARN, "wslnet mode");
    /* mirrored and supported: NAT checks do not apply */
    f = (free(f), healthy());
    strcpy(f->s.mode.configured, "mirrored");
    strcpy(f->s.mode.effective, "mirrored");
    expect(f, wn_doctor_check_mode, WSLNET_VERDICT_OK, "");
    expect(f, wn_doctor_check_adapter, WSLNET_VERDICT_SKIPPED, "");
    expect(f, wn_doctor_check_address, WSLNET_VERDICT_SKIPPED, "");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_SKIPPED, "");
    /* Consomme (NAT's fallback, or configured): no NAT adapter either */
    strcpy(f->s.mode.configured, "consomme");
    strcpy(f->s.mode.effective, "consomme");
    expect(f, wn_doctor_check_adapter, WSLNET_VERDICT_SKIPPED, "");
    detail_has(f, wn_doctor_check_adapter, "Consomme");
    free(f);
}

static void adapter_checks(void **state)
{
    fixture *f = healthy();
    (void)state;
    wn_fail(&f->s.adapter_error, WSLNET_E_NOT_FOUND, 0, "no adapter");
    f->s.adapters = NULL;
    expect(f, wn_doctor_check_adapter, WSLNET_VERDICT_FAIL, "wsl.exe --exec true");
    detail_has(f, wn_doctor_check_adapter, "vEthernet (WSL*");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_SKIPPED, "");
    wn_fail(&f->s.adapter_error, WSLNET_E_SYSTEM, 1, "GetAdaptersAddresses failed");
    expect(f, wn_doctor_check_adapter, WSLNET_VERDICT_FAIL, "");
    f = (free(f), healthy());
    f->adapter.address_count = 0; /* matched, but no IPv4 */
    expect(f, wn_doctor_check_adapter, WSLNET_VERDICT_FAIL, "wsl.exe --exec true");
    f->adapter.address_count = 1;
    f->adapter.oper_status = WSLNET_OPER_DOWN;
    expect(f, wn_doctor_check_adapter, WSLNET_VERDICT_WARN, "wsl.exe --shutdown");
    free(f);
}

static void address_checks(void **state)
{
    fixture *f = healthy();
    (void)state;
    detail_has(f, wn_doctor_check_address, "172.28.20.5 (from hns)");
    strcpy(f->s.address.address, "172.29.0.9"); /* outside 172.28.16.0/20 */
    f->s.address.source = WSLNET_SOURCE_REGISTRY;
    expect(f, wn_doctor_check_address, WSLNET_VERDICT_WARN, "wsl.exe --exec true");
    wn_fail(&f->s.address_error, WSLNET_E_NOT_FOUND, 0, "hns: unavailable; registry: no value");
    expect(f, wn_doctor_check_address, WSLNET_VERDICT_FAIL, "wsl.exe --exec true");
    free(f);
}

static void config_checks(void **state)
{
    fixture *f = healthy();
    (void)state;
    expect(f, wn_doctor_check_config, WSLNET_VERDICT_OK, "");
    f->s.lint_errors = 2;
    f->s.lint_warnings = 1;
    f->s.lint_first_line = 4;
    strcpy(f->s.lint_first_message, "single backslashes in a path");
    expect(f, wn_doctor_check_config, WSLNET_VERDICT_WARN, "wslnet config lint");
    detail_has(f, wn_doctor_check_config, "line 4");
    wn_fail(&f->s.lint_error, WSLNET_E_UNSUPPORTED, 0, "the .wslconfig lint is not available in this build");
    expect(f, wn_doctor_check_config, WSLNET_VERDICT_SKIPPED, "");
    detail_has(f, wn_doctor_check_config, "not available");
    free(f);
}

static void iphlpsvc_checks(void **state)
{
    fixture *f = healthy();
    (void)state;
    f->proxies.service = WSLNET_SERVICE_STOPPED;
    expect(f, wn_doctor_check_iphlpsvc, WSLNET_VERDICT_FAIL, "sc start iphlpsvc");
    f->s.connect_localhost.ok = 0;
    f->s.connect_localhost.code = 10061;
    expect(f, wn_doctor_check_connect_localhost, WSLNET_VERDICT_FAIL, "sc start iphlpsvc");
    f->proxies.service = WSLNET_SERVICE_DISABLED;
    expect(f, wn_doctor_check_iphlpsvc, WSLNET_VERDICT_FAIL, "sc config iphlpsvc start= auto && sc start iphlpsvc");
    f->proxies.service = WSLNET_SERVICE_ABSENT;
    expect(f, wn_doctor_check_iphlpsvc, WSLNET_VERDICT_FAIL, "");
    f->entries[0].owned = 0; /* no proxies of wslnet: only a warning */
    f->proxies.service = WSLNET_SERVICE_STOPPED;
    expect(f, wn_doctor_check_iphlpsvc, WSLNET_VERDICT_WARN, "sc start iphlpsvc");
    f->proxies.service = WSLNET_SERVICE_UNKNOWN;
    expect(f, wn_doctor_check_iphlpsvc, WSLNET_VERDICT_WARN, "sc query iphlpsvc");
    wn_fail(&f->s.proxy_error, WSLNET_E_ACCESS_DENIED, 5, "denied");
    expect(f, wn_doctor_check_iphlpsvc, WSLNET_VERDICT_SKIPPED, "");
    expect(f, wn_doctor_check_proxies, WSLNET_VERDICT_WARN, "wslnet proxy list");
    free(f);
}

static void stale_proxy_checks(void **state)
{
    fixture *f = healthy();
    (void)state;
    f->entries[0].stale = 1;
    strcpy(f->proxies.vm_address, "172.28.22.7");
    expect(f, wn_doctor_check_proxies, WSLNET_VERDICT_FAIL, "wslnet proxy sync");
    detail_has(f, wn_doctor_check_proxies, "172.28.22.7");
    expect(f, wn_doctor_check_port_proxy, WSLNET_VERDICT_FAIL, "wslnet proxy sync");
    /* the proxy accepts on 127.0.0.1, but forwards to the old address */
    expect(f, wn_doctor_check_connect_localhost, WSLNET_VERDICT_FAIL, "wslnet proxy sync");
    f->s.connect_localhost.ok = 0;
    f->s.connect_localhost.timed_out = 1;
    expect(f, wn_doctor_check_connect_localhost, WSLNET_VERDICT_FAIL, "wslnet proxy sync");
    f->entries[0].stale = 0;
    f->entries[0].missing = 1; /* deleted by someone else */
    expect(f, wn_doctor_check_proxies, WSLNET_VERDICT_FAIL, "wslnet proxy sync");
    detail_has(f, wn_doctor_check_proxies, "deleted");
    f->entries[0].missing = 0;
    f->proxies.vm_address[0] = '\0'; /* cannot tell */
    expect(f, wn_doctor_check_proxies, WSLNET_VERDICT_WARN, "wsl.exe --exec true");
    free(f);
}

static void host_firewall_checks(void **state)
{
    fixture *f = healthy();
    (void)state;
    f->hostfw[0].found = 0;
    expect(f, wn_doctor_check_host_firewall, WSLNET_VERDICT_WARN, "wslnet proxy add 8080 --to wsl");
    detail_has(f, wn_doctor_check_host_firewall, "wslnet proxy v4tov4 0.0.0.0:8080");
    /* the fix recreates the proxy as it was */
    strcpy(f->entries[0].kind, "v4tov6");
    strcpy(f->entries[0].listen_address, "127.0.0.1");
    f->entries[0].connect_port = 80;
    strcpy(f->entries[0].target, "fd00::5");
    expect(f, wn_doctor_check_host_firewall, WSLNET_VERDICT_WARN,
           "wslnet proxy add 8080 --to fd00::5 --kind v4tov6 --listen-address 127.0.0.1 --connect-port 80");
    f->s.hostfw_count = 0;
    expect(f, wn_doctor_check_host_firewall, WSLNET_VERDICT_SKIPPED, "");
    wn_fail(&f->s.hostfw_error, WSLNET_E_UNAVAILABLE, 0x80040154, "INetFwPolicy2 is not registered");
    expect(f, wn_doctor_check_host_firewall, WSLNET_VERDICT_SKIPPED, "");
    detail_has(f, wn_doctor_check_host_firewall, "not registered");
    free(f);
}

static void hyperv_firewall_checks(void **state)
{
    fixture *f = healthy();
    char *tcp = "TCP", *empty = "", *p8080 = "8080", *range = "8000-8100", *p443 = "443";
    wslnet_hvfw_rule rule;
    wslnet_hvfw_rule_list list;
    (void)state;
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_SKIPPED, "");
    f->s.hvfw.support = WSLNET_HVFW_V1; /* NAT: not applied on v1 */
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_SKIPPED, "");
    f->s.hvfw.support = WSLNET_HVFW_V2;
    f->s.hvfw.disabled = 1;
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_SKIPPED, "");
    f->s.hvfw.disabled = 0;
    f->s.hvfw_settings.exists = 1;
    f->s.hvfw_settings.enabled = 1;
    f->s.hvfw_settings.default_inbound_action = 2;
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_OK, "");
    f->s.hvfw_settings.enabled = 0;
    f->s.hvfw_settings.default_inbound_action = 4;
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_OK, "");
    f->s.hvfw_settings.enabled = 1;
    /* blocks; rules unread */
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_WARN, "wslnet firewall rule list");
    /* blocks; a rule for 443 only */
    memset(&rule, 0, sizeof rule);
    rule.name = "wslnet-web";
    rule.protocol = tcp;
    rule.direction = 1;
    rule.action = 2;
    rule.enabled = 1;
    rule.local_ports.count = 1;
    rule.local_ports.items = &p443;
    list.count = 1;
    list.rules = &rule;
    f->s.hvfw_rules = &list;
    wn_error_clear(&f->s.hvfw_rules_error);
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_WARN,
           "wslnet firewall rule add --name port-8080 --protocol tcp --local-port 8080");
    /* wsl2.firewall=false: the endpoint has no firewall policy, so "add a rule" would be false advice */
    f->s.mode.firewall = 0;
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_SKIPPED, "");
    detail_has(f, wn_doctor_check_hyperv_firewall, "wsl2.firewall=false");
    f->s.mode.firewall = 1;
    rule.local_ports.items = &range;
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_OK, "");
    detail_has(f, wn_doctor_check_hyperv_firewall, "wslnet-web");
    /* rule predicate */
    rule.local_ports.items = &p8080;
    assert_true(wn_doctor_hvfw_rule_allows(&rule, 8080));
    assert_false(wn_doctor_hvfw_rule_allows(&rule, 8081));
    rule.local_ports.count = 0; /* any port */
    assert_true(wn_doctor_hvfw_rule_allows(&rule, 1));
    rule.protocol = empty; /* any protocol */
    assert_true(wn_doctor_hvfw_rule_allows(&rule, 1));
    rule.protocol = "UDP";
    assert_false(wn_doctor_hvfw_rule_allows(&rule, 1));
    rule.protocol = tcp;
    rule.action = 4;
    assert_false(wn_doctor_hvfw_rule_allows(&rule, 1));
    rule.action = 2;
    rule.direction = 2;
    assert_false(wn_doctor_hvfw_rule_allows(&rule, 1));
    rule.direction = 1;
    rule.enabled = 2;
    assert_false(wn_doctor_hvfw_rule_allows(&rule, 1));
    /* without --port: default inbound reported */
    f->s.port = 0;
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_OK, "");
    detail_has(f, wn_doctor_check_hyperv_firewall, "block");
    wn_fail(&f->s.hvfw_error, WSLNET_E_SYSTEM, 0x80041003, "WBEM_E_ACCESS_DENIED");
    expect(f, wn_doctor_check_hyperv_firewall, WSLNET_VERDICT_SKIPPED, "");
    free(f);
}

/* The fix for an overlap: pin the first free /20 (10.250.0.0/20 is free in the fixture). */
#define FIX_PIN "wslnet subnet set 10.250.0.0/20"

static void overlap_checks(void **state)
{
    fixture *f = healthy();
    size_t base;
    (void)state;
    base = f->s.route_count;
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_OK, "");
    /* a VPN's route inside WSL's 172.28.16.0/20 */
    add_route(f, 0xAC1C1400u, 24, 30, "Corp VPN");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_FAIL, FIX_PIN);
    detail_has(f, wn_doctor_check_subnet_overlap, "172.28.20.0/24 on 'Corp VPN'");
    /* the same prefix exactly */
    f->s.route_count = base;
    add_route(f, 0xAC1C1000u, 20, 30, "Corp VPN");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_FAIL, FIX_PIN);
    /* a host route inside */
    f->s.route_count = base;
    add_route(f, 0xAC1C1405u, 32, 30, "Corp VPN");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_FAIL, FIX_PIN);
    /* a broad route around it: a warning */
    f->s.route_count = base;
    add_route(f, 0xAC100000u, 12, 30, "Corp VPN");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_WARN, FIX_PIN);
    detail_has(f, wn_doctor_check_subnet_overlap, "172.16.0.0/12");
    /* inside wins over around */
    add_route(f, 0xAC1C1F00u, 24, 31, "Other VPN");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_FAIL, FIX_PIN);
    /* adjacent, not overlapping: 172.28.32.0/20 and 172.28.0.0/20 */
    f->s.route_count = base;
    add_route(f, 0xAC1C2000u, 20, 30, "Corp VPN");
    add_route(f, 0xAC1C0000u, 20, 30, "Corp VPN");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_OK, "");
    /* ignored: the subnet broadcast host route, multicast, limited broadcast */
    add_route(f, 0xAC1C1FFFu, 32, 1, "Loopback");
    add_route(f, 0xE0000000u, 4, 30, "Corp VPN");
    add_route(f, 0xFFFFFFFFu, 32, 30, "Corp VPN");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_OK, "");
    /* routes of the WSL interface itself never count */
    f->s.route_count = base;
    add_route(f, 0xAC1C1400u, 24, 17, "vEthernet (WSL)");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_OK, "");
    /* a full-tunnel VPN's default-route halves are not conflicts (subnet_plan.h) */
    add_route(f, 0x00000000u, 1, 30, "Corp VPN");
    add_route(f, 0x80000000u, 1, 30, "Corp VPN");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_OK, "");
    /* the fix pins a range no route uses: past a VPN's 10.250.0.0/16 */
    add_route(f, 0xAC1C1400u, 24, 30, "Corp VPN");
    add_route(f, 0x0AFA0000u, 16, 30, "Corp VPN");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_FAIL, "wslnet subnet set 10.249.0.0/20");
    f->s.route_count = base;
    wn_fail(&f->s.route_error, WSLNET_E_SYSTEM, 5, "GetIpForwardTable2 failed");
    expect(f, wn_doctor_check_subnet_overlap, WSLNET_VERDICT_SKIPPED, "");
    free(f);
}

static void port_checks(void **state)
{
    fixture *f = healthy();
    (void)state;
    expect(f, wn_doctor_check_port_proxy, WSLNET_VERDICT_OK, "");
    detail_has(f, wn_doctor_check_port_proxy, "follows the VM");
    f->s.port = 9000; /* no proxy on it */
    f->s.connect_localhost.ok = 0;
    f->s.connect_localhost.code = 10061;
    expect(f, wn_doctor_check_port_proxy, WSLNET_VERDICT_WARN, "wslnet expose 9000");
    expect(f, wn_doctor_check_connect_localhost, WSLNET_VERDICT_FAIL, "wslnet expose 9000");
    /* a foreign proxy elsewhere */
    f->s.port = 8080;
    f->entries[0].owned = 0;
    f->entries[0].target[0] = '\0';
    strcpy(f->entries[0].connect_address, "10.1.2.3");
    expect(f, wn_doctor_check_port_proxy, WSLNET_VERDICT_WARN,
           "wslnet proxy remove 8080 --force && wslnet proxy add 8080 --to wsl");
    f = (free(f), healthy());
    /* closed in the VM */
    f->s.connect_vm.ok = 0;
    f->s.connect_vm.code = 10061;
    expect(f, wn_doctor_check_connect_vm, WSLNET_VERDICT_FAIL, "wsl.exe --exec ss -ltn");
    detail_has(f, wn_doctor_check_connect_vm, "refused");
    f->s.connect_localhost.ok = 0; /* the proxy accepted and closed */
    expect(f, wn_doctor_check_connect_localhost, WSLNET_VERDICT_FAIL, "");
    detail_has(f, wn_doctor_check_connect_localhost, "closed at once");
    f->s.connect_vm.code = 0;
    f->s.connect_vm.timed_out = 1;
    f->s.connect_vm.elapsed_ms = 1500;
    detail_has(f, wn_doctor_check_connect_vm, "no answer within 1500 ms");
    f->s.connect_vm.tried = 0;
    expect(f, wn_doctor_check_connect_vm, WSLNET_VERDICT_SKIPPED, "");
    /* no --port: skipped with why */
    f->s.port = 0;
    expect(f, wn_doctor_check_port_proxy, WSLNET_VERDICT_SKIPPED, "");
    expect(f, wn_doctor_check_connect_vm, WSLNET_VERDICT_SKIPPED, "");
    expect(f, wn_doctor_check_connect_localhost, WSLNET_VERDICT_SKIPPED, "");
    detail_has(f, wn_doctor_check_connect_vm, "no --port");
    free(f);
}

static void exit_codes_and_port(void **state)
{
    fixture *f = healthy();
    wslnet_doctor_report *r;
    wslnet_error err;
    uint16_t port;
    (void)state;
    f->hostfw[0].found = 0; /* one warning */
    r = wn_doctor_evaluate(&f->s);
    assert_int_equal(r->warn, 1);
    assert_int_equal(wn_doctor_exit_code(r), WSLNET_DOCTOR_EXIT_WARN);
    wn_doctor_report_free(r);
    f->entries[0].stale = 1; /* and failures */
    r = wn_doctor_evaluate(&f->s);
    assert_true(r->fail >= 1);
    assert_int_equal(wn_doctor_exit_code(r), WSLNET_DOCTOR_EXIT_FAIL);
    assert_int_equal(r->ok + r->warn + r->fail + r->skipped, r->count);
    wn_doctor_report_free(r);
    assert_int_equal(WSLNET_DOCTOR_EXIT_WARN, 20);
    assert_int_equal(WSLNET_DOCTOR_EXIT_FAIL, 21);
    assert_int_equal(wn_doctor_port_parse(NULL, &port, &err), WSLNET_OK);
    assert_int_equal(port, 0);
    assert_int_equal(wn_doctor_port_parse("65535", &port, &err), WSLNET_OK);
    assert_int_equal(port, 65535);
    assert_int_equal(wn_doctor_port_parse("0", &port, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "'0'"));
    assert_int_equal(wn_doctor_port_parse("65536", &port, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_doctor_port_parse("80 ", &port, &err), WSLNET_E_INVALID_INPUT);
    free(f);
}

static void json_and_text(void **state)
{
    fixture *f = healthy();
    wslnet_doctor_report *r;
    cJSON *doc, *checks, *c;
    char *text;
    (void)state;
    f->proxies.service = WSLNET_SERVICE_STOPPED;
    r = wn_doctor_evaluate(&f->s);
    doc = wn_json_doctor(r);
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItem(doc, "kind")->valuestring, "doctor");
    assert_int_equal(cJSON_GetObjectItem(doc, "schemaVersion")->valueint, 1);
    assert_string_equal(cJSON_GetObjectItem(doc, "verdict")->valuestring, "fail");
    assert_int_equal(cJSON_GetObjectItem(doc, "exitCode")->valueint, 21);
    assert_int_equal(cJSON_GetObjectItem(doc, "port")->valueint, 8080);
    checks = cJSON_GetObjectItem(doc, "checks");
    assert_int_equal(cJSON_GetArraySize(checks), WN_DOCTOR_CHECK_COUNT);
    c = cJSON_GetArrayItem(checks, 4);
    assert_string_equal(cJSON_GetObjectItem(c, "id")->valuestring, "iphlpsvc");
    assert_string_equal(cJSON_GetObjectItem(c, "verdict")->valuestring, "fail");
    assert_string_equal(cJSON_GetObjectItem(c, "fix")->valuestring, "sc start iphlpsvc");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "summary"), "fail")->valueint, (int)r->fail);
    cJSON_Delete(doc);
    text = wn_text_doctor(r);
    assert_non_null(text);
    assert_non_null(strstr(text, "[fail   ] iphlpsvc"));
    assert_non_null(strstr(text, "fix: sc start iphlpsvc"));
    assert_non_null(strstr(text, "[ok     ] adapter"));
    assert_non_null(strstr(text, "\nfail: "));
    free(text);
    wn_doctor_report_free(r);
    f->s.port = 0;
    r = wn_doctor_evaluate(&f->s);
    doc = wn_json_doctor(r);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(doc, "port")));
    cJSON_Delete(doc);
    wn_doctor_report_free(r);
    free(f);
}

/* An exposure missing a piece for the current mode fails with `wslnet expose sync`. */
static void exposure_checks(void **state)
{
    fixture *f = healthy();
    (void)state;
    expect(f, wn_doctor_check_exposures, WSLNET_VERDICT_OK, "");
    detail_has(f, wn_doctor_check_exposures, "complete for nat mode");
    f->exposure[0].ok = 0;
    strcpy(f->exposure[0].pieces[2].state, "missing");
    expect(f, wn_doctor_check_exposures, WSLNET_VERDICT_FAIL, "wslnet expose sync");
    detail_has(f, wn_doctor_check_exposures, "tcp 8080: hypervRule missing");
    strcpy(f->exposure[0].pieces[2].state, "ok");
    strcpy(f->exposure[0].pieces[0].state, "stale");
    expect(f, wn_doctor_check_exposures, WSLNET_VERDICT_FAIL, "wslnet expose sync");
    strcpy(f->exposure[0].refusal, "the IP Helper port proxy relays TCP only");
    expect(f, wn_doctor_check_exposures, WSLNET_VERDICT_FAIL, "wslnet unexpose 8080 --protocol tcp");
    f->exposures.count = 0;
    expect(f, wn_doctor_check_exposures, WSLNET_VERDICT_SKIPPED, "");
    f->s.exposures = NULL;
    wn_fail(&f->s.expose_error, WSLNET_E_SYSTEM, 5, "access denied");
    expect(f, wn_doctor_check_exposures, WSLNET_VERDICT_SKIPPED, "");
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(healthy_is_all_ok),    cmocka_unit_test(mode_checks),
        cmocka_unit_test(adapter_checks),       cmocka_unit_test(address_checks),
        cmocka_unit_test(config_checks),        cmocka_unit_test(iphlpsvc_checks),
        cmocka_unit_test(stale_proxy_checks),   cmocka_unit_test(host_firewall_checks),
        cmocka_unit_test(hyperv_firewall_checks), cmocka_unit_test(overlap_checks),
        cmocka_unit_test(port_checks),          cmocka_unit_test(exit_codes_and_port),
        cmocka_unit_test(json_and_text),        cmocka_unit_test(exposure_checks),
    };
    return cmocka_run_group_tests_name("doctor", tests, NULL, NULL);
}
