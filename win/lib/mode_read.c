/* mode_read.c (win) - networking mode: .wslconfig, HNS, and the platform's versions. */
#include <windows.h>

#include "hcn.h"
#include "configfile.h"
#include "mode_rules.h"
#include "platform.h"
#include "safefile.h"
#include "status.h"
#include "text.h"
#include "users.h"
#include "winutil.h"
#include "wslnet.h"

#include <stdlib.h>
#include <string.h>

/* %UserProfile%\.wslconfig as UTF-8 into buf; "" when there is no profile. */
static void default_config_path(char *buf, size_t size)
{
    char dir[MAX_PATH * 3];
    buf[0] = '\0';
    if (wn_profile_dir_current(dir, sizeof dir, NULL) == WSLNET_OK)
        wn_snprintf(buf, size, "%s\\.wslconfig", dir);
}

/* Reads the .wslconfig at path (at most WN_CONFIG_MAX_BYTES) and decodes it
 * by its BOM; NULL when absent or not read. The file is the user's: read
 * through wn_sf_read refusing links (reparse points, several hard links), so
 * that a privileged caller never reads through what a user planted. Why a
 * file was not read goes into warning. Returns malloc'd text (caller frees). */
static char *read_config(const char *path, int *exists, char *warning, size_t warning_size)
{
    wchar_t *wpath = wn_wide_from_utf8(path);
    uint8_t *bytes = NULL;
    size_t len = 0;
    char *text = NULL;
    wslnet_error e;
    wslnet_status st;
    *exists = 0;
    if (!wpath)
        return NULL;
    st = wn_sf_read(wpath, WN_CONFIG_MAX_BYTES, 1, &bytes, &len, exists, &e);
    free(wpath);
    if (st == WSLNET_OK && *exists)
        text = wn_decode_text(bytes, len, 0, NULL);
    else if (st == WSLNET_E_ACCESS_DENIED)
        wn_snprintf(warning, warning_size, "%.200s is a link (reparse point or hard link): not read", path);
    else if (st != WSLNET_OK)
        wn_snprintf(warning, warning_size, "%.200s: not read: %.200s", path, e.message);
    free(bytes);
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
        char not_read[sizeof out->config_warning] = "";
        text = out->config_path[0] ? read_config(out->config_path, &out->config_exists, not_read, sizeof not_read)
                                   : NULL;
        wn_mode_apply_config(text, out, &snap); /* clears config_warning */
        if (not_read[0])
            wn_strlcpy(out->config_warning, sizeof out->config_warning, not_read);
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
