/*
 * svcctl.exe - test tool: the service controls Wine's sc.exe lacks (Wine 8's
 * sc has no "control" and no "config"), over the Service Control Manager API.
 *
 *   svcctl install NAME BINPATH   create NAME (own process, demand start), or
 *                                 when it exists stop it and point it at BINPATH
 *                                 (prints "created" or "replaced")
 *   svcctl start NAME             start it; wait until it runs (10 s)
 *   svcctl stop NAME              stop it; wait until it stopped (10 s)
 *   svcctl control NAME CODE      ControlService(CODE) once, as a client would
 *                                 (6 = SERVICE_CONTROL_PARAMCHANGE)
 *   svcctl starttype NAME auto|demand|disabled
 *   svcctl query NAME             prints "state=RUNNING start=demand"
 *   svcctl delete NAME
 *
 * Exit 0 on success, 1 when the call failed (one line on stderr with the
 * Windows error code), 2 on a usage error.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define WAIT_MS 10000

static int fail(const char *what, const wchar_t *name)
{
    fprintf(stderr, "svcctl: %s %ls failed (error %lu)\n", what, name, GetLastError());
    return 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: svcctl install NAME BINPATH | start NAME | stop NAME | "
                    "control NAME CODE | starttype NAME auto|demand|disabled | query NAME | "
                    "delete NAME\n");
    return 2;
}

/* Opens service name with access; NULL (error in GetLastError) on failure.
 * The caller closes both handles. */
static SC_HANDLE open_service(SC_HANDLE *scm, const wchar_t *name, DWORD access)
{
    SC_HANDLE svc;
    *scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!*scm)
        return NULL;
    svc = OpenServiceW(*scm, name, access);
    if (!svc) {
        DWORD err = GetLastError();
        CloseServiceHandle(*scm);
        *scm = NULL;
        SetLastError(err);
    }
    return svc;
}

static void close_both(SC_HANDLE scm, SC_HANDLE svc)
{
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
}

/* Waits until svc reaches state; 0, or -1 on timeout or a query failure. */
static int wait_state(SC_HANDLE svc, DWORD state)
{
    SERVICE_STATUS st;
    DWORD waited = 0;
    for (;;) {
        if (!QueryServiceStatus(svc, &st))
            return -1;
        if (st.dwCurrentState == state)
            return 0;
        /* A service that died while starting will never run. */
        if (state == SERVICE_RUNNING && st.dwCurrentState == SERVICE_STOPPED && waited > 500)
            return -1;
        if (waited >= WAIT_MS)
            return -1;
        Sleep(50);
        waited += 50;
    }
}

/* Stops svc (if it runs) and waits until it stopped. 0, or -1. */
static int stop_and_wait(SC_HANDLE svc)
{
    SERVICE_STATUS st;
    /* Not active: already stopped. Cannot accept: already stopping (or starting). */
    if (!ControlService(svc, SERVICE_CONTROL_STOP, &st) && GetLastError() != ERROR_SERVICE_NOT_ACTIVE &&
        GetLastError() != ERROR_SERVICE_CANNOT_ACCEPT_CTRL)
        return -1;
    return wait_state(svc, SERVICE_STOPPED);
}

static int cmd_install(const wchar_t *name, const wchar_t *binpath)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE), svc;
    if (!scm)
        return fail("OpenSCManager for", name);
    svc = CreateServiceW(scm, name, name, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                         SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, binpath, NULL, NULL, NULL,
                         NULL, NULL);
    if (svc) {
        close_both(scm, svc);
        puts("created");
        return 0;
    }
    if (GetLastError() != ERROR_SERVICE_EXISTS) {
        int rc = fail("CreateService", name);
        close_both(scm, NULL);
        return rc;
    }
    /* Replace: the same name, now this binary. */
    svc = OpenServiceW(scm, name, SERVICE_ALL_ACCESS);
    if (!svc || stop_and_wait(svc) != 0 ||
        !ChangeServiceConfigW(svc, SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START,
                              SERVICE_ERROR_NORMAL, binpath, NULL, NULL, NULL, NULL, NULL, NULL)) {
        int rc = fail("replacing service", name);
        close_both(scm, svc);
        return rc;
    }
    close_both(scm, svc);
    puts("replaced");
    return 0;
}

static int cmd_start(const wchar_t *name)
{
    SC_HANDLE scm, svc = open_service(&scm, name, SERVICE_START | SERVICE_QUERY_STATUS);
    int rc = 0;
    if (!svc)
        return fail("OpenService", name);
    if (!StartServiceW(svc, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING)
        rc = fail("StartService", name);
    else if (wait_state(svc, SERVICE_RUNNING) != 0)
        rc = fail("waiting for the start of", name);
    close_both(scm, svc);
    return rc;
}

static int cmd_stop(const wchar_t *name)
{
    SC_HANDLE scm, svc = open_service(&scm, name, SERVICE_STOP | SERVICE_QUERY_STATUS);
    int rc = 0;
    if (!svc)
        return fail("OpenService", name);
    if (stop_and_wait(svc) != 0)
        rc = fail("stopping", name);
    close_both(scm, svc);
    return rc;
}

/* The access right ControlService needs for code (as documented). */
static DWORD control_access(DWORD code)
{
    if (code == SERVICE_CONTROL_STOP)
        return SERVICE_STOP;
    if (code == SERVICE_CONTROL_INTERROGATE)
        return SERVICE_INTERROGATE;
    if (code >= 128)
        return SERVICE_USER_DEFINED_CONTROL;
    return SERVICE_PAUSE_CONTINUE;
}

static int cmd_control(const wchar_t *name, const wchar_t *code_text)
{
    wchar_t *end;
    unsigned long code = wcstoul(code_text, &end, 10);
    SERVICE_STATUS st;
    SC_HANDLE scm, svc;
    int rc = 0;
    if (*code_text == L'\0' || *end != L'\0' || code > 255)
        return usage();
    svc = open_service(&scm, name, control_access((DWORD)code) | SERVICE_QUERY_STATUS);
    if (!svc)
        return fail("OpenService", name);
    if (!ControlService(svc, (DWORD)code, &st))
        rc = fail("ControlService on", name);
    close_both(scm, svc);
    return rc;
}

static int cmd_starttype(const wchar_t *name, const wchar_t *type_text)
{
    DWORD type;
    SC_HANDLE scm, svc;
    int rc = 0;
    if (wcscmp(type_text, L"auto") == 0)
        type = SERVICE_AUTO_START;
    else if (wcscmp(type_text, L"demand") == 0)
        type = SERVICE_DEMAND_START;
    else if (wcscmp(type_text, L"disabled") == 0)
        type = SERVICE_DISABLED;
    else
        return usage();
    svc = open_service(&scm, name, SERVICE_CHANGE_CONFIG);
    if (!svc)
        return fail("OpenService", name);
    if (!ChangeServiceConfigW(svc, SERVICE_NO_CHANGE, type, SERVICE_NO_CHANGE, NULL, NULL, NULL,
                              NULL, NULL, NULL, NULL))
        rc = fail("ChangeServiceConfig on", name);
    close_both(scm, svc);
    return rc;
}

static const char *state_name(DWORD s)
{
    switch (s) {
    case SERVICE_STOPPED: return "STOPPED";
    case SERVICE_START_PENDING: return "START_PENDING";
    case SERVICE_STOP_PENDING: return "STOP_PENDING";
    case SERVICE_RUNNING: return "RUNNING";
    case SERVICE_CONTINUE_PENDING: return "CONTINUE_PENDING";
    case SERVICE_PAUSE_PENDING: return "PAUSE_PENDING";
    case SERVICE_PAUSED: return "PAUSED";
    default: return "UNKNOWN";
    }
}

static const char *start_name(DWORD t)
{
    switch (t) {
    case SERVICE_BOOT_START: return "boot";
    case SERVICE_SYSTEM_START: return "system";
    case SERVICE_AUTO_START: return "auto";
    case SERVICE_DEMAND_START: return "demand";
    case SERVICE_DISABLED: return "disabled";
    default: return "unknown";
    }
}

static int cmd_query(const wchar_t *name)
{
    SC_HANDLE scm, svc = open_service(&scm, name, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG);
    SERVICE_STATUS st;
    QUERY_SERVICE_CONFIGW *cfg;
    DWORD need = 0;
    int rc = 0;
    if (!svc)
        return fail("OpenService", name);
    QueryServiceConfigW(svc, NULL, 0, &need);
    cfg = malloc(need ? need : 1);
    if (!cfg || !QueryServiceStatus(svc, &st) || !QueryServiceConfigW(svc, cfg, need, &need))
        rc = fail("querying", name);
    else
        printf("state=%s start=%s\n", state_name(st.dwCurrentState), start_name(cfg->dwStartType));
    free(cfg);
    close_both(scm, svc);
    return rc;
}

static int cmd_delete(const wchar_t *name)
{
    SC_HANDLE scm, svc = open_service(&scm, name, DELETE);
    int rc = 0;
    if (!svc)
        return fail("OpenService", name);
    if (!DeleteService(svc))
        rc = fail("DeleteService", name);
    close_both(scm, svc);
    return rc;
}

int wmain(int argc, wchar_t **argv)
{
    const wchar_t *cmd = argc > 1 ? argv[1] : L"";
    if (argc == 4 && wcscmp(cmd, L"install") == 0)
        return cmd_install(argv[2], argv[3]);
    if (argc == 3 && wcscmp(cmd, L"start") == 0)
        return cmd_start(argv[2]);
    if (argc == 3 && wcscmp(cmd, L"stop") == 0)
        return cmd_stop(argv[2]);
    if (argc == 4 && wcscmp(cmd, L"control") == 0)
        return cmd_control(argv[2], argv[3]);
    if (argc == 4 && wcscmp(cmd, L"starttype") == 0)
        return cmd_starttype(argv[2], argv[3]);
    if (argc == 3 && wcscmp(cmd, L"query") == 0)
        return cmd_query(argv[2]);
    if (argc == 3 && wcscmp(cmd, L"delete") == 0)
        return cmd_delete(argv[2]);
    return usage();
}
