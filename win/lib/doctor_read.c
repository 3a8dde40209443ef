/* doctor_read.c - wslnet_doctor_run: reads the system into a snapshot (only
 * reads; no elevation needed) and lets shared/core/doctor_judge.c decide. */
#include <winsock2.h>
#include <windows.h>

#include "doctor_judge.h"
#include "doctor_net.h"
#include "hostfw.h"
#include "netfwclient.h"
#include "portproxy.h"
#include "status.h"
#include "users.h"
#include "wslnet.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_CONNECT_TIMEOUT_MS 1500u

/* Everything the snapshot points to, freed together. */
typedef struct doctor_reads {
    wslnet_adapter_list *adapters;
    wslnet_proxy_list *proxies;
    wn_doctor_hostfw *hostfw;
    wslnet_hvfw_rule_list *hvfw_rules;
    wn_doctor_route *routes;
    wslnet_expose_list *exposures;
} doctor_reads;

static void reads_free(doctor_reads *r)
{
    wslnet_adapter_list_free(r->adapters);
    wslnet_proxy_list_free(r->proxies);
    free(r->hostfw);
    wslnet_hvfw_rule_list_free(r->hvfw_rules);
    free(r->routes);
    wslnet_expose_list_free(r->exposures);
}

/* The host firewall rule of each owned proxy that is in the store. */
static void read_hostfw(wn_doctor_snapshot *s, doctor_reads *r)
{
    size_t i, n = 0;
    wn_error_clear(&s->hostfw_error);
    if (!r->proxies || !r->proxies->count)
        return;
    if (!(r->hostfw = calloc(r->proxies->count, sizeof *r->hostfw))) {
        wn_fail(&s->hostfw_error, WSLNET_E_NO_MEMORY, 0, "out of memory");
        return;
    }
    for (i = 0; i < r->proxies->count; i++) {
        const wslnet_proxy_entry *e = &r->proxies->entries[i];
        wn_doctor_hostfw *h = &r->hostfw[n];
        wn_pp_kind kind;
        wslnet_error err;
        if (!e->owned || e->missing || !e->valid || !wn_pp_kind_parse(e->kind, &kind) ||
            wn_hostfw_proxy_rule_name(kind, e->listen_address, e->listen_port, h->name, sizeof h->name,
                                      &err) != WSLNET_OK)
            continue;
        h->entry = i;
        if (wn_hostfw_get(h->name, NULL, &h->found, &h->owned, &s->hostfw_error) != WSLNET_OK)
            return; /* the firewall itself cannot be read: the check says so */
        n++;
    }
    s->hostfw = r->hostfw;
    s->hostfw_count = n;
}

/* The .wslconfig lint: counts and the first error (else warning) line. */
static void read_lint(wn_doctor_snapshot *s, const char *config_path, const char *user)
{
    wslnet_config_target target = {config_path, user};
    wslnet_config_lint_result *lint = NULL;
    size_t i;
    int pick = -1;
    if (wslnet_config_lint(&target, 0, &lint, &s->lint_error) != WSLNET_OK)
        return;
    wn_error_clear(&s->lint_error);
    wn_strlcpy(s->lint_path, sizeof s->lint_path, lint->file.exists ? lint->file.path : "");
    s->lint_errors = lint->errors;
    s->lint_warnings = lint->warnings;
    for (i = 0; i < lint->count; i++)
        if (lint->findings[i].severity == WSLNET_SEVERITY_ERROR ||
            (pick < 0 && lint->findings[i].severity == WSLNET_SEVERITY_WARNING))
            if (pick < 0 || lint->findings[pick].severity != WSLNET_SEVERITY_ERROR)
                pick = (int)i;
    if (pick >= 0) {
        s->lint_first_line = lint->findings[pick].line;
        wn_strlcpy(s->lint_first_message, sizeof s->lint_first_message, lint->findings[pick].message);
    }
    wslnet_config_lint_free(lint);
}

static void read_hvfw(wn_doctor_snapshot *s, doctor_reads *r)
{
    wslnet_hvfw_settings_info info;
    if (wslnet_hvfw_probe(&s->hvfw, &s->hvfw_error) != WSLNET_OK)
        return;
    wn_error_clear(&s->hvfw_error);
    if (s->hvfw.support == WSLNET_HVFW_UNSUPPORTED || s->hvfw.disabled)
        return;
    if (wslnet_hvfw_settings_get(NULL, WSLNET_HVFW_STORE_ACTIVE, &info, &s->hvfw_error) != WSLNET_OK)
        return;
    s->hvfw_settings = info.settings;
    if (s->port && wslnet_hvfw_rule_list_get(NULL, 0, WSLNET_HVFW_STORE_ACTIVE, &r->hvfw_rules,
                                             &s->hvfw_rules_error) == WSLNET_OK) {
        wn_error_clear(&s->hvfw_rules_error);
        s->hvfw_rules = r->hvfw_rules;
    }
}

static void read_snapshot(const wslnet_doctor_options *o, wn_doctor_snapshot *s, doctor_reads *r)
{
    wslnet_address_options addr = {WSLNET_SOURCE_AUTO, s->adapter_pattern, o->user, 0};
    unsigned timeout = o->connect_timeout_ms ? o->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS;

    if (wslnet_mode_get_for(o->config_path, s->adapter_pattern, o->user, &s->mode, &s->mode_error) == WSLNET_OK)
        wn_error_clear(&s->mode_error);
    if (wslnet_adapter_list_get(s->adapter_pattern, &r->adapters, &s->adapter_error) == WSLNET_OK) {
        wn_error_clear(&s->adapter_error);
        s->adapters = r->adapters;
    }
    if (wslnet_vm_address_get(&addr, &s->address, &s->address_error) == WSLNET_OK)
        wn_error_clear(&s->address_error);
    read_lint(s, o->config_path, o->user);
    if (wslnet_proxy_list_get(s->adapter_pattern, &r->proxies, &s->proxy_error) == WSLNET_OK) {
        wn_error_clear(&s->proxy_error);
        s->proxies = r->proxies;
        read_hostfw(s, r);
    }
    read_hvfw(s, r);
    if (wn_doctor_routes_read(&r->routes, &s->route_count, &s->route_error) == WSLNET_OK) {
        wn_error_clear(&s->route_error);
        s->routes = r->routes;
    }
    if (wslnet_expose_list_get(s->adapter_pattern, &r->exposures, &s->expose_error) == WSLNET_OK) {
        wn_error_clear(&s->expose_error);
        s->exposures = r->exposures;
    }
    if (s->port && s->address_error.status == WSLNET_OK)
        wn_doctor_tcp_connect(s->address.address, s->port, timeout, &s->connect_vm);
    if (s->port)
        wn_doctor_tcp_connect("127.0.0.1", s->port, timeout, &s->connect_localhost);
}

WSLNET_API const char *wslnet_verdict_name(wslnet_verdict verdict)
{
    return wn_verdict_name(verdict);
}

WSLNET_API wslnet_status wslnet_doctor_run(const wslnet_doctor_options *options,
                                           wslnet_doctor_report **out, wslnet_error *err)
{
    static const wslnet_doctor_options defaults = {0, NULL, NULL, 0, NULL};
    wn_doctor_snapshot *s;
    doctor_reads reads;
    wslnet_status st;
    *out = NULL;
    if (!options)
        options = &defaults;
    if (options->user) { /* an unknown user is the answer, not a report of missing values */
        wn_user u;
        if ((st = wn_user_resolve(options->user, &u, err)) != WSLNET_OK)
            return st;
    }
    if (!(s = malloc(sizeof *s)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    wn_doctor_snapshot_init(s);
    s->port = options->port;
    wn_strlcpy(s->adapter_pattern, sizeof s->adapter_pattern,
               options->adapter_pattern ? options->adapter_pattern : WSLNET_DEFAULT_ADAPTER_PATTERN);
    memset(&reads, 0, sizeof reads);
    read_snapshot(options, s, &reads);
    *out = wn_doctor_evaluate(s);
    reads_free(&reads);
    free(s);
    if (!*out)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    wn_error_clear(err);
    return WSLNET_OK;
}

WSLNET_API void wslnet_doctor_report_free(wslnet_doctor_report *report)
{
    wn_doctor_report_free(report);
}

WSLNET_API int wslnet_doctor_exit_code(const wslnet_doctor_report *report)
{
    return report ? wn_doctor_exit_code(report) : wslnet_status_exit_code(WSLNET_E_INTERNAL);
}
