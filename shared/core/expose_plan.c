/* expose_plan.c - the pieces of `wslnet expose` per effective mode (see expose_plan.h). */
#include "expose_plan.h"

#include "hvfw_plan.h"
#include "portproxy.h"
#include "status.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

const char *wn_expose_piece_kind_name(wn_expose_piece_kind kind)
{
    switch (kind) {
    case WN_EXPOSE_PORT_PROXY: return "portProxy";
    case WN_EXPOSE_HOST_RULE: return "hostRule";
    case WN_EXPOSE_HYPERV_RULE: return "hypervRule";
    }
    return "unknown";
}

wslnet_status wn_expose_ports_parse(const char *text, wn_expose_request *req, wslnet_error *err)
{
    const char *p = text, *comma;
    size_t i;
    req->port_count = 0;
    if (!text || !*text)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "give a port (1-65535) or a list: 8080,8443");
    for (;;) {
        uint16_t port;
        size_t len;
        comma = strchr(p, ',');
        len = comma ? (size_t)(comma - p) : strlen(p);
        if (!wn_pp_port_parse_n(p, len, &port))
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%.*s' is not a port (1-65535)",
                           (int)(len > 40 ? 40 : len), p);
        for (i = 0; i < req->port_count; i++)
            if (req->ports[i] == port)
                return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "port %u is listed twice", (unsigned)port);
        if (req->port_count == WN_EXPOSE_PORTS_MAX)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "at most %u ports at once", (unsigned)WN_EXPOSE_PORTS_MAX);
        req->ports[req->port_count++] = port;
        if (!comma)
            return WSLNET_OK;
        p = comma + 1;
    }
}

wslnet_status wn_expose_request_check(const uint16_t *ports, size_t count, wn_expose_protocol protocol,
                                      wn_expose_request *req, wslnet_error *err)
{
    size_t i, j;
    memset(req, 0, sizeof *req);
    if (count == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "give a port (1-65535) or a list: 8080,8443");
    if (count > WN_EXPOSE_PORTS_MAX)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "at most %u ports at once", (unsigned)WN_EXPOSE_PORTS_MAX);
    if (protocol != WN_EXPOSE_TCP && protocol != WN_EXPOSE_UDP)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "protocol %d is not tcp (0) or udp (1)", (int)protocol);
    for (i = 0; i < count; i++) {
        if (ports[i] == 0)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "port 0 is not a port (1-65535)");
        for (j = 0; j < i; j++)
            if (ports[j] == ports[i])
                return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "port %u is listed twice", (unsigned)ports[i]);
        req->ports[i] = ports[i];
    }
    req->port_count = count;
    req->protocol = protocol;
    return WSLNET_OK;
}

wslnet_status wn_expose_to_port_parse(const char *text, uint16_t *out, wslnet_error *err)
{
    *out = 0;
    if (!text || wn_pp_port_parse(text, out))
        return WSLNET_OK;
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--to-port '%.20s' is not a port (1-65535)", text);
}

const char *const wn_expose_protocol_names[] = {"tcp", "udp", NULL};

wslnet_status wn_expose_protocol_parse(const char *text, wn_expose_protocol *out, wslnet_error *err)
{
    int i;
    for (i = 0; wn_expose_protocol_names[i]; i++)
        if (!text ? i == WN_EXPOSE_TCP : strcmp(text, wn_expose_protocol_names[i]) == 0) {
            *out = (wn_expose_protocol)i;
            return WSLNET_OK;
        }
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--protocol '%.20s': use tcp or udp", text);
}

void wn_expose_tag(wn_expose_protocol protocol, uint16_t listen_port, char *buf, size_t size)
{
    wn_snprintf(buf, size, "wslnet-expose-%s-%u", protocol == WN_EXPOSE_UDP ? "udp" : "tcp", (unsigned)listen_port);
}

static wslnet_status refuse(wn_expose_plan *out, wslnet_error *err, const char *reason, const char *alternative)
{
    out->refused = 1;
    out->count = 0;
    wn_strlcpy(out->reason, sizeof out->reason, reason);
    wn_strlcpy(out->alternative, sizeof out->alternative, alternative);
    return wn_fail(err, WSLNET_E_UNSUPPORTED, 0, "%s; %s", reason, alternative);
}

static void add(wn_expose_plan *out, wn_expose_piece_kind kind, const wn_expose_request *req, uint16_t port)
{
    wn_expose_piece *piece = &out->pieces[out->count++];
    memset(piece, 0, sizeof *piece);
    piece->kind = kind;
    piece->protocol = req->protocol;
    piece->listen_port = port;
    piece->connect_port = req->to_port ? req->to_port : port;
    wn_expose_tag(req->protocol, port, piece->name, sizeof piece->name);
}

wslnet_status wn_expose_plan_make(const wn_expose_context *ctx, const wn_expose_request *req, wn_expose_plan *out,
                                  wslnet_error *err)
{
    size_t i;
    memset(out, 0, sizeof *out);
    if (req->port_count == 0 || req->port_count > WN_EXPOSE_PORTS_MAX)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "give 1 to %u ports", (unsigned)WN_EXPOSE_PORTS_MAX);
    if (req->to_port && req->port_count > 1)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--to-port needs a single port");
    switch (ctx->mode) {
    case WN_EXPOSE_NONE:
        return refuse(out, err, "WSL runs without networking (networkingMode none, or every start of it failed)",
                      "set networkingMode to nat or mirrored (wslnet config set wsl2.networkingMode nat) and restart WSL");
    case WN_EXPOSE_BRIDGED:
        return refuse(out, err, "bridged networking puts the VM on the LAN itself: there is nothing to expose",
                      "reach the VM's own LAN address, or move to mirrored networking");
    case WN_EXPOSE_NAT:
        if (req->protocol == WN_EXPOSE_UDP)
            return refuse(out, err,
                          "in NAT mode the LAN reaches WSL only through a port proxy, and the IP Helper port "
                          "proxy relays TCP only",
                          "use mirrored networking (wsl2.networkingMode mirrored), where UDP reaches the VM "
                          "through a Hyper-V firewall rule");
        for (i = 0; i < req->port_count; i++) {
            add(out, WN_EXPOSE_PORT_PROXY, req, req->ports[i]);
            add(out, WN_EXPOSE_HOST_RULE, req, req->ports[i]);
            if (ctx->hyperv_firewall)
                add(out, WN_EXPOSE_HYPERV_RULE, req, req->ports[i]);
        }
        return WSLNET_OK;
    case WN_EXPOSE_MIRRORED:
        if (!ctx->hyperv_firewall)
            return refuse(out, err,
                          "mirrored networking needs the Hyper-V firewall (V2), which is off or missing here: "
                          "WSL falls back to NAT",
                          "check `wslnet mode`; expose again once WSL runs in NAT mode");
        if (req->to_port && req->to_port != req->ports[0])
            return refuse(out, err, "mirrored networking shares the host's ports: no port translation",
                          "listen on the same port in WSL (drop --to-port)");
        for (i = 0; i < req->port_count; i++)
            add(out, WN_EXPOSE_HYPERV_RULE, req, req->ports[i]);
        return WSLNET_OK;
    case WN_EXPOSE_CONSOMME:
        if (req->to_port && req->to_port != req->ports[0])
            return refuse(out, err,
                          "in consomme mode WSL binds the guest's own port on the host: no port translation",
                          "listen on the same port in WSL (drop --to-port)");
        for (i = 0; i < req->port_count; i++)
            add(out, WN_EXPOSE_HOST_RULE, req, req->ports[i]);
        return WSLNET_OK;
    }
    return wn_fail(err, WSLNET_E_INTERNAL, 0, "unknown mode %d", (int)ctx->mode);
}

/* ---- records */

void wn_expose_record_name(wn_expose_protocol protocol, uint16_t port, char *buf, size_t size)
{
    wn_snprintf(buf, size, "%s-%u", protocol == WN_EXPOSE_UDP ? "udp" : "tcp", (unsigned)port);
}

wslnet_status wn_expose_record_encode(const wn_expose_record *r, wn_proxy_exposure *out, wslnet_error *err)
{
    char pieces[48] = "";
    unsigned k;
    for (k = WN_EXPOSE_PORT_PROXY; k <= WN_EXPOSE_HYPERV_RULE; k++)
        if (r->pieces & WN_EXPOSE_PIECE_BIT(k)) {
            size_t len = strlen(pieces);
            wn_snprintf(pieces + len, sizeof pieces - len, "%s%s", len ? "," : "",
                        wn_expose_piece_kind_name((wn_expose_piece_kind)k));
        }
    memset(out, 0, sizeof *out);
    wn_expose_record_name(r->protocol, r->port, out->name, sizeof out->name);
    if (strlen(r->remote) + strlen(pieces) + 48 >= sizeof out->data || strchr(r->remote, ';'))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the exposure record of port %u does not fit",
                       (unsigned)r->port);
    wn_snprintf(out->data, sizeof out->data, "toPort=%u;profiles=%u;remote=%s;pieces=%s", (unsigned)r->to_port,
                r->profiles, r->remote, pieces);
    if (0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the exposure record of port %u does not fit",
                       (unsigned)r->port);
    return WSLNET_OK;
}

/* "key=" at *p: the value up to ';' or the end into out[size]; 0 when not there or too long. */
static int field(const char **p, const char *key, char *out, size_t size)
{
    size_t klen = strlen(key), len;
    const char *end;
    if (strncmp(*p, key, klen) != 0 || (*p)[klen] != '=')
        return 0;
    *p += klen + 1;
    end = strchr(*p, ';');
    len = end ? (size_t)(end - *p) : strlen(*p);
    if (len >= size)
        return 0;
    memcpy(out, *p, len);
    out[len] = '\0';
    *p += len + (end ? 1 : 0);
    return 1;
}

wslnet_status wn_expose_record_decode(const char *name, const char *data, wn_expose_record *out, wslnet_error *err)
{
    char to[8], profiles[12], pieces[64], *item, *next;
    const char *p = data ? data : "", *num;
    wn_proxy_exposure check;
    memset(out, 0, sizeof *out);
    if (!name || (strncmp(name, "tcp-", 4) != 0 && strncmp(name, "udp-", 4) != 0))
        goto bad;
    out->protocol = name[0] == 'u' ? WN_EXPOSE_UDP : WN_EXPOSE_TCP;
    num = name + 4;
    if (!wn_pp_port_parse_n(num, strlen(num), &out->port) || !field(&p, "toPort", to, sizeof to) ||
        !wn_pp_port_parse_n(to, strlen(to), &out->to_port) || !field(&p, "profiles", profiles, sizeof profiles) ||
        !field(&p, "remote", out->remote, sizeof out->remote) || !field(&p, "pieces", pieces, sizeof pieces) || *p)
        goto bad;
    out->profiles = (unsigned)strtoul(profiles, NULL, 10);
    if (!wn_hostfw_profiles_valid(out->profiles))
        goto bad;
    { /* the remote list exactly as --remote's parser writes it */
        char canonical[WN_HOSTFW_REMOTE_MAX];
        if (wn_hostfw_remote_parse(out->remote, canonical, sizeof canonical, NULL) != WSLNET_OK ||
            strcmp(canonical, out->remote) != 0)
            goto bad;
    }
    for (item = pieces[0] ? pieces : NULL; item; item = next) {
        unsigned k;
        if ((next = strchr(item, ',')) != NULL)
            *next++ = '\0';
        for (k = WN_EXPOSE_PORT_PROXY; k <= WN_EXPOSE_HYPERV_RULE; k++)
            if (strcmp(item, wn_expose_piece_kind_name((wn_expose_piece_kind)k)) == 0)
                break;
        if (k > WN_EXPOSE_HYPERV_RULE)
            goto bad;
        out->pieces |= WN_EXPOSE_PIECE_BIT(k);
    }
    /* exactly what encode writes, nothing else */
    if (wn_expose_record_encode(out, &check, NULL) != WSLNET_OK || strcmp(check.name, name) != 0 ||
        strcmp(check.data, data) != 0)
        goto bad;
    return WSLNET_OK;
bad:
    return wn_fail(err, WSLNET_E_BAD_DATA, 0, "exposure record '%.40s' is not one wslnet wrote", name ? name : "");
}

/* ---- the Hyper-V rule of an exposure */

void wn_expose_hvrule_of(const wn_expose_record *r, wn_proxy_hvrule *out)
{
    char remote[WN_HOSTFW_REMOTE_MAX], *item, *next;
    memset(out, 0, sizeof *out);
    wn_expose_tag(r->protocol, r->port, out->name, sizeof out->name);
    wn_strlcpy(out->protocol, sizeof out->protocol, r->protocol == WN_EXPOSE_UDP ? "UDP" : "TCP");
    out->port = r->to_port ? r->to_port : r->port;
    out->profiles = r->profiles == WN_HOSTFW_PROFILE_ANY ? 0 : (int)(r->profiles & 7u);
    wn_strlcpy(remote, sizeof remote, r->remote);
    for (item = remote[0] ? remote : NULL; item; item = next) {
        size_t len = strlen(out->remote);
        if ((next = strchr(item, ',')) != NULL)
            *next++ = '\0';
        if (strcmp(item, "*") == 0 || (item[0] >= 'A' && item[0] <= 'Z')) { /* "*", LocalSubnet, DNS, ... */
            out->remote[0] = '\0';
            return; /* one keyword: the Hyper-V rule is not scoped by address */
        }
        wn_snprintf(out->remote + len, sizeof out->remote - len, "%s%s", len ? "," : "", item);
    }
}

wslnet_status wn_expose_hvrule_make(const wn_proxy_hvrule *hv, wslnet_hvfw_rule *out, wslnet_error *err)
{
    wslnet_hvfw_rule_options o;
    wslnet_hvfw_port_range port;
    wslnet_hvfw_address *remote = NULL;
    wslnet_status st;
    memset(&o, 0, sizeof o);
    port.first = port.last = hv->port;
    o.name = hv->name;
    o.protocol = strcmp(hv->protocol, "UDP") == 0 ? WSLNET_HVFW_PROTOCOL_UDP : WSLNET_HVFW_PROTOCOL_TCP;
    o.local_ports = &port;
    o.local_port_count = 1;
    o.profiles = (unsigned)hv->profiles;
    /* The record keeps the remote addresses as text: the shared parser reads them. */
    if (hv->remote[0] &&
        (st = wn_hvfw_address_list_parse(hv->remote, "remote_addresses", &remote, &o.remote_address_count, err)) !=
            WSLNET_OK)
        return st;
    o.remote_addresses = remote;
    st = wn_hvfw_rule_make(&o, out, err);
    free(remote);
    return st;
}

void wn_expose_hvrule_from(const wslnet_hvfw_rule *rule, wn_proxy_hvrule *out)
{
    size_t i;
    uint16_t port = 0;
    memset(out, 0, sizeof *out);
    wn_strlcpy(out->name, sizeof out->name, rule->name);
    wn_strlcpy(out->protocol, sizeof out->protocol, rule->protocol);
    if (rule->local_ports.count)
        wn_pp_port_parse_n(rule->local_ports.items[0], strlen(rule->local_ports.items[0]), &port);
    out->port = port;
    out->profiles = rule->profiles > 0 ? rule->profiles & 7 : 0;
    for (i = 0; i < rule->remote_addresses.count; i++) {
        size_t len = strlen(out->remote);
        wn_snprintf(out->remote + len, sizeof out->remote - len, "%s%s", len ? "," : "", rule->remote_addresses.items[i]);
    }
}

/* ---- composing one plan */

static void proxy_identity(const wn_expose_record *r, wn_pp_rule *out)
{
    memset(out, 0, sizeof *out);
    out->kind = WN_PP_V4TOV4;
    wn_strlcpy(out->listen_address, sizeof out->listen_address, "0.0.0.0");
    out->listen_port = r->port;
}

static const wn_pp_owned *owned_proxy(const wn_proxy_snapshot *s, const wn_expose_record *r)
{
    size_t i;
    for (i = 0; i < s->owned_count; i++)
        if (s->owned[i].kind == WN_PP_V4TOV4 && s->owned[i].listen_port == r->port &&
            strcmp(s->owned[i].listen_address, "0.0.0.0") == 0)
            return &s->owned[i];
    return NULL;
}

static const wn_pp_rule *store_proxy(const wn_proxy_snapshot *s, const wn_expose_record *r)
{
    size_t i;
    for (i = 0; i < s->rule_count; i++)
        if (s->rules[i].kind == WN_PP_V4TOV4 && s->rules[i].listen_port == r->port &&
            strcmp(s->rules[i].listen_address, "0.0.0.0") == 0)
            return &s->rules[i];
    return NULL;
}

static const wn_hostfw_found *host_rule(const wn_proxy_snapshot *s, const wn_expose_record *r)
{
    char name[WN_HOSTFW_NAME_MAX];
    size_t i;
    if (wn_hostfw_proxy_rule_name(WN_PP_V4TOV4, "0.0.0.0", r->port, name, sizeof name, NULL) != WSLNET_OK)
        return NULL;
    for (i = 0; i < s->firewall_count; i++)
        if (s->firewall[i].count && s->firewall[i].owned && wn_streq_nocase(s->firewall[i].rule.name, name))
            return &s->firewall[i];
    return NULL;
}

wslnet_status wn_expose_listener_rule_of(const wn_expose_record *r, wn_hostfw_rule *out, wslnet_error *err)
{
    memset(out, 0, sizeof *out);
    out->protocol = r->protocol == WN_EXPOSE_UDP ? WN_HOSTFW_UDP : WN_HOSTFW_TCP;
    out->port = r->port;
    out->profiles = r->profiles;
    wn_strlcpy(out->remote, sizeof out->remote, r->remote);
    return wn_hostfw_expose_rule_name(out->protocol, r->port, out->name, sizeof out->name, out->description,
                                      sizeof out->description, err);
}

/* The host rule of r's consomme shape as found (any grouping), or NULL. */
static const wn_hostfw_found *listener_rule(const wn_expose_world *w, const wn_expose_record *r)
{
    wn_hostfw_rule want;
    size_t i;
    if (wn_expose_listener_rule_of(r, &want, NULL) != WSLNET_OK)
        return NULL;
    for (i = 0; i < w->listener_count; i++)
        if (w->listener_rules[i].count && wn_streq_nocase(w->listener_rules[i].rule.name, want.name))
            return &w->listener_rules[i];
    return NULL;
}

/* The pieces r needs in w's mode (bits); WSLNET_E_UNSUPPORTED with *refusal filled when it cannot. */
static wslnet_status wanted_pieces(const wn_expose_world *w, const wn_expose_record *r, unsigned *bits,
                                   wn_expose_plan *refusal, wslnet_error *err)
{
    wn_expose_request req;
    wslnet_status st;
    size_t i;
    memset(&req, 0, sizeof req);
    req.port_count = 1;
    req.ports[0] = r->port;
    req.protocol = r->protocol;
    req.to_port = r->to_port != r->port ? r->to_port : 0;
    *bits = 0;
    if ((st = wn_expose_plan_make(&w->ctx, &req, refusal, err)) != WSLNET_OK)
        return st;
    for (i = 0; i < refusal->count; i++)
        *bits |= WN_EXPOSE_PIECE_BIT(refusal->pieces[i].kind);
    return WSLNET_OK;
}

size_t wn_expose_inspect(const wn_expose_world *w, const wn_expose_record *r, wn_expose_piece_state states[3],
                         wn_expose_plan *refusal)
{
    const wn_proxy_snapshot *s = w->proxy;
    const char *vm = s->vm_address ? s->vm_address : "";
    unsigned bits = 0;
    wn_proxy_hvrule hv;
    const wslnet_hvfw_rule *found;
    const wn_pp_rule *store = store_proxy(s, r);
    const wn_hostfw_found *fw = host_rule(s, r);
    wslnet_error ignored;
    size_t k;
    if (wanted_pieces(w, r, &bits, refusal, &ignored) != WSLNET_OK)
        bits = 0;
    for (k = 0; k < 3; k++) {
        memset(&states[k], 0, sizeof states[k]);
        states[k].kind = (wn_expose_piece_kind)k;
        states[k].wanted = (bits & WN_EXPOSE_PIECE_BIT(k)) != 0;
    }
    states[WN_EXPOSE_PORT_PROXY].present = store && owned_proxy(s, r);
    states[WN_EXPOSE_PORT_PROXY].stale = states[WN_EXPOSE_PORT_PROXY].present &&
                                         (!states[WN_EXPOSE_PORT_PROXY].wanted ||
                                          (vm[0] && !wn_streq_nocase(store->connect_address, vm)) ||
                                          store->connect_port != (r->to_port ? r->to_port : r->port));
    {
        /* the host rule of the mode's shape: the proxy's (nat) or WSL's own listener's
         * (consomme); the other shape's rule, left from another mode, is stale */
        const wn_hostfw_found *lr = listener_rule(w, r);
        int consomme = w->ctx.mode == WN_EXPOSE_CONSOMME, wanted = states[WN_EXPOSE_HOST_RULE].wanted;
        const wn_hostfw_found *mine = consomme ? lr : fw, *other = consomme ? fw : lr;
        wn_hostfw_rule want;
        if (mine && !mine->owned)
            mine = NULL;
        if (other && !other->owned)
            other = NULL;
        states[WN_EXPOSE_HOST_RULE].present = mine || other;
        states[WN_EXPOSE_HOST_RULE].stale = (mine && !wanted) || other ||
                                            (consomme && mine && wanted &&
                                             (wn_expose_listener_rule_of(r, &want, &ignored) != WSLNET_OK ||
                                              !wn_hostfw_found_same(mine, &want)));
    }
    wn_expose_hvrule_of(r, &hv);
    found = wn_hvfw_rule_find(w->hv_rules, w->hv_count, hv.name);
    states[WN_EXPOSE_HYPERV_RULE].present = found != NULL;
    if (found) {
        wslnet_hvfw_rule want;
        int same = 0;
        if (wn_expose_hvrule_make(&hv, &want, &ignored) == WSLNET_OK) {
            same = wn_hvfw_rule_same(&want, found);
            wn_hvfw_rule_clear(&want);
        }
        states[WN_EXPOSE_HYPERV_RULE].stale = !states[WN_EXPOSE_HYPERV_RULE].wanted || !same;
    }
    return 3;
}

/* Steps kept aside for the end of the plan (Hyper-V rules, records). */
typedef struct tail {
    wn_proxy_step *steps;
    size_t count, cap;
} tail;

static wn_proxy_step *tail_push(tail *t, wn_proxy_op op, wslnet_error *err)
{
    wn_proxy_step *st;
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        wn_proxy_step *grown = realloc(t->steps, cap * sizeof *grown);
        if (!grown) {
            wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            return NULL;
        }
        t->steps = grown;
        t->cap = cap;
    }
    st = &t->steps[t->count++];
    memset(st, 0, sizeof *st);
    st->op = op;
    return st;
}

static const wn_expose_record *record_find(const wn_expose_world *w, const wn_expose_record *r)
{
    size_t i;
    for (i = 0; i < w->record_count; i++)
        if (w->records[i].protocol == r->protocol && w->records[i].port == r->port)
            return &w->records[i];
    return NULL;
}

/* The Hyper-V side of one exposure: put when wanted and not right, delete wslnet's when not wanted. */
static wslnet_status plan_hv(const wn_expose_world *w, const wn_expose_record *r, int wanted, tail *t,
                             wslnet_error *err)
{
    wn_proxy_hvrule hv;
    const wslnet_hvfw_rule *found;
    wn_proxy_step *st;
    wn_expose_hvrule_of(r, &hv);
    found = wn_hvfw_rule_find(w->hv_rules, w->hv_count, hv.name);
    if (wanted) {
        wslnet_hvfw_rule want;
        int same;
        wslnet_status rc = wn_expose_hvrule_make(&hv, &want, err);
        if (rc != WSLNET_OK)
            return rc;
        same = found && wn_hvfw_rule_same(&want, found);
        wn_hvfw_rule_clear(&want);
        if (same)
            return WSLNET_OK;
        if (!(st = tail_push(t, WN_PROXY_PUT_HVRULE, err)))
            return WSLNET_E_NO_MEMORY;
        st->hv = hv;
    } else {
        if (!found)
            return WSLNET_OK;
        if (!(st = tail_push(t, WN_PROXY_DELETE_HVRULE, err)))
            return WSLNET_E_NO_MEMORY;
        wn_strlcpy(st->hv.name, sizeof st->hv.name, found->name);
    }
    if (found) {
        st->had_before = 1;
        wn_expose_hvrule_from(found, &st->hv_before);
    }
    return WSLNET_OK;
}

/* The consomme shape's host rule of one exposure: put when wanted and not
 * right, delete wslnet's when not wanted; a rule of its name that wslnet did
 * not create is never touched (refused when wanted). */
static wslnet_status plan_listener(const wn_expose_world *w, const wn_expose_record *r, int wanted, tail *t,
                                   wslnet_error *err)
{
    const wn_hostfw_found *found = listener_rule(w, r);
    wn_hostfw_rule want;
    wn_proxy_step *st;
    wslnet_status rc = wn_expose_listener_rule_of(r, &want, err);
    if (rc != WSLNET_OK)
        return rc;
    if (found && !found->owned) {
        if (!wanted)
            return WSLNET_OK;
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "a host firewall rule named '%s' exists that wslnet did not create; remove it first; "
                       "nothing was changed", want.name);
    }
    if (wanted ? found && wn_hostfw_found_same(found, &want) : !found)
        return WSLNET_OK;
    if (!(st = tail_push(t, wanted ? WN_PROXY_PUT_FIREWALL : WN_PROXY_DELETE_FIREWALL, err)))
        return WSLNET_E_NO_MEMORY;
    if (wanted)
        st->fw = want;
    else
        wn_strlcpy(st->fw.name, sizeof st->fw.name, found->rule.name);
    if (found) {
        st->had_before = 1;
        st->fw_before = found->rule;
    }
    return WSLNET_OK;
}

/* The record: put when its text changes, delete (drop). */
static wslnet_status plan_record(const wn_expose_world *w, const wn_expose_record *r, int keep, tail *t,
                                 wslnet_error *err)
{
    const wn_expose_record *old = record_find(w, r);
    wn_proxy_exposure now, before;
    wn_proxy_step *st;
    wslnet_status rc = wn_expose_record_encode(r, &now, err);
    if (rc != WSLNET_OK)
        return rc;
    memset(&before, 0, sizeof before);
    if (old && (rc = wn_expose_record_encode(old, &before, err)) != WSLNET_OK)
        return rc;
    if (keep && old && strcmp(before.data, now.data) == 0)
        return WSLNET_OK;
    if (!keep && !old)
        return WSLNET_OK;
    if (!(st = tail_push(t, keep ? WN_PROXY_PUT_EXPOSURE : WN_PROXY_DELETE_EXPOSURE, err)))
        return WSLNET_E_NO_MEMORY;
    st->exp = now;
    if (old) {
        st->had_before = 1;
        wn_strlcpy(st->exp_before, sizeof st->exp_before, before.data);
    }
    return WSLNET_OK;
}

wslnet_status wn_expose_compose(const wn_expose_world *w, const wn_expose_record *want, size_t want_count,
                                const wn_expose_record *drop, size_t drop_count, int start_service,
                                wn_proxy_plan *plan, wn_expose_plan *refusal, wslnet_error *err)
{
    wn_proxy_item *items = calloc(want_count ? want_count : 1, sizeof *items);
    wn_pp_rule *removals = calloc(want_count + drop_count ? want_count + drop_count : 1, sizeof *removals);
    wn_proxy_request req;
    tail t = {NULL, 0, 0};
    size_t i, n_items = 0, n_removals = 0;
    wslnet_status st = WSLNET_OK;
    memset(plan, 0, sizeof *plan);
    memset(refusal, 0, sizeof *refusal);
    if (!items || !removals) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto done;
    }
    for (i = 0; i < want_count; i++) {
        wn_expose_record r = want[i];
        unsigned bits;
        if ((st = wanted_pieces(w, &r, &bits, refusal, err)) != WSLNET_OK)
            goto done;
        if (bits & WN_EXPOSE_PIECE_BIT(WN_EXPOSE_PORT_PROXY)) {
            wn_proxy_item *it = &items[n_items++];
            char port[8], to[8];
            wn_snprintf(port, sizeof port, "%u", (unsigned)r.port);
            wn_snprintf(to, sizeof to, "%u", (unsigned)r.to_port);
            if ((st = wn_pp_rule_make("v4tov4", "0.0.0.0", port, "wsl", to, &it->rule, err)) != WSLNET_OK)
                goto done;
            it->firewall = 1;
            it->profiles = r.profiles;
            wn_strlcpy(it->remote, sizeof it->remote, r.remote);
        } else if (record_find(w, &r) && (record_find(w, &r)->pieces & WN_EXPOSE_PIECE_BIT(WN_EXPOSE_PORT_PROXY)) &&
                   owned_proxy(w->proxy, &r)) {
            proxy_identity(&r, &removals[n_removals++]); /* the exposure's own proxy, no longer needed */
        }
        if ((st = plan_hv(w, &r, (bits & WN_EXPOSE_PIECE_BIT(WN_EXPOSE_HYPERV_RULE)) != 0, &t, err)) != WSLNET_OK)
            goto done;
        if ((st = plan_listener(w, &r,
                                w->ctx.mode == WN_EXPOSE_CONSOMME && (bits & WN_EXPOSE_PIECE_BIT(WN_EXPOSE_HOST_RULE)),
                                &t, err)) != WSLNET_OK)
            goto done;
        r.pieces = bits;
        if ((st = plan_record(w, &r, 1, &t, err)) != WSLNET_OK)
            goto done;
    }
    for (i = 0; i < drop_count; i++) {
        const wn_expose_record *held = record_find(w, &drop[i]);
        if (held && (held->pieces & WN_EXPOSE_PIECE_BIT(WN_EXPOSE_PORT_PROXY)) && owned_proxy(w->proxy, held))
            proxy_identity(held, &removals[n_removals++]);
        if ((st = plan_hv(w, &drop[i], 0, &t, err)) != WSLNET_OK ||
            (st = plan_listener(w, &drop[i], 0, &t, err)) != WSLNET_OK ||
            (st = plan_record(w, &drop[i], 0, &t, err)) != WSLNET_OK)
            goto done;
    }
    memset(&req, 0, sizeof req);
    req.type = WN_PROXY_CHANGE;
    req.items = items;
    req.item_count = n_items;
    req.removals = removals;
    req.removal_count = n_removals;
    req.start_service = start_service;
    if ((st = wn_proxy_plan_make(w->proxy, &req, plan, err)) != WSLNET_OK)
        goto done;
    if (t.count) { /* the tail goes before the final notification, which stays last */
        int notify = plan->count && plan->steps[plan->count - 1].op == WN_PROXY_NOTIFY;
        wn_proxy_step *grown = realloc(plan->steps, (plan->count + t.count) * sizeof *grown);
        if (!grown) {
            wn_proxy_plan_free(plan);
            st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            goto done;
        }
        plan->steps = grown;
        if (notify) {
            wn_proxy_step last = plan->steps[plan->count - 1];
            memcpy(plan->steps + plan->count - 1, t.steps, t.count * sizeof *t.steps);
            plan->steps[plan->count - 1 + t.count] = last;
        } else {
            memcpy(plan->steps + plan->count, t.steps, t.count * sizeof *t.steps);
        }
        plan->count += t.count;
    }
done:
    free(t.steps);
    free(items);
    free(removals);
    return st;
}
