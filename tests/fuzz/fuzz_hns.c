/* libFuzzer: HNS network, endpoint and ID-list parsing on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address_choose.h"
#include "hns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    wn_hns_network net;
    wn_hns_endpoint ep;
    char ids[4][37];
    size_t count;
    wslnet_error err;
    wn_hns_snapshot snap;
    wslnet_vm_address out;
    char *endpoints[1];
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (wn_hns_parse_network(text, &net, &err) == WSLNET_OK && net.has_subnet && net.prefix > 32)
        abort();
    if (wn_hns_parse_endpoint(text, &ep, &err) == WSLNET_OK && ep.prefix > 32)
        abort();
    if (wn_hns_parse_id_list(text, ids, 4, &count, &err) == WSLNET_OK)
        for (size_t i = 0; i < count && i < 4; i++)
            if (strlen(ids[i]) != 36)
                abort();
    /* the same document as both network and endpoint of a snapshot */
    memset(&snap, 0, sizeof snap);
    memset(&out, 0, sizeof out);
    endpoints[0] = text;
    snap.count = 1;
    snap.networks[0].id = WN_HNS_WSL_NETWORK_ID;
    snap.networks[0].properties = text;
    snap.networks[0].endpoint_count = 1;
    snap.networks[0].endpoints = endpoints;
    if (wn_address_from_hns(&snap, NULL, 0, &out, &err) == WSLNET_OK && strlen(out.address) < 7)
        abort();
    free(text);
    return 0;
}
