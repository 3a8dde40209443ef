/* text.h - small text helpers: wildcards, case folding, decoding bytes to UTF-8. */
#ifndef WN_TEXT_H
#define WN_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* 1 when text matches pattern: '*' any run, '?' one byte; ASCII case-insensitive. */
int wn_wildcard_match(const char *pattern, const char *text);

/* ASCII case-insensitive equality. */
int wn_streq_nocase(const char *a, const char *b);

typedef enum wn_encoding {
    WN_ENC_UTF8 = 0,        /* no BOM */
    WN_ENC_UTF8_BOM,
    WN_ENC_UTF16LE_BOM,
    WN_ENC_UTF16LE          /* no BOM, detected from NUL bytes (program output only) */
} wn_encoding;

/*
 * Decodes bytes to a NUL-terminated UTF-8 string. With guess_utf16 set, text
 * without a BOM whose odd bytes are mostly NUL is read as UTF-16LE (what
 * wsl.exe prints); otherwise only a BOM selects UTF-16LE. Returns a malloc'd
 * string the caller frees, or NULL when out of memory; *enc receives what was
 * found when enc is not NULL. Invalid UTF-16 becomes U+FFFD.
 */
char *wn_decode_text(const uint8_t *bytes, size_t len, int guess_utf16, wn_encoding *enc);

#endif
