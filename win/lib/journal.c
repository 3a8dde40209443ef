/* journal.c - the persistent change journal in the registry (journal.h). */
#include <windows.h>

#include "journal.h"

#include "status.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

#define JOURNAL_KEY L"SOFTWARE\\wslnet\\Journal"
#define JOURNAL_MAX (1u << 20) /* bytes of text we accept back */

static wslnet_status open_key(HKEY *key, int create, wslnet_error *err)
{
    LSTATUS rc = create ? RegCreateKeyExW(HKEY_LOCAL_MACHINE, JOURNAL_KEY, 0, NULL, 0,
                                          KEY_SET_VALUE | KEY_QUERY_VALUE | KEY_WOW64_64KEY, NULL, key, NULL)
                        : RegOpenKeyExW(HKEY_LOCAL_MACHINE, JOURNAL_KEY, 0,
                                        KEY_SET_VALUE | KEY_QUERY_VALUE | KEY_WOW64_64KEY, key);
    if (rc == ERROR_SUCCESS)
        return WSLNET_OK;
    *key = NULL;
    if (!create && rc == ERROR_FILE_NOT_FOUND)
        return WSLNET_OK;
    return wn_fail_win32(err, (DWORD)rc, "RegCreateKeyExW(wslnet journal)");
}

wslnet_status wn_journal_begin(const char *text, wslnet_error *err)
{
    HKEY key;
    DWORD zero = 0;
    wchar_t *wide = wn_wide_from_utf8(text);
    LSTATUS rc;
    wslnet_status st;
    if (!wide)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    if ((st = open_key(&key, 1, err)) != WSLNET_OK) {
        free(wide);
        return st;
    }
    /* Done first: a Plan never sits next to another plan's count */
    rc = RegSetValueExW(key, L"Done", 0, REG_DWORD, (const BYTE *)&zero, sizeof zero);
    if (rc == ERROR_SUCCESS)
        rc = RegSetValueExW(key, L"Plan", 0, REG_SZ, (const BYTE *)wide, (DWORD)((wcslen(wide) + 1) * sizeof *wide));
    if (rc == ERROR_SUCCESS)
        rc = RegFlushKey(key);
    RegCloseKey(key);
    free(wide);
    return rc == ERROR_SUCCESS ? WSLNET_OK : wn_fail_win32(err, (DWORD)rc, "RegSetValueExW(wslnet journal)");
}

wslnet_status wn_journal_progress(size_t done, wslnet_error *err)
{
    HKEY key;
    DWORD value = (DWORD)done;
    LSTATUS rc;
    wslnet_status st = open_key(&key, 1, err);
    if (st != WSLNET_OK)
        return st;
    rc = RegSetValueExW(key, L"Done", 0, REG_DWORD, (const BYTE *)&value, sizeof value);
    if (rc == ERROR_SUCCESS)
        rc = RegFlushKey(key);
    RegCloseKey(key);
    return rc == ERROR_SUCCESS ? WSLNET_OK : wn_fail_win32(err, (DWORD)rc, "RegSetValueExW(wslnet journal)");
}

wslnet_status wn_journal_end(wslnet_error *err)
{
    LSTATUS rc = RegDeleteKeyExW(HKEY_LOCAL_MACHINE, JOURNAL_KEY, KEY_WOW64_64KEY, 0);
    if (rc == ERROR_SUCCESS || rc == ERROR_FILE_NOT_FOUND)
        return WSLNET_OK;
    return wn_fail_win32(err, (DWORD)rc, "RegDeleteKeyExW(wslnet journal)");
}

wslnet_status wn_journal_load(char **text, size_t *done, wslnet_error *err)
{
    HKEY key;
    DWORD type = 0, size = 0, count = 0, csize = sizeof count;
    wchar_t *wide = NULL;
    LSTATUS rc;
    wslnet_status st = open_key(&key, 0, err);
    *text = NULL;
    *done = 0;
    if (st != WSLNET_OK || !key)
        return st;
    rc = RegQueryValueExW(key, L"Plan", NULL, &type, NULL, &size);
    if (rc == ERROR_FILE_NOT_FOUND) {
        RegCloseKey(key);
        return WSLNET_OK; /* a key without a plan: nothing was started */
    }
    if (rc != ERROR_SUCCESS || type != REG_SZ || size > JOURNAL_MAX) {
        RegCloseKey(key);
        return wn_fail(err, WSLNET_E_BAD_DATA, (uint32_t)rc, "the change journal (HKLM\\SOFTWARE\\wslnet\\Journal) is not readable");
    }
    if (!(wide = calloc(size / sizeof *wide + 1, sizeof *wide))) {
        RegCloseKey(key);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    rc = RegQueryValueExW(key, L"Plan", NULL, &type, (BYTE *)wide, &size);
    if (rc == ERROR_SUCCESS)
        rc = RegQueryValueExW(key, L"Done", NULL, &type, (BYTE *)&count, &csize);
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS || type != REG_DWORD) {
        free(wide);
        return wn_fail(err, WSLNET_E_BAD_DATA, (uint32_t)rc, "the change journal (HKLM\\SOFTWARE\\wslnet\\Journal) is not readable");
    }
    *text = wn_utf8_dup_from_wide(wide);
    free(wide);
    if (!*text)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    *done = count;
    return WSLNET_OK;
}
