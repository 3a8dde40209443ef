/* childproc.h - running a system program as a child: only its pipes inherited,
 * input on stdin, output captured with a cap. One reader for every caller
 * (wsl.exe for `address --source wsl` and for `certs install`). */
#ifndef WN_CHILDPROC_H
#define WN_CHILDPROC_H

#include <windows.h>

#include "strbuf.h"
#include "wslnet.h"

/*
 * The full path of a program in System32 (GetSystemDirectoryW, never PATH),
 * sized to the system directory's length: *path is malloc'd (caller frees).
 * WSLNET_OK; WSLNET_E_NO_MEMORY; the Win32 failure from wn_fail_win32.
 */
wslnet_status wn_system32_program(const wchar_t *leaf, wchar_t **path, wslnet_error *err);

typedef struct wn_child_result {
    int started;     /* the process was created */
    int timed_out;   /* it was ended (TerminateProcess) after the timeout */
    int exit_code;   /* its exit code when it ran to its end */
    wn_strbuf output; /* stdout and stderr together, the last output_limit bytes;
                         output.dropped counts the earlier bytes that were dropped */
} wn_child_result;

/*
 * Runs program (a full path) with cmdline, without a window. Its stdin
 * receives input (input_len bytes, then end of file; NULL/0 for none at all);
 * its stdout and stderr go to one pipe, read while it runs into res->output.
 * The child inherits only its pipe ends (PROC_THREAD_ATTRIBUTE_HANDLE_LIST),
 * never another inheritable handle this process holds. After timeout_ms the
 * child is terminated and res->timed_out set.
 *
 * Returns WSLNET_OK once the child was started (finished or timed out: see
 * res); a Win32 failure (status from wn_fail_win32) or WSLNET_E_NO_MEMORY when
 * it could not be started. res->output is the caller's in every case: release
 * it with free(res->output.data) or wn_strbuf_take.
 */
wslnet_status wn_child_run(const wchar_t *program, const wchar_t *cmdline, const char *input, size_t input_len,
                           size_t output_limit, DWORD timeout_ms, wn_child_result *res, wslnet_error *err);

#endif
