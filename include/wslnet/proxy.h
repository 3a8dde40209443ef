/*
 * wslnet/proxy.h - part of wslnet's public C API (include wslnet.h):
 * port proxies (netsh interface portproxy's store) with ownership, and
 * their host firewall rules.
 *
 * The store is the IP Helper service's registry key (HKLM\SYSTEM\
 * CurrentControlSet\Services\PortProxy\<kind>\tcp); wslnet records the rules
 * it created under HKLM\SOFTWARE\wslnet\PortProxy\<kind>, with their target:
 * "wsl" (follow the WSL VM's address) or a literal address or host name.
 * Rules wslnet did not create ("foreign") are listed, never changed, except a
 * remove that names one with force.
 *
 * Changes check elevation, take wslnet's lock, check the IP Helper service,
 * apply the plan (undoing it on failure), and tell the service with
 * SERVICE_CONTROL_PARAMCHANGE. With dry_run they only plan.
 */
#ifndef WSLNET_PROXY_H
#define WSLNET_PROXY_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The IP Helper service (iphlpsvc), which listens for the proxies. */
typedef enum wslnet_service_state {
    WSLNET_SERVICE_UNKNOWN = 0,   /* could not be read */
    WSLNET_SERVICE_RUNNING,
    WSLNET_SERVICE_STOPPED,       /* stopped (or stopping/starting) but can be started */
    WSLNET_SERVICE_DISABLED,      /* start type Disabled */
    WSLNET_SERVICE_ABSENT         /* no such service */
} wslnet_service_state;

/* "unknown", "running", "stopped", "disabled", "absent". Static storage. */
WSLNET_API const char *wslnet_service_state_name(wslnet_service_state state);

/* One store value, decoded when it can be. */
typedef struct wslnet_proxy_entry {
    char kind[8];                 /* "v4tov4", "v4tov6", "v6tov4", "v6tov6" */
    char listen_address[46];      /* "*" or an address; "" when not valid */
    uint16_t listen_port;         /* 0 when not valid */
    char connect_address[254];    /* address or host name; "" when not valid */
    uint16_t connect_port;
    int valid;                    /* 0: the value is not a rule netsh would write */
    char raw_name[300];           /* the registry value as found (name, data) */
    char raw_data[300];
    int owned;                    /* 1: wslnet created it (a record exists) */
    char target[254];             /* owned: "wsl" or the literal target; "" otherwise */
    int stale;                    /* owned, target "wsl", and not at the VM's current address */
    int missing;                  /* owned record whose store value is gone */
} wslnet_proxy_entry;

typedef struct wslnet_proxy_list {
    size_t count;
    wslnet_proxy_entry *entries;  /* store order by kind, then value name */
    wslnet_service_state service; /* iphlpsvc */
    char vm_address[46];          /* the VM address used for "stale"; "" when unknown */
    char vm_address_source[16];   /* wslnet_source_name of where it came from; "" */
} wslnet_proxy_list;

/*
 * Reads every store value, wslnet's records and the service state.
 * adapter_pattern: for the VM address lookup (NULL: the default). No
 * elevation needed. On WSLNET_OK *out is allocated: free with
 * wslnet_proxy_list_free. A store value that cannot be decoded is listed with
 * valid 0, not an error.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_proxy_list_get(const char *adapter_pattern,
                                               wslnet_proxy_list **out, wslnet_error *err);
WSLNET_API void wslnet_proxy_list_free(wslnet_proxy_list *list);

/* What a change did (or, with dry_run, would do). */
typedef struct wslnet_proxy_change {
    char op[24];                  /* "putRule", "deleteRule", "putOwned", "deleteOwned",
                                     "putFirewall", "deleteFirewall", "putHypervRule",
                                     "deleteHypervRule", "putExposure", "deleteExposure",
                                     "notify", "startService" (API version 2: was 16 bytes,
                                     too short for "deleteHypervRule") */
    char kind[8];                 /* "" for notify/startService */
    char name[300];               /* registry value name, or firewall rule name */
    char data[300];               /* registry data, firewall scope; "" for deletes */
} wslnet_proxy_change;

typedef struct wslnet_proxy_result {
    size_t count;
    wslnet_proxy_change *changes; /* in the order applied */
    int applied;                  /* 0 with dry_run */
    wslnet_service_state service; /* iphlpsvc, before any start */
    char vm_address[46];          /* the address "wsl" resolved to; "" when not needed */
    char vm_address_source[16];
    char warning[256];            /* e.g. a listener on 127.0.0.1 shadows WSL's localhost relay */
    char recovered[256];          /* what finishing an interrupted earlier change did; "" */
    char vm_user[128];            /* whose VM "wsl" means (options' user): DOMAIN\name or the SID;
                                     "" for the caller's (or, as SYSTEM, the signed-in user's) */
    char vm_user_sid[192];        /* that user's SID; "" with vm_user "" */
} wslnet_proxy_result;

WSLNET_API void wslnet_proxy_result_free(wslnet_proxy_result *result);

typedef struct wslnet_proxy_add_options {
    const char *listen_port;      /* required: "8080" */
    const char *to;               /* required: "wsl", an address, or a host name */
    const char *connect_port;     /* NULL: the listen port */
    const char *listen_address;   /* NULL: 0.0.0.0 (or :: for v6 listen kinds) */
    const char *kind;             /* NULL: "v4tov4" */
    int no_firewall;              /* 1: no host firewall rule */
    const char *profiles;         /* host firewall profiles; NULL: "private,domain" */
    const char *remote;           /* host firewall remote addresses; NULL: "LocalSubnet" */
    const char *adapter_pattern;  /* for the VM address lookup; NULL: the default */
    int start_service;            /* 1: start iphlpsvc when it is stopped */
    int dry_run;
    const char *user;             /* whose VM "wsl" means (name or SID); NULL: the caller, or
                                     as SYSTEM the signed-in user */
} wslnet_proxy_add_options;

typedef struct wslnet_proxy_remove_options {
    const char *listen_port;      /* required */
    const char *listen_address;   /* NULL: 0.0.0.0 (or :: for v6 listen kinds) */
    const char *kind;             /* NULL: "v4tov4" */
    int force;                    /* 1: also a rule wslnet does not own */
    int start_service;
    int dry_run;
} wslnet_proxy_remove_options;

typedef struct wslnet_proxy_sync_options {
    const char *adapter_pattern;
    int start_service;
    int dry_run;
    const char *user;             /* whose VM "wsl" means; NULL as for add */
} wslnet_proxy_sync_options;

/*
 * Adds (or updates) an owned proxy, and its host firewall rule. Input errors
 * are WSLNET_E_INVALID_INPUT before anything is read; a foreign rule on the
 * same listen address and port is WSLNET_E_INVALID_INPUT; not elevated is
 * WSLNET_E_ACCESS_DENIED; iphlpsvc disabled or absent, or stopped without
 * start_service, is WSLNET_E_UNAVAILABLE, all with nothing changed. On
 * WSLNET_OK *out says what was done (free with wslnet_proxy_result_free);
 * on failure after some changes, they are undone and err says so.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_proxy_add(const wslnet_proxy_add_options *options,
                                          wslnet_proxy_result **out, wslnet_error *err);

/* Removes an owned proxy (or, with force, a foreign one) and wslnet's host
 * firewall rule for it. Statuses as wslnet_proxy_add; nothing there is
 * WSLNET_E_NOT_FOUND. */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_proxy_remove(const wslnet_proxy_remove_options *options,
                                             wslnet_proxy_result **out, wslnet_error *err);

/* Re-points every owned "wsl" proxy at the VM's current address and restores
 * owned rules changed or deleted by others. Nothing to do: zero changes, no
 * registry write, no service notification. */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_proxy_sync(const wslnet_proxy_sync_options *options,
                                           wslnet_proxy_result **out, wslnet_error *err);

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_PROXY_H */
