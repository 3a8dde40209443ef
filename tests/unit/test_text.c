/* Unit tests: wildcards, decoding (BOMs, UTF-16LE as wsl.exe prints it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "text.h"
#include "wslcfg.h"

static void wildcards(void **state)
{
    (void)state;
    assert_true(wn_wildcard_match("vEthernet (WSL*", "vEthernet (WSL)"));
    assert_true(wn_wildcard_match("vEthernet (WSL*", "vEthernet (WSL (Hyper-V firewall))"));
    assert_true(wn_wildcard_match("vEthernet (WSL*", "VETHERNET (wsl) 2"));
    assert_false(wn_wildcard_match("vEthernet (WSL*", "vEthernet (Default Switch)"));
    assert_true(wn_wildcard_match("wslhost?", "wslhost0"));
    assert_false(wn_wildcard_match("wslhost?", "wslhost10"));
    assert_true(wn_wildcard_match("*", ""));
    assert_false(wn_wildcard_match("", "x"));
    assert_true(wn_wildcard_match("a*b*c", "aXXbYYc"));
    assert_false(wn_wildcard_match("a*b*c", "aXXbYY"));
    /* backtracking-heavy input stays fast (linear with one star resume point) */
    assert_false(wn_wildcard_match("*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static void decode_plain_and_bom(void **state)
{
    static const uint8_t utf8_bom[] = {0xEF, 0xBB, 0xBF, 'a', '=', '1'};
    static const uint8_t utf16_bom[] = {0xFF, 0xFE, 'h', 0, 0xE9, 0, '!', 0};
    wn_encoding enc;
    char *s;
    (void)state;
    s = wn_decode_text((const uint8_t *)"abc", 3, 0, &enc);
    assert_string_equal(s, "abc");
    assert_int_equal(enc, WN_ENC_UTF8);
    free(s);
    s = wn_decode_text(utf8_bom, sizeof utf8_bom, 0, &enc);
    assert_string_equal(s, "a=1");
    assert_int_equal(enc, WN_ENC_UTF8_BOM);
    free(s);
    s = wn_decode_text(utf16_bom, sizeof utf16_bom, 0, &enc);
    assert_string_equal(s, "h\xC3\xA9!");
    assert_int_equal(enc, WN_ENC_UTF16LE_BOM);
    free(s);
}

static void guess_utf16_one_rule(void **state)
{
    static const uint8_t le[] = {'[', 0, 'w', 0, 's', 0, 'l', 0, '2', 0, ']', 0};
    static const uint8_t be[] = {0, '[', 0, 'w', 0, 's', 0, 'l', 0, '2', 0, ']'};
    static const uint8_t le_cjk[] = {'a', 0, 'b', 0, 'c', 0, 0x2D, 0x4E}; /* 3 of 4 high bytes NUL */
    static const uint8_t mostly_cjk[] = {'a', 0, 0x2D, 0x4E, 0x2D, 0x4E, 'c', 0}; /* 2 of 4 */
    (void)state;
    assert_int_equal(wn_guess_utf16(le, sizeof le), WN_UTF16_GUESS_LE);
    assert_int_equal(wn_guess_utf16(be, sizeof be), WN_UTF16_GUESS_BE);
    assert_int_equal(wn_guess_utf16(le_cjk, sizeof le_cjk), WN_UTF16_GUESS_LE);
    assert_int_equal(wn_guess_utf16(mostly_cjk, sizeof mostly_cjk), WN_UTF16_GUESS_NONE);
    assert_int_equal(wn_guess_utf16((const uint8_t *)"[wsl2]\n", 7), WN_UTF16_GUESS_NONE);
    assert_int_equal(wn_guess_utf16(le, 1), WN_UTF16_GUESS_NONE);
    /* the .wslconfig reader and the program-output decoder agree */
    {
        wn_cfg_doc *doc = NULL;
        wslnet_error err = {0};
        assert_int_equal(wn_cfg_read(be, sizeof be, WN_CFG_FILE_WSLCONFIG, &doc, &err), WSLNET_OK);
        assert_true(doc->unreadable);
        wn_cfg_free(doc);
    }
}

static void decode_guessed_utf16(void **state)
{
    static const uint8_t out[] = {'1', 0, '.', 0, '2', 0, '.', 0, '3', 0, '.', 0, '4', 0, '\n', 0};
    static const uint8_t pair[] = {0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE, 'x', 0}; /* U+1F600 then x */
    static const uint8_t lone[] = {0xFF, 0xFE, 0x00, 0xD8, 'x', 0}; /* lone high surrogate */
    wn_encoding enc;
    char *s;
    (void)state;
    s = wn_decode_text(out, sizeof out, 1, &enc);
    assert_string_equal(s, "1.2.3.4\n");
    assert_int_equal(enc, WN_ENC_UTF16LE);
    free(s);
    s = wn_decode_text(out, sizeof out, 0, &enc); /* no guessing: stays bytes */
    assert_int_equal(enc, WN_ENC_UTF8);
    free(s);
    s = wn_decode_text(pair, sizeof pair, 1, NULL);
    assert_string_equal(s, "\xF0\x9F\x98\x80x");
    free(s);
    s = wn_decode_text(lone, sizeof lone, 1, NULL);
    assert_string_equal(s, "\xEF\xBF\xBDx");
    free(s);
}

/* Terminal controls in values are shown, not obeyed (issue 9, finding 8). */
static void escape_controls(void **state)
{
    char *s;
    (void)state;
    s = wn_escape_controls("name\x1b[2J\x1b]0;owned\x07 ok\r\nnext\rover\b\tx\x7f", WN_ESCAPE_TEXT);
    assert_string_equal(s, "name\\x1B[2J\\x1B]0;owned\\x07 ok\r\nnext\\x0Dover\\x08\tx\\x7F");
    free(s);
    s = wn_escape_controls("csi \xc2\x9b" "31m caf\xc3\xa9 \xc2\xa0 \xff", WN_ESCAPE_TEXT);
    assert_string_equal(s, "csi \\u009B31m caf\xc3\xa9 \xc2\xa0 \xff"); /* only C1 changes */
    free(s);
    /* JSON as cJSON prints it: structure (newlines, tabs) stays, DEL and C1 become \u escapes */
    s = wn_escape_controls("{\n\t\"v\":\t\"a\\u001b\x7f\xc2\x9b\"\n}", WN_ESCAPE_JSON);
    assert_string_equal(s, "{\n\t\"v\":\t\"a\\u001b\\u007F\\u009B\"\n}");
    free(s);
    s = wn_escape_controls("", WN_ESCAPE_TEXT);
    assert_string_equal(s, "");
    free(s);
}

/* The one UTF-16 codec: a pair, a lone surrogate replaced or kept (WTF-8),
 * and the way back giving the same units. */
static void utf16_codec_round_trip(void **state)
{
    /* "a", U+1F600 (D83D DE00), a lone high surrogate D800, "b" */
    static const uint8_t units[] = {0x61, 0, 0x3D, 0xD8, 0x00, 0xDE, 0x00, 0xD8, 0x62, 0};
    wn_strbuf lossy = {0}, kept = {0}, back = {0};
    char *s;
    (void)state;
    wn_utf16le_to_utf8(units, 5, 0, &lossy);
    s = wn_strbuf_take(&lossy);
    assert_string_equal(s, "a\xF0\x9F\x98\x80\xEF\xBF\xBD" "b");
    free(s);
    wn_utf16le_to_utf8(units, 5, 1, &kept);
    assert_int_equal(kept.len, 1 + 4 + 3 + 1);
    assert_memory_equal(kept.data + 5, "\xED\xA0\x80", 3);
    wn_utf8_to_utf16le(kept.data, kept.len, &back);
    assert_int_equal(back.len, sizeof units);
    assert_memory_equal(back.data, units, sizeof units);
    wn_utf8_to_utf16le("\xFF", 1, &back); /* no valid sequence: U+FFFD */
    assert_memory_equal(back.data + sizeof units, "\xFD\xFF", 2);
    free(wn_strbuf_take(&kept));
    free(wn_strbuf_take(&back));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wildcards),
        cmocka_unit_test(escape_controls),
        cmocka_unit_test(decode_plain_and_bom),
        cmocka_unit_test(guess_utf16_one_rule),
        cmocka_unit_test(decode_guessed_utf16),
        cmocka_unit_test(utf16_codec_round_trip),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
