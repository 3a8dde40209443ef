/* text.h - small text helpers: wildcards, case folding, decoding bytes to UTF-8. */
#ifndef WN_TEXT_H
#define WN_TEXT_H

#include "strbuf.h"

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

/* The one guess at UTF-16 without a BOM: at least 3/4 of the high bytes of
 * its code units are NUL (text that is mostly ASCII, as wsl.exe prints and
 * Notepad saves). WN_UTF16_GUESS_LE or _BE, else WN_UTF16_GUESS_NONE (also
 * for fewer than 2 bytes). */
typedef enum wn_utf16_guess {
    WN_UTF16_GUESS_NONE = 0,
    WN_UTF16_GUESS_LE,
    WN_UTF16_GUESS_BE
} wn_utf16_guess;
wn_utf16_guess wn_guess_utf16(const uint8_t *bytes, size_t len);

/*
 * Decodes bytes to a NUL-terminated UTF-8 string. With guess_utf16 set, text
 * without a BOM that wn_guess_utf16 finds little-endian is read as UTF-16LE (what
 * wsl.exe prints); otherwise only a BOM selects UTF-16LE. Returns a malloc'd
 * string the caller frees, or NULL when out of memory; *enc receives what was
 * found when enc is not NULL. Invalid UTF-16 becomes U+FFFD.
 */
char *wn_decode_text(const uint8_t *bytes, size_t len, int guess_utf16, wn_encoding *enc);

/* The one UTF-16 codec. Appends units UTF-16LE code units at p to out as
 * UTF-8. A lone surrogate becomes U+FFFD, or with keep_lone_surrogates its own
 * 3-byte form (WTF-8), so that wn_utf8_to_utf16le gives the same units back
 * (a .wslconfig is rewritten byte for byte). */
void wn_utf16le_to_utf8(const uint8_t *p, size_t units, int keep_lone_surrogates, wn_strbuf *out);

/* Appends UTF-8 (WTF-8 accepted) s of len bytes to out as UTF-16LE; a byte
 * that starts no valid sequence becomes U+FFFD. */
void wn_utf8_to_utf16le(const char *s, size_t len, wn_strbuf *out);

typedef enum wn_escape_style {
    WN_ESCAPE_TEXT, /* C0 controls but tab, line feed and CR-LF: \xHH; DEL: \x7F; C1: \u00HH */
    WN_ESCAPE_JSON  /* printed JSON (C0 are already escaped inside its strings): DEL and C1 as \u00HH */
} wn_escape_style;

/*
 * Returns a malloc'd copy of UTF-8 text (caller frees; NULL when out of
 * memory) that is safe to print to a terminal: the control characters that
 * move the cursor or start an escape sequence (ESC, CSI U+009B, CR, BS, ...)
 * are written out as visible escapes. Values wslnet prints come from places
 * other users control (the registry, a profile's .wslconfig, a distro), and
 * an admin's console must show them, not obey them. Other bytes, invalid
 * UTF-8 included, are copied as they are.
 */
char *wn_escape_controls(const char *text, wn_escape_style style);

/* Writes a MAC address as "00-15-5D-01-02-03" (at most 8 bytes, Windows's
 * form) into buf of size bytes, always NUL-terminated when size > 0. */
void wn_format_mac(const uint8_t *mac, uint32_t length, char *buf, size_t size);

#endif
