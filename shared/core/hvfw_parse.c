/* hvfw_parse.c - the Hyper-V firewall's validators and parsers of what a
 * caller gives: ports, addresses, protocol, profiles, words, names, the store
 * (see hvfw_plan.h; the model and the planners: hvfw_plan.c). */
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

/* Splits text at commas, calling item() for each (empty items are errors). */
typedef wslnet_status (*item_fn)(const char *item, size_t len, const char *what,
                                 wslnet_hvfw_strings *out, wslnet_error *err);

static wslnet_status parse_list(const char *text, const char *what, item_fn item,
                                wslnet_hvfw_strings *out, wslnet_error *err)
{
    const char *p = text;
    wslnet_status st;
    out->count = 0;
    out->items = NULL;
    if (!text || !*text)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s is empty: give a list, or any", what);
    if (wn_streq_nocase(text, "any"))
        return WSLNET_OK;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char buf[48];
        if (len == 0) {
            st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s has an empty item in '%s'", what,
                         wn_hvfw_quote(text, strlen(text), buf, sizeof buf));
            break;
        }
        if (len == 3 && has_prefix_nocase(p, "any")) {
            st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: any stands alone, not in a list", what);
            break;
        }
        if (out->count >= WN_HVFW_LIST_MAX) {
            st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s has more than %d items", what, WN_HVFW_LIST_MAX);
            break;
        }
        if ((st = item(p, len, what, out, err)) != WSLNET_OK)
            break;
        if (!comma)
            return WSLNET_OK;
        p = comma + 1;
    }
    wn_hvfw_strings_clear(out);
    return st;
}

/* ---------------------------------------------------------------- ports */

static wslnet_status port_item(const char *item, size_t len, const char *what,
                               wslnet_hvfw_strings *out, wslnet_error *err)
{
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
    }
    if (!ok)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "%s: '%s' is not a port (1-65535) or a range of ports (a-b); use any for all ports",
                       what, wn_hvfw_quote(item, len, buf, sizeof buf));
    return wn_hvfw_strings_push(out, item, len, err);
}

wslnet_status wn_hvfw_ports_parse(const char *text, const char *what, wslnet_hvfw_strings *out,
                                  wslnet_error *err)
{
    return parse_list(text, what, port_item, out, err);
}

/* ------------------------------------------------------------ addresses */

typedef struct addr {
    int family;          /* 4 or 6 */
    uint8_t bytes[16];   /* network order; IPv4 in the first 4 */
} addr;

static int addr_parse(const char *text, size_t len, addr *out)
{
    uint32_t v4;
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

static wslnet_status address_item(const char *item, size_t len, const char *what,
                                  wslnet_hvfw_strings *out, wslnet_error *err)
{
    const char *slash = memchr(item, '/', len), *dash = memchr(item, '-', len);
    char buf[48], norm[64];
    addr a, b;
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
        if (addr_parse(item, alen, &a)) {
            if (parse_decimal(slash + 1, plen, a.family == 4 ? 32 : 128, &prefix))
                return wn_hvfw_strings_push(out, item, len, err);
            if (a.family == 4 && wn_ipv4_parse_n(slash + 1, plen, &mask) && mask_prefix(mask) >= 0 &&
                alen + 4 < sizeof norm) {
                /* The class documents prefix lengths only: store the mask as one. */
                memcpy(norm, item, alen);
                wn_snprintf(norm + alen, sizeof norm - alen, "/%d", mask_prefix(mask));
                return wn_hvfw_strings_push(out, norm, strlen(norm), err);
            }
        }
    } else if (dash && !slash) {
        size_t alen = (size_t)(dash - item);
        if (addr_parse(item, alen, &a) && addr_parse(dash + 1, len - alen - 1, &b)) {
            if (a.family != b.family)
                return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: range '%s' mixes IPv4 and IPv6",
                               what, wn_hvfw_quote(item, len, buf, sizeof buf));
            if (memcmp(a.bytes, b.bytes, a.family == 4 ? 4 : 16) > 0)
                return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s: range '%s' runs backwards", what,
                               wn_hvfw_quote(item, len, buf, sizeof buf));
            return wn_hvfw_strings_push(out, item, len, err);
        }
    } else if (!dash && !slash && addr_parse(item, len, &a)) {
        return wn_hvfw_strings_push(out, item, len, err);
    }
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "%s: '%s' is not an IPv4/IPv6 address, subnet (addr/prefix) or range (first-last)", what,
                   wn_hvfw_quote(item, len, buf, sizeof buf));
}

wslnet_status wn_hvfw_addresses_parse(const char *text, const char *what, wslnet_hvfw_strings *out,
                                      wslnet_error *err)
{
    return parse_list(text, what, address_item, out, err);
}

/* ------------------------------------------------------ protocol, words */

static const struct {
    const char *word, *wmi;
    unsigned long number;
} protocols[] = {{"tcp", "TCP", 6}, {"udp", "UDP", 17}, {"icmpv4", "ICMPv4", 1}, {"icmpv6", "ICMPv6", 58}};

wslnet_status wn_hvfw_protocol_parse(const char *text, char *out, size_t size, wslnet_error *err)
{
    unsigned long n;
    size_t i;
    char buf[48];
    if (text && wn_streq_nocase(text, "any")) {
        wn_strlcpy(out, size, "");
        return WSLNET_OK;
    }
    for (i = 0; text && i < sizeof protocols / sizeof protocols[0]; i++)
        if (wn_streq_nocase(text, protocols[i].word)) {
            wn_strlcpy(out, size, protocols[i].wmi);
            return WSLNET_OK;
        }
    if (text && parse_decimal(text, strlen(text), 255, &n)) {
        for (i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
            if (protocols[i].number == n) {
                wn_strlcpy(out, size, protocols[i].wmi);
                return WSLNET_OK;
            }
        wn_snprintf(out, size, "%lu", n);
        return WSLNET_OK;
    }
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "protocol: '%s' is not tcp, udp, icmpv4, icmpv6, any or a protocol number 0-255",
                   text ? wn_hvfw_quote(text, strlen(text), buf, sizeof buf) : "");
}

int wn_hvfw_protocol_has_ports(const char *protocol)
{
    return strcmp(protocol, "TCP") == 0 || strcmp(protocol, "UDP") == 0;
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

wslnet_status wn_hvfw_direction_parse(const char *text, int *out, wslnet_error *err)
{
    static const char *const w[] = {"in", "inbound", "out", "outbound", NULL};
    static const int v[] = {WN_HVFW_DIRECTION_IN, WN_HVFW_DIRECTION_IN, WN_HVFW_DIRECTION_OUT,
                            WN_HVFW_DIRECTION_OUT};
    return lookup(text, w, v, out) ? WSLNET_OK : bad_word(err, "direction", text, "in, out");
}

wslnet_status wn_hvfw_action_parse(const char *text, int *out, wslnet_error *err)
{
    static const int v[] = {WN_HVFW_ACTION_ALLOW, WN_HVFW_ACTION_BLOCK};
    return lookup(text, wn_hvfw_action_words, v, out) ? WSLNET_OK : bad_word(err, "action", text, "allow, block");
}

wslnet_status wn_hvfw_default_action_parse(const char *text, const char *what, int *out,
                                           wslnet_error *err)
{
    static const int v[] = {WN_HVFW_ACTION_ALLOW, WN_HVFW_ACTION_BLOCK, WN_HVFW_ACTION_NOT_CONFIGURED};
    return lookup(text, wn_hvfw_default_action_words, v, out) ? WSLNET_OK : bad_word(err, what, text, "allow, block, notconfigured");
}

wslnet_status wn_hvfw_rule_enabled_parse(const char *text, int *out, wslnet_error *err)
{
    static const int v[] = {WN_HVFW_RULE_ENABLED, WN_HVFW_RULE_DISABLED};
    return lookup(text, wn_hvfw_rule_enabled_words, v, out) ? WSLNET_OK : bad_word(err, "enabled", text, "true, false");
}

wslnet_status wn_hvfw_tristate_parse(const char *text, const char *what, int *out, wslnet_error *err)
{
    static const int v[] = {WN_HVFW_TRUE, WN_HVFW_FALSE, WN_HVFW_NOT_CONFIGURED};
    return lookup(text, wn_hvfw_tristate_words, v, out) ? WSLNET_OK : bad_word(err, what, text, "true, false, notconfigured");
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
