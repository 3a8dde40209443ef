/* strbuf.h - the growable byte buffer: text output, documents being built,
 * a child process's capped output. Always NUL-terminated after len bytes. */
#ifndef WN_STRBUF_H
#define WN_STRBUF_H

#include <stddef.h>

#include "status.h"

typedef struct wn_strbuf {
    char *data;
    size_t len, cap;
    int failed;             /* set once an allocation failed; later appends do nothing */
    size_t dropped;         /* wn_strbuf_tail_reserve: oldest bytes dropped to stay within its limit */
} wn_strbuf;

void wn_strbuf_printf(wn_strbuf *b, const char *fmt, ...) WN_PRINTF(2, 3);
/* Makes room for more bytes after len (and the NUL); 0 when an allocation
 * failed (b->failed is set then, and stays). */
int wn_strbuf_reserve(wn_strbuf *b, size_t more);
/* Appends n bytes, which may hold NULs; nothing once b->failed. */
void wn_strbuf_add(wn_strbuf *b, const void *bytes, size_t n);
/*
 * A capped byte buffer on the same type (a child process's output): keeps the
 * most recent bytes when more arrives than `limit`. Reserves room to append up
 * to `want` bytes (at most `limit`): grows the allocation up to limit + 1
 * (the +1 keeps a NUL after the data), and when the buffer is full drops the
 * oldest bytes, keeping at most limit / 2 of them and an even number dropped,
 * so UTF-16LE text stays aligned. Returns where to write and sets *room
 * (want, capped at limit, one less when that keeps the count dropped even);
 * NULL with *room 0 when want or limit is 0 or an allocation
 * fails (b->failed is set then). b->dropped counts the bytes dropped.
 */
char *wn_strbuf_tail_reserve(wn_strbuf *b, size_t want, size_t limit, size_t *room);
/* Adds n bytes written at the address the last reserve returned (n <= room). */
void wn_strbuf_commit(wn_strbuf *b, size_t n);

/* Returns the string (caller frees) or NULL if any append failed. */
char *wn_strbuf_take(wn_strbuf *b);

#endif
