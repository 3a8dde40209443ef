/*
 * wslnet/firewall.h - part of wslnet's public C API (include wslnet.h):
 * the Hyper-V firewall for the WSL VM creator, over WMI.
 *
 * Windows keeps the Hyper-V firewall in WMI (namespace ROOT\StandardCimv2,
 * classes MSFT_NetFirewallHyperVVMSetting and MSFT_NetFirewallHyperVRule),
 * in policy stores: the persistent store (what is configured, the default
 * here) and the active store (the effective policy). What is read keeps the
 * numbers and text WMI uses (see the field comments); what a caller asks for
 * is typed (enums, a protocol number, port ranges, address structs; API
 * version 5), and wslnet writes it as WMI's canonical text. wslnet's own
 * rules are the ones whose name (InstanceID) starts with
 * WSLNET_HVFW_RULE_PREFIX.
 *
 * Every call validates its options first (WSLNET_E_INVALID_INPUT, nothing
 * read), then probes the OS: no Hyper-V firewall is WSLNET_E_UNSUPPORTED.
 * Changes then check elevation and take wslnet's lock
 * (WSLNET_E_ACCESS_DENIED / WSLNET_E_BUSY, nothing changed). A WMI failure is
 * reported with the WBEM error's name and HRESULT in err.
 */
#ifndef WSLNET_FIREWALL_H
#define WSLNET_FIREWALL_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* WSL's VM creator ID (friendly name "WSL"). */
#define WSLNET_HVFW_WSL_VM_CREATOR "{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}"

/* Rules wslnet creates are named (InstanceID) with this prefix; a name given
 * without it gets it. Rules without it are foreign: never changed, except a
 * remove with force. */
#define WSLNET_HVFW_RULE_PREFIX "wslnet-"

/* A numeric property absent from the WMI object (NULL). */
#define WSLNET_HVFW_UNSET (-1)

typedef enum wslnet_hvfw_support {
    WSLNET_HVFW_UNSUPPORTED = 0,  /* no MSFT_NetFirewallHyperVVMCreator class */
    WSLNET_HVFW_V1,               /* creators but no MSFT_NetFirewallHyperVProfile: WSL does not use
                                     it (it needs V2 for NAT and mirrored alike) */
    WSLNET_HVFW_V2                /* profiles too: NAT and mirrored, settings, per-profile */
} wslnet_hvfw_support;

/* "unsupported", "v1", "v2". Static storage. */
WSLNET_API const char *wslnet_hvfw_support_name(wslnet_hvfw_support support);

typedef struct wslnet_hvfw_capability {
    wslnet_hvfw_support support;
    int disabled;                 /* HKLM\SYSTEM\CurrentControlSet\Services\MpsSvc\Parameters
                                     HyperVFirewallDisable is 1: Windows does not enforce it */
    uint32_t code;                /* HRESULT of the probe step that failed; 0 */
    char detail[256];             /* what decided, for a person */
} wslnet_hvfw_capability;

/*
 * Probes like WSL does: the class MSFT_NetFirewallHyperVVMCreator, then a
 * query of MSFT_NetFirewallHyperVProfile, and the registry switch. An OS
 * without the namespace or class is WSLNET_OK with support UNSUPPORTED; only
 * WMI itself failing is an error.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_hvfw_probe(wslnet_hvfw_capability *out, wslnet_error *err);

typedef enum wslnet_hvfw_store {
    WSLNET_HVFW_STORE_PERSISTENT = 0, /* "PersistentStore": configured, survives reboots */
    WSLNET_HVFW_STORE_ACTIVE,         /* "ActiveStore": the effective policy, read only here */
    WSLNET_HVFW_STORE_SYSTEM_DEFAULTS /* "SystemDefaults": what WSL itself writes at VM start
                                         (LoopbackEnabled, WslCoreFirewallSupport.cpp:370-412),
                                         lowest priority; read only here */
} wslnet_hvfw_store;

/* "persistent", "active". Static storage. */
WSLNET_API const char *wslnet_hvfw_store_name(wslnet_hvfw_store store);

/* MSFT_NetFirewallHyperVVMSetting of one VM creator; WSLNET_HVFW_UNSET for an
 * absent property. */
typedef struct wslnet_hvfw_settings {
    char vm_creator_id[40];       /* Name: the braced creator GUID */
    int exists;                   /* 0: no setting object in the store */
    int enabled;                  /* 0 false, 1 true, 2 not configured */
    int default_inbound_action;   /* 0 not configured, 2 allow, 4 block */
    int default_outbound_action;  /* 0 not configured, 2 allow, 4 block */
    int loopback_enabled;         /* 0 false, 1 true, 2 not configured */
    int allow_host_policy_merge;  /* 0 false, 1 true, 2 not configured */
} wslnet_hvfw_settings;

typedef struct wslnet_hvfw_settings_info {
    wslnet_hvfw_capability capability;
    wslnet_hvfw_store store;
    wslnet_hvfw_settings settings;
} wslnet_hvfw_settings_info;

/* Reads the VM setting of vm_creator_id (NULL: WSL's) from store into the
 * caller's *out (nothing to free). A creator without a setting object is
 * WSLNET_OK with settings.exists 0. Returns WSLNET_OK; WSLNET_E_INVALID_INPUT
 * (out NULL, a bad GUID or store); WSLNET_E_UNSUPPORTED (no Hyper-V
 * firewall); WSLNET_E_BAD_DATA (a property of an unexpected type); WMI
 * failures by meaning (WSLNET_E_ACCESS_DENIED, WSLNET_E_NOT_FOUND,
 * WSLNET_E_SYSTEM with the HRESULT in err->code); WSLNET_E_NO_MEMORY. */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_hvfw_settings_get(const char *vm_creator_id, wslnet_hvfw_store store,
                                                  wslnet_hvfw_settings_info *out, wslnet_error *err);

/*
 * Typed values of the options (API version 5). Every enum's 0 is the default,
 * so a zeroed options struct asks for nothing but the defaults.
 */
typedef enum wslnet_hvfw_direction {
    WSLNET_HVFW_DIRECTION_DEFAULT = 0,    /* inbound */
    WSLNET_HVFW_DIRECTION_IN,
    WSLNET_HVFW_DIRECTION_OUT
} wslnet_hvfw_direction;

typedef enum wslnet_hvfw_action {
    WSLNET_HVFW_ACTION_DEFAULT = 0,       /* a rule: allow; a setting: leave it as it is */
    WSLNET_HVFW_ACTION_ALLOW,
    WSLNET_HVFW_ACTION_BLOCK,
    WSLNET_HVFW_ACTION_NOT_CONFIGURED     /* settings only (DefaultInbound/OutboundAction 0) */
} wslnet_hvfw_action;

typedef enum wslnet_hvfw_bool {
    WSLNET_HVFW_BOOL_DEFAULT = 0,         /* a rule: true; a setting: leave it as it is */
    WSLNET_HVFW_BOOL_TRUE,
    WSLNET_HVFW_BOOL_FALSE,
    WSLNET_HVFW_BOOL_NOT_CONFIGURED       /* settings only (value 2) */
} wslnet_hvfw_bool;

/* Options of wslnet_hvfw_settings_set; DEFAULT leaves a property as it is. */
typedef struct wslnet_hvfw_settings_options {
    const char *vm_creator_id;            /* NULL: WSL's; else a braced GUID */
    wslnet_hvfw_bool enabled;             /* Enabled */
    wslnet_hvfw_action default_inbound;   /* DefaultInboundAction */
    wslnet_hvfw_action default_outbound;  /* DefaultOutboundAction */
    wslnet_hvfw_bool loopback;            /* LoopbackEnabled */
    wslnet_hvfw_bool host_policy_merge;   /* AllowHostPolicyMerge */
    int dry_run;
} wslnet_hvfw_settings_options;

#define WSLNET_HVFW_SETTING_COUNT 5

typedef struct wslnet_hvfw_settings_result {
    wslnet_hvfw_capability capability;
    wslnet_hvfw_settings before;      /* from the persistent store */
    wslnet_hvfw_settings after;       /* what is (with dry_run: would be) stored */
    int create;                       /* the setting object did not exist */
    size_t change_count;              /* properties whose value changes */
    char changed[WSLNET_HVFW_SETTING_COUNT][32]; /* their WMI names, e.g. "DefaultInboundAction" */
    int applied;                      /* 1 when written; 0 with dry_run or nothing to change */
    char recovered[256];              /* what finishing an interrupted earlier change did; "" */
} wslnet_hvfw_settings_result;

/*
 * Creates or updates the VM setting in the persistent store (PutInstance with
 * WBEM_FLAG_CREATE_OR_UPDATE). Nothing to change writes nothing. Fills the
 * caller's *out (nothing to free).
 *
 * Returns WSLNET_OK; WSLNET_E_INVALID_INPUT (options or out NULL, a bad GUID,
 * an enum value out of range, or no value given; nothing read; also WMI's
 * WBEM_E_INVALID_PARAMETER); WSLNET_E_UNSUPPORTED (no Hyper-V firewall);
 * WSLNET_E_ACCESS_DENIED (not elevated, or WMI refused); WSLNET_E_BUSY
 * (wslnet's lock); WSLNET_E_BAD_DATA (a stored property of an unexpected
 * type); WSLNET_E_NOT_FOUND, WSLNET_E_SYSTEM (other WMI failures, with the
 * HRESULT in err->code); WSLNET_E_NO_MEMORY.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_hvfw_settings_set(const wslnet_hvfw_settings_options *options,
                                                  wslnet_hvfw_settings_result *out, wslnet_error *err);

typedef struct wslnet_hvfw_strings {
    size_t count;
    char **items;
} wslnet_hvfw_strings;

/* MSFT_NetFirewallHyperVRule. Strings are never NULL ("" when absent);
 * numbers are WSLNET_HVFW_UNSET when absent. */
typedef struct wslnet_hvfw_rule {
    char *name;                       /* InstanceID (the cmdlets' -Name) */
    char *display_name;               /* ElementName (DisplayName mirrors it) */
    char *description;
    char *vm_creator_id;              /* braced GUID; "" any creator */
    char *protocol;                   /* "TCP", "UDP", "ICMPv4", "ICMPv6", "0"-"255"; "" any */
    int direction;                    /* 1 inbound, 2 outbound */
    int action;                       /* 2 allow, 4 block */
    int enabled;                      /* 1 true, 2 false */
    int profiles;                     /* 0 any, else 1 domain | 2 private | 4 public */
    int rule_priority;
    int enforcement_status;
    int policy_store_source_type;
    wslnet_hvfw_strings local_ports, remote_ports;          /* "80", "1000-2000" */
    wslnet_hvfw_strings local_addresses, remote_addresses;  /* address, subnet or range */
    int owned;                        /* the name has WSLNET_HVFW_RULE_PREFIX */
} wslnet_hvfw_rule;

typedef struct wslnet_hvfw_rule_list {
    wslnet_hvfw_capability capability;
    wslnet_hvfw_store store;
    char vm_creator_id[40];           /* the filter; "" with all */
    size_t count;
    wslnet_hvfw_rule *rules;          /* in the order WMI returned them */
} wslnet_hvfw_rule_list;

/* Lists the rules of vm_creator_id (NULL: WSL's), or every rule with all.
 * Free *out with wslnet_hvfw_rule_list_free (*out NULL on failure). Statuses
 * as wslnet_hvfw_settings_get. */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_hvfw_rule_list_get(const char *vm_creator_id, int all,
                                                   wslnet_hvfw_store store,
                                                   wslnet_hvfw_rule_list **out, wslnet_error *err);
WSLNET_API void wslnet_hvfw_rule_list_free(wslnet_hvfw_rule_list *list);

/* A rule's protocol: a number 0-255 (TCP 6, UDP 17, ICMPv4 1, ICMPv6 58) or
 * any. Written to WMI as its name for those four, else the number. */
#define WSLNET_HVFW_PROTOCOL_ANY 256
#define WSLNET_HVFW_PROTOCOL_ICMPV4 1
#define WSLNET_HVFW_PROTOCOL_TCP 6
#define WSLNET_HVFW_PROTOCOL_UDP 17
#define WSLNET_HVFW_PROTOCOL_ICMPV6 58

/* Profiles: a bitmask, 0 any (the values of WMI's Profiles). */
#define WSLNET_HVFW_PROFILE_ANY 0u
#define WSLNET_HVFW_PROFILE_DOMAIN 1u
#define WSLNET_HVFW_PROFILE_PRIVATE 2u
#define WSLNET_HVFW_PROFILE_PUBLIC 4u

/* Ports first..last (1-65535, first <= last; one port: first == last). */
typedef struct wslnet_hvfw_port_range {
    uint16_t first, last;
} wslnet_hvfw_port_range;

typedef enum wslnet_hvfw_address_kind {
    WSLNET_HVFW_ADDRESS_HOST = 0,         /* address */
    WSLNET_HVFW_ADDRESS_SUBNET,           /* address/prefix (0-32 or 0-128; host bits kept) */
    WSLNET_HVFW_ADDRESS_RANGE             /* address-last, one family, address <= last */
} wslnet_hvfw_address_kind;

typedef struct wslnet_hvfw_address {
    wslnet_hvfw_address_kind kind;
    wslnet_ip_address address;            /* family 4 or 6 */
    unsigned prefix;                      /* SUBNET only */
    wslnet_ip_address last;               /* RANGE only: the same family as address */
} wslnet_hvfw_address;

/* Most items in one port or address list. */
#define WSLNET_HVFW_LIST_MAX 1000

/* Options of a new rule (API version 5: values, not text); zeroed, every
 * optional field is its default. A list with count 0 is no condition (any).
 * The arrays are the caller's, only read. */
typedef struct wslnet_hvfw_rule_options {
    const char *name;                 /* required: letters, digits, . _ - { }; WSLNET_HVFW_RULE_PREFIX
                                         added when missing */
    const char *display_name;         /* NULL: the name; else 1-255 bytes of UTF-8 text */
    wslnet_hvfw_direction direction;  /* DEFAULT: inbound */
    wslnet_hvfw_action action;        /* DEFAULT: allow (NOT_CONFIGURED is refused) */
    int protocol;                     /* 0-255 or WSLNET_HVFW_PROTOCOL_ANY; anything else is refused */
    const wslnet_hvfw_port_range *local_ports;   /* TCP and UDP only */
    size_t local_port_count;
    const wslnet_hvfw_port_range *remote_ports;
    size_t remote_port_count;
    const wslnet_hvfw_address *local_addresses;
    size_t local_address_count;
    const wslnet_hvfw_address *remote_addresses;
    size_t remote_address_count;
    unsigned profiles;                /* WSLNET_HVFW_PROFILE_* bits; 0 any */
    wslnet_hvfw_bool enabled;         /* DEFAULT: true (NOT_CONFIGURED is refused) */
    const char *vm_creator_id;        /* NULL: WSL's; else a braced GUID */
    int dry_run;
} wslnet_hvfw_rule_options;

typedef struct wslnet_hvfw_remove_options {
    const char *name;                 /* required */
    int force;                        /* also a foreign rule (its exact name) */
    int dry_run;
} wslnet_hvfw_remove_options;

typedef struct wslnet_hvfw_rule_result {
    wslnet_hvfw_capability capability;
    char op[16];                      /* "create", "update", "delete", "none" */
    wslnet_hvfw_rule rule;            /* as written (add) or as it was (remove) */
    int applied;                      /* 0 with dry_run or "none" */
    char recovered[256];              /* what finishing an interrupted earlier change did; "" */
} wslnet_hvfw_rule_result;

/*
 * Adds the rule to the persistent store, or replaces wslnet's rule of that
 * name when it differs ("update"); an identical one (lists compared by value)
 * is left alone ("none"). result->rule holds the values as written to WMI
 * (text, canonical: ports "80", "1000-2000"; addresses in RFC 5952 / dotted
 * form, subnets as prefixes). Free *out with wslnet_hvfw_rule_result_free;
 * *out is NULL on failure.
 *
 * Returns WSLNET_OK; WSLNET_E_INVALID_INPUT (options or out NULL, a bad name,
 * display name or GUID, a protocol outside 0-255/ANY, an enum or profile bit
 * out of range, a bad port range or address, ports with a protocol other than
 * TCP/UDP, a list longer than WSLNET_HVFW_LIST_MAX; the message names the
 * field; nothing read); WSLNET_E_UNSUPPORTED (no Hyper-V firewall);
 * WSLNET_E_ACCESS_DENIED (not elevated, or WMI refused); WSLNET_E_BUSY
 * (wslnet's lock); WSLNET_E_BAD_DATA (a stored rule of an unexpected type);
 * WSLNET_E_NOT_FOUND, WSLNET_E_SYSTEM (other WMI failures, HRESULT in
 * err->code); WSLNET_E_NO_MEMORY.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_hvfw_rule_add(const wslnet_hvfw_rule_options *options,
                                              wslnet_hvfw_rule_result **out, wslnet_error *err);

/*
 * Removes wslnet's rule named options->name (prefix added when missing). A
 * foreign rule of that exact name is WSLNET_E_INVALID_INPUT unless force; no
 * such rule is WSLNET_E_NOT_FOUND. Free *out with
 * wslnet_hvfw_rule_result_free; *out is NULL on failure. Other statuses as
 * wslnet_hvfw_rule_add.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_hvfw_rule_remove(const wslnet_hvfw_remove_options *options,
                                                 wslnet_hvfw_rule_result **out, wslnet_error *err);
WSLNET_API void wslnet_hvfw_rule_result_free(wslnet_hvfw_rule_result *result);

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_FIREWALL_H */
