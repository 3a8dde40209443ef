/* wslcfg.c - the lossless .wslconfig / wsl.conf document: decoding by BOM,
 * WSL's parser (a port of ParseConfigFile's state machine), writing it back.
 * Reading values and editing: wslcfg_edit.c. */
#include "wslcfg.h"
#include "wslcfg_doc.h"

#include "status.h"
#include "strbuf.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define CH_EOF (-1)

/* ------------------------------------------------------------ byte buffer */

/* The byte buffer is strbuf.h's (data, len, failed). */
typedef wn_strbuf wn_buf;

static void buf_add(wn_buf *b, const char *s, size_t n) { wn_strbuf_add(b, s, n); }

static void buf_addc(wn_buf *b, char c) { wn_strbuf_add(b, &c, 1); }

/* Resizes to n bytes, padding with NULs (std::string::resize). */
static void buf_resize(wn_buf *b, size_t n)
{
    if (n > b->len) {
        if (!wn_strbuf_reserve(b, n - b->len))
            return;
        memset(b->data + b->len, 0, n - b->len);
    }
    b->len = n;
    if (b->data)
        b->data[n] = '\0';
}

/* A C-string copy of the first n bytes (stopping at a NUL, as WSL's c_str()). */
char *wn_cfg_dup_c(const char *s, size_t n)
{
    size_t k = 0;
    char *d;
    while (k < n && s && s[k])
        k++;
    d = malloc(k + 1);
    if (!d)
        return NULL;
    if (k)
        memcpy(d, s, k);
    d[k] = '\0';
    return d;
}

/* ------------------------------------------------------------- encodings */

const char *wn_cfg_encoding_name(wn_cfg_encoding enc)
{
    switch (enc) {
    case WN_CFG_ENC_UTF8_BOM: return "utf-8-bom";
    case WN_CFG_ENC_UTF16LE_BOM: return "utf-16le";
    default: return "utf-8";
    }
}

/* ------------------------------------------------------------------ parser */

typedef struct reader {
    const char *t;
    size_t n, pos, last; /* last: offset of the character most recently read */
    int eof;
    int binary;          /* wsl.conf: Linux's fopen, no CRLF translation */
} reader;

/* The next character as the file's reader gives it: for .wslconfig the CRT's
 * text mode (CRLF reads as LF); for wsl.conf glibc/musl fopen "r"
 * (WslDistributionConfig.cpp:67): every byte as it is. */
static int rd_get(reader *r)
{
    unsigned char c;
    r->last = r->pos;
    if (r->pos >= r->n) {
        r->eof = 1;
        return CH_EOF;
    }
    c = (unsigned char)r->t[r->pos];
    if (!r->binary && c == '\r' && r->pos + 1 < r->n && r->t[r->pos + 1] == '\n') {
        r->pos += 2;
        return '\n';
    }
    r->pos++;
    return c;
}

static int is_hspace(int c) { return c == ' ' || c == '\t'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(int c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

/* Offset of the start of the physical line holding off. */
size_t wn_cfg_line_start(const char *t, size_t off)
{
    while (off > 0 && t[off - 1] != '\n')
        off--;
    return off;
}

/* Offset of the end of the physical line holding off (its CRLF's CR, its LF, or the end). */
size_t wn_cfg_line_end(const char *t, size_t n, size_t off)
{
    while (off < n && t[off] != '\n')
        off++;
    if (off < n && off > 0 && t[off - 1] == '\r')
        off--;
    return off;
}

static wn_cfg_item *add_item(wn_cfg_doc *doc, size_t *cap, wn_cfg_item_kind kind, uint32_t line,
                             size_t at)
{
    wn_cfg_item *it;
    if (doc->item_count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        wn_cfg_item *grown = realloc(doc->items, ncap * sizeof *grown);
        if (!grown)
            return NULL;
        doc->items = grown;
        *cap = ncap;
    }
    it = &doc->items[doc->item_count++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->line = it->last_line = line;
    it->line_start = wn_cfg_line_start(doc->text, at);
    it->end = wn_cfg_line_end(doc->text, doc->len, at);
    it->problem_at = at;
    return it;
}

/*
 * WSL's ParseConfigFile, state for state (labels as in configfile.cpp). The
 * one buffer `key` holds both the section prefix and the key, as in WSL: a
 * section header that fails after its name leaves that name in the buffer,
 * and the next key takes its first sec_len bytes (padded with NULs) as its
 * section - which is why keys after "[my-sec]" are unknown keys to WSL.
 */
static wslnet_status parse(wn_cfg_doc *doc)
{
    reader r = {doc->text, doc->len, 0, 0, 0, doc->file == WN_CFG_FILE_WSLCONF};
    wn_buf key = {0}, val = {0};
    size_t cap = 0, sec_len = 0;
    uint32_t line = 0;
    int trailing = 0, ch = 0;
    wn_cfg_item *it;
    wslnet_status st = WSLNET_OK;

newline:
    if (!trailing)
        line++;
    for (;;) {
        if (ch == '#') {
            do {
                ch = rd_get(&r);
                if (ch == '\r')
                    ch = rd_get(&r);
                if (ch == '\n')
                    line++;
            } while (ch != '\n' && ch != CH_EOF);
            trailing = 0;
        }
        if (r.eof)
            goto done;
        while (is_hspace(ch = rd_get(&r)))
            ;
        switch (ch) {
        case CH_EOF:
            break;
        case '\r': {
            size_t save = r.pos;
            int c2 = rd_get(&r);
            if (c2 == '\n')
                line++;
            else if (c2 != CH_EOF)
                r.pos = save;
            break;
        }
        case '\n':
            line++;
            break;
        case '#':
            break;
        case '[':
            goto section;
        default:
            if (!is_alpha(ch)) {
                if (!(it = add_item(doc, &cap, WN_CFG_ITEM_INVALID, line, r.last)))
                    goto nomem;
                it->problem = WN_CFG_PROBLEM_KEY_START;
                goto invalid;
            }
            goto keyvalue;
        }
    }

section : {
    size_t open = r.last;
    ch = rd_get(&r);
    if (!is_alpha(ch)) {
        if (!(it = add_item(doc, &cap, WN_CFG_ITEM_INVALID, line, open)))
            goto nomem;
        it->problem = WN_CFG_PROBLEM_SECTION_START;
        it->problem_at = r.last;
        goto invalid;
    }
    key.len = 0;
    do {
        buf_addc(&key, (char)ch);
        ch = rd_get(&r);
    } while (is_alnum(ch));
    if (ch != ']') {
        if (!(it = add_item(doc, &cap, WN_CFG_ITEM_INVALID, line, open)))
            goto nomem;
        it->problem = WN_CFG_PROBLEM_SECTION_END;
        it->problem_at = r.last;
        goto invalid;
    }
    while (is_hspace(ch = rd_get(&r)))
        ;
    switch (ch) {
    case CH_EOF:
    case '\n':
    case '\r':
        break;
    case '#':
        trailing = 1;
        break;
    default:
        if (!(it = add_item(doc, &cap, WN_CFG_ITEM_INVALID, line, open)))
            goto nomem;
        it->problem = WN_CFG_PROBLEM_SECTION_JUNK;
        it->problem_at = r.last;
        goto invalid;
    }
    sec_len = key.len;
    if (!(it = add_item(doc, &cap, WN_CFG_ITEM_SECTION, line, open)) || !(it->name = wn_cfg_dup_c(key.data, key.len)))
        goto nomem;
    it->comment = trailing;
    goto newline;
}

keyvalue : {
    size_t key_at = r.last, name_from, value_start, raw_end;
    size_t trimmed = 0;
    int in_quote = 0, quoted = 0, continued = 0, escapes = 0, comment = 0;
    uint32_t first_line = line;
    buf_resize(&key, sec_len);
    if (sec_len > 0)
        buf_addc(&key, '.');
    name_from = key.len;
    do {
        buf_addc(&key, (char)ch);
        ch = rd_get(&r);
    } while (is_alnum(ch));
    while (is_hspace(ch))
        ch = rd_get(&r);
    if (ch != '=') {
        if (!(it = add_item(doc, &cap, WN_CFG_ITEM_INVALID, line, key_at)))
            goto nomem;
        it->problem = WN_CFG_PROBLEM_EQUALS;
        it->problem_at = ch == CH_EOF ? doc->len : r.last;
        goto invalid;
    }
    while (is_hspace(ch = rd_get(&r)))
        ;
    value_start = raw_end = ch == CH_EOF ? doc->len : r.last;
    val.len = 0;
    while (ch != CH_EOF && ch != '\n' && ch != '\r') {
        switch (ch) {
        case '"':
            in_quote = !in_quote;
            quoted = 1;
            break;
        case '\\': {
            size_t slash = r.last;
            int c2 = rd_get(&r);
            switch (c2) {
            case '\\':
            case '"':
                buf_addc(&val, (char)c2);
                break;
            case 'b':
                buf_addc(&val, '\b');
                escapes = 1;
                break;
            case 'n':
                buf_addc(&val, '\n');
                escapes = 1;
                break;
            case 't':
                buf_addc(&val, '\t');
                escapes = 1;
                break;
            case '\r': /* configfile.cpp:712-713: skipped (on Linux a CRLF after '\\' ends the value) */
                break;
            case '\n':
                line++;
                continued = 1;
                break;
            default:
                if (!(it = add_item(doc, &cap, WN_CFG_ITEM_INVALID, first_line, key_at)))
                    goto nomem;
                it->problem = WN_CFG_PROBLEM_ESCAPE;
                it->problem_at = slash;
                it->bad_char = c2;
                it->value_start = value_start;
                it->value_end = wn_cfg_line_end(doc->text, doc->len, slash);
                it->last_line = line;
                if (!(it->name = wn_cfg_dup_c(key.data, key.len)) ||
                    !(it->key = wn_cfg_dup_c(key.data + name_from, key.len - name_from)))
                    goto nomem;
                goto invalid;
            }
            break;
        }
        case '#':
            if (!in_quote) {
                trailing = 1;
                comment = 1;
                goto valuedone;
            }
            buf_addc(&val, (char)ch); /* a quoted '#' is part of the value */
            break;
        default:
            buf_addc(&val, (char)ch);
            break;
        }
        if (!is_hspace(ch)) {
            trimmed = val.len;
            raw_end = r.pos;
        }
        ch = rd_get(&r);
    }
valuedone:
    if (in_quote) {
        if (!(it = add_item(doc, &cap, WN_CFG_ITEM_INVALID, first_line, key_at)))
            goto nomem;
        it->problem = WN_CFG_PROBLEM_QUOTE;
        it->problem_at = value_start;
        it->value_start = value_start;
        it->value_end = wn_cfg_line_end(doc->text, doc->len, raw_end);
        it->last_line = line;
        if (!(it->name = wn_cfg_dup_c(key.data, key.len)) || !(it->key = wn_cfg_dup_c(key.data + name_from, key.len - name_from)))
            goto nomem;
        goto invalid;
    }
    if (!(it = add_item(doc, &cap, WN_CFG_ITEM_ASSIGN, first_line, key_at)))
        goto nomem;
    it->last_line = line;
    it->end = wn_cfg_line_end(doc->text, doc->len, raw_end);
    it->value_start = value_start;
    it->value_end = raw_end;
    it->quoted = quoted;
    it->continued = continued;
    it->escapes = escapes;
    it->comment = comment;
    if (!(it->name = wn_cfg_dup_c(key.data, key.len)) || !(it->key = wn_cfg_dup_c(key.data + name_from, key.len - name_from)) ||
        !(it->value = wn_cfg_dup_c(val.data, trimmed)))
        goto nomem;
    goto newline;
}

invalid:
    if (doc->file == WN_CFG_FILE_WSLCONF) {
        doc->stopped = 1; /* wsl.conf is parsed without CFG_SKIP_INVALID_LINES */
        goto done;
    }
    while (ch != CH_EOF && ch != '\n')
        ch = rd_get(&r);
    goto newline;

nomem:
    st = WSLNET_E_NO_MEMORY;
done:
    if (key.failed || val.failed)
        st = WSLNET_E_NO_MEMORY;
    free(key.data);
    free(val.data);
    return st;
}

static void free_items(wn_cfg_doc *doc)
{
    size_t i;
    for (i = 0; i < doc->item_count; i++) {
        free(doc->items[i].name);
        free(doc->items[i].key);
        free(doc->items[i].value);
    }
    free(doc->items);
    doc->items = NULL;
    doc->item_count = 0;
    doc->stopped = 0;
}

wslnet_status wn_cfg_reparse(wn_cfg_doc *doc, wslnet_error *err)
{
    free_items(doc);
    if (parse(doc) != WSLNET_OK)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory reading the configuration");
    return WSLNET_OK;
}

wslnet_status wn_cfg_read(const uint8_t *bytes, size_t len, wn_cfg_file file, wn_cfg_doc **out,
                          wslnet_error *err)
{
    wn_cfg_doc *doc = calloc(1, sizeof *doc);
    wn_buf text = {0};
    *out = NULL;
    if (!doc)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory reading the configuration");
    doc->file = file;
    if (file == WN_CFG_FILE_WSLCONF) {
        /* WSL's init reads wsl.conf with fopen on Linux (WslDistributionConfig.cpp:67): no BOM
         * is skipped and no UTF-16 decoded; a BOM stays in the text, where it makes line 1
         * invalid and (no CFG_SKIP_INVALID_LINES, :68) ends the parse: the whole file is ignored */
        doc->encoding = WN_CFG_ENC_UTF8;
        doc->unreadable = (len >= 2 && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE))) ||
                          wn_guess_utf16(bytes, len) != WN_UTF16_GUESS_NONE;
        buf_add(&text, (const char *)bytes, len);
    } else if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        doc->encoding = WN_CFG_ENC_UTF8_BOM;
        buf_add(&text, (const char *)bytes + 3, len - 3);
    } else if (len >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) {
        doc->encoding = WN_CFG_ENC_UTF16LE_BOM;
        wn_utf16le_to_utf8(bytes + 2, (len - 2) / 2, 1, &text);
        buf_add(&text, "", 0);
        if ((len - 2) % 2) {
            doc->has_tail = 1;
            doc->tail = bytes[len - 1];
        }
    } else {
        doc->encoding = WN_CFG_ENC_UTF8;
        doc->unreadable = (len >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) || wn_guess_utf16(bytes, len) != WN_UTF16_GUESS_NONE;
        buf_add(&text, (const char *)bytes, len);
    }
    if (text.failed || !text.data) {
        free(text.data);
        free(doc);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory reading the configuration");
    }
    doc->text = text.data;
    doc->len = text.len;
    if (wn_cfg_reparse(doc, err) != WSLNET_OK) {
        wn_cfg_free(doc);
        return WSLNET_E_NO_MEMORY;
    }
    *out = doc;
    return WSLNET_OK;
}

void wn_cfg_free(wn_cfg_doc *doc)
{
    if (!doc)
        return;
    free_items(doc);
    free(doc->text);
    free(doc);
}

wslnet_status wn_cfg_write(const wn_cfg_doc *doc, uint8_t **out, size_t *len, wslnet_error *err)
{
    wn_buf b = {0};
    *out = NULL;
    *len = 0;
    buf_add(&b, "", 0);
    if (doc->encoding == WN_CFG_ENC_UTF8_BOM)
        buf_add(&b, "\xEF\xBB\xBF", 3);
    if (doc->encoding == WN_CFG_ENC_UTF16LE_BOM) {
        buf_add(&b, "\xFF\xFE", 2);
        wn_utf8_to_utf16le(doc->text, doc->len, &b);
        if (doc->has_tail)
            buf_addc(&b, (char)doc->tail);
    } else {
        buf_add(&b, doc->text, doc->len);
    }
    if (b.failed) {
        free(b.data);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory writing the configuration");
    }
    *out = (uint8_t *)b.data;
    *len = b.len;
    return WSLNET_OK;
}
