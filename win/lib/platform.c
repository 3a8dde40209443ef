/* platform.c - facts of the running Windows: build, update revision, profile
 * folders (platform.h). One reader for each, for every area that needs it. */
#include <windows.h>
#include <shlobj.h>

#include "platform.h"
#include "status.h"
#include "winutil.h"

#include <stdlib.h>
#include <wchar.h>

#define CURRENT_VERSION L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
#define PROFILE_LIST CURRENT_VERSION L"\\ProfileList\\"

uint32_t wn_windows_build(void)
{
    char *text = NULL;
    uint32_t build = 0;
    if (wn_reg_read_string(HKEY_LOCAL_MACHINE, CURRENT_VERSION, L"CurrentBuild", &text, NULL) == WSLNET_OK ||
        wn_reg_read_string(HKEY_LOCAL_MACHINE, CURRENT_VERSION, L"CurrentBuildNumber", &text, NULL) == WSLNET_OK)
        build = (uint32_t)strtoul(text, NULL, 10);
    free(text);
    return build;
}

uint32_t wn_windows_ubr(void)
{
    DWORD ubr = 0;
    return wn_reg_read_dword(HKEY_LOCAL_MACHINE, CURRENT_VERSION, L"UBR", &ubr, NULL) == WSLNET_OK ? ubr : 0;
}

wslnet_status wn_profile_dir_current(char *dir, size_t size, wslnet_error *err)
{
    PWSTR profile = NULL;
    wslnet_status st;
    if (size)
        dir[0] = '\0';
    if (FAILED(SHGetKnownFolderPath(&FOLDERID_Profile, 0, NULL, &profile))) {
        CoTaskMemFree(profile);
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "this account has no user profile");
    }
    st = wn_utf8_path(profile, dir, size, err);
    CoTaskMemFree(profile);
    return st;
}

wslnet_status wn_profile_dir_of_sid(const wchar_t *sid_text, char *dir, size_t size, wslnet_error *err)
{
    wchar_t *key = NULL, *wimage = NULL, *expanded = NULL;
    char *image = NULL;
    size_t key_len = wcslen(PROFILE_LIST) + wcslen(sid_text) + 1;
    DWORD need;
    wslnet_status st;
    if (size)
        dir[0] = '\0';
    if (!(key = malloc(key_len * sizeof *key)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    _snwprintf(key, key_len, L"%ls%ls", PROFILE_LIST, sid_text);
    key[key_len - 1] = L'\0';
    st = wn_reg_read_string(HKEY_LOCAL_MACHINE, key, L"ProfileImagePath", &image, err);
    if (st != WSLNET_OK)
        goto out;
    wimage = wn_wide_from_utf8(image);
    need = wimage ? ExpandEnvironmentStringsW(wimage, NULL, 0) : 0;
    if (!need || !(expanded = malloc(need * sizeof *expanded)) ||
        ExpandEnvironmentStringsW(wimage, expanded, need) - 1u >= need) {
        st = wn_fail(err, WSLNET_E_BAD_DATA, 0, "the profile path cannot be read");
        goto out;
    }
    st = wn_utf8_path(expanded, dir, size, err);
out:
    free(key);
    free(image);
    free(wimage);
    free(expanded);
    return st;
}
