/* syserror.h - the one mapping of Win32 errors and HRESULTs to a status, and
 * the one message format for a failed Windows call:
 *   "<what> failed: <system text> (error 5)"                          a Win32 error
 *   "<what> failed: <system text> E_ACCESSDENIED (0x80070005)"        an HRESULT
 *   "<what> failed: WBEM_E_NOT_FOUND (0x80041002)"   no system text, a known name
 * err->code carries the Win32 error or HRESULT. */
#ifndef WN_SYSERROR_H
#define WN_SYSERROR_H

#include <windows.h>

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

/* A Win32 error's status: access denied, not found, no memory, unsupported,
 * else WSLNET_E_SYSTEM. */
WN_MUST_CHECK
wslnet_status wn_status_from_win32(DWORD error);

/* An HRESULT's status: FACILITY_WIN32 ones as wn_status_from_win32 (but a
 * service or RPC server not running is WSLNET_E_UNAVAILABLE); COM and WBEM
 * ones by meaning (class not registered -> unavailable, invalid namespace or
 * class -> unsupported, invalid parameter -> invalid input, ...); else
 * WSLNET_E_SYSTEM. */
WN_MUST_CHECK
wslnet_status wn_status_from_hresult(HRESULT hr);

/* Symbolic name of a COM/WBEM HRESULT ("WBEM_E_NOT_FOUND", "E_ACCESSDENIED"),
 * NULL when not known. Static storage. */
const char *wn_hresult_name(HRESULT hr);

/* The system's one-line text for a Win32 error or HRESULT, as UTF-8 in buf
 * (empty when Windows has none). */
void wn_system_message(DWORD code, char *buf, size_t size);

/* Fill err (when not NULL) in the format above with the mapped status and
 * return that status. what names the call or the action ("RegSetValueExW(PortProxy)"). */
wslnet_status wn_fail_win32(wslnet_error *err, DWORD error, const char *what);
wslnet_status wn_fail_hr(wslnet_error *err, HRESULT hr, const char *what);

#endif
