/* Unit tests: base64 (RFC 4648 vectors), PEM against openssl's output,
 * thumbprints, file names, store names, validity, filters, de-duplication,
 * the install plan and its JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "certplan.h"
#include "certreport.h"
#include "pem.h"

#include "pem_example.h"

/* ---- base64 */

static void base64_rfc4648_vectors(void **state)
{
    /* RFC 4648 section 10 */
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    char out[16];
    uint8_t back[16];
    size_t i;
    (void)state;
    for (i = 0; i < 7; i++) {
        size_t n = strlen(plain[i]);
        assert_int_equal(wn_base64_len(n), strlen(coded[i]));
        wn_base64_encode((const uint8_t *)plain[i], n, out);
        assert_string_equal(out, coded[i]);
        assert_int_equal(wn_base64_decode(coded[i], strlen(coded[i]), back), n);
        assert_memory_equal(back, plain[i], n);
    }
}

static void base64_all_byte_values_round_trip(void **state)
{
    uint8_t data[300], back[300];
    char text[401];
    size_t n, i;
    (void)state;
    for (i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    for (n = 0; n <= sizeof data; n++) {
        wn_base64_encode(data, n, text);
        assert_int_equal(strlen(text), wn_base64_len(n));
        assert_int_equal(wn_base64_decode(text, strlen(text), back), n);
        assert_memory_equal(back, data, n);
    }
}

static void base64_decode_is_strict(void **state)
{
    static const char *const bad[] = {"Zg=", "Zg", "Z===", "=Zg=", "Zm9v=g==", "Zh==", "Zm9=", "Zm 9v",
                                      "Zm9v\n", "Zg==Zg==", "Zm-v", "Zm_v"};
    uint8_t out[16];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(wn_base64_decode(bad[i], strlen(bad[i]), out), (size_t)-1);
}

/* ---- PEM */

static void pem_equals_openssl_output(void **state)
{
    char *pem = wn_pem_encode(example_der, sizeof example_der);
    (void)state;
    assert_non_null(pem);
    assert_string_equal(pem, example_pem);
    free(pem);
}

static void pem_lines_are_64_and_lf(void **state)
{
    uint8_t data[200];
    size_t n;
    (void)state;
    memset(data, 0xA5, sizeof data);
    for (n = 1; n < sizeof data; n += 13) {
        char *pem = wn_pem_encode(data, n), *line, *nl;
        size_t lines = 0, chars = 0;
        assert_non_null(pem);
        assert_null(strchr(pem, '\r'));
        assert_true(pem[strlen(pem) - 1] == '\n');
        for (line = pem; *line; line = nl + 1, lines++) {
            nl = strchr(line, '\n');
            assert_non_null(nl);
            if (line[0] == '-')
                continue;
            assert_true(nl - line <= 64);
            chars += (size_t)(nl - line);
        }
        assert_int_equal(chars, wn_base64_len(n));
        assert_int_equal(lines, 2 + (wn_base64_len(n) + 63) / 64);
        free(pem);
    }
}

static void pem_decode_reads_bundles_crlf_and_text(void **state)
{
    char *pem = wn_pem_encode(example_der, sizeof example_der), *crlf, *bundle;
    size_t pos = 0, len, i, o = 0, der_len;
    uint8_t *der;
    wslnet_error err;
    (void)state;
    assert_non_null(pem);
    /* the same block with CRLF, after some text, then the LF one */
    crlf = malloc(2 * strlen(pem) + 1);
    for (i = 0; pem[i]; i++) {
        if (pem[i] == '\n')
            crlf[o++] = '\r';
        crlf[o++] = pem[i];
    }
    crlf[o] = '\0';
    bundle = malloc(strlen(crlf) + strlen(pem) + 64);
    sprintf(bundle, "# a comment\nsubject=x\n%s\n%s", crlf, pem);
    len = strlen(bundle);
    for (i = 0; i < 2; i++) {
        assert_int_equal(wn_pem_decode_next(bundle, len, &pos, &der, &der_len, &err), WSLNET_OK);
        assert_int_equal(der_len, sizeof example_der);
        assert_memory_equal(der, example_der, der_len);
        free(der);
    }
    assert_int_equal(wn_pem_decode_next(bundle, len, &pos, &der, &der_len, &err), WSLNET_E_NOT_FOUND);
    free(bundle);
    free(crlf);
    free(pem);
}

static void pem_decode_refuses_broken_blocks(void **state)
{
    static const char *const bad[] = {
        "-----BEGIN CERTIFICATE-----\nZm9v\n",                               /* no END */
        "-----BEGIN CERTIFICATE-----\nZm9v!\n-----END CERTIFICATE-----\n",   /* not base64 */
        "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",          /* empty */
        "-----BEGIN CERTIFICATE-----\nZm9\n-----END CERTIFICATE-----\n",     /* length */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t pos = 0, der_len;
        uint8_t *der = (uint8_t *)1;
        wslnet_error err;
        assert_int_equal(wn_pem_decode_next(bad[i], strlen(bad[i]), &pos, &der, &der_len, &err),
                         WSLNET_E_BAD_DATA);
        assert_null(der);
    }
}

/* ---- thumbprints and file names */

static void thumbprints_format_and_parse(void **state)
{
    static const uint8_t sha1[20] = {0x6C, 0x22, 0x83, 0x87, 0x7A, 0x7C, 0x48, 0xF6, 0x44, 0xEF,
                                     0x55, 0x20, 0x9D, 0xBA, 0x96, 0xE8, 0x94, 0x6B, 0xED, 0xF1};
    static const char *const same[] = {
        "6C2283877A7C48F644EF55209DBA96E8946BEDF1",
        "6c2283877a7c48f644ef55209dba96e8946bedf1",
        "6c 22 83 87 7a 7c 48 f6 44 ef 55 20 9d ba 96 e8 94 6b ed f1",
        "6C:22:83:87:7A:7C:48:F6:44:EF:55:20:9D:BA:96:E8:94:6B:ED:F1",
        "\xE2\x80\x8E" "6c 22 83 87 7a 7c 48 f6 44 ef 55 20 9d ba 96 e8 94 6b ed f1", /* certmgr copy */
    };
    static const char *const bad[] = {"", "6C2283877A7C48F644EF55209DBA96E8946BEDF",
                                      "6C2283877A7C48F644EF55209DBA96E8946BEDF1A",
                                      "6C2283877A7C48F644EF55209DBA96E8946BEDFG", "0x6C2283877A7C48F644EF55209DBA96E8946BED",
                                      "6C2283877A7C48F644EF55209DBA96E8946BEDF1\n"};
    char text[WN_THUMBPRINT_TEXT], parsed[WN_THUMBPRINT_TEXT];
    size_t i;
    (void)state;
    wn_thumbprint_format(sha1, text);
    assert_string_equal(text, "6C2283877A7C48F644EF55209DBA96E8946BEDF1");
    for (i = 0; i < sizeof same / sizeof same[0]; i++) {
        assert_true(wn_thumbprint_parse(same[i], parsed));
        assert_string_equal(parsed, text);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(wn_thumbprint_parse(bad[i], parsed));
}

static void file_names_are_safe(void **state)
{
    static const struct {
        const char *name, *want;
    } cases[] = {
        {"DigiCert Global Root G2", "DigiCert_Global_Root_G2-6C2283877A7C48F6.crt"},
        {"wslnet Example Root: \"A/B\" * CA", "wslnet_Example_Root_A_B_CA-6C2283877A7C48F6.crt"},
        {"../../etc/passwd", "etc_passwd-6C2283877A7C48F6.crt"},
        {"", "cert-6C2283877A7C48F6.crt"},
        {"...", "cert-6C2283877A7C48F6.crt"},
        {"-rf", "rf-6C2283877A7C48F6.crt"},
        {"Certum \xC5\xBB\x61\x62 CA.", "Certum_ab_CA-6C2283877A7C48F6.crt"},
        {"T\xC3\x9c" "RKTRUST", "T_RKTRUST-6C2283877A7C48F6.crt"},
    };
    char out[WN_CERT_FILE_NAME_MAX], long_name[300];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wn_cert_file_name(cases[i].name, "6C2283877A7C48F644EF55209DBA96E8946BEDF1", out);
        assert_string_equal(out, cases[i].want);
        assert_true(wn_cert_file_name_valid(out));
    }
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    wn_cert_file_name(long_name, "6C2283877A7C48F644EF55209DBA96E8946BEDF1", out);
    assert_int_equal(strlen(out), 64 + 1 + 16 + 4);
    assert_true(wn_cert_file_name_valid(out));
    wn_cert_file_name_digits(long_name, "6C2283877A7C48F644EF55209DBA96E8946BEDF1", 40, out);
    assert_int_equal(strlen(out), 50 + 1 + 40 + 4);
    assert_int_equal(strlen(out), WN_CERT_FILE_NAME_MAX - 1);
    assert_true(wn_cert_file_name_valid(out));
    assert_false(wn_cert_file_name_valid("../x.crt"));
    assert_false(wn_cert_file_name_valid(".x.crt"));
    assert_false(wn_cert_file_name_valid("-x.crt"));
    assert_false(wn_cert_file_name_valid("x.pem"));
    assert_false(wn_cert_file_name_valid("a b.crt"));
    assert_false(wn_cert_file_name_valid(".crt"));
}

/* ---- stores, time, filters, de-duplication */

static void store_lists_parse(void **state)
{
    unsigned bits = 0;
    (void)state;
    assert_true(wn_cert_stores_parse("machine,user", &bits));
    assert_int_equal(bits, WSLNET_CERT_STORE_MACHINE | WSLNET_CERT_STORE_USER);
    bits = 0;
    assert_true(wn_cert_stores_parse("enterprise,policy,ca", &bits));
    assert_int_equal(bits, WSLNET_CERT_STORE_ENTERPRISE | WSLNET_CERT_STORE_POLICY | WSLNET_CERT_STORE_CA);
    bits = 0;
    assert_true(wn_cert_stores_parse("all", &bits));
    assert_int_equal(bits, 0x1F);
    bits = 0;
    assert_true(wn_cert_stores_parse("default", &bits));
    assert_int_equal(bits, WSLNET_CERT_STORES_DEFAULT);
    assert_false(wn_cert_stores_parse("", &bits));
    assert_false(wn_cert_stores_parse("machine,", &bits));
    assert_false(wn_cert_stores_parse(",machine", &bits));
    assert_false(wn_cert_stores_parse("Machine", &bits));
    assert_false(wn_cert_stores_parse("machine user", &bits));
    assert_false(wn_cert_stores_parse("disallowed", &bits));
    assert_string_equal(wn_cert_store_name(WSLNET_CERT_STORE_POLICY), "policy");
    assert_string_equal(wn_cert_store_name(WSLNET_CERT_STORE_DISALLOWED), "disallowed");
    assert_string_equal(wn_cert_store_name(3), "unknown");
}

static void validity_bounds_are_inclusive(void **state)
{
    (void)state;
    assert_int_equal(wn_cert_time_check(100, 200, 100), WN_CERT_TIME_VALID);
    assert_int_equal(wn_cert_time_check(100, 200, 200), WN_CERT_TIME_VALID);
    assert_int_equal(wn_cert_time_check(100, 200, 201), WN_CERT_TIME_EXPIRED);
    assert_int_equal(wn_cert_time_check(100, 200, 99), WN_CERT_TIME_NOT_YET_VALID);
}

static wslnet_cert make_cert(const char *thumb, const char *name, unsigned store, int64_t nb, int64_t na)
{
    wslnet_cert c;
    memset(&c, 0, sizeof c);
    strcpy(c.thumbprint, thumb);
    strcpy(c.name, name);
    snprintf(c.subject, sizeof c.subject, "CN=%s, O=Test", name);
    strcpy(c.issuer, c.subject);
    c.not_before = nb;
    c.not_after = na;
    c.store = store;
    c.der = malloc(sizeof example_der);
    memcpy(c.der, example_der, sizeof example_der);
    c.der_length = sizeof example_der;
    return c;
}

#define T1 "1111111111111111111111111111111111111111"
#define T2 "2222222222222222222222222222222222222222"
#define T3 "3333333333333333333333333333333333333333"
#define T4 "4444444444444444444444444444444444444444"
#define T5 "5555555555555555555555555555555555555555"

static void offer(wslnet_cert_list *list, const wn_cert_filter *f, wslnet_cert c, wn_cert_verdict want)
{
    wn_cert_verdict got;
    wslnet_error err;
    assert_int_equal(wn_cert_list_offer(list, f, &c, &got, &err), WSLNET_OK);
    assert_int_equal(got, want);
    assert_null(c.der); /* the list took it */
}

static void list_skips_expired_filtered_and_duplicates(void **state)
{
    wslnet_cert_list list;
    wn_cert_filter f;
    (void)state;
    memset(&list, 0, sizeof list);
    list.now = 1000;
    assert_int_equal(wn_cert_filter_init(&f, NULL, NULL), WSLNET_OK);
    offer(&list, &f, make_cert(T1, "Corp Root", WSLNET_CERT_STORE_MACHINE, 0, 5000), WN_CERT_KEPT);
    offer(&list, &f, make_cert(T2, "Old Root", WSLNET_CERT_STORE_MACHINE, 0, 999), WN_CERT_SKIP_EXPIRED);
    offer(&list, &f, make_cert(T3, "Future Root", WSLNET_CERT_STORE_MACHINE, 1001, 5000),
          WN_CERT_SKIP_NOT_YET_VALID);
    offer(&list, &f, make_cert(T1, "Corp Root", WSLNET_CERT_STORE_POLICY, 0, 5000), WN_CERT_SKIP_DUPLICATE);
    offer(&list, &f, make_cert(T4, "Other", WSLNET_CERT_STORE_USER, 0, 5000), WN_CERT_KEPT);
    /* the expired one again, from another store: skipped, not counted twice */
    offer(&list, &f, make_cert(T2, "Old Root", WSLNET_CERT_STORE_USER, 0, 999), WN_CERT_SKIP_EXPIRED);
    assert_int_equal(list.count, 2);
    assert_int_equal(list.expired, 1);
    assert_int_equal(list.not_yet_valid, 1);
    assert_int_equal(list.duplicates, 1);
    assert_int_equal(list.items[0].store, WSLNET_CERT_STORE_MACHINE);
    assert_int_equal(list.items[0].stores, WSLNET_CERT_STORE_MACHINE | WSLNET_CERT_STORE_POLICY);
    assert_string_equal(list.items[0].file_name, "Corp_Root-1111111111111111.crt");
    wn_cert_list_clear(&list);
    assert_int_equal(list.count, 0);
}

/* Two thumbprints sharing their first 16 digits (only by design) get
 * distinct files: the second takes the whole thumbprint; so does a name that
 * differs only in case (one file on Windows). */
static void file_name_collisions_are_detected(void **state)
{
    wslnet_cert_list list;
    (void)state;
    memset(&list, 0, sizeof list);
    list.now = 1000;
    offer(&list, NULL, make_cert("ABCDEF0123456789111111111111111111111111", "Corp Root", WSLNET_CERT_STORE_MACHINE, 0,
                                 5000), WN_CERT_KEPT);
    offer(&list, NULL, make_cert("ABCDEF0123456789222222222222222222222222", "Corp Root", WSLNET_CERT_STORE_USER, 0,
                                 5000), WN_CERT_KEPT);
    offer(&list, NULL, make_cert("ABCDEF0123456789333333333333333333333333", "CORP ROOT", WSLNET_CERT_STORE_USER, 0,
                                 5000), WN_CERT_KEPT);
    assert_int_equal(list.count, 3);
    assert_string_equal(list.items[0].file_name, "Corp_Root-ABCDEF0123456789.crt");
    assert_string_equal(list.items[1].file_name, "Corp_Root-ABCDEF0123456789222222222222222222222222.crt");
    assert_string_equal(list.items[2].file_name, "CORP_ROOT-ABCDEF0123456789333333333333333333333333.crt");
    wn_cert_list_clear(&list);
}

static void filters_match_subject_and_thumbprint(void **state)
{
    const char *subjects[] = {"corp ROOT", "nomatch"};
    const char *thumbs[] = {"11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11", T5};
    const char *bad_thumbs[] = {"1111"};
    const char *empty_subject[] = {""};
    wslnet_cert_query q = {0, subjects, 2, NULL, 0};
    wslnet_cert_list list;
    wn_cert_filter f;
    wslnet_error err;
    (void)state;
    memset(&list, 0, sizeof list);
    list.now = 1000;
    assert_int_equal(wn_cert_filter_init(&f, &q, &err), WSLNET_OK);
    offer(&list, &f, make_cert(T1, "Corp Root", WSLNET_CERT_STORE_MACHINE, 0, 5000), WN_CERT_KEPT);
    offer(&list, &f, make_cert(T4, "Other", WSLNET_CERT_STORE_MACHINE, 0, 5000), WN_CERT_SKIP_FILTERED);
    /* filtered out before its dates are looked at: expired counts only what matched */
    offer(&list, &f, make_cert(T3, "Old Other", WSLNET_CERT_STORE_MACHINE, 0, 10), WN_CERT_SKIP_FILTERED);
    offer(&list, &f, make_cert(T3, "Old Other", WSLNET_CERT_STORE_USER, 0, 10), WN_CERT_SKIP_FILTERED);
    assert_int_equal(list.expired, 0);
    assert_int_equal(list.filtered, 2);
    wn_cert_filter_free(&f);
    /* subject AND thumbprint: both kinds must match */
    q.thumbprints = thumbs;
    q.thumbprint_count = 2;
    assert_int_equal(wn_cert_filter_init(&f, &q, &err), WSLNET_OK);
    offer(&list, &f, make_cert(T2, "Corp Root 2", WSLNET_CERT_STORE_MACHINE, 0, 5000), WN_CERT_SKIP_FILTERED);
    offer(&list, &f, make_cert(T5, "Corp Root 5", WSLNET_CERT_STORE_MACHINE, 0, 5000), WN_CERT_KEPT);
    offer(&list, &f, make_cert(T1, "Corp Root", WSLNET_CERT_STORE_USER, 0, 5000), WN_CERT_SKIP_DUPLICATE);
    assert_int_equal(list.count, 2);
    assert_int_equal(list.filtered, 3);
    /* distrusted (a Disallowed store holds it): skipped though it matches */
    assert_int_equal(wn_cert_filter_distrust(&f, T5, &err), WSLNET_OK);
    offer(&list, &f, make_cert(T5, "Corp Root 5", WSLNET_CERT_STORE_POLICY, 0, 5000), WN_CERT_SKIP_DISALLOWED);
    assert_int_equal(list.disallowed, 1);
    assert_int_equal(list.duplicates, 1);
    wn_cert_filter_free(&f);
    q.thumbprints = bad_thumbs;
    q.thumbprint_count = 1;
    assert_int_equal(wn_cert_filter_init(&f, &q, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "'1111'"));
    q.subjects = empty_subject;
    q.subject_count = 1;
    assert_int_equal(wn_cert_filter_init(&f, &q, &err), WSLNET_E_INVALID_INPUT);
    wn_cert_list_clear(&list);
}

static void bundle_is_the_pem_of_each(void **state)
{
    wslnet_cert_list list;
    char *bundle, *two;
    (void)state;
    memset(&list, 0, sizeof list);
    list.now = 1000;
    bundle = wn_cert_bundle(&list);
    assert_string_equal(bundle, "");
    free(bundle);
    offer(&list, NULL, make_cert(T1, "A", WSLNET_CERT_STORE_MACHINE, 0, 5000), WN_CERT_KEPT);
    offer(&list, NULL, make_cert(T2, "B", WSLNET_CERT_STORE_MACHINE, 0, 5000), WN_CERT_KEPT);
    bundle = wn_cert_bundle(&list);
    two = malloc(2 * strlen(example_pem) + 1);
    strcpy(two, example_pem);
    strcat(two, example_pem);
    assert_string_equal(bundle, two);
    free(two);
    free(bundle);
    wn_cert_list_clear(&list);
}

/* ---- install plan */

static void distro_names_are_strict(void **state)
{
    static const char *const good[] = {"Ubuntu", "Ubuntu-22.04", "debian", "my_distro.v2", "a"};
    static const char *const bad[] = {"", "-d", ".hidden", "Ubuntu 22.04", "x;rm -rf /", "a\"b", "a'b",
                                      "$(id)", "a\\b", "Ubuntu\n", "\xC3\xA9t\xC3\xA9",
                                      "12345678901234567890123456789012345678901234567890123456789012345"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(wn_distro_name_valid(good[i]));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(wn_distro_name_valid(bad[i]));
    assert_false(wn_distro_name_valid(NULL));
}

static void windows_quoting(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"abc", "abc"},
        {"C:\\dir\\x", "C:\\dir\\x"},
        {"", "\"\""},
        {"a b", "\"a b\""},
        {"say \"hi\"", "\"say \\\"hi\\\"\""},
        {"C:\\dir\\", "C:\\dir\\"},
        {"C:\\my dir\\", "\"C:\\my dir\\\\\""},
        {"a\\\"b", "\"a\\\\\\\"b\""},
        {"$line '*'", "\"$line '*'\""},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *q = wn_windows_quote_arg(cases[i].in);
        assert_string_equal(q, cases[i].out);
        free(q);
    }
}

static void install_plan_arguments_and_input(void **state)
{
    wslnet_cert_list list;
    wn_cert_install_plan plan;
    wslnet_error err;
    char *expect;
    (void)state;
    memset(&list, 0, sizeof list);
    list.now = 1000;
    assert_int_equal(wn_cert_install_plan_make("Ubuntu", &list, &plan, &err), WSLNET_E_NOT_FOUND);
    offer(&list, NULL, make_cert(T1, "Corp Root", WSLNET_CERT_STORE_MACHINE, 0, 5000), WN_CERT_KEPT);
    offer(&list, NULL, make_cert(T2, "Proxy CA", WSLNET_CERT_STORE_POLICY, 0, 5000), WN_CERT_KEPT);
    assert_int_equal(wn_cert_install_plan_make("x;reboot", &list, &plan, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(plan.arg_count, 0);
    assert_int_equal(wn_cert_install_plan_make("Ubuntu-22.04", &list, &plan, &err), WSLNET_OK);
    assert_int_equal(plan.arg_count, 9);
    assert_string_equal(plan.args[0], "-d");
    assert_string_equal(plan.args[1], "Ubuntu-22.04");
    assert_string_equal(plan.args[2], "-u");
    assert_string_equal(plan.args[3], "root");
    assert_string_equal(plan.args[4], "-e");
    assert_string_equal(plan.args[5], "sh");
    assert_string_equal(plan.args[6], "-c");
    assert_string_equal(plan.args[7], wn_cert_install_script);
    assert_string_equal(plan.args[8], "wslnet-certs");
    assert_non_null(strstr(plan.args[7], WSLNET_CERT_DISTRO_DIR));
    assert_non_null(strstr(plan.args[7], "update-ca-certificates\n"));
    expect = malloc(2 * strlen(example_pem) + 200);
    sprintf(expect, "# wslnet-file Corp_Root-1111111111111111.crt\n%s# wslnet-file Proxy_CA-2222222222222222.crt\n%s",
            example_pem, example_pem);
    assert_string_equal(plan.input, expect);
    assert_int_equal(plan.input_length, strlen(expect));
    free(expect);
    wn_cert_install_plan_free(&plan);
    /* a file name wslnet would not write is refused before anything runs */
    strcpy(list.items[1].file_name, "../evil.crt");
    assert_int_equal(wn_cert_install_plan_make("Ubuntu", &list, &plan, &err), WSLNET_E_INVALID_INPUT);
    wn_cert_list_clear(&list);
}

static void install_outcomes(void **state)
{
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_cert_install_outcome(0, "Ubuntu", "done.\n", &err), WSLNET_OK);
    assert_int_equal(wn_cert_install_outcome(69, "Alpine", "", &err), WSLNET_E_UNSUPPORTED);
    assert_non_null(strstr(err.message, "ca-certificates"));
    assert_int_equal(wn_cert_install_outcome(1, "Ubuntu", "line one\nThere is no distribution\r\n", &err),
                     WSLNET_E_SYSTEM);
    assert_int_equal(err.code, 1);
    assert_non_null(strstr(err.message, "There is no distribution"));
    assert_null(strchr(err.message, '\n'));
}

static void utc_formatting(void **state)
{
    char buf[32];
    (void)state;
    wn_format_utc(0, buf, sizeof buf);
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
    wn_format_utc(951782400, buf, sizeof buf); /* a leap day */
    assert_string_equal(buf, "2000-02-29T00:00:00Z");
    wn_format_utc(2524607999LL, buf, sizeof buf); /* beyond 2038 */
    assert_string_equal(buf, "2049-12-31T23:59:59Z");
    wn_format_utc(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
}

static void export_json_document(void **state)
{
    wslnet_cert_list list;
    cJSON *doc, *c;
    (void)state;
    memset(&list, 0, sizeof list);
    list.now = 1000;
    list.store_count = 2;
    list.stores[0].store = WSLNET_CERT_STORE_MACHINE;
    strcpy(list.stores[0].location, "LocalMachine");
    strcpy(list.stores[0].name, "Root");
    list.stores[0].found = 3;
    list.stores[1].store = WSLNET_CERT_STORE_USER;
    list.stores[1].status = WSLNET_E_NOT_FOUND;
    list.stores[1].code = 2;
    offer(&list, NULL, make_cert(T1, "Corp Root", WSLNET_CERT_STORE_MACHINE, 0, 5000), WN_CERT_KEPT);
    offer(&list, NULL, make_cert(T1, "Corp Root", WSLNET_CERT_STORE_USER, 0, 5000), WN_CERT_SKIP_DUPLICATE);
    doc = wn_json_certs_export(&list, WN_CERT_OUT_BUNDLE, "C:\\out.pem");
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItem(doc, "kind")->valuestring, "certsExport");
    assert_int_equal(cJSON_GetObjectItem(doc, "count")->valueint, 1);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "stores"), 1)->child->valuestring, "user");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "stores"), 1), "status")
                            ->valuestring,
                        "notFound");
    c = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "certificates"), 0);
    assert_string_equal(cJSON_GetObjectItem(c, "thumbprint")->valuestring, T1);
    assert_string_equal(cJSON_GetObjectItem(c, "notAfter")->valuestring, "1970-01-01T01:23:20Z");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "stores")), 2);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "skipped"), "duplicates")->valueint, 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "output"), "path")->valuestring, "C:\\out.pem");
    cJSON_Delete(doc);
    wn_cert_list_clear(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base64_rfc4648_vectors),
        cmocka_unit_test(base64_all_byte_values_round_trip),
        cmocka_unit_test(base64_decode_is_strict),
        cmocka_unit_test(pem_equals_openssl_output),
        cmocka_unit_test(pem_lines_are_64_and_lf),
        cmocka_unit_test(pem_decode_reads_bundles_crlf_and_text),
        cmocka_unit_test(pem_decode_refuses_broken_blocks),
        cmocka_unit_test(thumbprints_format_and_parse),
        cmocka_unit_test(file_names_are_safe),
        cmocka_unit_test(store_lists_parse),
        cmocka_unit_test(validity_bounds_are_inclusive),
        cmocka_unit_test(list_skips_expired_filtered_and_duplicates),
        cmocka_unit_test(file_name_collisions_are_detected),
        cmocka_unit_test(filters_match_subject_and_thumbprint),
        cmocka_unit_test(bundle_is_the_pem_of_each),
        cmocka_unit_test(distro_names_are_strict),
        cmocka_unit_test(windows_quoting),
        cmocka_unit_test(install_plan_arguments_and_input),
        cmocka_unit_test(install_outcomes),
        cmocka_unit_test(utc_formatting),
        cmocka_unit_test(export_json_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
