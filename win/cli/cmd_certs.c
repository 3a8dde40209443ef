/* cmd_certs.c - certs export, certs install. */
#include "cli.h"

#include "certplan.h"
#include "certreport.h"
#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILTERS 64

typedef struct selection {
    const char *subjects[MAX_FILTERS];
    const char *thumbprints[MAX_FILTERS];
    wslnet_cert_query query;
} selection;

/* The stores and filters of the command line, checked. */
static wslnet_status read_selection(const wn_args *args, selection *sel, wslnet_error *err)
{
    const char *stores[MAX_FILTERS];
    size_t n = wn_args_values(args, "--store", stores, MAX_FILTERS), i;
    memset(sel, 0, sizeof *sel);
    if (n > MAX_FILTERS)
        return wn_fail(err, WSLNET_E_USAGE, 0, "too many --store options (at most %d)", MAX_FILTERS);
    for (i = 0; i < n; i++)
        if (!wn_cert_stores_parse(stores[i], &sel->query.stores))
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "'%.80s' is not a store list: use machine, user, enterprise, policy, ca "
                           "(comma-separated) or all",
                           stores[i]);
    if (n == 0)
        sel->query.stores = WSLNET_CERT_STORES_DEFAULT;
    if (wn_args_has(args, "--intermediate"))
        sel->query.stores |= WSLNET_CERT_STORE_CA;
    sel->query.subject_count = wn_args_values(args, "--subject", sel->subjects, MAX_FILTERS);
    sel->query.thumbprint_count = wn_args_values(args, "--thumbprint", sel->thumbprints, MAX_FILTERS);
    if (sel->query.subject_count > MAX_FILTERS || sel->query.thumbprint_count > MAX_FILTERS)
        return wn_fail(err, WSLNET_E_USAGE, 0, "too many --subject or --thumbprint options (at most %d each)",
                       MAX_FILTERS);
    sel->query.subjects = sel->subjects;
    sel->query.thumbprints = sel->thumbprints;
    return WSLNET_OK;
}

/* Reads the stores; an empty selection is NOT_FOUND, saying what was skipped. */
static wslnet_status select_certs(const selection *sel, wslnet_cert_list **list, wslnet_error *err)
{
    wslnet_status st = wslnet_cert_list_get(&sel->query, list, err);
    if (st != WSLNET_OK)
        return st;
    if ((*list)->count == 0) {
        st = wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                     "no certificate matched (%lu expired, %lu not yet valid, %lu filtered out); "
                     "check --store, --subject and --thumbprint",
                     (unsigned long)(*list)->expired, (unsigned long)(*list)->not_yet_valid,
                     (unsigned long)(*list)->filtered);
        wslnet_cert_list_free(*list);
        *list = NULL;
    }
    return st;
}

/* Stores that failed for another reason than not existing: worth a warning. */
static void warn_stores(const wslnet_cert_list *list)
{
    size_t i;
    for (i = 0; i < list->store_count; i++) {
        const wslnet_cert_store_report *r = &list->stores[i];
        if (r->status != WSLNET_OK && r->status != WSLNET_E_NOT_FOUND) {
            char line[400];
            wn_snprintf(line, sizeof line, "%s\\%s was not read: %s", r->location, r->name, r->message);
            wn_out_warning(line);
        }
    }
}

static int run_export(const wn_args *args)
{
    const char *out = wn_args_value(args, "--out"), *dir = wn_args_value(args, "--dir");
    wn_cert_output where = out ? WN_CERT_OUT_BUNDLE : dir ? WN_CERT_OUT_DIR : args->json ? WN_CERT_OUT_NONE
                                                                                         : WN_CERT_OUT_STDOUT;
    wslnet_cert_list *list = NULL;
    selection sel;
    wslnet_error err;
    wslnet_status st;
    int code;
    if (out && dir) {
        wn_fail(&err, WSLNET_E_USAGE, 0, "give --out FILE or --dir DIR, not both");
        return wn_out_error(args->json, &err);
    }
    if ((st = read_selection(args, &sel, &err)) != WSLNET_OK || (st = select_certs(&sel, &list, &err)) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    if (where == WN_CERT_OUT_BUNDLE)
        st = wslnet_cert_write_bundle(list, out, &err);
    else if (where == WN_CERT_OUT_DIR)
        st = wslnet_cert_write_dir(list, dir, &err);
    if (st != WSLNET_OK) {
        wslnet_cert_list_free(list);
        return wn_out_error(args->json, &err);
    }
    if (!args->json)
        warn_stores(list);
    if (args->json)
        code = wn_out_json(wn_json_certs_export(list, where, out ? out : dir), st);
    else if (where == WN_CERT_OUT_STDOUT)
        code = wn_out_owned_text(wn_cert_bundle(list), st);
    else
        code = wn_out_owned_text(wn_text_certs_export(list, where, out ? out : dir), st);
    wslnet_cert_list_free(list);
    return code;
}

static int run_install(const wn_args *args)
{
    const char *distro = wn_args_value(args, "--distro");
    int dry_run = wn_args_has(args, "--dry-run");
    wslnet_cert_list *list = NULL;
    wslnet_cert_install install;
    selection sel;
    wslnet_error err;
    wslnet_status st;
    int code;
    if (!distro) {
        wn_fail(&err, WSLNET_E_USAGE, 0, "certs install needs --distro NAME (see wsl.exe --list)");
        return wn_out_error(args->json, &err);
    }
    if (!wn_distro_name_valid(distro)) { /* before reading anything; the DLL checks again */
        wn_fail(&err, WSLNET_E_INVALID_INPUT, 0,
                "'%.80s' is not a WSL distribution name: use 1-64 letters, digits, '.', '_' or '-' "
                "(see wsl.exe --list); nothing was run",
                distro);
        return wn_out_error(args->json, &err);
    }
    if (!dry_run && wn_distro_code_refused(args, "certs install", &code))
        return code;
    if ((st = read_selection(args, &sel, &err)) != WSLNET_OK || (st = select_certs(&sel, &list, &err)) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    st = wslnet_cert_install_run(distro, list, dry_run, &install, &err);
    if (st != WSLNET_OK)
        code = wn_out_error(args->json, &err);
    else if (args->json)
        code = wn_out_json(wn_json_certs_install(list, &install, dry_run), st);
    else
        code = wn_out_owned_text(wn_text_certs_install(list, &install, dry_run), st);
    wslnet_cert_install_clear(&install);
    wslnet_cert_list_free(list);
    return code;
}

int wn_run_certs(const wn_args *args)
{
    switch (args->command->id) {
    case WN_CERTS_EXPORT: return run_export(args);
    case WN_CERTS_INSTALL: return run_install(args);
    default: return wslnet_status_exit_code(WSLNET_E_INTERNAL);
    }
}
