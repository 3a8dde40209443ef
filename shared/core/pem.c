/* pem.c - base64, PEM, thumbprints and certificate file names. */
#include "pem.h"

#include "status.h"

#include <stdlib.h>
#include <string.h>

static const char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"
#define PEM_LINE 64

size_t wn_base64_len(size_t n)
{
    return (n + 2) / 3 * 4;
}

void wn_base64_encode(const uint8_t *data, size_t len, char *out)
{
    size_t i, o = 0;
    for (i = 0; i + 2 < len; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
        out[o++] = b64_alphabet[v >> 18];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = b64_alphabet[(v >> 6) & 63];
        out[o++] = b64_alphabet[v & 63];
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)data[i] << 16;
        out[o++] = b64_alphabet[v >> 18];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (len - i == 2) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8;
        out[o++] = b64_alphabet[v >> 18];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = b64_alphabet[(v >> 6) & 63];
        out[o++] = '=';
    }
    out[o] = '\0';
}

/* The 6-bit value of a base64 digit, -1 for anything else. */
static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

size_t wn_base64_decode(const char *text, size_t len, uint8_t *out)
{
    size_t i, o = 0;
    if (len % 4 != 0)
        return (size_t)-1;
    for (i = 0; i < len; i += 4) {
        int v[4], pad = 0, k;
        for (k = 0; k < 4; k++) {
            v[k] = b64_value(text[i + k]);
            if (v[k] < 0) {
                /* '=' only at the end of the last group: "xx==" or "xxx=" */
                if (text[i + k] != '=' || i + 4 != len || k < 2 || (k == 2 && text[i + 3] != '='))
                    return (size_t)-1;
                v[k] = 0;
                pad++;
            }
        }
        uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        if ((pad == 1 && (w & 0xFF)) || (pad == 2 && (w & 0xFFFF)))
            return (size_t)-1; /* bits set beyond the data: not what an encoder writes */
        out[o++] = (uint8_t)(w >> 16);
        if (pad < 2)
            out[o++] = (uint8_t)(w >> 8);
        if (pad < 1)
            out[o++] = (uint8_t)w;
    }
    return o;
}

char *wn_pem_encode(const uint8_t *der, size_t len)
{
    size_t b64 = wn_base64_len(len), lines = (b64 + PEM_LINE - 1) / PEM_LINE;
    size_t size = sizeof PEM_BEGIN + b64 + lines + sizeof PEM_END + 1;
    char *out = malloc(size), *body, *p;
    size_t i;
    if (!out)
        return NULL;
    body = malloc(b64 + 1);
    if (!body) {
        free(out);
        return NULL;
    }
    wn_base64_encode(der, len, body);
    p = out;
    memcpy(p, PEM_BEGIN "\n", sizeof PEM_BEGIN);
    p += sizeof PEM_BEGIN;
    for (i = 0; i < b64; i += PEM_LINE) {
        size_t n = b64 - i < PEM_LINE ? b64 - i : PEM_LINE;
        memcpy(p, body + i, n);
        p += n;
        *p++ = '\n';
    }
    memcpy(p, PEM_END "\n", sizeof PEM_END + 1);
    free(body);
    return out;
}

/* The line starting at pos (without its LF or CRLF); returns the next line's start. */
static size_t line_at(const char *text, size_t len, size_t pos, size_t *line_len)
{
    size_t e = pos;
    while (e < len && text[e] != '\n')
        e++;
    *line_len = e - pos;
    if (*line_len > 0 && text[pos + *line_len - 1] == '\r')
        (*line_len)--;
    return e < len ? e + 1 : len;
}

static int line_is(const char *line, size_t n, const char *what)
{
    return n == strlen(what) && memcmp(line, what, n) == 0;
}

wslnet_status wn_pem_decode_next(const char *text, size_t len, size_t *pos, uint8_t **der,
                                 size_t *der_len, wslnet_error *err)
{
    size_t p = *pos, n, next, start = 0, body = 0, o;
    char *b64;
    *der = NULL;
    *der_len = 0;
    for (;; p = next) { /* the BEGIN line */
        if (p >= len)
            return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "no further certificate");
        next = line_at(text, len, p, &n);
        if (line_is(text + p, n, PEM_BEGIN))
            break;
    }
    start = next;
    for (p = start;; p = next) { /* the END line; body counts base64 characters */
        if (p >= len)
            return wn_fail(err, WSLNET_E_BAD_DATA, 0, "a PEM certificate has no END line");
        next = line_at(text, len, p, &n);
        if (line_is(text + p, n, PEM_END))
            break;
        body += n;
    }
    b64 = malloc(body + 1);
    *der = malloc(body / 4 * 3 + 1);
    if (!b64 || !*der) {
        free(b64);
        free(*der);
        *der = NULL;
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    for (o = 0, p = start;; p = next) {
        next = line_at(text, len, p, &n);
        if (line_is(text + p, n, PEM_END))
            break;
        memcpy(b64 + o, text + p, n);
        o += n;
    }
    *der_len = wn_base64_decode(b64, body, *der);
    free(b64);
    if (*der_len == (size_t)-1 || *der_len == 0) {
        free(*der);
        *der = NULL;
        *der_len = 0;
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "a PEM certificate's body is not base64");
    }
    *pos = next;
    return WSLNET_OK;
}

void wn_thumbprint_format(const uint8_t sha1[WN_SHA1_LEN], char out[WN_THUMBPRINT_TEXT])
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    for (i = 0; i < WN_SHA1_LEN; i++) {
        out[2 * i] = hex[sha1[i] >> 4];
        out[2 * i + 1] = hex[sha1[i] & 15];
    }
    out[2 * WN_SHA1_LEN] = '\0';
}

int wn_thumbprint_parse(const char *text, char out[WN_THUMBPRINT_TEXT])
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x8E) { /* U+200E LEFT-TO-RIGHT MARK */
            p += 3;
            continue;
        }
        if (*p == ' ' || *p == ':' || *p == '\t') {
            p++;
            continue;
        }
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
            return 0;
        if (n == 2 * WN_SHA1_LEN)
            return 0;
        out[n++] = (char)(*p >= 'a' ? *p - 'a' + 'A' : *p);
        p++;
    }
    out[n] = '\0';
    return n == 2 * WN_SHA1_LEN;
}

static int file_char_ok(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

void wn_cert_file_name_digits(const char *display_name, const char *thumbprint, int digits,
                              char out[WN_CERT_FILE_NAME_MAX])
{
    char stem[65];
    /* room for '-', the digits and ".crt" within WN_CERT_FILE_NAME_MAX */
    size_t cap = digits >= 40 ? WN_CERT_FILE_NAME_MAX - 1 - 1 - 40 - 4 : sizeof stem - 1, n = 0, i;
    const unsigned char *p = (const unsigned char *)(display_name ? display_name : "");
    for (; *p && n < cap; p++) {
        char c = file_char_ok(*p) ? (char)*p : '_';
        if (n == 0 && (c == '.' || c == '_' || c == '-'))
            continue; /* no hidden files, nothing that reads as an option */
        if (c == '_' && stem[n - 1] == '_')
            continue;
        stem[n++] = c;
    }
    while (n > 0 && (stem[n - 1] == '_' || stem[n - 1] == '.'))
        n--;
    stem[n] = '\0';
    wn_snprintf(out, WN_CERT_FILE_NAME_MAX, "%s-%.*s.crt", n ? stem : "cert", digits, thumbprint ? thumbprint : "");
    for (i = 0; out[i]; i++)
        if (!file_char_ok((unsigned char)out[i]))
            out[i] = '_'; /* a thumbprint that was not hex */
}

void wn_cert_file_name(const char *display_name, const char *thumbprint, char out[WN_CERT_FILE_NAME_MAX])
{
    wn_cert_file_name_digits(display_name, thumbprint, WN_CERT_FILE_HEX, out);
}

int wn_cert_file_name_valid(const char *name)
{
    size_t n = strlen(name), i;
    if (n < 5 || n >= WN_CERT_FILE_NAME_MAX || name[0] == '.' || name[0] == '-' ||
        strcmp(name + n - 4, ".crt") != 0)
        return 0;
    for (i = 0; i < n; i++)
        if (!file_char_ok((unsigned char)name[i]))
            return 0;
    return 1;
}
