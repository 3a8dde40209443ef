/* libFuzzer: portproxy registry codec and ownership records on arbitrary
 * bytes. Input: "<kind>\n<value name>\n<data>"; a first line that is not a
 * kind picks one from its first byte. Every successful decode must encode back
 * to exactly the same name and data, and a SYNC over what decoded must plan
 * only owned rules. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portproxy.h"

/* Cuts text at the first '\n' (or its end); returns what follows, or "". */
static char *next_line(char *text)
{
    char *nl = strchr(text, '\n');
    if (!nl)
        return text + strlen(text);
    *nl = '\0';
    return nl + 1;
}

static void check_round_trip(const char *name, const char *data, const char *enc_name,
                             const char *enc_data)
{
    if (strcmp(name, enc_name) != 0 || strcmp(data, enc_data) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    char *text = malloc(size + 1);
    char *kind_text, *name, *data;
    char enc_name[WN_PP_NAME_MAX], enc_data[WN_PP_DATA_MAX];
    wn_pp_kind kind;
    wn_pp_rule rule;
    wn_pp_owned owned;
    wn_pp_request request;
    wn_pp_plan plan;
    wslnet_error err;
    int have_rule, have_owned;
    if (!text)
        return 0;
    memcpy(text, bytes, size);
    text[size] = '\0';
    kind_text = text;
    name = next_line(kind_text);
    data = next_line(name);
    if (!wn_pp_kind_parse(kind_text, &kind))
        kind = (wn_pp_kind)((size ? bytes[0] : 0) % WN_PP_KIND_COUNT);

    have_rule = wn_pp_rule_decode(kind, name, data, &rule, &err) == WSLNET_OK;
    if (have_rule) {
        if (wn_pp_rule_encode(&rule, enc_name, sizeof enc_name, enc_data, sizeof enc_data, &err) != WSLNET_OK)
            abort();
        check_round_trip(name, data, enc_name, enc_data);
        wn_pp_shadows_localhost(kind, rule.listen_address, rule.listen_port, err.message,
                                sizeof err.message);
    }
    have_owned = wn_pp_owned_decode(kind, name, data, &owned, &err) == WSLNET_OK;
    if (have_owned != have_rule)
        abort(); /* one grammar for both */
    if (have_owned) {
        if (wn_pp_owned_encode(&owned, enc_name, sizeof enc_name, enc_data, sizeof enc_data, &err) != WSLNET_OK)
            abort();
        check_round_trip(name, data, enc_name, enc_data);
        /* the decoded rule is foreign (the owned set is empty): no plan may name it */
        memset(&request, 0, sizeof request);
        request.type = WN_PP_SYNC;
        if (wn_pp_plan_make(&rule, 1, NULL, 0, &request, "172.28.20.5", &plan, &err) != WSLNET_OK ||
            plan.count != 0)
            abort();
        wn_pp_plan_free(&plan);
        /* owned as a record: sync plans at most one put of it */
        if (wn_pp_plan_make(&rule, 1, &owned, 1, &request, "172.28.20.5", &plan, &err) == WSLNET_OK) {
            if (plan.count > 1 || (plan.count == 1 && plan.changes[0].op != WN_PP_PUT_RULE))
                abort();
            wn_pp_plan_free(&plan);
        }
    }
    free(text);
    return 0;
}
