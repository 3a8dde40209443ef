/*
 * guard.h - what every command that changes the system does first: check
 * that the process is elevated, take wslnet's machine-wide lock so that two
 * wslnet runs (CLI, cmdlets, MSI custom actions, Group Policy scripts) never
 * interleave their read-plan-apply steps, and finish a change an earlier run
 * left half done (proxyapply.h).
 *
 * The machine lock is a mutex in a private namespace whose boundary holds
 * the Administrators SID and whose descriptor admits only Administrators and
 * SYSTEM, so a standard user can neither create nor open it (a squatter on a
 * public name blocks nothing). Edits of one's own things (one's .wslconfig,
 * one's distro) take a per-user lock instead: a mutex in a private namespace
 * bound to the user's SID, so only that user's processes share it.
 *
 * Where the system has no private namespaces (Wine 8: CreateBoundaryDescriptorW
 * is a stub that returns NULL without an error code), the lock falls back to a
 * named mutex with an explicit DACL (Administrators and SYSTEM; or the user,
 * Administrators and SYSTEM) under a name no earlier wslnet used. Access
 * denied on the lock is WSLNET_E_ACCESS_DENIED everywhere, with one message.
 */
#ifndef WN_GUARD_H
#define WN_GUARD_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

/* The private namespaces' alias prefixes (machine, per-user; also the
 * boundary descriptor's name), and the mutex in each. */
#define WN_LOCK_NAMESPACE L"wslnet"
#define WN_USER_LOCK_NAMESPACE L"wslnet-user"
#define WN_LOCK_OBJECT L"change-lock"
/* Fallback names (no private namespaces): never the squattable name wslnet
 * used before, Global\wslnet-change-lock. */
#define WN_LOCK_FALLBACK L"Global\\wslnet-machine-lock-v2"
#define WN_USER_LOCK_FALLBACK L"Local\\wslnet-user-lock-v2-"

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
    void *mutex;            /* HANDLE while held, NULL otherwise */
    void *name_space;       /* the private namespace's HANDLE, NULL otherwise */
    char recovered[256];    /* wn_guard_begin: what finishing an interrupted change did; "" */
} wn_lock;

/*
 * Takes the per-user lock (edits of the caller's own files and distros),
 * waiting up to timeout_ms. WSLNET_OK when held (also when a previous holder
 * died holding it); WSLNET_E_BUSY after the timeout; WSLNET_E_ACCESS_DENIED
 * when the lock refuses this process. Release with wn_lock_release.
 */
WN_MUST_CHECK
wslnet_status wn_lock_acquire(wn_lock *lock, unsigned timeout_ms, wslnet_error *err);

/* Takes the machine lock, as wn_lock_acquire. The caller is elevated. */
wslnet_status wn_machine_lock_acquire(wn_lock *lock, unsigned timeout_ms, wslnet_error *err);

/* Releases a lock taken by either function; a no-op on a lock not held. */
void wn_lock_release(wn_lock *lock);

/* wn_require_elevation, wn_machine_lock_acquire with WN_LOCK_TIMEOUT_MS, then
 * wn_proxy_recover into lock->recovered (a failed recovery is told there too;
 * the command goes on). */
WN_MUST_CHECK
wslnet_status wn_guard_begin(wn_lock *lock, wslnet_error *err);

#endif
