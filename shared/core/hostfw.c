/* hostfw.c - host firewall rules for port proxies: --profile, --remote, names. */
#include "hostfw.h"

#include "ipv4.h"
#include "ipv6.h"
#include "status.h"

#include <string.h>

/* ---- small text helpers */

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* ASCII case-insensitive equality of text[0..len) and word. */
static int word_is(const char *text, size_t len, const char *word)
{
    size_t i, n = strlen(word);
    if (n != len)
        return 0;
    for (i = 0; i < len; i++)
        if (lower(text[i]) != lower(word[i]))
            return 0;
    return 1;
}

/* ASCII case-insensitive equality of a[0..alen) and b[0..blen). */
static int word_is_n(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i;
    if (alen != blen)
        return 0;
    for (i = 0; i < alen; i++)
        if (lower(a[i]) != lower(b[i]))
            return 0;
    return 1;
}

/* Copies text[0..len) for a message: control bytes become '?', long text is
 * cut with "...". size is at least 8. */
static void quote(char *buf, size_t size, const char *text, size_t len)
{
    size_t i, keep = len < size ? len : size - 4;
    for (i = 0; i < keep; i++)
        buf[i] = ((unsigned char)text[i] < 0x20 || text[i] == 0x7F) ? '?' : text[i];
    if (keep < len) {
        memcpy(buf + keep, "...", 3);
        keep += 3;
    }
    buf[keep] = '\0';
}

/* One comma-separated item of a list, blanks around it dropped. */
typedef struct item {
    const char *text;
    size_t len;
} item;

/* Splits the next item off *cursor (a NUL-terminated list). Returns 0 at the
 * end of the list; an empty item (",," or a trailing ",") is returned with
 * len 0. */
static int next_item(const char **cursor, int *more, item *out)
{
    const char *p = *cursor, *end;
    if (!*more)
        return 0;
    end = strchr(p, ',');
    if (!end) {
        end = p + strlen(p);
        *more = 0;
    }
    *cursor = *end ? end + 1 : end;
    while (p < end && is_blank(*p))
        p++;
    while (end > p && is_blank(end[-1]))
        end--;
    out->text = p;
    out->len = (size_t)(end - p);
    return 1;
}

/* ---- profiles */

static const struct {
    const char *name;
    unsigned bit;
} profile_names[] = {
    {"domain", WN_HOSTFW_PROFILE_DOMAIN},
    {"private", WN_HOSTFW_PROFILE_PRIVATE},
    {"public", WN_HOSTFW_PROFILE_PUBLIC},
};

#define PROFILE_COUNT (sizeof profile_names / sizeof profile_names[0])

static wslnet_status bad_profile(wslnet_error *err, const item *it, const char *why)
{
    char q[64];
    quote(q, sizeof q, it->text, it->len);
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "profiles item '%s' %s; use a comma list of domain, private, public, or any",
                   q, why);
}

wslnet_status wn_hostfw_profiles_parse(const char *text, unsigned *out, wslnet_error *err)
{
    const char *cursor = text;
    int more = 1, any = 0, count = 0;
    unsigned bits = 0;
    item it;
    size_t i;
    if (!text) {
        *out = WN_HOSTFW_PROFILES_DEFAULT;
        return WSLNET_OK;
    }
    while (next_item(&cursor, &more, &it)) {
        unsigned bit = 0;
        count++;
        if (it.len == 0)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "profiles has an empty item; use a comma list of domain, private, public, or any");
        if (word_is(it.text, it.len, "any")) {
            if (any)
                return bad_profile(err, &it, "is given twice");
            any = 1;
            continue;
        }
        for (i = 0; i < PROFILE_COUNT; i++)
            if (word_is(it.text, it.len, profile_names[i].name))
                bit = profile_names[i].bit;
        if (!bit)
            return bad_profile(err, &it, "is not a profile");
        if (bits & bit)
            return bad_profile(err, &it, "is given twice");
        bits |= bit;
    }
    if (any && count > 1)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "profiles: any stands alone; drop the other profiles or drop any");
    *out = any ? WN_HOSTFW_PROFILE_ANY : bits;
    return WSLNET_OK;
}

int wn_hostfw_profiles_valid(unsigned profiles)
{
    return profiles == WN_HOSTFW_PROFILE_ANY ||
           (profiles != 0 && (profiles & ~0x7u) == 0);
}

void wn_hostfw_profiles_format(unsigned profiles, char *buf, size_t size)
{
    size_t i, n = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (!wn_hostfw_profiles_valid(profiles) || size < WN_HOSTFW_PROFILES_TEXT_MAX)
        return;
    if (profiles == WN_HOSTFW_PROFILE_ANY) {
        wn_strlcpy(buf, size, "any");
        return;
    }
    for (i = 0; i < PROFILE_COUNT; i++) {
        if (!(profiles & profile_names[i].bit))
            continue;
        if (n)
            buf[n++] = ',';
        memcpy(buf + n, profile_names[i].name, strlen(profile_names[i].name));
        n += strlen(profile_names[i].name);
    }
    buf[n] = '\0';
}

/* ---- remote addresses */

static const char *const remote_keywords[] = {"LocalSubnet", "DNS", "DHCP", "WINS", "DefaultGateway"};

#define KEYWORD_COUNT (sizeof remote_keywords / sizeof remote_keywords[0])

/* Address of either family over text[0..len): family 4 or 6, bytes in
 * network order (IPv4 in the first 4). Returns the family, 0 when neither. */
static int parse_address(const char *text, size_t len, uint8_t out[16])
{
    uint32_t v4;
    if (wn_ipv4_parse_n(text, len, &v4)) {
        out[0] = (uint8_t)(v4 >> 24);
        out[1] = (uint8_t)(v4 >> 16);
        out[2] = (uint8_t)(v4 >> 8);
        out[3] = (uint8_t)v4;
        return 4;
    }
    return wn_ipv6_parse_n(text, len, out) ? 6 : 0;
}

/* Decimal prefix length over text[0..len): 1-3 digits, no leading zero, at
 * most max. Returns 1 on success. */
static int parse_prefix(const char *text, size_t len, unsigned max)
{
    unsigned v = 0;
    size_t i;
    if (len == 0 || len > 3 || (len > 1 && text[0] == '0'))
        return 0;
    for (i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return 0;
        v = v * 10 + (unsigned)(text[i] - '0');
    }
    return v <= max;
}

/* 1 when text[0..len) is a dotted IPv4 mask with contiguous one bits. */
static int parse_mask(const char *text, size_t len)
{
    uint32_t m;
    if (!wn_ipv4_parse_n(text, len, &m))
        return 0;
    return (~m & (~m + 1u)) == 0; /* ~m is of the form 0...01...1 */
}

/* 1 when one item is a valid address, subnet or range (not a keyword). */
static int remote_address_valid(const char *text, size_t len)
{
    const char *slash = memchr(text, '/', len);
    const char *dash = memchr(text, '-', len);
    uint8_t a[16], b[16];
    int fa, fb;
    if (slash && dash)
        return 0;
    if (slash) {
        size_t alen = (size_t)(slash - text), plen = len - alen - 1;
        fa = parse_address(text, alen, a);
        if (fa == 4)
            return parse_prefix(slash + 1, plen, 32) || parse_mask(slash + 1, plen);
        return fa == 6 && parse_prefix(slash + 1, plen, 128);
    }
    if (dash) {
        size_t alen = (size_t)(dash - text);
        fa = parse_address(text, alen, a);
        fb = parse_address(dash + 1, len - alen - 1, b);
        return fa != 0 && fa == fb && memcmp(a, b, fa == 4 ? 4 : 16) <= 0;
    }
    return parse_address(text, len, a) != 0;
}

static wslnet_status bad_remote(wslnet_error *err, const item *it, const char *why)
{
    char q[64];
    quote(q, sizeof q, it->text, it->len);
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "remote item '%s' %s; use LocalSubnet, DNS, DHCP, WINS, DefaultGateway, "
                   "addresses, subnets (a/n), ranges (a-b), or any",
                   q, why);
}

/* 1 when out (a list built so far, n bytes) already holds the item, ASCII
 * case-insensitively. */
static int already_listed(const char *out, size_t n, const char *text, size_t len)
{
    size_t start = 0, i;
    for (i = 0; i <= n; i++) {
        if (i < n && out[i] != ',')
            continue;
        if (n > 0 && word_is_n(out + start, i - start, text, len))
            return 1;
        start = i + 1;
    }
    return 0;
}

wslnet_status wn_hostfw_remote_parse(const char *text, char *out, size_t size, wslnet_error *err)
{
    const char *cursor;
    int more = 1, any = 0, count = 0;
    size_t n = 0, i;
    item it;
    if (size == 0)
        return wn_fail(err, WSLNET_E_INTERNAL, 0, "no room for the remote address list");
    if (!text)
        text = WN_HOSTFW_REMOTE_DEFAULT;
    cursor = text;
    out[0] = '\0';
    while (next_item(&cursor, &more, &it)) {
        const char *word = it.text;
        size_t len = it.len;
        count++;
        if (len == 0)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "remote has an empty item; use a comma list such as LocalSubnet,192.168.1.0/24");
        if (word_is(word, len, "any") || word_is(word, len, "*")) {
            if (any)
                return bad_remote(err, &it, "is given twice");
            any = 1;
            continue;
        }
        for (i = 0; i < KEYWORD_COUNT; i++)
            if (word_is(word, len, remote_keywords[i]))
                break;
        if (i < KEYWORD_COUNT) {
            word = remote_keywords[i];
        } else if (!remote_address_valid(word, len)) {
            return bad_remote(err, &it, "is not a keyword, address, subnet or range");
        }
        if (already_listed(out, n, word, len))
            return bad_remote(err, &it, "is given twice");
        if (n + (n ? 1 : 0) + len + 1 > size)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "remote is too long (more than %u characters); use subnets or ranges",
                           (unsigned)(size - 1));
        if (n)
            out[n++] = ',';
        memcpy(out + n, word, len);
        n += len;
        out[n] = '\0';
    }
    if (any && count > 1)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "remote: any stands alone; drop the other items or drop any");
    if (any)
        wn_strlcpy(out, size, "*");
    return WSLNET_OK;
}

/* ---- names */

int wn_hostfw_name_valid(const char *name)
{
    size_t i, n = strlen(name);
    if (n == 0 || n >= WN_HOSTFW_NAME_MAX || word_is(name, n, "all"))
        return 0;
    for (i = 0; i < n; i++)
        if (name[i] == '|' || (unsigned char)name[i] < 0x20 || name[i] == 0x7F)
            return 0;
    return 1;
}

/* "<listen>:<port>" of a proxy (IPv6 in brackets, lower case) into buf. */
static wslnet_status proxy_endpoint(wn_pp_kind kind, const char *listen_address, uint16_t port,
                                    char *buf, size_t size, wslnet_error *err)
{
    char lowered[WN_PP_LISTEN_MAX];
    size_t i, n = strlen(listen_address);
    if (wn_pp_listen_family(kind) == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown port proxy kind %d", (int)kind);
    if (n >= sizeof lowered || !wn_pp_listen_address_valid(kind, listen_address))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "listen address is not '*' or an IPv%d address", wn_pp_listen_family(kind));
    if (port == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "listen port 0 is not valid; use 1-65535");
    for (i = 0; i <= n; i++)
        lowered[i] = lower(listen_address[i]);
    if (strchr(lowered, ':'))
        wn_snprintf(buf, size, "[%s]:%u", lowered, (unsigned)port);
    else
        wn_snprintf(buf, size, "%s:%u", lowered, (unsigned)port);
    return WSLNET_OK;
}

wslnet_status wn_hostfw_proxy_rule_name(wn_pp_kind kind, const char *listen_address,
                                        uint16_t port, char *out, size_t size,
                                        wslnet_error *err)
{
    char endpoint[WN_PP_LISTEN_MAX + 8];
    wslnet_status st = proxy_endpoint(kind, listen_address, port, endpoint, sizeof endpoint, err);
    if (st != WSLNET_OK)
        return st;
    wn_snprintf(out, size, "wslnet proxy %s %s", wn_pp_kind_name(kind), endpoint);
    return WSLNET_OK;
}

wslnet_status wn_hostfw_proxy_rule_description(wn_pp_kind kind, const char *listen_address,
                                               uint16_t port, char *out, size_t size,
                                               wslnet_error *err)
{
    char endpoint[WN_PP_LISTEN_MAX + 8];
    wslnet_status st = proxy_endpoint(kind, listen_address, port, endpoint, sizeof endpoint, err);
    if (st != WSLNET_OK)
        return st;
    wn_snprintf(out, size,
                "Inbound TCP %u for the wslnet port proxy %s %s. Managed by wslnet: change it "
                "with wslnet proxy.",
                (unsigned)port, wn_pp_kind_name(kind), endpoint);
    return WSLNET_OK;
}

int wn_hostfw_protocol(const wn_hostfw_rule *rule)
{
    return rule->protocol == WN_HOSTFW_UDP ? WN_HOSTFW_UDP : WN_HOSTFW_TCP;
}

wslnet_status wn_hostfw_expose_rule_name(int protocol, uint16_t port, char *name, size_t name_size,
                                         char *description, size_t description_size, wslnet_error *err)
{
    const char *lower = protocol == WN_HOSTFW_UDP ? "udp" : "tcp";
    if ((protocol != WN_HOSTFW_TCP && protocol != WN_HOSTFW_UDP) || port == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "an exposure's rule needs TCP or UDP and a port 1-65535");
    wn_snprintf(name, name_size, WN_HOSTFW_EXPOSE_PREFIX "%s %u", lower, (unsigned)port);
    wn_snprintf(description, description_size,
                "Inbound %s %u for WSL's own listener (consomme networking). Managed by wslnet: change it "
                "with wslnet expose.",
                protocol == WN_HOSTFW_UDP ? "UDP" : "TCP", (unsigned)port);
    return WSLNET_OK;
}

int wn_hostfw_proxy_local(const char *listen_address, char *out, size_t size)
{
    uint32_t v4;
    uint8_t v6[16];
    wn_strlcpy(out, size, "");
    if (!listen_address || strcmp(listen_address, "*") == 0)
        return 1;
    if (wn_ipv4_parse(listen_address, &v4)) {
        if ((v4 >> 24) == 127u)
            return 0;
        if (v4 != 0)
            wn_strlcpy(out, size, listen_address);
        return 1;
    }
    if (wn_ipv6_parse(listen_address, v6)) {
        static const uint8_t any[16];
        if (wn_ipv6_is_loopback(v6))
            return 0;
        if (memcmp(v6, any, sizeof any) != 0)
            wn_strlcpy(out, size, listen_address);
    }
    return 1;
}
