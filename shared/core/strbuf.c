/* strbuf.c - growable string. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wn_strbuf_reserve(wn_strbuf *b, size_t more)
{
    size_t cap;
    char *grown;
    if (b->failed)
        return 0;
    if (b->len + more + 1 <= b->cap)
        return 1;
    cap = (b->cap ? b->cap * 2 : 64) + more;
    if (!(grown = realloc(b->data, cap))) {
        b->failed = 1;
        return 0;
    }
    b->data = grown;
    b->cap = cap;
    return 1;
}

void wn_strbuf_add(wn_strbuf *b, const void *bytes, size_t n)
{
    if (!wn_strbuf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void wn_strbuf_printf(wn_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->failed)
        return;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 256) + (size_t)n;
        char *grown = realloc(b->data, cap);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *wn_strbuf_tail_reserve(wn_strbuf *b, size_t want, size_t limit, size_t *room)
{
    size_t keep;
    *room = 0;
    if (b->failed || want == 0 || limit == 0)
        return NULL;
    if (want > limit)
        want = limit;
    if (b->len + want > limit) {
        /* Keep the newest bytes, at most half the limit so that dropping is
         * not repeated for every small chunk, and at most what leaves room. */
        size_t drop;
        keep = limit - want < limit / 2 ? limit - want : limit / 2;
        if (keep > b->len)
            keep = b->len;
        drop = b->len - keep;
        if (drop % 2 && keep > 0) {
            drop++;
            keep--;
        } else if (drop % 2 && limit > 1) { /* keep == 0 because want == limit */
            drop--;
            keep++;
            want--;
        }
        memmove(b->data, b->data + drop, keep);
        b->len = keep;
        b->dropped += drop;
    }
    if (b->cap < limit + 1) {
        size_t cap = b->len + want + 1;
        char *grown;
        cap = cap < 4096 ? 4096 : cap;
        cap = b->cap * 2 > cap ? b->cap * 2 : cap;
        cap = cap > limit + 1 ? limit + 1 : cap;
        if (cap > b->cap) {
            if (!(grown = realloc(b->data, cap))) {
                b->failed = 1;
                return NULL;
            }
            b->data = grown;
            b->cap = cap;
        }
    }
    *room = b->cap - 1 - b->len < want ? b->cap - 1 - b->len : want;
    return b->data + b->len;
}

void wn_strbuf_commit(wn_strbuf *b, size_t n)
{
    if (b->failed || !b->data)
        return;
    b->len += n;
    b->data[b->len] = '\0';
}

char *wn_strbuf_take(wn_strbuf *b)
{
    char *s = b->data;
    if (b->failed) {
        free(s);
        s = NULL;
    } else if (!s) {
        s = calloc(1, 1);
    }
    b->data = NULL;
    b->len = b->cap = b->dropped = 0;
    b->failed = 0;
    return s;
}
