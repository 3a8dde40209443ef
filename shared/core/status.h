/* status.h - filling a wslnet_error: the one error type of wslnet. */
#ifndef WN_STATUS_H
#define WN_STATUS_H

#include "wslnet.h"

#if defined(__GNUC__)
#define WN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define WN_PRINTF(a, b)
#endif

/* Sets err (when not NULL) and returns status, so callers can
 * `return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "...")`. */
wslnet_status wn_fail(wslnet_error *err, wslnet_status status, uint32_t code,
                      const char *fmt, ...) WN_PRINTF(4, 5);

/* Appends " (before this: NOTE)" to err's message when note is not empty:
 * what finishing an interrupted earlier change did, told even when the
 * command itself then failed. NULL err is fine. */
void wn_error_add_recovered(wslnet_error *err, const char *note);

/* Clears err to WSLNET_OK with an empty message. NULL is fine. */
void wn_error_clear(wslnet_error *err);

/* Marks a function whose returned status must not be ignored; a status
 * ignored on purpose goes through wn_ignore_status with a comment saying why
 * (GCC does not accept a cast to void for warn_unused_result). */
#define WN_MUST_CHECK WSLNET_MUST_CHECK

static inline void wn_ignore_status(wslnet_status status)
{
    (void)status;
}

/* One row of WSLNET_STATUS_MAP. */
typedef struct wn_status_info {
    wslnet_status status;       /* also the exit code */
    const char *name;           /* JSON name ("notFound") */
    const char *meaning;        /* one line, for help and the docs' tables */
} wn_status_info;

/* Row i of the status table in table order, NULL past the end. */
const wn_status_info *wn_status_info_at(size_t i);

/* Stable JSON name, one-line meaning and exit code of a status (an unknown
 * value is treated as WSLNET_E_INTERNAL). Static strings. */
const char *wn_status_name(wslnet_status status);
const char *wn_status_meaning(wslnet_status status);
int wn_status_exit_code(wslnet_status status);

/* snprintf that always terminates and never warns about truncation. */
void wn_strlcpy(char *dst, size_t size, const char *src);
void wn_snprintf(char *dst, size_t size, const char *fmt, ...) WN_PRINTF(3, 4);

#endif
