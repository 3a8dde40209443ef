/* libFuzzer: `subnet set` input (CIDR and gateway text) and the planner over a
 * route table made of the input's bytes. Input: CIDR '\n' GATEWAY '\n' ROUTES,
 * ROUTES being 6-byte records (prefix, length, interface index). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipv4.h"
#include "subnet_plan.h"

#define ROUTES_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *gateway, *rest;
    wn_subnet_request req;
    wn_subnet_registry reg;
    wn_subnet_plan plan;
    wslnet_error err;
    wn_route routes[ROUTES_MAX];
    const uint32_t own_if = 17;
    wn_subnet_own own = {&own_if, 1, NULL, 0};
    size_t n = 0, i;
    uint32_t net;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    gateway = strchr(text, '\n');
    rest = gateway ? strchr(gateway + 1, '\n') : NULL;
    if (gateway)
        *gateway++ = '\0';
    if (rest)
        *rest++ = '\0';
    if (wn_subnet_request_parse(text, gateway && *gateway ? gateway : NULL, &req, &err) == WSLNET_OK) {
        if (req.length < WN_SUBNET_PREFIX_MIN || req.length > WN_SUBNET_PREFIX_MAX ||
            !wn_subnet_is_private(req.network, req.length) || wn_subnet_network(req.network, req.length) != req.network ||
            wn_subnet_network(req.gateway, req.length) != req.network || req.gateway == req.network)
            abort();
        reg.network = text;
        reg.gateway = gateway;
        wn_subnet_plan_make(&req, &reg, &plan);
        if (plan.change_count > 2)
            abort();
    } else if (err.status != WSLNET_E_INVALID_INPUT || strchr(err.message, '\n')) {
        abort();
    }
    if (rest) {
        size_t len = size - (size_t)(rest - text);
        const uint8_t *p = data + (rest - text);
        for (; len >= 6 && n < ROUTES_MAX; p += 6, len -= 6, n++) {
            memset(&routes[n], 0, sizeof routes[n]);
            routes[n].prefix = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
            routes[n].length = (uint8_t)(p[4] % 33);
            routes[n].if_index = p[5] % 20;
        }
        if (wn_subnet_suggest(routes, n, &own, &net, &err) == WSLNET_OK)
            for (i = 0; i < n; i++)
                if (wn_subnet_route_conflicts(&routes[i], net, WN_SUBNET_SUGGEST_PREFIX, &own))
                    abort();
    }
    free(text);
    return 0;
}
