/* lock.c - wslnet's machine-wide and per-user change locks (guard.h): a
 * mutex in a private namespace, or a DACL'd named mutex where the system has
 * no private namespaces. No other dependency, so test tools can hold the
 * very same lock (tests/fakes/lockhold). */
#include <windows.h>
#include <sddl.h>

#include "guard.h"

#include "status.h"
#include "winutil.h"

#include <stdio.h>
#include <string.h>

/* The one message for a lock that refuses this process. */
static wslnet_status lock_denied(wslnet_error *err, DWORD code)
{
    return wn_fail(err, WSLNET_E_ACCESS_DENIED, code,
                   "wslnet's change lock refused this process (access denied: the machine-wide lock is for "
                   "elevated runs, a user's lock for that user's runs); nothing was changed");
}

/* The process user's SID as text (LocalFree it), or NULL. */
static wchar_t *user_sid_text(PSID *sid_out, BYTE *buf, DWORD size)
{
    HANDLE token;
    DWORD got = 0;
    wchar_t *text = NULL;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return NULL;
    if (GetTokenInformation(token, TokenUser, buf, size, &got)) {
        *sid_out = ((TOKEN_USER *)buf)->User.Sid;
        if (!ConvertSidToStringSidW(*sid_out, &text))
            text = NULL;
    }
    CloseHandle(token);
    return text;
}

/* Takes the mutex name (in the namespace when there is one). */
static wslnet_status take(wn_lock *lock, const wchar_t *name, SECURITY_ATTRIBUTES *sa, unsigned timeout_ms,
                          wslnet_error *err)
{
    HANDLE mutex = CreateMutexW(sa, FALSE, name);
    DWORD wait;
    if (!mutex) {
        DWORD e = GetLastError();
        return e == ERROR_ACCESS_DENIED ? lock_denied(err, e) : wn_fail_win32(err, e, "CreateMutexW(wslnet lock)");
    }
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

/*
 * Takes a lock: a private namespace named alias whose boundary is sid
 * (Administrators, or the user), descriptor sddl on the namespace and the
 * mutex. fallback: the name used when the system has no private namespaces.
 */
static wslnet_status acquire(wn_lock *lock, PSID sid, const wchar_t *alias, const wchar_t *sddl,
                             const wchar_t *fallback, unsigned timeout_ms, wslnet_error *err)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, FALSE};
    HANDLE boundary, ns = NULL;
    wchar_t name[96];
    wslnet_status st;
    DWORD e;
    memset(lock, 0, sizeof *lock);
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sa.lpSecurityDescriptor, NULL))
        return wn_fail_win32(err, GetLastError(), "ConvertStringSecurityDescriptorToSecurityDescriptorW");
    SetLastError(0);
    boundary = CreateBoundaryDescriptorW(alias, 0);
    e = GetLastError();
    if (!boundary && (e == 0 || e == ERROR_CALL_NOT_IMPLEMENTED)) {
        /* no private namespaces here (Wine): the DACL'd fallback name */
        st = take(lock, fallback, &sa, timeout_ms, err);
        LocalFree(sa.lpSecurityDescriptor);
        return st;
    }
    if (!boundary) {
        LocalFree(sa.lpSecurityDescriptor);
        return wn_fail_win32(err, e, "CreateBoundaryDescriptorW(wslnet lock)");
    }
    if (!AddSIDToBoundaryDescriptor(&boundary, sid)) {
        e = GetLastError();
        DeleteBoundaryDescriptor(boundary);
        LocalFree(sa.lpSecurityDescriptor);
        return wn_fail_win32(err, e, "AddSIDToBoundaryDescriptor(wslnet lock)");
    }
    /* Create, or open the one another wslnet run created; a holder may close
     * it between the two calls, so try a few times. */
    for (int tries = 0; !ns && tries < 8; tries++) {
        ns = CreatePrivateNamespaceW(&sa, boundary, alias);
        if (!ns && (e = GetLastError()) == ERROR_ALREADY_EXISTS)
            ns = OpenPrivateNamespaceW(boundary, alias);
        if (!ns && (e = GetLastError()) != ERROR_PATH_NOT_FOUND && e != ERROR_ALREADY_EXISTS &&
            e != ERROR_FILE_NOT_FOUND)
            break;
    }
    DeleteBoundaryDescriptor(boundary);
    if (!ns) {
        LocalFree(sa.lpSecurityDescriptor);
        return e == ERROR_ACCESS_DENIED ? lock_denied(err, e) : wn_fail_win32(err, e, "CreatePrivateNamespaceW(wslnet lock)");
    }
    _snwprintf(name, 96, L"%ls\\%ls", alias, WN_LOCK_OBJECT);
    name[95] = L'\0';
    st = take(lock, name, &sa, timeout_ms, err);
    LocalFree(sa.lpSecurityDescriptor);
    if (st != WSLNET_OK) {
        ClosePrivateNamespace(ns, 0);
        return st;
    }
    lock->name_space = ns;
    return WSLNET_OK;
}

wslnet_status wn_machine_lock_acquire(wn_lock *lock, unsigned timeout_ms, wslnet_error *err)
{
    BYTE sid[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof sid;
    if (!CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, sid, &size))
        return wn_fail_win32(err, GetLastError(), "CreateWellKnownSid(Administrators)");
    /* protected DACL: full access for Administrators and SYSTEM only */
    return acquire(lock, sid, WN_LOCK_NAMESPACE, L"D:P(A;;GA;;;BA)(A;;GA;;;SY)", WN_LOCK_FALLBACK, timeout_ms, err);
}

wslnet_status wn_lock_acquire(wn_lock *lock, unsigned timeout_ms, wslnet_error *err)
{
    BYTE buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    PSID sid = NULL;
    wchar_t *text = user_sid_text(&sid, buf, sizeof buf), sddl[160], fallback[160];
    wslnet_status st;
    memset(lock, 0, sizeof *lock);
    if (!text)
        return wn_fail_win32(err, GetLastError(), "GetTokenInformation(TokenUser)");
    _snwprintf(sddl, 160, L"D:P(A;;GA;;;%ls)(A;;GA;;;BA)(A;;GA;;;SY)", text);
    sddl[159] = L'\0';
    _snwprintf(fallback, 160, L"%ls%ls", WN_USER_LOCK_FALLBACK, text);
    fallback[159] = L'\0';
    st = acquire(lock, sid, WN_USER_LOCK_NAMESPACE, sddl, fallback, timeout_ms, err);
    LocalFree(text);
    return st;
}

void wn_lock_release(wn_lock *lock)
{
    if (!lock)
        return;
    if (lock->mutex) {
        ReleaseMutex(lock->mutex);
        CloseHandle(lock->mutex);
    }
    if (lock->name_space)
        ClosePrivateNamespace(lock->name_space, 0);
    lock->mutex = lock->name_space = NULL;
}

