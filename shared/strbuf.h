/* strbuf.h - a growable string for building text output. */
#ifndef WN_STRBUF_H
#define WN_STRBUF_H

#include <stddef.h>

#include "status.h"

typedef struct wn_strbuf {
    char *data;
    size_t len, cap;
    int failed;             /* set once an allocation failed; later appends do nothing */
} wn_strbuf;

void wn_strbuf_printf(wn_strbuf *b, const char *fmt, ...) WN_PRINTF(2, 3);
/* Returns the string (caller frees) or NULL if any append failed. */
char *wn_strbuf_take(wn_strbuf *b);

#endif
