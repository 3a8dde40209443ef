/* libFuzzer: `expose` port lists and protocols, and the planner over them in
 * every mode (first byte: mode, Hyper-V firewall, protocol). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expose.h"

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
    free(text);
    return 0;
}
