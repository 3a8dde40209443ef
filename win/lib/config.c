/* config.c - the public config API: get, show, set/unset, lint over the
 * shared document model (shared/core/wslcfg.h) and the file on disk (configfile.h). */
#include <windows.h>

#include "configfile.h"
#include "platform.h"
#include "guard.h"
#include "mode_rules.h"
#include "status.h"
#include "wslcfg.h"
#include "wslcfg_lint.h"
#include "wslnet.h"

#include <stdlib.h>
#include <string.h>

/* Resolves the target, reads the file and parses it as file kind. */
static wslnet_status load(const wslnet_config_target *target, wn_cfg_file kind, wslnet_config_file_info *info,
                          wn_cfg_doc **doc, wslnet_error *err)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    wslnet_status st;
    memset(info, 0, sizeof *info);
    *doc = NULL;
    if ((st = wn_config_path(target, info->path, sizeof info->path, err)) != WSLNET_OK)
        return st;
    if ((st = wn_config_read_file(info->path, &bytes, &len, &info->exists, err)) != WSLNET_OK)
        return st;
    st = wn_cfg_read(bytes, len, kind, doc, err);
    free(bytes);
    if (st == WSLNET_OK)
        wn_strlcpy(info->encoding, sizeof info->encoding, wn_cfg_encoding_name((*doc)->encoding));
    return st;
}

static void fill_value(const wn_cfg_doc *doc, const wn_cfg_key *key, wslnet_config_value *out)
{
    wn_cfg_setting s;
    memset(out, 0, sizeof *out);
    wn_cfg_get(doc, key, &s);
    wn_cfg_key_fullname(key, out->key, sizeof out->key);
    wn_strlcpy(out->type, sizeof out->type, wn_cfg_type_name(key->type));
    wn_strlcpy(out->default_value, sizeof out->default_value, key->default_value ? key->default_value : "");
    wn_strlcpy(out->default_note, sizeof out->default_note, key->default_note ? key->default_note : "");
    out->origin = s.origin == WN_CFG_ORIGIN_FILE      ? WSLNET_CONFIG_FILE
                  : s.origin == WN_CFG_ORIGIN_INVALID ? WSLNET_CONFIG_INVALID
                                                      : WSLNET_CONFIG_DEFAULT;
    wn_strlcpy(out->value, sizeof out->value, s.value ? s.value : "");
    if (s.item) {
        const char *dot = strchr(s.item->name, '.');
        out->line = s.item->line;
        wn_snprintf(out->section, sizeof out->section, "%.*s", dot ? (int)(dot - s.item->name) : 0, s.item->name);
        if (s.origin == WN_CFG_ORIGIN_INVALID)
            wn_strlcpy(out->raw_value, sizeof out->raw_value, s.item->value);
    }
}

wslnet_status wslnet_config_get(const wslnet_config_target *target, const char *key, wslnet_config_file_info *file,
                                wslnet_config_value *out, wslnet_error *err)
{
    wslnet_config_file_info info;
    const wn_cfg_key *k;
    wn_cfg_doc *doc;
    wslnet_status st;
    wn_error_clear(err);
    memset(out, 0, sizeof *out);
    if (!key || (st = wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, key, &k, err)) != WSLNET_OK)
        return key ? st : wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "no key given");
    if ((st = load(target, WN_CFG_FILE_WSLCONFIG, &info, &doc, err)) != WSLNET_OK)
        return st;
    fill_value(doc, k, out);
    if (file)
        *file = info;
    wn_cfg_free(doc);
    return WSLNET_OK;
}

wslnet_status wslnet_config_show(const wslnet_config_target *target, wslnet_config_list **out, wslnet_error *err)
{
    wslnet_config_list *list;
    wn_cfg_doc *doc;
    size_t i, n = wn_cfg_key_count(WN_CFG_FILE_WSLCONFIG), k = 0;
    wslnet_status st;
    wn_error_clear(err);
    *out = NULL;
    list = calloc(1, sizeof *list);
    if (!list || !(list->items = calloc(n, sizeof *list->items))) {
        free(list);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    if ((st = load(target, WN_CFG_FILE_WSLCONFIG, &list->file, &doc, err)) != WSLNET_OK) {
        wslnet_config_list_free(list);
        return st;
    }
    for (i = 0; i < n; i++) {
        const wn_cfg_key *key = wn_cfg_key_at(WN_CFG_FILE_WSLCONFIG, i);
        if (key->flags & (WN_KEY_REMOVED | WN_KEY_INTERNAL))
            continue;
        fill_value(doc, key, &list->items[k++]);
    }
    list->count = k;
    wn_cfg_free(doc);
    *out = list;
    return WSLNET_OK;
}

void wslnet_config_list_free(wslnet_config_list *list)
{
    if (!list)
        return;
    free(list->items);
    free(list);
}

/* Edits the document in memory (set or unset) and fills out. */
static wslnet_status plan_edit(wn_cfg_doc *doc, const wn_cfg_key *k, const char *value, wslnet_config_change *out,
                               wslnet_error *err)
{
    wn_cfg_edit edit;
    wslnet_status st = value ? wn_cfg_set(doc, k, value, &edit, err) : wn_cfg_unset(doc, k, &edit, err);
    if (st != WSLNET_OK)
        return st;
    out->changed = edit.changed;
    wn_strlcpy(out->action, sizeof out->action, edit.action);
    out->line = edit.line;
    out->removed = edit.removed;
    wn_strlcpy(out->old_text, sizeof out->old_text, edit.old_text);
    wn_strlcpy(out->new_text, sizeof out->new_text, edit.new_text);
    return WSLNET_OK;
}

wslnet_status wslnet_config_set(const wslnet_config_target *target, const char *key, const char *value,
                                int dry_run, wslnet_config_change *out, wslnet_error *err)
{
    const wn_cfg_key *k;
    wn_cfg_doc *doc = NULL;
    wn_lock lock = {NULL};
    uint8_t *bytes = NULL;
    size_t len;
    wslnet_status st;
    wn_error_clear(err);
    memset(out, 0, sizeof *out);
    out->dry_run = dry_run;
    if (!key)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "no key given");
    if ((st = wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, key, &k, err)) != WSLNET_OK)
        return st;
    /* validate everything first: the plan on the file as it is now */
    if ((st = load(target, WN_CFG_FILE_WSLCONFIG, &out->file, &doc, err)) != WSLNET_OK)
        return st;
    out->created = !out->file.exists;
    st = plan_edit(doc, k, value, out, err);
    wn_cfg_free(doc);
    doc = NULL;
    if (st == WSLNET_OK && value) {
        /* the value is written (it is the user's file), but say when WSL will not use it */
        wslnet_mode_info mode;
        char full[96];
        wn_cfg_key_fullname(k, full, sizeof full);
        if (wslnet_mode_get_for(out->file.path, NULL, NULL, &mode, NULL) == WSLNET_OK)
            wn_mode_policy_override(full, value, mode.policy_default_mode, mode.policy_allow_mode_user,
                                    mode.policy_allow_firewall_user, out->policy_note, sizeof out->policy_note);
    }
    if (st != WSLNET_OK || dry_run || !out->changed)
        return st;
    /* The caller's own file needs no elevation (it is theirs to edit) and
     * takes the per-user lock; another user's profile needs elevation and
     * the machine lock (guard.h). */
    if (target && target->user && !target->path) {
        st = wn_guard_begin(&lock, err); /* elevation, the machine lock, an interrupted change finished */
        wn_strlcpy(out->recovered, sizeof out->recovered, lock.recovered);
        if (st != WSLNET_OK && lock.recovered[0]) /* said even when this command failed */
            wn_error_add_recovered(err, lock.recovered);
    } else {
        st = wn_lock_acquire(&lock, WN_LOCK_TIMEOUT_MS, err); /* one's own file: the per-user lock */
    }
    if (st != WSLNET_OK)
        return st;
    /* re-read under the lock: the file may have changed since the plan */
    if ((st = load(target, WN_CFG_FILE_WSLCONFIG, &out->file, &doc, err)) == WSLNET_OK &&
        (st = plan_edit(doc, k, value, out, err)) == WSLNET_OK && out->changed &&
        (st = wn_cfg_write(doc, &bytes, &len, err)) == WSLNET_OK)
        st = wn_config_write_atomic(target, out->file.path, bytes, len, out->backup_path, sizeof out->backup_path, err);
    out->created = !out->file.exists;
    wn_lock_release(&lock);
    free(bytes);
    wn_cfg_free(doc);
    return st;
}

wslnet_status wslnet_config_lint(const wslnet_config_target *target, int wsl_conf, wslnet_config_lint_result **out,
                                 wslnet_error *err)
{
    wslnet_config_lint_result *r;
    wn_cfg_doc *doc;
    wn_lint_result lint;
    wn_lint_context ctx;
    wslnet_mode_info mode; /* ctx.effective_mode points into it */
    wslnet_status st;
    size_t i;
    wn_error_clear(err);
    *out = NULL;
    if (wsl_conf && (!target || !target->path))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "--wsl-conf needs --file PATH (e.g. \\\\wsl.localhost\\Ubuntu\\etc\\wsl.conf)");
    if (!(r = calloc(1, sizeof *r)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    r->wsl_conf = wsl_conf;
    if ((st = load(target, wsl_conf ? WN_CFG_FILE_WSLCONF : WN_CFG_FILE_WSLCONFIG, &r->file, &doc, err)) != WSLNET_OK) {
        free(r);
        return st;
    }
    memset(&ctx, 0, sizeof ctx);
    ctx.windows_build = r->windows_build = wn_windows_build();
    if (!wsl_conf) {
        /* Group Policy and WSL's own fallbacks (shared/core/mode_rules.c) for this very file */
        if (wslnet_mode_get_for(r->file.path, NULL, NULL, &mode, NULL) == WSLNET_OK) {
            ctx.has_policy = 1;
            ctx.policy_default_mode = mode.policy_default_mode;
            ctx.policy_allow_mode_user = mode.policy_allow_mode_user;
            ctx.policy_allow_firewall_user = mode.policy_allow_firewall_user;
            ctx.effective_mode = mode.effective;
        }
    }
    st = wn_cfg_lint(doc, &ctx, &lint, err);
    wn_cfg_free(doc);
    if (st != WSLNET_OK) {
        free(r);
        return st;
    }
    r->findings = calloc(lint.count ? lint.count : 1, sizeof *r->findings);
    if (!r->findings) {
        wn_lint_result_free(&lint);
        free(r);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    for (i = 0; i < lint.count; i++) {
        wslnet_config_finding *f = &r->findings[i];
        const wn_lint_finding *g = &lint.items[i];
        f->line = g->line;
        f->severity = (wslnet_severity)g->severity;
        wn_strlcpy(f->rule, sizeof f->rule, g->rule);
        wn_strlcpy(f->key, sizeof f->key, g->key);
        wn_strlcpy(f->message, sizeof f->message, g->message);
        wn_strlcpy(f->effect, sizeof f->effect, g->effect);
        wn_strlcpy(f->fix, sizeof f->fix, g->fix);
    }
    r->count = lint.count;
    r->errors = lint.errors;
    r->warnings = lint.warnings;
    r->infos = lint.infos;
    wn_lint_result_free(&lint);
    *out = r;
    return WSLNET_OK;
}

void wslnet_config_lint_free(wslnet_config_lint_result *result)
{
    if (!result)
        return;
    free(result->findings);
    free(result);
}
