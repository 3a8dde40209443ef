/* neighbors.c - the neighbour table, from GetIpNetTable2. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>

#include "neighbors.h"
#include "status.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

wslnet_status wn_neighbors_read(uint64_t luid, wn_neighbor **rows, size_t *count,
                                wslnet_error *err)
{
    MIB_IPNET_TABLE2 *table = NULL;
    ULONG i;
    DWORD rc = GetIpNetTable2(AF_INET, &table);
    *rows = NULL;
    *count = 0;
    if (rc == ERROR_NOT_FOUND)
        return WSLNET_OK; /* an empty table */
    if (rc != NO_ERROR)
        return wn_fail_win32(err, rc, "GetIpNetTable2");
    if (table->NumEntries > 0) {
        *rows = calloc(table->NumEntries, sizeof **rows);
        if (!*rows) {
            FreeMibTable(table);
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        }
    }
    for (i = 0; i < table->NumEntries; i++) {
        const MIB_IPNET_ROW2 *r = &table->Table[i];
        wn_neighbor *n;
        if (r->InterfaceLuid.Value != luid || r->Address.si_family != AF_INET)
            continue;
        n = &(*rows)[(*count)++];
        n->address = ntohl(r->Address.Ipv4.sin_addr.s_addr);
        n->mac_length = r->PhysicalAddressLength > 8 ? 8 : r->PhysicalAddressLength;
        memcpy(n->mac, r->PhysicalAddress, n->mac_length);
        n->state = (int)r->State;
    }
    FreeMibTable(table);
    return WSLNET_OK;
}
