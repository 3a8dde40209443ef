/* libFuzzer: .wslconfig decoding and the networkingMode reader. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mode.h"
#include "text.h"
#include "wslconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const sections[] = {"wsl2", "experimental"};
    wslnet_mode_info info;
    wn_config_value v;
    char *text = wn_decode_text(data, size, 0, NULL);
    if (!text)
        return 0;
    memset(&info, 0, sizeof info);
    wn_mode_apply_config(text, &info, NULL);
    if (info.configured_is_default && strcmp(info.configured, "nat") != 0)
        abort();
    wn_wslconfig_find(text, sections, 2, "kernel", &v);
    if (v.found && (v.line == 0 || strlen(v.value) >= sizeof v.value))
        abort();
    free(text);
    text = wn_decode_text(data, size, 1, NULL);
    free(text);
    return 0;
}
