/* iphlpsvc.c - the IP Helper service through the service control manager. */
#include <windows.h>

#include "iphlpsvc.h"
#include "status.h"
#include "winutil.h"

#include <stdlib.h>

/* Opens the service with access; *service NULL and WSLNET_OK when absent. */
static wslnet_status open_service(DWORD access, SC_HANDLE *scm, SC_HANDLE *service, wslnet_error *err)
{
    *service = NULL;
    if (!(*scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT)))
        return wn_fail_win32(err, GetLastError(), "OpenSCManagerW");
    if (!(*service = OpenServiceW(*scm, WN_IPHLPSVC_NAME, access))) {
        DWORD e = GetLastError();
        if (e == ERROR_SERVICE_DOES_NOT_EXIST)
            return WSLNET_OK;
        CloseServiceHandle(*scm);
        *scm = NULL;
        return wn_fail_win32(err, e, "OpenServiceW(iphlpsvc)");
    }
    return WSLNET_OK;
}

static void close_service(SC_HANDLE scm, SC_HANDLE service)
{
    if (service)
        CloseServiceHandle(service);
    if (scm)
        CloseServiceHandle(scm);
}

/* 1 when the service's start type is Disabled. */
static int is_disabled(SC_HANDLE service)
{
    DWORD needed = 0;
    QUERY_SERVICE_CONFIGW *config;
    int disabled = 0;
    QueryServiceConfigW(service, NULL, 0, &needed);
    if (needed && (config = malloc(needed)) != NULL) {
        if (QueryServiceConfigW(service, config, needed, &needed))
            disabled = config->dwStartType == SERVICE_DISABLED;
        free(config);
    }
    return disabled;
}

wslnet_status wn_iphlpsvc_state(wslnet_service_state *out, wslnet_error *err)
{
    SC_HANDLE scm, service;
    SERVICE_STATUS status;
    wslnet_status st = open_service(SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG, &scm, &service, err);
    *out = WSLNET_SERVICE_UNKNOWN;
    if (st != WSLNET_OK)
        return st;
    if (!service) {
        *out = WSLNET_SERVICE_ABSENT;
    } else if (!QueryServiceStatus(service, &status)) {
        st = wn_fail_win32(err, GetLastError(), "QueryServiceStatus(iphlpsvc)");
    } else if (status.dwCurrentState == SERVICE_RUNNING) {
        *out = WSLNET_SERVICE_RUNNING;
    } else {
        *out = is_disabled(service) ? WSLNET_SERVICE_DISABLED : WSLNET_SERVICE_STOPPED;
    }
    close_service(scm, service);
    return st;
}

wslnet_status wn_iphlpsvc_start(wslnet_error *err)
{
    SC_HANDLE scm, service;
    SERVICE_STATUS status;
    wslnet_status st = open_service(SERVICE_START | SERVICE_QUERY_STATUS, &scm, &service, err);
    int i;
    if (st != WSLNET_OK)
        return st;
    if (!service)
        return close_service(scm, service),
               wn_fail(err, WSLNET_E_UNAVAILABLE, ERROR_SERVICE_DOES_NOT_EXIST, "the IP Helper service (iphlpsvc) is not installed");
    if (!StartServiceW(service, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
        st = wn_fail_win32(err, GetLastError(), "StartServiceW(iphlpsvc)");
        close_service(scm, service);
        return st;
    }
    for (i = 0; i < 300; i++) { /* 30 s */
        if (!QueryServiceStatus(service, &status)) {
            st = wn_fail_win32(err, GetLastError(), "QueryServiceStatus(iphlpsvc)");
            break;
        }
        if (status.dwCurrentState == SERVICE_RUNNING)
            break;
        Sleep(100);
    }
    if (st == WSLNET_OK && status.dwCurrentState != SERVICE_RUNNING)
        st = wn_fail(err, WSLNET_E_UNAVAILABLE, 0, "the IP Helper service (iphlpsvc) did not start within 30 s");
    close_service(scm, service);
    return st;
}

wslnet_status wn_iphlpsvc_notify(wslnet_error *err)
{
    SC_HANDLE scm, service;
    SERVICE_STATUS status;
    wslnet_status st = open_service(SERVICE_PAUSE_CONTINUE | SERVICE_QUERY_STATUS, &scm, &service, err);
    if (st != WSLNET_OK)
        return st;
    if (!service)
        st = wn_fail(err, WSLNET_E_UNAVAILABLE, ERROR_SERVICE_DOES_NOT_EXIST, "the IP Helper service (iphlpsvc) is not installed");
    else if (!ControlService(service, SERVICE_CONTROL_PARAMCHANGE, &status))
        st = wn_fail_win32(err, GetLastError(), "ControlService(iphlpsvc, PARAMCHANGE)");
    close_service(scm, service);
    return st;
}
