/* wslexe.c - wsl.exe from System32 by full path, never from PATH; its arguments
 * are fixed text, so nothing from the user reaches its command line. */
#include <windows.h>

#include "status.h"
#include "winutil.h"
#include "wslexe.h"

#include <stdlib.h>
#include <wchar.h>

#define OUTPUT_MAX (64 * 1024)
#define TIMEOUT_MS 60000

static wslnet_status wsl_path(wchar_t *path, size_t size, wslnet_error *err)
{
    UINT n = GetSystemDirectoryW(path, (UINT)size);
    if (n == 0 || n + 10 >= size)
        return wn_fail_win32(err, GetLastError(), "GetSystemDirectoryW");
    wcscat(path, L"\\wsl.exe");
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES)
        return wn_fail(err, WSLNET_E_UNAVAILABLE, GetLastError(),
                       "wsl.exe is not in System32: WSL is not installed");
    return WSLNET_OK;
}

/* Drains what the pipe holds now without blocking. */
static void drain(HANDLE pipe, uint8_t *buf, size_t *len)
{
    DWORD avail = 0, got;
    while (*len < OUTPUT_MAX && PeekNamedPipe(pipe, NULL, 0, NULL, &avail, NULL) && avail > 0) {
        if (avail > OUTPUT_MAX - *len)
            avail = (DWORD)(OUTPUT_MAX - *len);
        if (!ReadFile(pipe, buf + *len, avail, &got, NULL) || got == 0)
            break;
        *len += got;
    }
}

/* Collects output until the process exits or the timeout passes; a hung
 * wsl.exe cannot block us because the pipe is only read when it has data. */
static int collect(HANDLE process, HANDLE pipe, uint8_t *buf, size_t *len)
{
    DWORD waited = 0;
    for (;;) {
        DWORD w = WaitForSingleObject(process, 50);
        drain(pipe, buf, len);
        if (w == WAIT_OBJECT_0)
            return 1;
        waited += 50;
        if (waited >= TIMEOUT_MS)
            return 0;
    }
}

/* Runs wsl.exe with fixed arguments (args: literal text, never user input). */
static wslnet_status run_fixed(const wchar_t *args, uint8_t **out, size_t *len, int *exit_code,
                               wslnet_error *err)
{
    wchar_t path[MAX_PATH + 16], cmdline[MAX_PATH + 64];
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    STARTUPINFOW si = {0};
    PROCESS_INFORMATION pi;
    HANDLE read_end, write_end;
    DWORD code = 1;
    wslnet_status st = wsl_path(path, sizeof path / sizeof path[0], err);
    *out = NULL;
    *len = 0;
    if (st != WSLNET_OK)
        return st;
    if (!CreatePipe(&read_end, &write_end, &sa, 0))
        return wn_fail_win32(err, GetLastError(), "CreatePipe");
    SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = INVALID_HANDLE_VALUE;
    si.hStdOutput = write_end;
    si.hStdError = write_end;
    swprintf(cmdline, sizeof cmdline / sizeof cmdline[0], L"\"%ls\" %ls", path, args);
    if (!CreateProcessW(path, cmdline, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
        DWORD e = GetLastError();
        CloseHandle(read_end);
        CloseHandle(write_end);
        return wn_fail_win32(err, e, "starting wsl.exe");
    }
    CloseHandle(write_end); /* so ReadFile sees EOF when wsl.exe exits */
    CloseHandle(pi.hThread);
    *out = malloc(OUTPUT_MAX);
    if (!*out) {
        TerminateProcess(pi.hProcess, 1);
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    } else if (!collect(pi.hProcess, read_end, *out, len)) {
        TerminateProcess(pi.hProcess, 1);
        free(*out);
        *out = NULL;
        st = wn_fail(err, WSLNET_E_UNAVAILABLE, 0, "wsl.exe did not finish within 60 seconds");
    }
    CloseHandle(read_end);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    *exit_code = (int)code;
    return st;
}

wslnet_status wn_wslexe_hostname(uint8_t **out, size_t *len, int *exit_code, wslnet_error *err)
{
    return run_fixed(L"-e hostname -I", out, len, exit_code, err);
}

wslnet_status wn_wslexe_shutdown(int *exit_code, wslnet_error *err)
{
    uint8_t *output = NULL;
    size_t len = 0;
    wslnet_status st = run_fixed(L"--shutdown", &output, &len, exit_code, err);
    free(output);
    return st;
}
