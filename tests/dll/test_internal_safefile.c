/* Windows-layer tests (under Wine) of win/lib/safefile.c, the one place that
 * reads and replaces files in places a user may control (config set, certs
 * export): the old content or the new one, never a part; a backup of the old
 * one; no temporary file left; hard links, folders and missing folders
 * refused with the file unchanged; a file a user created first is never
 * reused; capped reads; --dir's stale-file removal. (Symlinks planted by a
 * user are tested from outside, in tests/exe/suite-safefile.sh.) */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include "safefile.h"

static wchar_t dir[MAX_PATH];

/* A new, empty folder for this run: Wine reuses process IDs, so a name made of
 * the ID alone found the folder (and files) of an earlier run; CreateDirectoryW
 * must create it, else the next name is tried. */
static int make_dir(void **state)
{
    wchar_t tmp[MAX_PATH];
    (void)state;
    if (!GetTempPathW(MAX_PATH, tmp))
        return -1;
    for (unsigned attempt = 0; attempt < 1000; attempt++) {
        swprintf(dir, MAX_PATH, L"%lswslnet-safefile-test-%lu-%llu-%u", tmp, (unsigned long)GetCurrentProcessId(),
                 (unsigned long long)GetTickCount64(), attempt);
        if (CreateDirectoryW(dir, NULL))
            return 0;
        if (GetLastError() != ERROR_ALREADY_EXISTS)
            return -1;
    }
    return -1;
}

/* Deletes path: a file, or a folder with everything in it. */
static void remove_tree(const wchar_t *path)
{
    wchar_t pattern[MAX_PATH], child[MAX_PATH];
    WIN32_FIND_DATAW fd;
    HANDLE h;
    DWORD attrs = GetFileAttributesW(path);
    if (attrs == INVALID_FILE_ATTRIBUTES)
        return;
    if (!(attrs & FILE_ATTRIBUTE_DIRECTORY) || (attrs & FILE_ATTRIBUTE_REPARSE_POINT)) {
        SetFileAttributesW(path, FILE_ATTRIBUTE_NORMAL);
        if (!DeleteFileW(path))
            RemoveDirectoryW(path); /* a directory link */
        return;
    }
    swprintf(pattern, MAX_PATH, L"%ls\\*", path);
    h = FindFirstFileW(pattern, &fd);
    if (h != INVALID_HANDLE_VALUE) {
        do {
            if (wcscmp(fd.cFileName, L".") == 0 || wcscmp(fd.cFileName, L"..") == 0)
                continue;
            swprintf(child, MAX_PATH, L"%ls\\%ls", path, fd.cFileName);
            remove_tree(child);
        } while (FindNextFileW(h, &fd));
        FindClose(h);
    }
    RemoveDirectoryW(path);
}

static int remove_dir(void **state)
{
    (void)state;
    remove_tree(dir);
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

static void write_plain(const wchar_t *path, const char *text)
{
    HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done = 0;
    assert_true(h != INVALID_HANDLE_VALUE);
    WriteFile(h, text, (DWORD)strlen(text), &done, NULL);
    CloseHandle(h);
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

static const wn_sf_replace_options plain = {{NULL, 1}, NULL, 0, 0};
static const wn_sf_replace_options with_backup = {{NULL, 0}, L".bak", 0, 1024};

static void writes_a_new_file(void **state)
{
    wchar_t path[MAX_PATH], *backup = (wchar_t *)1;
    char buf[64];
    (void)state;
    wslnet_error err;
    path_of(L"new.pem", path);
    if (wn_sf_replace(path, "hello\n", 6, &with_backup, &backup, &err) != WSLNET_OK)
        fail_msg("%s", err.message);
    assert_null(backup); /* nothing to back up */
    assert_int_equal(read_all(path, buf, sizeof buf), 6);
    assert_string_equal(buf, "hello\n");
    assert_int_equal(temp_files(), 0);
}

static void replaces_an_existing_file_keeping_a_backup(void **state)
{
    wchar_t path[MAX_PATH], bak[MAX_PATH], *backup = NULL;
    char buf[64];
    (void)state;
    path_of(L"old.pem", path);
    path_of(L"old.pem.bak", bak);
    write_plain(path, "a much longer old content\n");
    write_plain(bak, "an older backup\n");
    assert_int_equal(wn_sf_replace(path, "new\n", 4, &with_backup, &backup, NULL), WSLNET_OK);
    assert_int_equal(read_all(path, buf, sizeof buf), 4);
    assert_string_equal(buf, "new\n");
    assert_non_null(backup);
    assert_int_equal(wcscmp(backup, bak), 0);
    free(backup);
    assert_int_equal(read_all(bak, buf, sizeof buf), 26);
    assert_string_equal(buf, "a much longer old content\n");
    assert_int_equal(temp_files(), 0);
}

static void a_failed_replace_keeps_the_old_file(void **state)
{
    wchar_t path[MAX_PATH], sub[MAX_PATH];
    char buf[64];
    wslnet_error err;
    HANDLE h;
    (void)state;
    /* a folder in the way */
    path_of(L"adir.pem", sub);
    assert_true(CreateDirectoryW(sub, NULL));
    assert_int_equal(wn_sf_replace(sub, "x", 1, &plain, NULL, &err), WSLNET_E_INVALID_INPUT);
    assert_true(GetFileAttributesW(sub) & FILE_ATTRIBUTE_DIRECTORY);
    assert_non_null(strstr(err.message, "folder"));
    assert_int_equal(temp_files(), 0);
    /* a file another program has open for writing: busy, its content stays */
    path_of(L"busy.pem", path);
    write_plain(path, "old\n");
    h = CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    assert_true(h != INVALID_HANDLE_VALUE);
    assert_int_equal(wn_sf_replace(path, "new\n", 4, &plain, NULL, &err), WSLNET_E_BUSY);
    CloseHandle(h);
    assert_int_equal(read_all(path, buf, sizeof buf), 4);
    assert_string_equal(buf, "old\n");
    assert_int_equal(temp_files(), 0);
}

static void a_missing_folder_writes_nothing(void **state)
{
    wchar_t path[MAX_PATH];
    wslnet_error err;
    (void)state;
    path_of(L"no-such-dir\\x.pem", path);
    assert_int_equal(wn_sf_replace(path, "x", 1, &plain, NULL, &err), WSLNET_E_NOT_FOUND);
    assert_int_equal(GetFileAttributesW(path), INVALID_FILE_ATTRIBUTES);
}

static void a_hard_linked_file_is_refused(void **state)
{
    wchar_t path[MAX_PATH], other[MAX_PATH];
    uint8_t *bytes = NULL;
    size_t len = 0;
    int exists = 0;
    char buf[64];
    wslnet_error err;
    (void)state;
    path_of(L"victim.txt", other);
    path_of(L"linked.pem", path);
    write_plain(other, "victim\n");
    assert_true(CreateHardLinkW(path, other, NULL));
    assert_int_equal(wn_sf_replace(path, "new\n", 4, &with_backup, NULL, &err), WSLNET_E_ACCESS_DENIED);
    assert_non_null(strstr(err.message, "hard links"));
    assert_int_equal(read_all(other, buf, sizeof buf), 7);
    assert_string_equal(buf, "victim\n");
    assert_int_equal(wn_sf_read(path, 1024, 1, &bytes, &len, &exists, &err), WSLNET_E_ACCESS_DENIED);
    assert_null(bytes);
    /* a user reading their own file (refuse_links 0) may */
    assert_int_equal(wn_sf_read(path, 1024, 0, &bytes, &len, &exists, &err), WSLNET_OK);
    assert_int_equal(len, 7);
    free(bytes);
    assert_int_equal(temp_files(), 0);
}

static void a_file_created_first_is_not_reused(void **state)
{
    wchar_t path[MAX_PATH], squat[MAX_PATH];
    char buf[64];
    (void)state;
    /* the names the old code used: "<path>.<pid>.wslnet-tmp" and
     * "<path>.wslnet-<pid>.tmp", created by "the user" first */
    path_of(L"bundle.pem", path);
    swprintf(squat, MAX_PATH, L"%ls.%lu.wslnet-tmp", path, (unsigned long)GetCurrentProcessId());
    write_plain(squat, "user's\n");
    assert_int_equal(wn_sf_replace(path, "ours\n", 5, &plain, NULL, NULL), WSLNET_OK);
    assert_int_equal(read_all(path, buf, sizeof buf), 5);
    assert_string_equal(buf, "ours\n");
    assert_int_equal(read_all(squat, buf, sizeof buf), 7);
    assert_string_equal(buf, "user's\n");
    DeleteFileW(squat);
}

static void reads_are_capped(void **state)
{
    wchar_t path[MAX_PATH], missing[MAX_PATH];
    uint8_t *bytes = NULL;
    size_t len = 0;
    int exists = 1;
    wslnet_error err;
    (void)state;
    path_of(L"big.txt", path);
    write_plain(path, "0123456789");
    assert_int_equal(wn_sf_read(path, 9, 1, &bytes, &len, &exists, &err), WSLNET_E_BAD_DATA);
    assert_null(bytes);
    assert_int_equal(wn_sf_read(path, 10, 1, &bytes, &len, &exists, &err), WSLNET_OK);
    assert_int_equal(len, 10);
    assert_memory_equal(bytes, "0123456789", 10);
    free(bytes);
    path_of(L"absent.txt", missing);
    assert_int_equal(wn_sf_read(missing, 10, 1, &bytes, &len, &exists, &err), WSLNET_OK);
    assert_int_equal(exists, 0);
    assert_null(bytes);
}

static void a_folder_keeps_only_what_was_written(void **state)
{
    wchar_t sub[MAX_PATH], p[MAX_PATH];
    const char *keep[] = {"a-1.crt", "B-2.crt"};
    wn_sf_access access = {NULL, 1};
    size_t removed = 0;
    int created = 0;
    char buf[16];
    wslnet_error err;
    (void)state;
    path_of(L"crts", sub);
    assert_int_equal(wn_sf_make_dir(sub, &access, 0, &created, &err), WSLNET_OK);
    assert_int_equal(created, 1);
    assert_int_equal(wn_sf_make_dir(sub, &access, 0, &created, &err), WSLNET_OK);
    assert_int_equal(created, 0);
    swprintf(p, MAX_PATH, L"%ls\\a-1.crt", sub);
    write_plain(p, "a");
    swprintf(p, MAX_PATH, L"%ls\\b-2.crt", sub);
    write_plain(p, "b");
    swprintf(p, MAX_PATH, L"%ls\\stale-3.crt", sub);
    write_plain(p, "s");
    swprintf(p, MAX_PATH, L"%ls\\notes.txt", sub);
    write_plain(p, "n");
    assert_int_equal(wn_sf_remove_others(sub, L".crt", keep, 2, &removed, &err), WSLNET_OK);
    assert_int_equal(removed, 1);
    swprintf(p, MAX_PATH, L"%ls\\stale-3.crt", sub);
    assert_int_equal(GetFileAttributesW(p), INVALID_FILE_ATTRIBUTES);
    swprintf(p, MAX_PATH, L"%ls\\b-2.crt", sub);
    assert_int_equal(read_all(p, buf, sizeof buf), 1);
    swprintf(p, MAX_PATH, L"%ls\\notes.txt", sub);
    assert_int_equal(read_all(p, buf, sizeof buf), 1);
    /* a file is not a folder */
    assert_int_equal(wn_sf_make_dir(p, &access, 0, &created, &err), WSLNET_E_INVALID_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_a_new_file),
        cmocka_unit_test(replaces_an_existing_file_keeping_a_backup),
        cmocka_unit_test(a_failed_replace_keeps_the_old_file),
        cmocka_unit_test(a_missing_folder_writes_nothing),
        cmocka_unit_test(a_hard_linked_file_is_refused),
        cmocka_unit_test(a_file_created_first_is_not_reused),
        cmocka_unit_test(reads_are_capped),
        cmocka_unit_test(a_folder_keeps_only_what_was_written),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
