/* guard.c - elevation check and the start of every machine-wide change:
 * the lock (lock.c), then finishing an interrupted change (guard.h). */
#include <windows.h>

#include "guard.h"

#include "proxyapply.h"
#include "status.h"
#include "winutil.h"

#include <string.h>

wslnet_status wn_require_elevation(wslnet_error *err)
{
    HANDLE token;
    TOKEN_ELEVATION elevation;
    DWORD size = 0;
    BOOL ok;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return wn_fail_win32(err, GetLastError(), "OpenProcessToken");
    ok = GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size);
    CloseHandle(token);
    if (!ok)
        return wn_fail_win32(err, GetLastError(), "GetTokenInformation(TokenElevation)");
    if (!elevation.TokenIsElevated)
        return wn_fail(err, WSLNET_E_ACCESS_DENIED, 740u /* ERROR_ELEVATION_REQUIRED */,
                       "this command changes the system and needs elevation: run it from an "
                       "elevated prompt (Run as administrator) or as SYSTEM; nothing was changed");
    return WSLNET_OK;
}

wslnet_status wn_guard_begin(wn_lock *lock, wslnet_error *err)
{
    wslnet_error rerr;
    wslnet_status st = wn_require_elevation(err);
    memset(lock, 0, sizeof *lock);
    if (st != WSLNET_OK)
        return st;
    if ((st = wn_machine_lock_acquire(lock, WN_LOCK_TIMEOUT_MS, err)) != WSLNET_OK)
        return st;
    if (wn_proxy_recover(lock->recovered, sizeof lock->recovered, &rerr) != WSLNET_OK)
        wn_snprintf(lock->recovered, sizeof lock->recovered, "%s", rerr.message);
    return WSLNET_OK;
}
