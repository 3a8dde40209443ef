/* libFuzzer: the change journal's text form (shared/core/proxyplan.c) on arbitrary
 * bytes. Whatever decodes must encode to text that decodes to the same plan
 * and encodes to the same text again, and every step's inverse must be
 * computable without reading out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proxyplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    char *text = malloc(size + 1), *again, *third, command[64], command2[64];
    wn_proxy_plan plan, back;
    wn_proxy_step inverse;
    wslnet_error err;
    size_t done, done2, i;
    if (!text)
        return 0;
    memcpy(text, bytes, size);
    text[size] = '\0';
    if (wn_proxy_journal_decode(text, command, sizeof command, &plan, &done, &err) != WSLNET_OK) {
        if (plan.count != 0 || plan.steps != NULL)
            abort(); /* a refused journal leaves nothing behind */
        free(text);
        return 0;
    }
    if (done > plan.count)
        abort();
    for (i = 0; i < plan.count; i++)
        (void)wn_proxy_step_inverse(&plan.steps[i], &inverse);
    again = wn_proxy_journal_encode(command, &plan, done);
    if (!again)
        abort();
    if (wn_proxy_journal_decode(again, command2, sizeof command2, &back, &done2, &err) != WSLNET_OK ||
        strcmp(command, command2) != 0 || done != done2 || back.count != plan.count)
        abort();
    third = wn_proxy_journal_encode(command2, &back, done2);
    if (!third || strcmp(again, third) != 0)
        abort();
    free(third);
    free(again);
    wn_proxy_plan_free(&back);
    wn_proxy_plan_free(&plan);
    free(text);
    return 0;
}
