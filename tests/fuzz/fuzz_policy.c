/* libFuzzer: the policy file's parser and validator (shared/core/policy_parse.c), and
 * the planner (shared/core/policy_plan.c) over every accepted policy. Input: the
 * JSON bytes (not NUL-terminated). Checks: a policy is either accepted with
 * no error recorded, or refused with at least one "$..." line per error
 * counted; an accepted one plans against an empty machine (a VM address, one
 * user without a .wslconfig) into adds only, each with its item and a
 * one-line what, or is refused with a message naming its JSON path;
 * freeing is clean (ASan). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy_parse.h"
#include "policy_plan.h"

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
        {
            wn_proxy_snapshot proxy;
            wn_policy_snapshot snap;
            wn_policy_user user;
            wn_policy_plan plan;
            memset(&proxy, 0, sizeof proxy);
            memset(&snap, 0, sizeof snap);
            memset(&user, 0, sizeof user);
            proxy.service = WSLNET_SERVICE_RUNNING;
            proxy.vm_address = "172.28.20.5";
            strcpy(user.name, "MACHINE\\user");
            snap.proxy = &proxy;
            snap.users = &user;
            snap.user_count = 1;
            wslnet_status ps = wn_policy_plan_make(&p, &snap, &plan, &err);
            if (ps == WSLNET_OK) {
                for (size_t i = 0; i < plan.count; i++)
                    if (plan.changes[i].change == WN_POLICY_REMOVE || !plan.changes[i].item[0] ||
                        !plan.changes[i].what[0] || strchr(plan.changes[i].what, '\n'))
                        abort();
                wn_policy_plan_free(&plan);
            } else if (ps == WSLNET_E_NO_MEMORY) {
            } else if (strncmp(err.message, "$.", 2) != 0 || plan.count || plan.changes) {
                abort();
            }
        }
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
