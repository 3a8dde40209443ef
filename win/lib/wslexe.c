/* wslexe.c - wsl.exe from System32 by full path, never from PATH; its arguments
 * are fixed text, so nothing from the user reaches its command line. */
#include <windows.h>

#include "childproc.h"
#include "status.h"
#include "winutil.h"
#include "wslexe.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define OUTPUT_MAX (64 * 1024)
#define TIMEOUT_MS 60000

/* Runs wsl.exe with fixed arguments (args: literal text, never user input). */
static wslnet_status run_fixed(const wchar_t *args, uint8_t **out, size_t *len, int *exit_code,
                               wslnet_error *err)
{
    wchar_t *path = NULL, *cmdline = NULL;
    wn_child_result res;
    size_t size;
    wslnet_status st;
    *out = NULL;
    *len = 0;
    *exit_code = 1;
    if ((st = wn_system32_program(L"wsl.exe", &path, err)) != WSLNET_OK)
        return st;
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        st = wn_fail(err, WSLNET_E_UNAVAILABLE, GetLastError(), "wsl.exe is not in System32: WSL is not installed");
        goto done;
    }
    size = wcslen(path) + wcslen(args) + 4;
    if (!(cmdline = malloc(size * sizeof *cmdline))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto done;
    }
    swprintf(cmdline, size, L"\"%ls\" %ls", path, args);
    if ((st = wn_child_run(path, cmdline, NULL, 0, OUTPUT_MAX, TIMEOUT_MS, &res, err)) != WSLNET_OK)
        goto done;
    *exit_code = res.exit_code;
    if (res.timed_out) {
        st = wn_fail(err, WSLNET_E_UNAVAILABLE, WAIT_TIMEOUT, "wsl.exe did not finish within %u seconds",
                     TIMEOUT_MS / 1000);
        free(res.output.data);
        goto done;
    }
    *len = res.output.len;
    *out = (uint8_t *)wn_strbuf_take(&res.output);
    if (!*out)
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
done:
    free(cmdline);
    free(path);
    return st;
}

wslnet_status wn_wslexe_hostname(uint8_t **out, size_t *len, int *exit_code, wslnet_error *err)
{
    return run_fixed(L"-e hostname -I", out, len, exit_code, err);
}
