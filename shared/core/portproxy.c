/* portproxy.c - netsh portproxy rules: validation, registry codec, ownership
 * records and the planner. */
#include "portproxy.h"

#include "ipv4.h"
#include "ipv6.h"
#include "status.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[WN_PP_KIND_COUNT] = {"v4tov4", "v4tov6", "v6tov4", "v6tov6"};

/* ---- kinds, ports, names */

int wn_pp_kind_parse(const char *text, wn_pp_kind *out)
{
    int k;
    for (k = 0; k < WN_PP_KIND_COUNT; k++) {
        if (wn_streq_nocase(text, kind_names[k])) {
            *out = (wn_pp_kind)k;
            return 1;
        }
    }
    return 0;
}

static int kind_ok(wn_pp_kind kind)
{
    return (unsigned)kind < WN_PP_KIND_COUNT;
}

const char *wn_pp_kind_name(wn_pp_kind kind)
{
    return kind_ok(kind) ? kind_names[kind] : "?";
}

int wn_pp_listen_family(wn_pp_kind kind)
{
    if (!kind_ok(kind))
        return 0;
    return kind == WN_PP_V4TOV4 || kind == WN_PP_V4TOV6 ? 4 : 6;
}

int wn_pp_connect_family(wn_pp_kind kind)
{
    if (!kind_ok(kind))
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
static int is_address(int family, const char *text)
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
    return strcmp(text, "*") == 0 || is_address(wn_pp_listen_family(kind), text);
}

int wn_pp_connect_address_valid(wn_pp_kind kind, const char *text)
{
    return kind_ok(kind) && (is_address(wn_pp_connect_family(kind), text) || wn_pp_hostname_valid(text));
}

int wn_pp_target_is_wsl(const char *target)
{
    return wn_streq_nocase(target, WN_PP_TARGET_WSL);
}

/* ---- messages */

/* Copies text for a message: control bytes become '?', long text is cut
 * with "...". buf holds at least 8 bytes. */
static void quote(char *buf, size_t size, const char *text)
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

static const char *family_word(int family)
{
    return family == 6 ? "IPv6" : "IPv4";
}

/* "0.0.0.0:8080 (v4tov4)" or "[::1]:8080 (v6tov4)". */
static void describe(char *buf, size_t size, wn_pp_kind kind, const char *listen, uint16_t port)
{
    char q[64];
    quote(q, sizeof q, listen);
    int v6 = strchr(listen, ':') != NULL;
    wn_snprintf(buf, size, "%s%s%s:%u (%s)", v6 ? "[" : "", q, v6 ? "]" : "", (unsigned)port,
                wn_pp_kind_name(kind));
}

/* ---- checking and building rules */

static wslnet_status bad_listen(wslnet_status st, wn_pp_kind kind, const char *what,
                                const char *text, wslnet_error *err)
{
    char q[64];
    quote(q, sizeof q, text);
    return wn_fail(err, st, 0, "%slisten address '%s' is not '*' or an %s address (kind %s)", what,
                   q, family_word(wn_pp_listen_family(kind)), wn_pp_kind_name(kind));
}

static wslnet_status bad_connect(wslnet_status st, wn_pp_kind kind, const char *what,
                                 const char *text, wslnet_error *err)
{
    char q[64];
    quote(q, sizeof q, text);
    return wn_fail(err, st, 0, "%sconnect address '%s' is not an %s address or a host name (kind %s)",
                   what, q, family_word(wn_pp_connect_family(kind)), wn_pp_kind_name(kind));
}

static wslnet_status check_fields(wn_pp_kind kind, const char *listen, uint16_t listen_port,
                                  const char *connect, uint16_t connect_port, wslnet_error *err)
{
    if (!kind_ok(kind))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown portproxy kind %d", (int)kind);
    if (!wn_pp_listen_address_valid(kind, listen))
        return bad_listen(WSLNET_E_INVALID_INPUT, kind, "", listen, err);
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

static wslnet_status owned_check(const wn_pp_owned *owned, wslnet_error *err)
{
    return check_fields(owned->kind, owned->listen_address, owned->listen_port, owned->target,
                        owned->connect_port, err);
}

static wslnet_status parse_port_arg(const char *what, const char *text, uint16_t *out,
                                    wslnet_error *err)
{
    char q[64];
    if (wn_pp_port_parse(text, out))
        return WSLNET_OK;
    quote(q, sizeof q, text);
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "%s port '%s' is not a port: give one number 1-65535 (no ranges, no leading zeros)",
                   what, q);
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

wslnet_status wn_pp_rule_make(const char *kind_text, const char *listen_address,
                              const char *listen_port_text, const char *connect_address,
                              const char *connect_port_text, wn_pp_rule *out,
                              wslnet_error *err)
{
    wslnet_status st;
    char q[64];
    memset(out, 0, sizeof *out);
    out->kind = WN_PP_V4TOV4;
    if (kind_text && !wn_pp_kind_parse(kind_text, &out->kind)) {
        quote(q, sizeof q, kind_text);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "unknown portproxy kind '%s' (use v4tov4, v4tov6, v6tov4 or v6tov6)", q);
    }
    if (!listen_address)
        listen_address = wn_pp_listen_family(out->kind) == 4 ? "0.0.0.0" : "::";
    if (!wn_pp_listen_address_valid(out->kind, listen_address) ||
        !copy_fits(out->listen_address, sizeof out->listen_address, listen_address))
        return bad_listen(WSLNET_E_INVALID_INPUT, out->kind, "", listen_address, err);
    st = parse_port_arg("listen", listen_port_text, &out->listen_port, err);
    if (st != WSLNET_OK)
        return st;
    if (!wn_pp_connect_address_valid(out->kind, connect_address) ||
        !copy_fits(out->connect_address, sizeof out->connect_address, connect_address))
        return bad_connect(WSLNET_E_INVALID_INPUT, out->kind, "", connect_address, err);
    if (!connect_port_text) {
        out->connect_port = out->listen_port;
        return WSLNET_OK;
    }
    return parse_port_arg("connect", connect_port_text, &out->connect_port, err);
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
    quote(q, sizeof q, text);
    if (!slash)
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "%s '%s' is not <address>/<port>: no '/'", what, q);
    if (!wn_pp_port_parse(slash + 1, port)) {
        quote(qp, sizeof qp, slash + 1);
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
    if (!kind_ok(kind))
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "unknown portproxy kind %d", (int)kind);
    st = split_endpoint(name, "value name", "listen", listen, WN_PP_LISTEN_MAX, listen_port, err);
    if (st != WSLNET_OK)
        return st;
    quote(q, sizeof q, name);
    wn_snprintf(prefix, sizeof prefix, "value name '%s': ", q);
    if (!wn_pp_listen_address_valid(kind, listen))
        return bad_listen(WSLNET_E_BAD_DATA, kind, prefix, listen, err);
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
    wslnet_status st = owned_check(owned, err);
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

/* ---- planner */

const char *wn_pp_op_name(wn_pp_op op)
{
    static const char *const names[] = {"putRule", "deleteRule", "putOwned", "deleteOwned"};
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

/* ASCII case-insensitive ordering. */
static int cmp_nocase(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb || ca == 0)
            return ca - cb;
    }
}

/* Orders identities: kind, port, listen address (case-insensitive). */
static int key_cmp(wn_pp_kind ka, const char *aa, uint16_t pa, wn_pp_kind kb, const char *ab,
                   uint16_t pb)
{
    if (ka != kb)
        return ka < kb ? -1 : 1;
    if (pa != pb)
        return pa < pb ? -1 : 1;
    return cmp_nocase(aa, ab);
}

static int rule_ptr_cmp(const void *a, const void *b)
{
    const wn_pp_rule *ra = *(const wn_pp_rule *const *)a, *rb = *(const wn_pp_rule *const *)b;
    return key_cmp(ra->kind, ra->listen_address, ra->listen_port, rb->kind, rb->listen_address,
                   rb->listen_port);
}

/* The store sorted by identity, for binary search. */
typedef struct store_index {
    const wn_pp_rule **sorted;
    size_t count;
} store_index;

static int index_build(store_index *ix, const wn_pp_rule *store, size_t count)
{
    size_t i;
    ix->count = count;
    ix->sorted = malloc((count ? count : 1) * sizeof *ix->sorted);
    if (!ix->sorted)
        return 0;
    for (i = 0; i < count; i++)
        ix->sorted[i] = &store[i];
    qsort(ix->sorted, count, sizeof *ix->sorted, rule_ptr_cmp);
    return 1;
}

/* The store rule with this identity, or NULL. */
static const wn_pp_rule *index_find(const store_index *ix, wn_pp_kind kind, const char *listen,
                                    uint16_t port)
{
    size_t lo = 0, hi = ix->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const wn_pp_rule *r = ix->sorted[mid];
        int c = key_cmp(kind, listen, port, r->kind, r->listen_address, r->listen_port);
        if (c == 0)
            return r;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* The ownership record with this identity, or NULL (linear: one lookup per plan). */
static const wn_pp_owned *owned_find(const wn_pp_owned *owned, size_t count, wn_pp_kind kind,
                                     const char *listen, uint16_t port)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (key_cmp(kind, listen, port, owned[i].kind, owned[i].listen_address,
                    owned[i].listen_port) == 0)
            return &owned[i];
    return NULL;
}

typedef struct planner {
    store_index ix;
    const wn_pp_owned *owned;
    size_t owned_count;
    const char *vm;
    wn_pp_plan *plan;
    size_t cap;
} planner;

static wslnet_status push(planner *p, wn_pp_op op, const wn_pp_rule *rule, const wn_pp_owned *owned,
                          wslnet_error *err)
{
    wn_pp_change *c;
    if (p->plan->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4;
        wn_pp_change *grown = realloc(p->plan->changes, cap * sizeof *grown);
        if (!grown)
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        p->plan->changes = grown;
        p->cap = cap;
    }
    c = &p->plan->changes[p->plan->count++];
    memset(c, 0, sizeof *c);
    c->op = op;
    if (rule) {
        c->kind = rule->kind;
        c->u.rule = *rule;
        p->plan->needs_notify = 1;
    } else {
        c->kind = owned->kind;
        c->u.owned = *owned;
    }
    return WSLNET_OK;
}

/* The address target means now: the VM address for "wsl", else target itself. */
static wslnet_status resolve(const planner *p, wn_pp_kind kind, const char *target, char *out,
                             size_t size, wslnet_error *err)
{
    char q[64];
    if (!wn_pp_target_is_wsl(target)) {
        wn_strlcpy(out, size, target);
        return WSLNET_OK;
    }
    if (!p->vm)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "the WSL VM address is not known (is the WSL VM running?): cannot resolve target 'wsl'");
    if (!is_address(wn_pp_connect_family(kind), p->vm)) {
        quote(q, sizeof q, p->vm);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "target 'wsl' is the VM address %s, which a %s rule cannot connect to (it connects over %s)",
                       q, wn_pp_kind_name(kind), family_word(wn_pp_connect_family(kind)));
    }
    wn_strlcpy(out, size, p->vm);
    return WSLNET_OK;
}

/* 1 when the store rule already connects where the record says. */
static int rule_matches(const wn_pp_rule *have, const wn_pp_rule *want)
{
    return strcmp(have->connect_address, want->connect_address) == 0 &&
           have->connect_port == want->connect_port;
}

/* The store rule an ownership record wants, "wsl" resolved. */
static wslnet_status wanted_rule(const planner *p, const wn_pp_owned *o, wn_pp_rule *out,
                                 wslnet_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = o->kind;
    wn_strlcpy(out->listen_address, sizeof out->listen_address, o->listen_address);
    out->listen_port = o->listen_port;
    out->connect_port = o->connect_port;
    return resolve(p, o->kind, o->target, out->connect_address, sizeof out->connect_address, err);
}

static wslnet_status plan_add(planner *p, const wn_pp_rule *req, wslnet_error *err)
{
    const wn_pp_rule *have;
    const wn_pp_owned *mine;
    wn_pp_owned rec;
    wn_pp_rule rule;
    char where[96], q[64];
    wslnet_status st = wn_pp_rule_check(req, err);
    if (st != WSLNET_OK)
        return st;
    have = index_find(&p->ix, req->kind, req->listen_address, req->listen_port);
    mine = owned_find(p->owned, p->owned_count, req->kind, req->listen_address, req->listen_port);
    if (have && !mine) {
        describe(where, sizeof where, req->kind, req->listen_address, req->listen_port);
        quote(q, sizeof q, have->connect_address);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "listen %s is already used by a rule wslnet does not own (to %s port %u); "
                       "choose another listen port or address",
                       where, q, (unsigned)have->connect_port);
    }
    memset(&rec, 0, sizeof rec);
    rec.kind = req->kind;
    /* keep the spelling already recorded: the registry names it case-insensitively */
    wn_strlcpy(rec.listen_address, sizeof rec.listen_address,
               mine ? mine->listen_address : req->listen_address);
    rec.listen_port = req->listen_port;
    wn_strlcpy(rec.target, sizeof rec.target,
               wn_pp_target_is_wsl(req->connect_address) ? WN_PP_TARGET_WSL : req->connect_address);
    rec.connect_port = req->connect_port;
    st = wanted_rule(p, &rec, &rule, err);
    if (st != WSLNET_OK)
        return st;
    if (!mine || strcmp(mine->target, rec.target) != 0 || mine->connect_port != rec.connect_port)
        st = push(p, WN_PP_PUT_OWNED, NULL, &rec, err);
    if (st == WSLNET_OK && (!have || !rule_matches(have, &rule)))
        st = push(p, WN_PP_PUT_RULE, &rule, NULL, err);
    return st;
}

static wslnet_status plan_remove(planner *p, const wn_pp_rule *req, int force, wslnet_error *err)
{
    const wn_pp_rule *have;
    const wn_pp_owned *mine;
    char where[96];
    wslnet_status st = WSLNET_OK;
    if (!kind_ok(req->kind))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "unknown portproxy kind %d", (int)req->kind);
    if (!wn_pp_listen_address_valid(req->kind, req->listen_address))
        return bad_listen(WSLNET_E_INVALID_INPUT, req->kind, "", req->listen_address, err);
    if (req->listen_port == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "listen port 0 is not a port (1-65535)");
    have = index_find(&p->ix, req->kind, req->listen_address, req->listen_port);
    mine = owned_find(p->owned, p->owned_count, req->kind, req->listen_address, req->listen_port);
    describe(where, sizeof where, req->kind, req->listen_address, req->listen_port);
    if (!have && !mine)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "no portproxy rule listens on %s", where);
    if (have && !mine && !force)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "the rule listening on %s is not owned by wslnet; pass --force to remove it anyway",
                       where);
    if (have)
        st = push(p, WN_PP_DELETE_RULE, have, NULL, err);
    if (st == WSLNET_OK && mine)
        st = push(p, WN_PP_DELETE_OWNED, NULL, mine, err);
    return st;
}

static wslnet_status plan_sync(planner *p, wslnet_error *err)
{
    size_t i, wsl = 0;
    wslnet_status st;
    for (i = 0; i < p->owned_count; i++)
        if (wn_pp_target_is_wsl(p->owned[i].target))
            wsl++;
    if (wsl > 0 && !p->vm)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "the WSL VM address is not known (is the WSL VM running?): cannot sync %lu "
                       "rule(s) targeting 'wsl'", (unsigned long)wsl);
    for (i = 0; i < p->owned_count; i++) {
        const wn_pp_owned *o = &p->owned[i];
        const wn_pp_rule *have;
        wn_pp_rule want;
        st = owned_check(o, err);
        if (st == WSLNET_OK)
            st = wanted_rule(p, o, &want, err);
        if (st != WSLNET_OK)
            return st;
        have = index_find(&p->ix, o->kind, o->listen_address, o->listen_port);
        if (!have || !rule_matches(have, &want)) {
            st = push(p, WN_PP_PUT_RULE, &want, NULL, err);
            if (st != WSLNET_OK)
                return st;
        }
    }
    return WSLNET_OK;
}

wslnet_status wn_pp_plan_make(const wn_pp_rule *store, size_t store_count,
                              const wn_pp_owned *owned, size_t owned_count,
                              const wn_pp_request *request, const char *vm_address,
                              wn_pp_plan *plan, wslnet_error *err)
{
    planner p;
    wslnet_status st;
    memset(plan, 0, sizeof *plan);
    memset(&p, 0, sizeof p);
    if (!index_build(&p.ix, store, store_count))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    p.owned = owned;
    p.owned_count = owned_count;
    p.vm = vm_address;
    p.plan = plan;
    switch (request->type) {
    case WN_PP_ADD:
        st = plan_add(&p, &request->rule, err);
        break;
    case WN_PP_REMOVE:
        st = plan_remove(&p, &request->rule, request->force, err);
        break;
    case WN_PP_SYNC:
        st = plan_sync(&p, err);
        break;
    default:
        st = wn_fail(err, WSLNET_E_INTERNAL, 0, "unknown portproxy request %d", (int)request->type);
        break;
    }
    free(p.ix.sorted);
    if (st != WSLNET_OK)
        wn_pp_plan_free(plan);
    return st;
}

void wn_pp_plan_free(wn_pp_plan *plan)
{
    if (!plan)
        return;
    free(plan->changes);
    memset(plan, 0, sizeof *plan);
}
