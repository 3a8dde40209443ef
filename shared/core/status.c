/* status.c - names and exit codes of wslnet_status, and error filling. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Everything below is expanded from WSLNET_STATUS_MAP (wslnet.h). */
#define STATUS_ROW(constant, code, name, meaning) {WSLNET_##constant, name, meaning},
static const wn_status_info status_table[] = {WSLNET_STATUS_MAP(STATUS_ROW)};
#undef STATUS_ROW

#define STATUS_COUNT (sizeof status_table / sizeof status_table[0])

const wn_status_info *wn_status_info_at(size_t i)
{
    return i < STATUS_COUNT ? &status_table[i] : NULL;
}

static const wn_status_info *find(wslnet_status status)
{
    size_t i;
    for (i = 0; i < STATUS_COUNT; i++)
        if (status_table[i].status == status)
            return &status_table[i];
    return NULL;
}

const char *wn_status_name(wslnet_status status)
{
    const wn_status_info *info = find(status);
    return (info ? info : find(WSLNET_E_INTERNAL))->name; /* unknown: a bug */
}

const char *wn_status_meaning(wslnet_status status)
{
    const wn_status_info *info = find(status);
    return (info ? info : find(WSLNET_E_INTERNAL))->meaning;
}

int wn_status_exit_code(wslnet_status status)
{
    /* The enum values are the exit codes; anything unknown is a bug. */
    return find(status) ? (int)status : WSLNET_E_INTERNAL;
}

void wn_error_clear(wslnet_error *err)
{
    if (!err)
        return;
    err->status = WSLNET_OK;
    err->code = 0;
    err->message[0] = '\0';
}

wslnet_status wn_fail(wslnet_error *err, wslnet_status status, uint32_t code,
                      const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->status = status;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

void wn_error_add_recovered(wslnet_error *err, const char *note)
{
    char message[sizeof err->message];
    if (!err || !note || !note[0])
        return;
    /* a copy: formatting a buffer into itself is undefined */
    memcpy(message, err->message, sizeof message);
    message[sizeof message - 1] = '\0';
    wn_snprintf(err->message, sizeof err->message, "%s (before this: %s)", message, note);
}

void wn_strlcpy(char *dst, size_t size, const char *src)
{
    size_t n;
    if (size == 0)
        return;
    n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void wn_snprintf(char *dst, size_t size, const char *fmt, ...)
{
    va_list ap;
    if (size == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
}
