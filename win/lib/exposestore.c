/* exposestore.c - exposure records in the registry (exposestore.h). */
#include <windows.h>

#include "exposestore.h"

#include "status.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

#define EXPOSURES_KEY L"SOFTWARE\\wslnet\\Exposures"

wslnet_status wn_exposestore_read(wn_expose_record **records, size_t *count, wslnet_error *err)
{
    HKEY key;
    DWORD values = 0, i;
    wn_expose_record *list = NULL;
    LSTATUS rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, EXPOSURES_KEY, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key);
    *records = NULL;
    *count = 0;
    if (rc == ERROR_FILE_NOT_FOUND)
        return WSLNET_OK;
    if (rc != ERROR_SUCCESS)
        return wn_fail_win32(err, (DWORD)rc, "RegOpenKeyExW(HKLM\\SOFTWARE\\wslnet\\Exposures)");
    rc = RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    if (rc == ERROR_SUCCESS && values && !(list = calloc(values, sizeof *list))) {
        RegCloseKey(key);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    for (i = 0; rc == ERROR_SUCCESS && i < values; i++) {
        wchar_t name[64], data[1024];
        DWORD name_len = 64, size = sizeof data - sizeof *data, type = 0;
        char name8[64], data8[1024];
        memset(data, 0, sizeof data);
        if (RegEnumValueW(key, i, name, &name_len, NULL, &type, (BYTE *)data, &size) != ERROR_SUCCESS ||
            type != REG_SZ)
            continue; /* too long or not text: not one of wslnet's */
        wn_utf8_from_wide(name, name8, sizeof name8);
        wn_utf8_from_wide(data, data8, sizeof data8);
        if (wn_expose_record_decode(name8, data8, &list[*count], NULL) == WSLNET_OK)
            (*count)++;
    }
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS) {
        free(list);
        *count = 0;
        return wn_fail_win32(err, (DWORD)rc, "RegQueryInfoKeyW(HKLM\\SOFTWARE\\wslnet\\Exposures)");
    }
    *records = list;
    return WSLNET_OK;
}

wslnet_status wn_exposestore_put(const wn_proxy_exposure *record, wslnet_error *err)
{
    HKEY key;
    wchar_t *name = wn_wide_from_utf8(record->name), *data = wn_wide_from_utf8(record->data);
    LSTATUS rc = ERROR_OUTOFMEMORY;
    if (name && data) {
        rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, EXPOSURES_KEY, 0, NULL, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, NULL,
                             &key, NULL);
        if (rc == ERROR_SUCCESS) {
            rc = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)data, (DWORD)((wcslen(data) + 1) * sizeof *data));
            RegCloseKey(key);
        }
    }
    free(name);
    free(data);
    return rc == ERROR_SUCCESS ? WSLNET_OK : wn_fail_win32(err, (DWORD)rc, "RegSetValueExW(wslnet exposure)");
}

wslnet_status wn_exposestore_delete(const char *name, wslnet_error *err)
{
    wchar_t *wide = wn_wide_from_utf8(name);
    HKEY key;
    LSTATUS rc;
    if (!wide)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, EXPOSURES_KEY, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, &key);
    if (rc == ERROR_SUCCESS) {
        rc = RegDeleteValueW(key, wide);
        RegCloseKey(key);
    }
    free(wide);
    if (rc == ERROR_SUCCESS || rc == ERROR_FILE_NOT_FOUND)
        return WSLNET_OK;
    return wn_fail_win32(err, (DWORD)rc, "RegDeleteKeyValueW(wslnet exposure)");
}
