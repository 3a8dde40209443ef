/* Unit tests over the corpus tests/data/wslconfig/ (made by its generate.py):
 * for every file, reading and writing back is byte-identical; set changes
 * exactly one line (or adds one line, or appends one section), reads back,
 * and leaves every other key as WSL read it; unset removes only the key's lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>

#include "wslcfg.h"

#define MAX_FILES 128

static char corpus_dir[1024];
static char *names[MAX_FILES];
static size_t name_count;

/* The corpus folder, from this source file's path (CMake passes it absolute). */
static void find_corpus(void)
{
    const char *slash;
    const char *me = __FILE__;
    slash = strrchr(me, '/');
    if (!slash)
        slash = strrchr(me, '\\');
    assert_non_null(slash);
    snprintf(corpus_dir, sizeof corpus_dir, "%.*s/../data/wslconfig", (int)(slash - me), me);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int setup(void **state)
{
    DIR *d;
    struct dirent *e;
    (void)state;
    find_corpus();
    d = opendir(corpus_dir);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", corpus_dir);
        return -1;
    }
    while ((e = readdir(d)) != NULL && name_count < MAX_FILES) {
        size_t n = strlen(e->d_name);
        if ((n > 10 && strcmp(e->d_name + n - 10, ".wslconfig") == 0) ||
            (n > 8 && strcmp(e->d_name + n - 8, ".wslconf") == 0))
        {
            names[name_count] = malloc(n + 1);
            assert_non_null(names[name_count]);
            memcpy(names[name_count++], e->d_name, n + 1);
        }
    }
    closedir(d);
    qsort(names, name_count, sizeof names[0], by_name);
    return 0;
}

static int teardown(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < name_count; i++)
        free(names[i]);
    return 0;
}

static uint8_t *load(const char *name, size_t *len)
{
    char path[1400];
    FILE *f;
    uint8_t *buf = malloc(1 << 20);
    snprintf(path, sizeof path, "%s/%s", corpus_dir, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static wn_cfg_file file_of(const char *name)
{
    return strstr(name, ".wslconf") && !strstr(name, ".wslconfig") ? WN_CFG_FILE_WSLCONF
                                                                    : WN_CFG_FILE_WSLCONFIG;
}

/* Lines (without their CR/LF) of text[0, len). */
typedef struct lines {
    size_t count;
    const char *at[4096];
    size_t len[4096];
} lines;

static void split(const char *t, size_t n, lines *out)
{
    size_t i = 0, start = 0;
    out->count = 0;
    for (i = 0; i <= n; i++) {
        if (i == n || t[i] == '\n') {
            size_t e = i;
            if (i == n && start == n)
                break; /* a text ending in a line break has no empty line after it */
            if (e > start && t[e - 1] == '\r')
                e--;
            assert_true(out->count < 4096);
            out->at[out->count] = t + start;
            out->len[out->count++] = e - start;
            start = i + 1;
        }
    }
}

static int same_line(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/* The lines that differ between a and b, after the common head and tail. */
static void diff(const lines *a, const lines *b, size_t *removed, size_t *added, size_t *first)
{
    size_t head = 0, tail = 0;
    while (head < a->count && head < b->count && same_line(a, head, b, head))
        head++;
    while (tail < a->count - head && tail < b->count - head &&
           same_line(a, a->count - 1 - tail, b, b->count - 1 - tail))
        tail++;
    *removed = a->count - head - tail;
    *added = b->count - head - tail;
    *first = head;
}

/* Every pre-existing line keeps its own line break: the old text, with at
 * most a break added at its very end, is the new text minus the edit. */
static void check_set(const char *name, const uint8_t *bytes, size_t len, const wn_cfg_key *key,
                      const char *value)
{
    wn_cfg_doc *doc = NULL, *again = NULL;
    wn_cfg_edit edit;
    wn_cfg_setting v, before[128], after;
    static char before_values[128][8192];
    wslnet_error err;
    lines *old_lines = malloc(sizeof *old_lines), *new_lines = malloc(sizeof *new_lines);
    char *old_text;
    size_t old_len, removed, added, first, i, nkeys;
    uint8_t *out;
    size_t out_len;
    wslnet_status st;
    assert_non_null(old_lines);
    assert_non_null(new_lines);
    assert_int_equal(wn_cfg_read(bytes, len, file_of(name), &doc, &err), WSLNET_OK);
    nkeys = wn_cfg_key_count(doc->file);
    for (i = 0; i < nkeys; i++) {
        wn_cfg_get(doc, wn_cfg_key_at(doc->file, i), &before[i]);
        snprintf(before_values[i], sizeof before_values[i], "%s", before[i].value ? before[i].value : "");
    }
    old_text = malloc(doc->len + 1);
    memcpy(old_text, doc->text, doc->len + 1);
    old_len = doc->len;
    st = wn_cfg_set(doc, key, value, &edit, &err);
    if (doc->unreadable) {
        /* UTF-16 without BOM, UTF-16BE: WSL cannot read them; wslnet does not edit them */
        assert_int_equal(st, WSLNET_E_BAD_DATA);
        assert_int_equal(doc->len, old_len);
        assert_memory_equal(doc->text, old_text, old_len);
        goto out;
    }
    if (st != WSLNET_OK)
        fail_msg("%s: set %s=%s failed: %s", name, key->name, value, err.message);
    if (!edit.changed) {
        /* only when WSL already reads exactly this value; then nothing moves */
        wn_cfg_get(doc, key, &v);
        assert_string_equal(edit.action, "none");
        assert_int_equal(v.origin, WN_CFG_ORIGIN_FILE);
        assert_string_equal(v.value, value);
        assert_int_equal(doc->len, old_len);
        assert_memory_equal(doc->text, old_text, old_len);
        goto out;
    }
    split(old_text, old_len, old_lines);
    split(doc->text, doc->len, new_lines);
    diff(old_lines, new_lines, &removed, &added, &first);
    if (strcmp(edit.action, "replace") == 0) {
        assert_int_equal(added, 1);
        assert_true(removed >= 1);
        if (removed > 1) /* only a continued value spans lines */
            assert_true(strstr(old_text, "\\\n") != NULL || strstr(old_text, "\\\r\n") != NULL);
    } else if (strcmp(edit.action, "insert") == 0) {
        assert_int_equal(removed, 0);
        assert_int_equal(added, 1);
    } else if (strcmp(edit.action, "prepend") == 0) {
        /* only before a last line ending in a backslash: [section], key, blank line */
        assert_int_equal(removed, 0);
        assert_int_equal(added, 3);
        assert_int_equal(first, 0);
        assert_memory_equal(doc->text + doc->len - old_len, old_text, old_len);
    } else {
        assert_string_equal(edit.action, "append");
        assert_int_equal(removed, 0);
        assert_true(added == 2 || added == 3); /* [section] and key, after a blank line if needed */
        assert_int_equal(first + added, new_lines->count);
        /* the old text is a prefix of the new one (its last line may gain a break) */
        assert_memory_equal(doc->text, old_text, old_len);
    }
    /* the new bytes keep the encoding, and WSL reads exactly the new value */
    assert_int_equal(wn_cfg_write(doc, &out, &out_len, &err), WSLNET_OK);
    if (len >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        assert_true(out_len >= 2 && out[0] == 0xFF && out[1] == 0xFE && (out_len % 2) == (len % 2));
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        assert_memory_equal(out, "\xEF\xBB\xBF", 3);
    assert_int_equal(wn_cfg_read(out, out_len, doc->file, &again, &err), WSLNET_OK);
    wn_cfg_get(again, key, &after);
    assert_int_equal(after.origin, WN_CFG_ORIGIN_FILE);
    assert_string_equal(after.value, value);
    for (i = 0; i < nkeys; i++) {
        if (wn_cfg_key_at(doc->file, i) == key)
            continue;
        wn_cfg_get(again, wn_cfg_key_at(doc->file, i), &v);
        assert_int_equal(v.origin, before[i].origin);
        if (v.origin == WN_CFG_ORIGIN_FILE)
            assert_string_equal(v.value, before_values[i]);
    }
    free(out);
    wn_cfg_free(again);
out:
    free(old_text);
    free(old_lines);
    free(new_lines);
    wn_cfg_free(doc);
}

static void round_trip_is_byte_identical(void **state)
{
    size_t i;
    (void)state;
    assert_true(name_count >= 40);
    for (i = 0; i < name_count; i++) {
        size_t len, out_len;
        uint8_t *bytes = load(names[i], &len), *out = NULL;
        wn_cfg_doc *doc = NULL;
        wslnet_error err;
        assert_int_equal(wn_cfg_read(bytes, len, file_of(names[i]), &doc, &err), WSLNET_OK);
        assert_int_equal(wn_cfg_write(doc, &out, &out_len, &err), WSLNET_OK);
        if (out_len != len || memcmp(out, bytes, len) != 0)
            fail_msg("%s: written back differs (%lu bytes, was %lu)", names[i], (unsigned long)out_len, (unsigned long)len);
        free(out);
        wn_cfg_free(doc);
        free(bytes);
    }
}

static void set_changes_one_line(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < name_count; i++) {
        size_t len;
        uint8_t *bytes = load(names[i], &len);
        wn_cfg_file f = file_of(names[i]);
        wn_cfg_doc *probe = NULL;
        wslnet_error err;
        assert_int_equal(wn_cfg_read(bytes, len, f, &probe, &err), WSLNET_OK);
        if (f == WN_CFG_FILE_WSLCONFIG) {
            const wn_cfg_key *mem, *kernel, *sparse, *mode, *cmdline;
            assert_int_equal(wn_cfg_key_resolve(f, "wsl2.memory", &mem, &err), WSLNET_OK);
            assert_int_equal(wn_cfg_key_resolve(f, "wsl2.kernel", &kernel, &err), WSLNET_OK);
            assert_int_equal(wn_cfg_key_resolve(f, "experimental.sparseVhd", &sparse, &err), WSLNET_OK);
            assert_int_equal(wn_cfg_key_resolve(f, "wsl2.networkingMode", &mode, &err), WSLNET_OK);
            assert_int_equal(wn_cfg_key_resolve(f, "wsl2.kernelCommandLine", &cmdline, &err), WSLNET_OK);
            check_set(names[i], bytes, len, mem, "12GB");
            check_set(names[i], bytes, len, kernel, "C:\\Users\\me\\kernels\\bzImage #2");
            check_set(names[i], bytes, len, sparse, "true");
            check_set(names[i], bytes, len, mode, "mirrored");
            check_set(names[i], bytes, len, cmdline, " a\tb \"c\" \\d ");
        } else if (!probe->stopped) {
            const wn_cfg_key *systemd, *hostname;
            assert_int_equal(wn_cfg_key_resolve(f, "boot.systemd", &systemd, &err), WSLNET_OK);
            assert_int_equal(wn_cfg_key_resolve(f, "network.hostname", &hostname, &err), WSLNET_OK);
            check_set(names[i], bytes, len, systemd, "false");
            check_set(names[i], bytes, len, hostname, "build-01");
        }
        wn_cfg_free(probe);
        free(bytes);
    }
}

static void unset_removes_only_the_key(void **state)
{
    size_t i, k;
    (void)state;
    for (i = 0; i < name_count; i++) {
        size_t len, nkeys;
        uint8_t *bytes = load(names[i], &len);
        wn_cfg_doc *doc = NULL;
        wn_cfg_edit edit;
        wn_cfg_setting before[128], v;
        const wn_cfg_key *mem;
        wslnet_error err;
        wslnet_status st;
        if (file_of(names[i]) != WN_CFG_FILE_WSLCONFIG) {
            free(bytes);
            continue;
        }
        assert_int_equal(wn_cfg_read(bytes, len, WN_CFG_FILE_WSLCONFIG, &doc, &err), WSLNET_OK);
        assert_int_equal(wn_cfg_key_resolve(WN_CFG_FILE_WSLCONFIG, "wsl2.memory", &mem, &err), WSLNET_OK);
        nkeys = wn_cfg_key_count(WN_CFG_FILE_WSLCONFIG);
        for (k = 0; k < nkeys; k++)
            wn_cfg_get(doc, wn_cfg_key_at(WN_CFG_FILE_WSLCONFIG, k), &before[k]);
        st = wn_cfg_unset(doc, mem, &edit, &err);
        if (doc->unreadable) {
            assert_int_equal(st, WSLNET_E_BAD_DATA);
        } else {
            if (st != WSLNET_OK)
                fail_msg("%s: unset failed: %s", names[i], err.message);
            wn_cfg_get(doc, mem, &v);
            assert_int_equal(v.origin, WN_CFG_ORIGIN_DEFAULT);
            assert_int_equal(edit.changed, edit.removed > 0);
            for (k = 0; k < nkeys; k++) {
                if (wn_cfg_key_at(WN_CFG_FILE_WSLCONFIG, k) == mem) {
                    if (before[k].origin != WN_CFG_ORIGIN_DEFAULT)
                        assert_true(edit.changed);
                    continue;
                }
                wn_cfg_get(doc, wn_cfg_key_at(WN_CFG_FILE_WSLCONFIG, k), &v);
                assert_int_equal(v.origin, before[k].origin);
            }
        }
        wn_cfg_free(doc);
        free(bytes);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_is_byte_identical),
        cmocka_unit_test(set_changes_one_line),
        cmocka_unit_test(unset_removes_only_the_key),
    };
    return cmocka_run_group_tests_name("wslcfg_corpus", tests, setup, teardown);
}
