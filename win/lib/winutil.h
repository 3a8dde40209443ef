/* winutil.h - the Windows API boundary: wide strings, error codes, registry reads. */
#ifndef WN_WINUTIL_H
#define WN_WINUTIL_H

#include <windows.h>

#include "syserror.h" /* error mapping, for every caller of these helpers */
#include "status.h" /* wslnet.h, WN_MUST_CHECK */

/* UTF-16 -> UTF-8 into a fixed buffer (truncated at a character boundary). */
void wn_utf8_from_wide(const wchar_t *wide, char *buf, size_t size);

/* UTF-16 path -> UTF-8 into a fixed buffer, whole or not at all:
 * WSLNET_E_INVALID_INPUT (buf "") when it does not fit, never truncated. */
wslnet_status wn_utf8_path(const wchar_t *wide, char *buf, size_t size, wslnet_error *err);

/* UTF-16 -> malloc'd UTF-8; NULL when out of memory. Caller frees. */
char *wn_utf8_dup_from_wide(const wchar_t *wide);

/* UTF-8 -> UTF-16 into a fixed buffer of count units, whole or not at all:
 * 1, or 0 with buf L"" when it is invalid or does not fit. */
int wn_wide_from_utf8_buf(const char *utf8, wchar_t *buf, size_t count);

/* UTF-8 -> malloc'd UTF-16; NULL when out of memory or invalid. Caller frees. */
wchar_t *wn_wide_from_utf8(const char *utf8);

/* Joins COM on this thread (multithreaded apartment). Returns S_OK with
 * *uninitialize 1 when the caller must call wn_com_leave, S_OK with 0 when the
 * thread already runs COM in another mode (usable as is); a failed HRESULT
 * otherwise. */
HRESULT wn_com_enter(int *uninitialize);

/* Leaves COM when wn_com_enter said to (uninitialize 1). */
void wn_com_leave(int uninitialize);

/*
 * Reads a REG_SZ/REG_EXPAND_SZ value as UTF-8 (64-bit registry view).
 * WSLNET_OK with *out malloc'd (caller frees); WSLNET_E_NOT_FOUND when the key or
 * value does not exist; WSLNET_E_BAD_DATA when the value is not a string.
 */
WN_MUST_CHECK
wslnet_status wn_reg_read_string(HKEY root, const wchar_t *path, const wchar_t *name, char **out,
                                 wslnet_error *err);

/* Reads a REG_DWORD (64-bit view). Same statuses as wn_reg_read_string. */
WN_MUST_CHECK
wslnet_status wn_reg_read_dword(HKEY root, const wchar_t *path, const wchar_t *name, DWORD *out,
                                wslnet_error *err);

#endif
