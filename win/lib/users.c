/* users.c - naming a user and finding who is signed in, for per-user answers
 * (WSL keeps NatIpAddress and .wslconfig per user: WslCoreConfig.cpp:215-230,
 * registry.cpp:302-306 OpenLxssUserKey = the user's own HKCU). */
#include <windows.h>
#include <sddl.h>

#include "address_choose.h"
#include "platform.h"
#include "status.h"
#include "users.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define LXSS_USER_KEY L"Software\\Microsoft\\Windows\\CurrentVersion\\Lxss"

int wn_user_is_system(void)
{
    HANDLE token;
    BYTE buf[SECURITY_MAX_SID_SIZE + sizeof(TOKEN_USER)];
    DWORD size = 0;
    int system = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return 0;
    if (GetTokenInformation(token, TokenUser, buf, sizeof buf, &size))
        system = IsWellKnownSid(((TOKEN_USER *)buf)->User.Sid, WinLocalSystemSid) ? 1 : 0;
    CloseHandle(token);
    return system;
}

/* Fills name (from the SID, when Windows knows it) and profile (ProfileList). */
static void describe(PSID sid, const wchar_t *sid_text, wn_user *out)
{
    wchar_t name[128], domain[128];
    DWORD name_size = 128, domain_size = 128;
    SID_NAME_USE use;
    wn_utf8_from_wide(sid_text, out->sid, sizeof out->sid);
    wn_strlcpy(out->name, sizeof out->name, out->sid);
    if (sid && LookupAccountSidW(NULL, sid, name, &name_size, domain, &domain_size, &use)) {
        wchar_t full[260];
        _snwprintf(full, 260, domain[0] ? L"%ls\\%ls" : L"%ls%ls", domain, name);
        full[259] = L'\0';
        wn_utf8_from_wide(full, out->name, sizeof out->name);
    }
    if (wn_profile_dir_of_sid(sid_text, out->profile, sizeof out->profile, NULL) != WSLNET_OK)
        out->profile[0] = '\0'; /* no profile (or an unreadable one): "" as users.h says */
}

/* 1 when the user's hive is loaded under HKEY_USERS (they are signed in, or
 * a service or an admin loaded it). */
static int hive_loaded(const wchar_t *sid_text)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_USERS, sid_text, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return 0;
    RegCloseKey(key);
    return 1;
}

wslnet_status wn_user_resolve(const char *spec, wn_user *out, wslnet_error *err)
{
    wchar_t *wspec = wn_wide_from_utf8(spec), *sid_text = NULL, domain[256];
    BYTE sid[SECURITY_MAX_SID_SIZE];
    DWORD sid_size = sizeof sid, domain_size = 256;
    SID_NAME_USE use;
    PSID parsed = NULL;
    int known = 0;
    memset(out, 0, sizeof *out);
    if (!wspec || !spec[0])
        return free(wspec), wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "--user needs a user name or SID");
    if ((spec[0] == 'S' || spec[0] == 's') && spec[1] == '-') {
        if (!ConvertStringSidToSidW(wspec, &parsed)) {
            free(wspec);
            return wn_fail(err, WSLNET_E_INVALID_INPUT, GetLastError(), "'%.80s' is not a valid SID", spec);
        }
        if (ConvertSidToStringSidW(parsed, &sid_text)) {
            describe(parsed, sid_text, out);
            known = strcmp(out->name, out->sid) != 0 || out->profile[0] || hive_loaded(sid_text);
            LocalFree(sid_text);
        }
        LocalFree(parsed);
        free(wspec);
        if (!out->sid[0])
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        /* Refused here, before anything is read for it: an unknown SID would
         * otherwise surface later as a missing value of its VM. */
        if (!known)
            return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                           "no user with SID %.80s on this computer (no account, no profile, no loaded hive "
                           "under HKEY_USERS)", out->sid);
        return WSLNET_OK;
    }
    if (!LookupAccountNameW(NULL, wspec, sid, &sid_size, domain, &domain_size, &use)) {
        DWORD e = GetLastError();
        free(wspec);
        return wn_fail(err, WSLNET_E_NOT_FOUND, e, "no user named '%.80s' on this computer (%lu)", spec,
                       (unsigned long)e);
    }
    free(wspec);
    if (!ConvertSidToStringSidW(sid, &sid_text))
        return wn_fail(err, WSLNET_E_SYSTEM, GetLastError(), "ConvertSidToStringSidW failed");
    describe(sid, sid_text, out);
    LocalFree(sid_text);
    return WSLNET_OK;
}

/* The people (S-1-5-21-... SIDs, not the _Classes twins) among the subkeys
 * of root\path; with_profile: only those with a ProfileImagePath. */
static wslnet_status users_of_key(HKEY root, const wchar_t *path, int with_profile, wn_user **list, size_t *count,
                                  wslnet_error *err)
{
    wchar_t name[256];
    DWORD i, n;
    size_t cap = 0;
    HKEY key;
    LONG rc;
    *list = NULL;
    *count = 0;
    if ((rc = RegOpenKeyExW(root, path, 0, KEY_ENUMERATE_SUB_KEYS | KEY_WOW64_64KEY, &key)) != ERROR_SUCCESS)
        return rc == ERROR_FILE_NOT_FOUND ? WSLNET_OK
                                          : wn_fail(err, WSLNET_E_SYSTEM, (uint32_t)rc, "cannot list %ls (%ld)",
                                                    path[0] ? path : L"HKEY_USERS", (long)rc);
    for (i = 0;; i++) {
        PSID sid = NULL;
        wn_user *grown;
        n = 256;
        rc = RegEnumKeyExW(key, i, name, &n, NULL, NULL, NULL, NULL);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc != ERROR_SUCCESS) {
            RegCloseKey(key);
            free(*list);
            *list = NULL;
            *count = 0;
            return wn_fail(err, WSLNET_E_SYSTEM, (uint32_t)rc, "cannot list %ls (%ld)",
                           path[0] ? path : L"HKEY_USERS", (long)rc);
        }
        /* people have domain or local account SIDs (S-1-5-21-...); each hive also has a _Classes twin */
        if (wcsncmp(name, L"S-1-5-21-", 9) != 0 || wcsstr(name, L"_Classes"))
            continue;
        if (*count == cap) {
            cap = cap ? cap * 2 : 4;
            if (!(grown = realloc(*list, cap * sizeof *grown))) {
                RegCloseKey(key);
                free(*list);
                *list = NULL;
                *count = 0;
                return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            }
            *list = grown;
        }
        memset(&(*list)[*count], 0, sizeof **list);
        if (ConvertStringSidToSidW(name, &sid)) {
            describe(sid, name, &(*list)[*count]);
            LocalFree(sid);
            if (!with_profile || (*list)[*count].profile[0])
                (*count)++;
        }
    }
    RegCloseKey(key);
    return WSLNET_OK;
}

wslnet_status wn_users_signed_in(wn_user **list, size_t *count, wslnet_error *err)
{
    return users_of_key(HKEY_USERS, L"", 0, list, count, err);
}

wslnet_status wn_users_with_profiles(wn_user **list, size_t *count, wslnet_error *err)
{
    /* ProfileList: one subkey per account with a profile (platform.c reads its ProfileImagePath) */
    return users_of_key(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", 1,
                        list, count, err);
}

wslnet_status wn_user_lxss_string(const wn_user *u, const wchar_t *name, char **value, wslnet_error *err)
{
    wchar_t path[400];
    if (!u)
        return wn_reg_read_string(HKEY_CURRENT_USER, LXSS_USER_KEY, name, value, err);
    {
        wchar_t *wsid = wn_wide_from_utf8(u->sid);
        if (!wsid)
            return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        _snwprintf(path, 400, L"%ls\\" LXSS_USER_KEY, wsid);
        path[399] = L'\0';
        free(wsid);
    }
    return wn_reg_read_string(HKEY_USERS, path, name, value, err);
}

/*
 * Whose VM: the user named; else, as SYSTEM, the one signed-in user who has a
 * NatIpAddress (several: refused with the candidates); else the caller (HKCU).
 */
wslnet_status wn_user_choose(const char *spec, wn_user *user, int *have, wslnet_error *err)
{
    wn_user *list = NULL;
    wn_user_candidate *cand = NULL;
    char **ips = NULL;
    size_t count = 0, i, pick;
    wslnet_status st;
    *have = 0;
    if (spec) {
        if ((st = wn_user_resolve(spec, user, err)) != WSLNET_OK)
            return st;
        *have = 1;
        return WSLNET_OK;
    }
    if (!wn_user_is_system())
        return WSLNET_OK;
    if ((st = wn_users_signed_in(&list, &count, err)) != WSLNET_OK)
        return st;
    if (count && (!(cand = calloc(count, sizeof *cand)) || !(ips = calloc(count, sizeof *ips)))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto done;
    }
    for (i = 0; i < count; i++) {
        if (wn_user_lxss_string(&list[i], L"NatIpAddress", &ips[i], NULL) != WSLNET_OK)
            ips[i] = NULL;
        cand[i].name = list[i].name;
        cand[i].sid = list[i].sid;
        cand[i].nat_ip = ips[i];
    }
    if ((st = wn_address_pick_user(cand, count, &pick, err)) == WSLNET_OK && pick < count) {
        *user = list[pick];
        *have = 1;
    }
done:
    for (i = 0; ips && i < count; i++)
        free(ips[i]);
    free(ips);
    free(cand);
    free(list);
    return st;
}

