/* configfile.c - the .wslconfig on disk: path, read, atomic replace. */
#include <windows.h>

#include "configfile.h"
#include "guard.h"
#include "platform.h"
#include "safefile.h"
#include "status.h"
#include "text.h"
#include "users.h"
#include "winutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SID of a user named by name or SID (wn_user_resolve: an unknown SID is
 * WSLNET_E_NOT_FOUND) as a string (malloc'd, caller frees). */
static wslnet_status user_sid(const char *user, wchar_t **sid_text, wslnet_error *err)
{
    wn_user u;
    wslnet_status st;
    *sid_text = NULL;
    if ((st = wn_user_resolve(user, &u, err)) != WSLNET_OK)
        return st;
    *sid_text = wn_wide_from_utf8(u.sid);
    return *sid_text ? WSLNET_OK : wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
}

/* The profile folder of a local or domain user (platform.c, from ProfileList). */
static wslnet_status user_profile(const char *user, char *dir, size_t size, wslnet_error *err)
{
    wchar_t *sid_text = NULL;
    wslnet_status st;
    if ((st = user_sid(user, &sid_text, err)) != WSLNET_OK)
        return st;
    st = wn_profile_dir_of_sid(sid_text, dir, size, err);
    if (st == WSLNET_E_NOT_FOUND)
        st = wn_fail(err, WSLNET_E_NOT_FOUND, 0,
                     "user '%.80s' has no profile on this computer yet (they have never signed in)", user);
    else if (st == WSLNET_E_BAD_DATA)
        st = wn_fail(err, WSLNET_E_BAD_DATA, 0, "the profile path of '%.80s' cannot be read", user);
    free(sid_text);
    return st;
}

/* dir + "\.wslconfig" into path, whole or WSLNET_E_INVALID_INPUT. */
static wslnet_status wslconfig_in(const char *dir, char *path, size_t size, wslnet_error *err)
{
    int n = snprintf(path, size, "%s\\.wslconfig", dir);
    if (n < 0 || (size_t)n >= size) {
        path[0] = '\0';
        return wn_fail(err, WSLNET_E_INVALID_INPUT, ERROR_FILENAME_EXCED_RANGE,
                       "the profile path is longer than %lu bytes, which wslnet does not handle: use --file",
                       (unsigned long)size - 1);
    }
    return WSLNET_OK;
}

/* The Win32 device namespace prefix GetFullPathNameW gives a DOS device name
 * ("NUL", "CON", "COM1": "\\.\NUL"). */
#define DEVICE_PREFIX L"\\\\.\\"
#define NUL_DEVICE_UTF8 "\\\\.\\NUL"

/* 1 when the full path names a device rather than a file; *name is then the
 * device's name (points into full). */
static int device_path(const wchar_t *full, const wchar_t **name)
{
    size_t n = wcslen(DEVICE_PREFIX);
    if (wcsncmp(full, DEVICE_PREFIX, n) != 0)
        return 0;
    *name = full + n;
    return 1;
}

/* 1 when path (as wn_config_path returned it) is the NUL device. */
static int is_nul_device(const char *path)
{
    return _stricmp(path, NUL_DEVICE_UTF8) == 0;
}

wslnet_status wn_config_path(const wslnet_config_target *target, char *path, size_t size, wslnet_error *err)
{
    char dir[WN_CONFIG_PATH_MAX];
    wslnet_status st;
    if (target && target->path) {
        wchar_t *w = wn_wide_from_utf8(target->path), *full;
        if (!w || !target->path[0]) {
            free(w);
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the file path is empty or not valid UTF-8");
        }
        const wchar_t *device;
        full = wn_sf_full_path(w);
        free(w);
        if (!full)
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%.200s' is not a usable file path", target->path);
        /* NUL reads as an empty file (wn_config_read_file); any other device
         * (CON, COMn, \\.\PhysicalDrive0) would block or read a console or a disk. */
        if (device_path(full, &device) && _wcsicmp(device, L"NUL") != 0) {
            /* UTF-8 like every message: printf's %ls would convert through the C locale */
            char name[121];
            wn_utf8_from_wide(device, name, sizeof name);
            st = wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "'%.200s' names the device %s, not a file: give a file path",
                         target->path, name);
            free(full);
            return st;
        }
        st = wn_utf8_path(full, path, size, err);
        free(full);
        return st;
    }
    if (target && target->user) {
        if ((st = user_profile(target->user, dir, sizeof dir, err)) != WSLNET_OK)
            return st;
        return wslconfig_in(dir, path, size, err);
    }
    if (wn_user_is_system())
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "running as SYSTEM, which has no profile WSL reads: name the user with --user NAME "
                       "or the file with --file PATH");
    st = wn_profile_dir_current(dir, sizeof dir, err);
    if (st == WSLNET_E_NOT_FOUND)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "this account has no user profile: use --file PATH");
    if (st != WSLNET_OK)
        return st;
    return wslconfig_in(dir, path, size, err);
}

wslnet_status wn_config_read_file(const char *path, uint8_t **bytes, size_t *len, int *exists, wslnet_error *err)
{
    wchar_t *wpath = wn_wide_from_utf8(path);
    wslnet_status st;
    *bytes = NULL;
    *len = 0;
    *exists = 0;
    if (!wpath)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the file path is not valid UTF-8");
    if (is_nul_device(path)) { /* the empty file, as `type NUL` shows it */
        free(wpath);
        *exists = 1;
        return WSLNET_OK;
    }
    /* Elevated (or SYSTEM), the file may be one an unprivileged user controls
     * (another user's profile, or one's own from the non-elevated side): no
     * link is followed. Not elevated, a user reads what they can read anyway. */
    st = wn_sf_read(wpath, WN_CONFIG_MAX_BYTES, wn_require_elevation(NULL) == WSLNET_OK, bytes, len, exists, err);
    free(wpath);
    return st;
}

wslnet_status wn_config_write_atomic(const wslnet_config_target *target, const char *path, const uint8_t *bytes,
                                     size_t len, char *backup, size_t backup_size, wslnet_error *err)
{
    wn_sf_replace_options opt;
    wchar_t *wpath = wn_wide_from_utf8(path), *sid = NULL, *wbackup = NULL;
    wslnet_status st;
    backup[0] = '\0';
    memset(&opt, 0, sizeof opt);
    if (!wpath)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "the file path is not valid UTF-8");
    if (is_nul_device(path)) {
        free(wpath);
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "NUL discards what is written to it: give a file path");
    }
    /* The new file's user (full access besides SYSTEM and Administrators): the
     * profile's owner for --user, else whoever runs wslnet. By handle, not
     * impersonating: see safefile.h. */
    if (target && target->user && !target->path) {
        if ((st = user_sid(target->user, &sid, err)) != WSLNET_OK)
            goto out;
    } else if (!(sid = wn_sf_current_user_sid())) {
        st = wn_fail(err, WSLNET_E_SYSTEM, 0, "the process token cannot be read");
        goto out;
    }
    opt.access.user_sid = sid;
    opt.backup_suffix = WN_CONFIG_BACKUP_SUFFIX_W;
    opt.backup_cap = WN_CONFIG_MAX_BYTES;
    if ((st = wn_sf_replace(wpath, bytes, len, &opt, &wbackup, err)) != WSLNET_OK)
        goto out;
    if (wbackup && (st = wn_utf8_path(wbackup, backup, backup_size, err)) != WSLNET_OK)
        st = WSLNET_OK; /* written; the name alone is too long to report */
out:
    free(wpath);
    free(sid);
    free(wbackup);
    return st;
}

