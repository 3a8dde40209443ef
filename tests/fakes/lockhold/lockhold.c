/* lockhold.exe SECONDS MARKER - test tool: holds wslnet's change lock (the
 * named mutex of win/lib/guard.h) for SECONDS, creating the file MARKER once
 * it holds it, so a suite can check that a change waits for the lock. */
#include <windows.h>

#include <stdlib.h>

int wmain(int argc, wchar_t **argv)
{
    HANDLE mutex, marker;
    DWORD wait;
    if (argc != 3)
        return 2;
    mutex = CreateMutexW(NULL, FALSE, L"Global\\wslnet-change-lock");
    if (!mutex)
        return 3;
    wait = WaitForSingleObject(mutex, 30000);
    if (wait != WAIT_OBJECT_0 && wait != WAIT_ABANDONED)
        return 4;
    marker = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (marker != INVALID_HANDLE_VALUE)
        CloseHandle(marker);
    Sleep((DWORD)_wtoi(argv[1]) * 1000u);
    ReleaseMutex(mutex);
    CloseHandle(mutex);
    return 0;
}
