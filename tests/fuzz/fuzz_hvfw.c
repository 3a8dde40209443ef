/* libFuzzer: the Hyper-V firewall validators on arbitrary text. The whole
 * input goes to every validator (ports, addresses, protocol, braced GUID,
 * profiles, names), and its lines to a rule build ("name\nprotocol\nlocal
 * ports\nremote ports\nlocal addresses\nremote addresses\nprofiles\n
 * direction\naction"). What is accepted must be stable: the canonical form
 * parses again to itself; a built rule is consistent (ports only with TCP/UDP,
 * the name owned); object paths unescape back to the name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hvfw_plan.h"

/* Items joined by commas into a malloc'd string (NULL for an empty list). */
static char *join(const wslnet_hvfw_strings *l)
{
    size_t i, len = 0;
    char *s;
    if (l->count == 0)
        return NULL;
    for (i = 0; i < l->count; i++)
        len += strlen(l->items[i]) + 1;
    if (!(s = malloc(len)))
        return NULL;
    s[0] = '\0';
    for (i = 0; i < l->count; i++) {
        if (i)
            strcat(s, ",");
        strcat(s, l->items[i]);
    }
    return s;
}

typedef wslnet_status (*list_parse)(const char *, const char *, wslnet_hvfw_strings *, wslnet_error *);

/* Accepted lists re-parse from their canonical text to the same items. */
static void check_list(list_parse parse, const char *text)
{
    wslnet_hvfw_strings a = {0, NULL}, b = {0, NULL};
    wslnet_error err;
    char *again;
    if (parse(text, "--x", &a, &err) != WSLNET_OK) {
        if (a.count != 0 || a.items != NULL || err.message[0] == '\0')
            abort();
        return;
    }
    again = join(&a);
    if (again) {
        if (parse(again, "--x", &b, &err) != WSLNET_OK || !wn_hvfw_strings_equal(&a, &b))
            abort();
        wn_hvfw_strings_clear(&b);
        free(again);
    }
    wn_hvfw_strings_clear(&a);
}

static void check_words(const char *text)
{
    char protocol[8], again[8], name[WN_HVFW_NAME_MAX + 1], name2[WN_HVFW_NAME_MAX + 1], creator[40];
    char profiles_text[32];
    int mask, mask2, v;
    wslnet_error err;
    char *path;
    size_t i, o;

    if (wn_hvfw_protocol_parse(text, protocol, sizeof protocol, &err) == WSLNET_OK && protocol[0]) {
        if (wn_hvfw_protocol_parse(protocol, again, sizeof again, &err) != WSLNET_OK || strcmp(protocol, again))
            abort();
    }
    if (wn_hvfw_guid_valid(text) != (wn_hvfw_creator_parse(text, creator, &err) == WSLNET_OK))
        abort();
    if (wn_hvfw_guid_valid(text) && strlen(text) != 38)
        abort();
    if (wn_hvfw_profiles_parse(text, &mask, &err) == WSLNET_OK) {
        if (mask < 0 || mask > 7)
            abort();
        wn_hvfw_profiles_format(mask, profiles_text, sizeof profiles_text);
        if (wn_hvfw_profiles_parse(profiles_text, &mask2, &err) != WSLNET_OK || mask != mask2)
            abort();
    }
    if (wn_hvfw_name_make(text, name, sizeof name, &err) == WSLNET_OK) {
        if (!wn_hvfw_name_is_owned(name) || strlen(name) > WN_HVFW_NAME_MAX)
            abort();
        if (wn_hvfw_name_make(name, name2, sizeof name2, &err) != WSLNET_OK || strcmp(name, name2))
            abort();
    }
    (void)wn_hvfw_direction_parse(text, &v, &err);
    (void)wn_hvfw_tristate_parse(text, "--x", &v, &err);
    (void)wn_hvfw_text_valid(text, WN_HVFW_TEXT_MAX);

    /* The object path unescapes back to the name. */
    if ((path = wn_hvfw_rule_path(text)) != NULL) {
        const char *p = strchr(path, '"') + 1;
        size_t len = strlen(text);
        for (i = 0, o = 0; p[i] && !(p[i] == '"' && p[i + 1] == '\0'); i++, o++) {
            if (p[i] == '\\')
                i++;
            if (o >= len || p[i] != text[o])
                abort();
        }
        if (o != len)
            abort();
        free(path);
    }
}

/* The i-th line of text (lines cut in place), NULL past the last. */
static char *line_at(char **lines, size_t n, size_t i)
{
    return i < n ? lines[i] : NULL;
}

static void check_rule(char *text)
{
    char *lines[9];
    size_t n = 0;
    char *p = text;
    wslnet_hvfw_rule_options o;
    wslnet_hvfw_rule r, copy;
    wslnet_error err;
    while (n < 9) {
        char *nl = strchr(p, '\n');
        lines[n++] = p;
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    memset(&o, 0, sizeof o);
    o.name = line_at(lines, n, 0);
    o.protocol = line_at(lines, n, 1);
    o.local_ports = line_at(lines, n, 2);
    o.remote_ports = line_at(lines, n, 3);
    o.local_addresses = line_at(lines, n, 4);
    o.remote_addresses = line_at(lines, n, 5);
    o.profiles = line_at(lines, n, 6);
    o.direction = line_at(lines, n, 7);
    o.action = line_at(lines, n, 8);
    if (wn_hvfw_rule_make(&o, &r, &err) != WSLNET_OK)
        return;
    if (!r.owned || ((r.local_ports.count || r.remote_ports.count) && !wn_hvfw_protocol_has_ports(r.protocol)))
        abort();
    if (wn_hvfw_rule_copy(&copy, &r, &err) == WSLNET_OK) {
        if (!wn_hvfw_rule_same(&r, &copy) || wn_hvfw_plan_add(&r, &copy, 1) != WN_HVFW_OP_NONE)
            abort();
        wn_hvfw_rule_clear(&copy);
    }
    wn_hvfw_rule_clear(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, bytes, size);
    text[size] = '\0';
    check_list(wn_hvfw_ports_parse, text);
    check_list(wn_hvfw_addresses_parse, text);
    check_words(text);
    check_rule(text);
    free(text);
    return 0;
}
