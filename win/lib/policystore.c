/* policystore.c - the policy's ownership records in the registry (policystore.h). */
#include <windows.h>

#include "policystore.h"

#include "status.h"
#include "text.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

#define OWNED_KEY L"SOFTWARE\\wslnet\\Policy\\Owned"
#define POLICY_KEY L"SOFTWARE\\wslnet\\Policy"

wslnet_status wn_policystore_read(wn_policy_owned **owned, size_t *count, wslnet_error *err)
{
    HKEY key;
    DWORD values = 0, i;
    wn_policy_owned *list = NULL;
    LSTATUS rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, OWNED_KEY, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key);
    *owned = NULL;
    *count = 0;
    if (rc == ERROR_FILE_NOT_FOUND)
        return WSLNET_OK;
    if (rc != ERROR_SUCCESS)
        return wn_fail_win32(err, (DWORD)rc, "RegOpenKeyExW(HKLM\\" WSLNET_POLICY_OWNED_KEY ")");
    rc = RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    if (rc == ERROR_SUCCESS && values && !(list = calloc(values, sizeof *list))) {
        RegCloseKey(key);
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    for (i = 0; rc == ERROR_SUCCESS && i < values; i++) {
        wchar_t name[WN_POLICY_ITEM_MAX + 32];
        DWORD name_len = WN_POLICY_ITEM_MAX + 32, type = 0;
        char name8[WN_POLICY_ITEM_MAX + 32];
        if (RegEnumValueW(key, i, name, &name_len, NULL, &type, NULL, NULL) != ERROR_SUCCESS || type != REG_SZ)
            continue; /* too long or not text: not one of wslnet's */
        wn_utf8_from_wide(name, name8, sizeof name8);
        if (wn_policy_owned_decode(name8, &list[*count]))
            (*count)++;
    }
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS) {
        free(list);
        *count = 0;
        return wn_fail_win32(err, (DWORD)rc, "RegQueryInfoKeyW(HKLM\\" WSLNET_POLICY_OWNED_KEY ")");
    }
    *owned = list;
    return WSLNET_OK;
}

static int has(const wn_policy_owned *set, size_t count, const wn_policy_owned *o)
{
    for (size_t i = 0; i < count; i++)
        if (set[i].area == o->area && wn_streq_nocase(set[i].item, o->item))
            return 1;
    return 0;
}

/* Puts (put 1) or deletes the value of o. */
static LSTATUS change(HKEY key, const wn_policy_owned *o, int put)
{
    char name[WN_POLICY_ITEM_MAX + 32];
    wchar_t *wide;
    LSTATUS rc;
    if (!wn_policy_owned_encode(o, name, sizeof name) || !(wide = wn_wide_from_utf8(name)))
        return ERROR_OUTOFMEMORY;
    rc = put ? RegSetValueExW(key, wide, 0, REG_SZ, (const BYTE *)L"", sizeof(wchar_t)) : RegDeleteValueW(key, wide);
    free(wide);
    return rc == ERROR_FILE_NOT_FOUND && !put ? ERROR_SUCCESS : rc;
}

wslnet_status wn_policystore_update(const wn_policy_owned *before, size_t before_count, const wn_policy_owned *after,
                                    size_t after_count, wslnet_error *err)
{
    size_t i, puts = 0, deletes = 0;
    HKEY key;
    LSTATUS rc = ERROR_SUCCESS;
    DWORD values = 1;
    for (i = 0; i < after_count; i++)
        puts += !has(before, before_count, &after[i]);
    for (i = 0; i < before_count; i++)
        deletes += !has(after, after_count, &before[i]);
    if (!puts && !deletes)
        return WSLNET_OK; /* a converged machine: no registry write */
    rc = puts ? RegCreateKeyExW(HKEY_LOCAL_MACHINE, OWNED_KEY, 0, NULL, 0,
                                KEY_SET_VALUE | KEY_QUERY_VALUE | KEY_WOW64_64KEY, NULL, &key, NULL)
              : RegOpenKeyExW(HKEY_LOCAL_MACHINE, OWNED_KEY, 0, KEY_SET_VALUE | KEY_QUERY_VALUE | KEY_WOW64_64KEY,
                              &key);
    if (rc == ERROR_FILE_NOT_FOUND && !puts)
        return WSLNET_OK;
    if (rc != ERROR_SUCCESS)
        return wn_fail_win32(err, (DWORD)rc, "opening HKLM\\" WSLNET_POLICY_OWNED_KEY);
    for (i = 0; rc == ERROR_SUCCESS && i < after_count; i++)
        if (!has(before, before_count, &after[i]))
            rc = change(key, &after[i], 1);
    for (i = 0; rc == ERROR_SUCCESS && i < before_count; i++)
        if (!has(after, after_count, &before[i]))
            rc = change(key, &before[i], 0);
    if (rc == ERROR_SUCCESS)
        rc = RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS)
        return wn_fail_win32(err, (DWORD)rc, "writing HKLM\\" WSLNET_POLICY_OWNED_KEY);
    if (!values) { /* nothing owned: no key left behind (the MSI's uninstall leaves none) */
        RegDeleteKeyExW(HKEY_LOCAL_MACHINE, OWNED_KEY, KEY_WOW64_64KEY, 0);
        RegDeleteKeyExW(HKEY_LOCAL_MACHINE, POLICY_KEY, KEY_WOW64_64KEY, 0);
    }
    return WSLNET_OK;
}
