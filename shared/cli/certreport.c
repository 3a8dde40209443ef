/* certreport.c - JSON and text for certs export / certs install. */
#include "certreport.h"

#include "certplan.h"
#include "report.h"
#include "status.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define ADD(ok, expr) ((ok) &= (expr) != NULL)

static cJSON *stores_array(unsigned bits, int *ok)
{
    cJSON *a = cJSON_CreateArray();
    unsigned bit;
    ADD(*ok, a);
    for (bit = 1; a && bit <= WSLNET_CERT_STORE_CA; bit <<= 1)
        if (bits & bit) {
            cJSON *s = cJSON_CreateString(wn_cert_store_name(bit));
            ADD(*ok, s);
            cJSON_AddItemToArray(a, s);
        }
    return a;
}

static cJSON *cert_json(const wslnet_cert *c, int *ok)
{
    cJSON *o = cJSON_CreateObject();
    char when[32];
    ADD(*ok, o);
    if (!o)
        return NULL;
    ADD(*ok, cJSON_AddStringToObject(o, "thumbprint", c->thumbprint));
    ADD(*ok, cJSON_AddStringToObject(o, "name", c->name));
    ADD(*ok, cJSON_AddStringToObject(o, "subject", c->subject));
    ADD(*ok, cJSON_AddStringToObject(o, "issuer", c->issuer));
    wn_format_utc(c->not_before, when, sizeof when);
    ADD(*ok, cJSON_AddStringToObject(o, "notBefore", when));
    wn_format_utc(c->not_after, when, sizeof when);
    ADD(*ok, cJSON_AddStringToObject(o, "notAfter", when));
    ADD(*ok, cJSON_AddStringToObject(o, "store", wn_cert_store_name(c->store)));
    cJSON *stores = stores_array(c->stores, ok);
    if (stores)
        cJSON_AddItemToObject(o, "stores", stores);
    ADD(*ok, cJSON_AddStringToObject(o, "file", c->file_name));
    return o;
}

/* stores, certificates, count, skipped, now: what both documents share. */
static void add_list(cJSON *doc, const wslnet_cert_list *list, int *ok)
{
    cJSON *stores = cJSON_AddArrayToObject(doc, "stores"), *certs, *skipped;
    char when[32];
    size_t i;
    ADD(*ok, stores);
    for (i = 0; stores && i < list->store_count; i++) {
        const wslnet_cert_store_report *r = &list->stores[i];
        cJSON *s = cJSON_CreateObject();
        ADD(*ok, s);
        if (!s)
            break;
        cJSON_AddItemToArray(stores, s);
        ADD(*ok, cJSON_AddStringToObject(s, "store", wn_cert_store_name(r->store)));
        ADD(*ok, cJSON_AddStringToObject(s, "location", r->location));
        ADD(*ok, cJSON_AddStringToObject(s, "name", r->name));
        ADD(*ok, cJSON_AddStringToObject(s, "status", wn_status_name(r->status)));
        ADD(*ok, cJSON_AddNumberToObject(s, "code", r->code));
        ADD(*ok, cJSON_AddStringToObject(s, "message", r->message));
        ADD(*ok, cJSON_AddNumberToObject(s, "found", (double)r->found));
    }
    ADD(*ok, certs = cJSON_AddArrayToObject(doc, "certificates"));
    for (i = 0; certs && i < list->count; i++) {
        cJSON *c = cert_json(&list->items[i], ok);
        if (c)
            cJSON_AddItemToArray(certs, c);
    }
    ADD(*ok, cJSON_AddNumberToObject(doc, "count", (double)list->count));
    ADD(*ok, skipped = cJSON_AddObjectToObject(doc, "skipped"));
    if (skipped) {
        ADD(*ok, cJSON_AddNumberToObject(skipped, "expired", (double)list->expired));
        ADD(*ok, cJSON_AddNumberToObject(skipped, "notYetValid", (double)list->not_yet_valid));
        ADD(*ok, cJSON_AddNumberToObject(skipped, "filtered", (double)list->filtered));
        ADD(*ok, cJSON_AddNumberToObject(skipped, "disallowed", (double)list->disallowed));
        ADD(*ok, cJSON_AddNumberToObject(skipped, "duplicates", (double)list->duplicates));
    }
    wn_format_utc(list->now, when, sizeof when);
    ADD(*ok, cJSON_AddStringToObject(doc, "checkedAt", when));
}

static cJSON *finish(cJSON *doc, int ok)
{
    if (!ok) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

cJSON *wn_json_certs_export(const wslnet_cert_list *list, wn_cert_output output, const char *path)
{
    static const char *const types[] = {"none", "bundle", "directory", "stdout"};
    cJSON *doc = wn_json_document("certsExport"), *out;
    int ok = 1;
    if (!doc)
        return NULL;
    add_list(doc, list, &ok);
    ADD(ok, out = cJSON_AddObjectToObject(doc, "output"));
    if (out) {
        ADD(ok, cJSON_AddStringToObject(out, "type", types[output]));
        ADD(ok, path ? cJSON_AddStringToObject(out, "path", path) : cJSON_AddNullToObject(out, "path"));
    }
    return finish(doc, ok);
}

cJSON *wn_json_certs_install(const wslnet_cert_list *list, const wslnet_cert_install *install, int dry_run)
{
    cJSON *doc = wn_json_document("certsInstall"), *args, *files;
    int ok = 1;
    size_t i;
    if (!doc)
        return NULL;
    ADD(ok, cJSON_AddStringToObject(doc, "distro", install->distro));
    ADD(ok, cJSON_AddBoolToObject(doc, "dryRun", dry_run));
    ADD(ok, cJSON_AddStringToObject(doc, "directory", WSLNET_CERT_DISTRO_DIR));
    ADD(ok, cJSON_AddStringToObject(doc, "wsl", install->wsl_path));
    ADD(ok, args = cJSON_AddArrayToObject(doc, "arguments"));
    for (i = 0; args && i < install->arg_count; i++) {
        cJSON *a = cJSON_CreateString(install->args[i]);
        ADD(ok, a);
        cJSON_AddItemToArray(args, a);
    }
    ADD(ok, cJSON_AddNumberToObject(doc, "inputBytes", (double)install->input_length));
    ADD(ok, files = cJSON_AddArrayToObject(doc, "files"));
    for (i = 0; files && i < list->count; i++) {
        cJSON *f = cJSON_CreateString(list->items[i].file_name);
        ADD(ok, f);
        cJSON_AddItemToArray(files, f);
    }
    add_list(doc, list, &ok);
    ADD(ok, cJSON_AddBoolToObject(doc, "ran", install->ran));
    ADD(ok, install->ran ? cJSON_AddNumberToObject(doc, "exitCode", install->exit_code)
                         : cJSON_AddNullToObject(doc, "exitCode"));
    ADD(ok, cJSON_AddStringToObject(doc, "output", install->output));
    return finish(doc, ok);
}

static void text_stores(wn_strbuf *b, const wslnet_cert_list *list)
{
    size_t i;
    for (i = 0; i < list->store_count; i++) {
        const wslnet_cert_store_report *r = &list->stores[i];
        if (r->status == WSLNET_OK)
            wn_strbuf_printf(b, "  %-10s %s\\%s: %lu certificates\n", wn_cert_store_name(r->store), r->location,
                             r->name, (unsigned long)r->found);
        else
            wn_strbuf_printf(b, "  %-10s %s\\%s: %s: %s\n", wn_cert_store_name(r->store), r->location, r->name,
                             wn_status_name(r->status), r->message);
    }
    wn_strbuf_printf(b, "Skipped: %lu distrusted (Disallowed), %lu expired, %lu not yet valid, %lu filtered out, "
                     "%lu duplicates\n",
                     (unsigned long)list->disallowed, (unsigned long)list->expired, (unsigned long)list->not_yet_valid, (unsigned long)list->filtered, (unsigned long)list->duplicates);
}

char *wn_text_certs_export(const wslnet_cert_list *list, wn_cert_output output, const char *path)
{
    wn_strbuf b = {0};
    if (output == WN_CERT_OUT_BUNDLE)
        wn_strbuf_printf(&b, "Wrote %lu certificates to %s (one PEM bundle)\n", (unsigned long)list->count, path);
    else if (output == WN_CERT_OUT_DIR)
        wn_strbuf_printf(&b, "Wrote %lu certificates to %s (one .crt file each)\n", (unsigned long)list->count, path);
    else
        wn_strbuf_printf(&b, "%lu certificates\n", (unsigned long)list->count);
    wn_strbuf_printf(&b, "Stores:\n");
    text_stores(&b, list);
    return wn_strbuf_take(&b);
}

char *wn_text_certs_install(const wslnet_cert_list *list, const wslnet_cert_install *install, int dry_run)
{
    wn_strbuf b = {0};
    size_t i;
    if (dry_run) {
        wn_strbuf_printf(&b,
                         "Plan: put %lu certificates into %s:%s/ (replacing what wslnet put there before)\n"
                         "and run update-ca-certificates, as root, through:\n  %s",
                         (unsigned long)list->count, install->distro, WSLNET_CERT_DISTRO_DIR, install->wsl_path);
        for (i = 0; i < install->arg_count; i++) {
            const char *a = install->args[i];
            if (strchr(a, '\n'))
                wn_strbuf_printf(&b, " <script: see --json>");
            else
                wn_strbuf_printf(&b, " %s", a);
        }
        wn_strbuf_printf(&b, "\n  (%lu bytes of PEM on its stdin)\nFiles:\n", (unsigned long)install->input_length);
        for (i = 0; i < list->count; i++)
            wn_strbuf_printf(&b, "  %s  %s\n", list->items[i].file_name, list->items[i].subject);
        text_stores(&b, list);
        wn_strbuf_printf(&b, "Dry run: nothing was run.\n");
    } else {
        wn_strbuf_printf(&b, "Installed %lu certificates into %s:%s/ and ran update-ca-certificates.\n",
                         (unsigned long)list->count, install->distro, WSLNET_CERT_DISTRO_DIR);
        if (install->output[0])
            wn_strbuf_printf(&b, "%s%s", install->output,
                             install->output[strlen(install->output) - 1] == '\n' ? "" : "\n");
    }
    return wn_strbuf_take(&b);
}
