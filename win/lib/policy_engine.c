/*
 * policy_engine.c - desired state (wslnet/policy.h): load and validate the whole
 * policy (file, then the Group Policy values that override it) before
 * anything else is read; read the system in one pass; plan
 * (shared/core/policy_plan.c); apply each change through its area's own API
 * (proxy, expose, Hyper-V firewall, subnet, config --user), which validates,
 * journals and undoes as that command does. apply holds the machine lock for
 * the whole run (the areas take it again: a mutex is recursive for its
 * owning thread), so no other wslnet run changes the system between the
 * snapshot and the last change.
 */
#include <windows.h>

#include "configfile.h"
#include "eventlog.h"
#include "exposestore.h"
#include "guard.h"
#include "hostfw.h"
#include "ipv4.h"
#include "policy_parse.h"
#include "policy_plan.h"
#include "policystore.h"
#include "proxyapply.h"
#include "safefile.h"
#include "status.h"
#include "strbuf.h"
#include "subnetread.h"
#include "syserror.h"
#include "text.h"
#include "users.h"
#include "winutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *wslnet_policy_source_name(wslnet_policy_source source)
{
    return source == WSLNET_POLICY_SOURCE_GROUP_POLICY ? "groupPolicy" : "argument";
}

void wslnet_policy_result_free(wslnet_policy_result *result)
{
    if (!result)
        return;
    free(result->problems);
    free(result->changes);
    free(result->failures);
    free(result);
}

/* ---- loading: file, validation, Group Policy overrides */

static wslnet_status add_problem(wslnet_policy_result *r, const char *path, size_t path_len, const char *message,
                                 wslnet_error *err)
{
    wslnet_policy_problem *grown = realloc(r->problems, (r->problem_count + 1) * sizeof *grown);
    if (!grown)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    r->problems = grown;
    wslnet_policy_problem *p = &r->problems[r->problem_count++];
    memset(p, 0, sizeof *p);
    if (path_len >= sizeof p->path)
        path_len = sizeof p->path - 1;
    memcpy(p->path, path, path_len);
    wn_strlcpy(p->message, sizeof p->message, message);
    return WSLNET_OK;
}

/* policy_engine.c's error lines "PATH: message" into r->problems. */
static wslnet_status problems_from(wslnet_policy_result *r, const char *text, wslnet_error *err)
{
    while (text && *text) {
        const char *end = strchr(text, '\n'), *sep;
        char line[600];
        size_t n = end ? (size_t)(end - text) : strlen(text);
        if (n >= sizeof line)
            n = sizeof line - 1;
        memcpy(line, text, n);
        line[n] = '\0';
        sep = strstr(line, ": ");
        wslnet_status st = sep ? add_problem(r, line, (size_t)(sep - line), sep + 2, err)
                               : add_problem(r, "$", 1, line, err);
        if (st != WSLNET_OK)
            return st;
        text = end ? end + 1 : NULL;
    }
    return WSLNET_OK;
}

#define GP_KEY_W L"SOFTWARE\\Policies\\wslnet"

/* A Group Policy value (read-only access): *out malloc'd, NULL when absent. */
static wslnet_status gp_value(const wchar_t *name, char **out, wslnet_error *err)
{
    wslnet_status st = wn_reg_read_string(HKEY_LOCAL_MACHINE, GP_KEY_W, name, out, err);
    if (st == WSLNET_E_NOT_FOUND) {
        *out = NULL;
        return WSLNET_OK;
    }
    return st;
}

/* Which file: the argument, else Group Policy's PolicyFile. */
static wslnet_status locate(const wslnet_policy_options *o, wslnet_policy_result *r, wslnet_error *err)
{
    char *gp = NULL;
    wslnet_status st;
    if (o && o->file) {
        if (!o->file[0])
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the policy file name is empty");
        r->source = WSLNET_POLICY_SOURCE_ARGUMENT;
        wn_strlcpy(r->policy_file, sizeof r->policy_file, o->file);
        return strlen(o->file) < sizeof r->policy_file
                   ? WSLNET_OK
                   : wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the policy file's path is longer than %u bytes",
                             (unsigned)sizeof r->policy_file - 1);
    }
    if ((st = gp_value(L"PolicyFile", &gp, err)) != WSLNET_OK)
        return st;
    if (!gp || !gp[0]) {
        free(gp);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "no policy file given and none set by Group Policy (HKLM\\" WSLNET_GP_KEY " PolicyFile)");
    }
    r->source = WSLNET_POLICY_SOURCE_GROUP_POLICY;
    wn_strlcpy(r->policy_file, sizeof r->policy_file, gp);
    st = strlen(gp) < sizeof r->policy_file
             ? WSLNET_OK
             : wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "Group Policy's PolicyFile is longer than %u bytes",
                       (unsigned)sizeof r->policy_file - 1);
    free(gp);
    return st;
}

/* The Group Policy values that override members of the file, checked as the
 * file's members are; a bad one is a problem (path: the value's registry
 * path) and refuses the policy. */
static wslnet_status gp_overrides(wn_policy *p, wslnet_policy_result *r, wslnet_error *err)
{
    static const char inbound_path[] = "HKLM\\" WSLNET_GP_KEY "\\HyperVFirewallDefaultInboundAction";
    static const char subnet_path[] = "HKLM\\" WSLNET_GP_KEY "\\NatSubnet";
    char *inbound = NULL, *subnet = NULL;
    wslnet_status st;
    wslnet_error why;
    if ((st = gp_value(L"HyperVFirewallDefaultInboundAction", &inbound, err)) != WSLNET_OK)
        return st;
    if ((st = gp_value(L"NatSubnet", &subnet, err)) != WSLNET_OK) {
        free(inbound);
        return st;
    }
    if (inbound) {
        if (strcmp(inbound, "allow") == 0 || strcmp(inbound, "block") == 0) {
            p->has_hyperv = 1;
            p->hv_settings.default_inbound = strcmp(inbound, "allow") == 0 ? "allow" : "block";
        } else {
            st = add_problem(r, inbound_path, strlen(inbound_path), "must be one of \"allow\", \"block\"", err);
        }
    }
    if (subnet && st == WSLNET_OK) {
        wn_subnet_request req;
        if (wn_subnet_request_parse(subnet, NULL, &req, &why) == WSLNET_OK) {
            p->has_nat_subnet = 1;
            p->nat_net = req.network;
            p->nat_len = req.length;
        } else {
            st = add_problem(r, subnet_path, strlen(subnet_path), why.message, err);
        }
    }
    free(inbound);
    free(subnet);
    if (st == WSLNET_OK && r->problem_count)
        st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: %s", r->problems[0].path, r->problems[0].message);
    return st;
}

/* Reads and validates the policy into *p (free with wn_policy_free on
 * WSLNET_OK); problems in r. */
static wslnet_status load(const wslnet_policy_options *o, int with_gp, wslnet_policy_result *r, wn_policy *p,
                          wslnet_error *err)
{
    wchar_t *wide = NULL, *full = NULL;
    uint8_t *bytes = NULL;
    size_t len = 0;
    int exists = 0;
    wn_policy_errors errors;
    wslnet_status st;
    memset(p, 0, sizeof *p);
    memset(&errors, 0, sizeof errors);
    if ((st = locate(o, r, err)) != WSLNET_OK)
        return st;
    if (!(wide = wn_wide_from_utf8(r->policy_file)) || !(full = wn_sf_full_path(wide))) {
        free(wide);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the policy file's path is not usable: %s", r->policy_file);
    }
    /* a local path or a UNC path alike; capped; never through a link (who can
     * write a link's folder is not who wrote the policy) */
    st = wn_sf_read(full, WSLNET_POLICY_FILE_MAX, 1, &bytes, &len, &exists, err);
    free(wide);
    free(full);
    if (st == WSLNET_E_BAD_DATA)
        st = wn_fail(err, WSLNET_E_INVALID_INPUT, err->code, "the policy file %s is larger than %u bytes",
                     r->policy_file, (unsigned)WSLNET_POLICY_FILE_MAX);
    else if (st == WSLNET_OK && !exists)
        st = wn_fail(err, WSLNET_E_NOT_FOUND, 2u /* ERROR_FILE_NOT_FOUND */, "the policy file %s does not exist",
                     r->policy_file);
    if (st != WSLNET_OK) {
        free(bytes);
        return st;
    }
    st = wn_policy_parse((const char *)bytes, len, p, &errors, err);
    free(bytes);
    if (st == WSLNET_E_INVALID_INPUT) {
        wslnet_error first = *err;
        st = problems_from(r, errors.text.data, err);
        if (st == WSLNET_OK) {
            *err = first;
            st = WSLNET_E_INVALID_INPUT;
        }
    }
    wn_policy_errors_free(&errors);
    if (st == WSLNET_OK && with_gp && (st = gp_overrides(p, r, err)) != WSLNET_OK)
        wn_policy_free(p);
    r->valid = st == WSLNET_OK;
    return st;
}

/* ---- the snapshot */

typedef struct reading {
    wn_proxy_reading proxy;
    int have_proxy;
    wn_expose_record *exposures;
    size_t exposure_count;
    char **exposure_drift;          /* with exposures from read_exposures; NULL entries: no drift */
    wslnet_hvfw_rule_list *hv;
    wslnet_hvfw_settings_info hv_settings;
    int have_settings;
    wn_subnet_reading subnet;
    wn_user *users;
    size_t user_count;
    wn_policy_user *docs;
    wn_policy_owned *owned;
    size_t owned_count;
    wn_policy_snapshot snap;
} reading;

static void reading_clear(reading *r)
{
    if (r->have_proxy)
        wn_proxy_snapshot_free(&r->proxy);
    for (size_t i = 0; r->exposure_drift && i < r->exposure_count; i++)
        free(r->exposure_drift[i]);
    free(r->exposure_drift);
    free(r->exposures);
    wslnet_hvfw_rule_list_free(r->hv);
    wn_subnet_reading_clear(&r->subnet);
    for (size_t i = 0; r->docs && i < r->user_count; i++)
        wn_cfg_free((wn_cfg_doc *)r->docs[i].doc);
    free(r->docs);
    free(r->users);
    free(r->owned);
    memset(r, 0, sizeof *r);
}

static int owns_area(const reading *r, wn_policy_area area)
{
    for (size_t i = 0; i < r->owned_count; i++)
        if (r->owned[i].area == area)
            return 1;
    return 0;
}

/* Each user's .wslconfig, read as config --user reads it. */
static wslnet_status read_users(reading *r, wslnet_error *err)
{
    wslnet_status st = wn_users_with_profiles(&r->users, &r->user_count, err);
    if (st != WSLNET_OK)
        return st;
    if (r->user_count && !(r->docs = calloc(r->user_count, sizeof *r->docs)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (size_t i = 0; i < r->user_count; i++) {
        wslnet_config_target target = {NULL, r->users[i].sid};
        char path[600];
        uint8_t *bytes = NULL;
        size_t len = 0;
        int exists = 0;
        wn_cfg_doc *doc = NULL;
        wn_strlcpy(r->docs[i].name, sizeof r->docs[i].name, r->users[i].name);
        if ((st = wn_config_path(&target, path, sizeof path, err)) != WSLNET_OK ||
            (st = wn_config_read_file(path, &bytes, &len, &exists, err)) != WSLNET_OK)
            return wn_fail(err, st, err->code, "the .wslconfig of user %s: %s", r->users[i].name, err->message);
        if (exists && (st = wn_cfg_read(bytes, len, WN_CFG_FILE_WSLCONFIG, &doc, err)) != WSLNET_OK) {
            free(bytes);
            return st;
        }
        free(bytes);
        r->docs[i].doc = doc;
    }
    return WSLNET_OK;
}

/* The exposures as `expose list` sees them in the current mode: each record
 * and what of its pieces is missing or stale (drift the records alone do
 * not show: a piece deleted by hand). */
static wslnet_status read_exposures(reading *r, wslnet_error *err)
{
    wslnet_expose_list *list = NULL;
    wslnet_status st = wslnet_expose_list_get(NULL, &list, err);
    if (st != WSLNET_OK)
        return st;
    if (list->count && (!(r->exposures = calloc(list->count, sizeof *r->exposures)) ||
                        !(r->exposure_drift = calloc(list->count, sizeof *r->exposure_drift)))) {
        wslnet_expose_list_free(list);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    for (size_t i = 0; i < list->count; i++) {
        const wslnet_exposure *e = &list->items[i];
        wn_strbuf b = {0};
        r->exposures[i].protocol = strcmp(e->protocol, "udp") == 0 ? WN_EXPOSE_UDP : WN_EXPOSE_TCP;
        r->exposures[i].port = e->port;
        r->exposures[i].to_port = e->to_port;
        if (e->refusal[0])
            wn_strbuf_printf(&b, "the mode refuses it: %s", e->refusal);
        for (size_t k = 0; k < 3; k++)
            if (strcmp(e->pieces[k].state, "missing") == 0 || strcmp(e->pieces[k].state, "stale") == 0)
                wn_strbuf_printf(&b, "%s%s %s %s", b.len ? ", " : "", e->pieces[k].kind, e->pieces[k].name,
                                 e->pieces[k].state);
        if (b.len || b.failed) {
            if (!(r->exposure_drift[i] = wn_strbuf_take(&b))) {
                wslnet_expose_list_free(list);
                return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            }
        }
    }
    r->exposure_count = list->count;
    wslnet_expose_list_free(list);
    r->snap.exposures = r->exposures;
    r->snap.exposure_count = r->exposure_count;
    r->snap.exposure_drift = (const char *const *)r->exposure_drift;
    return WSLNET_OK;
}

/* Everything the plan rests on, in one pass; areas the policy neither names
 * nor owns anything in are not read. */
static wslnet_status read_system(const wn_policy *p, reading *r, wslnet_error *err)
{
    wslnet_status st;
    wn_proxy_item *items = NULL;
    memset(r, 0, sizeof *r);
    if ((st = wn_policystore_read(&r->owned, &r->owned_count, err)) != WSLNET_OK)
        return st;
    r->snap.owned = r->owned;
    r->snap.owned_count = r->owned_count;
    if (p->proxy_count || owns_area(r, WN_POLICY_AREA_PORT_PROXIES)) {
        wn_proxy_request req;
        memset(&req, 0, sizeof req);
        if (p->proxy_count && !(items = calloc(p->proxy_count, sizeof *items)))
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        for (size_t i = 0; i < p->proxy_count; i++)
            if ((st = wn_policy_proxy_item(&p->proxies[i], &items[i], NULL, 0, err)) != WSLNET_OK) {
                free(items);
                return st;
            }
        /* a CHANGE of every item: reads the host rules, and the VM when an item is "wsl" */
        req.type = WN_PROXY_CHANGE;
        req.items = items;
        req.item_count = p->proxy_count;
        st = wn_proxy_snapshot_take(&req, NULL, NULL, &r->proxy, err);
        r->have_proxy = 1;
        free(items);
        if (st != WSLNET_OK)
            return st;
        r->snap.proxy = &r->proxy.s;
    }
    if (p->exposure_count) {
        if ((st = read_exposures(r, err)) != WSLNET_OK)
            return st;
    } else if (owns_area(r, WN_POLICY_AREA_EXPOSURES)) { /* removals only: the records will do */
        if ((st = wn_exposestore_read(&r->exposures, &r->exposure_count, err)) != WSLNET_OK)
            return st;
        r->snap.exposures = r->exposures;
        r->snap.exposure_count = r->exposure_count;
    }
    if (p->hv_rule_count || owns_area(r, WN_POLICY_AREA_HYPERV)) {
        if ((st = wslnet_hvfw_rule_list_get(NULL, 1, WSLNET_HVFW_STORE_PERSISTENT, &r->hv, err)) != WSLNET_OK)
            return st;
        r->snap.hv_rules = r->hv->rules;
        r->snap.hv_count = r->hv->count;
    }
    if (p->hv_settings.enabled || p->hv_settings.default_inbound || p->hv_settings.default_outbound ||
        p->hv_settings.loopback) {
        if ((st = wslnet_hvfw_settings_get(NULL, WSLNET_HVFW_STORE_PERSISTENT, &r->hv_settings, err)) != WSLNET_OK)
            return st;
        r->snap.hv_settings = &r->hv_settings.settings;
    }
    if (p->has_nat_subnet) {
        wn_subnet_request now;
        if ((st = wn_subnet_read_registry(&r->subnet, err)) != WSLNET_OK ||
            (st = wn_subnet_read_network(NULL, &r->subnet, err)) != WSLNET_OK)
            return st;
        if (r->subnet.routes_error.status != WSLNET_OK) {
            *err = r->subnet.routes_error;
            return err->status;
        }
        if (r->subnet.network && wn_subnet_request_parse(r->subnet.network, NULL, &now, NULL) == WSLNET_OK) {
            r->snap.has_nat = 1;
            r->snap.nat_net = now.network;
            r->snap.nat_len = now.length;
        }
        r->snap.routes = r->subnet.routes;
        r->snap.route_count = r->subnet.route_count;
        r->snap.own = r->subnet.own;
    }
    if (p->has_wslconfig) {
        if ((st = read_users(r, err)) != WSLNET_OK)
            return st;
        r->snap.users = r->docs;
        r->snap.user_count = r->user_count;
    }
    return WSLNET_OK;
}

/* ---- results */

static wslnet_status result_changes(wslnet_policy_result *r, const wn_policy_plan *plan, wslnet_error *err)
{
    if (plan->count && !(r->changes = calloc(plan->count, sizeof *r->changes)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (size_t i = 0; i < plan->count; i++) {
        const wn_policy_change *c = &plan->changes[i];
        wslnet_policy_change *o = &r->changes[i];
        wn_strlcpy(o->area, sizeof o->area, wn_policy_area_name(c->area));
        wn_strlcpy(o->item, sizeof o->item, c->item);
        wn_strlcpy(o->change, sizeof o->change, wn_policy_change_kind_name(c->change));
        wn_strlcpy(o->user, sizeof o->user, c->user);
        wn_strlcpy(o->what, sizeof o->what, c->what);
    }
    r->change_count = plan->count;
    return WSLNET_OK;
}

/* ---- the Event Log (never fails the command: docs/events.md) */

static const DWORD drift_events[WN_POLICY_AREA_COUNT] = {
    WSLNET_EVENT_PORT_PROXIES_DRIFT, WSLNET_EVENT_EXPOSURES_DRIFT, WSLNET_EVENT_HYPERV_FIREWALL_DRIFT,
    WSLNET_EVENT_NAT_SUBNET_DRIFT,   WSLNET_EVENT_WSL_CONFIG_DRIFT, WSLNET_EVENT_CERTIFICATES_DRIFT};
static const DWORD failed_events[WN_POLICY_AREA_COUNT] = {
    WSLNET_EVENT_PORT_PROXIES_APPLY_FAILED, WSLNET_EVENT_EXPOSURES_APPLY_FAILED,
    WSLNET_EVENT_HYPERV_FIREWALL_APPLY_FAILED, WSLNET_EVENT_NAT_SUBNET_APPLY_FAILED,
    WSLNET_EVENT_WSL_CONFIG_APPLY_FAILED, WSLNET_EVENT_CERTIFICATES_APPLY_FAILED};

static void log_event(DWORD id, const char *a, const char *b, const char *c)
{
    const char *strings[3] = {a, b, c};
    /* a policy run goes on when the log cannot be written (eventlog.h) */
    wn_ignore_status(wn_event_report(id, strings, 3, NULL));
}

static const char *file_for_log(const wslnet_policy_result *r)
{
    return r->policy_file[0] ? r->policy_file : "(none)";
}

static void log_run_failed(const char *command, const wslnet_policy_result *r, const wslnet_error *err)
{
    log_event(WSLNET_EVENT_RUN_FAILED, command, err->message, file_for_log(r));
}

/* ---- plan and check */

typedef enum run_kind { RUN_PLAN, RUN_CHECK, RUN_APPLY, RUN_REMOVE_OWNED } run_kind;

static wslnet_status plan_run(const wslnet_policy_options *o, run_kind kind, wslnet_policy_result **out,
                              wslnet_error *err)
{
    wslnet_policy_result *r;
    wn_policy p;
    reading rd;
    wn_policy_plan plan;
    wslnet_status st;
    *out = NULL;
    if (!(r = calloc(1, sizeof *r)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = load(o, 1, r, &p, err);
    if (st != WSLNET_OK) {
        if (kind == RUN_CHECK)
            log_run_failed("check", r, err);
        if (r->problem_count) { /* the problems are the answer */
            *out = r;
            return st;
        }
        wslnet_policy_result_free(r);
        return st;
    }
    st = read_system(&p, &rd, err);
    if (st == WSLNET_OK)
        st = wn_policy_plan_make(&p, &rd.snap, &plan, err);
    if (st == WSLNET_OK) {
        st = result_changes(r, &plan, err);
        wn_policy_plan_free(&plan);
    }
    reading_clear(&rd);
    wn_policy_free(&p);
    if (kind == RUN_CHECK) {
        if (st != WSLNET_OK) {
            log_run_failed("check", r, err);
        } else if (!r->change_count) {
            log_event(WSLNET_EVENT_CHECK_COMPLIANT, file_for_log(r), NULL, NULL);
        } else {
            char n[24];
            snprintf(n, sizeof n, "%u", (unsigned)r->change_count);
            log_event(WSLNET_EVENT_CHECK_DRIFT, n, "0", file_for_log(r));
            for (size_t i = 0; i < r->change_count; i++) {
                wn_policy_area area;
                if (wn_policy_area_parse(r->changes[i].area, &area))
                    log_event(drift_events[area], r->changes[i].item, r->changes[i].what, file_for_log(r));
            }
        }
    }
    if (st != WSLNET_OK) {
        wslnet_policy_result_free(r);
        return st;
    }
    *out = r;
    return WSLNET_OK;
}

wslnet_status wslnet_policy_validate(const wslnet_policy_options *o, wslnet_policy_result **out, wslnet_error *err)
{
    wslnet_policy_result *r;
    wn_policy p;
    wslnet_status st;
    *out = NULL;
    if (!(r = calloc(1, sizeof *r)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = load(o, 1, r, &p, err);
    if (st == WSLNET_OK)
        wn_policy_free(&p);
    if (st == WSLNET_OK || r->problem_count) {
        *out = r;
        return st;
    }
    wslnet_policy_result_free(r);
    return st;
}

wslnet_status wslnet_policy_plan(const wslnet_policy_options *o, wslnet_policy_result **out, wslnet_error *err)
{
    return plan_run(o, RUN_PLAN, out, err);
}

wslnet_status wslnet_policy_check(const wslnet_policy_options *o, wslnet_policy_result **out, wslnet_error *err)
{
    return plan_run(o, RUN_CHECK, out, err);
}

/* ---- apply: each change through its area's API */

static const wn_user *user_named(const reading *rd, const char *name)
{
    for (size_t i = 0; i < rd->user_count; i++)
        if (strcmp(rd->users[i].name, name) == 0)
            return &rd->users[i];
    return NULL;
}

static wslnet_status apply_proxy(const wn_policy *p, const wn_policy_change *c, wslnet_error *err)
{
    wslnet_proxy_result *res = NULL;
    wn_proxy_item item;
    wslnet_status st;
    if (c->change == WN_POLICY_REMOVE) {
        /* The ownership record's identity, "<kind> <listen>:<port>", the listen
         * address as the store has it. */
        const char *space = strchr(c->item, ' '), *colon = strrchr(c->item, ':');
        char kind[8];
        wn_pp_rule identity;
        memset(&identity, 0, sizeof identity);
        if (!space || !colon || colon < space || (size_t)(space - c->item) >= sizeof kind ||
            (size_t)(colon - space - 1) >= sizeof identity.listen_address)
            return wn_fail(err, WSLNET_E_BAD_DATA, 0, "the ownership record '%s' is not a port proxy", c->item);
        memcpy(kind, c->item, (size_t)(space - c->item));
        kind[space - c->item] = '\0';
        memcpy(identity.listen_address, space + 1, (size_t)(colon - space - 1));
        identity.listen_address[colon - space - 1] = '\0';
        if (!wn_pp_kind_parse(kind, &identity.kind) || !wn_pp_port_parse(colon + 1, &identity.listen_port))
            return wn_fail(err, WSLNET_E_BAD_DATA, 0, "the ownership record '%s' is not a port proxy", c->item);
        st = wn_proxy_remove_rule(&identity, 0, 1, 0, &res, err);
    } else {
        if ((st = wn_policy_proxy_item(&p->proxies[c->index], &item, NULL, 0, err)) != WSLNET_OK)
            return st;
        /* a fleet's machine: the IP Helper service is started, as the MSI does */
        st = wn_proxy_add_item(&item, NULL, NULL, 1, 0, &res, err);
    }
    wslnet_proxy_result_free(res);
    return st;
}

static wslnet_status apply_exposure(const wn_policy_change *c, wslnet_error *err)
{
    wslnet_expose_result *res = NULL;
    wslnet_expose_options eo;
    wslnet_status st;
    memset(&eo, 0, sizeof eo);
    eo.port_count = 1;
    eo.start_service = 1;
    if (c->change == WN_POLICY_REMOVE) {
        /* the ownership record's identity: "<proto>-<port>" */
        const char *dash = strchr(c->item, '-');
        if (!dash || !wn_pp_port_parse(dash + 1, &eo.ports[0]))
            return wn_fail(err, WSLNET_E_BAD_DATA, 0, "the ownership record '%s' is not an exposure", c->item);
        eo.protocol = strncmp(c->item, "udp", 3) == 0 ? WSLNET_PROTOCOL_UDP : WSLNET_PROTOCOL_TCP;
        st = wslnet_unexpose(&eo, &res, err);
    } else {
        eo.ports[0] = c->port;
        eo.protocol = c->udp ? WSLNET_PROTOCOL_UDP : WSLNET_PROTOCOL_TCP;
        st = wslnet_expose(&eo, &res, err);
        if (st == WSLNET_OK && res && res->refused)
            st = wn_fail(err, WSLNET_E_UNSUPPORTED, 0, "%s; %s", res->reason, res->alternative);
    }
    wslnet_expose_result_free(res);
    return st;
}

static wslnet_status apply_hyperv(const wn_policy *p, const wn_policy_change *c, wslnet_error *err)
{
    wslnet_status st;
    if (strncmp(c->item, "settings.", 9) == 0) {
        const char *member = c->item + 9;
        wn_hvfw_settings_text t;
        wslnet_hvfw_settings_options so;
        wslnet_hvfw_settings_result sr;
        memset(&t, 0, sizeof t);
        if (strcmp(member, "enabled") == 0)
            t.enabled = p->hv_settings.enabled;
        else if (strcmp(member, "defaultInboundAction") == 0)
            t.default_inbound = p->hv_settings.default_inbound;
        else if (strcmp(member, "defaultOutboundAction") == 0)
            t.default_outbound = p->hv_settings.default_outbound;
        else
            t.loopback = p->hv_settings.loopback;
        if ((st = wn_hvfw_settings_text_parse(&t, &so, err)) != WSLNET_OK)
            return st; /* validated by policy_parse.c */
        return wslnet_hvfw_settings_set(&so, &sr, err);
    }
    wslnet_hvfw_rule_result *res = NULL;
    if (c->change == WN_POLICY_REMOVE) {
        wslnet_hvfw_remove_options ro;
        memset(&ro, 0, sizeof ro);
        ro.name = c->item;
        st = wslnet_hvfw_rule_remove(&ro, &res, err);
    } else {
        wn_hvfw_rule_typed ao;
        if ((st = wn_policy_hvrule_options(&p->hv_rules[c->index], &ao, err)) != WSLNET_OK)
            return st; /* validated by policy_parse.c */
        st = wslnet_hvfw_rule_add(&ao.options, &res, err);
        wn_hvfw_rule_typed_free(&ao);
    }
    wslnet_hvfw_rule_result_free(res);
    return st;
}

static wslnet_status apply_change(const wn_policy *p, const reading *rd, const wn_policy_change *c, wslnet_error *err)
{
    if (c->forget_only)
        return WSLNET_OK; /* only the ownership record goes (below) */
    switch (c->area) {
    case WN_POLICY_AREA_PORT_PROXIES:
        return apply_proxy(p, c, err);
    case WN_POLICY_AREA_EXPOSURES:
        return apply_exposure(c, err);
    case WN_POLICY_AREA_HYPERV:
        return apply_hyperv(p, c, err);
    case WN_POLICY_AREA_NAT_SUBNET: {
        wslnet_subnet_set_options so;
        wslnet_subnet_set_result sr;
        memset(&so, 0, sizeof so);
        if (!wn_ipv4_parse_cidr(c->item, &so.subnet.network, &so.subnet.prefix_length))
            return wn_fail(err, WSLNET_E_BAD_DATA, 0, "the planned subnet '%s' is not a.b.c.d/n", c->item);
        return wslnet_subnet_set(&so, &sr, err);
    }
    case WN_POLICY_AREA_WSLCONFIG: {
        const wn_user *u = user_named(rd, c->user);
        wslnet_config_change cc;
        if (!u)
            return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "no user %s", c->user);
        wslnet_config_target target = {NULL, u->sid};
        return wslnet_config_set(&target, c->item,
                                 c->change == WN_POLICY_REMOVE ? NULL : p->wslconfig_set[c->index].value, 0, &cc,
                                 err);
    }
    default:
        return wn_fail(err, WSLNET_E_UNSUPPORTED, 0, "%s cannot be applied by a policy",
                       wn_policy_area_name(c->area));
    }
}

static wslnet_status add_failure(wslnet_policy_result *r, const wn_policy_change *c, const wslnet_error *e,
                                 wslnet_error *err)
{
    wslnet_policy_failure *grown = realloc(r->failures, (r->failure_count + 1) * sizeof *grown);
    if (!grown)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    r->failures = grown;
    wslnet_policy_failure *f = &r->failures[r->failure_count++];
    memset(f, 0, sizeof *f);
    wn_strlcpy(f->area, sizeof f->area, wn_policy_area_name(c->area));
    wn_strlcpy(f->item, sizeof f->item, c->item);
    wn_strlcpy(f->user, sizeof f->user, c->user);
    f->error = *e;
    return WSLNET_OK;
}

/* The ownership record after the run: the plan's, but an item whose add
 * failed is not owned, and one whose removal failed still is. */
static wslnet_status owned_after(const wn_policy_plan *plan, const wn_policy_snapshot *snap, const int *failed,
                                 wn_policy_owned **out, size_t *count, wslnet_error *err)
{
    size_t cap = plan->owned_count + snap->owned_count + 1, n = 0;
    wn_policy_owned *list = calloc(cap, sizeof *list);
    if (!list)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (size_t i = 0; i < plan->owned_count; i++) {
        int drop = 0;
        for (size_t k = 0; k < plan->count; k++)
            if (failed[k] && plan->changes[k].change == WN_POLICY_ADD && plan->changes[k].area == plan->owned[i].area &&
                wn_streq_nocase(plan->changes[k].item, plan->owned[i].item))
                drop = 1;
        if (!drop)
            list[n++] = plan->owned[i];
    }
    for (size_t k = 0; k < plan->count; k++)
        if (failed[k] && plan->changes[k].change == WN_POLICY_REMOVE &&
            plan->changes[k].area <= WN_POLICY_AREA_HYPERV) {
            list[n].area = plan->changes[k].area;
            wn_strlcpy(list[n].item, sizeof list[n].item, plan->changes[k].item);
            n++;
        }
    *out = list;
    *count = n;
    return WSLNET_OK;
}

static wslnet_status apply_run(const wslnet_policy_options *o, run_kind kind, wslnet_policy_result **out,
                               wslnet_error *err)
{
    wslnet_policy_result *r;
    wn_policy p;
    reading rd;
    wn_policy_plan plan;
    wn_lock lock;
    int dry_run = o && o->dry_run;
    const char *command = kind == RUN_REMOVE_OWNED ? "remove-owned" : "apply";
    wslnet_status st;
    *out = NULL;
    memset(&lock, 0, sizeof lock);
    memset(&plan, 0, sizeof plan);
    memset(&rd, 0, sizeof rd);
    if (!(r = calloc(1, sizeof *r)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    r->dry_run = dry_run;
    if (kind == RUN_REMOVE_OWNED) {
        /* an empty policy: every item a policy created goes */
        memset(&p, 0, sizeof p);
        r->valid = 1;
        st = WSLNET_OK;
    } else {
        st = load(o, 1, r, &p, err);
    }
    if (st != WSLNET_OK) {
        log_run_failed(command, r, err);
        if (r->problem_count) {
            *out = r;
            return st;
        }
        wslnet_policy_result_free(r);
        return st;
    }
    /* validated: now elevation and the lock, then the system */
    if (!dry_run && (st = wn_guard_begin(&lock, err)) == WSLNET_OK)
        wn_strlcpy(r->recovered, sizeof r->recovered, lock.recovered);
    if (st == WSLNET_OK)
        st = read_system(&p, &rd, err);
    if (st == WSLNET_OK)
        st = wn_policy_plan_make(&p, &rd.snap, &plan, err);
    if (st == WSLNET_OK)
        st = result_changes(r, &plan, err);
    if (st != WSLNET_OK) {
        if (!dry_run)
            log_run_failed(command, r, err);
        if (lock.recovered[0])
            wn_error_add_recovered(err, lock.recovered);
        goto out;
    }
    if (!dry_run) {
        int *failed = plan.count ? calloc(plan.count, sizeof *failed) : NULL;
        wn_policy_owned *after = NULL;
        size_t after_count = 0;
        if (plan.count && !failed) {
            st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < plan.count && st == WSLNET_OK; i++) {
            wslnet_error e;
            wn_error_clear(&e);
            if (apply_change(&p, &rd, &plan.changes[i], &e) == WSLNET_OK) {
                r->applied++;
            } else {
                failed[i] = 1;
                st = add_failure(r, &plan.changes[i], &e, err);
                log_event(failed_events[plan.changes[i].area], plan.changes[i].item, e.message, file_for_log(r));
            }
        }
        if (st == WSLNET_OK)
            st = owned_after(&plan, &rd.snap, failed, &after, &after_count, err);
        if (st == WSLNET_OK)
            st = wn_policystore_update(rd.owned, rd.owned_count, after, after_count, err);
        free(after);
        free(failed);
        {
            char applied[24], nfailed[24];
            snprintf(applied, sizeof applied, "%u", (unsigned)r->applied);
            snprintf(nfailed, sizeof nfailed, "%u", (unsigned)r->failure_count);
            log_event(WSLNET_EVENT_APPLY_SUMMARY, applied, nfailed, file_for_log(r));
        }
        if (st == WSLNET_OK && r->failure_count) {
            const wslnet_policy_failure *f = &r->failures[0];
            st = wn_fail(err, f->error.status, f->error.code, "%u of %u changes failed; first: %s %s: %s",
                         (unsigned)r->failure_count, (unsigned)plan.count, f->area, f->item, f->error.message);
            *out = r; /* the answer lists what was made and what failed */
            r = NULL;
        }
    }
out:
    wn_lock_release(&lock);
    wn_policy_plan_free(&plan);
    reading_clear(&rd);
    if (kind != RUN_REMOVE_OWNED)
        wn_policy_free(&p);
    if (r && st == WSLNET_OK) {
        *out = r;
        return WSLNET_OK;
    }
    wslnet_policy_result_free(r);
    return st;
}

wslnet_status wslnet_policy_apply(const wslnet_policy_options *o, wslnet_policy_result **out, wslnet_error *err)
{
    return apply_run(o, RUN_APPLY, out, err);
}

wslnet_status wslnet_policy_remove_owned(const wslnet_policy_options *o, wslnet_policy_result **out,
                                         wslnet_error *err)
{
    return apply_run(o, RUN_REMOVE_OWNED, out, err);
}
