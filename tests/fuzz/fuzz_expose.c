/* libFuzzer: `expose` port lists and protocols, and the planner over them in
 * every mode (first byte: mode, Hyper-V firewall, protocol); the same text as
 * an exposure record "name\ndata" (registry values anyone with admin rights
 * may have written): what decodes re-encodes to exactly the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expose_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wn_expose_request req;
    wn_expose_context ctx;
    wn_expose_plan plan;
    wslnet_error err;
    char *text;
    size_t i;
    if (size < 1 || !(text = malloc(size)))
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    memset(&req, 0, sizeof req);
    ctx.mode = (wn_expose_mode)(data[0] % 5);
    ctx.hyperv_firewall = (data[0] >> 3) & 1;
    req.protocol = (data[0] >> 4) & 1 ? WN_EXPOSE_UDP : WN_EXPOSE_TCP;
    req.to_port = (data[0] >> 5) & 1 ? 80 : 0;
    if (wn_expose_ports_parse(text, &req, &err) == WSLNET_OK) {
        wslnet_status st = wn_expose_plan_make(&ctx, &req, &plan, &err);
        if (req.port_count == 0 || req.port_count > WN_EXPOSE_PORTS_MAX)
            abort();
        if (st == WSLNET_OK && (plan.refused || plan.count == 0 || plan.count > 3 * req.port_count))
            abort();
        if (st == WSLNET_E_UNSUPPORTED && (!plan.refused || plan.count != 0 || !plan.reason[0]))
            abort();
        for (i = 0; st == WSLNET_OK && i < plan.count; i++)
            if ((plan.pieces[i].kind == WN_EXPOSE_PORT_PROXY && plan.pieces[i].protocol != WN_EXPOSE_TCP) ||
                plan.pieces[i].listen_port == 0 || plan.pieces[i].connect_port == 0)
                abort();
    } else if (err.status != WSLNET_E_INVALID_INPUT) {
        abort();
    }
    {
        char *nl = strchr(text, '\n');
        wn_expose_record rec;
        wn_proxy_exposure back;
        if (nl) {
            *nl = '\0';
            if (wn_expose_record_decode(text, nl + 1, &rec, &err) == WSLNET_OK) {
                wn_proxy_hvrule hv;
                if (wn_expose_record_encode(&rec, &back, &err) != WSLNET_OK || strcmp(back.name, text) != 0 ||
                    strcmp(back.data, nl + 1) != 0)
                    abort();
                wn_expose_hvrule_of(&rec, &hv);
                if (!hv.port || strncmp(hv.name, "wslnet-expose-", 14) != 0)
                    abort();
            } else if (err.status != WSLNET_E_BAD_DATA) {
                abort();
            }
        }
    }
    free(text);
    return 0;
}
