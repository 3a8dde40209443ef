/* configfile.c - the .wslconfig on disk: path, read, atomic replace. */
#include <windows.h>
#include <sddl.h>
#include <shlobj.h>

#include "config.h"
#include "guard.h"
#include "status.h"
#include "text.h"
#include "winutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 when this process runs as LocalSystem (S-1-5-18). */
static int running_as_system(void)
{
    HANDLE token;
    BYTE buf[256];
    DWORD size = 0;
    int system = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return 0;
    if (GetTokenInformation(token, TokenUser, buf, sizeof buf, &size))
        system = IsWellKnownSid(((TOKEN_USER *)buf)->User.Sid, WinLocalSystemSid) ? 1 : 0;
    CloseHandle(token);
    return system;
}

/* The profile folder of a local or domain user, from ProfileList. */
static wslnet_status user_profile(const char *user, char *dir, size_t size, wslnet_error *err)
{
    wchar_t *wuser = wn_wide_from_utf8(user), domain[256], *sid_text = NULL, key[320];
    BYTE sid[SECURITY_MAX_SID_SIZE];
    DWORD sid_size = sizeof sid, domain_size = 256;
    SID_NAME_USE use;
    char *image = NULL;
    wchar_t *wimage, expanded[MAX_PATH];
    wslnet_status st;
    if (!wuser)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the user name is not valid UTF-8");
    if (!LookupAccountNameW(NULL, wuser, sid, &sid_size, domain, &domain_size, &use)) {
        DWORD e = GetLastError();
        free(wuser);
        return wn_fail(err, WSLNET_E_NOT_FOUND, e, "no user named '%.80s' on this computer (%lu)", user,
                       (unsigned long)e);
    }
    free(wuser);
    if (!ConvertSidToStringSidW(sid, &sid_text))
        return wn_fail_win32(err, GetLastError(), "ConvertSidToStringSidW");
    _snwprintf(key, 320, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\%ls", sid_text);
    key[319] = L'\0';
    LocalFree(sid_text);
    st = wn_reg_read_string(HKEY_LOCAL_MACHINE, key, L"ProfileImagePath", &image, err);
    if (st == WSLNET_E_NOT_FOUND)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                       "user '%.80s' has no profile on this computer yet (they have never signed in)", user);
    if (st != WSLNET_OK)
        return st;
    wimage = wn_wide_from_utf8(image);
    free(image);
    if (!wimage || !ExpandEnvironmentStringsW(wimage, expanded, MAX_PATH)) {
        free(wimage);
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "the profile path of '%.80s' cannot be read", user);
    }
    free(wimage);
    wn_utf8_from_wide(expanded, dir, size);
    return WSLNET_OK;
}

wslnet_status wn_config_path(const wslnet_config_target *target, char *path, size_t size, wslnet_error *err)
{
    char dir[MAX_PATH * 3];
    PWSTR profile = NULL;
    wslnet_status st;
    if (target && target->path) {
        wchar_t *w = wn_wide_from_utf8(target->path), full[MAX_PATH * 2];
        DWORD n;
        if (!w || !target->path[0]) {
            free(w);
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the file path is empty or not valid UTF-8");
        }
        n = GetFullPathNameW(w, MAX_PATH * 2, full, NULL);
        free(w);
        if (n == 0 || n >= MAX_PATH * 2)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%.200s' is not a usable file path", target->path);
        wn_utf8_from_wide(full, path, size);
        return WSLNET_OK;
    }
    if (target && target->user) {
        if ((st = user_profile(target->user, dir, sizeof dir, err)) != WSLNET_OK)
            return st;
        wn_snprintf(path, size, "%s\\.wslconfig", dir);
        return WSLNET_OK;
    }
    if (running_as_system())
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "running as SYSTEM, which has no profile WSL reads: name the user with --user NAME "
                       "or the file with --file PATH");
    if (FAILED(SHGetKnownFolderPath(&FOLDERID_Profile, 0, NULL, &profile))) {
        CoTaskMemFree(profile);
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "this account has no user profile: use --file PATH");
    }
    wn_utf8_from_wide(profile, dir, sizeof dir);
    CoTaskMemFree(profile);
    wn_snprintf(path, size, "%s\\.wslconfig", dir);
    return WSLNET_OK;
}

wslnet_status wn_config_read_file(const char *path, uint8_t **bytes, size_t *len, int *exists, wslnet_error *err)
{
    wchar_t *wpath = wn_wide_from_utf8(path);
    HANDLE file;
    LARGE_INTEGER size;
    DWORD got = 0;
    *bytes = NULL;
    *len = 0;
    *exists = 0;
    if (!wpath)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the file path is not valid UTF-8");
    file = CreateFileW(wpath, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(wpath);
    if (file == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
            return WSLNET_OK;
        return wn_fail_win32(err, e, "opening the configuration file");
    }
    *exists = 1;
    if (!GetFileSizeEx(file, &size) || size.QuadPart > WN_CONFIG_MAX_BYTES) {
        CloseHandle(file);
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "%.200s is larger than 1 MiB: not a WSL configuration file",
                       path);
    }
    *bytes = malloc((size_t)size.QuadPart + 1);
    if (!*bytes) {
        CloseHandle(file);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory reading %.200s", path);
    }
    if (size.QuadPart > 0 && !ReadFile(file, *bytes, (DWORD)size.QuadPart, &got, NULL)) {
        DWORD e = GetLastError();
        CloseHandle(file);
        free(*bytes);
        *bytes = NULL;
        return wn_fail_win32(err, e, "reading the configuration file");
    }
    CloseHandle(file);
    *len = got;
    return WSLNET_OK;
}

/* Writes and flushes the temporary file. */
static wslnet_status write_temp(const wchar_t *temp, const uint8_t *bytes, size_t len, wslnet_error *err)
{
    HANDLE file = CreateFileW(temp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    size_t done = 0;
    if (file == INVALID_HANDLE_VALUE)
        return wn_fail_win32(err, GetLastError(), "creating the temporary file beside the configuration");
    while (done < len) {
        DWORD chunk = len - done > 65536 ? 65536 : (DWORD)(len - done), wrote = 0;
        if (!WriteFile(file, bytes + done, chunk, &wrote, NULL) || wrote == 0) {
            DWORD e = GetLastError();
            CloseHandle(file);
            DeleteFileW(temp);
            return wn_fail_win32(err, e, "writing the temporary file");
        }
        done += wrote;
    }
    /* the new bytes are on disk before the file takes the old one's place */
    if (!FlushFileBuffers(file)) {
        DWORD e = GetLastError();
        CloseHandle(file);
        DeleteFileW(temp);
        return wn_fail_win32(err, e, "flushing the temporary file");
    }
    CloseHandle(file);
    return WSLNET_OK;
}

/* Swaps temp into target, the old target becoming backup. */
static DWORD replace_with_backup(const wchar_t *target, const wchar_t *temp, const wchar_t *backup)
{
    DWORD e;
    if (ReplaceFileW(target, temp, backup, REPLACEFILE_IGNORE_MERGE_ERRORS, NULL, NULL))
        return 0;
    e = GetLastError();
    if (e == ERROR_UNABLE_TO_MOVE_REPLACEMENT_2) {
        /* the old file is the backup already; put the new one in place */
        return MoveFileExW(temp, target, MOVEFILE_WRITE_THROUGH) ? 0 : GetLastError();
    }
    if (e == ERROR_UNABLE_TO_REMOVE_REPLACED || e == ERROR_UNABLE_TO_MOVE_REPLACEMENT)
        return e; /* nothing changed */
    /* ReplaceFileW unavailable here: copy the backup, then move over the target
     * (MoveFileEx replaces in one step on the same volume) */
    if (!CopyFileW(target, backup, FALSE))
        return GetLastError();
    return MoveFileExW(temp, target, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) ? 0 : GetLastError();
}

wslnet_status wn_config_write_atomic(const char *path, const uint8_t *bytes, size_t len, char *backup,
                                     size_t backup_size, wslnet_error *err)
{
    char temp8[MAX_PATH * 3 + 32], backup8[MAX_PATH * 3 + 32];
    wchar_t *target = wn_wide_from_utf8(path), *temp, *wbackup;
    DWORD attrs, e;
    wslnet_status st;
    backup[0] = '\0';
    wn_snprintf(temp8, sizeof temp8, "%s.wslnet-%lu.tmp", path, (unsigned long)GetCurrentProcessId());
    wn_snprintf(backup8, sizeof backup8, "%s%s", path, WN_CONFIG_BACKUP_SUFFIX);
    temp = wn_wide_from_utf8(temp8);
    wbackup = wn_wide_from_utf8(backup8);
    if (!target || !temp || !wbackup) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory writing the configuration");
        goto out;
    }
    if ((st = write_temp(temp, bytes, len, err)) != WSLNET_OK)
        goto out;
    attrs = GetFileAttributesW(target);
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        e = MoveFileExW(temp, target, MOVEFILE_WRITE_THROUGH) ? 0 : GetLastError();
    } else {
        e = replace_with_backup(target, temp, wbackup);
        if (!e)
            wn_strlcpy(backup, backup_size, backup8);
    }
    if (e) {
        DeleteFileW(temp);
        st = wn_fail_win32(err, e, "replacing the configuration file (it is unchanged)");
    }
out:
    free(target);
    free(temp);
    free(wbackup);
    return st;
}

uint32_t wn_windows_build(void)
{
    static const wchar_t nt[] = L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    char *text = NULL;
    uint32_t build = 0;
    if (wn_reg_read_string(HKEY_LOCAL_MACHINE, nt, L"CurrentBuild", &text, NULL) == WSLNET_OK ||
        wn_reg_read_string(HKEY_LOCAL_MACHINE, nt, L"CurrentBuildNumber", &text, NULL) == WSLNET_OK)
        build = (uint32_t)strtoul(text, NULL, 10);
    free(text);
    return build;
}
