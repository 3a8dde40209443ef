/* lockhold.exe SECONDS MARKER [old|machine|user] - test tool: holds a wslnet
 * change lock for SECONDS, creating the file MARKER once it holds it, so a
 * suite can check that a change waits for the lock, or that a squatter on a
 * name does not block changes. old: the named mutex earlier wslnet versions
 * used (Global\wslnet-change-lock, creatable by anyone: the squatter);
 * machine / user (default): the very locks of win/lib/lock.c, compiled in. */
#include <windows.h>

#include "guard.h"

#include <stdlib.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
    HANDLE mutex = NULL, marker;
    wn_lock lock;
    wslnet_error err;
    const wchar_t *mode = argc > 3 ? argv[3] : L"user";
    if (argc < 3)
        return 2;
    if (wcscmp(mode, L"old") == 0) {
        DWORD wait;
        if (!(mutex = CreateMutexW(NULL, FALSE, L"Global\\wslnet-change-lock")))
            return 3;
        wait = WaitForSingleObject(mutex, 30000);
        if (wait != WAIT_OBJECT_0 && wait != WAIT_ABANDONED)
            return 4;
    } else if ((wcscmp(mode, L"machine") == 0 ? wn_machine_lock_acquire(&lock, 30000, &err)
                                              : wn_lock_acquire(&lock, 30000, &err)) != WSLNET_OK) {
        return 4;
    }
    marker = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (marker != INVALID_HANDLE_VALUE)
        CloseHandle(marker);
    Sleep((DWORD)_wtoi(argv[1]) * 1000u);
    if (mutex) {
        ReleaseMutex(mutex);
        CloseHandle(mutex);
    } else {
        wn_lock_release(&lock);
    }
    return 0;
}
