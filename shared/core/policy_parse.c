/* policy_parse.c - parse and validate the policy file (policy_parse.h). Pure: JSON in,
 * model or every error with its JSON path out. The checks are the ones the
 * single commands make (hvfw_parse.c, hostfw.c, subnet_plan.c, wslcfg_keys.c), so a
 * policy accepts exactly what those commands accept. */
#include "policy_parse.h"

#include "hostfw.h"
#include "hvfw_plan.h"
#include "ipv4.h"
#include "ipv6.h"
#include "portproxy.h"
#include "subnet_plan.h"
#include "text.h"
#include "wslcfg_keys.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_ 192

typedef struct ctx {
    wn_policy_errors *errors;
    int oom;
} ctx;

static void fail(ctx *c, const char *path, const char *fmt, ...) WN_PRINTF(3, 4);
static void fail(ctx *c, const char *path, const char *fmt, ...)
{
    char msg[WSLNET_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char line[PATH_MAX_ + WSLNET_MESSAGE_MAX + 4];
    snprintf(line, sizeof line, "%s: %s", path, msg);
    /* member names come from the file: one error stays one line */
    for (char *q = line; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f)
            *q = '?';
    wn_strbuf_printf(&c->errors->text, "%s\n", line);
    if (c->errors->text.failed)
        c->oom = 1;
    c->errors->count++;
}

static char *dup_text(ctx *c, const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s ? s : "", n);
    if (!d)
        c->oom = 1;
    return d;
}

static void sub(char *out, const char *path, const char *member)
{
    snprintf(out, PATH_MAX_, "%s.%s", path, member);
}

static void idx(char *out, const char *path, size_t i)
{
    snprintf(out, PATH_MAX_, "%s[%u]", path, (unsigned)i);
}

/* Refuses members of obj not in allowed (NULL-ended); 0 when obj is not an object. */
static int check_object(ctx *c, const cJSON *obj, const char *path, const char *const *allowed)
{
    if (!cJSON_IsObject(obj)) {
        fail(c, path, "must be an object");
        return 0;
    }
    for (const cJSON *m = obj->child; m; m = m->next) {
        int known = 0;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(m->string, allowed[i]) == 0)
                known = 1;
        /* cJSON keeps duplicate members; the later one would be ignored. */
        for (const cJSON *p = obj->child; p != m; p = p->next)
            if (strcmp(p->string, m->string) == 0) {
                char where[PATH_MAX_];
                sub(where, path, m->string);
                fail(c, where, "member given twice");
                known = 1;
                break;
            }
        if (!known) {
            char where[PATH_MAX_];
            sub(where, path, m->string);
            fail(c, where, "unknown member");
        }
    }
    return 1;
}

/* An integer port 1..65535 into *out; 0 (error recorded) otherwise. */
static int get_port(ctx *c, const cJSON *v, const char *path, uint16_t *out)
{
    /* range first: casting an out-of-range double is undefined */
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 1 && v->valuedouble <= 65535) ||
        v->valuedouble != (double)(long)v->valuedouble) {
        fail(c, path, "must be an integer 1..65535");
        return 0;
    }
    *out = (uint16_t)v->valuedouble;
    return 1;
}

static const char *get_string(ctx *c, const cJSON *v, const char *path)
{
    if (!cJSON_IsString(v) || !v->valuestring) {
        fail(c, path, "must be a string");
        return NULL;
    }
    if (!wn_hvfw_text_valid(v->valuestring, 1024)) {
        fail(c, path, "must be 1..1024 bytes of UTF-8 without control characters");
        return NULL;
    }
    return v->valuestring;
}

/* One of choices (exact, lower case as documented); its index or -1. */
static int get_enum(ctx *c, const cJSON *v, const char *path, const char *const *choices, const char *shown)
{
    if (cJSON_IsString(v) && v->valuestring)
        for (int i = 0; choices[i]; i++)
            if (strcmp(v->valuestring, choices[i]) == 0)
                return i;
    fail(c, path, "must be one of %s", shown);
    return -1;
}

/* An array of strings joined with ","; each item checked by item_ok (NULL:
 * any text); duplicates refused. NULL when absent or on error. */
static char *get_string_list(ctx *c, const cJSON *v, const char *path, int allow_empty)
{
    if (!cJSON_IsArray(v)) {
        fail(c, path, "must be an array of strings");
        return NULL;
    }
    wn_strbuf b = {0};
    int ok = 1;
    size_t i = 0;
    if (!allow_empty && !v->child) {
        fail(c, path, "must not be empty");
        return NULL;
    }
    for (const cJSON *it = v->child; it; it = it->next, i++) {
        char where[PATH_MAX_];
        idx(where, path, i);
        const char *s = get_string(c, it, where);
        if (!s) {
            ok = 0;
            continue;
        }
        if (strchr(s, ',')) {
            fail(c, where, "must be one item, without ','");
            ok = 0;
            continue;
        }
        size_t j = 0;
        for (const cJSON *p = v->child; p != it; p = p->next, j++)
            if (cJSON_IsString(p) && p->valuestring && wn_streq_nocase(p->valuestring, s)) {
                fail(c, where, "duplicate of [%u]", (unsigned)j);
                ok = 0;
                break;
            }
        wn_strbuf_printf(&b, "%s%s", b.len ? "," : "", s);
    }
    char *text = wn_strbuf_take(&b);
    if (!ok || !text) {
        if (!text && ok)
            c->oom = 1;
        free(text);
        return NULL;
    }
    return text;
}

/* Ports as an array of integers or "a-b" strings, joined for hvfw's parser. */
static char *get_port_list(ctx *c, const cJSON *v, const char *path)
{
    if (!cJSON_IsArray(v) || !v->child) {
        fail(c, path, "must be a non-empty array of ports (integers 1..65535 or \"a-b\" ranges)");
        return NULL;
    }
    wn_strbuf b = {0};
    int ok = 1;
    size_t i = 0;
    for (const cJSON *it = v->child; it; it = it->next, i++) {
        char where[PATH_MAX_];
        idx(where, path, i);
        if (cJSON_IsString(it)) {
            wslnet_hvfw_port_range *one = NULL;
            size_t n = 0;
            wslnet_error e;
            if (!it->valuestring || strchr(it->valuestring, ',') || wn_streq_nocase(it->valuestring, "any") ||
                wn_hvfw_port_list_parse(it->valuestring, "port", &one, &n, &e) != WSLNET_OK) {
                fail(c, where, "must be an integer 1..65535 or a range \"a-b\" with a <= b");
                ok = 0;
            } else {
                wn_strbuf_printf(&b, "%s%s", b.len ? "," : "", it->valuestring);
            }
            free(one);
        } else {
            uint16_t p;
            if (get_port(c, it, where, &p))
                wn_strbuf_printf(&b, "%s%u", b.len ? "," : "", (unsigned)p);
            else
                ok = 0;
        }
    }
    char *text = wn_strbuf_take(&b);
    if (ok && text) {
        wslnet_hvfw_port_range *all = NULL;
        size_t n = 0;
        wslnet_error e;
        if (wn_hvfw_port_list_parse(text, "ports", &all, &n, &e) != WSLNET_OK) {
            fail(c, path, "%s", e.message);
            ok = 0;
        }
        free(all);
    } else if (!text) {
        c->oom = 1;
    }
    if (!ok) {
        free(text);
        return NULL;
    }
    return text;
}

static int address_valid(const char *s)
{
    uint32_t a4;
    uint8_t a6[16];
    return wn_ipv4_parse(s, &a4) || wn_ipv6_parse(s, a6);
}

static void parse_proxy(ctx *c, const cJSON *o, const char *path, wn_policy_proxy *p)
{
    static const char *const members[] = {"listenPort", "connectAddress", "connectPort", "listenAddress",
                                          "firewall", NULL};
    static const char *const fw_members[] = {"profiles", "remoteAddresses", NULL};
    char where[PATH_MAX_];
    if (!check_object(c, o, path, members))
        return;
    const cJSON *v;
    sub(where, path, "listenPort");
    if (!(v = cJSON_GetObjectItemCaseSensitive(o, "listenPort")))
        fail(c, where, "required");
    else
        get_port(c, v, where, &p->listen_port);
    p->connect_port = p->listen_port;
    sub(where, path, "connectPort");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "connectPort")))
        get_port(c, v, where, &p->connect_port);
    sub(where, path, "connectAddress");
    if (!(v = cJSON_GetObjectItemCaseSensitive(o, "connectAddress"))) {
        fail(c, where, "required");
    } else {
        const char *s = get_string(c, v, where);
        if (s && strcmp(s, "wsl") != 0 && !address_valid(s) && !wn_pp_hostname_valid(s))
            fail(c, where, "must be \"wsl\", an IPv4 or IPv6 address, or a host name");
        else if (s)
            p->connect_address = dup_text(c, s);
    }
    sub(where, path, "listenAddress");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "listenAddress"))) {
        const char *s = get_string(c, v, where);
        if (s && !address_valid(s))
            fail(c, where, "must be an IPv4 or IPv6 address");
        else if (s)
            p->listen_address = dup_text(c, s);
    } else {
        p->listen_address = dup_text(c, "0.0.0.0");
    }
    sub(where, path, "firewall");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "firewall")) && check_object(c, v, where, fw_members)) {
        char fw[PATH_MAX_];
        const cJSON *f;
        wslnet_error e;
        p->has_firewall = 1;
        sub(fw, where, "profiles");
        char *text = NULL;
        if ((f = cJSON_GetObjectItemCaseSensitive(v, "profiles")) && (text = get_string_list(c, f, fw, 0)) &&
            wn_hostfw_profiles_parse(text, &p->firewall_profiles, &e) != WSLNET_OK)
            fail(c, fw, "%s", e.message);
        if (!f && wn_hostfw_profiles_parse(NULL, &p->firewall_profiles, &e) != WSLNET_OK)
            fail(c, fw, "%s", e.message);
        free(text);
        text = NULL;
        sub(fw, where, "remoteAddresses");
        char remote[WN_HOSTFW_REMOTE_MAX];
        if ((f = cJSON_GetObjectItemCaseSensitive(v, "remoteAddresses"))) {
            if ((text = get_string_list(c, f, fw, 0))) {
                if (wn_hostfw_remote_parse(text, remote, sizeof remote, &e) != WSLNET_OK)
                    fail(c, fw, "%s", e.message);
                else
                    p->firewall_remote = dup_text(c, remote);
            }
            free(text);
        } else {
            p->firewall_remote = dup_text(c, WN_HOSTFW_REMOTE_DEFAULT);
        }
    }
}

static void parse_exposure(ctx *c, const cJSON *o, const char *path, wn_policy_exposure *x)
{
    static const char *const members[] = {"ports", "protocol", NULL};
    static const char *const protocols[] = {"tcp", "udp", NULL};
    char where[PATH_MAX_];
    if (!check_object(c, o, path, members))
        return;
    const cJSON *v;
    sub(where, path, "ports");
    if (!(v = cJSON_GetObjectItemCaseSensitive(o, "ports"))) {
        fail(c, where, "required");
    } else if (!cJSON_IsArray(v) || !v->child) {
        fail(c, where, "must be a non-empty array of integers 1..65535");
    } else {
        size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
        x->ports = calloc(n, sizeof *x->ports);
        if (!x->ports) {
            c->oom = 1;
            return;
        }
        for (const cJSON *it = v->child; it; it = it->next, i++) {
            char at[PATH_MAX_];
            idx(at, where, i);
            uint16_t port;
            if (!get_port(c, it, at, &port))
                continue;
            for (size_t j = 0; j < x->port_count; j++)
                if (x->ports[j] == port) {
                    fail(c, at, "port %u given twice", (unsigned)port);
                    port = 0;
                    break;
                }
            if (port)
                x->ports[x->port_count++] = port;
        }
    }
    sub(where, path, "protocol");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "protocol")))
        x->udp = get_enum(c, v, where, protocols, "\"tcp\", \"udp\"") == 1;
}

static void parse_hvrule(ctx *c, const cJSON *o, const char *path, wn_policy_hvrule *r)
{
    static const char *const members[] = {"name", "protocol", "direction", "action", "localPorts",
                                          "remotePorts", "localAddresses", "remoteAddresses", "profiles",
                                          "enabled", NULL};
    static const char *const directions[] = {"inbound", "outbound", NULL};
    static const char *const actions[] = {"allow", "block", NULL};
    char where[PATH_MAX_];
    wslnet_error e;
    if (!check_object(c, o, path, members))
        return;
    const cJSON *v;
    r->enabled = 1;
    sub(where, path, "name");
    if (!(v = cJSON_GetObjectItemCaseSensitive(o, "name"))) {
        fail(c, where, "required");
    } else {
        const char *s = get_string(c, v, where);
        char made[WN_HVFW_NAME_MAX + 1];
        if (s && wn_hvfw_name_make(s, made, sizeof made, &e) != WSLNET_OK)
            fail(c, where, "%s", e.message);
        else if (s)
            r->name = dup_text(c, made);
    }
    int proto = WSLNET_HVFW_PROTOCOL_ANY;
    sub(where, path, "protocol");
    if (!(v = cJSON_GetObjectItemCaseSensitive(o, "protocol"))) {
        fail(c, where, "required");
    } else {
        const char *s = get_string(c, v, where);
        if (s && wn_hvfw_protocol_parse(s, &proto, &e) != WSLNET_OK)
            fail(c, where, "%s", e.message);
        else if (s)
            r->protocol = dup_text(c, s);
    }
    sub(where, path, "direction");
    v = cJSON_GetObjectItemCaseSensitive(o, "direction");
    r->direction = dup_text(c, v && get_enum(c, v, where, directions, "\"inbound\", \"outbound\"") == 1 ? "out" : "in");
    sub(where, path, "action");
    v = cJSON_GetObjectItemCaseSensitive(o, "action");
    r->action = dup_text(c, v && get_enum(c, v, where, actions, "\"allow\", \"block\"") == 1 ? "block" : "allow");
    static const char *const port_members[] = {"localPorts", "remotePorts"};
    char **port_fields[] = {&r->local_ports, &r->remote_ports};
    for (size_t i = 0; i < 2; i++) {
        sub(where, path, port_members[i]);
        if ((v = cJSON_GetObjectItemCaseSensitive(o, port_members[i]))) {
            if (r->protocol && !wn_hvfw_protocol_has_ports(proto))
                fail(c, where, "ports need protocol tcp or udp");
            else
                *port_fields[i] = get_port_list(c, v, where);
        }
    }
    static const char *const addr_members[] = {"localAddresses", "remoteAddresses"};
    char **addr_fields[] = {&r->local_addresses, &r->remote_addresses};
    for (size_t i = 0; i < 2; i++) {
        sub(where, path, addr_members[i]);
        if (!(v = cJSON_GetObjectItemCaseSensitive(o, addr_members[i])))
            continue;
        char *text = get_string_list(c, v, where, 0);
        wslnet_hvfw_address *parsed = NULL;
        size_t n = 0;
        if (text && (wn_streq_nocase(text, "any") ||
                     wn_hvfw_address_list_parse(text, addr_members[i], &parsed, &n, &e) != WSLNET_OK)) {
            fail(c, where, "%s", wn_streq_nocase(text, "any") ? "omit the member for any address" : e.message);
            free(text);
            text = NULL;
        }
        free(parsed);
        *addr_fields[i] = text;
    }
    sub(where, path, "profiles");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "profiles"))) {
        char *text = get_string_list(c, v, where, 0);
        int mask;
        if (text && (wn_streq_nocase(text, "any") || wn_hvfw_profiles_parse(text, &mask, &e) != WSLNET_OK)) {
            fail(c, where, "must list \"domain\", \"private\", \"public\" (omit the member for any)");
            free(text);
            text = NULL;
        }
        r->profiles = text;
    }
    sub(where, path, "enabled");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "enabled"))) {
        if (!cJSON_IsBool(v))
            fail(c, where, "must be true or false");
        else
            r->enabled = cJSON_IsTrue(v);
    }
}

static void parse_hyperv(ctx *c, const cJSON *o, const char *path, wn_policy *p)
{
    static const char *const members[] = {"settings", "rules", NULL};
    static const char *const set_members[] = {"enabled", "defaultInboundAction", "defaultOutboundAction",
                                              "loopbackEnabled", NULL};
    static const char *const actions[] = {"allow", "block", NULL};
    char where[PATH_MAX_];
    if (!check_object(c, o, path, members))
        return;
    const cJSON *v;
    sub(where, path, "settings");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "settings")) && check_object(c, v, where, set_members)) {
        char at[PATH_MAX_];
        const cJSON *s;
        static const char *const bools[] = {"enabled", "loopbackEnabled"};
        const char **bool_fields[] = {&p->hv_settings.enabled, &p->hv_settings.loopback};
        for (size_t i = 0; i < 2; i++) {
            sub(at, where, bools[i]);
            if ((s = cJSON_GetObjectItemCaseSensitive(v, bools[i]))) {
                if (!cJSON_IsBool(s))
                    fail(c, at, "must be true or false");
                else
                    *bool_fields[i] = cJSON_IsTrue(s) ? "true" : "false";
            }
        }
        static const char *const acts[] = {"defaultInboundAction", "defaultOutboundAction"};
        const char **act_fields[] = {&p->hv_settings.default_inbound, &p->hv_settings.default_outbound};
        for (size_t i = 0; i < 2; i++) {
            sub(at, where, acts[i]);
            if ((s = cJSON_GetObjectItemCaseSensitive(v, acts[i]))) {
                int k = get_enum(c, s, at, actions, "\"allow\", \"block\"");
                if (k >= 0)
                    *act_fields[i] = actions[k];
            }
        }
    }
    sub(where, path, "rules");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "rules"))) {
        if (!cJSON_IsArray(v)) {
            fail(c, where, "must be an array");
            return;
        }
        size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
        p->hv_rules = calloc(n ? n : 1, sizeof *p->hv_rules);
        if (!p->hv_rules) {
            c->oom = 1;
            return;
        }
        for (const cJSON *it = v->child; it; it = it->next, i++) {
            char at[PATH_MAX_];
            idx(at, where, i);
            wn_policy_hvrule *r = &p->hv_rules[p->hv_rule_count++];
            parse_hvrule(c, it, at, r);
            for (size_t j = 0; r->name && j + 1 < p->hv_rule_count; j++)
                if (p->hv_rules[j].name && wn_streq_nocase(p->hv_rules[j].name, r->name)) {
                    char nm[PATH_MAX_];
                    sub(nm, at, "name");
                    fail(c, nm, "rule name %s given twice (also [%u])", r->name, (unsigned)j);
                }
        }
    }
}

/* "all" or a non-empty array of names; *all set for "all". */
static void parse_who(ctx *c, const cJSON *v, const char *path, int *all, wn_policy_strings *list)
{
    *all = 0;
    if (cJSON_IsString(v) && v->valuestring && strcmp(v->valuestring, "all") == 0) {
        *all = 1;
        return;
    }
    if (!cJSON_IsArray(v)) {
        fail(c, path, "must be \"all\" or a non-empty array of names");
        return;
    }
    size_t i = 0;
    int ok = 1;
    for (const cJSON *it = v->child; it; it = it->next, i++) {
        char at[PATH_MAX_];
        idx(at, path, i);
        /* a user or distro name is one path component */
        if (cJSON_IsString(it) && it->valuestring &&
            (strpbrk(it->valuestring, "\\/:*?\"<>|") || strcmp(it->valuestring, ".") == 0 ||
             strcmp(it->valuestring, "..") == 0)) {
            fail(c, at, "must be a name, not a path");
            ok = 0;
        }
    }
    char *text = get_string_list(c, v, path, 0);
    if (!text || !ok) {
        free(text);
        return;
    }
    free(text);
    list->items = calloc((size_t)cJSON_GetArraySize(v), sizeof *list->items);
    if (!list->items) {
        c->oom = 1;
        return;
    }
    for (const cJSON *it = v->child; it; it = it->next)
        list->items[list->count++] = dup_text(c, it->valuestring);
}

static const wn_cfg_key *get_cfg_key(ctx *c, const char *name, const char *path)
{
    int alias = 0;
    const wn_cfg_key *k = wn_cfg_key_match(WN_CFG_FILE_WSLCONFIG, name, &alias);
    if (!k || (k->flags & WN_KEY_REMOVED)) {
        fail(c, path, "%s is not a .wslconfig key WSL reads (see wslnet config keys)", name);
        return NULL;
    }
    return k;
}

static void parse_wslconfig(ctx *c, const cJSON *o, const char *path, wn_policy *p)
{
    static const char *const members[] = {"users", "set", "unset", NULL};
    char where[PATH_MAX_];
    if (!check_object(c, o, path, members))
        return;
    const cJSON *v;
    p->wslconfig_all_users = 1;
    sub(where, path, "users");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "users")))
        parse_who(c, v, where, &p->wslconfig_all_users, &p->wslconfig_users);
    const wn_cfg_key *set_keys[256];
    size_t set_n = 0;
    sub(where, path, "set");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "set"))) {
        if (!cJSON_IsObject(v)) {
            fail(c, where, "must be an object of key: value");
        } else {
            size_t n = (size_t)cJSON_GetArraySize(v);
            p->wslconfig_set = calloc(n ? n : 1, sizeof *p->wslconfig_set);
            if (!p->wslconfig_set) {
                c->oom = 1;
                return;
            }
            for (const cJSON *m = v->child; m; m = m->next) {
                char at[PATH_MAX_];
                sub(at, where, m->string);
                const wn_cfg_key *k = get_cfg_key(c, m->string, at);
                if (!k)
                    continue;
                for (size_t j = 0; j < set_n; j++)
                    if (set_keys[j] == k) {
                        fail(c, at, "names a key already set");
                        k = NULL;
                        break;
                    }
                if (!k)
                    continue;
                if (set_n < sizeof set_keys / sizeof set_keys[0])
                    set_keys[set_n++] = k;
                else {
                    fail(c, at, "too many keys");
                    continue;
                }
                char value[64];
                const char *text = NULL;
                if (cJSON_IsBool(m))
                    text = cJSON_IsTrue(m) ? "true" : "false";
                else if (cJSON_IsNumber(m) && m->valuedouble > -1e15 && m->valuedouble < 1e15 &&
                         m->valuedouble == (double)(long long)m->valuedouble) {
                    snprintf(value, sizeof value, "%lld", (long long)m->valuedouble);
                    text = value;
                } else if (cJSON_IsString(m))
                    text = get_string(c, m, at);
                else {
                    fail(c, at, "must be a string, an integer or true/false");
                    continue;
                }
                if (!text)
                    continue;
                char why[256];
                if (!wn_cfg_value_valid(k, text, why, sizeof why)) {
                    fail(c, at, "%s", why);
                    continue;
                }
                char full[128];
                wn_cfg_key_fullname(k, full, sizeof full);
                wn_policy_cfgset *s = &p->wslconfig_set[p->wslconfig_set_count++];
                s->key = dup_text(c, full);
                s->value = dup_text(c, text);
            }
        }
    }
    sub(where, path, "unset");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "unset"))) {
        if (!cJSON_IsArray(v)) {
            fail(c, where, "must be an array of key names");
            return;
        }
        size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
        const wn_cfg_key *seen[256];
        size_t seen_n = 0;
        p->wslconfig_unset.items = calloc(n ? n : 1, sizeof(char *));
        if (!p->wslconfig_unset.items) {
            c->oom = 1;
            return;
        }
        for (const cJSON *it = v->child; it; it = it->next, i++) {
            char at[PATH_MAX_];
            idx(at, where, i);
            const char *s = get_string(c, it, at);
            const wn_cfg_key *k = s ? get_cfg_key(c, s, at) : NULL;
            if (!k)
                continue;
            int dup = 0;
            for (size_t j = 0; j < set_n; j++)
                if (set_keys[j] == k) {
                    fail(c, at, "%s is both set and unset", s);
                    dup = 1;
                }
            for (size_t j = 0; j < seen_n && !dup; j++)
                if (seen[j] == k) {
                    fail(c, at, "%s given twice", s);
                    dup = 1;
                }
            if (dup)
                continue;
            if (seen_n < sizeof seen / sizeof seen[0])
                seen[seen_n++] = k;
            char full[128];
            wn_cfg_key_fullname(k, full, sizeof full);
            p->wslconfig_unset.items[p->wslconfig_unset.count++] = dup_text(c, full);
        }
    }
}

static void parse_certificates(ctx *c, const cJSON *o, const char *path, wn_policy *p)
{
    static const char *const members[] = {"distros", "stores", "subject", NULL};
    static const char *const stores[] = {"LocalMachine\\Root", "LocalMachine\\CA", "CurrentUser\\Root",
                                         "CurrentUser\\CA", NULL};
    char where[PATH_MAX_];
    if (!check_object(c, o, path, members))
        return;
    const cJSON *v;
    p->cert_all_distros = 1;
    sub(where, path, "distros");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "distros")))
        parse_who(c, v, where, &p->cert_all_distros, &p->cert_distros);
    sub(where, path, "stores");
    if (!(v = cJSON_GetObjectItemCaseSensitive(o, "stores"))) {
        fail(c, where, "required");
    } else if (!cJSON_IsArray(v) || !v->child) {
        fail(c, where, "must be a non-empty array of store names");
    } else {
        size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
        p->cert_stores.items = calloc(n, sizeof(char *));
        if (!p->cert_stores.items) {
            c->oom = 1;
            return;
        }
        for (const cJSON *it = v->child; it; it = it->next, i++) {
            char at[PATH_MAX_];
            idx(at, where, i);
            int k = get_enum(c, it, at, stores,
                             "\"LocalMachine\\\\Root\", \"LocalMachine\\\\CA\", \"CurrentUser\\\\Root\", "
                             "\"CurrentUser\\\\CA\"");
            if (k < 0)
                continue;
            int dup = 0;
            for (size_t j = 0; j < p->cert_stores.count; j++)
                if (strcmp(p->cert_stores.items[j], stores[k]) == 0)
                    dup = 1;
            if (dup)
                fail(c, at, "store given twice");
            else
                p->cert_stores.items[p->cert_stores.count++] = dup_text(c, stores[k]);
        }
    }
    sub(where, path, "subject");
    if (!(v = cJSON_GetObjectItemCaseSensitive(o, "subject"))) {
        fail(c, where, "required");
    } else {
        const char *s = get_string(c, v, where);
        if (s)
            p->cert_subject = dup_text(c, s);
    }
}

static void parse_root(ctx *c, const cJSON *root, wn_policy *p)
{
    static const char *const members[] = {"$schema", "schemaVersion", "portProxies", "exposures",
                                          "hyperVFirewall", "natSubnet", "wslConfig", "certificates", NULL};
    if (!check_object(c, root, "$", members))
        return;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "schemaVersion");
    if (!v)
        fail(c, "$.schemaVersion", "required (1)");
    else if (!cJSON_IsNumber(v) || v->valuedouble != WN_POLICY_SCHEMA_VERSION)
        fail(c, "$.schemaVersion", "must be 1 (this wslnet reads schema version 1 only)");
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "$schema")) && !cJSON_IsString(v))
        fail(c, "$.$schema", "must be a string");
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "portProxies"))) {
        p->has_port_proxies = 1;
        if (!cJSON_IsArray(v)) {
            fail(c, "$.portProxies", "must be an array");
        } else {
            size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
            p->proxies = calloc(n ? n : 1, sizeof *p->proxies);
            if (!p->proxies) {
                c->oom = 1;
                return;
            }
            for (const cJSON *it = v->child; it; it = it->next, i++) {
                char at[PATH_MAX_];
                idx(at, "$.portProxies", i);
                wn_policy_proxy *x = &p->proxies[p->proxy_count++];
                parse_proxy(c, it, at, x);
                for (size_t j = 0; x->listen_port && x->listen_address && j + 1 < p->proxy_count; j++) {
                    const wn_policy_proxy *y = &p->proxies[j];
                    if (y->listen_port == x->listen_port && y->listen_address &&
                        wn_streq_nocase(y->listen_address, x->listen_address)) {
                        char lp[PATH_MAX_];
                        sub(lp, at, "listenPort");
                        fail(c, lp, "%s:%u is already listened on by [%u]", x->listen_address,
                             (unsigned)x->listen_port, (unsigned)j);
                    }
                }
            }
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "exposures"))) {
        p->has_exposures = 1;
        if (!cJSON_IsArray(v)) {
            fail(c, "$.exposures", "must be an array");
        } else {
            size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
            p->exposures = calloc(n ? n : 1, sizeof *p->exposures);
            if (!p->exposures) {
                c->oom = 1;
                return;
            }
            for (const cJSON *it = v->child; it; it = it->next, i++) {
                char at[PATH_MAX_];
                idx(at, "$.exposures", i);
                wn_policy_exposure *x = &p->exposures[p->exposure_count++];
                parse_exposure(c, it, at, x);
                for (size_t j = 0; j + 1 < p->exposure_count; j++) {
                    const wn_policy_exposure *y = &p->exposures[j];
                    for (size_t a = 0; y->udp == x->udp && a < x->port_count; a++)
                        for (size_t b = 0; b < y->port_count; b++)
                            if (x->ports[a] == y->ports[b]) {
                                char pp[PATH_MAX_];
                                sub(pp, at, "ports");
                                fail(c, pp, "port %u is already exposed by [%u]", (unsigned)x->ports[a], (unsigned)j);
                            }
                }
            }
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "hyperVFirewall"))) {
        p->has_hyperv = 1;
        parse_hyperv(c, v, "$.hyperVFirewall", p);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "natSubnet"))) {
        const char *s = get_string(c, v, "$.natSubnet");
        wn_subnet_request req;
        wslnet_error e;
        if (s && wn_subnet_request_parse(s, NULL, &req, &e) != WSLNET_OK) {
            fail(c, "$.natSubnet", "%s", e.message);
        } else if (s) {
            p->has_nat_subnet = 1;
            p->nat_net = req.network;
            p->nat_len = req.length;
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "wslConfig"))) {
        p->has_wslconfig = 1;
        parse_wslconfig(c, v, "$.wslConfig", p);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "certificates"))) {
        p->has_certificates = 1;
        parse_certificates(c, v, "$.certificates", p);
    }
}

static void strings_free(wn_policy_strings *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->items[i]);
    free(s->items);
}

void wn_policy_free(wn_policy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->proxy_count; i++) {
        free(p->proxies[i].listen_address);
        free(p->proxies[i].connect_address);
        free(p->proxies[i].firewall_remote);
    }
    free(p->proxies);
    for (size_t i = 0; i < p->exposure_count; i++)
        free(p->exposures[i].ports);
    free(p->exposures);
    for (size_t i = 0; i < p->hv_rule_count; i++) {
        wn_policy_hvrule *r = &p->hv_rules[i];
        free(r->name);
        free(r->protocol);
        free(r->direction);
        free(r->action);
        free(r->local_ports);
        free(r->remote_ports);
        free(r->local_addresses);
        free(r->remote_addresses);
        free(r->profiles);
    }
    free(p->hv_rules);
    strings_free(&p->wslconfig_users);
    for (size_t i = 0; i < p->wslconfig_set_count; i++) {
        free(p->wslconfig_set[i].key);
        free(p->wslconfig_set[i].value);
    }
    free(p->wslconfig_set);
    strings_free(&p->wslconfig_unset);
    strings_free(&p->cert_distros);
    strings_free(&p->cert_stores);
    free(p->cert_subject);
    memset(p, 0, sizeof *p);
}

void wn_policy_errors_free(wn_policy_errors *errors)
{
    if (!errors)
        return;
    free(errors->text.data);
    memset(errors, 0, sizeof *errors);
}

wslnet_status wn_policy_parse(const char *json, size_t len, wn_policy *out, wn_policy_errors *errors,
                              wslnet_error *err)
{
    memset(out, 0, sizeof *out);
    memset(errors, 0, sizeof *errors);
    ctx c = {errors, 0};
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= json && at <= json + len ? (size_t)(at - json) : 0;
        /* cJSON_GetErrorPtr is global state; the offset is what we can tell. */
        char where[64];
        snprintf(where, sizeof where, "$ (byte %lu)", (unsigned long)off);
        fail(&c, where, "not well-formed JSON");
    } else {
        parse_root(&c, root, out);
        cJSON_Delete(root);
    }
    if (c.oom) {
        wn_policy_free(out);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory reading the policy");
    }
    if (errors->count) {
        wn_policy_free(out);
        /* every error on one line (callers show err alone: the cmdlets' ErrorRecord),
         * as many as fit; the rest counted */
        char msg[WSLNET_MESSAGE_MAX - 64];
        const char *line = errors->text.data ? errors->text.data : "";
        size_t shown = 0, used;
        used = (size_t)snprintf(msg, sizeof msg, "the policy has %u error%s: ", (unsigned)errors->count,
                                errors->count == 1 ? "" : "s");
        while (*line && used < sizeof msg) {
            const char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) : strlen(line);
            if (used + n + 2 >= sizeof msg)
                break;
            used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%.*s", shown ? "; " : "", (int)n, line);
            shown++;
            line = nl ? nl + 1 : line + n;
        }
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s%s", msg,
                       shown < errors->count ? "; ... (policy validate lists them all)" : "");
    }
    return WSLNET_OK;
}
