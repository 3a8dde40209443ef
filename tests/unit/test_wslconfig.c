/* Unit tests: .wslconfig line rules (shared/reference/wslconfig.md) as the
 * networking mode reader sees them (escapes and trimming: test_wslcfg.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mode_rules.h"

static wslnet_mode_info mode_of(const char *text)
{
    wslnet_mode_info m;
    memset(&m, 0, sizeof m);
    wn_mode_apply_config(text, &m, NULL);
    return m;
}

static void plain_and_case(void **state)
{
    wslnet_mode_info m;
    (void)state;
    m = mode_of("[wsl2]\nnetworkingMode=mirrored\n");
    assert_string_equal(m.configured, "mirrored");
    assert_false(m.configured_is_default);
    assert_int_equal(m.config_line, 2);
    assert_string_equal(m.config_section, "wsl2");
    m = mode_of("[WSL2]\r\nNetworkingMode = MIRRORED   \r\n");
    assert_string_equal(m.configured, "mirrored");
    m = mode_of("[wsl2]\nnetworkingMode=\"NAT\" # quoted\n");
    assert_string_equal(m.configured, "nat");
    assert_false(m.configured_is_default);
}

static void defaults(void **state)
{
    wslnet_mode_info m;
    (void)state;
    m = mode_of(NULL);
    assert_string_equal(m.configured, "nat");
    assert_true(m.configured_is_default);
    m = mode_of("");
    assert_true(m.configured_is_default);
    m = mode_of("networkingMode=mirrored\n"); /* before any section: unknown key */
    assert_true(m.configured_is_default);
    m = mode_of("[general]\nnetworkingMode=mirrored\n");
    assert_true(m.configured_is_default);
}

static void experimental_alias_and_first_wins(void **state)
{
    wslnet_mode_info m;
    (void)state;
    m = mode_of("[experimental]\nnetworkingMode=mirrored\n");
    assert_string_equal(m.configured, "mirrored");
    assert_string_equal(m.config_section, "experimental");
    m = mode_of("[experimental]\nnetworkingMode=mirrored\n[wsl2]\nnetworkingMode=nat\n");
    assert_string_equal(m.configured, "mirrored"); /* first occurrence wins */
    assert_int_equal(m.config_line, 2);
    m = mode_of("[wsl2]\nnetworkingMode=nat\nnetworkingMode=mirrored\n");
    assert_string_equal(m.configured, "nat");
}

static void invalid_lines_are_skipped(void **state)
{
    wslnet_mode_info m;
    (void)state;
    /* ';' is not a comment: that line is an invalid key, skipped; the next one counts */
    m = mode_of("[wsl2]\n;networkingMode=nat\nnetworkingMode=mirrored\n");
    assert_string_equal(m.configured, "mirrored");
    assert_int_equal(m.config_line, 3);
    /* commented out */
    m = mode_of("[wsl2]\n# networkingMode=mirrored\n");
    assert_true(m.configured_is_default);
    /* invalid section header keeps the previous section */
    m = mode_of("[general]\n[ wsl2 ]\nnetworkingMode=mirrored\n");
    assert_true(m.configured_is_default);
    /* "[my-sec]" fails after its name: WSL's key buffer keeps "my", cut to the
     * previous section's length, so the next key is "my" - unknown (WSL's
     * configfile.cpp; the reference's "keys stay in the previous section" holds
     * only for headers failing at their first character) */
    m = mode_of("[wsl2]\n[my-sec]\nnetworkingMode=mirrored\n");
    assert_true(m.configured_is_default);
    m = mode_of("[wsl2]\n[ x ]\nnetworkingMode=mirrored\n");
    assert_string_equal(m.configured, "mirrored");
    m = mode_of("[general]\n[wsl2]x\nnetworkingMode=mirrored\n");
    assert_true(m.configured_is_default);
    /* bad escape, unterminated quote: line dropped */
    m = mode_of("[wsl2]\nnetworkingMode=mir\\rored\nnetworkingMode=\"nat\n");
    assert_true(m.configured_is_default);
    /* key with underscore: "Expected '='" */
    m = mode_of("[wsl2]\nnetworking_Mode=mirrored\n");
    assert_true(m.configured_is_default);
    /* [wsl2] # comment is a valid header */
    m = mode_of("[wsl2] # main\nnetworkingMode=mirrored\n");
    assert_string_equal(m.configured, "mirrored");
}

static void invalid_value_warns(void **state)
{
    wslnet_mode_info m;
    (void)state;
    m = mode_of("[wsl2]\nnetworkingMode=mirror\n");
    assert_string_equal(m.configured, "nat");
    assert_true(m.configured_is_default);
    assert_int_equal(m.config_line, 2);
    assert_non_null(strstr(m.config_warning, "'mirror'"));
    m = mode_of("[wsl2]\nnetworkingMode=VirtioProxy\n");
    assert_string_equal(m.configured, "consomme"); /* WslCoreConfig.h:127-128: an alias */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_and_case),
        cmocka_unit_test(defaults),
        cmocka_unit_test(experimental_alias_and_first_wins),
        cmocka_unit_test(invalid_lines_are_skipped),
        cmocka_unit_test(invalid_value_warns),
    };
    return cmocka_run_group_tests_name("wslconfig", tests, NULL, NULL);
}
