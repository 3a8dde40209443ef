/*
 * interrupt.exe TARGET DELAY_US EXE ARGS... - test tool: starts EXE ARGS and
 * kills it (TerminateProcess: no clean-up runs, as in a crash or power cut)
 * in the middle of its work: DELAY_US microseconds after start, or, with
 * DELAY_US -1, the moment "TARGET.wslnet-<pid>.tmp" (wslnet's temporary file
 * for an atomic replace) appears, or, with DELAY_US -2, the moment the file
 * TARGET appears (a marker a test double writes when it reaches a step). Prints "killed" or "finished" and the
 * child's exit code; exits 0 unless the tool itself failed.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

/* Appends arg to cmd, quoted for CommandLineToArgvW. */
static void append_arg(wchar_t *cmd, size_t size, const wchar_t *arg)
{
    size_t n = wcslen(cmd), i, slashes = 0;
    if (n + 4 >= size)
        return;
    if (n)
        cmd[n++] = L' ';
    cmd[n++] = L'"';
    for (i = 0; arg[i] && n + 4 < size; i++) {
        if (arg[i] == L'\\') {
            slashes++;
        } else {
            if (arg[i] == L'"') {
                while (slashes-- > 0 && n + 4 < size)
                    cmd[n++] = L'\\';
                cmd[n++] = L'\\';
            }
            slashes = 0;
        }
        cmd[n++] = arg[i];
    }
    while (slashes-- > 0 && n + 3 < size)
        cmd[n++] = L'\\';
    cmd[n++] = L'"';
    cmd[n] = 0;
}

int wmain(int argc, wchar_t **argv)
{
    static wchar_t cmd[32768], temp[1024];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    LARGE_INTEGER freq, start, now;
    long long delay;
    int i, killed = 0;
    DWORD code = 0;
    if (argc < 4)
        return 2;
    ZeroMemory(&si, sizeof si);
    si.cb = sizeof si;
    delay = _wtoi64(argv[2]);
    for (i = 3; i < argc; i++)
        append_arg(cmd, sizeof cmd / sizeof cmd[0], argv[i]);
    QueryPerformanceFrequency(&freq);
    if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        return 3;
    _snwprintf(temp, 1024, L"%ls.wslnet-%lu.tmp", argv[1], (unsigned long)pi.dwProcessId);
    temp[1023] = 0;
    QueryPerformanceCounter(&start);
    for (;;) {
        if (WaitForSingleObject(pi.hProcess, 0) == WAIT_OBJECT_0)
            break;
        QueryPerformanceCounter(&now);
        if ((delay >= 0 && (now.QuadPart - start.QuadPart) * 1000000 / freq.QuadPart >= delay) ||
            (delay == -1 && GetFileAttributesW(temp) != INVALID_FILE_ATTRIBUTES) ||
            (delay == -2 && GetFileAttributesW(argv[1]) != INVALID_FILE_ATTRIBUTES)) {
            if (TerminateProcess(pi.hProcess, 99)) {
                WaitForSingleObject(pi.hProcess, INFINITE);
                GetExitCodeProcess(pi.hProcess, &code);
                killed = code == 99;
            }
            break;
        }
        if ((now.QuadPart - start.QuadPart) / freq.QuadPart > 60)
            break;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    printf("%s %lu\n", killed ? "killed" : "finished", (unsigned long)code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return 0;
}
