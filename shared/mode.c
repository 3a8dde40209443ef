/* mode.c - interpreting networkingMode as WSL does. */
#include "mode.h"

#include "status.h"
#include "text.h"
#include "wslcfg.h"

#include <string.h>

static const char *const mode_names[] = {"none", "nat", "bridged", "mirrored", "consomme",
                                         "virtioproxy"};

void wn_mode_apply_config(const char *text, wslnet_mode_info *info)
{
    const wn_cfg_key *key = wn_cfg_key_match(WN_CFG_FILE_WSLCONFIG, "wsl2.networkingMode", NULL);
    wn_cfg_doc *doc = NULL;
    wn_cfg_setting s;
    size_t i;
    wn_strlcpy(info->configured, sizeof info->configured, "nat");
    info->configured_is_default = 1;
    info->config_line = 0;
    info->config_section[0] = '\0';
    info->config_warning[0] = '\0';
    /* the full reader (shared/wslcfg.h): WSL's own parser, [experimental] alias included */
    if (!text || !key || wn_cfg_read((const uint8_t *)text, strlen(text), WN_CFG_FILE_WSLCONFIG, &doc, NULL) != WSLNET_OK)
        return;
    wn_cfg_get(doc, key, &s);
    if (s.item) {
        const char *dot = strchr(s.item->name, '.');
        char section[16];
        size_t n = dot ? (size_t)(dot - s.item->name) : 0;
        info->config_line = s.item->line;
        for (i = 0; i < n && i + 1 < sizeof section; i++)
            section[i] = (char)((s.item->name[i] >= 'A' && s.item->name[i] <= 'Z') ? s.item->name[i] + 32
                                                                                    : s.item->name[i]);
        section[i] = '\0';
        wn_strlcpy(info->config_section, sizeof info->config_section, section);
    }
    if (s.origin == WN_CFG_ORIGIN_FILE) {
        for (i = 0; i < sizeof mode_names / sizeof mode_names[0]; i++) {
            if (wn_streq_nocase(s.value, mode_names[i])) {
                wn_strlcpy(info->configured, sizeof info->configured, mode_names[i]);
                info->configured_is_default = 0;
            }
        }
    } else if (s.origin == WN_CFG_ORIGIN_INVALID) {
        wn_snprintf(info->config_warning, sizeof info->config_warning,
                    "line %u: networkingMode '%.80s' is not a mode WSL knows; WSL uses NAT", s.item->line,
                    s.item->value);
    }
    wn_cfg_free(doc);
}

int wn_mode_mirrored_supported(uint32_t build)
{
    return build >= WN_BUILD_WIN11_22H2;
}
