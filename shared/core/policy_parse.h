/*
 * policy_parse.h - the policy file of issue 12 (docs/policy.schema.json,
 * schemaVersion 1): parsed and validated into a typed model, pure (no system
 * read). Every error is collected with its JSON path ("$.portProxies[2].
 * listenPort: must be an integer 1..65535"); a policy with any error is
 * refused as a whole (WSLNET_E_INVALID_INPUT, exit 3).
 *
 * Values are kept as the strings the existing option structs take
 * (wslnet_hvfw_rule_options, wslnet_proxy_*), already checked by the same
 * parsers those commands use, so plan and apply reuse them unchanged.
 */
#ifndef WN_POLICY_H
#define WN_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "strbuf.h"

#define WN_POLICY_SCHEMA_VERSION 1

/* A list of owned strings. */
typedef struct wn_policy_strings {
    char **items;
    size_t count;
} wn_policy_strings;

typedef struct wn_policy_proxy {
    uint16_t listen_port;
    uint16_t connect_port;         /* default: listen_port */
    char *listen_address;          /* default "0.0.0.0" */
    char *connect_address;         /* "wsl", an IPv4/IPv6 address or a host name */
    int has_firewall;              /* a "firewall" member: a host firewall rule is wanted */
    unsigned firewall_profiles;    /* wn_hostfw_profiles_parse's bits; default as proxy add */
    char *firewall_remote;         /* wn_hostfw_remote_parse's form; default "LocalSubnet" */
} wn_policy_proxy;

typedef struct wn_policy_exposure {
    uint16_t *ports;
    size_t port_count;
    int udp;                       /* protocol "udp" (default tcp) */
} wn_policy_exposure;

typedef struct wn_policy_hvrule {
    char *name;                    /* as given; the created rule is wslnet-<name> */
    char *protocol;                /* as given ("tcp", "udp", "icmpv4", "17", ...) */
    char *direction;               /* "in" or "out"; default "in" */
    char *action;                  /* "allow" or "block"; default "allow" */
    char *local_ports;             /* comma list or NULL (any) */
    char *remote_ports;
    char *local_addresses;
    char *remote_addresses;
    char *profiles;                /* comma list or NULL (any) */
    int enabled;                   /* 1 (default) or 0 */
} wn_policy_hvrule;

/* A Hyper-V firewall setting: NULL when the policy does not name it. */
typedef struct wn_policy_hvsettings {
    const char *enabled;           /* "true" / "false" (static strings) */
    const char *default_inbound;   /* "allow" / "block" */
    const char *default_outbound;
    const char *loopback;
} wn_policy_hvsettings;

typedef struct wn_policy_cfgset {
    char *key;                     /* "wsl2.dnsTunneling" as the catalogue spells it */
    char *value;                   /* as written to .wslconfig ("true", "4GB") */
} wn_policy_cfgset;

typedef struct wn_policy {
    int has_port_proxies, has_exposures, has_hyperv, has_nat_subnet, has_wslconfig, has_certificates;
    wn_policy_proxy *proxies;
    size_t proxy_count;
    wn_policy_exposure *exposures;
    size_t exposure_count;
    wn_policy_hvsettings hv_settings;
    wn_policy_hvrule *hv_rules;
    size_t hv_rule_count;
    uint32_t nat_net;              /* host order */
    uint8_t nat_len;
    int wslconfig_all_users;       /* users "all" (default) */
    wn_policy_strings wslconfig_users;
    wn_policy_cfgset *wslconfig_set;
    size_t wslconfig_set_count;
    wn_policy_strings wslconfig_unset;
    int cert_all_distros;
    wn_policy_strings cert_distros;
    wn_policy_strings cert_stores;
    char *cert_subject;
} wn_policy;

/* Validation errors: one line "PATH: message\n" each, in document order. */
typedef struct wn_policy_errors {
    wn_strbuf text;
    size_t count;
} wn_policy_errors;

/*
 * Parses and validates len bytes of JSON (need not be NUL-terminated).
 * WSLNET_OK: *out is filled (free with wn_policy_free). Otherwise *out is
 * empty, errors holds every error found (free with wn_policy_errors_free),
 * and err says how many and lists them on one line (as many as fit):
 * WSLNET_E_INVALID_INPUT for a bad policy, WSLNET_E_NO_MEMORY.
 */
WN_MUST_CHECK
wslnet_status wn_policy_parse(const char *json, size_t len, wn_policy *out, wn_policy_errors *errors,
                              wslnet_error *err);

void wn_policy_free(wn_policy *policy);
void wn_policy_errors_free(wn_policy_errors *errors);

#endif
