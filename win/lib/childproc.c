/* childproc.c - one way to run a child program: explicit handle list, stdin
 * fed by a thread, output drained without blocking into a capped buffer. */
#include "childproc.h"

#include "winutil.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define POLL_MS 50

wslnet_status wn_system32_program(const wchar_t *leaf, wchar_t **path, wslnet_error *err)
{
    UINT need = GetSystemDirectoryW(NULL, 0), n; /* length with the NUL */
    size_t size;
    wslnet_status st;
    *path = NULL;
    if (need == 0)
        return wn_fail_win32(err, GetLastError(), "GetSystemDirectoryW");
    size = need + 1 + wcslen(leaf);
    if (!(*path = malloc(size * sizeof **path)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    n = GetSystemDirectoryW(*path, need);
    if (n == 0 || n >= need) {
        st = wn_fail_win32(err, n ? ERROR_INSUFFICIENT_BUFFER : GetLastError(), "GetSystemDirectoryW");
        free(*path);
        *path = NULL;
        return st;
    }
    swprintf(*path + n, size - n, L"\\%ls", leaf);
    return WSLNET_OK;
}

typedef struct feeder {
    HANDLE pipe;
    const char *data;
    size_t len;
} feeder;

/* Writes the input to the child's stdin, then closes it (end of file). A
 * child that stops reading ends the write with a broken pipe. */
static DWORD WINAPI feed(void *arg)
{
    feeder *f = arg;
    while (f->len > 0) {
        DWORD chunk = f->len > 65536 ? 65536 : (DWORD)f->len, done = 0;
        if (!WriteFile(f->pipe, f->data, chunk, &done, NULL) || done == 0)
            break;
        f->data += done;
        f->len -= done;
    }
    CloseHandle(f->pipe);
    return 0;
}

/* Reads what the pipe holds now, never blocking: a hung child cannot hang us. */
static void drain(HANDLE pipe, wn_strbuf *out, size_t limit)
{
    DWORD avail = 0, got;
    size_t room;
    char *at;
    while (PeekNamedPipe(pipe, NULL, 0, NULL, &avail, NULL) && avail > 0) {
        if (!(at = wn_strbuf_tail_reserve(out, avail, limit, &room)))
            return;
        if (!ReadFile(pipe, at, (DWORD)room, &got, NULL) || got == 0)
            return;
        wn_strbuf_commit(out, got);
    }
}

typedef struct pipes {
    HANDLE in_read, in_write, out_read, out_write;
} pipes;

static void close_pipes(pipes *p)
{
    HANDLE *h[] = {&p->in_read, &p->in_write, &p->out_read, &p->out_write};
    size_t i;
    for (i = 0; i < ARRAYSIZE(h); i++)
        if (*h[i]) {
            CloseHandle(*h[i]);
            *h[i] = NULL;
        }
}

/* The child's ends are inheritable (a handle list may only name inheritable
 * handles); ours are not. */
static wslnet_status make_pipes(pipes *p, wslnet_error *err)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    memset(p, 0, sizeof *p);
    if (!CreatePipe(&p->in_read, &p->in_write, &sa, 0) || !CreatePipe(&p->out_read, &p->out_write, &sa, 0) ||
        !SetHandleInformation(p->in_write, HANDLE_FLAG_INHERIT, 0) ||
        !SetHandleInformation(p->out_read, HANDLE_FLAG_INHERIT, 0)) {
        DWORD e = GetLastError();
        close_pipes(p);
        return wn_fail_win32(err, e, "CreatePipe");
    }
    return WSLNET_OK;
}

/* Starts the child with exactly the two pipe ends in its handle list
 * (https://learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-updateprocthreadattribute:
 * "the handles to be inherited by the child process"; each once). */
static wslnet_status start(const wchar_t *program, const wchar_t *cmdline, pipes *p, PROCESS_INFORMATION *pi,
                           wslnet_error *err)
{
    STARTUPINFOEXW si;
    HANDLE inherit[2] = {p->in_read, p->out_write};
    SIZE_T size = 0;
    wchar_t *line = _wcsdup(cmdline); /* CreateProcessW may write to it */
    wslnet_status st = WSLNET_OK;
    memset(&si, 0, sizeof si);
    si.StartupInfo.cb = sizeof si;
    si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si.StartupInfo.hStdInput = p->in_read;
    si.StartupInfo.hStdOutput = p->out_write;
    si.StartupInfo.hStdError = p->out_write;
    if (!line)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    InitializeProcThreadAttributeList(NULL, 1, 0, &size);
    if (!(si.lpAttributeList = malloc(size))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto done;
    }
    if (!InitializeProcThreadAttributeList(si.lpAttributeList, 1, 0, &size)) {
        free(si.lpAttributeList);
        si.lpAttributeList = NULL;
        st = wn_fail_win32(err, GetLastError(), "InitializeProcThreadAttributeList");
        goto done;
    }
    if (!UpdateProcThreadAttribute(si.lpAttributeList, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherit,
                                   sizeof inherit, NULL, NULL)) {
        st = wn_fail_win32(err, GetLastError(), "UpdateProcThreadAttribute");
        goto attributes;
    }
    if (!CreateProcessW(program, line, NULL, NULL, TRUE, CREATE_NO_WINDOW | EXTENDED_STARTUPINFO_PRESENT, NULL,
                        NULL, &si.StartupInfo, pi))
        st = wn_fail_win32(err, GetLastError(), "starting the program");
attributes:
    DeleteProcThreadAttributeList(si.lpAttributeList);
    free(si.lpAttributeList);
done:
    free(line);
    return st;
}

wslnet_status wn_child_run(const wchar_t *program, const wchar_t *cmdline, const char *input, size_t input_len,
                           size_t output_limit, DWORD timeout_ms, wn_child_result *res, wslnet_error *err)
{
    PROCESS_INFORMATION pi;
    feeder f = {NULL, input, input_len};
    HANDLE writer = NULL;
    DWORD code = 1, waited = 0;
    pipes p;
    wslnet_status st;
    memset(res, 0, sizeof *res);
    if ((st = make_pipes(&p, err)) != WSLNET_OK)
        return st;
    if ((st = start(program, cmdline, &p, &pi, err)) != WSLNET_OK) {
        close_pipes(&p);
        return st;
    }
    res->started = 1;
    CloseHandle(pi.hThread);
    CloseHandle(p.in_read);
    CloseHandle(p.out_write); /* so the pipe ends when the child does */
    p.in_read = p.out_write = NULL;
    f.pipe = p.in_write;
    p.in_write = NULL; /* closed by the feeder, or here when it could not start */
    if (input_len == 0 || !(writer = CreateThread(NULL, 0, feed, &f, 0, NULL)))
        CloseHandle(f.pipe);
    for (;;) {
        DWORD w = WaitForSingleObject(pi.hProcess, POLL_MS);
        drain(p.out_read, &res->output, output_limit);
        if (w == WAIT_OBJECT_0)
            break;
        if ((waited += POLL_MS) >= timeout_ms) {
            TerminateProcess(pi.hProcess, 1);
            res->timed_out = 1;
            break;
        }
    }
    if (writer) {
        WaitForSingleObject(writer, 5000); /* the child is gone: its stdin pipe is broken */
        CloseHandle(writer);
    }
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    close_pipes(&p);
    res->exit_code = (int)code;
    return WSLNET_OK;
}
