/* doctor_net.c - the route table and TCP connect attempts for the doctor. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>

#include "doctor_net.h"
#include "ipv4.h"
#include "status.h"
#include "winutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

wslnet_status wn_doctor_routes_read(wn_doctor_route **out, size_t *count, wslnet_error *err)
{
    MIB_IPFORWARD_TABLE2 *table = NULL;
    DWORD rc = GetIpForwardTable2(AF_INET, &table);
    wn_doctor_route *routes = NULL;
    ULONG i;
    *out = NULL;
    *count = 0;
    if (rc != NO_ERROR)
        return wn_fail_win32(err, rc, "GetIpForwardTable2");
    if (table->NumEntries && !(routes = calloc(table->NumEntries, sizeof *routes))) {
        FreeMibTable(table);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory reading the route table");
    }
    for (i = 0; i < table->NumEntries; i++) {
        const MIB_IPFORWARD_ROW2 *row = &table->Table[i];
        wn_doctor_route *r = &routes[*count];
        WCHAR alias[IF_MAX_STRING_SIZE + 1];
        if (row->DestinationPrefix.Prefix.si_family != AF_INET || row->DestinationPrefix.PrefixLength > 32)
            continue;
        r->prefix = ntohl(row->DestinationPrefix.Prefix.Ipv4.sin_addr.s_addr);
        r->length = row->DestinationPrefix.PrefixLength;
        r->if_index = row->InterfaceIndex;
        if (ConvertInterfaceLuidToAlias(&row->InterfaceLuid, alias, IF_MAX_STRING_SIZE + 1) == NO_ERROR)
            wn_utf8_from_wide(alias, r->interface_name, sizeof r->interface_name);
        (*count)++;
    }
    FreeMibTable(table);
    *out = routes;
    return WSLNET_OK;
}

/* Whether the peer closes or resets a fresh connection within ms without
 * sending a byte. */
static int closed_at_once(SOCKET s, unsigned ms, DWORD *code)
{
    fd_set rd;
    struct timeval tv = {0, (long)ms * 1000};
    char byte;
    int n;
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    if (select(0, &rd, NULL, NULL, &tv) != 1)
        return 0; /* quiet: an open connection (servers that wait for a request) */
    n = recv(s, &byte, 1, MSG_PEEK);
    if (n > 0)
        return 0;
    *code = n == 0 ? 0 : (DWORD)WSAGetLastError();
    return 1;
}

void wn_doctor_tcp_connect(const char *ipv4, uint16_t port, unsigned timeout_ms, wn_doctor_connect *out)
{
    WSADATA wsa;
    SOCKET s;
    struct sockaddr_in sa;
    uint32_t addr;
    u_long nonblocking = 1;
    fd_set wr, ex;
    struct timeval tv;
    ULONGLONG start = GetTickCount64();
    memset(out, 0, sizeof *out);
    out->tried = 1;
    snprintf(out->target, sizeof out->target, "%s:%u", ipv4, (unsigned)port);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (!wn_ipv4_parse(ipv4, &addr)) {
        out->code = WSAEINVAL;
        return;
    }
    sa.sin_addr.s_addr = htonl(addr);
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        out->code = WSASYSNOTREADY;
        return;
    }
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        out->code = (uint32_t)WSAGetLastError();
        WSACleanup();
        return;
    }
    ioctlsocket(s, FIONBIO, &nonblocking);
    if (connect(s, (struct sockaddr *)&sa, sizeof sa) == 0) {
        out->ok = 1;
    } else if (WSAGetLastError() != WSAEWOULDBLOCK) {
        out->code = (uint32_t)WSAGetLastError();
    } else {
        FD_ZERO(&wr);
        FD_ZERO(&ex);
        FD_SET(s, &wr);
        FD_SET(s, &ex);
        tv.tv_sec = (long)(timeout_ms / 1000);
        tv.tv_usec = (long)(timeout_ms % 1000) * 1000;
        if (select(0, NULL, &wr, &ex, &tv) <= 0) {
            out->timed_out = 1;
        } else if (FD_ISSET(s, &ex)) {
            int so = 0, len = sizeof so;
            getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&so, &len);
            out->code = so ? (uint32_t)so : (uint32_t)WSAECONNREFUSED;
        } else {
            out->ok = 1;
        }
    }
    out->elapsed_ms = (unsigned)(GetTickCount64() - start);
    if (out->ok) {
        DWORD code = 0;
        if (closed_at_once(s, 300, &code)) {
            out->ok = 0;
            out->code = code;
        }
    }
    closesocket(s);
    WSACleanup();
}
