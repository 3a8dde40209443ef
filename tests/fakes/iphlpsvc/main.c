/*
 * iphlpsvc.exe - a test double of the IP Helper service's port proxy, run as
 * the Windows service "iphlpsvc" (SERVICE_WIN32_OWN_PROCESS) in a Wine prefix.
 *
 * On start and on each SERVICE_CONTROL_PARAMCHANGE it reads the port proxy
 * store (HKLM\SYSTEM\CurrentControlSet\Services\PortProxy\<kind>\tcp, 64-bit
 * view) and makes its TCP listeners match it: one per rule, "*" meaning
 * 0.0.0.0 (v4to*) or :: (v6to*); each accepted connection is relayed to the
 * rule's connect address (host names resolved per connection) and port. A
 * rule it cannot serve is logged and shown with "ok": false, never fatal.
 *
 * For the tests, in C:\wslnet-fake:
 *   iphlpsvc-controls.log  "start" when it starts, then each control code
 *                          received, in decimal, one per line ("6", "1")
 *   iphlpsvc-state.json    {"loads":N,"running":true,"listeners":[{"kind":"v4tov4",
 *                          "name":"<listen>/<port>","listen":"0.0.0.0","port":8080,
 *                          "connect":"172.28.20.5","connectPort":8080,"ok":true}]}
 *                          rewritten after each load (N counts loads since
 *                          this start) and at stop (running false, no listeners)
 *   iphlpsvc.log           diagnostics
 * It reports SERVICE_RUNNING only after its first load, so once StartService's
 * caller sees it running the state file is current.
 */
#include "fake_iphlpsvc.h"

#include <stdio.h>
#include <string.h>

#define LOOP_TICK_MS 100      /* how often the loop checks for controls */
#define STOP_RELAY_WAIT_MS 3000

struct service {
    SERVICE_STATUS_HANDLE handle;
    SERVICE_STATUS status;
    volatile LONG reload; /* PARAMCHANGE received, not yet loaded */
    volatile LONG stop;
    struct pp_proxy proxy;
    unsigned loads;
};

/* The one service of this process: the dispatcher's callbacks reach it through
 * the handler's context; ServiceMain gets no context argument, hence static. */
static struct service the_service;

static void set_state(struct service *svc, DWORD state)
{
    svc->status.dwCurrentState = state;
    svc->status.dwControlsAccepted =
        state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_PARAMCHANGE : 0;
    svc->status.dwWaitHint = state == SERVICE_RUNNING || state == SERVICE_STOPPED ? 0 : 5000;
    if (state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING)
        svc->status.dwCheckPoint++;
    else
        svc->status.dwCheckPoint = 0;
    SetServiceStatus(svc->handle, &svc->status);
}

static DWORD WINAPI control_handler(DWORD control, DWORD type, void *data, void *context)
{
    struct service *svc = context;
    char line[16];
    (void)type;
    (void)data;
    snprintf(line, sizeof line, "%lu", control);
    pp_controls_append(line);
    switch (control) {
    case SERVICE_CONTROL_STOP:
        set_state(svc, SERVICE_STOP_PENDING);
        InterlockedExchange(&svc->stop, 1);
        return NO_ERROR;
    case SERVICE_CONTROL_PARAMCHANGE:
        InterlockedExchange(&svc->reload, 1);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

/* Reads the store, applies it, and publishes the state file. */
static void load(struct service *svc)
{
    struct pp_rules rules;
    if (pp_store_read(&rules) != 0) {
        pp_log("out of memory reading the store; keeping the previous listeners");
        return;
    }
    pp_proxy_apply(&svc->proxy, &rules);
    pp_rules_free(&rules);
    svc->loads++;
    pp_state_write(&svc->proxy, svc->loads, 1);
}

static void WINAPI service_main(DWORD argc, WCHAR **argv)
{
    struct service *svc = &the_service;
    WSADATA wsa;
    (void)argc;
    (void)argv;
    svc->handle = RegisterServiceCtrlHandlerExW(L"iphlpsvc", control_handler, svc);
    if (!svc->handle)
        return;
    svc->status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    set_state(svc, SERVICE_START_PENDING);
    pp_controls_append("start");
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        pp_log("WSAStartup failed");
        svc->status.dwWin32ExitCode = ERROR_NOT_READY;
        set_state(svc, SERVICE_STOPPED);
        return;
    }
    load(svc);
    set_state(svc, SERVICE_RUNNING);
    while (!svc->stop) {
        if (InterlockedExchange(&svc->reload, 0))
            load(svc);
        pp_proxy_poll(&svc->proxy, LOOP_TICK_MS);
    }
    pp_proxy_shutdown(&svc->proxy, STOP_RELAY_WAIT_MS);
    pp_state_write(&svc->proxy, svc->loads, 0);
    pp_log("stopped after %u loads", svc->loads);
    set_state(svc, SERVICE_STOPPED);
    /* Relays still running (past the wait) end with the process. */
}

int main(void)
{
    SERVICE_TABLE_ENTRYW table[] = {{(WCHAR *)L"iphlpsvc", service_main}, {NULL, NULL}};
    if (!StartServiceCtrlDispatcherW(table)) {
        fprintf(stderr, "iphlpsvc: this is a service; install and start it with svcctl.exe "
                        "(StartServiceCtrlDispatcher error %lu)\n",
                GetLastError());
        return 1;
    }
    return 0;
}
