/* mode_read.c (win) - networking mode: .wslconfig, HNS, and the platform's versions. */
#include <windows.h>

#include "hcn.h"
#include "mode_rules.h"
#include "platform.h"
#include "status.h"
#include "text.h"
#include "users.h"
#include "winutil.h"
#include "wslnet.h"

#include <stdlib.h>
#include <string.h>

#define CONFIG_MAX (1024 * 1024)

/* %UserProfile%\.wslconfig as UTF-8 into buf; "" when there is no profile. */
static void default_config_path(char *buf, size_t size)
{
    char dir[MAX_PATH * 3];
    buf[0] = '\0';
    if (wn_profile_dir_current(dir, sizeof dir, NULL) == WSLNET_OK)
        wn_snprintf(buf, size, "%s\\.wslconfig", dir);
}

/* Reads the file (at most 1 MiB) and decodes it by its BOM. NULL when absent.
 * The file is the user's: opened without following a reparse point, and a
 * link (reparse point, or several hard links) is not read, so that a
 * privileged caller never reads through what a user planted (*refused 1). */
static char *read_config(const char *path, int *exists, int *refused)
{
    wchar_t *wpath = wn_wide_from_utf8(path);
    HANDLE file;
    BY_HANDLE_FILE_INFORMATION fi;
    uint8_t *bytes = NULL;
    DWORD len = 0;
    char *text = NULL;
    *exists = *refused = 0;
    if (!wpath)
        return NULL;
    file = CreateFileW(wpath, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    free(wpath);
    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    *exists = 1;
    if (!GetFileInformationByHandle(file, &fi) || (fi.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) ||
        (fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || fi.nNumberOfLinks > 1) {
        *refused = 1;
        CloseHandle(file);
        return NULL;
    }
    bytes = malloc(CONFIG_MAX);
    if (bytes && ReadFile(file, bytes, CONFIG_MAX, &len, NULL))
        text = wn_decode_text(bytes, len, 0, NULL);
    free(bytes);
    CloseHandle(file);
    return text;
}

#define POLICY_KEY L"SOFTWARE\\Policies\\WSL" /* wslpolicies.h:19-22 */

/* A policy DWORD (WSL's GetPolicyValue, wslpolicies.h:39-63): -1 when absent or not a DWORD. */
static int64_t read_policy(const wchar_t *name)
{
    DWORD v = 0;
    return wn_reg_read_dword(HKEY_LOCAL_MACHINE, POLICY_KEY, name, &v, NULL) == WSLNET_OK ? (int64_t)v : -1;
}

static void read_platform(wslnet_mode_info *info, wn_mode_snapshot *snap)
{
    static const wchar_t nt[] = L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    char *text = NULL;
    DWORD disabled = 0;
    SYSTEM_INFO si;
    wslnet_hvfw_capability cap;
    wslnet_status st;
    info->windows_build = wn_windows_build();
    info->windows_ubr = wn_windows_ubr();
    if (wn_reg_read_string(HKEY_LOCAL_MACHINE, nt, L"DisplayVersion", &text, NULL) == WSLNET_OK)
        wn_strlcpy(info->windows_display_version, sizeof info->windows_display_version, text);
    free(text);
    text = NULL;
    if (wn_reg_read_string(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss\\MSI",
                           L"Version", &text, NULL) == WSLNET_OK)
        wn_strlcpy(info->wsl_version, sizeof info->wsl_version, text);
    free(text);
    snap->build = info->windows_build;
    snap->ubr = info->windows_ubr;
    GetNativeSystemInfo(&si);
    snap->arm64 = si.wProcessorArchitecture == 12; /* PROCESSOR_ARCHITECTURE_ARM64 */
    snap->policy_default_mode = read_policy(L"DefaultNetworkingMode");
    snap->policy_allow_mode_user = read_policy(L"AllowNetworkingModeUserSetting");
    snap->policy_allow_firewall_user = read_policy(L"AllowFirewallUserSetting");
    /* WslCoreFirewallSupport.cpp:158-225: the registry switch, then WMI classes */
    if (wslnet_hvfw_probe(&cap, NULL) == WSLNET_OK) {
        snap->hyperv_firewall = cap.support == WSLNET_HVFW_V2 ? 2 : cap.support == WSLNET_HVFW_V1 ? 1 : 0;
        snap->hyperv_firewall_disabled = cap.disabled;
    }
    snap->hns_flow_steering = wn_hns_flow_steering();
    /* WslCoreVm.cpp:2927-2933: absent reads as 0 */
    st = wn_reg_read_dword(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters",
                           L"DisabledComponents", &disabled, NULL);
    snap->ipv6_disabled = st == WSLNET_OK ? disabled == 0xFF : st == WSLNET_E_NOT_FOUND ? 0 : -1;
    wn_hns_nat_networks(&snap->nat_network_plain, &snap->nat_network_firewall, NULL);
}

/* The .wslconfig of a user (their profile), "" when they have none. */
static wslnet_status user_config_path(const char *spec, wslnet_mode_info *out, wslnet_error *err)
{
    wn_user u;
    wslnet_status st = wn_user_resolve(spec, &u, err);
    if (st != WSLNET_OK)
        return st;
    wn_strlcpy(out->user, sizeof out->user, u.name);
    wn_strlcpy(out->user_sid, sizeof out->user_sid, u.sid);
    if (u.profile[0])
        wn_snprintf(out->config_path, sizeof out->config_path, "%s\\.wslconfig", u.profile);
    return WSLNET_OK;
}

wslnet_status wslnet_mode_get_for(const char *config_path, const char *adapter_pattern, const char *user,
                                  wslnet_mode_info *out, wslnet_error *err)
{
    wn_mode_snapshot snap;
    char *text;
    wslnet_status st;
    (void)adapter_pattern; /* the adapter is no evidence of the mode: it outlives a switch too */
    memset(out, 0, sizeof *out);
    wn_error_clear(err);
    wn_mode_snapshot_init(&snap);
    if (user) {
        if ((st = user_config_path(user, out, err)) != WSLNET_OK)
            return st;
    } else if (!config_path) {
        /* as SYSTEM: the signed-in user's .wslconfig, not SYSTEM's own profile */
        wn_user u;
        int have = 0;
        if ((st = wn_user_choose(NULL, &u, &have, err)) != WSLNET_OK)
            return st;
        if (have) {
            wn_strlcpy(out->user, sizeof out->user, u.name);
            wn_strlcpy(out->user_sid, sizeof out->user_sid, u.sid);
            if (u.profile[0])
                wn_snprintf(out->config_path, sizeof out->config_path, "%s\\.wslconfig", u.profile);
        } else {
            default_config_path(out->config_path, sizeof out->config_path);
        }
    }
    if (config_path)
        wn_strlcpy(out->config_path, sizeof out->config_path, config_path);
    {
        int refused = 0;
        text = out->config_path[0] ? read_config(out->config_path, &out->config_exists, &refused) : NULL;
        wn_mode_apply_config(text, out, &snap);
        if (refused)
            wn_snprintf(out->config_warning, sizeof out->config_warning,
                        "%.200s is a link (reparse point or hard link): not read", out->config_path);
    }
    free(text);
    read_platform(out, &snap);
    wn_mode_resolve(&snap, out);
    return WSLNET_OK;
}

wslnet_status wslnet_mode_get(const char *config_path, const char *adapter_pattern,
                              wslnet_mode_info *out, wslnet_error *err)
{
    return wslnet_mode_get_for(config_path, adapter_pattern, NULL, out, err);
}
