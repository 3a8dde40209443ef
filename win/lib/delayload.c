/* delayload.c - where the delay-loaded system DLLs come from.
 *
 * wslnet.dll imports iphlpapi, ws2_32, ole32, oleaut32, shell32, crypt32 and msi
 * through delay-import libraries (cmake/delaylib.sh): each is loaded on the
 * first call a command makes into it, so a command pays only for what it
 * uses. mingw-w64's __delayLoadHelper2 (derived from Microsoft's delayhlp.cpp)
 * asks this hook first and otherwise calls LoadLibraryA, which would search
 * the host process's folder and current directory: the DLL cannot change the
 * host's search policy, so it loads them from System32 itself. */
#include <windows.h>

#include <delayimp.h>

/* dliNotePreLoadLibrary: the DLL from System32 only. A failure is raised the
 * way the helper itself reports one (VcppException(ERROR_SEVERITY_ERROR,
 * ERROR_MOD_NOT_FOUND)), never handed back, since a NULL would make the helper
 * try LoadLibraryA. Other notifications: NULL, the helper's default. */
static FARPROC WINAPI system32_only(unsigned notify, PDelayLoadInfo info)
{
    HMODULE module;
    ULONG_PTR arg;
    if (notify != dliNotePreLoadLibrary)
        return NULL;
    module = LoadLibraryExA(info->szDll, NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (!module) {
        info->dwLastError = GetLastError();
        arg = (ULONG_PTR)info;
        RaiseException(VcppException(ERROR_SEVERITY_ERROR, ERROR_MOD_NOT_FOUND), 0, 1, &arg);
    }
    return (FARPROC)(void *)module;
}

/* Read by __delayLoadHelper2 (declared in <delayimp.h>); this definition
 * replaces the runtime's empty one. */
PfnDliHook __pfnDliNotifyHook2 = system32_only;
