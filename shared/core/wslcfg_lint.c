/* wslcfg_lint.c - the lint rules over a parsed document (see wslcfg_lint.h). */
#include "wslcfg_lint.h"

#include "mode_rules.h"
#include "status.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *wn_lint_severity_name(wn_lint_severity severity)
{
    switch (severity) {
    case WN_LINT_ERROR: return "error";
    case WN_LINT_WARNING: return "warning";
    default: return "info";
    }
}

void wn_lint_result_free(wn_lint_result *result)
{
    if (!result)
        return;
    free(result->items);
    memset(result, 0, sizeof *result);
}

typedef struct linter {
    const wn_cfg_doc *doc;
    const wn_lint_context *ctx;
    wn_lint_result *out;
    int failed;
    int mirrored;               /* the file's effective networkingMode is mirrored */
} linter;

/* Adds a finding; fmt is the message. Returns it (NULL when out of memory) so
 * the caller can fill effect and fix. */
static wn_lint_finding *add(linter *l, uint32_t line, wn_lint_severity sev, const char *rule, const char *key,
                            const char *fmt, ...) WN_PRINTF(6, 7);
static wn_lint_finding *add(linter *l, uint32_t line, wn_lint_severity sev, const char *rule, const char *key,
                            const char *fmt, ...)
{
    wn_lint_result *r = l->out;
    wn_lint_finding *f;
    va_list ap;
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        wn_lint_finding *grown = realloc(r->items, cap * sizeof *grown);
        if (!grown) {
            l->failed = 1;
            return NULL;
        }
        r->items = grown;
        r->cap = cap;
    }
    f = &r->items[r->count++];
    memset(f, 0, sizeof *f);
    f->line = line;
    f->severity = sev;
    wn_strlcpy(f->rule, sizeof f->rule, rule);
    wn_strlcpy(f->key, sizeof f->key, key ? key : "");
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    if (sev == WN_LINT_ERROR)
        r->errors++;
    else if (sev == WN_LINT_WARNING)
        r->warnings++;
    else
        r->infos++;
    return f;
}

static void set_text(char *dst, size_t size, const char *fmt, ...) WN_PRINTF(3, 4);
static void set_text(char *dst, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
}

static const char *file_name(const wn_cfg_doc *doc)
{
    return doc->file == WN_CFG_FILE_WSLCONF ? "wsl.conf" : ".wslconfig";
}

/* What WSL does with a line it rejects. */
static const char *dropped(const wn_cfg_doc *doc)
{
    return doc->file == WN_CFG_FILE_WSLCONF
               ? "WSL stops reading wsl.conf at this line: every key below it is ignored"
               : "WSL skips this line (and prints a warning each time it starts)";
}

/* The raw line text with each lone backslash doubled: the fix for paths. */
static void doubled_backslashes(const wn_cfg_doc *doc, const wn_cfg_item *it, char *buf, size_t size)
{
    char line[512];
    size_t i, n = 0;
    wn_cfg_line_text(doc, it->line_start, line, sizeof line);
    for (i = 0; line[i] && n + 3 < size; i++) {
        if (line[i] == '\\' && line[i + 1] == '\\') {
            buf[n++] = '\\';
            buf[n++] = '\\';
            i++;
        } else if (line[i] == '\\') {
            buf[n++] = '\\';
            buf[n++] = '\\';
        } else {
            buf[n++] = line[i];
        }
    }
    buf[n] = '\0';
}

/* The section WSL files the keys under after an invalid header: read off the
 * next key line's name (WSL's own buffer), or "" when none follows. */
static void prefix_after(const wn_cfg_doc *doc, size_t index, char *buf, size_t size)
{
    size_t i;
    buf[0] = '\0';
    for (i = index + 1; i < doc->item_count; i++) {
        const wn_cfg_item *it = &doc->items[i];
        if (it->kind == WN_CFG_ITEM_SECTION)
            return;
        if (it->kind == WN_CFG_ITEM_INVALID && it->problem >= WN_CFG_PROBLEM_SECTION_START &&
            it->problem <= WN_CFG_PROBLEM_SECTION_JUNK)
            return;
        if (it->kind == WN_CFG_ITEM_ASSIGN) {
            const char *dot = strchr(it->name, '.');
            if (dot)
                set_text(buf, size, "%.*s.<key>", (int)(dot - it->name), it->name);
            else if (strcmp(it->name, it->key) != 0)
                set_text(buf, size, "'%s' (WSL keeps part of this header in its key buffer and loses the key "
                                    "name)", it->name);
            return;
        }
    }
}

static void lint_invalid(linter *l, size_t index)
{
    const wn_cfg_doc *doc = l->doc;
    const wn_cfg_item *it = &doc->items[index];
    wn_lint_finding *f = NULL;
    char line[256], fix[320], prefix[64];
    const char *p;
    wn_cfg_line_text(doc, it->line_start, line, sizeof line);
    for (p = line; *p == ' ' || *p == '\t'; p++)
        ;
    switch (it->problem) {
    case WN_CFG_PROBLEM_KEY_START:
        if (*p == ';') {
            f = add(l, it->line, doc->file == WN_CFG_FILE_WSLCONF ? WN_LINT_ERROR : WN_LINT_WARNING,
                    "semicolon-comment", NULL, "';' does not start a comment in %s", file_name(doc));
            if (f)
                set_text(f->fix, sizeof f->fix, "#%s", p + 1);
        } else {
            f = add(l, it->line, WN_LINT_ERROR, "invalid-key", NULL,
                    "a line must start with a key (a letter), '[' or '#': '%.80s'", p);
            if (f)
                set_text(f->fix, sizeof f->fix, "start the line with the key name, or '#' to comment it out");
        }
        break;
    case WN_CFG_PROBLEM_SECTION_START:
    case WN_CFG_PROBLEM_SECTION_END:
    case WN_CFG_PROBLEM_SECTION_JUNK:
        prefix_after(doc, index, prefix, sizeof prefix);
        f = add(l, it->line, WN_LINT_ERROR, "invalid-section", NULL,
                "'%.80s' is not a section header WSL reads: [ then letters and digits, then ]", p);
        if (f) {
            if (doc->file == WN_CFG_FILE_WSLCONF)
                set_text(f->effect, sizeof f->effect, "%s", dropped(doc));
            else if (prefix[0])
                set_text(f->effect, sizeof f->effect,
                         "WSL skips this line; the keys below it are read as %s", prefix);
            else
                set_text(f->effect, sizeof f->effect, "WSL skips this line");
            {
                char name[64];
                size_t n = 0;
                const char *q = p + 1;
                while (*q && *q != ']' && n + 1 < sizeof name) {
                    if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))
                        name[n++] = *q;
                    q++;
                }
                name[n] = '\0';
                set_text(f->fix, sizeof f->fix, "[%s]", name);
            }
            return;
        }
        break;
    case WN_CFG_PROBLEM_EQUALS:
        f = add(l, it->line, WN_LINT_ERROR, "invalid-key-name", NULL,
                "'%.80s': key names are letters and digits only, followed by '='", p);
        if (f)
            set_text(f->fix, sizeof f->fix, "write the key as WSL spells it (see `wslnet config show`)");
        break;
    case WN_CFG_PROBLEM_ESCAPE:
        doubled_backslashes(doc, it, fix, sizeof fix);
        if (it->bad_char < 0)
            f = add(l, it->line, WN_LINT_ERROR, "single-backslash", it->name,
                    "the value ends with a backslash and the file ends: WSL drops the line");
        else
            f = add(l, it->line, WN_LINT_ERROR, "single-backslash", it->name,
                    "'\\%c' is not an escape WSL knows (only \\\\ \\\" \\b \\n \\t): a single backslash in a path",
                    it->bad_char >= 0x20 && it->bad_char < 0x7F ? it->bad_char : '?');
        if (f)
            set_text(f->fix, sizeof f->fix, "%s (or use forward slashes)", fix);
        break;
    case WN_CFG_PROBLEM_QUOTE:
        f = add(l, it->line, WN_LINT_ERROR, "unterminated-quote", it->name, "the value opens a '\"' it does not close");
        if (f)
            set_text(f->fix, sizeof f->fix, "close the quote on the same line");
        break;
    default:
        break;
    }
    if (f && !f->effect[0])
        set_text(f->effect, sizeof f->effect, "%s", dropped(doc));
}

static int has_non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

/* The rule id for an invalid value of a type. */
static const char *value_rule(const wn_cfg_key *k, const char *value)
{
    switch (k->type) {
    case WN_CFG_T_BOOL: return "invalid-boolean";
    case WN_CFG_T_INT: return strchr(value, ';') ? "semicolon-comment" : "invalid-integer";
    case WN_CFG_T_SIZE: {
        const char *p = value;
        while (*p >= '0' && *p <= '9')
            p++;
        return (p != value && *p && strspn(p, "bkmgt") == strlen(p)) ? "size-lowercase" : "invalid-size";
    }
    case WN_CFG_T_PORTS: return "invalid-ports";
    case WN_CFG_T_IPV4: return "invalid-ip";
    case WN_CFG_T_MAC: return "invalid-mac";
    default: return "invalid-value";
    }
}

static void lint_value(linter *l, const wn_cfg_item *it, const wn_cfg_key *k, const char *full)
{
    char why[256];
    wn_lint_finding *f;
    if (wn_cfg_value_valid(k, it->value, why, sizeof why)) {
        int32_t v;
        if (k->type == WN_CFG_T_INT && it->value[0] == '0' && it->value[1] >= '0' && it->value[1] <= '9' &&
            wn_cfg_parse_int(it->value, &v) &&
            (f = add(l, it->line, WN_LINT_INFO, "octal", full, "'%s' starts with 0: WSL reads it as octal, %d",
                     it->value, (int)v)) != NULL) {
            set_text(f->effect, sizeof f->effect, "WSL uses %d", (int)v);
            set_text(f->fix, sizeof f->fix, "%s=%d", k->name, (int)v);
        }
        return;
    }
    f = add(l, it->line, WN_LINT_ERROR, value_rule(k, it->value), full, "%s", why);
    if (!f)
        return;
    if (k->type == WN_CFG_T_MAC)
        set_text(f->effect, sizeof f->effect, "WSL fails to start the VM with this value");
    else if (k->type == WN_CFG_T_IPV4)
        set_text(f->effect, sizeof f->effect, "WSL turns DNS tunneling off");
    else if (k->type == WN_CFG_T_PORTS)
        set_text(f->effect, sizeof f->effect, "WSL skips the ports it cannot read");
    else
        set_text(f->effect, sizeof f->effect, "WSL keeps the default (%s), and ignores later lines for %s",
                 k->default_value ? (k->default_value[0] ? k->default_value : "empty") : k->default_note, full);
    if (k->type == WN_CFG_T_BOOL)
        set_text(f->fix, sizeof f->fix, "%s=%s", k->name,
                 (wn_streq_nocase(it->value, "no") || wn_streq_nocase(it->value, "off") ||
                  wn_streq_nocase(it->value, "disabled"))
                     ? "false"
                     : "true");
    else if (k->type == WN_CFG_T_ENUM && k->choices) {
        size_t i, n = 0;
        n += (size_t)snprintf(f->fix, sizeof f->fix, "%s= one of", k->name);
        for (i = 0; k->choices[i] && n < sizeof f->fix; i++)
            n += (size_t)snprintf(f->fix + n, sizeof f->fix - n, " %s", k->choices[i]);
    } else if (strcmp(f->rule, "size-lowercase") == 0) {
        char up[64];
        size_t i;
        wn_strlcpy(up, sizeof up, it->value);
        for (i = 0; up[i]; i++)
            if (up[i] >= 'a' && up[i] <= 'z')
                up[i] = (char)(up[i] - 32);
        set_text(f->fix, sizeof f->fix, "%s=%s%s", k->name, up, strlen(up) > 0 && up[strlen(up) - 1] != 'B' ? "B" : "");
    } else {
        const char *colon = strstr(why, ": ");
        set_text(f->fix, sizeof f->fix, "%s", colon ? colon + 2 : why);
    }
}

/* Build and mode rules for a key set in the file (first, valid occurrence). */
static void lint_context(linter *l, const wn_cfg_item *it, const wn_cfg_key *k, const char *full)
{
    uint32_t build = l->ctx ? l->ctx->windows_build : 0;
    wn_lint_finding *f;
    int mirrored_value = k->type == WN_CFG_T_ENUM && strcmp(k->name, "networkingMode") == 0 &&
                         wn_streq_nocase(it->value, "mirrored");
    if (build && build < WN_BUILD_WIN11_22H2_FIRST && ((k->flags & WN_KEY_WIN11_22H2) || mirrored_value) &&
        (f = add(l, it->line, WN_LINT_WARNING, "needs-22h2", full,
                 "%s%s needs Windows 11 22H2 (build 22621) or later; this is build %u", full,
                 mirrored_value ? "=mirrored" : "", build)) != NULL) {
        set_text(f->effect, sizeof f->effect, "%s", mirrored_value ? "WSL falls back to NAT networking"
                                                                    : "WSL ignores the setting on this Windows");
        set_text(f->fix, sizeof f->fix, "update Windows, or remove the line");
    }
    if (build && build < WN_BUILD_WIN11 && (k->flags & WN_KEY_WIN11) &&
        (f = add(l, it->line, WN_LINT_WARNING, "needs-win11", full,
                 "%s needs Windows 11 (build 22000) or later; this is build %u", full, build)) != NULL) {
        set_text(f->effect, sizeof f->effect, "WSL ignores the setting on this Windows");
        set_text(f->fix, sizeof f->fix, "remove the line");
    }
    if ((k->flags & WN_KEY_MIRRORED_ONLY) && !l->mirrored &&
        (f = add(l, it->line, WN_LINT_WARNING, "mirrored-only", full,
                 "%s applies to mirrored networking only, and this file uses NAT", full)) != NULL) {
        set_text(f->effect, sizeof f->effect, "no effect in NAT mode");
        set_text(f->fix, sizeof f->fix, "set wsl2.networkingMode=mirrored, or remove the line");
    }
    if (l->mirrored && strcmp(k->name, "localhostForwarding") == 0 &&
        (f = add(l, it->line, WN_LINT_WARNING, "localhost-mirrored", full,
                 "localhostForwarding has no effect with networkingMode=mirrored")) != NULL) {
        set_text(f->effect, sizeof f->effect,
                 "WSL ignores it: in mirrored mode localhost reaches the VM both ways");
        set_text(f->fix, sizeof f->fix, "remove the line");
    }
}

/* 1 when fullname is "<section>.<something>" (case-insensitive). */
static int in_section(const char *fullname, const char *section)
{
    size_t n = strlen(section), i;
    for (i = 0; i < n; i++) {
        char a = fullname[i], b = section[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a + 32);
        if (a != b)
            return 0;
    }
    return fullname[n] == '.';
}

/* An ASSIGN whose name WSL does not know: say which rule explains it. */
static void lint_unknown(linter *l, const wn_cfg_item *it)
{
    const wn_cfg_doc *doc = l->doc;
    wn_cfg_file other = doc->file == WN_CFG_FILE_WSLCONFIG ? WN_CFG_FILE_WSLCONF : WN_CFG_FILE_WSLCONFIG;
    const wn_cfg_key *k = wn_cfg_key_lookup_any(doc->file, it->name), *o;
    wn_lint_finding *f;
    char full[96];
    if (k && (k->flags & WN_KEY_REMOVED)) {
        if ((f = add(l, it->line, WN_LINT_WARNING, "removed-key", it->name, "%s no longer exists in WSL",
                     it->name)) != NULL) {
            set_text(f->effect, sizeof f->effect, "WSL ignores it");
            set_text(f->fix, sizeof f->fix, "remove the line");
        }
        return;
    }
    if (!strchr(it->name, '.') && strcmp(it->name, it->key) != 0) {
        if ((f = add(l, it->line, WN_LINT_WARNING, "unknown-key", it->name,
                     "after the invalid section header above, WSL reads '%s' as '%s'", it->key, it->name)) != NULL) {
            set_text(f->effect, sizeof f->effect, "WSL ignores it");
            set_text(f->fix, sizeof f->fix, "fix the section header above");
        }
        return;
    }
    if (!strchr(it->name, '.')) {
        if ((f = add(l, it->line, WN_LINT_WARNING, "no-section", it->name,
                     "'%s' comes before any [section] header", it->key)) != NULL) {
            set_text(f->effect, sizeof f->effect, "WSL ignores it (an unknown key)");
            o = wn_cfg_key_by_name(doc->file, it->key);
            if (o)
                set_text(f->fix, sizeof f->fix, "move it under [%s]", o->section);
            else
                set_text(f->fix, sizeof f->fix, "move it under its section, or remove it");
        }
        return;
    }
    if ((o = wn_cfg_key_lookup_any(other, it->name)) != NULL ||
        (doc->file == WN_CFG_FILE_WSLCONF && wn_cfg_key_by_name(other, it->key))) {
        if ((f = add(l, it->line, WN_LINT_WARNING, "wrong-file", it->name,
                     doc->file == WN_CFG_FILE_WSLCONF
                         ? "%s is a .wslconfig key (the VM's settings), not a wsl.conf key%s"
                         : "%s is a wsl.conf key (a distribution's /etc/wsl.conf), not a .wslconfig key%s",
                     it->name,
                     doc->file == WN_CFG_FILE_WSLCONF && in_section(it->name, "network")
                         ? ": wsl.conf's [network] has only generateHosts, generateResolvConf and hostname"
                         : "")) != NULL) {
            set_text(f->effect, sizeof f->effect, "no effect: WSL reads it from the other file only");
            if (doc->file == WN_CFG_FILE_WSLCONF) {
                o = wn_cfg_key_by_name(other, it->key);
                if (o)
                    wn_cfg_key_fullname(o, full, sizeof full);
                set_text(f->fix, sizeof f->fix, "set it in %%UserProfile%%\\.wslconfig%s%s",
                         o ? ": wslnet config set " : "", o ? full : "");
            } else {
                set_text(f->fix, sizeof f->fix, "move it into the distribution's /etc/wsl.conf");
            }
        }
        return;
    }
    o = wn_cfg_key_by_name(doc->file, it->key);
    if (o) {
        wn_cfg_key_fullname(o, full, sizeof full);
        if ((f = add(l, it->line, WN_LINT_WARNING, "wrong-section", it->name, "%s is read from [%s], not from here",
                     it->key, o->section)) != NULL) {
            set_text(f->effect, sizeof f->effect, "WSL ignores it (an unknown key %s)", it->name);
            set_text(f->fix, sizeof f->fix, "move it under [%s] (%s)", o->section, full);
        }
        return;
    }
    if ((f = add(l, it->line, WN_LINT_WARNING, "unknown-key", it->name, "%s is not a key WSL reads", it->name)) != NULL) {
        set_text(f->effect, sizeof f->effect, "WSL ignores it");
        set_text(f->fix, sizeof f->fix, "check the spelling (`wslnet config show` lists the keys), or remove it");
    }
}

static void lint_assign(linter *l, const wn_cfg_item *it)
{
    const wn_cfg_doc *doc = l->doc;
    int alias = 0;
    const wn_cfg_key *k = wn_cfg_key_match(doc->file, it->name, &alias);
    wn_cfg_setting s;
    wn_lint_finding *f;
    char full[96];
    if (!k) {
        lint_unknown(l, it);
        return;
    }
    wn_cfg_key_fullname(k, full, sizeof full);
    wn_cfg_get(doc, k, &s);
    if (s.item != it) {
        if ((f = add(l, it->line, WN_LINT_WARNING, "duplicate", full, "%s is already set on line %u", full,
                     s.item->line)) != NULL) {
            set_text(f->effect, sizeof f->effect, "WSL ignores this line: the first occurrence wins%s",
                     s.origin == WN_CFG_ORIGIN_INVALID ? " (and its value is invalid, so WSL uses the default)"
                                                        : "");
            set_text(f->fix, sizeof f->fix, "remove this line, or put its value on line %u", s.item->line);
        }
        return;
    }
    if (alias && (f = add(l, it->line, WN_LINT_INFO, "experimental-alias", full,
                          "%s moved from [experimental] to [wsl2] in WSL 2.0", k->name)) != NULL) {
        set_text(f->effect, sizeof f->effect, "WSL still reads it here");
        set_text(f->fix, sizeof f->fix, "move it under [wsl2]");
    }
    if (doc->file == WN_CFG_FILE_WSLCONFIG && has_non_ascii(it->value) &&
        (f = add(l, it->line, WN_LINT_WARNING, "non-ascii", full, "the value of %s has non-ASCII characters",
                 full)) != NULL) {
        set_text(f->effect, sizeof f->effect, "WSL narrows each character to one byte: the value is likely mangled");
        set_text(f->fix, sizeof f->fix, "use an ASCII-only path (e.g. a folder without accents, or its 8.3 short name)");
    }
    if (k->type == WN_CFG_T_PATH && it->escapes &&
        (f = add(l, it->line, WN_LINT_ERROR, "escape-in-path", full,
                 "the path for %s has \\b, \\n or \\t, which WSL reads as control characters", full)) != NULL) {
        char fix[320];
        doubled_backslashes(doc, it, fix, sizeof fix);
        set_text(f->effect, sizeof f->effect, "WSL uses a path with a backspace, newline or tab in it");
        set_text(f->fix, sizeof f->fix, "%s (or use forward slashes)", fix);
    }
    lint_value(l, it, k, full);
    if (s.origin == WN_CFG_ORIGIN_FILE)
        lint_context(l, it, k, full);
    if (s.origin == WN_CFG_ORIGIN_FILE && l->ctx && l->ctx->has_policy && (k->flags & WN_KEY_POLICY)) {
        char why[224];
        if (wn_mode_policy_override(full, it->value, l->ctx->policy_default_mode, l->ctx->policy_allow_mode_user,
                                    l->ctx->policy_allow_firewall_user, why, sizeof why) &&
            (f = add(l, it->line, WN_LINT_WARNING, "policy-override", full, "%s: %s", full, why)) != NULL) {
            set_text(f->effect, sizeof f->effect, "WSL applies Group Policy (HKLM\\SOFTWARE\\Policies\\WSL) instead");
            set_text(f->fix, sizeof f->fix, "remove the line, or ask the administrator of the policy");
        }
    }
}

/* wsl.conf: how many key lines WSL never reads after it stopped. */
static size_t keys_after_stop(const wn_cfg_doc *doc, uint32_t line)
{
    wn_cfg_doc *loose = NULL;
    uint8_t *bytes = NULL;
    size_t len, i, n = 0;
    if (wn_cfg_write(doc, &bytes, &len, NULL) != WSLNET_OK)
        return 0;
    if (wn_cfg_read(bytes, len, WN_CFG_FILE_WSLCONFIG, &loose, NULL) == WSLNET_OK) {
        for (i = 0; i < loose->item_count; i++)
            n += loose->items[i].kind == WN_CFG_ITEM_ASSIGN && loose->items[i].line > line;
        wn_cfg_free(loose);
    }
    free(bytes);
    return n;
}

wslnet_status wn_cfg_lint(const wn_cfg_doc *doc, const wn_lint_context *ctx, wn_lint_result *out,
                          wslnet_error *err)
{
    linter l;
    size_t i;
    memset(out, 0, sizeof *out);
    memset(&l, 0, sizeof l);
    l.doc = doc;
    l.ctx = ctx;
    l.out = out;
    if (doc->file == WN_CFG_FILE_WSLCONFIG) {
        wn_cfg_setting mode;
        const wn_cfg_key *k = wn_cfg_key_match(WN_CFG_FILE_WSLCONFIG, "wsl2.networkingMode", NULL);
        wn_cfg_get(doc, k, &mode);
        l.mirrored = mode.origin == WN_CFG_ORIGIN_FILE && wn_streq_nocase(mode.value, "mirrored") &&
                     !(ctx && ctx->windows_build && ctx->windows_build < WN_BUILD_WIN11_22H2_FIRST) &&
                     !(ctx && ctx->effective_mode && !wn_streq_nocase(ctx->effective_mode, "mirrored") &&
                       !wn_streq_nocase(ctx->effective_mode, "unknown"));
    }
    if (doc->unreadable) {
        wn_lint_finding *f = add(&l, 0, WN_LINT_ERROR, "encoding", NULL,
                                 doc->file == WN_CFG_FILE_WSLCONF
                                     ? "the file is UTF-16, which WSL's init (Linux fopen) does not decode"
                                     : "the file is UTF-16 without a byte-order mark, or UTF-16BE");
        if (f) {
            set_text(f->effect, sizeof f->effect, "WSL cannot read it: every setting is at its default");
            set_text(f->fix, sizeof f->fix, doc->file == WN_CFG_FILE_WSLCONF
                                                ? "save it as UTF-8 without a byte-order mark, with LF line ends"
                                                : "save it as UTF-8 (or UTF-16 LE with BOM)");
        }
    }
    /* WslDistributionConfig.cpp:67-68: fopen, no BOM handling, stop at the first invalid line */
    if (doc->file == WN_CFG_FILE_WSLCONF && doc->len >= 3 && (uint8_t)doc->text[0] == 0xEF &&
        (uint8_t)doc->text[1] == 0xBB && (uint8_t)doc->text[2] == 0xBF) {
        wn_lint_finding *f = add(&l, 1, WN_LINT_ERROR, "wsl-conf-bom", NULL,
                                 "the file starts with a UTF-8 byte-order mark: WSL's init reads wsl.conf with "
                                 "Linux's fopen, so line 1 is invalid and WSL ignores the whole file");
        if (f) {
            set_text(f->effect, sizeof f->effect, "every wsl.conf setting keeps its default");
            set_text(f->fix, sizeof f->fix, "save it as UTF-8 without a byte-order mark, with LF line ends");
        }
    }
    for (i = 0; i < doc->item_count && !l.failed; i++) {
        const wn_cfg_item *it = &doc->items[i];
        if (it->kind == WN_CFG_ITEM_INVALID)
            lint_invalid(&l, i);
        else if (it->kind == WN_CFG_ITEM_ASSIGN)
            lint_assign(&l, it);
    }
    if (doc->stopped && doc->item_count && !l.failed) {
        const wn_cfg_item *last = &doc->items[doc->item_count - 1];
        size_t later = keys_after_stop(doc, last->line);
        wn_lint_finding *f = add(&l, last->line, WN_LINT_ERROR, "wsl-conf-stops", NULL,
                                 "WSL stops reading wsl.conf at line %u: %lu key line(s) after it are ignored",
                                 last->line, (unsigned long)later);
        if (f) {
            set_text(f->effect, sizeof f->effect, "every key after line %u keeps its default", last->line);
            set_text(f->fix, sizeof f->fix, "fix line %u (see the finding above)", last->line);
        }
    }
    if (l.failed) {
        wn_lint_result_free(out);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory linting the configuration");
    }
    return WSLNET_OK;
}
