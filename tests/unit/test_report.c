/* Unit tests: the JSON documents (schema) and text output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "address_choose.h"
#include "report.h"
#include "status.h"

static const cJSON *get(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    assert_non_null(v);
    return v;
}

static void check_header(const cJSON *doc, const char *kind)
{
    assert_int_equal(get(doc, "schemaVersion")->valueint, 1);
    assert_string_equal(get(doc, "kind")->valuestring, kind);
}

static wslnet_adapter sample_adapter(void)
{
    wslnet_adapter a;
    static const uint8_t mac[6] = {0x00, 0x15, 0x5D, 0x0A, 0xB0, 0xFF};
    memset(&a, 0, sizeof a);
    strcpy(a.name, "vEthernet (WSL)");
    strcpy(a.guid, "{12345678-1234-1234-1234-123456789ABC}");
    a.luid = 0x0047000000000005ull; /* above 2^53: must survive as a string */
    a.if_index = 12;
    memcpy(a.mac, mac, 6);
    a.mac_length = 6;
    a.mtu = 1500;
    a.oper_status = WSLNET_OPER_UP;
    a.address_count = 2;
    a.addresses[0].family = 4;
    strcpy(a.addresses[0].address, "172.28.16.1");
    a.addresses[0].prefix_length = 20;
    a.addresses[1].family = 6;
    strcpy(a.addresses[1].address, "fe80::1");
    a.addresses[1].prefix_length = 64;
    return a;
}

static void adapter_list_json(void **state)
{
    wslnet_adapter a = sample_adapter();
    wslnet_adapter_list list = {1, &a};
    cJSON *doc = wn_json_adapter_list("vEthernet (WSL*", &list);
    const cJSON *ad, *ip;
    (void)state;
    assert_non_null(doc);
    check_header(doc, "adapterList");
    assert_string_equal(get(doc, "pattern")->valuestring, "vEthernet (WSL*");
    assert_int_equal(cJSON_GetArraySize(get(doc, "adapters")), 1);
    ad = cJSON_GetArrayItem(get(doc, "adapters"), 0);
    assert_string_equal(get(ad, "name")->valuestring, "vEthernet (WSL)");
    assert_string_equal(get(ad, "luid")->valuestring, "19984723346456581");
    assert_string_equal(get(ad, "mac")->valuestring, "00-15-5D-0A-B0-FF");
    assert_string_equal(get(ad, "status")->valuestring, "up");
    assert_int_equal(get(ad, "ifIndex")->valueint, 12);
    assert_int_equal(get(ad, "mtu")->valueint, 1500);
    ip = cJSON_GetArrayItem(get(ad, "addresses"), 1);
    assert_string_equal(get(ip, "family")->valuestring, "ipv6");
    assert_string_equal(get(ip, "address")->valuestring, "fe80::1");
    assert_int_equal(get(ip, "prefixLength")->valueint, 64);
    cJSON_Delete(doc);
}

static void address_and_error_json(void **state)
{
    wslnet_vm_address addr;
    wslnet_error err;
    cJSON *doc;
    const cJSON *att;
    (void)state;
    memset(&addr, 0, sizeof addr);
    strcpy(addr.address, "172.28.20.5");
    addr.prefix_length = 20;
    strcpy(addr.gateway, "172.28.16.1");
    addr.source = WSLNET_SOURCE_NEIGHBOR;
    wn_address_add_attempt(&addr, WSLNET_SOURCE_HNS, WSLNET_E_UNAVAILABLE, "no dll");
    wn_address_add_attempt(&addr, WSLNET_SOURCE_NEIGHBOR, WSLNET_OK, "found");
    doc = wn_json_address(&addr);
    check_header(doc, "address");
    assert_string_equal(get(doc, "source")->valuestring, "neighbor");
    assert_int_equal(get(doc, "prefixLength")->valueint, 20);
    att = cJSON_GetArrayItem(get(doc, "attempts"), 0);
    assert_string_equal(get(att, "source")->valuestring, "hns");
    assert_string_equal(get(att, "status")->valuestring, "unavailable");
    cJSON_Delete(doc);

    wn_fail(&err, WSLNET_E_NOT_FOUND, 0, "nothing \"quoted\"");
    doc = wn_json_error(&err, &addr);
    check_header(doc, "error");
    assert_string_equal(get(get(doc, "error"), "status")->valuestring, "notFound");
    assert_int_equal(get(get(doc, "error"), "exitCode")->valueint, 4);
    assert_string_equal(get(get(doc, "error"), "message")->valuestring, "nothing \"quoted\"");
    assert_int_equal(cJSON_GetArraySize(get(doc, "attempts")), 2);
    cJSON_Delete(doc);
    doc = wn_json_error(&err, NULL);
    assert_null(cJSON_GetObjectItemCaseSensitive(doc, "attempts"));
    cJSON_Delete(doc);
}

static void mode_and_version_json(void **state)
{
    wslnet_mode_info m;
    cJSON *doc;
    (void)state;
    memset(&m, 0, sizeof m);
    strcpy(m.configured, "mirrored");
    strcpy(m.effective, "none");
    m.windows_build = 22631;
    m.mirrored_supported = 1;
    doc = wn_json_mode(&m);
    check_header(doc, "mode");
    assert_string_equal(get(get(doc, "configured"), "mode")->valuestring, "mirrored");
    assert_true(cJSON_IsNull(get(get(doc, "wsl"), "version")));
    assert_true(cJSON_IsTrue(get(doc, "mirroredSupported")));
    assert_int_equal(get(get(doc, "windows"), "build")->valueint, 22631);
    cJSON_Delete(doc);
    doc = wn_json_version();
    check_header(doc, "version");
    assert_string_equal(get(doc, "version")->valuestring, WSLNET_VERSION_STRING);
    cJSON_Delete(doc);
}

static void status_table(void **state)
{
    (void)state;
    assert_string_equal(wn_status_name(WSLNET_E_BAD_DATA), "badData");
    assert_int_equal(wn_status_exit_code(WSLNET_E_BAD_DATA), 6);
    assert_int_equal(wn_status_exit_code(WSLNET_E_NO_MEMORY), 11);
    assert_int_equal(wn_status_exit_code((wslnet_status)99), 1);
    assert_string_equal(wn_status_name((wslnet_status)99), "internal");
}

static void text_output(void **state)
{
    wslnet_adapter a = sample_adapter();
    wslnet_adapter_list list = {1, &a};
    char *t = wn_text_adapter_list(&list);
    (void)state;
    assert_non_null(strstr(t, "vEthernet (WSL)"));
    assert_non_null(strstr(t, "172.28.16.1/20"));
    assert_non_null(strstr(t, "00-15-5D-0A-B0-FF"));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(adapter_list_json),
        cmocka_unit_test(address_and_error_json),
        cmocka_unit_test(mode_and_version_json),
        cmocka_unit_test(status_table),
        cmocka_unit_test(text_output),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
