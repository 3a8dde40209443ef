/* status.c - names and exit codes of wslnet_status, and error filling. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {
    "ok", "internal", "usage", "invalidInput", "notFound", "unavailable",
    "badData", "accessDenied", "busy", "unsupported", "systemError", "outOfMemory",
};

const char *wn_status_name(wslnet_status status)
{
    if ((unsigned)status < sizeof status_names / sizeof status_names[0])
        return status_names[status];
    return "internal";
}

int wn_status_exit_code(wslnet_status status)
{
    /* The enum values are the exit codes; anything unknown is a bug. */
    if ((unsigned)status < sizeof status_names / sizeof status_names[0])
        return (int)status;
    return WSLNET_E_INTERNAL;
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
