/* libFuzzer: the policy file's parser and validator (shared/policy.c). Input:
 * the JSON bytes (not NUL-terminated). Checks: a policy is either accepted
 * with no error recorded, or refused with at least one "$..." line per error
 * counted; freeing is clean (ASan). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wn_policy p;
    wn_policy_errors e;
    wslnet_error err;
    wslnet_status s = wn_policy_parse((const char *)data, size, &p, &e, &err);
    if (s == WSLNET_OK) {
        if (e.count != 0)
            abort();
        for (size_t i = 0; i < p.proxy_count; i++)
            if (p.proxies[i].listen_port == 0 || p.proxies[i].connect_port == 0 || !p.proxies[i].connect_address)
                abort();
        for (size_t i = 0; i < p.hv_rule_count; i++)
            if (!p.hv_rules[i].name || strncmp(p.hv_rules[i].name, "wslnet-", 7) != 0)
                abort();
        wn_policy_free(&p);
    } else if (s == WSLNET_E_INVALID_INPUT) {
        size_t lines = 0;
        if (e.count == 0 || !e.text.data || e.text.data[0] != '$')
            abort();
        for (const char *c = e.text.data; *c; c++)
            if (*c == '\n' && (lines++, c[1] != '\0' && c[1] != '$'))
                abort();
        if (lines != e.count)
            abort();
    } else if (s != WSLNET_E_NO_MEMORY) {
        abort();
    }
    wn_policy_errors_free(&e);
    return 0;
}
