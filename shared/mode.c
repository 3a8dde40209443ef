/* mode.c - interpreting networkingMode as WSL does. */
#include "mode.h"

#include "status.h"
#include "text.h"
#include "wslconfig.h"

static const char *const mode_names[] = {"none", "nat", "bridged", "mirrored", "consomme",
                                         "virtioproxy"};

void wn_mode_apply_config(const char *text, wslnet_mode_info *info)
{
    static const char *const sections[] = {"wsl2", "experimental"};
    wn_config_value v;
    size_t i;
    wn_strlcpy(info->configured, sizeof info->configured, "nat");
    info->configured_is_default = 1;
    info->config_line = 0;
    info->config_section[0] = '\0';
    info->config_warning[0] = '\0';
    if (!text)
        return;
    wn_wslconfig_find(text, sections, 2, "networkingMode", &v);
    if (!v.found)
        return;
    info->config_line = v.line;
    wn_strlcpy(info->config_section, sizeof info->config_section, v.section);
    for (i = 0; i < sizeof mode_names / sizeof mode_names[0]; i++) {
        if (wn_streq_nocase(v.value, mode_names[i])) {
            wn_strlcpy(info->configured, sizeof info->configured, mode_names[i]);
            info->configured_is_default = 0;
            return;
        }
    }
    wn_snprintf(info->config_warning, sizeof info->config_warning,
                "line %u: networkingMode '%.80s' is not a mode WSL knows; WSL uses NAT", v.line,
                v.value);
}

int wn_mode_mirrored_supported(uint32_t build)
{
    return build >= WN_BUILD_WIN11_22H2;
}
