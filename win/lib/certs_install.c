/* certs_install.c - `certs install`: System32's wsl.exe runs a fixed script
 * as root in the distro, the certificates travelling on its stdin. The plan
 * (arguments, script, input) comes from shared/core/certplan.c; every argument is
 * either fixed text or the validated distro name. */
#include <windows.h>

#include "certplan.h"
#include "childproc.h"
#include "guard.h"
#include "status.h"
#include "text.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define OUTPUT_MAX (256 * 1024)
#define TIMEOUT_MS (5 * 60 * 1000) /* a distro's first start plus update-ca-certificates */

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

/* Runs wsl.exe with the plan; fills out->ran, exit_code, output. */
static wslnet_status run_wsl(const wchar_t *path, const wn_cert_install_plan *plan, wslnet_cert_install *out,
                             wslnet_error *err)
{
    wn_child_result res;
    wchar_t *cmdline = command_line(out->wsl_path, plan->args, plan->arg_count);
    wslnet_status st;
    if (!cmdline)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = wn_child_run(path, cmdline, plan->input, plan->input_length, OUTPUT_MAX, TIMEOUT_MS, &res, err);
    free(cmdline);
    if (st != WSLNET_OK)
        goto done;
    out->ran = 1;
    out->exit_code = res.exit_code;
    keep_output(res.output.data ? res.output.data : "", res.output.len, out->output, sizeof out->output);
    if (res.timed_out)
        st = wn_fail(err, WSLNET_E_UNAVAILABLE, WAIT_TIMEOUT,
                     "wsl.exe did not finish within %u seconds; the distro may be half updated: run the "
                     "install again",
                     TIMEOUT_MS / 1000);
done:
    free(res.output.data);
    return st;
}

wslnet_status wslnet_cert_install_run(const char *distro, const wslnet_cert_list *list, int dry_run,
                                      wslnet_cert_install *out, wslnet_error *err)
{
    wn_cert_install_plan plan;
    wchar_t *path = NULL;
    wn_lock lock;
    wslnet_status st;
    size_t i;
    memset(out, 0, sizeof *out);
    if ((st = wn_cert_install_plan_make(distro, list, &plan, err)) != WSLNET_OK)
        return st; /* validated before anything else, so nothing ran */
    wn_strlcpy(out->distro, sizeof out->distro, distro);
    out->input_length = plan.input_length;
    if ((st = wn_system32_program(L"wsl.exe", &path, err)) != WSLNET_OK)
        goto done;
    if (wn_utf8_path(path, out->wsl_path, sizeof out->wsl_path, NULL) != WSLNET_OK) {
        st = wn_fail(err, WSLNET_E_UNAVAILABLE, ERROR_FILENAME_EXCED_RANGE,
                     "the path of System32's wsl.exe is longer than %u bytes; nothing was changed",
                     (unsigned)sizeof out->wsl_path - 1);
        goto done;
    }
    if (dry_run)
        goto done;
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        st = wn_fail(err, WSLNET_E_UNAVAILABLE, GetLastError(),
                     "wsl.exe is not in System32: WSL is not installed; nothing was changed");
        goto done;
    }
    /* The distro is the user's own: no elevation needed, but one change at a
     * time, under the caller's per-user lock (lock.c); a refusal of the lock
     * is mapped once, in lock.c, like everywhere else. */
    if ((st = wn_lock_acquire(&lock, WN_LOCK_TIMEOUT_MS, err)) != WSLNET_OK)
        goto done;
    st = run_wsl(path, &plan, out, err);
    wn_lock_release(&lock);
    if (st == WSLNET_OK)
        st = wn_cert_install_outcome(out->exit_code, distro, out->output, err);
done:
    free(path);
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
