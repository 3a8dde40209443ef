/*
 * regtime.exe KEY - test tool: prints the last-write time of an HKLM key
 * (64-bit view) as a decimal FILETIME, so a test can tell whether anything
 * wrote to the key (setting a value to the same data still updates it).
 * Exit 1 when the key cannot be opened.
 */
#include <windows.h>

#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    HKEY key;
    FILETIME ft;
    if (argc != 2) {
        fwprintf(stderr, L"usage: regtime.exe SUBKEY-OF-HKLM\n");
        return 2;
    }
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, argv[1], 0, KEY_READ | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS) {
        fwprintf(stderr, L"regtime: cannot open HKLM\\%ls\n", argv[1]);
        return 1;
    }
    if (RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &ft) != ERROR_SUCCESS)
        return 1;
    printf("%llu\n", ((unsigned long long)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
    RegCloseKey(key);
    return 0;
}
