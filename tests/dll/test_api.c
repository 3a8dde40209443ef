/* Windows-layer tests: wslnet.dll under Wine, in the CTest prefix (which has
 * no HNS and no wsl.exe, like a Windows without WSL). Real IP Helper, real
 * registry; each test restores what it changed. */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "wslnet.h"

#define LXSS L"Software\\Microsoft\\Windows\\CurrentVersion\\Lxss"
#define NT L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"

static void set_sz(HKEY root, const wchar_t *path, const wchar_t *name, const wchar_t *value)
{
    HKEY key;
    assert_int_equal(RegCreateKeyExW(root, path, 0, NULL, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, NULL,
                                     &key, NULL), ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value,
                                    (DWORD)((wcslen(value) + 1) * sizeof(wchar_t))), ERROR_SUCCESS);
    RegCloseKey(key);
}

static void set_dword(HKEY root, const wchar_t *path, const wchar_t *name, DWORD value)
{
    HKEY key;
    assert_int_equal(RegCreateKeyExW(root, path, 0, NULL, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, NULL,
                                     &key, NULL), ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof value),
                     ERROR_SUCCESS);
    RegCloseKey(key);
}

static void delete_value(HKEY root, const wchar_t *path, const wchar_t *name)
{
    HKEY key;
    if (RegOpenKeyExW(root, path, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, &key) == ERROR_SUCCESS) {
        RegDeleteValueW(key, name);
        RegCloseKey(key);
    }
}

static void adapters_by_pattern(void **state)
{
    wslnet_adapter_list *list = NULL;
    wslnet_error err;
    size_t i;
    int has_loopback = 0;
    (void)state;
    /* Wine names adapters after the Linux interfaces: "lo" always exists. */
    assert_int_equal(wslnet_adapter_list_get("L?", &list, &err), WSLNET_OK);
    assert_int_equal(list->count, 1);
    assert_string_equal(list->items[0].name, "lo");
    assert_int_equal(list->items[0].oper_status, WSLNET_OPER_UP);
    assert_true(list->items[0].luid != 0);
    for (i = 0; i < list->items[0].address_count; i++) {
        if (list->items[0].addresses[i].family == 4 &&
            strcmp(list->items[0].addresses[i].address, "127.0.0.1") == 0 &&
            list->items[0].addresses[i].prefix_length == 8)
            has_loopback = 1;
    }
    assert_true(has_loopback);
    assert_int_equal(list->items[0].addresses[0].family, 4); /* IPv4 first */
    wslnet_adapter_list_free(list);
}

static void no_adapter_is_not_found(void **state)
{
    wslnet_adapter_list *list = (wslnet_adapter_list *)1;
    wslnet_error err;
    (void)state;
    assert_int_equal(wslnet_adapter_list_get(NULL, &list, &err), WSLNET_E_NOT_FOUND);
    assert_null(list);
    assert_int_equal(err.status, WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "vEthernet (WSL*"));
    assert_int_equal(wslnet_adapter_list_get("no-such-adapter*", &list, NULL), WSLNET_E_NOT_FOUND);
}

static wslnet_status lookup(wslnet_source source, const char *pattern, wslnet_vm_address *out,
                            wslnet_error *err)
{
    wslnet_address_options o = {source, pattern, NULL, 0};
    return wslnet_vm_address_get(&o, out, err);
}

static void registry_source(void **state)
{
    wslnet_vm_address a;
    wslnet_error err;
    (void)state;
    set_sz(HKEY_CURRENT_USER, LXSS, L"NatIpAddress", L"127.0.0.9");
    /* 127/8 is no VM address: bad data, and the message quotes the value */
    assert_int_equal(lookup(WSLNET_SOURCE_REGISTRY, "lo", &a, &err), WSLNET_E_BAD_DATA);
    assert_non_null(strstr(err.message, "127.0.0.9"));
    set_sz(HKEY_CURRENT_USER, LXSS, L"NatIpAddress", L"172.28.20.7");
    /* outside the adapter's subnet (the loopback stands in for it): refused, naming value and place */
    assert_int_equal(lookup(WSLNET_SOURCE_REGISTRY, "lo", &a, &err), WSLNET_E_BAD_DATA);
    assert_non_null(strstr(err.message, "172.28.20.7"));
    assert_non_null(strstr(err.message, "HKCU"));
    /* no subnet known: a look gets it with a caveat */
    assert_int_equal(lookup(WSLNET_SOURCE_REGISTRY, "no-such-adapter*", &a, &err), WSLNET_OK);
    assert_string_equal(a.address, "172.28.20.7");
    assert_int_equal(a.source, WSLNET_SOURCE_REGISTRY);
    assert_int_equal(a.attempt_count, 1);
    assert_non_null(strstr(a.detail, "not checked"));
    /* auto: HNS is absent in this prefix, so the registry answers second */
    assert_int_equal(lookup(WSLNET_SOURCE_AUTO, "no-such-adapter*", &a, &err), WSLNET_OK);
    assert_int_equal(a.source, WSLNET_SOURCE_REGISTRY);
    assert_int_equal(a.attempt_count, 2);
    assert_int_equal(a.attempts[0].source, WSLNET_SOURCE_HNS);
    assert_int_equal(a.attempts[0].status, WSLNET_E_UNAVAILABLE);
    set_dword(HKEY_CURRENT_USER, LXSS, L"NatIpAddress", 7);
    assert_int_equal(lookup(WSLNET_SOURCE_REGISTRY, NULL, &a, &err), WSLNET_E_BAD_DATA);
    delete_value(HKEY_CURRENT_USER, LXSS, L"NatIpAddress");
    assert_int_equal(lookup(WSLNET_SOURCE_REGISTRY, NULL, &a, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "NatIpAddress"));
}

static void hns_and_wsl_absent(void **state)
{
    wslnet_vm_address a;
    wslnet_error err;
    (void)state;
    assert_int_equal(lookup(WSLNET_SOURCE_HNS, NULL, &a, &err), WSLNET_E_UNAVAILABLE);
    assert_non_null(strstr(err.message, "computenetwork.dll"));
    assert_string_equal(a.address, "");
    assert_int_equal(lookup(WSLNET_SOURCE_WSL, NULL, &a, &err), WSLNET_E_UNAVAILABLE);
    assert_non_null(strstr(err.message, "wsl.exe"));
}

static void nothing_found_lists_attempts(void **state)
{
    wslnet_vm_address a;
    wslnet_error err;
    (void)state;
    delete_value(HKEY_CURRENT_USER, LXSS, L"NatIpAddress");
    assert_int_equal(lookup(WSLNET_SOURCE_AUTO, NULL, &a, &err), WSLNET_E_NOT_FOUND);
    assert_int_equal(a.attempt_count, 3);
    assert_int_equal(a.attempts[0].source, WSLNET_SOURCE_HNS);
    assert_int_equal(a.attempts[1].source, WSLNET_SOURCE_REGISTRY);
    assert_int_equal(a.attempts[2].source, WSLNET_SOURCE_NEIGHBOR);
    assert_int_equal(a.attempts[2].status, WSLNET_E_NOT_FOUND);
    /* the loopback has addresses but no Hyper-V neighbour */
    assert_int_equal(lookup(WSLNET_SOURCE_NEIGHBOR, "lo", &a, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "00-15-5D"));
}

static void write_file(const char *path, const void *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
}

static void mode_reads_config_and_build(void **state)
{
    static const uint8_t utf16[] = {0xFF, 0xFE, '[', 0, 'w', 0, 's', 0, 'l', 0, '2', 0, ']', 0, '\r', 0,
                                    '\n', 0, 'n', 0, 'e', 0, 't', 0, 'w', 0, 'o', 0, 'r', 0, 'k', 0,
                                    'i', 0, 'n', 0, 'g', 0, 'M', 0, 'o', 0, 'd', 0, 'e', 0, '=', 0,
                                    'm', 0, 'i', 0, 'r', 0, 'r', 0, 'o', 0, 'r', 0, 'e', 0, 'd', 0};
    char dir[MAX_PATH], path[MAX_PATH + 32];
    wslnet_mode_info m;
    wslnet_error err;
    (void)state;
    GetTempPathA(sizeof dir, dir);
    snprintf(path, sizeof path, "%swslnet-test.wslconfig", dir);
    write_file(path, utf16, sizeof utf16);
    set_sz(HKEY_LOCAL_MACHINE, NT, L"CurrentBuild", L"22631");
    set_dword(HKEY_LOCAL_MACHINE, NT, L"UBR", 4169);
    set_sz(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss\\MSI", L"Version",
           L"2.6.3.0");
    assert_int_equal(wslnet_mode_get(path, NULL, &m, &err), WSLNET_OK);
    assert_string_equal(m.configured, "mirrored");
    assert_true(m.config_exists);
    assert_int_equal(m.config_line, 2);
    assert_int_equal(m.windows_build, 22631);
    assert_int_equal(m.windows_ubr, 4169);
    assert_string_equal(m.wsl_version, "2.6.3.0");
    /* no computenetwork.dll in this prefix: no flow-steering exports, so WSL falls back to NAT */
    assert_int_equal(m.mirrored_supported, 0);
    assert_int_equal(m.hns_flow_steering, 0);
    assert_string_equal(m.effective, "nat");
    assert_non_null(strstr(m.effective_reason, "HcnReserveGuestNetworkServicePort"));
    assert_true(m.step_count >= 2);
    assert_int_equal(m.policy_default_mode, -1);
    set_sz(HKEY_LOCAL_MACHINE, NT, L"CurrentBuild", L"19045");
    assert_int_equal(wslnet_mode_get("C:\\no\\such\\.wslconfig", NULL, &m, &err), WSLNET_OK);
    assert_false(m.config_exists);
    assert_true(m.configured_is_default);
    assert_int_equal(m.mirrored_supported, 0);
    DeleteFileA(path);
    set_sz(HKEY_LOCAL_MACHINE, NT, L"CurrentBuild", L"7601");
    delete_value(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss\\MSI", L"Version");
}

/* The policy API: validation from a file (problems with JSON paths, the size
 * cap), and remove_owned with nothing owned: zero changes, no key written. */
static void policy_validate_and_remove_owned(void **state)
{
    char dir[MAX_PATH], path[MAX_PATH + 32];
    static const char bad[] = "{\"schemaVersion\": 1, \"exposures\": [{\"ports\": [0]}], \"x\": 1}";
    static const char good[] = "{\"schemaVersion\": 1, \"portProxies\": []}";
    wslnet_policy_options o = {path, 0};
    wslnet_policy_result *r = NULL;
    wslnet_error err;
    HKEY key;
    (void)state;
    GetTempPathA(sizeof dir, dir);
    snprintf(path, sizeof path, "%swslnet-test-policy.json", dir);
    write_file(path, bad, sizeof bad - 1);
    assert_int_equal(wslnet_policy_validate(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(r);
    assert_false(r->valid);
    assert_int_equal(r->problem_count, 2);
    assert_string_equal(r->problems[0].path, "$.x");
    assert_string_equal(r->problems[1].path, "$.exposures[0].ports[0]");
    assert_int_equal(r->source, WSLNET_POLICY_SOURCE_ARGUMENT);
    wslnet_policy_result_free(r);
    write_file(path, good, sizeof good - 1);
    assert_int_equal(wslnet_policy_validate(&o, &r, &err), WSLNET_OK);
    assert_true(r->valid);
    assert_int_equal(r->problem_count, 0);
    wslnet_policy_result_free(r);
    {
        static char big[WSLNET_POLICY_FILE_MAX + 2];
        memset(big, ' ', sizeof big);
        memcpy(big, good, sizeof good - 1);
        write_file(path, big, sizeof big);
        r = NULL;
        assert_int_equal(wslnet_policy_validate(&o, &r, &err), WSLNET_E_INVALID_INPUT);
        assert_null(r);
        assert_non_null(strstr(err.message, "larger than"));
    }
    DeleteFileA(path);
    assert_int_equal(wslnet_policy_validate(&o, &r, &err), WSLNET_E_NOT_FOUND);
    assert_null(r);
    assert_int_equal(wslnet_policy_remove_owned(NULL, &r, &err), WSLNET_OK);
    assert_int_equal(r->change_count, 0);
    assert_int_equal(r->applied, 0);
    wslnet_policy_result_free(r);
    assert_int_not_equal(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\wslnet\\Policy", 0, KEY_READ | KEY_WOW64_64KEY, &key),
                         ERROR_SUCCESS);
}

/* The typed proxy options (API version 4): values out of range are
 * WSLNET_E_INVALID_INPUT before anything is read or locked, *out NULL. */
static wslnet_status proxy_add_status(const wslnet_proxy_add_options *o, wslnet_error *err)
{
    wslnet_proxy_result *r = (wslnet_proxy_result *)1;
    wslnet_status st = wslnet_proxy_add(o, &r, err);
    if (st != WSLNET_OK)
        assert_null(r);
    wslnet_proxy_result_free(st == WSLNET_OK ? r : NULL);
    return st;
}

static void proxy_typed_options_checked(void **state)
{
    wslnet_proxy_add_options o;
    wslnet_proxy_remove_options ro;
    wslnet_proxy_result *r = NULL;
    wslnet_error err;
    (void)state;
    memset(&o, 0, sizeof o);
    o.to = "wsl";
    o.dry_run = 1;
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT); /* listen_port 0 */
    o.listen_port = 8080;
    o.to = NULL;
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    o.to = "wsl";
    o.kind = (wslnet_proxy_kind)4;
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "kind 4"));
    o.kind = WSLNET_PROXY_V4TOV4;
    o.listen.address.family = 6; /* ::, not of v4tov4's listen family */
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "listen address '::' is not '*' or an IPv4 address"));
    o.listen.address.family = 5;
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    o.listen.address.family = 4;
    o.listen.wildcard = 1;
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    memset(&o.listen, 0, sizeof o.listen);
    o.profiles = 0x8;
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "profiles 0x8"));
    o.profiles = WSLNET_FW_PROFILE_PUBLIC;
    o.no_firewall = 1;
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    o.no_firewall = 0;
    o.remote = "not-an-address";
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    o.remote = NULL;
    o.to = "bad host!";
    assert_int_equal(proxy_add_status(&o, &err), WSLNET_E_INVALID_INPUT);

    memset(&ro, 0, sizeof ro);
    ro.dry_run = 1;
    assert_int_equal(wslnet_proxy_remove(&ro, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_null(r);
    ro.listen_port = 8080;
    ro.kind = WSLNET_PROXY_V6TOV6;
    ro.listen.address.family = 4;
    assert_int_equal(wslnet_proxy_remove(&ro, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "listen address '0.0.0.0' is not '*' or an IPv6 address (kind v6tov6)"));
    assert_null(r);
}

/* The typed expose options (API version 4): checked before anything is read. */
static void expose_typed_options_checked(void **state)
{
    wslnet_expose_options o;
    wslnet_expose_result *r = NULL;
    wslnet_error err;
    (void)state;
    memset(&o, 0, sizeof o);
    o.dry_run = 1;
    assert_int_equal(wslnet_expose(&o, &r, &err), WSLNET_E_INVALID_INPUT); /* no port */
    assert_null(r);
    o.port_count = 2;
    o.ports[0] = 8080;
    o.ports[1] = 8080;
    assert_int_equal(wslnet_expose(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_string_equal(err.message, "port 8080 is listed twice");
    o.ports[1] = 8443;
    o.to_port = 80;
    assert_int_equal(wslnet_expose(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_string_equal(err.message, "--to-port needs a single port");
    assert_int_equal(wslnet_unexpose(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_string_equal(err.message, "unexpose takes one port");
    o.to_port = 0;
    o.port_count = WSLNET_EXPOSE_PORTS_MAX + 1;
    assert_int_equal(wslnet_expose(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    o.port_count = 1;
    o.protocol = (wslnet_protocol)2;
    assert_int_equal(wslnet_expose(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    o.protocol = WSLNET_PROTOCOL_UDP;
    o.profiles = 0x10;
    assert_int_equal(wslnet_expose(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    o.profiles = 0;
    o.ports[0] = 0;
    assert_int_equal(wslnet_expose(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_null(r);
}

/* The typed subnet options (API version 4): the values are checked before
 * anything is read, the messages quoting them as text. */
static void subnet_typed_options_checked(void **state)
{
    wslnet_subnet_set_options o;
    wslnet_subnet_set_result r;
    wslnet_error err;
    (void)state;
    memset(&o, 0, sizeof o);
    o.dry_run = 1;
    o.subnet.network = 0x0AFA0001u; /* 10.250.0.1/20 */
    o.subnet.prefix_length = 20;
    assert_int_equal(wslnet_subnet_set(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_string_equal(err.message, "'10.250.0.1/20' has host bits set: the subnet is 10.250.0.0/20");
    o.subnet.network = 0x0AFA0000u;
    o.subnet.prefix_length = 33;
    assert_int_equal(wslnet_subnet_set(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    o.subnet.prefix_length = 12;
    assert_int_equal(wslnet_subnet_set(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    o.subnet.network = 0x08080000u; /* 8.8.0.0/20 */
    o.subnet.prefix_length = 20;
    assert_int_equal(wslnet_subnet_set(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "not a private range"));
    o.subnet.network = 0x0AFA0000u;
    o.gateway = 0x0AFA1001u; /* 10.250.16.1: outside 10.250.0.0/20 */
    assert_int_equal(wslnet_subnet_set(&o, &r, &err), WSLNET_E_INVALID_INPUT);
    assert_string_equal(err.message, "--gateway 10.250.16.1 is not a host address of 10.250.0.0/20");
    o.gateway = 0x0AFA0FFFu; /* the broadcast address */
    assert_int_equal(wslnet_subnet_set(&o, &r, &err), WSLNET_E_INVALID_INPUT);
}

static wslnet_status hvfw_add_status(const wslnet_hvfw_rule_options *o, wslnet_error *err)
{
    wslnet_hvfw_rule_result *r = (wslnet_hvfw_rule_result *)1;
    wslnet_status st = wslnet_hvfw_rule_add(o, &r, err);
    if (st != WSLNET_OK)
        assert_null(r);
    wslnet_hvfw_rule_result_free(st == WSLNET_OK ? r : NULL);
    return st;
}

/* The typed Hyper-V firewall options (API version 5): every value checked
 * before WMI is touched, the message naming the field. */
static void hvfw_typed_options_checked(void **state)
{
    wslnet_hvfw_rule_options o;
    wslnet_hvfw_settings_options so;
    wslnet_hvfw_settings_result sr;
    wslnet_hvfw_port_range ports[2] = {{80, 80}, {8000, 8080}};
    wslnet_hvfw_address addr;
    wslnet_error err;
    wslnet_status st;
    (void)state;
    assert_int_equal(WSLNET_API_VERSION, 5);
    memset(&o, 0, sizeof o);
    memset(&addr, 0, sizeof addr);
    o.name = "web";
    o.dry_run = 1;
    o.protocol = -1;
    assert_int_equal(hvfw_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "protocol: -1"));
    o.protocol = 300;
    assert_int_equal(hvfw_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "protocol: 300"));
    o.protocol = WSLNET_HVFW_PROTOCOL_ICMPV6;
    o.local_ports = ports;
    o.local_port_count = 2;
    assert_int_equal(hvfw_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "only to protocol TCP or UDP (the protocol is ICMPv6)"));
    o.protocol = WSLNET_HVFW_PROTOCOL_TCP;
    ports[1].first = 9000;   /* 9000-8080: backwards */
    assert_int_equal(hvfw_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "local_ports"));
    ports[1].first = 8000;
    o.remote_addresses = &addr;   /* family 0 */
    o.remote_address_count = 1;
    assert_int_equal(hvfw_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "remote_addresses"));
    addr.kind = WSLNET_HVFW_ADDRESS_SUBNET;
    addr.address.family = 4;
    addr.address.bytes[0] = 10;
    addr.prefix = 8;
    o.action = WSLNET_HVFW_ACTION_NOT_CONFIGURED;
    assert_int_equal(hvfw_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "action"));
    o.action = WSLNET_HVFW_ACTION_BLOCK;
    o.profiles = 0x10;
    assert_int_equal(hvfw_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "profiles"));
    o.profiles = WSLNET_HVFW_PROFILE_PRIVATE;
    o.vm_creator_id = "{nope}";
    assert_int_equal(hvfw_add_status(&o, &err), WSLNET_E_INVALID_INPUT);
    o.vm_creator_id = NULL;
    /* valid values get past validation: Wine has no Hyper-V firewall classes */
    st = hvfw_add_status(&o, &err);
    assert_true(st == WSLNET_OK || st == WSLNET_E_UNSUPPORTED);

    memset(&so, 0, sizeof so);
    so.dry_run = 1;
    assert_int_equal(wslnet_hvfw_settings_set(&so, &sr, &err), WSLNET_E_INVALID_INPUT); /* nothing given */
    assert_non_null(strstr(err.message, "nothing to set"));
    so.loopback = (wslnet_hvfw_bool)9;
    assert_int_equal(wslnet_hvfw_settings_set(&so, &sr, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "loopback"));
    so.loopback = WSLNET_HVFW_BOOL_TRUE;
    so.default_inbound = (wslnet_hvfw_action)-1;
    assert_int_equal(wslnet_hvfw_settings_set(&so, &sr, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "default_inbound"));
}

static void exported_tables(void **state)
{
    char mac[32];
    static const uint8_t bytes[6] = {0, 0x15, 0x5d, 1, 2, 3};
    (void)state;
    assert_string_equal(wslnet_version(), WSLNET_VERSION_STRING);
    assert_string_equal(wslnet_status_name(WSLNET_E_UNAVAILABLE), "unavailable");
    assert_int_equal(wslnet_status_exit_code(WSLNET_E_ACCESS_DENIED), 7);
    assert_string_equal(wslnet_source_name(WSLNET_SOURCE_NEIGHBOR), "neighbor");
    wslnet_format_mac(bytes, 6, mac, sizeof mac);
    assert_string_equal(mac, "00-15-5D-01-02-03");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(adapters_by_pattern),
        cmocka_unit_test(no_adapter_is_not_found),
        cmocka_unit_test(registry_source),
        cmocka_unit_test(hns_and_wsl_absent),
        cmocka_unit_test(nothing_found_lists_attempts),
        cmocka_unit_test(mode_reads_config_and_build),
        cmocka_unit_test(policy_validate_and_remove_owned),
        cmocka_unit_test(proxy_typed_options_checked),
        cmocka_unit_test(expose_typed_options_checked),
        cmocka_unit_test(subnet_typed_options_checked),
        cmocka_unit_test(hvfw_typed_options_checked),
        cmocka_unit_test(exported_tables),
    };
    return cmocka_run_group_tests_name("win_api", tests, NULL, NULL);
}
