/*
 * policy_plan.h - the changes that make a machine hold a policy (issue 12),
 * decided in one place from a validated policy (policy_parse.h) and a snapshot of
 * the system read by win/ in one pass. Pure: no system read, no write.
 *
 * Ownership decides removal. wslnet keeps, besides each area's own records
 * (port proxy ownership records, exposure records, the "wslnet-" prefix of
 * Hyper-V rules), a record of the items a policy created: one label per item
 * (area + item label, wn_policy_owned). An item is removed only when a policy
 * created it earlier, the policy no longer lists it, and the area still says
 * wslnet owns it. Everything else is left alone: a foreign item on an
 * identity the policy names refuses the plan (as the single commands do);
 * .wslconfig keys the policy does not name are not touched; natSubnet and
 * Hyper-V firewall settings are Windows settings, so dropping them from a
 * policy leaves them as they are.
 *
 * A converged system plans zero changes.
 */
#ifndef WN_POLICY_PLAN_H
#define WN_POLICY_PLAN_H

#include "expose_plan.h"
#include "hvfw_plan.h"
#include "policy_parse.h"
#include "proxyplan.h"
#include "subnet_plan.h"
#include "wslcfg.h"

#include <stddef.h>
#include <stdint.h>

typedef enum wn_policy_area {
    WN_POLICY_AREA_PORT_PROXIES = 0,
    WN_POLICY_AREA_EXPOSURES,
    WN_POLICY_AREA_HYPERV,
    WN_POLICY_AREA_NAT_SUBNET,
    WN_POLICY_AREA_WSLCONFIG,
    WN_POLICY_AREA_CERTIFICATES,
    WN_POLICY_AREA_COUNT
} wn_policy_area;

/* "portProxies", "exposures", "hyperVFirewall", "natSubnet", "wslConfig",
 * "certificates" (the policy file's member names); "?" out of range. */
const char *wn_policy_area_name(wn_policy_area area);

/* Parses wn_policy_area_name's text; 1 and *out on success. */
int wn_policy_area_parse(const char *text, wn_policy_area *out);

typedef enum wn_policy_change_kind { WN_POLICY_ADD = 0, WN_POLICY_UPDATE, WN_POLICY_REMOVE } wn_policy_change_kind;

/* "add", "update", "remove". */
const char *wn_policy_change_kind_name(wn_policy_change_kind kind);

#define WN_POLICY_ITEM_MAX 160
#define WN_POLICY_USER_MAX 128
#define WN_POLICY_WHAT_MAX 320

/* One item a policy created, as recorded (HKLM\SOFTWARE\wslnet\Policy\Owned:
 * value name "<area>:<item>", wn_policy_owned_encode). */
typedef struct wn_policy_owned {
    wn_policy_area area;
    char item[WN_POLICY_ITEM_MAX];
} wn_policy_owned;

/* "<area>:<item>" into buf; 0 when it does not fit. */
int wn_policy_owned_encode(const wn_policy_owned *owned, char *buf, size_t size);

/* Parses wn_policy_owned_encode's text (portProxies, exposures and
 * hyperVFirewall only: the areas a policy owns items of). 1 on success. */
int wn_policy_owned_decode(const char *text, wn_policy_owned *out);

/* One user's .wslconfig as read (doc NULL: no file). */
typedef struct wn_policy_user {
    char name[WN_POLICY_USER_MAX];
    const wn_cfg_doc *doc;
} wn_policy_user;

/* What the plan rests on, read by win/ in one pass; the reader owns it all. */
typedef struct wn_policy_snapshot {
    const wn_proxy_snapshot *proxy;        /* store, ownership records, host rules "wslnet proxy ..." */
    const wn_expose_record *exposures;     /* wslnet's exposure records */
    size_t exposure_count;
    const char *const *exposure_drift;     /* parallel to exposures, may be NULL: what of each record's
                                              pieces is missing or stale in the current mode ("" none;
                                              wslnet_expose_list_get's piece states) */
    const wslnet_hvfw_rule *hv_rules;      /* Hyper-V rules (every creator) */
    size_t hv_count;
    const wslnet_hvfw_settings *hv_settings; /* WSL's VM setting; NULL when none could be read */
    int has_nat;                           /* NatNetwork holds a valid subnet */
    uint32_t nat_net;                      /* host order */
    uint8_t nat_len;
    const wn_route *routes;                /* IPv4 routes of the host */
    size_t route_count;
    wn_subnet_own own;                     /* WSL's own interfaces (never a conflict) */
    const wn_policy_user *users;           /* every user profile of the machine */
    size_t user_count;
    const wn_policy_owned *owned;          /* what a policy created earlier */
    size_t owned_count;
} wn_policy_snapshot;

/* One change of the plan. index: the policy's item (proxies[], exposures[]
 * port, hv_rules[], wslconfig key) for add/update, the owned[] record for a
 * remove; the settings, subnet and .wslconfig keys name themselves in item. */
typedef struct wn_policy_change {
    wn_policy_area area;
    wn_policy_change_kind change;
    char item[WN_POLICY_ITEM_MAX];    /* "v4tov4 0.0.0.0:8080", "tcp-3000", "wslnet-web",
                                         "settings.defaultInboundAction", "192.168.240.0/20",
                                         "wsl2.dnsTunneling" */
    char user[WN_POLICY_USER_MAX];    /* wslConfig: whose file; "" otherwise */
    char what[WN_POLICY_WHAT_MAX];    /* one line for people */
    size_t index;
    uint16_t port;                    /* exposures: the port */
    int udp;                          /* exposures: the protocol */
    int forget_only;                  /* remove: the item is already gone; only the record goes */
} wn_policy_change;

typedef struct wn_policy_plan {
    wn_policy_change *changes;        /* in order: areas as above, removals of an area first */
    size_t count;
    wn_policy_owned *owned;           /* the policy's ownership record after the plan is applied */
    size_t owned_count;
} wn_policy_plan;

/*
 * Plans policy against snapshot. WSLNET_OK with *plan filled (free with
 * wn_policy_plan_free; zero changes when converged). Refusals, with a message
 * naming the item: WSLNET_E_INVALID_INPUT for an item the policy names held
 * by something wslnet does not own (a foreign port proxy on the listen address
 * and port, a foreign host rule of the proxy's name) or a natSubnet that
 * overlaps a route of the host; WSLNET_E_UNSUPPORTED for certificates (not
 * yet applied by a policy); WSLNET_E_NO_MEMORY. On failure *plan is empty.
 */
WN_MUST_CHECK
wslnet_status wn_policy_plan_make(const wn_policy *policy, const wn_policy_snapshot *snapshot, wn_policy_plan *plan,
                                  wslnet_error *err);

void wn_policy_plan_free(wn_policy_plan *plan);

/* The port proxy item of p: rule (kind from the listen and connect
 * addresses: "wsl" and host names connect over the listen family), firewall
 * wish, and its label "v4tov4 0.0.0.0:8080". */
WN_MUST_CHECK
wslnet_status wn_policy_proxy_item(const wn_policy_proxy *p, wn_proxy_item *item, char *label, size_t label_size,
                                   wslnet_error *err);

/* The typed options of wslnet_hvfw_rule_add for r (strings pointing into r),
 * parsed by hvfw_plan.h's wn_hvfw_rule_text_parse; free *out with
 * wn_hvfw_rule_typed_free. */
WN_MUST_CHECK
wslnet_status wn_policy_hvrule_options(const wn_policy_hvrule *r, wn_hvfw_rule_typed *out, wslnet_error *err);

/* The Hyper-V rule of r as wslnet writes it (creator: WSL's), through
 * wn_policy_hvrule_options and hvfw_plan.c's wn_hvfw_rule_make; clear with
 * wn_hvfw_rule_clear. */
WN_MUST_CHECK
wslnet_status wn_policy_hvrule_make(const wn_policy_hvrule *r, wslnet_hvfw_rule *out, wslnet_error *err);

#endif
