/* Unit tests: the growable string and its capped-tail byte mode (the reader
 * of a child process's output in win/lib/childproc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "strbuf.h"

/* Appends len bytes of the stream (byte i is i % 251) through reserve/commit. */
static void feed(wn_strbuf *b, size_t *pos, size_t len, size_t limit)
{
    while (len > 0) {
        size_t room, i;
        char *at = wn_strbuf_tail_reserve(b, len, limit, &room);
        assert_non_null(at);
        assert_true(room > 0 && room <= len && room <= limit);
        for (i = 0; i < room; i++)
            at[i] = (char)((*pos + i) % 251);
        wn_strbuf_commit(b, room);
        *pos += room;
        len -= room;
        assert_true(b->len <= limit);
    }
}

/* What the buffer holds is exactly the stream's last b->len bytes. */
static void assert_tail(const wn_strbuf *b, size_t total)
{
    size_t i, start = total - b->len;
    assert_int_equal(b->dropped, start);
    for (i = 0; i < b->len; i++)
        assert_int_equal((unsigned char)b->data[i], (start + i) % 251);
    assert_int_equal(b->data[b->len], '\0');
}

/* The case of issue 9 finding 6: the buffer holds less than half its limit
 * and a chunk larger than the rest arrives. The old reader moved `limit / 2`
 * bytes from before the buffer's start (ASan: heap-buffer-overflow). */
static void small_then_large_chunk(void **state)
{
    wn_strbuf b = {0};
    size_t pos = 0;
    (void)state;
    feed(&b, &pos, 10, 64 * 1024);
    feed(&b, &pos, 64 * 1024 - 5, 64 * 1024);
    assert_tail(&b, pos);
    assert_true(b.len >= 64 * 1024 - 5);
    free(wn_strbuf_take(&b));
}

/* A chunk larger than the limit, then many small ones: always the newest
 * bytes, never more than the limit, an even number dropped (UTF-16LE). */
static void stream_keeps_newest(void **state)
{
    static const size_t chunks[] = {1, 3, 4096, 7, 65536, 70000, 2, 1, 32768, 32767, 5, 131072, 9};
    wn_strbuf b = {0};
    size_t pos = 0, i, limit = 65536;
    (void)state;
    for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        feed(&b, &pos, chunks[i], limit);
        assert_tail(&b, pos);
        assert_int_equal(b.dropped % 2, 0);
    }
    free(wn_strbuf_take(&b));
}

static void small_limit_and_zero(void **state)
{
    wn_strbuf b = {0};
    size_t pos = 0, room = 99;
    (void)state;
    assert_null(wn_strbuf_tail_reserve(&b, 0, 8, &room));
    assert_int_equal(room, 0);
    assert_null(wn_strbuf_tail_reserve(&b, 5, 0, &room));
    feed(&b, &pos, 5, 8);
    feed(&b, &pos, 7, 8);
    assert_tail(&b, pos);
    feed(&b, &pos, 1, 8);
    assert_tail(&b, pos);
    free(wn_strbuf_take(&b));
}

static void printf_appends(void **state)
{
    wn_strbuf b = {0};
    char *s;
    (void)state;
    wn_strbuf_printf(&b, "%s=%d", "a", 1);
    wn_strbuf_printf(&b, ";%s", "b");
    s = wn_strbuf_take(&b);
    assert_string_equal(s, "a=1;b");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_then_large_chunk),
        cmocka_unit_test(stream_keeps_newest),
        cmocka_unit_test(small_limit_and_zero),
        cmocka_unit_test(printf_appends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
