/* msica.c - the MSI's custom actions (installer/wslnet.wxs, issue 13): the
 * property check before anything changes, and the deferred, no-impersonate
 * steps that apply HVFIREWALL_DEFAULT_INBOUND, EXPOSE and POLICYFILE, each
 * with a rollback action scheduled before it.
 *
 * Each is `UINT __stdcall F(MSIHANDLE)`, exported by wslnet.def and called by
 * Windows Installer from the MSI's Binary table copy of wslnet.dll. msi.dll is
 * delay-loaded (win/lib/delayload.c): only an installer pays for it.
 *
 * Deferred actions read their input from CustomActionData (a type-51 action
 * sets it from the public property), never from the session. What an apply
 * step changed is recorded in HKLM\SOFTWARE\wslnet\MsiInstall before and
 * after it changes it, so that its rollback undoes exactly that and nothing
 * an admin had before. Messages go through MsiProcessMessage, into the MSI log.
 */
#include <windows.h>

#include <msi.h>
#include <msiquery.h>

#include "expose_plan.h"
#include "hvfw_plan.h"
#include "policystore.h"
#include "proxyapply.h"
#include "status.h"
#include "winutil.h"
#include "wslnet.h"
#include "wslnet/expose.h"
#include "wslnet/firewall.h"
#include "wslnet/policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exported by name through win/lib/wslnet.def. */
#define CA_API UINT __stdcall
#define CA_TEXT_MAX 1024
#define RECORD_KEY L"SOFTWARE\\wslnet\\MsiInstall"
#define VALUE_EXPOSED L"ExposedPorts"          /* "8080,3000": what EXPOSE exposed */
#define VALUE_HV_BEFORE L"HvDefaultInboundBefore" /* "allow", "block", "notconfigured" */
#define VALUE_POLICY_OWNED_BEFORE L"PolicyOwnedBefore" /* "1": a policy owned items before the apply step */

/* Writes one line to the MSI log (INSTALLMESSAGE_INFO) or, for an error, the
 * error message (INSTALLMESSAGE_ERROR: logged, and shown unless /qn). The text
 * goes in field 1 behind the template "[1]", so brackets in it are not
 * formatted as properties. */
static void ca_message(MSIHANDLE session, INSTALLMESSAGE kind, const char *fmt, ...)
{
    char text[CA_TEXT_MAX];
    wchar_t *wide;
    MSIHANDLE rec;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    wide = wn_wide_from_utf8(text);
    rec = MsiCreateRecord(1);
    if (rec && wide) {
        MsiRecordSetStringW(rec, 0, L"wslnet: [1]");
        MsiRecordSetStringW(rec, 1, wide);
        MsiProcessMessage(session, kind, rec);
    }
    if (rec)
        MsiCloseHandle(rec);
    free(wide);
}

#define ca_info(s, ...) ca_message((s), INSTALLMESSAGE_INFO, __VA_ARGS__)
#define ca_error(s, ...) ca_message((s), INSTALLMESSAGE_ERROR, __VA_ARGS__)

/* Reads property NAME (or "CustomActionData") as UTF-8 into buf; "" when it
 * is unset. Returns 0 when it does not fit or cannot be read. */
static int ca_property(MSIHANDLE session, const wchar_t *name, char *buf, size_t size)
{
    wchar_t wide[CA_TEXT_MAX];
    DWORD len = CA_TEXT_MAX;
    buf[0] = '\0';
    if (MsiGetPropertyW(session, name, wide, &len) != ERROR_SUCCESS)
        return 0;
    wn_utf8_from_wide(wide, buf, size);
    return 1;
}

/* "", "0" or "1": the switches' only values. */
static int is_switch(const char *v)
{
    return !v[0] || !strcmp(v, "0") || !strcmp(v, "1");
}

/* A path an admin may give: absolute with a drive ("C:\p.json") or UNC
 * ("\\server\share\p.json"); no control characters, no wildcards. */
static int is_policy_path(const char *p)
{
    const char *c;
    int drive = ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z') && p[1] == ':' && p[2] == '\\' && p[3];
    int unc = p[0] == '\\' && p[1] == '\\' && p[2] && p[2] != '\\' && p[2] != '?' && p[2] != '.';
    if (!drive && !unc)
        return 0;
    for (c = p; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == '*' || *c == '?' || *c == '"' || *c == '<' || *c == '>' ||
            *c == '|')
            return 0;
    return 1;
}

/* A major upgrade without POLICYFILE re-applies the policy the installed
 * version recorded (HKLM\SOFTWARE\wslnet PolicyFile, admin-writable only):
 * sets POLICYFILE from it, before CostFinalize decides the C_Policy component
 * and before the apply action's data is set. Reads only. */
static void recorded_policy_for_upgrade(MSIHANDLE session)
{
    char v[CA_TEXT_MAX];
    wchar_t wide[CA_TEXT_MAX];
    DWORD len = sizeof wide - sizeof wide[0];
    if (!ca_property(session, L"WIX_UPGRADE_DETECTED", v, sizeof v) || !v[0])
        return;
    if (!ca_property(session, L"POLICYFILE", v, sizeof v) || v[0])
        return;
    memset(wide, 0, sizeof wide);
    if (RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\wslnet", L"PolicyFile", RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY,
                     NULL, wide, &len) != ERROR_SUCCESS || !wide[0])
        return;
    wn_utf8_from_wide(wide, v, sizeof v);
    if (!is_policy_path(v)) {
        ca_info(session, "upgrade: the recorded PolicyFile '%s' is not a full or UNC path: not re-applied", v);
        return;
    }
    if (MsiSetPropertyW(session, L"POLICYFILE", wide) == ERROR_SUCCESS)
        ca_info(session, "upgrade: re-applying the recorded policy %s", v);
}

/*
 * Immediate, after FileCost and before CostFinalize and InstallInitialize: checks every wslnet property and fails
 * the install (ERROR_INSTALL_FAILURE, the reason logged as an error) before
 * anything is changed. Returns ERROR_SUCCESS when all are valid.
 */
CA_API WslNetValidateProperties(MSIHANDLE session)
{
    static const wchar_t *const switches[] = {L"INSTALLSERVICE", L"ADDTOPATH", L"KEEPRULES"};
    char v[CA_TEXT_MAX], name[32];
    int bad = 0;
    size_t i;
    wn_expose_request req;
    wslnet_error err;

    if (!ca_property(session, L"EXPOSE", v, sizeof v)) {
        ca_error(session, "EXPOSE is too long");
        bad = 1;
    } else if (v[0] && wn_expose_ports_parse(v, &req, &err) != WSLNET_OK) {
        ca_error(session, "EXPOSE=%s is not valid: %s (give ports such as 3000,8080)", v, err.message);
        bad = 1;
    }
    if (!ca_property(session, L"HVFIREWALL_DEFAULT_INBOUND", v, sizeof v) ||
        (v[0] && strcmp(v, "block") && strcmp(v, "allow"))) {
        ca_error(session, "HVFIREWALL_DEFAULT_INBOUND=%s is not valid: block or allow", v);
        bad = 1;
    }
    for (i = 0; i < sizeof switches / sizeof switches[0]; i++) {
        wn_utf8_from_wide(switches[i], name, sizeof name);
        if (!ca_property(session, switches[i], v, sizeof v) || !is_switch(v)) {
            ca_error(session, "%s=%s is not valid: 0 or 1", name, v);
            bad = 1;
        }
    }
    if (!ca_property(session, L"POLICYFILE", v, sizeof v) || (v[0] && !is_policy_path(v))) {
        ca_error(session, "POLICYFILE=%s is not valid: a full path (C:\\...\\policy.json) or UNC path (\\\\server\\share\\policy.json)", v);
        bad = 1;
    }
    if (bad) {
        ca_error(session, "invalid properties: nothing was installed or changed");
        return ERROR_INSTALL_FAILURE;
    }
    ca_info(session, "properties valid");
    recorded_policy_for_upgrade(session);
    return ERROR_SUCCESS;
}

/* ---- the install record (HKLM\SOFTWARE\wslnet\MsiInstall, 64-bit view) ---- */

/* Writes (value non-NULL) or deletes (NULL) one REG_SZ of the record. */
static LSTATUS record_set(const wchar_t *name, const char *value)
{
    HKEY key;
    wchar_t *wide;
    LSTATUS rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, RECORD_KEY, 0, NULL, 0, KEY_SET_VALUE | KEY_WOW64_64KEY,
                                 NULL, &key, NULL);
    if (rc != ERROR_SUCCESS)
        return rc;
    if (!value) {
        rc = RegDeleteValueW(key, name);
        if (rc == ERROR_FILE_NOT_FOUND)
            rc = ERROR_SUCCESS;
    } else if (!(wide = wn_wide_from_utf8(value))) {
        rc = ERROR_OUTOFMEMORY;
    } else {
        rc = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)wide, (DWORD)((wcslen(wide) + 1) * sizeof *wide));
        free(wide);
    }
    RegCloseKey(key);
    return rc;
}

/* Reads one value of the record into buf; 0 when absent. */
static int record_get(const wchar_t *name, char *buf, size_t size)
{
    wchar_t wide[CA_TEXT_MAX];
    DWORD len = sizeof wide - sizeof wide[0];
    memset(wide, 0, sizeof wide);
    buf[0] = '\0';
    if (RegGetValueW(HKEY_LOCAL_MACHINE, RECORD_KEY, name, RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY, NULL, wide,
                     &len) != ERROR_SUCCESS)
        return 0;
    wn_utf8_from_wide(wide, buf, size);
    return 1;
}

/* Deletes HKLM\path (64-bit view) when it has no values and no subkeys. */
static void delete_key_if_empty(const wchar_t *path)
{
    HKEY key;
    DWORD subkeys = 1, values = 1;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS)
        return;
    if (RegQueryInfoKeyW(key, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL) !=
        ERROR_SUCCESS)
        subkeys = values = 1;
    RegCloseKey(key);
    if (!subkeys && !values)
        RegDeleteKeyExW(HKEY_LOCAL_MACHINE, path, KEY_WOW64_64KEY, 0);
}

/* Drops the keys under HKLM\SOFTWARE\wslnet that a rolled-back change leaves
 * empty (the install record, the journal, empty record folders), deepest
 * first, and the wslnet key itself when nothing is left in it: a rollback
 * leaves no trace, and a key holding anything is kept. */
static void record_drop_if_empty(void)
{
    static const wchar_t *const keys[] = {
        RECORD_KEY,
        L"SOFTWARE\\wslnet\\Journal",
        L"SOFTWARE\\wslnet\\Exposures",
        L"SOFTWARE\\wslnet\\PortProxy\\v4tov4",
        L"SOFTWARE\\wslnet\\PortProxy\\v4tov6",
        L"SOFTWARE\\wslnet\\PortProxy\\v6tov4",
        L"SOFTWARE\\wslnet\\PortProxy\\v6tov6",
        L"SOFTWARE\\wslnet\\PortProxy",
        L"SOFTWARE\\wslnet",
    };
    size_t i;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
        delete_key_if_empty(keys[i]);
}

/* ---- HVFIREWALL_DEFAULT_INBOUND ---------------------------------------------- */

static const char *inbound_name(int action)
{
    return action == 2 ? "allow" : action == 4 ? "block" : "notconfigured";
}

/* Sets the Hyper-V firewall default inbound action of WSL's VM; NULL err ok. */
static wslnet_status hv_set_inbound(const char *value, wslnet_hvfw_settings_result *res, wslnet_error *err)
{
    wslnet_hvfw_settings_options o;
    wslnet_status st;
    memset(&o, 0, sizeof o);
    /* The property's text (allow, block, notconfigured) through the shared parser. */
    if ((st = wn_hvfw_default_action_parse(value, "default_inbound", &o.default_inbound, err)) != WSLNET_OK)
        return st;
    return wslnet_hvfw_settings_set(&o, res, err);
}

/*
 * Deferred: CustomActionData is "block" or "allow". Records the value before
 * (persistent store) in the install record, then sets it. A Windows without
 * the Hyper-V firewall is logged and skipped (WSL runs without it there).
 */
CA_API WslNetApplyHvFirewall(MSIHANDLE session)
{
    char want[16];
    wslnet_hvfw_settings_info info;
    wslnet_hvfw_settings_result res;
    wslnet_error err;
    wslnet_status st;

    if (!ca_property(session, L"CustomActionData", want, sizeof want) || !want[0])
        return ERROR_SUCCESS;
    st = wslnet_hvfw_settings_get(NULL, WSLNET_HVFW_STORE_PERSISTENT, &info, &err);
    if (st == WSLNET_OK && info.capability.support != WSLNET_HVFW_V2) {
        ca_info(session, "HVFIREWALL_DEFAULT_INBOUND=%s not applied: %s", want, info.capability.detail);
        return ERROR_SUCCESS;
    }
    if (st != WSLNET_OK) {
        ca_error(session, "HVFIREWALL_DEFAULT_INBOUND=%s: cannot read the Hyper-V firewall setting: %s", want,
                 err.message);
        return ERROR_INSTALL_FAILURE;
    }
    if (record_set(VALUE_HV_BEFORE, inbound_name(info.settings.exists ? info.settings.default_inbound_action : 0)) !=
        ERROR_SUCCESS) {
        ca_error(session, "cannot write the install record HKLM\\SOFTWARE\\wslnet\\MsiInstall");
        return ERROR_INSTALL_FAILURE;
    }
    if (hv_set_inbound(want, &res, &err) != WSLNET_OK) {
        ca_error(session, "HVFIREWALL_DEFAULT_INBOUND=%s failed: %s", want, err.message);
        return ERROR_INSTALL_FAILURE;
    }
    ca_info(session, "Hyper-V firewall default inbound of WSL's VM: %s -> %s",
            inbound_name(res.before.default_inbound_action), want);
    return ERROR_SUCCESS;
}

/* Rollback of WslNetApplyHvFirewall: puts back the recorded value, if any. */
CA_API WslNetRollbackHvFirewall(MSIHANDLE session)
{
    char before[16];
    wslnet_hvfw_settings_result res;
    wslnet_error err;
    if (!record_get(VALUE_HV_BEFORE, before, sizeof before)) {
        record_drop_if_empty();
        return ERROR_SUCCESS;
    }
    if (hv_set_inbound(before, &res, &err) != WSLNET_OK)
        ca_info(session, "rollback: Hyper-V firewall default inbound not restored to %s: %s", before, err.message);
    else
        ca_info(session, "rollback: Hyper-V firewall default inbound restored to %s", before);
    record_set(VALUE_HV_BEFORE, NULL);
    record_drop_if_empty();
    return ERROR_SUCCESS;
}

/* ---- EXPOSE ------------------------------------------------------------------ */

/* 1 when a TCP exposure of port is recorded already (an admin's own). */
static int already_exposed(const wslnet_expose_list *list, uint16_t port)
{
    size_t i;
    for (i = 0; list && i < list->count; i++)
        if (list->items[i].port == port && !strcmp(list->items[i].protocol, "tcp"))
            return 1;
    return 0;
}

/*
 * Deferred: CustomActionData is the port list ("3000,8080"). Exposes each
 * port (TCP) not exposed already, through wslnet_expose, and appends it to the
 * install record right after, so that the rollback removes exactly those.
 */
CA_API WslNetApplyExpose(MSIHANDLE session)
{
    char ports[CA_TEXT_MAX], one[8], done[CA_TEXT_MAX] = "";
    wn_expose_request req;
    wslnet_expose_list *list = NULL;
    wslnet_expose_result *res = NULL;
    wslnet_expose_options o;
    wslnet_error err;
    size_t i;
    UINT rc = ERROR_SUCCESS;

    if (!ca_property(session, L"CustomActionData", ports, sizeof ports) || !ports[0])
        return ERROR_SUCCESS;
    if (wn_expose_ports_parse(ports, &req, &err) != WSLNET_OK) {
        ca_error(session, "EXPOSE=%s: %s", ports, err.message);
        return ERROR_INSTALL_FAILURE;
    }
    if (wslnet_expose_list_get(NULL, &list, &err) != WSLNET_OK) {
        ca_error(session, "EXPOSE=%s: cannot list the exposures: %s", ports, err.message);
        return ERROR_INSTALL_FAILURE;
    }
    for (i = 0; i < req.port_count && rc == ERROR_SUCCESS; i++) {
        snprintf(one, sizeof one, "%u", (unsigned)req.ports[i]);
        if (already_exposed(list, req.ports[i])) {
            ca_info(session, "port %s is exposed already: left as it is", one);
            continue;
        }
        memset(&o, 0, sizeof o);
        o.port_count = 1;
        o.ports[0] = req.ports[i];
        o.start_service = 1;
        if (wslnet_expose(&o, &res, &err) != WSLNET_OK) {
            ca_error(session, "EXPOSE port %s failed: %s%s%s", one, err.message, res && res->refused ? " " : "",
                     res && res->refused ? res->alternative : "");
            rc = ERROR_INSTALL_FAILURE;
        } else {
            snprintf(done + strlen(done), sizeof done - strlen(done), "%s%s", done[0] ? "," : "", one);
            if (record_set(VALUE_EXPOSED, done) != ERROR_SUCCESS) {
                ca_error(session, "cannot write the install record HKLM\\SOFTWARE\\wslnet\\MsiInstall");
                rc = ERROR_INSTALL_FAILURE;
            } else {
                ca_info(session, "exposed TCP port %s (VM %s, mode %s)", one, res->vm_address, res->mode.mode);
            }
        }
        wslnet_expose_result_free(res);
        res = NULL;
    }
    wslnet_expose_list_free(list);
    return rc;
}

/* Rollback of WslNetApplyExpose: unexposes the recorded ports, only those. */
CA_API WslNetRollbackExpose(MSIHANDLE session)
{
    char ports[CA_TEXT_MAX], *tok, *next;
    wslnet_expose_options o;
    wslnet_expose_result *res = NULL;
    wslnet_error err;
    if (!record_get(VALUE_EXPOSED, ports, sizeof ports)) {
        record_drop_if_empty(); /* a failed first expose may leave an empty journal key */
        return ERROR_SUCCESS;
    }
    for (tok = ports; tok && *tok; tok = next) {
        next = strchr(tok, ',');
        if (next)
            *next++ = '\0';
        memset(&o, 0, sizeof o);
        o.port_count = 1;
        o.start_service = 1;
        if (!wn_pp_port_parse(tok, &o.ports[0]))
            ca_info(session, "rollback: unexpose %s failed: not a port in the install record", tok);
        else if (wslnet_unexpose(&o, &res, &err) != WSLNET_OK)
            ca_info(session, "rollback: unexpose %s failed: %s", tok, err.message);
        else
            ca_info(session, "rollback: unexposed TCP port %s", tok);
        wslnet_expose_result_free(res);
        res = NULL;
    }
    record_set(VALUE_EXPOSED, NULL);
    record_drop_if_empty();
    return ERROR_SUCCESS;
}

/* ---- POLICYFILE -------------------------------------------------------------- */

/* Applies the policy file at path through the policy engine (wslnet/policy.h):
 * validated whole before anything is read; every change made or the first
 * failure's status (the others made; the rollback removes them). */
static wslnet_status ca_apply_policy_file(const char *path, wslnet_error *err)
{
    wslnet_policy_options options = {path, 0};
    wslnet_policy_result *result = NULL;
    wslnet_status st = wslnet_policy_apply(&options, &result, err);
    wslnet_policy_result_free(result);
    return st;
}

/* Removes everything a policy created (HKLM\SOFTWARE\wslnet\Policy\Owned's
 * items), as an apply of an empty policy would. */
static wslnet_status ca_remove_policy_owned(wslnet_error *err)
{
    wslnet_policy_result *result = NULL;
    wslnet_status st = wslnet_policy_remove_owned(NULL, &result, err);
    wslnet_policy_result_free(result);
    return st;
}

/* Whether a policy applied before this install still owns items (its
 * ownership record, win/lib/policystore.c); unreadable counts as owning, so
 * that a rollback keeps rather than removes. */
static int policy_owns_items(void)
{
    wn_policy_owned *owned = NULL;
    size_t count = 0;
    wslnet_error err;
    if (wn_policystore_read(&owned, &count, &err) != WSLNET_OK)
        return 1;
    free(owned);
    return count > 0;
}

/* Deferred: CustomActionData is the policy file path (POLICYFILE, or on an
 * upgrade the recorded PolicyFile). Applies it through ca_apply_policy_file. */
CA_API WslNetApplyPolicy(MSIHANDLE session)
{
    char path[CA_TEXT_MAX];
    wslnet_error err;
    if (!ca_property(session, L"CustomActionData", path, sizeof path) || !path[0])
        return ERROR_SUCCESS;
    /* The rollback removes what this install's apply created; what a policy
     * applied earlier (an upgrade re-applying it) it must leave: recorded first. */
    if (record_set(VALUE_POLICY_OWNED_BEFORE, policy_owns_items() ? "1" : "0") != ERROR_SUCCESS) {
        ca_error(session, "cannot write the install record HKLM\\SOFTWARE\\wslnet\\MsiInstall");
        return ERROR_INSTALL_FAILURE;
    }
    if (ca_apply_policy_file(path, &err) != WSLNET_OK) {
        ca_error(session, "POLICYFILE=%s not applied: %s", path, err.message);
        return ERROR_INSTALL_FAILURE;
    }
    ca_info(session, "policy %s applied", path);
    return ERROR_SUCCESS;
}

/* Rollback of WslNetApplyPolicy: removes what the policy engine owns. */
CA_API WslNetRollbackPolicy(MSIHANDLE session)
{
    char path[CA_TEXT_MAX];
    wslnet_error err;
    char before[4];
    if (!ca_property(session, L"CustomActionData", path, sizeof path) || !path[0])
        return ERROR_SUCCESS;
    if (!record_get(VALUE_POLICY_OWNED_BEFORE, before, sizeof before)) {
        /* the apply step never started: nothing of it to undo */
        record_drop_if_empty();
        return ERROR_SUCCESS;
    }
    if (strcmp(before, "0") != 0) {
        /* An upgrade re-applied the policy the installed version applied: its
         * items stay (the next `wslnet policy apply` converges them again). */
        ca_info(session, "rollback: the policy applied before this install owns items: kept");
    } else if (ca_remove_policy_owned(&err) != WSLNET_OK) {
        ca_info(session, "rollback: policy clean-up: %s", err.message);
    }
    record_set(VALUE_POLICY_OWNED_BEFORE, NULL);
    record_drop_if_empty();
    return ERROR_SUCCESS;
}

/* ---- uninstall --------------------------------------------------------------- */

/* Removes every exposure wslnet recorded (its proxy, host and Hyper-V rules,
 * record), through wslnet_unexpose. Logs what fails; returns the failures. */
static int remove_exposures(MSIHANDLE session)
{
    wslnet_expose_list *list = NULL;
    wslnet_expose_result *res = NULL;
    wslnet_expose_options o;
    wslnet_error err;
    char port[8];
    size_t i;
    int failed = 0;
    if (wslnet_expose_list_get(NULL, &list, &err) != WSLNET_OK) {
        ca_info(session, "uninstall: cannot list the exposures: %s", err.message);
        return 1;
    }
    for (i = 0; i < list->count; i++) {
        snprintf(port, sizeof port, "%u", (unsigned)list->items[i].port);
        memset(&o, 0, sizeof o);
        o.port_count = 1;
        o.ports[0] = list->items[i].port;
        o.protocol = strcmp(list->items[i].protocol, "udp") == 0 ? WSLNET_PROTOCOL_UDP : WSLNET_PROTOCOL_TCP;
        o.start_service = 1;
        if (wslnet_unexpose(&o, &res, &err) != WSLNET_OK) {
            ca_info(session, "uninstall: unexpose %s/%s failed: %s", list->items[i].protocol, port, err.message);
            failed++;
        } else {
            ca_info(session, "uninstall: unexposed %s port %s", list->items[i].protocol, port);
        }
        wslnet_expose_result_free(res);
        res = NULL;
    }
    wslnet_expose_list_free(list);
    return failed;
}

/* Removes every port proxy wslnet owns (and its host firewall rule and
 * ownership record) through wn_proxy_remove_rule (wslnet_proxy_remove over
 * the store's own listen text); foreign ones stay. */
static int remove_owned_proxies(MSIHANDLE session)
{
    wslnet_proxy_list *list = NULL;
    wslnet_proxy_result *res = NULL;
    wn_pp_rule identity;
    wslnet_error err;
    char port[8];
    size_t i;
    int failed = 0;
    if (wslnet_proxy_list_get(NULL, &list, &err) != WSLNET_OK) {
        ca_info(session, "uninstall: cannot list the port proxies: %s", err.message);
        return 1;
    }
    for (i = 0; i < list->count; i++) {
        const wslnet_proxy_entry *e = &list->entries[i];
        if (!e->owned || !e->valid)
            continue;
        snprintf(port, sizeof port, "%u", (unsigned)e->listen_port);
        /* The entry's listen address as the store has it (a typed value would
         * be written back canonical, which may not be the value's name). */
        memset(&identity, 0, sizeof identity);
        identity.listen_port = e->listen_port;
        wn_strlcpy(identity.listen_address, sizeof identity.listen_address, e->listen_address);
        if (!wn_pp_kind_parse(e->kind, &identity.kind)) {
            ca_info(session, "uninstall: proxy %s %s:%s not removed: unknown kind", e->kind, e->listen_address, port);
            failed++;
        } else if (wn_proxy_remove_rule(&identity, 0, 1, 0, &res, &err) != WSLNET_OK) {
            ca_info(session, "uninstall: proxy %s %s:%s not removed: %s", e->kind, e->listen_address, port,
                    err.message);
            failed++;
        } else {
            ca_info(session, "uninstall: removed proxy %s %s:%s", e->kind, e->listen_address, port);
        }
        wslnet_proxy_result_free(res);
        res = NULL;
    }
    wslnet_proxy_list_free(list);
    return failed;
}

/* Removes the Hyper-V firewall rules named wslnet-* (any VM creator); a
 * Windows without the Hyper-V firewall has none. */
static int remove_owned_hvfw_rules(MSIHANDLE session)
{
    wslnet_hvfw_rule_list *list = NULL;
    wslnet_hvfw_rule_result *res = NULL;
    wslnet_hvfw_remove_options o;
    wslnet_error err;
    size_t i;
    int failed = 0;
    if (wslnet_hvfw_rule_list_get(NULL, 1, WSLNET_HVFW_STORE_PERSISTENT, &list, &err) != WSLNET_OK) {
        ca_info(session, "uninstall: cannot list the Hyper-V firewall rules: %s", err.message);
        return 1;
    }
    for (i = 0; list->capability.support != WSLNET_HVFW_UNSUPPORTED && i < list->count; i++) {
        if (!list->rules[i].owned)
            continue;
        memset(&o, 0, sizeof o);
        o.name = list->rules[i].name;
        if (wslnet_hvfw_rule_remove(&o, &res, &err) != WSLNET_OK) {
            ca_info(session, "uninstall: Hyper-V rule %s not removed: %s", o.name, err.message);
            failed++;
        } else {
            ca_info(session, "uninstall: removed Hyper-V rule %s", o.name);
        }
        wslnet_hvfw_rule_result_free(res);
        res = NULL;
    }
    wslnet_hvfw_rule_list_free(list);
    return failed;
}

/*
 * Deferred, on a full uninstall that is not part of an upgrade; CustomActionData
 * is KEEPRULES. Removes what wslnet owns: its exposures, port proxies (with
 * their host rules and records), Hyper-V rules wslnet-*, what the policy
 * engine applied, then HKLM\SOFTWARE\wslnet (journal and records). With
 * KEEPRULES=1 the rules, proxies and their records stay. Nothing foreign is
 * touched (each API refuses what wslnet does not own). A failure is logged
 * and the uninstall goes on: a product that cannot be removed helps no one;
 * the log names what is left.
 */
CA_API WslNetUninstall(MSIHANDLE session)
{
    char keep[8];
    int failed = 0;
    wslnet_error err;
    LSTATUS rc;
    ca_property(session, L"CustomActionData", keep, sizeof keep);
    if (!strcmp(keep, "1")) {
        ca_info(session, "uninstall: KEEPRULES=1: wslnet's proxies, rules and their records are kept");
        record_set(VALUE_EXPOSED, NULL);
        record_set(VALUE_HV_BEFORE, NULL);
        record_drop_if_empty();
        return ERROR_SUCCESS;
    }
    /* Exposures first (each removes its own proxy and rules); when one cannot
     * be removed, its pieces stay with their records rather than be half gone. */
    /* What a policy created first, through the policy engine, so that its
     * ownership record goes with the items. */
    if (ca_remove_policy_owned(&err) != WSLNET_OK) {
        ca_info(session, "uninstall: removing what the policy created: %s", err.message);
        failed++;
    }
    if (!failed)
        failed += remove_exposures(session);
    if (!failed)
        failed += remove_owned_proxies(session);
    if (!failed)
        failed += remove_owned_hvfw_rules(session);
    if (failed) {
        ca_info(session, "uninstall: %d item(s) not removed (above): HKLM\\SOFTWARE\\wslnet kept, it records them",
                failed);
        return ERROR_SUCCESS;
    }
    rc = RegDeleteTreeW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\wslnet");
    if (rc == ERROR_SUCCESS)
        rc = RegDeleteKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\wslnet", KEY_WOW64_64KEY, 0);
    if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND)
        ca_info(session, "uninstall: HKLM\\SOFTWARE\\wslnet not removed (error %lu)", (unsigned long)rc);
    else
        ca_info(session, "uninstall: removed HKLM\\SOFTWARE\\wslnet");
    return ERROR_SUCCESS;
}
