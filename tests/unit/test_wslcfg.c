/* Unit tests: the .wslconfig document model against WSL's parser rules
 * (shared/reference/wslconfig.md and WSL's configfile.cpp), get/set/unset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wslcfg.h"

static wn_cfg_doc *doc_of(const char *text, wn_cfg_file file)
{
    wn_cfg_doc *doc = NULL;
    wslnet_error err;
    assert_int_equal(wn_cfg_read((const uint8_t *)text, strlen(text), file, &doc, &err), WSLNET_OK);
    return doc;
}

static const wn_cfg_key *key(const char *name)
{
    const wn_cfg_key *k = NULL;
    wslnet_error err;
    wn_cfg_file f = strncmp(name, "wsl2.", 5) && strncmp(name, "experimental.", 13) &&
                            strncmp(name, "general.", 8)
                        ? WN_CFG_FILE_WSLCONF
                        : WN_CFG_FILE_WSLCONFIG;
    assert_int_equal(wn_cfg_key_resolve(f, name, &k, &err), WSLNET_OK);
    return k;
}

/* The value WSL uses for name in text ("<default>" / "<invalid>" otherwise), and its line. */
static const char *get(const char *text, const char *name, uint32_t *line)
{
    static char out[512];
    wn_cfg_doc *doc = doc_of(text, strchr(name, '.') && (strncmp(name, "wsl2.", 5) == 0 ||
                                                         strncmp(name, "experimental.", 13) == 0 ||
                                                         strncmp(name, "general.", 8) == 0)
                                       ? WN_CFG_FILE_WSLCONFIG
                                       : WN_CFG_FILE_WSLCONF);
    wn_cfg_setting s;
    wn_cfg_get(doc, key(name), &s);
    if (line)
        *line = s.item ? s.item->line : 0;
    strcpy(out, s.origin == WN_CFG_ORIGIN_FILE ? s.value : s.origin == WN_CFG_ORIGIN_INVALID ? "<invalid>"
                                                                                               : "<default>");
    wn_cfg_free(doc);
    return out;
}

static void lines_comments_quotes(void **state)
{
    uint32_t line;
    (void)state;
    assert_string_equal(get("[wsl2]\nmemory=4GB\n", "wsl2.memory", &line), "4GB");
    assert_int_equal(line, 2);
    assert_string_equal(get("[wsl2] # c\n  memory = 4GB   # half\n", "wsl2.memory", &line), "4GB");
    assert_string_equal(get("[wsl2]\r\nkernelCommandLine=\"a # b \"\r\n", "wsl2.kernelCommandLine", NULL),
                        "a # b ");
    assert_string_equal(get("[wsl2]\nkernelCommandLine=a\"b c\"d  \n", "wsl2.kernelCommandLine", NULL), "ab cd");
    assert_string_equal(get("[wsl2]\n# memory=8GB\nmemory=2GB\n", "wsl2.memory", &line), "2GB");
    assert_int_equal(line, 3);
    /* ';' is not a comment: the line is an invalid key, and "2 ; x" an invalid integer */
    assert_string_equal(get("[wsl2]\n;memory=8GB\n", "wsl2.memory", NULL), "<default>");
    assert_string_equal(get("[wsl2]\nprocessors=2 ; x\n", "wsl2.processors", NULL), "<invalid>");
    /* unterminated quote drops the line */
    assert_string_equal(get("[wsl2]\nkernelCommandLine=\"abc\n", "wsl2.kernelCommandLine", NULL), "<default>");
}

static void escapes_and_continuations(void **state)
{
    (void)state;
    assert_string_equal(get("[wsl2]\nkernel=C:\\\\temp\\\\k\n", "wsl2.kernel", NULL), "C:\\temp\\k");
    assert_string_equal(get("[wsl2]\nkernel=C:/temp/k\n", "wsl2.kernel", NULL), "C:/temp/k");
    /* \t becomes a TAB, then \k drops the line */
    assert_string_equal(get("[wsl2]\nkernel=C:\\temp\\k\n", "wsl2.kernel", NULL), "<default>");
    /* \n and \t are escapes: the path silently becomes garbage */
    assert_string_equal(get("[wsl2]\nswapFile=C:\\new\\tmp\n", "wsl2.swapFile", NULL), "C:\new\tmp");
    assert_string_equal(get("[wsl2]\nvmSwitch=a\\\"b\\bc\n", "wsl2.vmSwitch", NULL), "a\"b\bc");
    /* backslash-newline continues the value (CRLF too); the next line's blanks stay */
    assert_string_equal(get("[wsl2]\nkernelCommandLine=a \\\n  b\nmemory=1GB\n", "wsl2.kernelCommandLine", NULL),
                        "a   b");
    assert_string_equal(get("[wsl2]\r\nkernelCommandLine=a\\\r\nb\r\n", "wsl2.kernelCommandLine", NULL), "ab");
    assert_string_equal(get("[wsl2]\nkernelCommandLine=a\\\n", "wsl2.kernelCommandLine", NULL), "a");
    assert_string_equal(get("[wsl2]\nkernel=x\\", "wsl2.kernel", NULL), "<default>");
}

static void sections_and_keys(void **state)
{
    (void)state;
    assert_string_equal(get("memory=4GB\n", "wsl2.memory", NULL), "<default>");
    assert_string_equal(get("[WSL2]\nMEMORY=4GB\n", "wsl2.memory", NULL), "4GB");
    assert_string_equal(get("[general]\nmemory=4GB\n", "wsl2.memory", NULL), "<default>");
    assert_string_equal(get("[wsl2]\nmy_memory=1\nmemory=3GB\n", "wsl2.memory", NULL), "3GB");
    /* a header failing at its first character keeps the previous section */
    assert_string_equal(get("[wsl2]\n[ general ]\nmemory=4GB\n", "wsl2.memory", NULL), "4GB");
    assert_string_equal(get("[general]\n[ wsl2 ]\nmemory=4GB\n", "wsl2.memory", NULL), "<default>");
    /* a header failing after its name: WSL's key buffer keeps that name, cut
     * or NUL-padded to the previous section's length */
    assert_string_equal(get("[wsl2]\n[my-sec]\nmemory=4GB\n", "wsl2.memory", NULL), "<default>");
    assert_string_equal(get("[wsl2]\n[wsl2x-y]\nmemory=4GB\n", "wsl2.memory", NULL), "4GB");
    assert_string_equal(get("[general]\n[wsl2]x\nmemory=4GB\n", "wsl2.memory", NULL), "<default>");
    assert_string_equal(get("[wsl2]\n[wsl2]x\nmemory=4GB\n", "wsl2.memory", NULL), "4GB");
    assert_string_equal(get("[experimental]\n[wsl2]x\nmemory=4GB\n", "wsl2.memory", NULL), "<default>");
}

static void first_occurrence_wins(void **state)
{
    uint32_t line;
    (void)state;
    assert_string_equal(get("[wsl2]\nmemory=4GB\nmemory=8GB\n", "wsl2.memory", &line), "4GB");
    assert_int_equal(line, 2);
    /* an invalid first value still counts: the later line is a duplicate */
    assert_string_equal(get("[wsl2]\nmemory=4gb\nmemory=4GB\n", "wsl2.memory", &line), "<invalid>");
    assert_int_equal(line, 2);
    /* a dropped line (bad escape) does not count */
    assert_string_equal(get("[wsl2]\nkernel=C:\\k\nkernel=C:/k\n", "wsl2.kernel", &line), "C:/k");
    assert_int_equal(line, 3);
    /* [experimental] aliases of promoted keys, first wins across both */
    assert_string_equal(get("[experimental]\nnetworkingMode=mirrored\n[wsl2]\nnetworkingMode=nat\n",
                            "wsl2.networkingMode", &line), "mirrored");
    assert_int_equal(line, 2);
    assert_string_equal(get("[experimental]\nmemory=4GB\n", "wsl2.memory", NULL), "<default>");
}

static void value_types(void **state)
{
    int b;
    int32_t i;
    uint64_t u;
    (void)state;
    assert_true(wn_cfg_parse_bool("TRUE", &b) && b);
    assert_true(wn_cfg_parse_bool("0", &b) && !b);
    assert_false(wn_cfg_parse_bool("yes", &b));
    assert_false(wn_cfg_parse_bool("on", &b));
    assert_true(wn_cfg_parse_int("0x10", &i) && i == 16);
    assert_true(wn_cfg_parse_int("010", &i) && i == 8);
    assert_true(wn_cfg_parse_int("-1", &i) && i == -1);
    assert_true(wn_cfg_parse_int("99999999999", &i) && i == INT32_MAX);
    assert_false(wn_cfg_parse_int("", &i));
    assert_false(wn_cfg_parse_int("2 ; x", &i));
    assert_false(wn_cfg_parse_int("5000ms", &i));
    assert_true(wn_cfg_parse_size("4GB", &u) && u == 4ull << 30);
    assert_true(wn_cfg_parse_size("4G", &u) && u == 4ull << 30);
    assert_true(wn_cfg_parse_size("512", &u) && u == 512);
    assert_true(wn_cfg_parse_size("1TB", &u) && u == 1ull << 40);
    assert_true(wn_cfg_parse_size("0", &u) && u == 0);
    assert_false(wn_cfg_parse_size("4gb", &u));
    assert_false(wn_cfg_parse_size("8 GB", &u));
    assert_false(wn_cfg_parse_size("1.5GB", &u));
    assert_false(wn_cfg_parse_size("00", &u));
    assert_false(wn_cfg_parse_size("GB", &u));
    assert_false(wn_cfg_parse_size("4GiB", &u));
    assert_string_equal(get("[wsl2]\nnetworkingMode=MIRRORED\n", "wsl2.networkingMode", NULL), "MIRRORED");
    assert_string_equal(get("[wsl2]\nnetworkingMode=mirror\n", "wsl2.networkingMode", NULL), "<invalid>");
    assert_string_equal(get("[experimental]\nignoredPorts=80,http\n", "experimental.ignoredPorts", NULL),
                        "<invalid>");
}

static void encodings(void **state)
{
    static const uint8_t utf16[] = {0xFF, 0xFE, '[', 0, 'w', 0, 's', 0, 'l', 0, '2', 0, ']', 0, '\r', 0, '\n', 0,
                                    'm', 0, 'e', 0, 'm', 0, 'o', 0, 'r', 0, 'y', 0, '=', 0, '1', 0, 'G', 0, 'B', 0};
    wn_cfg_doc *doc = NULL;
    wn_cfg_edit edit;
    wn_cfg_setting s;
    wslnet_error err;
    uint8_t *out;
    size_t len;
    (void)state;
    assert_int_equal(wn_cfg_read(utf16, sizeof utf16, WN_CFG_FILE_WSLCONFIG, &doc, &err), WSLNET_OK);
    assert_int_equal(doc->encoding, WN_CFG_ENC_UTF16LE_BOM);
    wn_cfg_get(doc, key("wsl2.memory"), &s);
    assert_string_equal(s.value, "1GB");
    assert_int_equal(wn_cfg_set(doc, key("wsl2.memory"), "2GB", &edit, &err), WSLNET_OK);
    assert_int_equal(wn_cfg_write(doc, &out, &len, &err), WSLNET_OK);
    assert_int_equal(len, sizeof utf16);
    assert_memory_equal(out, utf16, len - 6);
    assert_memory_equal(out + len - 6, "2\0G\0B\0", 6);
    free(out);
    wn_cfg_free(doc);
    /* UTF-16 without BOM: WSL cannot read it; wslnet keeps it and refuses edits */
    assert_int_equal(wn_cfg_read(utf16 + 2, sizeof utf16 - 2, WN_CFG_FILE_WSLCONFIG, &doc, &err), WSLNET_OK);
    assert_true(doc->unreadable);
    assert_int_equal(wn_cfg_set(doc, key("wsl2.memory"), "2GB", &edit, &err), WSLNET_E_BAD_DATA);
    wn_cfg_free(doc);
}

/* Sets name=value in text; returns the new text (static). */
static const char *set(const char *text, const char *name, const char *value, const char **action)
{
    static char out[1024];
    static char act[16];
    wn_cfg_doc *doc = doc_of(text, WN_CFG_FILE_WSLCONFIG);
    wn_cfg_edit edit;
    wslnet_error err;
    wslnet_status st = wn_cfg_set(doc, key(name), value, &edit, &err);
    if (st != WSLNET_OK)
        fail_msg("set %s=%s: %s", name, value, err.message);
    memcpy(out, doc->text, doc->len + 1);
    strcpy(act, edit.action);
    if (action)
        *action = act;
    wn_cfg_free(doc);
    return out;
}

static void set_edits_the_right_line(void **state)
{
    const char *action;
    (void)state;
    assert_string_equal(set("[wsl2]\nmemory = 4GB   # half\n", "wsl2.memory", "8GB", &action),
                        "[wsl2]\nmemory = 8GB   # half\n");
    assert_string_equal(action, "replace");
    /* the first (effective) line is replaced, the duplicate stays */
    assert_string_equal(set("[wsl2]\nmemory=4gb\nmemory=4GB\n", "wsl2.memory", "8GB", NULL),
                        "[wsl2]\nmemory=8GB\nmemory=4GB\n");
    /* the alias line in [experimental] is edited where it is */
    assert_string_equal(set("[experimental]\nnetworkingMode=nat\n", "wsl2.networkingMode", "mirrored", NULL),
                        "[experimental]\nnetworkingMode=mirrored\n");
    /* a dropped line naming the key is fixed rather than shadowed */
    assert_string_equal(set("[wsl2]\nkernel=C:\\temp\\k # mine\n", "wsl2.kernel", "C:\\temp\\k", NULL),
                        "[wsl2]\nkernel=C:\\\\temp\\\\k\n");
    /* insert after the section's last key, in the file's line breaks */
    assert_string_equal(set("[wsl2]\r\nmemory=4GB\r\n\r\n# next\r\n[experimental]\r\n", "wsl2.swap", "0", &action),
                        "[wsl2]\r\nmemory=4GB\r\nswap=0\r\n\r\n# next\r\n[experimental]\r\n");
    assert_string_equal(action, "insert");
    assert_string_equal(set("[wsl2]\nmemory=4GB", "wsl2.swap", "0", NULL), "[wsl2]\nmemory=4GB\nswap=0");
    /* no section: append one */
    assert_string_equal(set("[wsl2]\nmemory=4GB\n", "experimental.sparseVhd", "true", &action),
                        "[wsl2]\nmemory=4GB\n\n[experimental]\nsparseVhd=true\n");
    assert_string_equal(action, "append");
    assert_string_equal(set("", "wsl2.memory", "4GB", NULL), "[wsl2]\r\nmemory=4GB\r\n");
    /* a header WSL rejects is not the section */
    assert_string_equal(set("[ wsl2 ]\n", "wsl2.memory", "4GB", NULL), "[ wsl2 ]\n\n[wsl2]\nmemory=4GB\n");
    /* values WSL reads back identically */
    assert_string_equal(set("[wsl2]\n", "wsl2.swapFile", "C:\\new\\tmp\\swap.vhdx", NULL),
                        "[wsl2]\nswapFile=C:\\\\new\\\\tmp\\\\swap.vhdx\n");
    assert_string_equal(set("[wsl2]\n", "wsl2.kernelCommandLine", " a # \"b\" ", NULL),
                        "[wsl2]\nkernelCommandLine=\" a # \\\"b\\\" \"\n");
    assert_string_equal(set("[wsl2]\nmemory=4GB\n", "wsl2.memory", "4GB", &action), "[wsl2]\nmemory=4GB\n");
    assert_string_equal(action, "none");
}

static void set_rejects_what_wsl_would_not_read(void **state)
{
    wn_cfg_doc *doc = doc_of("[wsl2]\n", WN_CFG_FILE_WSLCONFIG);
    wn_cfg_edit edit;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_cfg_set(doc, key("wsl2.memory"), "4gb", &edit, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "4GB"));
    assert_int_equal(wn_cfg_set(doc, key("wsl2.localhostForwarding"), "yes", &edit, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "true or false"));
    assert_int_equal(wn_cfg_set(doc, key("wsl2.processors"), "two", &edit, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_cfg_set(doc, key("wsl2.kernelCommandLine"), "a\rb", &edit, &err), WSLNET_E_INVALID_INPUT);
    assert_string_equal(doc->text, "[wsl2]\n");
    wn_cfg_free(doc);
}

static void key_names(void **state)
{
    const wn_cfg_key *k;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, "WSL2.Memory", &k, &err), WSLNET_OK);
    assert_string_equal(k->name, "memory");
    assert_int_equal(wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, "experimental.networkingMode", &k, &err), WSLNET_OK);
    assert_string_equal(k->section, "wsl2");
    assert_int_equal(wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, "wsl2.sparseVhd", &k, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "experimental.sparseVhd"));
    assert_int_equal(wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, "network.generateResolvConf", &k, &err),
                     WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "wsl.conf"));
    assert_int_equal(wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, "memory", &k, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, "experimental.useWindowsDnsCache", &k, &err),
                     WSLNET_E_INVALID_INPUT);
}

static void unset_removes_every_line(void **state)
{
    wn_cfg_doc *doc = doc_of("[wsl2]\r\nmemory=4GB # a\r\nswap=0\r\n[experimental]\r\nnetworkingMode=x\r\n"
                             "[wsl2]\r\nnetworkingMode=nat\r\nmemory=8GB",
                             WN_CFG_FILE_WSLCONFIG);
    wn_cfg_edit edit;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_cfg_unset(doc, key("wsl2.memory"), &edit, &err), WSLNET_OK);
    assert_int_equal(edit.removed, 2);
    assert_int_equal(wn_cfg_unset(doc, key("wsl2.networkingMode"), &edit, &err), WSLNET_OK);
    assert_string_equal(doc->text, "[wsl2]\r\nswap=0\r\n[experimental]\r\n[wsl2]");
    assert_int_equal(wn_cfg_unset(doc, key("wsl2.memory"), &edit, &err), WSLNET_OK);
    assert_false(edit.changed);
    wn_cfg_free(doc);
}

static void wslconf_stops_at_first_invalid_line(void **state)
{
    uint32_t line;
    wn_cfg_doc *doc;
    wn_cfg_edit edit;
    wslnet_error err;
    (void)state;
    assert_string_equal(get("[boot]\nsystemd=true\n", "boot.systemd", &line), "true");
    assert_string_equal(get("[network]\n;x\n[boot]\nsystemd=true\n", "boot.systemd", NULL), "<default>");
    doc = doc_of("[network]\nmy_key=1\n[boot]\n", WN_CFG_FILE_WSLCONF);
    assert_true(doc->stopped);
    assert_int_equal(wn_cfg_set(doc, key("boot.systemd"), "true", &edit, &err), WSLNET_E_BAD_DATA);
    assert_non_null(strstr(err.message, "line 2"));
    assert_string_equal(doc->text, "[network]\nmy_key=1\n[boot]\n");
    wn_cfg_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_comments_quotes),
        cmocka_unit_test(escapes_and_continuations),
        cmocka_unit_test(sections_and_keys),
        cmocka_unit_test(first_occurrence_wins),
        cmocka_unit_test(value_types),
        cmocka_unit_test(encodings),
        cmocka_unit_test(set_edits_the_right_line),
        cmocka_unit_test(set_rejects_what_wsl_would_not_read),
        cmocka_unit_test(key_names),
        cmocka_unit_test(unset_removes_every_line),
        cmocka_unit_test(wslconf_stops_at_first_invalid_line),
    };
    return cmocka_run_group_tests_name("wslcfg", tests, NULL, NULL);
}
