/* hvfw_plan.c - Hyper-V firewall model and planners: string lists, rules,
 * plans, settings, names for output (see hvfw_plan.h; the validators and
 * parsers: hvfw_parse.c). */
#include "hvfw_plan.h"

#include "status.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ string lists */

wslnet_status wn_hvfw_strings_push(wslnet_hvfw_strings *list, const char *text, size_t len,
                                   wslnet_error *err)
{
    char **items = realloc(list->items, (list->count + 1) * sizeof *items);
    char *copy;
    if (!items)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    list->items = items;
    if (!(copy = malloc(len + 1)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    memcpy(copy, text, len);
    copy[len] = '\0';
    list->items[list->count++] = copy;
    return WSLNET_OK;
}

void wn_hvfw_strings_clear(wslnet_hvfw_strings *list)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

/* ---------------------------------------------------------------- rules */

static const char empty_text[] = "";

wslnet_status wn_hvfw_set_text(char **field, const char *text, wslnet_error *err)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (!copy)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    memcpy(copy, text, len + 1);
    free(*field);
    *field = copy;
    return WSLNET_OK;
}

void wn_hvfw_rule_clear(wslnet_hvfw_rule *rule)
{
    free(rule->name);
    free(rule->display_name);
    free(rule->description);
    free(rule->vm_creator_id);
    free(rule->protocol);
    wn_hvfw_strings_clear(&rule->local_ports);
    wn_hvfw_strings_clear(&rule->remote_ports);
    wn_hvfw_strings_clear(&rule->local_addresses);
    wn_hvfw_strings_clear(&rule->remote_addresses);
    memset(rule, 0, sizeof *rule);
    rule->direction = rule->action = rule->enabled = rule->profiles = WSLNET_HVFW_UNSET;
    rule->rule_priority = rule->enforcement_status = rule->policy_store_source_type = WSLNET_HVFW_UNSET;
}

wslnet_status wn_hvfw_rule_init(wslnet_hvfw_rule *rule, wslnet_error *err)
{
    memset(rule, 0, sizeof *rule);
    wn_hvfw_rule_clear(rule);
    if (wn_hvfw_set_text(&rule->name, empty_text, err) != WSLNET_OK ||
        wn_hvfw_set_text(&rule->display_name, empty_text, err) != WSLNET_OK ||
        wn_hvfw_set_text(&rule->description, empty_text, err) != WSLNET_OK ||
        wn_hvfw_set_text(&rule->vm_creator_id, empty_text, err) != WSLNET_OK ||
        wn_hvfw_set_text(&rule->protocol, empty_text, err) != WSLNET_OK) {
        wn_hvfw_rule_clear(rule);
        return WSLNET_E_NO_MEMORY;
    }
    return WSLNET_OK;
}

static wslnet_status copy_strings(wslnet_hvfw_strings *dst, const wslnet_hvfw_strings *src, wslnet_error *err)
{
    size_t i;
    for (i = 0; i < src->count; i++)
        if (wn_hvfw_strings_push(dst, src->items[i], strlen(src->items[i]), err) != WSLNET_OK)
            return WSLNET_E_NO_MEMORY;
    return WSLNET_OK;
}

wslnet_status wn_hvfw_rule_copy(wslnet_hvfw_rule *dst, const wslnet_hvfw_rule *src, wslnet_error *err)
{
    if (wn_hvfw_rule_init(dst, err) != WSLNET_OK)
        return WSLNET_E_NO_MEMORY;
    dst->direction = src->direction;
    dst->action = src->action;
    dst->enabled = src->enabled;
    dst->profiles = src->profiles;
    dst->rule_priority = src->rule_priority;
    dst->enforcement_status = src->enforcement_status;
    dst->policy_store_source_type = src->policy_store_source_type;
    dst->owned = src->owned;
    if (wn_hvfw_set_text(&dst->name, src->name, err) != WSLNET_OK ||
        wn_hvfw_set_text(&dst->display_name, src->display_name, err) != WSLNET_OK ||
        wn_hvfw_set_text(&dst->description, src->description, err) != WSLNET_OK ||
        wn_hvfw_set_text(&dst->vm_creator_id, src->vm_creator_id, err) != WSLNET_OK ||
        wn_hvfw_set_text(&dst->protocol, src->protocol, err) != WSLNET_OK ||
        copy_strings(&dst->local_ports, &src->local_ports, err) != WSLNET_OK ||
        copy_strings(&dst->remote_ports, &src->remote_ports, err) != WSLNET_OK ||
        copy_strings(&dst->local_addresses, &src->local_addresses, err) != WSLNET_OK ||
        copy_strings(&dst->remote_addresses, &src->remote_addresses, err) != WSLNET_OK) {
        wn_hvfw_rule_clear(dst);
        return WSLNET_E_NO_MEMORY;
    }
    return WSLNET_OK;
}

/* Checks a list's shape; a non-empty list needs its array. */
static wslnet_status list_check(const void *items, size_t count, const char *what, wslnet_error *err)
{
    if (count > WSLNET_HVFW_LIST_MAX)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s has more than %d items", what, WSLNET_HVFW_LIST_MAX);
    if (count && !items)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s is NULL with a count of %u", what, (unsigned)count);
    return WSLNET_OK;
}

static wslnet_status ports_put(const wslnet_hvfw_port_range *ports, size_t count, const char *what,
                               wslnet_hvfw_strings *out, wslnet_error *err)
{
    char text[16];
    size_t i;
    wslnet_status st;
    if ((st = list_check(ports, count, what, err)) != WSLNET_OK)
        return st;
    for (i = 0; i < count; i++) {
        if ((st = wn_hvfw_port_range_check(&ports[i], what, err)) != WSLNET_OK)
            return st;
        wn_hvfw_port_format(&ports[i], text, sizeof text);
        if ((st = wn_hvfw_strings_push(out, text, strlen(text), err)) != WSLNET_OK)
            return st;
    }
    return WSLNET_OK;
}

static wslnet_status addresses_put(const wslnet_hvfw_address *addresses, size_t count, const char *what,
                                   wslnet_hvfw_strings *out, wslnet_error *err)
{
    char text[WN_HVFW_ADDRESS_TEXT_MAX + 1];
    size_t i;
    wslnet_status st;
    if ((st = list_check(addresses, count, what, err)) != WSLNET_OK)
        return st;
    for (i = 0; i < count; i++) {
        if ((st = wn_hvfw_address_check(&addresses[i], what, err)) != WSLNET_OK)
            return st;
        wn_hvfw_address_format(&addresses[i], text, sizeof text);
        if ((st = wn_hvfw_strings_push(out, text, strlen(text), err)) != WSLNET_OK)
            return st;
    }
    return WSLNET_OK;
}

/* The parts of wn_hvfw_rule_make that check and format the values. */
static wslnet_status rule_fill(const wslnet_hvfw_rule_options *o, wslnet_hvfw_rule *r, wslnet_error *err)
{
    char name[WN_HVFW_NAME_MAX + 1], protocol[8], creator[40];
    wslnet_status st;
    if (!o->name)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "name is required");
    if ((st = wn_hvfw_name_make(o->name, name, sizeof name, err)) != WSLNET_OK ||
        (st = wn_hvfw_set_text(&r->name, name, err)) != WSLNET_OK)
        return st;
    r->owned = 1;
    if (o->display_name && !wn_hvfw_text_valid(o->display_name, 255))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "display_name must be 1-255 bytes of UTF-8 text without control characters");
    if ((st = wn_hvfw_set_text(&r->display_name, o->display_name ? o->display_name : name, err)) != WSLNET_OK)
        return st;
    if ((st = wn_hvfw_creator_parse(o->vm_creator_id, creator, err)) != WSLNET_OK ||
        (st = wn_hvfw_set_text(&r->vm_creator_id, creator, err)) != WSLNET_OK)
        return st;
    if ((st = wn_hvfw_protocol_check(o->protocol, err)) != WSLNET_OK)
        return st;
    wn_hvfw_protocol_format(o->protocol, protocol, sizeof protocol);
    if ((st = wn_hvfw_set_text(&r->protocol, protocol, err)) != WSLNET_OK)
        return st;
    switch (o->direction) {
    case WSLNET_HVFW_DIRECTION_DEFAULT:
    case WSLNET_HVFW_DIRECTION_IN: r->direction = WN_HVFW_DIRECTION_IN; break;
    case WSLNET_HVFW_DIRECTION_OUT: r->direction = WN_HVFW_DIRECTION_OUT; break;
    default: return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "direction: %d is not a wslnet_hvfw_direction", (int)o->direction);
    }
    switch (o->action) {
    case WSLNET_HVFW_ACTION_DEFAULT:
    case WSLNET_HVFW_ACTION_ALLOW: r->action = WN_HVFW_ACTION_ALLOW; break;
    case WSLNET_HVFW_ACTION_BLOCK: r->action = WN_HVFW_ACTION_BLOCK; break;
    default: return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "action: %d is not allow or block", (int)o->action);
    }
    switch (o->enabled) {
    case WSLNET_HVFW_BOOL_DEFAULT:
    case WSLNET_HVFW_BOOL_TRUE: r->enabled = WN_HVFW_RULE_ENABLED; break;
    case WSLNET_HVFW_BOOL_FALSE: r->enabled = WN_HVFW_RULE_DISABLED; break;
    default: return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "enabled: %d is not true or false", (int)o->enabled);
    }
    if (o->profiles & ~(WSLNET_HVFW_PROFILE_DOMAIN | WSLNET_HVFW_PROFILE_PRIVATE | WSLNET_HVFW_PROFILE_PUBLIC))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "profiles: 0x%x has bits other than domain, private, public",
                       o->profiles);
    r->profiles = (int)o->profiles;
    if ((st = ports_put(o->local_ports, o->local_port_count, "local_ports", &r->local_ports, err)) != WSLNET_OK ||
        (st = ports_put(o->remote_ports, o->remote_port_count, "remote_ports", &r->remote_ports, err)) != WSLNET_OK ||
        (st = addresses_put(o->local_addresses, o->local_address_count, "local_addresses", &r->local_addresses,
                            err)) != WSLNET_OK ||
        (st = addresses_put(o->remote_addresses, o->remote_address_count, "remote_addresses", &r->remote_addresses,
                            err)) != WSLNET_OK)
        return st;
    if ((r->local_ports.count || r->remote_ports.count) && !wn_hvfw_protocol_has_ports(o->protocol))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "local_ports/remote_ports: ports apply only to protocol TCP or UDP (the protocol is %s)",
                       protocol[0] ? protocol : "any");
    return WSLNET_OK;
}

wslnet_status wn_hvfw_rule_make(const wslnet_hvfw_rule_options *options, wslnet_hvfw_rule *out,
                                wslnet_error *err)
{
    wslnet_status st;
    if ((st = wn_hvfw_rule_init(out, err)) != WSLNET_OK)
        return st;
    if ((st = rule_fill(options, out, err)) != WSLNET_OK)
        wn_hvfw_rule_clear(out);
    return st;
}

int wn_hvfw_rule_same(const wslnet_hvfw_rule *want, const wslnet_hvfw_rule *existing)
{
    return wn_streq_nocase(want->name, existing->name) && strcmp(want->display_name, existing->display_name) == 0 &&
           wn_streq_nocase(want->vm_creator_id, existing->vm_creator_id) &&
           wn_streq_nocase(want->protocol, existing->protocol) && want->direction == existing->direction &&
           want->action == existing->action && want->enabled == existing->enabled &&
           want->profiles == existing->profiles && wn_hvfw_ports_same(&want->local_ports, &existing->local_ports) &&
           wn_hvfw_ports_same(&want->remote_ports, &existing->remote_ports) &&
           wn_hvfw_addresses_same(&want->local_addresses, &existing->local_addresses) &&
           wn_hvfw_addresses_same(&want->remote_addresses, &existing->remote_addresses);
}

int wn_hvfw_rule_for_creator(const wslnet_hvfw_rule *rule, const char *creator)
{
    return wn_streq_nocase(rule->vm_creator_id, creator);
}

const wslnet_hvfw_rule *wn_hvfw_rule_find(const wslnet_hvfw_rule *rules, size_t count, const char *name)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (wn_streq_nocase(rules[i].name, name))
            return &rules[i];
    return NULL;
}

/* ---------------------------------------------------------------- plans */

const char *wn_hvfw_op_name(wn_hvfw_op op)
{
    static const char *const names[] = {"none", "create", "update", "delete"};
    return (unsigned)op < 4 ? names[op] : "none";
}

wn_hvfw_op wn_hvfw_plan_add(const wslnet_hvfw_rule *want, const wslnet_hvfw_rule *rules, size_t count)
{
    const wslnet_hvfw_rule *existing = wn_hvfw_rule_find(rules, count, want->name);
    if (!existing)
        return WN_HVFW_OP_CREATE;
    return wn_hvfw_rule_same(want, existing) ? WN_HVFW_OP_NONE : WN_HVFW_OP_UPDATE;
}

wslnet_status wn_hvfw_plan_remove(const char *name_text, int force, const wslnet_hvfw_rule *rules,
                                  size_t count, const wslnet_hvfw_rule **target, wslnet_error *err)
{
    char owned[WN_HVFW_NAME_MAX + 1], buf[48];
    const wslnet_hvfw_rule *r = NULL;
    int have_owned_name;
    wslnet_error ignored;
    *target = NULL;
    if (!name_text || !wn_hvfw_text_valid(name_text, WN_HVFW_TEXT_MAX))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "name must be 1-%d bytes of text without control characters",
                       WN_HVFW_TEXT_MAX);
    have_owned_name = wn_hvfw_name_make(name_text, owned, sizeof owned, &ignored) == WSLNET_OK;
    if (have_owned_name)
        r = wn_hvfw_rule_find(rules, count, owned);
    if (!r)
        r = wn_hvfw_rule_find(rules, count, name_text);
    if (!r)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "no Hyper-V firewall rule is named '%s'",
                       have_owned_name ? owned : wn_hvfw_quote(name_text, strlen(name_text), buf, sizeof buf));
    if (!wn_hvfw_name_is_owned(r->name) && !force)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "rule '%s' was not created by wslnet (no %s prefix); pass --force to remove it anyway",
                       wn_hvfw_quote(r->name, strlen(r->name), buf, sizeof buf), WSLNET_HVFW_RULE_PREFIX);
    *target = r;
    return WSLNET_OK;
}

char *wn_hvfw_rule_path(const char *name)
{
    static const char head[] = "MSFT_NetFirewallHyperVRule.InstanceID=\"";
    size_t len = strlen(name), i, o = sizeof head - 1;
    char *path = malloc(sizeof head + 2 * len + 2);
    if (!path)
        return NULL;
    memcpy(path, head, o);
    for (i = 0; i < len; i++) {
        if (name[i] == '\\' || name[i] == '"')
            path[o++] = '\\';
        path[o++] = name[i];
    }
    path[o++] = '"';
    path[o] = '\0';
    return path;
}

/* ------------------------------------------------------------- settings */

const char *const wn_hvfw_setting_names[WSLNET_HVFW_SETTING_COUNT] = {
    "Enabled", "DefaultInboundAction", "DefaultOutboundAction", "LoopbackEnabled", "AllowHostPolicyMerge"};

int *wn_hvfw_setting_field(wslnet_hvfw_settings *s, size_t i)
{
    switch (i) {
    case 0: return &s->enabled;
    case 1: return &s->default_inbound_action;
    case 2: return &s->default_outbound_action;
    case 3: return &s->loopback_enabled;
    case 4: return &s->allow_host_policy_merge;
    default: return NULL;
    }
}

void wn_hvfw_settings_blank(wslnet_hvfw_settings *s, const char *creator)
{
    size_t i;
    memset(s, 0, sizeof *s);
    wn_strlcpy(s->vm_creator_id, sizeof s->vm_creator_id, creator);
    for (i = 0; i < WSLNET_HVFW_SETTING_COUNT; i++)
        *wn_hvfw_setting_field(s, i) = WSLNET_HVFW_UNSET;
}

wslnet_status wn_hvfw_settings_request_parse(const wslnet_hvfw_settings_options *o,
                                             wn_hvfw_settings_request *out, wslnet_error *err)
{
    static const char *const what[WSLNET_HVFW_SETTING_COUNT] = {"enabled", "default_inbound", "default_outbound",
                                                                "loopback", "host_policy_merge"};
    const int given[WSLNET_HVFW_SETTING_COUNT] = {(int)o->enabled, (int)o->default_inbound, (int)o->default_outbound,
                                                  (int)o->loopback, (int)o->host_policy_merge};
    wslnet_status st;
    size_t i;
    int any = 0;
    for (i = 0; i < WSLNET_HVFW_SETTING_COUNT; i++)
        out->values[i] = WSLNET_HVFW_UNSET;
    if ((st = wn_hvfw_creator_parse(o->vm_creator_id, out->vm_creator_id, err)) != WSLNET_OK)
        return st;
    for (i = 0; i < WSLNET_HVFW_SETTING_COUNT; i++) {
        int is_action = i == 1 || i == 2;
        /* Both enums run DEFAULT, TRUE/ALLOW, FALSE/BLOCK, NOT_CONFIGURED. */
        if (given[i] < 0 || given[i] > (int)WSLNET_HVFW_BOOL_NOT_CONFIGURED)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: %d is not a %s", what[i], given[i],
                           is_action ? "wslnet_hvfw_action" : "wslnet_hvfw_bool");
        out->values[i] = is_action ? wn_hvfw_action_wmi((wslnet_hvfw_action)given[i])
                                   : wn_hvfw_tristate_wmi((wslnet_hvfw_bool)given[i]);
        any |= out->values[i] != WSLNET_HVFW_UNSET;
    }
    if (!any)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "nothing to set: give --enabled, --default-inbound, --default-outbound, --loopback "
                       "or --host-policy-merge");
    return WSLNET_OK;
}

void wn_hvfw_settings_plan(const wslnet_hvfw_settings *before, const wn_hvfw_settings_request *request,
                           wslnet_hvfw_settings_result *out)
{
    size_t i;
    out->before = *before;
    out->after = *before;
    out->create = !before->exists;
    out->change_count = 0;
    out->after.exists = 1;
    for (i = 0; i < WSLNET_HVFW_SETTING_COUNT; i++) {
        int *field = wn_hvfw_setting_field(&out->after, i);
        if (request->values[i] == WSLNET_HVFW_UNSET || *field == request->values[i])
            continue;
        *field = request->values[i];
        wn_strlcpy(out->changed[out->change_count++], sizeof out->changed[0], wn_hvfw_setting_names[i]);
    }
}

/* ---------------------------------------------------------------- names */

const char *wn_hvfw_support_name(wslnet_hvfw_support support)
{
    switch (support) {
    case WSLNET_HVFW_V1: return "v1";
    case WSLNET_HVFW_V2: return "v2";
    default: return "unsupported";
    }
}

const char *wn_hvfw_store_name(wslnet_hvfw_store store)
{
    return store == WSLNET_HVFW_STORE_ACTIVE            ? "active"
           : store == WSLNET_HVFW_STORE_SYSTEM_DEFAULTS ? "systemdefaults"
                                                        : "persistent";
}


const char *wn_hvfw_tristate_name(int value)
{
    switch (value) {
    case WN_HVFW_FALSE: return "false";
    case WN_HVFW_TRUE: return "true";
    case WN_HVFW_NOT_CONFIGURED: return "notConfigured";
    default: return NULL;
    }
}

const char *wn_hvfw_action_name(int value)
{
    switch (value) {
    case WN_HVFW_ACTION_NOT_CONFIGURED: return "notConfigured";
    case WN_HVFW_ACTION_ALLOW: return "allow";
    case WN_HVFW_ACTION_BLOCK: return "block";
    default: return NULL;
    }
}

const char *wn_hvfw_direction_name(int value)
{
    return value == WN_HVFW_DIRECTION_IN ? "inbound" : value == WN_HVFW_DIRECTION_OUT ? "outbound" : NULL;
}

const char *wn_hvfw_rule_enabled_name(int value)
{
    return value == WN_HVFW_RULE_ENABLED ? "true" : value == WN_HVFW_RULE_DISABLED ? "false" : NULL;
}
