/* Unit tests: choosing the VM address from each source's snapshot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "address_choose.h"
#include "hns.h"
#include "ipv4.h"

static uint32_t ip(const char *text)
{
    uint32_t a = 0;
    assert_true(wn_ipv4_parse(text, &a));
    return a;
}

static const char net_v1[] =
    "{\"ID\":\"b95d0c5e-57d4-412b-b571-18a81a16e005\",\"Name\":\"WSL\","
    "\"Subnets\":[{\"AddressPrefix\":\"172.28.16.0/20\",\"GatewayAddress\":\"172.28.16.1\"}]}";
static const char ep_v1[] =
    "{\"ID\":\"11111111-2222-3333-4444-555555555555\",\"IPAddress\":\"172.28.20.5\","
    "\"VirtualNetwork\":\"b95d0c5e-57d4-412b-b571-18a81a16e005\"}";
static const char ep_other_net[] =
    "{\"ID\":\"99999999-2222-3333-4444-555555555555\",\"IPAddress\":\"10.9.9.9\","
    "\"PrefixLength\":24,\"VirtualNetwork\":\"00000000-0000-0000-0000-000000000001\"}";

static char *dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    assert_non_null(d);
    return strcpy(d, s);
}

/* Builds a one-network snapshot owning copies of the given documents. */
static void snapshot(wn_hns_snapshot *s, const char *net, const char *const *eps, size_t n)
{
    size_t i;
    memset(s, 0, sizeof *s);
    s->count = 1;
    s->networks[0].id = WN_HNS_WSL_NETWORK_ID;
    s->networks[0].properties = dup(net);
    s->networks[0].endpoint_count = n;
    s->networks[0].endpoints = calloc(n ? n : 1, sizeof(char *));
    for (i = 0; i < n; i++)
        s->networks[0].endpoints[i] = dup(eps[i]);
}

static void hns_picks_endpoint_and_fills_from_network(void **state)
{
    const char *const eps[] = {ep_other_net, ep_v1};
    wn_hns_snapshot s;
    wslnet_vm_address out;
    (void)state;
    memset(&out, 0, sizeof out);
    snapshot(&s, net_v1, eps, 2);
    assert_int_equal(wn_address_from_hns(&s, NULL, 0, &out, NULL), WSLNET_OK);
    assert_string_equal(out.address, "172.28.20.5"); /* stray endpoint of another network skipped */
    assert_int_equal(out.prefix_length, 20);          /* endpoint has none: the network's */
    assert_string_equal(out.gateway, "172.28.16.1");
    assert_non_null(strstr(out.detail, "11111111-2222-3333-4444-555555555555"));
    wn_hns_snapshot_clear(&s);
    assert_int_equal(s.count, 0);
}

static void hns_empty_and_malformed(void **state)
{
    const char *const bad[] = {"{not json"};
    wn_hns_snapshot s;
    wslnet_vm_address out;
    wslnet_error err;
    (void)state;
    memset(&s, 0, sizeof s);
    assert_int_equal(wn_address_from_hns(&s, NULL, 0, &out, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "no WSL network"));
    snapshot(&s, net_v1, NULL, 0);
    assert_int_equal(wn_address_from_hns(&s, NULL, 0, &out, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "no VM endpoint"));
    wn_hns_snapshot_clear(&s);
    snapshot(&s, net_v1, bad, 1);
    assert_int_equal(wn_address_from_hns(&s, NULL, 0, &out, &err), WSLNET_E_BAD_DATA);
    wn_hns_snapshot_clear(&s);
    snapshot(&s, "[1,2", NULL, 0);
    assert_int_equal(wn_address_from_hns(&s, NULL, 0, &out, &err), WSLNET_E_BAD_DATA);
    wn_hns_snapshot_clear(&s);
}

static void registry_value(void **state)
{
    wn_subnet own = {0, 20};
    wslnet_vm_address out;
    wslnet_error err;
    (void)state;
    own.address = ip("172.28.16.1");
    memset(&out, 0, sizeof out);
    assert_int_equal(wn_address_from_registry("172.28.20.7", "HKCU", &own, 1, NULL, 0, 1, &out, NULL), WSLNET_OK);
    assert_string_equal(out.address, "172.28.20.7");
    assert_int_equal(out.prefix_length, 20);
    assert_string_equal(out.gateway, "172.28.16.1");
    assert_int_equal(wn_address_from_registry(NULL, "HKCU", NULL, 0, NULL, 0, 0, &out, &err), WSLNET_E_NOT_FOUND);
    assert_int_equal(wn_address_from_registry("", "HKCU", NULL, 0, NULL, 0, 0, &out, &err), WSLNET_E_NOT_FOUND);
    assert_int_equal(wn_address_from_registry("not-an-ip", "HKCU", NULL, 0, NULL, 0, 0, &out, &err),
                     WSLNET_E_BAD_DATA);
    assert_non_null(strstr(err.message, "not-an-ip"));
    assert_int_equal(wn_address_from_registry("127.0.0.1", "HKCU", NULL, 0, NULL, 0, 0, &out, &err),
                     WSLNET_E_BAD_DATA);
}

/* issue 9 finding 5: a user-writable value outside the WSL NAT subnet is refused */
static void registry_value_outside_nat_subnet_refused(void **state)
{
    wn_subnet own = {0, 20}, nat = {0, 20};
    wslnet_vm_address out;
    wslnet_error err;
    (void)state;
    own.address = ip("172.28.16.1");
    nat.address = ip("172.28.16.0");
    memset(&out, 0, sizeof out);
    /* outside the adapter's subnet: refused, naming the value and its place */
    assert_int_equal(wn_address_from_registry("8.8.8.8", "HKCU", &own, 1, NULL, 0, 0, &out, &err),
                     WSLNET_E_BAD_DATA);
    assert_non_null(strstr(err.message, "8.8.8.8"));
    assert_non_null(strstr(err.message, "HKCU"));
    assert_non_null(strstr(err.message, "172.28.16.0/20"));
    /* outside HKLM NatNetwork / the HNS subnet, no adapter */
    assert_int_equal(wn_address_from_registry("10.1.2.3", "HKU\\S-1-5-21-1", NULL, 0, &nat, 1, 1, &out, &err),
                     WSLNET_E_BAD_DATA);
    assert_non_null(strstr(err.message, "HKU\\S-1-5-21-1"));
    /* inside HKLM NatNetwork: accepted */
    assert_int_equal(wn_address_from_registry("172.28.20.7", "HKCU", NULL, 0, &nat, 1, 1, &out, &err), WSLNET_OK);
    /* no subnet known: refused for a change, a caveat for a look */
    assert_int_equal(wn_address_from_registry("8.8.8.8", "HKCU", NULL, 0, NULL, 0, 1, &out, &err), WSLNET_E_BAD_DATA);
    assert_non_null(strstr(err.message, "no WSL NAT subnet"));
    assert_int_equal(wn_address_from_registry("172.28.20.7", "HKCU", NULL, 0, NULL, 0, 0, &out, &err), WSLNET_OK);
    assert_non_null(strstr(out.detail, "not checked"));
}

/* one NAT network, two users' endpoints: each user's NatIpAddress picks theirs */
static void hns_endpoint_per_user(void **state)
{
    const char *const eps[] = {"{\"ID\":\"aaaaaaaa-0000-0000-0000-000000000001\",\"IPAddress\":\"172.28.20.5\"}",
                               "{\"ID\":\"aaaaaaaa-0000-0000-0000-000000000002\",\"IPAddress\":\"172.28.20.9\"}"};
    wn_hns_snapshot s;
    wslnet_vm_address out;
    wslnet_error err;
    (void)state;
    memset(&out, 0, sizeof out);
    snapshot(&s, net_v1, eps, 2);
    assert_int_equal(wn_address_from_hns(&s, "172.28.20.9", 1, &out, &err), WSLNET_OK);
    assert_string_equal(out.address, "172.28.20.9");
    assert_int_equal(wn_address_from_hns(&s, "172.28.20.5", 1, &out, &err), WSLNET_OK);
    assert_string_equal(out.address, "172.28.20.5");
    /* nobody named, two VMs: refused with the candidates */
    assert_int_equal(wn_address_from_hns(&s, NULL, 0, &out, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "172.28.20.5, 172.28.20.9"));
    assert_non_null(strstr(err.message, "--user"));
    /* the user's address is not among them: their VM is not running */
    assert_int_equal(wn_address_from_hns(&s, "172.28.20.77", 1, &out, &err), WSLNET_E_NOT_FOUND);
    assert_int_equal(wn_address_from_hns(&s, "172.28.20.77", 0, &out, &err), WSLNET_E_NOT_FOUND); /* two: whose? */
    assert_int_equal(wn_address_from_hns(&s, NULL, 1, &out, &err), WSLNET_E_NOT_FOUND);
    wn_hns_snapshot_clear(&s);
    /* the caller's own stale value and one VM: that VM, with a note */
    snapshot(&s, net_v1, eps, 1);
    assert_int_equal(wn_address_from_hns(&s, "172.28.20.77", 0, &out, &err), WSLNET_OK);
    assert_string_equal(out.address, "172.28.20.5");
    assert_non_null(strstr(out.detail, "not this user's NatIpAddress 172.28.20.77"));
    assert_int_equal(wn_address_from_hns(&s, "172.28.20.77", 1, &out, &err), WSLNET_E_NOT_FOUND); /* named: not theirs */
    wn_hns_snapshot_clear(&s);
}

/* as SYSTEM without --user: the one signed-in user with a VM; several: refused */
static void system_picks_the_user(void **state)
{
    wn_user_candidate u[3] = {{"PC\\ann", "S-1-5-21-1-1001", "172.28.20.5"},
                              {"PC\\bob", "S-1-5-21-1-1002", NULL},
                              {"PC\\cy", "S-1-5-21-1-1003", "172.28.20.9"}};
    wslnet_error err;
    size_t pick = 99;
    (void)state;
    assert_int_equal(wn_address_pick_user(u, 2, &pick, &err), WSLNET_OK);
    assert_int_equal(pick, 0);
    assert_int_equal(wn_address_pick_user(u, 3, &pick, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "PC\\ann (S-1-5-21-1-1001, NatIpAddress 172.28.20.5)"));
    assert_non_null(strstr(err.message, "PC\\cy"));
    assert_null(strstr(err.message, "bob"));
    assert_int_equal(wn_address_pick_user(u + 1, 1, &pick, &err), WSLNET_OK); /* only one signed in */
    assert_int_equal(pick, 0);
    assert_int_equal(wn_address_pick_user(u + 1, 1, &pick, &err), WSLNET_OK);
    assert_int_equal(wn_address_pick_user(NULL, 0, &pick, &err), WSLNET_OK); /* nobody: the caller's own */
    assert_int_equal(pick, 0);
}

static wn_neighbor row(const char *addr, uint8_t b0, uint8_t b1, uint8_t b2, int state)
{
    wn_neighbor n;
    memset(&n, 0, sizeof n);
    n.address = ip(addr);
    n.mac[0] = b0;
    n.mac[1] = b1;
    n.mac[2] = b2;
    n.mac[3] = 0xAA;
    n.mac[4] = 0xBB;
    n.mac[5] = 0xCC;
    n.mac_length = 6;
    n.state = state;
    return n;
}

static void neighbors_choose_hyperv_mac_in_subnet(void **state)
{
    wn_subnet own = {0, 20};
    wn_neighbor rows[7];
    wslnet_vm_address out;
    (void)state;
    own.address = ip("172.28.16.1");
    rows[0] = row("172.28.20.9", 0x02, 0x42, 0xAC, 5);    /* decoy: not Hyper-V */
    rows[1] = row("10.0.0.5", 0x00, 0x15, 0x5D, 5);       /* Hyper-V, other subnet */
    rows[2] = row("172.28.31.255", 0x00, 0x15, 0x5D, 6);  /* subnet broadcast */
    rows[3] = row("172.28.16.1", 0x00, 0x15, 0x5D, 6);    /* the host's own address */
    rows[4] = row("172.28.20.6", 0x00, 0x15, 0x5D, 0);    /* unreachable */
    rows[5] = row("172.28.20.4", 0x00, 0x15, 0x5D, 4);    /* stale */
    rows[6] = row("172.28.20.5", 0x00, 0x15, 0x5D, 5);    /* reachable: the best */
    memset(&out, 0, sizeof out);
    assert_int_equal(wn_address_from_neighbors(rows, 7, &own, 1, "wslhost0", &out, NULL), WSLNET_OK);
    assert_string_equal(out.address, "172.28.20.5");
    assert_int_equal(out.prefix_length, 20);
    assert_string_equal(out.gateway, "172.28.16.1");
    assert_non_null(strstr(out.detail, "00-15-5D-AA-BB-CC"));
    /* without the reachable one, the stale one is still evidence */
    assert_int_equal(wn_address_from_neighbors(rows, 6, &own, 1, "wslhost0", &out, NULL), WSLNET_OK);
    assert_string_equal(out.address, "172.28.20.4");
}

static void neighbors_nothing(void **state)
{
    wn_subnet own = {0, 20};
    wn_neighbor decoy;
    wslnet_vm_address out;
    wslnet_error err;
    (void)state;
    own.address = ip("172.28.16.1");
    decoy = row("172.28.20.9", 0x02, 0x42, 0xAC, 5);
    assert_int_equal(wn_address_from_neighbors(&decoy, 1, &own, 1, "wslhost0", &out, &err),
                     WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "00-15-5D"));
    assert_int_equal(wn_address_from_neighbors(NULL, 0, NULL, 0, "wslhost1", &out, &err),
                     WSLNET_E_NOT_FOUND);
    assert_string_equal(err.message, "adapter 'wslhost1' has no IPv4 address");
}

static void wsl_output_utf8_and_utf16(void **state)
{
    static const char utf8[] = "172.17.0.1 172.28.20.5 fe80::1 \n";
    uint8_t utf16[2 * sizeof utf8];
    wn_subnet own = {0, 20};
    wslnet_vm_address out;
    size_t i;
    (void)state;
    own.address = ip("172.28.16.1");
    for (i = 0; i < sizeof utf8 - 1; i++) {
        utf16[2 * i] = (uint8_t)utf8[i];
        utf16[2 * i + 1] = 0;
    }
    memset(&out, 0, sizeof out);
    assert_int_equal(wn_address_from_wsl_output((const uint8_t *)utf8, sizeof utf8 - 1, 0, &own, 1,
                                                &out, NULL), WSLNET_OK);
    assert_string_equal(out.address, "172.28.20.5"); /* the one in the WSL subnet, not docker's */
    memset(&out, 0, sizeof out);
    assert_int_equal(wn_address_from_wsl_output(utf16, 2 * (sizeof utf8 - 1), 0, &own, 1, &out, NULL),
                     WSLNET_OK);
    assert_string_equal(out.address, "172.28.20.5");
    /* no adapter: first IPv4 */
    assert_int_equal(wn_address_from_wsl_output((const uint8_t *)utf8, sizeof utf8 - 1, 0, NULL, 0,
                                                &out, NULL), WSLNET_OK);
    assert_string_equal(out.address, "172.17.0.1");
}

static void wsl_output_outside_subnet(void **state)
{
    static const char docker_only[] = "172.17.0.1 10.255.255.254\n";
    wn_subnet own = {0xAC1C1001u, 20};
    wslnet_vm_address out;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_address_from_wsl_output((const uint8_t *)docker_only, sizeof docker_only - 1, 0,
                                                &own, 1, &out, &err), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "subnet"));
}

static void wsl_output_failures(void **state)
{
    static const uint8_t msg[] = {'N', 0, 'o', 0, ' ', 0, 'd', 0, 'i', 0, 's', 0, 't', 0, '\r', 0, '\n', 0};
    wslnet_vm_address out;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_address_from_wsl_output(msg, sizeof msg, 1, NULL, 0, &out, &err),
                     WSLNET_E_UNAVAILABLE);
    assert_string_equal(err.message, "wsl.exe hostname -I failed (exit 1): No dist");
    assert_int_equal(wn_address_from_wsl_output((const uint8_t *)"fe80::1\n", 8, 0, NULL, 0, &out, &err),
                     WSLNET_E_NOT_FOUND);
    assert_int_equal(wn_address_from_wsl_output((const uint8_t *)"", 0, 0, NULL, 0, &out, &err),
                     WSLNET_E_NOT_FOUND);
}

static void attempts_are_capped(void **state)
{
    wslnet_vm_address out;
    int i;
    (void)state;
    memset(&out, 0, sizeof out);
    for (i = 0; i < 6; i++)
        wn_address_add_attempt(&out, WSLNET_SOURCE_HNS, WSLNET_E_NOT_FOUND, "x");
    assert_int_equal(out.attempt_count, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hns_picks_endpoint_and_fills_from_network),
        cmocka_unit_test(hns_empty_and_malformed),
        cmocka_unit_test(registry_value),
        cmocka_unit_test(registry_value_outside_nat_subnet_refused),
        cmocka_unit_test(hns_endpoint_per_user),
        cmocka_unit_test(system_picks_the_user),
        cmocka_unit_test(neighbors_choose_hyperv_mac_in_subnet),
        cmocka_unit_test(neighbors_nothing),
        cmocka_unit_test(wsl_output_utf8_and_utf16),
        cmocka_unit_test(wsl_output_outside_subnet),
        cmocka_unit_test(wsl_output_failures),
        cmocka_unit_test(attempts_are_capped),
    };
    return cmocka_run_group_tests_name("address", tests, NULL, NULL);
}
