/*
 * proxyplan.h - port proxies and their host firewall rules, decided in one
 * place: what win/ read (the snapshot), what the caller wants (the request),
 * and every change that follows (the plan: registry, firewall, service,
 * notification, in the order they are applied). Pure: win/lib/proxy.c reads
 * the snapshot in one pass and applies the plan step by step with a journal.
 *
 * The plan carries each step's previous state (the registry data or firewall
 * rule found in the snapshot), so a failed or interrupted apply is undone
 * from the plan alone, and the plan round-trips through a text journal
 * (wn_proxy_plan_to_json / _from_json) that survives the process.
 */
#ifndef WN_PROXYPLAN_H
#define WN_PROXYPLAN_H

#include "hostfw.h"
#include "portproxy.h"
#include "wslnet.h"

#include <stddef.h>
#include <stdint.h>

/* A store value as found, for values that are not valid rules. */
typedef struct wn_pp_raw {
    wn_pp_kind kind;
    char name[300];
    char data[300];
    char why[160];          /* why it is not valid */
} wn_pp_raw;

/* What the host firewall holds under one rule name (names compared ASCII
 * case-insensitively, as Windows does). */
typedef struct wn_hostfw_found {
    wn_hostfw_rule rule;    /* the first rule of the name */
    unsigned count;         /* rules of the name (Windows allows duplicates) */
    int owned;              /* every rule of the name is in wslnet's grouping */
    int canonical;          /* the first rule has exactly the shape wslnet creates */
} wn_hostfw_found;

/* 1 when f is exactly want as wslnet puts it: one rule of the name, owned,
 * canonical, and the same port, protocol, profiles, description, scope and
 * service. */
int wn_hostfw_found_same(const wn_hostfw_found *f, const wn_hostfw_rule *want);

/* Everything a port proxy decision rests on, read by win/ in one pass (the
 * reader owns the arrays). */
typedef struct wn_proxy_snapshot {
    wn_pp_rule *rules;      /* valid store values, every kind */
    size_t rule_count;
    wn_pp_raw *bad;         /* store values that are not valid rules */
    size_t bad_count;
    wn_pp_owned *owned;     /* valid ownership records */
    size_t owned_count;
    wn_hostfw_found *firewall; /* host firewall rules named "wslnet proxy ..." */
    size_t firewall_count;
    wslnet_service_state service; /* iphlpsvc */
    wslnet_error service_error;   /* status != OK when the state could not be read */
    const char *vm_address;       /* the WSL VM's address; NULL or "" when unknown */
} wn_proxy_snapshot;

/* One proxy as wslnet should hold it. */
typedef struct wn_proxy_item {
    wn_pp_rule rule;              /* connect_address "wsl" follows the VM */
    int firewall;                 /* 1: keep a host firewall rule (never for loopback listeners) */
    unsigned profiles;            /* NET_FW_PROFILE2 bits (wn_hostfw_profiles_parse) */
    char remote[WN_HOSTFW_REMOTE_MAX]; /* RemoteAddresses (wn_hostfw_remote_parse) */
} wn_proxy_item;

/* A Hyper-V firewall rule wslnet keeps for an exposure (shared/core/expose_plan.h):
 * inbound, allow, enabled, for WSL's VM creator, one local port. */
typedef struct wn_proxy_hvrule {
    char name[201];               /* WSLNET_HVFW_RULE_PREFIX...: "wslnet-expose-tcp-8080" */
    char protocol[8];             /* "TCP" or "UDP" */
    uint16_t port;                /* LocalPorts */
    int profiles;                 /* Hyper-V profile bits, 0 any */
    char remote[WN_HOSTFW_REMOTE_MAX]; /* RemoteAddresses, comma list; "" any */
} wn_proxy_hvrule;

/* wslnet's record of one exposure: a REG_SZ value under
 * HKLM\SOFTWARE\wslnet\Exposures (shared/core/expose_plan.h's record text). */
typedef struct wn_proxy_exposure {
    char name[32];                /* "tcp-8080" */
    char data[768];
} wn_proxy_exposure;

typedef enum wn_proxy_request_type {
    WN_PROXY_ADD = 0,   /* items[0]: create or update one owned proxy */
    WN_PROXY_REMOVE,    /* items[0].rule names the identity; items[0].firewall: drop wslnet's rule */
    WN_PROXY_SYNC,      /* every owned proxy back to its record and the VM address */
    WN_PROXY_ENSURE,    /* wslnet owns exactly items[0..item_count): add or update each,
                           remove every other owned proxy (with its firewall rule) */
    WN_PROXY_CHANGE     /* add or update items[0..item_count) (nothing when already right),
                           remove the owned proxies named by removals (with their firewall
                           rules); every other proxy is left alone (exposures) */
} wn_proxy_request_type;

typedef struct wn_proxy_request {
    wn_proxy_request_type type;
    const wn_proxy_item *items;
    size_t item_count;
    const wn_pp_rule *removals;   /* CHANGE: identities of owned proxies to remove */
    size_t removal_count;
    int force;                    /* REMOVE: also a rule wslnet does not own */
    int start_service;            /* a stopped iphlpsvc is started instead of refused */
} wn_proxy_request;

/* 1 when planning the request needs the firewall rules in the snapshot. */
int wn_proxy_request_needs_firewall(const wn_proxy_request *request);

/* 1 when planning the request needs the VM address in the snapshot. */
int wn_proxy_request_needs_vm(const wn_proxy_request *request);

typedef enum wn_proxy_op {
    WN_PROXY_PUT_RULE = 0,        /* registry: the store value */
    WN_PROXY_DELETE_RULE,
    WN_PROXY_PUT_OWNED,           /* registry: wslnet's ownership record */
    WN_PROXY_DELETE_OWNED,
    WN_PROXY_PUT_FIREWALL,        /* host firewall: fw */
    WN_PROXY_DELETE_FIREWALL,     /* host firewall: every rule named fw.name (wslnet's only) */
    WN_PROXY_START_SERVICE,       /* start iphlpsvc */
    WN_PROXY_NOTIFY,              /* SERVICE_CONTROL_PARAMCHANGE to iphlpsvc */
    WN_PROXY_PUT_HVRULE,          /* Hyper-V firewall: hv (create or replace) */
    WN_PROXY_DELETE_HVRULE,       /* Hyper-V firewall: the rule named hv.name */
    WN_PROXY_PUT_EXPOSURE,        /* registry: the exposure record exp */
    WN_PROXY_DELETE_EXPOSURE,     /* registry: the record named exp.name */
    WN_PROXY_OP_COUNT
} wn_proxy_op;

typedef struct wn_proxy_step {
    wn_proxy_op op;
    wn_pp_change reg;             /* registry ops: what to put or delete */
    int had_before;               /* registry: the value existed; firewall: a rule of the name did */
    char before[WN_PP_DATA_MAX];  /* registry: its data before */
    wn_hostfw_rule fw;            /* firewall ops: the rule (delete: its name) */
    wn_hostfw_rule fw_before;     /* firewall: wslnet's rule of the name before, when had_before */
    wn_proxy_hvrule hv;           /* Hyper-V rule ops: the rule (delete: its name) */
    wn_proxy_hvrule hv_before;    /* Hyper-V rule ops: the rule before, when had_before */
    wn_proxy_exposure exp;        /* exposure ops: the record (delete: its name) */
    char exp_before[768];         /* exposure ops: the record's data before, when had_before */
} wn_proxy_step;

typedef struct wn_proxy_plan {
    size_t count;
    wn_proxy_step *steps;         /* in order: START_SERVICE first, NOTIFY last */
} wn_proxy_plan;

/* "putRule", "deleteRule", "putOwned", "deleteOwned", "putFirewall",
 * "deleteFirewall", "startService", "notify", "putHypervRule",
 * "deleteHypervRule", "putExposure", "deleteExposure"; "?" out of range. */
const char *wn_proxy_op_name(wn_proxy_op op);

/*
 * Plans a request against a snapshot. Rules and firewall rules wslnet does
 * not own are never changed (a forced REMOVE deletes the named store rule
 * only). Decisions (beyond wn_pp_plan_make's, which it uses for the store):
 *  - a store value wslnet cannot parse on an identity it would write is
 *    foreign: WSLNET_E_INVALID_INPUT;
 *  - firewall (ADD, ENSURE): a firewall rule of the proxy's name not all
 *    wslnet's is WSLNET_E_INVALID_INPUT; the rule is scoped to the listen
 *    address (any for 0.0.0.0, ::, *) and the IP Helper service; a loopback
 *    listener (127.0.0.0/8, ::1) gets none, and an old one of wslnet's is
 *    deleted; REMOVE deletes wslnet's rule of the name if there is one;
 *  - service: when the store changes, iphlpsvc absent or disabled is
 *    WSLNET_E_UNAVAILABLE, stopped is WSLNET_E_UNAVAILABLE unless
 *    start_service (then a START_SERVICE step); a state that could not be
 *    read is its read error; then a NOTIFY step ends the plan.
 * On WSLNET_OK free *plan with wn_proxy_plan_free; on failure it is empty.
 */
wslnet_status wn_proxy_plan_make(const wn_proxy_snapshot *snapshot, const wn_proxy_request *request,
                                 wn_proxy_plan *plan, wslnet_error *err);

void wn_proxy_plan_free(wn_proxy_plan *plan);

/* The step that undoes step (a put of the previous state, or a delete); 0
 * when there is nothing to undo (START_SERVICE, NOTIFY). */
int wn_proxy_step_inverse(const wn_proxy_step *step, wn_proxy_step *out);

/*
 * The list view: one entry per store rule (owned or foreign, stale when an
 * owned "wsl" rule is not at snapshot->vm_address), per unparseable value,
 * and per owned record whose rule is missing. On WSLNET_OK entries (count
 * in *count) is malloc'ed: free() it.
 */
wslnet_status wn_proxy_view(const wn_proxy_snapshot *snapshot, wslnet_proxy_entry **entries,
                            size_t *count, wslnet_error *err);

/* ---- the journal's text form */

/* The plan, what command made it and how many steps are done, as a JSON
 * document (cJSON); malloc'ed text or NULL when out of memory. */
char *wn_proxy_journal_encode(const char *command, const wn_proxy_plan *plan, size_t done);

/* Parses wn_proxy_journal_encode's text. WSLNET_E_BAD_DATA when it is not
 * one (then *plan is empty). On WSLNET_OK free *plan with wn_proxy_plan_free. */
wslnet_status wn_proxy_journal_decode(const char *text, char *command, size_t command_size,
                                      wn_proxy_plan *plan, size_t *done, wslnet_error *err);

#endif
