/* mode_rules.h - networking mode: what .wslconfig and Group Policy configure, and
 * the mode WSL will really run with, decided by WSL's own rules in its order
 * (microsoft/WSL 3e27a6a: WslCoreConfig.cpp Initialize, WslCoreVm.cpp
 * ValidateNetworkingMode and Initialize). */
#ifndef WN_MODE_H
#define WN_MODE_H

#include "wslnet.h"

/* WSL's NetworkingMode values (WslCoreConfig.h:86-93), also the values of the
 * DefaultNetworkingMode policy. */
enum { WN_MODE_UNKNOWN = -1, WN_MODE_NONE = 0, WN_MODE_NAT = 1, WN_MODE_BRIDGED = 2,
       WN_MODE_MIRRORED = 3, WN_MODE_CONSOMME = 4 };

/* First build of Windows 11 22H2, and the update (UBR) of 22621/22631 that the
 * docs name for mirrored mode and the Hyper-V firewall (22621.2359). */
#define WN_BUILD_WIN11_22H2 22621u
#define WN_UBR_MIRRORED 2359u

/* Everything WSL's decision rests on, as read. Tri-states: -1 unknown. */
typedef struct wn_mode_snapshot {
    int config_mode;            /* WN_MODE_*, -1 when no valid networkingMode line */
    int config_firewall;        /* wsl2.firewall: -1 absent, 0, 1 */
    int config_virtio;          /* wsl2.virtio: -1 absent, 0, 1 */
    int config_safe_mode;       /* wsl2.safeMode: 0, 1 */
    int arm64;                  /* the host is ARM64: 1/0 */
    int64_t policy_default_mode;        /* -1 absent */
    int64_t policy_allow_mode_user;     /* -1 absent */
    int64_t policy_allow_firewall_user; /* -1 absent */
    uint32_t build, ubr;        /* 0 unknown */
    int hyperv_firewall;        /* 0 none, 1 V1, 2 V2, -1 unknown */
    int hyperv_firewall_disabled; /* HyperVFirewallDisable = 1 */
    int hns_flow_steering;      /* 1/0/-1 */
    int ipv6_disabled;          /* DisabledComponents == 0xFF: 1/0/-1 */
    int nat_network_plain;      /* {b95d0c5e-...} exists in HNS: 1/0/-1 */
    int nat_network_firewall;   /* {790e58b4-...} exists in HNS: 1/0/-1 */
    int vm_running;             /* a WSL VM is running: 1/0/-1 */
} wn_mode_snapshot;

/* A snapshot with every fact unknown and nothing configured. */
void wn_mode_snapshot_init(wn_mode_snapshot *s);

/* Fills info's configured* fields and snap's config_* fields (snap may be
 * NULL) from .wslconfig text (UTF-8; NULL when there is no file): WSL reads
 * [wsl2] networkingMode and its [experimental] alias, first valid line wins;
 * an invalid value is as if absent (WSL keeps its default). VirtioProxy is
 * reported as consomme (WslCoreConfig.h:127-128). */
void wn_mode_apply_config(const char *text, wslnet_mode_info *info, wn_mode_snapshot *snap);

/* The mode name ("nat", ...; "unknown" for WN_MODE_UNKNOWN). */
const char *wn_mode_name(int mode);

/* WN_MODE_* for a name WSL accepts (any case, "virtioproxy" too); -1 otherwise. */
int wn_mode_parse(const char *name);

/*
 * WSL's decision, rule by rule in WSL's order: fills info's effective,
 * effective_reason, firewall, mirrored_supported, policy and feature fields
 * and steps[] from snap (info's configured* fields are left as they are).
 */
void wn_mode_resolve(const wn_mode_snapshot *snap, wslnet_mode_info *info);

/* 1 when a Group Policy value lets the user choose (WSL's IsFeatureAllowed,
 * wslpolicies.h:65-83: absent -> allowed; 0 -> not; 1 -> allowed; any other
 * value is logged and treated as allowed). */
int wn_policy_allows(int64_t value);

/*
 * What policy does to a key the user sets (for lint and config set): writes a
 * sentence into buf and returns 1 when the policy overrides value for key
 * ("wsl2.networkingMode", "wsl2.firewall"); 0 when policy lets it stand.
 */
int wn_mode_policy_override(const char *fullname, const char *value, int64_t policy_default_mode,
                            int64_t policy_allow_mode_user, int64_t policy_allow_firewall_user,
                            char *buf, size_t size);

#endif
