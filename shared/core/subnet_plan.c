/* subnet_plan.c - WSL's NAT subnet: overlap, validation, suggestion, plan (see subnet_plan.h). */
#include "subnet_plan.h"

#include "ipv4.h"
#include "status.h"

#include <stdio.h>
#include <string.h>

static uint32_t mask_of(uint8_t len) { return len ? 0xFFFFFFFFu << (32 - len) : 0; }

uint32_t wn_subnet_network(uint32_t addr, uint8_t len) { return addr & mask_of(len > 32 ? 32 : len); }

int wn_subnet_overlap(uint32_t a, uint8_t alen, uint32_t b, uint8_t blen)
{
    uint8_t common = alen < blen ? alen : blen;
    if (common > 32)
        common = 32;
    return ((a ^ b) & mask_of(common)) == 0;
}

int wn_subnet_is_private(uint32_t net, uint8_t len)
{
    static const struct { uint32_t net; uint8_t len; } ranges[] = {
        {0x0A000000u, 8}, {0xAC100000u, 12}, {0xC0A80000u, 16}};
    size_t i;
    for (i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (len >= ranges[i].len && wn_subnet_network(net, ranges[i].len) == ranges[i].net)
            return 1;
    return 0;
}

static int own_route(const wn_route *r, const wn_subnet_own *own)
{
    size_t i;
    if (!own)
        return 0;
    for (i = 0; i < own->if_count; i++)
        if (own->if_indexes[i] != 0 && own->if_indexes[i] == r->if_index)
            return 1;
    for (i = 0; r->length == 32 && i < own->address_count; i++)
        if (own->addresses[i] == r->prefix)
            return 1;
    return 0;
}

void wn_subnet_own_from_adapters(const wslnet_adapter_list *list, uint32_t *ifs, uint32_t *addrs, size_t max,
                                 wn_subnet_own *own)
{
    size_t i, j;
    uint32_t a;
    memset(own, 0, sizeof *own);
    own->if_indexes = ifs;
    own->addresses = addrs;
    for (i = 0; list && i < list->count; i++) {
        const wslnet_adapter *ad = &list->items[i];
        if (own->if_count < max)
            ifs[own->if_count++] = ad->if_index;
        for (j = 0; j < ad->address_count && j < WSLNET_ADDRESS_MAX; j++)
            if (ad->addresses[j].family == 4 && own->address_count < max &&
                wn_ipv4_parse(ad->addresses[j].address, &a))
                addrs[own->address_count++] = a;
    }
}

int wn_subnet_route_conflicts(const wn_route *r, uint32_t net, uint8_t len, const wn_subnet_own *own)
{
    const uint32_t top = r->prefix >> 24;
    const uint32_t bcast = net | ~mask_of(len);
    if (r->length > 32 || r->length < WN_SUBNET_BROAD_ROUTE || top == 127 || top >= 224)
        return 0;
    if (r->length == 32 && (r->prefix == bcast || r->prefix == net))
        return 0;
    return wn_subnet_overlap(r->prefix, r->length, net, len) && !own_route(r, own);
}

size_t wn_subnet_conflicts(const wn_route *routes, size_t count, uint32_t net, uint8_t len,
                           const wn_subnet_own *own, size_t *idx, size_t max)
{
    size_t i, n = 0;
    for (i = 0; i < count; i++) {
        if (!wn_subnet_route_conflicts(&routes[i], net, len, own))
            continue;
        if (idx && n < max)
            idx[n] = i;
        n++;
    }
    return n;
}

static int free_candidate(const wn_route *routes, size_t count, const wn_subnet_own *own, uint32_t net)
{
    return wn_subnet_conflicts(routes, count, net, WN_SUBNET_SUGGEST_PREFIX, own, NULL, 0) == 0;
}

#define NET(a, b, c) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8))

/*
 * The order of candidates, most rarely used first (a heuristic; no registry of
 * VPN ranges exists):
 *   1. 10.250-10.129 (not 10.244, Kubernetes flannel): corporate VPNs, clouds'
 *      default VPCs (10.0/16), OpenVPN (10.8.0.0/24), Kubernetes services
 *      (10.96/12) and k3s (10.42, 10.43) cluster in the low half of 10/8.
 *   2. 192.168.240-192.168.112: home routers use the low /24s (0, 1, 2, 8,
 *      10, 50, 100); Docker's /20 pools in 192.168/16 start at 192.168.0.0.
 *   3. 172.31-172.16: Docker's bridges (172.17..) and HNS's own ICS picks.
 *   4. what is left: 10.128-10.0 and 10.244, 192.168.96-192.168.0.
 */
wslnet_status wn_subnet_suggest(const wn_route *routes, size_t count, const wn_subnet_own *own,
                                uint32_t *net, wslnet_error *err)
{
    int b, c;
    for (b = 250; b >= 129; b--)
        for (c = 0; b != 244 && c < 256; c += 16)
            if (free_candidate(routes, count, own, *net = NET(10, b, c)))
                return WSLNET_OK;
    for (c = 240; c >= 112; c -= 16)
        if (free_candidate(routes, count, own, *net = NET(192, 168, c)))
            return WSLNET_OK;
    for (b = 31; b >= 16; b--)
        for (c = 0; c < 256; c += 16)
            if (free_candidate(routes, count, own, *net = NET(172, b, c)))
                return WSLNET_OK;
    for (b = 128; b >= 0; b--)
        for (c = 0; c < 256; c += 16)
            if (free_candidate(routes, count, own, *net = NET(10, b, c)))
                return WSLNET_OK;
    for (c = 0; c < 256; c += 16)
        if (free_candidate(routes, count, own, *net = NET(10, 244, c)))
            return WSLNET_OK;
    for (c = 96; c >= 0; c -= 16)
        if (free_candidate(routes, count, own, *net = NET(192, 168, c)))
            return WSLNET_OK;
    *net = 0;
    return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                   "every private /20 overlaps a route of this host: no free subnet to suggest");
}

void wn_subnet_format(uint32_t net, uint8_t len, char *buf, size_t size)
{
    char a[16];
    wn_ipv4_format(net, a, sizeof a);
    wn_snprintf(buf, size, "%s/%u", a, (unsigned)len);
}

wslnet_status wn_subnet_text_parse(const char *cidr, const char *gateway, uint32_t *addr, uint8_t *len,
                                   uint32_t *gw, wslnet_error *err)
{
    *addr = 0;
    *len = 0;
    *gw = 0;
    if (!cidr || !wn_ipv4_parse_cidr(cidr, addr, len))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "'%.40s' is not an IPv4 subnet: give it as a.b.c.d/n, e.g. 10.250.0.0/20",
                       cidr ? cidr : "");
    if (!gateway)
        return WSLNET_OK;
    if (!wn_ipv4_parse(gateway, gw))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--gateway '%.40s' is not an IPv4 address", gateway);
    if (*gw == 0) /* 0 stands for "no gateway given" in the typed request */
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--gateway %.40s is not a host address of %.40s", gateway,
                       cidr);
    return WSLNET_OK;
}

wslnet_status wn_subnet_request_check(uint32_t addr, uint8_t len, uint32_t gateway, wn_subnet_request *out,
                                      wslnet_error *err)
{
    uint32_t net, bcast;
    char cidr[20], text[20], gw[16];
    memset(out, 0, sizeof *out);
    if (len > 32)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "prefix length %u is not 0-32", (unsigned)len);
    wn_subnet_format(addr, len, cidr, sizeof cidr);
    net = wn_subnet_network(addr, len);
    if (len < WN_SUBNET_PREFIX_MIN || len > WN_SUBNET_PREFIX_MAX)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "'%s': the prefix length must be /%u to /%u (WSL's own choice is a /20)", cidr,
                       (unsigned)WN_SUBNET_PREFIX_MIN, (unsigned)WN_SUBNET_PREFIX_MAX);
    if (net != addr) {
        wn_subnet_format(net, len, text, sizeof text);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%s' has host bits set: the subnet is %s", cidr, text);
    }
    if (!wn_subnet_is_private(net, len))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "'%s' is not a private range: use one inside 10.0.0.0/8, 172.16.0.0/12 or "
                       "192.168.0.0/16", cidr);
    bcast = net | ~mask_of(len);
    out->network = net;
    out->length = len;
    out->gateway = gateway ? gateway : net + 1;
    if (wn_subnet_network(out->gateway, len) != net || out->gateway == net || out->gateway == bcast) {
        wn_ipv4_format(gateway, gw, sizeof gw);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--gateway %s is not a host address of %s", gw, cidr);
    }
    return WSLNET_OK;
}

wslnet_status wn_subnet_request_parse(const char *cidr, const char *gateway, wn_subnet_request *out,
                                      wslnet_error *err)
{
    uint32_t addr, gw;
    uint8_t len;
    wslnet_status st = wn_subnet_text_parse(cidr, gateway, &addr, &len, &gw, err);
    memset(out, 0, sizeof *out);
    return st != WSLNET_OK ? st : wn_subnet_request_check(addr, len, gw, out, err);
}

static void plan_one(wn_subnet_write *w, const char *name, const char *current, const char *wanted)
{
    memset(w, 0, sizeof *w);
    w->name = name;
    w->existed = current != NULL;
    wn_strlcpy(w->old_value, sizeof w->old_value, current ? current : "");
    wn_strlcpy(w->new_value, sizeof w->new_value, wanted);
    /* WSL compares nothing: the text is handed to HNS as is, so only an
     * identical string is "already so". */
    w->change = !current || strcmp(current, wanted) != 0;
}

void wn_subnet_plan_make(const wn_subnet_request *req, const wn_subnet_registry *reg, wn_subnet_plan *out)
{
    char net[20], gw[16];
    wn_subnet_format(req->network, req->length, net, sizeof net);
    wn_ipv4_format(req->gateway, gw, sizeof gw);
    plan_one(&out->writes[0], WN_SUBNET_VALUE_NETWORK, reg->network, net);
    plan_one(&out->writes[1], WN_SUBNET_VALUE_GATEWAY, reg->gateway, gw);
    out->change_count = (size_t)out->writes[0].change + (size_t)out->writes[1].change;
}
