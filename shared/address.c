/* address.c - choosing the VM address from each source's snapshot. */
#include "address.h"

#include "hns.h"
#include "ipv4.h"
#include "status.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

void wn_hns_snapshot_clear(wn_hns_snapshot *snap)
{
    size_t i, j;
    for (i = 0; i < snap->count; i++) {
        free(snap->networks[i].properties);
        for (j = 0; j < snap->networks[i].endpoint_count; j++)
            free(snap->networks[i].endpoints[j]);
        free(snap->networks[i].endpoints);
    }
    memset(snap, 0, sizeof *snap);
}

void wn_address_add_attempt(wslnet_vm_address *out, wslnet_source source, wslnet_status status,
                            const char *message)
{
    wslnet_attempt *a;
    if (out->attempt_count >= sizeof out->attempts / sizeof out->attempts[0])
        return;
    a = &out->attempts[out->attempt_count++];
    a->source = source;
    a->status = status;
    wn_strlcpy(a->message, sizeof a->message, message);
}

static void set_result(wslnet_vm_address *out, uint32_t address, uint8_t prefix, int has_gateway,
                       uint32_t gateway)
{
    wn_ipv4_format(address, out->address, sizeof out->address);
    out->prefix_length = prefix;
    out->gateway[0] = '\0';
    if (has_gateway)
        wn_ipv4_format(gateway, out->gateway, sizeof out->gateway);
}

/* The adapter address whose subnet holds addr, or NULL. */
static const wn_subnet *own_subnet_of(uint32_t addr, const wn_subnet *own, size_t own_count)
{
    size_t i;
    for (i = 0; i < own_count; i++)
        if (own[i].prefix > 0 && wn_ipv4_same_subnet(addr, own[i].address, own[i].prefix))
            return &own[i];
    return NULL;
}

/* Fills prefix and gateway from the adapter when addr lies in its subnet. */
static void set_result_on_adapter(wslnet_vm_address *out, uint32_t addr, const wn_subnet *own,
                                  size_t own_count)
{
    const wn_subnet *s = own_subnet_of(addr, own, own_count);
    set_result(out, addr, s ? s->prefix : 0, s != NULL, s ? s->address : 0);
}

/* ---- HNS */

static wslnet_status pick_endpoint(const wn_hns_network_raw *raw, const wn_hns_network *net,
                                   wslnet_vm_address *out, wslnet_error *err)
{
    size_t i;
    for (i = 0; i < raw->endpoint_count; i++) {
        wn_hns_endpoint ep;
        wslnet_status st = wn_hns_parse_endpoint(raw->endpoints[i], &ep, err);
        if (st != WSLNET_OK)
            return st;
        /* Real HNS applies our filter; skip strays in case it did not. */
        if ((ep.network_id[0] && strcmp(ep.network_id, raw->id) != 0) || !ep.has_address)
            continue;
        set_result(out, ep.address, ep.prefix ? ep.prefix : net->prefix,
                   ep.has_gateway || net->has_gateway, ep.has_gateway ? ep.gateway : net->gateway);
        wn_snprintf(out->detail, sizeof out->detail, "HNS endpoint %s on network '%s' {%s}",
                    ep.id[0] ? ep.id : "(no id)", net->name[0] ? net->name : "WSL", raw->id);
        return WSLNET_OK;
    }
    return WSLNET_E_NOT_FOUND;
}

wslnet_status wn_address_from_hns(const wn_hns_snapshot *snap, wslnet_vm_address *out,
                                  wslnet_error *err)
{
    size_t i;
    if (snap->count == 0)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "no WSL network in HNS (WSL has not started since boot, or runs in mirrored mode)");
    for (i = 0; i < snap->count; i++) {
        wn_hns_network net;
        wslnet_status st = wn_hns_parse_network(snap->networks[i].properties, &net, err);
        if (st != WSLNET_OK)
            return st;
        st = pick_endpoint(&snap->networks[i], &net, out, err);
        if (st != WSLNET_E_NOT_FOUND)
            return st;
    }
    return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                   "the WSL network exists in HNS but has no VM endpoint (the WSL VM is not running)");
}

/* ---- registry */

wslnet_status wn_address_from_registry(const char *value, const wn_subnet *own, size_t own_count,
                                       wslnet_vm_address *out, wslnet_error *err)
{
    uint32_t addr;
    if (!value || !value[0])
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "Lxss NatIpAddress is not set for this user");
    if (!wn_ipv4_parse(value, &addr) || !wn_ipv4_is_unicast_host(addr))
        return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                       "Lxss NatIpAddress holds '%.60s', which is not an IPv4 host address", value);
    set_result_on_adapter(out, addr, own, own_count);
    wn_strlcpy(out->detail, sizeof out->detail,
               "HKCU Lxss NatIpAddress: the address WSL last gave the VM (stale if the VM has not started since)");
    return WSLNET_OK;
}

/* ---- neighbour table */

static int neighbor_rank(const wn_neighbor *n)
{
    if (n->state >= 5)
        return 3; /* reachable, permanent */
    if (n->state >= 2)
        return 2; /* probe, delay, stale */
    return 0;     /* unreachable, incomplete: not evidence of a VM */
}

static int is_vm_candidate(const wn_neighbor *n, const wn_subnet *own, size_t own_count)
{
    static const uint8_t hyperv_oui[3] = {0x00, 0x15, 0x5D};
    const wn_subnet *s;
    size_t i;
    if (n->mac_length != 6 || memcmp(n->mac, hyperv_oui, 3) != 0)
        return 0;
    if (!wn_ipv4_is_unicast_host(n->address))
        return 0;
    s = own_subnet_of(n->address, own, own_count);
    if (!s)
        return 0;
    if (s->prefix < 31 && (n->address | (0xFFFFFFFFu >> s->prefix)) == n->address)
        return 0; /* subnet broadcast */
    for (i = 0; i < own_count; i++)
        if (own[i].address == n->address)
            return 0;
    return 1;
}

wslnet_status wn_address_from_neighbors(const wn_neighbor *rows, size_t count,
                                        const wn_subnet *own, size_t own_count,
                                        const char *adapter_name,
                                        wslnet_vm_address *out, wslnet_error *err)
{
    const wn_neighbor *best = NULL;
    size_t i;
    if (own_count == 0)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "adapter '%s' has no IPv4 address", adapter_name);
    for (i = 0; i < count; i++) {
        if (!is_vm_candidate(&rows[i], own, own_count) || neighbor_rank(&rows[i]) == 0)
            continue;
        if (!best || neighbor_rank(&rows[i]) > neighbor_rank(best))
            best = &rows[i];
    }
    if (!best)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "no neighbour with a Hyper-V MAC (00-15-5D) in the subnet of '%s'", adapter_name);
    set_result_on_adapter(out, best->address, own, own_count);
    wn_snprintf(out->detail, sizeof out->detail, "neighbour %02X-%02X-%02X-%02X-%02X-%02X on '%s' (%s)",
                best->mac[0], best->mac[1], best->mac[2], best->mac[3], best->mac[4], best->mac[5],
                adapter_name, neighbor_rank(best) == 3 ? "reachable" : "stale");
    return WSLNET_OK;
}

/* ---- wsl.exe hostname -I */

static void first_line(const char *text, char *buf, size_t size)
{
    size_t n = strcspn(text, "\r\n");
    if (n >= size)
        n = size - 1;
    memcpy(buf, text, n);
    buf[n] = '\0';
}

wslnet_status wn_address_from_wsl_output(const uint8_t *bytes, size_t len, int exit_code,
                                         const wn_subnet *own, size_t own_count,
                                         wslnet_vm_address *out, wslnet_error *err)
{
    char *text = wn_decode_text(bytes, len, 1, NULL);
    const char *p;
    uint32_t chosen = 0;
    int have = 0;
    if (!text)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    if (exit_code != 0) {
        char line[160];
        first_line(text, line, sizeof line);
        free(text);
        return wn_fail(err, WSLNET_E_UNAVAILABLE, (uint32_t)exit_code,
                       "wsl.exe hostname -I failed (exit %d): %s", exit_code, line);
    }
    for (p = text; *p;) {
        uint32_t addr;
        size_t n;
        p += strspn(p, " \t\r\n");
        n = strcspn(p, " \t\r\n");
        if (n == 0)
            break;
        if (wn_ipv4_parse_n(p, n, &addr) && wn_ipv4_is_unicast_host(addr)) {
            if (own_subnet_of(addr, own, own_count)) {
                chosen = addr; /* inside the WSL subnet: this is the NAT address */
                have = 2;
                break;
            }
            if (!have) {
                chosen = addr;
                have = 1;
            }
        }
        p += n;
    }
    free(text);
    if (!have)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "wsl.exe hostname -I printed no IPv4 address");
    if (have == 1 && own_count > 0) /* e.g. only a Docker bridge: not the NAT address */
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "wsl.exe hostname -I printed no address in the WSL adapter's subnet");
    set_result_on_adapter(out, chosen, own, own_count);
    wn_strlcpy(out->detail, sizeof out->detail,
               have == 2 ? "wsl.exe hostname -I (address in the WSL adapter's subnet)"
                         : "wsl.exe hostname -I (first IPv4: no WSL adapter to match a subnet)");
    return WSLNET_OK;
}
