/*
 * inherit.exe FILE PROGRAM [ARGS...] - test tool: opens FILE with an
 * inheritable handle (the "marker"), puts the handle's value in the
 * environment variable WSLNET_FAKE_MARKER_HANDLE, and runs PROGRAM with
 * handle inheritance on, so PROGRAM holds the marker as any process holds
 * the inheritable handles of its parent. The fake wsl.exe then says whether
 * the marker reached it (tests/fakes/wsl/wsl.c). Exits with PROGRAM's exit
 * code; 255 when it cannot start it.
 */
#include <windows.h>

#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    const wchar_t *rest = GetCommandLineW();
    STARTUPINFOW si = {0};
    PROCESS_INFORMATION pi;
    DWORD code = 255;
    wchar_t value[32];
    HANDLE marker;
    int skip;
    if (argc < 3) {
        fwprintf(stderr, L"usage: inherit.exe FILE PROGRAM [ARGS...]\n");
        return 255;
    }
    marker = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, &sa, OPEN_EXISTING, 0, NULL);
    if (marker == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"inherit: cannot open %ls (error %lu)\n", argv[1], GetLastError());
        return 255;
    }
    swprintf(value, 32, L"%llx", (unsigned long long)(ULONG_PTR)marker);
    SetEnvironmentVariableW(L"WSLNET_FAKE_MARKER_HANDLE", value);
    /* The command line after our own two arguments, verbatim. */
    for (skip = 0; skip < 2; skip++) {
        int quoted = 0;
        while (*rest == L' ' || *rest == L'\t')
            rest++;
        while (*rest && (quoted || (*rest != L' ' && *rest != L'\t'))) {
            if (*rest == L'"')
                quoted = !quoted;
            rest++;
        }
    }
    while (*rest == L' ' || *rest == L'\t')
        rest++;
    si.cb = sizeof si;
    wchar_t *line = _wcsdup(rest);
    if (!line || !CreateProcessW(NULL, line, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        fwprintf(stderr, L"inherit: cannot start %ls (error %lu)\n", rest, GetLastError());
        return 255;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    return (int)code;
}
