/* The floor for `wslnet adapter list --json`: one GetAdaptersAddresses call,
 * nothing printed. Whole-process time of this vs wslnet.exe is the overhead
 * wslnet adds (DLL load, matching, JSON). */
#include <winsock2.h>
#include <iphlpapi.h>
#include <stdlib.h>

int main(void)
{
    ULONG size = 16 * 1024;
    void *buf = malloc(size);
    ULONG rc = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST |
                                                   GAA_FLAG_SKIP_DNS_SERVER,
                                    NULL, buf, &size);
    if (rc == ERROR_BUFFER_OVERFLOW) {
        free(buf);
        buf = malloc(size);
        rc = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, buf, &size);
    }
    free(buf);
    return rc == ERROR_SUCCESS ? 0 : 1;
}
