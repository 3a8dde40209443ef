/* hvfw_parse.c - the Hyper-V firewall's text: parsers of what a person or
 * a policy file gives (ports, addresses, protocol, profiles, words, names,
 * the store) into the C API's typed options, the checks of those values, and
 * their canonical text as WMI stores it (see hvfw_plan.h; the model and the
 * planners: hvfw_plan.c). */
#include "hvfw_plan.h"

#include "ipv4.h"
#include "ipv6.h"
#include "status.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Up to 40 bytes of text for a message, cut with "..." when longer. */
const char *wn_hvfw_quote(const char *text, size_t len, char *buf, size_t size)
{
    size_t n = len < size - 4 ? len : size - 4;
    memcpy(buf, text, n);
    strcpy(buf + n, n < len ? "..." : "");
    return buf;
}

/* -------------------------------------------------------------- helpers */

/* ASCII case-insensitive prefix test. */
static int has_prefix_nocase(const char *text, const char *prefix)
{
    for (; *prefix; prefix++, text++) {
        char a = *text, b = *prefix;
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}


/* Parses decimal over text[0..len): no sign, no leading zero, <= max. */
static int parse_decimal(const char *text, size_t len, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    size_t i;
    if (len == 0 || (len > 1 && text[0] == '0'))
        return 0;
    for (i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return 0;
        v = v * 10 + (unsigned long)(text[i] - '0');
        if (v > max)
            return 0;
    }
    *out = v;
    return 1;
}

/* Parses one item of text[0..len) into *elem; fills err naming what. */
typedef wslnet_status (*item_fn)(const char *item, size_t len, const char *what, void *elem,
                                 wslnet_error *err);

/* Splits text at commas into a malloc'd array of size-byte elements, one
 * item() each (empty items are errors); "any" alone is no items. */
static wslnet_status parse_list(const char *text, const char *what, item_fn item, size_t size, void **out,
                                size_t *count, wslnet_error *err)
{
    const char *p = text;
    unsigned char *items = NULL;
    size_t n = 0;
    wslnet_status st;
    *out = NULL;
    *count = 0;
    if (!text || !*text)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s is empty: give a list, or any", what);
    if (wn_streq_nocase(text, "any"))
        return WSLNET_OK;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char buf[48];
        void *grown;
        if (len == 0) {
            st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s has an empty item in '%s'", what,
                         wn_hvfw_quote(text, strlen(text), buf, sizeof buf));
            break;
        }
        if (len == 3 && has_prefix_nocase(p, "any")) {
            st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: any stands alone, not in a list", what);
            break;
        }
        if (n >= WN_HVFW_LIST_MAX) {
            st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s has more than %d items", what, WN_HVFW_LIST_MAX);
            break;
        }
        if (!(grown = realloc(items, (n + 1) * size))) {
            st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            break;
        }
        items = grown;
        memset(items + n * size, 0, size);
        if ((st = item(p, len, what, items + n * size, err)) != WSLNET_OK)
            break;
        n++;
        if (!comma) {
            *out = items;
            *count = n;
            return WSLNET_OK;
        }
        p = comma + 1;
    }
    free(items);
    return st;
}

/* ---------------------------------------------------------------- ports */

static wslnet_status port_item(const char *item, size_t len, const char *what, void *elem, wslnet_error *err)
{
    wslnet_hvfw_port_range *out = elem;
    const char *dash = memchr(item, '-', len);
    unsigned long a, b;
    char buf[48];
    int ok;
    if (dash) {
        ok = parse_decimal(item, (size_t)(dash - item), 65535, &a) && a >= 1 &&
             parse_decimal(dash + 1, len - (size_t)(dash - item) - 1, 65535, &b) && b >= 1;
        if (ok && a > b)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: range '%s' runs backwards (write %lu-%lu)",
                           what, wn_hvfw_quote(item, len, buf, sizeof buf), b, a);
    } else {
        ok = parse_decimal(item, len, 65535, &a) && a >= 1;
        b = a;
    }
    if (!ok)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "%s: '%s' is not a port (1-65535) or a range of ports (a-b); use any for all ports",
                       what, wn_hvfw_quote(item, len, buf, sizeof buf));
    out->first = (uint16_t)a;
    out->last = (uint16_t)b;
    return WSLNET_OK;
}

wslnet_status wn_hvfw_port_list_parse(const char *text, const char *what, wslnet_hvfw_port_range **out,
                                      size_t *count, wslnet_error *err)
{
    return parse_list(text, what, port_item, sizeof **out, (void **)out, count, err);
}

wslnet_status wn_hvfw_port_range_check(const wslnet_hvfw_port_range *r, const char *what, wslnet_error *err)
{
    if (r->first == 0 || r->first > r->last)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "%s: %u-%u is not a range of ports (1-65535, first <= last)", what, (unsigned)r->first,
                       (unsigned)r->last);
    return WSLNET_OK;
}

void wn_hvfw_port_format(const wslnet_hvfw_port_range *r, char *buf, size_t size)
{
    if (r->first == r->last)
        wn_snprintf(buf, size, "%u", (unsigned)r->first);
    else
        wn_snprintf(buf, size, "%u-%u", (unsigned)r->first, (unsigned)r->last);
}

/* ------------------------------------------------------------ addresses */

static int addr_parse(const char *text, size_t len, wslnet_ip_address *out)
{
    uint32_t v4;
    memset(out, 0, sizeof *out);
    if (wn_ipv4_parse_n(text, len, &v4)) {
        out->family = 4;
        out->bytes[0] = (uint8_t)(v4 >> 24);
        out->bytes[1] = (uint8_t)(v4 >> 16);
        out->bytes[2] = (uint8_t)(v4 >> 8);
        out->bytes[3] = (uint8_t)v4;
        return 1;
    }
    if (wn_ipv6_parse_n(text, len, out->bytes)) {
        out->family = 6;
        return 1;
    }
    return 0;
}

/* The prefix length of a contiguous IPv4 mask, -1 when not contiguous. */
static int mask_prefix(uint32_t mask)
{
    int n = 0;
    while (n < 32 && (mask & (0x80000000u >> n)))
        n++;
    if (n < 32 && (mask << n) != 0)
        return -1;
    return n;
}

static const char *const host_keywords[] = {
    "localsubnet", "localsubnet4", "localsubnet6", "dns", "dhcp", "wins", "defaultgateway",
    "internet", "intranet", "intranetremoteaccess", "playtodevice", "captiveportal", "ply2renders", NULL};

static wslnet_status address_item(const char *item, size_t len, const char *what, void *elem,
                                  wslnet_error *err)
{
    wslnet_hvfw_address *out = elem;
    const char *slash = memchr(item, '/', len), *dash = memchr(item, '-', len);
    char buf[48];
    size_t i;
    for (i = 0; host_keywords[i]; i++)
        if (strlen(host_keywords[i]) == len && has_prefix_nocase(item, host_keywords[i]))
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "%s: '%s' is a host firewall keyword; Hyper-V firewall rules take addresses, "
                           "subnets (a.b.c.d/n) or ranges (first-last)",
                           what, wn_hvfw_quote(item, len, buf, sizeof buf));
    if (slash && !dash) {
        size_t alen = (size_t)(slash - item), plen = len - alen - 1;
        unsigned long prefix;
        uint32_t mask;
        if (addr_parse(item, alen, &out->address)) {
            out->kind = WSLNET_HVFW_ADDRESS_SUBNET;
            if (parse_decimal(slash + 1, plen, out->address.family == 4 ? 32 : 128, &prefix)) {
                out->prefix = (unsigned)prefix;
                return WSLNET_OK;
            }
            /* The class documents prefix lengths only: a mask becomes one. */
            if (out->address.family == 4 && wn_ipv4_parse_n(slash + 1, plen, &mask) && mask_prefix(mask) >= 0) {
                out->prefix = (unsigned)mask_prefix(mask);
                return WSLNET_OK;
            }
        }
    } else if (dash && !slash) {
        size_t alen = (size_t)(dash - item);
        if (addr_parse(item, alen, &out->address) && addr_parse(dash + 1, len - alen - 1, &out->last)) {
            out->kind = WSLNET_HVFW_ADDRESS_RANGE;
            if (out->address.family != out->last.family)
                return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: range '%s' mixes IPv4 and IPv6",
                               what, wn_hvfw_quote(item, len, buf, sizeof buf));
            if (memcmp(out->address.bytes, out->last.bytes, out->address.family == 4 ? 4 : 16) > 0)
                return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: range '%s' runs backwards", what,
                               wn_hvfw_quote(item, len, buf, sizeof buf));
            return WSLNET_OK;
        }
    } else if (!dash && !slash && addr_parse(item, len, &out->address)) {
        out->kind = WSLNET_HVFW_ADDRESS_HOST;
        return WSLNET_OK;
    }
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "%s: '%s' is not an IPv4/IPv6 address, subnet (addr/prefix) or range (first-last)", what,
                   wn_hvfw_quote(item, len, buf, sizeof buf));
}

wslnet_status wn_hvfw_address_list_parse(const char *text, const char *what, wslnet_hvfw_address **out,
                                         size_t *count, wslnet_error *err)
{
    return parse_list(text, what, address_item, sizeof **out, (void **)out, count, err);
}

static int family_ok(const wslnet_ip_address *a)
{
    return a->family == 4 || a->family == 6;
}

wslnet_status wn_hvfw_address_check(const wslnet_hvfw_address *a, const char *what, wslnet_error *err)
{
    int ok = family_ok(&a->address);
    switch (a->kind) {
    case WSLNET_HVFW_ADDRESS_HOST: break;
    case WSLNET_HVFW_ADDRESS_SUBNET: ok = ok && a->prefix <= (a->address.family == 4 ? 32u : 128u); break;
    case WSLNET_HVFW_ADDRESS_RANGE:
        ok = ok && a->last.family == a->address.family &&
             memcmp(a->address.bytes, a->last.bytes, a->address.family == 4 ? 4 : 16) <= 0;
        break;
    default: ok = 0;
    }
    if (!ok)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "%s: not an address (family 4 or 6), a subnet (prefix 0-32 / 0-128) or a range "
                       "(one family, first <= last)", what);
    return WSLNET_OK;
}

static void ip_format(const wslnet_ip_address *a, char *buf, size_t size)
{
    if (a->family == 4)
        wn_ipv4_format((uint32_t)a->bytes[0] << 24 | (uint32_t)a->bytes[1] << 16 | (uint32_t)a->bytes[2] << 8 |
                           a->bytes[3], buf, size);
    else
        wn_ipv6_format(a->bytes, buf, size);
}

void wn_hvfw_address_format(const wslnet_hvfw_address *a, char *buf, size_t size)
{
    size_t len;
    ip_format(&a->address, buf, size);
    len = strlen(buf);
    if (a->kind == WSLNET_HVFW_ADDRESS_SUBNET) {
        wn_snprintf(buf + len, size - len, "/%u", a->prefix);
    } else if (a->kind == WSLNET_HVFW_ADDRESS_RANGE && len + 1 < size) {
        buf[len] = '-';
        ip_format(&a->last, buf + len + 1, size - len - 1);
    }
}

int wn_hvfw_address_equal(const wslnet_hvfw_address *a, const wslnet_hvfw_address *b)
{
    size_t n = a->address.family == 4 ? 4 : 16;
    if (a->kind != b->kind || a->address.family != b->address.family ||
        memcmp(a->address.bytes, b->address.bytes, n) != 0)
        return 0;
    if (a->kind == WSLNET_HVFW_ADDRESS_SUBNET)
        return a->prefix == b->prefix;
    if (a->kind == WSLNET_HVFW_ADDRESS_RANGE)
        return memcmp(a->last.bytes, b->last.bytes, n) == 0;
    return 1;
}

/* One stored item against another by value (ports or addresses); items
 * that do not parse compare as bytes. */
static int item_same(const char *x, const char *y, int ports)
{
    wslnet_hvfw_port_range px, py;
    wslnet_hvfw_address ax, ay;
    if (strcmp(x, y) == 0)
        return 1;
    if (ports)
        return port_item(x, strlen(x), "", &px, NULL) == WSLNET_OK &&
               port_item(y, strlen(y), "", &py, NULL) == WSLNET_OK && px.first == py.first && px.last == py.last;
    memset(&ax, 0, sizeof ax);
    memset(&ay, 0, sizeof ay);
    return address_item(x, strlen(x), "", &ax, NULL) == WSLNET_OK &&
           address_item(y, strlen(y), "", &ay, NULL) == WSLNET_OK && wn_hvfw_address_equal(&ax, &ay);
}

static int list_same(const wslnet_hvfw_strings *a, const wslnet_hvfw_strings *b, int ports)
{
    size_t i;
    if (a->count != b->count)
        return 0;
    for (i = 0; i < a->count; i++)
        if (!item_same(a->items[i], b->items[i], ports))
            return 0;
    return 1;
}

int wn_hvfw_ports_same(const wslnet_hvfw_strings *a, const wslnet_hvfw_strings *b)
{
    return list_same(a, b, 1);
}

int wn_hvfw_addresses_same(const wslnet_hvfw_strings *a, const wslnet_hvfw_strings *b)
{
    return list_same(a, b, 0);
}

/* ------------------------------------------------------ protocol, words */

static const struct {
    const char *word, *wmi;
    unsigned long number;
} protocols[] = {{"tcp", "TCP", 6}, {"udp", "UDP", 17}, {"icmpv4", "ICMPv4", 1}, {"icmpv6", "ICMPv6", 58}};

wslnet_status wn_hvfw_protocol_parse(const char *text, int *out, wslnet_error *err)
{
    unsigned long n;
    size_t i;
    char buf[48];
    if (text && wn_streq_nocase(text, "any")) {
        *out = WSLNET_HVFW_PROTOCOL_ANY;
        return WSLNET_OK;
    }
    for (i = 0; text && i < sizeof protocols / sizeof protocols[0]; i++)
        if (wn_streq_nocase(text, protocols[i].word)) {
            *out = (int)protocols[i].number;
            return WSLNET_OK;
        }
    if (text && parse_decimal(text, strlen(text), 255, &n)) {
        *out = (int)n;
        return WSLNET_OK;
    }
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "protocol: '%s' is not tcp, udp, icmpv4, icmpv6, any or a protocol number 0-255",
                   text ? wn_hvfw_quote(text, strlen(text), buf, sizeof buf) : "");
}

wslnet_status wn_hvfw_protocol_check(int protocol, wslnet_error *err)
{
    if (protocol < 0 || protocol > WSLNET_HVFW_PROTOCOL_ANY)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "protocol: %d is not a protocol number 0-255 or WSLNET_HVFW_PROTOCOL_ANY (256)", protocol);
    return WSLNET_OK;
}

void wn_hvfw_protocol_format(int protocol, char *buf, size_t size)
{
    size_t i;
    if (protocol == WSLNET_HVFW_PROTOCOL_ANY) {
        wn_strlcpy(buf, size, "");
        return;
    }
    for (i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (protocols[i].number == (unsigned long)protocol) {
            wn_strlcpy(buf, size, protocols[i].wmi);
            return;
        }
    wn_snprintf(buf, size, "%d", protocol);
}

int wn_hvfw_protocol_has_ports(int protocol)
{
    return protocol == WSLNET_HVFW_PROTOCOL_TCP || protocol == WSLNET_HVFW_PROTOCOL_UDP;
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int wn_hvfw_guid_valid(const char *text)
{
    static const char shape[] = "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}";
    size_t i;
    for (i = 0; shape[i]; i++) {
        if (shape[i] == 'x' ? !is_hex(text[i]) : text[i] != shape[i])
            return 0;
    }
    return text[i] == '\0';
}

wslnet_status wn_hvfw_creator_parse(const char *text, char out[40], wslnet_error *err)
{
    char buf[48];
    if (!text)
        text = WSLNET_HVFW_WSL_VM_CREATOR;
    if (!wn_hvfw_guid_valid(text))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "vm_creator_id: '%s' is not a braced GUID like %s", wn_hvfw_quote(text, strlen(text), buf, sizeof buf),
                       WSLNET_HVFW_WSL_VM_CREATOR);
    wn_strlcpy(out, 40, text);
    return WSLNET_OK;
}

static const struct {
    const char *word;
    int bit;
} profile_words[] = {{"domain", WN_HVFW_PROFILE_DOMAIN}, {"private", WN_HVFW_PROFILE_PRIVATE},
                     {"public", WN_HVFW_PROFILE_PUBLIC}};

wslnet_status wn_hvfw_profiles_parse(const char *text, int *out, wslnet_error *err)
{
    const char *p = text;
    char buf[48];
    int mask = 0;
    if (text && wn_streq_nocase(text, "any")) {
        *out = WN_HVFW_PROFILE_ANY;
        return WSLNET_OK;
    }
    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p), i;
        int bit = 0;
        for (i = 0; i < sizeof profile_words / sizeof profile_words[0]; i++)
            if (strlen(profile_words[i].word) == len && has_prefix_nocase(p, profile_words[i].word))
                bit = profile_words[i].bit;
        if (!bit)
            break;
        mask |= bit;
        if (!comma) {
            *out = mask;
            return WSLNET_OK;
        }
        p = comma + 1;
    }
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "profiles: '%s' is not any or a comma list of domain, private, public",
                   text ? wn_hvfw_quote(text, strlen(text), buf, sizeof buf) : "");
}

/* Looks text up among words (any case); values[i] on a match. */
static int lookup(const char *text, const char *const *words, const int *values, int *out)
{
    size_t i;
    for (i = 0; text && words[i]; i++)
        if (wn_streq_nocase(text, words[i])) {
            *out = values[i];
            return 1;
        }
    return 0;
}

static wslnet_status bad_word(wslnet_error *err, const char *what, const char *text, const char *allowed)
{
    char buf[48];
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: '%s' is not one of %s", what,
                   text ? wn_hvfw_quote(text, strlen(text), buf, sizeof buf) : "", allowed);
}

/* The words each parser below accepts, NULL-ended: also the command line's
 * choices (shared/cli/cli_firewall.c). */
const char *const wn_hvfw_action_words[] = {"allow", "block", NULL};
const char *const wn_hvfw_default_action_words[] = {"allow", "block", "notconfigured", NULL};
const char *const wn_hvfw_rule_enabled_words[] = {"true", "false", NULL};
const char *const wn_hvfw_tristate_words[] = {"true", "false", "notconfigured", NULL};
const char *const wn_hvfw_store_words[] = {"persistent", "active", "systemdefaults", NULL};

wslnet_status wn_hvfw_direction_parse(const char *text, wslnet_hvfw_direction *out, wslnet_error *err)
{
    static const char *const w[] = {"in", "inbound", "out", "outbound", NULL};
    static const int v[] = {WSLNET_HVFW_DIRECTION_IN, WSLNET_HVFW_DIRECTION_IN, WSLNET_HVFW_DIRECTION_OUT,
                            WSLNET_HVFW_DIRECTION_OUT};
    int value;
    if (!lookup(text, w, v, &value))
        return bad_word(err, "direction", text, "in, out");
    *out = (wslnet_hvfw_direction)value;
    return WSLNET_OK;
}

wslnet_status wn_hvfw_action_parse(const char *text, wslnet_hvfw_action *out, wslnet_error *err)
{
    static const int v[] = {WSLNET_HVFW_ACTION_ALLOW, WSLNET_HVFW_ACTION_BLOCK};
    int value;
    if (!lookup(text, wn_hvfw_action_words, v, &value))
        return bad_word(err, "action", text, "allow, block");
    *out = (wslnet_hvfw_action)value;
    return WSLNET_OK;
}

wslnet_status wn_hvfw_default_action_parse(const char *text, const char *what, wslnet_hvfw_action *out,
                                           wslnet_error *err)
{
    static const int v[] = {WSLNET_HVFW_ACTION_ALLOW, WSLNET_HVFW_ACTION_BLOCK, WSLNET_HVFW_ACTION_NOT_CONFIGURED};
    int value;
    if (!lookup(text, wn_hvfw_default_action_words, v, &value))
        return bad_word(err, what, text, "allow, block, notconfigured");
    *out = (wslnet_hvfw_action)value;
    return WSLNET_OK;
}

wslnet_status wn_hvfw_rule_enabled_parse(const char *text, wslnet_hvfw_bool *out, wslnet_error *err)
{
    static const int v[] = {WSLNET_HVFW_BOOL_TRUE, WSLNET_HVFW_BOOL_FALSE};
    int value;
    if (!lookup(text, wn_hvfw_rule_enabled_words, v, &value))
        return bad_word(err, "enabled", text, "true, false");
    *out = (wslnet_hvfw_bool)value;
    return WSLNET_OK;
}

wslnet_status wn_hvfw_tristate_parse(const char *text, const char *what, wslnet_hvfw_bool *out, wslnet_error *err)
{
    static const int v[] = {WSLNET_HVFW_BOOL_TRUE, WSLNET_HVFW_BOOL_FALSE, WSLNET_HVFW_BOOL_NOT_CONFIGURED};
    int value;
    if (!lookup(text, wn_hvfw_tristate_words, v, &value))
        return bad_word(err, what, text, "true, false, notconfigured");
    *out = (wslnet_hvfw_bool)value;
    return WSLNET_OK;
}

int wn_hvfw_action_wmi(wslnet_hvfw_action action)
{
    switch (action) {
    case WSLNET_HVFW_ACTION_ALLOW: return WN_HVFW_ACTION_ALLOW;
    case WSLNET_HVFW_ACTION_BLOCK: return WN_HVFW_ACTION_BLOCK;
    case WSLNET_HVFW_ACTION_NOT_CONFIGURED: return WN_HVFW_ACTION_NOT_CONFIGURED;
    default: return WSLNET_HVFW_UNSET;
    }
}

int wn_hvfw_tristate_wmi(wslnet_hvfw_bool value)
{
    switch (value) {
    case WSLNET_HVFW_BOOL_TRUE: return WN_HVFW_TRUE;
    case WSLNET_HVFW_BOOL_FALSE: return WN_HVFW_FALSE;
    case WSLNET_HVFW_BOOL_NOT_CONFIGURED: return WN_HVFW_NOT_CONFIGURED;
    default: return WSLNET_HVFW_UNSET;
    }
}

/* ---------------------------------------------------------------- names */

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '{' || c == '}';
}

int wn_hvfw_name_is_owned(const char *name)
{
    return has_prefix_nocase(name, WSLNET_HVFW_RULE_PREFIX);
}

wslnet_status wn_hvfw_name_make(const char *text, char *out, size_t size, wslnet_error *err)
{
    size_t i, len = text ? strlen(text) : 0, prefix = strlen(WSLNET_HVFW_RULE_PREFIX);
    size_t total = len + (text && wn_hvfw_name_is_owned(text) ? 0 : prefix);
    char buf[48];
    if (len == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "name is empty");
    for (i = 0; i < len; i++)
        if (!name_char(text[i]))
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "name: '%s' may hold only letters, digits and . _ - { }",
                           wn_hvfw_quote(text, len, buf, sizeof buf));
    if (total > WN_HVFW_NAME_MAX || total >= size)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "name is longer than %d characters (prefix included)",
                       WN_HVFW_NAME_MAX);
    if (total == len && len == prefix)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "name: give a name after %s", WSLNET_HVFW_RULE_PREFIX);
    wn_snprintf(out, size, "%s%s", total == len ? "" : WSLNET_HVFW_RULE_PREFIX, text);
    return WSLNET_OK;
}

int wn_hvfw_text_valid(const char *text, size_t max)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text);
    if (len == 0 || len > max)
        return 0;
    while (*p) {
        unsigned c = *p;
        size_t n, i;
        uint32_t cp;
        if (c < 0x20 || c == 0x7f)
            return 0;
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            n = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            n = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            n = 3, cp = c & 0x07;
        else
            return 0;
        for (i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
            return 0;
        p += n + 1;
    }
    return 1;
}

wslnet_status wn_hvfw_store_parse(const char *text, wslnet_hvfw_store *out, wslnet_error *err)
{
    static const int v[] = {WSLNET_HVFW_STORE_PERSISTENT, WSLNET_HVFW_STORE_ACTIVE,
                            WSLNET_HVFW_STORE_SYSTEM_DEFAULTS};
    int value;
    if (!lookup(text, wn_hvfw_store_words, v, &value))
        return bad_word(err, "store", text, "persistent, active, systemdefaults");
    *out = (wslnet_hvfw_store)value;
    return WSLNET_OK;
}

void wn_hvfw_profiles_format(int mask, char *buf, size_t size)
{
    size_t i, pos = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (mask == WN_HVFW_PROFILE_ANY) {
        wn_strlcpy(buf, size, "any");
        return;
    }
    for (i = 0; i < sizeof profile_words / sizeof profile_words[0]; i++)
        if (mask & profile_words[i].bit) {
            wn_snprintf(buf + pos, size - pos, "%s%s", pos ? "," : "", profile_words[i].word);
            pos = strlen(buf);
        }
}

/* ------------------------------------------------- options from text */

void wn_hvfw_rule_typed_free(wn_hvfw_rule_typed *t)
{
    size_t i;
    for (i = 0; i < 2; i++) {
        free(t->ports[i]);
        free(t->addresses[i]);
    }
    memset(t, 0, sizeof *t);
}

/* Checks the text options in the order the DLL checked them before it took
 * values (API version 4), so the first complaint is the same. */
static wslnet_status rule_text_fill(const wn_hvfw_rule_text *t, wn_hvfw_rule_typed *out, wslnet_error *err)
{
    wslnet_hvfw_rule_options *o = &out->options;
    char name[WN_HVFW_NAME_MAX + 1], creator[40], protocol[8];
    wslnet_status st;
    int profiles = WN_HVFW_PROFILE_ANY;
    if (!t->name)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "name is required");
    if ((st = wn_hvfw_name_make(t->name, name, sizeof name, err)) != WSLNET_OK)
        return st;
    o->name = t->name;
    if (t->display_name && !wn_hvfw_text_valid(t->display_name, 255))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "display_name must be 1-255 bytes of UTF-8 text without control characters");
    o->display_name = t->display_name;
    if ((st = wn_hvfw_creator_parse(t->vm_creator_id, creator, err)) != WSLNET_OK)
        return st;
    o->vm_creator_id = t->vm_creator_id;
    if (!t->protocol)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "protocol is required: tcp, udp, icmpv4, icmpv6, any or 0-255");
    if ((st = wn_hvfw_protocol_parse(t->protocol, &o->protocol, err)) != WSLNET_OK)
        return st;
    if ((t->direction && (st = wn_hvfw_direction_parse(t->direction, &o->direction, err)) != WSLNET_OK) ||
        (t->action && (st = wn_hvfw_action_parse(t->action, &o->action, err)) != WSLNET_OK) ||
        (t->enabled && (st = wn_hvfw_rule_enabled_parse(t->enabled, &o->enabled, err)) != WSLNET_OK) ||
        (t->profiles && (st = wn_hvfw_profiles_parse(t->profiles, &profiles, err)) != WSLNET_OK))
        return st;
    o->profiles = (unsigned)profiles;
    if ((t->local_ports &&
         (st = wn_hvfw_port_list_parse(t->local_ports, "local_ports", &out->ports[0], &o->local_port_count, err)) !=
             WSLNET_OK) ||
        (t->remote_ports &&
         (st = wn_hvfw_port_list_parse(t->remote_ports, "remote_ports", &out->ports[1], &o->remote_port_count, err)) !=
             WSLNET_OK) ||
        (t->local_addresses &&
         (st = wn_hvfw_address_list_parse(t->local_addresses, "local_addresses", &out->addresses[0],
                                          &o->local_address_count, err)) != WSLNET_OK) ||
        (t->remote_addresses &&
         (st = wn_hvfw_address_list_parse(t->remote_addresses, "remote_addresses", &out->addresses[1],
                                          &o->remote_address_count, err)) != WSLNET_OK))
        return st;
    o->local_ports = out->ports[0];
    o->remote_ports = out->ports[1];
    o->local_addresses = out->addresses[0];
    o->remote_addresses = out->addresses[1];
    wn_hvfw_protocol_format(o->protocol, protocol, sizeof protocol);
    if ((o->local_port_count || o->remote_port_count) && !wn_hvfw_protocol_has_ports(o->protocol))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "ports apply only to --protocol tcp or udp (the protocol is %s); drop --local-port/--remote-port",
                       protocol[0] ? protocol : "any");
    return WSLNET_OK;
}

wslnet_status wn_hvfw_rule_text_parse(const wn_hvfw_rule_text *text, wn_hvfw_rule_typed *out, wslnet_error *err)
{
    wslnet_status st;
    memset(out, 0, sizeof *out);
    if ((st = rule_text_fill(text, out, err)) != WSLNET_OK)
        wn_hvfw_rule_typed_free(out);
    return st;
}

wslnet_status wn_hvfw_settings_text_parse(const wn_hvfw_settings_text *t, wslnet_hvfw_settings_options *out,
                                          wslnet_error *err)
{
    char creator[40];
    wslnet_status st;
    memset(out, 0, sizeof *out);
    if ((st = wn_hvfw_creator_parse(t->vm_creator_id, creator, err)) != WSLNET_OK)
        return st;
    out->vm_creator_id = t->vm_creator_id;
    if ((t->enabled && (st = wn_hvfw_tristate_parse(t->enabled, "enabled", &out->enabled, err)) != WSLNET_OK) ||
        (t->default_inbound &&
         (st = wn_hvfw_default_action_parse(t->default_inbound, "default_inbound", &out->default_inbound, err)) !=
             WSLNET_OK) ||
        (t->default_outbound &&
         (st = wn_hvfw_default_action_parse(t->default_outbound, "default_outbound", &out->default_outbound, err)) !=
             WSLNET_OK) ||
        (t->loopback && (st = wn_hvfw_tristate_parse(t->loopback, "loopback", &out->loopback, err)) != WSLNET_OK) ||
        (t->host_policy_merge &&
         (st = wn_hvfw_tristate_parse(t->host_policy_merge, "host_policy_merge", &out->host_policy_merge, err)) !=
             WSLNET_OK))
        return st;
    return WSLNET_OK;
}
