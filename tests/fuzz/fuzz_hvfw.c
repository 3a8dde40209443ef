/* libFuzzer: the Hyper-V firewall validators on arbitrary text. The whole
 * input goes to every validator (ports, addresses, protocol, braced GUID,
 * profiles, names), and its lines to a rule build ("name\nprotocol\nlocal
 * ports\nremote ports\nlocal addresses\nremote addresses\nprofiles\n
 * direction\naction"). What is accepted must be stable: the canonical form
 * parses again to itself; a built rule is consistent (ports only with TCP/UDP,
 * the name owned; what the text parser accepts the typed check accepts);
 * ports and addresses go parse -> format (WMI's text) -> parse to the same
 * values; object paths unescape back to the name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hvfw_plan.h"

/* Accepted ports format to WMI's text and parse back to the same values
 * (parse -> format -> parse); a refusal leaves nothing behind. */
static void check_ports(const char *text)
{
    wslnet_hvfw_port_range *a = NULL, *b = NULL;
    size_t n = 0, m = 0, i, pos = 0;
    wslnet_error err;
    char *again;
    if (wn_hvfw_port_list_parse(text, "x", &a, &n, &err) != WSLNET_OK) {
        if (a || n || err.message[0] == '\0')
            abort();
        return;
    }
    if (!n)
        return;
    if (!(again = malloc(n * 12 + 1)))
        abort();
    for (i = 0; i < n; i++) {
        if (wn_hvfw_port_range_check(&a[i], "x", &err) != WSLNET_OK)
            abort();
        if (i)
            again[pos++] = ',';
        wn_hvfw_port_format(&a[i], again + pos, 12);
        pos += strlen(again + pos);
    }
    if (wn_hvfw_port_list_parse(again, "x", &b, &m, &err) != WSLNET_OK || m != n)
        abort();
    for (i = 0; i < n; i++)
        if (a[i].first != b[i].first || a[i].last != b[i].last)
            abort();
    free(again);
    free(a);
    free(b);
}

/* The same for addresses: canonical text, then the same values again. */
static void check_addresses(const char *text)
{
    wslnet_hvfw_address *a = NULL, *b = NULL;
    size_t n = 0, m = 0, i, pos = 0;
    wslnet_error err;
    char *again;
    if (wn_hvfw_address_list_parse(text, "x", &a, &n, &err) != WSLNET_OK) {
        if (a || n || err.message[0] == '\0')
            abort();
        return;
    }
    if (!n)
        return;
    if (!(again = malloc(n * (WN_HVFW_ADDRESS_TEXT_MAX + 1) + 1)))
        abort();
    for (i = 0; i < n; i++) {
        if (wn_hvfw_address_check(&a[i], "x", &err) != WSLNET_OK)
            abort();
        if (i)
            again[pos++] = ',';
        wn_hvfw_address_format(&a[i], again + pos, WN_HVFW_ADDRESS_TEXT_MAX + 1);
        pos += strlen(again + pos);
    }
    if (wn_hvfw_address_list_parse(again, "x", &b, &m, &err) != WSLNET_OK || m != n)
        abort();
    for (i = 0; i < n; i++)
        if (!wn_hvfw_address_equal(&a[i], &b[i]))
            abort();
    free(again);
    free(a);
    free(b);
}

static void check_words(const char *text)
{
    char protocol[8], name[WN_HVFW_NAME_MAX + 1], name2[WN_HVFW_NAME_MAX + 1], creator[40];
    char profiles_text[32];
    int mask, mask2, number, again;
    wslnet_hvfw_direction direction;
    wslnet_hvfw_bool flag;
    wslnet_error err;
    char *path;
    size_t i, o;

    if (wn_hvfw_protocol_parse(text, &number, &err) == WSLNET_OK) {
        if (wn_hvfw_protocol_check(number, &err) != WSLNET_OK)
            abort();
        wn_hvfw_protocol_format(number, protocol, sizeof protocol);
        if (protocol[0] ? wn_hvfw_protocol_parse(protocol, &again, &err) != WSLNET_OK || again != number
                        : number != WSLNET_HVFW_PROTOCOL_ANY)
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
    (void)wn_hvfw_direction_parse(text, &direction, &err);
    (void)wn_hvfw_tristate_parse(text, "x", &flag, &err);
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
    wn_hvfw_rule_text o;
    wn_hvfw_rule_typed typed;
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
    if (wn_hvfw_rule_text_parse(&o, &typed, &err) != WSLNET_OK)
        return;
    /* What the text parser accepts, the DLL's typed check accepts too. */
    if (wn_hvfw_rule_make(&typed.options, &r, &err) != WSLNET_OK)
        abort();
    if (!r.owned || ((r.local_ports.count || r.remote_ports.count) && !wn_hvfw_protocol_has_ports(typed.options.protocol)))
        abort();
    wn_hvfw_rule_typed_free(&typed);
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
    check_ports(text);
    check_addresses(text);
    check_words(text);
    check_rule(text);
    free(text);
    return 0;
}
