/*
 * wslnet.h - the public C API of wslnet.dll.
 *
 * wslnet finds and manages the Windows side of WSL 2 networking. Every function
 * here reads or changes the system and reports the outcome as a wslnet_status;
 * none of them print. Strings are UTF-8 and NUL-terminated. Where a function
 * allocates, the doc comment names the function that frees it.
 *
 * The header is portable C11 (no <windows.h>), so the same types serve the
 * native builds of the portable core.
 */
#ifndef WSLNET_H
#define WSLNET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(WSLNET_BUILDING_DLL)
#define WSLNET_API __declspec(dllexport)
#elif defined(_WIN32) && !defined(WSLNET_STATIC)
#define WSLNET_API __declspec(dllimport)
#else
#define WSLNET_API
#endif

/* Version of this API; bumped when a struct or signature changes. */
/* 4: proxy add/remove options are typed (wslnet/proxy.h); 5: the Hyper-V
 * firewall's rule and settings options are typed (wslnet/firewall.h: enums,
 * protocol number, port ranges, address structs) */
#define WSLNET_API_VERSION 5

/*
 * The status vocabulary, spelled once (libuv's UV_ERRNO_MAP pattern):
 * X(CONSTANT, exit code, JSON name, one-line meaning). The enum below, the
 * names (wslnet_status_name), the exit codes (wslnet_status_exit_code), the
 * help text and the exit-code tables in README.md and docs/cli.md all come
 * from it (tests/unit/test_status.c fails when a table drifts). The enum value
 * is the exit code of wslnet.exe, the same for every command.
 */
#define WSLNET_STATUS_MAP(X)                                                                            \
    X(OK, 0, "ok", "success")                                                                           \
    X(E_INTERNAL, 1, "internal", "a bug in wslnet")                                                     \
    X(E_USAGE, 2, "usage", "bad command line: unknown command or option, missing value")                \
    X(E_INVALID_INPUT, 3, "invalidInput", "a value given by the caller is not valid")                   \
    X(E_NOT_FOUND, 4, "notFound", "nothing matched: no WSL adapter, no VM address, no such item")       \
    X(E_UNAVAILABLE, 5, "unavailable", "a source or service is not there (HNS, wsl.exe, a registry key)") \
    X(E_BAD_DATA, 6, "badData", "the system returned data wslnet cannot read")                          \
    X(E_ACCESS_DENIED, 7, "accessDenied", "needs elevation, or access was refused")                     \
    X(E_BUSY, 8, "busy", "another wslnet holds the lock")                                               \
    X(E_UNSUPPORTED, 9, "unsupported", "this Windows or WSL does not support it")                       \
    X(E_SYSTEM, 10, "systemError", "a Windows call failed; the error's code holds the Win32 error or HRESULT") \
    X(E_NO_MEMORY, 11, "outOfMemory", "out of memory")

/* Outcome of every call; see WSLNET_STATUS_MAP for what each means. */
typedef enum wslnet_status {
#define WSLNET_STATUS_ENUM_(constant, code, name, meaning) WSLNET_##constant = code,
    WSLNET_STATUS_MAP(WSLNET_STATUS_ENUM_)
#undef WSLNET_STATUS_ENUM_
} wslnet_status;

/* Marks a function whose returned status must not be ignored. */
#if defined(__GNUC__) || defined(__clang__)
#define WSLNET_MUST_CHECK __attribute__((warn_unused_result))
#else
#define WSLNET_MUST_CHECK
#endif

#define WSLNET_MESSAGE_MAX 512

/* Detail of a failure: filled by any call given a non-NULL wslnet_error. */
typedef struct wslnet_error {
    wslnet_status status;
    uint32_t code;                      /* Win32 error or HRESULT, 0 when none */
    char message[WSLNET_MESSAGE_MAX];   /* one line, for a person */
} wslnet_error;

/* Stable name of a status ("ok", "notFound", ...), as used in JSON. Never NULL. */
WSLNET_API const char *wslnet_status_name(wslnet_status status);

/* Process exit code wslnet.exe uses for a status. */
WSLNET_API int wslnet_status_exit_code(wslnet_status status);

/* Version of wslnet ("0.1.0"), static storage. */
WSLNET_API const char *wslnet_version(void);

/* ---------------------------------------------------------------- adapters */

/* Default adapter name pattern: WSL's vNICs are "vEthernet (WSL)",
 * "vEthernet (WSL (Hyper-V firewall))", and numbered variants. */
#define WSLNET_DEFAULT_ADAPTER_PATTERN "vEthernet (WSL*"

#define WSLNET_ADDRESS_MAX 16

typedef struct wslnet_ip {
    int family;                 /* 4 or 6 */
    char address[46];           /* text form, no zone id */
    uint8_t prefix_length;
} wslnet_ip;

/* An IP address as a value (an option a caller gives; wslnet_ip is what wslnet
 * reports). The CLI fills it from text with shared/core's strict parsers
 * (ipv4.h, ipv6.h); wslnet writes it back as canonical text (dotted quad;
 * RFC 5952 for IPv6). */
typedef struct wslnet_ip_address {
    int family;                 /* 4 or 6; 0: none given (the option's default) */
    uint8_t bytes[16];          /* network order; family 4 uses bytes[0..3] */
} wslnet_ip_address;

typedef enum wslnet_oper_status {
    WSLNET_OPER_UNKNOWN = 0,
    WSLNET_OPER_UP,
    WSLNET_OPER_DOWN,
    WSLNET_OPER_TESTING,
    WSLNET_OPER_DORMANT,
    WSLNET_OPER_NOT_PRESENT,
    WSLNET_OPER_LOWER_LAYER_DOWN
} wslnet_oper_status;

typedef struct wslnet_adapter {
    char name[256];             /* friendly name, e.g. "vEthernet (WSL)" */
    char description[256];
    char guid[40];              /* "{...}" adapter name */
    uint64_t luid;
    uint32_t if_index;          /* IPv4 interface index (0 when IPv4 is off) */
    uint8_t mac[8];
    uint32_t mac_length;
    uint32_t mtu;
    wslnet_oper_status oper_status;
    size_t address_count;       /* IPv4 first, then IPv6 */
    wslnet_ip addresses[WSLNET_ADDRESS_MAX];
} wslnet_adapter;

typedef struct wslnet_adapter_list {
    size_t count;
    wslnet_adapter *items;
} wslnet_adapter_list;

/*
 * Lists adapters whose friendly name matches pattern (wildcards * and ?,
 * case-insensitive; NULL means WSLNET_DEFAULT_ADAPTER_PATTERN).
 * On WSLNET_OK *out holds at least one adapter; free it with
 * wslnet_adapter_list_free. No match is WSLNET_E_NOT_FOUND.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_adapter_list_get(const char *pattern,
                                                 wslnet_adapter_list **out,
                                                 wslnet_error *err);

/* Frees a list from wslnet_adapter_list_get. NULL is fine. */
WSLNET_API void wslnet_adapter_list_free(wslnet_adapter_list *list);

/* Formats a MAC as "00-15-5D-AA-BB-CC" into buf (at least 24 bytes). */
WSLNET_API void wslnet_format_mac(const uint8_t *mac, uint32_t length, char *buf, size_t size);

/* ------------------------------------------------------------- VM address */

typedef enum wslnet_source {
    WSLNET_SOURCE_AUTO = 0,     /* hns, then registry, then neighbor */
    WSLNET_SOURCE_HNS,          /* the WSL HNS networks' endpoints */
    WSLNET_SOURCE_REGISTRY,     /* HKCU\...\Lxss NatIpAddress */
    WSLNET_SOURCE_NEIGHBOR,     /* neighbour table of the WSL adapter */
    WSLNET_SOURCE_WSL           /* wsl.exe hostname -I (starts WSL; only on request) */
} wslnet_source;

/* Stable name of a source ("hns", "registry", ...). */
WSLNET_API const char *wslnet_source_name(wslnet_source source);

typedef struct wslnet_address_options {
    wslnet_source source;       /* WSLNET_SOURCE_AUTO to try hns, registry, neighbor */
    const char *adapter_pattern;/* for neighbor/wsl; NULL = default pattern */
    const char *user;           /* whose VM: a user name or SID; NULL = the caller, or as
                                   SYSTEM the interactive user (refused when several) */
    int for_change;             /* the answer feeds a privileged change: an address from a
                                   user-writable place must lie in the WSL NAT subnet */
} wslnet_address_options;

/* What one source said. */
typedef struct wslnet_attempt {
    wslnet_source source;
    wslnet_status status;       /* WSLNET_OK for the source that answered */
    char message[256];
} wslnet_attempt;

typedef struct wslnet_vm_address {
    char address[46];           /* the VM's IPv4 address */
    uint8_t prefix_length;      /* 0 when the source does not say */
    char gateway[46];           /* host side of the NAT network, "" when unknown */
    wslnet_source source;       /* who answered */
    char detail[256];           /* e.g. which HNS network, which adapter */
    char user[128];             /* whose VM this is ("" when the caller's own, unnamed) */
    char user_sid[192];
    size_t attempt_count;
    wslnet_attempt attempts[4]; /* every source tried, in order */
} wslnet_vm_address;

/*
 * Finds the WSL VM's IPv4 address without starting WSL (unless options->source
 * is WSLNET_SOURCE_WSL). out->attempts is filled whatever the outcome, so a
 * caller can say what was tried. With AUTO, a source that fails (absent,
 * malformed, no answer) passes to the next; all failing is WSLNET_E_NOT_FOUND.
 * With one forced source its own failure status is returned.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_vm_address_get(const wslnet_address_options *options,
                                               wslnet_vm_address *out,
                                               wslnet_error *err);

/* ------------------------------------------------------------------- mode */

/* One rule of WSL's that decided (or could not decide) the mode, in WSL's order. */
typedef struct wslnet_mode_step {
    char rule[32];              /* stable name, e.g. "policy-forces-mode", "mirrored-needs-ipv6" */
    char mode[16];              /* the mode after this rule ("unknown" when it cannot be told) */
    char source[80];            /* WSL's source that holds the rule, file:line */
    char text[224];             /* for a person */
} wslnet_mode_step;

#define WSLNET_MODE_STEPS_MAX 12

/* A tri-state fact: -1 when Windows cannot tell us. */
#define WSLNET_UNKNOWN (-1)

typedef struct wslnet_mode_info {
    /* configured: networkingMode as WSL would read it from .wslconfig */
    char configured[16];        /* "nat", "mirrored", "none", "bridged", "consomme" (VirtioProxy's name) */
    int configured_is_default;  /* 1 when no valid networkingMode line: WSL uses the (policy) default */
    char config_path[520];      /* the .wslconfig read ("" when no profile) */
    int config_exists;
    uint32_t config_line;       /* line of the effective networkingMode, 0 when default */
    char config_section[16];    /* "wsl2" or "experimental" */
    char config_warning[256];   /* e.g. an invalid value that WSL ignores; "" when none */
    /* effective: the mode WSL runs (or will run) with, by its own rules */
    char effective[16];         /* "none", "nat", "mirrored", "consomme", "bridged", "unknown" */
    char effective_reason[256]; /* the last rule that decided */
    int firewall;               /* the Hyper-V firewall on the VM: 1, 0, WSLNET_UNKNOWN */
    /* platform */
    uint32_t windows_build;     /* 0 when unknown */
    uint32_t windows_ubr;
    char windows_display_version[32];
    char wsl_version[32];       /* "" when WSL's MSI is not installed */
    int mirrored_supported;     /* 1/0/WSLNET_UNKNOWN: the features mirrored mode needs (not the build) */
    /* Group Policy, HKLM\SOFTWARE\Policies\WSL: the DWORD, or -1 when the value is absent */
    int64_t policy_default_mode;            /* DefaultNetworkingMode: 0 None 1 NAT 3 Mirrored 4 Consomme */
    int64_t policy_allow_mode_user;         /* AllowNetworkingModeUserSetting */
    int64_t policy_allow_firewall_user;     /* AllowFirewallUserSetting */
    /* features WSL checks when the VM starts */
    int hyperv_firewall;        /* 0 none, 1 version 1, 2 version 2, WSLNET_UNKNOWN */
    int hyperv_firewall_disabled; /* MpsSvc HyperVFirewallDisable = 1 */
    int hns_flow_steering;      /* ComputeNetwork.dll exports HcnReserveGuestNetworkServicePort*: 1/0/unknown */
    int ipv6_disabled;          /* Tcpip6 DisabledComponents = 0xFF: 1/0/unknown */
    int nat_network;            /* a WSL NAT network in HNS: 1/0/unknown */
    int nat_network_firewall;   /* it is the Hyper-V firewall one (790e58b4-...): 1/0/unknown */
    /* whose VM: "" for the caller's own */
    char user[128];             /* the user asked for or found (name or SID) */
    char user_sid[192];
    size_t step_count;
    wslnet_mode_step steps[WSLNET_MODE_STEPS_MAX];  /* each rule that applied, in WSL's order */
} wslnet_mode_info;

/*
 * Reads the networking mode. config_path NULL means %UserProfile%\.wslconfig;
 * adapter_pattern NULL means the default (used when HNS cannot say whether a
 * NAT network exists). A missing .wslconfig is not an error: WSL uses defaults.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_mode_get(const char *config_path,
                                         const char *adapter_pattern,
                                         wslnet_mode_info *out,
                                         wslnet_error *err);

/* Like wslnet_mode_get for one user's VM (NULL = the caller; as SYSTEM the
 * interactive user): that user's .wslconfig unless config_path is given. */
WSLNET_API wslnet_status wslnet_mode_get_for(const char *config_path, const char *adapter_pattern,
                                             const char *user, wslnet_mode_info *out,
                                             wslnet_error *err);

#ifdef __cplusplus
}
#endif

/* The other capabilities, one header each (they use the types above). */
#include "wslnet/proxy.h"     /* port proxies and their host firewall rules */
#include "wslnet/firewall.h"  /* the Hyper-V firewall for WSL */
#include "wslnet/config.h"    /* .wslconfig and wsl.conf */
#include "wslnet/doctor.h"    /* checks with verdicts and fixes */
#include "wslnet/certs.h"     /* Windows root CAs for WSL */
#include "wslnet/subnet.h"    /* WSL's NAT subnet: show, suggest, pin */
#include "wslnet/expose.h"    /* a WSL port on the LAN, per mode */
#include "wslnet/policy.h"    /* desired state: validate, plan, apply, check */

#endif /* WSLNET_H */
