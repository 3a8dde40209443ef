/*
 * wslnet/doctor.h - part of wslnet's public C API (include wslnet.h):
 * checks of the WSL networking setup, each with a verdict and a fix.
 *
 * The doctor only reads: mode and OS support, the WSL adapter and the VM
 * address, .wslconfig lint, the IP Helper service, wslnet's port proxies and
 * their host firewall rules, the Hyper-V firewall, routes of other interfaces
 * overlapping WSL's NAT subnet (VPNs), and, for a port, TCP connections to
 * the VM and to 127.0.0.1. It never changes anything and needs no elevation.
 */
#ifndef WSLNET_DOCTOR_H
#define WSLNET_DOCTOR_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Exit codes of `wslnet doctor` when the checks ran (beyond the status table):
 * 0 every check ok or skipped, WSLNET_DOCTOR_EXIT_WARN some warned and none
 * failed, WSLNET_DOCTOR_EXIT_FAIL at least one failed. */
#define WSLNET_DOCTOR_EXIT_WARN 20
#define WSLNET_DOCTOR_EXIT_FAIL 21

typedef enum wslnet_verdict {
    WSLNET_VERDICT_OK = 0,
    WSLNET_VERDICT_WARN,
    WSLNET_VERDICT_FAIL,
    WSLNET_VERDICT_SKIPPED       /* the check does not apply or could not run: detail says why */
} wslnet_verdict;

/* "ok", "warn", "fail", "skipped". Static storage. */
WSLNET_API const char *wslnet_verdict_name(wslnet_verdict verdict);

typedef struct wslnet_doctor_check {
    char id[24];                 /* stable: "mode", "adapter", "address", "config", "iphlpsvc",
                                    "proxies", "host-firewall", "hyperv-firewall",
                                    "subnet-overlap", "port-proxy", "connect-vm",
                                    "connect-localhost" */
    char title[64];              /* for a person */
    wslnet_verdict verdict;
    char detail[512];            /* what was found, one line */
    char hint[256];              /* what to do, one line; "" when ok */
    char fix[256];               /* the exact command that fixes it; "" when none exists */
} wslnet_doctor_check;

typedef struct wslnet_doctor_report {
    size_t count;
    wslnet_doctor_check *checks; /* in the order above */
    size_t ok, warn, fail, skipped;
    int port;                    /* the port tested, 0 when none */
} wslnet_doctor_report;

typedef struct wslnet_doctor_options {
    uint16_t port;               /* also check proxy, firewall and TCP for this port; 0: none
                                    (API version 4: was text) */
    const char *adapter_pattern; /* NULL: WSLNET_DEFAULT_ADAPTER_PATTERN */
    const char *config_path;     /* NULL: %UserProfile%\.wslconfig */
    unsigned connect_timeout_ms; /* 0: 1500 */
    const char *user;            /* whose VM and .wslconfig (name or SID); NULL: the caller */
} wslnet_doctor_options;

/*
 * Runs every check (options NULL: every default). An unknown options->user is
 * WSLNET_E_NOT_FOUND (or what resolving it returned: WSLNET_E_INVALID_INPUT,
 * WSLNET_E_SYSTEM) before anything is read; out of memory is
 * WSLNET_E_NO_MEMORY; otherwise a check that cannot read its source says so
 * in its verdict, and the call returns WSLNET_OK with *out allocated (free
 * with wslnet_doctor_report_free). On an error *out is NULL.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_doctor_run(const wslnet_doctor_options *options,
                                           wslnet_doctor_report **out, wslnet_error *err);
WSLNET_API void wslnet_doctor_report_free(wslnet_doctor_report *report);

/* 0, WSLNET_DOCTOR_EXIT_WARN or WSLNET_DOCTOR_EXIT_FAIL for a report. */
WSLNET_API int wslnet_doctor_exit_code(const wslnet_doctor_report *report);

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_DOCTOR_H */
