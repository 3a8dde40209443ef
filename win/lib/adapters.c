/* adapters.c - the WSL virtual adapters, from GetAdaptersAddresses. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>

#include "status.h"
#include "text.h"
#include "winutil.h"
#include "wslnet.h"

#include <stdlib.h>
#include <string.h>

static wslnet_oper_status oper_status(IF_OPER_STATUS s)
{
    switch (s) {
    case IfOperStatusUp: return WSLNET_OPER_UP;
    case IfOperStatusDown: return WSLNET_OPER_DOWN;
    case IfOperStatusTesting: return WSLNET_OPER_TESTING;
    case IfOperStatusDormant: return WSLNET_OPER_DORMANT;
    case IfOperStatusNotPresent: return WSLNET_OPER_NOT_PRESENT;
    case IfOperStatusLowerLayerDown: return WSLNET_OPER_LOWER_LAYER_DOWN;
    default: return WSLNET_OPER_UNKNOWN;
    }
}

/* Appends the unicast addresses of one family (so IPv4 comes first). */
static void copy_addresses(const IP_ADAPTER_ADDRESSES *src, int family, wslnet_adapter *dst)
{
    const IP_ADAPTER_UNICAST_ADDRESS *u;
    for (u = src->FirstUnicastAddress; u && dst->address_count < WSLNET_ADDRESS_MAX; u = u->Next) {
        const SOCKADDR *sa = u->Address.lpSockaddr;
        wslnet_ip *ip = &dst->addresses[dst->address_count];
        const void *raw;
        if (!sa || sa->sa_family != (family == 4 ? AF_INET : AF_INET6))
            continue;
        raw = family == 4 ? (const void *)&((const SOCKADDR_IN *)sa)->sin_addr
                          : (const void *)&((const SOCKADDR_IN6 *)sa)->sin6_addr;
        if (!inet_ntop(sa->sa_family, raw, ip->address, sizeof ip->address))
            continue;
        ip->family = family;
        ip->prefix_length = u->OnLinkPrefixLength;
        dst->address_count++;
    }
}

static void copy_adapter(const IP_ADAPTER_ADDRESSES *src, const char *name, wslnet_adapter *dst)
{
    memset(dst, 0, sizeof *dst);
    wn_strlcpy(dst->name, sizeof dst->name, name);
    wn_utf8_from_wide(src->Description ? src->Description : L"", dst->description,
                      sizeof dst->description);
    wn_strlcpy(dst->guid, sizeof dst->guid, src->AdapterName ? src->AdapterName : "");
    dst->luid = src->Luid.Value;
    dst->if_index = src->IfIndex;
    dst->mac_length = src->PhysicalAddressLength > 8 ? 8 : src->PhysicalAddressLength;
    memcpy(dst->mac, src->PhysicalAddress, dst->mac_length);
    dst->mtu = src->Mtu;
    dst->oper_status = oper_status(src->OperStatus);
    copy_addresses(src, 4, dst);
    copy_addresses(src, 6, dst);
}

/* Calls GetAdaptersAddresses with a growing buffer. *out is freed with free(). */
static wslnet_status query_adapters(IP_ADAPTER_ADDRESSES **out, wslnet_error *err)
{
    ULONG flags = GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER;
    ULONG size = 16 * 1024, rc;
    int tries;
    for (tries = 0; tries < 4; tries++) {
        IP_ADAPTER_ADDRESSES *buf = malloc(size);
        if (!buf)
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        rc = GetAdaptersAddresses(AF_UNSPEC, flags, NULL, buf, &size);
        if (rc == ERROR_SUCCESS) {
            *out = buf;
            return WSLNET_OK;
        }
        free(buf);
        if (rc == ERROR_NO_DATA) {
            *out = NULL;
            return WSLNET_OK;
        }
        if (rc != ERROR_BUFFER_OVERFLOW)
            break; /* size now holds what the adapters need; anything else is final */
    }
    return wn_fail_win32(err, rc, "GetAdaptersAddresses");
}

wslnet_status wslnet_adapter_list_get(const char *pattern, wslnet_adapter_list **out,
                                      wslnet_error *err)
{
    IP_ADAPTER_ADDRESSES *all = NULL, *a;
    wslnet_adapter_list *list;
    size_t count = 0;
    wslnet_status st;
    *out = NULL;
    wn_error_clear(err);
    if (!pattern)
        pattern = WSLNET_DEFAULT_ADAPTER_PATTERN;
    st = query_adapters(&all, err);
    if (st != WSLNET_OK)
        return st;
    for (a = all; a; a = a->Next)
        count++;
    list = calloc(1, sizeof *list);
    if (list && count)
        list->items = calloc(count, sizeof *list->items);
    if (!list || (count && !list->items)) {
        free(all);
        wslnet_adapter_list_free(list);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    for (a = all; a; a = a->Next) {
        char name[256];
        wn_utf8_from_wide(a->FriendlyName ? a->FriendlyName : L"", name, sizeof name);
        if (wn_wildcard_match(pattern, name))
            copy_adapter(a, name, &list->items[list->count++]);
    }
    free(all);
    if (list->count == 0) {
        wslnet_adapter_list_free(list);
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "no adapter matches '%s'. Windows creates the WSL adapter when a WSL 2 "
                       "distribution first starts after boot (none in mirrored mode); or name it "
                       "with --adapter",
                       pattern);
    }
    *out = list;
    return WSLNET_OK;
}

void wslnet_adapter_list_free(wslnet_adapter_list *list)
{
    if (!list)
        return;
    free(list->items);
    free(list);
}
