/*
 * doctor_judge.h - the decisions of `wslnet doctor`, portable: win/lib/doctor_read.c
 * reads the system into a wn_doctor_snapshot (plain data, each part with the
 * status of its read); the functions here turn it into checks with a verdict,
 * a detail, a hint and an exact fix command. Nothing here touches the system.
 *
 * A part that was not read carries its reason in *_error.message (status
 * WSLNET_E_UNSUPPORTED / WSLNET_E_UNAVAILABLE...): its check is "skipped"
 * with that reason unless the failure itself is the finding.
 */
#ifndef WN_DOCTOR_H
#define WN_DOCTOR_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */
#include "subnet_plan.h"

#include <stddef.h>
#include <stdint.h>

#define WN_DOCTOR_CHECK_COUNT 13

/* One IPv4 route of the host (GetIpForwardTable2): subnet_plan.h's, shared with
 * `wslnet subnet`. */
typedef wn_route wn_doctor_route;

/* The host firewall rule of one owned proxy. */
typedef struct wn_doctor_hostfw {
    size_t entry;                /* index into proxies->entries */
    char name[256];              /* wn_hostfw_proxy_rule_name */
    int found, owned;
} wn_doctor_hostfw;

/* A TCP connect attempt. */
typedef struct wn_doctor_connect {
    int tried;                   /* 0: not attempted (no port, no address) */
    int ok;
    char target[64];             /* "172.28.20.5:8080" */
    uint32_t code;               /* WSA error, 0 on success or timeout */
    int timed_out;
    unsigned elapsed_ms;
} wn_doctor_connect;

typedef struct wn_doctor_snapshot {
    uint16_t port;                          /* 0: no --port */
    char adapter_pattern[256];

    wslnet_error mode_error;                /* status WSLNET_OK when mode was read */
    wslnet_mode_info mode;

    wslnet_error adapter_error;             /* WSLNET_E_NOT_FOUND: no adapter matched */
    const wslnet_adapter_list *adapters;    /* NULL unless read */

    wslnet_error address_error;
    wslnet_vm_address address;

    wslnet_error lint_error;                /* WSLNET_E_UNSUPPORTED: lint not available */
    char lint_path[520];
    size_t lint_errors, lint_warnings;
    uint32_t lint_first_line;               /* of the first error (or warning) */
    char lint_first_message[320];

    wslnet_error proxy_error;
    const wslnet_proxy_list *proxies;       /* NULL unless read */

    wslnet_error hostfw_error;              /* firewall API failure */
    size_t hostfw_count;
    const wn_doctor_hostfw *hostfw;         /* one per owned, present, valid proxy */

    wslnet_error hvfw_error;                /* probe or settings failure */
    wslnet_hvfw_capability hvfw;
    wslnet_hvfw_settings hvfw_settings;
    wslnet_error hvfw_rules_error;          /* WSLNET_OK when rules were read */
    const wslnet_hvfw_rule_list *hvfw_rules;

    wslnet_error route_error;
    size_t route_count;
    const wn_doctor_route *routes;

    wn_doctor_connect connect_vm, connect_localhost;

    wslnet_error expose_error;              /* WSLNET_OK when the exposures were read */
    const wslnet_expose_list *exposures;
} wn_doctor_snapshot;

/* Zeroes s: every part unread (status WSLNET_E_UNAVAILABLE, "not read"). */
void wn_doctor_snapshot_init(wn_doctor_snapshot *s);

/* Parses --port (NULL: none, *out 0). WSLNET_E_INVALID_INPUT naming the value. */
WN_MUST_CHECK
wslnet_status wn_doctor_port_parse(const char *text, uint16_t *out, wslnet_error *err);

/* The checks, each filling out completely from s. */
void wn_doctor_check_mode(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_adapter(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_address(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_config(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_iphlpsvc(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_proxies(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_host_firewall(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_hyperv_firewall(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_subnet_overlap(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_port_proxy(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_connect_vm(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_connect_localhost(const wn_doctor_snapshot *s, wslnet_doctor_check *out);
void wn_doctor_check_exposures(const wn_doctor_snapshot *s, wslnet_doctor_check *out);

/* The WSL NAT subnet (network address, host order, and length) from the
 * first matching adapter with IPv4; 0 when there is none. */
int wn_doctor_wsl_subnet(const wn_doctor_snapshot *s, uint32_t *net, uint8_t *length,
                         uint32_t *if_index);

/* 1 when the Hyper-V firewall rule lets inbound TCP to port through: enabled,
 * inbound, allow, protocol TCP/6/any, local ports any or covering port. */
int wn_doctor_hvfw_rule_allows(const wslnet_hvfw_rule *rule, uint16_t port);

/* Runs every check into a new report (free with wn_doctor_report_free).
 * NULL when out of memory. */
wslnet_doctor_report *wn_doctor_evaluate(const wn_doctor_snapshot *s);
void wn_doctor_report_free(wslnet_doctor_report *report);

/* 0, WSLNET_DOCTOR_EXIT_WARN or WSLNET_DOCTOR_EXIT_FAIL. */
int wn_doctor_exit_code(const wslnet_doctor_report *report);
const char *wn_verdict_name(wslnet_verdict verdict);

#endif
