/* portproxy.c - netsh portproxy rules: validation, registry codec, ownership
 * records (the planner: portproxy_plan.c). */
#include "portproxy.h"
#include "portproxy_check.h"

#include "ipv4.h"
#include "ipv6.h"
#include "status.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

const char *const wn_pp_kind_names[WN_PP_KIND_COUNT + 1] = {"v4tov4", "v4tov6", "v6tov4", "v6tov6", NULL};

/* ---- kinds, ports, names */

int wn_pp_kind_parse(const char *text, wn_pp_kind *out)
{
    int k;
    for (k = 0; k < WN_PP_KIND_COUNT; k++) {
        if (wn_streq_nocase(text, wn_pp_kind_names[k])) {
            *out = (wn_pp_kind)k;
            return 1;
        }
    }
    return 0;
}

int wn_pp_kind_valid(wn_pp_kind kind)
{
    return (unsigned)kind < WN_PP_KIND_COUNT;
}

const char *wn_pp_kind_name(wn_pp_kind kind)
{
    return wn_pp_kind_valid(kind) ? wn_pp_kind_names[kind] : "?";
}

int wn_pp_listen_family(wn_pp_kind kind)
{
    if (!wn_pp_kind_valid(kind))
        return 0;
    return kind == WN_PP_V4TOV4 || kind == WN_PP_V4TOV6 ? 4 : 6;
}

int wn_pp_connect_family(wn_pp_kind kind)
{
    if (!wn_pp_kind_valid(kind))
        return 0;
    return kind == WN_PP_V4TOV4 || kind == WN_PP_V6TOV4 ? 4 : 6;
}

int wn_pp_port_parse_n(const char *text, size_t len, uint16_t *out)
{
    unsigned value = 0;
    size_t i;
    if (len == 0 || len > 5 || text[0] == '0')
        return 0;
    for (i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return 0;
        value = value * 10 + (unsigned)(text[i] - '0');
    }
    if (value > 65535)
        return 0;
    *out = (uint16_t)value;
    return 1;
}

int wn_pp_port_parse(const char *text, uint16_t *out)
{
    return wn_pp_port_parse_n(text, strlen(text), out);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_host_char(char c)
{
    return is_digit(c) || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int wn_pp_hostname_valid(const char *text)
{
    size_t total = 0, label = 0;
    int all_digits = 1;
    char prev = '\0';
    const char *p;
    for (p = text;; p++) {
        char c = *p;
        if (c != '\0' && ++total > 253)
            return 0;
        if (c == '.' || c == '\0') {
            if (label == 0 || prev == '-')
                return 0;
            if (c == '\0')
                return !all_digits; /* an all-numeric last label reads as an address */
            label = 0;
            all_digits = 1;
        } else {
            if (!is_host_char(c) || (label == 0 && c == '-') || ++label > 63)
                return 0;
            if (!is_digit(c))
                all_digits = 0;
        }
        prev = c;
    }
}

/* 1 when text is an address of family 4 or 6. */
int wn_pp_address_of_family(int family, const char *text)
{
    uint32_t v4;
    uint8_t v6[16];
    if (family == 4)
        return wn_ipv4_parse(text, &v4);
    if (family == 6)
        return wn_ipv6_parse(text, v6);
    return 0;
}

int wn_pp_listen_address_valid(wn_pp_kind kind, const char *text)
{
    return strcmp(text, "*") == 0 || wn_pp_address_of_family(wn_pp_listen_family(kind), text);
}

int wn_pp_connect_address_valid(wn_pp_kind kind, const char *text)
{
    return wn_pp_kind_valid(kind) && (wn_pp_address_of_family(wn_pp_connect_family(kind), text) || wn_pp_hostname_valid(text));
}

int wn_pp_target_is_wsl(const char *target)
{
    return wn_streq_nocase(target, WN_PP_TARGET_WSL);
}

/* ---- messages */

/* Copies text for a message: control bytes become '?', long text is cut
 * with "...". buf holds at least 8 bytes. */
void wn_pp_quote(char *buf, size_t size, const char *text)
{
    size_t i, n = strlen(text);
    size_t keep = n < size ? n : size - 4;
    for (i = 0; i < keep; i++)
        buf[i] = ((unsigned char)text[i] < 0x20 || text[i] == 0x7F) ? '?' : text[i];
    if (keep < n) {
        memcpy(buf + keep, "...", 3);
        keep += 3;
    }
    buf[keep] = '\0';
}

const char *wn_pp_family_word(int family)
{
    return family == 6 ? "IPv6" : "IPv4";
}

/* "0.0.0.0:8080 (v4tov4)" or "[::1]:8080 (v6tov4)". */
void wn_pp_describe(char *buf, size_t size, wn_pp_kind kind, const char *listen, uint16_t port)
{
    char q[64];
    wn_pp_quote(q, sizeof q, listen);
    int v6 = strchr(listen, ':') != NULL;
    wn_snprintf(buf, size, "%s%s%s:%u (%s)", v6 ? "[" : "", q, v6 ? "]" : "", (unsigned)port,
                wn_pp_kind_name(kind));
}

/* ---- checking and building rules */

wslnet_status wn_pp_bad_listen(wslnet_status st, wn_pp_kind kind, const char *what,
                                const char *text, wslnet_error *err)
{
    char q[64];
    wn_pp_quote(q, sizeof q, text);
    return wn_fail(err, st, 0, "%slisten address '%s' is not '*' or an %s address (kind %s)", what,
                   q, wn_pp_family_word(wn_pp_listen_family(kind)), wn_pp_kind_name(kind));
}

static wslnet_status bad_connect(wslnet_status st, wn_pp_kind kind, const char *what,
                                 const char *text, wslnet_error *err)
{
    char q[64];
    wn_pp_quote(q, sizeof q, text);
    return wn_fail(err, st, 0, "%sconnect address '%s' is not an %s address or a host name (kind %s)",
                   what, q, wn_pp_family_word(wn_pp_connect_family(kind)), wn_pp_kind_name(kind));
}

static wslnet_status check_fields(wn_pp_kind kind, const char *listen, uint16_t listen_port,
                                  const char *connect, uint16_t connect_port, wslnet_error *err)
{
    if (!wn_pp_kind_valid(kind))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown portproxy kind %d", (int)kind);
    if (!wn_pp_listen_address_valid(kind, listen))
        return wn_pp_bad_listen(WSLNET_E_INVALID_INPUT, kind, "", listen, err);
    if (listen_port == 0 || connect_port == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s port 0 is not a port (1-65535)",
                       listen_port == 0 ? "listen" : "connect");
    if (!wn_pp_connect_address_valid(kind, connect))
        return bad_connect(WSLNET_E_INVALID_INPUT, kind, "", connect, err);
    return WSLNET_OK;
}

wslnet_status wn_pp_rule_check(const wn_pp_rule *rule, wslnet_error *err)
{
    return check_fields(rule->kind, rule->listen_address, rule->listen_port, rule->connect_address,
                        rule->connect_port, err);
}

wslnet_status wn_pp_owned_check(const wn_pp_owned *owned, wslnet_error *err)
{
    return check_fields(owned->kind, owned->listen_address, owned->listen_port, owned->target,
                        owned->connect_port, err);
}

wslnet_status wn_pp_port_arg(const char *what, const char *text, uint16_t *out, wslnet_error *err)
{
    char q[64];
    if (wn_pp_port_parse(text, out))
        return WSLNET_OK;
    wn_pp_quote(q, sizeof q, text);
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "%s port '%s' is not a port: give one number 1-65535 (no ranges, no leading zeros)",
                   what, q);
}

wslnet_status wn_pp_kind_arg(const char *text, wn_pp_kind *out, wslnet_error *err)
{
    char q[64];
    *out = WN_PP_V4TOV4;
    if (!text || wn_pp_kind_parse(text, out))
        return WSLNET_OK;
    wn_pp_quote(q, sizeof q, text);
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "unknown portproxy kind '%s' (use v4tov4, v4tov6, v6tov4 or v6tov6)", q);
}

/* Copies text to dst[size]; 0 when it does not fit. */
static int copy_fits(char *dst, size_t size, const char *text)
{
    size_t n = strlen(text);
    if (n >= size)
        return 0;
    memcpy(dst, text, n + 1);
    return 1;
}

wslnet_status wn_pp_listen_arg(wn_pp_kind kind, const char *text, wslnet_proxy_listen *out, wslnet_error *err)
{
    uint32_t v4;
    memset(out, 0, sizeof *out);
    if (!text)
        return WSLNET_OK;
    if (!wn_pp_listen_address_valid(kind, text))
        return wn_pp_bad_listen(WSLNET_E_INVALID_INPUT, kind, "", text, err);
    if (strcmp(text, "*") == 0) {
        out->wildcard = 1;
    } else if (wn_pp_listen_family(kind) == 4 && wn_ipv4_parse(text, &v4)) {
        out->address.family = 4;
        out->address.bytes[0] = (uint8_t)(v4 >> 24);
        out->address.bytes[1] = (uint8_t)(v4 >> 16);
        out->address.bytes[2] = (uint8_t)(v4 >> 8);
        out->address.bytes[3] = (uint8_t)v4;
    } else if (wn_ipv6_parse(text, out->address.bytes)) {
        out->address.family = 6;
    } else {
        return wn_pp_bad_listen(WSLNET_E_INVALID_INPUT, kind, "", text, err);
    }
    return WSLNET_OK;
}

wslnet_status wn_pp_listen_text(wn_pp_kind kind, const wslnet_proxy_listen *listen, char out[WN_PP_LISTEN_MAX],
                                wslnet_error *err)
{
    const wslnet_ip_address *a = &listen->address;
    int family = wn_pp_listen_family(kind);
    if (!wn_pp_kind_valid(kind))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown portproxy kind %d", (int)kind);
    if (listen->wildcard && a->family != 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "a listen address is either '*' or an address, not both");
    if (a->family != 0 && a->family != 4 && a->family != 6)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "listen address family %d is not 4 or 6", a->family);
    if (listen->wildcard)
        wn_strlcpy(out, WN_PP_LISTEN_MAX, "*");
    else if (a->family == 0)
        wn_strlcpy(out, WN_PP_LISTEN_MAX, family == 4 ? "0.0.0.0" : "::");
    else if (a->family == 4)
        wn_ipv4_format((uint32_t)a->bytes[0] << 24 | (uint32_t)a->bytes[1] << 16 | (uint32_t)a->bytes[2] << 8 |
                           a->bytes[3],
                       out, WN_PP_LISTEN_MAX);
    else
        wn_ipv6_format(a->bytes, out, WN_PP_LISTEN_MAX);
    if (!wn_pp_listen_address_valid(kind, out))
        return wn_pp_bad_listen(WSLNET_E_INVALID_INPUT, kind, "", out, err);
    return WSLNET_OK;
}

wslnet_status wn_pp_rule_set(wn_pp_kind kind, const char *listen_address, uint16_t listen_port,
                             const char *connect_address, uint16_t connect_port, wn_pp_rule *out,
                             wslnet_error *err)
{
    wslnet_status st = check_fields(kind, listen_address, listen_port, connect_address, connect_port, err);
    memset(out, 0, sizeof *out);
    if (st != WSLNET_OK)
        return st;
    out->kind = kind;
    out->listen_port = listen_port;
    out->connect_port = connect_port;
    if (!copy_fits(out->listen_address, sizeof out->listen_address, listen_address))
        return wn_pp_bad_listen(WSLNET_E_INVALID_INPUT, kind, "", listen_address, err);
    if (!copy_fits(out->connect_address, sizeof out->connect_address, connect_address))
        return bad_connect(WSLNET_E_INVALID_INPUT, kind, "", connect_address, err);
    return WSLNET_OK;
}

wslnet_status wn_pp_rule_make(const char *kind_text, const char *listen_address,
                              const char *listen_port_text, const char *connect_address,
                              const char *connect_port_text, wn_pp_rule *out,
                              wslnet_error *err)
{
    wslnet_status st;
    memset(out, 0, sizeof *out);
    if ((st = wn_pp_kind_arg(kind_text, &out->kind, err)) != WSLNET_OK)
        return st;
    if (!listen_address)
        listen_address = wn_pp_listen_family(out->kind) == 4 ? "0.0.0.0" : "::";
    if (!wn_pp_listen_address_valid(out->kind, listen_address) ||
        !copy_fits(out->listen_address, sizeof out->listen_address, listen_address))
        return wn_pp_bad_listen(WSLNET_E_INVALID_INPUT, out->kind, "", listen_address, err);
    st = wn_pp_port_arg("listen", listen_port_text, &out->listen_port, err);
    if (st != WSLNET_OK)
        return st;
    if (!wn_pp_connect_address_valid(out->kind, connect_address) ||
        !copy_fits(out->connect_address, sizeof out->connect_address, connect_address))
        return bad_connect(WSLNET_E_INVALID_INPUT, out->kind, "", connect_address, err);
    if (!connect_port_text) {
        out->connect_port = out->listen_port;
        return WSLNET_OK;
    }
    return wn_pp_port_arg("connect", connect_port_text, &out->connect_port, err);
}

/* ---- registry codec */

/* Splits "<address>/<port>" at the last '/': the address into addr[size],
 * the port into *port. what names the text in messages ("value name",
 * "data"). WSLNET_E_BAD_DATA when there is no '/', the port is not strictly
 * valid, or the address does not fit. */
static wslnet_status split_endpoint(const char *text, const char *what, const char *side,
                                    char *addr, size_t size, uint16_t *port, wslnet_error *err)
{
    const char *slash = strrchr(text, '/');
    char q[64], qp[32];
    size_t n;
    wn_pp_quote(q, sizeof q, text);
    if (!slash)
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "%s '%s' is not <address>/<port>: no '/'", what, q);
    if (!wn_pp_port_parse(slash + 1, port)) {
        wn_pp_quote(qp, sizeof qp, slash + 1);
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "%s '%s': %s port '%s' is not a port (1-65535)",
                       what, q, side, qp);
    }
    n = (size_t)(slash - text);
    if (n >= size)
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "%s '%s': %s address is too long", what, q, side);
    memcpy(addr, text, n);
    addr[n] = '\0';
    return WSLNET_OK;
}

/* Decodes name and data into their four parts (shared by rules and ownership
 * records: "wsl" is a valid host name, so both accept the same text). */
static wslnet_status decode_pair(wn_pp_kind kind, const char *name, const char *data,
                                 char listen[WN_PP_LISTEN_MAX], uint16_t *listen_port,
                                 char connect[WN_PP_CONNECT_MAX], uint16_t *connect_port,
                                 wslnet_error *err)
{
    char prefix[96], q[64];
    wslnet_status st;
    if (!wn_pp_kind_valid(kind))
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "unknown portproxy kind %d", (int)kind);
    st = split_endpoint(name, "value name", "listen", listen, WN_PP_LISTEN_MAX, listen_port, err);
    if (st != WSLNET_OK)
        return st;
    wn_pp_quote(q, sizeof q, name);
    wn_snprintf(prefix, sizeof prefix, "value name '%s': ", q);
    if (!wn_pp_listen_address_valid(kind, listen))
        return wn_pp_bad_listen(WSLNET_E_BAD_DATA, kind, prefix, listen, err);
    st = split_endpoint(data, "data", "connect", connect, WN_PP_CONNECT_MAX, connect_port, err);
    if (st != WSLNET_OK)
        return st;
    wn_snprintf(prefix, sizeof prefix, "data of value '%s': ", q);
    if (!wn_pp_connect_address_valid(kind, connect))
        return bad_connect(WSLNET_E_BAD_DATA, kind, prefix, connect, err);
    return WSLNET_OK;
}

wslnet_status wn_pp_rule_decode(wn_pp_kind kind, const char *name, const char *data,
                                wn_pp_rule *out, wslnet_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    return decode_pair(kind, name, data, out->listen_address, &out->listen_port,
                       out->connect_address, &out->connect_port, err);
}

wslnet_status wn_pp_owned_decode(wn_pp_kind kind, const char *name, const char *data,
                                 wn_pp_owned *out, wslnet_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    return decode_pair(kind, name, data, out->listen_address, &out->listen_port, out->target,
                       &out->connect_port, err);
}

/* Writes "<address>/<port>" into buf[size]; 0 when it does not fit. */
static int put_endpoint(char *buf, size_t size, const char *address, uint16_t port)
{
    size_t n = strlen(address);
    char digits[8];
    wn_snprintf(digits, sizeof digits, "%u", (unsigned)port);
    if (n + 1 + strlen(digits) >= size)
        return 0;
    memcpy(buf, address, n);
    buf[n] = '/';
    memcpy(buf + n + 1, digits, strlen(digits) + 1);
    return 1;
}

static wslnet_status encode_pair(const char *listen, uint16_t listen_port, const char *connect,
                                 uint16_t connect_port, char *name, size_t name_size,
                                 char *data, size_t data_size, wslnet_error *err)
{
    if (!put_endpoint(name, name_size, listen, listen_port) ||
        !put_endpoint(data, data_size, connect, connect_port))
        return wn_fail(err, WSLNET_E_INTERNAL, 0, "portproxy encode: buffer too small");
    return WSLNET_OK;
}

wslnet_status wn_pp_rule_encode(const wn_pp_rule *rule, char *name, size_t name_size,
                                char *data, size_t data_size, wslnet_error *err)
{
    wslnet_status st = wn_pp_rule_check(rule, err);
    if (st != WSLNET_OK)
        return st;
    return encode_pair(rule->listen_address, rule->listen_port, rule->connect_address,
                       rule->connect_port, name, name_size, data, data_size, err);
}

wslnet_status wn_pp_owned_encode(const wn_pp_owned *owned, char *name, size_t name_size,
                                 char *data, size_t data_size, wslnet_error *err)
{
    wslnet_status st = wn_pp_owned_check(owned, err);
    if (st != WSLNET_OK)
        return st;
    return encode_pair(owned->listen_address, owned->listen_port, owned->target,
                       owned->connect_port, name, name_size, data, data_size, err);
}

/* ---- warnings */

int wn_pp_shadows_localhost(wn_pp_kind kind, const char *listen_address, uint16_t listen_port,
                            char *msg, size_t size)
{
    uint32_t v4;
    uint8_t v6[16];
    int family = wn_pp_listen_family(kind), shadows;
    shadows = (family == 4 && wn_ipv4_parse(listen_address, &v4) && v4 == 0x7F000001u) ||
              (family == 6 && wn_ipv6_parse(listen_address, v6) && wn_ipv6_is_loopback(v6));
    if (msg && size > 0) {
        msg[0] = '\0';
        if (shadows)
            wn_snprintf(msg, size,
                        "a listener on %s port %u shadows WSL's own localhost forwarding for that "
                        "port: Windows programs reaching localhost:%u get this proxy, not WSL",
                        family == 4 ? "127.0.0.1" : "::1", (unsigned)listen_port,
                        (unsigned)listen_port);
    }
    return shadows;
}
