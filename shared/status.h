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

/* Clears err to WSLNET_OK with an empty message. NULL is fine. */
void wn_error_clear(wslnet_error *err);

/* Stable JSON name of a status; exit code of a status. */
const char *wn_status_name(wslnet_status status);
int wn_status_exit_code(wslnet_status status);

/* snprintf that always terminates and never warns about truncation. */
void wn_strlcpy(char *dst, size_t size, const char *src);
void wn_snprintf(char *dst, size_t size, const char *fmt, ...) WN_PRINTF(3, 4);

#endif
