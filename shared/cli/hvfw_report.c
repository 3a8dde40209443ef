/* hvfw_report.c - JSON documents and text for the Hyper-V firewall commands. */
#include "hvfw_report.h"

#include "hvfw_plan.h"
#include "report.h"
#include "status.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

/* cJSON's Add* return NULL on allocation failure: count failures, drop the
 * document at the end. */
#define ADD(ok, expr) ((ok) &= (expr) != NULL)

static cJSON *finish(cJSON *doc, int ok)
{
    if (!ok) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* A WMI number as its name when known, the number when not, null when absent. */
static void add_named(cJSON *o, const char *key, int value, const char *name, int *ok)
{
    if (value == WSLNET_HVFW_UNSET)
        ADD(*ok, cJSON_AddNullToObject(o, key));
    else if (name)
        ADD(*ok, cJSON_AddStringToObject(o, key, name));
    else
        ADD(*ok, cJSON_AddNumberToObject(o, key, value));
}

static void add_number_or_null(cJSON *o, const char *key, int value, int *ok)
{
    if (value == WSLNET_HVFW_UNSET)
        ADD(*ok, cJSON_AddNullToObject(o, key));
    else
        ADD(*ok, cJSON_AddNumberToObject(o, key, value));
}

static void add_strings(cJSON *o, const char *key, const wslnet_hvfw_strings *list, int *ok)
{
    cJSON *a = cJSON_AddArrayToObject(o, key);
    size_t i;
    if (!a) {
        *ok = 0;
        return;
    }
    for (i = 0; i < list->count; i++) {
        cJSON *s = cJSON_CreateString(list->items[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            *ok = 0;
        }
    }
}

/* "any", "domain,private", or the number when it has unknown bits. */
static void profiles_text(int mask, char *buf, size_t size)
{
    if (mask == WSLNET_HVFW_UNSET)
        wn_strlcpy(buf, size, "");
    else if (mask < 0 || (mask & ~7))
        wn_snprintf(buf, size, "%d", mask);
    else
        wn_hvfw_profiles_format(mask, buf, size);
}

void wn_hvfw_capability_warning(const wslnet_hvfw_capability *cap, char *buf, size_t size)
{
    if (cap->disabled)
        wn_strlcpy(buf, size,
                   "the Hyper-V firewall is turned off by HKLM\\SYSTEM\\CurrentControlSet\\Services\\MpsSvc\\"
                   "Parameters HyperVFirewallDisable=1: its settings and rules are stored but not enforced");
    else if (cap->support == WSLNET_HVFW_V1)
        wn_strlcpy(buf, size,
                   "this Windows has only version 1 of the Hyper-V firewall: WSL needs version 2 (for NAT and "
                   "mirrored alike, MirroredNetworking.cpp:79-84, NatNetworking.cpp:146-151) and runs the VM without it");
    else
        wn_strlcpy(buf, size, "");
}

static void add_capability(cJSON *doc, const wslnet_hvfw_capability *cap, int *ok)
{
    cJSON *o = cJSON_AddObjectToObject(doc, "firewall");
    char warning[256];
    if (!o) {
        *ok = 0;
        return;
    }
    ADD(*ok, cJSON_AddStringToObject(o, "support", wn_hvfw_support_name(cap->support)));
    ADD(*ok, cJSON_AddBoolToObject(o, "disabledByRegistry", cap->disabled));
    ADD(*ok, cJSON_AddStringToObject(o, "detail", cap->detail));
    wn_hvfw_capability_warning(cap, warning, sizeof warning);
    ADD(*ok, cJSON_AddStringToObject(o, "warning", warning));
}

static cJSON *settings_json(const wslnet_hvfw_settings *s, int *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    ADD(*ok, cJSON_AddStringToObject(o, "vmCreatorId", s->vm_creator_id));
    ADD(*ok, cJSON_AddBoolToObject(o, "exists", s->exists));
    add_named(o, "enabled", s->enabled, wn_hvfw_tristate_name(s->enabled), ok);
    add_named(o, "defaultInboundAction", s->default_inbound_action,
              wn_hvfw_action_name(s->default_inbound_action), ok);
    add_named(o, "defaultOutboundAction", s->default_outbound_action,
              wn_hvfw_action_name(s->default_outbound_action), ok);
    add_named(o, "loopbackEnabled", s->loopback_enabled, wn_hvfw_tristate_name(s->loopback_enabled), ok);
    add_named(o, "allowHostPolicyMerge", s->allow_host_policy_merge,
              wn_hvfw_tristate_name(s->allow_host_policy_merge), ok);
    return o;
}

cJSON *wn_json_hvfw_settings(const wslnet_hvfw_settings_info *info)
{
    cJSON *doc = wn_json_document("firewallSettings"), *s;
    int ok = 1;
    if (!doc)
        return NULL;
    ADD(ok, cJSON_AddStringToObject(doc, "store", wn_hvfw_store_name(info->store)));
    add_capability(doc, &info->capability, &ok);
    s = settings_json(&info->settings, &ok);
    if (!s || !cJSON_AddItemToObject(doc, "settings", s)) {
        cJSON_Delete(s);
        ok = 0;
    }
    return finish(doc, ok);
}

cJSON *wn_json_hvfw_settings_result(const wslnet_hvfw_settings_result *r, int dry_run)
{
    cJSON *doc = wn_json_document("firewallSettingsChange"), *b, *a, *changed;
    int ok = 1;
    size_t i;
    if (!doc)
        return NULL;
    ADD(ok, cJSON_AddBoolToObject(doc, "dryRun", dry_run));
    ADD(ok, cJSON_AddBoolToObject(doc, "applied", r->applied));
    ADD(ok, cJSON_AddBoolToObject(doc, "create", r->create));
    ADD(ok, r->recovered[0] ? cJSON_AddStringToObject(doc, "recovered", r->recovered)
                            : cJSON_AddNullToObject(doc, "recovered"));
    add_capability(doc, &r->capability, &ok);
    changed = cJSON_AddArrayToObject(doc, "changed");
    for (i = 0; changed && i < r->change_count; i++) {
        cJSON *s = cJSON_CreateString(r->changed[i]);
        if (!s || !cJSON_AddItemToArray(changed, s)) {
            cJSON_Delete(s);
            ok = 0;
        }
    }
    if (!changed)
        ok = 0;
    b = settings_json(&r->before, &ok);
    if (!b || !cJSON_AddItemToObject(doc, "before", b)) {
        cJSON_Delete(b);
        ok = 0;
    }
    a = settings_json(&r->after, &ok);
    if (!a || !cJSON_AddItemToObject(doc, "after", a)) {
        cJSON_Delete(a);
        ok = 0;
    }
    return finish(doc, ok);
}

static cJSON *rule_json(const wslnet_hvfw_rule *r, int *ok)
{
    cJSON *o = cJSON_CreateObject();
    char profiles[32];
    if (!o) {
        *ok = 0;
        return NULL;
    }
    ADD(*ok, cJSON_AddStringToObject(o, "name", r->name));
    ADD(*ok, cJSON_AddStringToObject(o, "displayName", r->display_name));
    ADD(*ok, cJSON_AddStringToObject(o, "description", r->description));
    ADD(*ok, cJSON_AddBoolToObject(o, "owned", r->owned));
    ADD(*ok, cJSON_AddStringToObject(o, "vmCreatorId", r->vm_creator_id));
    add_named(o, "direction", r->direction, wn_hvfw_direction_name(r->direction), ok);
    add_named(o, "action", r->action, wn_hvfw_action_name(r->action), ok);
    add_named(o, "enabled", r->enabled, wn_hvfw_rule_enabled_name(r->enabled), ok);
    ADD(*ok, cJSON_AddStringToObject(o, "protocol", r->protocol[0] ? r->protocol : "any"));
    profiles_text(r->profiles, profiles, sizeof profiles);
    if (profiles[0])
        ADD(*ok, cJSON_AddStringToObject(o, "profiles", profiles));
    else
        ADD(*ok, cJSON_AddNullToObject(o, "profiles"));
    add_strings(o, "localPorts", &r->local_ports, ok);
    add_strings(o, "remotePorts", &r->remote_ports, ok);
    add_strings(o, "localAddresses", &r->local_addresses, ok);
    add_strings(o, "remoteAddresses", &r->remote_addresses, ok);
    add_number_or_null(o, "rulePriority", r->rule_priority, ok);
    add_number_or_null(o, "enforcementStatus", r->enforcement_status, ok);
    add_number_or_null(o, "policyStoreSourceType", r->policy_store_source_type, ok);
    return o;
}

cJSON *wn_json_hvfw_rule_list(const wslnet_hvfw_rule_list *list)
{
    cJSON *doc = wn_json_document("firewallRuleList"), *rules;
    int ok = 1;
    size_t i;
    if (!doc)
        return NULL;
    ADD(ok, cJSON_AddStringToObject(doc, "store", wn_hvfw_store_name(list->store)));
    if (list->vm_creator_id[0])
        ADD(ok, cJSON_AddStringToObject(doc, "vmCreatorId", list->vm_creator_id));
    else
        ADD(ok, cJSON_AddNullToObject(doc, "vmCreatorId"));
    add_capability(doc, &list->capability, &ok);
    rules = cJSON_AddArrayToObject(doc, "rules");
    if (!rules)
        ok = 0;
    for (i = 0; rules && i < list->count; i++) {
        cJSON *r = rule_json(&list->rules[i], &ok);
        if (!r || !cJSON_AddItemToArray(rules, r)) {
            cJSON_Delete(r);
            ok = 0;
        }
    }
    return finish(doc, ok);
}

cJSON *wn_json_hvfw_rule_result(const wslnet_hvfw_rule_result *result, int dry_run)
{
    cJSON *doc = wn_json_document("firewallRuleChange"), *r;
    int ok = 1;
    if (!doc)
        return NULL;
    ADD(ok, cJSON_AddStringToObject(doc, "op", result->op));
    ADD(ok, cJSON_AddBoolToObject(doc, "dryRun", dry_run));
    ADD(ok, cJSON_AddBoolToObject(doc, "applied", result->applied));
    ADD(ok, result->recovered[0] ? cJSON_AddStringToObject(doc, "recovered", result->recovered)
                                 : cJSON_AddNullToObject(doc, "recovered"));
    add_capability(doc, &result->capability, &ok);
    r = rule_json(&result->rule, &ok);
    if (!r || !cJSON_AddItemToObject(doc, "rule", r)) {
        cJSON_Delete(r);
        ok = 0;
    }
    return finish(doc, ok);
}

/* ------------------------------------------------------------------ text */

static const char *or_unset(const char *name, int value, char *buf, size_t size)
{
    if (value == WSLNET_HVFW_UNSET)
        return "(not set)";
    if (name)
        return name;
    wn_snprintf(buf, size, "%d", value);
    return buf;
}

static void settings_text(wn_strbuf *b, const wslnet_hvfw_settings *s)
{
    char n[5][16];
    wn_strbuf_printf(b,
                     "  Enabled:               %s\n  DefaultInboundAction:  %s\n  DefaultOutboundAction: %s\n"
                     "  LoopbackEnabled:       %s\n  AllowHostPolicyMerge:  %s\n",
                     or_unset(wn_hvfw_tristate_name(s->enabled), s->enabled, n[0], 16),
                     or_unset(wn_hvfw_action_name(s->default_inbound_action), s->default_inbound_action, n[1], 16),
                     or_unset(wn_hvfw_action_name(s->default_outbound_action), s->default_outbound_action, n[2], 16),
                     or_unset(wn_hvfw_tristate_name(s->loopback_enabled), s->loopback_enabled, n[3], 16),
                     or_unset(wn_hvfw_tristate_name(s->allow_host_policy_merge), s->allow_host_policy_merge, n[4], 16));
}

static void capability_text(wn_strbuf *b, const wslnet_hvfw_capability *cap)
{
    char warning[256];
    wn_hvfw_capability_warning(cap, warning, sizeof warning);
    if (warning[0])
        wn_strbuf_printf(b, "Note: %s.\n", warning);
}

char *wn_text_hvfw_settings(const wslnet_hvfw_settings_info *info)
{
    wn_strbuf b = {0};
    wn_strbuf_printf(&b, "Hyper-V firewall settings for VM creator %s (%s store, firewall %s)%s\n",
                     info->settings.vm_creator_id, wn_hvfw_store_name(info->store),
                     wn_hvfw_support_name(info->capability.support),
                     info->settings.exists ? ":" : ": no setting object (Windows defaults apply)");
    settings_text(&b, &info->settings);
    capability_text(&b, &info->capability);
    return wn_strbuf_take(&b);
}

char *wn_text_hvfw_settings_result(const wslnet_hvfw_settings_result *r, int dry_run)
{
    wn_strbuf b = {0};
    size_t i;
    if (r->recovered[0])
        wn_strbuf_printf(&b, "First: %s.\n", r->recovered);
    if (r->change_count == 0) {
        wn_strbuf_printf(&b, "Nothing to change: the settings of %s already have these values.\n",
                         r->after.vm_creator_id);
    } else {
        wn_strbuf_printf(&b, "%s the setting object of %s:", r->create ? (dry_run ? "Would create" : "Created")
                                                                       : (dry_run ? "Would update" : "Updated"),
                         r->after.vm_creator_id);
        for (i = 0; i < r->change_count; i++)
            wn_strbuf_printf(&b, "%s %s", i ? "," : "", r->changed[i]);
        wn_strbuf_printf(&b, "\n");
    }
    settings_text(&b, &r->after);
    capability_text(&b, &r->capability);
    return wn_strbuf_take(&b);
}

static void list_text(wn_strbuf *b, const wslnet_hvfw_strings *l)
{
    size_t i;
    if (l->count == 0)
        wn_strbuf_printf(b, "any");
    for (i = 0; i < l->count; i++)
        wn_strbuf_printf(b, "%s%s", i ? "," : "", l->items[i]);
}

static void rule_text(wn_strbuf *b, const wslnet_hvfw_rule *r)
{
    char n[3][16], profiles[32];
    profiles_text(r->profiles, profiles, sizeof profiles);
    wn_strbuf_printf(b, "%s%s\n  DisplayName: %s\n  Creator: %s  Direction: %s  Action: %s  Enabled: %s\n"
                        "  Protocol: %s  Profiles: %s\n  LocalPorts: ",
                     r->name, r->owned ? "" : "  (not wslnet's)", r->display_name,
                     r->vm_creator_id[0] ? r->vm_creator_id : "any",
                     or_unset(wn_hvfw_direction_name(r->direction), r->direction, n[0], 16),
                     or_unset(wn_hvfw_action_name(r->action), r->action, n[1], 16),
                     or_unset(wn_hvfw_rule_enabled_name(r->enabled), r->enabled, n[2], 16),
                     r->protocol[0] ? r->protocol : "any", profiles[0] ? profiles : "(not set)");
    list_text(b, &r->local_ports);
    wn_strbuf_printf(b, "  RemotePorts: ");
    list_text(b, &r->remote_ports);
    wn_strbuf_printf(b, "\n  LocalAddresses: ");
    list_text(b, &r->local_addresses);
    wn_strbuf_printf(b, "  RemoteAddresses: ");
    list_text(b, &r->remote_addresses);
    wn_strbuf_printf(b, "\n");
}

char *wn_text_hvfw_rule_list(const wslnet_hvfw_rule_list *list)
{
    wn_strbuf b = {0};
    size_t i;
    if (list->vm_creator_id[0])
        wn_strbuf_printf(&b, "%lu Hyper-V firewall rule(s) for VM creator %s (%s store):\n", (unsigned long)list->count,
                         list->vm_creator_id, wn_hvfw_store_name(list->store));
    else
        wn_strbuf_printf(&b, "%lu Hyper-V firewall rule(s), every VM creator (%s store):\n", (unsigned long)list->count,
                         wn_hvfw_store_name(list->store));
    for (i = 0; i < list->count; i++)
        rule_text(&b, &list->rules[i]);
    capability_text(&b, &list->capability);
    return wn_strbuf_take(&b);
}

char *wn_text_hvfw_rule_result(const wslnet_hvfw_rule_result *r, int dry_run)
{
    wn_strbuf b = {0};
    if (r->recovered[0])
        wn_strbuf_printf(&b, "First: %s.\n", r->recovered);
    if (strcmp(r->op, "none") == 0)
        wn_strbuf_printf(&b, "Nothing to change: rule %s already exists with these values.\n", r->rule.name);
    else if (strcmp(r->op, "delete") == 0)
        wn_strbuf_printf(&b, "%s rule %s:\n", dry_run ? "Would remove" : "Removed", r->rule.name);
    else if (strcmp(r->op, "update") == 0)
        wn_strbuf_printf(&b, "%s rule %s:\n", dry_run ? "Would replace" : "Replaced", r->rule.name);
    else
        wn_strbuf_printf(&b, "%s rule %s:\n", dry_run ? "Would add" : "Added", r->rule.name);
    rule_text(&b, &r->rule);
    capability_text(&b, &r->capability);
    return wn_strbuf_take(&b);
}
