/*
 * runlimited.exe PROGRAM [ARGS...] - test tool: runs PROGRAM with the
 * process's linked (limited, non-elevated) token and exits with its exit
 * code. Under Wine a process starts with an administrator's full token and
 * its TokenLinkedToken is the limited one, as after a UAC split on Windows,
 * so tests use this to run wslnet.exe "from a non-elevated prompt".
 * Exit 255 when the limited process cannot be started.
 */
#include <windows.h>

#include <stdio.h>
#include <string.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
    const wchar_t *cmdline = GetCommandLineW(), *rest;
    HANDLE token;
    TOKEN_LINKED_TOKEN linked;
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD size, code = 255;
    wchar_t *copy;
    (void)argv;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    if (argc < 2) {
        fwprintf(stderr, L"usage: runlimited.exe PROGRAM [ARGS...]\n");
        return 255;
    }
    /* The rest of the command line after our own program name, verbatim. */
    rest = cmdline;
    if (*rest == L'"') {
        rest = wcschr(rest + 1, L'"');
        rest = rest ? rest + 1 : cmdline + wcslen(cmdline);
    } else {
        while (*rest && *rest != L' ' && *rest != L'\t')
            rest++;
    }
    while (*rest == L' ' || *rest == L'\t')
        rest++;
    copy = _wcsdup(rest);
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token) ||
        !GetTokenInformation(token, TokenLinkedToken, &linked, sizeof linked, &size)) {
        fwprintf(stderr, L"runlimited: no linked token (error %lu)\n", GetLastError());
        return 255;
    }
    if (!CreateProcessAsUserW(linked.LinkedToken, NULL, copy, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        fwprintf(stderr, L"runlimited: CreateProcessAsUser failed (error %lu)\n", GetLastError());
        return 255;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    return (int)code;
}
