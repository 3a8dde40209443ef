/* expose.c - the pieces of `wslnet expose` per effective mode (see expose.h). */
#include "expose.h"

#include "portproxy.h"
#include "status.h"

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

wslnet_status wn_expose_protocol_parse(const char *text, wn_expose_protocol *out, wslnet_error *err)
{
    if (!text || strcmp(text, "tcp") == 0) {
        *out = WN_EXPOSE_TCP;
        return WSLNET_OK;
    }
    if (strcmp(text, "udp") == 0) {
        *out = WN_EXPOSE_UDP;
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
