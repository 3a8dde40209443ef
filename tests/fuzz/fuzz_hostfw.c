/* libFuzzer: --profile and --remote parsing, rule names. Checks that what is
 * accepted round-trips: a parsed --remote list parses again to itself, and a
 * parsed --profile set formats to text that parses back to it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hostfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    char out[WN_HOSTFW_REMOTE_MAX], again[WN_HOSTFW_REMOTE_MAX];
    char profiles_text[WN_HOSTFW_PROFILES_TEXT_MAX], name[WN_HOSTFW_NAME_MAX];
    unsigned profiles, back;
    wslnet_error err;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (wn_hostfw_remote_parse(text, out, sizeof out, &err) == WSLNET_OK) {
        if (strlen(out) >= sizeof out || strchr(out, ' ') || out[0] == '\0')
            abort();
        if (wn_hostfw_remote_parse(out, again, sizeof again, &err) != WSLNET_OK ||
            strcmp(out, again) != 0)
            abort();
    }
    if (wn_hostfw_profiles_parse(text, &profiles, &err) == WSLNET_OK) {
        if (!wn_hostfw_profiles_valid(profiles))
            abort();
        wn_hostfw_profiles_format(profiles, profiles_text, sizeof profiles_text);
        if (wn_hostfw_profiles_parse(profiles_text, &back, &err) != WSLNET_OK || back != profiles)
            abort();
    }
    if (size >= 3) {
        uint16_t port = (uint16_t)(data[0] | data[1] << 8);
        wn_pp_kind kind = (wn_pp_kind)(data[2] % (WN_PP_KIND_COUNT + 1));
        if (wn_hostfw_proxy_rule_name(kind, text + 3, port, name, sizeof name, &err) == WSLNET_OK &&
            !wn_hostfw_name_valid(name))
            abort();
    }
    (void)wn_hostfw_name_valid(text);
    free(text);
    return 0;
}
