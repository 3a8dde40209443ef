/* winutil.c - helpers at the Windows API boundary. */
#include "winutil.h"

#include <objbase.h>

#include "status.h"

#include <stdlib.h>

void wn_utf8_from_wide(const wchar_t *wide, char *buf, size_t size)
{
    int n;
    if (size == 0)
        return;
    n = WideCharToMultiByte(CP_UTF8, 0, wide, -1, buf, (int)size, NULL, NULL);
    if (n == 0) {
        /* Too long: convert what fits, backing off to a whole character. */
        size_t len = wcslen(wide);
        buf[0] = '\0';
        while (len > 0) {
            n = WideCharToMultiByte(CP_UTF8, 0, wide, (int)len, buf, (int)size - 1, NULL, NULL);
            if (n > 0) {
                buf[n] = '\0';
                break;
            }
            len--;
        }
    }
}

wslnet_status wn_utf8_path(const wchar_t *wide, char *buf, size_t size, wslnet_error *err)
{
    int need = WideCharToMultiByte(CP_UTF8, 0, wide, -1, NULL, 0, NULL, NULL);
    if (size > 0)
        buf[0] = '\0';
    if (need <= 0 || (size_t)need > size)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, ERROR_FILENAME_EXCED_RANGE,
                       "the path is longer than %lu bytes (UTF-8), which wslnet does not handle: use a shorter one",
                       (unsigned long)(size ? size - 1 : 0));
    WideCharToMultiByte(CP_UTF8, 0, wide, -1, buf, (int)size, NULL, NULL);
    return WSLNET_OK;
}

char *wn_utf8_dup_from_wide(const wchar_t *wide)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, wide, -1, NULL, 0, NULL, NULL);
    char *utf8;
    if (n <= 0)
        return NULL;
    utf8 = malloc((size_t)n);
    if (utf8 && WideCharToMultiByte(CP_UTF8, 0, wide, -1, utf8, n, NULL, NULL) != n) {
        free(utf8);
        utf8 = NULL;
    }
    return utf8;
}

int wn_wide_from_utf8_buf(const char *utf8, wchar_t *buf, size_t count)
{
    if (count == 0)
        return 0;
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, buf, (int)count) > 0)
        return 1;
    buf[0] = L'\0';
    return 0;
}

wchar_t *wn_wide_from_utf8(const char *utf8)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, NULL, 0);
    wchar_t *wide;
    if (n <= 0)
        return NULL;
    wide = malloc((size_t)n * sizeof *wide);
    if (wide && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, wide, n) != n) {
        free(wide);
        wide = NULL;
    }
    return wide;
}

HRESULT wn_com_enter(int *uninitialize)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    *uninitialize = hr == S_OK || hr == S_FALSE;
    return *uninitialize || hr == RPC_E_CHANGED_MODE ? S_OK : hr;
}

void wn_com_leave(int uninitialize)
{
    if (uninitialize)
        CoUninitialize();
}

static wslnet_status open_key(HKEY root, const wchar_t *path, HKEY *key)
{
    LONG rc = RegOpenKeyExW(root, path, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, key);
    if (rc == ERROR_SUCCESS)
        return WSLNET_OK;
    return rc == ERROR_FILE_NOT_FOUND ? WSLNET_E_NOT_FOUND : wn_status_from_win32((DWORD)rc);
}

wslnet_status wn_reg_read_string(HKEY root, const wchar_t *path, const wchar_t *name, char **out,
                                 wslnet_error *err)
{
    HKEY key;
    DWORD type = 0, size = 0;
    wchar_t *wide;
    wslnet_status st = open_key(root, path, &key);
    LONG rc;
    *out = NULL;
    if (st != WSLNET_OK)
        return wn_fail(err, st, 0, "registry key not readable");
    rc = RegQueryValueExW(key, name, NULL, &type, NULL, &size);
    if (rc != ERROR_SUCCESS) {
        RegCloseKey(key);
        return wn_fail(err, rc == ERROR_FILE_NOT_FOUND ? WSLNET_E_NOT_FOUND : wn_status_from_win32((DWORD)rc),
                       (DWORD)rc, "registry value not readable");
    }
    if (type != REG_SZ && type != REG_EXPAND_SZ) {
        RegCloseKey(key);
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "registry value is not a string");
    }
    wide = calloc(size / sizeof(wchar_t) + 2, sizeof(wchar_t)); /* room for a missing NUL */
    if (!wide) {
        RegCloseKey(key);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)wide, &size);
    RegCloseKey(key);
    if (rc == ERROR_SUCCESS) {
        size_t cap = (size / sizeof(wchar_t) + 1) * 3 + 1;
        *out = malloc(cap);
        if (*out)
            wn_utf8_from_wide(wide, *out, cap);
    }
    free(wide);
    if (rc != ERROR_SUCCESS)
        return wn_fail_win32(err, (DWORD)rc, "RegQueryValueExW");
    return *out ? WSLNET_OK : wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
}

wslnet_status wn_reg_read_dword(HKEY root, const wchar_t *path, const wchar_t *name, DWORD *out,
                                wslnet_error *err)
{
    HKEY key;
    DWORD type = 0, size = sizeof *out;
    wslnet_status st = open_key(root, path, &key);
    LONG rc;
    if (st != WSLNET_OK)
        return wn_fail(err, st, 0, "registry key not readable");
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)out, &size);
    RegCloseKey(key);
    if (rc == ERROR_FILE_NOT_FOUND)
        return wn_fail(err, WSLNET_E_NOT_FOUND, 0, "registry value does not exist");
    if (rc != ERROR_SUCCESS)
        return wn_fail_win32(err, (DWORD)rc, "RegQueryValueExW");
    if (type != REG_DWORD)
        return wn_fail(err, WSLNET_E_BAD_DATA, 0, "registry value is not a DWORD");
    return WSLNET_OK;
}
