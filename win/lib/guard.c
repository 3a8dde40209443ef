/* guard.c - elevation check and the machine-wide change lock. */
#include "guard.h"

#include "status.h"
#include "winutil.h"

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

wslnet_status wn_lock_acquire(wn_lock *lock, unsigned timeout_ms, wslnet_error *err)
{
    HANDLE mutex = CreateMutexW(NULL, FALSE, WN_LOCK_NAME);
    DWORD wait;
    lock->mutex = NULL;
    if (!mutex)
        return wn_fail_win32(err, GetLastError(), "CreateMutexW(" "wslnet lock" ")");
    wait = WaitForSingleObject(mutex, timeout_ms);
    if (wait == WAIT_OBJECT_0 || wait == WAIT_ABANDONED) {
        lock->mutex = mutex;
        return WSLNET_OK;
    }
    CloseHandle(mutex);
    if (wait == WAIT_TIMEOUT)
        return wn_fail(err, WSLNET_E_BUSY, ERROR_TIMEOUT,
                       "another wslnet run is changing the system (waited %u s); nothing was changed",
                       timeout_ms / 1000u);
    return wn_fail_win32(err, GetLastError(), "WaitForSingleObject(wslnet lock)");
}

void wn_lock_release(wn_lock *lock)
{
    if (!lock || !lock->mutex)
        return;
    ReleaseMutex(lock->mutex);
    CloseHandle(lock->mutex);
    lock->mutex = NULL;
}

wslnet_status wn_guard_begin(wn_lock *lock, wslnet_error *err)
{
    wslnet_status st = wn_require_elevation(err);
    lock->mutex = NULL;
    if (st != WSLNET_OK)
        return st;
    return wn_lock_acquire(lock, WN_LOCK_TIMEOUT_MS, err);
}
