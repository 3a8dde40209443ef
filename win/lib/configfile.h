/* configfile.h (win) - the .wslconfig file on disk: which path, reading it, and
 * replacing it atomically with a backup. Used by config.c. */
#ifndef WN_WIN_CONFIG_H
#define WN_WIN_CONFIG_H

#include <windows.h>

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>
#include <stdint.h>

/* Largest .wslconfig / wsl.conf read (WSL's own files are a few KB). */
#define WN_CONFIG_MAX_BYTES (1024u * 1024u)

/* The suffix of the backup kept beside the file: ".wslconfig.wslnet-backup". */
#define WN_CONFIG_BACKUP_SUFFIX ".wslnet-backup"
#define WN_CONFIG_BACKUP_SUFFIX_W L".wslnet-backup"

/* The size of the path fields of wslnet_config_file_info (a longer path is
 * refused with WSLNET_E_INVALID_INPUT, never truncated). */
#define WN_CONFIG_PATH_MAX 520

/*
 * The file a target names, as an absolute UTF-8 path into path: target->path;
 * else target->user's profile (ProfileList in the registry) + "\.wslconfig";
 * else the caller's profile. As SYSTEM without path or user:
 * WSLNET_E_INVALID_INPUT (SYSTEM has no profile WSL would read).
 */
WN_MUST_CHECK
wslnet_status wn_config_path(const wslnet_config_target *target, char *path, size_t size, wslnet_error *err);

/* Reads the whole file (malloc'd into *bytes, caller frees). A missing file is
 * WSLNET_OK with *exists 0 and *len 0. Over WN_CONFIG_MAX_BYTES: BAD_DATA.
 * Elevated, a link or a file with several hard links is ACCESS_DENIED
 * (wn_sf_read). */
WN_MUST_CHECK
wslnet_status wn_config_read_file(const char *path, uint8_t **bytes, size_t *len, int *exists, wslnet_error *err);

/*
 * Replaces path with bytes so that a crash at any point leaves either the old
 * or the new file (wn_sf_replace): a new file with an unpredictable name in
 * the same folder (CREATE_NEW, protected DACL: SYSTEM, Administrators and the
 * file's user - target->user's SID for --user, else the caller's), flushed,
 * then renamed by handle over path; the old content is kept as
 * "<path>.wslnet-backup" the same way. A path that is a link or has several
 * hard links is refused (ACCESS_DENIED) and nothing is written. backup
 * receives the backup's path ("" when the file was new).
 */
WN_MUST_CHECK
wslnet_status wn_config_write_atomic(const wslnet_config_target *target, const char *path, const uint8_t *bytes,
                                     size_t len, char *backup, size_t backup_size, wslnet_error *err);

#endif
