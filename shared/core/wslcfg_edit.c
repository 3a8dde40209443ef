/* wslcfg_edit.c - a .wslconfig / wsl.conf document's values: get, set, unset,
 * each edit spliced into the text so that every other byte stays (the
 * document and WSL's parser: wslcfg.c). */
#include "wslcfg.h"
#include "wslcfg_doc.h"

#include "status.h"
#include "strbuf.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

typedef wn_strbuf wn_buf;

static void buf_add(wn_buf *b, const char *s, size_t n) { wn_strbuf_add(b, s, n); }

static void buf_addc(wn_buf *b, char c) { wn_strbuf_add(b, &c, 1); }

/* -------------------------------------------------------------- get */

void wn_cfg_get(const wn_cfg_doc *doc, const wn_cfg_key *key, wn_cfg_setting *out)
{
    size_t i;
    memset(out, 0, sizeof *out);
    out->key = key;
    out->value = key->default_value;
    for (i = 0; i < doc->item_count; i++) {
        const wn_cfg_item *it = &doc->items[i];
        int alias = 0;
        if (it->kind != WN_CFG_ITEM_ASSIGN || wn_cfg_key_match(doc->file, it->name, &alias) != key)
            continue;
        /* WSL's ConfigKey::Parse: the first line that names the key is the one
         * parsed, valid or not; every later one is a duplicate. */
        out->item = it;
        out->via_alias = alias;
        if (wn_cfg_value_valid(key, it->value, NULL, 0)) {
            out->origin = WN_CFG_ORIGIN_FILE;
            out->value = it->value;
        } else {
            out->origin = WN_CFG_ORIGIN_INVALID;
        }
        return;
    }
}

wslnet_status wn_cfg_key_resolve(wn_cfg_file file, const char *name, const wn_cfg_key **out,
                                 wslnet_error *err)
{
    const wn_cfg_key *k;
    const char *dot = strchr(name, '.');
    wn_cfg_file other = file == WN_CFG_FILE_WSLCONFIG ? WN_CFG_FILE_WSLCONF : WN_CFG_FILE_WSLCONFIG;
    *out = NULL;
    if (!dot || dot == name || !dot[1])
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "'%.80s' is not a key name: write section.key, e.g. wsl2.memory", name);
    k = wn_cfg_key_lookup_any(file, name);
    if (k && !(k->flags & WN_KEY_REMOVED)) {
        *out = k;
        return WSLNET_OK;
    }
    if (k)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%.80s' no longer exists in WSL", name);
    if (wn_cfg_key_lookup_any(other, name))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%.80s' belongs in %s, not in %s", name,
                       other == WN_CFG_FILE_WSLCONF ? "a distribution's /etc/wsl.conf" : ".wslconfig",
                       file == WN_CFG_FILE_WSLCONF ? "wsl.conf" : ".wslconfig");
    k = wn_cfg_key_by_name(file, dot + 1);
    if (k) {
        char full[96];
        wn_cfg_key_fullname(k, full, sizeof full);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%.80s' is not a key WSL reads: did you mean %s?",
                       name, full);
    }
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "'%.80s' is not a key WSL reads (see `wslnet config show` for the keys)", name);
}

/* -------------------------------------------------------------- edits */

char *wn_cfg_encode_value(const char *value)
{
    wn_buf b = {0};
    size_t n = strlen(value);
    int quote = n > 0 && (value[0] == ' ' || value[0] == '\t' || value[n - 1] == ' ' ||
                          value[n - 1] == '\t' || strchr(value, '#'));
    const char *p;
    buf_add(&b, "", 0);
    if (quote)
        buf_addc(&b, '"');
    for (p = value; *p; p++) {
        switch (*p) {
        case '\\': buf_add(&b, "\\\\", 2); break;
        case '"': buf_add(&b, "\\\"", 2); break;
        case '\t': buf_add(&b, quote ? "\t" : "\\t", quote ? 1 : 2); break;
        case '\n': buf_add(&b, "\\n", 2); break;
        case '\b': buf_add(&b, "\\b", 2); break;
        default: buf_addc(&b, *p); break;
        }
    }
    if (quote)
        buf_addc(&b, '"');
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    return b.data;
}

/* 1 when s is valid UTF-8 (no surrogates, no overlongs). */
static int valid_utf8(const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    while (*p) {
        uint32_t c = *p;
        int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
        int k;
        if (n < 0)
            return 0;
        c &= n ? (0x3Fu >> n) : 0x7Fu;
        for (k = 1; k <= n; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (p[k] & 0x3F);
        }
        if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) || (n == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
            (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}

/* The line break this file uses: its first one, else CRLF (Windows' own) for
 * .wslconfig and LF for wsl.conf (read on Linux, where a CR stays in the line). */
static const char *file_eol(const wn_cfg_doc *doc)
{
    const char *nl = memchr(doc->text, '\n', doc->len);
    if (!nl)
        return doc->file == WN_CFG_FILE_WSLCONF ? "\n" : "\r\n";
    return (nl > doc->text && nl[-1] == '\r') ? "\r\n" : "\n";
}

/* Replaces text[at, at+n) with s; 0 when out of memory. */
static int splice(wn_cfg_doc *doc, size_t at, size_t n, const char *s, size_t slen)
{
    size_t len = doc->len - n + slen;
    char *t = malloc(len + 1);
    if (!t)
        return 0;
    memcpy(t, doc->text, at);
    memcpy(t + at, s, slen);
    memcpy(t + at + slen, doc->text + at + n, doc->len - at - n);
    t[len] = '\0';
    free(doc->text);
    doc->text = t;
    doc->len = len;
    return 1;
}

static uint32_t line_of(const wn_cfg_doc *doc, size_t off)
{
    uint32_t line = 1;
    size_t i;
    for (i = 0; i < off && i < doc->len; i++)
        line += doc->text[i] == '\n';
    return line;
}

void wn_cfg_line_text(const wn_cfg_doc *doc, size_t offset, char *buf, size_t size)
{
    size_t s, e;
    if (offset > doc->len)
        offset = doc->len;
    s = wn_cfg_line_start(doc->text, offset);
    e = wn_cfg_line_end(doc->text, doc->len, offset);
    if (e < s)
        e = s;
    wn_snprintf(buf, size, "%.*s", (int)(e - s), doc->text + s);
}

/* The first line naming key that WSL drops for a bad escape or quote. */
static const wn_cfg_item *broken_line_for(const wn_cfg_doc *doc, const wn_cfg_key *key)
{
    size_t i;
    for (i = 0; i < doc->item_count; i++) {
        const wn_cfg_item *it = &doc->items[i];
        if (it->kind == WN_CFG_ITEM_INVALID && it->name &&
            (it->problem == WN_CFG_PROBLEM_ESCAPE || it->problem == WN_CFG_PROBLEM_QUOTE) &&
            wn_cfg_key_match(doc->file, it->name, NULL) == key)
            return it;
    }
    return NULL;
}

/* Where a new line for key goes: after the last item of the first valid
 * [section] block. Returns 1 and the offset after that item's line break
 * (*needs_eol_first when that line has none), 0 when there is no such section. */
static int insertion_point(const wn_cfg_doc *doc, const char *section, size_t *at, int *needs_eol_first)
{
    size_t i, anchor_end = 0;
    int found = 0;
    /* an item ending the file with '\\' and no line break would swallow the
     * new line as a continuation: such an item is never the anchor */
#define SAFE_ANCHOR(e) ((e) < doc->len || doc->len == 0 || doc->text[doc->len - 1] != '\\')
    for (i = 0; i < doc->item_count; i++) {
        const wn_cfg_item *it = &doc->items[i];
        if (!found) {
            if (it->kind == WN_CFG_ITEM_SECTION && wn_streq_nocase(it->name, section) &&
                SAFE_ANCHOR(it->end)) {
                found = 1;
                anchor_end = it->end;
            }
            continue;
        }
        /* the block ends at the next line that starts with '[' (valid or not):
         * any such line changes the section WSL files keys under */
        {
            const char *p = doc->text + it->line_start;
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == '[')
                break;
        }
        if (SAFE_ANCHOR(it->end))
            anchor_end = it->end;
    }
#undef SAFE_ANCHOR
    if (!found)
        return 0;
    if (anchor_end < doc->len) {
        *at = anchor_end + (doc->text[anchor_end] == '\r' ? 2 : 1);
        *needs_eol_first = 0;
    } else {
        *at = doc->len;
        *needs_eol_first = 1;
    }
    return 1;
}

/* 1 when the text ends with an empty line (or is one line break). */
static int last_line_blank(const wn_cfg_doc *doc)
{
    size_t n = doc->len;
    if (n == 0 || doc->text[n - 1] != '\n')
        return 0;
    n--;
    if (n > 0 && doc->text[n - 1] == '\r')
        n--;
    return n == 0 || doc->text[n - 1] == '\n';
}

static wslnet_status nomem(wslnet_error *err)
{
    return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory editing the configuration");
}

static wslnet_status check_value(const wn_cfg_doc *doc, const wn_cfg_key *key, const char *value,
                                 wslnet_error *err)
{
    char why[256], full[96];
    wn_cfg_key_fullname(key, full, sizeof full);
    if (doc->unreadable)
        return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                       "the file is UTF-16 without a byte-order mark or UTF-16BE, which WSL cannot "
                       "read: save it as UTF-8 first; nothing was changed");
    if (key->flags & WN_KEY_REMOVED)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s no longer exists in WSL", full);
    if (strchr(value, '\r'))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "a value for %s cannot hold a carriage return: WSL ends the line there", full);
    if (!valid_utf8(value))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the value for %s is not valid UTF-8", full);
    if (!wn_cfg_value_valid(key, value, why, sizeof why))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: %s", full, why);
    return WSLNET_OK;
}

static wslnet_status set_in_place(wn_cfg_doc *doc, const wn_cfg_key *key, const char *value, wn_cfg_edit *edit,
                                  wslnet_error *err)
{
    wn_cfg_setting cur;
    const wn_cfg_item *target, *broken;
    const char *eol = file_eol(doc);
    char *enc;
    wn_buf line = {0};
    size_t at, n;
    int ok, needs_eol;
    wslnet_status st;
    memset(edit, 0, sizeof *edit);
    if ((st = check_value(doc, key, value, err)) != WSLNET_OK)
        return st;
    wn_cfg_get(doc, key, &cur);
    target = cur.item;
    broken = broken_line_for(doc, key);
    if (broken && (!target || broken->line_start < target->line_start))
        target = broken;
    if (target && target == cur.item && cur.origin == WN_CFG_ORIGIN_FILE && strcmp(cur.value, value) == 0) {
        wn_strlcpy(edit->action, sizeof edit->action, "none");
        edit->line = target->line;
        wn_cfg_line_text(doc, target->line_start, edit->old_text, sizeof edit->old_text);
        wn_strlcpy(edit->new_text, sizeof edit->new_text, edit->old_text);
        return WSLNET_OK;
    }
    if (!(enc = wn_cfg_encode_value(value)))
        return nomem(err);
    if (target) {
        size_t start = target->line_start;
        wn_cfg_line_text(doc, start, edit->old_text, sizeof edit->old_text);
        ok = splice(doc, target->value_start, target->value_end - target->value_start, enc, strlen(enc));
        wn_strlcpy(edit->action, sizeof edit->action, "replace");
        at = start;
    } else if (insertion_point(doc, key->section, &at, &needs_eol)) {
        if (needs_eol)
            buf_add(&line, eol, strlen(eol));
        buf_add(&line, key->name, strlen(key->name));
        buf_addc(&line, '=');
        buf_add(&line, enc, strlen(enc));
        if (!needs_eol)
            buf_add(&line, eol, strlen(eol));
        ok = !line.failed && splice(doc, at, 0, line.data, line.len);
        if (needs_eol)
            at += strlen(eol);
        wn_strlcpy(edit->action, sizeof edit->action, "insert");
    } else if (doc->len > 0 && doc->text[doc->len - 1] == '\\') {
        /* a file ending in a backslash without a line break: a break after it
         * would make its last line a continuation, so the section goes first */
        buf_addc(&line, '[');
        buf_add(&line, key->section, strlen(key->section));
        buf_addc(&line, ']');
        buf_add(&line, eol, strlen(eol));
        buf_add(&line, key->name, strlen(key->name));
        buf_addc(&line, '=');
        buf_add(&line, enc, strlen(enc));
        buf_add(&line, eol, strlen(eol));
        buf_add(&line, eol, strlen(eol));
        ok = !line.failed && splice(doc, 0, 0, line.data, line.len);
        at = strlen(key->section) + 2 + strlen(eol);
        wn_strlcpy(edit->action, sizeof edit->action, "prepend");
    } else {
        n = doc->len;
        if (n > 0 && doc->text[n - 1] != '\n')
            buf_add(&line, eol, strlen(eol)); /* end the last line */
        if (n > 0 && !last_line_blank(doc))
            buf_add(&line, eol, strlen(eol)); /* a blank line before the new section */
        buf_addc(&line, '[');
        buf_add(&line, key->section, strlen(key->section));
        buf_addc(&line, ']');
        buf_add(&line, eol, strlen(eol));
        at = n + line.len;
        buf_add(&line, key->name, strlen(key->name));
        buf_addc(&line, '=');
        buf_add(&line, enc, strlen(enc));
        buf_add(&line, eol, strlen(eol));
        ok = !line.failed && splice(doc, n, 0, line.data, line.len);
        wn_strlcpy(edit->action, sizeof edit->action, "append");
    }
    free(enc);
    free(line.data);
    if (!ok)
        return nomem(err);
    edit->changed = 1;
    edit->line = line_of(doc, at);
    wn_cfg_line_text(doc, at, edit->new_text, sizeof edit->new_text);
    return wn_cfg_reparse(doc, err);
}

/* The byte range that removing item's line(s) takes out: its lines and their
 * final line break; for a last line without one, the break before it. */
static void removal_range(const wn_cfg_doc *doc, const wn_cfg_item *it, size_t *from, size_t *to)
{
    size_t end = it->end, k;
    /* a lone CR ends a line for WSL: with one on the line, take out only the
     * item and the CR that ends it */
    for (k = it->line_start; k < end; k++) {
        if (doc->text[k] == '\r' && it->kind == WN_CFG_ITEM_ASSIGN && !it->comment) {
            size_t e = it->value_end;
            while (e < doc->len && (doc->text[e] == ' ' || doc->text[e] == '\t'))
                e++;
            if (e < end && doc->text[e] == '\r') {
                *from = it->problem_at;
                *to = e + 1;
                return;
            }
        }
    }
    *from = it->line_start;
    if (end < doc->len) {
        *to = end + (doc->text[end] == '\r' ? 2 : 1);
        return;
    }
    *to = doc->len;
    if (*from > 0) {
        *from -= 1; /* the LF */
        if (*from > 0 && doc->text[*from - 1] == '\r')
            *from -= 1;
    }
}

static wslnet_status unset_in_place(wn_cfg_doc *doc, const wn_cfg_key *key, wn_cfg_edit *edit, wslnet_error *err)
{
    size_t i, from, to;
    size_t *ranges = NULL, count = 0, lines = 0;
    memset(edit, 0, sizeof *edit);
    if (doc->unreadable)
        return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                       "the file is UTF-16 without a byte-order mark or UTF-16BE, which WSL cannot "
                       "read: save it as UTF-8 first; nothing was changed");
    ranges = malloc(2 * (doc->item_count + 1) * sizeof *ranges);
    if (!ranges)
        return nomem(err);
    for (i = 0; i < doc->item_count; i++) {
        const wn_cfg_item *it = &doc->items[i];
        int named = it->name && (it->kind == WN_CFG_ITEM_ASSIGN ||
                                 (it->kind == WN_CFG_ITEM_INVALID && (it->problem == WN_CFG_PROBLEM_ESCAPE ||
                                                                      it->problem == WN_CFG_PROBLEM_QUOTE)));
        if (!named || wn_cfg_key_match(doc->file, it->name, NULL) != key)
            continue;
        removal_range(doc, it, &from, &to);
        lines += it->last_line - it->line + 1;
        if (count > 0 && from <= ranges[2 * count - 1]) {
            /* touches the previous range (same line, or the break before a last line) */
            if (to > ranges[2 * count - 1])
                ranges[2 * count - 1] = to;
            continue;
        }
        if (count == 0) {
            edit->line = it->line;
            wn_cfg_line_text(doc, it->line_start, edit->old_text, sizeof edit->old_text);
        }
        ranges[2 * count] = from;
        ranges[2 * count + 1] = to;
        count++;
    }
    wn_strlcpy(edit->action, sizeof edit->action, count ? "remove" : "none");
    edit->removed = (uint32_t)lines;
    edit->changed = count > 0;
    while (count > 0) {
        count--;
        if (!splice(doc, ranges[2 * count], ranges[2 * count + 1] - ranges[2 * count], "", 0)) {
            free(ranges);
            return nomem(err);
        }
    }
    free(ranges);
    return edit->changed ? wn_cfg_reparse(doc, err) : WSLNET_OK;
}

/* ------------------------------------------------- edits, checked */

/* What WSL reads for every key: taken before an edit, compared after it. */
typedef struct snapshot {
    char *text;
    size_t len, count;
    wn_cfg_origin *origins;
    char **values;
} snapshot;

static void snapshot_free(snapshot *s)
{
    size_t i;
    for (i = 0; s->values && i < s->count; i++)
        free(s->values[i]);
    free(s->values);
    free(s->origins);
    free(s->text);
}

static int snapshot_take(const wn_cfg_doc *doc, snapshot *s)
{
    size_t i;
    memset(s, 0, sizeof *s);
    s->count = wn_cfg_key_count(doc->file);
    s->text = malloc(doc->len + 1);
    s->origins = calloc(s->count, sizeof *s->origins);
    s->values = calloc(s->count, sizeof *s->values);
    if (!s->text || !s->origins || !s->values)
        return 0;
    memcpy(s->text, doc->text, doc->len + 1);
    s->len = doc->len;
    for (i = 0; i < s->count; i++) {
        wn_cfg_setting v;
        wn_cfg_get(doc, wn_cfg_key_at(doc->file, i), &v);
        s->origins[i] = v.origin;
        if (v.origin == WN_CFG_ORIGIN_FILE && !(s->values[i] = wn_cfg_dup_c(v.value, strlen(v.value))))
            return 0;
    }
    return 1;
}

/* 1 when every key but `except` reads as in the snapshot. */
static int snapshot_others_same(const wn_cfg_doc *doc, const snapshot *s, const wn_cfg_key *except)
{
    size_t i;
    for (i = 0; i < s->count; i++) {
        const wn_cfg_key *k = wn_cfg_key_at(doc->file, i);
        wn_cfg_setting v;
        if (k == except)
            continue;
        wn_cfg_get(doc, k, &v);
        if (v.origin != s->origins[i] ||
            (v.origin == WN_CFG_ORIGIN_FILE && strcmp(v.value, s->values[i]) != 0))
            return 0;
    }
    return 1;
}

/* Puts the snapshot's text back (ownership moves to doc). */
static wslnet_status snapshot_restore(wn_cfg_doc *doc, snapshot *s, wslnet_error *err)
{
    free(doc->text);
    doc->text = s->text;
    doc->len = s->len;
    s->text = NULL;
    return wn_cfg_reparse(doc, err);
}

/* Why an edit that reads back wrong is refused (restores the document). */
static wslnet_status refuse(wn_cfg_doc *doc, snapshot *s, const wn_cfg_key *key, const char *what,
                            wslnet_error *err)
{
    char full[96];
    uint32_t stop = doc->stopped && doc->item_count ? doc->items[doc->item_count - 1].line : 0;
    wn_cfg_key_fullname(key, full, sizeof full);
    if (snapshot_restore(doc, s, err) != WSLNET_OK)
        return WSLNET_E_NO_MEMORY;
    if (stop)
        return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                       "WSL stops reading this wsl.conf at line %u (an invalid line), so it would not "
                       "read %s: fix that line first; nothing was changed", stop, full);
    return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                   "wslnet cannot %s %s here without changing how WSL reads another line (a line "
                   "ending in a backslash?): edit the file by hand; nothing was changed", what, full);
}

wslnet_status wn_cfg_set(wn_cfg_doc *doc, const wn_cfg_key *key, const char *value, wn_cfg_edit *edit,
                         wslnet_error *err)
{
    snapshot s;
    wn_cfg_setting after;
    wslnet_status st;
    if (!snapshot_take(doc, &s)) {
        snapshot_free(&s);
        return nomem(err);
    }
    st = set_in_place(doc, key, value, edit, err);
    if (st == WSLNET_OK && edit->changed) {
        wn_cfg_get(doc, key, &after);
        if (after.origin != WN_CFG_ORIGIN_FILE || strcmp(after.value, value) != 0 ||
            !snapshot_others_same(doc, &s, key)) {
            memset(edit, 0, sizeof *edit);
            st = refuse(doc, &s, key, "set", err);
        }
    }
    snapshot_free(&s);
    return st;
}

wslnet_status wn_cfg_unset(wn_cfg_doc *doc, const wn_cfg_key *key, wn_cfg_edit *edit, wslnet_error *err)
{
    snapshot s;
    wn_cfg_setting after;
    wslnet_status st;
    if (!snapshot_take(doc, &s)) {
        snapshot_free(&s);
        return nomem(err);
    }
    st = unset_in_place(doc, key, edit, err);
    if (st == WSLNET_OK && edit->changed) {
        wn_cfg_get(doc, key, &after);
        if (after.origin != WN_CFG_ORIGIN_DEFAULT || !snapshot_others_same(doc, &s, key)) {
            memset(edit, 0, sizeof *edit);
            st = refuse(doc, &s, key, "unset", err);
        }
    }
    snapshot_free(&s);
    return st;
}
