/* wslcfg_report.c - JSON (cJSON) and text for config get/show/set/unset/lint. */
#include "wslcfg_report.h"

#include "report.h"
#include "status.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define ADD(ok, expr) ((ok) = (ok) && ((expr) != NULL))

const char *wn_config_origin_name(wslnet_config_origin origin)
{
    switch (origin) {
    case WSLNET_CONFIG_FILE: return "file";
    case WSLNET_CONFIG_INVALID: return "invalid";
    default: return "default";
    }
}

static const char *severity_name(wslnet_severity s)
{
    return s == WSLNET_SEVERITY_ERROR ? "error" : s == WSLNET_SEVERITY_WARNING ? "warning" : "info";
}

static cJSON *finish(cJSON *doc, int ok)
{
    if (!ok) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

static void add_file(cJSON *doc, const wslnet_config_file_info *file, int *ok)
{
    cJSON *f = NULL;
    ADD(*ok, f = cJSON_AddObjectToObject(doc, "file"));
    if (!f)
        return;
    ADD(*ok, cJSON_AddStringToObject(f, "path", file->path));
    ADD(*ok, cJSON_AddBoolToObject(f, "exists", file->exists));
    ADD(*ok, cJSON_AddStringToObject(f, "encoding", file->encoding[0] ? file->encoding : "utf-8"));
}

/* One key's fields into obj. */
static void add_value(cJSON *obj, const wslnet_config_value *v, int *ok)
{
    ADD(*ok, cJSON_AddStringToObject(obj, "key", v->key));
    ADD(*ok, cJSON_AddStringToObject(obj, "type", v->type));
    ADD(*ok, cJSON_AddStringToObject(obj, "value", v->value));
    ADD(*ok, cJSON_AddStringToObject(obj, "origin", wn_config_origin_name(v->origin)));
    if (v->origin != WSLNET_CONFIG_DEFAULT) {
        ADD(*ok, cJSON_AddNumberToObject(obj, "line", v->line));
        ADD(*ok, cJSON_AddStringToObject(obj, "section", v->section));
    } else {
        ADD(*ok, cJSON_AddNullToObject(obj, "line"));
        ADD(*ok, cJSON_AddNullToObject(obj, "section"));
    }
    if (v->origin == WSLNET_CONFIG_INVALID)
        ADD(*ok, cJSON_AddStringToObject(obj, "rejectedValue", v->raw_value));
    ADD(*ok, cJSON_AddStringToObject(obj, "default", v->default_value));
    ADD(*ok, cJSON_AddStringToObject(obj, "defaultNote", v->default_note));
}

cJSON *wn_json_config_value(const wslnet_config_file_info *file, const wslnet_config_value *value)
{
    cJSON *doc = wn_json_document("configValue");
    int ok = doc != NULL;
    if (!doc)
        return NULL;
    add_file(doc, file, &ok);
    add_value(doc, value, &ok);
    return finish(doc, ok);
}

cJSON *wn_json_config_show(const wslnet_config_list *list)
{
    cJSON *doc = wn_json_document("configShow"), *arr = NULL, *o = NULL;
    int ok = doc != NULL;
    size_t i;
    if (!doc)
        return NULL;
    add_file(doc, &list->file, &ok);
    ADD(ok, arr = cJSON_AddArrayToObject(doc, "keys"));
    for (i = 0; arr && i < list->count; i++) {
        ADD(ok, o = cJSON_CreateObject());
        if (!o)
            break;
        cJSON_AddItemToArray(arr, o);
        add_value(o, &list->items[i], &ok);
    }
    return finish(doc, ok);
}

cJSON *wn_json_config_change(const char *key, const char *value, const wslnet_config_change *c)
{
    cJSON *doc = wn_json_document("configChange");
    int ok = doc != NULL;
    if (!doc)
        return NULL;
    add_file(doc, &c->file, &ok);
    ADD(ok, cJSON_AddStringToObject(doc, "key", key));
    ADD(ok, value ? cJSON_AddStringToObject(doc, "value", value) : cJSON_AddNullToObject(doc, "value"));
    ADD(ok, cJSON_AddBoolToObject(doc, "dryRun", c->dry_run));
    ADD(ok, cJSON_AddBoolToObject(doc, "changed", c->changed));
    ADD(ok, cJSON_AddStringToObject(doc, "action", c->action));
    ADD(ok, cJSON_AddNumberToObject(doc, "line", c->line));
    ADD(ok, cJSON_AddNumberToObject(doc, "removedLines", c->removed));
    ADD(ok, cJSON_AddStringToObject(doc, "oldText", c->old_text));
    ADD(ok, cJSON_AddStringToObject(doc, "newText", c->new_text));
    ADD(ok, c->backup_path[0] ? cJSON_AddStringToObject(doc, "backup", c->backup_path)
                              : cJSON_AddNullToObject(doc, "backup"));
    ADD(ok, cJSON_AddBoolToObject(doc, "created", c->created && c->changed));
    ADD(ok, c->policy_note[0] ? cJSON_AddStringToObject(doc, "policy", c->policy_note)
                              : cJSON_AddNullToObject(doc, "policy"));
    ADD(ok, c->recovered[0] ? cJSON_AddStringToObject(doc, "recovered", c->recovered)
                            : cJSON_AddNullToObject(doc, "recovered"));
    return finish(doc, ok);
}

cJSON *wn_json_config_lint(const wslnet_config_lint_result *r)
{
    cJSON *doc = wn_json_document("configLint"), *arr = NULL, *o = NULL;
    int ok = doc != NULL;
    size_t i;
    if (!doc)
        return NULL;
    add_file(doc, &r->file, &ok);
    ADD(ok, cJSON_AddStringToObject(doc, "fileKind", r->wsl_conf ? "wsl.conf" : ".wslconfig"));
    ADD(ok, cJSON_AddNumberToObject(doc, "windowsBuild", r->windows_build));
    ADD(ok, cJSON_AddNumberToObject(doc, "errors", (double)r->errors));
    ADD(ok, cJSON_AddNumberToObject(doc, "warnings", (double)r->warnings));
    ADD(ok, cJSON_AddNumberToObject(doc, "infos", (double)r->infos));
    ADD(ok, arr = cJSON_AddArrayToObject(doc, "findings"));
    for (i = 0; arr && i < r->count; i++) {
        const wslnet_config_finding *f = &r->findings[i];
        ADD(ok, o = cJSON_CreateObject());
        if (!o)
            break;
        cJSON_AddItemToArray(arr, o);
        ADD(ok, cJSON_AddNumberToObject(o, "line", f->line));
        ADD(ok, cJSON_AddStringToObject(o, "severity", severity_name(f->severity)));
        ADD(ok, cJSON_AddStringToObject(o, "rule", f->rule));
        ADD(ok, f->key[0] ? cJSON_AddStringToObject(o, "key", f->key) : cJSON_AddNullToObject(o, "key"));
        ADD(ok, cJSON_AddStringToObject(o, "message", f->message));
        ADD(ok, cJSON_AddStringToObject(o, "effect", f->effect));
        ADD(ok, cJSON_AddStringToObject(o, "fix", f->fix));
    }
    return finish(doc, ok);
}

char *wn_text_config_value(const wslnet_config_value *v)
{
    wn_strbuf b = {0};
    /* the effective value alone, for scripts: $(wslnet config get wsl2.memory) */
    wn_strbuf_printf(&b, "%s\n", v->origin == WSLNET_CONFIG_FILE ? v->value : v->default_value);
    return wn_strbuf_take(&b);
}

char *wn_text_config_show(const wslnet_config_list *list)
{
    wn_strbuf b = {0};
    size_t i;
    wn_strbuf_printf(&b, "%s%s\n\n", list->file.path, list->file.exists ? "" : " (absent: every key at its default)");
    wn_strbuf_printf(&b, "%-40s %-24s %s\n", "Key", "Value", "Origin");
    for (i = 0; i < list->count; i++) {
        const wslnet_config_value *v = &list->items[i];
        char origin[96];
        const char *shown = v->origin == WSLNET_CONFIG_FILE ? v->value
                            : v->default_value[0]           ? v->default_value
                                                            : v->default_note;
        if (v->origin == WSLNET_CONFIG_FILE)
            wn_snprintf(origin, sizeof origin, "line %u [%s]", v->line, v->section);
        else if (v->origin == WSLNET_CONFIG_INVALID)
            wn_snprintf(origin, sizeof origin, "default (line %u's value is invalid)", v->line);
        else
            wn_strlcpy(origin, sizeof origin, "default");
        wn_strbuf_printf(&b, "%-40s %-24s %s\n", v->key, shown[0] ? shown : "\"\"", origin);
    }
    return wn_strbuf_take(&b);
}

char *wn_text_config_change(const char *key, const wslnet_config_change *c)
{
    wn_strbuf b = {0};
    const char *verb = c->dry_run ? "would " : "";
    if (c->recovered[0])
        wn_strbuf_printf(&b, "First: %s.\n", c->recovered);
    if (!c->changed) {
        wn_strbuf_printf(&b, "%s: %s already %s; nothing to change\n", c->file.path, key,
                         strcmp(c->action, "none") == 0 && c->old_text[0] ? "says so" : "is not set");
        return wn_strbuf_take(&b);
    }
    if (strcmp(c->action, "remove") == 0)
        wn_strbuf_printf(&b, "%s: %sremove %u line(s) setting %s (first: line %u: %s)\n", c->file.path, verb,
                         c->removed, key, c->line, c->old_text);
    else if (strcmp(c->action, "replace") == 0)
        wn_strbuf_printf(&b, "%s: %sreplace line %u\n  - %s\n  + %s\n", c->file.path, verb, c->line, c->old_text,
                         c->new_text);
    else
        wn_strbuf_printf(&b, "%s: %s%s line %u: %s\n", c->file.path, verb,
                         strcmp(c->action, "insert") == 0 ? "insert" : "add a section with", c->line, c->new_text);
    if (c->backup_path[0])
        wn_strbuf_printf(&b, "backup: %s\n", c->backup_path);
    if (c->policy_note[0])
        wn_strbuf_printf(&b, "note: %s\n", c->policy_note);
    return wn_strbuf_take(&b);
}

char *wn_text_config_lint(const wslnet_config_lint_result *r)
{
    wn_strbuf b = {0};
    size_t i;
    for (i = 0; i < r->count; i++) {
        const wslnet_config_finding *f = &r->findings[i];
        wn_strbuf_printf(&b, "%s:%u: %s [%s] %s\n", r->file.path, f->line, severity_name(f->severity), f->rule,
                         f->message);
        if (f->effect[0])
            wn_strbuf_printf(&b, "    WSL: %s\n", f->effect);
        if (f->fix[0])
            wn_strbuf_printf(&b, "    fix: %s\n", f->fix);
    }
    wn_strbuf_printf(&b, "%s: %lu error(s), %lu warning(s), %lu note(s)%s\n", r->file.path,
                     (unsigned long)r->errors, (unsigned long)r->warnings, (unsigned long)r->infos,
                     r->file.exists ? "" : " (the file does not exist: WSL uses its defaults)");
    return wn_strbuf_take(&b);
}
