/* mode.c (win) - networking mode: .wslconfig, HNS, and the platform's versions. */
#include <windows.h>
#include <shlobj.h>

#include "hcn.h"
#include "mode.h"
#include "status.h"
#include "text.h"
#include "winutil.h"
#include "wslnet.h"

#include <stdlib.h>
#include <string.h>

#define CONFIG_MAX (1024 * 1024)

/* %UserProfile%\.wslconfig as UTF-8 into buf; "" when there is no profile. */
static void default_config_path(char *buf, size_t size)
{
    PWSTR profile = NULL;
    buf[0] = '\0';
    if (SUCCEEDED(SHGetKnownFolderPath(&FOLDERID_Profile, 0, NULL, &profile))) {
        char dir[MAX_PATH * 3];
        wn_utf8_from_wide(profile, dir, sizeof dir);
        wn_snprintf(buf, size, "%s\\.wslconfig", dir);
    }
    CoTaskMemFree(profile);
}

/* Reads the file (at most 1 MiB) and decodes it by its BOM. NULL when absent. */
static char *read_config(const char *path, int *exists)
{
    wchar_t *wpath = wn_wide_from_utf8(path);
    HANDLE file;
    uint8_t *bytes = NULL;
    DWORD len = 0;
    char *text = NULL;
    *exists = 0;
    if (!wpath)
        return NULL;
    file = CreateFileW(wpath, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(wpath);
    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    *exists = 1;
    bytes = malloc(CONFIG_MAX);
    if (bytes && ReadFile(file, bytes, CONFIG_MAX, &len, NULL))
        text = wn_decode_text(bytes, len, 0, NULL);
    free(bytes);
    CloseHandle(file);
    return text;
}

static void read_platform(wslnet_mode_info *info)
{
    static const wchar_t nt[] = L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    char *text = NULL;
    DWORD ubr = 0;
    if (wn_reg_read_string(HKEY_LOCAL_MACHINE, nt, L"CurrentBuild", &text, NULL) == WSLNET_OK ||
        wn_reg_read_string(HKEY_LOCAL_MACHINE, nt, L"CurrentBuildNumber", &text, NULL) == WSLNET_OK)
        info->windows_build = (uint32_t)strtoul(text, NULL, 10);
    free(text);
    if (wn_reg_read_dword(HKEY_LOCAL_MACHINE, nt, L"UBR", &ubr, NULL) == WSLNET_OK)
        info->windows_ubr = ubr;
    text = NULL;
    if (wn_reg_read_string(HKEY_LOCAL_MACHINE, nt, L"DisplayVersion", &text, NULL) == WSLNET_OK)
        wn_strlcpy(info->windows_display_version, sizeof info->windows_display_version, text);
    free(text);
    text = NULL;
    if (wn_reg_read_string(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss\\MSI",
                           L"Version", &text, NULL) == WSLNET_OK)
        wn_strlcpy(info->wsl_version, sizeof info->wsl_version, text);
    free(text);
    info->mirrored_supported = wn_mode_mirrored_supported(info->windows_build);
}

static void read_effective(const char *adapter_pattern, wslnet_mode_info *info)
{
    wslnet_error e;
    wslnet_adapter_list *list = NULL;
    int present = wn_hns_nat_network_present(&e);
    if (present == 1) {
        wn_strlcpy(info->effective, sizeof info->effective, "nat");
        wn_strlcpy(info->effective_reason, sizeof info->effective_reason, "a WSL NAT network exists in HNS");
        return;
    }
    if (present == 0) {
        wn_strlcpy(info->effective, sizeof info->effective, "none");
        wn_strlcpy(info->effective_reason, sizeof info->effective_reason,
                   "no WSL NAT network in HNS: WSL has not started since boot, or runs mirrored");
        return;
    }
    /* HNS cannot tell: the adapter is the next best evidence of a NAT network. */
    if (wslnet_adapter_list_get(adapter_pattern, &list, NULL) == WSLNET_OK) {
        wn_strlcpy(info->effective, sizeof info->effective, "nat");
        wn_snprintf(info->effective_reason, sizeof info->effective_reason,
                    "WSL adapter '%s' present (HNS not readable: %s)", list->items[0].name, e.message);
        wslnet_adapter_list_free(list);
        return;
    }
    wn_strlcpy(info->effective, sizeof info->effective, "unknown");
    wn_snprintf(info->effective_reason, sizeof info->effective_reason,
                "no WSL adapter, and HNS not readable: %s", e.message);
}

wslnet_status wslnet_mode_get(const char *config_path, const char *adapter_pattern,
                              wslnet_mode_info *out, wslnet_error *err)
{
    char *text;
    memset(out, 0, sizeof *out);
    wn_error_clear(err);
    if (config_path)
        wn_strlcpy(out->config_path, sizeof out->config_path, config_path);
    else
        default_config_path(out->config_path, sizeof out->config_path);
    text = out->config_path[0] ? read_config(out->config_path, &out->config_exists) : NULL;
    wn_mode_apply_config(text, out);
    free(text);
    read_platform(out);
    read_effective(adapter_pattern ? adapter_pattern : WSLNET_DEFAULT_ADAPTER_PATTERN, out);
    return WSLNET_OK;
}
