/* certs_install.c - `certs install`: System32's wsl.exe runs a fixed script
 * as root in the distro, the certificates travelling on its stdin. The plan
 * (arguments, script, input) comes from shared/certplan.c; every argument is
 * either fixed text or the validated distro name. */
#include <windows.h>

#include "certplan.h"
#include "guard.h"
#include "status.h"
#include "text.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define OUTPUT_MAX (256 * 1024)
#define TIMEOUT_MS (5 * 60 * 1000) /* a distro's first start plus update-ca-certificates */

static wslnet_status wsl_path(wchar_t *path, size_t size, wslnet_error *err)
{
    UINT n = GetSystemDirectoryW(path, (UINT)size);
    if (n == 0 || n + 10 >= size)
        return wn_fail_win32(err, GetLastError(), "GetSystemDirectoryW");
    wcscat(path, L"\\wsl.exe");
    return WSLNET_OK;
}

/* The command line: the program quoted, then each argument quoted as needed. */
static wchar_t *command_line(const char *program, char *const *args, size_t count)
{
    size_t i, len = 0;
    char *line, *quoted[WSLNET_CERT_INSTALL_ARGS + 1] = {0};
    wchar_t *wide = NULL;
    quoted[0] = wn_windows_quote_arg(program);
    for (i = 0; i < count; i++)
        quoted[i + 1] = wn_windows_quote_arg(args[i]);
    for (i = 0; i <= count; i++) {
        if (!quoted[i])
            goto done;
        len += strlen(quoted[i]) + 1;
    }
    if (!(line = malloc(len)))
        goto done;
    line[0] = '\0';
    for (i = 0; i <= count; i++) {
        strcat(line, quoted[i]);
        if (i < count)
            strcat(line, " ");
    }
    wide = wn_wide_from_utf8(line);
    free(line);
done:
    for (i = 0; i <= count; i++)
        free(quoted[i]);
    return wide;
}

typedef struct feeder {
    HANDLE pipe;
    const char *data;
    size_t len;
} feeder;

/* Writes the input to the child's stdin, then closes it (EOF for the script's
 * read loop). A child that stops reading ends the write with a broken pipe. */
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

/* Reads what the pipe holds now; beyond OUTPUT_MAX, the oldest half is dropped. */
static void drain(HANDLE pipe, char *buf, size_t *len)
{
    DWORD avail = 0, got;
    while (PeekNamedPipe(pipe, NULL, 0, NULL, &avail, NULL) && avail > 0) {
        if (*len + avail > OUTPUT_MAX) {
            size_t keep = OUTPUT_MAX / 2;
            memmove(buf, buf + *len - keep, keep);
            *len = keep;
        }
        if (avail > OUTPUT_MAX - *len)
            avail = (DWORD)(OUTPUT_MAX - *len);
        if (!ReadFile(pipe, buf + *len, avail, &got, NULL) || got == 0)
            break;
        *len += got;
    }
}

/* Keeps the last lines of the output (decoded: wsl.exe's own messages are
 * UTF-16LE, the distro's are UTF-8) in out. */
static void keep_output(const char *buf, size_t len, char *out, size_t size)
{
    char *text = wn_decode_text((const uint8_t *)buf, len, 1, NULL);
    size_t n;
    out[0] = '\0';
    if (!text)
        return;
    n = strlen(text);
    wn_strlcpy(out, size, n < size ? text : text + n - (size - 1));
    free(text);
}

typedef struct child_io {
    HANDLE in_read, in_write, out_read, out_write;
} child_io;

static void close_io(child_io *io)
{
    HANDLE *h[] = {&io->in_read, &io->in_write, &io->out_read, &io->out_write};
    size_t i;
    for (i = 0; i < ARRAYSIZE(h); i++)
        if (*h[i]) {
            CloseHandle(*h[i]);
            *h[i] = NULL;
        }
}

static wslnet_status make_pipes(child_io *io, wslnet_error *err)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    memset(io, 0, sizeof *io);
    if (!CreatePipe(&io->in_read, &io->in_write, &sa, 0) || !CreatePipe(&io->out_read, &io->out_write, &sa, 0)) {
        DWORD e = GetLastError();
        close_io(io);
        return wn_fail_win32(err, e, "CreatePipe");
    }
    SetHandleInformation(io->in_write, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(io->out_read, HANDLE_FLAG_INHERIT, 0);
    return WSLNET_OK;
}

/* Runs wsl.exe with the plan; fills out->ran, exit_code, output. */
static wslnet_status run_wsl(const wchar_t *path, const wn_cert_install_plan *plan, wslnet_cert_install *out,
                             wslnet_error *err)
{
    STARTUPINFOW si = {0};
    PROCESS_INFORMATION pi;
    child_io io;
    feeder f = {NULL, plan->input, plan->input_length};
    HANDLE writer;
    DWORD code = 1, waited = 0;
    char *buf;
    wchar_t *cmdline = command_line(out->wsl_path, plan->args, plan->arg_count);
    wslnet_status st;
    if (!cmdline)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    if (!(buf = malloc(OUTPUT_MAX))) {
        free(cmdline);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    if ((st = make_pipes(&io, err)) != WSLNET_OK)
        goto done;
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = io.in_read;
    si.hStdOutput = io.out_write;
    si.hStdError = io.out_write;
    if (!CreateProcessW(path, cmdline, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
        st = wn_fail_win32(err, GetLastError(), "starting wsl.exe");
        close_io(&io);
        goto done;
    }
    out->ran = 1;
    CloseHandle(pi.hThread);
    CloseHandle(io.in_read);
    CloseHandle(io.out_write); /* so the pipe ends when wsl.exe does */
    io.in_read = io.out_write = NULL;
    f.pipe = io.in_write;
    io.in_write = NULL; /* the feeder closes it */
    writer = CreateThread(NULL, 0, feed, &f, 0, NULL);
    if (!writer)
        CloseHandle(f.pipe);
    size_t len = 0;
    for (;;) {
        DWORD w = WaitForSingleObject(pi.hProcess, 50);
        drain(io.out_read, buf, &len);
        if (w == WAIT_OBJECT_0)
            break;
        if ((waited += 50) >= TIMEOUT_MS) {
            TerminateProcess(pi.hProcess, 1);
            st = wn_fail(err, WSLNET_E_UNAVAILABLE, WAIT_TIMEOUT,
                         "wsl.exe did not finish within %u seconds; the distro may be half updated: run the "
                         "install again",
                         TIMEOUT_MS / 1000);
            break;
        }
    }
    if (writer) {
        WaitForSingleObject(writer, 5000); /* wsl.exe is gone: its stdin pipe is broken */
        CloseHandle(writer);
    }
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    close_io(&io);
    out->exit_code = (int)code;
    keep_output(buf, len, out->output, sizeof out->output);
done:
    free(buf);
    free(cmdline);
    return st;
}

wslnet_status wslnet_cert_install_run(const char *distro, const wslnet_cert_list *list, int dry_run,
                                      wslnet_cert_install *out, wslnet_error *err)
{
    wn_cert_install_plan plan;
    wchar_t path[MAX_PATH + 16];
    wn_lock lock;
    wslnet_status st;
    size_t i;
    memset(out, 0, sizeof *out);
    if ((st = wn_cert_install_plan_make(distro, list, &plan, err)) != WSLNET_OK)
        return st; /* validated before anything else, so nothing ran */
    wn_strlcpy(out->distro, sizeof out->distro, distro);
    out->input_length = plan.input_length;
    if ((st = wsl_path(path, ARRAYSIZE(path), err)) != WSLNET_OK)
        goto done;
    wn_utf8_from_wide(path, out->wsl_path, sizeof out->wsl_path);
    if (dry_run)
        goto done;
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        st = wn_fail(err, WSLNET_E_UNAVAILABLE, GetLastError(),
                     "wsl.exe is not in System32: WSL is not installed; nothing was changed");
        goto done;
    }
    /* The distro is the user's own: no elevation needed, but one change at a
     * time. A non-elevated process may be refused the lock object while an
     * elevated wslnet holds it (its default DACL): that is "busy" too. */
    if ((st = wn_lock_acquire(&lock, WN_LOCK_TIMEOUT_MS, err)) != WSLNET_OK) {
        if (st == WSLNET_E_ACCESS_DENIED)
            st = wn_fail(err, WSLNET_E_BUSY, ERROR_ACCESS_DENIED,
                         "another (elevated) wslnet run holds the change lock: try again when it has "
                         "finished; nothing was changed");
        goto done;
    }
    st = run_wsl(path, &plan, out, err);
    wn_lock_release(&lock);
    if (st == WSLNET_OK)
        st = wn_cert_install_outcome(out->exit_code, distro, out->output, err);
done:
    for (i = 0; i < plan.arg_count; i++)
        out->args[i] = plan.args[i]; /* out owns them now */
    out->arg_count = plan.arg_count;
    plan.arg_count = 0;
    wn_cert_install_plan_free(&plan);
    return st;
}

void wslnet_cert_install_clear(wslnet_cert_install *out)
{
    size_t i;
    if (!out)
        return;
    for (i = 0; i < out->arg_count; i++)
        free(out->args[i]);
    out->arg_count = 0;
}
