/*
 * plant.dll - test double of a DLL an attacker plants next to a copy of
 * wslnet.exe (or next to a program that loads wslnet.dll) under a system
 * DLL's name (crypt32.dll, iphlpapi.dll). When any process loads it, it
 * writes C:\wslnet-fake\planted-<its file name>.txt (WSLNET_FAKE_DIR moves
 * the folder), so a test sees that it was loaded. It exports nothing the
 * real DLL does.
 */
#include <windows.h>

#include <stdio.h>
#include <string.h>

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, void *reserved)
{
    char dir[MAX_PATH], module[MAX_PATH], path[2 * MAX_PATH], *leaf;
    DWORD n;
    FILE *f;
    (void)reserved;
    if (reason != DLL_PROCESS_ATTACH)
        return TRUE;
    n = GetEnvironmentVariableA("WSLNET_FAKE_DIR", dir, (DWORD)sizeof dir);
    if (n == 0 || n >= sizeof dir)
        snprintf(dir, sizeof dir, "C:\\wslnet-fake");
    if (!GetModuleFileNameA(self, module, (DWORD)sizeof module))
        snprintf(module, sizeof module, "unknown");
    leaf = strrchr(module, '\\');
    snprintf(path, sizeof path, "%s\\planted-%s.txt", dir, leaf ? leaf + 1 : module);
    if ((f = fopen(path, "wb")) != NULL) {
        fprintf(f, "%s\n", module);
        fclose(f);
    }
    return TRUE;
}
