/*
 * safefile.h - files in places an unprivileged user may control (a user's
 * profile, an output folder): capped reads and atomic replacement that never
 * follow a link the user planted and never reuse a file the user created.
 *
 * The rules (BRIEF "Safety rules"; issue 9 findings 1 and 2):
 * - The folder is opened once, by handle, refusing a folder that is itself a
 *   link, and held without FILE_SHARE_DELETE so that it cannot be renamed or
 *   swapped for a junction while wslnet works in it.
 * - An existing file is opened with FILE_FLAG_OPEN_REPARSE_POINT and refused
 *   when it is a reparse point (Windows: FileAttributeTagInfo), when the
 *   handle's final path is not <folder>\<name> (a link resolved by the file
 *   system: that is how Wine 8 presents a Unix symlink, transparently), or
 *   when it has more than one hard link.
 * - New content goes to a temporary file created CREATE_NEW (never an
 *   existing name, link or not) with an unpredictable name and an explicit,
 *   protected DACL, held without sharing until it is renamed by handle over
 *   the target. A rename replaces the directory entry at the destination (a
 *   link there is replaced, never written through). No CopyFileW anywhere.
 * - The backup is a second such file holding the bytes read from the checked
 *   handle, renamed by handle to "<target><suffix>".
 *
 * Another user's profile as SYSTEM/elevated: this module does the work by
 * handle with the checks above; it does not impersonate the user (no token is
 * obtainable for a user who is not signed in, which is the Group Policy
 * startup and Intune case). What Wine cannot show: Windows' evaluation of the
 * DACLs written here (Wine maps them to Unix mode bits and enforces none), and
 * reparse points as Windows presents them (Wine shows symlinks transparently;
 * the final-path check is what catches them there).
 */
#ifndef WN_SAFEFILE_H
#define WN_SAFEFILE_H

#include <windows.h>

#include "wslnet.h"

#include <stddef.h>
#include <stdint.h>

/* Who may use a file wslnet creates (its protected DACL). SYSTEM and
 * Administrators always get full access. */
typedef struct wn_sf_access {
    const wchar_t *user_sid;   /* also full access (the file's user, "S-1-5-21-..."); NULL: none */
    int readable_by_users;     /* Authenticated Users may read it (public data: certificates) */
} wn_sf_access;

typedef struct wn_sf_replace_options {
    wn_sf_access access;
    const wchar_t *backup_suffix; /* keep the old file as <path><suffix>; NULL: no backup */
    int admin_only_folder;        /* refuse a folder that a non-administrator can write into */
    size_t backup_cap;            /* the largest old file backed up (bytes); larger: BAD_DATA */
} wn_sf_replace_options;

/* The process token's user SID as a string ("S-1-5-18" for SYSTEM),
 * malloc'd (caller frees); NULL when it cannot be read. */
wchar_t *wn_sf_current_user_sid(void);

/*
 * Reads the whole file at path (absolute) into *bytes (malloc'd, caller
 * frees; one spare byte after *len). A missing file: WSLNET_OK, *exists 0.
 * Larger than cap: WSLNET_E_BAD_DATA. refuse_links: a link or a file with
 * more than one hard link is WSLNET_E_ACCESS_DENIED (what a privileged reader
 * passes; a user reading their own file may follow their own links).
 */
wslnet_status wn_sf_read(const wchar_t *path, size_t cap, int refuse_links, uint8_t **bytes, size_t *len,
                         int *exists, wslnet_error *err);

/*
 * Replaces path (absolute; its folder must exist) with len bytes of data so
 * that the name holds the old or the new content at any moment. With
 * opt->backup_suffix and an existing file, *backup (malloc'd, caller frees;
 * may be NULL) receives the backup's path. Statuses: WSLNET_E_ACCESS_DENIED
 * when the folder or the file is a link, the file has several hard links, or
 * (opt->admin_only_folder) non-administrators can write into the folder;
 * WSLNET_E_NOT_FOUND when the folder does not exist; WSLNET_E_INVALID_INPUT
 * when path names a folder; WSLNET_E_SYSTEM (and others from the Win32 error)
 * when a step fails. On failure path is as it was and no temporary file is
 * left (the backup, written first, may already hold path's current content).
 */
wslnet_status wn_sf_replace(const wchar_t *path, const void *data, size_t len, const wn_sf_replace_options *opt,
                            wchar_t **backup, wslnet_error *err);

/*
 * Makes dir (absolute; its parent must exist) a folder wslnet can write into:
 * created with a protected DACL from access when missing (*created 1); when it
 * exists it must be a folder and not a link, and with admin_only it must not
 * be writable by non-administrators. Statuses as wn_sf_replace.
 */
wslnet_status wn_sf_make_dir(const wchar_t *dir, const wn_sf_access *access, int admin_only, int *created,
                             wslnet_error *err);

/*
 * Deletes the files in dir whose names end with suffix (".crt") and are not
 * in keep (count names, UTF-8, compared case-insensitively): the entries
 * themselves (a reparse point is removed as itself, never followed); folders
 * are left. A link the file system resolves (how Wine shows a symlink) is
 * not removed: WSLNET_E_ACCESS_DENIED naming it. *removed counts the removed.
 */
wslnet_status wn_sf_remove_others(const wchar_t *dir, const wchar_t *suffix, const char *const *keep, size_t count,
                                  size_t *removed, wslnet_error *err);

/* GetFullPathNameW into a malloc'd string (any length); NULL when path is
 * not usable. Caller frees. */
wchar_t *wn_sf_full_path(const wchar_t *path);

#endif
