/* distrocode.c - consent before an elevated wslnet runs code from a distro.
 *
 * `certs install` and `address --source wsl` start wsl.exe, which runs
 * programs from the distro's file system (sh, update-ca-certificates,
 * hostname). The distro belongs to a user who need not be an administrator,
 * and through WSL interop a program in it can start Windows programs in the
 * caller's (here: elevated) WSL session: WSL keeps one session leader per
 * console and elevation (microsoft/WSL src/windows/service/exe/
 * LxssConsoleManager.cpp:80 SessionLeaderKey{ConsoleId, Elevated};
 * LxssInstance.cpp:262 passes CreateProcessContext.Elevated, set from the
 * caller's token in LxssUserSession.cpp:4126). So an elevated run asks for
 * --allow-distro-code, the admin's statement that the distro is trusted;
 * a non-elevated run (the distro's owner) needs nothing. */
#include "cli.h"

#include "status.h"

/* 1 when this process runs with an elevated (full administrator) token; 0
 * when not, or when the token cannot be read (then wsl.exe runs as the
 * limited user it is anyway). */
static int elevated(void)
{
    TOKEN_ELEVATION e = {0};
    HANDLE token;
    DWORD size;
    int result = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return 0;
    if (GetTokenInformation(token, TokenElevation, &e, sizeof e, &size))
        result = e.TokenIsElevated != 0;
    CloseHandle(token);
    return result;
}

int wn_distro_code_refused(const wn_args *args, const char *command, int *code)
{
    wslnet_error err;
    if (wn_args_has(args, "--allow-distro-code") || !elevated())
        return 0;
    wn_fail(&err, WSLNET_E_USAGE, 0,
            "%s runs programs inside the WSL distro, which its owner controls, and this process is "
            "elevated: add --allow-distro-code if the distro is trusted, or run it without elevation as "
            "the distro's owner; nothing was run",
            command);
    *code = wn_out_error(args->json, &err);
    return 1;
}
