/* platform.h (win) - facts of the running Windows that several areas read:
 * its build and update revision, and where a user's profile is. */
#ifndef WN_WIN_PLATFORM_H
#define WN_WIN_PLATFORM_H

#include <windows.h>

#include "status.h"

#include <stddef.h>
#include <stdint.h>

/* The running Windows build (HKLM ...\Windows NT\CurrentVersion CurrentBuild,
 * else CurrentBuildNumber), 0 when unknown. */
uint32_t wn_windows_build(void);

/* The update build revision (UBR: the 2359 of 22621.2359), 0 when unknown. */
uint32_t wn_windows_ubr(void);

/* The calling account's profile folder (FOLDERID_Profile) as UTF-8 into dir.
 * WSLNET_E_NOT_FOUND when the account has none (SYSTEM's is no user's);
 * wn_utf8_path's statuses when it does not fit. */
WN_MUST_CHECK
wslnet_status wn_profile_dir_current(char *dir, size_t size, wslnet_error *err);

/* The profile folder of the account with SID sid_text (ProfileList's
 * ProfileImagePath, environment variables expanded) as UTF-8 into dir.
 * WSLNET_E_NOT_FOUND when it has no profile on this computer (never signed
 * in); WSLNET_E_BAD_DATA when the value cannot be expanded. err may be NULL. */
WN_MUST_CHECK
wslnet_status wn_profile_dir_of_sid(const wchar_t *sid_text, char *dir, size_t size, wslnet_error *err);

#endif
