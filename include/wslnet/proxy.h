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

/* A proxy's kind: the listen family, then the connect family (netsh's
 * v4tov4 ...; the registry subkey is the lowercase name). */
typedef enum wslnet_proxy_kind {
    WSLNET_PROXY_V4TOV4 = 0,      /* the default */
    WSLNET_PROXY_V4TOV6,
    WSLNET_PROXY_V6TOV4,
    WSLNET_PROXY_V6TOV6
} wslnet_proxy_kind;

/* Host firewall profiles (NET_FW_PROFILE2 bits) a proxy's rule applies in. */
#define WSLNET_FW_PROFILE_DOMAIN 0x1u
#define WSLNET_FW_PROFILE_PRIVATE 0x2u
#define WSLNET_FW_PROFILE_PUBLIC 0x4u
#define WSLNET_FW_PROFILE_ANY 0x7FFFFFFFu  /* every profile (NET_FW_PROFILE2_ALL), alone */

/* A proxy's listen address (API version 4: was text). */
typedef struct wslnet_proxy_listen {
    wslnet_ip_address address;    /* family 0: the default, 0.0.0.0 (or :: for the v6 listen
                                     kinds); otherwise the kind's listen family */
    int wildcard;                 /* 1: netsh's "*" (address must then have family 0) */
} wslnet_proxy_listen;

/* Options of wslnet_proxy_add (API version 4: ports, kind, listen address and
 * profiles are values, not text). Zeroed, every optional field is its default. */
typedef struct wslnet_proxy_add_options {
    uint16_t listen_port;         /* required: 1-65535 */
    const char *to;               /* required: "wsl" (the VM's current address), an address of the
                                     kind's connect family, or a host name */
    uint16_t connect_port;        /* 0: the listen port */
    wslnet_proxy_listen listen;   /* zeroed: the default */
    wslnet_proxy_kind kind;       /* zero: WSLNET_PROXY_V4TOV4 */
    int no_firewall;              /* 1: no host firewall rule (profiles 0 and remote NULL then) */
    unsigned profiles;            /* host firewall profiles: WSLNET_FW_PROFILE_* bits, or
                                     WSLNET_FW_PROFILE_ANY; 0: domain and private */
    const char *remote;           /* host firewall remote addresses, a comma list as
                                     `wslnet proxy add --remote` takes it (keywords, addresses,
                                     subnets, ranges); NULL: "LocalSubnet" */
    const char *adapter_pattern;  /* for the VM address lookup; NULL: the default */
    int start_service;            /* 1: start iphlpsvc when it is stopped */
    int dry_run;
    const char *user;             /* whose VM "wsl" means (name or SID); NULL: the caller, or
                                     as SYSTEM the signed-in user */
} wslnet_proxy_add_options;

/* Options of wslnet_proxy_remove: the rule's identity (kind, listen address,
 * listen port), as for add. */
typedef struct wslnet_proxy_remove_options {
    uint16_t listen_port;         /* required: 1-65535 */
    wslnet_proxy_listen listen;   /* zeroed: the default */
    wslnet_proxy_kind kind;       /* zero: WSLNET_PROXY_V4TOV4 */
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
 * are WSLNET_E_INVALID_INPUT before anything is read: listen_port 0 or to
 * NULL, kind out of range, a listen address of the wrong family or with
 * wildcard, a bad to, profiles not WSLNET_FW_PROFILE_ANY nor a set of the
 * three bits, a bad remote, profiles or remote with no_firewall. A foreign
 * rule on the same listen address and port is WSLNET_E_INVALID_INPUT; an
 * unknown user is WSLNET_E_NOT_FOUND; not elevated is WSLNET_E_ACCESS_DENIED;
 * iphlpsvc disabled or absent, or stopped without start_service, is
 * WSLNET_E_UNAVAILABLE, all with nothing changed. Another wslnet change
 * running is WSLNET_E_BUSY; WSLNET_E_NO_MEMORY as anywhere. A failing Windows call is WSLNET_E_SYSTEM (or
 * WSLNET_E_ACCESS_DENIED, WSLNET_E_BAD_DATA for a store value or record it
 * cannot read); on failure after some changes, they are undone and err says
 * so. On WSLNET_OK *out says what was done (free with
 * wslnet_proxy_result_free); otherwise *out is NULL. options and its strings
 * stay the caller's.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_proxy_add(const wslnet_proxy_add_options *options,
                                          wslnet_proxy_result **out, wslnet_error *err);

/* Removes an owned proxy (or, with force, a foreign one) and wslnet's host
 * firewall rule for it. Input errors (listen_port 0, kind out of range, a
 * listen address of the wrong family) are WSLNET_E_INVALID_INPUT; a foreign
 * rule without force is WSLNET_E_INVALID_INPUT; nothing there is
 * WSLNET_E_NOT_FOUND; other statuses and *out as wslnet_proxy_add. */
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
