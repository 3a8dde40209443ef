/* address_choose.c - choosing the VM address from each source's snapshot. */
#include "address_choose.h"

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

typedef struct hns_pick {
    wn_hns_endpoint ep;
    const wn_hns_network_raw *raw;
    wn_hns_network net;
} hns_pick;

static void set_from_endpoint(const hns_pick *p, wslnet_vm_address *out)
{
    set_result(out, p->ep.address, p->ep.prefix ? p->ep.prefix : p->net.prefix,
               p->ep.has_gateway || p->net.has_gateway, p->ep.has_gateway ? p->ep.gateway : p->net.gateway);
    wn_snprintf(out->detail, sizeof out->detail, "HNS endpoint %s on network '%s' {%s}",
                p->ep.id[0] ? p->ep.id : "(no id)", p->net.name[0] ? p->net.name : "WSL", p->raw->id);
}

size_t wn_hns_subnets(const wn_hns_snapshot *snap, wn_subnet *out, size_t max)
{
    size_t i, n = 0;
    for (i = 0; i < snap->count && n < max; i++) {
        wn_hns_network net;
        if (wn_hns_parse_network(snap->networks[i].properties, &net, NULL) == WSLNET_OK && net.has_subnet) {
            out[n].address = net.subnet;
            out[n++].prefix = net.prefix;
        }
    }
    return n;
}

wslnet_status wn_address_from_hns(const wn_hns_snapshot *snap, const char *want, int user_named,
                                  wslnet_vm_address *out, wslnet_error *err)
{
    hns_pick first, match;
    char list[160] = "";
    size_t i, j, found = 0;
    int matched = 0;
    uint32_t want_addr = 0;
    int has_want = want && wn_ipv4_parse(want, &want_addr);
    if (snap->count == 0)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "no WSL network in HNS (WSL has not started since boot, or runs in mirrored mode)");
    memset(&first, 0, sizeof first);
    memset(&match, 0, sizeof match);
    for (i = 0; i < snap->count; i++) {
        const wn_hns_network_raw *raw = &snap->networks[i];
        wn_hns_network net;
        wslnet_status st = wn_hns_parse_network(raw->properties, &net, err);
        if (st != WSLNET_OK)
            return st;
        for (j = 0; j < raw->endpoint_count; j++) {
            hns_pick p;
            if ((st = wn_hns_parse_endpoint(raw->endpoints[j], &p.ep, err)) != WSLNET_OK)
                return st;
            /* Real HNS applies our filter; skip strays in case it did not. */
            if ((p.ep.network_id[0] && strcmp(p.ep.network_id, raw->id) != 0) || !p.ep.has_address)
                continue;
            p.raw = raw;
            p.net = net;
            if (found++ == 0)
                first = p;
            if (strlen(list) < sizeof list - 20) {
                char a[16];
                wn_ipv4_format(p.ep.address, a, sizeof a);
                wn_snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", found > 1 ? ", " : "", a);
            }
            if (has_want && p.ep.address == want_addr && !matched) {
                match = p;
                matched = 1;
            }
        }
    }
    if (found == 0)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "the WSL network exists in HNS but has no VM endpoint (the WSL VM is not running)");
    if (matched) {
        set_from_endpoint(&match, out);
        return WSLNET_OK;
    }
    if (has_want && !user_named && found == 1) {
        /* the caller's own value is stale (WSL rewrites it after the VM starts,
         * LxssUserSession.cpp:2930): the one VM there is remains the answer */
        size_t n;
        set_from_endpoint(&first, out);
        n = strlen(out->detail);
        wn_snprintf(out->detail + n, sizeof out->detail - n, " (not this user's NatIpAddress %s)", want);
        return WSLNET_OK;
    }
    if (has_want)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "no HNS endpoint holds this user's NatIpAddress %s (their VM is not running; "
                       "endpoints: %s)", want, list);
    if (user_named)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "this user has no NatIpAddress, so none of the HNS endpoints (%s) can be said to be "
                       "their VM's", list);
    if (found > 1)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "several WSL VMs have endpoints in HNS (%s), one per signed-in user: name the user "
                       "with --user NAME|SID", list);
    set_from_endpoint(&first, out);
    return WSLNET_OK;
}

wslnet_status wn_address_pick_user(const wn_user_candidate *users, size_t count, size_t *pick,
                                   wslnet_error *err)
{
    char names[400] = "";
    size_t i, with = 0;
    *pick = count;
    for (i = 0; i < count; i++) {
        if (!users[i].nat_ip || !users[i].nat_ip[0])
            continue;
        if (with++ == 0)
            *pick = i;
        wn_snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s (%s, NatIpAddress %s)",
                    with > 1 ? "; " : "", users[i].name, users[i].sid, users[i].nat_ip);
    }
    if (with > 1) {
        *pick = count;
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "running as SYSTEM with several users' WSL VMs: name one with --user NAME|SID (%s)", names);
    }
    if (with == 0 && count == 1)
        *pick = 0;
    return WSLNET_OK;
}

/* ---- registry */

static void subnets_text(const wn_subnet *nets, size_t count, char *buf, size_t size)
{
    size_t i;
    buf[0] = '\0';
    for (i = 0; i < count; i++) {
        char a[16];
        uint32_t base = nets[i].prefix ? nets[i].address & (0xFFFFFFFFu << (32 - nets[i].prefix)) : 0;
        wn_ipv4_format(base, a, sizeof a);
        wn_snprintf(buf + strlen(buf), size - strlen(buf), "%s%s/%u", i ? ", " : "", a, (unsigned)nets[i].prefix);
    }
}

wslnet_status wn_address_from_registry(const char *value, const char *where, const wn_subnet *own,
                                       size_t own_count, const wn_subnet *nat, size_t nat_count,
                                       int for_change, wslnet_vm_address *out, wslnet_error *err)
{
    uint32_t addr;
    int inside;
    if (!where)
        where = "HKCU";
    if (!value || !value[0])
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "%s Lxss NatIpAddress is not set for this user", where);
    if (!wn_ipv4_parse(value, &addr) || !wn_ipv4_is_unicast_host(addr))
        return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                       "%s Lxss NatIpAddress holds '%.60s', which is not an IPv4 host address", where, value);
    inside = own_subnet_of(addr, own, own_count) || own_subnet_of(addr, nat, nat_count);
    if (!inside && (own_count || nat_count)) {
        wn_subnet all[WSLNET_ADDRESS_MAX + 8];
        char nets[200];
        size_t n = 0, i;
        for (i = 0; i < own_count && n < sizeof all / sizeof all[0]; i++)
            all[n++] = own[i];
        for (i = 0; i < nat_count && n < sizeof all / sizeof all[0]; i++)
            all[n++] = nat[i];
        subnets_text(all, n, nets, sizeof nets);
        return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                       "refused: %s Lxss NatIpAddress holds %s, outside the WSL NAT subnet (%s); the user can "
                       "write that value, so wslnet does not use it", where, value, nets);
    }
    if (!inside && for_change)
        return wn_fail(err, WSLNET_E_BAD_DATA, 0,
                       "refused: %s Lxss NatIpAddress holds %s, and no WSL NAT subnet is known (no HNS network, "
                       "no WSL adapter, no HKLM Lxss NatNetwork) to check it against; the user can write that "
                       "value, so wslnet does not use it for a change", where, value);
    set_result_on_adapter(out, addr, own, own_count);
    wn_snprintf(out->detail, sizeof out->detail,
                "%s Lxss NatIpAddress: the address WSL last gave the VM (stale if the VM has not started "
                "since)%s", where, inside ? "" : "; not checked: no WSL NAT subnet known");
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
