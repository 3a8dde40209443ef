/*
 * apihost.exe - test tool: a program that uses wslnet.dll's C API the way a
 * third-party host would, without SetDefaultDllDirectories: it loads the
 * wslnet.dll next to itself and lists the adapters (which needs iphlpapi.dll).
 * Prints "status N"; exits 0 when the call returned (any status), 1 when
 * wslnet.dll or its function could not be loaded.
 *
 * apihost.exe NAME: the control. Loads NAME with a plain LoadLibraryW (the
 * default search order: this program's folder first) and exits 0 when it
 * loaded, 1 when not.
 */
#include <windows.h>

#include <stdio.h>
#include <wchar.h>

#include "wslnet.h"

typedef wslnet_status (*list_get_fn)(const char *, wslnet_adapter_list **, wslnet_error *);
typedef void (*list_free_fn)(wslnet_adapter_list *);

int wmain(int argc, wchar_t **argv)
{
    wchar_t path[MAX_PATH], *slash;
    wslnet_adapter_list *list = NULL;
    wslnet_error err;
    wslnet_status st;
    HMODULE dll;
    list_get_fn get;
    list_free_fn release;
    if (argc > 1)
        return LoadLibraryW(argv[1]) ? 0 : 1;
    if (!GetModuleFileNameW(NULL, path, MAX_PATH) || !(slash = wcsrchr(path, L'\\')))
        return 1;
    wcscpy(slash + 1, L"wslnet.dll");
    if (!(dll = LoadLibraryW(path))) {
        fprintf(stderr, "apihost: cannot load wslnet.dll (error %lu)\n", GetLastError());
        return 1;
    }
    get = (list_get_fn)(void *)GetProcAddress(dll, "wslnet_adapter_list_get");
    release = (list_free_fn)(void *)GetProcAddress(dll, "wslnet_adapter_list_free");
    if (!get || !release)
        return 1;
    st = get("*", &list, &err);
    printf("status %d\n", (int)st);
    if (st == WSLNET_OK)
        release(list);
    return 0;
}
