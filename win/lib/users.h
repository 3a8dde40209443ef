/* users.h - whose WSL VM: a user named by name or SID, or as SYSTEM the
 * interactive users (their loaded hives under HKEY_USERS). */
#ifndef WN_USERS_H
#define WN_USERS_H

#include "wslnet.h"

#include <stddef.h>

typedef struct wn_user {
    char name[128];     /* DOMAIN\name when the SID resolves; else the SID */
    char sid[192];      /* S-1-5-21-... */
    char profile[520];  /* ProfileImagePath, expanded; "" when the user has no profile */
} wn_user;

/* 1 when this process runs as LocalSystem. */
int wn_user_is_system(void);

/* Resolves spec (a user name, DOMAIN\name, or a SID "S-1-...") into out.
 * WSLNET_E_NOT_FOUND when no such account, or a SID that names no account, no
 * profile (ProfileList) and no loaded hive (HKEY_USERS\<SID>): the message
 * says "no user with SID ..."; WSLNET_E_INVALID_INPUT for a malformed SID. */
wslnet_status wn_user_resolve(const char *spec, wn_user *out, wslnet_error *err);

/* The users whose hives are loaded under HKEY_USERS (S-1-5-21-*, not the
 * _Classes keys, not SYSTEM's): who is signed in. *list is malloc'd (free it);
 * *count may be 0. */
wslnet_status wn_users_signed_in(wn_user **list, size_t *count, wslnet_error *err);

/* Every user with a profile folder on this machine (ProfileList's
 * S-1-5-21-... entries with a ProfileImagePath): whose .wslconfig a policy
 * edits. *list is malloc'd (free it); *count may be 0. */
wslnet_status wn_users_with_profiles(wn_user **list, size_t *count, wslnet_error *err);

/*
 * Whose VM: the user named by spec; else, as SYSTEM, the one signed-in user
 * with a NatIpAddress, or the only one signed in (several users' VMs:
 * WSLNET_E_INVALID_INPUT listing them); else nobody (*have 0: the caller).
 */
wslnet_status wn_user_choose(const char *spec, wn_user *user, int *have, wslnet_error *err);

/* Reads a REG_SZ under the user's Software\Microsoft\Windows\CurrentVersion\Lxss:
 * from HKEY_USERS\<sid> when u is given, else HKEY_CURRENT_USER. *value
 * malloc'd; statuses as wn_reg_read_string (NOT_FOUND, BAD_DATA, ...). */
wslnet_status wn_user_lxss_string(const wn_user *u, const wchar_t *name, char **value, wslnet_error *err);

#endif
