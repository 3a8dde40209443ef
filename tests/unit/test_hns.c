/* Unit tests: HNS JSON in the V1 and V2 shapes, malformed documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hns.h"
#include "ipv4.h"

static uint32_t ip(const char *text)
{
    uint32_t a = 0;
    assert_true(wn_ipv4_parse(text, &a));
    return a;
}

static void guid_normalize(void **state)
{
    char out[37];
    (void)state;
    assert_true(wn_guid_normalize("{B95D0C5E-57D4-412B-B571-18A81A16E005}", out));
    assert_string_equal(out, WN_HNS_WSL_NETWORK_ID);
    assert_true(wn_guid_normalize("790e58b4-7939-4434-9358-89ae7ddbe87e", out));
    assert_false(wn_guid_normalize("{790e58b4-7939-4434-9358-89ae7ddbe87e", out));
    assert_false(wn_guid_normalize("790e58b4x7939-4434-9358-89ae7ddbe87e", out));
    assert_false(wn_guid_normalize("790e58b4-7939-4434-9358-89ae7ddbe87g", out));
    assert_false(wn_guid_normalize("", out));
}

static void network_v1(void **state)
{
    wn_hns_network n;
    (void)state;
    assert_int_equal(wn_hns_parse_network(
        "{\"ID\":\"B95D0C5E-57D4-412B-B571-18A81A16E005\",\"Name\":\"WSL\",\"Type\":\"ICS\","
        "\"Subnets\":[{\"AddressPrefix\":\"172.28.16.0/20\",\"GatewayAddress\":\"172.28.16.1\"}]}",
        &n, NULL), WSLNET_OK);
    assert_string_equal(n.id, WN_HNS_WSL_NETWORK_ID);
    assert_string_equal(n.name, "WSL");
    assert_true(n.has_subnet);
    assert_int_equal(n.subnet, ip("172.28.16.0"));
    assert_int_equal(n.prefix, 20);
    assert_true(n.has_gateway);
    assert_int_equal(n.gateway, ip("172.28.16.1"));
}

static void network_v2(void **state)
{
    wn_hns_network n;
    (void)state;
    assert_int_equal(wn_hns_parse_network(
        "{\"Id\":\"790e58b4-7939-4434-9358-89ae7ddbe87e\",\"Name\":\"WSL (Hyper-V firewall)\","
        "\"Ipams\":[{\"Type\":\"Static\",\"Subnets\":[{\"IpAddressPrefix\":\"192.168.80.0/20\","
        "\"Routes\":[{\"NextHop\":\"192.168.80.1\",\"DestinationPrefix\":\"0.0.0.0/0\"}]}]}]}",
        &n, NULL), WSLNET_OK);
    assert_string_equal(n.id, WN_HNS_WSL_FIREWALL_NETWORK_ID);
    assert_int_equal(n.subnet, ip("192.168.80.0"));
    assert_int_equal(n.prefix, 20);
    assert_int_equal(n.gateway, ip("192.168.80.1"));
}

static void endpoint_v1_and_v2(void **state)
{
    wn_hns_endpoint e;
    (void)state;
    assert_int_equal(wn_hns_parse_endpoint(
        "{\"ID\":\"11111111-2222-3333-4444-555555555555\",\"IPAddress\":\"172.28.20.5\","
        "\"PrefixLength\":20,\"GatewayAddress\":\"172.28.16.1\",\"MacAddress\":\"00-15-5D-01-02-03\","
        "\"VirtualNetwork\":\"b95d0c5e-57d4-412b-b571-18a81a16e005\",\"VirtualNetworkName\":\"WSL\"}",
        &e, NULL), WSLNET_OK);
    assert_true(e.has_address);
    assert_int_equal(e.address, ip("172.28.20.5"));
    assert_int_equal(e.prefix, 20);
    assert_int_equal(e.gateway, ip("172.28.16.1"));
    assert_string_equal(e.network_id, WN_HNS_WSL_NETWORK_ID);

    assert_int_equal(wn_hns_parse_endpoint(
        "{\"Id\":\"11111111-2222-3333-4444-555555555555\",\"HostComputeNetwork\":"
        "\"790E58B4-7939-4434-9358-89AE7DDBE87E\",\"IpConfigurations\":[{\"IpAddress\":\"fe80::1\","
        "\"PrefixLength\":64},{\"IpAddress\":\"192.168.80.7\",\"PrefixLength\":20}],"
        "\"Routes\":[{\"NextHop\":\"192.168.80.1\",\"DestinationPrefix\":\"0.0.0.0/0\"}]}",
        &e, NULL), WSLNET_OK);
    assert_int_equal(e.address, ip("192.168.80.7"));
    assert_int_equal(e.prefix, 20);
    assert_true(e.has_gateway);
    assert_string_equal(e.network_id, WN_HNS_WSL_FIREWALL_NETWORK_ID);
}

static void endpoint_without_address(void **state)
{
    wn_hns_endpoint e;
    (void)state;
    assert_int_equal(wn_hns_parse_endpoint("{\"ID\":\"x\"}", &e, NULL), WSLNET_OK);
    assert_false(e.has_address);
}

static void malformed(void **state)
{
    static const char *const bad_docs[] = {"{not json", "", "[]", "42", "\"str\"", "null"};
    wn_hns_network n;
    wn_hns_endpoint e;
    wslnet_error err;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad_docs / sizeof bad_docs[0]; i++) {
        assert_int_equal(wn_hns_parse_network(bad_docs[i], &n, &err), WSLNET_E_BAD_DATA);
        assert_non_null(strstr(err.message, "not a JSON object"));
        assert_int_equal(wn_hns_parse_endpoint(bad_docs[i], &e, &err), WSLNET_E_BAD_DATA);
    }
    assert_int_equal(wn_hns_parse_network(NULL, &n, &err), WSLNET_E_BAD_DATA);
    assert_int_equal(wn_hns_parse_endpoint("{\"IPAddress\":\"999.1.1.1\"}", &e, &err), WSLNET_E_BAD_DATA);
    assert_int_equal(wn_hns_parse_endpoint("{\"IPAddress\":5}", &e, &err), WSLNET_E_BAD_DATA);
    assert_int_equal(wn_hns_parse_endpoint("{\"IpConfigurations\":[{\"IpAddress\":\"junk\"}]}", &e, &err),
                     WSLNET_E_BAD_DATA);
}

static void id_list(void **state)
{
    char ids[2][37];
    size_t count;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_hns_parse_id_list("[\"B95D0C5E-57D4-412B-B571-18A81A16E005\","
                                          "\"{790e58b4-7939-4434-9358-89ae7ddbe87e}\"]",
                                          ids, 2, &count, NULL), WSLNET_OK);
    assert_int_equal(count, 2);
    assert_string_equal(ids[0], WN_HNS_WSL_NETWORK_ID);
    assert_string_equal(ids[1], WN_HNS_WSL_FIREWALL_NETWORK_ID);
    assert_int_equal(wn_hns_parse_id_list("[]", ids, 2, &count, NULL), WSLNET_OK);
    assert_int_equal(count, 0);
    assert_int_equal(wn_hns_parse_id_list("{}", ids, 2, &count, &err), WSLNET_E_BAD_DATA);
    assert_int_equal(wn_hns_parse_id_list("[\"nope\"]", ids, 2, &count, &err), WSLNET_E_BAD_DATA);
    assert_int_equal(wn_hns_parse_id_list("[1]", ids, 2, &count, &err), WSLNET_E_BAD_DATA);
}

static void endpoint_query(void **state)
{
    char *q = wn_hns_endpoint_query(WN_HNS_WSL_NETWORK_ID);
    (void)state;
    assert_non_null(q);
    assert_string_equal(q, "{\"SchemaVersion\":{\"Major\":2,\"Minor\":0},\"Flags\":0,\"Filter\":"
                           "\"{\\\"VirtualNetwork\\\":\\\"b95d0c5e-57d4-412b-b571-18a81a16e005\\\"}\"}");
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(guid_normalize), cmocka_unit_test(network_v1),
        cmocka_unit_test(network_v2), cmocka_unit_test(endpoint_v1_and_v2),
        cmocka_unit_test(endpoint_without_address), cmocka_unit_test(malformed),
        cmocka_unit_test(id_list), cmocka_unit_test(endpoint_query),
    };
    return cmocka_run_group_tests_name("hns", tests, NULL, NULL);
}
