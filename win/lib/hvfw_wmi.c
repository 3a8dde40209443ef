/* hvfw_wmi.c - the Hyper-V firewall for WSL over WMI: capability probe, VM
 * settings, rules (wslnet/firewall.h). Validation and planning are in
 * shared/core/hvfw_plan.c; this file reads the store and writes what the plan says. */
#define COBJMACROS
#include "wmi.h"

#include "expose_plan.h"
#include "guard.h"
#include "hvfw_plan.h"
#include "hvfwrule.h"
#include "status.h"
#include "text.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

#define RULE_CLASS L"MSFT_NetFirewallHyperVRule"
#define SETTING_CLASS L"MSFT_NetFirewallHyperVVMSetting"
#define CREATOR_CLASS L"MSFT_NetFirewallHyperVVMCreator"
#define PROFILE_CLASS L"MSFT_NetFirewallHyperVProfile"
#define MPSSVC_PARAMETERS L"SYSTEM\\CurrentControlSet\\Services\\MpsSvc\\Parameters"

const char *wslnet_hvfw_support_name(wslnet_hvfw_support support) { return wn_hvfw_support_name(support); }
const char *wslnet_hvfw_store_name(wslnet_hvfw_store store) { return wn_hvfw_store_name(store); }

static const wchar_t *store_wide(wslnet_hvfw_store store)
{
    return store == WSLNET_HVFW_STORE_ACTIVE            ? L"ActiveStore"
           : store == WSLNET_HVFW_STORE_SYSTEM_DEFAULTS ? L"SystemDefaults"
                                                        : L"PersistentStore";
}

/* ------------------------------------------------------------------ probe */

/* HyperVFirewallDisable = 1 turns the Hyper-V firewall off (WSL reads it too). */
static int disabled_by_registry(void)
{
    DWORD value = 0;
    wslnet_error ignored;
    return wn_reg_read_dword(HKEY_LOCAL_MACHINE, MPSSVC_PARAMETERS, L"HyperVFirewallDisable", &value, &ignored) ==
               WSLNET_OK &&
           value == 1;
}

/* WSL's probe: the creator class (else none), then instances of the profile
 * class (else version 1 only). */
static void probe(wn_wmi *w, wslnet_hvfw_capability *cap)
{
    IWbemClassObject *cls = NULL, **objects = NULL;
    size_t count = 0;
    wslnet_error e;
    if (wn_wmi_get_object(w, CREATOR_CLASS, &cls, &e) != WSLNET_OK) {
        cap->support = WSLNET_HVFW_UNSUPPORTED;
        cap->code = e.code;
        wn_snprintf(cap->detail, sizeof cap->detail, "no MSFT_NetFirewallHyperVVMCreator class: %s", e.message);
        return;
    }
    IWbemClassObject_Release(cls);
    if (wn_wmi_query(w, L"SELECT * FROM " PROFILE_CLASS, &objects, &count, &e) != WSLNET_OK) {
        cap->support = WSLNET_HVFW_V1;
        cap->code = e.code;
        wn_snprintf(cap->detail, sizeof cap->detail, "MSFT_NetFirewallHyperVProfile cannot be queried: %s",
                    e.message);
        return;
    }
    wn_wmi_objects_free(objects, count);
    cap->support = WSLNET_HVFW_V2;
    wn_strlcpy(cap->detail, sizeof cap->detail,
               "MSFT_NetFirewallHyperVVMCreator and MSFT_NetFirewallHyperVProfile are present");
}

/* Opens WMI (store may be NULL) and probes. A missing namespace is "no
 * Hyper-V firewall", like a missing class. */
static wslnet_status open_and_probe(wn_wmi *w, const wchar_t *store, wslnet_hvfw_capability *cap,
                                    wslnet_error *err)
{
    wslnet_error e;
    wslnet_status st;
    memset(cap, 0, sizeof *cap);
    cap->disabled = disabled_by_registry();
    if ((st = wn_wmi_open(w, store, &e)) != WSLNET_OK) {
        if (e.code != (uint32_t)WBEM_E_INVALID_NAMESPACE) {
            if (err)
                *err = e;
            return st;
        }
        cap->support = WSLNET_HVFW_UNSUPPORTED;
        cap->code = e.code;
        wn_strlcpy(cap->detail, sizeof cap->detail, e.message);
        return WSLNET_OK;
    }
    probe(w, cap);
    return WSLNET_OK;
}

/* open_and_probe, failing plainly when this Windows has no Hyper-V firewall. */
static wslnet_status session_open(wn_wmi *w, wslnet_hvfw_store store, wslnet_hvfw_capability *cap,
                                  wslnet_error *err)
{
    wslnet_status st = open_and_probe(w, store_wide(store), cap, err);
    if (st != WSLNET_OK)
        return st;
    if (cap->support == WSLNET_HVFW_UNSUPPORTED) {
        wn_wmi_close(w);
        return wn_fail(err, WSLNET_E_UNSUPPORTED, cap->code,
                       "this Windows has no Hyper-V firewall (it needs Windows 11 22H2 or later): %s", cap->detail);
    }
    return WSLNET_OK;
}

wslnet_status wslnet_hvfw_probe(wslnet_hvfw_capability *out, wslnet_error *err)
{
    wn_wmi w;
    wslnet_status st;
    wn_error_clear(err);
    if (!out)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "out is NULL");
    st = open_and_probe(&w, NULL, out, err);
    wn_wmi_close(&w);
    if (st == WSLNET_OK)
        wn_error_clear(err);
    return st;
}

/* ---------------------------------------------------------------- reading */

/* Replaces a rule's "" string with the property's value. */
static wslnet_status get_text(IWbemClassObject *o, const wchar_t *name, char **field, wslnet_error *err)
{
    char *value;
    wslnet_status st = wn_wmi_get_string(o, name, &value, err);
    if (st == WSLNET_OK) {
        free(*field);
        *field = value;
    }
    return st;
}

static wslnet_status rule_from_object(IWbemClassObject *o, wslnet_hvfw_rule *r, wslnet_error *err)
{
    wslnet_status st = wn_hvfw_rule_init(r, err);
    if (st != WSLNET_OK)
        return st;
    if ((st = get_text(o, L"InstanceID", &r->name, err)) != WSLNET_OK ||
        (st = get_text(o, L"ElementName", &r->display_name, err)) != WSLNET_OK ||
        (st = get_text(o, L"Description", &r->description, err)) != WSLNET_OK ||
        (st = get_text(o, L"VMCreatorId", &r->vm_creator_id, err)) != WSLNET_OK ||
        (st = get_text(o, L"Protocol", &r->protocol, err)) != WSLNET_OK ||
        (st = wn_wmi_get_int(o, L"Direction", &r->direction, err)) != WSLNET_OK ||
        (st = wn_wmi_get_int(o, L"Action", &r->action, err)) != WSLNET_OK ||
        (st = wn_wmi_get_int(o, L"Enabled", &r->enabled, err)) != WSLNET_OK ||
        (st = wn_wmi_get_int(o, L"Profiles", &r->profiles, err)) != WSLNET_OK ||
        (st = wn_wmi_get_int(o, L"RulePriority", &r->rule_priority, err)) != WSLNET_OK ||
        (st = wn_wmi_get_int(o, L"EnforcementStatus", &r->enforcement_status, err)) != WSLNET_OK ||
        (st = wn_wmi_get_int(o, L"PolicyStoreSourceType", &r->policy_store_source_type, err)) != WSLNET_OK ||
        (st = wn_wmi_get_strings(o, L"LocalPorts", &r->local_ports, err)) != WSLNET_OK ||
        (st = wn_wmi_get_strings(o, L"RemotePorts", &r->remote_ports, err)) != WSLNET_OK ||
        (st = wn_wmi_get_strings(o, L"LocalAddresses", &r->local_addresses, err)) != WSLNET_OK ||
        (st = wn_wmi_get_strings(o, L"RemoteAddresses", &r->remote_addresses, err)) != WSLNET_OK) {
        wn_hvfw_rule_clear(r);
        return st;
    }
    r->owned = wn_hvfw_name_is_owned(r->name);
    return WSLNET_OK;
}

static void rules_free(wslnet_hvfw_rule *rules, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
        wn_hvfw_rule_clear(&rules[i]);
    free(rules);
}

/* Every rule of the store (any creator), as plain structs. */
static wslnet_status read_rules(wn_wmi *w, wslnet_hvfw_rule **out, size_t *count, wslnet_error *err)
{
    IWbemClassObject **objects;
    size_t n, i;
    wslnet_status st = wn_wmi_query(w, L"SELECT * FROM " RULE_CLASS, &objects, &n, err);
    *out = NULL;
    *count = 0;
    if (st != WSLNET_OK)
        return st;
    if (n && !(*out = calloc(n, sizeof **out)))
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (i = 0; i < n && st == WSLNET_OK; i++)
        if ((st = rule_from_object(objects[i], &(*out)[i], err)) == WSLNET_OK)
            (*count)++;
    wn_wmi_objects_free(objects, n);
    if (st != WSLNET_OK) {
        rules_free(*out, *count);
        *out = NULL;
        *count = 0;
    }
    return st;
}

/* The setting object of creator (the one whose Name is the creator's ID). */
static wslnet_status read_settings(wn_wmi *w, const char *creator, wslnet_hvfw_settings *out, wslnet_error *err)
{
    IWbemClassObject **objects;
    size_t n, i, f;
    wslnet_status st = wn_wmi_query(w, L"SELECT * FROM " SETTING_CLASS, &objects, &n, err);
    wn_hvfw_settings_blank(out, creator);
    if (st != WSLNET_OK)
        return st;
    for (i = 0; i < n && st == WSLNET_OK && !out->exists; i++) {
        char *name = NULL;
        if ((st = wn_wmi_get_string(objects[i], L"Name", &name, err)) == WSLNET_OK && wn_streq_nocase(name, creator)) {
            out->exists = 1;
            for (f = 0; f < WSLNET_HVFW_SETTING_COUNT && st == WSLNET_OK; f++) {
                wchar_t prop[32];
                MultiByteToWideChar(CP_UTF8, 0, wn_hvfw_setting_names[f], -1, prop, 32);
                st = wn_wmi_get_int(objects[i], prop, wn_hvfw_setting_field(out, f), err);
            }
        }
        free(name);
    }
    wn_wmi_objects_free(objects, n);
    return st;
}

/* ---------------------------------------------------------------- writing */

/* Writes the setting object as WSL does: a spawned instance with InstanceID
 * and Name = the creator, and the values that are set, CREATE_OR_UPDATE. */
static wslnet_status write_settings(wn_wmi *w, const wslnet_hvfw_settings *s, wslnet_error *err)
{
    IWbemClassObject *o;
    wslnet_hvfw_settings copy = *s;
    wslnet_status st = wn_wmi_spawn(w, SETTING_CLASS, &o, err);
    size_t f;
    if (st != WSLNET_OK)
        return st;
    if ((st = wn_wmi_put_string(o, L"InstanceID", s->vm_creator_id, err)) == WSLNET_OK)
        st = wn_wmi_put_string(o, L"Name", s->vm_creator_id, err);
    for (f = 0; f < WSLNET_HVFW_SETTING_COUNT && st == WSLNET_OK; f++) {
        wchar_t prop[32];
        int value = *wn_hvfw_setting_field(&copy, f);
        MultiByteToWideChar(CP_UTF8, 0, wn_hvfw_setting_names[f], -1, prop, 32);
        if (value != WSLNET_HVFW_UNSET)
            st = wn_wmi_put_i4(o, prop, value, err);
    }
    if (st == WSLNET_OK)
        st = wn_wmi_put_instance(w, o, err);
    IWbemClassObject_Release(o);
    return st;
}

/* A string array, or (replace) NULL for an empty one so the old value goes. */
static wslnet_status put_list(IWbemClassObject *o, const wchar_t *name, const wslnet_hvfw_strings *l, int replace,
                              wslnet_error *err)
{
    if (l->count)
        return wn_wmi_put_strings(o, name, l->items, l->count, err);
    return replace ? wn_wmi_put_null(o, name, err) : WSLNET_OK;
}

/*
 * Writes a rule with the values New-NetFirewallHyperVRule documents, in the
 * types WSL's own code writes (uint16 as VT_I4, string[] as a SAFEARRAY of
 * BSTR). A new rule gets only the properties that have a value; a replaced
 * one also NULLs the others, so none of its old conditions stay.
 */
static wslnet_status write_rule(wn_wmi *w, const wslnet_hvfw_rule *r, int replace, wslnet_error *err)
{
    IWbemClassObject *o;
    wslnet_status st = wn_wmi_spawn(w, RULE_CLASS, &o, err);
    if (st != WSLNET_OK)
        return st;
    if ((st = wn_wmi_put_string(o, L"InstanceID", r->name, err)) != WSLNET_OK ||
        (st = wn_wmi_put_string(o, L"ElementName", r->display_name, err)) != WSLNET_OK ||
        (st = wn_wmi_put_i4(o, L"Direction", r->direction, err)) != WSLNET_OK ||
        (st = wn_wmi_put_string(o, L"VMCreatorId", r->vm_creator_id, err)) != WSLNET_OK ||
        (st = wn_wmi_put_i4(o, L"Action", r->action, err)) != WSLNET_OK ||
        (st = wn_wmi_put_i4(o, L"Enabled", r->enabled, err)) != WSLNET_OK ||
        (st = r->protocol[0] ? wn_wmi_put_string(o, L"Protocol", r->protocol, err)
                             : replace ? wn_wmi_put_null(o, L"Protocol", err) : WSLNET_OK) != WSLNET_OK ||
        (st = put_list(o, L"LocalPorts", &r->local_ports, replace, err)) != WSLNET_OK ||
        (st = put_list(o, L"RemotePorts", &r->remote_ports, replace, err)) != WSLNET_OK ||
        (st = put_list(o, L"LocalAddresses", &r->local_addresses, replace, err)) != WSLNET_OK ||
        (st = put_list(o, L"RemoteAddresses", &r->remote_addresses, replace, err)) != WSLNET_OK ||
        (st = wn_wmi_put_i4(o, L"Profiles", r->profiles, err)) != WSLNET_OK)
        goto done;
    st = wn_wmi_put_instance(w, o, err);
done:
    IWbemClassObject_Release(o);
    return st;
}

/* PutInstance writes all or nothing: a failed write changed nothing. */
static void say_nothing_changed(wslnet_error *err)
{
    size_t len;
    if (!err)
        return;
    len = strlen(err->message);
    wn_snprintf(err->message + len, sizeof err->message - len, "; nothing was changed");
}

/* ---------------------------------------------------------------- settings */

wslnet_status wslnet_hvfw_settings_get(const char *vm_creator_id, wslnet_hvfw_store store,
                                       wslnet_hvfw_settings_info *out, wslnet_error *err)
{
    char creator[40];
    wn_wmi w;
    wslnet_status st;
    wn_error_clear(err);
    if (!out)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "out is NULL");
    memset(out, 0, sizeof *out);
    if ((st = wn_hvfw_creator_parse(vm_creator_id, creator, err)) != WSLNET_OK)
        return st;
    if (store != WSLNET_HVFW_STORE_PERSISTENT && store != WSLNET_HVFW_STORE_ACTIVE &&
        store != WSLNET_HVFW_STORE_SYSTEM_DEFAULTS)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown policy store %d", (int)store);
    out->store = store;
    wn_hvfw_settings_blank(&out->settings, creator);
    if ((st = session_open(&w, store, &out->capability, err)) != WSLNET_OK)
        return st;
    st = read_settings(&w, creator, &out->settings, err);
    wn_wmi_close(&w);
    return st;
}

wslnet_status wslnet_hvfw_settings_set(const wslnet_hvfw_settings_options *options,
                                       wslnet_hvfw_settings_result *out, wslnet_error *err)
{
    wn_hvfw_settings_request request;
    wslnet_hvfw_settings before;
    wn_lock lock = {NULL};
    wn_wmi w;
    wslnet_status st;
    wn_error_clear(err);
    if (!options || !out)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "options or out is NULL");
    memset(out, 0, sizeof *out);
    if ((st = wn_hvfw_settings_request_parse(options, &request, err)) != WSLNET_OK)
        return st;
    if (!options->dry_run && (st = wn_guard_begin(&lock, err)) != WSLNET_OK)
        return st;
    wn_strlcpy(out->recovered, sizeof out->recovered, lock.recovered);
    if ((st = session_open(&w, WSLNET_HVFW_STORE_PERSISTENT, &out->capability, err)) == WSLNET_OK) {
        if ((st = read_settings(&w, request.vm_creator_id, &before, err)) == WSLNET_OK) {
            wn_hvfw_settings_plan(&before, &request, out); /* keeps out->capability */
            if (out->change_count && !options->dry_run &&
                (st = write_settings(&w, &out->after, err)) == WSLNET_OK)
                out->applied = 1;
        }
        wn_wmi_close(&w);
    }
    wn_lock_release(&lock);
    if (st != WSLNET_OK && out->change_count && !options->dry_run)
        say_nothing_changed(err);
    return st;
}

/* ------------------------------------------------------------------- rules */

wslnet_status wslnet_hvfw_rule_list_get(const char *vm_creator_id, int all, wslnet_hvfw_store store,
                                        wslnet_hvfw_rule_list **out, wslnet_error *err)
{
    wslnet_hvfw_rule_list *list;
    wslnet_hvfw_rule *rules = NULL;
    size_t count = 0, i;
    char creator[40] = "";
    wn_wmi w;
    wslnet_status st;
    wn_error_clear(err);
    if (!out)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "out is NULL");
    *out = NULL;
    if (!all && (st = wn_hvfw_creator_parse(vm_creator_id, creator, err)) != WSLNET_OK)
        return st;
    if (store != WSLNET_HVFW_STORE_PERSISTENT && store != WSLNET_HVFW_STORE_ACTIVE &&
        store != WSLNET_HVFW_STORE_SYSTEM_DEFAULTS)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown policy store %d", (int)store);
    if (!(list = calloc(1, sizeof *list)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    list->store = store;
    wn_strlcpy(list->vm_creator_id, sizeof list->vm_creator_id, creator);
    if ((st = session_open(&w, store, &list->capability, err)) != WSLNET_OK) {
        free(list);
        return st;
    }
    st = read_rules(&w, &rules, &count, err);
    wn_wmi_close(&w);
    if (st != WSLNET_OK) {
        free(list);
        return st;
    }
    /* Keep the creator's rules, in WMI's order, moving them to the front. */
    for (i = 0; i < count; i++) {
        if (all || wn_hvfw_rule_for_creator(&rules[i], creator)) {
            if (i != list->count) {
                wslnet_hvfw_rule tmp = rules[list->count];
                rules[list->count] = rules[i];
                rules[i] = tmp;
            }
            list->count++;
        }
    }
    for (i = list->count; i < count; i++)
        wn_hvfw_rule_clear(&rules[i]);
    list->rules = rules;
    *out = list;
    return WSLNET_OK;
}

void wslnet_hvfw_rule_list_free(wslnet_hvfw_rule_list *list)
{
    if (!list)
        return;
    rules_free(list->rules, list->count);
    free(list);
}

void wslnet_hvfw_rule_result_free(wslnet_hvfw_rule_result *result)
{
    if (!result)
        return;
    wn_hvfw_rule_clear(&result->rule);
    free(result);
}

wslnet_status wslnet_hvfw_rule_add(const wslnet_hvfw_rule_options *options, wslnet_hvfw_rule_result **out,
                                   wslnet_error *err)
{
    wslnet_hvfw_rule_result *res;
    wslnet_hvfw_rule *rules = NULL;
    size_t count = 0;
    wn_lock lock = {NULL};
    wn_wmi w;
    wn_hvfw_op op;
    wslnet_status st;
    wn_error_clear(err);
    if (!options || !out)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "options or out is NULL");
    *out = NULL;
    if (!(res = calloc(1, sizeof *res)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    if ((st = wn_hvfw_rule_make(options, &res->rule, err)) != WSLNET_OK) {
        free(res);
        return st;
    }
    if (!options->dry_run && (st = wn_guard_begin(&lock, err)) != WSLNET_OK)
        goto done;
    wn_strlcpy(res->recovered, sizeof res->recovered, lock.recovered);
    if ((st = session_open(&w, WSLNET_HVFW_STORE_PERSISTENT, &res->capability, err)) != WSLNET_OK)
        goto done;
    if ((st = read_rules(&w, &rules, &count, err)) == WSLNET_OK) {
        op = wn_hvfw_plan_add(&res->rule, rules, count);
        wn_strlcpy(res->op, sizeof res->op, wn_hvfw_op_name(op));
        if (op != WN_HVFW_OP_NONE && !options->dry_run) {
            if ((st = write_rule(&w, &res->rule, op == WN_HVFW_OP_UPDATE, err)) == WSLNET_OK)
                res->applied = 1;
            else
                say_nothing_changed(err);
        }
        rules_free(rules, count);
    }
    wn_wmi_close(&w);
done:
    wn_lock_release(&lock);
    if (st != WSLNET_OK) {
        wslnet_hvfw_rule_result_free(res);
        return st;
    }
    *out = res;
    return WSLNET_OK;
}

wslnet_status wslnet_hvfw_rule_remove(const wslnet_hvfw_remove_options *options, wslnet_hvfw_rule_result **out,
                                      wslnet_error *err)
{
    wslnet_hvfw_rule_result *res;
    wslnet_hvfw_rule *rules = NULL;
    const wslnet_hvfw_rule *target;
    size_t count = 0;
    wn_lock lock = {NULL};
    wn_wmi w;
    char *path;
    wslnet_status st;
    wn_error_clear(err);
    if (!options || !out)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "options or out is NULL");
    *out = NULL;
    if (!options->name)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "name is required");
    if (!wn_hvfw_text_valid(options->name, WN_HVFW_TEXT_MAX))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "name must be 1-%d bytes of text without control characters",
                       WN_HVFW_TEXT_MAX);
    if (!(res = calloc(1, sizeof *res)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    wn_hvfw_rule_clear(&res->rule);
    if (!options->dry_run && (st = wn_guard_begin(&lock, err)) != WSLNET_OK)
        goto done;
    wn_strlcpy(res->recovered, sizeof res->recovered, lock.recovered);
    if ((st = session_open(&w, WSLNET_HVFW_STORE_PERSISTENT, &res->capability, err)) != WSLNET_OK)
        goto done;
    if ((st = read_rules(&w, &rules, &count, err)) == WSLNET_OK &&
        (st = wn_hvfw_plan_remove(options->name, options->force, rules, count, &target, err)) == WSLNET_OK &&
        (st = wn_hvfw_rule_copy(&res->rule, target, err)) == WSLNET_OK) {
        wn_strlcpy(res->op, sizeof res->op, wn_hvfw_op_name(WN_HVFW_OP_DELETE));
        if (!options->dry_run) {
            if (!(path = wn_hvfw_rule_path(target->name))) {
                st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            } else {
                st = wn_wmi_delete(&w, path, err);
                if (st == WSLNET_E_NOT_FOUND) /* gone since the read: the outcome asked for */
                    st = WSLNET_OK;
                free(path);
            }
            res->applied = st == WSLNET_OK;
        }
    }
    rules_free(rules, count);
    wn_wmi_close(&w);
done:
    wn_lock_release(&lock);
    if (st != WSLNET_OK) {
        wslnet_hvfw_rule_result_free(res);
        return st;
    }
    *out = res;
    return WSLNET_OK;
}

/* ------------------------------------------- exposures' rules (hvfwrule.h) */

void wn_hvfw_rules_free(wslnet_hvfw_rule *rules, size_t count)
{
    rules_free(rules, count);
}

wslnet_status wn_hvfw_rules_read(wslnet_hvfw_capability *cap, wslnet_hvfw_rule **rules, size_t *count,
                                 wslnet_error *err)
{
    wn_wmi w;
    wslnet_status st = open_and_probe(&w, store_wide(WSLNET_HVFW_STORE_PERSISTENT), cap, err);
    *rules = NULL;
    *count = 0;
    if (st != WSLNET_OK || cap->support == WSLNET_HVFW_UNSUPPORTED)
        return st;
    st = read_rules(&w, rules, count, err);
    wn_wmi_close(&w);
    return st;
}

wslnet_status wn_hvfw_rule_put(const wn_proxy_hvrule *hv, wslnet_error *err)
{
    wslnet_hvfw_capability cap;
    wslnet_hvfw_rule rule;
    wn_wmi w;
    wslnet_status st = wn_expose_hvrule_make(hv, &rule, err);
    if (st != WSLNET_OK)
        return st;
    if ((st = session_open(&w, WSLNET_HVFW_STORE_PERSISTENT, &cap, err)) == WSLNET_OK) {
        st = write_rule(&w, &rule, 1, err);
        wn_wmi_close(&w);
    }
    wn_hvfw_rule_clear(&rule);
    return st;
}

wslnet_status wn_hvfw_rule_delete(const char *name, wslnet_error *err)
{
    wslnet_hvfw_capability cap;
    wn_wmi w;
    char *path;
    wslnet_status st = session_open(&w, WSLNET_HVFW_STORE_PERSISTENT, &cap, err);
    if (st != WSLNET_OK)
        return st;
    if (!(path = wn_hvfw_rule_path(name))) {
        wn_wmi_close(&w);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    st = wn_wmi_delete(&w, path, err);
    if (st == WSLNET_E_NOT_FOUND) /* already gone: the outcome asked for */
        st = WSLNET_OK;
    free(path);
    wn_wmi_close(&w);
    return st;
}
