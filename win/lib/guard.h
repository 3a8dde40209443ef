/*
 * guard.h - what every command that changes the system does first: check
 * that the process is elevated, then take wslnet's machine-wide lock so that
 * two wslnet runs (CLI, cmdlets, MSI custom actions, Group Policy scripts)
 * never interleave their read-plan-apply steps.
 */
#ifndef WN_GUARD_H
#define WN_GUARD_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

/* The lock's name: one named mutex in the global namespace. */
#define WN_LOCK_NAME L"Global\\wslnet-change-lock"

/* How long a change waits for another wslnet run before giving up (BUSY). */
#define WN_LOCK_TIMEOUT_MS 30000u

/*
 * WSLNET_OK when the process token is elevated (an administrator's full
 * token, or SYSTEM); WSLNET_E_ACCESS_DENIED with a message saying to use an
 * elevated prompt otherwise; WSLNET_E_SYSTEM when the token cannot be read.
 */
WN_MUST_CHECK
wslnet_status wn_require_elevation(wslnet_error *err);

typedef struct wn_lock {
    void *mutex;   /* HANDLE while held, NULL otherwise */
} wn_lock;

/*
 * Takes the lock, waiting up to timeout_ms. WSLNET_OK when held (also when a
 * previous holder died holding it: its changes are each atomic registry or
 * file operations, so there is nothing half-done to undo);
 * WSLNET_E_BUSY after the timeout. Release with wn_lock_release.
 */
WN_MUST_CHECK
wslnet_status wn_lock_acquire(wn_lock *lock, unsigned timeout_ms, wslnet_error *err);

/* Releases a lock taken by wn_lock_acquire; a no-op on a lock not held. */
void wn_lock_release(wn_lock *lock);

/* wn_require_elevation, then wn_lock_acquire with WN_LOCK_TIMEOUT_MS. */
WN_MUST_CHECK
wslnet_status wn_guard_begin(wn_lock *lock, wslnet_error *err);

#endif
