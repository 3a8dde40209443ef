/* text.c - wildcards and decoding of text read from files and programs. */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fold(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int wn_streq_nocase(const char *a, const char *b)
{
    while (*a && fold((unsigned char)*a) == fold((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

int wn_wildcard_match(const char *pattern, const char *text)
{
    /* Iterative matcher with one backtrack point: linear for typical input,
     * never exponential. */
    const char *star = NULL, *resume = NULL;
    while (*text) {
        if (*pattern == '*') {
            star = pattern++;
            resume = text;
        } else if (*pattern == '?' ||
                   (*pattern && fold((unsigned char)*pattern) == fold((unsigned char)*text))) {
            pattern++;
            text++;
        } else if (star) {
            pattern = star + 1;
            text = ++resume;
        } else {
            return 0;
        }
    }
    while (*pattern == '*')
        pattern++;
    return *pattern == '\0';
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

void wn_utf16le_to_utf8(const uint8_t *p, size_t units, int keep_lone_surrogates, wn_strbuf *out)
{
    size_t i;
    for (i = 0; i < units; i++) {
        uint32_t u = (uint32_t)p[2 * i] | ((uint32_t)p[2 * i + 1] << 8);
        char b[4];
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
            uint32_t lo = (uint32_t)p[2 * i + 2] | ((uint32_t)p[2 * i + 3] << 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF && !keep_lone_surrogates)
            u = 0xFFFD;
        wn_strbuf_add(out, b, put_utf8(b, u));
    }
}

static void put_unit(wn_strbuf *out, uint32_t u)
{
    char b[2];
    b[0] = (char)(u & 0xFF);
    b[1] = (char)(u >> 8);
    wn_strbuf_add(out, b, 2);
}

void wn_utf8_to_utf16le(const char *s, size_t len, wn_strbuf *out)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t c = p[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        size_t k;
        if (n == 0 || i + n > len) {
            put_unit(out, 0xFFFD);
            i++;
            continue;
        }
        if (n > 1) {
            c &= 0xFFu >> (n + 1);
            for (k = 1; k < n; k++) {
                if ((p[i + k] & 0xC0) != 0x80)
                    break;
                c = (c << 6) | (p[i + k] & 0x3F);
            }
            if (k < n) {
                put_unit(out, 0xFFFD);
                i++;
                continue;
            }
        }
        i += n;
        if (c >= 0x10000) {
            c -= 0x10000;
            put_unit(out, 0xD800 + (c >> 10));
            put_unit(out, 0xDC00 + (c & 0x3FF));
        } else {
            put_unit(out, c);
        }
    }
}

/* UTF-16LE bytes to a malloc'd UTF-8 string, invalid units as U+FFFD. */
static char *utf16le_to_utf8(const uint8_t *p, size_t len)
{
    wn_strbuf b = {0};
    wn_utf16le_to_utf8(p, len / 2, 0, &b);
    return wn_strbuf_take(&b);
}

wn_utf16_guess wn_guess_utf16(const uint8_t *bytes, size_t len)
{
    size_t i, high_le = 0, high_be = 0, units = len / 2;
    if (units == 0)
        return WN_UTF16_GUESS_NONE;
    for (i = 0; i < units; i++) {
        high_le += bytes[2 * i + 1] == 0;
        high_be += bytes[2 * i] == 0;
    }
    if (high_le * 4 >= units * 3 && high_le >= high_be)
        return WN_UTF16_GUESS_LE;
    if (high_be * 4 >= units * 3)
        return WN_UTF16_GUESS_BE;
    return WN_UTF16_GUESS_NONE;
}

char *wn_decode_text(const uint8_t *bytes, size_t len, int guess_utf16, wn_encoding *enc)
{
    wn_encoding found = WN_ENC_UTF8;
    char *out;
    if (len >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) {
        found = WN_ENC_UTF16LE_BOM;
        out = utf16le_to_utf8(bytes + 2, len - 2);
    } else if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        found = WN_ENC_UTF8_BOM;
        out = malloc(len - 2);
        if (out) {
            memcpy(out, bytes + 3, len - 3);
            out[len - 3] = '\0';
        }
    } else if (guess_utf16 && wn_guess_utf16(bytes, len) == WN_UTF16_GUESS_LE) {
        found = WN_ENC_UTF16LE;
        out = utf16le_to_utf8(bytes, len);
    } else {
        out = malloc(len + 1);
        if (out) {
            memcpy(out, bytes, len);
            out[len] = '\0';
        }
    }
    if (enc)
        *enc = found;
    return out;
}

char *wn_escape_controls(const char *text, wn_escape_style style)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text), o = 0;
    char *out = malloc(len * 6 + 1); /* at most 6 bytes (\u007F) for 1 */
    if (!out)
        return NULL;
    while (*p) {
        unsigned c = *p;
        if (c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) { /* C1 control, U+0080..U+009F */
            o += (size_t)sprintf(out + o, "\\u%04X", (unsigned)p[1]);
            p += 2;
            continue;
        }
        if (c == 0x7F || (style == WN_ESCAPE_TEXT && c < 0x20 && c != '\t' && c != '\n' &&
                          !(c == '\r' && p[1] == '\n'))) {
            o += (size_t)sprintf(out + o, style == WN_ESCAPE_JSON ? "\\u%04X" : "\\x%02X", c);
            p++;
            continue;
        }
        out[o++] = (char)c;
        p++;
    }
    out[o] = '\0';
    return out;
}

void wn_format_mac(const uint8_t *mac, uint32_t length, char *buf, size_t size)
{
    size_t pos = 0;
    uint32_t i;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (i = 0; i < length && i < 8 && pos + 3 < size; i++)
        pos += (size_t)snprintf(buf + pos, size - pos, i ? "-%02X" : "%02X", mac[i]);
}
