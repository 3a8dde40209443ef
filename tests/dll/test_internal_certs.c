/* Windows-layer tests (under Wine): the atomic file write behind
 * `certs export --out/--dir`: the old content or the new one, never a part,
 * and no temporary file left behind, on success and on failure. */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include "certs.h"

static wchar_t dir[MAX_PATH];

static int make_dir(void **state)
{
    wchar_t tmp[MAX_PATH];
    (void)state;
    GetTempPathW(MAX_PATH, tmp);
    swprintf(dir, MAX_PATH, L"%lswslnet-certs-test-%lu", tmp, (unsigned long)GetCurrentProcessId());
    CreateDirectoryW(dir, NULL);
    return 0;
}

static void path_of(const wchar_t *leaf, wchar_t *out)
{
    swprintf(out, MAX_PATH, L"%ls\\%ls", dir, leaf);
}

/* The file's content (at most size - 1 bytes, NUL-terminated); -1 when absent. */
static long read_all(const wchar_t *path, char *buf, DWORD size)
{
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD got = 0;
    if (h == INVALID_HANDLE_VALUE)
        return -1;
    ReadFile(h, buf, size - 1, &got, NULL);
    CloseHandle(h);
    buf[got] = '\0';
    return (long)got;
}

/* How many files in dir end with ".wslnet-tmp". */
static int temp_files(void)
{
    wchar_t pattern[MAX_PATH];
    WIN32_FIND_DATAW fd;
    HANDLE h;
    int n = 0;
    swprintf(pattern, MAX_PATH, L"%ls\\*.wslnet-tmp", dir);
    h = FindFirstFileW(pattern, &fd);
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    do
        n++;
    while (FindNextFileW(h, &fd));
    FindClose(h);
    return n;
}

static void writes_a_new_file(void **state)
{
    wchar_t path[MAX_PATH];
    char buf[64];
    (void)state;
    path_of(L"new.pem", path);
    assert_int_equal(wn_write_file_atomic(path, "hello\n", 6, NULL), WSLNET_OK);
    assert_int_equal(read_all(path, buf, sizeof buf), 6);
    assert_string_equal(buf, "hello\n");
    assert_int_equal(temp_files(), 0);
}

static void replaces_an_existing_file(void **state)
{
    wchar_t path[MAX_PATH];
    char buf[64];
    (void)state;
    path_of(L"old.pem", path);
    assert_int_equal(wn_write_file_atomic(path, "a much longer old content\n", 26, NULL), WSLNET_OK);
    assert_int_equal(wn_write_file_atomic(path, "new\n", 4, NULL), WSLNET_OK);
    assert_int_equal(read_all(path, buf, sizeof buf), 4);
    assert_string_equal(buf, "new\n");
    assert_int_equal(temp_files(), 0);
}

static void a_failed_replace_keeps_the_old_file(void **state)
{
    wchar_t path[MAX_PATH], sub[MAX_PATH];
    char buf[64];
    wslnet_error err;
    (void)state;
    /* a directory in the way: the rename cannot replace it */
    path_of(L"adir.pem", sub);
    assert_true(CreateDirectoryW(sub, NULL));
    assert_int_not_equal(wn_write_file_atomic(sub, "x", 1, &err), WSLNET_OK);
    assert_true(GetFileAttributesW(sub) & FILE_ATTRIBUTE_DIRECTORY);
    assert_int_equal(temp_files(), 0);
    assert_non_null(strstr(err.message, "left as it was"));
    /* a file that is open without sharing: the replace fails, its content stays */
    path_of(L"busy.pem", path);
    assert_int_equal(wn_write_file_atomic(path, "old\n", 4, NULL), WSLNET_OK);
    HANDLE h = CreateFileW(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    assert_true(h != INVALID_HANDLE_VALUE);
    assert_int_not_equal(wn_write_file_atomic(path, "new\n", 4, &err), WSLNET_OK);
    CloseHandle(h);
    assert_int_equal(read_all(path, buf, sizeof buf), 4);
    assert_string_equal(buf, "old\n");
    assert_int_equal(temp_files(), 0);
}

static void a_missing_directory_writes_nothing(void **state)
{
    wchar_t path[MAX_PATH];
    wslnet_error err;
    (void)state;
    path_of(L"no-such-dir\\x.pem", path);
    assert_int_equal(wn_write_file_atomic(path, "x", 1, &err), WSLNET_E_NOT_FOUND);
    assert_int_equal(GetFileAttributesW(path), INVALID_FILE_ATTRIBUTES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_a_new_file),
        cmocka_unit_test(replaces_an_existing_file),
        cmocka_unit_test(a_failed_replace_keeps_the_old_file),
        cmocka_unit_test(a_missing_directory_writes_nothing),
    };
    return cmocka_run_group_tests(tests, make_dir, NULL);
}
