/* Unit tests: one case per lint rule (shared/reference/wslconfig.md and the
 * issue), each asserting the finding's line, severity, rule, key and text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wslcfg_lint.h"

static wn_lint_result result;

/* Lints text; returns the finding of rule on line (fails when absent). */
static const wn_lint_finding *lint_find(const char *text, wn_cfg_file file, uint32_t build, const char *rule,
                                        uint32_t line)
{
    wn_cfg_doc *doc = NULL;
    wn_lint_context ctx = {build, 0, -1, -1, -1, NULL};
    wslnet_error err;
    size_t i;
    wn_lint_result_free(&result);
    assert_int_equal(wn_cfg_read((const uint8_t *)text, strlen(text), file, &doc, &err), WSLNET_OK);
    assert_int_equal(wn_cfg_lint(doc, &ctx, &result, &err), WSLNET_OK);
    wn_cfg_free(doc);
    for (i = 0; i < result.count; i++)
        if (strcmp(result.items[i].rule, rule) == 0 && result.items[i].line == line)
            return &result.items[i];
    for (i = 0; i < result.count; i++)
        print_message("  found: line %u %s %s\n", result.items[i].line, result.items[i].rule, result.items[i].message);
    fail_msg("no %s finding on line %u for:\n%s", rule, line, text);
    return NULL;
}

#define WSLCONFIG(text, rule, line) lint_find(text, WN_CFG_FILE_WSLCONFIG, 0, rule, line)
#define has(field, s) assert_non_null(strstr(f->field, s))

static size_t count_of(const char *rule)
{
    size_t i, n = 0;
    for (i = 0; i < result.count; i++)
        n += strcmp(result.items[i].rule, rule) == 0;
    return n;
}

static void clean_file_has_no_findings(void **state)
{
    wn_cfg_doc *doc = NULL;
    wn_lint_context ctx = {26100, 0, -1, -1, -1, NULL};
    wslnet_error err;
    const char *text = "# mine\r\n[wsl2]\r\nmemory=8GB # half\r\nprocessors=4\r\nnetworkingMode=mirrored\r\n"
                       "kernel=C:\\\\wsl\\\\kernel\r\nswapFile=C:/wsl/swap.vhdx\r\n[experimental]\r\n"
                       "sparseVhd=true\r\nhostAddressLoopback=true\r\nautoMemoryReclaim=gradual\r\n";
    (void)state;
    assert_int_equal(wn_cfg_read((const uint8_t *)text, strlen(text), WN_CFG_FILE_WSLCONFIG, &doc, &err), WSLNET_OK);
    assert_int_equal(wn_cfg_lint(doc, &ctx, &result, &err), WSLNET_OK);
    assert_int_equal(result.count, 0);
    wn_cfg_free(doc);
    wn_lint_result_free(&result);
}

static void lines_wsl_drops(void **state)
{
    const wn_lint_finding *f;
    (void)state;
    f = WSLCONFIG("[wsl2]\n;memory=16GB\n", "semicolon-comment", 2);
    assert_int_equal(f->severity, WN_LINT_WARNING);
    has(fix, "#memory=16GB");
    has(effect, "skips");
    f = WSLCONFIG("[wsl2]\nprocessors=2 ; two\n", "semicolon-comment", 2);
    assert_int_equal(f->severity, WN_LINT_ERROR);
    assert_string_equal(f->key, "wsl2.processors");
    has(message, "'#' does");
    has(effect, "default");
    f = WSLCONFIG("[wsl2]\n-memory=4GB\n", "invalid-key", 2);
    assert_int_equal(f->severity, WN_LINT_ERROR);
    f = WSLCONFIG("[wsl2]\nmy_key=1\n", "invalid-key-name", 2);
    has(message, "letters and digits");
    f = WSLCONFIG("[wsl2]\nkernel=C:\\temp\\kernel\n", "single-backslash", 2);
    assert_int_equal(f->severity, WN_LINT_ERROR);
    assert_string_equal(f->key, "wsl2.kernel");
    has(message, "'\\k'");
    has(fix, "kernel=C:\\\\temp\\\\kernel");
    has(effect, "skips this line");
    f = WSLCONFIG("[wsl2]\nkernel=C:/k\\", "single-backslash", 2);
    has(message, "ends with a backslash");
    f = WSLCONFIG("[wsl2]\nkernelCommandLine=\"quiet\n", "unterminated-quote", 2);
    assert_string_equal(f->key, "wsl2.kernelCommandLine");
    f = WSLCONFIG("[wsl2]\nswapFile=C:\\new\\tmp\n", "escape-in-path", 2);
    assert_int_equal(f->severity, WN_LINT_ERROR);
    has(fix, "swapFile=C:\\\\new\\\\tmp");
}

static void section_headers(void **state)
{
    const wn_lint_finding *f;
    (void)state;
    f = WSLCONFIG("[general]\n[ wsl2 ]\nmemory=4GB\n", "invalid-section", 2);
    has(fix, "[wsl2]");
    has(effect, "general.<key>");
    f = WSLCONFIG("[wsl2]\n[my-sec]\nmemory=4GB\n", "invalid-section", 2);
    has(effect, "'my'");
    /* the reference says later keys stay in the previous section: WSL's code
     * cuts or NUL-pads the failed name to the previous section's length */
    f = WSLCONFIG("[general]\n[wsl2]x\nmemory=4GB\n", "invalid-section", 2);
    has(effect, "'wsl2'");
    f = WSLCONFIG("[wsl2]\n[wsl2]x\nmemory=4GB\n", "invalid-section", 2);
    has(effect, "wsl2.<key>");
    /* and the key below is then unknown to WSL */
    WSLCONFIG("[wsl2]\n[my-sec]\nmemory=4GB\n", "unknown-key", 3);
}

static void keys_wsl_ignores(void **state)
{
    const wn_lint_finding *f;
    (void)state;
    f = WSLCONFIG("[wsl2]\npageReporting=false\n", "unknown-key", 2);
    assert_int_equal(f->severity, WN_LINT_WARNING);
    assert_string_equal(f->key, "wsl2.pageReporting");
    f = WSLCONFIG("[experimental]\nuseWindowsDnsCache=true\n", "removed-key", 2);
    f = WSLCONFIG("memory=4GB\n[wsl2]\n", "no-section", 1);
    has(fix, "[wsl2]");
    f = WSLCONFIG("[wsl2]\nsparseVhd=true\n", "wrong-section", 2);
    has(fix, "experimental.sparseVhd");
    f = WSLCONFIG("[network]\ngenerateResolvConf=false\n", "wrong-file", 2);
    has(message, "wsl.conf key");
    f = lint_find("[wsl2]\nnetworkingMode=mirrored\n", WN_CFG_FILE_WSLCONF, 0, "wrong-file", 2);
    has(message, ".wslconfig key");
    has(fix, "wsl2.networkingMode");
    f = lint_find("[network]\ndnsTunneling=true\n", WN_CFG_FILE_WSLCONF, 0, "wrong-file", 2);
    has(message, "generateHosts, generateResolvConf and hostname");
    f = WSLCONFIG("[wsl2]\nmemory=4GB\nmemory=8GB\n", "duplicate", 3);
    has(message, "line 2");
    has(effect, "first occurrence wins");
    f = WSLCONFIG("[experimental]\nnetworkingMode=nat\n[wsl2]\nnetworkingMode=mirrored\n", "duplicate", 4);
    assert_string_equal(f->key, "wsl2.networkingMode");
    f = WSLCONFIG("[wsl2]\nmemory=4gb\nmemory=4GB\n", "duplicate", 3);
    has(effect, "uses the default");
    f = WSLCONFIG("[experimental]\nfirewall=true\n", "experimental-alias", 2);
    assert_int_equal(f->severity, WN_LINT_INFO);
}

static void values_wsl_rejects(void **state)
{
    const wn_lint_finding *f;
    (void)state;
    f = WSLCONFIG("[wsl2]\nlocalhostForwarding=yes\n", "invalid-boolean", 2);
    assert_int_equal(f->severity, WN_LINT_ERROR);
    assert_string_equal(f->fix, "localhostForwarding=true");
    has(effect, "default (true)");
    f = WSLCONFIG("[wsl2]\nguiApplications=off\n", "invalid-boolean", 2);
    assert_string_equal(f->fix, "guiApplications=false");
    f = WSLCONFIG("[wsl2]\nmemory=4gb\n", "size-lowercase", 2);
    assert_string_equal(f->fix, "memory=4GB");
    f = WSLCONFIG("[wsl2]\nswap=8 GB\n", "invalid-size", 2);
    f = WSLCONFIG("[wsl2]\ndefaultVhdSize=1.5TB\n", "invalid-size", 2);
    f = WSLCONFIG("[wsl2]\nprocessors=four\n", "invalid-integer", 2);
    f = WSLCONFIG("[wsl2]\nnetworkingMode=bridge\n", "invalid-value", 2);
    has(fix, "Mirrored");
    f = WSLCONFIG("[experimental]\nautoMemoryReclaim=sometimes\n", "invalid-value", 2);
    f = WSLCONFIG("[experimental]\nignoredPorts=80,http\n", "invalid-ports", 2);
    f = WSLCONFIG("[experimental]\ndnsTunnelingIpAddress=10.0.0.256\n", "invalid-ip", 2);
    has(effect, "DNS tunneling off");
    f = WSLCONFIG("[wsl2]\nmacAddress=00:15:5D:zz:00:01\n", "invalid-mac", 2);
    has(effect, "fails to start");
    f = WSLCONFIG("[wsl2]\nvmIdleTimeout=010\n", "octal", 2);
    assert_int_equal(f->severity, WN_LINT_INFO);
    has(message, "octal, 8");
    f = WSLCONFIG("[wsl2]\nkernel=C:\\\\Users\\\\J\xc3\xbcrgen\\\\k\n", "non-ascii", 2);
    assert_int_equal(f->severity, WN_LINT_WARNING);
    has(effect, "mangled");
}

static void windows_build_and_mode(void **state)
{
    const wn_lint_finding *f;
    (void)state;
    f = lint_find("[wsl2]\nnetworkingMode=mirrored\n", WN_CFG_FILE_WSLCONFIG, 19045, "needs-22h2", 2);
    has(effect, "falls back to NAT");
    has(message, "19045");
    f = lint_find("[wsl2]\ndnsTunneling=true\n", WN_CFG_FILE_WSLCONFIG, 22000, "needs-22h2", 2);
    f = lint_find("[wsl2]\nnestedVirtualization=true\n", WN_CFG_FILE_WSLCONFIG, 19045, "needs-win11", 2);
    /* no build rule on 22H2 or when the build is unknown */
    lint_find("[wsl2]\nnetworkingMode=mirrored\nmemory=4gb\n", WN_CFG_FILE_WSLCONFIG, 22621, "size-lowercase", 3);
    assert_int_equal(count_of("needs-22h2"), 0);
    lint_find("[wsl2]\ndnsTunneling=true\nmemory=4gb\n", WN_CFG_FILE_WSLCONFIG, 0, "size-lowercase", 3);
    assert_int_equal(count_of("needs-22h2"), 0);
    f = WSLCONFIG("[wsl2]\nnetworkingMode=nat\n[experimental]\nhostAddressLoopback=true\n", "mirrored-only", 4);
    has(effect, "no effect in NAT");
    f = WSLCONFIG("[experimental]\nignoredPorts=80\n", "mirrored-only", 2);
    f = WSLCONFIG("[wsl2]\nnetworkingMode=Mirrored\nlocalhostForwarding=true\n", "localhost-mirrored", 3);
    assert_int_equal(f->severity, WN_LINT_WARNING);
    lint_find("[wsl2]\nnetworkingMode=mirrored\n[experimental]\nignoredPorts=80\nmemory=1\n",
              WN_CFG_FILE_WSLCONFIG, 0, "wrong-section", 5);
    assert_int_equal(count_of("mirrored-only"), 0);
}

static void encodings_and_wslconf(void **state)
{
    static const uint8_t be[] = {0xFE, 0xFF, 0, '[', 0, 'w', 0, 's', 0, 'l', 0, '2', 0, ']'};
    wn_cfg_doc *doc = NULL;
    wslnet_error err;
    const wn_lint_finding *f;
    (void)state;
    wn_lint_result_free(&result);
    assert_int_equal(wn_cfg_read(be, sizeof be, WN_CFG_FILE_WSLCONFIG, &doc, &err), WSLNET_OK);
    assert_int_equal(wn_cfg_lint(doc, NULL, &result, &err), WSLNET_OK);
    assert_true(result.count >= 1);
    assert_string_equal(result.items[0].rule, "encoding");
    assert_int_equal(result.items[0].line, 0);
    wn_cfg_free(doc);
    f = lint_find("[network]\ngenerateHosts=false\n; note\ngenerateResolvConf=false\n[boot]\nsystemd=true\n",
                  WN_CFG_FILE_WSLCONF, 0, "semicolon-comment", 3);
    assert_int_equal(f->severity, WN_LINT_ERROR);
    has(effect, "stops reading");
    f = lint_find("[network]\ngenerateHosts=false\n; note\ngenerateResolvConf=false\n[boot]\nsystemd=true\n",
                  WN_CFG_FILE_WSLCONF, 0, "wsl-conf-stops", 3);
    has(message, "2 key line(s)");
    f = lint_find("[boot]\nsystemd=yes\n", WN_CFG_FILE_WSLCONF, 0, "invalid-boolean", 2);
    wn_lint_result_free(&result);
}

/* wsl.conf is read on Linux with fopen (WslDistributionConfig.cpp:67): a UTF-8 BOM is not
 * skipped, line 1 is invalid and WSL stops there: the whole file is ignored (issue 11) */
static void wslconf_by_linux_rules(void **state)
{
    const wn_lint_finding *f;
    wn_cfg_doc *doc = NULL;
    uint8_t *bytes = NULL;
    size_t len = 0;
    static const char bom[] = "\xEF\xBB\xBF[boot]\nsystemd=true\n[network]\ngenerateHosts=false\n";
    (void)state;
    f = lint_find(bom, WN_CFG_FILE_WSLCONF, 0, "wsl-conf-bom", 1);
    assert_int_equal(f->severity, WN_LINT_ERROR);
    has(message, "ignores the whole file");
    has(fix, "without a byte-order mark");
    assert_int_equal(count_of("wsl-conf-stops"), 1);
    /* the same bytes as a .wslconfig: the BOM is skipped there, no finding */
    assert_int_equal(wn_cfg_read((const uint8_t *)bom, strlen(bom), WN_CFG_FILE_WSLCONF, &doc, NULL), WSLNET_OK);
    assert_true(doc->stopped);
    assert_int_equal(wn_cfg_write(doc, &bytes, &len, NULL), WSLNET_OK); /* byte for byte */
    assert_int_equal(len, strlen(bom));
    assert_memory_equal(bytes, bom, len);
    free(bytes);
    wn_cfg_free(doc);
    /* backslash + CRLF: on Linux the CR stays, so the continuation does not join lines */
    {
        static const char t[] = "[boot]\r\ncommand=a\\\r\nb\r\n";
        assert_int_equal(wn_cfg_read((const uint8_t *)t, strlen(t), WN_CFG_FILE_WSLCONF, &doc, NULL), WSLNET_OK);
    }
    assert_true(doc->item_count >= 2);
    assert_int_equal(doc->items[1].kind, WN_CFG_ITEM_ASSIGN);
    assert_string_equal(doc->items[1].value, "a");
    wn_cfg_free(doc);
    /* the same in a .wslconfig (CRT text mode): the continuation joins */
    {
        static const char t[] = "[wsl2]\r\nkernelCommandLine=a\\\r\nb\r\n";
        assert_int_equal(wn_cfg_read((const uint8_t *)t, strlen(t), WN_CFG_FILE_WSLCONFIG, &doc, NULL), WSLNET_OK);
    }
    assert_string_equal(doc->items[1].value, "ab");
    wn_cfg_free(doc);
    /* UTF-16 in wsl.conf: unreadable, and the fix is UTF-8 without BOM */
    {
        static const uint8_t u16[] = {0xFF, 0xFE, '[', 0, 'b', 0, 'o', 0, 'o', 0, 't', 0, ']', 0};
        assert_int_equal(wn_cfg_read(u16, sizeof u16, WN_CFG_FILE_WSLCONF, &doc, NULL), WSLNET_OK);
        assert_true(doc->unreadable);
        wn_cfg_free(doc);
    }
    /* the writer: a new line in a wsl.conf ends with LF (Linux), not CRLF */
    {
        static const char t[] = "[boot]";
        const wn_cfg_key *k = NULL;
        wn_cfg_edit edit;
        assert_int_equal(wn_cfg_read((const uint8_t *)t, strlen(t), WN_CFG_FILE_WSLCONF, &doc, NULL), WSLNET_OK);
        assert_int_equal(wn_cfg_key_resolve(WN_CFG_FILE_WSLCONF, "boot.systemd", &k, NULL), WSLNET_OK);
        assert_int_equal(wn_cfg_set(doc, k, "true", &edit, NULL), WSLNET_OK);
        assert_int_equal(wn_cfg_write(doc, &bytes, &len, NULL), WSLNET_OK);
        assert_null(memchr(bytes, '\r', len));
        assert_non_null(strstr((const char *)doc->text, "[boot]\nsystemd=true"));
        free(bytes);
        wn_cfg_free(doc);
    }
    /* policy-aware lint: a user's nat under a policy that forces mirrored */
    {
        wn_lint_context ctx = {26100, 1, 3, 0, -1, NULL};
        wn_lint_result_free(&result);
        static const char t[] = "[wsl2]\nnetworkingMode=nat\n";
        assert_int_equal(wn_cfg_read((const uint8_t *)t, strlen(t), WN_CFG_FILE_WSLCONFIG, &doc, NULL), WSLNET_OK);
        assert_int_equal(wn_cfg_lint(doc, &ctx, &result, NULL), WSLNET_OK);
        assert_int_equal(count_of("policy-override"), 1);
        wn_cfg_free(doc);
    }
    wn_lint_result_free(&result);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean_file_has_no_findings),
        cmocka_unit_test(lines_wsl_drops),
        cmocka_unit_test(section_headers),
        cmocka_unit_test(keys_wsl_ignores),
        cmocka_unit_test(values_wsl_rejects),
        cmocka_unit_test(windows_build_and_mode),
        cmocka_unit_test(encodings_and_wslconf),
        cmocka_unit_test(wslconf_by_linux_rules),
    };
    int rc = cmocka_run_group_tests_name("wslcfg_lint", tests, NULL, NULL);
    wn_lint_result_free(&result);
    return rc;
}
